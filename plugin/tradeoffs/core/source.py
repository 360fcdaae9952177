"""Read a YAML file safely and keep where every value came from.

PyYAML composes the node tree (with the C parser where present); this module turns nodes into
plain values itself so that it can refuse what a decision file never needs (Python tags,
duplicate keys, alias bombs) and remember each value's line and column for error messages.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tradeoffs.core.problems import Problem, error

try:  # the C parser is several times faster; fall back quietly where libyaml is missing
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader

_ScalarNode = yaml.ScalarNode
_MappingNode = yaml.MappingNode
_SequenceNode = yaml.SequenceNode

_TAGS: Callable[[type[yaml.Node], Any, Any], str] = yaml.resolver.Resolver().resolve
"""The resolver the safe loaders use (CSafeLoader's and SafeLoader's), asked without a parser."""

_PLAIN: dict[str, str] = {}
"""Tag of each short plain scalar seen: keys, booleans, numbers and enum values repeat."""

_PLAIN_MAX = 20_000
_PLAIN_LENGTH = 64


def _resolve(kind: type[yaml.Node], value: Any, implicit: Any) -> str:
    """The tag PyYAML's resolver gives a node, remembered for short plain scalars.

    The composer asks for the tag of every node, and PyYAML tries up to a dozen regular
    expressions on each plain scalar. With no path resolvers, a plain scalar's tag depends on
    its text alone; quoted and block scalars and collections are not pattern-matched at all.
    """
    if kind is _ScalarNode and implicit[0]:  # value is text, implicit (plain, quoted)
        tag = _PLAIN.get(value)
        if tag is None:
            tag = _TAGS(kind, value, implicit)
            if len(value) <= _PLAIN_LENGTH:
                if len(_PLAIN) >= _PLAIN_MAX:
                    _PLAIN.clear()
                _PLAIN[value] = tag
        return tag
    return _TAGS(kind, value, implicit)


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """The safe loader, with a remembered tag resolution and no path resolvers.

    `_resolve` asks `_TAGS`, which has no path resolvers, so the composer's calls to track
    the path of each node (`descend_resolver`, `ascend_resolver`) have nothing to do.
    """

    resolve = staticmethod(_resolve)

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Nothing to track: no path resolvers."""

    def ascend_resolver(self) -> None:
        """Nothing to track: no path resolvers."""


MAX_BYTES = 1024 * 1024
"""A decision is a page of text; anything larger is a mistake or an attack."""

MAX_NODES = 100_000
"""Aliases may repeat a node many times over; this bounds what one file can expand to."""

Path_ = tuple[str | int, ...]

_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
"""An int PyYAML reads as plain decimal (no `_`, no octal `017`, hex or base 60)."""

_DECIMAL_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*\Z")
"""A float PyYAML reads as `float(text)` would (no `_`, exponent, base 60, inf or nan)."""

_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?\Z")
"""A YAML 1.1 base-60 number (`190:20:30`), which YAML 1.2 reads as text."""

MAX_NUMBER = sys.float_info.max
"""The largest number a file may hold (about 1.8e308): what a float holds, so that every
number can be compared, computed with and printed."""

_MAX_NUMBER_TEXT = 1100
"""No integer within `MAX_NUMBER` takes more characters (binary, with a few `_`): a longer
one is refused before it is converted at all."""

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


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


_SHARED: dict[tuple[Any, ...], tuple[Any, ...]] = {}
"""One tuple object for every equal key path and (line, column) pair: decision files share
their layout, so 10,000 position maps held the same tuples 10,000 times (a YAML position map
was three quarters of a loaded decision). Emptied when it grows past `_SHARED_MAX`."""
_SHARED_MAX = 200_000


