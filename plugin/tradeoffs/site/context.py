"""What the overview page templates see: `page`, one of the dataclasses below.

This is the public contract for a team's own `templates/site/*.md.j2`: fields are added, never
renamed or removed without a note in the changelog. Every `*_html` field and `table` is a
placeholder for an HTML block the site makes (`site_page.Blocks`): print it on a line of its
own, or leave it out and write the page from the data beside it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from tradeoffs.core.model import Framework
from tradeoffs.site.layout import SiteLayout


@dataclass(frozen=True)
class DecisionRef:
    """A decision as an overview page names it."""

    id: str
    number: int
    title: str
    status: str
    page: str
    """Its page, relative to the docs root: `page.link(ref.page)` links to it."""


@dataclass(frozen=True)
class DecisionRow(DecisionRef):
    """A decision as a table row: what the decision log shows of it."""

    framework: str = ""
    """The framework's title (or the id the decision names, when no such framework exists)."""
    framework_page: str | None = None
    chosen: tuple[str, ...] = ()
    """Titles of the chosen options."""
    date: str = ""
    tags: tuple[str, ...] = ()
    fields: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    """The team's own fields the decision fills (plugin option `fields`), by name."""
    deciders: tuple[str, ...] = ()


@dataclass(frozen=True)
class OverviewPage:
    """What every overview page template sees as `page`."""

    path: str
    """The page's path, relative to the docs root."""
    title: str
    layout: SiteLayout

    def link(self, to_page: str, anchor: str = "") -> str:
        """A relative Markdown link from this page to another generated page."""
        return self.layout.link(self.path, to_page) + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class ListingPage(OverviewPage):
    """The decision log, a status page or a tag page: decisions and their table."""

    decisions: list[DecisionRow] = field(default_factory=list)
    table: str = ""
    """The decisions as the site's sortable, filterable HTML table."""
    status: str = ""
    """On a status page, the status it lists."""
    tag: str = ""
    """On a tag page, the tag it lists."""
    filters: str = ""
    """The placeholder of the filter controls (an HTML block placed after the page is sanitised,
    so page text cannot ask for them); empty on the static pages of rows after the first."""
    pager: str = ""
    """The placeholder of the links to the listing's other pages (empty when it has one page).
    Past `listing.PAGE_SIZE` rows, `table` holds one page of them: the first page's script
    shows any page, filtered and sorted, and each further page is a static page of rows
    (`part` of `parts`, made from `templates/site/listing-part.md.j2`) for a reader without it."""
    part: int = 1
    parts: int = 1
    first: str = ""
    """The listing's first page (the log, the status or tag page, the framework page...)."""


@dataclass(frozen=True)
class TagEntry:
    name: str
    page: str
    count: int


@dataclass(frozen=True)
class TagsPage(OverviewPage):
    tags: list[TagEntry] = field(default_factory=list)


@dataclass(frozen=True)
class FrameworkEntry:
    framework: Framework
    page: str
    count: int


@dataclass(frozen=True)
class FrameworksPage(OverviewPage):
    frameworks: list[FrameworkEntry] = field(default_factory=list)


@dataclass(frozen=True)
class FrameworkPage(OverviewPage):
    """One framework (the model's `Framework`) and the decisions that used it."""

    framework: Framework | None = None
    option_titles: dict[str, str] = field(default_factory=dict)
    """Option id -> title, for steps, criteria and the fallback."""
    decisions: list[DecisionRow] = field(default_factory=list)
    table: str = ""
    try_it: str = ""
    filters: str = ""
    """The filter controls of the decisions that used it (see `ListingPage`)."""
    pager: str = ""
    """The placeholder of the "Try it" form (an HTML block carrying the framework as data)."""


@dataclass(frozen=True)
class OpenQuestions:
    decision: DecisionRef
    questions: list[str]


@dataclass(frozen=True)
class OpenQuestionsPage(OverviewPage):
    entries: list[OpenQuestions] = field(default_factory=list)
    list_html: str = ""
    """The questions as a table a page at a time (the same block as `table`)."""
    table: str = ""
    """A table of the decisions with open questions (see `ListingPage`: a page at a time)."""
    filters: str = ""
    pager: str = ""


