"""Decision health, facts over time, revisit conditions and estimates."""

from __future__ import annotations

import json

import pytest

from conftest import RULES_FRAMEWORK, Project
from tradeoffs.core.config import Settings
from tradeoffs.core.health import check_health
from tradeoffs.core.project import load_project

ESTIMATES = RULES_FRAMEWORK.replace(
    "options:\n",
    """\
estimates:
  - id: doubled
    title: Twice the load
    expression: load * 2
    unit: "%"
  - id: per_count
    title: Load per item
    expression: round(doubled / count, 1)
options:
""",
    1,
).replace(
    "    pattern: Do alpha in two steps.\n",
    """\
    pattern: Do alpha in two steps.
    revisit_when: {fact: load, gt: 90}
    revisit_text: Alpha buckles above 90 % load.
""",
)


@pytest.fixture
def proj(make_project) -> Project:  # type: ignore[no-untyped-def]
    p = make_project("health")
    p.framework(ESTIMATES, "test-rules.yml")
    return p


def evaluations(p: Project):  # type: ignore[no-untyped-def]
    return load_project(Settings.from_options(p.root, {}))


def test_estimates_show_value_inputs_and_missing(proj: Project) -> None:
    proj.decision(
        "0001-a.yml",
        "title: A\nstatus: proposed\ndate: 2026-01-01\nframework: test-rules\nfacts: {load: 30, count: 4}\n",
    )
    proj.decision(
        "0002-b.yml",
        "title: B\nstatus: proposed\ndate: 2026-01-01\nframework: test-rules\nfacts: {load: 30}\n",
    )
    loaded = evaluations(proj)
    first = {r.estimate.id: r for r in loaded.evaluations[1].estimates}
    assert first["doubled"].value == 60 and first["doubled"].inputs == {"load": 30}
    assert first["per_count"].value == 15.0 and first["per_count"].inputs == {"count": 4, "doubled": 60}
    second = {r.estimate.id: r for r in loaded.evaluations[2].estimates}
    assert second["per_count"].value is None and second["per_count"].missing == ("count",)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("load * nope", "uses 'nope', which is neither a fact nor an earlier estimate"),
        ("load *", "is not valid arithmetic"),
        ("tier * 2", "uses fact 'tier', which is not a number"),
        ("__import__('os').system('id')", "uses '__import__'"),
    ],
)
def test_bad_estimates_are_framework_errors(proj: Project, expression: str, message: str) -> None:
    path = proj.framework(
        ESTIMATES.replace("expression: load * 2", f'expression: "{expression}"'), "test-rules.yml"
    )
    from tradeoffs.core.frameworks import load_file

    problems = [p.format() for p in load_file(path, "fw.yml")[1]]
    assert any(message in p for p in problems), problems


def test_an_estimate_too_large_for_a_float_gives_no_value(proj: Project) -> None:
    proj.framework(ESTIMATES.replace("expression: load * 2", "expression: load ** 400"), "test-rules.yml")
    proj.decision(
        "0001-a.yml",
        "title: A\nstatus: proposed\ndate: 2026-01-01\nframework: test-rules\nfacts: {load: 30, count: 4}\n",
    )
    results = {r.estimate.id: r for r in evaluations(proj).evaluations[1].estimates}
    assert results["doubled"].value is None and results["doubled"].missing == ()
    assert results["per_count"].value is None


def test_division_by_zero_gives_no_value(proj: Project) -> None:
    proj.decision(
        "0001-a.yml",
        "title: A\nstatus: proposed\ndate: 2026-01-01\nframework: test-rules\nfacts: {load: 30, count: 0}\n",
    )
    results = {r.estimate.id: r for r in evaluations(proj).evaluations[1].estimates}
    assert results["per_count"].value is None and results["per_count"].missing == ()


def test_observations_that_change_the_recommendation_are_said_plainly(proj: Project) -> None:
    proj.decision(
        "0001-a.yml",
        """\
        title: A
        status: accepted
        date: 2026-01-01
        framework: test-rules
        facts: {fast: true, load: 10}
        chosen: alpha
        observations:
          2026-06-01: {load: 60}
          2026-09-01: {fast: false, load: 95}
        """,
    )
    ev = evaluations(proj).evaluations[1]
    assert ev.recommended == ("alpha",)
    assert ev.observed_on.isoformat() == "2026-09-01"
    assert ev.current_recommended == ("beta",)
    assert ev.facts_changed
    assert ev.problems == []  # drift is reported by health and on the page, not as a file problem
    report = check_health(evaluations(proj), today=__import__("datetime").date(2026, 10, 1))
    assert "ADR-0001: the facts changed; as observed on 2026-09-01, the framework now favours Beta" in [
        f.message for f in report.findings
    ]
    assert ev.revisit == ["Alpha buckles above 90 % load."]


def test_observation_fact_errors(proj: Project) -> None:
    proj.decision(
        "0001-a.yml",
        "title: A\nstatus: proposed\ndate: 2026-01-01\nframework: test-rules\n"
        "observations:\n  2026-06-01: {lod: 60, fast: maybe}\n",
    )
    messages = [p.format() for p in evaluations(proj).all_problems]
    assert any(
        "0001-a.yml:6:16: error: 'lod' is not a fact of test-rules; did you mean 'load'?" in m
        for m in messages
    ), messages
    assert any("observations.2026-06-01.fast must be true or false" in m for m in messages)


