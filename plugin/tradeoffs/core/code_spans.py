"""Where a line's Markdown code spans are, found in one pass.

A regular expression for code spans (`` (`+)(.+?)\\1 ``) backtracks over the length of every
backtick run and rescans the rest of the text from each one: text of backticks took it cubic
time (a 10 KB decision kept a build busy for minutes). CommonMark's rule is simple enough to
follow directly: a run of N backticks opens a span that the next run of exactly N closes; a run
that no later run matches is plain text.
"""

from __future__ import annotations

import re

_RUN = re.compile(r"`+")


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every code span in `text`, backticks included, in order."""
    runs = [(m.start(), m.end()) for m in _RUN.finditer(text)]
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):  # the next run of the same length, from the right
        length = runs[i][1] - runs[i][0]
        following[i] = last.get(length)
        last[length] = i
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        closer = following[i]
        if closer is None:
            i += 1  # no run closes it: its backticks are text
            continue
        spans.append((runs[i][0], runs[closer][1]))
        i = closer + 1
    return spans


def outside_code(text: str) -> list[tuple[str, bool]]:
    """`text` cut into pieces, each with whether it is a code span."""
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for start, end in code_spans(text):
        if start > pos:
            pieces.append((text[pos:start], False))
        pieces.append((text[start:end], True))
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces
