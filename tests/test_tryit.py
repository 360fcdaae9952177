""" "Try it" on the framework pages, in headless Chromium against a real built site.

The differential test feeds fact sets that hypothesis generates to the page's JavaScript
evaluator (reading the framework from the JSON the page embeds) and to the Python engine
(`tradeoffs.core.evaluate.preview`), for every built-in framework, and requires the same
recommendation, scores, vetoes, reasoning, accepted costs, costs of getting it wrong and open
questions. Every request outside the local site is blocked.
"""

from __future__ import annotations

import datetime as _dt
import math
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import BUILTIN_IDS, CHROMIUM_ARGS, builtin_framework, builtins, chromium, mkdocs_build, serve
from tradeoffs.core import decisions, evaluate, sensitivity
from tradeoffs.core.model import Fact, Framework, OpenQuestion

pytestmark = pytest.mark.browser


def framework(framework_id: str) -> Framework:
    return builtin_framework(framework_id)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("tryit")
    (root / "decisions").mkdir()
    (root / "decisions" / "0001-cache-prices.yml").write_text(
        textwrap.dedent("""\
        title: Cache prices
        status: accepted
        date: 2026-01-15
        framework: cache-vs-recompute
        facts: {computation_expensive: true, requested_repeatedly: true}
        chosen: cache
        override_rationale: A test decision.
        """),
        encoding="utf-8",
    )
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        textwrap.dedent("""\
        site_name: Try it
        theme:
          name: material
        plugins:
          - search
          - tradeoffs
        """),
        encoding="utf-8",
    )
    site = root / "site"
    mkdocs_build(root, strict=False, site_dir=site)
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[Any]:
    executable, sync_api = chromium()
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort(),
        )
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        yield tab
        assert errors == []
        context.close()
        browser.close()


def framework_url(base_url: str, framework_id: str) -> str:
    return f"{base_url}/decisions/frameworks/{framework_id}/"


# --------------------------------------------------------------------------- generated answers


def answer(fw: Framework, fact: Fact) -> st.SearchStrategy[Any]:
    """Mostly valid answers, near the constants the conditions name; now and then a wrong one
    (out of range, wrong type), which both evaluators must leave unanswered."""
    if fact.type == "boolean":
        valid: st.SearchStrategy[Any] = st.booleans()
    elif fact.type == "enum":
        valid = st.sampled_from(fact.values)
    elif fact.type in ("number", "integer"):
        cuts = [c for c in sensitivity.constants(fw).get(fact.name, []) if isinstance(c, int | float)]
        near = [c + d for c in cuts for d in (-1, 0, 1) if fact.type == "number" or float(c).is_integer()]
        lo = fact.min if fact.min is not None else -1000
        hi = fact.max if fact.max is not None else 100_000
        numbers = (
            st.integers(math.ceil(lo), math.floor(hi))
            if fact.type == "integer"
            else st.one_of(
                st.integers(math.ceil(lo), math.floor(hi)),
                st.floats(lo, hi, allow_nan=False, allow_infinity=False),
            )
        )
        valid = st.one_of(numbers, st.sampled_from(near)) if near else numbers
    else:
        valid = st.text(max_size=4)
    wrong = st.sampled_from(["yes", 3.5, -1, 10**9, True])
    return st.one_of(valid, valid, valid, wrong)


def fact_sets(fw: Framework) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={name: answer(fw, f) for name, f in fw.facts.items()})


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_browser_and_python_agree(page: Any, base_url: str, framework_id: str) -> None:
    fw = framework(framework_id)
    page.goto(framework_url(base_url, framework_id))
    page.wait_for_function("() => window.TradeoffsTryIt !== undefined")
    checked = 0

    # no shrinking: each step would drive the browser again; the failing facts are in the message
    @settings(
        max_examples=6,
        deadline=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.lists(fact_sets(fw), min_size=60, max_size=60))
    def compare(sets: list[dict[str, Any]]) -> None:
        nonlocal checked
        got = page.evaluate(
            """(sets) => {
                 const root = document.querySelector('[data-tradeoffs-tryit]');
                 const fw = JSON.parse(root.getAttribute('data-tradeoffs-tryit'));
                 return sets.map((s) => window.TradeoffsTryIt.evaluate(fw, s));
               }""",
            sets,
        )
        for facts, js in zip(sets, got, strict=True):
            assert same_as_preview(js, fw, facts), facts
            checked += 1

    compare()
    assert checked >= 300