def test_health_report_findings(proj: Project) -> None:
    base = "date: 2026-01-01\nframework: test-rules\n"
    proj.decision(
        "0001-old.yml", "title: Old\nstatus: superseded\n" + base + "facts: {fast: true}\nchosen: alpha\n"
    )
    proj.decision(
        "0002-new.yml",
        "title: New\nstatus: accepted\n"
        + base
        + "facts: {fast: true, load: 10, count: 1, tier: silver, note: x, bound: 1}\nchosen: alpha\n"
        "supersedes: [1]\nrevisit_by: 2026-03-01\n",
    )
    proj.decision("0003-prop.yml", "title: Prop\nstatus: proposed\n" + base + "facts: {fast: true}\n")
    proj.decision(
        "0004-against.yml",
        "title: Against\nstatus: accepted\n"
        + base
        + "facts: {fast: true, load: 10, count: 1, tier: silver, note: x, bound: 1}\nchosen: beta\n"
        "related: [1]\ncontext: See ADR-2.\n",
    )
    report = check_health(evaluations(proj), today=__import__("datetime").date(2026, 4, 1))
    kinds = {(f.kind, f.decisions) for f in report.findings}
    assert ("overdue", (2,)) in kinds
    assert ("stale-proposal", (3,)) in kinds
    assert ("unexplained-override", (4,)) in kinds
    assert ("unanswered-facts", (3,)) in kinds
    assert ("links-superseded", (4, 1, 2)) in kinds
    assert ("recurring-cost", (2, 4)) not in kinds  # alpha and beta accept different things
    messages = [f.message for f in report.findings]
    assert "ADR-0002 was due for review on 2026-03-01 (31 days ago)" in messages
    assert "ADR-0004 refers to ADR-0001, which is superseded; see ADR-0002 instead" in messages
    # the superseded decision itself is not nagged about
    assert not any(f.decisions == (1,) for f in report.findings)


def test_recurring_costs(proj: Project) -> None:
    for n in (1, 2, 3):
        proj.decision(
            f"000{n}-d.yml",
            f"title: D{n}\nstatus: accepted\ndate: 2026-01-01\n"
            "framework: test-rules\nfacts: {fast: true}\nchosen: alpha\n",
        )
    report = check_health(evaluations(proj), today=__import__("datetime").date(2026, 1, 2))
    recurring = [f for f in report.findings if f.kind == "recurring-cost"]
    assert recurring[0].message == "3 accepted decisions accept: Alpha is costly."
    assert recurring[0].decisions == (1, 2, 3)


def test_health_cli_text_and_json(proj: Project) -> None:
    proj.decision("0001-a.yml", "title: A\nstatus: proposed\ndate: 2026-01-01\nframework: test-rules\n")
    text = proj.cli("health", "--today", "2026-03-01", check=True).stdout
    assert (
        "Proposals waiting too long:" in text
        and "ADR-0001 has been proposed since 2026-01-01 (59 days)" in text
    )
    data = json.loads(proj.cli("health", "--today", "2026-03-01", "--format", "json", check=True).stdout)
    assert data["findings"][0]["kind"] == "stale-proposal"
    assert data["findings"][0]["decisions"][0]["id"] == "ADR-0001"
    assert proj.cli("health", "--today", "2026-03-01", "--fail-on-findings").returncode == 1
    assert "Proposals" not in proj.cli("health", "--today", "2026-03-01", "--proposed-max-age", "90").stdout


def test_builtin_prompt_caching_estimate_matches_the_guidance(make_project) -> None:  # type: ignore[no-untyped-def]
    p = make_project("builtin")
    p.decision(
        "0001-a.yml",
        "title: A\nstatus: proposed\ndate: 2026-01-01\nframework: cost-vs-latency\n"
        "facts:\n  repeated_prefix_tokens: 10000\n  calls_per_day: 1000\n"
        "  large_model_price_per_mtok: 3\n  small_model_price_per_mtok: 0.25\n"
        "  tokens_per_call: 10000\n  simple_task_share_pct: 80\n",
    )
    results = {r.estimate.id: r.value for r in evaluations(p).evaluations[1].estimates}
    assert results["prefix_cost_uncached"] == 30.0
    assert results["prefix_cost_cached"] == 3.0  # about 90% less
    assert round(results["routing_saving_pct"]) == 73  # within the 60–80% the guidance expects


def test_health_page_and_schemas_in_a_real_build(proj: Project) -> None:
    import subprocess
    import sys

    (proj.root / "docs").mkdir()
    (proj.root / "docs" / "index.md").write_text("# Home\n")
    (proj.root / "mkdocs.yml").write_text(
        "site_name: T\nsite_url: https://adr.example.com/\ntheme: {name: material}\n"
        "plugins: [search, {tradeoffs: {health_proposed_max_age: 10}}]\n"
    )
    proj.decision(
        "0001-a.yml",
        "title: A\nstatus: proposed\ndate: 2026-01-01\nframework: test-rules\nfacts: {fast: true}\n",
    )
    proj.decision(
        "0002-b.yml",
        "title: B\nstatus: accepted\ndate: 2026-02-01\nframework: test-rules\n"
        "facts: {fast: true, load: 10}\nchosen: alpha\nobservations:\n  2026-03-01: {load: 99}\n",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=proj.root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    page = (proj.root / "site" / "decisions" / "health" / "index.html").read_text()
    assert "Proposals waiting too long (1)" in page
    assert "Alpha buckles above 90 % load." in page
    assert page.count('class="tradeoffs-chart"') == 2 and "<td>2026-02</td>" in page
    adr = (proj.root / "site" / "decisions" / "ADR-0002" / "index.html").read_text()
    assert "Time to revisit" in adr and "Observations over time" in adr
    assert "Twice the load" in adr and "198.00%" in adr  # the estimate on the latest observed load
    schema = json.loads((proj.root / "site" / "schemas" / "decision.schema.json").read_text())
    assert schema["$id"] == "https://adr.example.com/schemas/decision.schema.json"
    assert "test-rules" in json.dumps(schema)
