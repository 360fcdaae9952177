"""Convert Markdown ADRs into decision YAML files, once and for good.

Reading the records and mapping each to a decision file's data is the Markdown ADR wing's
(`core.markdown_adr`: `loading`, `decision_data`); this module writes the files and the
report. Everything that does not map is reported, one line per section or field with its file
and line, and left out. Source files are never changed, and no output file is ever
overwritten: a number already taken in the output folder moves to the next free one.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tradeoffs.core import decisions as decisions_mod
from tradeoffs.core.decisions import slugify
from tradeoffs.core.files import boundary, create_new, escape_problem, escapes
from tradeoffs.core.markdown_adr import loading
from tradeoffs.core.markdown_adr.decision_data import map_record
from tradeoffs.core.markdown_adr.parsing import MAX_BYTES
from tradeoffs.core.markdown_adr.record import MarkdownADR
from tradeoffs.core.markdown_adr.section_mapping import WORD, RecordMapping
from tradeoffs.core.problems import Problem, error, warning
from tradeoffs.site import record_links
from tradeoffs.workflow.scaffold import modeline


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line text, so imported prose stays readable in review."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False
    )


@dataclass
class Imported:
    source: str
    output: Path
    number: int


@dataclass
class ImportReport:
    written: list[Imported] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    not_kept: list[Problem] = field(default_factory=list)
    """Text of the records that no decision file holds, each with its file and line."""
    words: int = 0
    words_not_kept: int = 0
    skipped: list[str] = field(default_factory=list)
    """Markdown files that are not records (templates, index pages), each with the reason."""

    def summary(self) -> str:
        """What the import kept, every piece it did not, and every file it did not take for a
        record, for the command to print."""
        named = [f"not a record: {line}" for line in self.skipped]
        if not self.words:
            return "\n".join(named)
        share = 100 * (self.words - self.words_not_kept) / self.words
        lines = [
            f"kept {share:.1f}% of the records' text ({self.words - self.words_not_kept} of "
            f"{self.words} words)" + (":" if self.not_kept else "; nothing was left out")
        ]
        lines += [
            f"  not kept: {p.file}:{p.line}: {p.message.removeprefix('not imported: ')}"
            for p in self.not_kept
        ]
        return "\n".join(lines + named)


def _words_of(path: Path) -> int:
    """The words of a record that could not be read, for the share kept (0 for a file too
    large or gone: it is named either way)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return 0
        return len(WORD.findall(path.read_text(encoding="utf-8-sig", errors="replace")))
    except OSError:
        return 0


_IMPORTED_FROM = re.compile(r"^# Imported from (?P<file>.+) \((?P<format>[a-z0-9]+)\) by")


def _already_imported(out: Path) -> dict[str, Path]:
    """Source file -> decision file, for the files an earlier import wrote to `out`."""
    done: dict[str, Path] = {}
    for path in decisions_mod.decision_files(out):
        try:
            with path.open(encoding="utf-8") as handle:
                head = [handle.readline() for _ in range(3)]
        except (OSError, UnicodeDecodeError):
            continue
        for line in head:
            match = _IMPORTED_FROM.match(line)
            if match:
                done[match["file"]] = path
    return done


def origin(rec: MarkdownADR, source: Path, display: Callable[[Path], str]) -> str:
    """Where a record came from, as the decision file's first comment says it: relative to the
    project, else to the source's git repository, else to the source folder's parent. Never
    an absolute path of the importing machine, which would be committed with the file."""
    shown = display(rec.path)
    if not os.path.isabs(shown):
        return shown
    base = _repository_of(source)
    try:
        return rec.path.resolve().relative_to(base).as_posix()
    except ValueError:
        return rec.path.name


@functools.lru_cache(maxsize=8)
def _repository_of(source: Path) -> Path:
    from tradeoffs.core import gitrepo

    try:
        return gitrepo.toplevel(source).resolve()
    except gitrepo.GitError:
        return source.resolve().parent


def _told(rec: MarkdownADR, m: RecordMapping, display: Callable[[Path], str]) -> Callable[[str, Path], None]:
    """What the import says of a file it copied next to the decisions' pages."""

    def copied(url: str, copy: Path) -> None:
        m.unmapped.append(
            warning(
                rec.file,
                rec.title_line,
                1,
                f"copied {url} to {display(copy)}, where the decision's page finds it",
            )
        )

    return copied


@dataclass
class _Plan:
    rec: MarkdownADR
    number: int


