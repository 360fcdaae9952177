"""Tables that show a page of rows at a time: the decision log, the status, tag and framework
pages, open questions and health's findings.

A listing's first page carries its first `PAGE_SIZE` rows as HTML, the filter box's marker and
a pager of real links to the listing's other pages (`part_page`), each a static page of the next
rows: a reader without JavaScript reaches every row. With JavaScript, the site's script
(`tradeoffs.js`) reads every row from the listing's data, lays out at most `PAGE_SIZE` of them
and keeps the filters, the sort and the page in the address. The data is in the marker while it
is small, else in a JSON file beside the page (`data_file`), so no page outgrows
`INLINE_DATA_MAX` plus its first rows whatever the number of decisions.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

from tradeoffs.adr.html_blocks import esc
from tradeoffs.site.layout import SiteLayout, climb

PAGE_SIZE = 100
"""Rows a listing shows at a time. Its script renders one page of rows from the data of every
row, so a filter or a sort lays out at most this many, whatever the number of decisions
(benchmarks/RESULTS.md, "The decision log at 1,000 and 10,000")."""

INLINE_DATA_MAX = 40_000
"""Bytes of JSON a listing keeps in its page; more goes to a file beside it, which the script
fetches (at 10,000 decisions the log's data is about 1 MB: in the page, it made it 1.2 MB)."""


def part_page(first: str, k: int) -> str:
    """The static page of rows `k` (from 2) of the listing whose first page is `first`: in a
    folder named after it (`status/accepted/2.md`), so no tag or status name can take it;
    an `index.md` listing's parts go in `page/`."""
    folder, _, name = first.rpartition("/")
    stem = "page" if name == "index.md" else name.removesuffix(".md")
    return f"{folder}/{stem}/{k}.md" if folder else f"{stem}/{k}.md"


def data_file(first: str) -> str:
    """Where the data of the listing whose first page is `first` is published when it is large."""
    return first.removesuffix(".md") + ".data.json"


def file_href(layout: SiteLayout, from_page: str, path: str) -> str:
    """The relative address of a file of the site (not a page) in the HTML of `from_page`."""
    url = layout.url(from_page)
    here = [] if url == "./" else url.split("/")[:-1]
    return climb(here, path.split("/"))


@dataclass(frozen=True)
class Pages:
    """The pages of one listing: their paths (the first is the listing's own page)."""

    paths: list[str]
    rows: int
    noun: str
    """What a row is, plural: `decisions`, `findings`."""
    label: str
    """The pager's accessible name: `Pages of the decision log`."""

    @classmethod
    def of(cls, first: str, rows: int, noun: str, label: str) -> Pages:
        count = max(1, -(-rows // PAGE_SIZE))
        return cls([first] + [part_page(first, k) for k in range(2, count + 1)], rows, noun, label)

    def slices(self) -> list[tuple[int, int]]:
        return [(i * PAGE_SIZE, min((i + 1) * PAGE_SIZE, self.rows)) for i in range(len(self.paths))]

    def pager_html(self, layout: SiteLayout, k: int) -> str:
        """The pager of page `k` (from 1) as links a reader without the script follows; the
        script hides it and shows its own. Empty when every row fits on one page."""
        count = len(self.paths)
        if count < 2:
            return ""
        here = self.paths[k - 1]
        start, end = self.slices()[k - 1]
        steps = []
        for name, text, target in (
            ("first", "« First", 1),
            ("previous", "‹ Previous", k - 1),
            ("next", "Next ›", k + 1),
            ("last", "Last »", count),
        ):
            if 1 <= target <= count and target != k:
                href = layout.href(here, self.paths[target - 1])
                steps.append(f'<a class="tradeoffs-pager-{name}" href="{esc(href)}">{text}</a>')
            else:
                steps.append(f'<a class="tradeoffs-pager-{name}" aria-disabled="true">{text}</a>')
        where = (
            f'<span class="tradeoffs-pager-where">{esc(self.noun.capitalize())} {start + 1:,}–{end:,} '
            f"of {self.rows:,}, page {k} of {count}</span>"
        )
        return (
            f'<nav class="tradeoffs-pager tradeoffs-pager-static" aria-label="{esc(self.label)}">'
            + "".join([*steps[:2], where, *steps[2:]])
            + "</nav>"
        )


def marker_html(text: str, src: str | None = None) -> str:
    """The filter box's marker: the data (JSON `text`) in an attribute (escaped as any
    attribute is; data, never a script), or the address `src` of the file that holds it."""
    if src is not None:
        # fetched while the page is still parsed, not once the scripts at its end have run
        return (
            f'<link rel="preload" href="{esc(src)}" as="fetch" crossorigin="anonymous">'
            f'<div class="tradeoffs-log-filters" data-tradeoffs-log-src="{esc(src)}"></div>'
        )
    # single-quoted, so the JSON's many double quotes need no escaping
    value = html.escape(text, quote=False).replace("'", "&#x27;")
    return f"<div class=\"tradeoffs-log-filters\" data-tradeoffs-log='{value}'></div>"


def data_text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
