"""The relation graph's views: a page listing them, one page per framework, tag and group of
linked decisions, each one diagram of at most `graph.VIEW_MAX` decisions whose nodes link to
their decisions as MkDocs addresses them, with every pair that leads out of it as a text link."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tradeoffs.adr.render import Renderer
from tradeoffs.core.config import Settings
from tradeoffs.core.project import Project, load_project
from tradeoffs.site import graph
from tradeoffs.site.graph_pages import project_relations
from tradeoffs.site.layout import SiteLayout, tag_slugs
from tradeoffs.site.overview import OverviewPages
from tradeoffs.site.page import SitePage

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate

from diagram_html import Drawn
from diagram_html import drawn as read_diagrams


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    config = generate.write_project(tmp_path_factory.mktemp("graph") / "site", 400)
    return load_project(Settings.from_options(config.parent, {}, config_file=config))


def graph_pages(project: Project, layout: SiteLayout) -> dict[str, tuple[SitePage, str]]:
    """Each page of the graph by path, with its Markdown, blocks in place."""
    from tradeoffs.site.page import Blocks

    overview = OverviewPages(
        project, Renderer(project.settings.templates_dir), layout, Blocks(), tag_slugs(project.decisions), []
    )
    return {p.path: (p, p.expanded()) for p in overview.graph_pages(list(project.evaluations.values()))}


def diagrams(markdown: str) -> list[Drawn]:
    return read_diagrams(markdown)


def found(project: Project) -> graph.Relations:
    return project_relations(project)


def test_relations_hold_each_pair_once_and_groups_largest_first() -> None:
    links = [(2, "related", 1), (3, "supersedes", 2), (2, "related", 3), (5, "related", 4), (6, "related", 6)]
    got = graph.relations(links)
    assert [(p.source, p.kind, p.target) for p in got.pairs] == [
        (3, "supersedes", 2),  # a supersession wins over the same pair's relation
        (2, "related", 1),
        (5, "related", 4),
    ]
    assert got.groups == [[1, 2, 3], [4, 5]] and 6 not in got.neighbours  # no pair with itself
    assert got.group_of == {1: 0, 2: 0, 3: 0, 4: 1, 5: 1}


def test_a_view_draws_the_most_linked_with_their_neighbours_within_the_bound() -> None:
    # a hub of 12, another of 5, and single pairs
    links = [(100, "related", n) for n in range(1, 13)] + [(200, "related", n) for n in range(20, 25)]
    links += [(n, "related", n + 1) for n in range(300, 340, 2)]
    got = graph.relations(links)
    members = [100, 200, *range(300, 340, 2)]
    drawn, left = graph.around(got, members, limit=20)
    assert 100 in drawn and 200 in drawn and set(range(1, 13)) <= set(drawn)
    assert len(drawn) <= 20
    assert left and all(n not in drawn for n in left)  # the members left out, none drawn
    assert len(left) + sum(1 for n in members if n in drawn) == len(members)
    # a group larger than the bound: the nearest its most linked decision, connected
    chain = graph.relations([(n, "related", n + 1) for n in range(1, 60)] + [(30, "related", 100)])
    part = graph.within(chain, chain.groups[0], limit=10)
    assert len(part) == 10 and 30 in part
    assert graph.relations(
        [(a, "related", b) for a in part for b in chain.neighbours[a] if b in part]
    ).groups == [sorted(part)]


def test_a_long_chain_is_drawn_top_down_and_a_fan_left_to_right() -> None:
    chain = [graph.Pair(n + 1, "supersedes", n) for n in range(1, 8)]
    assert graph.direction(list(range(1, 9)), chain) == "TB"
    fan = [graph.Pair(1, "related", n) for n in range(2, 12)]
    assert graph.direction(list(range(1, 12)), fan) == "LR"
    # a cycle (related both ways round) neither hangs nor fails
    cycle = [graph.Pair(1, "related", 2), graph.Pair(2, "related", 3), graph.Pair(3, "related", 1)]
    assert graph.direction([1, 2, 3], cycle) in ("LR", "TB")


def test_every_view_is_one_bounded_diagram_whose_nodes_link(project: Project) -> None:
    pages = graph_pages(project, SiteLayout("decisions"))
    views = {path: md for path, (page, md) in pages.items() if page.kind == "graph-view"}
    kinds = {path.split("/")[2] for path in views}
    assert kinds == {"frameworks", "tags", "groups"}
    relations = found(project)
    for path, markdown in views.items():
        [diagram] = diagrams(markdown)
        assert 0 < len(diagram.boxes) <= graph.VIEW_MAX, path
        for box in diagram.boxes:  # as MkDocs addresses the decision's page from this one
            assert box.href == f"../../../{box.label}/"
        drawn = {int(box.label.removeprefix("ADR-")) for box in diagram.boxes}
        pairs = {frozenset(int(x.removeprefix("ADR-")) for x in (a, b)) for a, _, b in diagram.lines}
        assert pairs == {frozenset((p.source, p.target)) for p in relations.pairs_among(drawn)}
        assert diagram.heads == sum(kind == "supersedes" for _, kind, _ in diagram.lines)
        # every pair with a drawn decision is a text link, those leading out of the view too
        links = markdown.split("## Links", 1)[1]
        listed = re.findall(
            r'href="\.\./\.\./\.\./ADR-(\d+)/">[^<]*</a> \w+ <a href="\.\./\.\./\.\./ADR-(\d+)/"', links
        )
        assert {frozenset((int(a), int(b))) for a, b in listed} == {
            frozenset((p.source, p.target)) for p in relations.pairs_touching(drawn)
        }
        assert "[Every view of the relation graph](../../graph.md)" in markdown


def test_a_tag_view_says_how_many_it_leaves_out_and_links_the_listing(project: Project) -> None:
    pages = graph_pages(project, SiteLayout("decisions"))
    relations = found(project)
    tags = sorted({t for d in project.decisions for t in d.tags})
    slugs = tag_slugs(project.decisions)
    capped = 0
    for tag in tags:
        members = [d.number for d in project.decisions if tag in d.tags]
        linked = [n for n in members if relations.degree(n)]
        drawn, left = graph.around(relations, members)
        _, markdown = pages[f"decisions/graph/tags/{slugs[tag]}.md"]
        assert f"{len(linked)} of the {len(members)} decisions tagged {tag}" in markdown
        if left:
            capped += 1
            assert (
                f"the {len(left)} others are in [the tag's list of decisions](../../tags/{slugs[tag]}.md)"
                in markdown
            )
        # decisions without the tag, drawn as neighbours, are marked
        [diagram] = diagrams(markdown)
        for box in diagram.boxes:
            n = int(box.label.removeprefix("ADR-"))
            assert n in drawn
            assert ("tradeoffs-graph__node--outside" in box.classes) == (n not in members)
    assert capped  # 400 decisions: some tags have more linked decisions than a view draws


def test_the_graph_page_lists_every_view_and_pages_its_groups(project: Project) -> None:
    pages = graph_pages(project, SiteLayout("decisions"))
    _, index = pages["decisions/graph.md"]
    assert not diagrams(index)  # the page itself draws nothing
    relations = found(project)
    for path, (page, _) in pages.items():
        if page.kind == "graph-view":
            assert path.removeprefix("decisions/").removesuffix(".md") in index.replace("../", "") or (
                "/groups/" in path
            )
    groups = [g for g in relations.groups if len(g) >= graph.GROUP_VIEW_MIN]
    assert sum(1 for p in pages if "/groups/" in p) == len(groups)
    assert f"The {len(groups)} groups of three or more decisions" in index
    assert (
        f"{len(relations.neighbours)} decisions supersede or relate to another ({len(relations.pairs)} pairs)"
        in index
    )


def test_the_groups_table_pages_past_a_hundred_groups(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tradeoffs.site import listing

    monkeypatch.setattr(listing, "PAGE_SIZE", 10)  # as 100 rows a page are for 10,000 decisions
    pages = graph_pages(project, SiteLayout("decisions"))
    groups = [g for g in found(project).groups if len(g) >= graph.GROUP_VIEW_MIN]
    assert len(groups) > 20
    parts = [p for p in pages if re.fullmatch(r"decisions/graph/\d+\.md", p)]
    assert parts == [f"decisions/graph/{k}.md" for k in range(2, -(-len(groups) // 10) + 1)]
    _, second = pages["decisions/graph/2.md"]
    assert "tradeoffs-pager" in second and "where the rows can be filtered" not in second


def test_node_links_without_directory_urls_deeper_in_the_site(project: Project) -> None:
    pages = graph_pages(project, SiteLayout("docs/architecture", directory_urls=False))
    path = next(p for p in pages if "/groups/" in p)
    _, markdown = pages[path]
    [diagram] = diagrams(markdown)
    assert diagram.boxes
    for box in diagram.boxes:
        assert box.href == f"../../{box.label}.html"
