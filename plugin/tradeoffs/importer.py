"""Convert Markdown ADRs (see `markdown_adr`) into decision YAML files, once and for good.

What maps: title, status, date, deciders, tags, context (and decision drivers), the decision
(MADR's considered options with their pros and cons, the chosen option and why; for Nygard and
other records without listed options, the decision itself as the one option chosen), the
consequences (bad or negative ones become accepted_costs, the rest goes into the rationale),
links, supersedes and related decisions. Everything else is reported, one line per section or
field with its file and line, and left out. Source files are never changed, and no output file
is ever overwritten: a number already taken in the output folder moves to the next free one.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import decisions as decisions_mod
from . import markdown_adr
from .decisions import slugify
from .files import boundary, create_new, escape_problem, escapes
from .markdown_adr import MarkdownADR, Section, normalise, plain
from .problems import Problem, error, warning
from .scaffold import modeline

CONTEXT = {"context", "context and problem statement", "problem statement", "background",
           "context and problem", "problem"}
DRIVERS = {"decision drivers", "drivers"}
OPTIONS = {"considered options", "options", "options considered"}
OUTCOME = {"decision outcome", "decision", "outcome"}
PROS_CONS = {"pros and cons of the options", "pros and cons"}
GOOD = {"positive consequences", "good consequences"}
BAD = {"negative consequences", "bad consequences"}
NEUTRAL = {"neutral consequences"}
CONSEQUENCES = {"consequences"}
CONFIRMATION = {"confirmation", "validation"}
LINKS = {"links", "more information", "related decisions", "related adrs", "references"}
STATUS = {"status"}
REQUIRES_CHOICE = ("accepted", "deprecated", "superseded")

_CHOSEN = re.compile(r"^\s*Chosen option\s*:\s*(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
_QUOTED = re.compile(r"^[\"“”'](?P<name>[^\"“”]+)[\"“”']\s*,?\s*(?P<after>.*)$", re.DOTALL)
_GOOD_BAD = re.compile(r"^(?P<kind>good|bad|neutral)\s*,?\s*(?:because\s+)?(?P<text>.*)$", re.IGNORECASE)
_MD_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\(\s*<?(?P<url>[^)\s>]+)>?[^)]*\)")
_URL = re.compile(r"https?://\S+")


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line text, so imported prose stays readable in review."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000,
                     default_flow_style=False)


@dataclass
class Imported:
    source: str
    output: Path
    number: int


@dataclass
class ImportReport:
    written: list[Imported] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _clean(text: str) -> str:
    """Text for a YAML block: no trailing spaces (they force quoted style), no blank runs."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _item_text(text: str) -> str:
    return " ".join(text.split()).rstrip()


@dataclass
class _Mapping:
    """One record's data being built, and what could not be mapped."""

    rec: MarkdownADR
    data: dict[str, Any] = field(default_factory=dict)
    unmapped: list[Problem] = field(default_factory=list)
    options: list[dict[str, Any]] = field(default_factory=list)
    chosen: str | None = None
    rationale: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    costs: list[str] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)

    def skip(self, line: int, what: str) -> None:
        self.unmapped.append(warning(self.rec.file, line, 1, f"not imported: {what}"))

    def option(self, title: str, *, add: bool = True) -> dict[str, Any] | None:
        """The option with this title (or one it starts with); added when `add` and missing."""
        key = normalise(title)
        for option in self.options:
            other = normalise(option["title"])
            if key == other:
                return option
        for option in self.options:
            other = normalise(option["title"])
            if key and other and (other.startswith(key) or key.startswith(other)):
                return option
        if not add:
            return None
        taken = {o["id"] for o in self.options}
        base = slugify(plain(title), 40)
        option_id, n = base, 2
        while option_id in taken:
            option_id, n = f"{base}-{n}", n + 1
        option = {"id": option_id, "title": plain(title)}
        self.options.append(option)
        return option


