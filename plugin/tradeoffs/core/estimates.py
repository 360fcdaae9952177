"""Numeric estimates from facts, computed by a safe expression evaluator (simpleeval, never eval).

A framework states the formula once (e.g. daily prompt cost with and without caching); each ADR
shows the formula, the inputs it used and the result.
"""

from __future__ import annotations

import ast
import math
import operator
import threading
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from simpleeval import DEFAULT_OPERATORS, InvalidExpression, SimpleEval

from tradeoffs.core.model import EstimateResult, Framework
from tradeoffs.core.source import MAX_NUMBER

# Bounds that make every estimate a few microseconds of work, whatever a framework writes.
# simpleeval caps the exponent (4,000,000), not the work: `x ** 3999999` took seconds.
MAX_EXPRESSION_LENGTH = 1000
"""Characters in an expression (the longest built-in one is under 200)."""
MAX_EXPRESSION_NODES = 200
"""Names, numbers, operations and calls in an expression."""
MAX_EXPRESSION_DEPTH = 100
"""Nesting of operators, calls and parentheses."""
MAX_ROUND_DIGITS = 400
"""`round(x, n)` past this many digits (either way) changes nothing but costs `10 ** n`."""


class TooLarge(OverflowError):
    """A number past `MAX_NUMBER` (about 1.8e308) in or out of an operation."""


def _bounded(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
        raise TooLarge("the result is too large")  # infinity included
    return value


def _checked(op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """`op` on operands and with a result within `MAX_NUMBER`: an integer of at most 1,024 bits
    in, so every operation is a few machine words of work."""

    def run(a: Any, b: Any) -> Any:
        return _bounded(op(_bounded(a), _bounded(b)))

    return run


def _power(a: Any, b: Any) -> Any:
    """`a ** b`, refused before it is computed when the result would pass `MAX_NUMBER`."""
    _bounded(a), _bounded(b)
    if (
        isinstance(b, int | float)
        and isinstance(a, int | float)
        and abs(a) > 1
        and b > 0
        and b * math.log2(abs(a)) > 1025
    ):
        raise TooLarge("the result is too large")
    return _bounded(a**b)


def _shift(op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def run(a: Any, b: Any) -> Any:
        if isinstance(b, int) and b > 1100:
            raise TooLarge("the result is too large")
        return _checked(op)(a, b)

    return run


def _round(value: Any, digits: Any = None) -> Any:
    if isinstance(digits, int) and abs(digits) > MAX_ROUND_DIGITS:
        digits = MAX_ROUND_DIGITS if digits > 0 else -MAX_ROUND_DIGITS
    return _bounded(round(_bounded(value)) if digits is None else round(_bounded(value), digits))


FUNCTIONS: dict[str, Callable[..., Any]] = {"min": min, "max": max, "round": _round, "abs": abs}

OPERATORS: dict[type[ast.AST], Any] = {
    **DEFAULT_OPERATORS,
    ast.Add: _checked(operator.add),
    ast.Sub: _checked(operator.sub),
    ast.Mult: _checked(operator.mul),
    ast.Div: _checked(operator.truediv),
    ast.FloorDiv: _checked(operator.floordiv),
    ast.Mod: _checked(operator.mod),
    ast.Pow: _power,
    ast.LShift: _shift(operator.lshift),
    ast.RShift: _shift(operator.rshift),
    ast.BitXor: _checked(operator.xor),
    ast.BitOr: _checked(operator.or_),
    ast.BitAnd: _checked(operator.and_),
}


def _too_big(expression: str) -> str | None:
    """Why an expression is larger than any estimate needs, checked before Python parses it
    (100,000 unary minus signs exhaust the parser's stack)."""
    if len(expression) > MAX_EXPRESSION_LENGTH:
        return (
            f"the expression is {len(expression):,} characters long; the limit is "
            f"{MAX_EXPRESSION_LENGTH:,}: split it into estimates that use each other"
        )
    return None


def _shape(tree: ast.AST) -> str | None:
    """Why a parsed expression is too large or too deep, walking it without recursion."""
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, ast.operator | ast.unaryop | ast.cmpop | ast.boolop | ast.expr_context):
            continue  # the `+` of an addition is part of it
        count += 1
        if count > MAX_EXPRESSION_NODES:
            return (
                f"the expression has more than {MAX_EXPRESSION_NODES} names, numbers, "
                "operations and calls: split it into estimates that use each other"
            )
        if depth > MAX_EXPRESSION_DEPTH:
            return (
                f"the expression nests more than {MAX_EXPRESSION_DEPTH} levels deep: split it "
                "into estimates that use each other"
            )
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return None


@lru_cache(maxsize=1024)
def names_used(expression: str) -> tuple[frozenset[str], str | None]:
    """The names an expression reads, or why it cannot be read.

    Kept per expression: a framework's estimates are the same for every decision using it, so
    parsing them again per decision is wasted."""
    if (reason := _too_big(expression)) is not None:
        return frozenset(), reason
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as exc:
        return frozenset(), f"the expression is not valid arithmetic ({exc.msg})"
    except (RecursionError, MemoryError):
        return frozenset(), (
            f"the expression nests more than {MAX_EXPRESSION_DEPTH} levels deep: "
            "split it into estimates that use each other"
        )
    if (reason := _shape(tree)) is not None:
        return frozenset(), reason
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - set(FUNCTIONS)
    return frozenset(names), None


_LOCAL = threading.local()


def _evaluator() -> SimpleEval:
    """One evaluator per thread, given each estimate's names: making one copies its operator
    tables, which per decision adds up."""
    evaluator: SimpleEval | None = getattr(_LOCAL, "evaluator", None)
    if evaluator is None:
        evaluator = _LOCAL.evaluator = SimpleEval(operators=dict(OPERATORS), functions=dict(FUNCTIONS))
    return evaluator


@lru_cache(maxsize=1024)
def _parsed(expression: str) -> ast.AST:
    """simpleeval's tree of an expression, parsed once: evaluating does not change it."""
    node: ast.AST = SimpleEval.parse(expression)
    return node


def compute(framework: Framework, facts: Mapping[str, Any]) -> list[EstimateResult]:
    """Every estimate of the framework; one whose inputs are unanswered names what is missing."""
    values: dict[str, Any] = {
        k: v for k, v in facts.items() if isinstance(v, int | float) and not isinstance(v, bool)
    }
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
