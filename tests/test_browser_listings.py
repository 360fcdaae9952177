"""Every overview page a listing like the log, in headless Chromium with every request outside the
site blocked: the log, a status, a tag and a framework page, open questions and health's findings
at 1,000 generated decisions, each page light (`MAX_PAGE_BYTES`), one page of rows laid out, its
data complete, its state in the address (through reload and Back), its rows reached by links
without JavaScript, its controls focused visibly and nothing wider than a phone; the log's decider
and date filters.

At 10,000: build the generated project once (`benchmarks/generate.py`, seed 7) and name it,
`TRADEOFFS_LISTINGS_10000=/tmp/n10000` (its `mkdocs.yml` built into `site-listings/`), and the
same tests run on it too. Timing is measured in benchmarks/overview_browser.py, not here.
"""

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
from tradeoffs.core.config import Settings
from tradeoffs.core.health import check_health
from tradeoffs.core.project import Project, load_project
from tradeoffs.site.charts import LISTED_STATUSES
from tradeoffs.site.layout import tag_slugs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate

pytestmark = pytest.mark.browser

BIG = os.environ.get("TRADEOFFS_LISTINGS_10000", "")
SIZES = [1000, *([10_000] if BIG else [])]
MAX_PAGE_BYTES = 300_000
"""The most an overview page's HTML may weigh at any size (issue 24)."""
ROWS = "table[data-tradeoffs-log-table] tbody tr"


@dataclass
class Generated:
    n: int
    site: Path
    project: Project
    base: str


@pytest.fixture(scope="module", params=SIZES, ids=lambda n: f"n{n}")
def generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Generated]:
    n = request.param
    if n == 1000:
        root = tmp_path_factory.mktemp("listings") / "project"
        config = generate.write_project(root, n)
        site = mkdocs_build(root, strict=False)  # the generated decisions leave facts open (warnings)
    else:
        root = Path(BIG)
        config, site = root / "mkdocs.yml", root / "site-listings"
        if not (site / "index.html").is_file():
            mkdocs_build(root, strict=False, site_dir=site)
    project = load_project(Settings.from_options(root, {}, config_file=config))
    with serve(site) as url:
        yield Generated(n, site, project, url)


@pytest.fixture
def tab(browser: Any, generated: Generated) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside = block_outside(context, generated.base)
    page = context.new_page()
    page.set_default_timeout(60_000)
    failed: list[str] = []

    def request_failed(request: Any) -> None:
        # a request the browser cancelled (a navigation or reload leaving a page whose favicon
        # was on its way) is not a failure of the site
        if request.url.startswith(generated.base) and request.failure != "net::ERR_ABORTED":
            failed.append(f"{request.failure} {request.url}")

    def response(r: Any) -> None:
        if r.status >= 400 and r.url.startswith(generated.base):
            failed.append(f"{r.status} {r.url}")

    page.on("requestfailed", request_failed)
    page.on("response", response)
    yield page
    context.close()
    # offline: nothing of the site's own failed or was missing, nothing outside it but the fonts
    assert not failed, failed
    assert [u for u in outside if not u.startswith("https://fonts.googleapis.com/")] == []


def biggest_tag(project: Project) -> tuple[str, int]:
    counts: dict[str, int] = {}
    for d in project.decisions:
        for t in d.tags:
            counts[t] = counts.get(t, 0) + 1
    tag = max(counts, key=lambda t: counts[t])
    return tag_slugs(project.decisions)[tag], counts[tag]


def listings(project: Project) -> list[tuple[str, int, str]]:
    """(address, rows it lists, what a row is) of every kind of overview listing."""
    settings = project.settings
    slug, tagged = biggest_tag(project)
    report = check_health(
        project,
        proposed_max_age_days=settings.health_proposed_max_age,
        recurring_cost_min=settings.health_recurring_cost_min,
    )
    evs = project.evaluations.values()
    return [
        ("/decisions/", len(project.decisions), "decisions"),
        ("/decisions/status/accepted/", sum(d.status == "accepted" for d in project.decisions), "decisions"),
        (f"/decisions/tags/{slug}/", tagged, "decisions"),
        (
            "/decisions/frameworks/cache-vs-recompute/",
            sum(ev.framework is not None and ev.framework.id == "cache-vs-recompute" for ev in evs),
            "decisions",
        ),
        (
            "/decisions/open-questions/",
            sum(bool(ev.open_questions) and ev.decision.status in LISTED_STATUSES for ev in evs),
            "decisions",
        ),
        ("/decisions/health/", len(report.findings), "findings"),
    ]


