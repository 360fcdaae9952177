"""Parts of a page left out of search (`data-search-exclude`) that hold an element of their own
kind, made safe for Material's search plugin.

Material's search parser compares elements by tag name alone: in `<pre data-search-exclude>
<pre>x</pre></pre>` the end of the inner `<pre>` ends the exclusion, and the end of the outer
one then makes it look for an opening `<pre>` it never recorded, and the build stops with a
traceback. Authors can write that (raw HTML is Markdown), and so can a team template's
`<div data-search-exclude markdown>` around an admonition (a `<div>` in a `<div>`, whose text
after the admonition was indexed after all). Such an element is wrapped in a `<section
data-search-exclude>`: the sanitiser lets no `<section>` through, so nothing inside can end the
wrapper's exclusion.

Works on the sanitiser's output, where every `<` and `>` of text and of attribute values is
escaped (nh3), so a `<` opens a tag and a `>` ends one; in one pass.
"""

from __future__ import annotations

import re
from collections import defaultdict

ATTRIBUTE = "data-search-exclude"
WRAPPER = "section"
"""A tag the sanitiser removes, so no page text can open or close one inside the wrapper."""

_NAME = re.compile(r"<([a-z][a-z0-9]*)")
_EXCLUDED = re.compile(r"\s" + ATTRIBUTE + r"(?=[\s=/>]|\Z)")
CANNOT_NEST = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p"})
"""Elements HTML never puts inside one of their own kind (most exclusions on an ADR page)."""


def _nesting_kinds(html_text: str) -> set[str]:
    """The tags of excluded elements that may hold one of their own kind: an opening `<tag`
    before the first `</tag` after the element's start tag. (The sanitiser's output escapes
    `<` and `>` in attribute values, so the `<` before the attribute opens its tag.)"""
    kinds: set[str] = set()
    at = html_text.find(ATTRIBUTE)
    while at >= 0:
        opening = html_text.rfind("<", 0, at)
        name = _NAME.match(html_text, opening) if opening >= 0 else None
        tag_end = html_text.find(">", at)
        if name is not None and name[1] not in CANNOT_NEST and name[1] not in kinds and tag_end > at:
            kind = name[1]
            close = html_text.find(f"</{kind}", tag_end)
            if html_text.find(f"<{kind}", tag_end, close if close >= 0 else len(html_text)) >= 0:
                kinds.add(kind)
        at = html_text.find(ATTRIBUTE, at + len(ATTRIBUTE))
    return kinds


def _same_kind_inside(html_text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost excluded element that holds an element of its own tag."""
    kinds = _nesting_kinds(html_text)
    if not kinds:  # most pages: excluded headings and diagrams
        return []
    # only the tags of those kinds: elements of one kind nest properly among themselves
    tags = re.compile(r"<(/?)(" + "|".join(sorted(kinds)) + r")(?=[\s/>])")
    stack: list[tuple[str, int, bool]] = []  # tag, start, excluded
    open_excluded: dict[str, list[int]] = defaultdict(list)  # tag -> stack positions
    marked: dict[int, int] = {}  # start -> end of each element to wrap, once closed
    pending: set[int] = set()  # starts of elements to wrap still open
    for match in tags.finditer(html_text):
        closing, tag = match[1], match[2]
        end = html_text.find(">", match.end())
        end = len(html_text) if end < 0 else end + 1
        if not closing:
            positions = open_excluded.get(tag)
            if positions:
                pending.add(stack[positions[0]][1])  # the outermost of its kind
            excluded = _EXCLUDED.search(html_text, match.end(), end) is not None
            if excluded:
                open_excluded[tag].append(len(stack))
            stack.append((tag, match.start(), excluded))
            continue
        while stack:  # an end tag closes what is open inside it too (well-formed input: one)
            top, start, excluded = stack.pop()
            if excluded:
                open_excluded[top].pop()
            if start in pending:
                pending.discard(start)
                marked[start] = end
            if top == tag:
                break
    spans: list[tuple[int, int]] = []
    for start in sorted(marked):
        if spans and start < spans[-1][1]:
            continue  # inside one already wrapped
        spans.append((start, marked[start]))
    return spans


def guard_exclusions(html_text: str) -> str:
    """The page with each excluded element that holds one of its own kind wrapped in an
    excluded `<section>` (see the module's docstring)."""
    if ATTRIBUTE not in html_text:
        return html_text
    spans = _same_kind_inside(html_text)
    if not spans:
        return html_text
    out: list[str] = []
    position = 0
    for start, end in spans:
        out += [
            html_text[position:start],
            f"<{WRAPPER} {ATTRIBUTE}>",
            html_text[start:end],
            f"</{WRAPPER}>",
        ]
        position = end
    out.append(html_text[position:])
    return "".join(out)
