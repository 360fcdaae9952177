"""What would change a decision: every single-fact change that changes the recommendation.

A framework's conditions compare each fact with a few constants, so the recommendation is
piecewise constant in every fact: between two neighbouring constants (and at each constant) it
cannot change. Trying one value from each of those pieces is therefore exact, not a sample. This
is computed only where it is shown (`tradeoffs explain`, ADR pages, review and health), never by
`tradeoffs check`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from tradeoffs.core import conditions
from tradeoffs.core.frameworks import value_fits
from tradeoffs.core.model import Condition, Evaluation, Fact, Framework, OpenQuestion

Outcome = tuple[str, ...] | None


@dataclass(frozen=True)
class Flip:
    """One value of one fact that, all else equal, changes the recommendation."""

    fact: str
    current: Any
    value: Any
    recommended: Outcome
    where: str
    """The piece of the fact's range the value stands for, e.g. `below 20 %` or `no`."""


@dataclass(frozen=True)
class Margin:
    """How far the recommendation is ahead: by score, or by the gated step that decided."""

    kind: Literal["score", "step", "none"]
    lead: int | None = None
    runner_up: str | None = None
    step: int | None = None
    option: str | None = None
    text: str = ""
    answers_away: int | None = None
    """The fewest answers (changed, or newly given) that change the recommendation: 1 or 2, or
    None when no two answers do."""


@dataclass
class Sensitivity:
    recommended: Outcome
    flips: list[Flip] = field(default_factory=list)
    decisive_unknowns: list[str] = field(default_factory=list)
    margin: Margin = field(default_factory=lambda: Margin("none"))


@dataclass(frozen=True)
class _Piece:
    value: Any
    where: str
    lo: float
    hi: float
    """Where the piece lies on the number line (equal for a single point)."""


def valid_facts(framework: Framework, facts: Mapping[str, Any]) -> dict[str, Any]:
    """The answered facts the evaluator reads: known to the framework and of the right type."""
    return {
        name: value
        for name, value in facts.items()
        if value is not None and name in framework.facts and not value_fits(framework.facts[name], value)
    }


def recommend(framework: Framework, facts: Mapping[str, Any]) -> Evaluation:
    from tradeoffs.core.evaluate import recommend as _recommend

    return _recommend(framework, facts)


@dataclass(frozen=True)
class _Plan:
    """A framework's deciding conditions made into functions once, with what analysis needs."""

    criteria: tuple[tuple[conditions.Test, str, str, int], ...]
    steps: tuple[tuple[str, conditions.Test | None, conditions.Test, bool], ...]
    constants: dict[str, list[Any]]
    read: frozenset[str]
    by_fact: dict[str, tuple[int, ...]]
    """For each fact, the criteria whose conditions read it: all a changed answer can change."""


_PLANS: dict[int, tuple[Framework, _Plan]] = {}


def _plan(framework: Framework) -> _Plan:
    hit = _PLANS.get(id(framework))
    if hit is not None and hit[0] is framework:
        return hit[1]
    plan = _Plan(
        tuple((conditions.compiled(c.when), c.effect, c.option, c.weight) for c in framework.criteria),
        tuple(
            (
                s.option,
                None if s.enter_if is None else conditions.compiled(s.enter_if),
                conditions.compiled(s.pass_if),
                s.keep,
            )
            for s in framework.steps
        ),
        constants(framework),
        frozenset(n for cond in deciding_conditions(framework) for n in conditions.facts_read(cond)),
        {
            name: tuple(
                i for i, c in enumerate(framework.criteria) if name in set(conditions.facts_read(c.when))
            )
            for name in framework.facts
        },
    )
    if len(_PLANS) >= 256:
        _PLANS.clear()
    _PLANS[id(framework)] = (framework, plan)
    return plan


def outcome(framework: Framework, facts: Mapping[str, Any]) -> Outcome:
    """What `recommend(framework, facts).recommended` is, without the reasoning's sentences:
    analysing one decision evaluates its framework dozens of times, once per piece of each fact.
    (tests/test_sensitivity.py holds it to the engine.)"""
    plan = _plan(framework)
    base = _tally(framework, plan, facts)
    return _decide(framework, plan, base.scores, base.vetoes, facts)


