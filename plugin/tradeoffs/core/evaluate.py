"""Apply a framework to a decision: recommendation, reasoning, costs, questions and problems.

The rules are deterministic and documented in the README; every problem found is collected,
none is raised.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from tradeoffs.core import conditions, estimates, sensitivity
from tradeoffs.core.frameworks import FrameworkSet, value_fits
from tradeoffs.core.model import Decision, Evaluation, Framework, OpenQuestion
from tradeoffs.core.problems import Problem, Severity
from tradeoffs.core.source import Document, Path_


class _Where:
    """Locates problems in the decision's source, or at its first line when there is none."""

    def __init__(self, decision: Decision, doc: Document | None) -> None:
        self.file = decision.path
        self.doc = doc

    def __call__(
        self, path: Path_, message: str, severity: Severity = Severity.ERROR, *, key: bool = False
    ) -> Problem:
        line, col = self.doc.where(path, key=key) if self.doc is not None else (1, 1)
        return Problem(self.file, line, col, message, severity)


def _did_you_mean(
    name: str, choices: list[str] | tuple[str, ...], titles: dict[str, str] | None = None
) -> str:
    """A hint for a name that is not one of `choices`: the id whose title it is (`asynchronous`
    for the option titled Asynchronous), else the id it starts with or that starts it, else the
    closest spelling."""
    wanted = name.strip().lower()
    hits = [c for c, title in (titles or {}).items() if title.strip().lower() == wanted]
    hits = hits or [
        c for c in choices if len(c) >= 3 and (wanted.startswith(c.lower()) or wanted.endswith(c.lower()))
    ]
    hits = hits or difflib.get_close_matches(name, list(choices), n=1)
    return f"; did you mean '{hits[0]}'?" if hits else f"; expected one of: {', '.join(choices)}"


def _chosen_path(decision: Decision, index: int, doc: Document | None) -> Path_:
    if doc is not None and isinstance(doc.data, dict) and isinstance(doc.data.get("chosen"), list):
        return ("chosen", index)
    return ("chosen",)


def evaluate(decision: Decision, frameworks: FrameworkSet, doc: Document | None = None) -> Evaluation:
    """Evaluate one decision against its framework (or its own options when it has none)."""
    where = _Where(decision, doc)
    if decision.framework is None:
        return _without_framework(decision, where, doc)
    framework = frameworks.get(decision.framework)
    ev = Evaluation(decision=decision, framework=framework)
    if framework is None:
        ev.problems.append(
            where(
                ("framework",),
                f"unknown framework '{decision.framework}'"
                f"{_did_you_mean(decision.framework, sorted(frameworks.frameworks))}"
                " (`tradeoffs frameworks` lists them)",
            )
        )
        ev.accepted_costs = list(decision.accepted_costs)
        ev.open_questions = [OpenQuestion(q, "decision") for q in decision.open_questions]
        return ev
    facts = _check_facts(decision, framework, where, ev)
    _recommend(framework, facts, ev)
    _check_choice(decision, framework, where, doc, ev)
    _collect(decision, framework, facts, ev)
    latest = _observe(decision, framework, facts, where, ev)
    ev.estimates = estimates.compute(framework, latest)
    return ev


_NO_DECISION = Decision(number=0, slug="", path="", title="", status="proposed", date=None)


def facts_decision(
    framework: str,
    facts: Mapping[str, Any],
    chosen: tuple[str, ...] | list[str] = (),
    *,
    path: str = "",
    title: str = "",
    prefix: str = "ADR",
) -> Decision:
    """A proposed decision with no file behind it: how Try it, `preview` and the agents'
    `evaluate_framework` put given facts through the same evaluation as a decision file."""
    return Decision(
        number=0,
        slug="",
        path=path,
        title=title,
        status="proposed",
        date=None,
        prefix=prefix,
        framework=framework,
        facts=dict(facts),
        chosen=tuple(chosen),
    )


