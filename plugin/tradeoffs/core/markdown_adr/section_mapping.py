"""A record's sections mapped to the fields of a decision file: context and drivers, the
considered options with their pros and cons, the chosen option and why, consequences (bad ones
become accepted costs), confirmation and links; a section with no field of its own is kept in
the context, or after the decision in the rationale, under its own heading.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from tradeoffs.core.decisions import slugify
from tradeoffs.core.markdown_adr.chosen_option import chosen_name
from tradeoffs.core.markdown_adr.option_titles import Titles
from tradeoffs.core.markdown_adr.record import MarkdownADR, Section
from tradeoffs.core.markdown_adr.relations import RELATION
from tradeoffs.core.markdown_adr.text import BULLET, normalise, plain, plain_prefix
from tradeoffs.core.problems import Problem, warning

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


_CHOSEN = re.compile(r"^\s*[*_]*Chosen option[*_]*\s*:?[*_]*\s*(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)


_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")


WORD = re.compile(r"[^\W_]+")


_GOOD_BAD = re.compile(r"^(?P<kind>good|bad|neutral)\s*,?\s*(?:because\s+)?(?P<text>.*)$", re.IGNORECASE)


_MD_LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\(\s*<?(?P<url>[^)\s>\[\]]++)>?[^)\[\]]*\)")
"""Linear: the address is taken whole (`++`) and no part reads past a bracket, where the next
attempt starts."""


def item_text(text: str) -> str:
    return " ".join(text.split()).rstrip()


def unescape(text: str) -> str:
    """Text as written before an export escaped it for Markdown (`\\*`, `&amp;`)."""
    return html.unescape(_ESCAPED.sub(r"\1", text))


def section_text(section: Section, level: int | None = None) -> str:
    """A section's own text and its subsections, headings included, as Markdown."""
    parts = [section.text.strip()] if section.text.strip() else []
    for child in section.children:
        parts.append(embedded(child, (level or section.level) + 1))
    return "\n\n".join(parts)


def embedded(section: Section, level: int) -> str:
    """A section kept inside a text field under its own heading (never above level 3)."""
    level = min(6, max(3, level))
    body = section_text(section, level)
    return f"{'#' * level} {section.title}" + (f"\n\n{body}" if body else "")


@dataclass
class RecordMapping:
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
    titles: Titles | None = None
    """The options' normalised titles, for `option` (made again when they change)."""
    ids: set[str] | None = None

    def skip(self, line: int, what: str, text: str = "") -> None:
        self.unmapped.append(warning(self.rec.file, line, 1, f"not imported: {what}"))
        self.words_lost += len(WORD.findall(text))

    def keep(self, text: str) -> None:
        """Text with no field of its own: kept in the context, or after the decision in the rationale."""
        if text.strip():
            (self.rationale if self.decided else self.context).append(text.strip())

    def option(self, title: str, *, add: bool = True) -> dict[str, Any] | None:
        """The option with this title (or one it starts with); added when `add` and missing.
        The earliest such option, found in one walk of the title (`Titles`)."""
        if self.titles is None or self.titles.count != len(self.options):
            self.titles = Titles()  # the options' titles changed (`settle_options`)
            for option in self.options:
                self.titles.add(normalise(option["title"]))
        found = self.titles.find(normalise(title))
        if found is not None:
            return self.options[found]
        if not add:
            return None
        if self.ids is None or len(self.ids) != len(self.options):
            self.ids = {o["id"] for o in self.options}
        option_id = free_id(slugify(plain(title), 40), self.ids)
        option = {"id": option_id, "title": plain(title), "raw": title}
        self.options.append(option)
        self.ids.add(option_id)
        self.titles.add(normalise(option["title"]))
        return option


def free_id(base: str, taken: set[str]) -> str:
    option_id, n = base, 2
    while option_id in taken:
        option_id, n = f"{base}-{n}", n + 1
    return option_id


def plain_relation(line: str) -> bool:
    """A line that only states supersedes / superseded by / related, which the record's
    relations keep; 'Amended by', 'Clarifies', 'See also' lines are kept as text too."""
    match = RELATION.match(plain_prefix(line))
    return match is not None and " ".join(match["rel"].lower().split()) in {
        "supersedes",
        "superseded by",
        "replaces",
        "replaced by",
        "related",
        "related to",
        "relates to",
    }


