"""Numbers for records whose file name has none, and two records that claim one number.

A file named `NNNN-short-title.md` keeps its number. Every other record (log4brains'
`20210120-short-title.md`, or a name without a number) is numbered after the highest number
already taken (the YAML decisions' and the numbered Markdown ADRs'), in order of its date, then
its file name, then its folder; a record without a date comes after the dated ones.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from pathlib import Path

from tradeoffs.core.markdown_adr.record import MarkdownADR
from tradeoffs.core.problems import error


def first_commit_dates(directory: Path) -> dict[Path, _dt.date]:
    """When each file in the folder was first committed (see `gitrepo.first_dates`)."""
    from tradeoffs.core import gitrepo

    return gitrepo.first_dates(directory)


def separate_duplicates(records: list[MarkdownADR]) -> None:
    """Two records with one number: both are published, the later one numbered anew, and the
    clash is an error naming both files."""
    seen: dict[int, MarkdownADR] = {}
    for rec in records:
        if rec.number is None:
            continue
        first = seen.get(rec.number)
        if first is None:
            seen[rec.number] = rec
            continue
        rec.problems.append(
            error(
                rec.file,
                rec.title_line,
                1,
                f"number {rec.number} is also used "
                f"by {first.file}; published under a new number until one of "
                "them is renumbered",
            )
        )
        rec.number = None


def assign_numbers(records: list[MarkdownADR], taken: Iterable[int]) -> None:
    """Number the records without a number in their file name (see the module's docstring)."""
    used = set(taken) | {r.number for r in records if r.number is not None}
    top = max(used, default=0)
    waiting = sorted(
        (r for r in records if r.number is None),
        key=lambda r: (r.date or r.file_date or _dt.date.max, r.path.name, str(r.path)),
    )
    for offset, rec in enumerate(waiting, 1):
        rec.number = top + offset