def recommend(framework: Framework, facts: Mapping[str, Any]) -> Evaluation:
    """What the framework makes of these facts alone (valid answers only): scores, vetoes, the
    recommendation and its reasoning, with no decision file behind them."""
    return _recommend(framework, facts, Evaluation(decision=_NO_DECISION, framework=framework))


def preview(framework: Framework, facts: Mapping[str, Any]) -> dict[str, Any]:
    """What a reader trying the framework sees for these answers, as if the team chose what it
    recommends: the reference the framework page's "Try it" evaluator is tested against."""
    valid = {
        n: v
        for n, v in facts.items()
        if v is not None and n in framework.facts and not value_fits(framework.facts[n], v)
    }
    ev = recommend(framework, valid)
    decision = facts_decision(framework.id, valid, ev.recommended or ())
    ev.decision = decision
    ev.unanswered = [f for n, f in framework.facts.items() if n not in valid]
    _collect(decision, framework, valid, ev)
    return {
        "recommended": None if ev.recommended is None else list(ev.recommended),
        "provisional": ev.provisional,
        "scores": dict(ev.scores),
        "vetoed": list(ev.vetoed),
        "reasoning": list(ev.reasoning),
        "accepted_costs": list(ev.accepted_costs),
        "failure_costs": list(ev.failure_costs),
        "open_questions": [q.text for q in ev.open_questions],
    }


def _recommend(framework: Framework, facts: Mapping[str, Any], ev: Evaluation) -> Evaluation:
    """Fill in scores, vetoes, the recommendation and its reasoning for a set of facts."""
    _apply_criteria(framework, facts, ev)
    if framework.mode == "gated":
        _walk_steps(framework, facts, ev)
    else:
        _weigh(framework, ev)
    _hold_provisionally(framework, facts, ev)
    return ev


def _hold_provisionally(framework: Framework, facts: Mapping[str, Any], ev: Evaluation) -> None:
    """A recommendation is provisional while an unanswered question could change it on its own,
    or while an option it recommends still needs its required facts; firm only when no single
    answer to the open questions can change it."""
    if not ev.recommended:
        return
    missing = [
        f
        for req in framework.requires
        if req.option in ev.recommended
        for f in req.facts
        if facts.get(f) is None
    ]
    waits = tuple(dict.fromkeys([*missing, *sensitivity.decisive_unknowns(framework, facts, ev.recommended)]))
    if not waits:
        return
    ev.provisional = True
    ev.provisional_on = waits
    ev.reasoning.append(provisional_text([framework.facts[f].prompt for f in waits]))


def provisional_text(questions: list[str]) -> str:
    """The reasoning's last line for a provisional recommendation: the questions it waits for
    (quoted as asked, so the sentence ends on the question's own mark)."""
    quoted = [f"“{q}”" for q in questions]
    listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
    return f"Provisional: the recommendation waits for the answer{'s' if len(quoted) > 1 else ''} to {listed}"


def _observe(
    decision: Decision, framework: Framework, facts: dict[str, Any], where: _Where, ev: Evaluation
) -> dict[str, Any]:
    """Fold newer observations over the decided facts; say when they change the recommendation."""
    latest = dict(facts)
    for day, observed in decision.observations:
        key = day.isoformat()
        for name, value in observed.items():
            fact = framework.facts.get(name)
            if fact is None:
                ev.problems.append(
                    where(
                        ("observations", key, name),
                        f"'{name}' is not a fact of "
                        f"{framework.id}{_did_you_mean(name, list(framework.facts))}",
                        key=True,
                    )
                )
                continue
            reason = None if value is None else value_fits(fact, value)
            if reason:
                ev.problems.append(where(("observations", key, name), f"observations.{key}.{name} {reason}"))
            elif value is not None:
                latest[name] = value
        ev.observed_on = day
    if decision.observations:
        current = _recommend(framework, latest, Evaluation(decision=decision, framework=framework))
        ev.current_recommended = current.recommended
        # Drift is news for the ADR page and `tradeoffs health`, not a fault in the file: a
        # warning here would fail every strict build the day the facts move.
        ev.current_reasoning = current.reasoning
    for option_id in decision.chosen:
        option = framework.option(option_id)
        if (
            option is not None
            and option.revisit_when is not None
            and conditions.compiled(option.revisit_when)(latest) is True
        ):
            ev.revisit.append(
                option.revisit_text
                or f"{option.title}: {conditions.describe(option.revisit_when, framework.facts)}"
            )
    return latest