@dataclass
class _Tally:
    """Which criteria fire on a set of facts, and the scores and vetoes they make."""

    fired: list[bool]
    scores: dict[str, int]
    vetoes: dict[str, int]


def _tally(framework: Framework, plan: _Plan, facts: Mapping[str, Any]) -> _Tally:
    fired = [test(facts) is True for test, _, _, _ in plan.criteria]
    scores = {o.id: 0 for o in framework.options}
    vetoes = {o.id: 0 for o in framework.options}
    for (_test, effect, option, weight), hit in zip(plan.criteria, fired, strict=True):
        if hit:
            _count(scores, vetoes, effect, option, weight, 1)
    return _Tally(fired, scores, vetoes)


def _count(
    scores: dict[str, int], vetoes: dict[str, int], effect: str, option: str, weight: int, sign: int
) -> None:
    if effect == "veto":
        vetoes[option] += sign
    elif effect == "for":
        scores[option] += sign * weight
    else:
        scores[option] -= sign * weight


def _probe(
    framework: Framework, plan: _Plan, base: _Tally, facts: Mapping[str, Any], changes: Mapping[str, Any]
) -> Outcome:
    """`outcome` of `facts` with `changes`, from the tally on `facts`: only the criteria that read
    a changed fact are evaluated again (the provisional rule probes every unanswered fact of every
    decision `tradeoffs check` reads, and the analysis every piece of every fact)."""
    changed = {**facts, **changes}
    scores, vetoes = base.scores, base.vetoes
    copied = False
    # a criterion that reads two changed facts is counted once
    affected: Iterable[int] = (
        plan.by_fact.get(next(iter(changes)), ())
        if len(changes) == 1
        else sorted({i for name in changes for i in plan.by_fact.get(name, ())})
    )
    for i in affected:
        test, effect, option, weight = plan.criteria[i]
        hit = test(changed) is True
        if hit is base.fired[i]:
            continue
        if not copied:
            scores, vetoes, copied = dict(scores), dict(vetoes), True
        _count(scores, vetoes, effect, option, weight, 1 if hit else -1)
    return _decide(framework, plan, scores, vetoes, changed)


def _decide(
    framework: Framework,
    plan: _Plan,
    scores: dict[str, int],
    vetoes: dict[str, int],
    facts: Mapping[str, Any],
) -> Outcome:
    if framework.mode == "gated":
        kept: list[str] = []
        for option, enter, passes, keep in plan.steps:
            if vetoes[option] or (enter is not None and enter(facts) is False):
                continue
            passed = passes(facts)
            if passed is False:
                continue
            if passed is None:
                return tuple(kept) if kept else (option,)
            if option not in kept:
                kept.append(option)
            if not keep:
                return tuple(kept)
        if kept:
            return tuple(kept)
        fallback = framework.fallback
        return (fallback,) if fallback is not None and not vetoes[fallback] else None
    candidates = {o: s for o, s in scores.items() if not vetoes[o]}
    if not candidates:
        return None
    if framework.combinable:
        return tuple(o for o in candidates if candidates[o] > 0)
    best = max(candidates.values())
    top = [o for o, s in candidates.items() if s == best]
    return (top[0],) if len(top) == 1 else None


def deciding_conditions(framework: Framework) -> list[Condition]:
    """The conditions that can change the recommendation (not the open questions)."""
    conds: list[Condition] = [c.when for c in framework.criteria]
    for step in framework.steps:
        conds.append(step.pass_if)
        if step.enter_if is not None:
            conds.append(step.enter_if)
    return conds


def constants(framework: Framework) -> dict[str, list[Any]]:
    """The constants each fact is compared with in the conditions that decide."""
    found: dict[str, list[Any]] = {}
    for cond in deciding_conditions(framework):
        for name, _op, value, _path in conditions.comparisons(cond):
            values = value if isinstance(value, list) else [value]
            found.setdefault(name, []).extend(values)
    return found


