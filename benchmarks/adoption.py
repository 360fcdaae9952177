"""Measure how a folder of Markdown ADRs comes in and goes out again, before adopting the tool.

    python benchmarks/adoption.py DIR [DIR ...] [--no-build] [--json]

For each folder (and all of them together) it prints:

- records: the Markdown files the tool reads as records (README, index and template files are not);
- imported: decision files `tradeoffs import` wrote for them;
- text kept: the share of the records' words (front matter values, headings that are not
  section names, text, link targets) found in the decision files' values; the words that are
  missing are listed under the table, by file;
- round trip: decisions identical after `tradeoffs export --format markdown` and `tradeoffs
  import` of that export (same numbers, titles, statuses, dates, text, options, relations...);
- published: ADR pages `mkdocs build` made from the folder as `markdown_dirs`, and the images
  next to the records that reached the site;
- strict: whether `mkdocs build --strict` passed, and each warning it gave (file and line);
- tracebacks: Python tracebacks seen in any of the above (must be 0).

The folders are copied to a temporary project first; nothing in them is changed.
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


def _source_words(path: Path, section_names: set[str]) -> Counter[str]:
    """The words of a record that carry content: not the front matter's keys, not section names."""
    text = path.read_text(encoding="utf-8-sig")
    words: Counter[str] = Counter()
    front = _FRONT.match(text)
    if front:
        try:
            data = yaml.safe_load(front[0].strip().strip("-"))
        except yaml.YAMLError:
            data = None
        if isinstance(data, dict):
            words += _words(" ".join(_strings(list(data.values()))))
        text = text[front.end() :]
    from tradeoffs.core.markdown_adr import FIELD_NAMES, STATUS_WORDS, normalise, strip_title_number

    for line in text.splitlines():
        heading = re.match(r"^\s{0,3}(#{1,6})\s+(.*?)\s*(?:\{#[^}]*\})?\s*(?:<!--.*-->)?\s*$", line)
        if heading and normalise(heading[2]) in section_names:
            continue
        if heading and len(heading[1]) == 1:  # the title: its number is the record's number
            line = strip_title_number(heading[2])
        # syntax the import turns into structure: pros and cons, the chosen option, a known
        # status word, and the targets of links to other records (re-pointed at their pages)
        line = _SYNTAX.sub(" ", line)
        line = _RECORD_LINK.sub(lambda m: m[1], line)
        if normalise(line.strip(" -*")) in STATUS_WORDS:
            continue
        label = re.match(r"^\s{0,3}(?:[-*+]\s+)?(?:\*\*)?([A-Za-z][A-Za-z -]{0,30}?)(?:\*\*)?\s*:", line)
        if label and label[1].strip().lower() in FIELD_NAMES:
            line = line[label.end() :]
        line = re.sub(r"<!--.*?-->", " ", line)
        words += _words(line)
    return words


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [] if value is None else [str(value)]


def _decision_data(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _import(source: Path, out: Path, figures: Figures) -> list[Any]:
    from tradeoffs.adoption.importer import import_dir

    try:
        report = import_dir(source, out, display=lambda p: p.relative_to(source.parent).as_posix())
    except Exception:
        figures.tracebacks.append(traceback.format_exc())
        return []
    return report.written


def measure(folder: Path, work: Path, *, build: bool) -> Figures:
    from tradeoffs.adoption import importer
    from tradeoffs.core import markdown_adr

    figures = Figures(folder=str(folder))
    project = work / folder.name
    adr = project / "adr"
    shutil.copytree(folder, adr)
    section_names = set().union(
        *(
            getattr(importer, n)
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
    try:
        records = markdown_adr.load_dirs([adr], display=lambda p: p.relative_to(project).as_posix())
    except Exception:
        figures.tracebacks.append(traceback.format_exc())
        return figures
    figures.records = len(records.decisions)
    figures.images = sum(1 for p in adr.rglob("*") if p.suffix.lower() in IMAGES)
    written = _import(adr, project / "decisions", figures)
    figures.imported = len(written)
    by_source = {item.source: item for item in written}
    for rec, _decision, _doc in records.decisions:
        source = _source_words(rec.path, section_names)
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


def report(all_figures: list[Figures]) -> str:
    total = Figures(folder="all")
    for f in all_figures:
        for name in (
            "records",
            "imported",
            "words",
            "words_kept",
            "round_trip",
            "round_trip_of",
            "published",
            "images",
            "images_published",
        ):
            setattr(total, name, getattr(total, name) + getattr(f, name))
        total.tracebacks += f.tracebacks
    rows = [
        "| folder | records | imported | text kept | round trip | published | images | strict | tracebacks |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for f in [*all_figures, total]:
        strict = (
            "" if f.strict_ok is None else ("pass" if f.strict_ok else f"fail ({len(f.strict_warnings)})")
        )
        rows.append(
            f"| {Path(f.folder).name} | {f.records} | {f.imported} | "
            f"{_share(f.words_kept, f.words)} of {f.words} words | "
            f"{f.round_trip}/{f.round_trip_of} | {f.published} | "
            f"{f.images_published}/{f.images} | {strict} | {len(f.tracebacks)} |"
        )
    lines = [*rows, ""]
    for f in all_figures:
        for file, words in f.missing.items():
            lines.append(f"not kept: {file}: {' '.join(words[:30])}{' ...' * (len(words) > 30)}")
        lines += [f"round trip differs: {d}" for d in f.differences]
        lines += [f"strict: {Path(f.folder).name}: {w}" for w in f.strict_warnings]
        lines += [f"traceback: {Path(f.folder).name}:\n{t}" for t in f.tracebacks]
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
