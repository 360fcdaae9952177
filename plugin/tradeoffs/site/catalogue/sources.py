"""The decision logs of many repositories, read into one catalogue.

Each source is what `tradeoffs export --format json` writes (`schemas/export.schema.json`):
a file, a folder of such files (what a scheduled CI job collects), or a checkout of another
repository with its mkdocs.yml, exported on the spot. Every decision gets its catalogue id,
its log's id and its own (`payments/ADR-0003`), and `related`/`supersedes` are resolved
across logs, both ways.

Whatever is wrong with a source (missing, not JSON, not the export's shape, a second log
with the same id, a reference to a decision its log does not have) is a `Problem` at the
file and line, and the rest of the catalogue is still built. Positions are found only for
files with a problem: a JSON parse keeps none, and reading every export for positions would
cost more than the whole build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from tradeoffs.core import source as yaml_source
from tradeoffs.core.config import Settings, option_position
from tradeoffs.core.problems import Problem, Severity
from tradeoffs.core.references import elsewhere_reference, parse_reference
from tradeoffs.core.schema import schema

MAX_EXPORT_BYTES = 256 * 1024 * 1024
"""An export of 10,000 decisions is about 40 MB; a file far beyond that is not an export."""

RESERVED = frozenset({"open-questions", "graph", "health"})
"""Pages of the catalogue itself, beside the logs' folders: no log may take their names."""

PLACED_BYTES = 8 * 1024 * 1024
"""Exports up to this size are read again for the lines of their faults (a second a MB)."""

_DECISION_ID = re.compile(r"[A-Za-z]+-[0-9]{1,7}")

_ERRORS_PER_FILE = 20
"""Schema errors reported for one file: past that, the file is not an export at all."""


@dataclass(frozen=True)
class CatalogueSource:
    """One repository's log: its id (`payments`) and where its own site is."""

    id: str
    name: str
    file: str
    """The export it was read from, as the user wrote it (for messages)."""
    repo_url: str
    site_url: str
    log_url: str
    """The log's page on its home site: absolute when that site has a site_url, else ''."""
    generated: str


@dataclass
class CatalogueDecision:
    """A decision of one log as the catalogue shows it: the export's data, its catalogue id,
    its home page, and its links to other decisions as catalogue ids (resolved or not)."""

    uid: str
    source: CatalogueSource
    data: dict[str, Any]
    home_url: str
    """Its page on its home site ('' when that site has no site_url to make it absolute)."""
    supersedes: list[str] = field(default_factory=list)
    superseded_by: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def title(self) -> str:
        return str(self.data["title"])

    @property
    def status(self) -> str:
        return str(self.data["status"])


@dataclass
class Catalogue:
    sources: list[CatalogueSource] = field(default_factory=list)
    decisions: dict[str, CatalogueDecision] = field(default_factory=dict)
    """Catalogue id -> decision, log by log in the order the option lists them."""
    problems: list[Problem] = field(default_factory=list)


@cache
def _validator() -> Any:
    import jsonschema

    data = schema("export")
    cls = jsonschema.validators.validator_for(data)
    return cls(data, format_checker=cls.FORMAT_CHECKER)