def _number_pieces(fact: Fact, constants: Iterable[Any], current: Any) -> list[_Piece]:
    """One value from each piece of the number line the constants cut, nearest to `current`."""
    integer = fact.type == "integer"
    lo_bound = -math.inf if fact.min is None else fact.min
    hi_bound = math.inf if fact.max is None else fact.max
    cuts = sorted({float(c) for c in constants if isinstance(c, int | float) and not isinstance(c, bool)})
    pieces: list[_Piece] = []
    edges = [-math.inf, *cuts, math.inf]
    for a, b in itertools.pairwise(edges):
        value = _inside(a, b, lo_bound, hi_bound, integer, current)
        if value is not None:
            pieces.append(_Piece(value, _describe_open(a, b, fact), a, b))
        if b != math.inf and lo_bound <= b <= hi_bound and (not integer or b.is_integer()):
            pieces.append(_Piece(_tidy(b), f"exactly {_show(b, fact)}", b, b))
    return pieces


def _inside(a: float, b: float, lo: float, hi: float, integer: bool, current: Any) -> Any:
    """A tidy value strictly between the cuts a and b and within [lo, hi], next to the end that
    faces `current` (the nearest value across the threshold), or `current` itself when it lies
    between them; None when the piece holds no allowed value."""
    start, end = max(a, lo), min(b, hi)
    start_open, end_open = start == a, end == b

    def member(x: float) -> bool:
        if integer and not float(x).is_integer():
            return False
        return (start < x or (x == start and not start_open)) and (x < end or (x == end and not end_open))

    number = current if isinstance(current, int | float) and not isinstance(current, bool) else None
    if number is not None and member(number):
        return _tidy(number)
    if start == -math.inf and end == math.inf:
        return 0 if member(0) else None
    toward_top = number >= end if number is not None else end != math.inf
    if toward_top and end == math.inf:
        toward_top = False
    if not toward_top and start == -math.inf:
        toward_top = True
    steps = (1.0,) if integer else (1.0, 0.5, 0.1, 0.01, 0.001)
    if toward_top:
        candidates = [end] + [(math.ceil(end) if integer else end) - step for step in steps]
    else:
        candidates = [start] + [(math.floor(start) if integer else start) + step for step in steps]
    for x in candidates:
        if member(x):
            return _tidy(x)
    middle = (start + end) / 2
    return _tidy(middle) if member(middle) else None


def _tidy(value: float) -> Any:
    return int(value) if float(value).is_integer() else round(value, 6)


def _show(value: float, fact: Fact) -> str:
    return conditions.value_text(_tidy(value), fact)


def _describe_open(a: float, b: float, fact: Fact) -> str:
    if a == -math.inf and b == math.inf:
        return "any value"
    if a == -math.inf:
        return f"below {_show(b, fact)}"
    if b == math.inf:
        return f"above {_show(a, fact)}"
    return f"between {_show(a, fact)} and {_show(b, fact)}"


def _pieces(fact: Fact, constants: list[Any], current: Any) -> list[_Piece]:
    if fact.type == "boolean":
        return [_Piece(v, "yes" if v else "no", 0, 0) for v in (True, False)]
    if fact.type == "enum":
        return [_Piece(v, str(v), 0, 0) for v in fact.values]
    if fact.type in ("number", "integer"):
        return _number_pieces(fact, constants, current)
    seen = dict.fromkeys(str(c) for c in constants if isinstance(c, str))
    return [_Piece(v, v, 0, 0) for v in seen]


