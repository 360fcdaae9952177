"""Decision health: what in the decision log needs attention now.

An ADR log rots quietly: review dates pass, proposals linger, facts drift. This module reads an
evaluated project and lists each such finding with the decisions it concerns.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from tradeoffs.core.model import Decision
from tradeoffs.core.project import Project
from tradeoffs.core.references import mentioned_numbers

LIVE = ("proposed", "accepted")

KINDS: dict[str, str] = {
    "overdue": "Past their revisit date",
    "stale-proposal": "Proposals waiting too long",
    "unexplained-override": "Chosen against the framework without a rationale",
    "facts-changed": "The facts changed since the decision",
    "threshold-crossed": "Observations cross a threshold of the decision",
    "revisit-when": "The framework says to revisit",
    "unanswered-facts": "Unanswered facts",
    "links-superseded": "Pointing at superseded decisions as if current",
    "recurring-cost": "Costs accepted again and again",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    message: str
    decisions: tuple[int, ...]


@dataclass
class HealthReport:
    today: _dt.date
    findings: list[Finding] = field(default_factory=list)

    def by_kind(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = {kind: [] for kind in KINDS}
        for finding in self.findings:
            out[finding.kind].append(finding)
        return out

    def as_json(self, project: Project) -> dict[str, Any]:
        def describe(number: int) -> dict[str, Any]:
            d = project.decision(number)
            return {"id": d.id, "title": d.title, "status": d.status, "file": d.path} if d else {}

        return {
            "today": self.today.isoformat(),
            "count": len(self.findings),
            "findings": [
                {
                    "kind": f.kind,
                    "heading": KINDS[f.kind],
                    "message": f.message,
                    "decisions": [describe(n) for n in f.decisions],
                }
                for f in self.findings
            ],
        }


def _mentions(decision: Decision) -> set[int]:
    text = " ".join([decision.context, decision.rationale, decision.override_rationale])
    return mentioned_numbers(text, decision.prefix)


def check_health(
    project: Project,
    today: _dt.date | None = None,
    *,
    proposed_max_age_days: int = 30,
    recurring_cost_min: int = 2,
) -> HealthReport:
    """Every finding, in a stable order: by kind, then by decision number."""
    report = HealthReport(today=today or _dt.date.today())
    costs: dict[str, list[int]] = defaultdict(list)
    for number, ev in project.evaluations.items():
        d = ev.decision
        if d.status not in LIVE:
            continue
        if d.status == "accepted" and d.revisit_by is not None and d.revisit_by < report.today:
            days = (report.today - d.revisit_by).days
            report.findings.append(
                Finding(
                    "overdue",
                    f"{d.id} was due for review on {d.revisit_by} ({days} day{'s' * (days != 1)} ago)",
                    (number,),
                )
            )
        if (
            d.status == "proposed"
            and d.date is not None
            and (report.today - d.date).days > proposed_max_age_days
        ):
            report.findings.append(
                Finding(
                    "stale-proposal",
                    f"{d.id} has been proposed since {d.date} ({(report.today - d.date).days} days)",
                    (number,),
                )
            )
        if ev.consistent is False and not d.override_rationale:
            wanted = ", ".join(ev.option_title(o) for o in ev.recommended or ())
            report.findings.append(
                Finding(
                    "unexplained-override",
                    f"{d.id} chose {', '.join(ev.option_title(c) for c in d.chosen)} "
                    f"where the framework favours {wanted}, with no override_rationale",
                    (number,),
                )
            )
        if ev.facts_changed:
            wanted = ", ".join(ev.option_title(o) for o in ev.current_recommended or ()) or "no option"
            report.findings.append(
                Finding(
                    "facts-changed",
                    f"{d.id}: the facts changed; as observed on {ev.observed_on}, "
                    f"the framework now favours {wanted}",
                    (number,),
                )
            )
        if d.status == "accepted" and d.observations and ev.framework is not None:
            from tradeoffs.core.sensitivity import crossings, move_text

            for move in crossings(ev.framework, d.facts, d.observations):
                report.findings.append(
                    Finding(
                        "threshold-crossed",
                        f"{d.id}: as observed on {ev.observed_on}, {move_text(ev.framework, move)}",
                        (number,),
                    )
                )
        for reason in ev.revisit:
            report.findings.append(Finding("revisit-when", f"{d.id}: {reason}", (number,)))
        if ev.unanswered:
            names = ", ".join(f.name for f in ev.unanswered)
            report.findings.append(
                Finding(
                    "unanswered-facts",
                    f"{d.id} leaves {len(ev.unanswered)} "
                    f"fact{'s' * (len(ev.unanswered) != 1)} unanswered: {names}",
                    (number,),
                )
            )
        successors = set(d.supersedes)
        for ref in sorted((set(d.related) | _mentions(d)) - successors - {number}):
            other = project.decision(ref)
            if other is not None and other.status == "superseded":
                newer = project.superseded_by(ref)
                instead = f"; see {', '.join(n.id for n in newer)} instead" if newer else ""
                report.findings.append(
                    Finding(
                        "links-superseded",
                        f"{d.id} refers to {other.id}, which is superseded{instead}",
                        (number, ref, *(n.number for n in newer)),
                    )
                )
        if d.status == "accepted":
            for cost in ev.accepted_costs:
                costs[cost].append(number)
    for cost, numbers in sorted(costs.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(numbers) >= recurring_cost_min:
            report.findings.append(
                Finding("recurring-cost", f"{len(numbers)} accepted decisions accept: {cost}", tuple(numbers))
            )
    order = list(KINDS)
    report.findings.sort(key=lambda f: (order.index(f.kind), f.decisions))
    return report
