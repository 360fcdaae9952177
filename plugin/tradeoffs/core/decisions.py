"""Load decision files (`NNNN-short-title.yml`) into Decision objects."""

from __future__ import annotations

import copy
import datetime as _dt
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradeoffs.core import markdown_budget, schema, source
from tradeoffs.core.affects import invalid_globs
from tradeoffs.core.fields import FieldSpec
from tradeoffs.core.markdown_adr import status as adr_status
from tradeoffs.core.model import STATUSES, ConsideredOption, Decision, Link
from tradeoffs.core.problems import Problem, error
from tradeoffs.core.references import elsewhere_reference, parse_reference

FILE_NAME = re.compile(r"^(?P<number>[0-9]{1,6})(?:-(?P<slug>[^/\\]*))?\.ya?ml$")


@dataclass
class LoadedDecision:
    """A decision with the document it came from, so later checks can point at lines."""

    decision: Decision | None
    doc: source.Document | None
    problems: list[Problem]
    path: Path
    salvaged: Decision | None = None
    """When the file breaks the schema: the decision without the broken parts, evaluated only
    to report its other problems in the same pass (it is never published)."""


def slugify(title: str, limit: int = 60) -> str:
    """A file-name and URL friendly form of a title, bounded so long titles stay sane."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug or "decision"


def _tuple(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(value)
    return (value,)


def _date(value: Any) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def build(
    data: Mapping[str, Any],
    number: int,
    slug: str,
    path: str,
    prefix: str,
    status_wording: str = "",
    fields: Iterable[str] = (),
) -> Decision:
    """A Decision from schema-valid data; `fields` names the team's own fields it may hold."""
    return Decision(
        status_wording=status_wording,
        number=number,
        slug=slug,
        path=path,
        prefix=prefix,
        title=str(data["title"]).strip(),
        status=data["status"],
        date=_date(data.get("date")),
        deciders=_tuple(data.get("deciders")),
        consulted=_tuple(data.get("consulted")),
        informed=_tuple(data.get("informed")),
        framework=data.get("framework"),
        template=data.get("template"),
        context=data.get("context", "") or "",
        facts=dict(data.get("facts") or {}),
        chosen=_tuple(data.get("chosen")),
        rationale=data.get("rationale", "") or "",
        override_rationale=data.get("override_rationale", "") or "",
        accepted_costs=_tuple(data.get("accepted_costs")),
        open_questions=_tuple(data.get("open_questions")),
        supersedes=tuple(n for v in _tuple(data.get("supersedes")) if (n := parse_reference(v, prefix))),
        related=tuple(n for v in _tuple(data.get("related")) if (n := parse_reference(v, prefix))),
        elsewhere=tuple(
            (key, str(v).strip())
            for key in ("supersedes", "related")
            for v in _tuple(data.get(key))
            if elsewhere_reference(v) is not None
        ),
        tags=_tuple(data.get("tags")),
        links=tuple(Link(title=link["title"], url=link["url"]) for link in data.get("links", ())),
        affects=_tuple(data.get("affects")),
        fields={name: data[name] for name in fields if name in data},
        revisit_by=_date(data.get("revisit_by")),
        observations=tuple(
            sorted(
                (d, dict(facts or {}))
                for key, facts in (data.get("observations") or {}).items()
                if (d := _date(key)) is not None
            )
        ),
        options=tuple(
            ConsideredOption(
                id=o["id"],
                title=o["title"],
                summary=o.get("summary", ""),
                pros=_tuple(o.get("pros")),
                cons=_tuple(o.get("cons")),
            )
            for o in data.get("options", ())
        ),
    )


def team_status(doc: source.Document, status_words: Mapping[str, str] | None) -> str:
    """A status written in the team's own words (plugin option `status_words`) becomes the
    status it means before the schema checks it; the word, returned, is what the site shows."""
    data = doc.data
    if not status_words or not isinstance(data, dict) or not isinstance(data.get("status"), str):
        return ""
    written = str(data["status"])
    if written in STATUSES:
        return ""
    words = {adr_status.fold(k): v for k, v in status_words.items()}
    meant = words.get(adr_status.fold(written))
    if meant is None:
        return ""
    data["status"] = meant
    return written


def load_file(
    path: Path,
    display: str | None = None,
    *,
    prefix: str = "ADR",
    status_words: Mapping[str, str] | None = None,
    fields: tuple[FieldSpec, ...] = (),
) -> LoadedDecision:
    """Load one decision file and check its shape (with the team's own `fields`); framework
    checks come later."""
    file = display or str(path)
    match = FILE_NAME.match(path.name)
    if match is None or int(match["number"]) == 0:
        return LoadedDecision(
            None,
            None,
            [
                error(
                    file,
                    1,
                    1,
                    f"cannot tell the decision's number from the file name '{path.name}': "
                    "name it NNNN-short-title.yml (for example 0007-cache-product-pages.yml); "
                    "`tradeoffs new` picks the next free number",
                )
            ],
            path,
        )
    doc, problems = source.load_mapping(path, file, what="decision")
    if doc is None:
        return LoadedDecision(None, None, problems, path)
    wording = team_status(doc, status_words)
    problems += once(schema.validate(doc, "decision", fields), problems)
    if "affects" in doc.data:
        problems += invalid_globs(doc)
    problems += markdown_budget.document_problems(doc, prefix)
    number, slug = int(match["number"]), match["slug"] or ""
    if any(p.is_error for p in problems):
        return LoadedDecision(None, doc, problems, path, salvage(doc, number, slug, file, prefix, fields))
    decision = build(doc.data, number, slug, file, prefix, wording, [f.name for f in fields])
    return LoadedDecision(decision, doc, problems + foreign_references(doc, prefix), path)


