"""HTML for the computed parts of an ADR page: its tables and the framework's lists.

The built-in templates' macros write these as Markdown for `tradeoffs render` and the
exporters; on the site they ask for them as HTML blocks (`site.SitePage.blocks`), placed after
Markdown conversion. They are what the tool computed from the facts, not what the team wrote:
converting their tables and lists was a large part of an ADR page's Markdown time, and their
text needs no Markdown. Every value is escaped; only fixed tags and classes are written.

Each function takes the template context (`view.decision_context`) or part of it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

from tradeoffs.adr.diagram import neighbourhood
from tradeoffs.adr.view import after_because

RIGHT = ' style="text-align:right"'


def esc(value: object) -> str:
    """One line of plain text in HTML."""
    return html.escape(" ".join(str(value if value is not None else "").split()), quote=True)


def table(
    heads: Iterable[tuple[str, bool]], rows: Iterable[Iterable[str]], *, skip_search: bool = False
) -> str:
    """A table as Python-Markdown writes one; `heads` are (title, right-aligned), cells HTML.
    `skip_search` marks it `data-search-exclude` for an engine that indexes it."""
    heads = list(heads)
    out = ["<table data-search-exclude>" if skip_search else "<table>", "<thead>", "<tr>"]
    out += [f"<th{RIGHT if right else ''}>{title}</th>" for title, right in heads]
    out += ["</tr>", "</thead>", "<tbody>"]
    for row in rows:
        out.append("<tr>")
        out += [
            f"<td{RIGHT if right else ''}>{cell}</td>" for (_, right), cell in zip(heads, row, strict=True)
        ]
        out.append("</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def ul(items: Iterable[str]) -> str:
    """A list of items that are HTML already."""
    return "\n".join(["<ul>", *(f"<li>{item}</li>" for item in items), "</ul>"])


def bullets(items: Iterable[object]) -> str:
    return ul(esc(item) for item in items)


def facts_table(adr: dict[str, Any]) -> str:
    return table(
        [("Question", False), ("Answer", False)],
        (
            (esc(f["prompt"]), esc(f["display"]) if f["answered"] else "<em>unanswered</em>")
            for f in adr["facts"]
        ),
    )


def _marks(option: dict[str, Any], *, recommended: bool) -> str:
    marks = " <strong>(chosen)</strong>" if option["chosen"] else ""
    if recommended and option["recommended"]:
        marks += " <em>(recommended)</em>"
    if option["vetoed"]:
        marks += " <em>(ruled out)</em>"
    return esc(option["title"]) + marks


def score_table(adr: dict[str, Any], reasons: bool) -> str:
    """Every option's score, with its reasons (Nygard, Y-statement) or their counts (MADR,
    which lists the reasons under Pros and Cons)."""
    if reasons:
        return table(
            [("Option", False), ("Score", True), ("For", False), ("Against", False)],
            (
                (
                    _marks(o, recommended=False),
                    esc(o["score"]),
                    "<br>".join(esc(r) for r in o["supporting"]),
                    "<br>".join(esc(r) for r in o["vetoed"] + o["opposing"]),
                )
                for o in adr["options"]
            ),
        )
    return table(
        [("Option", False), ("Score", True), ("Reasons for", True), ("Reasons against", True)],
        (
            (
                _marks(o, recommended=True),
                esc(o["score"]),
                str(len(o["supporting"])),
                str(len(o["vetoed"]) + len(o["opposing"])),
            )
            for o in adr["options"]
        ),
    )


def estimates_table(adr: dict[str, Any]) -> str:
    def value(e: dict[str, Any]) -> str:
        if e["value"] is not None:
            return f"<strong>{esc(e['display'])}</strong>"
        if e["missing"]:
            return f"<em>needs {esc(', '.join(e['missing']))}</em>"
        return "<em>cannot be computed</em>"

    return table(
        [("Estimate", False), ("Value", True), ("Formula", False), ("Inputs", False)],
        (
            (
                esc(e["title"]),
                value(e),
                f"<code>{esc(e['expression'])}</code>",
                "<br>".join(f"{esc(i['name'])} = {esc(i['display'])}" for i in e["inputs"]),
            )
            for e in adr["estimates"]
        ),
    )


def observations_table(adr: dict[str, Any]) -> str:
    return table(
        [("Date", False), ("Observed facts", False)],
        (
            (esc(o["date"]), "<br>".join(f"{esc(k)} = {esc(v)}" for k, v in o["facts"].items()))
            for o in adr["observations"]
        ),
    )


def options_list(adr: dict[str, Any]) -> str:
    """The considered options with their summaries (a loose list, as the Markdown is)."""
    items = [
        f"{esc(o['title'])}: {esc(o['summary'])}" if o["summary"] else esc(o["title"]) for o in adr["options"]
    ]
    return ul(f"\n<p>{item}</p>\n" for item in items)


def pros_and_cons(option: dict[str, Any]) -> str:
    items = [f"Good, because {esc(after_because(p))}" for p in option["pros"]]
    items += [f"Bad, because {esc(after_because(c))}" for c in option["vetoed"] + option["cons"]]
    return ul(items or ["Nothing recorded."])


def bar(width: float, css: str, label: str) -> str:
    """One bar of a chart: decorative (its number is in the next cell), `width` in percent."""
    return f'<span class="tradeoffs-bar {css}" style="width:{width:.1f}%" title="{esc(label)}"></span>'


def status_chart(
    periods: Iterable[tuple[str, dict[str, int]]],
    statuses: Iterable[str],
    busiest: int,
    period: str = "Month",
) -> str:
    """Decisions per period as a table with stacked bars, one colour per status (its legend is
    the header: the same colours as the status badges). Every period is a row, so labels never
    overlap, and the theme's own background shows through in dark mode."""
    statuses = list(statuses)
    heads = [
        (esc(period), False),
        ("Decisions", False),
        *(
            (f'<span class="tradeoffs-swatch adr-status--{esc(s)}"></span>{esc(s.capitalize())}', True)
            for s in statuses
        ),
        ("Total", True),
    ]
    rows = []
    for label, counts in periods:
        total = sum(counts.get(s, 0) for s in statuses)
        bars = "".join(
            bar(100 * counts[s] / busiest, f"adr-status--{esc(s)}", f"{s}: {counts[s]}")
            for s in statuses
            if counts.get(s)
        )
        rows.append(
            [
                esc(label),
                f'<span class="tradeoffs-bars" aria-hidden="true">{bars}</span>',
                *(str(counts.get(s, 0)) for s in statuses),
                str(total),
            ]
        )
    return table(heads, rows, skip_search=True).replace("<table", '<table class="tradeoffs-chart"', 1)


