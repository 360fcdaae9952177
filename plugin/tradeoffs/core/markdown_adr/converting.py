"""A Markdown ADR as the `Decision` the site publishes (`markdown_dirs`): its text as written,
links included (the site places them: `site.record_links`), with the fields the page has no
place of its own for kept at its top.
"""

from __future__ import annotations

from typing import Any

from tradeoffs.core.decisions import slugify
from tradeoffs.core.markdown_adr import lists, sections
from tradeoffs.core.markdown_adr import status as adr_status
from tradeoffs.core.markdown_adr.record import MarkdownADR
from tradeoffs.core.markdown_adr.text import normalise
from tradeoffs.core.model import Decision
from tradeoffs.core.source import Document


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
        body=lists.for_python_markdown(sections.demote_extra_h1(body)),
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
