"""Numeric estimates from facts, computed by a safe expression evaluator (simpleeval, never eval).

A framework states the formula once (e.g. daily prompt cost with and without caching); each ADR
shows the formula, the inputs it used and the result.
"""

from __future__ import annotations

import ast
import threading
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from simpleeval import InvalidExpression, SimpleEval

from .model import EstimateResult, Framework

FUNCTIONS = {"min": min, "max": max, "round": round, "abs": abs}


@lru_cache(maxsize=1024)
def names_used(expression: str) -> tuple[frozenset[str], str | None]:
    """The names an expression reads, or why it cannot be read.

    Kept per expression: a framework's estimates are the same for every decision using it, and
    parsing them again per decision was a tenth of `tradeoffs check` over 10,000 decisions."""
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as exc:
        return frozenset(), f"the expression is not valid arithmetic ({exc.msg})"
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - set(FUNCTIONS)
    return frozenset(names), None


_LOCAL = threading.local()


def _evaluator() -> SimpleEval:
    """One evaluator per thread, given each estimate's names: making one (it copies its
    operator tables) per decision was a twentieth of `tradeoffs check` over 10,000 decisions."""
    evaluator: SimpleEval | None = getattr(_LOCAL, "evaluator", None)
    if evaluator is None:
        evaluator = _LOCAL.evaluator = SimpleEval(functions=dict(FUNCTIONS))
    return evaluator


@lru_cache(maxsize=1024)
def _parsed(expression: str) -> ast.AST:
    """simpleeval's tree of an expression, parsed once: evaluating does not change it."""
    node: ast.AST = SimpleEval.parse(expression)
    return node


def compute(framework: Framework, facts: Mapping[str, Any]) -> list[EstimateResult]:
    """Every estimate of the framework; one whose inputs are unanswered names what is missing."""
    values: dict[str, Any] = {k: v for k, v in facts.items()
                              if isinstance(v, int | float) and not isinstance(v, bool)}
    results: list[EstimateResult] = []
    for est in framework.estimates:
        names, reason = names_used(est.expression)
        missing = tuple(sorted(n for n in names if n not in values))
        inputs = {n: values[n] for n in sorted(names) if n in values}
        if reason or missing:
            results.append(EstimateResult(est, inputs, None, missing))
            continue
        evaluator = _evaluator()
        evaluator.names = dict(values)
        try:
            value = evaluator.eval(est.expression, previously_parsed=_parsed(est.expression))
        except (InvalidExpression, ZeroDivisionError, OverflowError, TypeError, ValueError):
            results.append(EstimateResult(est, inputs, None))
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            results.append(EstimateResult(est, inputs, None))
            continue
        try:
            number = float(value)  # an integer past 1e308 has no float
        except OverflowError:
            results.append(EstimateResult(est, inputs, None))
            continue
        values[est.id] = value
        results.append(EstimateResult(est, inputs, number))
    return results
