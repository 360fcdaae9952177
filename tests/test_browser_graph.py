"""The relation graph's views on a site of 1,000 generated decisions in headless Chromium with
every request outside the site blocked. The diagrams are HTML drawn when the site is built
(adr/diagram.py): every framework's, tag's and the largest groups' views and their first
decisions' pages drawn, bounded, readable (box text at the theme's 16 px and at AA contrast on
its box, light and dark, as the browser draws it), no box over another, a line for every pair
the page lists in text, a wide view scrolling inside its figure on a phone; boxes are links to
their decisions (by mouse and keyboard, with and without directory URLs), a decision's own box
is not, and a decision's page leads to its group's view. None of the plugin's pages loads
Mermaid. With `TRADEOFFS_SITE_10000` naming a project of 10,000 generated decisions, the same
tests run on it too. The time from navigation to drawn is measured by
benchmarks/graph_browser.py at 1,000 and 10,000 (benchmarks/RESULTS.md)."""

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
from diagram_html import drawn
from tradeoffs.adr.diagram import NEIGHBOURS_MAX
from tradeoffs.site import graph
from tradeoffs.site.diagrams import packaged_mermaid

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate
import graph_browser

pytestmark = pytest.mark.browser


BIG = os.environ.get("TRADEOFFS_SITE_10000", "")
"""A project of 10,000 generated decisions (see test_browser_scale.py): the tests run on its
site (`site-scale/`, built once) too."""


@pytest.fixture(scope="module", params=[1000, *([10_000] if BIG else [])], ids=lambda n: f"n{n}")
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == 10_000:
        root = Path(BIG)
        out = root / "site-scale"
        if not (out / "index.html").is_file():
            build(load_config(str(root / "mkdocs.yml"), site_dir=str(out)))
        return out
    work = tmp_path_factory.mktemp("graph")
    config = generate.write_project(work / "project", 1000)
    out = work / "site"
    build(load_config(str(config), site_dir=str(out)))
    return out


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def flat_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small site without directory URLs, its decisions two folders deep."""
    work = tmp_path_factory.mktemp("graph-flat")
    config = generate.write_project(work / "project", 60)
    text = config.read_text(encoding="utf-8").replace(
        generate.PLUGIN_ENTRY, generate.PLUGIN_ENTRY + "      url_prefix: architecture/decisions\n"
    )
    config.write_text(text + "use_directory_urls: false\n", encoding="utf-8")
    out = work / "site"
    build(load_config(str(config), site_dir=str(out)))
    with serve(out) as url:
        yield url


def browse(base_url: str, **options: Any) -> Iterator[tuple[Any, list[str]]]:
    """A Chromium page that reaches nothing outside the site, and the URLs it tried outside."""
    executable, sync_api = chromium()
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(**({"viewport": {"width": 1280, "height": 900}} | options))
            outside = block_outside(context, base_url)
            page = context.new_page()
            page.set_default_timeout(60_000)
            yield page, outside
        finally:
            browser.close()


def theirs(outside: list[str]) -> list[str]:
    """What the page tried to fetch outside the site, but the theme's web fonts (blocked; the
    theme falls back to the system's)."""
    return [u for u in outside if not u.startswith("https://fonts.googleapis.com/")]


def rendered(page: Any) -> int:
    """Wait until every relation diagram on the page is laid out (each box placed by the
    stylesheet, with a size); how many diagrams there are (at least one)."""
    page.wait_for_load_state("domcontentloaded")
    count: int = page.locator("figure.tradeoffs-graph").count()
    assert count > 0, page.url
    page.wait_for_function(graph_browser.LAID_OUT, polling="raf")
    return count


def open_drawn(page: Any, url: str) -> int:
    """Open `url` and wait until every relation diagram on it is laid out; how many there are."""
    page.set_default_timeout(60_000)
    page.goto(url)
    return rendered(page)


def box(page: Any, label: str) -> Any:
    """The box of the decision `label` (its id) in the page's diagrams."""
    return page.locator(".tradeoffs-graph__node").filter(
        has=page.locator("strong", has_text=re.compile(rf"^{re.escape(label)}$"))
    )