def same_as_preview(js: dict[str, Any], fw: Framework, facts: dict[str, Any]) -> bool:
    """The script's evaluation says what `evaluate.preview` says; beside it, it hands on the
    answers it used and the decisive unknowns (for `explainOrder`), which must be the engine's."""
    expected = evaluate.preview(fw, facts)
    valid = sensitivity.valid_facts(fw, facts)
    base = tuple(expected["recommended"]) if expected["recommended"] is not None else None
    extra = {"answered": valid, "decisive": sensitivity.decisive_unknowns(fw, valid, base)}
    return {k: js.get(k) for k in expected} == expected and {k: js.get(k) for k in extra} == extra


# --------------------------------------------------------------------------- the widget


def result_text(page: Any) -> str:
    return str(page.locator(".tradeoffs-tryit-recommendation").inner_text())


def test_try_it_updates_live_carries_answers_in_the_link_and_prints_the_yaml(
    page: Any, base_url: str, tmp_path: Path
) -> None:
    page.goto(framework_url(base_url, "cache-vs-recompute"))
    root = page.locator("[data-tradeoffs-tryit]")
    root.locator("form").wait_for()
    page.select_option("select[name=computation_expensive]", "true")
    page.select_option("select[name=requested_repeatedly]", "true")
    page.select_option("select[name=staleness_acceptable]", "true")
    page.fill("input[name=expected_hit_rate_pct]", "85")
    # three unanswered questions could each still rule the cache out: provisional, and it says which
    assert result_text(page) == "Recommendation (provisional): Cache the result"
    fw = framework("cache-vs-recompute")
    reasons = page.locator(".tradeoffs-tryit-reasoning li").all_inner_texts()
    assert reasons[-1].startswith("Provisional: the recommendation waits for the answers to ")
    for name in ("data_change_rate", "invalidation_complexity", "hides_root_cause"):
        assert f"“{fw.facts[name].prompt}”" in reasons[-1]
    accepts = page.locator(".tradeoffs-tryit-accepts li").all_inner_texts()
    assert any("consistency hazard" in a for a in accepts)
    assert page.locator(".tradeoffs-tryit-failure li").count() == 3
    questions = page.locator(".tradeoffs-tryit-questions li").all_inner_texts()
    assert framework("cache-vs-recompute").facts["data_change_rate"].prompt in questions

    # the guidance's "do not cache": complex invalidation rules the cache out, live
    page.select_option("select[name=invalidation_complexity]", "complex")
    assert result_text(page) == "Recommendation: Recompute on every request"
    reasons = page.locator(".tradeoffs-tryit-reasoning li").all_inner_texts()
    assert reasons[0].startswith("Cache the result is ruled out: Cache invalidation is complex")
    page.select_option("select[name=invalidation_complexity]", "simple")
    page.select_option("select[name=data_change_rate]", "sometimes")
    page.select_option("select[name=hides_root_cause]", "false")
    # no unanswered question left that could change it on its own: firm
    assert result_text(page) == "Recommendation: Cache the result"
    page.select_option("select[name=data_change_rate]", "")
    page.select_option("select[name=hides_root_cause]", "")
    assert result_text(page) == "Recommendation (provisional): Cache the result"

    # the address carries the answers: opening it again restores them and the result
    link = page.locator(".tradeoffs-tryit-link").get_attribute("href")
    assert "expected_hit_rate_pct=85" in link and "invalidation_complexity=simple" in link
    assert "expected_hit_rate_pct=85" in page.url
    page.goto(base_url + link)
    page.locator(".tradeoffs-tryit-recommendation").wait_for()
    assert page.input_value("input[name=expected_hit_rate_pct]") == "85"
    assert page.input_value("select[name=invalidation_complexity]") == "simple"
    assert result_text(page) == "Recommendation (provisional): Cache the result"

    # the YAML is a decision file the tool accepts, with the same recommendation
    page.locator(".tradeoffs-tryit-yaml").click()
    text = page.locator(".tradeoffs-tryit-yaml-text").inner_text()
    data = yaml.safe_load(text)
    assert data["framework"] == "cache-vs-recompute" and data["chosen"] == "cache"
    assert data["facts"] == {
        "computation_expensive": True,
        "requested_repeatedly": True,
        "staleness_acceptable": True,
        "expected_hit_rate_pct": 85,
        "invalidation_complexity": "simple",
    }
    assert isinstance(data["date"], _dt.date)
    path = tmp_path / "0001-decide-cache-vs-recompute.yml"
    path.write_text(text, encoding="utf-8")
    loaded = decisions.load_file(path)
    assert loaded.decision is not None and loaded.problems == []
    ev = evaluate.evaluate(loaded.decision, builtins(), loaded.doc)
    assert ev.errors == [] and ev.recommended == ("cache",) and ev.consistent is True


