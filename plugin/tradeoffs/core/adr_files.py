"""Which Markdown files of an ADR folder are records, and what the others are.

Teams keep records as files (`0007-use-x.md`, `20210120-use-x.md`) or as a folder per record
(`2022-02-03-integration-testing/README.md`), beside templates, index pages and approval
pages. A template or an index is told by what it holds (placeholder titles and dates, a status
that lists the choices, a page that is mostly links to other records), not only by its name,
and every file that is not read as a record is named with the reason.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

INDEX_NAMES = {"readme", "index", "_index"}
_DATED_NAME = re.compile(r"^(?P<date>[0-9]{4}-?[0-9]{2}-?[0-9]{2})[-_ ](?P<slug>.+)$")
_NUMBERED_NAME = re.compile(r"^(?:adr[-_]?)?[0-9]{1,6}(?:[-_ ].+)?$", re.IGNORECASE)
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


@dataclass(frozen=True)
class Skipped:
    """A Markdown file that is not read as a record, and why (shown by import and the benchmark)."""

    path: Path
    reason: str


def record_name(path: Path) -> str:
    """The name a record goes by: its file's, or for a folder per record (`README.md`,
    `index.md`) its folder's, with `.md`."""
    if path.stem.lower() in INDEX_NAMES and path.parent.name:
        return path.parent.name + path.suffix.lower()
    return path.name


def is_folder_record(path: Path, directory: Path) -> bool:
    """`2022-02-03-integration-testing/README.md`, `0007-use-x/index.md`: a folder per record,
    told by the folder's numbered or dated name."""
    if path.stem.lower() not in INDEX_NAMES or path.parent == directory:
        return False
    name = path.parent.name
    return bool(_DATED_NAME.match(name) or _NUMBERED_NAME.match(name))


def in_subfolder_index(path: Path, directory: Path) -> bool:
    """A README or index page in a subfolder: a folder per record when it reads as one (its
    folder is numbered or dated, or it has a status), else the folder's index."""
    return path.stem.lower() in INDEX_NAMES and path.parent != directory


def name_date(name: str) -> _dt.date | None:
    """The date a record's name starts with (`20210120-...`, `2022-02-03-...`)."""
    match = _DATED_NAME.match(name)
    if match is None:
        return None
    digits = match["date"].replace("-", "")
    try:
        return _dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def name_slug(name: str) -> str:
    stem = name.rsplit(".", 1)[0]
    match = _DATED_NAME.match(stem)
    return match["slug"] if match else stem


def title_from_name(name: str) -> str:
    """A title for a record with none of its own: its name without number or date, in words."""
    stem = name_slug(name)
    stem = re.sub(r"^(?:adr[-_ ]?)?[0-9]+[-_ ]*", "", stem, flags=re.IGNORECASE) or stem
    words = " ".join(re.split(r"[-_ ]+", stem)).strip()
    return words[:1].upper() + words[1:] if words else stem


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
    return re.sub(r"^(?:adr[-_]?)?[0-9]*[-_ ]*", "", stem.lower()) in INDEX_NAMES


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
        elif path.stem.lower() in INDEX_NAMES or _index_named(path.stem):
            reason = "an index page (README or index) of its folder"
        elif "template" in path.stem.lower():
            reason = "a template (by its name)"
        else:
            reason = "a page beside the records (by its name: changelog, contributing, license)"
        out.append(Skipped(path, reason))
    return out
