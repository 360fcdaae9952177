"""Read hand-written Markdown ADRs (adr-tools/Nygard, MADR 2, 3 and 4, log4brains) as Decisions.

A team that already keeps ADRs in Markdown can publish them beside its YAML decisions
(the `markdown_dirs` option) or convert them once (`tradeoffs import`). Markdown is parsed
with markdown-it-py (CommonMark) for headings, sections and list items, and front matter with
PyYAML's safe loader; small regular expressions only read field lines such as `Status: accepted`.

Numbers: a file named `NNNN-short-title.md` keeps its number. Every other ADR file (log4brains'
`20210120-short-title.md`, or a name without a number) is numbered after the highest number
already taken (the YAML decisions' and the numbered Markdown ADRs'), in order of its date, then
its file name, then its folder; an ADR without a date comes after the dated ones.
"""

from __future__ import annotations

import datetime as _dt
import html
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tradeoffs.core import (
    adr_dates,
    adr_files,
    adr_links,
    adr_sections,
    adr_status,
    markdown_budget,
    markdown_lists,
    source,
)
from tradeoffs.core.beside_files import refusal as beside_refusal
from tradeoffs.core.decisions import slugify
from tradeoffs.core.files import confine
from tradeoffs.core.model import Decision
from tradeoffs.core.problems import Problem, error, warning
from tradeoffs.core.references import record_id_pattern
from tradeoffs.core.source import Document

SUFFIXES = (".md", ".markdown")
NUMBERED = re.compile(
    r"^(?:adr[-_]?)?(?P<number>[0-9]{1,6})(?:[-_ ](?P<slug>.+))?\.(?:md|markdown)$", re.IGNORECASE
)
DATED = re.compile(r"^(?P<date>[0-9]{8})-(?P<slug>.+)\.(?:md|markdown)$", re.IGNORECASE)
NOT_ADRS = {
    "readme",
    "index",
    "template",
    "adr-template",
    "_template",
    "changelog",
    "decision-template",
    "adr_template",
    "contributing",
    "license",
}
"""Files that sit beside ADRs in these tools' folders but are not records."""

MAX_BYTES = 1024 * 1024

_FIELD = re.compile(
    r"^\s{0,3}(?:[-*+]\s+)?(?:\*\*|__)?(?P<key>[A-Za-z][A-Za-z -]{0,30}?)\s*"
    r"(?::(?:\*\*|__)|(?:\*\*|__)?:)\s*+(?P<value>(?:\s*\S)*?)\s*$"  # linear: no `.*?\s*$`
)
FIELD_NAMES = {
    "status": "status",
    "date": "date",
    "deciders": "deciders",
    "decision-makers": "deciders",
    "decision makers": "deciders",
    "tags": "tags",
    "technical story": "technical story",
    "consulted": "consulted",
    "informed": "informed",
    "status history": "status history",
    "statushistory": "status history",
    "status_history": "status history",
    "authors": "authors",
    "author": "authors",
}
"""Metadata field names (lower case) as the formats write them, and what we call them."""