def tab_to(page: Any, target: Any) -> None:
    """Bring the keyboard's focus to `target` (a locator) with Tab, as a reader would: from the
    element before it in the page's order of focus."""
    page.evaluate(
        """el => {
      const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
        .filter(e => e.tabIndex >= 0);
      const at = all.indexOf(el);
      if (at > 0) all[at - 1].focus(); else document.activeElement && document.activeElement.blur();
    }""",
        target.element_handle(),
    )
    for _ in range(10):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab does not reach {target}")


def supersedes_on_its_page(page: Any) -> str:
    """The id of the decision the open decision's page says it supersedes."""
    text: str = page.evaluate(
        "() => [...document.querySelectorAll('article li')].find("
        "li => li.textContent.startsWith('Supersedes:')).querySelector('a').textContent"
    )
    return text.split(":", 1)[0]


def listed_pairs(html: str, kind: str, own: str) -> set[tuple[str, str, str]]:
    """The pairs a page lists in text beside its diagram, as (source, kind, target) ids: a
    view's `Links` list (every pair touching a drawn decision), a decision page's Supersedes,
    Superseded by and Related lines (the decision `own` and each it names)."""
    ids = r">(ADR-\d+):"
    if kind != "decision":
        links = html[html.index('id="links"') :]
        links = links[: links.index("</ul>")]
        return set(re.findall(rf"{ids}[^<]*</a> (supersedes|related) <a [^>]*{ids}", links))
    after = html[html.index("</figure>") :]
    after = after[: after.index("</ul>")]
    out = set()
    for line, refs in re.findall(r"<li>(Supersedes|Superseded by|Related): (.*?)</li>", after):
        for other in re.findall(ids, refs):
            if line == "Superseded by":
                out.add((other, "supersedes", own))
            else:
                out.add((own, line.lower(), other))
    return out


def test_each_view_is_drawn_bounded_and_readable(site: Path) -> None:
    """Every framework's and tag's view and the five largest groups' (and their first
    decisions' pages): drawn, at most `graph.VIEW_MAX` boxes, every box's id and title at the
    theme's 16 px and at AA contrast on its box in both schemes, no box over another, a line
    drawn for each pair listed in text between two drawn decisions, nothing fetched outside."""
    found = graph_browser.measure(site, 60, groups=5)
    kinds = {p["kind"] for p in found["pages"]}
    assert kinds == {"framework", "tag", "group", "decision"}
    assert sum(p["kind"] == "tag" for p in found["pages"]) == 30  # every tag of the generator
    assert sum(p["kind"] == "decision" for p in found["pages"]) == 5
    for p in found["pages"]:
        assert p["svgs"] == p["diagrams"] == 1, p
        # a decision's own box is not a link; every other box is
        assert p["here"] == (p["kind"] == "decision"), p
        assert p["nodes"] == p["node_links"] + p["here"], p
        if p["kind"] != "decision":
            assert 2 <= p["nodes"] <= graph.VIEW_MAX, p
        assert p["smallest_label_px"] >= 16, p  # never shrunk to the column
        assert all(c >= 4.5 for c in p["lowest_contrast"].values()), p
        assert p["backgrounds"]["default"] != p["backgrounds"]["slate"], p  # both schemes shown
        assert p["overlaps"] == [], p
        assert p["drawn_ms"] > 0 and p["page_errors"] == [], p
        # the lines: one drawn for each pair the page lists between two of its boxes
        html = (site / p["path"].strip("/") / "index.html").read_text(encoding="utf-8")
        [diagram] = drawn(html)
        labels = {b.label for b in diagram.boxes}
        assert len(labels) == p["nodes"], p
        own = p["path"].strip("/").rsplit("/", 1)[-1]
        pairs = {q for q in listed_pairs(html, p["kind"], own) if q[0] in labels and q[2] in labels}
        assert pairs, p
        if p["kind"] == "decision" and len(pairs) > NEIGHBOURS_MAX:
            assert len(diagram.lines) == NEIGHBOURS_MAX and set(diagram.lines) <= pairs, p
        else:
            assert set(diagram.lines) == pairs, p
        assert p["lines"] == len(diagram.lines) == len(diagram.paths), p
        assert p["heads"] == sum(k == "supersedes" for _, k, _ in diagram.lines), p
    assert found["page_errors"] == 0 and found["outside"] == []
    # what breaks the benchmark's bounds, but the time (measured there, not asserted here)
    assert graph_browser.failures(found, float("inf")) == []


