"""The site of 1,000 generated decisions (`search: pagefind`, Mermaid as the package serves it, a
hand-written page with a Mermaid diagram of the team's own) in headless Chromium with every
request outside the site blocked: the relation diagrams' text readable on its boxes in light and
dark schemes, Mermaid only on the page with a Mermaid diagram, Pagefind debounced with the query
shown being the query answered and its box labelled, ids typed into the log's filter, visible
focus, the health page on a phone, and short links that preview their decision. With
`TRADEOFFS_SITE_10000` naming a project of 10,000 generated decisions, the same tests run on its
site too. Timing is measured in benchmarks/, not here."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import block_outside, mkdocs_build, serve
from tradeoffs.site import pagefind
from tradeoffs.site.diagrams import packaged_mermaid

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate
from contrast import contrast
from graph_browser import SCHEME, palette_of

REPO = Path(__file__).resolve().parents[1]
AXE = REPO / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
N = 1000
BIG = os.environ.get("TRADEOFFS_SITE_10000", "")
"""A project of 10,000 generated decisions (`benchmarks/generate.py`, seed 7, with `search:
pagefind` under the plugin): the same tests run on it too, and test_browser_graph's."""
SIZES = [N, *([10_000] if BIG else [])]

pytestmark = pytest.mark.browser

needs_mermaid = pytest.mark.skipif(
    packaged_mermaid() is None,
    reason="the package was built without Mermaid (setup.py takes it from npm when it is installed)",
)

# Material draws each diagram in a closed shadow root; the tests open it to measure inside.
OPEN_SHADOWS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (options) {
  return attach.call(this, Object.assign({}, options, { mode: "open" }));
};
"""


TEAM_PAGE = "our-systems.md"
TEAM_DIAGRAM = """\
# Our systems

```mermaid
graph LR
  shop[Shop] --> api[Orders API]
```
"""
"""A hand-written page with a Mermaid diagram of the team's own (the 1,000-decision site's)."""


@pytest.fixture(scope="module", params=SIZES, ids=lambda n: f"n{n}")
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == N:
        work = tmp_path_factory.mktemp("scale")
        config = generate.write_project(work / "project", N)
        text = config.read_text(encoding="utf-8").replace(
            generate.PLUGIN_ENTRY, generate.PLUGIN_ENTRY + "      search: pagefind\n"
        )
        (config.parent / "docs" / TEAM_PAGE).write_text(TEAM_DIAGRAM, encoding="utf-8")
        text = text.replace(
            "  - How we decide: how-we-decide.md\n",
            f"  - How we decide: how-we-decide.md\n  - Our systems: {TEAM_PAGE}\n",
        )
        config.write_text(text, encoding="utf-8")
        return mkdocs_build(config.parent, strict=False, site_dir=work / "site")
    root = Path(BIG)  # its mkdocs.yml has `search: pagefind`; built once into site-scale/
    site = root / "site-scale"
    if not (site / "index.html").is_file():
        mkdocs_build(root, strict=False, site_dir=site)
    return site


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@dataclass
class Tab:
    """A page in a fresh context that reaches only the site, and what it tried outside."""

    page: Any
    outside: list[str]
    base: str

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)


def new_tab(browser: Any, base_url: str, **options: Any) -> Tab:
    context = browser.new_context(**({"viewport": {"width": 1280, "height": 900}} | options))
    outside = block_outside(context, base_url)
    context.add_init_script(OPEN_SHADOWS)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return Tab(page, outside, base_url)


@pytest.fixture
def tab(browser: Any, base_url: str) -> Iterator[Tab]:
    opened = new_tab(browser, base_url)
    yield opened
    opened.page.context.close()


def theirs(outside: list[str]) -> list[str]:
    """Requests outside the site but the theme's web fonts (refused; it falls back to system fonts)."""
    return [u for u in outside if not u.startswith("https://fonts.googleapis.com/")]


# ------------------------------------------------------------------------------------ diagrams


