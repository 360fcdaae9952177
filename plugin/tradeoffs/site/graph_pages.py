"""The relation graph's pages: its page listing the views, and one page per view.

Which decisions each view draws is `site.graph`'s; this makes the pages (templates
`site/graph.md.j2` and `site/graph-view.md.j2`), for any engine (`tradeoffs pages` writes them
too). Every view is one diagram of at most `graph.VIEW_MAX` decisions, each a link to its
page, and lists its pairs as text links for a reader without scripts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tradeoffs.adr import diagram
from tradeoffs.adr import html_blocks as adr_html
from tradeoffs.adr.html_blocks import esc, ul
from tradeoffs.core.model import Evaluation
from tradeoffs.core.project import Project
from tradeoffs.site import graph
from tradeoffs.site.context import DecisionRef, Edge, GraphPage, GraphView, GraphViewEntry
from tradeoffs.site.diagrams import diagram_href
from tradeoffs.site.layout import SiteLayout
from tradeoffs.site.listing import Pages
from tradeoffs.site.page import SitePage

if TYPE_CHECKING:
    from tradeoffs.site.overview import Listed, OverviewPages


def project_relations(project: Project) -> graph.Relations:
    """Every pair of the project's linked decisions; a link to a number the project does not
    have is left out (the decision's page reports it)."""
    return graph.relations(graph.links_of(project.decisions, lambda n: project.decision(n) is not None))


def group_views(found: graph.Relations) -> dict[int, int]:
    """Group index -> the size of the group, for the groups that have a view of their own."""
    return {k: len(g) for k, g in enumerate(found.groups) if len(g) >= graph.GROUP_VIEW_MIN}


def group_pages(found: graph.Relations, project: Project, layout: SiteLayout) -> dict[int, tuple[str, int]]:
    """Decision number -> the page of its group's view and the group's size, for every
    decision whose group has a view (its page links it)."""
    out: dict[int, tuple[str, int]] = {}
    for k, size in group_views(found).items():
        first = project.decision(found.groups[k][0])
        if first is not None:
            path = layout.graph_group_page(first.id)
            out.update((n, (path, size)) for n in found.groups[k])
    return out


class GraphPages:
    """Makes the relation graph's pages with the overview pages' helpers."""

    def __init__(self, overview: OverviewPages, found: graph.Relations) -> None:
        self.overview = overview
        self.found = found
        self.refs: dict[int, DecisionRef] = {}

    def ref(self, number: int) -> DecisionRef:
        if number not in self.refs:
            d = self.overview.project.decision(number)
            assert d is not None  # `graph.links_of` keeps only decisions that exist
            self.refs[number] = self.overview.ref(d)
        return self.refs[number]

    def group_page(self, k: int) -> str:
        return self.overview.layout.graph_group_page(self.ref(self.found.groups[k][0]).id)

    def pages(self, evaluations: list[Evaluation]) -> Iterator[SitePage]:
        overview, layout, found = self.overview, self.overview.layout, self.found
        index = layout.graph_page()
        fw_members: dict[str, list[int]] = {}
        tag_members: dict[str, list[int]] = {}
        for ev in evaluations:
            d = ev.decision
            if ev.framework is not None:
                fw_members.setdefault(ev.framework.id, []).append(d.number)
            for t in d.tags:
                tag_members.setdefault(t, []).append(d.number)
        frameworks: list[GraphViewEntry] = []
        for fw in sorted(overview.project.frameworks.frameworks.values(), key=lambda f: f.title.lower()):
            members = fw_members.get(fw.id, [])
            if any(found.degree(n) for n in members):
                path = layout.graph_framework_page(fw.id)
                frameworks.append(self.entry(fw.title, path, members))
                yield self.view(path, "framework", fw.title, members, layout.framework_page(fw.id))
        tags: list[GraphViewEntry] = []
        for tag in sorted(tag_members, key=str.lower):
            members = tag_members[tag]
            if any(found.degree(n) for n in members):
                path = layout.graph_tag_page(overview.tag_slugs[tag])
                tags.append(self.entry(tag, path, members))
                yield self.view(path, "tag", tag, members, layout.tag_page(overview.tag_slugs[tag]))
        groups: list[GraphViewEntry] = []
        for k in group_views(found):
            members = found.groups[k]
            first = self.ref(members[0])
            path = self.group_page(k)
            groups.append(
                GraphViewEntry(
                    f"{first.id}: {first.title}", path, len(members), len(found.pairs_among(members))
                )
            )
            yield self.group_view(path, members)
        pages = Pages.of(index, len(groups), "groups", "Pages of the groups of linked decisions")

        def table(from_page: str, start: int, end: int) -> str:
            heads = [("Group, from its first decision", False), ("Decisions", True), ("Pairs", True)]
            rows = [
                [overview.a(from_page, g.page, esc(g.title)), f"{g.linked:,}", f"{g.pairs:,}"]
                for g in groups[start:end]
            ]
            return adr_html.table(heads, rows, skip_search=True)

        def context(listed: Listed) -> GraphPage:
            return GraphPage(
                index,
                "Relation graph",
                layout,
                frameworks,
                tags,
                groups[: pages.slices()[0][1]],  # the first page's rows
                listed.table,
                listed.pager,
                len(groups),
                len(found.neighbours),
                len(found.pairs),
                graph.VIEW_MAX,
            )

        yield from overview.listing("graph", "Relation graph", pages, None, table, context, filterable=False)

    def entry(self, title: str, path: str, members: list[int]) -> GraphViewEntry:
        linked = [n for n in members if self.found.degree(n)]
        return GraphViewEntry(title, path, len(linked), len(self.found.pairs_touching(linked)))

    def view(self, path: str, kind: str, name: str, members: list[int], listing: str) -> SitePage:
        """A tag's or a framework's view: its most linked decisions with their neighbours."""
        drawn, left = graph.around(self.found, members)
        mine = set(members)
        linked = sum(1 for n in members if self.found.degree(n))
        title = f"Relation graph: {'tag ' if kind == 'tag' else ''}{name}"
        return self.page(
            path,
            title,
            kind,
            name,
            drawn,
            [n for n in drawn if n in mine],
            len(members),
            linked,
            len(left),
            listing,
        )

    def group_view(self, path: str, members: list[int]) -> SitePage:
        drawn = graph.within(self.found, members)
        name = self.ref(members[0]).id
        return self.page(
            path,
            f"Relation graph: the group of {name}",
            "group",
            name,
            drawn,
            drawn,
            len(members),
            len(members),
            len(members) - len(drawn),
            "",
        )

    def page(
        self,
        path: str,
        title: str,
        kind: str,
        name: str,
        drawn: list[int],
        members: list[int],
        total: int,
        linked: int,
        more: int,
        listing: str,
    ) -> SitePage:
        overview, layout = self.overview, self.overview.layout
        nodes = [self.ref(n) for n in drawn]
        pairs = self.found.pairs_among(drawn)
        edges = [Edge(self.ref(p.source), p.kind, self.ref(p.target)) for p in pairs]
        # the pairs that lead out of the view too: a reader follows them to the rest
        touching = self.found.pairs_touching(drawn)
        a = overview.decision_a
        links = ul(f"{a(path, self.ref(p.source))} {p.kind} {a(path, self.ref(p.target))}" for p in touching)
        hrefs = {n.number: diagram_href(layout, path, n.page) for n in nodes}
        inside = set(members)
        boxes = [
            diagram.Box(n.number, n.id, n.title, n.status, hrefs[n.number], outside=n.number not in inside)
            for n in nodes
        ]
        drawing = diagram.draw(boxes, [diagram.Line(p.source, p.kind, p.target) for p in pairs], title)
        return overview.page(
            "graph-view",
            GraphView(
                path,
                title,
                layout,
                kind=kind,
                name=name,
                nodes=nodes,
                edges=edges,
                members=members,
                hrefs=hrefs,
                direction=graph.direction(drawn, pairs),
                statuses=sorted({n.status for n in nodes}),
                total=total,
                linked=linked,
                more=more,
                view_max=graph.VIEW_MAX,
                listing=listing,
                index=layout.graph_page(),
                links_html=overview.blocks.block(links) if touching else "",
                diagram=overview.blocks.block(drawing),
            ),
        )
