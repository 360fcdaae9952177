"""`tradeoffs explain`: one decision's evaluation as data and as text."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from tradeoffs.adr.view import decision_context
from tradeoffs.core.config import Settings
from tradeoffs.core.decisions import FILE_NAME, decision_files
from tradeoffs.core.model import Evaluation
from tradeoffs.core.problems import Problem, Severity
from tradeoffs.core.project import Project, load_project
from tradeoffs.core.references import parse_reference
from tradeoffs.core.sensitivity import explain as what_would_change


def target_kind(settings: Settings, target: str, *, as_path: bool = False) -> tuple[str, Path]:
    """Whether `tradeoffs explain TARGET` is about a decision or about a file or folder.

    A decision is named by its number (7, 0007, ADR-7) or by its file: a YAML file named
    NNNN-short-title.yml, or any YAML file in the decisions folder. Anything else is a path
    whose governing decisions are listed; `--path` (`as_path`) says so for any target.
    `missing` is a number no decision has.
    """
    path = Path(target)
    if as_path:
        return "path", path
    number = parse_reference(target, settings.prefix)
    if number is not None and "/" not in target and os.sep not in target and not path.suffix:
        found = [p for p in decision_files(settings.decisions_dir) if _number_of(p) == number]
        if found:
            return "decision", found[0]
        if not path.exists():
            return "missing", path
    if path.suffix in (".yml", ".yaml") and (
        FILE_NAME.match(path.name) or path.resolve().parent == settings.decisions_dir.resolve()
    ):
        return "decision", path
    return "path", path


def _number_of(path: Path) -> int | None:
    match = FILE_NAME.match(path.name)
    return int(match["number"]) if match else None


def evaluate_one(settings: Settings, path: Path) -> tuple[Project, int | None, list[Problem]]:
    """The project loaded for one decision file, the decision's number (None when the file is
    not a decision that could be evaluated) and the file's problems."""
    match = FILE_NAME.match(path.name)
    if path.resolve().parent != settings.decisions_dir.resolve():
        # a decision outside the folder is evaluated on its own, against the same frameworks
        project = load_project(
            dataclasses.replace(settings, decisions_dir=path.resolve().parent), only=[path]
        )
    else:
        project = load_project(settings, only=[path])
    number = int(match["number"]) if match else None
    ev = project.evaluations.get(number) if number is not None else None
    if (
        ev is not None
        and Path(ev.decision.path).name != path.name
        and (settings.root / ev.decision.path).resolve() != path.resolve()
    ):
        number = None  # the number belongs to another file (a clash): report problems only
    problems = [p for p in project.all_problems if p.file == settings.display(path) or p.file == str(path)]
    if ev is None and not problems:
        problems = [
            Problem(
                settings.display(path),
                1,
                1,
                "this is not a decision file: decisions are YAML files named NNNN-short-title.yml",
                Severity.ERROR,
            )
        ]
    return project, number if ev is not None else None, problems


def explain_data(project: Project, number: int) -> dict[str, Any]:
    """The evaluation of decision `number` as JSON-ready data (`explain --format json`), with
    what would change it (`sensitivity`)."""
    return evaluation_data(project.evaluations[number], project)


def evaluation_data(ev: Evaluation, project: Project | None) -> dict[str, Any]:
    """`explain_data` of any evaluation, also of facts no decision file holds (the MCP
    server's framework evaluation), so both say the same."""
    change = what_would_change(ev)
    adr = decision_context(ev, project)  # the one projection templates, export and review use
    combinable = adr["framework"] is not None and adr["framework"]["combinable"]
    recommended: Any = None if adr["recommended"] is None else [o["id"] for o in adr["recommended"]]
    if recommended is not None and not combinable:
        recommended = recommended[0] if recommended else None
    chosen_ids = adr["chosen_ids"]
    chosen: Any = (
        list(chosen_ids) if combinable or len(chosen_ids) > 1 else (chosen_ids[0] if chosen_ids else None)
    )
    return {
        "id": adr["id"],
        "number": adr["number"],
        "title": adr["title"],
        "status": adr["status"],
        "date": adr["date"] or None,
        "file": adr["path"],
        "framework": adr["framework_id"],
        "chosen": chosen,
        "recommended": recommended,
        "provisional": adr["provisional"],
        "consistent": adr["consistent"],
        "scores": dict(ev.scores),
        "supporting": {o: [c.id for c in cs] for o, cs in ev.supporting.items()},
        "opposing": {o: [c.id for c in cs] for o, cs in ev.opposing.items()},
        "vetoed": {o: [c.id for c in cs] for o, cs in ev.vetoed.items()},
        "reasoning": adr["reasoning"],
        "errors": [p.format() for p in ev.errors],
        "warnings": [p.format() for p in ev.warnings],
        "accepted_costs": adr["accepted_costs"],
        "failure_costs": adr["failure_costs"],
        "unanswered_facts": [f.name for f in ev.unanswered],
        **change["json"],
        "open_questions": change["open_questions"],
    }


def explain_text(project: Project, number: int, data: dict[str, Any]) -> str:
    """The evaluation as the text `tradeoffs explain` prints."""
    ev = project.evaluations[number]
    title = ev.option_title
    lines = [f"{data['id']}: {data['title']} [{data['status']}]"]
    if ev.framework is None:
        lines.append("Framework: none (the decision lists its own options)")
    else:
        lines.append(
            f"Framework: {ev.framework.title} ({ev.framework.id}, {ev.framework.mode}"
            f"{', combinable' if ev.framework.combinable else ''})"
        )
    lines.append(f"Chosen: {', '.join(title(c) for c in ev.decision.chosen) or 'not yet'}")
    if ev.framework is not None:
        rec = (
            "none" if ev.recommended is None else (", ".join(title(o) for o in ev.recommended) or "none yet")
        )
        lines.append(f"Recommended: {rec}{' (provisional)' if ev.provisional else ''}")
        if ev.consistent is not None:
            lines.append("Agrees with the framework: " + ("yes" if ev.consistent else "no"))
        lines.append("")
        lines.append("Why:")
        lines += [f"  - {r}" for r in ev.reasoning]
        lines.append("")
        lines.append("Scores:")
        for option in ev.framework.options:
            mark = " (ruled out)" if option.id in ev.vetoed else ""
            lines.append(f"  {option.title}: {ev.scores.get(option.id, 0):+d}{mark}")
            for crit in ev.supporting.get(option.id, []):
                lines.append(f"      + {crit.weight} {crit.text}")
            for crit in ev.opposing.get(option.id, []):
                lines.append(f"      - {crit.weight} {crit.text}")
            for crit in ev.vetoed.get(option.id, []):
                lines.append(f"      x {crit.text}")
    change = what_would_change(ev)
    lines += change["lines"]
    for heading, items in (
        ("What we accept", data["accepted_costs"]),
        ("Cost of getting it wrong", data["failure_costs"]),
        ("Open questions", change.get("open_question_lines", data["open_questions"])),
        ("Errors", data["errors"]),
        ("Warnings", data["warnings"]),
    ):
        if items:
            lines += ["", f"{heading}:"] + [f"  - {item}" for item in items]
    return "\n".join(lines)