# The text of every box of the page's relation diagrams with the box's colour behind it, and
# each line's colour with the page's behind the diagram.
DIAGRAM_COLOURS = """() => {
  const behind = el => {
    for (; el; el = el.parentElement) {
      const c = getComputedStyle(el).backgroundColor;
      if (c && c !== 'rgba(0, 0, 0, 0)') return c;
    }
    return 'rgb(255, 255, 255)';
  };
  const out = [];
  for (const figure of document.querySelectorAll('figure.tradeoffs-graph')) {
    for (const box of figure.querySelectorAll('.tradeoffs-graph__node')) {
      for (const text of box.querySelectorAll('strong, .tradeoffs-graph__status, .tradeoffs-graph__title')) {
        out.push({kind: text.matches('strong') ? 'id' : text.className.replace('tradeoffs-graph__', ''),
                  text: text.textContent, fg: getComputedStyle(text).color, bg: behind(text)});
      }
    }
    for (const line of figure.querySelectorAll('path.tradeoffs-graph__line')) {
      out.push({kind: 'line', text: line.textContent, fg: getComputedStyle(line).stroke, bg: behind(figure)});
    }
  }
  return out;
}"""


@pytest.mark.parametrize("path", ["/decisions/ADR-0010/", "/decisions/graph/tags/web/"])
def test_diagram_text_reaches_aa_contrast_in_light_and_dark(site: Path, tab: Tab, path: str) -> None:
    """Each box's id, status and title on the box's status colour at 4.5:1 at least, and the
    lines against the page at 3:1 (WCAG 1.4.11), in the light and the dark scheme (Material's
    palette stylesheet loaded when the site has none, as a site with a dark scheme shows it)."""
    page, outside = tab.page, tab.outside
    tab.goto(path)
    page.locator("figure.tradeoffs-graph .tradeoffs-graph__node").first.wait_for()
    palette = palette_of(site)
    assert palette is not None
    pages: dict[str, str] = {}
    boxes: set[str] = set()
    for scheme in ("default", "slate"):
        pages[scheme] = page.evaluate(SCHEME, [scheme, tab.base + palette])
        found = page.evaluate(DIAGRAM_COLOURS)
        assert {f["kind"] for f in found} == {"id", "status", "title", "line"}, found[:3]
        texts = [f for f in found if f["kind"] != "line"]
        boxes |= {f["bg"] for f in texts}
        poor = [(f["text"], f["fg"], f["bg"]) for f in texts if contrast(f["fg"], f["bg"]) < 4.5]
        assert not poor, f"{scheme}: {poor[:5]}"
        lines = [f for f in found if f["kind"] == "line"]
        assert all(f["bg"] == pages[scheme] for f in lines), (scheme, lines[:2], pages[scheme])
        faint = [(f["text"], f["fg"], f["bg"]) for f in lines if contrast(f["fg"], f["bg"]) < 3]
        assert not faint, f"{scheme}: {faint[:5]}"
    assert pages["default"] != pages["slate"], pages  # the dark scheme was shown
    assert len(boxes) > 1  # the boxes' own colours (by status), not the page's
    assert not theirs(outside), outside


PLUGIN_PAGES = ["/", "/decisions/", "/decisions/graph/tags/web/", "/decisions/ADR-0010/"]
"""The home page, the log, a view of the relation graph and a decision with relations."""


@needs_mermaid
def test_mermaid_loads_only_for_a_teams_own_diagram_and_from_the_site(site: Path, tab: Tab) -> None:
    served = site / "assets" / "tradeoffs" / "mermaid.min.js"
    assert served.read_bytes() == packaged_mermaid().read_bytes()  # type: ignore[union-attr]
    for path in PLUGIN_PAGES:
        html = (site / path.strip("/") / "index.html").read_text(encoding="utf-8")
        assert "mermaid.min.js" not in html and 'class="mermaid"' not in html, path

    page, outside = tab.page, tab.outside
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url))
    for path in PLUGIN_PAGES:
        tab.goto(path)
        page.wait_for_load_state("networkidle")
        if "ADR-" in path or "/graph/" in path:  # drawn when the site was built: no script to wait for
            assert page.locator("figure.tradeoffs-graph .tradeoffs-graph__node").first.is_visible(), path
    assert not [u for u in loaded if "mermaid" in u.lower()], loaded
    team = site / TEAM_PAGE.removesuffix(".md") / "index.html"
    if not team.is_file():
        pytest.skip(f"{BIG} has no hand-written page with a Mermaid diagram")
    html = team.read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    assert '<script src="../assets/tradeoffs/mermaid.min.js"></script>' in head
    tab.goto("/" + TEAM_PAGE.removesuffix(".md") + "/")
    page.wait_for_function(
        "() => document.querySelector('div.mermaid')?.shadowRoot?.querySelector('svg g.node')"
    )
    assert [u for u in loaded if "mermaid" in u.lower()] == [tab.base + "/assets/tradeoffs/mermaid.min.js"]
    assert not theirs(outside), outside  # nothing from a CDN: an intranet sees the diagram


