"""What an ADR template sees: one decision's evaluation as plain dicts, with links resolved.

Templates never reach into the model; this keeps them simple for teams to write and lets the
same context feed the site, `tradeoffs render` and the exporters.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from tradeoffs.core import conditions, sensitivity
from tradeoffs.core.fields import FieldSpec
from tradeoffs.core.model import EstimateResult, Framework

if TYPE_CHECKING:
    from tradeoffs.core.model import Decision, Evaluation
    from tradeoffs.core.project import Project


@dataclass(frozen=True)
class Layout:
    """Where generated pages live (paths relative to the docs root, POSIX style)."""

    url_prefix: str = "decisions"

    def decision_page(self, decision: Decision) -> str:
        return f"{self.url_prefix}/{decision.id}.md"

    def framework_page(self, framework_id: str) -> str:
        return f"{self.url_prefix}/frameworks/{framework_id}.md"

    def index_page(self) -> str:
        return f"{self.url_prefix}/index.md"

    def link(self, from_page: str, to_page: str) -> str:
        """A relative Markdown link from one generated page to another."""
        return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def _fmt_value(value: Any, unit: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) else str(value)
    return f"{text} {unit}".strip() if unit and unit not in ("%",) else f"{text}{unit}"


class FrameworkRef(TypedDict):
    id: str
    title: str
    question: str
    mode: str
    combinable: bool
    notes: list[str]
    url: str


class DecisionContext(TypedDict):
    """What an ADR template sees as `adr`: the public contract for a team's templates, and the
    one projection of an evaluation that export (`tradeoffs export`), `explain --format json`
    and the pull-request review take their fields from. docs/customising-templates.md
    describes each key; nested entries are plain dicts of text, numbers and lists."""

    id: str
    number: int
    short_id: str
    title: str
    status: str
    status_wording: str
    status_history: list[dict[str, str]]
    date: str
    deciders: list[str]
    consulted: list[str]
    informed: list[str]
    tags: list[str]
    context: str
    body: str
    origin: str
    path: str
    page: str
    framework: FrameworkRef | None
    framework_id: str | None
    chosen: list[dict[str, Any]]
    chosen_ids: list[str]
    recommended: list[dict[str, Any]] | None
    provisional: bool
    consistent: bool | None
    reasoning: list[str]
    rationale: str
    override_rationale: str
    facts: list[dict[str, Any]]
    options: list[dict[str, Any]]
    accepted_costs: list[str]
    failure_costs: list[str]
    open_questions: list[dict[str, Any]]
    what_would_change: list[dict[str, Any]]
    margin: str
    decisive_unknowns: list[str]
    supersedes: list[dict[str, Any]]
    superseded_by: list[dict[str, Any]]
    related: list[dict[str, Any]]
    links: list[dict[str, Any]]
    affects: list[str]
    fields: list[dict[str, Any]]
    revisit_by: str
    errors: list[str]
    warnings: list[str]
    estimates: list[dict[str, Any]]
    observed_on: str
    observations: list[dict[str, Any]]
    facts_changed: Any
    current_recommended: list[dict[str, Any]] | None
    current_reasoning: list[str]
    revisit: list[Any]


class SiteDecisionContext(DecisionContext, total=False):
    """On the site only: links to tag pages, the git history, `diagrams` (the site draws
    diagrams, so the neighbourhood is one: `html_block("neighbourhood", adr)`), `graph` (the
    view of the decision's group in the relation graph: `url`, `size`) and `html_block` (the
    macros then make tables, lists and the diagram as HTML blocks)."""

    tag_pages: list[dict[str, str]]
    history: dict[str, Any] | None
    diagrams: bool
    graph: dict[str, Any]
    html_block: Any


def decision_context(
    ev: Evaluation, project: Project | None = None, layout: Layout | None = None
) -> DecisionContext:
    """The template context for one decision (`adr` in templates)."""
    layout = layout or Layout(project.settings.url_prefix if project else "decisions")
    d = ev.decision
    page = layout.decision_page(d)
    fw = ev.framework

    def ref(number: int) -> dict[str, Any]:
        other = project.decision(number) if project is not None else None
        if other is None:
            return {"id": f"{d.prefix}-{number:04d}", "title": "", "status": "", "url": None}
        return {
            "id": other.id,
            "title": other.title,
            "status": other.status,
            "url": layout.link(page, layout.decision_page(other)),
        }

    def elsewhere(kind: str) -> list[dict[str, Any]]:
        """Decisions of other repositories' logs (`payments/ADR-3`): named, linked by a catalogue."""
        return [{"id": i, "title": "", "status": "", "url": None} for k, i in d.elsewhere if k == kind]

    recommended = list(ev.recommended) if ev.recommended is not None else None
    options: list[dict[str, Any]] = []
    if fw is not None:
        for option in fw.options:
            options.append(
                {
                    "id": option.id,
                    "title": option.title,
                    "summary": option.summary,
                    "pattern": option.pattern,
                    "accepts": list(option.accepts),
                    "failure_cost": list(option.failure_cost),
                    "score": ev.scores.get(option.id, 0),
                    "supporting": [c.text for c in ev.supporting.get(option.id, [])],
                    "opposing": [c.text for c in ev.opposing.get(option.id, [])],
                    "vetoed": [c.text for c in ev.vetoed.get(option.id, [])],
                    "chosen": option.id in d.chosen,
                    "recommended": recommended is not None and option.id in recommended,
                    "pros": [c.text for c in ev.supporting.get(option.id, [])],
                    "cons": [c.text for c in ev.opposing.get(option.id, [])] + list(option.accepts),
                }
            )
    else:
        for considered in d.options:
            options.append(
                {
                    "id": considered.id,
                    "title": considered.title,
                    "summary": considered.summary,
                    "pattern": "",
                    "accepts": [],
                    "failure_cost": [],
                    "score": None,
                    "supporting": [],
                    "opposing": [],
                    "vetoed": [],
                    "chosen": considered.id in d.chosen,
                    "recommended": False,
                    "pros": list(considered.pros),
                    "cons": list(considered.cons),
                }
            )
    chosen = [o for o in options if o["chosen"]] or [
        {"id": c, "title": ev.option_title(c), "summary": "", "pattern": ""} for c in d.chosen
    ]
    # what would change the decision is worked out only here, where it is shown
    result = sensitivity.analyse(fw, d.facts) if fw is not None else None
    questions = (
        sensitivity.order_questions(ev.open_questions, result, ev.provisional_on)
        if result is not None
        else [(q, None) for q in ev.open_questions]
    )
    facts: list[dict[str, Any]] = []
    if fw is not None:
        for name, fact in fw.facts.items():
            value = d.facts.get(name)
            facts.append(
                {
                    "name": name,
                    "prompt": fact.prompt,
                    "value": value,
                    "display": _fmt_value(value, fact.unit),
                    "answered": value is not None,
                    "unit": fact.unit,
                }
            )
    return {
        "id": d.id,
        "number": d.number,
        "short_id": d.short_id,
        "title": d.title,
        "status": d.status,
        "status_wording": d.status_wording,
        "status_history": [{"date": date, "status": said} for date, said in d.status_history],
        "date": d.date.isoformat() if d.date else "",
        "deciders": list(d.deciders),
        "consulted": list(d.consulted),
        "informed": list(d.informed),
        "tags": list(d.tags),
        "context": d.context,
        "body": d.body,
        "origin": d.origin,
        "path": d.path,
        "page": page,
        "framework": None
        if fw is None
        else {
            "id": fw.id,
            "title": fw.title,
            "question": fw.question,
            "mode": fw.mode,
            "combinable": fw.combinable,
            "notes": list(fw.notes),
            "url": layout.link(page, layout.framework_page(fw.id)),
        },
        "framework_id": d.framework,
        "chosen": chosen,
        "chosen_ids": list(d.chosen),
        "recommended": None
        if recommended is None
        else [{"id": o, "title": ev.option_title(o)} for o in recommended],
        "provisional": ev.provisional,
        "consistent": ev.consistent,
        "reasoning": list(ev.reasoning),
        "rationale": d.rationale,
        "override_rationale": d.override_rationale,
        "facts": facts,
        "options": options,
        "accepted_costs": list(ev.accepted_costs),
        "failure_costs": list(ev.failure_costs),
        "open_questions": [
            {
                "text": q.text,
                "source": q.source,
                "fact": q.fact,
                "decisive": decisive,
                "waits": q.fact is not None and q.fact in ev.provisional_on,
            }
            for q, decisive in questions
        ],
        "what_would_change": [] if result is None or fw is None else sensitivity.changes(fw, result),
        "margin": "" if result is None else result.margin.text,
        "decisive_unknowns": [] if result is None else list(result.decisive_unknowns),
        "supersedes": [ref(n) for n in d.supersedes] + elsewhere("supersedes"),
        "superseded_by": [ref(o.number) for o in (project.superseded_by(d.number) if project else [])],
        "related": [
            ref(n)
            for n in dict.fromkeys(
                [*d.related, *((o.number for o in project.related_to(d.number)) if project else [])]
            )
            if n != d.number
        ]
        + elsewhere("related"),
        "links": [{"title": link.title, "url": link.url} for link in d.links],
        "affects": list(d.affects),
        "fields": field_values(d, project.settings.fields if project is not None else ()),
        "revisit_by": d.revisit_by.isoformat() if d.revisit_by else "",
        "errors": [p.message for p in ev.errors],
        "warnings": [p.message for p in ev.warnings],
        "estimates": [_estimate(r) for r in ev.estimates],
        "observed_on": ev.observed_on.isoformat() if ev.observed_on else "",
        "observations": [{"date": day.isoformat(), "facts": dict(facts)} for day, facts in d.observations],
        "facts_changed": ev.facts_changed,
        "current_recommended": None
        if ev.current_recommended is None
        else [{"id": o, "title": ev.option_title(o)} for o in ev.current_recommended],
        "current_reasoning": list(ev.current_reasoning),
        "revisit": list(ev.revisit),
    }


