"""Dates as teams write them in Markdown ADRs.

`2024-11-11`, `[2023-01-17]`, `2024/11/11`, `11/11/2024` and `11.11.2024` (day first, as most
of the world writes it, unless only month first makes a date: `05/13/2024`), `Dec 19, 2022`,
`19 December 2022`, `2023年1月17日`, `May 2025` (a month only: the first of the month, with the
wording kept, since it says less than a day), a time or a note after the date. Month names in
the languages the status table reads. Patterns are anchored and bounded, so linear in the text.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from tradeoffs.core.markdown_adr.status import fold

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar janvier enero janeiro januari jänner janv ene",
        "february feb februar fevrier febrero fevereiro februari fev fevr",
        "march mar marz mars marzo marco maart mrz",
        "april apr avril abril avr abr",
        "may mai mayo maio mei",
        "june jun juni juin junio junho",
        "july jul juli juillet julio julho juil",
        "august aug aout agosto augustus ago",
        "september sep sept septembre septiembre setembro set",
        "october oct oktober octobre octubre outubro okt out",
        "november nov novembre noviembre novembro",
        "december dec dezember decembre diciembre dezembro dic dez",
    ),
    1,
):
    for _name in _names.split():
        _MONTHS.setdefault(fold(_name), _number)

_NUMERIC = re.compile(r"([0-9]{1,4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,4})")
_CJK = re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月(?:\s*([0-9]{1,2})\s*日)?")
_WORDS = re.compile(r"[^\W\d_]+\.?|[0-9]{1,4}(?:st|nd|rd|th|\.)?")


@dataclass(frozen=True)
class DateReading:
    date: _dt.date
    wording: str = ""
    """The date as written, kept when it says less than a day (`May 2025`)."""


def read(text: str) -> DateReading | None:
    """The date a field's value states, or None when it states none this can read."""
    text = text.strip().strip("[]()*_`\"'").strip()
    if not text or len(text) > 200:
        return None
    cjk = _CJK.search(text)
    if cjk is not None:
        day = int(cjk[3]) if cjk[3] else 1
        found = _make(int(cjk[1]), int(cjk[2]), day)
        if found is not None:
            return DateReading(found, "" if cjk[3] else cjk[0])
    numeric = _NUMERIC.search(text)
    if numeric is not None and numeric.start() < 3:
        a, b, c = numeric.groups()
        if len(a) == 4:
            found = _make(int(a), int(b), int(c))
        elif len(c) == 4:
            first, second = int(a), int(b)
            # day first, as most of the world writes it, unless only month first can be right
            found = _make(int(c), second, first) or _make(int(c), first, second)
        else:
            found = None
        if found is not None:
            return DateReading(found)
    return _worded(text)


def _worded(text: str) -> DateReading | None:
    """`Dec 19, 2022`, `19 December 2022`, `May 2025`, `19. Mai 2022`: the first words only."""
    month = year = day = None
    for token in _WORDS.findall(text[:80])[:6]:
        word = fold(token.rstrip("."))
        digits = token.rstrip(".").removesuffix("st").removesuffix("nd").removesuffix("rd").removesuffix("th")
        if month is None and word in _MONTHS:
            month = _MONTHS[word]
        elif digits.isdigit() and len(digits) == 4 and year is None:
            year = int(digits)
        elif digits.isdigit() and len(digits) <= 2 and day is None:
            day = int(digits)
        elif word not in ("de", "of", "the", "le", "el", "der"):
            break
    if month is None or year is None:
        return None
    found = _make(year, month, day or 1)
    if found is None:
        return None
    return DateReading(found, "" if day else text)


def _make(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day) if 1900 <= year <= 2200 else None
    except ValueError:
        return None
