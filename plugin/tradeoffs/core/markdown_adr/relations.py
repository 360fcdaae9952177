"""Supersedes, superseded-by and related links as records state them, and their resolution to
numbers once every record of a set is numbered.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tradeoffs.core.markdown_adr.links import LINK
from tradeoffs.core.markdown_adr.record import MarkdownADR, Reference, Relation
from tradeoffs.core.markdown_adr.text import plain_prefix
from tradeoffs.core.problems import error
from tradeoffs.core.references import record_id_pattern

RELATION = re.compile(
    r"^(?P<rel>superseded\s+by|supersedes|replaced\s+by|replaces|amended\s+by|amends|"
    r"clarified\s+by|clarifies|refined\s+by|refines|related\s+to|relates\s+to|see\s+also|related(?=\s*:))"
    r"\b\s*+(?::\s*+)?(?P<rest>.*)$",
    re.IGNORECASE,
)


_BARE_FILE = re.compile(r"(?<![\w.-])(?P<name>[\w.-]+\.(?:md|markdown))\b")


STATUS_LENGTH = 1000
"""How much of a status line is read for the relations it states after the status."""


_RELATION_KIND: dict[str, Relation] = {
    "supersedes": "supersedes",
    "replaces": "supersedes",
    "superseded by": "superseded_by",
    "replaced by": "superseded_by",
}


def references_in(text: str, line: int, column: int, kind: Relation, prefix: str) -> list[Reference]:
    ids = record_id_pattern(prefix)
    out: list[Reference] = []
    for match in LINK.finditer(text):
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


def relation(text: str, line: int, prefix: str) -> list[Reference] | None:
    """References of a line such as 'Supersedes [1. Foo](0001-foo.md)'; None for other lines."""
    match = RELATION.match(plain_prefix(text))
    if match is None:
        return None
    text = text[text.lower().find(match["rel"].split()[0].lower()) :]
    rel = " ".join(match["rel"].lower().split())
    kind = _RELATION_KIND.get(rel, "related")
    return references_in(text, line, 1, kind, prefix)


def status_relations(text: str, line: int, prefix: str) -> list[Reference]:
    """Relations a status line states after its status: 'Accepted; supersedes ADR-0045'."""
    text = text[:STATUS_LENGTH]  # each separator reads the rest: bounded, not quadratic
    for match in re.finditer(
        r"[;,(]\s*|\s[-–—]\s|\s(?=(?:superseded|supersedes|replaces|amends))", text, re.IGNORECASE
    ):
        refs = relation(text[match.end() :], line, prefix)
        if refs:
            return refs
    return []


def resolve(records: list[MarkdownADR], others: set[int]) -> dict[Path, int]:
    """References resolved to numbers (supersedes both ways); each record's resolved path ->
    its number, for links between records."""
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
    return {r.path.resolve(): r.number for r in records if r.number is not None}


def _words(kind: Relation) -> str:
    return {"supersedes": "supersedes", "superseded_by": "superseded by", "related": "a link"}[kind]