def map_section(m: RecordMapping, section: Section) -> None:
    key = section.key
    if key in STATUS:
        # the first line is the status itself, unless the section is a dated status history
        # or another status section than the one the status was read from (a translation)
        read_here = section.text_line == m.rec.status_line and not m.rec.status_history
        lines = section.text.splitlines()[1 if read_here else 0 :]
        rest = "\n".join(line for line in lines if not (line.strip() and plain_relation(line))).strip()
        if rest:
            m.keep(rest)
        for child in section.children:
            m.keep(embedded(child, child.level))
    elif key in CONTEXT:
        m.context.append(section_text(section))
    elif key in DRIVERS:
        text = section_text(section)
        if text:
            m.context.append("Decision drivers:\n\n" + text)
    elif key in OPTIONS:
        for text, _line in section.items():
            _add_option(m, text)
        if section.paragraphs():
            m.keep(f"{'#' * max(3, section.level)} {section.title}\n\n{section.paragraphs()}")
        for child in section.children:
            m.keep(embedded(child, child.level))
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
        text = section_text(section)
        if text:
            m.rationale.append(f"Confirmation: {text}")
    elif key in LINKS:
        _map_links(m, section)
    elif key in OPEN_QUESTIONS:
        items = section.items()
        if items:
            m.data["open_questions"] = [unescape(t) for t, _ in items]
        elif section.text.strip() not in ("", "None."):
            m.keep(embedded(section, section.level))
    else:
        m.keep(embedded(section, section.level))


def _add_option(m: RecordMapping, text: str) -> None:
    for link in _MD_LINK.finditer(text):
        if text[max(0, link.start() - 1) : link.start()] in ("!", "\\") or "\\]" in link[0]:
            continue  # an image, or brackets an export escaped
        if urlsplit(link["url"]).scheme in ("http", "https"):
            m.links.append({"title": unescape(plain(link["text"])), "url": link["url"]})
    m.option(unescape(text))


def _map_outcome(m: RecordMapping, section: Section) -> None:
    text = section.text.strip()
    match = _CHOSEN.match(text)
    if match:
        name, after = chosen_name(m.options, match["rest"])
        after = re.sub(r"^because\s*", "", after.strip(), flags=re.IGNORECASE)
        option = m.option(unescape(name.strip("*_ ")))
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
            body = section_text(child)
            if body and not (body.startswith("Revisit this decision by") and "adr" in m.rec.fields):
                m.rationale.append(f"Confirmation: {body}")
        else:
            m.rationale.append(embedded(child, child.level))


def _map_consequences(m: RecordMapping, section: Section, key: str) -> None:
    items = section.items()
    good: list[str] = []
    neutral: list[str] = []
    plain_items: list[str] = []
    for text, _line in items:
        kind = "bad" if key in BAD else "good" if key in GOOD else "neutral" if key in NEUTRAL else ""
        match = _GOOD_BAD.match(text)
        if match and key in CONSEQUENCES | NEUTRAL:
            kind, text = match["kind"].lower(), match["text"]
        text = item_text(text)
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
            m.costs += [unescape(item_text(t)) for t, _ in child.items()]
            rest = child.paragraphs()
            if rest and rest != "Nothing recorded.":
                m.keep(rest)
        else:
            m.rationale.append(embedded(child, child.level))


def _map_pros_cons(m: RecordMapping, section: Section) -> None:
    title = unescape(section.title)
    m.pros_cons_titles.append(plain(title))
    option = m.option(title)
    assert option is not None
    notes: list[str] = []
    for text, _line in section.items():
        match = _GOOD_BAD.match(text)
        said = unescape(item_text(match["text"])) if match else ""
        if match is None or match["kind"].lower() == "neutral" or not said:
            if item_text(text) != "Nothing recorded.":
                notes.append(item_text(text))
            continue
        said = said[0].upper() + said[1:]
        option.setdefault("pros" if match["kind"].lower() == "good" else "cons", []).append(said)
    summary = " ".join([section.paragraphs(), *notes, *(section_text(c) for c in section.children)]).strip()
    if summary:
        option["summary"] = " ".join(summary.split())


def _map_links(m: RecordMapping, section: Section) -> None:
    lines = section.text.splitlines()
    kept: list[str] = []
    for raw in lines:
        text = raw.strip()
        if not text:
            if kept and kept[-1]:
                kept.append("")
            continue
        if plain_relation(text):
            continue  # supersedes and related links are read with the record
        if "adr" in m.rec.fields and re.match(r"^[-*+]\s+Revisit by ", text):
            continue  # an export's line for revisit_by
        only = BULLET.sub("", text, count=1).strip()
        link = _MD_LINK.fullmatch(only)
        auto = re.fullmatch(r"<(https?://[^>\s]+)>", only) or re.fullmatch(r"(https?://\S+)", only)
        if link and urlsplit(link["url"]).scheme in ("http", "https", "mailto"):
            m.links.append({"title": unescape(plain(link["text"])) or link["url"], "url": link["url"]})
        elif auto:
            m.links.append({"title": auto[1], "url": auto[1]})
        else:
            kept.append(raw.rstrip())
    text = "\n".join(kept).strip()
    children = [embedded(c, c.level) for c in section.children]
    if text or children:
        body = "\n\n".join(([text] if text else []) + children)
        m.rationale.append(f"{'#' * max(3, section.level)} {section.title}\n\n{body}")
