"""Pagefind for decision sites: a search index cut into small chunks that a reader's browser
loads only as a query needs them, so the first search at 10,000 decisions downloads a few
hundred kilobytes instead of the whole index (see benchmarks/RESULTS.md).

Knows nothing of MkDocs: `mark_page` adds Pagefind's attributes to a page's HTML, `index_site`
runs Pagefind (the PyPI package `pagefind`, whose binary ships in its wheel, so it works
offline) over a built site.
"""

from __future__ import annotations

import html
import importlib.util
import json
import math
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tradeoffs.core.errors import TradeoffsError
from tradeoffs.site.search import Facets

OUTPUT_DIR = "pagefind"
"""Where the index and Pagefind's own UI are written, under the site's folder."""

INSTALL = "pip install 'pagefind[extended]'"
IGNORED = "a.headerlink"
"""What Pagefind leaves out of every page: the ¶ permalinks after headings."""


SUGGEST_FROM = 1000
"""From this many decisions the build suggests `search: pagefind`: at 1,000 the theme's search
has every reader download a 2.6 MB index on every page view and answers a first search typed
at once in 1.4 s, Pagefind in 0.64 MB and 0.26 s; at 10,000, 25 MB and 20 s against 0.8 MB and
0.5 s (benchmarks/RESULTS.md, "Search at 1,000 and 10,000")."""


def suggestion(decisions: int, engine: str) -> str | None:
    """What the build says to a site whose search will not keep up, else None."""
    if engine != "material" or decisions < SUGGEST_FROM:
        return None
    return (
        f"{decisions:,} decisions: the theme's search makes every reader download the whole "
        "index on every page; 'search: pagefind' in the tradeoffs plugin's options loads only "
        "what a query needs (docs/plugin-setup.md, Search)"
    )


class PagefindError(TradeoffsError):
    """Pagefind is missing or failed: one sentence saying what to do."""


def missing() -> str | None:
    """What to install when Pagefind or its binary is missing, else None."""
    if importlib.util.find_spec("pagefind") is None or not any(
        importlib.util.find_spec(name) is not None for name in ("pagefind_bin_extended", "pagefind_bin")
    ):
        return f"the search option 'pagefind' needs the pagefind package and its binary: {INSTALL}"
    return None


_EXCLUDED = re.compile(
    r"(<[a-z][a-z0-9]*\s[^<>]*?data-search-exclude(?:=\"[^\"]*\")?)(?![^<>]*data-pagefind-ignore)"
)
"""`data-search-exclude` in a start tag (not in text, where it would be shown), each tag read once."""
_ARTICLE = re.compile(r"<article\b[^>]*\bclass=\"md-content__inner\b[^>]*>")


def mark_page(page_html: str, *, searchable: bool, facets: Facets | None = None) -> str:
    """A page's HTML as Pagefind should read it.

    What is left out of Material's search (`data-search-exclude`: the framework's restated
    sections, boilerplate a template repeats on every page) is left out of Pagefind's too
    (`data-pagefind-ignore`). A searchable page's article is its body (`data-pagefind-body`:
    the header, navigation and footer are the same on every page); a page without one is
    not indexed, since Pagefind then indexes only the pages that have one. A decision's
    facets become Pagefind filters (status, framework, chosen, tag) and its id metadata.
    """
    out = _EXCLUDED.sub(r"\1 data-pagefind-ignore", page_html)
    if not searchable:
        return out
    article = _ARTICLE.search(out)
    if article is None:
        return out
    opening = article.group(0)
    marked = opening[:-1] + " data-pagefind-body>"
    if facets is not None:
        marked += _facet_tags(facets)
    return out[: article.start()] + marked + out[article.end() :]


def _facet_tags(facets: Facets) -> str:
    def attr(text: str) -> str:
        return html.escape(text, quote=True)

    parts = [f'<span data-pagefind-meta="id:{attr(facets.id)}"></span>']
    for name, values in facets.filters().items():
        parts += [f'<span data-pagefind-filter="{name}:{filter_value(value)}"></span>' for value in values]
    return f"<div hidden data-pagefind-ignore>{''.join(parts)}</div>"


def filter_value(text: str) -> str:
    """A filter value (a tag, a status) as the attribute Pagefind reads it from.

    Pagefind's UI prints filter values as HTML (a tag `<img src=x onerror=…>` ran for every
    reader whose search matched), so the value Pagefind keeps must be the text HTML-escaped.
    Pagefind decodes character references in a filter attribute once more than HTML does, so
    the text is escaped three times: for its UI, for Pagefind's decoding, for the attribute.
    `tests/test_browser_security.py` types searches over hostile tags to hold this to
    Pagefind's behaviour.
    """
    shown = html.escape(text, quote=True)
    return html.escape(html.escape(shown, quote=True), quote=True)