def decisive_unknowns(framework: Framework, facts: Mapping[str, Any], base: Outcome) -> list[str]:
    """The unanswered facts whose answer alone changes the recommendation `base` on `facts` (valid
    answers only): the ones that change it for most pieces of their range first, then in the
    framework's order. A recommendation with any is provisional; the framework page's "Try it"
    probes the same pieces (`probes`)."""
    plan = _plan(framework)
    counts: dict[str, int] = {}
    fired: _Tally | None = None
    for name, fact in framework.facts.items():
        if name not in plan.read or facts.get(name) is not None:
            continue
        if fired is None:
            fired = _tally(framework, plan, facts)
        flips = sum(
            1
            for piece in _pieces(fact, plan.constants.get(name, []), None)
            if _probe(framework, plan, fired, facts, {name: piece.value}) != base
        )
        if flips:
            counts[name] = flips
    names = list(framework.facts)
    return sorted(counts, key=lambda n: (-counts[n], names.index(n)))


def probes(framework: Framework) -> dict[str, list[Any]]:
    """For each fact the deciding conditions read, one value from each piece of its range: what
    `decisive_unknowns` tries for an unanswered fact (and what "Try it" tries, to agree)."""
    plan = _plan(framework)
    return {
        name: [p.value for p in _pieces(fact, plan.constants.get(name, []), None)]
        for name, fact in framework.facts.items()
        if name in plan.read
    }


def _bound_text(value: float, fact: Fact) -> str:
    return _show(value, fact)


def _run_where(run: list[_Piece], fact: Fact) -> str:
    """Where a run of neighbouring pieces lies, true of every value in it: `80 % or more`,
    `20 % or more but below 60 %`, `exactly 80 %`."""
    first, last = run[0], run[-1]
    if len(run) == 1 and first.lo == first.hi:
        return first.where
    low: tuple[float, bool] | None = None  # (bound, inclusive)
    if first.lo == first.hi:
        low = (first.lo, True)
    elif first.lo != -math.inf:
        low = (first.lo, False)
    high: tuple[float, bool] | None = None
    if last.lo == last.hi:
        high = (last.hi, True)
    elif last.hi != math.inf:
        high = (last.hi, False)
    if low is None and high is None:
        return "any value"
    if low is None:
        assert high is not None
        return f"{_bound_text(high[0], fact)} or less" if high[1] else f"below {_bound_text(high[0], fact)}"
    if high is None:
        return f"{_bound_text(low[0], fact)} or more" if low[1] else f"above {_bound_text(low[0], fact)}"
    a, b = _bound_text(low[0], fact), _bound_text(high[0], fact)
    if low[1] and high[1]:
        return f"from {a} to {b}"
    if low[1]:
        return f"{a} or more but below {b}"
    if high[1]:
        return f"above {a} and up to {b}"
    return f"between {a} and {b}"


def analyse(framework: Framework, facts: Mapping[str, Any], base: Evaluation | None = None) -> Sensitivity:
    """Every single-fact change that changes what `framework` recommends for `facts`."""
    facts = valid_facts(framework, facts)
    base = base if base is not None else recommend(framework, facts)
    plan = _plan(framework)
    cuts, read = plan.constants, plan.read
    fired = _tally(framework, plan, facts)
    flips_found: list[Flip] = []
    counts: dict[str, int] = {}
    for name, fact in framework.facts.items():
        if name not in read:
            continue
        current = facts.get(name)
        numeric = fact.type in ("number", "integer")
        pieces = _pieces(fact, cuts.get(name, []), current)
        outcomes = [
            _probe(framework, plan, fired, facts, {name: p.value}) if p.value != current else base.recommended
            for p in pieces
        ]
        found: list[Flip] = []
        flips = 0
        if numeric:
            # neighbouring pieces with the same outcome make one run, said as one range that is
            # true of every value in it
            runs: list[tuple[Outcome, list[_Piece]]] = []
            for piece, changed in zip(pieces, outcomes, strict=True):
                if piece.value == current:
                    changed = base.recommended
                if runs and runs[-1][0] == changed:
                    runs[-1][1].append(piece)
                else:
                    runs.append((changed, [piece]))
            for changed, run in runs:
                if changed == base.recommended:
                    continue
                flips += len(run)
                number = _number(current)
                value = (
                    run[0].value
                    if number is None
                    else min(run, key=lambda p: abs(float(p.value) - number)).value
                )
                found.append(Flip(name, current, value, changed, _run_where(run, fact)))
        else:
            for piece, changed in zip(pieces, outcomes, strict=True):
                if piece.value == current or changed == base.recommended:
                    continue
                flips += 1
                found.append(Flip(name, current, piece.value, changed, piece.where))
        flips_found += sorted(found, key=_order(current))
        if current is None and flips:
            counts[name] = flips
    names = list(framework.facts)
    result = Sensitivity(recommended=base.recommended, flips=flips_found)
    result.decisive_unknowns = sorted(counts, key=lambda n: (-counts[n], names.index(n)))
    away = 1 if flips_found else _two_answers_away(framework, facts, base.recommended, fired)
    result.margin = margin(framework, base, away)
    return result


