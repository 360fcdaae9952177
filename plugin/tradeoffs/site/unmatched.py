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
    if not any(c in markdown for c in "[(<`"):
        return markdown
    lines = markdown.split("\n")
    closes = _closing_fences(lines)
    out: list[str] = []
    block: list[str] = []
    fence: str | None = None

    def flush() -> None:
        if block:
            text = "\n".join(block)
            indented = block[0].startswith(("    ", "\t"))
            out.append(text if indented and len(text) <= _INDENTED_CODE_MAX else _escape(text))
            block.clear()

    for number, line in enumerate(lines):
        opened = FENCE.match(line)
        if fence is not None:
            out.append(line)
            if opened and opened["fence"].startswith(fence) and not line[opened.end() :].strip():
                fence = None
            continue
        if opened and closes[number]:
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


def _closing_fences(lines: list[str]) -> list[bool]:
    """For each line, whether a fence it opens is closed further down. Python-Markdown (its
    fenced_code and pymdownx.superfences alike) reads a fence nothing closes as text, so its
    line is escaped like any other text (a line of 2,000 backticks: 49 s unescaped). One pass
    from the end, keeping the longest bare fence of each character seen so far."""
    longest = {"`": 0, "~": 0}
    out = [False] * len(lines)
    for number in range(len(lines) - 1, -1, -1):
        opened = FENCE.match(lines[number])
        if opened is None:
            continue
        fence = opened["fence"]
        out[number] = longest[fence[0]] >= len(fence)
        if not lines[number][opened.end() :].strip():
            longest[fence[0]] = max(longest[fence[0]], len(fence))
    return out


_SPECIAL = re.compile(r"[\\\[\]()<>]")
_TICKS = re.compile(r"`+")

_TICKS_MIN = 100
"""Below this sum of squared lengths of the backtick runs no run closes, they are left as written.
Python-Markdown's code-span pattern tries every length of such a run from each of its backticks
and reads the rest of the paragraph for each (1,000 backticks: 15 s); CommonMark reads them as
plain backticks, which is what `\\`` shows."""


def _unmatched_ticks(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Where the backticks of the runs that no run closes are, when there is much of them."""
    out: list[int] = []
    cost = 0
    span = 0
    for run in _TICKS.finditer(text):
        while span < len(spans) and spans[span][1] <= run.start():
            span += 1
        if span < len(spans) and spans[span][0] <= run.start():
            continue  # a code span's own backticks
        start = run.start()
        if start and text[start - 1] == "\\":
            start += 1  # its first backtick is escaped already: leave it as written
        cost += (run.end() - start) ** 2
        out += range(start, run.end())
    return out if cost >= _TICKS_MIN else []


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
        escape = []
    escape += _unmatched_ticks(text, spans)
    if not escape:
        return text
    out: list[str] = []
    last = 0
    for at in sorted(escape):
        out += [text[last:at], "&lt;" if text[at] == "<" else "\\" + text[at]]
        last = at + 1
    out.append(text[last:])
    return "".join(out)
