"""Links of Markdown ADRs placed where the site publishes what they point at.

A record links to other records by their files (`0003-use-x.md`, `../0007-x/README.md`,
Docusaurus' `./ADR_002`) and to images and files beside it (`img/flow.png`). On the site those
are the records' pages (`ADR-0003.md`), files published beside the pages, or files the site
already has; a link to a file the site cannot show becomes its text, with a warning at its
line. Both ways a record reaches the site place its links here: its page when it is published
as it is (`markdown_dirs`, `RecordLinks`) and its decision file when it is converted once
(`tradeoffs import`: `to_pages`, `copy_files`).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from tradeoffs.core.beside_files import refusal as beside_refusal
from tradeoffs.core.markdown_adr import links
from tradeoffs.core.markdown_adr.names import SUFFIXES
from tradeoffs.core.model import Decision
from tradeoffs.core.problems import Problem, warning
from tradeoffs.core.project import Project

if TYPE_CHECKING:
    from tradeoffs.core.markdown_adr.record import RecordSource

LOCAL_LINK = re.compile(
    r"(?P<image>!?)\[(?P<text>[^\[\]]*)\]\(\s*<?(?P<url>[^)\s>\[\]]+)>?"
    r"(?P<title>\s+\"[^\"]*\")?\s*\)"
)
_RECORD_PAGE = re.compile(r"[A-Za-z]+-[0-9]{4,}\.md")


def record_page(prefix: str, number: int) -> str:
    """A record's page, as a link from another decision's page or file names it."""
    return f"{prefix}-{number:04d}.md"


def inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def to_pages(text: str, source: Path, numbers: Mapping[Path, int], prefix: str) -> str:
    """Links to other records' files (`numbers`: each record's resolved path -> its number)
    pointed at their pages (`ADR-0003.md`), inline and reference-style alike."""

    def page(url: str) -> str | None:
        parts = urlsplit(url)
        if parts.scheme:
            return None
        path = unquote(parts.path).removeprefix("./")
        if not path:
            return None
        # `./ADR_002` (Docusaurus) names `ADR_002.md`; `../0007-x/` a folder per record
        target = (source.parent / path).resolve()
        for candidate in (
            target,
            target.with_name(target.name + ".md"),
            target / "README.md",
            target / "index.md",
        ):
            if candidate in numbers:
                return record_page(prefix, numbers[candidate]) + (
                    f"#{parts.fragment}" if parts.fragment else ""
                )
        return None

    def replace(match: re.Match[str]) -> str:
        target = page(match["url"])
        return match[0] if target is None else f"[{match['text']}]({target})"

    return links.repoint_definitions(links.LINK.sub(replace, text), page)


def publish_files(
    text: str,
    record: RecordSource,
    files: dict[str, Path],
    problems: list[Problem],
    docs_dir: Path | None,
    url_prefix: str,
) -> str:
    """Links and images to files beside the records: the files are published with the pages
    (`files`), files elsewhere in the site are linked where the site has them, and a link to a
    file the site cannot show is a problem at its line (once a link), shown as its text."""
    root = record.root.resolve()
    said: set[str] = set()
    source: list[str] | None = None

    def replace(match: re.Match[str]) -> str:
        nonlocal source
        url = match["url"]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("#", "/")) or not parts.path:
            return match[0]
        target = (record.path.parent / unquote(parts.path)).resolve()
        if _RECORD_PAGE.fullmatch(parts.path) and not target.exists():
            return match[0]  # another record's page (see to_pages)
        if not target.exists() and target.with_name(target.name + ".md").is_file():
            return match[0]  # `./ADR_002`: a record, or a page the site does not have
        if target.name.lower() in ("readme.md", "index.md") or target.is_dir():
            reason = "a folder or index page the decisions' pages cannot link to"
        elif target.is_file() and inside(target, root) and (refused := beside_refusal(target)):
            reason = refused
        elif target.is_file() and inside(target, root):
            relative = target.relative_to(root).as_posix()
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
        if url not in said:  # reported once
            said.add(url)
            if source is None:
                path = record.path
                source = path.read_text(encoding="utf-8-sig").splitlines() if path.is_file() else []
            line, column = next(
                (
                    (i + 1, text_line.index(match[0]) + 1)
                    for i, text_line in enumerate(source)
                    if match[0] in text_line
                ),
                (record.title_line, 1),
            )
            problems.append(warning(record.file, line, column, f"links to '{url}', {reason}; shown as text"))
        return match["text"]

    def definition(url: str) -> str | None:
        link = LOCAL_LINK.match(f"[x]({url})")
        if link is None or not links.names_a_file(url):
            return None  # `[issue]: (https://...)`: not a file beside the records, left as written
        out = replace(link)
        if out == link[0]:
            return None
        moved = LOCAL_LINK.match(out)
        return moved["url"] if moved is not None else ""

    # `[x]: file.md` definitions as the inline links; one to a file the site cannot show is
    # emptied, so `[x]` reads as text (and the problem is named, as for an inline link)
    return links.repoint_definitions(LOCAL_LINK.sub(replace, text), definition)


def place(
    text: str,
    record: RecordSource,
    numbers: Mapping[Path, int],
    prefix: str,
    files: dict[str, Path],
    problems: list[Problem],
    docs_dir: Path | None,
    url_prefix: str,
) -> str:
    """A published record's text with its links placed: to other records' pages first
    (`to_pages`), then to files (`publish_files`)."""
    placed = to_pages(text, record.path, numbers, prefix)
    return publish_files(placed, record, files, problems, docs_dir, url_prefix)


def copy_files(
    text: str,
    source: Path,
    docs_dir: Path,
    url_prefix: str,
    copied: Callable[[str, Path], None],
) -> str:
    """Links and images to files beside an imported record point where the site publishes
    them: files inside the site are linked where they are, others are copied next to the
    decisions' pages (`copied(url, copy)` is told of each new copy; an existing file of that
    name is never overwritten)."""
    pages = docs_dir / url_prefix

    def replace(match: re.Match[str]) -> str:
        url = match["url"]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("#", "/")) or not parts.path:
            return match[0]
        target = (source.parent / unquote(parts.path)).resolve()
        if not target.is_file() or target.suffix.lower() in SUFFIXES:
            return match[0]  # gone, or a page rather than a file
        if not inside(target, docs_dir.resolve()):
            copy = pages / target.name
            n = 2
            while copy.exists() and copy.read_bytes() != target.read_bytes():
                copy, n = pages / f"{target.stem}-{n}{target.suffix}", n + 1
            if not copy.exists():
                pages.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(target, copy)
                copied(url, copy)
            target = copy.resolve()
        relative = os.path.relpath(target, pages.resolve()).replace(os.sep, "/")
        return match[0].replace(url, relative, 1)

    return LOCAL_LINK.sub(replace, text)


class RecordLinks:
    """The links of a project's Markdown ADRs placed on its site: each page's text, the files
    to publish beside the pages, and a warning for each link the site cannot follow."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.files: dict[str, Path] = {}
        """Path under the decisions' folder -> the file, to publish beside the pages."""
        self.problems: list[Problem] = []
        self._bodies: dict[int, str] = {}

    def body(self, decision: Decision) -> str:
        """The decision's text with its links placed (a YAML decision's is left as it is)."""
        record = self.project.markdown_sources.get(decision.number)
        if record is None or decision.origin == "yaml":
            return decision.body
        placed = self._bodies.get(decision.number)
        if placed is None:
            settings = self.project.settings
            placed = place(
                decision.body,
                record,
                self.project.markdown_numbers,
                settings.prefix,
                self.files,
                self.problems,
                settings.docs_dir,
                settings.url_prefix,
            )
            self._bodies[decision.number] = placed
        return placed

    def all_problems(self) -> list[Problem]:
        """Every Markdown decision placed, and the links it could not place (`tradeoffs check`)."""
        for decision in self.project.decisions:
            self.body(decision)
        return self.problems
