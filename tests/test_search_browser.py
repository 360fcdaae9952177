"""Search at 1,000 generated decisions in headless Chromium, every request outside the site
blocked: a decision id typed any way finds that decision first, with Material's built-in search
(the default) and with the `search: pagefind` option; keywords find the decisions that carry
them. Timing and bytes are measured in benchmarks/search_browser.py, not here."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import block_outside, mkdocs_build, serve

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate

pytestmark = pytest.mark.browser

N = 1000
MATERIAL_FIRST = ".md-search-result__list > li:first-child .md-search-result__link"
PAGEFIND_FIRST = ".pagefind-ui__result:first-child .pagefind-ui__result-link"


@pytest.fixture(scope="module")
def plan() -> list[dict[str, Any]]:
    return generate.plan(N)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same 1,000 decisions built with each search engine."""
    work = tmp_path_factory.mktemp("search")
    config = generate.write_project(work / "project", N)
    text = config.read_text(encoding="utf-8")
    pagefind = config.with_name("mkdocs-pagefind.yml")
    pagefind.write_text(
        text.replace(generate.PLUGIN_ENTRY, generate.PLUGIN_ENTRY + "      search: pagefind\n"),
        encoding="utf-8",
    )
    return {
        "material": mkdocs_build(config.parent, strict=False, site_dir=work / "material"),
        "pagefind": mkdocs_build(
            config.parent, strict=False, config_file=pagefind, site_dir=work / "pagefind"
        ),
    }


@pytest.fixture(scope="module", params=["material", "pagefind"])
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def search(sites: dict[str, Path], browser: Any, engine: str) -> Iterator[Any]:
    """A function typing a query into the engine's search box and returning the first results'
    titles once the first one shows `expected`."""
    with serve(sites[engine]) as base_url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        outside = block_outside(context, base_url)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(base_url + "/")
        page.wait_for_load_state("networkidle")
        if engine == "material":
            box = page.locator("input.md-search__input")
            box.click()
            first = MATERIAL_FIRST
        else:
            page.locator(".tradeoffs-pagefind-button").click()
            box = page.locator("#tradeoffs-pagefind input.pagefind-ui__search-input")
            first = PAGEFIND_FIRST

        def run(query: str, expected: str, *, anywhere: bool = False) -> list[str]:
            """Titles of the results once the first (or, `anywhere`, any) shows `expected`."""
            box.fill("")  # the last query's results go first
            box.press("End")
            page.locator(first).first.wait_for(state="detached")
            box.fill(query)
            box.press("End")  # Material reads the box on keyup
            every = first.replace(":first-child", "")
            page.wait_for_function(
                "([selector, expected]) => [...document.querySelectorAll(selector)]"
                ".some(a => a.textContent.includes(expected))",
                arg=[every if anywhere else first, expected],
            )
            return [t.strip() for t in page.locator(every).all_text_contents()]

        run.page = page  # type: ignore[attr-defined]
        yield run
        # nothing but the theme's web font was asked of anywhere else
        assert all("fonts.googleapis.com" in u for u in outside), outside
        context.close()


@pytest.mark.parametrize("query", ["ADR-500", "adr 500", "ADR-0500", "[[ADR-500]]", "[[ADR-500|the rules]]"])
def test_an_id_finds_its_decision_first(search: Any, query: str) -> None:
    titles = search(query, "ADR-0500")
    assert titles[0].startswith("ADR-0500:"), titles[:3]


def test_a_short_id_is_not_beaten_by_longer_ones(search: Any) -> None:
    # `7` is a prefix of 70-79, 700-799 and of many numbers in the text
    assert search("ADR-7", "ADR-0007")[0].startswith("ADR-0007:")
    assert search("adr 70", "ADR-0070")[0].startswith("ADR-0070:")


def test_keywords_find_the_decisions_that_carry_them(search: Any, plan: list[dict[str, Any]]) -> None:
    """Status, framework id, chosen option id and tag: the first decision listed carries it (a
    framework's own page may come before, its title naming the framework)."""

    def carrying(key: str, value: str) -> set[str]:
        return {
            f"ADR-{n:04d}"
            for n, d in enumerate(plan, 1)
            if value == d[key] or (isinstance(d[key], list) and value in d[key])
        }

    for key, value in [
        ("status", "superseded"),
        ("framework", "rag-vs-finetuning-vs-prompting"),
        ("chosen", "fine-tuning"),
        ("tags", "messaging"),
    ]:
        titles = search(value, "ADR-", anywhere=True)
        first = next(t.split(":")[0] for t in titles if t.startswith("ADR-"))
        assert first in carrying(key, value), (value, titles[:3])


def test_the_query_rewriting_cases(search: Any) -> None:
    cases = {
        "ADR-7": "ADR-0007",
        "adr 7": "ADR-0007",
        "adr7": "ADR-0007",
        "ADR-0007": "ADR-0007",
        "[[ADR-7]]": "ADR-0007",
        "[[ADR-7|our queue]]": "ADR-0007",
        "[[ADR-7#context]]": "ADR-0007",
        "ADR-12345": "ADR-12345",
        "ADR-7 cache": "ADR-0007 cache",
        "ADRs and radr 7": "ADRs and radr 7",
        "cache pages": "cache pages",
    }
    page = search.page
    found = page.evaluate("cases => cases.map(q => window.tradeoffsSearch.normaliseIds(q))", list(cases))
    assert dict(zip(cases, found, strict=True)) == cases
