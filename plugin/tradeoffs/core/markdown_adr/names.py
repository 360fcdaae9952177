"""What a Markdown file's name says about the record in it: its number or date, its slug, and
whether it is a folder per record (`2022-02-03-integration-testing/README.md`)."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

SUFFIXES = (".md", ".markdown")
NUMBERED = re.compile(
    r"^(?:adr[-_]?)?(?P<number>[0-9]{1,6})(?:[-_ ](?P<slug>.+))?\.(?:md|markdown)$", re.IGNORECASE
)
DATED = re.compile(r"^(?P<date>[0-9]{8})-(?P<slug>.+)\.(?:md|markdown)$", re.IGNORECASE)
INDEX_NAMES = {"readme", "index", "_index"}
_DATED_NAME = re.compile(r"^(?P<date>[0-9]{4}-?[0-9]{2}-?[0-9]{2})[-_ ](?P<slug>.+)$")
_NUMBERED_NAME = re.compile(r"^(?:adr[-_]?)?[0-9]{1,6}(?:[-_ ].+)?$", re.IGNORECASE)


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