# -------------------------------------------------------------------------------------- search


def open_search(tab: Tab) -> Any:
    page = tab.page
    tab.goto("/")
    page.wait_for_load_state("networkidle")
    page.locator(".tradeoffs-pagefind-button").click()
    box = page.locator("#tradeoffs-pagefind input.pagefind-ui__search-input")
    box.wait_for()
    page.wait_for_load_state("networkidle")  # the engine warmed up
    return box


FIRST = ".pagefind-ui__result:first-child .pagefind-ui__result-title .pagefind-ui__result-link"
"""The first result's title link (its sub-results, the page's sections, are links too)."""

# The terms the page sends Pagefind's worker to search for ({id, instanceId, method, args}).
COUNT_SEARCHES = """
window.__searches = [];
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message) {
  if (message && message.method === 'search') window.__searches.push(message.args[0]);
  return post.apply(this, arguments);
};
"""


def test_typing_sends_one_search_and_shows_the_answer_to_the_query_shown(tab: Tab) -> None:
    page, outside = tab.page, tab.outside
    page.add_init_script(COUNT_SEARCHES)
    box = open_search(tab)
    page.evaluate("() => { window.__searches = []; }")
    box.press_sequentially("adr 0500", delay=40)  # faster than the debounce
    first = page.locator(FIRST).first
    page.locator(FIRST).filter(has_text="ADR-0500").first.wait_for()
    page.wait_for_timeout(600)  # anything still in flight would land now
    message = page.locator(".pagefind-ui__message").inner_text()
    assert message.endswith("for adr 0500"), message
    assert "ADR-0500" in first.inner_text()
    searches = page.evaluate("() => window.__searches")
    # one search, for the query typed (a search per key queued eight, answered seconds late)
    assert searches == ["ADR-0500"], searches
    assert not theirs(outside), outside


def test_a_late_answer_never_replaces_a_newer_one(tab: Tab) -> None:
    """The answer to an earlier query arrives after the answer to the query now in the box (its
    index and fragment files held back): the box's query keeps its own results."""
    page = tab.page
    box = open_search(tab)
    held: list[Any] = []
    hold = {"on": True}

    def slow(route: Any) -> None:
        if hold["on"]:
            held.append(route)
        else:
            route.continue_()

    page.route(re.compile(r".*/pagefind/(index|fragment)/.*"), slow)
    box.fill("catalogue")  # its index chunk and fragments are held back
    page.wait_for_timeout(600)
    hold["on"] = False
    box.fill("adr 0700")
    page.wait_for_timeout(1000)
    for route in held:  # the earlier query's answer arrives last
        route.continue_()
    first = page.locator(FIRST).first
    page.locator(FIRST).filter(has_text="ADR-0700").first.wait_for()
    page.wait_for_timeout(1500)
    assert held, "nothing was held back: the test did not delay the first answer"
    assert page.locator(".pagefind-ui__message").inner_text().endswith("for adr 0700")
    assert "ADR-0700" in first.inner_text()


