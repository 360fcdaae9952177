"""`tradeoffs context [PATH]`: what a coding agent should know before it changes code.

The decisions that govern a path (or, without one, every accepted and proposed decision), each
with what was chosen and why, what the team accepts, what is still open and what would change
it, newest first, kept under a size bound so it fits in an agent's context. What does not fit
is named, not dropped silently, and `tradeoffs explain ID` gives the rest.
"""

from __future__ import annotations

import json
from typing import Any

from tradeoffs.core.project import Project
from tradeoffs.workflow.governing import Governed, governing, summary

VERSION = 1
"""The shape of the context (its JSON Schema: `tradeoffs schema context`)."""

DEFAULT_MAX_BYTES = 16_000
"""About 4,000 tokens: enough for a dozen decisions, small beside an agent's context."""

TEXT_LIMIT = 600
"""Characters kept of a long text (a rationale); the decision's page has all of it."""

LIST_LIMIT = 8
"""Items kept of a list (accepted costs, open questions, what would change it)."""


def _clip(text: str, limit: int = TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _entry(governed: Governed, with_path: bool) -> dict[str, Any]:
    data = summary(governed, detail=True)
    if not with_path:
        data.pop("matched")
    data["rationale"] = _clip(data["rationale"])
    for key in ("accepted_costs", "open_questions", "what_would_change", "affects"):
        items = [_clip(str(item), 300) for item in data[key]]
        data[key] = items[:LIST_LIMIT] + (
            [f"… and {len(items) - LIST_LIMIT} more"] if len(items) > LIST_LIMIT else []
        )
    return data


def in_force(project: Project) -> list[Governed]:
    """Every accepted and proposed decision, newest first (what an agent is told without a path)."""
    found = [
        Governed(ev, [])
        for ev in project.evaluations.values()
        if ev.decision.status in ("accepted", "proposed")
    ]
    found.sort(key=lambda g: (g.ev.decision.date is not None, g.ev.decision.date, g.ev.decision.number))
    found.reverse()
    return found


def build_context(project: Project, rel: str | None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    """The context for `rel` (a path as `governing.relative` gives it; None for the whole log),
    at most `max_bytes` of compact JSON: decisions are added newest first while they fit."""
    found = governing(project, rel) if rel is not None else in_force(project)
    out: dict[str, Any] = {
        "version": VERSION,
        "path": None if rel is None else (rel or "."),
        "decisions": [],
        "omitted": [],
        "truncated": False,
        "max_bytes": max_bytes,
        "more": "`tradeoffs explain ID` gives a decision's whole evaluation; decisions/ holds the files",
    }
    size = len(_compact(out))
    for governed in found:
        entry = _entry(governed, rel is not None)
        cost = len(_compact(entry)) + 1
        if not out["omitted"] and size + cost <= max_bytes:
            out["decisions"].append(entry)
            size += cost
        else:
            out["omitted"].append(governed.ev.decision.id)
            size += len(json.dumps(governed.ev.decision.id)) + 1
    if out["omitted"]:
        out["truncated"] = True
        while out["decisions"] and len(_compact(out)) > max_bytes:  # ids of what is left out count too
            dropped = out["decisions"].pop()
            out["omitted"].insert(0, dropped["id"])
    return out


def _compact(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def to_json(data: dict[str, Any]) -> str:
    """The context as `--format json` prints it: compact, one line (its size is the bound)."""
    return _compact(data).decode("utf-8")


def to_text(data: dict[str, Any]) -> str:
    """The context as Markdown, for an agent's prompt or a person."""
    where = f"`{data['path']}`" if data["path"] else "this repository"
    lines = [f"# Decisions that govern {where}", ""]
    if not data["decisions"] and not data["omitted"]:
        lines.append("No accepted or proposed decision governs it.")
    for d in data["decisions"]:
        mark = " (SUPERSEDED" + (f" by {', '.join(d['superseded_by'])}" if d["superseded_by"] else "") + ")"
        lines.append(f"## {d['id']}: {d['title']} [{d['status']}]{mark if d['superseded'] else ''}")
        lines.append("")
        chosen = ", ".join(f"{c['title']} ({c['id']})" for c in d["chosen"]) or "not yet"
        lines.append(f"- Chosen: {chosen}")
        if d.get("matched"):
            lines.append(f"- Governs it through: {', '.join(d['matched'])}")
        if d["rationale"]:
            lines.append(f"- Why: {d['rationale']}")
        for key, label in (
            ("accepted_costs", "Accepted costs"),
            ("open_questions", "Open questions"),
            ("what_would_change", "What would change it"),
        ):
            if d[key]:
                lines.append(f"- {label}:")
                lines += [f"  - {item}" for item in d[key]]
        lines.append("")
    if data["omitted"]:
        lines.append(f"Left out to stay under {data['max_bytes']:,} bytes: {', '.join(data['omitted'])}.")
    return "\n".join(lines).rstrip() + "\n"