def _check_facts(decision: Decision, framework: Framework, where: _Where, ev: Evaluation) -> dict[str, Any]:
    """Facts that are known to the framework and of the right type; the rest become problems."""
    valid: dict[str, Any] = {}
    for name, value in decision.facts.items():
        fact = framework.facts.get(name)
        if fact is None:
            ev.problems.append(
                where(
                    ("facts", name),
                    f"'{name}' is not a fact of {framework.id}{_did_you_mean(name, list(framework.facts))}",
                    key=True,
                )
            )
            continue
        if value is None:
            continue
        reason = value_fits(fact, value)
        if reason:
            ev.problems.append(where(("facts", name), f"facts.{name} {reason}"))
            continue
        valid[name] = value
    ev.unanswered = [
        f for n, f in framework.facts.items() if n not in valid and decision.facts.get(n) is None
    ]
    return valid


def _apply_criteria(framework: Framework, facts: Mapping[str, Any], ev: Evaluation) -> None:
    ev.scores = {o.id: 0 for o in framework.options}
    ev.supporting = {o.id: [] for o in framework.options}
    ev.opposing = {o.id: [] for o in framework.options}
    for crit in framework.criteria:
        if conditions.compiled(crit.when)(facts) is not True:
            continue
        if crit.effect == "veto":
            ev.vetoed.setdefault(crit.option, []).append(crit)
        elif crit.effect == "for":
            ev.supporting[crit.option].append(crit)
            ev.scores[crit.option] += crit.weight
        else:
            ev.opposing[crit.option].append(crit)
            ev.scores[crit.option] -= crit.weight


def _weigh(framework: Framework, ev: Evaluation) -> None:
    candidates = {o: s for o, s in ev.scores.items() if o not in ev.vetoed}
    title = ev.option_title
    for option_id, crits in ev.vetoed.items():
        ev.reasoning.append(f"{title(option_id)} is ruled out: {crits[0].text}")
    if not candidates:
        ev.recommended = None
        ev.reasoning.append("Every option is ruled out by the facts: no recommendation.")
        return
    if framework.combinable:
        chosen = tuple(o for o in ev.scores if o in candidates and candidates[o] > 0)
        ev.recommended = chosen
        if chosen:
            parts = ", ".join(f"{title(o)} ({candidates[o]:+d})" for o in chosen)
            lead = (
                "The facts favour combining" if len(chosen) > 1 else "Of the options, the facts favour only"
            )
            ev.reasoning.append(f"{lead}: {parts}.")
        else:
            ev.reasoning.append(
                "No option has a positive score yet: no recommendation; answer the open facts."
            )
        return
    best = max(candidates.values())
    top = [o for o, s in candidates.items() if s == best]
    ranking = ", ".join(f"{title(o)} {s:+d}" for o, s in sorted(candidates.items(), key=lambda kv: -kv[1]))
    if len(top) > 1:
        ev.recommended = None
        ev.reasoning.append(
            f"No recommendation: {' and '.join(title(o) for o in top)} are tied "
            f"at {best:+d} ({ranking}). Answer more facts, or decide on "
            "grounds the framework does not weigh."
        )
        return
    ev.recommended = (top[0],)
    ev.reasoning.append(f"The facts favour {title(top[0])} (scores: {ranking}).")


