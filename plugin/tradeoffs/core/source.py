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

MAX_DEPTH = 100
"""How deep collections may nest. libyaml reads flow collections (`[[[...`) in time that grows
with the square of their depth and builds nodes by recursion in C, which overflows the stack
(50,000 levels crashed the process), so a deeper file is refused before it is parsed."""

_DEEP_BLOCK = re.compile(rf"^[- ?\t]{{{MAX_DEPTH // 4},}}", re.M)
"""A line whose indentation, `- ` and `? ` could open a block collection that deep. A block
collection starts further right than the one holding it (a sequence under a key may share
its column), so block nesting is at most twice the longest such run plus one."""

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


class _TooBig(Exception):
    """A file over `MAX_BYTES`, found from its size before it is read."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


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


def _too_big(file: str, size: int) -> Problem:
    return error(file, 1, 1, f"the file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes")


def _decode(file: str, raw: bytes, kind: str = "YAML") -> tuple[str | None, list[Problem]]:
    if len(raw) > MAX_BYTES:
        return None, [_too_big(file, len(raw))]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [error(file, 1, 1, "the file is UTF-16; save it as UTF-8")]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [error(file, line, 1, f"the file is binary (it holds a NUL byte), not {kind} text")]
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


def _nesting(file: str, text: str) -> Problem | None:
    """A problem where the text nests collections deeper than `MAX_DEPTH`, found from the
    tokens before any node is built; the count of brackets and the indentation answer most
    files without reading them."""
    if text.count("[") + text.count("{") <= MAX_DEPTH // 2 and not _DEEP_BLOCK.search(text):
        return None
    scanner = _Base(text)
    depth = 0
    try:
        while scanner.check_token():
            token = scanner.get_token()  # type: ignore[no-untyped-call]
            if isinstance(token, _OPENING):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = token.start_mark
                    return error(
                        file,
                        mark.line + 1,
                        mark.column + 1,
                        f"lists and mappings nest more than {MAX_DEPTH} levels deep here; "
                        "write them out flatter",
                    )
            elif isinstance(token, _CLOSING):
                depth -= 1
    except yaml.YAMLError:
        return None  # parsing reports it, with its place
    finally:
        scanner.dispose()
    return None


_OPENING = (
    yaml.FlowSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.BlockMappingStartToken,
)
_CLOSING = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)


def compose(
    file: str,
    text: str,
    loader: type[yaml.SafeLoader] = _Loader,
    *,
    what: str = "file",
    expanded: bool = True,
) -> tuple[yaml.Node | None, list[Problem]]:
    """The node tree of one YAML document, or the problems that stop it: nesting past
    `MAX_DEPTH`, more than one document, invalid YAML, aliases that expand past `MAX_NODES`.
    Every YAML the tool reads comes through here (`loader` adds a file kind's own tags;
    `expanded=False` leaves the aliases to a caller that counts what it builds)."""
    deep = _nesting(file, text)
    if deep is not None:
        return None, [deep]
    reader = loader(text)
    try:
        node = reader.get_single_node()
    except yaml.composer.ComposerError as exc:
        if "expected a single document" in str(exc):
            mark = exc.problem_mark
            line = mark.line + 1 if mark else 1
            return None, [
                error(
                    file,
                    line,
                    1,
                    f"the {what} holds more than one YAML document ('---'); keep one document per file",
                )
            ]
        return None, [_yaml_error(file, exc, text)]
    except yaml.YAMLError as exc:
        return None, [_yaml_error(file, exc, text)]
    except RecursionError:  # the pure-Python parser, where libyaml is missing
        return None, [error(file, 1, 1, "the file nests too deeply")]
    finally:
        reader.dispose()
    if expanded and node is not None and "&" in text and _expanded(node) > MAX_NODES:
        return None, [_alias_bomb(file)]
    return node, []


def _expanded(root: yaml.Node) -> int:
    """How many nodes the tree stands for with every alias written out, counted once per
    node (an alias is the same node object again), stopping early past `MAX_NODES`."""
    sizes: dict[int, int] = {}
    order: list[yaml.Node] = []
    stack = [root]
    while stack:  # children before parents, without recursion
        node = stack.pop()
        if id(node) in sizes:
            continue
        sizes[id(node)] = -1
        order.append(node)
        if isinstance(node, _SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, _MappingNode):
            stack.extend(n for pair in node.value for n in pair)
    for node in reversed(order):
        if isinstance(node, _SequenceNode):
            children: list[yaml.Node] = node.value
        elif isinstance(node, _MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            children = []
        sizes[id(node)] = min(MAX_NODES + 1, 1 + sum(max(sizes[id(c)], 1) for c in children))
    return sizes[id(root)]


def _alias_bomb(file: str) -> Problem:
    return error(
        file,
        1,
        1,
        f"the file expands to more than {MAX_NODES:,} values (through YAML aliases); write it out plainly",
    )


def parse(file: str, text: str, *, what: str = "file") -> tuple[Document | None, list[Problem]]:
    """Parse YAML text; `Document.data` is None for an empty document."""
    node, problems = compose(file, text, what=what, expanded=False)  # `_Builder` counts
    if problems:
        return None, problems
    doc = Document(file=file, data=None)
    if len(_SHARED) > _SHARED_MAX:
        _SHARED.clear()
    if node is None:
        return doc, []
    builder = _Builder(doc)  # a constructor only for what it does not read itself
    try:
        doc.data = builder.build(node, ())
    except _TooLarge:
        return None, [_alias_bomb(file)]
    except RecursionError:
        return None, [error(file, 1, 1, "the file nests too deeply (or an alias refers to itself)")]
    return doc, builder.problems


def _read_bytes(path: Path) -> bytes:
    """At most `MAX_BYTES` and one byte of a file, its size asked first: a file over the limit
    is never read whole (nor one that grows while it is read). Without the buffered file
    object, which costs more than the read for a small file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(fd).st_size
        if size > MAX_BYTES:
            raise _TooBig(size)
        chunks: list[bytes] = []
        left = MAX_BYTES + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 16))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(
    path: Path, display: str | None = None, *, kind: str = "YAML"
) -> tuple[str | None, list[Problem]]:
    """A file's text, read only when it is within `MAX_BYTES`: every failure (unreadable,
    too large, binary, UTF-16, not UTF-8) is a Problem, never an exception."""
    file = display or str(path)
    try:
        raw = _read_bytes(path)
    except _TooBig as exc:
        return None, [_too_big(file, exc.size)]
    except OSError as exc:
        return None, [error(file, 1, 1, f"cannot read the file: {exc.strerror or exc}")]
    return _decode(file, raw, kind)


def load(
    path: Path, display: str | None = None, *, what: str = "file"
) -> tuple[Document | None, list[Problem]]:
    """Read and parse one file; every failure is a Problem, never an exception."""
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    return parse(display or str(path), text, what=what)


def load_mapping(
    path: Path, display: str | None = None, *, what: str = "file"
) -> tuple[Document | None, list[Problem]]:
    """Like `load`, but the document must be a mapping of fields."""
    doc, problems = load(path, display, what=what)
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