class _Builder:
    """Turns a composed node tree into plain values, recording positions on the way.

    Most nodes are keys and plain text, so a mapping reads those itself rather than through a
    call per node: this walk is among the largest costs of `tradeoffs check`.
    """

    def __init__(self, doc: Document, loader: yaml.SafeLoader | None = None) -> None:
        self.doc = doc
        self.loader = loader
        self.problems: list[Problem] = []
        self.count = 0

    def _complain(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(error(self.doc.file, mark.line + 1, mark.column + 1, message))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge
        mark = node.start_mark
        shared = _SHARED.setdefault
        self.doc.values[shared(path, path)] = shared(place := (mark.line + 1, mark.column + 1), place)
        kind = node.__class__
        if kind is _MappingNode:
            if node.tag != _MAP:
                self._complain(node, f"the YAML tag {node.tag!r} is not allowed here; remove it")
            return self._mapping(node, path)
        if kind is _SequenceNode:
            if node.tag != _SEQ:
                self._complain(node, f"the YAML tag {node.tag!r} is not allowed here; remove it")
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag == _STR:
            return node.value
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: Path_) -> Any:
        """A scalar other than plain text."""
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
        if tag == "tag:yaml.org,2002:bool":
            lowered = value.lower()
            return lowered == "true" if lowered in ("true", "false") else value
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag in (_INT, _FLOAT):
            if _SEXAGESIMAL.match(value):
                return value  # YAML 1.2: text, not a base-60 number
            if len(value) > _MAX_NUMBER_TEXT:
                return self._too_large(node, value)
        if tag == _INT and _DECIMAL.match(value):
            number = int(value)
            return number if -MAX_NUMBER <= number <= MAX_NUMBER else self._too_large(node, value)
        if tag == "tag:yaml.org,2002:float" and _DECIMAL_FLOAT.match(value):
            return float(value)  # what PyYAML computes, sign * float(digits), for these
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
        except (yaml.YAMLError, ValueError, OverflowError, AttributeError) as exc:
            # PyYAML's timestamp constructor fails with AttributeError on `!!timestamp junk`
            if isinstance(exc, AttributeError):
                exc = ValueError("it is not a date or time")
            self._complain(node, f"cannot read the value {node.value!r}: {exc}")
            return node.value
        if isinstance(result, _dt.date):
            self.doc.dates.append(path)
        if isinstance(result, int) and not isinstance(result, bool) and abs(result) > MAX_NUMBER:
            return self._too_large(node, value)
        return result

    def _too_large(self, node: yaml.Node, value: str) -> str:
        """A number no fact or reference can mean, kept as text and reported where it is."""
        shown = value if len(value) <= 24 else f"{value[:12]}…{value[-6:]} ({len(value):,} characters)"
        self._complain(
            node,
            f"the number {shown} is too large: numbers here are at most "
            f"{MAX_NUMBER:.1e}; write a smaller one (or quote it to make it text)",
        )
        return value

    def _mapping(self, node: yaml.Node, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        values, keys = self.doc.values, self.doc.keys
        shared = _SHARED.setdefault
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._complain(key_node, "YAML merge keys ('<<') are not supported; write the fields out")
                continue
            if key_node.__class__ is not _ScalarNode:
                self._complain(key_node, "a key must be plain text, not a list or mapping")
                continue
            # The key as written: `yes:` or `1:` stay the text the author typed.
            key = key_node.value
            mark = key_node.start_mark
            line = mark.line + 1
            if key in seen:
                self._complain(
                    key_node,
                    f"duplicate key {key!r} (first defined on line {seen[key]}); "
                    "YAML would silently keep only the last one, so remove or rename one of them",
                )
                continue
            seen[key] = line
            here = shared(here := (*path, key), here)
            keys[here] = shared(place := (line, mark.column + 1), place)
            if value_node.__class__ is _ScalarNode and value_node.tag == _STR:
                self.count += 1  # as `build` counts it
                if self.count > MAX_NODES:
                    raise _TooLarge
                mark = value_node.start_mark
                values[here] = shared(place := (mark.line + 1, mark.column + 1), place)
                result[key] = value_node.value
            else:
                result[key] = self.build(value_node, here)
        return result


def _decode(file: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    if len(raw) > MAX_BYTES:
        return None, [error(file, 1, 1, f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,} bytes")]
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
            error(
                file,
                line,
                col,
                f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            )
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
            return None, [
                error(
                    file,
                    line,
                    1,
                    "the file holds more than one YAML document ('---'); keep one decision per file",
                )
            ]
        return None, [_yaml_error(file, exc, text)]
    except yaml.YAMLError as exc:
        return None, [_yaml_error(file, exc, text)]
    finally:
        loader.dispose()
    doc = Document(file=file, data=None)
    if len(_SHARED) > _SHARED_MAX:
        _SHARED.clear()
    if node is None:
        return doc, []
    builder = _Builder(doc)  # a constructor only for what it does not read itself
    try:
        doc.data = builder.build(node, ())
    except _TooLarge:
        return None, [
            error(
                file,
                1,
                1,
                f"the file expands to more than {MAX_NODES:,} values "
                "(through YAML aliases); write it out plainly",
            )
        ]
    except RecursionError:
        return None, [error(file, 1, 1, "the file nests too deeply (or an alias refers to itself)")]
    return doc, builder.problems


def _read_bytes(path: Path) -> bytes:
    """`path.read_bytes()` without the buffered file object, which costs more than the read for
    a small file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks: list[bytes] = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def load(path: Path, display: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and parse one file; every failure is a Problem, never an exception."""
    file = display or str(path)
    try:
        raw = _read_bytes(path)
    except OSError as exc:
        return None, [error(file, 1, 1, f"cannot read the file: {exc.strerror or exc}")]
    text, problems = _decode(file, raw)
    if text is None:
        return None, problems
    return parse(file, text)


def load_mapping(
    path: Path, display: str | None = None, *, what: str = "file"
) -> tuple[Document | None, list[Problem]]:
    """Like `load`, but the document must be a mapping of fields."""
    doc, problems = load(path, display)
    if doc is None:
        return None, problems
    if doc.data is None:
        return None, [
            *problems,
            error(doc.file, 1, 1, f"the {what} is empty; it needs its fields (key: value)"),
        ]
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        return None, [
            *problems,
            doc.problem((), f"the {what} must be a mapping of fields (key: value), but it is {kind}"),
        ]
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
