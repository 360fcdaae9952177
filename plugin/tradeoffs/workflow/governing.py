"""Which decisions govern a file or folder (`tradeoffs explain PATH`, the review, agents).

A decision governs what its `affects` globs match. Accepted and proposed decisions govern;
a superseded one is listed too, marked, since its successor may not say the same; rejected
and deprecated decisions govern nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeoffs.core import affects
from tradeoffs.core.model import Evaluation
from tradeoffs.core.project import Project
from tradeoffs.core.sensitivity import analyse, sentences

GOVERNING_STATUSES = ("accepted", "proposed", "superseded")


@dataclass
class Governed:
    """One decision that governs a path, and the globs through which it does."""

    ev: Evaluation
    globs: list[str]
    superseded_by: list[str] = field(default_factory=list)


def relative(project: Project, path: Path) -> str | None:
    """`path` as the globs read it: POSIX, relative to the project's root (None when outside).

    Folders end with `/`; the root itself is ''.
    """
    absolute = Path(os.path.abspath(path))
    try:
        rel = absolute.relative_to(Path(os.path.abspath(project.settings.root)))
    except ValueError:
        try:  # the root or the path may be reached through a symlink
            rel = absolute.resolve().relative_to(project.settings.root.resolve())
        except ValueError:
            return None
    text = rel.as_posix()
    if text == ".":
        return ""
    return text + "/" if path.is_dir() else text


def governing(project: Project, rel: str, files: affects.FileList | None = None) -> list[Governed]:
    """The decisions that govern `rel` (see `relative`), newest first."""
    folder = rel == "" or rel.endswith("/")
    inside: list[str] | None = None
    if folder:
        inside = (files or affects.FileList(project.settings.root)).under(rel)
    found: list[Governed] = []
    for ev in project.evaluations.values():
        d = ev.decision
        if d.status not in GOVERNING_STATUSES or not d.affects:
            continue
        globs = affects.governs(d, rel, inside=inside)
        if globs:
            by = [o.id for o in project.superseded_by(d.number)]
            found.append(Governed(ev, globs, by))
    found.sort(key=lambda g: (g.ev.decision.date is not None, g.ev.decision.date, g.ev.decision.number))
    found.reverse()
    return found


def summary(governed: Governed, *, detail: bool = False) -> dict[str, Any]:
    """One governing decision as data: what was chosen and what would change it; with `detail`,
    also why, what the team accepts and what is still open (for a coding agent)."""
    ev = governed.ev
    d = ev.decision
    fw = ev.framework
    change: list[str] = []
    margin = ""
    if fw is not None:
        result = analyse(fw, d.facts)
        change = sentences(fw, result)
        margin = result.margin.text
    out: dict[str, Any] = {
        "id": d.id,
        "title": d.title,
        "status": d.status,
        "superseded": d.status == "superseded",
        "superseded_by": list(governed.superseded_by),
        "date": d.date.isoformat() if d.date else None,
        "file": d.path,
        "matched": list(governed.globs),
        "framework": d.framework,
        "chosen": [{"id": c, "title": ev.option_title(c)} for c in d.chosen],
        "what_would_change": change,
        "margin": margin,
    }
    if detail:
        out["affects"] = list(d.affects)
        out["rationale"] = d.rationale.strip()
        out["accepted_costs"] = list(ev.accepted_costs)
        out["open_questions"] = [q.text for q in ev.open_questions]
    return out


def text(rel: str, found: list[Governed], *, exists: bool = True) -> str:
    """What `tradeoffs explain PATH` prints."""
    shown = rel or "."
    note = "" if exists else " (no such file yet: matched as a path)"
    if not found:
        return (
            f"{shown}{note}: no accepted or proposed decision governs it "
            "(a decision says what it governs in `affects:`)"
        )
    count = len(found)
    lines = [f"{shown}{note} is governed by {count} decision{'s' * (count != 1)}, newest first:"]
    for g in found:
        s = summary(g)
        mark = ""
        if s["superseded"]:
            mark = " — SUPERSEDED" + (f" by {', '.join(s['superseded_by'])}" if s["superseded_by"] else "")
        lines += ["", f"{s['id']}: {s['title']} [{s['status']}]{mark}"]
        lines.append(f"  File: {s['file']}" + (f" ({s['date']})" if s["date"] else ""))
        lines.append(f"  Governs it through: {', '.join(s['matched'])}")
        chosen = ", ".join(f"{c['title']} ({c['id']})" for c in s["chosen"]) or "not yet"
        lines.append(f"  Chosen: {chosen}")
        if s["what_would_change"]:
            lines.append("  What would change it:")
            lines += [f"    - {sentence}" for sentence in s["what_would_change"]]
        elif s["framework"]:
            lines.append("  What would change it: no single fact, changed or answered.")
    return "\n".join(lines)
