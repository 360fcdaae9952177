"""The relation graph of 1,000 generated decisions in headless Chromium with every request outside
the site blocked: Mermaid comes from the site itself (`mermaid_js`), every diagram renders, and
its nodes are links to their decisions (by mouse and by keyboard, with and without directory
URLs)."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import CHROMIUM_ARGS, block_outside, chromium, serve
from tradeoffs.site import overview

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate

REPO = Path(__file__).resolve().parents[1]
MERMAID = Path(
    os.environ.get("TRADEOFFS_MERMAID_JS")
    or REPO / ".tools" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not MERMAID.is_file(),
        reason="mermaid is not installed (scripts/test installs it with npm into .tools/)",
    ),
]

# Material draws each diagram in a closed shadow root; the test opens it to look inside.
OPEN_SHADOWS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (options) {
  return attach.call(this, Object.assign({}, options, { mode: "open" }));
};
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("graph")
    config = generate.write_project(work / "project", 1000)
    text = config.read_text(encoding="utf-8").replace(
        generate.PLUGIN_ENTRY, generate.PLUGIN_ENTRY + f"      mermaid_js: {MERMAID}\n"
    )
    config.write_text(text, encoding="utf-8")
    out = work / "site"
    build(load_config(str(config), site_dir=str(out)))
    return out


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def flat_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small site without directory URLs, its decisions two folders deep, its graph drawn
    in diagrams of at most 5 decisions, one to a page (as 10,000 decisions are, 150 and 4)."""
    work = tmp_path_factory.mktemp("graph-flat")
    config = generate.write_project(work / "project", 40)
    text = config.read_text(encoding="utf-8").replace(
        generate.PLUGIN_ENTRY,
        generate.PLUGIN_ENTRY + f"      mermaid_js: {MERMAID}\n      url_prefix: architecture/decisions\n",
    )
    config.write_text(text + "use_directory_urls: false\n", encoding="utf-8")
    out = work / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(overview, "GRAPH_GROUP_MAX", 5)
        patch.setattr(overview, "GRAPH_PAGE_DIAGRAMS", 1)
        build(load_config(str(config), site_dir=str(out)))
    assert (out / "architecture" / "decisions" / "graph-2.html").is_file()
    with serve(out) as url:
        yield url


def browse(base_url: str) -> Iterator[tuple[Any, list[str]]]:
    """A Chromium page that reaches nothing outside the site, and the URLs it tried outside."""
    executable, sync_api = chromium()
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            outside = block_outside(context, base_url)
            context.add_init_script(OPEN_SHADOWS)
            page = context.new_page()
            page.set_default_timeout(60_000)
            yield page, outside
        finally:
            browser.close()


def theirs(outside: list[str]) -> list[str]:
    """What the page tried to fetch outside the site, but the theme's web fonts (blocked; the
    theme falls back to the system's)."""
    return [u for u in outside if not u.startswith("https://fonts.googleapis.com/")]


# The SVG link Mermaid drew around a node (its group's id is `<diagram>-flowchart-<node>-<n>`).
NODE_LINK = """node => {
  for (const host of document.querySelectorAll('div.mermaid')) {
    const g = host.shadowRoot && host.shadowRoot.querySelector(`g.node[id*="-${node}-"]`);
    if (g) {
      const a = g.closest('a');
      if (!a) return null;
      a.scrollIntoView({ block: 'center' });
      const box = g.getBoundingClientRect();
      return { href: a.getAttribute('xlink:href') || a.getAttribute('href'), tabIndex: a.tabIndex,
               x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }
  }
  return null;
}"""


def rendered(page: Any) -> None:
    count = page.locator("div.mermaid, pre.mermaid").count()
    assert count > 0
    page.wait_for_function(
        "n => [...document.querySelectorAll('div.mermaid')].filter(d => d.shadowRoot"
        " && d.shadowRoot.querySelector('svg g.node')).length === n",
        arg=count,
    )


@pytest.mark.parametrize(
    ("path", "node", "target"),
    [
        # the global graph: ADR-0010 supersedes another decision, so it is drawn
        ("/decisions/graph/", "adr10", "/decisions/ADR-0010/"),
        # ADR-0010's neighbourhood: the decision it supersedes is its first `s` node
        ("/decisions/ADR-0010/", "s1", None),
    ],
)
def test_clicking_a_node_opens_its_decision(base_url: str, path: str, node: str, target: str | None) -> None:
    for page, outside in browse(base_url):
        page.goto(base_url + path)
        rendered(page)
        link = page.evaluate(NODE_LINK, node)
        assert link is not None, f"{node} is not a link"
        if target is None:
            # the decision ADR-0010 supersedes, as the page's text links it
            target = page.evaluate(
                "() => new URL([...document.querySelectorAll('article a')].find("
                "a => a.closest('li') && a.closest('li').textContent.includes('Supersedes:')).href).pathname"
            )
            assert target != "/decisions/ADR-0010/"
        page.mouse.click(link["x"], link["y"])
        page.wait_for_url(base_url + target)
        assert page.title().startswith(target.strip("/").rsplit("/", 1)[-1])
        # and from the keyboard: the node's link takes the focus, Enter follows it
        page.go_back()
        rendered(page)
        link = page.evaluate(NODE_LINK, node)
        assert link["tabIndex"] >= 0
        page.evaluate(
            "node => { for (const h of document.querySelectorAll('div.mermaid')) {"
            ' const g = h.shadowRoot.querySelector(`g.node[id*="-${node}-"]`);'
            " if (g) { g.closest('a').focus(); return; } } }",
            node,
        )
        page.keyboard.press("Enter")
        page.wait_for_url(base_url + target)
        assert not theirs(outside), outside


