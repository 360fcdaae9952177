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
import functools
import html
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from tradeoffs.adoption import EXPORTED_DECISION
from tradeoffs.core import adr_status, markdown_adr, markdown_lists
from tradeoffs.core import decisions as decisions_mod
from tradeoffs.core.decisions import slugify
from tradeoffs.core.files import boundary, create_new, escape_problem, escapes
from tradeoffs.core.markdown_adr import MarkdownADR, Section, names, normalise, plain
from tradeoffs.core.problems import Problem, error, warning
from tradeoffs.core.references import parse_reference
from tradeoffs.workflow.scaffold import modeline

CONTEXT = {
    "context",
    "context and problem statement",
    "problem statement",
    "background",
    "context and problem",
    "problem",
}
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
OPEN_QUESTIONS = {"open questions"}
ACCEPTED = {"what we accept"}
REQUIRES_CHOICE = ("accepted", "deprecated", "superseded")

_CHOSEN = re.compile(r"^\s*[*_]*Chosen option[*_]*\s*:?[*_]*\s*(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
_WORDS = re.compile(r"[^\W_]+")
_ESCAPABLE = set("\\`*_{}[]()#+-.!|<>")
_BULLET = re.compile(r"^\s{0,3}(?:[-*+]|[0-9]+[.)])\s+")
_QUOTED = re.compile(r"^[\"“”'](?P<name>[^\"“”]+)[\"“”']\s*,?\s*(?P<after>.*)$", re.DOTALL)
_GOOD_BAD = re.compile(r"^(?P<kind>good|bad|neutral)\s*,?\s*(?:because\s+)?(?P<text>.*)$", re.IGNORECASE)
_MD_LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\(\s*<?(?P<url>[^)\s>\[\]]++)>?[^)\[\]]*\)")
"""Linear: the address is taken whole (`++`) and no part reads past a bracket, where the next
attempt starts."""
_URL = re.compile(r"https?://\S+")


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


def _clean(text: str) -> str:
    """Text for a YAML block: no trailing spaces (they force quoted style), no blank runs."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return markdown_lists.for_python_markdown(re.sub(r"\n{3,}", "\n\n", "\n".join(lines)))


def _item_text(text: str) -> str:
    return " ".join(text.split()).rstrip()


def _unescape(text: str) -> str:
    """Text as written before an export escaped it for Markdown (`\\*`, `&amp;`)."""
    return html.unescape(_ESCAPED.sub(r"\1", text))


def _section_text(section: Section, level: int | None = None) -> str:
    """A section's own text and its subsections, headings included, as Markdown."""
    parts = [section.text.strip()] if section.text.strip() else []
    for child in section.children:
        parts.append(_embedded(child, (level or section.level) + 1))
    return "\n\n".join(parts)


def _embedded(section: Section, level: int) -> str:
    """A section kept inside a text field under its own heading (never above level 3)."""
    level = min(6, max(3, level))
    body = _section_text(section, level)
    return f"{'#' * level} {section.title}" + (f"\n\n{body}" if body else "")


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
    decided: bool = False
    """The decision's section has been read: text that follows belongs to the rationale."""
    pros_cons_titles: list[str] = field(default_factory=list)
    words_lost: int = 0
    titles: _Titles | None = None
    """The options' normalised titles, for `option` (made again when they change)."""
    ids: set[str] | None = None

    def skip(self, line: int, what: str, text: str = "") -> None:
        self.unmapped.append(warning(self.rec.file, line, 1, f"not imported: {what}"))
        self.words_lost += len(_WORDS.findall(text))

    def keep(self, text: str) -> None:
        """Text with no field of its own: kept in the context, or after the decision in the rationale."""
        if text.strip():
            (self.rationale if self.decided else self.context).append(text.strip())

    def option(self, title: str, *, add: bool = True) -> dict[str, Any] | None:
        """The option with this title (or one it starts with); added when `add` and missing.
        The earliest such option, found in one walk of the title (`_Titles`)."""
        if self.titles is None or self.titles.count != len(self.options):
            self.titles = _Titles()  # the options' titles changed (`_settle_options`)
            for option in self.options:
                self.titles.add(normalise(option["title"]))
        found = self.titles.find(normalise(title))
        if found is not None:
            return self.options[found]
        if not add:
            return None
        if self.ids is None or len(self.ids) != len(self.options):
            self.ids = {o["id"] for o in self.options}
        option_id = _free_id(slugify(plain(title), 40), self.ids)
        option = {"id": option_id, "title": plain(title), "raw": title}
        self.options.append(option)
        self.ids.add(option_id)
        self.titles.add(normalise(option["title"]))
        return option


