"""The files a decision site needs beside its pages, as values: its scripts and stylesheets,
the published JSON Schemas, the files beside Markdown ADRs and the short-link redirects.

Every engine adapter publishes the same list: the MkDocs plugin as generated files, the page
writer (`site.folder`) as files in a docs folder.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from tradeoffs.core.beside_files import published_form
from tradeoffs.core.project import Project
from tradeoffs.core.schema import published_schemas
from tradeoffs.site.diagrams import mermaid_file
from tradeoffs.site.search import SCRIPT, STYLESHEET, search_script

ASSET_DIR = "assets/tradeoffs"
STYLES = ("tradeoffs.css", STYLESHEET)
"""Stylesheets every page of the site links to, in this order."""
SCRIPTS = ("tradeoffs.js", "tryit.js", "catalogue.js", SCRIPT)
"""Scripts every page of the site loads, in this order."""
MERMAID_JS = f"{ASSET_DIR}/mermaid.min.js"
"""Where the site serves Mermaid from (the package's build, or the `mermaid_js` option's)."""


@dataclass(frozen=True)
class Asset:
    """A file of the site that is not a page: its text, or the file it is copied from."""

    path: str
    """Relative to the docs root, `/`-separated."""
    text: str | bytes | None = None
    """The file's content (bytes for a cleaned image)."""
    source: Path | None = None
    yields: bool = False
    """A file of the team's own at the same path wins (schemas, files beside ADRs, Mermaid)."""

    def read(self) -> bytes:
        if isinstance(self.text, bytes):
            return self.text
        if self.text is not None:
            return self.text.encode("utf-8")
        assert self.source is not None
        return self.source.read_bytes()


def _packaged(name: str) -> str:
    return resources.files("tradeoffs").joinpath("templates", "assets", name).read_text(encoding="utf-8")


def site_assets(
    project: Project, *, site_url: str = "", beside: Mapping[str, Path] | None = None
) -> list[Asset]:
    """Every file the decision pages need, for any engine; `beside`: the files Markdown ADRs
    link to, published beside their pages (path under the decisions' folder -> the file,
    see `record_links`)."""
    settings = project.settings
    out: list[Asset] = []
    for relative, source in (beside or {}).items():
        # images beside Markdown ADRs, published beside their pages; `record_links` refused
        # every other file already (asked again: nothing unsanitised reaches the site)
        form = published_form(source)
        path = f"{settings.url_prefix}/{relative}".lstrip("/")
        if isinstance(form, bytes):
            out.append(Asset(path, text=form, yields=True))
        elif form is not None:
            out.append(Asset(path, source=form, yields=True))
    for name in (*STYLES, *SCRIPTS):
        text = _packaged(name)
        if name == SCRIPT:
            text = search_script(text, prefix=settings.prefix, engine=settings.search)
        out.append(Asset(f"{ASSET_DIR}/{name}", text=text))
    # Mermaid, served by the site: the `mermaid_js` option's build, else the package's
    mermaid = mermaid_file(settings.mermaid_js)
    if isinstance(mermaid, Path):
        out.append(Asset(MERMAID_JS, source=mermaid, yields=True))
    elif mermaid is not None:
        out.append(Asset(MERMAID_JS, text=mermaid.read_bytes(), yields=True))
    # Editors validate decision files against these stable addresses (see docs/ci.md).
    for name, data in published_schemas(
        project.frameworks.frameworks.values(),
        base_url=site_url or None,
        status_words=settings.status_words,
        fields=settings.fields,
    ).items():
        out.append(Asset(f"schemas/{name}", text=json.dumps(data, indent=2, ensure_ascii=False), yields=True))
    return out