@pytest.mark.parametrize(
    ("path", "label", "target"),
    [
        # ADR-0012's group: its first decision is drawn, and links to its page
        ("/decisions/graph/groups/ADR-0012/", "ADR-0012", "/decisions/ADR-0012/"),
        # ADR-0010's neighbourhood: the decision it supersedes, as its page's text names it
        ("/decisions/ADR-0010/", None, None),
    ],
)
def test_clicking_a_box_opens_its_decision(
    base_url: str, path: str, label: str | None, target: str | None
) -> None:
    """By mouse, and by keyboard: the box's link takes the focus, shows it with an outline,
    and Enter follows it."""
    for page, outside in browse(base_url):
        page.goto(base_url + path)
        rendered(page)
        if label is None:
            label = supersedes_on_its_page(page)
            assert label != "ADR-0010"
            target = f"/decisions/{label}/"
        assert target is not None
        link = box(page, label)
        assert link.count() == 1 and link.evaluate("el => el.tagName") == "A"
        link.click()  # where a reader's pointer would be: it fails if anything covers the box
        page.wait_for_url(base_url + target)
        assert page.title().startswith(label)
        # and from the keyboard
        page.go_back()
        rendered(page)
        link = box(page, label)
        tab_to(page, link)
        ring = link.evaluate(
            "el => { const s = getComputedStyle(el); return { visible: el.matches(':focus-visible'),"
            " style: s.outlineStyle, width: parseFloat(s.outlineWidth) }; }"
        )
        assert ring["visible"] and ring["style"] != "none" and ring["width"] > 0, ring
        page.keyboard.press("Enter")
        page.wait_for_url(base_url + target)
        assert not theirs(outside), outside


def test_a_decisions_own_box_is_not_a_link(base_url: str) -> None:
    """On a decision's page its own box says where the reader is and leads nowhere: no link,
    not in the order of focus, and a click on it stays on the page."""
    for page, outside in browse(base_url):
        page.goto(base_url + "/decisions/ADR-0010/")
        rendered(page)
        own = page.locator(".tradeoffs-graph__node--here")
        assert own.count() == 1
        assert own.evaluate(
            "el => ({ tag: el.tagName, link: !!el.closest('a'), href: el.hasAttribute('href'),"
            " current: el.getAttribute('aria-current'), tab: el.tabIndex,"
            " id: el.querySelector('strong').textContent })"
        ) == {"tag": "SPAN", "link": False, "href": False, "current": "page", "tab": -1, "id": "ADR-0010"}
        own.click()
        page.wait_for_timeout(300)
        assert page.url == base_url + "/decisions/ADR-0010/"
        assert not theirs(outside), outside


def test_a_decisions_page_leads_to_its_groups_view_and_on(base_url: str, site: Path) -> None:
    html = (site / "decisions" / "ADR-0012" / "index.html").read_text(encoding="utf-8")
    size = re.search(r"Its group of (\d+) linked decisions", html)
    assert size is not None and int(size[1]) >= graph.GROUP_VIEW_MIN
    for page, outside in browse(base_url):
        page.goto(base_url + "/decisions/ADR-0012/")
        page.get_by_role("link", name="relation graph", exact=True).click()
        page.wait_for_url(base_url + "/decisions/graph/groups/ADR-0012/")
        rendered(page)
        assert f"{size[1]} decisions linked to one another" in page.inner_text("article")
        # and from the view to every view, then a tag's view and its listing
        page.get_by_role("link", name="Every view of the relation graph", exact=True).click()
        page.wait_for_url(base_url + "/decisions/graph/")
        page.locator("a[href='tags/web/']").click()
        page.wait_for_url(base_url + "/decisions/graph/tags/web/")
        rendered(page)
        page.get_by_role("link", name="the tag's list of decisions", exact=True).click()
        page.wait_for_url(base_url + "/decisions/tags/web/")
        assert not theirs(outside), outside


