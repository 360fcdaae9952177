"""What a decision site needs of its rendered HTML, done on any engine's output folder.

Under MkDocs the plugin does this while it writes each page. An engine that does not run the
plugin (Zensical) writes its pages itself, so `tradeoffs finish SITE_DIR` does it afterwards,
on the folder the engine wrote (`tradeoffs pages && zensical build && tradeoffs finish site`):

- every page loads the id-aware search script (`ADR 7` finds `ADR-0007`, in the engine's
  search box or Pagefind's), once;
- each ADR page gets its link preview (`og:*` and Twitter card meta) in its head, as the
  plugin gives it;
- with `search: pagefind`, the pages are marked for Pagefind (the article is the body, the
  framework's restated sections are left out, a decision's facets are its filters) and the
  index is built over the folder.

Run again, it changes nothing it changed before (each addition is looked for first), so it may
follow every build. It reads and writes only HTML files under the folder.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tradeoffs.adr.html_blocks import meta_tags
from tradeoffs.core.project import Project
from tradeoffs.site.assets import ASSET_DIR
from tradeoffs.site.layout import SiteLayout
from tradeoffs.site.link_preview import link_preview
from tradeoffs.site.pagefind import OUTPUT_DIR, Indexed, index_in_parts, mark_page
from tradeoffs.site.search import SCRIPT, STYLESHEET, Facets, decision_facets, exclude_diagrams

PREVIEW_MARK = 'property="og:title"'
"""A page whose head has this has its link preview already (from the plugin, or a run before)."""


@dataclass
class Finished:
    pages: int = 0
    """HTML pages read."""
    changed: int = 0
    previews: int = 0
    indexed: Indexed | None = None
    missing: list[str] = field(default_factory=list)
    """ADR pages the folder does not have (the engine built without `tradeoffs pages`)."""


def _html_files(site_dir: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(site_dir):
        # Pagefind's own output, and its stage folder
        dirs[:] = [d for d in dirs if not d.startswith((OUTPUT_DIR, ".tradeoffs"))]
        for name in files:
            if name.endswith(".html"):
                yield Path(folder) / name


def _root(relative: str) -> str:
    """The way up from a page to the site's root (`decisions/ADR-0001/index.html` -> `../../`)."""
    return "../" * relative.count("/")


def _search_tags(relative: str) -> str:
    up = _root(relative)
    return (
        f'<link rel="stylesheet" href="{up}{ASSET_DIR}/{STYLESHEET}">'
        f'<script src="{up}{ASSET_DIR}/{SCRIPT}"></script>'
    )


def _in_head(page_html: str, addition: str) -> str:
    head = page_html.find("</head>")
    return page_html if head < 0 else page_html[:head] + addition + page_html[head:]


def output_path(layout: SiteLayout, page: str) -> str:
    """Where an engine writes a page's HTML, relative to its output folder."""
    url = layout.url(page)
    if url in ("", "./"):
        return "index.html"
    return url + "index.html" if url.endswith("/") else url


def finish_site(
    site_dir: Path,
    project: Project,
    *,
    site_name: str = "",
    site_url: str = "",
    directory_urls: bool = True,
    unsearched: Collection[str] = (),
) -> Finished:
    """Finish the site in `site_dir` (see the module's docstring). `unsearched` are pages (docs
    paths) Pagefind leaves out, as the engine's search does (the navigation file). Raises
    PagefindError when `search: pagefind` cannot index it."""
    settings = project.settings
    layout = SiteLayout(settings.url_prefix, directory_urls)
    previews: dict[str, dict[str, str]] = {}
    facets: dict[str, Facets] = {}
    for ev in project.evaluations.values():
        out = output_path(layout, layout.decision_page(ev.decision))
        url = out[: -len("index.html")] if directory_urls and out.endswith("index.html") else out
        preview = link_preview(ev)
        if site_url:
            preview["og:url"] = site_url.rstrip("/") + "/" + url
        if site_name:
            preview["og:site_name"] = site_name
        previews[out] = preview
        facets[out] = decision_facets(ev)
    pagefind = settings.search == "pagefind"
    skipped = {output_path(layout, page) for page in unsearched}
    result = Finished()
    indexable: list[str] = []
    seen: set[str] = set()
    for path in _html_files(site_dir):
        relative = path.relative_to(site_dir).as_posix()
        seen.add(relative)
        result.pages += 1
        original = path.read_text(encoding="utf-8")
        page_html = original
        if f"{ASSET_DIR}/{SCRIPT}" not in page_html:
            page_html = _in_head(page_html, _search_tags(relative))
        found = previews.get(relative)
        if found is not None and PREVIEW_MARK not in page_html:
            page_html = _in_head(page_html, meta_tags(found))
            result.previews += 1
        if pagefind and "data-pagefind-body" not in page_html:
            searchable = relative not in skipped
            page_html = mark_page(
                exclude_diagrams(page_html), searchable=searchable, facets=facets.get(relative)
            )
        if pagefind and "data-pagefind-body" in page_html:
            indexable.append(relative)
        if page_html != original:
            path.write_text(page_html, encoding="utf-8")
            result.changed += 1
    result.missing = sorted(p for p in previews if p not in seen)
    if pagefind and indexable:
        result.indexed = index_in_parts(site_dir, indexable)
    return result
