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
    filterable: bool = True
    """The first page's rows can be filtered and sorted (not the relation graph's groups)."""
    graph: str = ""
    """On a tag page, its view of the relation graph (empty when none of its decisions is linked)."""


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
    """The placeholder of the "Try it" form (an HTML block carrying the framework as data)."""
    filters: str = ""
    """The filter controls of the decisions that used it (see `ListingPage`)."""
    pager: str = ""
    graph: str = ""
    """Its view of the relation graph (empty when none of its decisions is linked)."""


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
class GraphViewEntry:
    """One view of the relation graph as the graph page lists it."""

    title: str
    """The tag, the framework's title, or a group's first decision (`ADR-0012: Title`)."""
    page: str
    linked: int
    """Its decisions that supersede or relate to another (a group: all of them)."""
    pairs: int
    """Pairs with a decision of it (a group: its pairs)."""


@dataclass(frozen=True)
class GraphPage(OverviewPage):
    """The relation graph's page: the views it is drawn in (`site.graph`), each at most
    `view_max` decisions. Past `listing.PAGE_SIZE` groups, `groups` and `groups_table` hold one
    page of them, the others are static pages of rows (`listing-part`) behind `groups_pager`."""

    frameworks: list[GraphViewEntry] = field(default_factory=list)
    tags: list[GraphViewEntry] = field(default_factory=list)
    groups: list[GraphViewEntry] = field(default_factory=list)
    """The groups of linked decisions with a view (`graph.GROUP_VIEW_MIN` and more), largest first."""
    groups_table: str = ""
    groups_pager: str = ""
    group_count: int = 0
    """Groups with a view, on every page of the table."""
    linked: int = 0
    """Decisions that supersede or relate to another."""
    pairs: int = 0
    view_max: int = 0


@dataclass(frozen=True)
class GraphView(OverviewPage):
    """One view of the relation graph: a group of linked decisions, or the linked decisions of
    a tag or a framework with their direct relations; at most `GraphPage.view_max` decisions."""

    kind: str = "group"
    """group, tag or framework."""
    name: str = ""
    """The tag, the framework's title, or the group's first decision's id."""
    nodes: list[DecisionRef] = field(default_factory=list)
    """The decisions drawn, in number order."""
    edges: list[Edge] = field(default_factory=list)
    """The pairs drawn: each pair of drawn decisions once, a supersession else a relation."""
    members: list[int] = field(default_factory=list)
    """The numbers of the drawn decisions of the tag or framework (the others are drawn as
    their neighbours, with a dashed border); every drawn decision in a group's view."""
    hrefs: dict[int, str] = field(default_factory=dict)
    """Each node's page (by decision number) as a diagram links to it (for a team's own
    Mermaid diagram: `click ... href`)."""
    direction: str = "LR"
    """`LR` or `TB`, for a team's own Mermaid diagram: the direction that draws it narrower."""
    statuses: list[str] = field(default_factory=list)
    total: int = 0
    """Decisions of the tag or framework (a group: its size)."""
    linked: int = 0
    """Of those, how many supersede or relate to another."""
    more: int = 0
    """Linked decisions of it that the view leaves out (it draws at most `view_max`)."""
    view_max: int = 0
    listing: str = ""
    """The page listing every decision of the tag or framework (empty for a group)."""
    index: str = ""
    """The relation graph's page, which lists every view."""
    links_html: str = ""
    """Every pair with a drawn decision, as text links (no script needed), the pairs that lead
    out of the view too."""
    diagram: str = ""
    """The view drawn as HTML when the site is built (`adr.diagram`), a block of the page."""


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
