"""The computed tables and lists of an ADR page, made as HTML on the site: same words as the
Markdown that `tradeoffs render` and the exporters write."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from conftest import REPO, Project, run_cli
from tradeoffs.adr.render import Renderer
from tradeoffs.core.config import Settings
from tradeoffs.core.project import load_project
from tradeoffs.site import build_site
from tradeoffs.site.decisions import DecisionPages
from tradeoffs.site.graph_pages import group_pages, project_relations
from tradeoffs.site.history import read_history
from tradeoffs.site.layout import SiteLayout, tag_slugs
from tradeoffs.site.page import Blocks
from tradeoffs.site.search import KEYWORDS_CLASS

EXTENSIONS = ["tables", "attr_list", "admonition", "toc"]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []

    def handle_data(self, data: str) -> None:
        self.words += data.split()


def words(markdown_text: str) -> list[str]:
    """The words a reader sees once the page is converted (front matter dropped)."""
    body = re.sub(r"\A---\n.*?\n---\n", "", markdown_text, flags=re.S)
    parser = _Text()
    parser.feed(markdown.markdown(body, extensions=EXTENSIONS))
    return parser.words


@pytest.mark.parametrize("template", ["madr", "nygard", "y-statement"])
def test_site_blocks_show_what_the_markdown_tables_show(template: str) -> None:
    """Every demo decision: the site's page (HTML blocks inlined) reads word for word as the
    same template rendered to Markdown, tables and lists included."""
    settings = Settings.from_options(REPO, {}, config_file=REPO / "mkdocs.yml")
    project = load_project(settings)
    renderer = Renderer(settings.templates_dir)
    site = build_site(project, renderer, template=template)
    # the same context as the site's pages (tag pages and history are the site's), no blocks
    pages = DecisionPages(
        project,
        renderer,
        template,
        SiteLayout(settings.url_prefix),
        Blocks(),
        [],
        None,
        tag_slugs=tag_slugs(project.decisions),
        history=read_history([settings.decisions_dir]),
        # each page links its group's view of the relation graph, as the site's do
        graph_groups=group_pages(
            project_relations(project),
            project,
            SiteLayout(settings.url_prefix),
        ),
    )
    checked = 0
    for ev in project.evaluations.values():
        d = ev.decision
        if d.origin != "yaml" or d.template:
            continue
        page = site.pages[f"decisions/{d.id}.md"]
        if ev.framework is not None:
            assert page.blocks, d.id  # the framework's tables and lists are blocks
        plain = renderer.render(template, adr=pages.context(ev))
        assert "TRADEOFFSBLOCK" not in plain
        # the page's hidden search keywords (`site.search`) are the site's own, as its tags' links
        expanded = re.sub(rf"^.*\n\{{: \.{KEYWORDS_CLASS} \}}\n", "", page.expanded(), count=1, flags=re.M)
        assert expanded != page.expanded()
        # the relation diagram is drawn only as an HTML block (Markdown has no counterpart)
        drawn = re.subn(r'<figure class="tradeoffs-graph".*?</figure>', "", expanded, flags=re.S)
        expanded = drawn[0]
        assert drawn[1] == (1 if d.supersedes or d.related or pages.context(ev)["superseded_by"] else 0), d.id
        assert words(expanded) == words(plain), d.id
        checked += 1
    assert checked >= 8


def test_render_and_export_keep_markdown_tables(project: Project) -> None:
    project.decision(
        "0001-choose-a.yml",
        """\
title: Choose alpha
status: proposed
date: 2026-01-01
framework: test-rules
facts: {load: 95, count: 3, tier: gold}
chosen: alpha
""",
    )
    out = run_cli("render", "decisions/0001-choose-a.yml", cwd=project.root, check=True).stdout
    assert "| Question | Answer |" in out and "| Option | Score |" in out
    assert "- Good, because" in out or "- Bad, because" in out
    assert "TRADEOFFSBLOCK" not in out and "<table" not in out


def test_a_failed_team_template_leaves_no_blocks_behind(tmp_path: Path) -> None:
    """The team template asks for a table, then fails; the page falls back to the built-in
    MADR, which has its own blocks, and every one of them is on the page."""
    from test_site import make_site

    root = make_site(tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "madr.md.j2").write_text(
        '{% import "_macros.md.j2" as m %}{{ m.facts_table(adr) }}\n{{ adr.nope.deeper }}\n', encoding="utf-8"
    )
    project = load_project(Settings.from_options(root, {}))
    site = build_site(project, Renderer(root / "templates"))
    assert any("while rendering" in p.message for p in site.problems)
    page = site.pages["decisions/ADR-0001.md"]
    assert page.blocks and all(token in page.markdown for token in page.blocks)


def test_a_page_comes_back_with_its_own_blocks() -> None:
    """A page is a value: each decision page made alone holds its blocks, and making the next
    page neither adds to nor takes from the one before."""
    settings = Settings.from_options(REPO, {}, config_file=REPO / "mkdocs.yml")
    project = load_project(settings)
    maker = DecisionPages(
        project, Renderer(settings.templates_dir), "madr", SiteLayout(settings.url_prefix), Blocks(), [], None
    )
    first, second = list(project.evaluations.values())[:2]
    one = maker.page(first)
    held = dict(one.blocks)
    two = maker.page(second)
    assert held and two.blocks
    assert one.blocks == held and one.blocks != two.blocks
    assert all(token in one.markdown for token in one.blocks)
    assert all(token in two.markdown for token in two.blocks)