@dataclass(frozen=True)
class Indexed:
    """What Pagefind reported: how many pages it indexed, and its output folder."""

    pages: int
    output: Path
    parts: int = 1
    """How many indexes the pages were cut into (see `index_in_parts`)."""
    peak_mb: float = 0.0
    """The largest resident memory of a Pagefind run, in MB (0 where it could not be read)."""


PART_PAGES = 2500
"""Pages to one Pagefind index at most. Pagefind holds every page it indexes in memory until it
writes the index, about 0.3 MB a page whatever the page's size, so a site of 10,000 decisions
took 2.9 GB in one run; cut into indexes of at most this many pages, each run stays under 1 GB,
and the search dialog merges them (figures in benchmarks/RESULTS.md)."""

PARTS_FILE = "tradeoffs-parts.json"
"""In the first index's folder: the folders of the others, for the search dialog to merge."""

_STAGE = ".tradeoffs-pagefind-stage"


def part_folder(number: int) -> str:
    """The folder, under the site's, of index part `number` (1 is Pagefind's usual `pagefind/`)."""
    return OUTPUT_DIR if number == 1 else f"{OUTPUT_DIR}-{number}"


def cut(pages: Sequence[str], part_pages: int = PART_PAGES) -> list[list[str]]:
    """`pages` in order, cut into as few even parts of at most `part_pages` as will do."""
    if not pages:
        return []
    count = math.ceil(len(pages) / part_pages)
    size = math.ceil(len(pages) / count)
    return [list(pages[i : i + size]) for i in range(0, len(pages), size)]


def index_in_parts(site_dir: Path, pages: Sequence[str], part_pages: int | None = None) -> Indexed:
    """Index the searchable `pages` (paths of HTML files relative to `site_dir`) in parts of at
    most `part_pages`, each a Pagefind run over only its pages, so no run holds the whole site.

    Each part's pages are linked (hard links: no copying) into a stage folder that stands in for
    the site, so Pagefind gives them the URLs they have in the site. Raises PagefindError.
    """
    parts = cut(sorted(pages), part_pages or PART_PAGES)
    if len(parts) <= 1:
        return index_site(site_dir)
    for old in site_dir.glob(f"{OUTPUT_DIR}-*"):
        if old.is_dir() and old.name.removeprefix(f"{OUTPUT_DIR}-").isdigit():
            shutil.rmtree(old)
    stage = site_dir / _STAGE
    indexed, peak = 0, 0.0
    try:
        for number, part in enumerate(parts, start=1):
            if stage.exists():
                shutil.rmtree(stage)
            for page in part:
                target = stage / page
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(site_dir / page, target)
                except OSError:
                    shutil.copyfile(site_dir / page, target)
            done = index_site(stage, output=site_dir / part_folder(number))
            indexed += done.pages
            peak = max(peak, done.peak_mb)
    finally:
        if stage.exists():
            shutil.rmtree(stage)
    others = [f"../{part_folder(n)}/" for n in range(2, len(parts) + 1)]
    (site_dir / OUTPUT_DIR / PARTS_FILE).write_text(json.dumps(others), encoding="utf-8")
    return Indexed(indexed, site_dir / OUTPUT_DIR, len(parts), peak)


def index_site(site_dir: Path, output: Path | None = None) -> Indexed:
    """Run Pagefind over the built site at `site_dir`, writing `pagefind/` there (or `output`).

    Raises PagefindError naming what to install or what Pagefind said.
    """
    problem = missing()
    if problem is not None:
        raise PagefindError(problem)
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        *(("--output-subdir", OUTPUT_DIR) if output is None else ("--output-path", str(output))),
        "--exclude-selectors",
        IGNORED,
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PagefindError(f"pagefind could not run: {exc}") from exc
    said = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        last = said.splitlines()[-1] if said else f"exit status {done.returncode}"
        raise PagefindError(f"pagefind failed on {site_dir}: {last}")
    found = re.search(r"Indexed (\d+) pages?", said)
    return Indexed(
        int(found[1]) if found else 0, output or site_dir / OUTPUT_DIR, peak_mb=_children_peak_mb()
    )


def _children_peak_mb() -> float:
    """The largest resident memory of this process's finished children (Pagefind's runs), in
    MB; 0 where the system does not say (Windows)."""
    try:
        import resource
    except ImportError:
        return 0.0
    kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    return round(kib * 1024 / 1e6, 1)