def _two_answers_away(
    framework: Framework, facts: Mapping[str, Any], base: Outcome, fired: _Tally
) -> int | None:
    """2 when some pair of answers changes the recommendation (no single answer does), else None."""
    plan = _plan(framework)
    choices = [
        (name, [p.value for p in _pieces(fact, plan.constants.get(name, []), facts.get(name))])
        for name, fact in framework.facts.items()
        if name in plan.read
    ]
    for (a, values_a), (b, values_b) in itertools.combinations(choices, 2):
        for va in values_a:
            if va == facts.get(a):
                continue
            for vb in values_b:
                if vb != facts.get(b) and _probe(framework, plan, fired, facts, {a: va, b: vb}) != base:
                    return 2
    return None


def _order(current: Any) -> Any:
    def key(flip: Flip) -> Any:
        value = flip.value
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and isinstance(current, int | float)
            and not isinstance(current, bool)
        ):
            return (0, abs(value - current), str(value))
        return (1, 0, str(value))

    return key


def _points(n: int) -> str:
    return f"{n} point" if abs(n) == 1 else f"{n} points"


def _away(n: int | None) -> str:
    if n is None:
        return "more than two answers away from a different recommendation"
    return f"{n} answer{'s' if n > 1 else ''} away from a different recommendation"


def margin(framework: Framework, ev: Evaluation, away: int | None = None) -> Margin:
    """How far ahead the recommendation is: points over the runner-up, or the deciding step, and
    how many answers away a different recommendation is."""
    if framework.mode == "gated":
        deciding = [
            int(line.split()[1])
            for line in ev.reasoning
            if line.startswith("Step ") and (": passes (" in line or ": cannot tell yet (" in line)
        ]
        for line in reversed(ev.reasoning):
            if line.startswith(("Step ", "No step passes", "No later step passes")):
                number = deciding[-1] if deciding and not line.startswith("No step passes") else None
                option = ev.recommended[-1] if ev.recommended else None
                return Margin(
                    "step",
                    step=number,
                    option=option,
                    text=f"{line.rstrip('.')}; {_away(away)}",
                    answers_away=away,
                )
        return Margin("none", answers_away=away)
    candidates = {o: s for o, s in ev.scores.items() if o not in ev.vetoed}
    if not candidates or ev.recommended is None:
        return Margin(
            "score",
            lead=0,
            text=(
                "no recommendation: the top options are tied" if candidates else "every option is ruled out"
            )
            + f"; {_away(away).replace('a different recommendation', 'a recommendation')}",
            answers_away=away,
        )
    if framework.combinable:
        if not ev.recommended:
            best = max(candidates, key=lambda o: candidates[o])
            return Margin(
                "score",
                lead=candidates[best] - 1,
                runner_up=best,
                text=f"{ev.option_title(best)} is {_points(1 - candidates[best])} short of being "
                f"recommended; {_away(away)}",
                answers_away=away,
            )
        weakest = min(ev.recommended, key=lambda o: candidates[o])
        return Margin(
            "score",
            lead=candidates[weakest],
            runner_up=weakest,
            text=f"the weakest recommended option, {ev.option_title(weakest)}, is "
            f"{_points(candidates[weakest])} above zero; {_away(away)}",
            answers_away=away,
        )
    best = ev.recommended[0]
    others = {o: s for o, s in candidates.items() if o != best}
    if not others:
        return Margin(
            "score",
            lead=None,
            text=f"{ev.option_title(best)} is the only option not ruled out; {_away(away)}",
            answers_away=away,
        )
    runner = max(others, key=lambda o: others[o])
    lead = candidates[best] - others[runner]
    return Margin(
        "score",
        lead=lead,
        runner_up=runner,
        text=f"{ev.option_title(best)} leads {ev.option_title(runner)} by {_points(lead)}, {_away(away)}",
        answers_away=away,
    )