class _Titles:
    """Texts in a trie of their characters, by the order they were added: the earliest that
    equals a text, starts with it or that it starts with is one walk of the text away
    (comparing each option's title with every earlier one was quadratic in the options)."""

    def __init__(self) -> None:
        self.count = 0
        self.exact: dict[str, int] = {}
        self.children: dict[tuple[int, str], int] = {}
        self.first: list[int] = [0]
        """Node -> the earliest text through it (the root's is unused)."""
        self.ends: dict[int, int] = {}
        """Node -> the earliest text that ends there."""

    def add(self, text: str) -> None:
        index, self.count = self.count, self.count + 1
        self.exact.setdefault(text, index)
        if not text:
            return
        node = 0
        for char in text:
            child = self.children.get((node, char))
            if child is None:
                child = self.children[node, char] = len(self.first)
                self.first.append(index)
            node = child
        self.ends.setdefault(node, index)

    def find(self, text: str) -> int | None:
        """The earliest text equal to `text`, else the earliest (not empty) that starts with
        it or that it starts with."""
        if text in self.exact:
            return self.exact[text]
        if not text:
            return None
        best: int | None = None
        node = 0
        for char in text:
            child = self.children.get((node, char))
            if child is None:
                return best
            node = child
            if node in self.ends and (best is None or self.ends[node] < best):
                best = self.ends[node]  # a text that `text` starts with
        return self.first[node] if best is None else min(best, self.first[node])

    def ends_along(self, text: str) -> list[tuple[int, int]]:
        """(length, earliest text of that length) for every text that `text` starts with."""
        out: list[tuple[int, int]] = []
        node = 0
        for length, char in enumerate(text, 1):
            child = self.children.get((node, char))
            if child is None:
                break
            node = child
            if node in self.ends:
                out.append((length, self.ends[node]))
        return out


def _preamble(rec: MarkdownADR) -> str:
    """The text under the title, without what an export adds there (its status line, banner)."""
    text = rec.preamble
    if "adr" in rec.fields:  # a page `tradeoffs export` wrote
        kept: list[str] = []
        admonition = False
        for line in text.splitlines():
            if line.startswith("!!! "):
                admonition = True
                continue
            if admonition and (line.startswith("    ") or not line.strip()):
                continue
            admonition = False
            if not line.startswith('<span class="adr-status'):
                kept.append(line)
        text = "\n".join(kept)
    return text.strip()


EXPORT_FIELDS = {"adr", "chosen", "framework", "title", EXPORTED_DECISION}
"""Front matter an export writes that the record itself already says (the title, the choice)."""
SITE_FIELDS = {
    "id",
    "slug",
    "sidebar_position",
    "sidebar_label",
    "nav_order",
    "parent",
    "grand_parent",
    "has_children",
    "layout",
    "permalink",
    "nav_exclude",
    "weight",
    "draft",
    "toc",
    "hide",
    "aliases",
    "redirect_from",
}
"""Front matter for the site that published the records (navigation, page ids): named, not kept."""


def _plain_value(value: Any) -> bool:
    """Text, a number or a list of them: a field a sentence can say."""
    if isinstance(value, list):
        return all(isinstance(v, str | int | float) for v in value)
    return isinstance(value, str | int | float) and not isinstance(value, bool)


CONTEXT_FIELDS = {"description", "authors", "summary"}
"""Metadata with no field of its own that is text worth keeping, at the top of the context."""


