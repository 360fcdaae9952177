"""The shortcuts that make loading fast must read YAML exactly as PyYAML does.

`source` remembers the tag of short plain scalars and builds common values itself; these
tests compare both with PyYAML's own resolver and constructor on the scalars where YAML 1.1
is surprising. The schema's fast validator checks plain dates without jsonschema; that is
compared with jsonschema's format checker.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

import pytest
import yaml

from tradeoffs.core import schema, source

TRICKY = [
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "Yes",
    "TRUE",
    "true",
    "False",
    "~",
    "null",
    "Null",
    "",
    "0x1F",
    "0o17",
    "017",
    "0b101",
    "1_000",
    "1:30",
    "190:20:30",
    "-1_0",
    "+12",
    "-0",
    "0",
    "00",
    ".inf",
    "-.inf",
    "+.INF",
    ".nan",
    ".NaN",
    "1.5",
    "-1.5",
    "+1.5",
    "1.",
    "-1.",
    ".5",
    "1e5",
    "1.0e+5",
    "1.0E-5",
    "685.230_15e+03",
    "12345678901234567890.5",
    "-0.0",
    "1e400",
    "99999999999999999999999",
    "2024-02-30",
    "2024-02-29",
    "2023-02-29",
    "2024-1-5",
    "2024-01-05T10:00:00Z",
    "2024-01-05 10:00:00",
    "2001-12-14t21:59:43.10-05:00",
    "0000-01-01",
    "=",
    "<<",
    "hello",
    "two words",
]


def _tags(loader: type[Any], text: str) -> list[tuple[str, str]]:
    """(value, tag) of every scalar in document order."""
    out: list[tuple[str, str]] = []

    def walk(node: yaml.Node) -> None:
        if isinstance(node, yaml.ScalarNode):
            out.append((node.value, node.tag))
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(key)
                walk(value)

    walk(yaml.compose(text, Loader=loader))
    return out


def _documents() -> list[str]:
    docs = []
    for s in TRICKY:
        plain = s if s else "''"
        docs += [
            f"k: {plain}\n",
            f"{plain}: v\n",
            f"- {plain}\n",
            f"k: '{s}'\n",
            f'"{s}": v\n',
            f"k: [{plain}, '{s}', {{a: {plain}}}]\n",
            f"k: !!str {plain}\n",
            f"k: ! {plain}\n",
            f"k: |\n  {s or 'x'}\n",
        ]
    return docs


@pytest.mark.parametrize("reference", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)])
def test_remembered_tags_are_pyyamls(reference: type[Any]) -> None:
    docs = _documents()
    for _ in range(2):  # the second time every short plain scalar is answered from memory
        for text in docs:
            assert _tags(source._Loader, text) == _tags(reference, text), text


def test_tag_memory_stays_bounded() -> None:
    for i in range(source._PLAIN_MAX + 10):
        source._Loader(f"k: v{i}\n").get_single_node()
    source._Loader("k: " + "x" * (source._PLAIN_LENGTH + 1) + "\n").get_single_node()
    assert len(source._PLAIN) <= source._PLAIN_MAX
    assert all(len(value) <= source._PLAIN_LENGTH for value in source._PLAIN)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("text", [s for s in TRICKY if s])
def test_built_values_are_pyyamls(text: str) -> None:
    """Numbers and dates read without PyYAML's constructor equal what it would construct.

    Booleans and base-60 numbers are the exceptions on purpose: only true/false are booleans
    and `1:30` is text (YAML 1.2), and a date that does not exist is a problem, not an exception.
    """
    doc, problems = source.parse("f.yml", f"k: {text}\n")
    assert doc is not None
    value = doc.data["k"]
    try:
        expected = yaml.load(f"k: {text}\n", Loader=yaml.SafeLoader)["k"]
    except (ValueError, yaml.YAMLError):  # a date that does not exist, a tag like `=`
        assert problems and value == text
        return
    if isinstance(expected, bool):
        expected = expected if text.lower() in ("true", "false") else text
    if (
        isinstance(expected, _dt.datetime) is False
        and isinstance(expected, _dt.date)
        and not source._DATE_ONLY.match(text)
    ):
        expected = text
    if source._SEXAGESIMAL.match(text):
        expected = text
    assert _same(value, expected), (text, value, expected)
    if isinstance(value, _dt.date):
        assert doc.dates == [("k",)]


@pytest.mark.parametrize(
    "value",
    [
        "2024-01-05",
        "2024-02-29",
        "2023-02-29",
        "2024-02-30",
        "2024-13-01",
        "0000-01-01",
        "0001-01-01",
        "9999-12-31",
        "2024-1-5",
        "20240105",
        "2024-W01-1",
        "2024-01-05T10:00:00",
        "2024-01-05\n",
        " 2024-01-05",
        "\u0662\u0660\u0662\u0664-\u0660\u0661-\u0660\u0665",
        "",
        "date",
        20240105,
        None,
        True,
    ],
)
@pytest.mark.parametrize("kind", schema.KINDS)
def test_dates_are_what_jsonschema_takes_for_dates(kind: str, value: Any) -> None:
    """The fast validator's date check, which answers plain dates without jsonschema."""
    checker = schema._validator(kind).format_checker
    assert checker is not None
    assert schema._is_date(kind, value) == checker.conforms(value, "date")
