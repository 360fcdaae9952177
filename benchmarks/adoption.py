"""Measure how a folder of Markdown ADRs comes in and goes out again, before adopting the tool.

    python benchmarks/adoption.py DIR [DIR ...] [--no-build] [--json]

For each folder (and all of them together) it prints:

- files: every Markdown file in the folder, counted here without asking the tool;
- found: the files the tool reads as records, plus the ones it names as something else (a
  template, an index page) with its reason; `unaccounted` lists any file it did neither for
  (must be none);
- status and date as written: for each record, the status and date this script reads on its own
  (a status field, a `## Status` section, a metadata table, front matter) against what the
  tool publishes: the same status word, or the team's wording kept beside the status; the
  same day, or a month-only date kept as written;
- imported: decision files `tradeoffs import` wrote for them;
- text kept: the share of the records' words (front matter values, headings that are not
  section names, text, link targets) found in the decision files' values; the words that are
  missing are listed under the table, by file;
- round trip: decisions identical after `tradeoffs export --format markdown` and `tradeoffs
  import` of that export (same numbers, titles, statuses, dates, text, options, relations...);
- published: ADR pages `mkdocs build` made from the folder as `markdown_dirs`, and the images
  next to the records that reached the site;
- strict: whether `mkdocs build --strict` passed, and each warning it gave (file and line);
- tracebacks: Python tracebacks seen in any of the above (must be 0);
- time per record: reading and importing, in milliseconds.

The folders are copied to a temporary project first; nothing in them is changed. A folder
inside a git repository is copied with its history's first dates: each file is committed in
the copy on the day it first entered the original repository.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
_WORD = re.compile(r"[^\W_]+")
_SYNTAX = re.compile(
    r"\b(?:good|bad|neutral),\s+because\b|\bchosen option\s*:?|"
    r"(?<=[\"”*]),?\s*because\b",
    re.IGNORECASE,
)
_RECORD_LINK = re.compile(r"(\[[^\]]*\])\((?![a-z]+:)[^)]*\.md(?:#[^)]*)?\)")
_FRONT = re.compile(r"\A---\n.*?\n(?:---|\.\.\.)\n", re.DOTALL)


@dataclass
class Figures:
    folder: str
    files: int = 0
    named: dict[str, str] = field(default_factory=dict)
    unaccounted: list[str] = field(default_factory=list)
    statuses: int = 0
    statuses_as_written: int = 0
    dates: int = 0
    dates_as_written: int = 0
    written_differs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    import_words: int = 0
    import_words_kept: int = 0
    """What `tradeoffs import` itself says it kept, to hold against this script's own count."""
    records: int = 0
    imported: int = 0
    words: int = 0
    words_kept: int = 0
    missing: dict[str, list[str]] = field(default_factory=dict)
    round_trip: int = 0
    round_trip_of: int = 0
    differences: list[str] = field(default_factory=list)
    published: int = 0
    images: int = 0
    images_published: int = 0
    strict_ok: bool | None = None
    strict_warnings: list[str] = field(default_factory=list)
    tracebacks: list[str] = field(default_factory=list)


def _words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text))


_STATUS_WORDS = {
    "accepted",
    "approved",
    "adopted",
    "decided",
    "done",
    "agreed",
    "implemented",
    "proposed",
    "draft",
    "drafted",
    "open",
    "pending",
    "in progress",
    "under review",
    "in review",
    "wip",
    "suggested",
    "rejected",
    "declined",
    "refused",
    "abandoned",
    "deprecated",
    "obsolete",
    "retired",
    "superseded",
    "replaced",
    "on hold",
    "postponed",
    "deferred",
    "partly superseded",
    "partially superseded",
    "amended",
}
"""Status words in English as teams write them alone on a line: the status, not content."""


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    """A record's front matter as data (None when it has none or it cannot be read) and the
    text after it: read once per record, for its words and for its status and date."""
    front = _FRONT.match(text)
    if front is None:
        return None, text
    try:
        data = yaml.safe_load(front[0].strip().strip("-"))
    except yaml.YAMLError:
        data = None
    return (data if isinstance(data, dict) else None), text[front.end() :]


