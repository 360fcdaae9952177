"""Decisions written from the guidance alone, one for each way the reasoning used to contradict it:
the order of a gated walk, the strength of each "when" list, provisional recommendations, and the
words the pages use for what would change a decision."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import builtin_framework, builtins
from tradeoffs.cli import main
from tradeoffs.core import estimates, evaluate, frameworks, sensitivity
from tradeoffs.core.model import Decision, Evaluation, Framework


def fw(framework_id: str) -> Framework:
    return builtin_framework(framework_id)  # type: ignore[no-any-return]


def decide(framework_id: str, facts: dict[str, Any], chosen: tuple[str, ...] = ()) -> Evaluation:
    decision = Decision(
        number=1,
        slug="d",
        path="decisions/0001-d.yml",
        title="D",
        status="accepted" if chosen else "proposed",
        date=None,
        framework=framework_id,
        facts=facts,
        chosen=chosen,
    )
    return evaluate.evaluate(decision, builtins())


# --------------------------------------------------------------------------- the order of a gated walk

EVERY_RAG_REASON = {
    "prompting_quality_pct": 60,
    "knowledge_changes_often": True,
    "knowledge_exceeds_context": True,
    "citations_needed": True,
    "exact_facts_required": True,
    "quality_ceiling_reached": False,
    "labelled_examples": 1500,
    "format_prompting_cannot_produce": True,
    "minimal_latency_required": True,
}


def test_rag_is_considered_before_fine_tuning_and_kept_when_both_hold() -> None:
    ev = decide("rag-vs-finetuning-vs-prompting", EVERY_RAG_REASON, ("rag", "fine-tuning"))
    # was: fine-tuning alone, the RAG step skipped although RAG scored +12
    assert ev.recommended == ("rag", "fine-tuning")
    assert ev.provisional is False and ev.consistent is True and ev.problems == []
    assert ev.reasoning[1].startswith("Step 2 (RAG): passes (") and ev.reasoning[1].endswith(
        "Keep RAG and go on."
    )
    assert ev.reasoning[2].endswith("Stop here: RAG + Fine-tuning.")
    # nothing under "what we accept" says fine-tuning is premature when a reason for it holds
    assert not any("premature" in c for c in ev.accepted_costs)
    assert any("retrieval round trip" in c for c in ev.accepted_costs)


def test_without_a_reason_for_rag_fine_tuning_stands_alone_and_without_examples_rag_does() -> None:
    no_rag = {
        **EVERY_RAG_REASON,
        "knowledge_changes_often": False,
        "knowledge_exceeds_context": False,
        "citations_needed": False,
        "exact_facts_required": False,
    }
    assert decide("rag-vs-finetuning-vs-prompting", no_rag).recommended == ("fine-tuning",)
    few = {**EVERY_RAG_REASON, "labelled_examples": 400}
    assert decide("rag-vs-finetuning-vs-prompting", few).recommended == ("rag",)


def test_a_kept_step_needs_a_combinable_framework(tmp_path: Path) -> None:
    path = tmp_path / "walk.yml"
    path.write_text(
        textwrap.dedent("""\
        id: walk
        title: Walk
        question: Which?
        mode: gated
        facts:
          a: {type: boolean, prompt: A?}
        options:
          - {id: one, title: One, summary: One., accepts: [x], failure_cost: [y]}
          - {id: two, title: Two, summary: Two., accepts: [x], failure_cost: [y]}
        steps:
          - {option: one, keep: true, pass_if: {fact: a, eq: true}}
          - {option: two, pass_if: always}
        fallback: two
        """),
        encoding="utf-8",
    )
    framework, problems = frameworks.load_file(path)
    assert framework is None
    assert [p.message for p in problems] == [
        "a step that keeps its option recommends a combination: set `combinable: true`"
    ]
    path.write_text(path.read_text(encoding="utf-8").replace("mode: gated", "mode: gated\ncombinable: true"))
    framework, problems = frameworks.load_file(path)
    assert framework is not None and problems == []
    assert evaluate.recommend(framework, {"a": True}).recommended == ("one", "two")
    assert evaluate.recommend(framework, {"a": False}).recommended == ("two",)
    assert sensitivity.outcome(framework, {"a": True}) == ("one", "two")


# --------------------------------------------------------------------------- the strength of "when"


def test_a_cheap_lookup_is_not_cached_however_often_it_is_asked_for() -> None:
    facts = {
        "computation_expensive": False,  # a microsecond in-memory lookup
        "requested_repeatedly": True,
        "staleness_acceptable": True,
        "expected_hit_rate_pct": 95,
        "data_change_rate": "rarely",
        "invalidation_complexity": "none",
        "hides_root_cause": False,
    }
    ev = decide("cache-vs-recompute", facts)
    assert ev.recommended == ("recompute",) and "cache" in ev.vetoed  # was: cache, 8 to 3
    assert ev.provisional is False


def test_a_result_requested_once_is_not_cached_and_no_open_question_can_change_that() -> None:
    ev = decide("cache-vs-recompute", {"requested_repeatedly": False})
    assert ev.recommended == ("recompute",) and ev.provisional is False  # was: cache, provisionally
    assert [c.id for c in ev.vetoed["cache"]] == ["asked-once"]


def test_a_single_writer_with_an_unsplittable_bottleneck_is_not_scaled_out() -> None:
    facts = {
        "has_stateful_core": True,
        "has_stateless_tier": False,
        "bottleneck_cannot_be_split": True,
        "in_process_state": "none",
        "load_pattern": "spiky",
        "expected_growth_factor": 6,
        "near_largest_instance": False,
        "can_change_application": True,
    }
    ev = decide("scale-up-vs-scale-out", facts)
    assert ev.recommended == ("scale-up",)  # was: scale-out as well
    assert [c.id for c in ev.vetoed["scale-out"]] == ["out-no-stateless-tier"]
    assert any("only a bigger, faster machine helps it" in c.text for c in ev.supporting["scale-up"])


def test_prompt_caching_needs_the_guidance_call_volume() -> None:
    facts = {"repeated_prefix_tokens": 10000, "calls_per_day": 20}
    ev = decide("cost-vs-latency", facts)
    assert "prompt-caching" in ev.vetoed and "prompt-caching" not in (ev.recommended or ())
    assert "1,000" in ev.vetoed["prompt-caching"][0].text
    busy = decide("cost-vs-latency", {**facts, "calls_per_day": 1000})
    assert "prompt-caching" in (busy.recommended or ()) and "prompt-caching" not in busy.vetoed


def test_the_consistency_framework_reads_the_worst_case_lag() -> None:
    facts = {
        "correctness_critical": False,
        "users_act_on_stale_data": False,
        "stale_is_cosmetic": False,
        "short_lag_unnoticed": True,
        "availability_over_exactness": True,
        "compensation_cost": "low",
    }
    hour = decide("consistency-vs-availability", {**facts, "staleness_bound_seconds": 3600})
    texts = [c.text for c in hour.supporting["eventual"]]
    assert not any("one to five seconds" in t for t in texts)  # was: counted for an hour's lag
    assert [c.id for c in hour.opposing["eventual"]] == ["eventual-worst-case-lag"]
    seconds = decide("consistency-vs-availability", {**facts, "staleness_bound_seconds": 3})
    assert "eventual-lag-unnoticed" in [c.id for c in seconds.supporting["eventual"]]


# --------------------------------------------------------------------------- provisional


def test_a_lead_resting_on_an_unanswered_question_is_provisional_and_says_which() -> None:
    # async leads by 1 while the operation's duration is unknown: answering "no" turns it around
    facts = {"needs_safe_retries": True, "caller_needs_result": True, "async_observability_ready": False}
    ev = decide("sync-vs-async", facts)
    assert ev.recommended == ("async",)
    assert ev.provisional is True and ev.provisional_on[0] == "exceeds_user_patience"
    prompt = fw("sync-vs-async").facts["exceeds_user_patience"].prompt
    assert f"“{prompt}”" in ev.reasoning[-1] and ev.reasoning[-1].startswith("Provisional:")
    # answered either way, nothing single is left to wait for
    assert decide("sync-vs-async", {**facts, "exceeds_user_patience": False}).recommended == ("sync",)


def test_eventual_is_provisional_while_are_these_points_money_is_open() -> None:
    facts = {
        "stale_is_cosmetic": False,
        "short_lag_unnoticed": True,
        "users_act_on_stale_data": False,
        "staleness_bound_seconds": 2,
    }
    ev = decide("consistency-vs-availability", facts)
    assert ev.recommended == ("eventual",) and ev.provisional is True
    assert ev.scores == {"strong": 0, "eventual": 2}
    assert "correctness_critical" in ev.provisional_on


def test_firm_only_when_no_single_answer_to_the_open_questions_can_change_it() -> None:
    for framework_id in ("cache-vs-recompute", "sync-vs-async", "rag-vs-finetuning-vs-prompting"):
        framework = fw(framework_id)
        for facts in ({}, {next(iter(framework.facts)): True}):
            valid = sensitivity.valid_facts(framework, facts)
            ev = evaluate.recommend(framework, valid)
            if not ev.recommended:
                continue
            decisive = sensitivity.analyse(framework, valid).decisive_unknowns
            required = [
                f for r in framework.requires if r.option in ev.recommended for f in r.facts if f not in valid
            ]
            assert ev.provisional is bool(decisive or required), (framework_id, facts)
            assert set(ev.provisional_on) == set(decisive) | set(required)


# --------------------------------------------------------------------------- words


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "decisions").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, name: str, text: str) -> str:
    path = folder / "decisions" / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path.relative_to(folder))


def test_a_question_the_recommendation_waits_for_is_never_said_to_be_unable_to_change_it(
    folder: Path,
) -> None:
    path = write(
        folder,
        "0001-buy-search.yml",
        """\
        title: Buy search
        status: proposed
        date: 2026-01-15
        framework: build-vs-buy
        facts: {core_differentiator: false, needed_within_months: 1, team_can_maintain: false}
        """,
    )
    out = CliRunner().invoke(main, ["explain", path]).output
    switching = fw("build-vs-buy").facts["switching_cost_weeks"].prompt
    line = next(item for item in out.splitlines() if item.startswith(f"  - {switching}"))
    assert line.endswith("(the recommendation is provisional until this is answered)")
    assert "cannot change" not in line
    assert "(cannot change it on its own)" in out and "(cannot change the outcome)" not in out
    page = CliRunner().invoke(main, ["render", path]).output
    assert f"{switching} *(the recommendation is provisional until this is answered)*" in page
    assert f"Provisional: the recommendation waits for the answer to “{switching}”" in page


def test_margin_says_how_many_answers_away_and_sentences_name_questions(folder: Path) -> None:
    path = write(
        folder,
        "0001-cache.yml",
        """\
        title: Cache
        status: proposed
        date: 2026-01-15
        framework: cache-vs-recompute
        facts:
          computation_expensive: true
          requested_repeatedly: true
          staleness_acceptable: true
          expected_hit_rate_pct: 90
          data_change_rate: rarely
          invalidation_complexity: simple
          hides_root_cause: false
        """,
    )
    out = CliRunner().invoke(main, ["explain", path]).output
    assert "Margin: Cache the result leads Recompute on every request by 9 points, 1 answer away" in out
    changes = out.split("What would change this decision:")[1].split("\n\n")[0]
    assert "expected_hit_rate_pct" not in changes and "computation_expensive" not in changes
    assert "If the answer to “Is producing the result expensive" in changes


def test_what_would_change_is_true_over_the_whole_range(tmp_path: Path) -> None:
    path = tmp_path / "bands.yml"
    path.write_text(
        textwrap.dedent("""\
        id: bands
        title: Bands
        question: Which?
        mode: weighted
        facts:
          x: {type: number, prompt: How much?, unit: "%", min: 0, max: 100}
        options:
          - {id: a, title: A, summary: A., accepts: [x], failure_cost: [y]}
          - {id: b, title: B, summary: B., accepts: [x], failure_cost: [y]}
        criteria:
          - {id: low, option: a, effect: for, weight: 2, text: Low., when: {fact: x, lt: 20}}
          - {id: mid, option: a, effect: for, weight: 1, text: Mid., when: {fact: x, gte: 20}}
          - {id: mid-b, option: b, effect: for, weight: 1, text: Mid b., when: {fact: x, gte: 20}}
          - {id: high, option: b, effect: for, weight: 2, text: High., when: {fact: x, gte: 60}}
        """),
        encoding="utf-8",
    )
    framework, problems = frameworks.load_file(path)
    assert framework is not None and problems == []
    result = sensitivity.analyse(framework, {"x": 10})
    assert sensitivity.sentences(framework, result) == [
        # was "20 % or more", next to "60 % or more" with another outcome
        "If the answer to “How much?” were 20 % or more but below 60 %, the framework would make no "
        "recommendation.",
        "If the answer to “How much?” were 60 % or more, the framework would favour B.",
    ]


def test_no_double_period_after_a_gated_margin_and_reasons_follow_because_in_lower_case(
    folder: Path,
) -> None:
    path = write(
        folder,
        "0001-rag.yml",
        """\
        title: Ground answers
        status: accepted
        date: 2026-01-15
        framework: rag-vs-finetuning-vs-prompting
        facts: {prompting_quality_pct: 92}
        chosen: prompting
        """,
    )
    out = CliRunner().invoke(main, ["explain", path]).output
    page = CliRunner().invoke(main, ["render", path, "--template", "madr"]).output
    for text in (out, page):
        assert not re.search(r"[.!?]\.", text.replace("...", "")), re.findall(r".{40}[.!?]\.", text)
    assert "Stop here: Prompting;" in page
    assert "because A well-crafted" not in page and "Good, because a well-crafted prompt" in page
    assert not re.search(r"because [A-Z][a-z]", page)


def test_estimates_agree_with_the_pros_and_overlapping_savings_are_not_added() -> None:
    framework = fw("cost-vs-latency")
    facts = {
        "simple_task_share_pct": 60,
        "routing_eval_available": True,
        "repeated_prefix_tokens": 10000,
        "calls_per_day": 1000,
        "tokens_per_call": 12000,
        "large_model_price_per_mtok": 3.0,
        "small_model_price_per_mtok": 0.6,
    }
    ev = evaluate.recommend(framework, facts)
    values = {r.estimate.id: r.value for r in estimates.compute(framework, facts)}
    saving = values["routing_saving_pct"]
    assert saving is not None and round(saving) == 48
    for crit in ev.supporting["model-routing"]:
        assert "60–80%" not in crit.text  # no figure the 48% beside it contradicts
    one, routed, both = (
        values[k] for k in ("input_cost_one_model", "input_cost_routed", "input_cost_routed_and_cached")
    )
    uncached, cached = values["prefix_cost_uncached"], values["prefix_cost_cached"]
    assert None not in (one, routed, both, uncached, cached)
    added = one - (one - routed) - (uncached - cached)  # type: ignore[operator]
    assert both == pytest.approx(routed * (12000 - 9000) / 12000)  # type: ignore[operator]
    assert both > added  # the two savings overlap: adding them overstates what is saved


def test_the_site_writes_every_reason_after_because_in_lower_case() -> None:
    from tradeoffs.adr import html_blocks

    block = html_blocks.pros_and_cons(
        {
            "pros": ["The queue absorbs bursts."],
            "vetoed": ["Gold tier rules it out."],
            "cons": ["RAG adds a hop."],
        }
    )
    assert "Good, because the queue absorbs bursts." in block
    assert "Bad, because gold tier rules it out." in block and "Bad, because RAG adds a hop." in block
