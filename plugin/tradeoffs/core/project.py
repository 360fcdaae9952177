"""A whole project: every framework and decision loaded, evaluated and cross-checked.

This is the one entry point the CLI, the site and the exporters share.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tradeoffs.core import decisions as decisions_mod
from tradeoffs.core import frameworks as frameworks_mod
from tradeoffs.core.config import Settings, decisions_dir_not_yet
from tradeoffs.core.evaluate import evaluate
from tradeoffs.core.fields import FieldSpec
from tradeoffs.core.files import confine, leftovers
from tradeoffs.core.model import Decision, Evaluation
from tradeoffs.core.problems import Problem, Severity
from tradeoffs.core.source import Document

if TYPE_CHECKING:
    from tradeoffs.core.markdown_adr.finding import Skipped
    from tradeoffs.core.markdown_adr.record import RecordSource


@dataclass
class Project:
    settings: Settings
    frameworks: frameworks_mod.FrameworkSet
    evaluations: dict[int, Evaluation] = field(default_factory=dict)
    documents: dict[int, Document] = field(default_factory=dict)
    markdown_documents: dict[int, Document] = field(default_factory=dict)
    """Positions in imported Markdown ADRs (no data: they are not YAML)."""
    markdown_sources: dict[int, RecordSource] = field(default_factory=dict)
    """Where each published Markdown ADR was read, for placing its links on the site."""
    markdown_numbers: dict[Path, int] = field(default_factory=dict)
    """Every Markdown ADR's resolved path -> its number, for links between records."""
    not_records: list[Skipped] = field(default_factory=list)
    """Markdown files in markdown_dirs not read as records, each with the reason: the ones told
    for what they are (templates, index pages) are listed by the build and the commands, the
    others are warnings in `problems` too."""
    problems: list[Problem] = field(default_factory=list)
    _reverse: tuple[tuple[int, int], dict[int, list[Decision]], dict[int, list[Decision]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    """Reverse links, indexed once: (which evaluations dict, its size), superseded_by, related_to."""

    def notes(self) -> list[str]:
        """One line for each Markdown file in markdown_dirs told for what it is and not a
        record (a template, an index page), for a build's or a command's log."""
        return [s.note() for s in sorted(self.not_records, key=lambda s: (s.file, s.line)) if s.recognised]

    @property
    def decisions(self) -> list[Decision]:
        return [ev.decision for ev in self.evaluations.values()]

    def decision(self, number: int) -> Decision | None:
        ev = self.evaluations.get(number)
        return ev.decision if ev else None

    def superseded_by(self, number: int) -> list[Decision]:
        return self._reverse_index()[1].get(number, [])

    def related_to(self, number: int) -> list[Decision]:
        """Decisions that list this one as related (the other direction of `related`)."""
        return self._reverse_index()[2].get(number, [])

    def _reverse_index(self) -> tuple[tuple[int, int], dict[int, list[Decision]], dict[int, list[Decision]]]:
        """Both reverse links for every decision, in one pass, so a page per decision stays linear.

        Rebuilt when `evaluations` is replaced or grows (loading adds to it, then sorts it into
        a new dict); nothing swaps an entry for another in place.
        """
        key = (id(self.evaluations), len(self.evaluations))
        if self._reverse is None or self._reverse[0] != key:
            superseded_by: dict[int, list[Decision]] = {}
            related_to: dict[int, list[Decision]] = {}
            for ev in self.evaluations.values():
                d = ev.decision
                for n in dict.fromkeys(d.supersedes):
                    superseded_by.setdefault(n, []).append(d)
                for n in dict.fromkeys(d.related):
                    related_to.setdefault(n, []).append(d)
            self._reverse = (key, superseded_by, related_to)
        return self._reverse

    @property
    def all_problems(self) -> list[Problem]:
        out = list(self.problems)
        for ev in self.evaluations.values():
            out += ev.problems
        return sorted(set(out), key=lambda p: (p.file, p.line, p.column, p.message))


class DecisionCache:
    """Decision files as loaded and schema-checked, by path and content, kept between rebuilds.

    `mkdocs serve` rebuilds the whole site after every edit; reading YAML and validating it is
    most of the cost of loading a project, and only the edited file needs it again. Entries are
    keyed by a hash of the file's bytes, so an edit (or a `git checkout`) is always seen.
    """

    def __init__(self) -> None:
        self._entries: dict[
            tuple[Path, str, str, tuple[FieldSpec, ...]], tuple[bytes, decisions_mod.LoadedDecision]
        ] = {}

    def load(
        self,
        path: Path,
        display: str,
        prefix: str,
        status_words: Mapping[str, str] | None = None,
        fields: tuple[FieldSpec, ...] = (),
    ) -> decisions_mod.LoadedDecision:
        try:
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        except OSError:
            return decisions_mod.load_file(
                path, display, prefix=prefix, status_words=status_words, fields=fields
            )
        key = (path, display, prefix + repr(sorted((status_words or {}).items())), fields)
        hit = self._entries.get(key)
        if hit is not None and hit[0] == digest:
            return hit[1]
        loaded = decisions_mod.load_file(
            path, display, prefix=prefix, status_words=status_words, fields=fields
        )
        self._entries[key] = (digest, loaded)
        return loaded

    def keep_only(self, paths: Iterable[Path]) -> None:
        """Forget files that are gone, so a long serve session does not grow."""
        alive = set(paths)
        self._entries = {k: v for k, v in self._entries.items() if k[0] in alive}


def load_project(
    settings: Settings, *, only: Iterable[Path] | None = None, cache: DecisionCache | None = None
) -> Project:
    """Load frameworks and decisions; `only` limits which decision files are reported on.

    Cross-decision checks (numbers, references) always see every decision in the folder, so
    checking one file still catches a clash with another. With a `cache`, files whose content
    has not changed since the last load are not parsed and validated again.
    """
    with paused_gc():
        return _load_project(settings, only, cache)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a project is loaded or its pages are made.

    Loading makes millions of objects that all stay alive, and the collector's passes over
    them (each full pass slower than the last) would be spent for nothing. Reference counting
    still frees everything that is not a cycle.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_project(settings: Settings, only: Iterable[Path] | None, cache: DecisionCache | None) -> Project:
    fws = frameworks_mod.load_all(settings.frameworks_dir, display_root=settings.root, prefix=settings.prefix)
    project = Project(settings=settings, frameworks=fws, problems=list(fws.problems))
    files, refused = confine(
        decisions_mod.decision_files(settings.decisions_dir),
        settings.decisions_dir,
        settings.root,
        "decision",
    )
    project.problems += refused
    project.problems += [
        Problem(
            settings.display(p),
            1,
            1,
            "a temporary file left by an interrupted "
            "write; the decision file itself is whole, so delete this one (the "
            "next write of that decision removes it too)",
            Severity.WARNING,
        )
        for p in leftovers(settings.decisions_dir)
    ]
    if not settings.decisions_dir.is_dir() and not decisions_dir_not_yet(settings):
        project.problems.append(
            Problem(
                settings.display(settings.decisions_dir),
                1,
                1,
                "the decisions folder does not exist; create it, or set "
                "decisions_dir in the tradeoffs plugin options",
                Severity.ERROR,
            )
        )
    wanted = {p.resolve() for p in only} if only is not None else None
    by_number: dict[int, list[str]] = {}
    for path, shown in zip(files, settings.display_all(files), strict=True):
        loaded = (
            cache.load(path, shown, settings.prefix, settings.status_words, settings.fields)
            if cache is not None
            else decisions_mod.load_file(
                path,
                shown,
                prefix=settings.prefix,
                status_words=settings.status_words,
                fields=settings.fields,
            )
        )
        report = wanted is None or path.resolve() in wanted
        match = decisions_mod.FILE_NAME.match(path.name)
        if match and int(match["number"]):
            by_number.setdefault(int(match["number"]), []).append(shown)
        if report:
            project.problems += loaded.problems
        if loaded.decision is None:
            if report and loaded.salvaged is not None:  # its other problems, in the same pass
                project.problems += decisions_mod.once(
                    [p for p in evaluate(loaded.salvaged, fws, loaded.doc).problems if p.is_error],
                    loaded.problems,
                )
            continue
        number = loaded.decision.number
        if number in project.evaluations:
            continue  # reported below as a clash; the first file keeps the number
        ev = evaluate(loaded.decision, fws, loaded.doc)
        if not report:
            ev.problems = []
        project.evaluations[number] = ev
        if loaded.doc is not None:
            project.documents[number] = loaded.doc
    if cache is not None:
        cache.keep_only(files)
    _load_markdown(project, by_number, wanted)
    for number, paths in by_number.items():
        if len(paths) > 1:
            for shown in paths:
                if wanted is None or (settings.root / shown).resolve() in wanted:
                    others = ", ".join(p for p in paths if p != shown)
                    project.problems.append(
                        Problem(
                            shown,
                            1,
                            1,
                            f"decision number {number} is also used by {others} "
                            "(two changes added a decision at once?); give one of them the next free "
                            "number with `tradeoffs renumber`",
                            Severity.ERROR,
                        )
                    )
    _check_references(project, wanted)
    _check_tag_spelling(project, wanted)
    project.evaluations = dict(sorted(project.evaluations.items()))
    return project


def _load_markdown(project: Project, by_number: dict[int, list[str]], wanted: set[Path] | None) -> None:
    """Markdown ADRs from settings.markdown_dirs, numbered after the YAML decisions they join."""
    settings = project.settings
    if not settings.markdown_dirs:
        return
    # markdown-it is slow to import; YAML-only projects skip it
    from tradeoffs.core.markdown_adr import loading
    from tradeoffs.core.markdown_adr import record as markdown_record

    found = loading.load_dirs(
        settings.markdown_dirs,
        display=settings.display,
        prefix=settings.prefix,
        taken=by_number,
        root=settings.root,
        status_words=settings.status_words,
    )
    project.markdown_numbers = found.numbers

    def reported(file: str) -> bool:
        return wanted is None or (settings.root / file).resolve() in wanted

    project.problems += [p for p in found.problems if reported(p.file)]
    project.not_records = [s for s in found.skipped if reported(s.file)]
    project.problems += [s.warning() for s in project.not_records if not s.recognised]
    for rec, decision, doc in found.decisions:
        by_number.setdefault(decision.number, []).append(decision.path)
        if decision.number in project.evaluations:
            continue  # reported as a clash; the YAML decision keeps the number
        ev = evaluate(decision, project.frameworks, doc)
        if not reported(decision.path):
            ev.problems = []
        project.evaluations[decision.number] = ev
        project.markdown_documents[decision.number] = doc
        project.markdown_sources[decision.number] = markdown_record.RecordSource.of(rec)


def _check_references(project: Project, wanted: set[Path] | None) -> None:
    numbers = set(project.evaluations)
    for number, ev in project.evaluations.items():
        decision = ev.decision
        if wanted is not None and (project.settings.root / decision.path).resolve() not in wanted:
            continue
        doc = project.documents.get(number) or project.markdown_documents.get(number)

        def at(
            field_name: str,
            message: str,
            severity: Severity = Severity.ERROR,
            doc: Document | None = doc,
            decision: Decision = decision,
        ) -> Problem:
            line, col = doc.where((field_name,)) if doc is not None else (1, 1)
            return Problem(decision.path, line, col, message, severity)

        for kind in ("supersedes", "related"):
            for ref in getattr(decision, kind):
                if ref == number:
                    ev.problems.append(at(kind, f"{decision.id} lists itself in {kind}"))
                elif ref not in numbers:
                    folder = project.settings.display(project.settings.decisions_dir)
                    ev.problems.append(
                        at(kind, f"{kind} names decision {ref}, which does not exist in {folder}")
                    )
        for ref in decision.supersedes:
            old = project.evaluations.get(ref)
            if old is None or ref == number:
                continue
            if old.decision.status not in ("superseded", "deprecated"):
                ev.problems.append(
                    at(
                        "supersedes",
                        f"{decision.id} supersedes {old.decision.id} "
                        f"({old.decision.path}), whose status is still "
                        f"'{old.decision.status}'; set it to superseded",
                        Severity.WARNING,
                    )
                )
        if decision.status == "superseded" and not project.superseded_by(number):
            ev.problems.append(
                at(
                    "status",
                    f"{decision.id} is marked superseded, but no decision lists it in `supersedes`",
                    Severity.WARNING,
                )
            )
        cycle = _supersedes_cycle(project, number)
        if cycle:
            trail = [project.evaluations[n].decision for n in cycle]
            names = " -> ".join(f"{d.id} ({d.path})" for d in trail)
            ev.problems.append(at("supersedes", f"supersedes forms a cycle: {names}"))


def _check_tag_spelling(project: Project, wanted: set[Path] | None) -> None:
    """Tags that differ only in case (`Perf`, `perf`) would make two tag pages for one subject."""
    first: dict[str, tuple[str, str]] = {}
    for number, ev in sorted(project.evaluations.items()):
        decision = ev.decision
        doc = project.documents.get(number) or project.markdown_documents.get(number)
        for i, tag in enumerate(decision.tags):
            seen = first.setdefault(tag.casefold(), (tag, decision.path))
            if seen[0] == tag:
                continue
            if wanted is not None and (project.settings.root / decision.path).resolve() not in wanted:
                continue
            line, col = doc.where(("tags", i)) if doc is not None else (1, 1)
            ev.problems.append(
                Problem(
                    decision.path,
                    line,
                    col,
                    f"tag '{tag}' differs only in case "
                    f"from '{seen[0]}' in {seen[1]}; spell them the same, or "
                    "the site shows two tags",
                    Severity.WARNING,
                )
            )


def _supersedes_cycle(project: Project, start: int) -> list[int]:
    """The cycle through `start` along supersedes links, or [] when there is none."""
    stack: list[tuple[int, list[int]]] = [(start, [start])]
    seen: set[int] = set()
    while stack:
        number, trail = stack.pop()
        ev = project.evaluations.get(number)
        if ev is None:
            continue
        for ref in ev.decision.supersedes:
            if ref == start and len(trail) > 1:
                return [*trail, start]
            if ref not in seen and ref != number:
                seen.add(ref)
                stack.append((ref, [*trail, ref]))
    return []
