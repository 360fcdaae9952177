"""A Markdown ADR as the data of a decision file (`tradeoffs import`), and what could not be
mapped, each piece with its file and line.

What maps: title, status, date, deciders, tags, context (and decision drivers), the decision
(MADR's considered options with their pros and cons, the chosen option and why; for Nygard and
other records without listed options, the decision itself as the one option chosen), the
consequences (bad or negative ones become accepted_costs, the rest goes into the rationale),
links, supersedes and related decisions. Everything else is named, one line per section or
field with its file and line.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from typing import Any

from tradeoffs.core.decisions import slugify
from tradeoffs.core.markdown_adr import lists
from tradeoffs.core.markdown_adr import status as adr_status
from tradeoffs.core.markdown_adr.metadata import names
from tradeoffs.core.markdown_adr.option_titles import Titles
from tradeoffs.core.markdown_adr.record import MarkdownADR
from tradeoffs.core.markdown_adr.section_mapping import RecordMapping, free_id, map_section, unescape
from tradeoffs.core.markdown_adr.text import plain
from tradeoffs.core.problems import warning
from tradeoffs.core.references import parse_reference

EXPORTED_DECISION = "tradeoffs-decision"
"""The front matter key of an exported page's exact text (in its sidecar, `core.export_sidecar`;
in the page itself before pages were plain MADR) that holds the decision file it was made
from, so `tradeoffs import` of an export gives back the same decision."""

REQUIRES_CHOICE = ("accepted", "deprecated", "superseded")


_URL = re.compile(r"https?://\S+")


def _clean(text: str) -> str:
    """Text for a YAML block: no trailing spaces (they force quoted style), no blank runs."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return lists.for_python_markdown(re.sub(r"\n{3,}", "\n\n", "\n".join(lines)))


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


def map_record(
    rec: MarkdownADR, numbers: dict[int, int], prefix: str, place: Callable[[str], str] = str
) -> RecordMapping:
    """The decision data for one record; `numbers` maps source numbers to output numbers, and
    `place` puts the links of a text field where the site publishes their targets (the
    importer's: `site.record_links`)."""
    m = RecordMapping(rec)
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
        map_section(m, section)
    settle_options(m)
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
        data["context"] = _clean(place("\n\n".join(m.context)))
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
        data["options"] = [_option_data(o, place) for o in m.options]
    if m.chosen is not None:
        data["chosen"] = m.chosen
    rationale = _clean(place(_without_summary(m)))
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


def _worded(status: str) -> bool:
    """A status written other than as ours ('On hold', 'Accepted; supersedes ADR-4')."""
    reading = adr_status.read(status)
    return reading is None or bool(reading.wording)


def _without_summary(m: RecordMapping) -> str:
    """The rationale, without the chosen option's summary an export quotes after it."""
    text = "\n\n".join(m.rationale)
    chosen = next((o for o in m.options if o["id"] == m.chosen), None)
    if chosen and chosen.get("summary"):
        quoted = "> " + str(chosen["summary"])
        lines = text.rstrip().splitlines()
        if lines and unescape(lines[-1].strip()) == quoted:
            text = "\n".join(lines[:-1])
    return text


def settle_options(m: RecordMapping) -> None:
    """'Title: summary' items of an exported options list become the title and its summary;
    the chosen option's cons, which an export lists again as accepted costs, are not costs twice."""
    headings = Titles()
    for title in m.pros_cons_titles:
        headings.add(title)
    taken = {o["id"] for o in m.options}
    for option in m.options:
        raw = plain(option.get("raw", option["title"]))
        # the pros and cons headings the item starts with, followed by ': ', in their order
        # (one walk of the item, not one comparison with each heading)
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
                option["id"] = free_id(slugify(title, 40), taken)
                taken.add(option["id"])
                m.titles = m.ids = None  # `RecordMapping.option` reads the new titles
                if m.chosen == old:
                    m.chosen = option["id"]
    if "adr" in m.rec.fields:
        chosen = next((o for o in m.options if o["id"] == m.chosen), None)
        if chosen is not None:
            m.costs = [c for c in m.costs if c not in chosen.get("cons", [])]


def _option_data(option: dict[str, Any], rewrite: Callable[[str], str]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": option["id"], "title": option["title"]}
    for key in ("summary", "pros", "cons"):
        if option.get(key):
            out[key] = rewrite(option[key]) if key == "summary" else option[key]
    return out
