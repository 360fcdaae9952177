"""Which Markdown files of the configured folders are records, and what the others are.

A record is a file (`0007-use-x.md`, `20210120-use-x.md`) or a folder per record
(`2022-02-03-integration-testing/README.md`); templates, index pages and approval pages beside
them are told by what they hold (see `names` for what a file's name says), and every file not
read as a record is named with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tradeoffs.core.markdown_adr import names
from tradeoffs.core.markdown_adr.names import DATED, NUMBERED, SUFFIXES
from tradeoffs.core.problems import Problem, warning

if TYPE_CHECKING:
    from tradeoffs.core.markdown_adr.record import MarkdownADR


_PLACEHOLDER_NUMBER = re.compile(
    r"(?:\b|_|-)(?:ADR|RFC)?[-_ ]?(?:x{2,}+|n{3,}+|#{3,}+|0{4})(?:\b|_|-|:)", re.IGNORECASE
)
_PLACEHOLDER_TEXT = re.compile(
    r"\b(?:YYYY-MM-DD|DD/MM/YYYY|MM/DD/YYYY|\{[a-z ]++\}|\[(?:short )?title[^\]\[]*+\]|"
    r"decision record title|short title of solved problem|title of the decision|lorem ipsum)\b",
    re.IGNORECASE,
)
_STATUS_CHOICES = re.compile(
    r"\b(proposed|accepted|rejected|deprecated|superseded)\b\s*+(?:\||/|,|\bor\b)\s*+"
    r"\b(proposed|accepted|rejected|deprecated|superseded)\b",
    re.IGNORECASE,
)
_LINK_TARGET = re.compile(r"\]\(([^()\[\]\s]*+)\)")
_WORD = re.compile(r"[^\W_]+")

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


SKIPPED_FOLDERS = {"node_modules", "site", "__pycache__"}


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
            and (path.stem.lower() not in NOT_ADRS or names.in_subfolder_index(path, directory))
        ):
            match = NUMBERED.match(path.name)
            if match and (match["slug"] or "").lower() in NOT_ADRS:
                continue
            out.append(path)
    return sorted(out, key=lambda p: (len(p.relative_to(directory).parts), p.as_posix()))


def folder_tag(path: Path, root: Path) -> str | None:
    """The tag a record's subfolder gives it: its last folder name that is not a generic one."""
    folder = path.parent.parent if names.is_folder_record(path, root) else path.parent
    parts = [p for p in folder.relative_to(root).parts if p.lower() not in GENERIC_FOLDERS]
    return parts[-1][:60] if parts else None


def is_record(rec: MarkdownADR) -> bool:
    """A file in a subfolder is a record when its name has a number or date, or it has a status."""
    return bool(
        NUMBERED.match(rec.path.name)
        or DATED.match(rec.path.name)
        or rec.raw_status
        or "status" in rec.fields
    )


@dataclass(frozen=True)
class Skipped:
    """A Markdown file that is not read as a record, and why: named by import's report, by the
    build, `tradeoffs check` and `tradeoffs pages`, and counted apart by the benchmark."""

    path: Path
    reason: str
    line: int = 1
    """Where the file says what it is (a template's placeholder title), else its first line."""
    recognised: bool = True
    """Told for what it is (a template, an index page, a page the tools keep beside the records,
    a folder that is not read): listed. Otherwise it may be a record the tool cannot see, and
    the build warns (see `warning`)."""
    file: str = ""
    """The file as the user would type it."""

    def note(self) -> str:
        """One line for a build's or a command's log."""
        return f"{self.file or self.path}:{self.line}: not a record: {self.reason}"

    def warning(self) -> Problem:
        """What a file that may be a record is: a warning that fails a strict build."""
        return warning(
            self.file or str(self.path),
            self.line,
            1,
            f"not read as a record: {self.reason}; give it a status ('Status: accepted') or a "
            "number or date in its name to publish it, or move it out of markdown_dirs",
        )


def template_reason(title: str, text: str, name: str) -> str | None:
    """Why a file is a template rather than a record, or None: two signs of placeholders
    (a placeholder number or title, a placeholder date, a status listing the choices), or one
    with 'template' in its name."""
    head = text[:4000]
    signs = []
    if _PLACEHOLDER_NUMBER.search(title) or _PLACEHOLDER_TEXT.search(title):
        signs.append(f"its title '{title[:60]}' is a placeholder")
    dated = _PLACEHOLDER_TEXT.search(head)
    if dated is not None and dated[0] not in title:
        signs.append(f"it holds the placeholder '{dated[0]}'")
    if _STATUS_CHOICES.search(head):
        signs.append("its status lists the choices")
    named = "template" in name.lower()
    if len(signs) >= 2 or (signs and named):
        return "a template: " + "; ".join(signs)
    return None


def index_reason(text: str, has_status: bool) -> str | None:
    """Why a page is an index of the records rather than one of them, or None: no status of
    its own, and links to three or more records making up most of what it says."""
    if has_status:
        return None
    targets = [t for t in _LINK_TARGET.findall(text) if ":" not in t and t.split("#")[0].endswith(".md")]
    links = len(targets)
    if links < 3:
        return None
    words = len(_WORD.findall(text)) - sum(len(_WORD.findall(t)) for t in targets)
    if words <= links * 25:
        return f"an index of the records ({links} links to records, no status of its own)"
    return None


def _index_named(stem: str) -> bool:
    """`000-index`, `adr-index`: an index by its name."""
    return re.sub(r"^(?:adr[-_]?)?[0-9]*[-_ ]*", "", stem.lower()) in names.INDEX_NAMES


def unlisted(
    directory: Path, listed: list[Path], suffixes: tuple[str, ...], skipped_folders: set[str]
) -> list[Skipped]:
    """The Markdown files of a folder that are not read at all, each with the reason."""
    chosen = set(listed)
    out: list[Skipped] = []
    for path in sorted(directory.rglob("*")):
        if path.suffix.lower() not in suffixes or path in chosen or not path.is_file():
            continue
        parts = path.relative_to(directory).parts
        hidden = next((p for p in parts[:-1] if p.startswith((".", "_")) or p in skipped_folders), None)
        if hidden is not None:
            reason = f"in the folder '{hidden}', which is not read"
        elif path.stem.lower() in names.INDEX_NAMES or _index_named(path.stem):
            reason = "an index page (README or index) of its folder"
        elif "template" in path.stem.lower():
            reason = "a template (by its name)"
        else:
            reason = "a page beside the records (by its name: changelog, contributing, license)"
        out.append(Skipped(path, reason))
    return out
