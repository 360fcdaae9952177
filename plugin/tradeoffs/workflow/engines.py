"""Which engine will build the site, said out loud when it will not run the plugin.

Zensical reads `mkdocs.yml` (or its own `zensical.toml`) and drops every MkDocs plugin it does
not emulate without a word: the site builds with no decision pages. `tradeoffs check` and
`tradeoffs init` call `engine_problems` so a team hears it before its readers do.
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

from tradeoffs.core.config import Settings
from tradeoffs.core.problems import Problem, warning

ZENSICAL_CONFIG = "zensical.toml"
ENGINE_VARIABLE = "TRADEOFFS_ENGINE"
"""`mkdocs` in the environment: the site is built with MkDocs although Zensical is installed."""
INSTEAD = (
    "run `tradeoffs pages` before `zensical build` (and `tradeoffs pages --watch` beside "
    "`zensical serve`), in CI too; docs/choosing-an-engine.md says how"
)


def _pages_written(settings: Settings) -> bool:
    from tradeoffs.site.folder import MANIFEST

    docs = settings.docs_dir or settings.root / "docs"
    return (docs / MANIFEST).is_file()


def _plugin_line(config: Path) -> int:
    """The line of mkdocs.yml that names the plugin (1 when it cannot be found)."""
    try:
        lines = config.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    for number, line in enumerate(lines, 1):
        if re.match(r"\s*-\s*tradeoffs\s*:?\s*$", line):
            return number
    return 1


def engine_problems(settings: Settings, *, zensical_installed: bool | None = None) -> list[Problem]:
    """A warning when the site will be built by an engine that does not run the plugin and
    `tradeoffs pages` has not written the pages for it, or when Zensical's config lacks what it
    needs to show the Decisions section (`site.nav_file`); nothing otherwise."""
    if _pages_written(settings):
        return zensical_nav_problems(settings, zensical_installed=zensical_installed)
    toml = settings.root / ZENSICAL_CONFIG
    if toml.is_file():
        return [
            warning(
                settings.display(toml),
                1,
                1,
                "Zensical builds this site, and it does not run the `tradeoffs` MkDocs plugin: "
                f"the site would have no decision pages; {INSTEAD}",
            )
        ]
    if os.environ.get(ENGINE_VARIABLE, "").lower() == "mkdocs":
        return []  # the team says it builds with MkDocs (or ProperDocs), where Zensical is installed too
    if zensical_installed is None:
        zensical_installed = importlib.util.find_spec("zensical") is not None
    config = settings.config_file
    if zensical_installed and config is not None and config.name == "mkdocs.yml":
        return [
            warning(
                settings.display(config),
                _plugin_line(config),
                1,
                "Zensical is installed, and `zensical build` reads mkdocs.yml but drops the "
                "`tradeoffs` plugin without a word (no decision pages): build with `mkdocs build`, "
                f"or {INSTEAD}",
            )
        ]
    return []


def zensical_builds(settings: Settings, *, zensical_installed: bool | None = None) -> bool:
    """Whether Zensical will build the site: it has a `zensical.toml`, or Zensical is installed
    and the team has not said it builds with MkDocs."""
    if (settings.root / ZENSICAL_CONFIG).is_file():
        return True
    if os.environ.get(ENGINE_VARIABLE, "").lower() == "mkdocs":
        return False
    if zensical_installed is None:
        zensical_installed = importlib.util.find_spec("zensical") is not None
    return zensical_installed


def zensical_nav_problems(settings: Settings, *, zensical_installed: bool | None = None) -> list[Problem]:
    """What the config Zensical reads lacks to show the Decisions section (none when Zensical
    does not build the site)."""
    from tradeoffs.site.nav_file import nav_problems, read_engine_nav

    if not zensical_builds(settings, zensical_installed=zensical_installed):
        return []
    engine = read_engine_nav(settings)
    return [] if engine is None else nav_problems(settings, engine)
