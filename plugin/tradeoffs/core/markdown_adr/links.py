"""Links in Markdown ADRs that the inline-link readers do not see.

Reference-style links (`[the first record]` with `[the first record]: 0001-first.md` below)
point at other records as often as inline ones do; their definitions are re-pointed with the
same lookup. The pattern is anchored at a line's start and its parts exclude what ends them,
so it stays linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

LINK = re.compile(r"\[(?P<text>[^\[\]]*)\]\(\s*<?(?P<url>[^)\s>\[\]]+)>?(?:\s+\"[^\"]*\")?\s*\)")
"""An inline link's text and address (an image's too: its `!` is not part of the match)."""

DEFINITION = re.compile(
    r"^(?P<lead> {0,3}\[(?P<label>[^\]\n]{1,999})\]:[ \t]*)(?P<open><?)(?P<url>[^\s<>]++)(?P<rest>.*)$",
    re.MULTILINE,
)


_FILE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}$")


def names_a_file(url: str) -> bool:
    """`0001-a.md`, `img/flow.png#x`: a URL whose path ends in a file name with a suffix."""
    path = url.split("#", 1)[0].split("?", 1)[0]
    return bool(path) and _FILE_SUFFIX.search(path[-9:]) is not None


def repoint_definitions(text: str, target: Callable[[str], str | None]) -> str:
    """Each definition's URL replaced by `target(url)` where that gives one; an empty one
    removes the definition (its `[label]` then reads as text)."""

    def replace(match: re.Match[str]) -> str:
        new = target(match["url"])
        if new is None:
            return match[0]
        if not new:
            return ""
        return f"{match['lead']}{match['open']}{new}{match['rest']}"

    return DEFINITION.sub(replace, text)
