"""Escape the `[`, `(` and `<` that nothing closes, before Python-Markdown reads a page.

Python-Markdown looks for the end of a link, a link's address or an HTML tag from every `[`,
`](` and `<`, reading the rest of the paragraph each time: 20 KB of `[x](a` took it half a
minute and `<a` or `[` repeated grew with the square of their length. An opener that nothing
closes is shown as it is written anyway, so escaping it (`\\[`, `\\(`, `&lt;`) changes nothing
a reader sees and leaves Python-Markdown nothing to search for (done where a paragraph holds
many of them: prose is left exactly as written). One pass over each paragraph;
code fences and code spans are left alone, and indented code unless it is far longer than
code is (the escapes would show there).
"""

from __future__ import annotations

import re

from tradeoffs.core.code_spans import code_spans
from tradeoffs.site.mentions import FENCE

_INDENTED_CODE_MAX = 10_000
"""An indented block longer than this is read like a paragraph: hostile, not code."""

_UNMATCHED_MIN = 100
"""Fewer unmatched openers than this in a paragraph are left as written: Python-Markdown reads
them quickly enough, and prose that opens a parenthesis it never closes stays untouched."""


def escape_unmatched(markdown: str) -> str:
    """`markdown` with the openers no closer matches escaped, paragraph by paragraph."""
    if "[" not in markdown and "(" not in markdown and "<" not in markdown:
        return markdown
    out: list[str] = []
    block: list[str] = []
    fence: str | None = None

    def flush() -> None:
        if block:
            text = "\n".join(block)
            indented = block[0].startswith(("    ", "\t"))
            out.append(text if indented and len(text) <= _INDENTED_CODE_MAX else _escape(text))
            block.clear()

    for line in markdown.split("\n"):
        opened = FENCE.match(line)
        if fence is not None:
            out.append(line)
            if opened and opened["fence"].startswith(fence) and not line[opened.end() :].strip():
                fence = None
            continue
        if opened:
            flush()
            fence = opened["fence"]
            out.append(line)
        elif not line.strip():
            flush()
            out.append(line)
        else:
            block.append(line)
    flush()
    return "\n".join(out)


_SPECIAL = re.compile(r"[\\\[\]()<>]")


def _escape(text: str) -> str:
    spans = code_spans(text)
    escape: list[int] = []
    brackets: list[int] = []
    parens: list[int] = []
    angle: int | None = None
    span = 0
    skip_to = 0  # past a backslash's character or a code span
    for found in _SPECIAL.finditer(text):  # only the characters that matter, found in C
        i = found.start()
        if i < skip_to:
            continue
        while span < len(spans) and spans[span][1] <= i:
            span += 1
        if span < len(spans) and spans[span][0] <= i:
            skip_to = spans[span][1]
            continue
        char = text[i]
        if char == "\\":
            skip_to = i + 2
        elif char == "[":
            brackets.append(i)
        elif char == "]":
            if brackets:
                brackets.pop()
        elif char == "(":
            parens.append(i)
        elif char == ")":
            if parens:
                parens.pop()
        elif char == "<":
            if angle is not None:
                escape.append(angle)
            angle = i
        else:  # >
            angle = None
    escape += brackets + parens + ([angle] if angle is not None else [])
    if len(escape) < _UNMATCHED_MIN:
        return text
    out: list[str] = []
    last = 0
    for at in sorted(escape):
        out += [text[last:at], "&lt;" if text[at] == "<" else "\\" + text[at]]
        last = at + 1
    out.append(text[last:])
    return "".join(out)
