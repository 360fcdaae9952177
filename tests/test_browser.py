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

from conftest import block_outside, mkdocs_build, serve
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


def site_tab(browser: Any, base: str, **options: Any) -> Any:
    """A tab in a context of its own that can reach nothing but the site at `base` (an intranet)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    block_outside(context, base)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return tab


@pytest.fixture(scope="module")
def page(browser: Any, base_url: str) -> Iterator[Any]:
    tab = site_tab(browser, base_url)
    yield tab
    tab.context.close()


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
    """One page of each kind the plugin makes (a decision's page and a view of the relation
    graph with their diagrams)."""
    from tradeoffs.site.graph_pages import group_views, project_relations

    tag = sorted({t for d in project.decisions for t in d.tags})[0]
    framework = next(ev.framework for ev in project.evaluations.values() if ev.framework)
    found = project_relations(project)
    group = found.groups[next(iter(group_views(found)))]
    linked = next(d for d in project.decisions if found.degree(d.number))
    return [
        "/decisions/",
        f"/decisions/{project.decision(2).id}/",
        f"/decisions/{linked.id}/",
        f"/decisions/graph/groups/{project.decision(group[0]).id}/",
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
        # (header, navigation, search, footer; docs/plugin-setup.md lists what axe finds there).
        # Links in running text pass link-in-text-block: the plugin underlines them.
        result = page.evaluate("""async () => {
          const r = await axe.run(document.querySelector('article'), {resultTypes: ['violations']});
          return r.violations.map(v => ({id: v.id, impact: v.impact,
                                         targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }""")
        found += [(path, v["id"], v["impact"], v["targets"]) for v in result]
    assert not found, "\n".join(map(str, found))


# ---------------------------------------------------------------- the log a page at a time
LOG_TABLE = "table[data-tradeoffs-log-table]"
LARGE = 250  # three pages of the log's 100 rows: quick to build


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    """A generated site of `LARGE` decisions (benchmarks/generate.py), served, and its project."""
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import write_project

    from tradeoffs.core.config import Settings

    root = tmp_path_factory.mktemp("large")
    config = write_project(root, LARGE)
    # not strict: the generated decisions leave some facts open on purpose (warnings)
    site = mkdocs_build(root, strict=False)
    project = load_project(Settings.from_options(root, {}, config_file=config))
    with serve(site) as url:
        yield url, project


@pytest.fixture(scope="module")
def large_page(browser: Any, large: tuple[str, Any]) -> Iterator[Any]:
    tab = site_tab(browser, large[0])
    yield tab
    tab.context.close()


def log_numbers(page: Any) -> list[int]:
    return [int(n) for n in page.locator(f"{LOG_TABLE} tbody tr td:first-child").all_text_contents()]


def searchable(project: Any, number: int) -> str:
    """What the log's text filter looks in, as tradeoffs.js makes it."""
    ev = project.evaluations[number]
    d = ev.decision
    return " ".join(
        [
            str(d.number),
            f"{d.id}: {d.title}",
            d.status,
            ev.framework.title if ev.framework else d.framework,
            " + ".join(ev.option_title(c) for c in d.chosen),
            d.date.isoformat() if d.date else "",
            ", ".join(d.tags),
        ]
    ).lower()


def open_log(page: Any, url: str) -> None:
    page.goto(url)
    page.locator(".tradeoffs-count").wait_for()


def test_large_log_shows_a_page_of_rows_and_pages_through_all(
    large_page: Any, large: tuple[str, Any]
) -> None:
    page, (base, _project) = large_page, large
    page.set_viewport_size({"width": 1280, "height": 900})
    open_log(page, base + "/decisions/")
    assert page.locator(".tradeoffs-count").inner_text() == f"{LARGE} of {LARGE} decisions"
    assert log_numbers(page) == list(range(1, 101))
    pager = page.locator("nav.tradeoffs-pager")
    assert pager.is_visible() and "page 1 of 3" in pager.inner_text()
    assert not page.locator(".tradeoffs-log-more").is_visible()  # the pager says it instead
    assert page.locator(".tradeoffs-pager-previous").get_attribute("aria-disabled") == "true"
    page.locator(".tradeoffs-pager-next").click()
    page.wait_for_url(re.compile(r"/decisions/\?page=2$"))
    assert log_numbers(page) == list(range(101, 201))
    assert "Decisions 101–200 of 250, page 2 of 3" in pager.inner_text()
    page.locator(".tradeoffs-pager-last").click()
    page.wait_for_url(re.compile(r"\?page=3$"))
    assert log_numbers(page) == list(range(201, LARGE + 1))
    assert page.locator(".tradeoffs-pager-next").get_attribute("href") is None  # not a link now
    page.go_back()
    page.wait_for_url(re.compile(r"\?page=2$"))
    assert log_numbers(page) == list(range(101, 201))
    # every row links to its decision, as the table the page came with
    row = page.locator(f"{LOG_TABLE} tbody tr").first
    assert row.locator("td:nth-child(2) a").get_attribute("href") == "ADR-0101/"
    assert row.locator("td:nth-child(3)").get_attribute("data-label") == "Status"
    # a page past the last (an old link) shows the last one
    open_log(page, base + "/decisions/?page=99")
    assert log_numbers(page) == list(range(201, LARGE + 1))


def test_large_log_filters_sort_and_pages_in_the_url(large_page: Any, large: tuple[str, Any]) -> None:
    page, (base, project) = large_page, large
    page.set_viewport_size({"width": 1280, "height": 900})
    open_log(page, base + "/decisions/?page=3")
    page.select_option("select[name=status]", "accepted")
    page.wait_for_url(re.compile(r"/decisions/\?status=accepted$"))  # a new filter starts at page 1
    accepted = [d.number for d in project.decisions if d.status == "accepted"]
    assert len(accepted) > 100, "the generated site has more than a page of accepted decisions"
    assert page.locator(".tradeoffs-count").inner_text() == f"{len(accepted)} of {LARGE} decisions"
    assert log_numbers(page) == accepted[:100]
    head = page.locator(f"{LOG_TABLE} thead th").first
    head.locator("button").click()
    head.locator("button").click()
    page.wait_for_url(re.compile(r"\?status=accepted&sort=number&order=desc$"))
    newest = sorted(accepted, reverse=True)
    assert log_numbers(page) == newest[:100]
    page.locator(".tradeoffs-pager-next").click()
    page.wait_for_url(re.compile(r"\?status=accepted&sort=number&order=desc&page=2$"))
    assert log_numbers(page) == newest[100:200]
    shared = page.url

    def check_state() -> None:
        assert page.input_value("select[name=status]") == "accepted"
        assert head.get_attribute("aria-sort") == "descending"
        assert log_numbers(page) == newest[100:200]
        assert page.locator(".tradeoffs-count").inner_text() == f"{len(accepted)} of {LARGE} decisions"
        assert "page 2 of" in page.locator("nav.tradeoffs-pager").inner_text()

    page.reload()
    page.locator(".tradeoffs-count").wait_for()
    check_state()
    first = log_numbers(page)[0]
    page.locator(f"{LOG_TABLE} tbody tr td:nth-child(2) a").first.click()
    page.wait_for_url(re.compile(rf"/decisions/ADR-0*{first}/$"))
    page.go_back()
    page.wait_for_url(shared)
    page.locator(".tradeoffs-count").wait_for()
    check_state()
    # Back over the page step, then over the sort
    page.go_back()
    page.wait_for_url(re.compile(r"\?status=accepted&sort=number&order=desc$"))
    assert log_numbers(page) == newest[:100]
    page.go_back()
    page.wait_for_url(re.compile(r"\?status=accepted&sort=number$"))
    assert log_numbers(page) == accepted[:100]


def test_large_log_text_filter_and_tag_count_over_every_decision(
    large_page: Any, large: tuple[str, Any]
) -> None:
    page, (base, project) = large_page, large
    page.set_viewport_size({"width": 1280, "height": 900})
    open_log(page, base + "/decisions/?page=2")
    word = "exchange rates"
    expected = [d.number for d in project.decisions if word in searchable(project, d.number)]
    assert 0 < len(expected) < LARGE
    page.locator("input.tradeoffs-filter-text").press_sequentially(word, delay=10)
    page.locator(".tradeoffs-count", has_text=f"{len(expected)} of {LARGE} decisions").wait_for()
    page.wait_for_url(re.compile(r"\?text=exchange\+rates$"))  # typing starts at page 1 again
    assert log_numbers(page) == expected[:100]
    page.fill("input.tradeoffs-filter-text", "")  # emptied: every decision again, at once
    page.locator(".tradeoffs-count", has_text=f"{LARGE} of {LARGE} decisions").wait_for()
    tag = "payments"
    tagged = [d.number for d in project.decisions if tag in d.tags]
    page.select_option("select[name=tag]", tag)
    assert page.locator(".tradeoffs-count").inner_text() == f"{len(tagged)} of {LARGE} decisions"
    assert log_numbers(page) == tagged[:100]
    assert page.locator("nav.tradeoffs-pager").is_visible() == (len(tagged) > 100)


def test_large_log_pager_works_from_the_keyboard(large_page: Any, large: tuple[str, Any]) -> None:
    page, (base, _project) = large_page, large
    page.set_viewport_size({"width": 1280, "height": 900})
    open_log(page, base + "/decisions/")
    page.locator(".tradeoffs-pager-next").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?page=2$"))
    assert log_numbers(page)[0] == 101
    # the disabled steps are not links, so Tab skips them
    assert page.locator(".tradeoffs-pager a[aria-disabled=true][href]").count() == 0


def test_large_log_without_javascript_shows_the_first_page_and_links_to_the_rest(
    browser: Any, large: tuple[str, Any]
) -> None:
    base, project = large
    tab = site_tab(browser, base, java_script_enabled=False)

    def numbers() -> list[int]:
        return [int(n) for n in tab.locator("article table tbody tr td:first-child").all_text_contents()]

    try:
        tab.goto(base + "/decisions/")
        assert numbers() == list(range(1, 101))
        pager = tab.locator("nav.tradeoffs-pager-static")
        assert pager.is_visible() and f"Decisions 1–100 of {LARGE}, page 1 of 3" in pager.inner_text()
        assert pager.locator(".tradeoffs-pager-previous").get_attribute("href") is None
        pager.locator(".tradeoffs-pager-next").click()
        tab.wait_for_url(re.compile(r"/decisions/page/2/$"))
        assert numbers() == list(range(101, 201))
        tab.locator("nav.tradeoffs-pager-static .tradeoffs-pager-last").click()
        tab.wait_for_url(re.compile(r"/decisions/page/3/$"))
        assert numbers() == list(range(201, LARGE + 1))
        tab.locator("nav.tradeoffs-pager-static .tradeoffs-pager-first").click()
        tab.wait_for_url(re.compile(r"/decisions/$"))
        tab.goto(base + "/decisions/status/accepted/")
        accepted = [d.number for d in project.decisions if d.status == "accepted"]
        assert numbers() == accepted[:100]
    finally:
        tab.context.close()


def test_large_log_fits_a_phone_and_axe_finds_nothing(large_page: Any, large: tuple[str, Any]) -> None:
    page, (base, _project) = large_page, large
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        open_log(page, base + "/decisions/?page=2")
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"the log scrolls sideways on a phone: {widths}"
        assert page.locator("nav.tradeoffs-pager").is_visible()
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (scripts/test installs it with npm into .tools/)")
    open_log(page, base + "/decisions/?page=2")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
      const r = await axe.run(document.querySelector('article'),
                              {resultTypes: ['violations'], rules: {'link-in-text-block': {enabled: false}}});
      return r.violations.map(v => [v.id, v.nodes.map(n => n.target.join(' ')).slice(0, 5)]);
    }""")
    assert found == []


def test_large_log_sorts_a_text_column_over_every_decision(large_page: Any, large: tuple[str, Any]) -> None:
    page, (base, project) = large_page, large
    open_log(page, base + "/decisions/")
    page.locator(f"{LOG_TABLE} thead th", has_text="Framework").locator("button").click()
    page.wait_for_url(re.compile(r"\?sort=framework$"))

    def framework(number: int) -> str:
        ev = project.evaluations[number]
        return str(ev.framework.title if ev.framework else ev.decision.framework)

    # the titles differ in their first letters, so the collator's order is the lower-case one;
    # equal values keep number order
    expected = sorted((d.number for d in project.decisions), key=lambda n: (framework(n).lower(), n))
    assert log_numbers(page) == expected[:100]
    page.locator(".tradeoffs-pager-next").click()
    page.wait_for_url(re.compile(r"\?sort=framework&page=2$"))
    assert log_numbers(page) == expected[100:200]
    page.locator(f"{LOG_TABLE} thead th", has_text="Framework").locator("button").click()
    page.wait_for_url(re.compile(r"\?sort=framework&order=desc$"))
    assert log_numbers(page) == list(reversed(expected))[:100]