def map_record(rec: MarkdownADR, numbers: dict[int, int], prefix: str) -> _Mapping:
    """The decision data for one record; `numbers` maps source numbers to output numbers."""
    m = _Mapping(rec)
    for section in rec.sections:
        _map_section(m, section)
    data = m.data
    data["title"] = rec.title
    data["status"] = rec.status
    date = rec.date or rec.file_date
    if date is None:
        date = _dt.date.today()
        m.skip(rec.title_line, f"no date in the record; dated today ({date.isoformat()})")
    data["date"] = date
    if rec.deciders:
        data["deciders"] = list(rec.deciders)
    for name, (value, line) in rec.fields.items():
        if name in rec.consumed:
            continue
        if name == "technical story":
            url = _URL.search(str(value))
            if url:
                m.links.append({"title": "Technical story", "url": url[0].rstrip(").,")})
                continue
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        m.skip(line, f"field '{name}' ({shown}) has no place in a decision file")
    if m.context:
        data["context"] = _clean("\n\n".join(m.context))
    if m.chosen is None and (rec.status in REQUIRES_CHOICE or m.rationale):
        # the record states what was decided without listing options: that is the one option
        if m.options:
            m.skip(rec.title_line, "no 'Chosen option: \"...\"' line names one of the considered "
                   "options; the record's title is recorded as the option chosen")
        m.chosen = m.option(rec.title)["id"]  # type: ignore[index]
    if m.options:
        data["options"] = [_option_data(o) for o in m.options]
    if m.chosen is not None:
        data["chosen"] = m.chosen
    if m.rationale:
        data["rationale"] = _clean("\n\n".join(m.rationale))
    if m.costs:
        data["accepted_costs"] = list(dict.fromkeys(m.costs))
    refs = [numbers.get(n, n) for n in rec.supersedes]
    if refs:
        data["supersedes"] = [f"{prefix}-{n:04d}" for n in refs]
    related = [numbers.get(n, n) for n in rec.related if n not in rec.supersedes]
    if related:
        data["related"] = [f"{prefix}-{n:04d}" for n in related]
    if rec.tags:
        data["tags"] = list(dict.fromkeys(rec.tags))
    if m.links:
        unique = {(link["title"], link["url"]): link for link in m.links}
        data["links"] = list(unique.values())
    return m


