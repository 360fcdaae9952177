"""The decisions section of navigation for an engine that builds it from files (Zensical).

Under MkDocs the plugin puts its "Decisions" section (the log, open questions, the graph,
health, status, tags and framework pages; ADR pages are reached from them) into the navigation.
Zensical drops the plugin, and builds its navigation from the config's `nav` (which a command
may not change: it is the team's file) or, without one, from every file (so every ADR page too).
What it reads besides is its native literate-nav: with `literate-nav` in the config's plugins, a
`SUMMARY.md` in a folder is that folder's navigation, used where the config's `nav` names the
folder (`- Decisions: decisions/`) and where it has no `nav` at all. So `tradeoffs pages` writes
the section, from the same `NavItem` values the plugin places, as `<url_prefix>/SUMMARY.md`,
and `nav_problems` says what the config lacks for Zensical to show it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradeoffs.adr.render import inline_text
from tradeoffs.core.config import ConfigError, Settings, read_mkdocs_yml
from tradeoffs.core.problems import Problem, warning
from tradeoffs.site.page import NavItem

ZENSICAL_CONFIG = "zensical.toml"
DEFAULT_NAV_FILE = "SUMMARY.md"


@dataclass(frozen=True)
class EngineNav:
    """What the config Zensical reads says about navigation (and the site's name and folder)."""

    config: Path
    literate_nav: bool
    nav_file: str
    nav: list[Any] | None
    """The config's `nav`, or None when it has none."""
    site_name: str = ""
    site_dir: str = "site"


def engine_config(settings: Settings) -> Path | None:
    """The config Zensical reads: its own `zensical.toml`, else the site's mkdocs.yml."""
    toml = settings.root / ZENSICAL_CONFIG
    if toml.is_file():
        return toml
    return settings.config_file


def read_engine_nav(settings: Settings) -> EngineNav | None:
    """Navigation settings of the config Zensical reads; None without one (or unreadable)."""
    config = engine_config(settings)
    if config is None:
        return None
    try:
        if config.suffix == ".toml":
            with config.open("rb") as f:
                data = tomllib.load(f)
            data = data.get("project", data)
        else:
            data = read_mkdocs_yml(config)
    except (OSError, ValueError, ConfigError):
        return None
    plugins = data.get("plugins") or []
    options: Any = None
    if isinstance(plugins, dict):
        options = plugins.get("literate-nav", None)
        present = "literate-nav" in plugins
    else:
        present = False
        for entry in plugins if isinstance(plugins, list) else []:
            if entry == "literate-nav":
                present, options = True, {}
            elif isinstance(entry, dict) and "literate-nav" in entry:
                present, options = True, entry["literate-nav"] or {}
    options = options if isinstance(options, dict) else {}
    enabled = present and options.get("enabled", True) is not False
    nav_file = options.get("nav_file") if isinstance(options.get("nav_file"), str) else DEFAULT_NAV_FILE
    nav = data.get("nav")
    name, site_dir = data.get("site_name"), data.get("site_dir")
    return EngineNav(
        config,
        enabled,
        nav_file or DEFAULT_NAV_FILE,
        nav if isinstance(nav, list) else None,
        name if isinstance(name, str) else "",
        site_dir if isinstance(site_dir, str) and site_dir else "site",
    )


def nav_markdown(items: list[NavItem], url_prefix: str) -> str:
    """The section as a literate-nav list, its links relative to the `url_prefix` folder."""
    base = f"{url_prefix}/" if url_prefix else ""
    lines: list[str] = []

    def add(entries: list[NavItem], depth: int) -> None:
        for item in entries:
            title = inline_text(item.title)
            indent = "    " * depth
            if item.path is not None:
                path = item.path[len(base) :] if item.path.startswith(base) else item.path
                lines.append(f"{indent}- [{title}]({path})")
            elif item.children:
                lines.append(f"{indent}- {title}")
                add(item.children, depth + 1)

    add(items, 0)
    return "\n".join(lines) + "\n"


def _names_folder(nav: list[Any], folder: str) -> bool:
    """Whether an entry of `nav` (at any depth) is the folder `folder/`."""
    stack: list[Any] = list(nav)
    while stack:
        entry = stack.pop()
        if isinstance(entry, str) and entry.strip().rstrip("/") == folder and entry.strip().endswith("/"):
            return True
        if isinstance(entry, dict):
            stack.extend(entry.values())
        elif isinstance(entry, list):
            stack.extend(entry)
    return False


def nav_problems(settings: Settings, engine: EngineNav) -> list[Problem]:
    """What the config Zensical reads lacks for it to show the decisions section."""
    where = settings.display(engine.config)
    folder = settings.url_prefix or "."
    if not engine.literate_nav:
        return [
            warning(
                where,
                1,
                1,
                "Zensical shows the Decisions section (log, status, tags, frameworks) when this "
                f"config's plugins list `literate-nav` (built into Zensical): add it, and "
                f"`tradeoffs pages` writes {folder}/{engine.nav_file} for it"
                + ("; and name the folder in nav: `- Decisions: " + folder + "/`" if engine.nav else ""),
            )
        ]
    if engine.nav is not None and settings.url_prefix and not _names_folder(engine.nav, settings.url_prefix):
        return [
            warning(
                where,
                1,
                1,
                f"Zensical shows the Decisions section where nav names its folder: write "
                f"`- Decisions: {settings.url_prefix}/` in nav (in place of "
                f"`{settings.url_prefix}/index.md`)",
            )
        ]
    return []
