"""The site of 1,000 generated decisions (`search: pagefind`, Mermaid as the package serves it) in
headless Chromium with every request outside the site blocked: diagram labels readable on the
rendered SVG in light and dark schemes, Mermaid only on pages with a diagram, Pagefind debounced
with the query shown being the query answered and its box labelled, ids typed into the log's
filter, visible focus, the health page on a phone, and short links that preview their decision.
With `TRADEOFFS_SITE_10000` naming a project of 10,000 generated decisions, the same tests run
on its site too. Timing is measured in benchmarks/, not here."""

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
from contrast import LABEL_COLOURS, contrast

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


@pytest.fixture(scope="module", params=SIZES, ids=lambda n: f"n{n}")
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == N:
        work = tmp_path_factory.mktemp("scale")
        config = generate.write_project(work / "project", N)
        text = config.read_text(encoding="utf-8").replace(
            generate.PLUGIN_ENTRY, generate.PLUGIN_ENTRY + "      search: pagefind\n"
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


@needs_mermaid
@pytest.mark.parametrize("path", ["/decisions/ADR-0010/", "/decisions/graph/tags/web/"])
def test_diagram_labels_reach_aa_contrast_in_light_and_dark(tab: Tab, path: str) -> None:
    page, outside = tab.page, tab.outside
    tab.goto(path)
    page.wait_for_function(
        "() => { const hosts = [...document.querySelectorAll('div.mermaid')];"
        " return hosts.length && hosts.every(h => h.shadowRoot && h.shadowRoot.querySelector('svg g.node')); }"
    )
    for scheme in ("default", "slate"):
        page.evaluate(f"() => document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        labels = page.evaluate(LABEL_COLOURS)
        assert {label["kind"] for label in labels} == {"node", "edge"}, labels[:3]
        poor = [(lb["text"], lb["fg"], lb["bg"]) for lb in labels if contrast(lb["fg"], lb["bg"]) < 4.5]
        assert not poor, f"{scheme}: {poor[:5]}"
    assert not theirs(outside), outside


@needs_mermaid
def test_mermaid_loads_only_where_there_is_a_diagram_and_from_the_site(site: Path, tab: Tab) -> None:
    served = site / "assets" / "tradeoffs" / "mermaid.min.js"
    assert served.read_bytes() == packaged_mermaid().read_bytes()  # type: ignore[union-attr]
    home = (site / "index.html").read_text(encoding="utf-8")
    log = (site / "decisions" / "index.html").read_text(encoding="utf-8")
    assert "mermaid.min.js" not in home and "mermaid.min.js" not in log
    adr = (site / "decisions" / "ADR-0010" / "index.html").read_text(encoding="utf-8")
    head = adr[: adr.index("</head>")]
    assert '<script src="../../assets/tradeoffs/mermaid.min.js"></script>' in head

    page, outside = tab.page, tab.outside
    loaded: list[str] = []
    page.on("requestfinished", lambda r: loaded.append(r.url))
    tab.goto("/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in loaded if "mermaid" in u]
    tab.goto("/decisions/ADR-0010/")
    page.wait_for_function(
        "() => document.querySelector('div.mermaid')?.shadowRoot?.querySelector('svg g.node')"
    )
    assert any(u.endswith("/assets/tradeoffs/mermaid.min.js") for u in loaded)
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