def _option_data(option: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": option["id"], "title": option["title"]}
    for key in ("summary", "pros", "cons"):
        if option.get(key):
            out[key] = option[key]
    return out


def _map_section(m: _Mapping, section: Section) -> None:
    key = section.key
    if key in STATUS:
        return  # read as the status and its links
    if key in CONTEXT:
        if section.text.strip():
            m.context.append(section.text)
        for child in section.children:
            m.skip(child.line, f"section '{child.title}' inside the context")
    elif key in DRIVERS:
        items = section.items()
        if items:
            m.context.append("Decision drivers:\n\n" + "\n".join(f"- {t}" for t, _ in items))
        elif section.text.strip():
            m.context.append(section.text)
    elif key in OPTIONS:
        for text, _line in section.items():
            m.option(text)
        if section.paragraphs():
            m.skip(section.text_line, f"text of section '{section.title}' outside its list")
    elif key in OUTCOME:
        _map_outcome(m, section)
    elif key in PROS_CONS:
        for child in section.children:
            _map_pros_cons(m, child)
        if section.text.strip():
            m.skip(section.text_line, f"text of section '{section.title}' above the options")
    elif key in CONSEQUENCES | GOOD | BAD | NEUTRAL:
        _map_consequences(m, section, key)
    elif key in CONFIRMATION:
        if section.text.strip():
            m.rationale.append(f"Confirmation: {section.text.strip()}")
    elif key in LINKS:
        _map_links(m, section)
    else:
        m.skip(section.line, f"section '{section.title}' (no field for it)")


def _map_outcome(m: _Mapping, section: Section) -> None:
    text = section.text.strip()
    match = _CHOSEN.match(text)
    if match:
        rest = match["rest"].strip()
        quoted = _QUOTED.match(rest)
        if quoted:
            name, after = quoted["name"], quoted["after"]
        else:
            name, _, after = rest.partition(",")
            name = name.strip().split("\n")[0]
        after = re.sub(r"^because\s*", "", after.strip(), flags=re.IGNORECASE)
        option = m.option(name.strip("* "))
        assert option is not None
        m.chosen = option["id"]
        if after.strip():
            m.rationale.append(after.strip()[0].upper() + after.strip()[1:])
    elif text:
        m.rationale.append(text)
    for child in section.children:
        key = child.key
        if key in CONSEQUENCES | GOOD | BAD | NEUTRAL:
            _map_consequences(m, child, key)
        elif key in CONFIRMATION:
            if child.text.strip():
                m.rationale.append(f"Confirmation: {child.text.strip()}")
        else:
            m.skip(child.line, f"section '{child.title}' inside the decision outcome")


def _map_consequences(m: _Mapping, section: Section, key: str) -> None:
    items = section.items()
    good: list[str] = []
    neutral: list[str] = []
    plain_items: list[str] = []
    for text, _line in items:
        kind = "bad" if key in BAD else "good" if key in GOOD else "neutral" if key in NEUTRAL else ""
        match = _GOOD_BAD.match(text)
        if match and key in CONSEQUENCES | NEUTRAL:
            kind, text = match["kind"].lower(), match["text"]
        text = _item_text(text)
        if not text:
            continue
        text = text[0].upper() + text[1:]
        if kind == "bad":
            m.costs.append(text)
        elif kind == "good":
            good.append(text)
        elif kind == "neutral":
            neutral.append(text)
        else:
            plain_items.append(text)
    if plain_items:
        m.rationale.append("Consequences:\n\n" + "\n".join(f"- {t}" for t in plain_items))
    if good:
        m.rationale.append("Good consequences:\n\n" + "\n".join(f"- {t}" for t in good))
    if neutral:
        m.rationale.append("Neutral consequences:\n\n" + "\n".join(f"- {t}" for t in neutral))
    prose = section.paragraphs()
    if prose:
        m.rationale.append(f"Consequences: {prose}" if key in CONSEQUENCES else prose)
    for child in section.children:
        m.skip(child.line, f"section '{child.title}' inside the consequences")


def _map_pros_cons(m: _Mapping, section: Section) -> None:
    option = m.option(section.title)
    assert option is not None
    for text, line in section.items():
        match = _GOOD_BAD.match(text)
        if match is None:
            m.skip(line, f"'{_item_text(text)}' under option '{section.title}' (neither good nor bad)")
            continue
        kind, said = match["kind"].lower(), _item_text(match["text"])
        if not said:
            continue
        said = said[0].upper() + said[1:]
        if kind == "good":
            option.setdefault("pros", []).append(said)
        elif kind == "bad":
            option.setdefault("cons", []).append(said)
        else:
            m.skip(line, f"neutral point '{said}' on option '{section.title}'")
    summary = section.paragraphs()
    if summary:
        option["summary"] = _clean(summary)


def _map_links(m: _Mapping, section: Section) -> None:
    lines = section.text.splitlines()
    for i, raw in enumerate(lines):
        text = raw.strip()
        if not text:
            continue
        if markdown_adr._relation(text, 0) is not None:
            continue  # supersedes and related links are read with the record
        found = False
        for link in _MD_LINK.finditer(text):
            if urlsplit(link["url"]).scheme in ("http", "https", "mailto"):
                m.links.append({"title": plain(link["text"]), "url": link["url"]})
                found = True
        if not found:
            m.skip(section.text_line + i, f"'{_item_text(plain(text))[:80]}' in section "
                   f"'{section.title}' (only web links and decision references are imported)")


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


@dataclass
class _Plan:
    rec: MarkdownADR
    number: int


def import_dir(source: Path, out: Path, *, display: Callable[[Path], str], prefix: str = "ADR",
               root: Path | None = None, schema_ref: str | None = None) -> ImportReport:
    """Import every Markdown ADR in `source` into decision files in `out`; with `root`, a file
    or folder that links out of the project is refused (see `files.confine`); `schema_ref` is
    the schema the files' modeline names (none without one)."""
    report = ImportReport()
    if root is not None and (outside := escapes(out, boundary(out, root))) is not None:
        report.problems.append(escape_problem(out, outside, root, "decisions folder"))
        return report
    out.mkdir(parents=True, exist_ok=True)
    in_out = {decisions_mod._number(p) for p in out.iterdir()
              if p.is_file() and decisions_mod.FILE_NAME.match(p.name)}
    found = markdown_adr.load_dirs([source], display=display, prefix=prefix, taken=in_out, root=root)
    report.problems += found.problems
    done = _already_imported(out)
    plans: list[_Plan] = []
    for rec, _d, _doc in found.decisions:
        if rec.file in done:
            report.problems.append(warning(rec.file, 1, 1, f"already imported as {display(done[rec.file])}"
                                           "; left as it is"))
        elif rec.damaged:
            report.problems.append(error(rec.file, 1, 1, "not imported: fix the errors above and "
                                         "import it again"))
        elif rec.number is not None:
            plans.append(_Plan(rec, rec.number))
    wanted = {plan.number for plan in plans}
    used = set(in_out)
    numbers: dict[int, int] = {}
    top = max(used | wanted, default=0)
    for plan in sorted(plans, key=lambda p: p.number):
        if plan.number in used:
            top += 1
            report.problems.append(warning(plan.rec.file, 1, 1, f"number {plan.number} is taken in "
                                           f"{display(out)}; imported as {top}"))
            numbers[plan.number] = top
            plan.number = top
        else:
            numbers[plan.number] = plan.number
        used.add(plan.number)
    for plan in sorted(plans, key=lambda p: p.number):
        rec = plan.rec
        mapped = map_record(rec, numbers, prefix)
        report.problems += mapped.unmapped
        header = modeline(schema_ref) + f"# Imported from {rec.file} ({rec.format}) by `tradeoffs import`.\n"
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
                report.problems.append(warning(rec.file, 1, 1, f"{display(path)} appeared while "
                                               f"importing; imported as {number}"))
        else:  # pragma: no cover - a folder with a thousand racing writers
            report.problems.append(error(rec.file, 1, 1, "could not find a free file name"))
            continue
        report.written.append(Imported(rec.file, path, number))
    return report
