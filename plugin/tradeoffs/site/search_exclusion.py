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

Works on the sanitiser's output (nh3 serialises with every `<` of text escaped and every
attribute value in double quotes), in one pass.
"""

from __future__ import annotations

import re
from collections import defaultdict

ATTRIBUTE = "data-search-exclude"
WRAPPER = "section"
"""A tag the sanitiser removes, so no page text can open or close one inside the wrapper."""

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[^\s\"'<>/=]+(?:=\"[^\"]*\")?)*)\s*/?>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_EXCLUDED = re.compile(r"\s" + ATTRIBUTE + r"(?:=\"[^\"]*\")?(?=[\s>/]|\Z)")


def _same_kind_inside(html_text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost excluded element that holds an element of its own tag."""
    stack: list[tuple[str, int, bool]] = []  # tag, start, excluded
    open_excluded: dict[str, list[int]] = defaultdict(list)  # tag -> stack positions
    marked: dict[int, int] = {}  # stack position's start -> end, once closed
    pending: set[int] = set()  # starts of marked elements still open
    for match in _TAG.finditer(html_text):
        closing, tag = match[1], match[2].lower()
        if tag in _VOID:
            continue
        if not closing:
            positions = open_excluded.get(tag)
            if positions:
                pending.add(stack[positions[0]][1])  # the outermost of its kind
            excluded = _EXCLUDED.search(match[3]) is not None
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
                marked[start] = match.end()
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
