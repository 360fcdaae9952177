"""Every evaluation rule and every problem, each with a real decision file."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Project
from tradeoffs.core.config import Settings
from tradeoffs.core.model import Evaluation
from tradeoffs.core.project import load_project

HEAD = "title: T\ndate: 2026-01-05\n"


def evaluate(project: Project, body: str, name: str = "0001-t.yml") -> Evaluation:
    project.decision(name, HEAD + body)
    loaded = load_project(Settings.from_options(project.root, {}))
    number = int(name.split("-", 1)[0])
    assert number in loaded.evaluations, [p.format() for p in loaded.all_problems]
    return loaded.evaluations[number]


def messages(ev: Evaluation, severity: str) -> list[str]:
    return [p.message for p in ev.problems if p.severity.value == severity]


def test_weighted_highest_score_wins_with_reasoning(project: Project) -> None:
    ev = evaluate(
        project, "status: accepted\nframework: test-rules\nfacts: {fast: true, load: 10}\nchosen: alpha\n"
    )
    assert ev.recommended == ("alpha",)
    assert ev.scores == {"alpha": 3, "beta": 0}
    assert [c.id for c in ev.supporting["alpha"]] == ["fast-alpha"]
    assert ev.consistent is True
    assert ev.problems == []
    assert "Alpha" in ev.reasoning[0]


def test_score_is_for_minus_against(project: Project) -> None:
    ev = evaluate(project, "status: proposed\nframework: test-rules\nfacts: {fast: true, load: 80}\n")
    assert ev.scores == {"alpha": 2, "beta": 2}
    assert [c.id for c in ev.opposing["alpha"]] == ["load-alpha"]


def test_tie_means_no_recommendation_said_plainly(project: Project) -> None:
    ev = evaluate(project, "status: proposed\nframework: test-rules\nfacts: {fast: true, load: 80}\n")
    assert ev.recommended is None
    assert "tied" in ev.reasoning[-1]


def test_unanswered_fact_never_fires_and_becomes_open_question(project: Project) -> None:
    ev = evaluate(project, "status: proposed\nframework: test-rules\nfacts: {load: 10}\n")
    assert ev.supporting["alpha"] == [] and ev.supporting["beta"] == []
    fact_questions = [q.text for q in ev.open_questions if q.source == "fact"]
    assert "Is it fast?" in fact_questions and "How much load?" not in fact_questions
    # it is not a warning
    assert messages(ev, "warning") == []


def test_empty_fact_value_counts_as_unanswered(project: Project) -> None:
    ev = evaluate(project, "status: proposed\nframework: test-rules\nfacts:\n  fast:\n  load: 10\n")
    assert "fast" in [f.name for f in ev.unanswered]
    assert ev.problems == []


def test_unknown_inside_all_is_unknown_but_false_settles_it(project: Project) -> None:
    # count > 10 and not fast: fast unknown -> unknown -> does not fire
    ev = evaluate(project, "status: proposed\nframework: test-rules\nfacts: {count: 20}\n")
    assert ev.supporting["beta"] == []
    ev = evaluate(project, "status: proposed\nframework: test-rules\nfacts: {count: 20, fast: false}\n")
    assert [c.id for c in ev.supporting["beta"]] == ["many-beta"]


def test_veto_removes_option_and_choosing_it_is_an_error(project: Project) -> None:
    ev = evaluate(
        project,
        "status: accepted\nframework: test-rules\nfacts: {tier: gold, load: 90, bound: 3}\nchosen: beta\n",
    )
    assert "beta" in ev.vetoed
    assert ev.recommended == ("alpha",)
    errors = messages(ev, "error")
    assert any("ruled out" in m and "Gold tier rules beta out." in m for m in errors)


def test_choice_against_recommendation_warns_unless_rationale(project: Project) -> None:
    ev = evaluate(
        project,
        "status: accepted\nframework: test-rules\nfacts: {fast: true}\nchosen: beta\n"
        "facts: {fast: true, bound: 1}\n".replace("facts: {fast: true}\n", ""),
    )
    warnings = messages(ev, "warning")
    assert ev.consistent is False
    assert any("differs from what the framework recommends" in w for w in warnings)
    ev = evaluate(
        project,
        "status: accepted\nframework: test-rules\nfacts: {fast: true, load: 10, bound: 1}\n"
        "chosen: beta\noverride_rationale: We know better here.\n",
    )
    assert ev.consistent is False
    assert ev.problems == []


def test_missing_required_fact_is_a_warning(project: Project) -> None:
    ev = evaluate(project, "status: accepted\nframework: test-rules\nfacts: {load: 90}\nchosen: beta\n")
    assert any(
        "requires answering bound" in w and "beta needs a stated bound" in w for w in messages(ev, "warning")
    )
    assert messages(ev, "error") == []


def test_accepted_costs_order_and_failure_costs(project: Project) -> None:
    ev = evaluate(
        project,
        "status: accepted\nframework: test-rules\nfacts: {fast: true, load: 60}\n"
        "chosen: alpha\noverride_rationale: tie broken by hand\n"
        "accepted_costs: [Our own cost.]\n",
    )
    assert ev.accepted_costs == ["Alpha is costly.", "High load hurts alpha.", "Our own cost."]
    assert ev.failure_costs == ["Alpha fails loudly."]


def test_open_questions_order_and_conditions(project: Project) -> None:
    ev = evaluate(
        project,
        "status: proposed\nframework: test-rules\nfacts: {fast: false}\nopen_questions: [Ours first?]\n",
    )
    texts = [q.text for q in ev.open_questions]
    assert texts[0] == "Ours first?"
    assert texts[1] == "Is this framework complete?"
    assert "Is alpha fast enough?" not in texts  # its condition does not hold
    assert texts[2:] == ["How much load?", "How many?", "Which tier?", "Anything else?", "What is the bound?"]
    ev = evaluate(project, "status: proposed\nframework: test-rules\nfacts: {fast: true}\n")
    assert "Is alpha fast enough?" in [q.text for q in ev.open_questions]


def test_combinable_recommends_every_positive_option(project: Project) -> None:
    ev = evaluate(
        project,
        "status: accepted\nframework: test-combo\nfacts: {a: true, b: true}\nchosen: [lever-a, lever-b]\n",
    )
    assert ev.recommended == ("lever-a", "lever-b")
    assert ev.consistent is True
    assert ev.problems == []


def test_several_choices_need_a_combinable_framework(project: Project) -> None:
    ev = evaluate(
        project, "status: accepted\nframework: test-rules\nfacts: {fast: true}\nchosen: [alpha, beta]\n"
    )
    assert any("does not combine" in m for m in messages(ev, "error"))


@pytest.mark.parametrize(
    ("facts", "expected", "provisional"),
    [
        ("{good_enough: true}", "first", False),
        ("{}", "first", True),
        ("{good_enough: false, needs_more: true}", "second", False),
        ("{good_enough: false, needs_more: false, examples: 500}", "third", False),
        ("{good_enough: false, needs_more: false, examples: 50}", "first", False),
        ("{good_enough: false, needs_more: false}", "third", True),
    ],
)
def test_gated_walk(project: Project, facts: str, expected: str, provisional: bool) -> None:
    ev = evaluate(project, f"status: proposed\nframework: test-gated\nfacts: {facts}\n")
    assert ev.recommended == (expected,)
    assert ev.provisional is provisional


def test_gated_unknown_enter_if_enters_the_step(project: Project) -> None:
    # needs_more unknown: the step is not skipped; good_enough false passes it
    ev = evaluate(project, "status: proposed\nframework: test-gated\nfacts: {good_enough: false}\n")
    assert ev.recommended == ("second",)


def test_provisional_recommendation_is_a_warning_when_chosen(project: Project) -> None:
    ev = evaluate(project, "status: accepted\nframework: test-gated\nchosen: first\n")
    assert ev.provisional
    assert any("provisional" in w for w in messages(ev, "warning"))


@pytest.mark.parametrize(
    ("body", "needle", "line", "col"),
    [
        ("status: accepted\nframework: test-rulez\nchosen: alpha\n", "did you mean 'test-rules'", 4, 12),
        ("status: proposed\nframework: test-rules\nfacts:\n  fats: true\n", "did you mean 'fast'", 6, 3),
        ("status: proposed\nframework: test-rules\nfacts:\n  fast: 3\n", "must be true or false", 6, 9),
        (
            "status: proposed\nframework: test-rules\nfacts:\n  tier: bronze\n",
            "must be one of: gold, silver",
            6,
            9,
        ),
        ("status: proposed\nframework: test-rules\nfacts:\n  load: 120\n", "at most 100", 6, 9),
        ("status: proposed\nframework: test-rules\nfacts:\n  count: 2.5\n", "whole number", 6, 10),
        ("status: accepted\nframework: test-rules\nchosen: alfa\n", "did you mean 'alpha'", 5, 9),
    ],
)
def test_each_problem_is_an_error_at_its_place(
    project: Project, body: str, needle: str, line: int, col: int
) -> None:
    ev = evaluate(project, body)
    errors = [p for p in ev.problems if p.is_error]
    assert len(errors) == 1, [p.format() for p in ev.problems]
    assert needle in errors[0].message
    assert (errors[0].line, errors[0].column) == (line, col)
    assert errors[0].file == "decisions/0001-t.yml"


def test_decision_without_framework(project: Project) -> None:
    ev = evaluate(
        project,
        "status: accepted\noptions:\n  - {id: a, title: A, cons: [Slow]}\n"
        "  - {id: b, title: B}\nchosen: a\naccepted_costs: [Ours]\n",
    )
    assert ev.framework is None and ev.recommended is None and ev.consistent is None
    assert ev.accepted_costs == ["Slow", "Ours"]
    assert ev.problems == []
    ev = evaluate(project, "status: accepted\noptions:\n  - {id: a, title: A}\nchosen: c\n")
    assert any("not one of the options" in m for m in messages(ev, "error"))


def test_numbers_clash_names_both_files(project: Project) -> None:
    project.decision("0002-one.yml", HEAD + "status: proposed\nframework: test-rules\n")
    project.decision("0002-two.yml", HEAD + "status: proposed\nframework: test-rules\n")
    problems = load_project(Settings.from_options(project.root, {})).all_problems
    clash = [p for p in problems if "also used by" in p.message]
    assert {p.file for p in clash} == {"decisions/0002-one.yml", "decisions/0002-two.yml"}
    assert all(p.is_error for p in clash)


def test_references_missing_self_and_cycles(project: Project) -> None:
    project.decision(
        "0001-a.yml", HEAD + "status: superseded\nframework: test-rules\nchosen: alpha\nsupersedes: [ADR-2]\n"
    )
    project.decision(
        "0002-b.yml",
        HEAD + "status: superseded\nframework: test-rules\nchosen: alpha\nsupersedes: [1]\nrelated: [2, 9]\n",
    )
    problems = load_project(Settings.from_options(project.root, {})).all_problems
    text = "\n".join(p.format() for p in problems)
    assert "lists itself in related" in text
    assert "related names decision 9, which does not exist" in text
    assert (
        "supersedes forms a cycle: ADR-0001 (decisions/0001-a.yml) -> ADR-0002 (decisions/0002-b.yml)" in text
    )


def test_file_name_without_number(project: Project) -> None:
    project.decision("use-redis.yml", HEAD + "status: proposed\n")
    problems = load_project(Settings.from_options(project.root, {})).all_problems
    assert any("NNNN-short-title.yml" in p.message for p in problems)


def test_yaml_errors_point_at_line_and_column(tmp_path: Path) -> None:
    proj = Project(tmp_path)
    proj.decision("0001-x.yml", "title: T\nstatus: [accepted\ndate: 2026-01-01\n")
    proj.decision("0002-y.yml", "title: T\nstatus: accepted\nstatus: proposed\ndate: 2026-01-01\n")
    problems = load_project(Settings.from_options(tmp_path, {})).all_problems
    by_file = {p.file: p for p in problems}
    assert by_file["decisions/0001-x.yml"].line == 3
    dup = by_file["decisions/0002-y.yml"]
    assert (dup.line, dup.column) == (3, 1) and "duplicate key 'status'" in dup.message


def test_plain_and_quoted_dates_both_work(project: Project) -> None:
    for i, date in enumerate(["2026-01-05", "'2026-01-05'"], start=1):
        project.decision(
            f"000{i}-d.yml", f"title: T\ndate: {date}\nstatus: proposed\nframework: test-rules\n"
        )
    loaded = load_project(Settings.from_options(project.root, {}))
    assert [str(d.date) for d in loaded.decisions] == ["2026-01-05", "2026-01-05"]
    assert loaded.all_problems == []


def test_weighted_recommendation_missing_required_facts_is_provisional(tmp_path: Path) -> None:
    from tradeoffs.core import decisions, evaluate, frameworks

    builtins = frameworks.load_all(None)
    path = tmp_path / "0001-x.yml"
    path.write_text(
        "title: X\nstatus: proposed\ndate: 2026-01-15\nframework: build-vs-buy\n"
        "facts:\n  core_differentiator: false\n  needed_within_months: 1\n",
        encoding="utf-8",
    )
    loaded = decisions.load_file(path)
    assert loaded.decision is not None
    ev = evaluate.evaluate(loaded.decision, builtins, loaded.doc)
    assert ev.recommended == ("buy",) and ev.provisional is True
    assert ev.provisional_on == ("switching_cost_weeks",)
    question = builtins.frameworks["build-vs-buy"].facts["switching_cost_weeks"].prompt
    assert ev.reasoning[-1] == f"Provisional: the recommendation waits for the answer to “{question}”"
    # once chosen, one warning says both that it is provisional and why the fact is required
    path.write_text(
        path.read_text(encoding="utf-8").replace("proposed", "accepted") + "chosen: buy\n", encoding="utf-8"
    )
    loaded = decisions.load_file(path)
    assert loaded.decision is not None
    ev = evaluate.evaluate(loaded.decision, builtins, loaded.doc)
    warnings = [w.message for w in ev.warnings]
    assert len(warnings) == 1 and "provisional" in warnings[0] and "switching_cost_weeks" in warnings[0]
    # answered, the recommendation is firm
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "needed_within_months: 1\n", "needed_within_months: 1\n  switching_cost_weeks: 4\n"
        ),
        encoding="utf-8",
    )
    loaded = decisions.load_file(path)
    assert loaded.decision is not None
    ev = evaluate.evaluate(loaded.decision, builtins, loaded.doc)
    assert ev.provisional is False and ev.warnings == []
