"""The JSON Schemas are the single source of truth for each file kind's shape.

This module loads them, validates loaded documents against them, and turns each
jsonschema error into a Problem that points at the offending line and column.
"""

from __future__ import annotations

import copy
import datetime as _dt
import difflib
import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any

import fastjsonschema

from tradeoffs.core.fields import FieldSpec
from tradeoffs.core.fields import extend as extend_fields
from tradeoffs.core.model import Fact, Framework
from tradeoffs.core.problems import Problem
from tradeoffs.core.source import Document

if TYPE_CHECKING:  # jsonschema is imported when a document is invalid, not for every command
    import jsonschema
    from jsonschema.exceptions import ValidationError

KINDS = ("decision", "framework")
OUTPUT_KINDS = ("context", "export")
"""Schemas of what the tool prints for other programs (`tradeoffs context --format json`,
`tradeoffs export --format json`)."""


@functools.cache
def schema(kind: str) -> dict[str, Any]:
    """The published schema of one file kind (`decision` or `framework`)."""
    if kind not in KINDS + OUTPUT_KINDS:
        raise ValueError(f"unknown schema kind {kind!r}")
    text = resources.files("tradeoffs").joinpath("schemas", f"{kind}.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _extended(kind: str, fields: tuple[FieldSpec, ...]) -> dict[str, Any]:
    """The schema of a file kind, a decision's with the team's own fields (`core.fields`)."""
    return extend_fields(schema(kind), fields) if kind == "decision" else schema(kind)


@functools.cache
def _validator(kind: str, fields: tuple[FieldSpec, ...] = ()) -> jsonschema.protocols.Validator:
    import jsonschema  # slow to import, so only once a document turns out invalid

    cls = jsonschema.validators.validator_for(schema(kind))
    return cls(_extended(kind, fields), format_checker=cls.FORMAT_CHECKER)


_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def _is_date(kind: str, value: Any) -> bool:
    """Whether jsonschema's format checker takes `value` for a date.

    A YYYY-MM-DD date that exists is one for every checker of the `date` format, so only
    anything else is put to jsonschema's own checker (importing jsonschema for it).
    """
    if isinstance(value, str) and _PLAIN_DATE.match(value):
        try:
            _dt.date.fromisoformat(value)
            return True
        except ValueError:
            pass
    checker = getattr(_validator(kind), "format_checker", None)
    assert checker is not None
    return bool(checker.conforms(value, "date"))


@functools.cache
def _fast_validator(kind: str, fields: tuple[FieldSpec, ...] = ()) -> Callable[[Any], Any]:
    """The same schema compiled to Python code: a dozen times faster on a valid file.

    It only says whether a document is valid; the messages come from jsonschema, which checks
    every file this one rejects. Dates are checked as jsonschema's own format checker checks
    them, so both agree on what a date is (benchmarks/RESULTS.md has the differential check).
    """
    # fastjsonschema rewrites `$ref`s in the schema it is given to absolute addresses: a copy
    # keeps `schema(kind)` as published
    compiled: Callable[[Any], Any] = fastjsonschema.compile(
        copy.deepcopy(_extended(kind, fields)),
        formats={"date": functools.partial(_is_date, kind)},
        use_default=False,
    )
    return compiled


def field_name(path: Iterable[str | int]) -> str:
    """`links[0].url` style name of a place in a document."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


def _type_words(expected: Any) -> str:
    words = {
        "string": "text",
        "number": "a number",
        "integer": "a whole number",
        "boolean": "true or false",
        "array": "a list",
        "object": "a mapping (key: value)",
        "null": "empty",
    }
    if isinstance(expected, list):
        return " or ".join(words.get(t, str(t)) for t in expected)
    return words.get(expected, str(expected))


def _describe_value(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value is None:
        return "empty"
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "...'"


_YAML11_BOOLEANS = {"yes": True, "y": True, "on": True, "no": False, "n": False, "off": False}


_NUMBER_WITH_UNIT = re.compile(r"\s*([-+]?[0-9]+(?:\.[0-9]+)?)\s*(%|[A-Za-z/]{1,12})\s*")
"""`85%`, `200 ms`, `3 GB`: a number written with its unit (no nested repetition: linear)."""


def what_to_write(value: Any, expected: Any) -> str:
    """`not 'no'` and what to write instead, for a value of the wrong type.

    YAML 1.2, which `tradeoffs`, editors and check-jsonschema read, keeps `yes`/`no`/`on`/`off`
    as text and a quoted `"true"` or `"3"` as text too; a message that says the value is text
    only helps once it also says what to write.
    """
    types = expected if isinstance(expected, list) else [expected]
    shown = _describe_value(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if "boolean" in types and word in _YAML11_BOOLEANS:
            right = str(_YAML11_BOOLEANS[word]).lower()
            return f"not {shown} (text in YAML 1.2): write {right}"
        if "boolean" in types and word in ("true", "false"):
            return f"not the text {shown}: write {word} without quotes"
        if {"number", "integer"} & set(types):
            try:
                number = float(value.replace("_", ""))
            except ValueError:
                bare = _NUMBER_WITH_UNIT.fullmatch(value)
                if bare is None:
                    return f"not {shown}"
                digits = bare.group(1)
                if "integer" in types and not float(digits).is_integer():
                    return f"not {shown}"
                return f"not {shown}: write {digits} (the number without its unit {bare.group(2)})"
            if "integer" in types and not number.is_integer():
                return f"not {shown}"
            return f"not the text {shown}: write {value.strip()} without quotes"
    return f"not {shown}"


def _deepest(err: ValidationError) -> ValidationError:
    """For oneOf/anyOf, report the alternative the author evidently meant.

    An alternative that failed on type, const or a missing key was not the one meant; among
    the rest, the error deepest in the document is the most precise.
    """
    while err.context:
        meant = [e for e in err.context if e.validator not in ("type", "const", "required")]
        if not meant:
            return err
        err = max(meant, key=lambda e: len(e.absolute_path))
    return err


def _accepted_forms(err: ValidationError) -> str:
    forms: list[str] = []
    for sub in err.context or []:
        if sub.validator == "type":
            forms.append(_type_words(sub.validator_value))
        elif sub.validator == "const":
            forms.append(repr(sub.validator_value))
    return " or ".join(dict.fromkeys(forms)) or "in the form the schema describes"


def _messages(err: ValidationError, doc: Document) -> list[tuple[list[str | int], str, bool]]:
    """(path, message, point-at-key) for one error: one per unknown key, so a file with three
    unknown fields hears of all three in one pass."""
    if err.validator != "additionalProperties":
        return [_message(err, doc)]
    path = list(err.absolute_path)
    name = field_name(path)
    properties = err.schema.get("properties", {}) if isinstance(err.schema, dict) else {}
    allowed = sorted(properties)
    instance: Any = err.instance
    out: list[tuple[list[str | int], str, bool]] = []
    for key in [k for k in instance if k not in properties]:
        hint = difflib.get_close_matches(key, allowed, n=1)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; allowed: {', '.join(allowed)}"
        where = f" in {name}" if path else ""
        if not path and not hint:
            suggestion += " (a field of your own? declare it in the plugin's `fields` option)"
        out.append(([*path, key], f"unknown field '{key}'{where}{suggestion}", True))
    return out


def _message(err: ValidationError, doc: Document) -> tuple[list[str | int], str, bool]:
    """(path, message, point-at-key) for one error (not an unknown key: see `_messages`)."""
    path = list(err.absolute_path)
    name = field_name(path)
    validator = err.validator
    if validator == "required":
        missing = err.message.split("'")[1] if "'" in err.message else str(err.validator_value)
        where = f" in {name}" if path else ""
        return path, f"missing required field '{missing}'{where}", False
    if validator == "type":
        expected = _type_words(err.validator_value)
        return path, f"{name} must be {expected}, {what_to_write(err.instance, err.validator_value)}", False
    if validator == "enum":
        listed: Any = err.validator_value
        choices = ", ".join(str(v) for v in listed)
        return path, f"{name} must be one of: {choices} (got {_describe_value(err.instance)})", False
    if validator == "const":
        return path, f"{name} must be {err.validator_value!r}", False
    if validator == "pattern":
        return (
            path,
            f"{name} {_describe_value(err.instance)} is not in the expected form "
            f"(pattern {err.validator_value})",
            False,
        )
    if validator == "format":
        return (
            path,
            f"{name} must be a date written YYYY-MM-DD, zero-padded as in 2026-01-05 "
            f"(got {_describe_value(err.instance)})",
            False,
        )
    if validator in ("minLength", "minItems", "minProperties"):
        return path, f"{name} must not be empty", False
    if validator == "maxLength":
        return path, f"{name} is too long (at most {err.validator_value} characters)", False
    if validator in ("minimum", "maximum"):
        bound = "at least" if validator == "minimum" else "at most"
        return path, f"{name} must be {bound} {err.validator_value}", False
    if validator == "uniqueItems":
        return path, f"{name} lists the same item twice", False
    if validator == "maxProperties" or (
        validator == "oneOf" and isinstance(err.instance, dict) and "fact" in err.instance
    ):
        return (
            path,
            f"{name}: a fact condition has `fact` and exactly one of eq, ne, gt, gte, lt, lte, in",
            False,
        )
    if validator in ("oneOf", "anyOf"):
        return path, f"{name} must be {_accepted_forms(err)}, not {_describe_value(err.instance)}", False
    if validator == "not":
        return path, _not_message(err), False
    return path, f"{name}: {err.message}", False


def _not_message(err: ValidationError) -> str:
    instance = err.instance if isinstance(err.instance, Mapping) else {}
    if "framework" in instance and "options" in instance:
        return "a decision that names a framework takes its options from it; remove `options`"
    if "facts" in instance and "framework" not in instance:
        return "`facts` answer a framework's questions; name the `framework` or remove `facts`"
    if "steps" in instance or "fallback" in instance:
        return "`steps` and `fallback` belong to frameworks with mode: gated"
    if "values" in instance:
        return "`values` belong to facts of type enum"
    return str(err.message)


def validate(doc: Document, kind: str, fields: tuple[FieldSpec, ...] = ()) -> list[Problem]:
    """Every schema violation in a document, each located at its line and column (a
    decision's with the team's own `fields`)."""
    instance = doc.json_data()
    try:
        _fast_validator(kind, fields)(instance)
        return []
    except fastjsonschema.JsonSchemaException:
        pass  # invalid: jsonschema finds and words every error
    problems: list[Problem] = []
    for err in _validator(kind, fields).iter_errors(instance):
        err = _deepest(err)
        for path, message, at_key in _messages(err, doc):
            problems.append(doc.problem(tuple(path), message, key=at_key))
    if kind == "decision":
        problems = [_explain_chosen_required(p, instance) for p in problems]
    return problems


def invalid_paths(
    doc: Document, kind: str, fields: tuple[FieldSpec, ...] = ()
) -> list[tuple[str | int, ...]]:
    """Where a document breaks its schema: the path of each error (an unknown key's own path)."""
    out: list[tuple[str | int, ...]] = []
    for err in _validator(kind, fields).iter_errors(doc.json_data()):
        err = _deepest(err)
        out += [tuple(path) for path, _message_text, _at_key in _messages(err, doc)]
    return out


def is_valid(data: Any, kind: str, fields: tuple[FieldSpec, ...] = ()) -> bool:
    try:
        _fast_validator(kind, fields)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def _explain_chosen_required(problem: Problem, instance: Any) -> Problem:
    if problem.message == "missing required field 'chosen'" and isinstance(instance, dict):
        status = instance.get("status")
        return Problem(
            problem.file,
            problem.line,
            problem.column,
            f"missing required field 'chosen': a decision with status '{status}' names the option it chose",
            problem.severity,
        )
    return problem


def fact_schema(fact: Fact) -> dict[str, Any]:
    """The JSON Schema of one fact's answer; empty (null) means not known yet."""
    out: dict[str, Any] = (
        {"enum": [*fact.values, None]} if fact.type == "enum" else {"type": [fact.type, "null"]}
    )
    if fact.type in ("number", "integer"):
        if fact.min is not None:
            out["minimum"] = fact.min
        if fact.max is not None:
            out["maximum"] = fact.max
    description = fact.prompt + (f" (in {fact.unit})" if fact.unit else "")
    out["description"] = description + (f"\n\n{fact.help.strip()}" if fact.help else "")
    return out


def _chosen_schema(framework: Framework) -> dict[str, Any]:
    ids = list(framework.option_ids)
    listed: dict[str, Any] = {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"enum": ids}}
    if not framework.combinable:
        listed["maxItems"] = 1
    summaries = "; ".join(f"{o.id}: {o.title}" for o in framework.options)
    return {
        "description": f"The option chosen ({summaries})"
        + (", or a list of them to combine" if framework.combinable else ""),
        "anyOf": [{"enum": ids}, listed],
    }


def decision_schema_for(
    frameworks: Iterable[Framework],
    *,
    schema_id: str | None = None,
    status_words: Mapping[str, str] | None = None,
    fields: Iterable[FieldSpec] = (),
) -> dict[str, Any]:
    """The decision schema plus, for every framework, its fact names, types and option ids.

    An editor then completes `facts` and `chosen` for the framework a decision names, and a
    standard validator rejects an unknown fact, a wrongly typed answer or an unknown option,
    as `tradeoffs check` does. What needs the facts evaluated (vetoes, requirements) is left
    to `tradeoffs check`.
    """
    out = copy.deepcopy(_extended("decision", tuple(fields)))
    if schema_id:
        out["$id"] = schema_id
    else:
        out.pop("$id", None)
    with_status_words(out, status_words or {})
    known = sorted(frameworks, key=lambda f: f.id)
    if not known:
        return out
    out["properties"]["framework"] = {
        **out["properties"]["framework"],
        "enum": [f.id for f in known],
        "description": out["properties"]["framework"]["description"]
        + "\n\n"
        + "\n".join(f"- {f.id}: {f.title}" for f in known),
    }
    for fw in known:
        out["allOf"].append(
            {
                "if": {"properties": {"framework": {"const": fw.id}}, "required": ["framework"]},
                "then": {
                    "properties": {
                        "facts": {
                            "properties": {name: fact_schema(fact) for name, fact in fw.facts.items()},
                            "additionalProperties": False,
                        },
                        "chosen": _chosen_schema(fw),
                    }
                },
            }
        )
    return out


def with_status_words(data: dict[str, Any], words: Mapping[str, str]) -> dict[str, Any]:
    """The decision schema accepting a team's own status words (plugin option `status_words`)
    beside the five statuses, each requiring `chosen` where the status it means does."""
    if not words:
        return data
    status = data["properties"]["status"]
    status["enum"] = [*status["enum"], *sorted(w for w in words if w not in status["enum"])]
    status["description"] += (
        " The team's own words: " + ", ".join(f"{w} ({s})" for w, s in sorted(words.items())) + "."
    )
    for rule in data.get("allOf", ()):
        condition = rule.get("if", {}).get("properties", {}).get("status", {})
        if "enum" in condition:
            condition["enum"] = [
                *condition["enum"],
                *sorted(w for w, s in words.items() if s in condition["enum"] and w not in condition["enum"]),
            ]
    return data


def published_schemas(
    frameworks: Iterable[Framework],
    *,
    base_url: str | None = None,
    status_words: Mapping[str, str] | None = None,
    fields: Iterable[FieldSpec] = (),
) -> dict[str, dict[str, Any]]:
    """The schema files a site publishes under `schemas/`, by file name.

    The decision schema knows the project's frameworks (see `decision_schema_for`); with
    `base_url` (the site's URL) each schema's `$id` is its published address.
    """
    base = base_url.rstrip("/") + "/schemas/" if base_url else None
    framework = copy.deepcopy(schema("framework"))
    if base:
        framework["$id"] = base + "framework.schema.json"
    return {
        "decision.schema.json": decision_schema_for(
            frameworks,
            schema_id=base + "decision.schema.json" if base else None,
            status_words=status_words,
            fields=fields,
        ),
        "framework.schema.json": framework,
    }
