"""The listings' page data (the log, status, tag and framework pages, open questions, health's
findings): every row once, compactly; the first page of rows and a pager of static pages for a
reader without JavaScript; large data in a file beside the page (the listings' script is driven
in tests/test_browser.py and tests/test_browser_listings.py)."""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from tradeoffs.adr.render import Renderer
from tradeoffs.core.config import Settings
from tradeoffs.core.project import Project, load_project
from tradeoffs.site import Site, build_site, overview
from tradeoffs.site.context import DecisionRow
from tradeoffs.site.layout import SiteLayout, tag_slugs
from tradeoffs.site.listing import PAGE_SIZE, data_file, part_page
from tradeoffs.site.overview import OverviewPages
from tradeoffs.site.page import Blocks

REPO = Path(__file__).resolve().parents[1]
N = 2 * PAGE_SIZE + 20
MARKER = re.compile(r"<div class=\"tradeoffs-log-filters\" data-tradeoffs-log='([^']*)'></div>")
SRC = re.compile(
    r'<link rel="preload" href="([^"]*)" as="fetch" crossorigin="anonymous">'
    r'<div class="tradeoffs-log-filters" data-tradeoffs-log-src="\1"></div>'
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Project:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import write_project

    root = tmp_path_factory.mktemp("log")
    config = write_project(root, N)
    return load_project(Settings.from_options(root, {}, config_file=config))


@pytest.fixture(scope="module")
def site(generated: Project) -> Site:
    return build_site(generated, Renderer(None), git_history=False)


def page_html(site: Site, path: str) -> str:
    return "\n".join(site.pages[path].blocks.values())


def data_of(site: Site, path: str) -> dict[str, Any]:
    text = page_html(site, path)
    inline = MARKER.search(text)
    if inline is not None:
        return dict(json.loads(html.unescape(inline.group(1))))
    src = SRC.search(text)
    assert src is not None, text[:300]
    asset = next(a for a in site.assets if a.path == data_file(path))
    return dict(json.loads(asset.read()))


def numbers_in(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"<tr>\s*<td[^>]*>(\d+)</td>", text)]


def test_every_decision_is_in_the_data_once(generated: Project, site: Site) -> None:
    data = data_of(site, "decisions/index.md")
    assert data["size"] == PAGE_SIZE
    assert data["names"] == ["number", "title", "status", "framework", "chosen", "date", "tags", "deciders"]
    assert data["columns"] == ["number", "decision", "status", "framework", "chosen", "date", "tags"]
    assert data["facets"] == ["status", "framework", "tag", "decider"]
    assert [r[0] for r in data["rows"]] == [d.number for d in generated.decisions]
    assert data["prefix"] == "ADR" and data["suffix"] == "/" and "ids" not in data and "hrefs" not in data
    for row in data["rows"]:
        ev = generated.evaluations[row[0]]
        d = ev.decision
        assert row[1] == d.title
        assert data["statuses"][row[2]] == [d.status, f"status/{d.status}/"]
        assert data["frameworks"][row[3]][0] == ev.framework.title  # type: ignore[union-attr]
        assert data["chosen"][row[4]] == " + ".join(ev.option_title(c) for c in d.chosen)
        assert row[5] == (int(d.date.strftime("%Y%m%d")) if d.date else 0)
        assert [data["tags"][t][0] for t in row[6]] == list(d.tags)
        assert [data["deciders"][k] for k in row[7]] == list(d.deciders)
    # each shared value once
    assert len(data["statuses"]) == len({d.status for d in generated.decisions})
    assert len(data["tags"]) == len({t for d in generated.decisions for t in d.tags})
    assert len(data["deciders"]) == len({p for d in generated.decisions for p in d.deciders}) > 1


