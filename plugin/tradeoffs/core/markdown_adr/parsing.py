"""Read one hand-written Markdown ADR (adr-tools/Nygard, MADR 2, 3 and 4, log4brains,
Docusaurus) into a `MarkdownADR`.

Markdown is parsed with markdown-it-py (CommonMark) for headings, sections and list items, and
front matter with the project's one bounded YAML reader; small regular expressions only read
field lines such as `Status: accepted`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from tradeoffs.core import export_sidecar, markdown_budget, source
from tradeoffs.core.markdown_adr import finding, names, sections
from tradeoffs.core.markdown_adr.metadata import names as people
from tradeoffs.core.markdown_adr.metadata import read_date, read_status
from tradeoffs.core.markdown_adr.names import DATED, NUMBERED
from tradeoffs.core.markdown_adr.record import MarkdownADR, Reference, Section, walk
from tradeoffs.core.markdown_adr.relations import relation
from tradeoffs.core.markdown_adr.text import block_parser, clean_heading, normalise, plain
from tradeoffs.core.markdown_adr.titles import PLACEHOLDER_TITLE, strip_title_number, title_number
from tradeoffs.core.problems import error, warning
from tradeoffs.core.references import record_id_pattern

MAX_BYTES = 1024 * 1024


_FIELD = re.compile(
    r"^\s{0,3}(?:[-*+]\s+)?(?:\*\*|__)?(?P<key>[A-Za-z][A-Za-z -]{0,30}?)\s*"
    r"(?::(?:\*\*|__)|(?:\*\*|__)?:)\s*+(?P<value>(?:\s*\S)*?)\s*$"  # linear: no `.*?\s*$`
)


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
        known = sections.ENGLISH_FIELDS.get(name) or sections.FRONT_MATTER.get(name, name)
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
    name = names.record_name(path)  # a folder per record goes by its folder's name
    match = None if names.name_date(name) else NUMBERED.match(name)
    if match:
        rec.number = int(match["number"]) or None
        rec.slug = match["slug"]
    else:
        rec.slug = names.name_slug(name)
    lines = text.splitlines()
    front, skip = _front_matter(lines, rec)
    tokens = block_parser().parse("\n".join(lines[skip:]))
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
        and sections.heading_key(normalise(heads[0][1])) not in sections.SECTION_KEYS
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
        title = (1, names.title_from_name(name), skip, skip)
        rec.untitled = True
    raw_title = plain(clean_heading(title[1]))
    rec.title = strip_title_number(raw_title)
    rec.title_line = title[2] + 1
    if rec.number is None:
        rec.number = title_number(raw_title) or None
    if not rec.title:
        rec.problems.append(error(file, rec.title_line, 1, "the title heading is empty"))
        return rec
    template = finding.template_reason(raw_title, text, name)
    if PLACEHOLDER_TITLE.match(rec.title) or template:
        rec.skip_reason = template or f"a template: its title '{rec.title}' is a placeholder"
        rec.title = ""
        return rec
    # the metadata block: field lines between the title and the next heading
    nxt = next((h[2] for h in heads if h[2] >= title[3] and h is not title), len(lines))
    meta_lines: set[int] = set()
    for i in range(title[3], nxt):
        m = _FIELD.match(lines[i])
        if m and m["key"].strip().lower() in sections.ENGLISH_FIELDS:
            meta_lines.add(i)
            rec.fields.setdefault(sections.ENGLISH_FIELDS[m["key"].strip().lower()], (m["value"], i + 1))
        elif (foreign := sections.field_line(lines[i])) is not None:
            # `Data:`, `日期:`, `**Decision Date:**`: the same fields, named otherwise
            meta_lines.add(i)
            rec.fields.setdefault(foreign[0], (foreign[1], i + 1))
    for i in sections.table_fields(lines, title[3], nxt, rec.fields):
        meta_lines.add(i)  # `| Status | Date | Author(s) |` and a row of values
    for i in sections.nested_values(lines, title[3], nxt, rec.fields, meta_lines):
        meta_lines.add(i)  # `* Deciders:` with the names in a list below it
    # H1s other than the title are sections like the `##` ones (`# Decision` under the title)
    if isinstance(front.get("id"), str) and front["id"] == path.stem:
        rec.consumed.add("id")  # Docusaurus' page id: the file's own name
    rec.sections = _sections(
        lines, [(2 if h[0] == 1 and h is not title else h[0], *h[1:]) for h in heads if h is not title]
    )
    rec.format = _detect(rec, front, skip > 0)
    read_status(rec)
    if not rec.raw_status and "status" not in rec.fields:
        index = finding.index_reason(text, has_status=False)
        if index:
            rec.skip_reason = index
            return rec
    read_date(rec)
    if "deciders" in rec.fields:
        rec.deciders = people(rec.fields["deciders"][0])
        rec.consumed.add("deciders")
    if "tags" in rec.fields:
        rec.tags = tuple(t[:60] for t in people(rec.fields["tags"][0]))
        rec.consumed.add("tags")
    for section in walk(rec.sections):
        if section.key in ("links", "more information", "related decisions", "related adrs"):
            for i, text in enumerate(section.text.splitlines()):
                refs = relation(text, section.text_line + i, rec.prefix)
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
    if too_much := markdown_budget.text_problems(file, text, prefix=prefix):
        # not read: no site engine is given more than it reads in seconds; what the bounded
        # YAML reader finds wrong in the front matter is said too
        _front_matter(text.splitlines(), rec)
        rec.problems += too_much
        return rec
    # a page of `tradeoffs export`: read as its sidecar keeps it, so that import is exact
    exact, unused = export_sidecar.exact_text(path, text)
    if exact is not None and (too_much := markdown_budget.text_problems(file, exact, prefix=prefix)):
        rec.problems += too_much  # the sidecar's text, which a pull request can change too
        return rec
    rec = parse_text(text if exact is None else exact, path, file, prefix, words)
    if unused is not None:
        rec.problems.append(warning(file, 1, 1, unused))
    return rec