def map_record(rec: MarkdownADR, numbers: dict[int, int], prefix: str) -> _Mapping:
    """The decision data for one record; `numbers` maps source numbers to output numbers."""
    m = _Mapping(rec)
    exported = rec.fields.get(EXPORTED_DECISION)
    if exported is not None and isinstance(exported[0], dict):
        # a page of `tradeoffs export`: it carries the decision file it was made from
        rec.consumed.update(rec.fields)
        m.data = _dates_as_written(_renumber_references(dict(exported[0]), numbers, prefix))
        return m
    for name in sorted(CONTEXT_FIELDS & set(rec.fields)):
        value, _line = rec.fields[name]
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value or "")
        if shown.strip():
            m.context.append(
                shown.strip()
                if name in ("description", "summary")
                else f"{name.capitalize()}: {shown.strip()}"
            )
        rec.consumed.add(name)
    if rec.status_history and "status history" in rec.fields:
        m.context.append(
            "Status history:\n\n" + "\n".join(f"- {d}: {s}" if d else f"- {s}" for d, s in rec.status_history)
        )
    if rec.date_wording:
        m.context.append(f"Date: {rec.date_wording}")  # a month only: more honest than a day
    if rec.raw_status and (rec.status_unknown or _worded(rec.raw_status)) and not rec.status_history:
        m.context.append(f"Status: {rec.raw_status.strip()}")
    preamble = _preamble(rec)
    if preamble:
        m.context.append(preamble)
    for section in rec.sections:
        _map_section(m, section)
    _settle_options(m)
    data = m.data
    data["title"] = rec.title
    data["status"] = rec.status
    date = rec.date or rec.file_date
    if date is None:
        # the record is imported, only without its date: not a piece left out
        m.unmapped.append(
            warning(
                rec.file,
                rec.title_line,
                1,
                "imported without a date (none in the record or in git); add `date: YYYY-MM-DD` "
                "to the decision file",
            )
        )
    else:
        data["date"] = date
    if rec.deciders:
        data["deciders"] = list(rec.deciders)
    for name in ("consulted", "informed"):  # MADR 4's, fields of a decision file too
        if name in rec.fields and (people := names(rec.fields[name][0])):
            data[name] = list(people)
            rec.consumed.add(name)
    for name, (value, line) in rec.fields.items():
        if name in rec.consumed or name in EXPORT_FIELDS:
            continue
        if name == "technical story":
            url = _URL.search(str(value))
            if url:
                m.links.append({"title": "Technical story", "url": url[0].rstrip(").,>")})
            rest = _URL.sub("", str(value)).strip(" <>()[].,")
            if rest or not url:
                m.context.insert(0, f"Technical story: {str(value).strip()}")
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        if name not in SITE_FIELDS and _plain_value(value) and shown.strip():
            # the team's own field (`category: General`): kept as text, as the record says it
            m.context.insert(0, f"{name[:1].upper()}{name[1:]}: {shown.strip()}")
            continue
        m.skip(line, f"field '{name}' ({shown}) has no place in a decision file", shown)
    m.context = [c for c in m.context if c.strip()]
    if m.context:
        data["context"] = _clean(_rewrite(rec, "\n\n".join(m.context), numbers, prefix))
    if m.chosen is None and (rec.status in REQUIRES_CHOICE or m.rationale):
        # the record states what was decided without listing options: that is the one option
        if m.options:
            m.skip(
                rec.title_line,
                "no 'Chosen option: \"...\"' line names one of the considered "
                "options; the record's title is recorded as the option chosen",
            )
        m.chosen = m.option(rec.title)["id"]  # type: ignore[index]
    if m.options:
        data["options"] = [_option_data(o, lambda t: _rewrite(rec, t, numbers, prefix)) for o in m.options]
    if m.chosen is not None:
        data["chosen"] = m.chosen
    rationale = _clean(_rewrite(rec, _without_summary(m), numbers, prefix))
    if rationale:
        data["rationale"] = rationale
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


