"""What search indexes of an ADR page: what its authors wrote, not the framework's text.

A thousand decisions that use one framework restate its questions, options and costs; the
framework's own page indexes that text once.
"""

from __future__ import annotations

import re

from tradeoffs.site.mentions import FENCE

FRAMEWORK_SECTIONS = frozenset(
    {"drivers", "options", "analysis", "failure-costs", "pattern", "pros-and-cons"}
)
"""Anchors of the ADR sections that restate the framework (its questions, options, criteria,
costs and pattern): the same text on every decision that uses it."""

_HEADING_LINE = re.compile(
    r"^(?P<level>#{1,6})[ \t]+(?P<text>.*?)"
    r"(?:[ \t]*\{#(?P<id>[\w-]+)(?P<rest>[^}]*)\})?[ \t]*$"
)


_MAY_OPEN = frozenset("#`~ \t")
"""The first characters of a line that can be a heading or a code fence (`FENCE` allows
leading whitespace)."""


def skip_in_search(markdown: str, sections: frozenset[str] = FRAMEWORK_SECTIONS) -> str:
    """Mark the framework's sections (and their subsections) `data-search-exclude`.

    Search then finds a decision by what its authors wrote, not by the framework's text that a
    thousand decisions share; the framework's page indexes that text once. This kept Material's
    search index at about a third of its size (see benchmarks/RESULTS.md). `sections` are the
    anchors to skip.
    """
    out: list[str] = []
    skipping: int | None = None  # the level of the framework section being skipped
    fence: str | None = None
    for line in markdown.split("\n"):
        if line[:1] not in _MAY_OPEN:  # most lines: neither a heading nor a fence
            out.append(line)
            continue
        fenced = FENCE.match(line)
        if fence is not None:
            if fenced and fenced["fence"].startswith(fence):
                fence = None
        elif fenced:
            fence = fenced["fence"]
        elif line.startswith("#") and (match := _HEADING_LINE.match(line)):
            level = len(match["level"])
            if skipping is not None and level <= skipping:
                skipping = None
            if skipping is None and _skipped(match["id"], sections):
                skipping = level
            if skipping is not None:
                if match["id"]:
                    line = (
                        f"{match['level']} {match['text']} "
                        f"{{#{match['id']}{match['rest']} data-search-exclude}}"
                    )
                elif not match["text"].endswith("}"):
                    line = f"{line.rstrip()} {{ data-search-exclude }}"
        out.append(line)
    return "\n".join(out)


def _skipped(anchor: str | None, sections: frozenset[str]) -> bool:
    """Whether a heading's id is one of `sections`: `pattern-<option>` counts as `pattern` (a
    decision that chose several options has a pattern section for each)."""
    if anchor is None:
        return False
    return anchor in sections or (anchor.startswith("pattern-") and "pattern" in sections)
