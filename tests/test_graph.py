"""The relation graph's pages: diagrams of whole groups, a few to a page, every node a link to
its decision as MkDocs addresses it, and every pair in a page's text links."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tradeoffs.adr.render import Renderer
from tradeoffs.core.config import Settings
from tradeoffs.core.project import Project, load_project
from tradeoffs.site.layout import SiteLayout, tag_slugs
from tradeoffs.site.overview import OverviewPages
from tradeoffs.site.page import Blocks, SitePage

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    config = generate.write_project(tmp_path_factory.mktemp("graph") / "site", 200)
    return load_project(Settings.from_options(config.parent, {}, config_file=config))


def graph(project: Project, layout: SiteLayout, **limits: int) -> list[tuple[SitePage, str]]:
    """Each page of the graph with its Markdown, blocks in place."""
    overview = OverviewPages(
        project, Renderer(project.settings.templates_dir), layout, Blocks(), tag_slugs(project.decisions), []
    )
    out = []
    for page in overview.graph_pages(list(project.evaluations.values()), **limits):
        out.append((page, page.expanded()))  # each page comes with its own blocks
    return out


def diagrams(markdown: str) -> list[str]:
    return re.findall(r"```mermaid\n(.*?)```", markdown, re.S)


def test_graph_is_split_into_pages_of_whole_diagrams(project: Project) -> None:
    pages = graph(project, SiteLayout("decisions"), group_max=10, page_max=2)
    assert len(pages) > 2
    assert [p.path for p, _ in pages] == ["decisions/graph.md"] + [
        f"decisions/graph-{k}.md" for k in range(2, len(pages) + 1)
    ]
    drawn: list[str] = []
    pairs: list[frozenset[str]] = []
    linked: set[frozenset[str]] = set()
    for page, markdown in pages:
        found = diagrams(markdown)
        assert 0 < len(found) <= 2
        for diagram in found:
            nodes = re.findall(r"^\s*adr(\d+)\[", diagram, re.M)
            assert 0 < len(nodes) <= 10
            drawn += nodes
            pairs += [frozenset(p) for p in re.findall(r"^\s*adr(\d+) \S+ adr(\d+)$", diagram, re.M)]
            # every node is a link to its decision's page, as MkDocs addresses it from this one
            for n in nodes:
                assert f'click adr{n} href "../ADR-{int(n):04d}/"' in diagram
        # the pairs with a decision on this page, as text links (no scripts needed)
        links = markdown.split("## Links", 1)[1]
        for a, b in re.findall(r'href="\.\./ADR-(\d+)/">[^<]*</a> \w+ <a href="\.\./ADR-(\d+)/"', links):
            linked.add(frozenset((str(int(a)), str(int(b)))))
        # the other pages, linked; this one named
        others = re.findall(r'<a href="([^"]+)" data-tradeoffs-graph-part>', markdown)
        assert len(others) == len(pages) - 1
        assert "(this page)" in markdown
        assert ("../graph/" in others) == (page.path != "decisions/graph.md")
    assert len(drawn) == len(set(drawn))  # each decision drawn once, on one page
    assert pairs and len(pairs) == len(set(pairs))
    assert set(pairs) <= linked
    assert {n for pair in linked for n in pair} == set(drawn)  # every drawn decision has a text link
    title = pages[1][1]
    assert f"# Relation graph, part 2 of {len(pages)}" in title


def test_one_page_when_the_graph_is_small(project: Project) -> None:
    [(page, markdown)] = graph(project, SiteLayout("decisions"))
    assert page.path == "decisions/graph.md" and "data-tradeoffs-graph-part" not in markdown
    assert len(diagrams(markdown)) == 1


def test_node_links_without_directory_urls_deeper_in_the_site(project: Project) -> None:
    pages = graph(project, SiteLayout("docs/architecture", directory_urls=False), group_max=10, page_max=2)
    _, second = pages[1]
    nodes = re.findall(r"^\s*adr(\d+)\[", second, re.M)
    assert nodes
    for n in nodes:
        assert f'click adr{n} href "ADR-{int(n):04d}.html"' in second
    assert '<a href="graph.html" data-tradeoffs-graph-part>' in second