def ready(page: Any) -> None:
    page.wait_for_function("() => document.querySelector('.tradeoffs-log-filters')?.dataset.ready === '1'")


def numbers(page: Any) -> list[int]:
    return [int(n) for n in page.locator(f"{ROWS} td:first-child").all_text_contents()]


@pytest.mark.parametrize(
    "kind", range(6), ids=["log", "status", "tag", "framework", "open-questions", "health"]
)
def test_each_overview_page_is_light_and_lays_out_one_page_of_rows(
    generated: Generated, tab: Any, kind: int
) -> None:
    path, count, noun = listings(generated.project)[kind]
    weight = (generated.site / path.strip("/") / "index.html").stat().st_size
    assert weight <= MAX_PAGE_BYTES, f"{path} weighs {weight:,} bytes"
    tab.goto(generated.base + path)
    ready(tab)
    assert tab.locator(".tradeoffs-count").inner_text() == f"{count} of {count} {noun}"
    assert tab.locator(ROWS).count() == min(count, 100)
    assert tab.locator("nav.tradeoffs-pager-static").count() == 0  # the script's pager replaced it
    pages = -(-count // 100)
    if pages == 1:  # (a tag at 1,000)
        assert tab.locator("nav.tradeoffs-pager").is_hidden()
        return
    assert f"page 1 of {pages}" in tab.locator("nav.tradeoffs-pager").inner_text()
    # the last page holds the rest
    tab.goto(f"{generated.base}{path}?page={pages}")
    ready(tab)
    assert tab.locator(ROWS).count() == count - (pages - 1) * 100


def test_a_status_page_keeps_its_filters_sort_and_page_in_the_address(generated: Generated, tab: Any) -> None:
    project = generated.project
    accepted = [ev for ev in project.evaluations.values() if ev.decision.status == "accepted"]
    tab.goto(generated.base + "/decisions/status/accepted/")
    ready(tab)
    assert tab.locator(".tradeoffs-log-filters select[name=status]").count() == 0  # one status: no choice
    tab.locator("th button", has_text="#").click()
    tab.locator("th button", has_text="#").click()  # descending
    newest = sorted((ev.decision.number for ev in accepted), reverse=True)
    tab.locator("nav.tradeoffs-pager .tradeoffs-pager-next").click()
    tab.wait_for_url(re.compile(r"page=2"))
    assert numbers(tab) == newest[100:200]
    framework = "Cache vs recompute"
    tab.select_option("select[name=framework]", framework)
    tab.wait_for_url(re.compile(r"framework="))
    theirs = [
        n for n in newest if (fw := project.evaluations[n].framework) is not None and fw.title == framework
    ]
    assert numbers(tab) == theirs[:100]  # a choice starts again at page 1
    url = tab.url
    assert "framework=Cache+vs+recompute" in url and "sort=number" in url and "order=desc" in url
    assert "page=" not in url
    tab.reload()
    ready(tab)
    assert numbers(tab) == theirs[:100]
    tab.go_back()
    tab.wait_for_function(
        "() => location.search.includes('page=2') && !location.search.includes('framework')"
    )
    assert numbers(tab) == newest[100:200]


def test_the_log_filters_by_decider_and_dates(generated: Generated, tab: Any) -> None:
    project = generated.project
    deciders = sorted({p for d in project.decisions for p in d.deciders})
    who = deciders[1]
    tab.goto(generated.base + "/decisions/")
    ready(tab)
    tab.select_option("select[name=decider]", who)
    tab.wait_for_url(re.compile(r"decider="))
    mine = [d for d in project.decisions if who in d.deciders]
    assert (
        tab.locator(".tradeoffs-count").inner_text() == f"{len(mine)} of {len(project.decisions)} decisions"
    )
    assert numbers(tab) == [d.number for d in mine][:100]
    dated = sorted(d.date for d in mine if d.date)
    start, end = dated[len(dated) // 4], dated[len(dated) // 2]
    for name, value in (("from", start), ("to", end)):
        tab.fill(f"input[name={name}]", value.isoformat())
        tab.dispatch_event(f"input[name={name}]", "change")
    tab.wait_for_url(re.compile(rf"from={start.isoformat()}&to={end.isoformat()}"))
    within = [d.number for d in mine if d.date and start <= d.date <= end]
    assert numbers(tab) == within[:100]
    tab.reload()
    ready(tab)
    assert numbers(tab) == within[:100]
    assert tab.input_value("select[name=decider]") == who
    assert tab.input_value("input[name=from]") == start.isoformat()
    tab.go_back()  # the dates were one step each
    tab.go_back()
    tab.wait_for_function("() => !location.search.includes('from=')")
    assert numbers(tab) == [d.number for d in mine][:100]


@pytest.mark.parametrize("kind", [1, 4, 5], ids=["status", "open-questions", "health"])
def test_without_javascript_the_pager_links_static_pages_of_rows(
    browser: Any, generated: Generated, kind: int
) -> None:
    path, count, noun = listings(generated.project)[kind]
    context = browser.new_context(java_script_enabled=False)
    outside = block_outside(context, generated.base)
    page = context.new_page()
    try:
        page.goto(generated.base + path)
        rows = page.locator("article table[data-search-exclude]:not(.tradeoffs-chart) tbody tr")
        assert rows.count() == 100
        first = rows.first.inner_text()
        pager = page.locator("nav.tradeoffs-pager-static")
        assert f"{noun.capitalize()} 1–100 of {count:,}, page 1 of {-(-count // 100)}" in pager.inner_text()
        pager.locator(".tradeoffs-pager-next").click()
        page.wait_for_url(re.compile(re.escape(path) + r"2/$"))
        assert rows.count() == min(100, count - 100) and rows.first.inner_text() != first
        assert f"{noun.capitalize()} 101–" in page.locator("nav.tradeoffs-pager-static").inner_text()
        page.locator("article a", has_text="Back to the first page").click()
        page.wait_for_url(re.compile(re.escape(path) + "$"))
    finally:
        context.close()
    assert [u for u in outside if not u.startswith("https://fonts.googleapis.com/")] == []


FOCUS = """sel => { const el = document.querySelector(sel); el.focus();
  const s = getComputedStyle(el); return [document.activeElement === el, s.outlineStyle, parseFloat(s.outlineWidth)]; }"""


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("/decisions/", ".tradeoffs-log-filters input[name=from]"),
        ("/decisions/", ".tradeoffs-log-filters select[name=decider]"),
        ("/decisions/health/", ".tradeoffs-log-filters select[name=kind]"),
        ("/decisions/open-questions/", "nav.tradeoffs-pager .tradeoffs-pager-next"),
    ],
)
def test_focus_is_visible(generated: Generated, tab: Any, path: str, selector: str) -> None:
    tab.goto(generated.base + path)
    ready(tab)
    focused, style, width = tab.evaluate(FOCUS, selector)
    assert focused and style != "none" and width >= 2, (style, width)


@pytest.mark.parametrize("kind", [1, 4, 5], ids=["status", "open-questions", "health"])
def test_listings_fit_a_phone(generated: Generated, tab: Any, kind: int) -> None:
    path = listings(generated.project)[kind][0]
    tab.set_viewport_size({"width": 375, "height": 800})
    tab.goto(generated.base + path)
    ready(tab)
    wide = tab.evaluate("""() => { const w = document.documentElement.clientWidth;
      return [document.documentElement.scrollWidth, w,
              [...document.querySelectorAll('article *')].filter(e => e.getBoundingClientRect().right > w + 1)
                .slice(0, 3).map(e => e.tagName + '.' + e.className)]; }""")
    assert wide[0] <= wide[1], wide
