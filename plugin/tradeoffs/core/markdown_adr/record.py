"""One Markdown ADR as read (`MarkdownADR`), its sections and references, and a folder's set."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tradeoffs.core.markdown_adr import finding, names, sections
from tradeoffs.core.markdown_adr.text import list_items, normalise, text_without_lists
from tradeoffs.core.model import Decision
from tradeoffs.core.problems import Problem
from tradeoffs.core.source import Document

Relation = Literal["supersedes", "superseded_by", "related"]


@dataclass
class Section:
    """A heading and the Markdown below it, up to the next heading of any level."""

    title: str
    level: int
    line: int
    text: str
    text_line: int
    children: list[Section] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The heading's name as the readers know it (English, see `sections`)."""
        return sections.heading_key(normalise(self.title))

    def items(self) -> list[tuple[str, int]]:
        """The top-level list items of the section's own text, with their lines."""
        return list_items(self.text, self.text_line)

    def paragraphs(self) -> str:
        """The section's own text without its top-level lists."""
        return text_without_lists(self.text)


@dataclass
class Reference:
    """A supersedes / superseded-by / related link, resolved to a number once all are read."""

    kind: Relation
    line: int
    column: int
    target: str = ""
    number: int | None = None


@dataclass
class MarkdownADR:
    """One Markdown ADR as read, before and after numbering."""

    path: Path
    file: str
    format: str
    title: str = ""
    title_line: int = 1
    number: int | None = None
    slug: str = ""
    prefix: str = "ADR"
    """The log's prefix: other records are named with it (or with the common `ADR`)."""
    status: str = "proposed"
    raw_status: str = ""
    status_line: int = 1
    date: _dt.date | None = None
    deciders: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    fields: dict[str, tuple[Any, int]] = field(default_factory=dict)
    """Metadata as written: lower-case name -> (value, line)."""
    consumed: set[str] = field(default_factory=set)
    """Metadata fields that were read into the record."""
    sections: list[Section] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    body: str = ""
    preamble: str = ""
    """Text between the title and the first section that is not a metadata line."""
    status_unknown: bool = False
    """The status as written is none of ours: `raw_status` keeps the wording."""
    status_history: tuple[tuple[str, str], ...] = ()
    """(date as written, status as written) of a status history, oldest first."""
    date_wording: str = ""
    """The date as written when it says less than a day (`May 2025`)."""
    untitled: bool = False
    """The record has no title of its own: it is named after its file."""
    skip_reason: str = ""
    """Why the file is not a record (a template, an index page), when it is not one."""
    words: dict[str, str] | None = None
    """Status words: the built-in table with the team's `status_words` (see `status`)."""
    problems: list[Problem] = field(default_factory=list)
    damaged: bool = False
    """Part of the record could not be read (its front matter): it must be fixed, not guessed."""
    supersedes: list[int] = field(default_factory=list)
    related: list[int] = field(default_factory=list)
    superseded_by: list[int] = field(default_factory=list)
    root: Path | None = None
    """The markdown_dirs folder the record was found in."""

    @property
    def file_date(self) -> _dt.date | None:
        return names.name_date(names.record_name(self.path))

    def section(self, *names: str) -> Section | None:
        wanted = {sections.heading_key(normalise(n)) for n in names}
        return next((s for s in walk(self.sections) if s.key in wanted), None)


@dataclass
class MarkdownSet:
    """Every Markdown ADR of the configured folders, numbered and cross-linked."""

    records: list[MarkdownADR]
    decisions: list[tuple[MarkdownADR, Decision, Document]]
    problems: list[Problem]
    skipped: list[finding.Skipped] = field(default_factory=list)
    """Markdown files not read as records (templates, index pages...), each with the reason."""
    numbers: dict[Path, int] = field(default_factory=dict)
    """Every record's resolved path -> its number, for links between records."""
    unread: list[MarkdownADR] = field(default_factory=list)
    """Records that could not be read at all (no title found, too large, past the Markdown
    budget, not UTF-8): their problems say why."""


@dataclass(frozen=True)
class RecordSource:
    """Where a published record was read, for placing its links on the site."""

    path: Path
    root: Path
    """The markdown_dirs folder it was found in: files beside the records are published."""
    file: str
    title_line: int

    @classmethod
    def of(cls, rec: MarkdownADR) -> RecordSource:
        return cls(rec.path, rec.root or rec.path.parent, rec.file, rec.title_line)


def walk(sections: Iterable[Section]) -> Iterable[Section]:
    for section in sections:
        yield section
        yield from walk(section.children)