def foreign_references(doc: source.Document, prefix: str) -> list[Problem]:
    """An entry of `supersedes` or `related` with another prefix (`RFC-7` where ids are ADR-N)
    names none of our decisions: say so, rather than link it to ADR-7 or drop it silently."""
    out: list[Problem] = []
    for key in ("supersedes", "related"):
        value = doc.data.get(key)
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(item, str) and parse_reference(item) and not parse_reference(item, prefix):
                where: source.Path_ = (key, index) if isinstance(value, list) else (key,)
                out.append(
                    doc.problem(
                        where,
                        f"'{item}' is not a decision of this log, whose ids "
                        f"are {prefix}-N: write {prefix}-{parse_reference(item)} "
                        "if that is the one meant, or put the link in `links`",
                    )
                )
    return out


def once(found: list[Problem], known: list[Problem]) -> list[Problem]:
    """`found` without what is already said at the same place: one problem per cause (a date
    that does not exist is not also reported as not being a date)."""
    said = {(p.line, p.column) for p in known if p.is_error}
    return [p for p in found if (p.line, p.column) not in said]


_STAND_INS: dict[str, Any] = {"title": "(untitled)", "status": "proposed", "date": "1970-01-01"}
"""For a required field that is missing or broken, so that the rest can still be evaluated."""


def salvage(
    doc: source.Document, number: int, slug: str, file: str, prefix: str, fields: tuple[FieldSpec, ...] = ()
) -> Decision | None:
    """The decision without the parts that break the schema, when what is left is valid.

    Evaluating it finds what the framework says about the rest (an unknown fact, a chosen id
    that is not an option), so fixing a file takes one round, not one per kind of error.
    """
    try:
        paths = schema.invalid_paths(doc, "decision", fields)
    except Exception:  # a document jsonschema cannot walk: report the schema errors only
        return None
    data = copy.deepcopy(doc.json_data())  # json_data shares its values with the document
    if not isinstance(data, dict):
        return None
    for path in paths:
        if not path:
            continue
        if path[0] == "facts" and len(path) > 1 and isinstance(data.get("facts"), dict):
            data["facts"].pop(path[1], None)
        else:
            data.pop(path[0], None)
    for key, stand_in in _STAND_INS.items():
        data.setdefault(key, stand_in)
    if data.get("status") in ("accepted", "deprecated", "superseded") and "chosen" not in data:
        data["status"] = "proposed"
    if not schema.is_valid(data, "decision", fields):
        return None
    return build(data, number, slug, file, prefix, fields=[f.name for f in fields])


def decision_files(directory: Path) -> list[Path]:
    """Decision files in a folder, in number order (other files are left alone).

    The folder listing says which entries are regular files, so only a symlink costs a
    `stat` (one per file adds up over a large log).
    """
    if not directory.is_dir():
        return []
    files: list[Path] = []
    with os.scandir(directory) as entries:
        for entry in entries:
            if not entry.name.endswith((".yml", ".yaml")):
                continue
            path = directory / entry.name
            if path.suffix in (".yml", ".yaml") and (
                entry.is_file(follow_symlinks=False) or (entry.is_symlink() and path.is_file())
            ):
                files.append(path)
    return sorted(files, key=lambda p: (_number(p), p.name))


def _number(path: Path) -> int:
    match = FILE_NAME.match(path.name)
    return int(match["number"]) if match else 10**9


def load_text(
    text: str,
    name: str,
    display: str,
    *,
    prefix: str = "ADR",
    status_words: Mapping[str, str] | None = None,
    fields: tuple[FieldSpec, ...] = (),
) -> LoadedDecision:
    """Like `load_file`, for text not (yet) on disk: an edit to check before it is written."""
    match = FILE_NAME.match(name)
    doc, problems = source.parse(display, text)
    if match is None or doc is None or not isinstance(doc.data, dict):
        problems = problems or [error(display, 1, 1, "not a decision file (no number, or not a mapping)")]
        return LoadedDecision(None, doc, problems, Path(name))
    wording = team_status(doc, status_words)
    problems += once(schema.validate(doc, "decision", fields), problems)
    if "affects" in doc.data:
        problems += invalid_globs(doc)
    problems += markdown_budget.document_problems(doc, prefix)
    if any(p.is_error for p in problems):
        return LoadedDecision(None, doc, problems, Path(name))
    decision = build(
        doc.data,
        int(match["number"]),
        match["slug"] or "",
        display,
        prefix,
        wording,
        [f.name for f in fields],
    )
    return LoadedDecision(decision, doc, problems + foreign_references(doc, prefix), Path(name))
