"""`ADR-7` and `[[ADR-7|its text]]` linked in a team's own pages by an engine that runs
Python-Markdown extensions but not the MkDocs plugin (Zensical).

The MkDocs plugin links mentions in every page; Zensical drops the plugin, and `tradeoffs pages`
links them only in the pages it writes. This extension links them in the rest, with the same
rule (`MentionLinker`, whose bare-mention pattern is the core's `references.bare_mention`), the
same decisions and the same addresses:

```yaml
markdown_extensions:
  - tradeoffs_mentions   # or its import path, tradeoffs.site.markdown_mentions
```

A link is relative to the page, so the extension needs to know which page it converts: Zensical
says so (its rendering context), any other host can pass `page_path`. Without either (MkDocs,
where the plugin links mentions already) it changes nothing. The pages `tradeoffs pages` wrote
are left as they are: their mentions are linked, and their text is sanitised HTML.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown  # type: ignore[import-untyped]
from markdown.preprocessors import Preprocessor  # type: ignore[import-untyped]

from tradeoffs.core.config import ConfigError, Settings, find_config, load_settings
from tradeoffs.site.layout import SiteLayout
from tradeoffs.site.mentions import MentionLinker

log = logging.getLogger("tradeoffs.mentions")

WRITTEN_MARK = '<div class="tradeoffs-html">'
"""What every page `tradeoffs pages` wrote holds (`portable._raw_block`)."""


@dataclass
class _Loaded:
    signature: tuple[Any, ...]
    settings: Settings
    linker: MentionLinker | None


_LOADED: dict[str, _Loaded] = {}
"""The decisions of each config file, loaded once a build (again when a decision file changes:
`zensical serve` keeps the process)."""


def _signature(settings: Settings) -> tuple[Any, ...]:
    """The decision files' names, sizes and times: what a mention's link and tooltip come from."""
    found: list[tuple[str, int, int]] = []
    for folder in (settings.decisions_dir, *settings.markdown_dirs):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_file():
                stat = entry.stat()
                found.append((entry.path, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


def linker_for(config_file: str = "") -> tuple[Settings, MentionLinker | None] | None:
    """The site's settings and a linker of its decisions (None for the linker when the site
    turned `link_mentions` off); None when the site's options are wrong (said in the log)."""
    path = Path(config_file) if config_file else find_config(Path.cwd())
    key = str(path.resolve()) if path is not None else str(Path.cwd())
    try:
        settings = load_settings(path, cwd=Path.cwd())
    except ConfigError as exc:
        log.warning(f"tradeoffs.mentions: {exc}")
        return None
    signature = _signature(settings)
    loaded = _LOADED.get(key)
    if loaded is None or loaded.signature != signature:
        from tradeoffs.core.project import load_project

        project = load_project(settings)
        linker = (
            MentionLinker(
                project.decisions, SiteLayout(settings.url_prefix, settings.directory_urls), settings.prefix
            )
            if settings.link_mentions
            else None
        )
        loaded = _LOADED[key] = _Loaded(signature, settings, linker)
    return loaded.settings, loaded.linker


def _page_path(md: Markdown, configured: str) -> str:
    """The page being converted, relative to the docs folder: Zensical's rendering context
    (`zensical.extensions.context`) names it; else the `page_path` option."""
    if "rendering_context" in md.preprocessors:
        page = getattr(md.preprocessors["rendering_context"], "page", None)
        path = getattr(page, "path", None)
        if isinstance(path, str) and path:
            return path.replace(os.sep, "/")
    return configured


class MentionsPreprocessor(Preprocessor):  # type: ignore[misc]
    def __init__(self, md: Markdown, extension: MentionsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        page_path = _page_path(self.md, str(self.extension.getConfig("page_path")))
        if not page_path:
            return lines
        text = "\n".join(lines)
        if WRITTEN_MARK in text:
            return lines
        found = linker_for(str(self.extension.getConfig("config_file")))
        if found is None:
            return lines
        settings, linker = found
        if linker is None:
            return lines
        linked, missing = linker.link(text, page_path)
        for mention in missing:
            log.warning(
                f"{page_path}:{mention.line}: {mention.text} names a decision that does not exist "
                f"(no {settings.prefix}-{mention.number:04d} in "
                f"{settings.display(settings.decisions_dir)}/)"
            )
        return linked.split("\n")


class MentionsExtension(Extension):  # type: ignore[misc]
    """Links mentions of decisions in the pages a team wrote itself."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "config_file": ["", "the site's mkdocs.yml (default: the one in the current folder)"],
            "page_path": ["", "the page being converted, relative to the docs folder (Zensical says)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # before raw HTML is stashed (20), as the plugin links the page's Markdown
        md.preprocessors.register(MentionsPreprocessor(md, self), "tradeoffs_mentions", 25)


def makeExtension(**kwargs: Any) -> MentionsExtension:
    return MentionsExtension(**kwargs)