def test_a_wide_view_scrolls_in_its_figure_not_the_page_on_a_phone(base_url: str) -> None:
    for page, outside in browse(base_url, viewport={"width": 390, "height": 844}, is_mobile=True):
        page.goto(base_url + "/decisions/graph/groups/ADR-0012/")
        rendered(page)
        widths = page.evaluate(
            "() => { const box = document.querySelector('figure.tradeoffs-graph');"
            " return { page: document.documentElement.scrollWidth, view: innerWidth,"
            " box: box.clientWidth, drawn: box.scrollWidth, overflow: getComputedStyle(box).overflowX }; }"
        )
        assert widths["page"] <= widths["view"], widths
        assert widths["drawn"] > widths["box"] and widths["overflow"] == "auto", widths
        # scrolled sideways, the figure moves and the page stays
        scrolled = page.evaluate(
            "() => { const box = document.querySelector('figure.tradeoffs-graph'); box.scrollLeft = 200;"
            " return { box: box.scrollLeft, page: scrollX }; }"
        )
        assert scrolled["box"] > 0 and scrolled["page"] == 0, scrolled
        figures = page.evaluate(graph_browser.FIGURES)
        assert figures["smallest_label_px"] >= 16 and figures["overlaps"] == [], figures
        assert not theirs(outside), outside


def test_views_and_box_links_without_directory_urls_two_folders_deep(flat_url: str) -> None:
    for page, outside in browse(flat_url):
        # the graph page lists the views; a framework's view draws, and its boxes link
        page.goto(flat_url + "/architecture/decisions/graph.html")
        view = page.locator("a[href^='graph/frameworks/']").first
        href = view.get_attribute("href")
        view.click()
        page.wait_for_url(flat_url + "/architecture/decisions/" + href)
        rendered(page)
        first = page.locator("a.tradeoffs-graph__node").first
        label = first.locator("strong").inner_text()
        first.click()
        page.wait_for_url(flat_url + f"/architecture/decisions/{label}.html")
        # a decision's neighbourhood, where its own box is the page itself
        page.goto(flat_url + "/architecture/decisions/ADR-0010.html")
        rendered(page)
        assert page.locator("a.tradeoffs-graph__node--here").count() == 0
        assert box(page, "ADR-0010").evaluate("el => el.tagName") == "SPAN"
        label = supersedes_on_its_page(page)
        box(page, label).click()
        page.wait_for_url(flat_url + f"/architecture/decisions/{label}.html")
        assert page.title().startswith(label)
        assert not theirs(outside), outside


def test_the_plugins_pages_load_no_mermaid(site: Path, base_url: str) -> None:
    """The diagrams arrive drawn: a view and a decision's page name no Mermaid script and hold
    no Mermaid diagram, and the browser asks for none. The site still serves Mermaid, for a
    team's own ```mermaid diagrams."""
    mermaid = packaged_mermaid()
    if mermaid is not None:  # a package built without Mermaid serves none
        assert (site / "assets" / "tradeoffs" / "mermaid.min.js").read_bytes() == mermaid.read_bytes()
    paths = ["/decisions/graph/tags/web/", "/decisions/ADR-0010/", "/decisions/graph/"]
    for path in paths:
        html = (site / path.strip("/") / "index.html").read_text(encoding="utf-8")
        assert "mermaid.min.js" not in html and 'class="mermaid"' not in html, path
    requested: list[str] = []
    for page, outside in browse(base_url):
        page.on("request", lambda r: requested.append(r.url))
        for path in paths[:2]:
            page.goto(base_url + path)
            rendered(page)
            page.wait_for_load_state("networkidle")
        assert any(u.endswith("/assets/tradeoffs/tradeoffs.css") for u in requested), requested
        assert [u for u in requested if "mermaid" in u.lower()] == []
        assert page.evaluate("() => typeof window.mermaid") == "undefined"
        assert not theirs(outside), outside