def test_every_row_is_reached_by_links_without_the_script(generated: Project, site: Site) -> None:
    """The first page holds the first rows; its pager links to static pages of the next ones,
    each linking on to the next: following `Next` from the log reaches every decision once."""
    path, seen, visited = "decisions/index.md", [], []
    layout = SiteLayout("decisions")
    while path:
        visited.append(path)
        text = page_html(site, path)
        rows = numbers_in(text)
        assert 0 < len(rows) <= PAGE_SIZE
        seen += rows
        following = re.search(r'<a class="tradeoffs-pager-next" href="([^"]+)"', text)
        path = ""
        if following is not None:
            path = next(p for p in site.pages if layout.href(visited[-1], p) == following.group(1))
    assert seen == [d.number for d in generated.decisions]
    assert visited == ["decisions/index.md", "decisions/page/2.md", "decisions/page/3.md"]
    assert site.pages["decisions/page/3.md"].kind == "listing-part"
    assert "Decisions 201–220 of 220, page 3 of 3" in page_html(site, "decisions/page/3.md")
    assert 'aria-disabled="true">Next' in page_html(site, "decisions/page/3.md")


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("decisions/status/accepted.md", "status"),
        ("decisions/open-questions.md", "open-questions"),
        ("decisions/health.md", "health"),
        ("decisions/frameworks/cache-vs-recompute.md", "framework"),
        ("decisions/tags/*", "tag"),
    ],
)
def test_every_overview_listing_pages_like_the_log(site: Site, path: str, kind: str) -> None:
    if path.endswith("*"):  # the tag with most decisions
        tags = [p for p in site.pages if site.pages[p].kind == "tag"]
        path = max(tags, key=lambda p: len(data_of(site, p)["rows"]))
    assert site.pages[path].kind == kind
    data = data_of(site, path)
    text = page_html(site, path)
    start = text.index("<table", text.index("tradeoffs-log-filters"))  # the listing's, not a chart
    table = text[start : text.index("</table>", start)]
    assert table.count("<tr>") - 1 == min(len(data["rows"]), PAGE_SIZE)
    parts = [p for p in site.pages if p.startswith(path.removesuffix(".md") + "/")]
    assert len(parts) == -(-len(data["rows"]) // PAGE_SIZE) - 1
    if parts:
        assert 'class="tradeoffs-pager tradeoffs-pager-static"' in text
        assert parts[0] == part_page(path, 2)


def test_open_questions_share_their_text(generated: Project, site: Site) -> None:
    data = data_of(site, "decisions/open-questions.md")
    assert data["columns"] == ["number", "decision", "status", "framework", "questions"]
    asked = [
        ev
        for ev in generated.evaluations.values()
        if ev.open_questions and ev.decision.status in ("proposed", "accepted")
    ]
    assert [r[0] for r in data["rows"]] == [ev.decision.number for ev in asked]
    for row, ev in zip(data["rows"], asked, strict=True):
        assert [data["questions"][q] for q in row[8]] == [q.text for q in ev.open_questions]
    assert len(data["questions"]) == len({q.text for ev in asked for q in ev.open_questions})


def test_health_lists_every_finding_by_kind(site: Site) -> None:
    data = data_of(site, "decisions/health.md")
    assert data["names"] == ["kind", "message", "decisions"] and data["facets"] == ["kind"]
    kinds = [data["kinds"][r[0]][1] for r in data["rows"]]
    assert kinds == sorted(kinds, key=[k[1] for k in data["kinds"]].index)  # grouped by kind
    text = page_html(site, "decisions/health.md")
    # each section lists its first findings and links to where the rest start
    assert re.search(r"\d+ more in <a href=\"[^\"]*#findings\">the table of findings</a>", text)


def test_large_data_is_a_file_beside_the_page(generated: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(overview, "INLINE_DATA_MAX", 1000)
    site = build_site(generated, Renderer(None), git_history=False)
    text = page_html(site, "decisions/status/accepted.md")
    src = SRC.search(text)
    assert src is not None and src.group(1) == "../accepted.data.json"
    asset = next(a for a in site.assets if a.path == "decisions/status/accepted.data.json")
    assert len(json.loads(asset.read())["rows"]) == sum(d.status == "accepted" for d in generated.decisions)
    assert SRC.search(page_html(site, "decisions/index.md")).group(1) == "index.data.json"  # type: ignore[union-attr]


def test_links_without_directory_urls(generated: Project) -> None:
    site = build_site(generated, Renderer(None), directory_urls=False, git_history=False)
    data = data_of(site, "decisions/index.md")
    assert data["suffix"] == ".html"
    assert data["statuses"][0][1].endswith(".html")
    assert 'href="page/2.html"' in page_html(site, "decisions/index.md")


def test_ids_and_links_that_follow_no_pattern_are_written_out(generated: Project) -> None:
    maker = OverviewPages(generated, Renderer(None), SiteLayout("decisions"), Blocks(), {}, [])
    rows = [
        DecisionRow("ADR-0001", 1, "One", "accepted", "decisions/ADR-0001.md"),
        DecisionRow("RFC-0002", 2, "Two", "proposed", "decisions/RFC-0002.md"),
        DecisionRow("ADR-0003", 3, "Three", "accepted", "decisions/elsewhere/three.md"),
    ]
    data = maker.listing_data("decisions/index.md", rows)
    assert data["ids"] == ["ADR-0001", "RFC-0002", "ADR-0003"] and "prefix" not in data
    assert data["hrefs"] == ["ADR-0001/", "RFC-0002/", "elsewhere/three/"] and "suffix" not in data
    assert data["frameworks"] == [["", ""]] and data["chosen"] == [""]
    assert [r[5] for r in data["rows"]] == [0, 0, 0]


def test_text_cannot_leave_the_attribute(generated: Project) -> None:
    maker = OverviewPages(
        generated, Renderer(None), SiteLayout("decisions"), Blocks(), tag_slugs(generated.decisions), []
    )
    hostile = "It's </div><script>alert(1)</script> & \"quoted\" 'single'"
    ev = next(iter(generated.evaluations.values()))
    ev.decision.title, old = hostile, ev.decision.title
    try:
        pages = list(maker.log_pages([ev]))
    finally:
        ev.decision.title = old
    block = next(b for b in pages[0].blocks.values() if "data-tradeoffs-log=" in b)
    value = block.split("data-tradeoffs-log='", 1)[1].rsplit("'></div>", 1)[0]
    assert "'" not in value and "<" not in value and ">" not in value
    assert json.loads(html.unescape(value))["rows"][0][1] == hostile