def _date_or_text(value: Any) -> Any:
    try:
        return _dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else value
    except ValueError:
        return value


def _dates_as_written(data: dict[str, Any]) -> dict[str, Any]:
    """Dates of exported data back as dates (front matter carries them as text), so the file
    reads `date: 2026-03-02` as its author wrote it."""
    for key in ("date", "revisit_by"):
        if key in data:
            data[key] = _date_or_text(data[key])
    if isinstance(data.get("observations"), dict):
        data["observations"] = {_date_or_text(k): v for k, v in data["observations"].items()}
    return data


def _renumber_references(data: dict[str, Any], numbers: dict[int, int], prefix: str) -> dict[str, Any]:
    """`supersedes` and `related` of exported data, following decisions the import renumbered."""
    for key in ("supersedes", "related"):
        value = data.get(key)
        if value is None:
            continue
        out = []
        for item in value if isinstance(value, list) else [value]:
            number = parse_reference(item, prefix)
            out.append(item if number is None or number not in numbers else f"{prefix}-{numbers[number]:04d}")
        data[key] = out if isinstance(value, list) else out[0]
    return data


def _plain_relation(line: str) -> bool:
    """A line that only states supersedes / superseded by / related, which the record's
    relations keep; 'Amended by', 'Clarifies', 'See also' lines are kept as text too."""
    match = markdown_adr.RELATION.match(markdown_adr.plain_prefix(line))
    return match is not None and " ".join(match["rel"].lower().split()) in {
        "supersedes",
        "superseded by",
        "replaces",
        "replaced by",
        "related",
        "related to",
        "relates to",
    }


def _worded(status: str) -> bool:
    """A status written other than as ours ('On hold', 'Accepted; supersedes ADR-4')."""
    reading = adr_status.read(status)
    return reading is None or bool(reading.wording)


def _rewrite(rec: MarkdownADR, text: str, numbers: dict[int, int], prefix: str) -> str:
    """Links to other records point at their decision pages, under their imported numbers."""
    targets = {k: numbers.get(v, v) for k, v in rec.link_targets.items()}
    return markdown_adr.rewrite_links(
        MarkdownADR(
            rec.path,
            rec.file,
            rec.format,
            link_targets=targets,
            record_numbers=rec.record_numbers,
            renumbered=numbers,
        ),
        text,
        prefix,
    )


def _without_summary(m: _Mapping) -> str:
    """The rationale, without the chosen option's summary an export quotes after it."""
    text = "\n\n".join(m.rationale)
    chosen = next((o for o in m.options if o["id"] == m.chosen), None)
    if chosen and chosen.get("summary"):
        quoted = "> " + str(chosen["summary"])
        lines = text.rstrip().splitlines()
        if lines and _unescape(lines[-1].strip()) == quoted:
            text = "\n".join(lines[:-1])
    return text


def _settle_options(m: _Mapping) -> None:
    """'Title: summary' items of an exported options list become the title and its summary;
    the chosen option's cons, which an export lists again as accepted costs, are not costs twice."""
    headings = _Titles()
    for title in m.pros_cons_titles:
        headings.add(title)
    taken = {o["id"] for o in m.options}
    for option in m.options:
        raw = plain(option.get("raw", option["title"]))
        # the pros and cons headings the item starts with, followed by ': ', in their order
        found = [index for length, index in headings.ends_along(raw) if raw.startswith(": ", length)]
        if "" in headings.exact and raw.startswith(": "):
            found.append(headings.exact[""])
        for index in sorted(found):
            title = m.pros_cons_titles[index]
            if not option.get("summary"):
                written = option["raw"].strip()
                cut = written.find(": ", len(title) - 1 if written.startswith(title) else 0)
                option["summary"] = " ".join(written[cut + 2 :].split())
                old, option["title"] = option["id"], title
                taken.discard(old)
                option["id"] = _free_id(slugify(title, 40), taken)
                taken.add(option["id"])
                m.titles = m.ids = None  # `option` reads the new titles
                if m.chosen == old:
                    m.chosen = option["id"]
    if "adr" in m.rec.fields:
        chosen = next((o for o in m.options if o["id"] == m.chosen), None)
        if chosen is not None:
            m.costs = [c for c in m.costs if c not in chosen.get("cons", [])]