def _source_words(front: dict[str, Any] | None, text: str, section_names: set[str]) -> Counter[str]:
    """The words of a record that carry content: not the front matter's keys, not section names."""
    words: Counter[str] = Counter()
    if front is not None:
        words += _words(" ".join(_strings(list(front.values()))))
    from tradeoffs.core.markdown_adr.sections import ENGLISH_FIELDS, FIELDS, HEADINGS
    from tradeoffs.core.markdown_adr.status import BUILTIN_WORDS, fold
    from tradeoffs.core.markdown_adr.text import normalise
    from tradeoffs.core.markdown_adr.titles import strip_title_number

    for line in text.splitlines():
        heading = re.match(r"^\s{0,3}(#{1,6})\s+(.*?)\s*(?:\{#[^}]*\})?\s*(?:<!--.*-->)?\s*$", line)
        if heading and (normalise(heading[2]) in section_names or fold(heading[2]) in HEADINGS):
            continue  # a section's name: structure, in every language the tool reads
        if heading and len(heading[1]) == 1:  # the title: its number is the record's number
            line = strip_title_number(heading[2])
        # syntax the import turns into structure: pros and cons, the chosen option, a known
        # status word, and the targets of links to other records (re-pointed at their pages)
        line = _SYNTAX.sub(" ", line)
        line = _RECORD_LINK.sub(lambda m: m[1], line)
        line = re.sub(r"^(\s{0,3}\[[^\]]*\]):\s*\S+\.md(?:#\S*)?\s*$", r"\1", line)  # a reference to a record
        cells = [fold(c.strip(" *_")) for c in line.strip().strip("|").split("|")] if "|" in line else []
        if cells and all(c in FIELDS or c in ENGLISH_FIELDS or c in ("author(s)", "") for c in cells):
            continue  # a metadata table's header row (`| Status | Date | Author(s) |`) or its rule
        if cells and all(set(c) <= set(":- ") for c in cells):
            continue
        if normalise(line.strip(" -*")) in _STATUS_WORDS or fold(line.strip(" -*>")) in BUILTIN_WORDS:
            continue
        label = re.match(r"^\s{0,3}(?:[-*+]\s+)?(?:\*\*)?([A-Za-z][A-Za-z -]{0,30}?)(?:\*\*)?\s*:", line)
        if label and label[1].strip().lower() in ENGLISH_FIELDS:
            if ENGLISH_FIELDS[label[1].strip().lower()] == "date":
                continue  # measured as "date as written", in whatever form it is written
            line = line[label.end() :]
        elif (named := re.match(r"^\s{0,3}(?:[-*+]\s+)?\**([^:：*]{1,30}?)\**\s*[:：]", line)) and fold(
            named[1]
        ) in FIELDS:
            if FIELDS[fold(named[1])] == "date":
                continue
            line = line[named.end() :]
        line = re.sub(r"<!--.*?-->", " ", line)
        line = re.sub(r"^\s*(?:>\s*)*[0-9]{1,9}[.)]\s", " ", line)  # an ordered list's marker is syntax
        words += _words(line)
    return words


# --- the status and date as written, read here without the tool ------------------------------

_STATUS_HEADINGS = {
    "status",
    "estado",
    "statut",
    "zustand",
    "situação",
    "状态",
    "狀態",
    "状態",
    "ステータス",
    "state",
}
_DATE_NAMES = {
    "date",
    "data",
    "datum",
    "fecha",
    "日期",
    "日付",
    "decision date",
    "决策日期",
    "決定日",
    "created",
}
_LABEL = re.compile(r"^\s{0,3}(?:[-*+]\s+)?\**\s*([^:：*]{1,30}?)\s*\**\s*[:：]\s*\**\s*(.*?)\s*$")
_EN = {
    "accepted": "accepted",
    "proposed": "proposed",
    "rejected": "rejected",
    "deprecated": "deprecated",
    "superseded": "superseded",
    "draft": "proposed",
    "approved": "accepted",
}
_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%Y年%m月%d日",
)


