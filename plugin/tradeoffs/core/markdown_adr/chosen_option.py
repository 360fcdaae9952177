"""The option a `Chosen option: ...` line names, in all its spellings: quoted or not, emphasised,
a title with commas and quotes inside it, an export's `Title: summary`, escaped characters.
"""

from __future__ import annotations

import re
from typing import Any

_QUOTED = re.compile(r"^[\"“”'](?P<name>[^\"“”]+)[\"“”']\s*,?\s*(?P<after>.*)$", re.DOTALL)


_ESCAPABLE = set("\\`*_{}[]()#+-.!|<>")


def chosen_name(options: list[dict[str, Any]], rest: str) -> tuple[str, str]:
    """The option (of `options`) a 'Chosen option:' line names and what follows it, in all its
    spellings."""
    rest = rest.strip()
    # an option's title as listed, with any quotes and commas inside it; the longest that
    # the line starts with wins
    # (length, title, where the rest follows): the title is cut once, for the winner only, so
    # a title of many ': ' parts costs its length, not its length squared
    found: list[tuple[int, str, int]] = []
    for option in options:
        title = option["title"]
        for opening in _OPENINGS:
            if not rest.startswith(opening):
                continue
            for length, end in _title_ends(title, rest, len(opening)).items():
                follows = _after_title(rest, end)
                if follows is not None:
                    found.append((length, title, follows))
    if found:
        length, title, follows = max(found, key=lambda f: f[0])
        return title[:length], rest[follows:].lstrip(" ,.;:")
    quoted = _QUOTED.match(rest)
    if quoted:
        return quoted["name"], quoted["after"]
    name, sep, after = rest.partition(", because")
    if not sep:
        name, _, after = rest.partition(",")
    return name.strip().split("\n")[0].rstrip("."), after


_OPENINGS = tuple(q + e for q in ('"', "“", "") for e in ("**", "__", ""))
"""What may stand before an option's title on a 'Chosen option:' line: a quote, emphasis."""


def _title_ends(title: str, rest: str, start: int) -> dict[int, int]:
    """Where in `rest` (from `start`) the title and each of its parts before a ': ' end (an
    export lists 'Title: summary'): length of the part -> end, for the parts `rest` spells.

    One pass over the title, so a title of many ': ' costs its length, not its length squared:
    a space stands for any run of whitespace, an escapable character may carry the backslash
    an export put before it, and letters match in any case.
    """
    ends: dict[int, int] = {}
    i, j = 0, start
    while True:
        if i == len(title) or title.startswith(": ", i):
            ends[i] = j
        if i == len(title):
            return ends
        char = title[i]
        if char == " ":
            spaces, run = i, j
            while spaces < len(title) and title[spaces] == " ":
                spaces += 1
            while run < len(rest) and rest[run].isspace():
                run += 1
            if run - j < spaces - i:
                return ends
            i, j = spaces, run
            continue
        if char in _ESCAPABLE and rest.startswith("\\", j) and rest[j + 1 : j + 2].lower() == char.lower():
            j += 2
        elif rest[j : j + 1].lower() == char.lower():
            j += 1
        else:
            return ends
        i += 1


def _after_title(rest: str, end: int) -> int | None:
    """Where the text after a title starts: past closing emphasis and a quote, before a space,
    punctuation or the end; None when the title runs on into a longer word."""
    for emphasis in ("**", "__", ""):
        if not rest.startswith(emphasis, end):
            continue
        for quote in ('"', "”", ""):
            after = end + len(emphasis) + len(quote)
            if rest.startswith(quote, end + len(emphasis)) and (
                after == len(rest) or rest[after] in ",.;:" or rest[after].isspace()
            ):
                return after
    return None