def outcome_text(framework: Framework, outcome: Outcome) -> str:
    if outcome is None:
        return "make no recommendation"
    if not outcome:
        return "recommend no option yet"
    titles = [o.title if (o := framework.option(i)) is not None else i for i in outcome]
    return "favour " + " + ".join(titles)


def changes(framework: Framework, result: Sensitivity) -> list[dict[str, str]]:
    """Each flip in words: the question (`subject`, with its fact's name in `fact`), the verb,
    the piece of its range and what would follow."""
    out = []
    for flip in result.flips:
        fact = framework.facts[flip.fact]
        answered = flip.current is not None
        out.append(
            {
                "fact": flip.fact,
                "question": fact.prompt,
                "subject": f"the answer to “{fact.prompt}”" if answered else f"“{fact.prompt}”",
                "verb": "were" if answered else "were answered",
                "where": flip.where,
                "outcome": outcome_text(framework, flip.recommended),
            }
        )
    return out


def sentences(framework: Framework, result: Sensitivity) -> list[str]:
    """One sentence a flip: "If the answer to “What share …?” were below 20 %, the framework
    would …"."""
    return [
        f"If {c['subject']} {c['verb']} {c['where']}, the framework would {c['outcome']}."
        for c in changes(framework, result)
    ]


def order_questions(
    questions: list[OpenQuestion], result: Sensitivity, waits: Iterable[str] = ()
) -> list[tuple[OpenQuestion, bool | None]]:
    """Open questions with the decisive unknowns first, then the other facts a provisional
    recommendation waits for (`waits`); each with True (decisive), False (its answer alone cannot
    change the outcome) or None (not a fact, or a fact the recommendation waits for)."""
    decisive = {name: i for i, name in enumerate(result.decisive_unknowns)}
    waiting = [n for n in dict.fromkeys(waits) if n not in decisive]
    first = sorted((q for q in questions if q.fact in decisive), key=lambda q: decisive[q.fact or ""])
    then = sorted((q for q in questions if q.fact in waiting), key=lambda q: waiting.index(q.fact or ""))
    rest = [q for q in questions if q.fact not in decisive and q.fact not in waiting]
    return (
        [(q, True) for q in first]
        + [(q, None) for q in then]
        + [(q, None if q.fact is None else False) for q in rest]
    )


def as_json(framework: Framework, result: Sensitivity) -> dict[str, Any]:
    """The `sensitivity`, `decisive_unknowns` and `margin` keys of `tradeoffs explain --format json`."""

    def rec(outcome: Outcome) -> Any:
        if outcome is None:
            return None
        if framework.combinable:
            return list(outcome)
        return outcome[0] if outcome else None

    m = result.margin
    return {
        "sensitivity": [
            {
                "fact": f.fact,
                "current": f.current,
                "value": f.value,
                "recommended": rec(f.recommended),
                "where": f.where,
            }
            for f in result.flips
        ],
        "decisive_unknowns": list(result.decisive_unknowns),
        "margin": {
            "kind": m.kind,
            "lead": m.lead,
            "runner_up": m.runner_up,
            "step": m.step,
            "option": m.option,
            "text": m.text,
            "answers_away": m.answers_away,
        },
    }


WAITS_MARK = " (the recommendation is provisional until this is answered)"


