"""Sensitivity: every reported single-fact change flips the recommendation, and no other does.

Runs on every built-in framework with fact sets that hypothesis generates: each reported flip is
re-evaluated (it must flip, to the outcome reported), and probe values for every fact (each value
of a boolean or enum, every constant the conditions name and values either side of it, and
arbitrary numbers in range) must not flip the recommendation unless a flip for that fact and
outcome, at least as near, was reported.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BUILTIN_IDS, builtin_framework, examples
from tradeoffs.core import sensitivity
from tradeoffs.core.evaluate import recommend
from tradeoffs.core.model import Fact, Framework, OpenQuestion


def framework(framework_id: str) -> Framework:
    return builtin_framework(framework_id)  # type: ignore[no-any-return]


def numbers(fact: Fact) -> st.SearchStrategy[Any]:
    lo = fact.min if fact.min is not None else -10_000
    hi = fact.max if fact.max is not None else 100_000
    if fact.type == "integer":
        return st.integers(math.ceil(lo), int(hi))
    return st.one_of(
        st.integers(math.ceil(lo), int(hi)), st.floats(lo, hi, allow_nan=False, allow_infinity=False)
    )


def answer(fact: Fact) -> st.SearchStrategy[Any]:
    if fact.type == "boolean":
        return st.booleans()
    if fact.type == "enum":
        return st.sampled_from(fact.values)
    if fact.type in ("number", "integer"):
        constants = [c for c in sensitivity._constants_of(fact.name) if isinstance(c, int | float)]
        near = [v for c in constants for v in (c - 1, c, c + 1) if _allowed(fact, v)]
        return st.one_of(numbers(fact), st.sampled_from(near)) if near else numbers(fact)
    return st.text(max_size=5)


def _allowed(fact: Fact, value: float) -> bool:
    return (
        (fact.min is None or value >= fact.min)
        and (fact.max is None or value <= fact.max)
        and (fact.type != "integer" or float(value).is_integer())
    )


def fact_sets(fw: Framework) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={name: answer(f) for name, f in fw.facts.items()})


def probes(fw: Framework, fact: Fact, current: Any) -> list[Any]:
    if fact.type == "boolean":
        return [True, False]
    if fact.type == "enum":
        return list(fact.values)
    constants = sensitivity.constants(fw).get(fact.name, [])
    values: set[float] = set()
    for c in constants:
        for d in (-2, -1, -0.5, -0.01, 0, 0.01, 0.5, 1, 2):
            values.add(c + d)
    if isinstance(current, int | float):
        values |= {current - 1, current + 1, current * 2, current / 2}
    values |= {0, 1, 10, 1_000_000}
    if fact.min is not None:
        values.add(fact.min)
    if fact.max is not None:
        values.add(fact.max)
    return sorted(v for v in values if _allowed(fact, v))


def check(fw: Framework, facts: dict[str, Any], extra: list[tuple[str, Any]] = ()) -> None:  # type: ignore[assignment]
    base = recommend(fw, facts).recommended
    assert sensitivity.outcome(fw, sensitivity.valid_facts(fw, facts)) == base
    result = sensitivity.analyse(fw, facts)
    assert result.recommended == base
    for flip in result.flips:
        changed = recommend(fw, {**facts, flip.fact: flip.value}).recommended
        assert changed == flip.recommended != base, (flip, facts)
    by_fact: dict[str, list[sensitivity.Flip]] = {}
    for flip in result.flips:
        by_fact.setdefault(flip.fact, []).append(flip)
    tried = [(name, v) for name, fact in fw.facts.items() for v in probes(fw, fact, facts.get(name))]
    for name, value in [*tried, *extra]:
        if value == facts.get(name):
            continue
        outcome = recommend(fw, {**facts, name: value}).recommended
        assert sensitivity.outcome(fw, sensitivity.valid_facts(fw, {**facts, name: value})) == outcome
        if outcome == base:
            continue
        current = facts.get(name)
        numeric = fw.facts[name].type in ("number", "integer")
        covered = [
            f
            for f in by_fact.get(name, [])
            if f.recommended == outcome
            and (
                not numeric
                or current is None
                or (
                    (f.value > current) == (value > current)
                    # the reported value is a tidy one (at most 1 inside the piece past the threshold)
                    and abs(f.value - current) <= abs(value - current) + 1
                )
            )
        ]
        assert covered, f"{name}={value!r} flips {base} to {outcome}, unreported ({facts})"
    unknown_flips = {f.fact for f in result.flips if f.current is None}
    assert set(result.decisive_unknowns) == unknown_flips


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_sensitivity_reports_exactly_the_flips(framework_id: str) -> None:
    fw = framework(framework_id)
    sensitivity._constants_of = lambda name: sensitivity.constants(fw).get(name, [])  # type: ignore[attr-defined]

    @settings(max_examples=examples(60), deadline=None, suppress_health_check=list(HealthCheck))
    @given(fact_sets(fw), st.data())
    def run(facts: dict[str, Any], data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(fw.facts)))
        fact = fw.facts[name]
        extra = [(name, data.draw(answer(fact)))]
        check(fw, facts, extra)

    run()


def test_hit_rate_threshold_is_exact_and_named() -> None:
    fw = framework("cache-vs-recompute")
    facts = {
        "computation_expensive": True,
        "requested_repeatedly": True,
        "staleness_acceptable": True,
        "expected_hit_rate_pct": 85,
        "invalidation_complexity": "simple",
        "data_change_rate": "rarely",
    }
    result = sensitivity.analyse(fw, facts)
    flip = next(f for f in result.flips if f.fact == "expected_hit_rate_pct")
    assert flip.recommended == ("recompute",) and flip.value < 60 and flip.where == "below 60 %"
    assert (
        "If the answer to “What share of requests do you expect the cache to answer?” were below 60 %, "
        "the framework would favour Recompute on every request." in sensitivity.sentences(fw, result)
    )
    assert result.margin.kind == "score" and result.margin.runner_up == "recompute"
    assert (
        result.margin.lead == recommend(fw, facts).scores["cache"] - recommend(fw, facts).scores["recompute"]
    )


def test_decisive_unknowns_come_first_and_the_rest_cannot_change_the_outcome() -> None:
    fw = framework("build-vs-buy")
    facts = {"core_differentiator": True, "deep_customisation_needed": True}
    result = sensitivity.analyse(fw, facts)
    assert "team_can_maintain" in result.decisive_unknowns
    assert "switching_cost_weeks" not in result.decisive_unknowns
    questions = [OpenQuestion(f.prompt, "fact", fact=n) for n, f in fw.facts.items() if n not in facts]
    ordered = sensitivity.order_questions(questions, result)
    marks = [mark for _, mark in ordered]
    assert marks == sorted(marks, reverse=True)
    assert [q.fact for q, mark in ordered if mark] == result.decisive_unknowns
    # a decisive unknown's answer really can change the outcome; the others' cannot
    for q, mark in ordered:
        assert q.fact is not None
        values = [True, False] if fw.facts[q.fact].type == "boolean" else [0, 1, 3, 12, 100]
        moves = any(recommend(fw, {**facts, q.fact: v}).recommended != result.recommended for v in values)
        assert moves is bool(mark)


def test_gated_margin_names_the_deciding_step() -> None:
    fw = framework("rag-vs-finetuning-vs-prompting")
    result = sensitivity.analyse(
        fw, {"prompting_quality_pct": 60, "knowledge_changes_often": True, "labelled_examples": 200}
    )
    assert result.margin.kind == "step" and result.margin.step == 2 and result.margin.option == "rag"
    assert result.margin.text == "No later step passes: RAG; 1 answer away from a different recommendation"
    assert any(
        f.fact == "prompting_quality_pct" and f.value == 80 and f.where == "80 % or more"
        for f in result.flips
    )


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_answers_away_is_exact(framework_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The margin's "N answers away": 1 when one answer changes the recommendation, 2 when a pair
    does and no single one, none when no pair does either (checked against the engine on one
    value from each piece of every pair of facts)."""
    fw = framework(framework_id)
    cuts = sensitivity.constants(fw)
    monkeypatch.setattr(sensitivity, "_constants_of", lambda name: cuts.get(name, []), raising=False)

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
    @given(fact_sets(fw))
    def run(facts: dict[str, Any]) -> None:
        valid = sensitivity.valid_facts(fw, facts)
        base = recommend(fw, valid).recommended
        away = sensitivity.analyse(fw, valid).margin.answers_away
        values = {
            name: [p.value for p in sensitivity._pieces(fact, cuts.get(name, []), valid.get(name))]
            for name, fact in fw.facts.items()
            if name in cuts
        }
        single = any(
            recommend(fw, {**valid, n: v}).recommended != base
            for n, vs in values.items()
            for v in vs
            if v != valid.get(n)
        )
        if single:
            assert away == 1
            return
        pair = any(
            recommend(fw, {**valid, a: va, b: vb}).recommended != base
            for a, b in itertools.combinations(values, 2)
            for va in values[a]
            if va != valid.get(a)
            for vb in values[b]
            if vb != valid.get(b)
        )
        assert away == (2 if pair else None), (facts, away)

    run()
