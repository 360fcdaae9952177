"""The questions an agent asks of the decision log, as plain functions over a loaded project:
list, search, read one, which govern a path, and what a framework makes of given facts.

The MCP server (`agents.mcp_server`) is a thin shell over these; every one only reads.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

from tradeoffs.core.config import Settings
from tradeoffs.core.decisions import FILE_NAME
from tradeoffs.core.errors import TradeoffsError
from tradeoffs.core.evaluate import evaluate, facts_decision
from tradeoffs.core.model import Decision
from tradeoffs.core.project import Project, load_project
from tradeoffs.core.references import parse_reference
from tradeoffs.workflow.explain import evaluation_data, explain_data
from tradeoffs.workflow.governing import governing, relative, summary

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


class QueryError(TradeoffsError):
    """A question that cannot be answered as asked; the message says what to ask instead."""


def load(settings: Settings) -> Project:
    """The project as it is on disk now (each question reads the files afresh)."""
    return load_project(settings)


def _row(d: Decision) -> dict[str, Any]:
    return {
        "id": d.id,
        "title": d.title,
        "status": d.status,
        "date": d.date.isoformat() if d.date else None,
        "framework": d.framework,
        "chosen": list(d.chosen),
        "tags": list(d.tags),
        "affects": list(d.affects),
        "file": d.path,
    }


def list_decisions(project: Project, status: str | None = None) -> list[dict[str, Any]]:
    """Every decision (or those with one status), newest first."""
    rows = [ev.decision for ev in project.evaluations.values() if status in (None, "", ev.decision.status)]
    rows.sort(key=lambda d: (d.date or _dt.date.min, d.number), reverse=True)
    return [_row(d) for d in rows]


def search(project: Project, query: str, limit: int = 10) -> list[dict[str, Any]]:
    """Decisions holding every word of `query` (a decision id, typed any way, finds its
    decision first), best first: words in the title count most, then tags, then the rest."""
    words = [w.lower() for w in _WORD.findall(query)][:20]
    number = parse_reference(query.strip(), project.settings.prefix)
    scored: list[tuple[int, Decision]] = []
    for ev in project.evaluations.values():
        d = ev.decision
        title = d.title.lower()
        tags = " ".join(d.tags).lower()
        rest = " ".join(
            [
                d.context,
                d.rationale,
                d.framework or "",
                *d.chosen,
                *(ev.option_title(c) for c in d.chosen),
                *d.affects,
                *d.accepted_costs,
                *d.open_questions,
                *(str(v) for v in d.fields.values()),
            ]
        ).lower()
        score = 1000 if number is not None and d.number == number else 0
        if words and all(w in title or w in tags or w in rest for w in words):
            score += sum(3 * (w in title) + 2 * (w in tags) + (w in rest) for w in words)
        if score:
            scored.append((score, d))
    scored.sort(key=lambda item: (-item[0], -(item[1].date or _dt.date.min).toordinal(), -item[1].number))
    return [_row(d) for _score, d in scored[: max(1, min(limit, 100))]]


def _number(project: Project, decision: str) -> int:
    text = decision.strip()
    match = FILE_NAME.match(Path(text).name)
    number = int(match["number"]) if match else parse_reference(text, project.settings.prefix)
    if number is None or number not in project.evaluations:
        raise QueryError(
            f"there is no decision '{decision}'; give an id such as {project.settings.prefix}-7 "
            "(list_decisions lists them)"
        )
    return number


def read_decision(project: Project, decision: str) -> dict[str, Any]:
    """One decision: its evaluation as `tradeoffs explain --format json` gives it, with its
    context, rationale and what it governs."""
    number = _number(project, decision)
    d = project.evaluations[number].decision
    data = explain_data(project, number)
    data.update(
        {
            "context": d.context,
            "rationale": d.rationale,
            "override_rationale": d.override_rationale,
            "deciders": list(d.deciders),
            "tags": list(d.tags),
            "affects": list(d.affects),
            "fields": dict(d.fields),
            "supersedes": [
                project.evaluations[n].decision.id for n in d.supersedes if n in project.evaluations
            ],
            "superseded_by": [o.id for o in project.superseded_by(number)],
        }
    )
    return data


def decisions_for_path(project: Project, path: str) -> dict[str, Any]:
    """What `tradeoffs explain PATH --format json` says: the decisions that govern a file or
    folder (relative to the project's root), newest first."""
    root = project.settings.root
    target = Path(path)
    if not target.is_absolute():
        target = root / target
    rel = relative(project, target)
    if rel is None:
        raise QueryError(f"{path} is outside the project; give a path relative to {root}")
    return {
        "path": rel or ".",
        "exists": target.exists(),
        "decisions": [summary(g) for g in governing(project, rel)],
    }


EVALUATION_KEYS = (
    "framework",
    "chosen",
    "recommended",
    "provisional",
    "consistent",
    "scores",
    "supporting",
    "opposing",
    "vetoed",
    "reasoning",
    "accepted_costs",
    "failure_costs",
    "unanswered_facts",
    "sensitivity",
    "decisive_unknowns",
    "margin",
    "open_questions",
)
"""What a framework evaluation answers: the keys of `tradeoffs explain --format json` that
depend on the framework, the facts and the choice (not on a decision file)."""


def evaluate_framework(
    project: Project, framework: str, facts: dict[str, Any], chosen: list[str] | None = None
) -> dict[str, Any]:
    """What `framework` makes of `facts` (and of `chosen`, when given): the recommendation,
    why, the costs, the open questions and what would change it, as `tradeoffs explain` says
    for a decision with those facts. Nothing is written."""
    fw = project.frameworks.get(framework)
    if fw is None:
        hint = project.frameworks.suggest(framework)
        raise QueryError(f"unknown framework '{framework}'" + (f"; did you mean '{hint}'?" if hint else ""))
    decision = facts_decision(
        fw.id,
        facts,
        chosen or (),
        path="(facts)",
        title="(facts given to evaluate_framework)",
        prefix=project.settings.prefix,
    )
    ev = evaluate(decision, project.frameworks)
    data = evaluation_data(ev, None)
    out = {key: data[key] for key in EVALUATION_KEYS}
    out["problems"] = [p.message for p in ev.problems]
    return out