def _walk_steps(framework: Framework, facts: Mapping[str, Any], ev: Evaluation) -> None:
    """Steps in order: the first that passes is the recommendation, unless it keeps its option
    (`keep`), when a later step that passes is recommended with it; an undecided step ends the
    walk on what it has kept, or on its own option when it has kept nothing."""
    title = ev.option_title
    kept: list[str] = []

    def titles(options: list[str]) -> str:
        return " + ".join(title(o) for o in options)

    for number, step in enumerate(framework.steps, start=1):
        label = f"Step {number} ({title(step.option)})"
        if step.option in ev.vetoed:
            ev.reasoning.append(f"{label}: skipped, ruled out: {ev.vetoed[step.option][0].text}")
            continue
        if step.enter_if is not None and conditions.compiled(step.enter_if)(facts) is False:
            ev.reasoning.append(
                f"{label}: does not apply; it is for when "
                f"{conditions.describe(step.enter_if, framework.facts)}."
            )
            continue
        passed = conditions.compiled(step.pass_if)(facts)
        test = step.text or conditions.describe(step.pass_if, framework.facts)
        if passed is True:
            if step.option not in kept:
                kept.append(step.option)
            if step.keep:
                ev.reasoning.append(f"{label}: passes ({test}). Keep {title(step.option)} and go on.")
                continue
            ev.recommended = tuple(kept)
            ev.reasoning.append(f"{label}: passes ({test}). Stop here: {titles(kept)}.")
            return
        if passed is None:
            ev.recommended = tuple(kept) if kept else (step.option,)
            ev.reasoning.append(
                f"{label}: cannot tell yet ({test}); the walk stops here on {titles(list(ev.recommended))}."
            )
            return
        ev.reasoning.append(f"{label}: does not pass ({test}).")
    if kept:
        ev.recommended = tuple(kept)
        ev.reasoning.append(f"No later step passes: {titles(kept)}.")
        return
    fallback = framework.fallback
    if fallback is not None and fallback not in ev.vetoed:
        ev.recommended = (fallback,)
        ev.reasoning.append(f"No step passes: fall back to {title(fallback)}.")
    else:
        ev.recommended = None
        ev.reasoning.append("No step passes and the fallback is ruled out: no recommendation.")


def _check_choice(
    decision: Decision, framework: Framework, where: _Where, doc: Document | None, ev: Evaluation
) -> None:
    chosen = decision.chosen
    if len(chosen) > 1 and not framework.combinable:
        ev.problems.append(
            where(
                ("chosen",),
                f"{framework.id} does not combine options: choose one of {', '.join(framework.option_ids)}",
            )
        )
    titles = {o.id: o.title for o in framework.options}
    for i, option_id in enumerate(chosen):
        path = _chosen_path(decision, i, doc)
        if framework.option(option_id) is None:
            ev.problems.append(
                where(
                    path,
                    f"'{option_id}' is not an option of {framework.id}"
                    f"{_did_you_mean(option_id, framework.option_ids, titles)}",
                )
            )
        elif option_id in ev.vetoed:
            reasons = "; ".join(c.text for c in ev.vetoed[option_id])
            ev.problems.append(where(path, f"'{option_id}' is ruled out by the facts: {reasons}"))
    if not chosen:
        return
    # an unknown option is reported above with its hint; comparing it says nothing more
    unknown = any(framework.option(o) is None for o in chosen)
    if ev.recommended is not None and ev.consistent is False and not unknown:
        wanted = ", ".join(ev.option_title(o) for o in ev.recommended) or "no option yet"
        if decision.override_rationale:
            ev.reasoning.append(
                f"The team chose against the framework (which favours {wanted}); see the override rationale."
            )
        else:
            ev.problems.append(
                where(
                    ("chosen",),
                    f"the choice ({', '.join(chosen)}) differs from what "
                    f"the framework recommends ({wanted}); if that is deliberate, "
                    "say why in override_rationale",
                    Severity.WARNING,
                )
            )
    # a chosen option's missing required facts are warned about below, with the reason; the
    # provisional warning names only what those warnings do not already cover
    warned = {
        f
        for req in framework.requires
        if req.option in chosen
        for f in req.facts
        if decision.facts.get(f) is None
    }
    if ev.provisional:
        facts = (
            [f for f in ev.provisional_on if f not in warned]
            if ev.provisional_on
            else sorted({f.name for f in ev.unanswered})
        )
        if facts:
            ev.problems.append(
                where(
                    ("facts",),
                    f"the recommendation is provisional until these facts are answered: {', '.join(facts)}",
                    Severity.WARNING,
                )
            )
    for req in framework.requires:
        if req.option not in chosen:
            continue
        missing = [f for f in req.facts if decision.facts.get(f) is None]
        if missing:
            why = f": {req.text}" if req.text else ""
            if ev.provisional_on and req.option in (ev.recommended or ()):
                why = f" (until then the recommendation is provisional){why}"
            # point at the empty fact, else the facts block, else the choice that requires it
            at: Path_ = ("facts", missing[0]) if doc is not None and ("facts",) in doc.values else ("chosen",)
            ev.problems.append(
                where(
                    at,
                    f"choosing '{req.option}' requires answering {', '.join(missing)}{why}",
                    Severity.WARNING,
                )
            )