def written_fields(front: dict[str, Any] | None, text: str) -> tuple[str | None, str | None]:
    """(status, date) as the record writes them (front matter and the text after it), found
    by this script's own rules."""
    status = date = None
    if front is not None:
        for key in ("status", "state"):
            if isinstance(front.get(key), str) and status is None:
                status = front[key]
        for key in ("date", "created"):
            if front.get(key) is not None and date is None:
                date = str(front[key])
    lines = text.splitlines()
    for i, line in enumerate(lines):
        heading = re.match(r"^#{1,6}\s+(.*)$", line)
        if heading and status is None and heading[1].strip(" *").lower() in _STATUS_HEADINGS:
            status = next((x.strip() for x in lines[i + 1 :] if x.strip()), None)
            continue
        if line.lstrip().startswith("|") and i + 2 < len(lines) and status is None:
            cells = [c.strip().strip("*").lower() for c in line.strip().strip("|").split("|")]
            values = [c.strip() for c in lines[i + 2].strip().strip("|").split("|")]
            if "status" in cells and len(values) == len(cells) and set(lines[i + 1]) <= set("|:- "):
                status = values[cells.index("status")]
                if "date" in cells:
                    date = date or values[cells.index("date")]
        label = _LABEL.match(line)
        if label and not line.startswith("#"):
            name = label[1].strip().lower()
            if name in _STATUS_HEADINGS and status is None and label[2]:
                status = label[2]
            elif name in _DATE_NAMES and date is None and label[2]:
                date = label[2]
    return status, date