def explain(ev: Evaluation) -> dict[str, Any]:
    """What `tradeoffs explain` adds for one evaluated decision: the JSON keys, the open
    questions with the decisive ones first, and the text section."""
    fw = ev.framework
    if fw is None:
        return {"json": {}, "open_questions": [q.text for q in ev.open_questions], "lines": []}
    result = analyse(fw, ev.decision.facts)
    ordered = order_questions(ev.open_questions, result, ev.provisional_on)
    waits = set(ev.provisional_on)

    def mark(q: OpenQuestion, decisive: bool | None) -> str:
        if decisive is True:
            return " (decisive: the answer could change the recommendation)"
        if q.fact is not None and q.fact in waits:
            return WAITS_MARK
        return " (cannot change it on its own)" if decisive is False else ""

    lines = ["", "What would change this decision:", f"  Margin: {result.margin.text}."]
    lines += [f"  - {line}" for line in sentences(fw, result)] or [
        "  - No single fact, changed or answered, would change the recommendation."
    ]
    return {
        "json": as_json(fw, result),
        "open_questions": [q.text for q, _ in ordered],
        "open_question_lines": [q.text + mark(q, d) for q, d in ordered],
        "lines": lines,
    }


@dataclass(frozen=True)
class Move:
    """How one changed fact moved a decision relative to its flips."""

    fact: str
    before: Any
    after: Any
    crossed: bool
    """The change alone changes the recommendation."""
    recommended: Outcome
    where: str
    """The piece of the range that matters: the one crossed into, or the nearest flip."""


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def moves(framework: Framework, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Move]:
    """Each fact that changed from `before` to `after`, taken alone: whether it crosses a flip of
    the recommendation on `before`, or (for numbers) moves closer to the nearest one."""
    old = valid_facts(framework, before)
    new = valid_facts(framework, after)
    base = recommend(framework, old)
    result: Sensitivity | None = None
    out: list[Move] = []
    for name in framework.facts:
        if old.get(name) == new.get(name) or name not in new:
            continue
        value = new[name]
        changed = outcome(framework, {**old, name: value})
        was, now = _number(old.get(name)), _number(value)
        if changed != base.recommended:
            if result is None:
                result = analyse(framework, old, base)
            same = [
                f
                for f in result.flips
                if f.fact == name
                and f.recommended == changed
                and (
                    was is None
                    or now is None
                    or _number(f.value) is None
                    or ((_number(f.value) or 0.0) > was) == (now > was)
                )
            ]
            where = same[0].where if same else conditions.value_text(value, framework.facts[name])
            out.append(Move(name, old.get(name), value, True, changed, where))
            continue
        if was is None or now is None:
            continue
        if result is None:
            result = analyse(framework, old, base)
        near = [
            f
            for f in result.flips
            if f.fact == name
            and (v := _number(f.value)) is not None
            and ((v > was and now > was) or (v < was and now < was))
        ]
        if not near:
            continue
        flip = min(near, key=lambda f: abs((_number(f.value) or 0) - was))
        target = _number(flip.value) or 0.0
        if abs(target - now) < abs(target - was):
            out.append(Move(name, old.get(name), value, False, flip.recommended, flip.where))
    return out


def move_text(framework: Framework, move: Move) -> str:
    shown_before = (
        "unanswered"
        if move.before is None
        else conditions.value_text(move.before, framework.facts[move.fact])
    )
    shown_after = conditions.value_text(move.after, framework.facts[move.fact])
    change = f"`{move.fact}` {shown_before} → {shown_after}"
    if move.crossed:
        return (
            f"{change} crosses a threshold ({move.where}): on its own it makes the framework "
            f"{outcome_text(framework, move.recommended)}"
        )
    return (
        f"{change} moves closer to a flip: {move.where} would make the framework "
        f"{outcome_text(framework, move.recommended)}"
    )


def crossings(
    framework: Framework,
    decision_facts: Mapping[str, Any],
    observations: Iterable[tuple[Any, Mapping[str, Any]]],
) -> list[Move]:
    """The observed facts whose latest value, on its own, crosses a threshold of the decision."""
    latest = dict(decision_facts)
    for _day, observed in observations:
        latest.update({k: v for k, v in observed.items() if v is not None})
    return [m for m in moves(framework, decision_facts, latest) if m.crossed]
