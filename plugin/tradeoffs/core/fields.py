"""A team's own decision fields (`team:`, `component:`, `tracking:`), declared once in the
plugin's `fields` option: they extend the decision schema (validation and editor completion),
show on ADR pages and in the log's filters, and are exported.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

TYPES = ("text", "number", "integer", "boolean", "date", "list")
"""What a field holds: one line of text, a number, a whole number, yes/no, a YYYY-MM-DD date,
or a list of texts (the types JSON Schema can check and an editor can complete)."""

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_KEYS = {"name", "type", "values", "title", "description"}


@dataclass(frozen=True)
class FieldSpec:
    """One field a team declared: its name, what it holds, and the values it may take."""

    name: str
    type: str = "text"
    values: tuple[str, ...] = ()
    title: str = ""
    description: str = ""

    @property
    def label(self) -> str:
        return self.title or self.name.replace("_", " ").capitalize()

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of the field's value."""
        out: dict[str, Any]
        item: dict[str, Any] = (
            {"enum": list(self.values)} if self.values else {"type": "string", "minLength": 1}
        )
        if self.type == "text":
            out = dict(item)
        elif self.type == "list":
            out = {"type": "array", "uniqueItems": True, "items": item}
        elif self.type == "date":
            out = {"type": "string", "format": "date"}
        else:
            out = {"type": self.type}
        out["description"] = self.description or f"{self.label} (a field of this project)"
        return out

    def display(self, value: Any) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        if isinstance(value, _dt.date):
            return value.isoformat()
        return str(value)

    def as_option(self) -> dict[str, Any]:
        """The declaration as it is written in mkdocs.yml."""
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.values:
            out["values"] = list(self.values)
        if self.title:
            out["title"] = self.title
        if self.description:
            out["description"] = self.description
        return out


def _reserved() -> frozenset[str]:
    """Names a team field cannot take: the decision's own fields, and ids pages use."""
    text = resources.files("tradeoffs").joinpath("schemas", "decision.schema.json").read_text("utf-8")
    # and the decision log's address keeps each filter under its name (?team=payments)
    log_params = {"text", "tag", "sort", "order", "page", "q"}
    return frozenset(json.loads(text)["properties"]) | {"adr", "id", "number", "fields"} | log_params


def declaration_problem(value: Any) -> str | None:
    """What is wrong with the `fields` option's value (every declaration checked), or None."""
    if not isinstance(value, list):
        return "expected a list of fields ({name, type, values})"
    problems: list[str] = []
    seen: set[str] = set()
    reserved = _reserved()
    for index, item in enumerate(value):
        where = f"fields[{index}]"
        if not isinstance(item, Mapping):
            problems.append(f"{where} must be a mapping with name and type")
            continue
        unknown = sorted(str(k) for k in item if k not in _KEYS)
        if unknown:
            problems.append(
                f"{where} has unknown keys {', '.join(unknown)} (known: {', '.join(sorted(_KEYS))})"
            )
        name = item.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            problems.append(f"{where}.name must be lower-case letters, digits and _ (got {name!r})")
        elif name in reserved:
            problems.append(f"{where}.name '{name}' is a field every decision has; pick another name")
        elif name in seen:
            problems.append(f"{where}.name '{name}' is declared twice")
        else:
            seen.add(name)
        kind = item.get("type", "text")
        if kind not in TYPES:
            problems.append(f"{where}.type must be one of: {', '.join(TYPES)} (got {kind!r})")
        values = item.get("values")
        if values is not None:
            if kind not in ("text", "list"):
                problems.append(f"{where}.values are for text and list fields")
            elif (
                not isinstance(values, list)
                or not values
                or not all(isinstance(v, str) and v for v in values)
            ):
                problems.append(f"{where}.values must be a list of texts")
        for key in ("title", "description"):
            if key in item and not isinstance(item[key], str):
                problems.append(f"{where}.{key} must be text")
    return "; ".join(problems) or None


def parse(value: Iterable[Mapping[str, Any]]) -> tuple[FieldSpec, ...]:
    """Declarations already checked by `declaration_problem`."""
    return tuple(
        FieldSpec(
            name=str(item["name"]),
            type=str(item.get("type", "text")),
            values=tuple(item.get("values") or ()),
            title=str(item.get("title", "")),
            description=str(item.get("description", "")),
        )
        for item in value
    )


def extend(schema: dict[str, Any], fields: Iterable[FieldSpec]) -> dict[str, Any]:
    """The decision schema (a copy, or `schema` itself when there are no fields) with the
    team's fields as properties."""
    fields = tuple(fields)
    if not fields:
        return schema
    out = dict(schema)
    out["properties"] = {**schema["properties"], **{f.name: f.schema() for f in fields}}
    return out
