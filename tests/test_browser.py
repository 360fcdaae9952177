"""The demo site in headless Chromium: search, the decision log's filters, links and short URLs.

With TRADEOFFS_UPDATE_SCREENSHOTS=1 it also rewrites the screenshots the README shows
(docs/assets/screenshots/).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import CHROMIUM_ARGS, chromium, mkdocs_build, serve
from tradeoffs.core.config import load_settings
from tradeoffs.core.project import load_project

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "docs" / "assets" / "screenshots"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("demo") / "site"
    # Not strict: the first run is the one that writes the screenshots the home page shows.
    mkdocs_build(REPO, strict=False, site_dir=site)
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[Any]:
    executable, sync_api = chromium()
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        # the site must work with nothing but itself (an intranet)
        context.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort(),
        )
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        yield tab
        context.close()
        browser.close()


@pytest.fixture(scope="module")
def project() -> Any:
    return load_project(load_settings(REPO / "mkdocs.yml"))


def visible_rows(page: Any) -> list[dict[str, str]]:
    rows = page.locator("table[data-tradeoffs-log-table] tbody tr:not([hidden])")
    out = []
    for i in range(rows.count()):
        cells = [c.strip() for c in rows.nth(i).locator("td").all_text_contents()]
        out.append({"number": cells[0], "title": cells[1], "status": cells[2], "framework": cells[3]})
    return out


def test_search_finds_a_decision(page: Any, base_url: str, project: Any) -> None:
    decision = project.decision(1)
    page.goto(base_url + "/")
    page.wait_for_load_state("networkidle")  # the search worker has its index
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(" ".join(decision.title.split()[:2]), delay=30)
    result = page.locator("a.md-search-result__link", has_text=decision.id).first
    result.wait_for()
    result.click()
    page.wait_for_url(re.compile(rf"/decisions/{decision.id}/"))
    assert decision.id in page.locator("h1").first.inner_text()


def test_decision_log_filters(page: Any, base_url: str, project: Any) -> None:
    page.goto(base_url + "/decisions/")
    page.locator("table[data-tradeoffs-log-table]").wait_for()
    everything = visible_rows(page)
    assert len(everything) == len(project.decisions)

    page.select_option("select[name=status]", "accepted")
    rows = visible_rows(page)
    expected = [d for d in project.decisions if d.status == "accepted"]
    assert len(rows) == len(expected) and all(r["status"] == "accepted" for r in rows)
    assert page.locator(".tradeoffs-count").inner_text().startswith(f"{len(expected)} of ")

    page.select_option("select[name=status]", "")
    framework = next(ev.framework for ev in project.evaluations.values() if ev.framework)
    page.select_option("select[name=framework]", framework.title)
    rows = visible_rows(page)
    assert rows and all(r["framework"] == framework.title for r in rows)
    assert len(rows) == sum(1 for d in project.decisions if d.framework == framework.id)

    page.select_option("select[name=framework]", "")
    target = project.decision(2)
    page.fill("input.tradeoffs-filter-text", target.title.lower())
    page.locator(".tradeoffs-count", has_text=re.compile(r"^1 of ")).wait_for()  # typing is debounced
    rows = visible_rows(page)
    assert [r["number"] for r in rows] == [str(target.number)]

    page.fill("input.tradeoffs-filter-text", "")
    page.locator(".tradeoffs-count", has_text=f"{len(project.decisions)} of ").wait_for()
    page.locator("table[data-tradeoffs-log-table] thead th").first.click()
    page.locator("table[data-tradeoffs-log-table] thead th").first.click()  # descending
    numbers = [int(r["number"]) for r in visible_rows(page)]
    assert numbers == sorted(numbers, reverse=True)


def test_decision_log_state_in_the_url(page: Any, base_url: str, project: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url + "/decisions/")
    page.locator("table[data-tradeoffs-log-table]").wait_for()
    page.select_option("select[name=status]", "accepted")
    page.wait_for_url(re.compile(r"/decisions/\?status=accepted$"))
    page.locator("table[data-tradeoffs-log-table] thead th").first.click()
    page.locator("table[data-tradeoffs-log-table] thead th").first.click()
    page.wait_for_url(re.compile(r"[?&]sort=number&order=desc$"))
    word = project.decisions[0].title.split()[0].lower()
    page.locator("input.tradeoffs-filter-text").press_sequentially(word, delay=20)
    page.wait_for_url(re.compile(rf"[?&]text={re.escape(word)}(&|$)"))
    expected = [d for d in project.decisions if d.status == "accepted"]

    def check_state() -> None:
        assert page.input_value("select[name=status]") == "accepted"
        assert page.input_value("input.tradeoffs-filter-text") == word
        rows = visible_rows(page)
        assert rows and all(r["status"] == "accepted" for r in rows)
        assert all(
            word
            in page.locator("table[data-tradeoffs-log-table] tbody tr:not([hidden])")
            .nth(i)
            .inner_text()
            .lower()
            for i in range(len(rows))
        )
        assert len(rows) <= len(expected)
        numbers = [int(r["number"]) for r in rows]
        assert numbers == sorted(numbers, reverse=True)
        th = page.locator("table[data-tradeoffs-log-table] thead th").first
        assert th.get_attribute("aria-sort") == "descending"

    check_state()
    shared = page.url
    page.reload()
    page.locator(".tradeoffs-count").wait_for()
    check_state()
    first = visible_rows(page)[0]["number"]
    page.locator("table[data-tradeoffs-log-table] tbody tr:not([hidden]) td:nth-child(2) a").first.click()
    page.wait_for_url(re.compile(rf"/decisions/ADR-0*{first}/$"))
    page.go_back()
    page.wait_for_url(shared)
    page.locator(".tradeoffs-count").wait_for()
    check_state()
    # Back over a choice undoes it (popstate), Forward brings it back
    page.go_back()
    page.wait_for_function("() => !location.search.includes('order=desc')")
    assert (
        page.locator("table[data-tradeoffs-log-table] thead th").first.get_attribute("aria-sort")
        == "ascending"
    )
    page.go_forward()
    page.wait_for_function("() => location.search.includes('order=desc')")
    check_state()
    # a link with no state shows every decision
    page.goto(base_url + "/decisions/")
    assert len(visible_rows(page)) == len(project.decisions)


def test_decision_log_fits_a_phone(page: Any, base_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto(base_url + "/decisions/")
        page.locator(".tradeoffs-count").wait_for()
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"the log scrolls sideways on a phone: {widths}"
        table = page.evaluate("() => document.querySelector('table[data-tradeoffs-log-table]').scrollWidth")
        assert table <= widths[1]
        # the cards still caption each value
        caption = page.evaluate(
            "() => getComputedStyle(document.querySelector("
            "'table[data-tradeoffs-log-table] td:nth-child(3)'), '::before').content"
        )
        assert "Status" in caption
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def test_supersedes_link_and_banner(page: Any, base_url: str, project: Any) -> None:
    newer = next((d for d in project.decisions if d.supersedes), None)
    assert newer is not None, "the demo has a decision that supersedes another"
    older = project.decision(newer.supersedes[0])
    page.goto(f"{base_url}/decisions/{newer.id}/")
    page.locator(f"article a[href='../{older.id}/']").first.click()
    page.wait_for_url(re.compile(rf"/decisions/{older.id}/$"))
    banner = page.locator(".admonition.warning").first
    assert f"Superseded by {newer.id}" in banner.inner_text()


def test_short_url_redirects(page: Any, base_url: str, project: Any) -> None:
    decision = project.decision(3)
    page.goto(f"{base_url}/adr/{decision.number}/")
    page.wait_for_url(re.compile(rf"/decisions/{decision.id}/$"))
    assert decision.id in page.locator("h1").first.inner_text()


def test_screenshots(page: Any, base_url: str, tmp_path: Path) -> None:
    # The README's pictures are refreshed on request, so a test run leaves the work tree clean.
    out = SCREENSHOTS if os.environ.get("TRADEOFFS_UPDATE_SCREENSHOTS") else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{base_url}/decisions/ADR-0001/#analysis")
    page.locator("#analysis").wait_for()
    page.screenshot(path=str(out / "adr-page.png"))
    page.goto(f"{base_url}/decisions/")
    page.locator(".tradeoffs-count").wait_for()
    page.screenshot(path=str(out / "decision-log.png"))
    for name in ("adr-page.png", "decision-log.png"):
        assert (out / name).stat().st_size > 10_000


AXE = REPO / ".tools" / "node_modules" / "axe-core" / "axe.min.js"


def axe_pages(project: Any) -> list[str]:
    """One page of each kind the plugin makes."""
    tag = sorted({t for d in project.decisions for t in d.tags})[0]
    framework = next(ev.framework for ev in project.evaluations.values() if ev.framework)
    return [
        "/decisions/",
        f"/decisions/{project.decision(2).id}/",
        "/decisions/status/accepted/",
        "/decisions/tags/",
        f"/decisions/tags/{tag}/",
        f"/decisions/frameworks/{framework.id}/",
        "/decisions/open-questions/",
        "/decisions/graph/",
        "/decisions/health/",
    ]


def test_axe_finds_nothing_in_the_plugins_markup(page: Any, base_url: str, project: Any) -> None:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (scripts/test installs it with npm into .tools/)")
    found = []
    for path in axe_pages(project):
        response = page.goto(base_url + path)
        assert response is not None and response.ok, path
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        # only what the plugin writes: the article and its own assets, not the theme's frame
        # (header, navigation, search, footer); links told apart from text by colour alone
        # (link-in-text-block) are the theme's link style. docs/plugin-setup.md lists both.
        result = page.evaluate("""async () => {
          const r = await axe.run(document.querySelector('article'),
                                  {resultTypes: ['violations'], rules: {'link-in-text-block': {enabled: false}}});
          return r.violations.map(v => ({id: v.id, impact: v.impact,
                                         targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }""")
        found += [(path, v["id"], v["impact"], v["targets"]) for v in result]
    assert not found, "\n".join(map(str, found))