def _free_id(base: str, taken: set[str]) -> str:
    option_id, n = base, 2
    while option_id in taken:
        option_id, n = f"{base}-{n}", n + 1
    return option_id


def _option_data(option: dict[str, Any], rewrite: Callable[[str], str]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": option["id"], "title": option["title"]}
    for key in ("summary", "pros", "cons"):
        if option.get(key):
            out[key] = rewrite(option[key]) if key == "summary" else option[key]
    return out


def _map_section(m: _Mapping, section: Section) -> None:
    key = section.key
    if key in STATUS:
        # the first line is the status itself, unless the section is a dated status history
        # or another status section than the one the status was read from (a translation)
        read_here = section.text_line == m.rec.status_line and not m.rec.status_history
        lines = section.text.splitlines()[1 if read_here else 0 :]
        rest = "\n".join(line for line in lines if not (line.strip() and _plain_relation(line))).strip()
        if rest:
            m.keep(rest)
        for child in section.children:
            m.keep(_embedded(child, child.level))
    elif key in CONTEXT:
        m.context.append(_section_text(section))
    elif key in DRIVERS:
        text = _section_text(section)
        if text:
            m.context.append("Decision drivers:\n\n" + text)
    elif key in OPTIONS:
        for text, _line in section.items():
            _add_option(m, text)
        if section.paragraphs():
            m.keep(f"{'#' * max(3, section.level)} {section.title}\n\n{section.paragraphs()}")
        for child in section.children:
            m.keep(_embedded(child, child.level))
    elif key in OUTCOME:
        _map_outcome(m, section)
        m.decided = True
    elif key in PROS_CONS:
        for child in section.children:
            _map_pros_cons(m, child)
        if section.text.strip():
            m.keep(section.text)
    elif key in CONSEQUENCES | GOOD | BAD | NEUTRAL:
        m.decided = True
        _map_consequences(m, section, key)
    elif key in CONFIRMATION:
        text = _section_text(section)
        if text:
            m.rationale.append(f"Confirmation: {text}")
    elif key in LINKS:
        _map_links(m, section)
    elif key in OPEN_QUESTIONS:
        items = section.items()
        if items:
            m.data["open_questions"] = [_unescape(t) for t, _ in items]
        elif section.text.strip() not in ("", "None."):
            m.keep(_embedded(section, section.level))
    else:
        m.keep(_embedded(section, section.level))


def _add_option(m: _Mapping, text: str) -> None:
    for link in _MD_LINK.finditer(text):
        if text[max(0, link.start() - 1) : link.start()] in ("!", "\\") or "\\]" in link[0]:
            continue  # an image, or brackets an export escaped
        if urlsplit(link["url"]).scheme in ("http", "https"):
            m.links.append({"title": _unescape(plain(link["text"])), "url": link["url"]})
    m.option(_unescape(text))


def _chosen_name(m: _Mapping, rest: str) -> tuple[str, str]:
    """The option a 'Chosen option:' line names and what follows it, in all its spellings."""
    rest = rest.strip()
    # an option's title as listed, with any quotes and commas inside it; the longest that
    # the line starts with wins
    # (length, title, where the rest follows): the title is cut once, for the winner only, so
    # a title of many ': ' parts costs its length, not its length squared
    found: list[tuple[int, str, int]] = []
    for option in m.options:
        title = option["title"]
        for opening in _OPENINGS:
            if not rest.startswith(opening):
                continue
            for length, end in _title_ends(title, rest, len(opening)).items():
                follows = _after_title(rest, end)
                if follows is not None:
                    found.append((length, title, follows))
    if found:
        length, title, follows = max(found, key=lambda f: f[0])
        return title[:length], rest[follows:].lstrip(" ,.;:")
    quoted = _QUOTED.match(rest)
    if quoted:
        return quoted["name"], quoted["after"]
    name, sep, after = rest.partition(", because")
    if not sep:
        name, _, after = rest.partition(",")
    return name.strip().split("\n")[0].rstrip("."), after


_OPENINGS = tuple(q + e for q in ('"', "“", "") for e in ("**", "__", ""))
"""What may stand before an option's title on a 'Chosen option:' line: a quote, emphasis."""


def _title_ends(title: str, rest: str, start: int) -> dict[int, int]:
    """Where in `rest` (from `start`) the title and each of its parts before a ': ' end (an
    export lists 'Title: summary'): length of the part -> end, for the parts `rest` spells.

    One pass over the title, so a title of many ': ' costs its length, not its length squared:
    a space stands for any run of whitespace, an escapable character may carry the backslash
    an export put before it, and letters match in any case.
    """
    ends: dict[int, int] = {}
    i, j = 0, start
    while True:
        if i == len(title) or title.startswith(": ", i):
            ends[i] = j
        if i == len(title):
            return ends
        char = title[i]
        if char == " ":
            spaces, run = i, j
            while spaces < len(title) and title[spaces] == " ":
                spaces += 1
            while run < len(rest) and rest[run].isspace():
                run += 1
            if run - j < spaces - i:
                return ends
            i, j = spaces, run
            continue
        if char in _ESCAPABLE and rest.startswith("\\", j) and rest[j + 1 : j + 2].lower() == char.lower():
            j += 2
        elif rest[j : j + 1].lower() == char.lower():
            j += 1
        else:
            return ends
        i += 1


def _after_title(rest: str, end: int) -> int | None:
    """Where the text after a title starts: past closing emphasis and a quote, before a space,
    punctuation or the end; None when the title runs on into a longer word."""
    for emphasis in ("**", "__", ""):
        if not rest.startswith(emphasis, end):
            continue
        for quote in ('"', "”", ""):
            after = end + len(emphasis) + len(quote)
            if rest.startswith(quote, end + len(emphasis)) and (
                after == len(rest) or rest[after] in ",.;:" or rest[after].isspace()
            ):
                return after
    return None


def _map_outcome(m: _Mapping, section: Section) -> None:
    text = section.text.strip()
    match = _CHOSEN.match(text)
    if match:
        name, after = _chosen_name(m, match["rest"])
        after = re.sub(r"^because\s*", "", after.strip(), flags=re.IGNORECASE)
        option = m.option(_unescape(name.strip("*_ ")))
        assert option is not None
        m.chosen = option["id"]
        if after.strip():
            m.rationale.append(after.strip()[0].upper() + after.strip()[1:])
    elif text and text != "No option has been chosen yet.":
        m.rationale.append(text)
    for child in section.children:
        key = child.key
        if key in CONSEQUENCES | GOOD | BAD | NEUTRAL:
            _map_consequences(m, child, key)
        elif key in CONFIRMATION:
            body = _section_text(child)
            if body and not (body.startswith("Revisit this decision by") and "adr" in m.rec.fields):
                m.rationale.append(f"Confirmation: {body}")
        else:
            m.rationale.append(_embedded(child, child.level))


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
        if child.key in ACCEPTED:  # an export's list of accepted costs
            m.costs += [_unescape(_item_text(t)) for t, _ in child.items()]
            rest = child.paragraphs()
            if rest and rest != "Nothing recorded.":
                m.keep(rest)
        else:
            m.rationale.append(_embedded(child, child.level))


def _map_pros_cons(m: _Mapping, section: Section) -> None:
    title = _unescape(section.title)
    m.pros_cons_titles.append(plain(title))
    option = m.option(title)
    assert option is not None
    notes: list[str] = []
    for text, _line in section.items():
        match = _GOOD_BAD.match(text)
        said = _unescape(_item_text(match["text"])) if match else ""
        if match is None or match["kind"].lower() == "neutral" or not said:
            if _item_text(text) != "Nothing recorded.":
                notes.append(_item_text(text))
            continue
        said = said[0].upper() + said[1:]
        option.setdefault("pros" if match["kind"].lower() == "good" else "cons", []).append(said)
    summary = " ".join([section.paragraphs(), *notes, *(_section_text(c) for c in section.children)]).strip()
    if summary:
        option["summary"] = " ".join(summary.split())


def _map_links(m: _Mapping, section: Section) -> None:
    lines = section.text.splitlines()
    kept: list[str] = []
    for raw in lines:
        text = raw.strip()
        if not text:
            if kept and kept[-1]:
                kept.append("")
            continue
        if _plain_relation(text):
            continue  # supersedes and related links are read with the record
        if "adr" in m.rec.fields and re.match(r"^[-*+]\s+Revisit by ", text):
            continue  # an export's line for revisit_by
        only = _BULLET.sub("", text, count=1).strip()
        link = _MD_LINK.fullmatch(only)
        auto = re.fullmatch(r"<(https?://[^>\s]+)>", only) or re.fullmatch(r"(https?://\S+)", only)
        if link and urlsplit(link["url"]).scheme in ("http", "https", "mailto"):
            m.links.append({"title": _unescape(plain(link["text"])) or link["url"], "url": link["url"]})
        elif auto:
            m.links.append({"title": auto[1], "url": auto[1]})
        else:
            kept.append(raw.rstrip())
    text = "\n".join(kept).strip()
    children = [_embedded(c, c.level) for c in section.children]
    if text or children:
        body = "\n\n".join(([text] if text else []) + children)
        m.rationale.append(f"{'#' * max(3, section.level)} {section.title}\n\n{body}")


def _place_files(
    rec: MarkdownADR, text: str, docs_dir: Path, url_prefix: str, m: _Mapping, display: Callable[[Path], str]
) -> str:
    """Links and images to files beside the record point where the site publishes them."""
    pages = docs_dir / url_prefix

    def replace(match: re.Match[str]) -> str:
        url = match["url"]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("#", "/")) or not parts.path:
            return match[0]
        target = (rec.path.parent / unquote(parts.path)).resolve()
        if not target.is_file() or target.suffix.lower() in markdown_adr.SUFFIXES:
            return match[0]  # gone, or a page rather than a file
        if not markdown_adr.inside(target, docs_dir.resolve()):
            copy = pages / target.name
            n = 2
            while copy.exists() and copy.read_bytes() != target.read_bytes():
                copy, n = pages / f"{target.stem}-{n}{target.suffix}", n + 1
            if not copy.exists():
                pages.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(target, copy)
                m.unmapped.append(
                    warning(
                        rec.file,
                        rec.title_line,
                        1,
                        f"copied {url} to {display(copy)}, where the decision's page finds it",
                    )
                )
            target = copy.resolve()
        relative = os.path.relpath(target, pages.resolve()).replace(os.sep, "/")
        return match[0].replace(url, relative, 1)

    return markdown_adr.LOCAL_LINK.sub(replace, text)


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
    found = markdown_adr.load_dirs(
        [source], display=display, prefix=prefix, taken=in_out, root=root, status_words=status_words
    )
    report.problems += found.problems
    report.skipped = [f"{display(s.path)}: {s.reason}" for s in found.skipped]
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
            words = len(_WORDS.findall(rec.path.read_text(encoding="utf-8-sig")))
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
    for plan in sorted(plans, key=lambda p: p.number):
        rec = plan.rec
        mapped = map_record(rec, numbers, prefix)
        if docs_dir is not None:
            holders = [mapped.data, *mapped.data.get("options", [])]
            for holder, key in [(h, k) for h in holders for k in ("context", "rationale", "summary")]:
                if key in holder:
                    holder[key] = _place_files(rec, holder[key], docs_dir, url_prefix, mapped, display)
        report.problems += mapped.unmapped
        report.not_kept += [
            p
            for p in mapped.unmapped
            if "without a date" not in p.message
            and "is recorded as the option chosen" not in p.message
            and not p.message.startswith("copied ")
        ]
        report.words += len(_WORDS.findall(rec.path.read_text(encoding="utf-8-sig")))
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