def after_because(text: str) -> str:
    """A reason as it reads after "Good, because" / "Bad, because": its first word in lower case
    unless that word is an acronym or a name written in capitals ("RAG", "CPU")."""
    word = text.split(" ", 1)[0]
    if not word[:1].isupper() or (len(word) > 1 and not word[1:].islower() and word[1:2].isalpha()):
        return text
    if word == "I":
        return text
    return text[:1].lower() + text[1:]


def field_values(d: Decision, declared: Iterable[FieldSpec]) -> list[dict[str, Any]]:
    """The team's own fields the decision fills, in the order they are declared."""
    return [
        {"name": f.name, "title": f.label, "value": d.fields[f.name], "display": f.display(d.fields[f.name])}
        for f in declared
        if d.fields.get(f.name) not in (None, "", [])
    ]


def _estimate(result: EstimateResult) -> dict[str, Any]:
    est = result.estimate
    return {
        "id": est.id,
        "title": est.title,
        "expression": " ".join(est.expression.split()),
        "unit": est.unit,
        "help": est.help,
        "value": result.value,
        "display": ""
        if result.value is None
        else f"{result.value:,.{est.digits}f}{'' if est.unit in ('', '%') else ' '}{est.unit}",
        "inputs": [
            {"name": k, "display": _fmt_value(round(v, 6) if isinstance(v, float) else v, "")}
            for k, v in result.inputs.items()
        ],
        "missing": list(result.missing),
    }