@dataclass
class _Read:
    """One export as read: its data, and what is wrong with it by JSON path."""

    file: str
    path: Path | None
    data: dict[str, Any] | None
    text: str = ""
    faults: list[tuple[tuple[str | int, ...], str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bad_decisions: set[int] = field(default_factory=set)

    def placed(self) -> list[Problem]:
        """The faults at their lines (the file parsed again, for positions, only now)."""
        if not self.faults:
            return self.problems
        # the YAML reader keeps every value's position (JSON is YAML); past PLACED_BYTES the
        # message's JSON path (`decisions/7/status`) says where, without a minute's parse
        placeable = self.text and len(self.text) <= PLACED_BYTES
        doc, _ = yaml_source.parse(self.file, self.text) if placeable else (None, [])
        out = list(self.problems)
        for where, message in self.faults:
            line, column = doc.where(where) if doc is not None else (1, 1)
            out.append(Problem(self.file, line, column, message, Severity.WARNING))
        return out


def _warning(file: str, message: str, line: int = 1, column: int = 1) -> Problem:
    return Problem(file, line, column, message, Severity.WARNING)


def _read_export(path: Path, file: str) -> _Read:
    """An export file, checked against its schema; never an exception."""
    try:
        size = path.stat().st_size
        if size > MAX_EXPORT_BYTES:
            return _Read(file, path, None, problems=[_warning(file, f"{size:,} bytes is not an export")])
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "it is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror or exc
        return _Read(file, path, None, problems=[_warning(file, f"cannot read this export: {reason}")])
    return _checked(file, path, text)


def _checked(file: str, path: Path | None, text: str) -> _Read:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return _Read(
            file,
            path,
            None,
            problems=[_warning(file, f"not JSON: {exc.msg}", exc.lineno, exc.colno)],
        )
    hint = "; write it with `tradeoffs export --format json` (schema: `tradeoffs schema export`)"
    if not isinstance(data, dict) or data.get("$schema") != schema("export")["$id"]:
        return _Read(file, path, None, problems=[_warning(file, f"not a decision log export{hint}")])
    read = _Read(file, path, data, text=text)
    for err in _validator().iter_errors(data):
        where = tuple(err.absolute_path)
        if len(where) >= 2 and where[0] == "decisions" and isinstance(where[1], int):
            read.bad_decisions.add(where[1])  # that decision is left out, the others kept
        else:
            read.data = None  # the file's own head is wrong: none of it can be placed
        if len(read.faults) < _ERRORS_PER_FILE:
            at = "/".join(str(p) for p in where) or "the top level"
            read.faults.append((where, f"{at}: {err.message}{hint}"))
    return read


def _from_checkout(folder: Path, file: str) -> _Read:
    """Another repository's checkout: its log exported as `tradeoffs export` would."""
    from tradeoffs.adoption.export import export_json
    from tradeoffs.core.config import ConfigError, load_settings
    from tradeoffs.core.project import load_project

    try:
        settings = load_settings(folder / "mkdocs.yml", cwd=folder)
    except ConfigError as exc:
        return _Read(file, None, None, problems=list(exc.problems))
    project = load_project(settings)
    read = _checked(file, None, json.dumps(export_json(project)))
    errors = [p for p in project.all_problems if p.is_error]
    if errors:
        read.problems.append(
            _warning(
                file,
                f"the checkout's log has {len(errors)} error(s) (first: {errors[0].format()}); "
                "its decisions are shown as they load: run `tradeoffs check` there",
            )
        )
    return read


def _reads(settings: Settings) -> Iterator[_Read]:
    """Each export the option names, in its order (a folder's files by name)."""
    config = settings.config_file
    shown = settings.display(config) if config is not None else "mkdocs.yml"
    for entry in settings.catalogue:
        path = settings.root / entry
        if path.is_file():
            yield _read_export(path, entry)
        elif path.is_dir() and (path / "mkdocs.yml").is_file():
            yield _from_checkout(path, entry)
        elif path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix == ".json" and p.is_file())
            for p in files:
                yield _read_export(p, f"{entry.rstrip('/')}/{p.name}")
            if not files:
                line, column = option_position(config, "catalogue") if config else (1, 1)
                yield _Read(
                    shown,
                    None,
                    None,
                    problems=[
                        _warning(
                            shown,
                            f"catalogue: '{entry}' holds no export (*.json) and no mkdocs.yml",
                            line,
                            column,
                        )
                    ],
                )
        else:
            line, column = option_position(config, "catalogue") if config else (1, 1)
            yield _Read(
                shown,
                None,
                None,
                problems=[
                    _warning(
                        shown,
                        f"catalogue: '{entry}' is neither an export nor a folder (looked for "
                        f"{path}); collect the exports first (docs/catalogue.md)",
                        line,
                        column,
                    )
                ],
            )


def _web(url: str) -> str:
    """`url` when it is a web address, else '': the catalogue links to other sites only by
    http(s), and some of its links are HTML no sanitiser sees (`javascript:` never gets in)."""
    return url if urlsplit(url).scheme.lower() in ("http", "https") and "//" in url else ""


def _absolute(site_url: str, url: str) -> str:
    """An address from an export made absolute under its site's address ('' when it cannot be)."""
    if _web(url):
        return url
    if not _web(site_url):
        return ""
    return _web(urljoin(site_url if site_url.endswith("/") else site_url + "/", url))


def load_catalogue(settings: Settings) -> Catalogue:
    """Every source the `catalogue` option names, its decisions under catalogue ids, links
    resolved across logs; every problem placed at its file and line."""
    out = Catalogue()
    by_number: dict[tuple[str, int], str] = {}
    raw_links: list[tuple[CatalogueDecision, _Read, int]] = []
    reads: list[_Read] = []
    for read in _reads(settings):
        reads.append(read)
        data = read.data
        if data is None:
            continue
        head = data["source"]
        sid = str(head["id"])
        taken = next((s for s in out.sources if s.id == sid), None)
        if taken is not None or sid in RESERVED:
            why = (
                f"the log id '{sid}' is already {taken.file}'s"
                if taken is not None
                else f"'{sid}' is the name of a catalogue page"
            )
            read.faults.append((("source", "id"), f"{why}: give one of them another `source_id`; left out"))
            continue
        site_url = str(head.get("site_url") or "")
        src = CatalogueSource(
            sid,
            str(head.get("name") or sid),
            read.file,
            _web(str(head.get("repo_url") or "")),
            _web(site_url),
            _absolute(site_url, str(head["log_url"])),
            str(data["generated"]),
        )
        out.sources.append(src)
        for index, item in enumerate(data["decisions"]):
            if index in read.bad_decisions:
                continue
            if not _DECISION_ID.fullmatch(str(item["id"])):
                # it becomes a page's path: only what an export writes (`ADR-0003`)
                read.faults.append(
                    (("decisions", index, "id"), f"'{item['id']}' is not a decision id (ADR-0003); left out")
                )
                continue
            uid = f"{sid}/{item['id']}"
            if uid in out.decisions:
                read.faults.append((("decisions", index, "id"), f"{uid} is in this log twice; left out"))
                continue
            decision = CatalogueDecision(uid, src, item, _absolute(site_url, str(item["url"])))
            out.decisions[uid] = decision
            by_number[(sid, int(item["number"]))] = uid
            raw_links.append((decision, read, index))
    known = {s.id for s in out.sources}
    for decision, read, index in raw_links:
        for kind in ("supersedes", "related"):
            for pos, ref in enumerate(decision.data[kind]):
                target = _resolve(str(ref), decision.source.id, by_number)
                if target is None:
                    other = elsewhere_reference(ref)
                    if other is not None and other[0] not in known:
                        # a log this catalogue does not collect: shown, unlinked, not a fault
                        target = str(ref)
                    else:
                        read.faults.append(
                            (
                                ("decisions", index, kind, pos),
                                f"{kind} names {ref}, which this catalogue does not have",
                            )
                        )
                        continue
                links = decision.supersedes if kind == "supersedes" else decision.related
                if target not in links and target != decision.uid:
                    links.append(target)
    for decision in list(out.decisions.values()):
        for target in decision.supersedes:
            old = out.decisions.get(target)
            if old is not None and decision.uid not in old.superseded_by:
                old.superseded_by.append(decision.uid)
        for target in decision.related:
            peer = out.decisions.get(target)
            if peer is not None and decision.uid not in peer.related:
                peer.related.append(decision.uid)
    for read in reads:
        out.problems += read.placed()
    return out


def _resolve(ref: str, own: str, by_number: dict[tuple[str, int], str]) -> str | None:
    """The catalogue id a log's reference names: `ADR-0005` in its own log, `payments/ADR-3`
    in another's; None when the catalogue has no such decision."""
    other = elsewhere_reference(ref)
    if other is not None:
        return by_number.get(other)
    number = parse_reference(ref)
    return None if number is None else by_number.get((own, number))