def test_graph_pages_and_node_links_without_directory_urls_two_folders_deep(flat_url: str) -> None:
    first_node = """() => {
      const g = document.querySelector('div.mermaid').shadowRoot.querySelector('a g.node');
      return g.id.match(/-flowchart-(adr\\d+)-/)[1];
    }"""
    for page, outside in browse(flat_url):
        # the graph's first page links its other pages; the second draws, and its nodes link
        page.goto(flat_url + "/architecture/decisions/graph.html")
        rendered(page)
        parts = page.locator("a[data-tradeoffs-graph-part]")
        assert parts.count() > 1
        parts.first.click()
        page.wait_for_url(flat_url + "/architecture/decisions/graph-2.html")
        rendered(page)
        assert page.locator("a[data-tradeoffs-graph-part]").count() == parts.count()
        node = page.evaluate(first_node)
        link = page.evaluate(NODE_LINK, node)
        page.mouse.click(link["x"], link["y"])
        target = f"/architecture/decisions/ADR-{int(node[3:]):04d}.html"
        page.wait_for_url(flat_url + target)
        # a decision's neighbourhood, where its own node is the page itself
        page.goto(flat_url + "/architecture/decisions/ADR-0010.html")
        rendered(page)
        assert page.evaluate(NODE_LINK, "self") is None
        link = page.evaluate(NODE_LINK, "s1")
        target = page.evaluate(
            "() => new URL([...document.querySelectorAll('article a')].find("
            "a => a.closest('li') && a.closest('li').textContent.includes('Supersedes:')).href).pathname"
        )
        page.mouse.click(link["x"], link["y"])
        page.wait_for_url(flat_url + target)
        assert target.endswith(".html") and page.title().startswith("ADR-")
        assert not theirs(outside), outside


def test_mermaid_is_served_by_the_site(site: Path) -> None:
    served = site / "assets" / "tradeoffs" / "mermaid.min.js"
    assert served.read_bytes() == MERMAID.read_bytes()  # the mermaid_js option's build
    html = (site / "decisions" / "graph" / "index.html").read_text(encoding="utf-8")
    # in the head, before the theme's scripts look for Mermaid; not on pages without a diagram
    head = html[: html.index("</head>")]
    assert re.search(r'<script src="[./]*assets/tradeoffs/mermaid\.min\.js"></script>', head)
    assert "mermaid.min.js" not in (site / "index.html").read_text(encoding="utf-8")


def test_graph_has_each_pair_once_in_small_diagrams(site: Path) -> None:
    html = (site / "decisions" / "graph" / "index.html").read_text(encoding="utf-8")
    diagrams = re.findall(r'<pre class="mermaid"><code>(.*?)</code></pre>', html, re.S)
    assert len(diagrams) > 1
    pairs: list[frozenset[str]] = []
    for diagram in diagrams:
        nodes = re.findall(r"^\s*(adr\d+)\[", diagram, re.M)
        assert 0 < len(nodes) <= 150
        pairs += [frozenset(p) for p in re.findall(r"^\s*(adr\d+) \S+ (adr\d+)$", diagram, re.M)]
    assert pairs and len(pairs) == len(set(pairs))


def open_drawn(page: Any, url: str) -> int:
    """Open `url` and wait until Mermaid has drawn every diagram on it; how many there are."""
    page.set_default_timeout(60_000)
    page.goto(url)
    count: int = page.locator("div.mermaid, pre.mermaid").count()
    page.wait_for_function(
        "n => [...document.querySelectorAll('div.mermaid')].filter(d => d.shadowRoot"
        " && d.shadowRoot.querySelector('svg g.node')).length === n",
        arg=count,
    )
    return count


@pytest.mark.parametrize("path", ["/decisions/graph/", "/decisions/ADR-0010/"])
def test_graph_renders_offline(base_url: str, site: Path, path: str) -> None:
    # the global graph, and one decision's neighbourhood (every tenth supersedes another)
    html = (site / path.strip("/") / "index.html").read_text(encoding="utf-8")
    assert '<pre class="mermaid">' in html
    executable, sync_api = chromium()
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        outside = block_outside(context, base_url)
        context.add_init_script(OPEN_SHADOWS)
        page = context.new_page()
        count = open_drawn(page, base_url + path)
        assert count > (1 if path.endswith("graph/") else 0)
        text = page.evaluate(
            "() => [...document.querySelectorAll('div.mermaid')].map(d => d.shadowRoot.textContent).join(' ')"
        )
        assert "Syntax error" not in text and "Maximum text size" not in text
        assert not any("unpkg" in u or "jsdelivr" in u for u in outside), outside
        browser.close()