def _bare(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`>\[\]]", " ", text)
    return " ".join(text.split()).strip(" .").lower()


def _status_as_written(raw: str, decision: Any) -> bool:
    """The page says what the record says: its status word, or its wording beside the status."""
    wording = _bare(decision.status_wording or "")
    shown = _bare(raw)
    if wording:
        return wording == shown or shown in wording or wording in shown
    first = shown.split(" ")[0] if shown else ""
    return _EN.get(first, decision.status) == decision.status and first in (decision.status, *_EN)


def _date_as_written(raw: str, decision: Any, body: str) -> bool:
    import datetime as _dt

    text = raw.strip().strip("[]*_ ")
    candidates = {text, text[:10], text.split(" (")[0].strip(), text.split("T")[0]}
    for fmt in _FORMATS:
        for candidate in candidates:
            try:
                day = _dt.datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
            return bool(decision.date == day)
    return bool(text) and text in body  # kept as written (a month only), and the tool's date is its first day


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [] if value is None else [str(value)]


def _decision_data(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _import(source: Path, out: Path, figures: Figures, *, count: bool = False) -> list[Any]:
    from tradeoffs.adoption.importer import import_dir

    try:
        report = import_dir(source, out, display=lambda p: p.relative_to(source.parent).as_posix())
    except Exception:
        figures.tracebacks.append(traceback.format_exc())
        return []
    if count:
        figures.import_words += report.words
        figures.import_words_kept += report.words - report.words_not_kept
    return report.written


def _copy_with_dates(folder: Path, adr: Path) -> None:
    """The folder copied, as a git repository whose files are committed on the days they first
    entered the original one (so records without a date of their own get their true one)."""
    import os

    from tradeoffs.core.gitrepo import first_dates

    shutil.copytree(folder, adr, ignore=shutil.ignore_patterns(".git"))
    dates = first_dates(folder)
    if not dates:
        return
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.invalid"}
    env.update(GIT_COMMITTER_NAME="a", GIT_COMMITTER_EMAIL="a@example.invalid")
    subprocess.run(["git", "init", "-q"], cwd=adr, check=True, env=env)
    by_day: dict[Any, list[str]] = {}
    for path, day in dates.items():
        try:
            by_day.setdefault(day, []).append(path.relative_to(folder.resolve()).as_posix())
        except ValueError:
            continue
    for day in sorted(by_day):
        stamp = f"{day.isoformat()}T12:00:00"
        subprocess.run(["git", "add", "--", *by_day[day]], cwd=adr, check=True, env=env)
        subprocess.run(
            ["git", "commit", "-qm", "as first committed", "--allow-empty"],
            cwd=adr,
            check=True,
            env={**env, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp},
        )
    subprocess.run(["git", "add", "-A"], cwd=adr, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "the rest", "--allow-empty"], cwd=adr, check=True, env=env)


def markdown_files(folder: Path) -> list[Path]:
    """Every Markdown file of the folder, hidden folders and node_modules aside: counted here,
    not by the tool, so a record the tool skips without a word still counts."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in (".md", ".markdown")
        and p.is_file()
        and not any(part.startswith(".") or part == "node_modules" for part in p.relative_to(folder).parts)
    )


def measure(folder: Path, work: Path, *, build: bool) -> Figures:
    import time

    from tradeoffs.core.markdown_adr import loading, section_mapping

    figures = Figures(folder=str(folder))
    project = work / folder.name
    adr = project / "adr"
    _copy_with_dates(folder, adr)
    section_names = set().union(
        *(
            getattr(section_mapping, n)
            for n in (
                "CONTEXT",
                "DRIVERS",
                "OPTIONS",
                "OUTCOME",
                "PROS_CONS",
                "GOOD",
                "BAD",
                "NEUTRAL",
                "CONSEQUENCES",
                "CONFIRMATION",
                "LINKS",
                "STATUS",
            )
        )
    )
    started = time.perf_counter()
    try:
        records = loading.load_dirs([adr], display=lambda p: p.relative_to(project).as_posix())
    except Exception:
        figures.tracebacks.append(traceback.format_exc())
        return figures
    all_files = markdown_files(adr)
    figures.files = len(all_files)
    figures.records = len(records.decisions)
    read = {rec.path.resolve() for rec, _d, _doc in records.decisions}
    figures.named = {s.path.relative_to(adr).as_posix(): s.reason for s in records.skipped}
    with_problems = {p.file for p in records.problems}
    for path in all_files:
        shown = path.relative_to(adr).as_posix()
        if path.resolve() not in read and shown not in figures.named and f"adr/{shown}" not in with_problems:
            figures.unaccounted.append(shown)
    figures.images = sum(1 for p in adr.rglob("*") if p.suffix.lower() in IMAGES)
    written = _import(adr, project / "decisions", figures, count=True)
    figures.seconds = time.perf_counter() - started
    figures.imported = len(written)
    by_source = {item.source: item for item in written}
    for rec, decision, _doc in records.decisions:
        front, body = split_front_matter(rec.path.read_text(encoding="utf-8-sig"))
        status, date = written_fields(front, body)
        if status:
            figures.statuses += 1
            if _status_as_written(status, decision):
                figures.statuses_as_written += 1
            else:
                figures.written_differs.append(
                    f"{rec.file}: status '{status}' published as {decision.status} ({decision.status_wording!r})"
                )
        if date:
            figures.dates += 1
            if _date_as_written(date, decision, decision.body):
                figures.dates_as_written += 1
            else:
                figures.written_differs.append(f"{rec.file}: date '{date}' published as {decision.date}")
        source = _source_words(front, body, section_names)
        item = by_source.get(rec.path.relative_to(project).as_posix())
        kept_words: Counter[str] = Counter()
        if item is not None:
            kept_words = _words(" ".join(_strings(_decision_data(item.output))))
        kept = source & kept_words
        figures.words += sum(source.values())
        figures.words_kept += sum(kept.values())
        lost = source - kept
        if lost:
            figures.missing[rec.file] = sorted(lost.elements())
    _round_trip(project, written, figures)
    if build:
        _publish(project, folder, figures)
    return figures


def _round_trip(project: Path, written: list[Any], figures: Figures) -> None:
    from tradeoffs.adoption.export import export_markdown
    from tradeoffs.core.config import Settings
    from tradeoffs.core.project import load_project

    if not written:
        return
    exported = project / "exported"
    again = project / "again"
    try:
        settings = Settings.from_options(project, {"decisions_dir": "decisions"})
        export_markdown(load_project(settings), exported)
    except Exception:
        figures.tracebacks.append(traceback.format_exc())
        return
    back = {item.number: item for item in _import(exported, again, figures)}
    figures.round_trip_of = len(written)
    for item in written:
        first = _decision_data(item.output)
        second = _decision_data(back[item.number].output) if item.number in back else {}
        if first == second:
            figures.round_trip += 1
        else:
            keys = sorted(k for k in set(first) | set(second) if first.get(k) != second.get(k))
            figures.differences.append(f"{item.source}: {', '.join(keys) or 'not re-imported'}")


def _publish(project: Path, folder: Path, figures: Figures) -> None:
    (project / "docs").mkdir()
    (project / "yaml").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: adoption\nplugins:\n  - tradeoffs:\n      decisions_dir: yaml\n"
        "      markdown_dirs: [adr]\n",
        encoding="utf-8",
    )
    for strict in (False, True):
        site = project / ("site-strict" if strict else "site")
        command = [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
            *(["--strict"] if strict else []),
        ]
        run = subprocess.run(command, capture_output=True, text=True, cwd=project)
        if "Traceback" in run.stderr:
            figures.tracebacks.append(run.stderr[run.stderr.index("Traceback") :])
        if strict:
            figures.strict_ok = run.returncode == 0
            figures.strict_warnings = [
                line for line in run.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))
            ]
            continue
        pages = [p for p in site.rglob("index.html") if re.fullmatch(r"[A-Z]+-[0-9]{4}", p.parent.name)]
        figures.published = len(pages)
        names = {p.name for p in site.rglob("*") if p.suffix.lower() in IMAGES}
        figures.images_published = sum(
            1 for p in (project / "adr").rglob("*") if p.suffix.lower() in IMAGES and p.name in names
        )


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _label(f: Figures) -> str:
    """The folder as given, relative to where the script runs when it is below it."""
    try:
        return Path(f.folder).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return Path(f.folder).name


def report(all_figures: list[Figures]) -> str:
    total = Figures(folder="all")
    for f in all_figures:
        for name in (
            "files",
            "records",
            "statuses",
            "statuses_as_written",
            "dates",
            "dates_as_written",
            "imported",
            "words",
            "words_kept",
            "round_trip",
            "round_trip_of",
            "published",
            "images",
            "images_published",
            "seconds",
            "import_words",
            "import_words_kept",
        ):
            setattr(total, name, getattr(total, name) + getattr(f, name))
        total.named.update({f"{_label(f)}/{k}": v for k, v in f.named.items()})
        total.unaccounted += f.unaccounted
        total.tracebacks += f.tracebacks
    rows = [
        "| folder | files | found (records + named) | status as written | date as written | imported "
        "| text kept | import says | round trip | published | images | strict | tracebacks | ms per record |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for f in [*all_figures, total]:
        strict = (
            "" if f.strict_ok is None else ("pass" if f.strict_ok else f"fail ({len(f.strict_warnings)})")
        )
        found = f.records + len(f.named)
        rows.append(
            f"| {_label(f)} | {f.files} | {found}/{f.files} ({f.records} + {len(f.named)}) | "
            f"{f.statuses_as_written}/{f.statuses} | {f.dates_as_written}/{f.dates} | {f.imported} | "
            f"{_share(f.words_kept, f.words)} of {f.words} words | "
            f"{_share(f.import_words_kept, f.import_words)} | "
            f"{f.round_trip}/{f.round_trip_of} | {f.published} | "
            f"{f.images_published}/{f.images} | {strict} | {len(f.tracebacks)} | "
            f"{1000 * f.seconds / max(1, f.records):.0f} |"
        )
    lines = [*rows, ""]
    for f in all_figures:
        name = _label(f)
        lines += [f"named: {name}/{file}: {reason}" for file, reason in f.named.items()]
        lines += [f"unaccounted: {name}/{file}" for file in f.unaccounted]
        lines += [f"as written? {name}/{d}" for d in f.written_differs]
        for file, words in f.missing.items():
            lines.append(f"not kept: {file}: {' '.join(words[:30])}{' ...' * (len(words) > 30)}")
        lines += [f"round trip differs: {d}" for d in f.differences]
        lines += [f"strict: {name}: {w}" for w in f.strict_warnings]
        lines += [f"traceback: {name}:\n{t}" for t in f.tracebacks]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--no-build", action="store_true", help="skip the mkdocs builds")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    results: list[Figures] = []
    with tempfile.TemporaryDirectory(prefix="tradeoffs-adoption-") as tmp:
        for n, folder in enumerate(args.folders):
            work = Path(tmp) / str(n)
            work.mkdir()
            results.append(measure(folder.resolve(), work, build=not args.no_build))
    if args.json:
        print(json.dumps([asdict(f) for f in results], indent=2))
    else:
        print(report(results))
    return 1 if any(f.tracebacks for f in results) else 0


if __name__ == "__main__":
    sys.exit(main())