def _collect(decision: Decision, framework: Framework, facts: Mapping[str, Any], ev: Evaluation) -> None:
    for option_id in decision.chosen:
        option = framework.option(option_id)
        if option is None:
            continue
        ev.accepted_costs += option.accepts
        ev.failure_costs += option.failure_cost
    for option_id in decision.chosen:
        ev.accepted_costs += [c.text for c in ev.opposing.get(option_id, ())]
    ev.accepted_costs += decision.accepted_costs
    ev.accepted_costs = list(dict.fromkeys(ev.accepted_costs))
    ev.failure_costs = list(dict.fromkeys(ev.failure_costs))
    ev.open_questions = [OpenQuestion(q, "decision") for q in decision.open_questions]
    ev.open_questions += [
        OpenQuestion(q.text, "framework")
        for q in framework.open_questions
        if (q.when is None or conditions.compiled(q.when)(facts) is True)
        and (not q.options or not decision.chosen or set(q.options) & set(decision.chosen))
    ]
    ev.open_questions += [OpenQuestion(f.prompt, "fact", fact=f.name) for f in ev.unanswered]


def _without_framework(decision: Decision, where: _Where, doc: Document | None) -> Evaluation:
    ev = Evaluation(decision=decision, framework=None)
    ids = [o.id for o in decision.options]
    if decision.chosen and not decision.options:
        ev.problems.append(
            where(
                ("chosen",),
                "a decision without a framework lists the options it "
                "considered in `options`; add them, or name a `framework`",
            )
        )
    seen: set[str] = set()
    for i, option in enumerate(decision.options):
        if option.id in seen:
            ev.problems.append(where(("options", i, "id"), f"option id '{option.id}' is used twice"))
        seen.add(option.id)
    if len(decision.chosen) > 1:
        ev.problems.append(where(("chosen",), "choose one of the options"))
    for i, option_id in enumerate(decision.chosen):
        if decision.options and option_id not in ids:
            ev.problems.append(
                where(
                    _chosen_path(decision, i, doc),
                    f"'{option_id}' is not one of the options listed{_did_you_mean(option_id, ids)}",
                )
            )
    for option in decision.options:
        if option.id in decision.chosen:
            ev.accepted_costs += option.cons
    ev.accepted_costs += decision.accepted_costs
    ev.open_questions = [OpenQuestion(q, "decision") for q in decision.open_questions]
    if decision.override_rationale:
        ev.problems.append(
            where(
                ("override_rationale",),
                "override_rationale explains a choice "
                "against a framework, and this decision names none; "
                "move the text to rationale",
                Severity.WARNING,
            )
        )
    return ev