def framework_data(fw: Framework) -> dict[str, Any]:
    """A framework as the framework page's "Try it" evaluator reads it (plain JSON data).

    Conditions stay as loaded; the texts the reasoning quotes are written here, so the page
    shows exactly what `tradeoffs explain` would.
    """
    return {
        "id": fw.id,
        "title": fw.title,
        "mode": fw.mode,
        "combinable": fw.combinable,
        "fallback": fw.fallback,
        "facts": [
            {
                "name": f.name,
                "type": f.type,
                "prompt": f.prompt,
                "help": f.help,
                "unit": f.unit,
                "min": f.min,
                "max": f.max,
                "values": list(f.values),
            }
            for f in fw.facts.values()
        ],
        "options": [
            {"id": o.id, "title": o.title, "accepts": list(o.accepts), "failure_cost": list(o.failure_cost)}
            for o in fw.options
        ],
        "criteria": [
            {"option": c.option, "effect": c.effect, "weight": c.weight, "text": c.text, "when": c.when}
            for c in fw.criteria
        ],
        "steps": [
            {
                "option": s.option,
                "pass_if": s.pass_if,
                "enter_if": s.enter_if,
                "test": s.text or conditions.describe(s.pass_if, fw.facts),
                "enter_text": None if s.enter_if is None else conditions.describe(s.enter_if, fw.facts),
                "keep": s.keep,
            }
            for s in fw.steps
        ],
        "requires": [{"option": r.option, "facts": list(r.facts)} for r in fw.requires],
        # one value from each piece of each deciding fact's range: an unanswered fact whose
        # answer could change the recommendation makes it provisional, as in the engine
        "probes": sensitivity.probes(fw),
        "open_questions": [
            {"text": q.text, "when": q.when, "options": list(q.options)} for q in fw.open_questions
        ],
    }


def try_it_html(fw: Framework) -> str:
    """The "Try it" block of a framework page: where the form goes, with the framework as JSON in
    an attribute (escaped as any attribute is, so no text in it can leave the attribute; data in
    a page, never a script)."""
    data = json.dumps(framework_data(fw), ensure_ascii=False, separators=(",", ":"), default=str)
    return (
        f'<div class="tradeoffs-tryit" data-tradeoffs-tryit="{html.escape(data, quote=True)}">'
        "<noscript><p>Try it needs JavaScript.</p></noscript></div>"
    )
