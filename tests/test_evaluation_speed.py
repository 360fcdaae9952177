"""What evaluation remembers between decisions must answer as working it out afresh would.

Conditions are made into functions once (`conditions.compiled`) and estimates reuse one parsed
tree and one evaluator; these tests compare both with the plain interpreter on generated
conditions, facts and expressions, including wrongly typed answers and broken conditions.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from simpleeval import InvalidExpression, SimpleEval

from conftest import examples
from tradeoffs.core import conditions, estimates
from tradeoffs.core.model import Estimate, Framework, Option

NAMES = ["a", "b", "c", "d"]
answer = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(-5, 5),
    st.sampled_from(["x", "y", ""]),
    st.lists(st.sampled_from(["x", "y"]), max_size=2),
)
facts = st.dictionaries(st.sampled_from(NAMES), answer, max_size=4)
leaf = st.builds(
    lambda name, op, value: {"fact": name, op: value},
    st.sampled_from(NAMES),
    st.sampled_from(conditions.OPERATORS),
    st.one_of(
        st.integers(-5, 5),
        st.floats(-5, 5),
        st.booleans(),
        st.sampled_from(["x", "y"]),
        st.lists(st.sampled_from(["x", "y", 1, True]), max_size=3),
    ),
)
broken = st.sampled_from([{"fact": "a"}, {"eq": 1}, {}, "never", ["a"], {"all": [{"fact": "a"}]}])
condition = st.recursive(
    st.one_of(leaf, st.just("always")),
    lambda inner: st.one_of(
        st.builds(lambda c: {"all": c}, st.lists(inner, max_size=3)),
        st.builds(lambda c: {"any": c}, st.lists(inner, max_size=3)),
        st.builds(lambda c: {"not": c}, inner),
    ),
    max_leaves=6,
)


def _outcome(run: Any) -> Any:
    try:
        return ("value", run())
    except Exception as exc:  # the interpreter's failures must be the compiled one's too
        return ("raises", type(exc))


@settings(max_examples=examples(400), deadline=None)
@given(condition, st.lists(facts, min_size=1, max_size=4))
def test_compiled_condition_answers_as_evaluate(cond: Any, many: list[dict[str, Any]]) -> None:
    test = conditions.compiled(cond)
    assert conditions.compiled(cond) is test
    for known in many:
        expected = _outcome(lambda known=known: conditions.evaluate(cond, known))
        assert _outcome(lambda known=known: test(known)) == expected, (cond, known)


def test_every_comparison_at_its_boundary() -> None:
    answers = [-1, 0, 1, 0.0, 0.5, True, False, None, "x", "", ["x"]]
    for op in conditions.OPERATORS:
        for expected in [0, 0.0, 1, "x", ["x", 0], True]:
            cond = {"fact": "a", op: expected}
            for value in answers:
                known = {"a": value}
                assert _outcome(lambda c=cond, k=known: conditions.compiled(c)(k)) == _outcome(
                    lambda c=cond, k=known: conditions.evaluate(c, k)
                ), (cond, value)


@settings(max_examples=examples(100), deadline=None)
@given(broken, facts)
def test_broken_condition_fails_as_evaluate_does(cond: Any, known: dict[str, Any]) -> None:
    assert _outcome(lambda: conditions.compiled(cond)(known)) == _outcome(
        lambda: conditions.evaluate(cond, known)
    )


EXPRESSIONS = [
    "a * b",
    "a / b",
    "max(a, b) - c",
    "round(a ** 2, 1)",
    "a if b > 1 else c",
    "a +",
    "",
    "   a + 1",
    "a // 0",
    "10 ** 400",
    "min(a)",
    "x",
    "a < b",
    "'text'",
    "first + a",
]


def _fresh(framework: Framework, known: dict[str, Any]) -> list[Any]:
    """The estimates as made before: a new evaluator, and a new parse, for every estimate
    (and, as since, no value for a result too large for a float)."""
    values = {k: v for k, v in known.items() if isinstance(v, int | float) and not isinstance(v, bool)}
    out: list[Any] = []
    for est in framework.estimates:
        names, reason = estimates.names_used(est.expression)
        missing = tuple(sorted(n for n in names if n not in values))
        inputs = {n: values[n] for n in sorted(names) if n in values}
        if reason or missing:
            out.append((est.id, inputs, None, missing))
            continue
        try:
            value = SimpleEval(names=dict(values), functions=dict(estimates.FUNCTIONS)).eval(est.expression)
        except (InvalidExpression, ZeroDivisionError, OverflowError, TypeError, ValueError):
            out.append((est.id, inputs, None, ()))
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            out.append((est.id, inputs, None, ()))
            continue
        try:
            number = float(value)
        except OverflowError:
            out.append((est.id, inputs, None, ()))
            continue
        if not math.isfinite(number):  # past what a float holds: refused, as every operation is
            out.append((est.id, inputs, None, ()))
            continue
        values[est.id] = value
        out.append((est.id, inputs, number, ()))
    return out


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(st.sampled_from(EXPRESSIONS), min_size=1, max_size=5),
    st.dictionaries(st.sampled_from(["a", "b", "c"]), answer, max_size=3),
)
def test_estimates_answer_as_a_fresh_evaluator(expressions: list[str], known: dict[str, Any]) -> None:
    framework = Framework(
        id="f",
        title="F",
        question="?",
        mode="weighted",
        facts={},
        options=(Option(id="o", title="O", summary=""),),
        estimates=tuple(
            Estimate(id="first" if i == 0 else f"e{i}", title="E", expression=e)
            for i, e in enumerate(expressions)
        ),
    )
    made = _outcome(
        lambda: [(r.estimate.id, r.inputs, r.value, r.missing) for r in estimates.compute(framework, known)]
    )
    assert made == _outcome(lambda: _fresh(framework, known))
