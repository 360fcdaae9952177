"""A record's status, date, people and tags, read from its fields and its Status section as the
team wrote them (see `status` and `dates` for the words and forms).
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from tradeoffs.core.markdown_adr import dates
from tradeoffs.core.markdown_adr import status as adr_status
from tradeoffs.core.markdown_adr.record import MarkdownADR, Reference
from tradeoffs.core.markdown_adr.relations import references_in, relation, status_relations
from tradeoffs.core.markdown_adr.text import normalise, plain, plain_prefix
from tradeoffs.core.problems import warning


def normalise_status(raw: str, words: dict[str, str] | None = None) -> str | None:
    """Our status for a status as written ("Superseded by ...", "✅ Accepted", "Aceito", a badge
    image, "Draft"), or None when no table knows the words (see `status`)."""
    reading = adr_status.read(normalise(raw).strip("[]") or raw, words)
    return reading.status if reading is not None and reading.exact else None


def read_status(rec: MarkdownADR) -> None:
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
        refs = relation(raw, line, rec.prefix) or status_relations(raw, line, rec.prefix)
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
            found = relation(text, where, rec.prefix)
            if found is not None:
                refs = found
                rec.references += refs
                if refs and refs[0].kind == "superseded_by" and not raw:
                    raw, line = text.strip(), where
            elif not raw:
                raw, line = plain(plain_prefix(text)), where
                rec.references += status_relations(text, where, rec.prefix)
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
                for r in references_in(raw, line, 1, "superseded_by", rec.prefix)
            ]


def read_date(rec: MarkdownADR) -> None:
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
        reading = dates.read(text)
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
