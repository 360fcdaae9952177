"""The closed condition language, evaluated with three values: True, False, or None (unknown).

A fact that is not answered makes every comparison that reads it unknown, and an unknown
condition never fires; `all`/`any`/`not` follow Kleene's logic so that one unknown fact does not
hide a conclusion the other facts already settle.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from tradeoffs.core.model import Condition, Fact

OPERATORS = ("eq", "ne", "gt", "gte", "lt", "lte", "in")
_SYMBOLS = {"eq": "=", "ne": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "in": "in"}


def _operator(cond: Mapping[str, Any]) -> str:
    return next(op for op in OPERATORS if op in cond)


def evaluate(cond: Condition, facts: Mapping[str, Any]) -> bool | None:
    if cond == "always":
        return True
    if "all" in cond:
        results = [evaluate(c, facts) for c in cond["all"]]
        if False in results:
            return False
        return None if None in results else True
    if "any" in cond:
        results = [evaluate(c, facts) for c in cond["any"]]
        if True in results:
            return True
        return None if None in results else False
    if "not" in cond:
        inner = evaluate(cond["not"], facts)
        return None if inner is None else not inner
    name = cond["fact"]
    if facts.get(name) is None:
        return None
    value = facts[name]
    op = _operator(cond)
    expected = cond[op]
    if op == "eq":
        return bool(value == expected)
    if op == "ne":
        return bool(value != expected)
    if op == "in":
        return value in expected
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None  # a wrong-typed answer is reported elsewhere; it settles nothing here
    if op == "gt":
        return bool(value > expected)
    if op == "gte":
        return bool(value >= expected)
    if op == "lt":
        return bool(value < expected)
    return bool(value <= expected)


Test = Callable[[Mapping[str, Any]], "bool | None"]
"""A condition made into a function of the facts; it answers as `evaluate` does."""

_COMPILED: dict[int, tuple[Condition, Test]] = {}
_COMPILED_MAX = 4096


def compiled(cond: Condition) -> Test:
    """`cond` as a function of the facts, made once per condition and then remembered.

    A framework's conditions are the same for every decision that uses it, so interpreting them
    again for each decision (finding the operator, walking `all`/`any`) is wasted. Kept by
    identity, with the condition itself so the identity cannot be reused while remembered;
    frameworks do not change once loaded.
    """
    hit = _COMPILED.get(id(cond))
    if hit is not None and hit[0] is cond:
        return hit[1]
    test = _compile(cond)
    if len(_COMPILED) >= _COMPILED_MAX:
        _COMPILED.clear()
    _COMPILED[id(cond)] = (cond, test)
    return test


def _compile(cond: Condition) -> Test:
    """Every part is evaluated, as `evaluate` does, so that what one part raises still raises."""
    if cond == "always":
        return _always
    if not isinstance(cond, dict):  # not a valid condition: answer (or fail) as `evaluate` does
        return lambda facts: evaluate(cond, facts)
    if "all" in cond:
        parts = [compiled(c) for c in cond["all"]]

        def every(facts: Mapping[str, Any]) -> bool | None:
            results = [part(facts) for part in parts]
            if False in results:
                return False
            return None if None in results else True

        return every
    if "any" in cond:
        parts = [compiled(c) for c in cond["any"]]

        def some(facts: Mapping[str, Any]) -> bool | None:
            results = [part(facts) for part in parts]
            if True in results:
                return True
            return None if None in results else False

        return some
    if "not" in cond:
        inner = compiled(cond["not"])

        def negated(facts: Mapping[str, Any]) -> bool | None:
            result = inner(facts)
            return None if result is None else not result

        return negated
    op = next((op for op in OPERATORS if op in cond), None)
    if "fact" not in cond or op is None:
        return lambda facts: evaluate(cond, facts)
    return _comparison(cond["fact"], op, cond[op])


def _always(facts: Mapping[str, Any]) -> bool | None:
    return True


def _comparison(name: str, op: str, expected: Any) -> Test:
    """One `{fact, op: value}` test; an unanswered fact, or a wrongly typed one for a numeric
    comparison, settles nothing."""
    if op == "eq":
        return lambda facts: None if (value := facts.get(name)) is None else bool(value == expected)
    if op == "ne":
        return lambda facts: None if (value := facts.get(name)) is None else bool(value != expected)
    if op == "in":
        return lambda facts: None if (value := facts.get(name)) is None else value in expected
    compare: Callable[[Any, Any], Any] = {"gt": operator.gt, "gte": operator.ge, "lt": operator.lt}.get(
        op, operator.le
    )

    def numeric(facts: Mapping[str, Any]) -> bool | None:
        value = facts.get(name)
        if value is None or isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return bool(compare(value, expected))

    return numeric


def facts_read(cond: Condition) -> Iterator[str]:
    """Every fact name a condition reads."""
    if cond == "always" or not isinstance(cond, Mapping):
        return
    for key in ("all", "any"):
        if key in cond:
            for inner in cond[key]:
                yield from facts_read(inner)
            return
    if "not" in cond:
        yield from facts_read(cond["not"])
        return
    if "fact" in cond:
        yield cond["fact"]


def comparisons(cond: Condition) -> Iterator[tuple[str, str, Any, tuple[str | int, ...]]]:
    """Each (fact, operator, value, path-within-condition) in a condition, for type checks."""

    def walk(
        c: Condition, path: tuple[str | int, ...]
    ) -> Iterator[tuple[str, str, Any, tuple[str | int, ...]]]:
        if c == "always" or not isinstance(c, Mapping):
            return
        for key in ("all", "any"):
            if key in c:
                for i, inner in enumerate(c[key]):
                    yield from walk(inner, (*path, key, i))
                return
        if "not" in c:
            yield from walk(c["not"], (*path, "not"))
            return
        if "fact" in c:
            op = _operator(c)
            yield c["fact"], op, c[op], (*path, op)

    yield from walk(cond, ())


def value_text(value: Any, fact: Fact | None) -> str:
    """A value as `describe` writes it: yes/no, lists joined, numbers with the fact's unit."""
    return _value(value, fact)


def _value(value: Any, fact: Fact | None) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    unit = f" {fact.unit}" if fact is not None and fact.unit else ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return f"{value}{unit}"


def describe(cond: Condition, facts: Mapping[str, Fact]) -> str:
    """A short human reading of a condition, e.g. `hit_rate_pct ≥ 60 %`."""
    if cond == "always":
        return "always"
    if "all" in cond:
        return " and ".join(_group(c, facts) for c in cond["all"])
    if "any" in cond:
        return " or ".join(_group(c, facts) for c in cond["any"])
    if "not" in cond:
        return f"not ({describe(cond['not'], facts)})"
    name = cond["fact"]
    op = _operator(cond)
    fact = facts.get(name)
    if fact is not None and fact.type == "boolean" and op in ("eq", "ne"):
        yes = cond[op] if op == "eq" else not cond[op]
        return name if yes else f"not {name}"
    return f"{name} {_SYMBOLS[op]} {_value(cond[op], fact)}"


def _group(cond: Condition, facts: Mapping[str, Fact]) -> str:
    text = describe(cond, facts)
    if isinstance(cond, Mapping) and ("all" in cond or "any" in cond):
        return f"({text})"
    return text