def import_dir(
    source: Path,
    out: Path,
    *,
    display: Callable[[Path], str],
    prefix: str = "ADR",
    root: Path | None = None,
    schema_ref: str | None = None,
    docs_dir: Path | None = None,
    url_prefix: str = "decisions",
    status_words: dict[str, str] | None = None,
) -> ImportReport:
    """Import every Markdown ADR in `source` into decision files in `out`; with `root`, a file
    or folder that links out of the project is refused (see `files.confine`); `schema_ref` is
    the schema the files' modeline names (none without one); images and files the records link
    to are linked where the site (`docs_dir`) has them, or copied next to the decisions' pages
    (`docs_dir/url_prefix`)."""
    report = ImportReport()
    if root is not None and (outside := escapes(out, boundary(out, root))) is not None:
        report.problems.append(escape_problem(out, outside, root, "decisions folder"))
        return report
    out.mkdir(parents=True, exist_ok=True)
    in_out = {
        decisions_mod._number(p)
        for p in out.iterdir()
        if p.is_file() and decisions_mod.FILE_NAME.match(p.name)
    }
    found = loading.load_dirs(
        [source], display=display, prefix=prefix, taken=in_out, root=root, status_words=status_words
    )
    report.problems += found.problems
    report.skipped = [f"{display(s.path)}: {s.reason}" for s in found.skipped]
    for rec in found.unread:
        # its problems are said above; the summary must not say that nothing was left out
        report.not_kept.append(error(rec.file, 1, 1, "not imported: it could not be read (see above)"))
        words = _words_of(rec.path)
        report.words += words
        report.words_not_kept += words
    done = _already_imported(out)
    plans: list[_Plan] = []
    for rec, _d, _doc in found.decisions:
        if origin(rec, source, display) in done:
            report.problems.append(
                warning(
                    rec.file,
                    1,
                    1,
                    f"already imported as {display(done[origin(rec, source, display)])}; left as it is",
                )
            )
        elif rec.damaged:
            report.problems.append(
                error(rec.file, 1, 1, "not imported: fix the errors above and import it again")
            )
            report.not_kept.append(report.problems[-1])
            words = len(WORD.findall(rec.path.read_text(encoding="utf-8-sig")))
            report.words += words
            report.words_not_kept += words
        elif rec.number is not None:
            plans.append(_Plan(rec, rec.number))
    wanted = {plan.number for plan in plans}
    used = set(in_out)
    numbers: dict[int, int] = {}
    top = max(used | wanted, default=0)
    for plan in sorted(plans, key=lambda p: p.number):
        if plan.number in used:
            top += 1
            report.problems.append(
                warning(
                    plan.rec.file, 1, 1, f"number {plan.number} is taken in {display(out)}; imported as {top}"
                )
            )
            numbers[plan.number] = top
            plan.number = top
        else:
            numbers[plan.number] = plan.number
        used.add(plan.number)
    # each record's path -> its number in the output, for links between records
    by_path = {path: numbers.get(number, number) for path, number in found.numbers.items()}
    for plan in sorted(plans, key=lambda p: p.number):
        rec = plan.rec
        mapped = map_record(
            rec,
            numbers,
            prefix,
            functools.partial(record_links.to_pages, source=rec.path, numbers=by_path, prefix=prefix),
        )
        if docs_dir is not None:
            holders = [mapped.data, *mapped.data.get("options", [])]
            for holder, key in [(h, k) for h in holders for k in ("context", "rationale", "summary")]:
                if key in holder:
                    holder[key] = record_links.copy_files(
                        holder[key], rec.path, docs_dir, url_prefix, _told(rec, mapped, display)
                    )
        report.problems += mapped.unmapped
        report.not_kept += [
            p
            for p in mapped.unmapped
            if "without a date" not in p.message
            and "is recorded as the option chosen" not in p.message
            and not p.message.startswith("copied ")
        ]
        report.words += len(WORD.findall(rec.path.read_text(encoding="utf-8-sig")))
        report.words_not_kept += mapped.words_lost
        header = (
            modeline(schema_ref)
            + f"# Imported from {origin(rec, source, display)} ({rec.format}) by `tradeoffs import`.\n"
        )
        text = header + dump(mapped.data)
        number = plan.number
        for _attempt in range(1000):
            path = out / f"{number:04d}-{slugify(rec.title)}.yml"
            try:
                create_new(path, text)
                break
            except FileExistsError:
                number = max(used) + 1
                used.add(number)
                report.problems.append(
                    warning(rec.file, 1, 1, f"{display(path)} appeared while importing; imported as {number}")
                )
        else:  # pragma: no cover - a folder with a thousand racing writers
            report.problems.append(error(rec.file, 1, 1, "could not find a free file name"))
            continue
        report.written.append(Imported(rec.file, path, number))
    return report