def test_try_it_combinable_and_out_of_range_answers(page: Any, base_url: str) -> None:
    page.goto(framework_url(base_url, "cost-vs-latency") + "?calls_per_day=50000&primary_goal=latency")
    page.locator(".tradeoffs-tryit-recommendation").wait_for()
    # the fix from the guidance, live: volume alone recommends no lever
    assert result_text(page) == "Recommendation: no option yet"
    page.fill("input[name=repeated_prefix_tokens]", "10000")
    page.select_option("select[name=interactive_user]", "true")
    # how much traffic is simple could still add routing: provisional
    assert result_text(page) == "Recommendation (provisional): Prompt caching + Streaming"
    page.fill("input[name=simple_task_share_pct]", "150")  # above its maximum: left unanswered
    assert result_text(page) == "Recommendation (provisional): Prompt caching + Streaming"
    questions = page.locator(".tradeoffs-tryit-questions li").all_inner_texts()
    assert framework("cost-vs-latency").facts["simple_task_share_pct"].prompt in questions
    # the guidance's call volume is a threshold: at 20 calls a day caching is ruled out
    page.fill("input[name=calls_per_day]", "20")
    assert result_text(page) == "Recommendation (provisional): Streaming"


def test_try_it_walks_rag_before_fine_tuning_and_recommends_both(page: Any, base_url: str) -> None:
    answers = (
        "?prompting_quality_pct=60&knowledge_changes_often=true&citations_needed=true"
        "&quality_ceiling_reached=false&labelled_examples=1500&format_prompting_cannot_produce=true"
    )
    page.goto(framework_url(base_url, "rag-vs-finetuning-vs-prompting") + answers)
    page.locator(".tradeoffs-tryit-recommendation").wait_for()
    assert result_text(page) == "Recommendation: RAG + Fine-tuning"
    reasons = page.locator(".tradeoffs-tryit-reasoning li").all_inner_texts()
    assert reasons[1].endswith("Keep RAG and go on.")
    assert reasons[2].endswith("Stop here: RAG + Fine-tuning.")


def test_try_it_fields_have_a_visible_border(page: Any, base_url: str) -> None:
    page.goto(framework_url(base_url, "cache-vs-recompute"))
    page.locator("[data-tradeoffs-tryit] form").wait_for()
    for selector in ("input[name=expected_hit_rate_pct]", "select[name=computation_expensive]"):
        width, style = page.eval_on_selector(
            selector,
            "e => [getComputedStyle(e).borderTopWidth, getComputedStyle(e).borderTopStyle]",
        )
        assert style == "solid" and float(width.removesuffix("px")) >= 1, (selector, width, style)


def explain_order(fw: Framework, facts: dict[str, Any]) -> list[str]:
    """The open questions of a decision with these facts, in the order `tradeoffs explain`
    lists them (the decisive unknowns first)."""
    valid = sensitivity.valid_facts(fw, facts)
    texts = evaluate.preview(fw, facts)["open_questions"]
    unanswered = [f for name, f in fw.facts.items() if name not in valid]
    framework_questions = len(texts) - len(unanswered)
    questions = [OpenQuestion(t, "framework") for t in texts[:framework_questions]]
    questions += [OpenQuestion(f.prompt, "fact", fact=f.name) for f in unanswered]
    ordered = sensitivity.order_questions(questions, sensitivity.analyse(fw, facts))
    return [q.text for q, _ in ordered]


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_open_questions_come_in_the_order_explain_gives(page: Any, base_url: str, framework_id: str) -> None:
    fw = framework(framework_id)
    page.goto(framework_url(base_url, framework_id))
    page.wait_for_function("() => window.TradeoffsTryIt !== undefined")
    checked = reordered = 0

    @settings(
        max_examples=4,
        deadline=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.lists(fact_sets(fw), min_size=40, max_size=40))
    def compare(sets: list[dict[str, Any]]) -> None:
        nonlocal checked, reordered
        got = page.evaluate(
            """(sets) => {
                 const fw = JSON.parse(document.querySelector('[data-tradeoffs-tryit]').getAttribute('data-tradeoffs-tryit'));
                 return sets.map((s) => window.TradeoffsTryIt.explainOrder(fw, window.TradeoffsTryIt.evaluate(fw, s)));
               }""",
            sets,
        )
        for facts, js in zip(sets, got, strict=True):
            expected = explain_order(fw, facts)
            assert js == expected, facts
            checked += 1
            reordered += expected != evaluate.preview(fw, facts)["open_questions"]

    compare()
    assert checked >= 150 and reordered > 0  # the order differs from the framework's for some


