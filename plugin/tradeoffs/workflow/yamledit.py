"""Change one value in a decision file and keep everything else exactly as the author wrote it.

Edits are made on the text, at the positions the YAML parser reports, so comments, key order,
quoting, blank lines and indentation all survive. Every edit is checked by parsing the result
again and comparing it with the data the edit was meant to produce; an edit that would change
anything else raises EditError and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from tradeoffs.core.errors import TradeoffsError
from tradeoffs.core.source import parse, to_json_compatible


class EditError(TradeoffsError):
    """The file cannot be edited safely; the message says what to do by hand."""


@dataclass(frozen=True)
class Span:
    """A piece of text to replace: text[start:end] becomes `new`."""

    start: int
    end: int
    new: str


def apply(text: str, spans: list[Span]) -> str:
    """Replace non-overlapping spans (any order) in one pass."""
    out = text
    last = len(text) + 1
    for span in sorted(spans, key=lambda s: s.start, reverse=True):
        if span.end > last:
            raise EditError("internal: overlapping edits")
        out = out[: span.start] + span.new + out[span.end :]
        last = span.start
    return out


def compose(text: str) -> yaml.MappingNode:
    """The node tree of a decision (pure-Python loader: its marks carry character offsets)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise EditError(f"the file is not valid YAML ({exc}); fix it first") from exc
    if not isinstance(node, yaml.MappingNode):
        raise EditError("the file is not a mapping of fields; fix it first")
    return node


def top_level(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def data_of(text: str, *, edited: bool = True) -> dict[str, Any]:
    doc, problems = parse("<edit>", text)
    if doc is None or not isinstance(doc.data, dict) or any(p.is_error for p in problems):
        raise EditError(
            "the edited file would not parse; it was left unchanged"
            if edited
            else "the file does not parse as a decision; fix it first (`tradeoffs check`)"
        )
    data: dict[str, Any] = to_json_compatible(doc.data)
    return data


def verified(before: str, after: str, change: Callable[[dict[str, Any]], dict[str, Any]]) -> str:
    """`after`, once it is certain that it holds exactly `change(data of before)`."""
    expected = change(data_of(before, edited=False))
    got = data_of(after)
    if got != expected or list(got) != list(expected):
        raise EditError(
            "the edit would change more than intended (an unusual layout?); "
            "the file was left unchanged, edit it by hand"
        )
    return after


def _plain(value: str) -> str:
    """A scalar as it would be written in block context (plain when that is unambiguous)."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", value) and value.lower() not in (
        "yes",
        "no",
        "on",
        "off",
        "true",
        "false",
        "null",
        "y",
        "n",
        "~",
    ):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def set_scalar(text: str, key: str, value: str) -> str:
    """Set a top-level key to a plain text value: replaced in place, or added at the end."""
    root = compose(text)
    found = top_level(root, key)

    def change(data: dict[str, Any]) -> dict[str, Any]:
        return {**data, key: value}

    if found is None:
        lead = "" if text.endswith("\n") or not text else "\n"
        return verified(text, f"{text}{lead}{key}: {_plain(value)}\n", change)
    key_node, node = found
    if not isinstance(node, yaml.ScalarNode):
        raise EditError(f"`{key}` is not a single value; edit it by hand")
    if node.start_mark.index == node.end_mark.index:  # `key:` with nothing after it
        colon = text.index(":", key_node.end_mark.index)
        return verified(text, apply(text, [Span(colon + 1, colon + 1, " " + _plain(value))]), change)
    return verified(
        text, apply(text, [Span(node.start_mark.index, node.end_mark.index, _plain(value))]), change
    )


def append_item(text: str, key: str, item: str | int) -> str:
    """Add an item to a top-level list (which may be missing, empty, one value or a list)."""
    root = compose(text)
    found = top_level(root, key)
    written = str(item) if isinstance(item, int) else _plain(item)

    def change(data: dict[str, Any]) -> dict[str, Any]:
        old = data.get(key)
        items = [] if old is None else (list(old) if isinstance(old, list) else [old])
        return {**data, key: [*items, item]}

    if found is None:
        lead = "" if text.endswith("\n") or not text else "\n"
        return verified(text, f"{text}{lead}{key}: [{written}]\n", change)
    key_node, node = found
    start, end = node.start_mark.index, node.end_mark.index
    if isinstance(node, yaml.ScalarNode):
        if start == end:
            colon = text.index(":", key_node.end_mark.index)
            return verified(text, apply(text, [Span(colon + 1, colon + 1, f" [{written}]")]), change)
        raw = text[start:end]
        return verified(text, apply(text, [Span(start, end, f"[{raw}, {written}]")]), change)
    if not isinstance(node, yaml.SequenceNode):
        raise EditError(f"`{key}` is not a list; edit it by hand")
    if node.flow_style:
        close = text.rindex("]", start, end)
        inner = text[start + 1 : close]
        sep = "" if not node.value else (" " if inner.rstrip().endswith(",") else ", ")
        at = start + 1 + len(inner.rstrip()) if node.value else close
        return verified(text, apply(text, [Span(at, at, f"{sep}{written}")]), change)
    last = node.value[-1]
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    dash = text[line_start : last.start_mark.index]
    indent = dash[: len(dash) - len(dash.lstrip(" "))]
    after = text.find("\n", last.end_mark.index)
    at = len(text) if after < 0 else after + 1
    lead = "" if after >= 0 else "\n"
    return verified(text, apply(text, [Span(at, at, f"{lead}{indent}- {written}\n")]), change)
