"""A record's title: the number it states (`ADR 12: ...`, `12. ...`), and a title that is only
a template's placeholder.
"""

from __future__ import annotations

import re

_TITLE_NUMBER = re.compile(
    r"^(?:(?:ADR|RFC)[-_ /]?(?P<a>[0-9]+)\s*[:.)\-–—]?\s*|(?P<b>[0-9]+)\s*[.:)\-–—]\s+|"
    r"architecture decision record\s*[:\-–—]\s*|decision\s*[:\-–—]\s*)",
    re.IGNORECASE,
)


PLACEHOLDER_TITLE = re.compile(
    r"^\s*(?:\[[^\]]*\]|\{[^}]*\}|<[^>]*>|title|short title.*|"
    r"adr template|template)\s*$",
    re.IGNORECASE,
)
"""A title that only holds a placeholder: the file is a template, not a record."""


def strip_title_number(title: str) -> str:
    title = title.strip()
    for _ in range(2):  # "Architecture Decision Record: ADR 12: Title"
        title = _TITLE_NUMBER.sub("", title, count=1).strip() or title
    return title


def title_number(title: str) -> int | None:
    """The number a title states ('ADR 12: ...', '12. ...'), if any."""
    match = _TITLE_NUMBER.match(title.strip())
    number = match and (match["a"] or match["b"])
    return int(number) if number else None
