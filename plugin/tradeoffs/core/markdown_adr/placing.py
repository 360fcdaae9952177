"""Links of a record placed where the site publishes their targets: other records' pages, and
files beside the records.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tradeoffs.core.beside_files import refusal as beside_refusal
from tradeoffs.core.markdown_adr import links
from tradeoffs.core.markdown_adr.record import MarkdownADR
from tradeoffs.core.markdown_adr.text import LINK
from tradeoffs.core.problems import warning

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


def inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


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

    return links.repoint_definitions(LINK.sub(replace, text), page)
