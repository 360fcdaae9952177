"""Read a YAML file safely and keep where every value came from.

PyYAML composes the node tree (with the C parser where present); this module turns nodes into
plain values itself so that it can refuse what a decision file never needs (Python tags,
duplicate keys, alias bombs) and remember each value's line and column for error messages.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, error

try:  # the C parser is several times faster; fall back quietly where libyaml is missing
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader

_RESOLVED: dict[tuple[str, tuple[bool, bool]], str] = {}
_RESOLVED_MAX = 20_000
_RESOLVED_LENGTH = 64


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """The safe loader, remembering the tag of short scalars (keys, numbers, enum values).

    The composer asks the Python resolver for the tag of every scalar, a dozen regular
    expressions tried per value; keys and small values repeat across files.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode or len(value) > _RESOLVED_LENGTH:
            return str(super().resolve(kind, value, implicit))
        key = (value, implicit)
        tag = _RESOLVED.get(key)
        if tag is None:
            if len(_RESOLVED) >= _RESOLVED_MAX:
                _RESOLVED.clear()
            tag = _RESOLVED[key] = str(super().resolve(kind, value, implicit))
        return tag

MAX_BYTES = 1024 * 1024
"""A decision is a page of text; anything larger is a mistake or an attack."""

MAX_NODES = 100_000
"""Aliases may repeat a node many times over; this bounds what one file can expand to."""

Path_ = tuple[str | int, ...]

_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
"""An int PyYAML reads as plain decimal (no `_`, no octal `017`, hex or base 60)."""