_TITLE_NUMBER = re.compile(
    r"^(?:(?:ADR|RFC)[-_ /]?(?P<a>[0-9]+)\s*[:.)\-–—]?\s*|(?P<b>[0-9]+)\s*[.:)\-–—]\s+|"
    r"architecture decision record\s*[:\-–—]\s*|decision\s*[:\-–—]\s*)",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(
    r"^\s*(?:\[[^\]]*\]|\{[^}]*\}|<[^>]*>|title|short title.*|"
    r"adr template|template)\s*$",
    re.IGNORECASE,
)
"""A title that only holds a placeholder: the file is a template, not a record."""
# Linear patterns: no repetition reads past the character that starts a later attempt (a
# comment stops at the next `<!--`, a text at the next bracket), or one unclosed `<!--` or `[`
# after another would make every attempt read to the end of the text.
_HEADING_EXTRAS = re.compile(r"<!--(?:(?!<!--).)*?-->|\{\s*[#:.][^{}]*\}", re.DOTALL)
_IMAGE = re.compile(r"!\[(?P<text>[^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)")
GENERIC_FOLDERS = {
    "adr",
    "adrs",
    "decisions",
    "decision-records",
    "docs",
    "doc",
    "architecture",
    "packages",
    "architecture-decisions",
    "decision",
    "records",
    "src",
}
"""Folder names that say nothing about a record; other folder names become its tag."""
RELATION = re.compile(
    r"^(?P<rel>superseded\s+by|supersedes|replaced\s+by|replaces|amended\s+by|amends|"
    r"clarified\s+by|clarifies|refined\s+by|refines|related\s+to|relates\s+to|see\s+also|related(?=\s*:))"
    r"\b\s*+(?::\s*+)?(?P<rest>.*)$",
    re.IGNORECASE,
)
_LINK = re.compile(r"\[(?P<text>[^\[\]]*)\]\(\s*<?(?P<url>[^)\s>\[\]]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_BARE_FILE = re.compile(r"(?<![\w.-])(?P<name>[\w.-]+\.(?:md|markdown))\b")
_BULLET = re.compile(r"^\s{0,3}(?:[-*+]|[0-9]+[.)])\s+")

STATUS_LENGTH = 1000
"""How much of a status line is read for the relations it states after the status."""

Relation = Literal["supersedes", "superseded_by", "related"]
_RELATION_KIND: dict[str, Relation] = {
    "supersedes": "supersedes",
    "replaces": "supersedes",
    "superseded by": "superseded_by",
    "replaced by": "superseded_by",
}

STATUS_WORDS: dict[str, str] = {
    "accepted": "accepted",
    "approved": "accepted",
    "adopted": "accepted",
    "decided": "accepted",
    "done": "accepted",
    "agreed": "accepted",
    "implemented": "accepted",
    "proposed": "proposed",
    "draft": "proposed",
    "drafted": "proposed",
    "open": "proposed",
    "pending": "proposed",
    "in progress": "proposed",
    "under review": "proposed",
    "in review": "proposed",
    "wip": "proposed",
    "suggested": "proposed",
    "rejected": "rejected",
    "declined": "rejected",
    "refused": "rejected",
    "abandoned": "rejected",
    "deprecated": "deprecated",
    "obsolete": "deprecated",
    "retired": "deprecated",
    "superseded": "superseded",
    "replaced": "superseded",
    "on hold": "proposed",
    "postponed": "proposed",
    "deferred": "proposed",
    "partly superseded": "accepted",
    "partially superseded": "accepted",
    "amended": "accepted",
}
"""Status words as teams write them, and ours; the wording itself stays in the record's text."""


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
        """The heading's name as the readers know it (English, see `adr_sections`)."""
        return adr_sections.heading_key(normalise(self.title))

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
    """Status words: the built-in table with the team's `status_words` (see `adr_status`)."""
    problems: list[Problem] = field(default_factory=list)
    damaged: bool = False
    """Part of the record could not be read (its front matter): it must be fixed, not guessed."""
    supersedes: list[int] = field(default_factory=list)
    related: list[int] = field(default_factory=list)
    superseded_by: list[int] = field(default_factory=list)
    link_targets: dict[str, int] = field(default_factory=dict)
    """Link targets in the text that name another ADR file -> its number."""
    record_numbers: dict[Path, int] = field(default_factory=dict)
    """Every record's resolved path -> its number (shared by all records of a set)."""
    renumbered: dict[int, int] = field(default_factory=dict)
    """Numbers the import moved: old -> new, for links found through `record_numbers`."""
    root: Path | None = None
    """The markdown_dirs folder the record was found in."""

    @property
    def file_date(self) -> _dt.date | None:
        return adr_files.name_date(adr_files.record_name(self.path))

    def section(self, *names: str) -> Section | None:
        wanted = {adr_sections.heading_key(normalise(n)) for n in names}
        return next((s for s in walk(self.sections) if s.key in wanted), None)


@dataclass
class MarkdownSet:
    """Every Markdown ADR of the configured folders, numbered and cross-linked."""

    records: list[MarkdownADR]
    decisions: list[tuple[MarkdownADR, Decision, Document]]
    problems: list[Problem]
    skipped: list[adr_files.Skipped] = field(default_factory=list)
    """Markdown files not read as records (templates, index pages...), each with the reason."""
    files: dict[str, Path] = field(default_factory=dict)
    """Images and other files the records link to, to publish beside their pages:
    path under the decisions' folder -> the file."""


def normalise(text: str) -> str:
    """Lower-case plain text of a heading or option title, for matching."""
    text = _LINK.sub(lambda m: m["text"], _IMAGE.sub(lambda m: m["text"], text))
    text = re.sub(r"[*_`\"“”'‘’]", "", text)
    return " ".join(text.lower().replace("–", "-").split()).strip(" .:")


def plain(text: str) -> str:
    """One line of text without Markdown emphasis and with links reduced to their text."""
    text = _LINK.sub(lambda m: m["text"], _IMAGE.sub(lambda m: m["text"], text))
    text = re.sub(r"(?<!\\)(\*\*|__|`)", "", text)
    text = html.unescape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", text))
    return " ".join(text.split())


def walk(sections: Iterable[Section]) -> Iterable[Section]:
    for section in sections:
        yield section
        yield from walk(section.children)


def _parser() -> MarkdownIt:
    """Blocks only: headings, sections and list items are all this reader takes, and
    markdown-it's inline parser reads `![` after `![` in time that grows with its square."""
    return MarkdownIt("commonmark").disable("inline")


def list_items(text: str, first_line: int) -> list[tuple[str, int]]:
    """Top-level list items of a Markdown text, each as one line of text, with its file line."""
    tokens = _parser().parse(text)
    lines = text.splitlines()
    out: list[tuple[str, int]] = []
    depth = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open" and depth == 1 and token.map:
            start, end = token.map
            item = "\n".join(lines[start:end])
            out.append((" ".join(_BULLET.sub("", item, count=1).split()), first_line + start))
    return out


def text_without_lists(text: str) -> str:
    """A Markdown text with its top-level lists taken out (their items are read separately)."""
    tokens = _parser().parse(text)
    lines = text.splitlines()
    drop: set[int] = set()
    for token in tokens:
        if token.level == 0 and token.type in ("bullet_list_open", "ordered_list_open") and token.map:
            drop.update(range(*token.map))
    kept = [line for i, line in enumerate(lines) if i not in drop]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def normalise_status(raw: str, words: dict[str, str] | None = None) -> str | None:
    """Our status for a status as written ("Superseded by ...", "✅ Accepted", "Aceito", a badge
    image, "Draft"), or None when no table knows the words (see `adr_status`)."""
    reading = adr_status.read(normalise(raw).strip("[]") or raw, words)
    return reading.status if reading is not None and reading.exact else None


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


def clean_heading(title: str) -> str:
    """A heading without trailing HTML comments and `{#id}` attribute lists."""
    return " ".join(piece.strip() for piece in _HEADING_EXTRAS.split(title)).strip()


SKIPPED_FOLDERS = {"node_modules", "site", "__pycache__"}


def markdown_files(directory: Path) -> list[Path]:
    """The ADR files of a folder and its subfolders (README, index and template files are not
    records; nor, in subfolders, files with neither a number or date in their name nor a status,
    which `is_record` decides once they are read)."""
    if not directory.is_dir():
        return []
    out: list[Path] = []
    for path in directory.rglob("*"):
        relative = path.relative_to(directory).parts
        if any(part.startswith((".", "_")) or part in SKIPPED_FOLDERS for part in relative):
            continue
        if (
            path.suffix.lower() in SUFFIXES
            and path.is_file()
            and (path.stem.lower() not in NOT_ADRS or adr_files.in_subfolder_index(path, directory))
        ):
            match = NUMBERED.match(path.name)
            if match and (match["slug"] or "").lower() in NOT_ADRS:
                continue
            out.append(path)
    return sorted(out, key=lambda p: (len(p.relative_to(directory).parts), p.as_posix()))


def folder_tag(path: Path, root: Path) -> str | None:
    """The tag a record's subfolder gives it: its last folder name that is not a generic one."""
    folder = path.parent.parent if adr_files.is_folder_record(path, root) else path.parent
    parts = [p for p in folder.relative_to(root).parts if p.lower() not in GENERIC_FOLDERS]
    return parts[-1][:60] if parts else None


# --- reading one file ---------------------------------------------------------------------


def _front_matter(lines: list[str], rec: MarkdownADR) -> tuple[dict[str, Any], int]:
    """Front matter as data and the number of lines it takes (0 when there is none)."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        rec.problems.append(
            error(rec.file, 1, 1, "the front matter that starts here is never closed with a '---' line")
        )
        rec.damaged = True
        return {}, 0
    # the one bounded reader of every YAML (aliases, nesting, numbers, dates); its lines are
    # the front matter's, which starts on the file's second line
    doc, found = source.parse(rec.file, "\n".join(lines[1:end]), what="front matter")
    for problem in found:
        message = problem.message.replace("invalid YAML:", "invalid YAML in the front matter:", 1)
        rec.problems.append(replace(problem, line=problem.line + 1, message=message))
    if doc is None or any(p.is_error for p in found):
        rec.damaged = True
        if doc is None:
            return {}, end + 1
    data = doc.data
    if data is None:
        return {}, end + 1
    if not isinstance(data, dict):
        rec.problems.append(
            error(
                rec.file, 2, 1, "the front matter must be a mapping of fields (status: accepted, date: ...)"
            )
        )
        rec.damaged = True
        return {}, end + 1
    for key, value in data.items():
        name = str(key).strip().lower()
        line = doc.keys[(key,)][0] + 1
        known = FIELD_NAMES.get(name) or adr_sections.FRONT_MATTER.get(name, name)
        rec.fields[name if known in rec.fields and known != name else known] = (value, line)
    return data, end + 1


def _headings(tokens: list[Token], offset: int) -> list[tuple[int, str, int, int]]:
    """(level, title, first line index, line index after it) of every heading, in order."""
    out: list[tuple[int, str, int, int]] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            inline = tokens[i + 1].content if i + 1 < len(tokens) else ""
            out.append(
                (int(token.tag[1]), clean_heading(inline), token.map[0] + offset, token.map[1] + offset)
            )
    return out


def _sections(lines: list[str], heads: list[tuple[int, str, int, int]]) -> list[Section]:
    """A tree of the sections below the title (level 2 and deeper)."""
    roots: list[Section] = []
    stack: list[Section] = []
    for n, (level, title, start, after) in enumerate(heads):
        if level < 2:
            continue
        end = heads[n + 1][2] if n + 1 < len(heads) else len(lines)
        while after < end and not lines[after].strip():
            after += 1  # so that text_line is the line of the text's first line
        section = Section(
            title=title,
            level=level,
            line=start + 1,
            text="\n".join(lines[after:end]).rstrip(),
            text_line=after + 1,
        )
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(section)
        stack.append(section)
    return roots


def _references_in(text: str, line: int, column: int, kind: Relation, prefix: str) -> list[Reference]:
    ids = record_id_pattern(prefix)
    out: list[Reference] = []
    for match in _LINK.finditer(text):
        url = match["url"]
        parts = urlsplit(url)
        if parts.scheme or url.startswith("#"):
            number = ids.search(match["text"])
            if number:
                out.append(Reference(kind, line, column, number=int(number["number"])))
            continue
        out.append(Reference(kind, line, column, target=unquote(parts.path)))
    if out:
        return out
    for match in _BARE_FILE.finditer(text):
        out.append(Reference(kind, line, column, target=match["name"]))
    if out:
        return out
    return [Reference(kind, line, column, number=int(m["number"])) for m in ids.finditer(text)]


def _relation(text: str, line: int, prefix: str) -> list[Reference] | None:
    """References of a line such as 'Supersedes [1. Foo](0001-foo.md)'; None for other lines."""
    match = RELATION.match(plain_prefix(text))
    if match is None:
        return None
    text = text[text.lower().find(match["rel"].split()[0].lower()) :]
    rel = " ".join(match["rel"].lower().split())
    kind = _RELATION_KIND.get(rel, "related")
    return _references_in(text, line, 1, kind, prefix)


def plain_prefix(text: str) -> str:
    return re.sub(r"^[*_]+", "", _BULLET.sub("", text.strip(), count=1))


def _read_status(rec: MarkdownADR) -> None:
    raw, line = "", 0
    history = adr_status.from_front_matter(rec.fields.get("status history", (None, 0))[0], rec.words)
    if history is not None:
        rec.consumed.add("status history")
        rec.status_history = history.history
        if "status" not in rec.fields:
            rec.fields["status"] = (history.history[-1][1], rec.fields["status history"][1])
    if "status" in rec.fields:
        value, line = rec.fields["status"]
        raw = "" if value is None else str(value)
        rec.consumed.add("status")
        refs = _relation(raw, line, rec.prefix) or _status_relations(raw, line, rec.prefix)
        if refs:
            rec.references += refs
    section = rec.section("status")
    dated = adr_status.read_history(section.text.splitlines(), rec.words) if section is not None else None
    if section is not None and dated is not None and not raw:
        # a status history: the latest entry is the status, the list stays in the page
        rec.status_history = dated.history
        latest = dated.history[-1][1]
        line = section.text_line + next(
            (i for i, t in enumerate(section.text.splitlines()) if latest in t and dated.history[-1][0] in t),
            0,
        )
        raw = dated.wording or latest
    elif section is not None:
        for i, text in enumerate(section.text.splitlines()):
            if not text.strip():
                continue
            where = section.text_line + i
            found = _relation(text, where, rec.prefix)
            if found is not None:
                refs = found
                rec.references += refs
                if refs and refs[0].kind == "superseded_by" and not raw:
                    raw, line = text.strip(), where
            elif not raw:
                raw, line = plain(plain_prefix(text)), where
                rec.references += _status_relations(text, where, rec.prefix)
    rec.raw_status = raw
    if not raw.strip():
        rec.status, rec.status_line = "proposed", rec.title_line
        rec.problems.append(
            warning(
                rec.file,
                rec.title_line,
                1,
                "no status found (a 'Status:' "
                "field, front matter or a '## Status' section); published as "
                "proposed",
            )
        )
        return
    rec.status_line = line
    reading = adr_status.read(normalise(raw).strip("[]") or raw, rec.words)
    status = reading.status if reading is not None and reading.exact else None
    if status is None:
        rec.status = reading.status if reading is not None else "proposed"
        rec.status_unknown = True
        rec.problems.append(
            warning(
                rec.file,
                line,
                1,
                f"unknown status '{plain(raw)}'; published as {rec.status}, the nearest status, "
                "with the wording kept beside it (add the word to the plugin option "
                "status_words to say which status it means)",
            )
        )
    else:
        rec.status = status
        if normalise(raw).startswith(("partly", "partially")):
            # partly superseded: still in force, so the newer record is related, not a successor
            for ref in rec.references:
                if ref.kind == "superseded_by":
                    ref.kind = "related"
        if status == "superseded" and not any(r.kind == "superseded_by" for r in rec.references):
            rec.references += [
                Reference("superseded_by", r.line, r.column, r.target, r.number)
                for r in _references_in(raw, line, 1, "superseded_by", rec.prefix)
            ]


def _status_relations(text: str, line: int, prefix: str) -> list[Reference]:
    """Relations a status line states after its status: 'Accepted; supersedes ADR-0045'."""
    text = text[:STATUS_LENGTH]  # each separator reads the rest: bounded, not quadratic
    for match in re.finditer(
        r"[;,(]\s*|\s[-–—]\s|\s(?=(?:superseded|supersedes|replaces|amends))", text, re.IGNORECASE
    ):
        refs = _relation(text[match.end() :], line, prefix)
        if refs:
            return refs
    return []


def _read_date(rec: MarkdownADR) -> None:
    if "date" not in rec.fields:
        rec.date = rec.file_date
        return
    value, line = rec.fields["date"]
    rec.consumed.add("date")
    if isinstance(value, _dt.datetime):
        rec.date = value.date()
    elif isinstance(value, _dt.date):
        rec.date = value
    else:
        text = str(value or "").strip()
        reading = adr_dates.read(text)
        if reading is not None:
            rec.date, rec.date_wording = reading.date, reading.wording
        else:
            rec.date = rec.file_date
            rec.date_wording = text  # kept beside the date the page shows, as written
            rec.problems.append(
                warning(rec.file, line, 1, f"cannot read the date '{text}'; write it as YYYY-MM-DD")
            )


def names(value: Any) -> tuple[str, ...]:
    """People or tags as a record lists them (a YAML list, or text split at commas)."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else re.split(r"[,;]", str(value))
    return tuple(dict.fromkeys(plain(str(v)) for v in items if str(v).strip()))


def _detect(rec: MarkdownADR, front: dict[str, Any], has_front: bool) -> str:
    keys = {normalise(s.title) for s in walk(rec.sections)}
    madr_like = bool(keys & {"context and problem statement", "decision outcome", "considered options"})
    if has_front:
        return "madr4" if ("decision-makers" in front or "confirmation" in keys) else "madr3"
    if DATED.match(rec.path.name) or "tags" in rec.fields:
        return "log4brains"
    if "status" in rec.fields and madr_like:
        return "madr2"
    if "status" in keys or not madr_like:
        return "nygard"
    return "madr4"


def parse_text(
    text: str, path: Path, file: str, prefix: str = "ADR", words: dict[str, str] | None = None
) -> MarkdownADR:
    """Read one Markdown ADR's text; without a title it is no ADR (its `problems` say why).
    `prefix` is the log's: records name each other with it or with the common `ADR`."""
    rec = MarkdownADR(path=path, file=file, format="", prefix=prefix, words=words)
    name = adr_files.record_name(path)  # a folder per record goes by its folder's name
    match = None if adr_files.name_date(name) else NUMBERED.match(name)
    if match:
        rec.number = int(match["number"]) or None
        rec.slug = match["slug"]
    else:
        rec.slug = adr_files.name_slug(name)
    lines = text.splitlines()
    front, skip = _front_matter(lines, rec)
    tokens = _parser().parse("\n".join(lines[skip:]))
    heads = _headings(tokens, skip)
    title = next((h for h in heads if h[0] == 1), None)
    if title is not None and any(h[0] > 1 for h in heads[: heads.index(title)]):
        title = None  # a late first H1 (`# Consequences` after `## Status`) is a section
    front_title = front.get("title") if isinstance(front.get("title"), str) else None
    if (
        title is None
        and not front_title
        and heads
        and not any(line.strip() for line in lines[skip : heads[0][2]])
        and adr_sections.heading_key(normalise(heads[0][1])) not in adr_sections.SECTION_KEYS
    ):
        title = heads[0]  # no H1 of its own: a heading of another level at the very top
    if front_title:
        rec.consumed.add("title")
        if title is None or heads.index(title) > 0:
            # Docusaurus / Backstage: the title lives in the front matter, the page has no H1
            # of its own, or a later one that is part of the text
            title = (1, front_title, rec.fields["title"][1] - 1, skip)
    if title is None:
        # no title of its own (status, date and author in a table, or text first): the record
        # is named after its file, and everything in it is its text
        title = (1, adr_files.title_from_name(name), skip, skip)
        rec.untitled = True
    raw_title = plain(clean_heading(title[1]))
    rec.title = strip_title_number(raw_title)
    rec.title_line = title[2] + 1
    if rec.number is None:
        rec.number = title_number(raw_title) or None
    if not rec.title:
        rec.problems.append(error(file, rec.title_line, 1, "the title heading is empty"))
        return rec
    template = adr_files.template_reason(raw_title, text, name)
    if _PLACEHOLDER.match(rec.title) or template:
        rec.skip_reason = template or f"a template: its title '{rec.title}' is a placeholder"
        rec.title = ""
        return rec
    # the metadata block: field lines between the title and the next heading
    nxt = next((h[2] for h in heads if h[2] >= title[3] and h is not title), len(lines))
    meta_lines: set[int] = set()
    for i in range(title[3], nxt):
        m = _FIELD.match(lines[i])
        if m and m["key"].strip().lower() in FIELD_NAMES:
            meta_lines.add(i)
            rec.fields.setdefault(FIELD_NAMES[m["key"].strip().lower()], (m["value"], i + 1))
        elif (foreign := adr_sections.field_line(lines[i])) is not None:
            # `Data:`, `日期:`, `**Decision Date:**`: the same fields, named otherwise
            meta_lines.add(i)
            rec.fields.setdefault(foreign[0], (foreign[1], i + 1))
    for i in adr_sections.table_fields(lines, title[3], nxt, rec.fields):
        meta_lines.add(i)  # `| Status | Date | Author(s) |` and a row of values
    for i in adr_sections.nested_values(lines, title[3], nxt, rec.fields, meta_lines):
        meta_lines.add(i)  # `* Deciders:` with the names in a list below it
    # H1s other than the title are sections like the `##` ones (`# Decision` under the title)
    if isinstance(front.get("id"), str) and front["id"] == path.stem:
        rec.consumed.add("id")  # Docusaurus' page id: the file's own name
    rec.sections = _sections(
        lines, [(2 if h[0] == 1 and h is not title else h[0], *h[1:]) for h in heads if h is not title]
    )
    rec.format = _detect(rec, front, skip > 0)
    _read_status(rec)
    if not rec.raw_status and "status" not in rec.fields:
        index = adr_files.index_reason(text, has_status=False)
        if index:
            rec.skip_reason = index
            return rec
    _read_date(rec)
    if "deciders" in rec.fields:
        rec.deciders = names(rec.fields["deciders"][0])
        rec.consumed.add("deciders")
    if "tags" in rec.fields:
        rec.tags = tuple(t[:60] for t in names(rec.fields["tags"][0]))
        rec.consumed.add("tags")
    for section in walk(rec.sections):
        if section.key in ("links", "more information", "related decisions", "related adrs"):
            for i, text in enumerate(section.text.splitlines()):
                refs = _relation(text, section.text_line + i, rec.prefix)
                if refs:
                    rec.references += refs
    preamble = [(i, line) for i, line in enumerate(lines[:nxt]) if i >= title[3] and i not in meta_lines]
    preamble_text = "\n".join(line for _i, line in preamble).strip()
    if preamble_text:
        rec.preamble = preamble_text
    if "adr" in rec.fields:
        # a page `tradeoffs export` wrote: it lists related decisions both ways, and says in
        # its front matter which are its own
        rec.references = [r for r in rec.references if r.kind != "related"]
        value, line = rec.fields.get("related", ([], 1))
        for item in value if isinstance(value, list) else [value]:
            number = record_id_pattern(rec.prefix).search(str(item)) or re.search(
                r"(?P<number>[0-9]+)", str(item)
            )
            if number:
                rec.references.append(Reference("related", line, 1, number=int(number["number"])))
        rec.consumed.add("related")
    body = [line for i, line in enumerate(lines) if i >= title[3] and i not in meta_lines]
    rec.body = re.sub(r"\n{3,}", "\n\n", "\n".join(body)).strip() + "\n"
    return rec


def parse_file(
    path: Path, file: str, prefix: str = "ADR", words: dict[str, str] | None = None
) -> MarkdownADR:
    rec = MarkdownADR(path=path, file=file, format="", prefix=prefix)
    try:
        if path.stat().st_size > MAX_BYTES:
            rec.problems.append(
                error(
                    file, 1, 1, f"the file is larger than {MAX_BYTES // 1024} KiB; an ADR is a page of text"
                )
            )
            return rec
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "it is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror
        rec.problems.append(error(file, 1, 1, f"cannot read this Markdown ADR: {reason}"))
        return rec
    if too_much := markdown_budget.text_problems(file, text):
        rec.problems += too_much  # not read: no site engine is given more than it reads in seconds
        return rec
    return parse_text(text, path, file, prefix, words)


# --- a folder: numbering and links --------------------------------------------------------


def load_dirs(
    directories: Iterable[Path],
    *,
    display: Callable[[Path], str],
    prefix: str = "ADR",
    taken: Iterable[int] = (),
    root: Path | None = None,
    docs_dir: Path | None = None,
    url_prefix: str = "decisions",
    status_words: dict[str, str] | None = None,
) -> MarkdownSet:
    """Read, number and cross-link every Markdown ADR in the folders (with `root`, only those
    that are really inside the project: see `files.confine`); `docs_dir` and `url_prefix` say
    where the site publishes them, for links to other files."""
    problems: list[Problem] = []
    records: list[MarkdownADR] = []
    skipped: list[adr_files.Skipped] = []
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
        skipped += adr_files.unlisted(directory, listed, SUFFIXES, SKIPPED_FOLDERS)
        for path in listed:
            rec = parse_file(path, display(path), prefix, adr_status.vocabulary(status_words))
            if rec.skip_reason:
                skipped.append(adr_files.Skipped(path, rec.skip_reason))
                continue
            if (
                path.parent != directory
                and not is_record(rec)
                and not adr_files.is_folder_record(path, directory)
            ):
                # a page beside the records in a subfolder (an export's framework pages)
                reason = (
                    "an index page (README or index) of its folder, with no status"
                    if path.stem.lower() in adr_files.INDEX_NAMES
                    else "in a subfolder, with no number, date or status"
                )
                skipped.append(adr_files.Skipped(path, reason))
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
    _separate_duplicates(readable)
    taken = set(taken) | {r.number for r in records if r.number is not None}
    assign_numbers(readable, taken)
    _resolve(readable, taken)
    out: list[tuple[MarkdownADR, Decision, Document]] = []
    files: dict[str, Path] = {}
    for rec in readable:
        if rec.number is None:
            continue
        decision = to_decision(rec, prefix)
        decision.body = publish_links(rec, decision.body, files, docs_dir, url_prefix)
        out.append((rec, decision, position_document(rec)))
    for rec in records:
        problems += rec.problems
    return MarkdownSet(records=readable, decisions=out, problems=problems, files=files, skipped=skipped)


LOCAL_LINK = re.compile(
    r"(?P<image>!?)\[(?P<text>[^\[\]]*)\]\(\s*<?(?P<url>[^)\s>\[\]]+)>?"
    r"(?P<title>\s+\"[^\"]*\")?\s*\)"
)


def publish_links(
    rec: MarkdownADR, text: str, files: dict[str, Path], docs_dir: Path | None, url_prefix: str
) -> str:
    """Links and images to files beside the records: the files are published with the pages
    (`files`), files elsewhere in the site are linked where the site has them, and a link to a
    file the site cannot show is a problem at its line, shown as its text."""
    root = rec.root or rec.path.parent
    source = rec.path.read_text(encoding="utf-8-sig").splitlines() if rec.path.is_file() else []

    def replace(match: re.Match[str]) -> str:
        url = match["url"]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("#", "/")) or not parts.path:
            return match[0]
        target = (rec.path.parent / unquote(parts.path)).resolve()
        if re.fullmatch(r"[A-Za-z]+-[0-9]{4,}\.md", parts.path) and not target.exists():
            return match[0]  # another record's page (see rewrite_links)
        if not target.exists() and target.with_name(target.name + ".md").is_file():
            return match[0]  # `./ADR_002`: a record, or a page the site does not have
        if target.name.lower() in ("readme.md", "index.md") or target.is_dir():
            reason = "a folder or index page the decisions' pages cannot link to"
        elif target.is_file() and inside(target, root.resolve()) and (refused := beside_refusal(target)):
            reason = refused
        elif target.is_file() and inside(target, root.resolve()):
            relative = target.relative_to(root.resolve()).as_posix()
            files.setdefault(relative, target)
            return match[0].replace(
                url,
                relative
                + (f"?{parts.query}" if parts.query else "")
                + (f"#{parts.fragment}" if parts.fragment else ""),
                1,
            )
        elif target.is_file() and docs_dir is not None and inside(target, docs_dir.resolve()):
            page_folder = (docs_dir / url_prefix).resolve()
            relative = os.path.relpath(target, page_folder).replace(os.sep, "/")
            return match[0].replace(url, relative, 1)
        elif target.is_file():
            reason = "outside the folders the site publishes (add its folder to markdown_dirs)"
        else:
            reason = "which does not exist"
        line, column = next(
            (
                (i + 1, text_line.index(match[0]) + 1)
                for i, text_line in enumerate(source)
                if match[0] in text_line
            ),
            (rec.title_line, 1),
        )
        if not any(f"'{url}'" in p.message for p in rec.problems):  # reported once
            rec.problems.append(warning(rec.file, line, column, f"links to '{url}', {reason}; shown as text"))
        return match["text"]

    def definition(url: str) -> str | None:
        link = LOCAL_LINK.match(f"[x]({url})")
        if link is None or not adr_links.names_a_file(url):
            return None  # `[issue]: (https://...)`: not a file beside the records, left as written
        out = replace(link)
        if out == link[0]:
            return None
        moved = LOCAL_LINK.match(out)
        return moved["url"] if moved is not None else ""

    # `[x]: file.md` definitions as the inline links; one to a file the site cannot show is
    # emptied, so `[x]` reads as text (and the problem is named, as for an inline link)
    return adr_links.repoint_definitions(LOCAL_LINK.sub(replace, text), definition)


def inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def is_record(rec: MarkdownADR) -> bool:
    """A file in a subfolder is a record when its name has a number or date, or it has a status."""
    return bool(
        NUMBERED.match(rec.path.name)
        or DATED.match(rec.path.name)
        or rec.raw_status
        or "status" in rec.fields
    )


def first_commit_dates(directory: Path) -> dict[Path, _dt.date]:
    """When each file in the folder was first committed (see `gitrepo.first_dates`)."""
    from tradeoffs.core import gitrepo

    return gitrepo.first_dates(directory)


def _separate_duplicates(records: list[MarkdownADR]) -> None:
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


def _resolve(records: list[MarkdownADR], others: set[int]) -> None:
    by_path = {r.path.resolve(): r for r in records}
    numbers = others | {r.number for r in records if r.number is not None}
    by_number = {r.number: r for r in records}
    for rec in records:
        for ref in rec.references:
            number = ref.number
            if ref.target:
                target = (rec.path.parent / ref.target).resolve()
                found = by_path.get(target) or by_path.get(target.with_name(target.name + ".md"))
                if found is None:
                    what = "does not exist" if not target.exists() else "is not an ADR in markdown_dirs"
                    rec.problems.append(
                        error(
                            rec.file,
                            ref.line,
                            ref.column,
                            f"{_words(ref.kind)} links to '{ref.target}', which {what}",
                        )
                    )
                    continue
                number = found.number
            elif number is not None and number not in numbers:
                rec.problems.append(
                    error(
                        rec.file,
                        ref.line,
                        ref.column,
                        f"{_words(ref.kind)} names ADR {number}, which does not exist",
                    )
                )
                continue
            if number is None or number == rec.number:
                continue
            bucket = {
                "supersedes": rec.supersedes,
                "superseded_by": rec.superseded_by,
                "related": rec.related,
            }[ref.kind]
            if number not in bucket:
                bucket.append(number)
    for rec in records:
        # "Superseded by B" in A means B supersedes A, even when B does not say so itself
        for number in rec.superseded_by:
            newer = by_number.get(number)
            if newer is not None and rec.number is not None and rec.number not in newer.supersedes:
                newer.supersedes.append(rec.number)
    shared = {r.path.resolve(): r.number for r in records if r.number is not None}
    for rec in records:
        rec.record_numbers = shared  # one map for all: `../0007-x/README.md` from a sibling folder
        for other in records:
            if other is not rec and other.number is not None:
                try:
                    relative = other.path.resolve().relative_to(rec.path.parent.resolve())
                except ValueError:
                    continue
                rec.link_targets[relative.as_posix()] = other.number


def _words(kind: Relation) -> str:
    return {"supersedes": "supersedes", "superseded_by": "superseded by", "related": "a link"}[kind]


def rewrite_links(rec: MarkdownADR, text: str, prefix: str) -> str:
    """Point links to sibling ADR files at their published pages (`ADR-0003.md`)."""

    def page(url: str) -> str | None:
        parts = urlsplit(url)
        if parts.scheme:
            return None
        path = unquote(parts.path).removeprefix("./")
        # `./ADR_002` (Docusaurus) names `ADR_002.md` as well
        number = rec.link_targets.get(path) or rec.link_targets.get(path + ".md")
        if number is None and path and rec.record_numbers:
            # a record elsewhere in the folders (`../0007-x/README.md`, `../0007-x/`)
            target = (rec.path.parent / path).resolve()
            for candidate in (
                target,
                target.with_name(target.name + ".md"),
                target / "README.md",
                target / "index.md",
            ):
                if candidate in rec.record_numbers:
                    number = rec.renumbered.get(rec.record_numbers[candidate], rec.record_numbers[candidate])
                    break
        if number is None:
            return None
        return f"{prefix}-{number:04d}.md" + (f"#{parts.fragment}" if parts.fragment else "")

    def replace(match: re.Match[str]) -> str:
        target = page(match["url"])
        return match[0] if target is None else f"[{match['text']}]({target})"

    return adr_links.repoint_definitions(_LINK.sub(replace, text), page)


def to_decision(rec: MarkdownADR, prefix: str = "ADR") -> Decision:
    assert rec.number is not None
    body = rec.body
    if "status" in rec.fields and rec.raw_status and normalise(rec.raw_status) != rec.status:
        # the status as the team wrote it, which the page's own status cannot say
        body = f"Status: {rec.raw_status.strip()}\n\n{body}"
    shown = [
        f"{name.capitalize()}: {_shown(rec.fields[name][0])}"
        for name in ("technical story", "consulted", "informed", "authors")
        if name in rec.fields and _shown(rec.fields[name][0])
    ]
    if shown:  # fields the page has no place of its own for: kept as the record wrote them
        body = "\n\n".join(shown) + f"\n\n{body}"
    if rec.date_wording:
        body = f"Date: {rec.date_wording}\n\n{body}"  # `May 2025` says less than the page's date
    return Decision(
        number=rec.number,
        slug=rec.slug or slugify(rec.title),
        path=rec.file,
        title=rec.title,
        status=rec.status,
        date=rec.date,
        prefix=prefix,
        deciders=rec.deciders,
        tags=rec.tags,
        supersedes=tuple(rec.supersedes),
        related=tuple(rec.related),
        origin=rec.format,
        body=rewrite_links(
            rec, markdown_lists.for_python_markdown(adr_sections.demote_extra_h1(body)), prefix
        ),
        status_wording=_wording(rec),
        status_history=rec.status_history,
    )


def _shown(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value or "").strip()


def _wording(rec: MarkdownADR) -> str:
    reading = adr_status.read(rec.raw_status, rec.words) if rec.raw_status else None
    return reading.wording if reading is not None else ""


def position_document(rec: MarkdownADR) -> Document:
    """Positions of the fields later checks point at, as a Document with no data."""
    values: dict[tuple[str | int, ...], tuple[int, int]] = {
        (): (rec.title_line, 1),
        ("status",): (rec.status_line, 1),
    }
    for kind in ("supersedes", "related"):
        ref = next((r for r in rec.references if r.kind == kind), None)
        if ref is not None:
            values[(kind,)] = (ref.line, ref.column)
    if ("supersedes",) not in values:
        values[("supersedes",)] = (rec.status_line, 1)
    return Document(file=rec.file, data={}, values=values)
