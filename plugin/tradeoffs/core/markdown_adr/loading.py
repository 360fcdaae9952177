"""Every Markdown ADR of the configured folders read, numbered and cross-linked (`load_dirs`)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from tradeoffs.core.files import confine
from tradeoffs.core.markdown_adr import finding, names
from tradeoffs.core.markdown_adr import status as adr_status
from tradeoffs.core.markdown_adr.converting import position_document, to_decision
from tradeoffs.core.markdown_adr.finding import (
    SKIPPED_FOLDERS,
    folder_tag,
    is_record,
    markdown_files,
)
from tradeoffs.core.markdown_adr.names import SUFFIXES
from tradeoffs.core.markdown_adr.numbering import assign_numbers, first_commit_dates, separate_duplicates
from tradeoffs.core.markdown_adr.parsing import parse_file
from tradeoffs.core.markdown_adr.record import MarkdownADR, MarkdownSet
from tradeoffs.core.markdown_adr.relations import resolve
from tradeoffs.core.model import Decision
from tradeoffs.core.problems import Problem, error, warning
from tradeoffs.core.source import Document


def load_dirs(
    directories: Iterable[Path],
    *,
    display: Callable[[Path], str],
    prefix: str = "ADR",
    taken: Iterable[int] = (),
    root: Path | None = None,
    status_words: dict[str, str] | None = None,
) -> MarkdownSet:
    """Read, number and cross-link every Markdown ADR in the folders (with `root`, only those
    that are really inside the project: see `files.confine`). Their links are as written:
    placing them on the site is the site's (`site.record_links`)."""
    problems: list[Problem] = []
    records: list[MarkdownADR] = []
    skipped: list[finding.Skipped] = []
    for directory in directories:
        if not directory.is_dir():
            problems.append(
                error(display(directory), 1, 1, "markdown_dirs names a folder that does not exist")
            )
            continue
        dates: dict[Path, _dt.date] | None = None
        listed = markdown_files(directory)
        if root is not None:
            listed, refused = confine(listed, directory, root, "Markdown ADR")
            problems += refused
        skipped += finding.unlisted(directory, listed, SUFFIXES, SKIPPED_FOLDERS)
        for path in listed:
            rec = parse_file(path, display(path), prefix, adr_status.vocabulary(status_words))
            if rec.skip_reason:
                skipped.append(finding.Skipped(path, rec.skip_reason, rec.title_line))
                continue
            if (
                path.parent != directory
                and not is_record(rec)
                and not names.is_folder_record(path, directory)
            ):
                # a page beside the records in a subfolder (an export's framework pages)
                index = path.stem.lower() in names.INDEX_NAMES
                reason = (
                    "an index page (README or index) of its folder, with no status"
                    if index
                    else "in a subfolder, with no number, date or status"
                )
                skipped.append(finding.Skipped(path, reason, recognised=index))
                continue
            rec.root = directory
            tag = folder_tag(path, directory)
            if tag and tag not in rec.tags:
                rec.tags = (*rec.tags, tag)
            if rec.title and rec.date is None:
                dates = first_commit_dates(directory) if dates is None else dates
                rec.date = dates.get(path.resolve())
                if rec.date is None:
                    rec.problems.append(
                        warning(
                            rec.file,
                            rec.title_line,
                            1,
                            "no date in the record and none in git: the date is unknown",
                        )
                    )
            records.append(rec)
    readable = [r for r in records if r.title]
    separate_duplicates(readable)
    taken = set(taken) | {r.number for r in records if r.number is not None}
    assign_numbers(readable, taken)
    numbers = resolve(readable, taken)
    out: list[tuple[MarkdownADR, Decision, Document]] = []
    for rec in readable:
        if rec.number is None:
            continue
        out.append((rec, to_decision(rec, prefix), position_document(rec)))
    for rec in records:
        problems += rec.problems
    skipped = [replace(s, file=display(s.path)) for s in skipped]
    return MarkdownSet(
        records=readable,
        decisions=out,
        problems=problems,
        numbers=numbers,
        skipped=skipped,
        unread=[r for r in records if not r.title],
    )