def test_try_it_lists_open_questions_as_explain_does(page: Any, base_url: str) -> None:
    page.goto(framework_url(base_url, "cache-vs-recompute") + "?computation_expensive=true")
    page.locator(".tradeoffs-tryit-recommendation").wait_for()
    shown = page.locator(".tradeoffs-tryit-questions li").all_inner_texts()
    assert shown == explain_order(framework("cache-vs-recompute"), {"computation_expensive": True})


def test_try_it_flags_an_invalid_number(page: Any, base_url: str) -> None:
    page.goto(framework_url(base_url, "cost-vs-latency"))
    box = page.locator("input[name=simple_task_share_pct]")
    box.wait_for()
    box.fill("150")  # above its maximum: not used, and said so beside the box
    assert box.get_attribute("aria-invalid") == "true"
    note = page.locator("#" + box.get_attribute("aria-describedby"))
    assert note.inner_text() == "Not used: the answer must be a number from 0 to 100."
    assert note.is_visible()
    box.fill("12.5")
    assert box.get_attribute("aria-invalid") is None and page.locator(".tradeoffs-tryit-invalid").count() == 0
    page.fill("input[name=calls_per_day]", "2.5")  # a count: whole numbers only
    calls = page.locator("input[name=calls_per_day]")
    assert calls.get_attribute("aria-invalid") == "true"
    assert "whole number" in page.locator("#" + calls.get_attribute("aria-describedby")).inner_text()


PROTOTYPE_NAMES = """\
id: prototype-names
title: Names an object already has
question: Which?
mode: weighted
facts:
  constructor:
    type: boolean
    prompt: Constructor?
  other:
    type: boolean
    prompt: Other?
options:
  - id: constructor
    title: The constructor
    summary: Build it.
    accepts: [It is built.]
    failure_cost: [It is built wrong.]
  - id: tostring
    title: To string
    summary: Print it.
    accepts: [It is printed.]
    failure_cost: [It is printed wrong.]
criteria:
  - id: built
    option: constructor
    effect: for
    weight: 1
    text: Built things favour the constructor.
    when: {fact: constructor, eq: true}
  - id: printed
    option: tostring
    effect: for
    weight: 2
    text: Other things favour printing.
    when: {fact: other, eq: true}
"""


def test_names_objects_already_have_evaluate_as_in_python(page: Any, base_url: str, tmp_path: Path) -> None:
    """An option or fact named `constructor` is a name like any other in the browser too."""
    from tradeoffs.adr.view import framework_data
    from tradeoffs.core.frameworks import load_file

    path = tmp_path / "prototype-names.yml"
    path.write_text(PROTOTYPE_NAMES, encoding="utf-8")
    fw, problems = load_file(path)
    assert fw is not None, problems
    page.goto(framework_url(base_url, "cache-vs-recompute"))
    page.wait_for_function("() => window.TradeoffsTryIt !== undefined")
    sets: list[dict[str, Any]] = [
        {},
        {"constructor": True},
        {"constructor": False},
        {"other": True},
        {"constructor": True, "other": True},
        {"constructor": "yes"},
    ]
    got = page.evaluate(
        "([fw, sets]) => sets.map((s) => window.TradeoffsTryIt.evaluate(fw, s))", [framework_data(fw), sets]
    )
    for facts, js in zip(sets, got, strict=True):
        assert same_as_preview(js, fw, facts), facts
    assert got[0]["recommended"] is None or got[0]["recommended"] == []  # no answer favours nothing