_DATE_ONLY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ]|$)")

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass
class Document:
    """A loaded YAML document: plain data plus the position of every value and key."""

    file: str
    data: Any
    text: str = ""
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    dates: list[Path_] = field(default_factory=list)
    """Where `data` holds a date or datetime (what JSON has no type for)."""

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at `path`, or of its key, or of the nearest parent."""
        path = tuple(path)
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def json_data(self) -> Any:
        """`data` with dates as ISO strings (`to_json_compatible`), copying only the mappings
        and lists that hold a date; the rest is shared with `data`, so do not change it."""
        if not self.dates:
            return self.data
        if self.dates == [()]:
            return self.data.isoformat()
        copied: dict[int, Any] = {}

        def copy(value: Any) -> Any:
            if id(value) not in copied:
                copied[id(value)] = value.copy()
            return copied[id(value)]

        root = copy(self.data)
        for path in self.dates:
            container = root
            for step in path[:-1]:
                container[step] = container = copy(container[step])
            container[path[-1]] = container[path[-1]].isoformat()
        return root

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        line, col = self.where(path, key=key)
        return error(self.file, line, col, message)


class _TooLarge(Exception):
    pass


class _Builder:
    def __init__(self, doc: Document, loader: yaml.SafeLoader | None = None) -> None:
        self.doc = doc
        self.loader = loader
        self.problems: list[Problem] = []
        self.count = 0

    def _pos(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _complain(self, node: yaml.Node, message: str) -> None:
        line, col = self._pos(node)
        self.problems.append(error(self.doc.file, line, col, message))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge
        mark = node.start_mark
        self.doc.values[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                self._complain(node, f"the YAML tag {node.tag!r} is not allowed here; remove it")
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self._complain(node, f"the YAML tag {node.tag!r} is not allowed here; remove it")
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag not in _SCALAR_TAGS:
            self._complain(
                node,
                f"the YAML tag {node.tag!r} is not allowed: decision files hold plain text, "
                "numbers, booleans and dates; remove the tag",
            )
            return node.value
        # Read scalars as YAML 1.2 does, like editors and check-jsonschema: only true/false are
        # booleans (not yes/no/on/off), and only zero-padded YYYY-MM-DD is a date.
        # The common tags are read here as PyYAML's constructor reads them, without its cost.
        tag, value = node.tag, node.value
        if tag == "tag:yaml.org,2002:str":
            return value
        if tag == "tag:yaml.org,2002:bool":
            lowered = value.lower()
            return lowered == "true" if lowered in ("true", "false") else value
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:int" and _DECIMAL.match(value):
            return int(value)
        if tag == "tag:yaml.org,2002:timestamp":
            if not _ISO_DATE.match(value):
                return value
            if _DATE_ONLY.match(value):  # as PyYAML builds it, errors included
                try:
                    day = _dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
                except ValueError as exc:
                    self._complain(node, f"cannot read the value {value!r}: {exc}")
                    return value
                self.doc.dates.append(path)
                return day
        if self.loader is None:
            self.loader = _Loader("")
        try:
            result = self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            self._complain(node, f"cannot read the value {node.value!r}: {exc}")
            return node.value
        if isinstance(result, _dt.date):
            self.doc.dates.append(path)
        return result

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._complain(key_node, "YAML merge keys ('<<') are not supported; write the fields out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._complain(key_node, "a key must be plain text, not a list or mapping")
                continue
            # The key as written: `yes:` or `1:` stay the text the author typed.
            key = str(key_node.value)
            line, col = self._pos(key_node)
            if key in seen:
                self._complain(
                    key_node,
                    f"duplicate key {key!r} (first defined on line {seen[key]}); "
                    "YAML would silently keep only the last one, so remove or rename one of them",
                )
                continue
            seen[key] = line
            self.doc.keys[(*path, key)] = (line, col)
            result[key] = self.build(value_node, (*path, key))
        return result


def _decode(file: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    if len(raw) > MAX_BYTES:
        return None, [
            error(file, 1, 1, f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,} bytes")
        ]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [error(file, 1, 1, "the file is UTF-16; save it as UTF-8")]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [error(file, line, 1, "the file is binary (it holds a NUL byte), not YAML text")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            error(file, line, col, f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
                  "save it as UTF-8")
        ]


def _yaml_error(file: str, exc: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}"
    if context:
        message += f" ({context})"
    lines = text.splitlines()
    if "\t" in problem or (0 < line <= len(lines) and "\t" in lines[line - 1][: max(col, 1)]):
        message += "; YAML does not allow tabs for indentation, use spaces"
    return error(file, line, col, message)


def parse(file: str, text: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text; `Document.data` is None for an empty document."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.composer.ComposerError as exc:
        if "expected a single document" in str(exc):
            mark = exc.problem_mark
            line = mark.line + 1 if mark else 1
            return None, [error(file, line, 1, "the file holds more than one YAML document "
                                "('---'); keep one decision per file")]
        return None, [_yaml_error(file, exc, text)]
    except yaml.YAMLError as exc:
        return None, [_yaml_error(file, exc, text)]
    finally:
        loader.dispose()
    doc = Document(file=file, data=None, text=text)
    if node is None:
        return doc, []
    builder = _Builder(doc)  # a constructor only for what it does not read itself
    try:
        doc.data = builder.build(node, ())
    except _TooLarge:
        return None, [error(file, 1, 1, f"the file expands to more than {MAX_NODES:,} values "
                            "(through YAML aliases); write it out plainly")]
    except RecursionError:
        return None, [error(file, 1, 1, "the file nests too deeply (or an alias refers to itself)")]
    return doc, builder.problems


def load(path: Path, display: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and parse one file; every failure is a Problem, never an exception."""
    file = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error(file, 1, 1, f"cannot read the file: {exc.strerror or exc}")]
    text, problems = _decode(file, raw)
    if text is None:
        return None, problems
    return parse(file, text)


def load_mapping(path: Path, display: str | None = None, *, what: str = "file"
                 ) -> tuple[Document | None, list[Problem]]:
    """Like `load`, but the document must be a mapping of fields."""
    doc, problems = load(path, display)
    if doc is None:
        return None, problems
    if doc.data is None:
        return None, [*problems, error(doc.file, 1, 1, f"the {what} is empty; "
                                       "it needs its fields (key: value)")]
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        return None, [*problems, doc.problem((), f"the {what} must be a mapping of fields "
                                              f"(key: value), but it is {kind}")]
    return doc, problems


def to_json_compatible(value: Any) -> Any:
    """Dates become ISO strings so that JSON Schema (and JSON output) see what a user wrote."""
    if isinstance(value, dict):
        return {k: to_json_compatible(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json_compatible(v) for v in value]
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()
    return value
