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
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tradeoffs.core.errors import TradeoffsError
from tradeoffs.site.search import Facets

OUTPUT_DIR = "pagefind"
"""Where the index and Pagefind's own UI are written, under the site's folder."""

INSTALL = "pip install 'pagefind[extended]'"
IGNORED = "a.headerlink"
"""What Pagefind leaves out of every page: the ¶ permalinks after headings."""


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


def index_site(site_dir: Path) -> Indexed:
    """Run Pagefind over the built site at `site_dir`, writing `pagefind/` there.

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
        "--output-subdir",
        OUTPUT_DIR,
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
    return Indexed(int(found[1]) if found else 0, site_dir / OUTPUT_DIR)