def tally_chart(chosen: Iterable[tuple[str, int]]) -> str:
    """How often each option was chosen, as a table with bars."""
    chosen = list(chosen)
    top = max((count for _, count in chosen), default=1) or 1
    rows = [
        [
            esc(option),
            '<span class="tradeoffs-bars" aria-hidden="true">'
            f"{bar(100 * count / top, 'tradeoffs-bar--option', f'{option}: {count}')}</span>",
            str(count),
        ]
        for option, count in chosen
    ]
    return table([("Option", False), ("Chosen", False), ("Decisions", True)], rows, skip_search=True).replace(
        "<table", '<table class="tradeoffs-chart"', 1
    )


def meta_tags(preview: dict[str, str]) -> str:
    """Link-preview meta for a page's head: `og:*` as Open Graph properties, the rest (Twitter
    cards) as names."""
    return "".join(
        f'<meta {"property" if key.startswith("og:") else "name"}="{esc(key)}" content="{esc(value)}">\n'
        for key, value in preview.items()
        if value
    )


BLOCKS: dict[str, Callable[..., str]] = {
    "facts": facts_table,
    "scores": score_table,
    "estimates": estimates_table,
    "observations": observations_table,
    "list": bullets,
    "options": options_list,
    "pros-and-cons": pros_and_cons,
    "neighbourhood": neighbourhood,
}
"""What a template may ask for with `html_block(kind, ...)`."""