def test_the_search_box_has_a_label(tab: Tab) -> None:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (scripts/test installs it with npm into .tools/)")
    page = tab.page
    open_search(tab)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
      const r = await axe.run(document.querySelector('#tradeoffs-pagefind'), {runOnly: ['label']});
      return r.violations.map(v => v.id);
    }""")
    assert found == []
    label = page.evaluate("() => document.querySelector('#tradeoffs-pagefind input').labels[0].textContent")
    assert label == "Search the site"


@pytest.mark.parametrize("query", ["ADR-7", "adr 7", "ADR-0007", "adr_7"])
def test_an_id_typed_into_the_logs_filter_finds_its_decision(tab: Tab, query: str) -> None:
    page = tab.page
    tab.goto("/decisions/")
    page.locator(".tradeoffs-count").wait_for()
    page.fill(".tradeoffs-filter-text", query)
    page.wait_for_function("() => document.querySelector('.tradeoffs-count').textContent.startsWith('1 of')")
    rows = page.locator("table[data-tradeoffs-log-table] tbody tr td:first-child").all_text_contents()
    assert rows == ["7"]


def test_a_large_index_is_cut_into_parts_that_search_together(tmp_path: Path, browser: Any) -> None:
    config = generate.write_project(tmp_path / "project", 60)
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            generate.PLUGIN_ENTRY, generate.PLUGIN_ENTRY + "      search: pagefind\n"
        ),
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pagefind, "PART_PAGES", 25)
        site = mkdocs_build(config.parent, strict=False, site_dir=tmp_path / "site")
    assert (site / "pagefind-2").is_dir() and (site / "pagefind-3").is_dir()
    assert not (site / "pagefind-4").exists() and not (site / ".tradeoffs-pagefind-stage").exists()
    with serve(site) as url:
        parts = new_tab(browser, url)
        box = open_search(parts)
        for number in (3, 58):  # in the first part and in the last
            box.fill(f"ADR-{number}")
            parts.page.locator(FIRST).filter(has_text=f"ADR-{number:04d}").first.wait_for()
        parts.page.context.close()


# ------------------------------------------------------------------------- focus, phone, links


FOCUS = """sel => { const el = document.querySelector(sel); el.focus();
  const s = getComputedStyle(el); return [document.activeElement === el, s.outlineStyle, parseFloat(s.outlineWidth)]; }"""


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("/decisions/", ".tradeoffs-filter-text"),
        ("/decisions/", ".tradeoffs-log-filters select"),
        ("/decisions/frameworks/cost-vs-latency/", ".tradeoffs-tryit-form input"),
        ("/decisions/frameworks/cost-vs-latency/", ".tradeoffs-tryit-form select"),
    ],
)
def test_focus_is_visible(tab: Tab, path: str, selector: str) -> None:
    page = tab.page
    tab.goto(path)
    page.locator(selector).first.wait_for()
    focused, style, width = page.evaluate(FOCUS, selector)
    assert focused and style != "none" and width >= 2, (style, width)


def test_the_health_page_fits_a_phone(browser: Any, base_url: str) -> None:
    phone = new_tab(browser, base_url, viewport={"width": 375, "height": 800})
    page, context = phone.page, phone.page.context
    phone.goto("/decisions/health/")
    page.wait_for_load_state("networkidle")
    wide = page.evaluate("""() => { const w = document.documentElement.clientWidth;
      return [document.documentElement.scrollWidth, w,
              [...document.querySelectorAll('article *')].filter(e => e.getBoundingClientRect().right > w + 1)
                .slice(0, 3).map(e => e.tagName + '.' + e.className)]; }""")
    context.close()
    assert wide[0] <= wide[1], wide


def test_short_links_preview_their_decision(site: Path, base_url: str, browser: Any) -> None:
    short = (site / "adr" / "7" / "index.html").read_text(encoding="utf-8")
    full = (site / "decisions" / "ADR-0007" / "index.html").read_text(encoding="utf-8")

    def meta(html: str, key: str) -> str:
        found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
        assert found, key
        return found[1]

    assert "Redirecting" not in short
    for key in ("og:title", "og:description", "twitter:title"):
        assert meta(short, key) == meta(full, key)
    assert meta(short, "og:title").startswith("ADR-0007: ")
    assert meta(short, "description") == meta(full, "og:description")
    # and it still sends a browser on to the decision
    reader = new_tab(browser, base_url)
    reader.goto("/adr/7/")
    reader.page.wait_for_url(base_url + "/decisions/ADR-0007/")
    reader.page.context.close()