@dataclass(frozen=True)
class Edge:
    source: DecisionRef
    kind: str
    """supersedes or related."""
    target: DecisionRef


@dataclass(frozen=True)
class GraphGroup:
    """One diagram: whole groups of linked decisions, at most `GRAPH_GROUP_MAX` nodes (a group
    larger than that is cut, and the links across the cut are only in the list)."""

    nodes: list[DecisionRef]
    edges: list[Edge]


@dataclass(frozen=True)
class GraphPart:
    """One page of the relation graph, as the others link to it."""

    current: bool
    """It is the page being made."""
    label: str
    """`Part 2: 592 decisions`: its groups hold decisions from all over the number range."""
    href: str
    """Its address from the page being made."""


@dataclass(frozen=True)
class GraphPage(OverviewPage):
    nodes: list[DecisionRef] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    """Each pair once: a supersession, else a relation."""
    links_html: str = ""
    groups: list[GraphGroup] = field(default_factory=list)
    """The diagrams the page draws, so none is too large for Mermaid or to read."""
    statuses: list[str] = field(default_factory=list)
    """The statuses the nodes have, for the legend."""
    hrefs: dict[int, str] = field(default_factory=dict)
    """Each node's page (by decision number) as its diagram links to it (`click ... href`)."""
    parts: list[GraphPart] = field(default_factory=list)
    """Every page of the graph (one unless it has more than `GRAPH_PAGE_DIAGRAMS` diagrams)."""
    parts_html: str = ""
    """The pages of the graph as links (placeholder; empty when there is one page)."""
    all_nodes: int = 0
    """Decisions drawn on all pages of the graph."""
    all_edges: int = 0
    """Pairs drawn on all pages of the graph."""


@dataclass(frozen=True)
class HealthFinding:
    message: str
    decisions: list[DecisionRef]


@dataclass(frozen=True)
class HealthSection:
    kind: str
    """The anchor: overdue, stale-proposal, ... (`tradeoffs.health.KINDS`)."""
    title: str
    findings: list[HealthFinding]
    list_html: str = ""


@dataclass(frozen=True)
class MonthCount:
    month: str
    """YYYY-MM, or YYYY-Qn or YYYY when the decisions span too many months for one row each
    (`HealthPage.period`)."""
    counts: dict[str, int]
    """Status -> decisions dated in that period (every period from the first to the last is
    here, those without a decision too, so the time axis is even)."""


@dataclass(frozen=True)
class OptionTally:
    framework: str
    """The framework's title."""
    chosen: list[tuple[str, int]]
    """(option title, how many proposed or accepted decisions chose it), by title."""
    chart_html: str = ""


@dataclass(frozen=True)
class HealthPage(OverviewPage):
    today: _dt.date = _dt.date.min
    count: int = 0
    """How many findings in all."""
    sections: list[HealthSection] = field(default_factory=list)
    statuses: tuple[str, ...] = ()
    """Every status, in the order of the model."""
    months: list[MonthCount] = field(default_factory=list)
    period: str = "Month"
    """What one of `months` covers: Month, Quarter or Year."""
    months_html: str = ""
    """`months` as a bar chart (a table with bars, the status colours as its legend)."""
    tallies: list[OptionTally] = field(default_factory=list)
    findings_table: str = ""
    """Every finding as a table a page at a time, filterable by kind (see `ListingPage`); each
    section's `list_html` holds its first findings and says where the rest are."""
    findings_filters: str = ""
    findings_pager: str = ""
    kind_pages: dict[str, str] = field(default_factory=dict)
    """Kind -> the address (from this page) of the page of the table where its findings start."""

    @property
    def charted_statuses(self) -> list[str]:
        """The statuses some dated decision has: one line each in the chart."""
        return [s for s in self.statuses if any(m.counts[s] for m in self.months)]

    @property
    def busiest_month(self) -> int:
        """The most decisions dated in one month (the top of the chart's axis)."""
        return max((sum(m.counts.values()) for m in self.months), default=0)
