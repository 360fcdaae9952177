"""What search indexes of an ADR page: what its authors wrote, not the framework's text, and
the keywords a reader types to find it (its id, status, framework, chosen options and tags).

A thousand decisions that use one framework restate its questions, options and costs; the
framework's own page indexes that text once.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from tradeoffs.core.model import Evaluation
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


# --- keywords ---------------------------------------------------------------------------------

KEYWORDS_CLASS = "adr-search-keywords"
"""The class of the keywords paragraph on each ADR page: indexed by search, hidden by the
plugin's stylesheet (`tradeoffs-search.css`); not `tradeoffs-`, a prefix the
sanitiser keeps for the plugin's own scripts."""


@dataclass(frozen=True)
class Facets:
    """What a decision is found and filtered by besides its text: the same on its page's hidden
    keywords (both search engines) and in Pagefind's filters."""

    id: str
    short_id: str
    status: str
    framework: str | None
    chosen: tuple[str, ...]
    chosen_titles: tuple[str, ...]
    tags: tuple[str, ...]

    def filters(self) -> dict[str, list[str]]:
        """Pagefind's filters: each name with its values (none for an empty one)."""
        found = {
            "status": [self.status],
            "framework": [self.framework] if self.framework else [],
            "chosen": list(self.chosen),
            "tag": list(self.tags),
        }
        return {name: values for name, values in found.items() if values}

    def words(self) -> list[str]:
        """The keywords, each once, in the order a reader would list them."""
        out: list[str] = []
        for word in (
            self.id,
            self.short_id,
            self.status,
            self.framework or "",
            *self.chosen,
            *self.chosen_titles,
            *self.tags,
        ):
            if word and word not in out:
                out.append(word)
        return out


def decision_facets(ev: Evaluation) -> Facets:
    """The decision's id in both forms, status, framework id, chosen options (ids and titles)
    and tags."""
    d = ev.decision
    return Facets(
        id=d.id,
        short_id=d.short_id,
        status=d.status,
        framework=d.framework,
        chosen=tuple(d.chosen),
        chosen_titles=tuple(ev.option_title(c) for c in d.chosen),
        tags=tuple(d.tags),
    )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~^-])")


def keywords_paragraph(facets: Facets) -> str:
    """A Markdown paragraph of the keywords, classed so the stylesheet hides it.

    Search engines index the text of the page, and a reader types `superseded`, a framework's
    id (`cache-vs-recompute`), an option's id or a tag: the page's visible first line gives
    titles, not ids. Escaped, so no word is read as Markdown or linked as a mention.
    """
    text = " · ".join(_MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(w, quote=False)) for w in facets.words())
    return f"{text}\n{{: .{KEYWORDS_CLASS} }}"


_HEADING_START = re.compile(r"^#{2,6}[ \t]")


def with_keywords(markdown: str, paragraph: str) -> str:
    """`paragraph` placed at the end of the page's first section (before its first subheading),
    so it joins the text search shows for the page itself rather than for a section."""
    lines = markdown.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        fenced = FENCE.match(line) if line[:1] in _MAY_OPEN else None
        if fence is not None:
            if fenced and fenced["fence"].startswith(fence):
                fence = None
        elif fenced:
            fence = fenced["fence"]
        elif _HEADING_START.match(line):
            return "\n".join([*lines[:i], paragraph, "", *lines[i:]])
    return f"{markdown.rstrip()}\n\n{paragraph}\n"


_DIAGRAM = re.compile(r'<pre class="mermaid"(?![^>]*data-search-exclude)')
"""A Mermaid fence's `<pre>` (the sanitiser keeps the class on `<pre>` only)."""


def exclude_diagrams(page_html: str) -> str:
    """The page's Mermaid diagrams marked `data-search-exclude`: their source (`classDef
    status_accepted fill:#2e7d32`, node ids) is the same on every page that draws one and
    would fill search snippets; the decisions they name are linked in the text beside them.
    With a value, so Material's search plugin removes the attribute again once it has read the
    page (it removes only `data-search-*` attributes that have one)."""
    if '<pre class="mermaid"' not in page_html:
        return page_html

    def mark(match: re.Match[str]) -> str:
        # Not a diagram that holds another <pre> (raw HTML can): Material's search parser
        # compares elements by tag alone and crashes on an excluded <pre> inside a <pre>.
        # Searching only up to the next <pre> keeps this linear in the page's size.
        start = match.end()
        following = page_html.find("<pre", start)
        end = page_html.find("</pre>", start, following if following >= 0 else len(page_html))
        return match[0] + ' data-search-exclude="diagram"' if end >= 0 else match[0]

    return _DIAGRAM.sub(mark, page_html)


# --- the readers' side ------------------------------------------------------------------------

SCRIPT = "tradeoffs-search.js"
STYLESHEET = "tradeoffs-search.css"
_CONFIG_MARK = re.compile(r"/\*tradeoffs:config\*/\{[^}]*\}")


def search_script(source: str, *, prefix: str, engine: str) -> str:
    """The search script with the site's settings in place of its defaults: the id prefix its
    query rewriting looks for, and the engine whose search box it serves."""
    config = json.dumps({"prefix": prefix, "engine": engine})
    replaced, count = _CONFIG_MARK.subn(lambda _: "/*tradeoffs:config*/" + config, source, count=1)
    if count != 1:
        raise ValueError(f"{SCRIPT} has lost its /*tradeoffs:config*/ marker")
    return replaced
