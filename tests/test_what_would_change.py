"""`tradeoffs explain` and the ADR page say what would change a decision (in-process CLI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradeoffs.cli import main

DECISION = """\
title: Cache the price list
status: accepted
date: 2026-01-15
framework: cache-vs-recompute
facts:
  computation_expensive: true
  requested_repeatedly: true
  staleness_acceptable: true
  expected_hit_rate_pct: 85
  data_change_rate: rarely
chosen: cache
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "0001-cache-the-price-list.yml").write_text(DECISION, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_explain_json_has_sensitivity_decisive_unknowns_and_margin(folder: Path) -> None:
    result = CliRunner().invoke(
        main, ["explain", "decisions/0001-cache-the-price-list.yml", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    hit = [f for f in data["sensitivity"] if f["fact"] == "expected_hit_rate_pct"]
    assert hit == [
        {
            "fact": "expected_hit_rate_pct",
            "current": 85,
            "value": 59,
            "recommended": "recompute",
            "where": "below 60 %",
        }
    ]
    # unanswered: invalidation_complexity=complex and hides_root_cause=yes rule the cache out
    assert {"invalidation_complexity", "hides_root_cause"} <= set(data["decisive_unknowns"])
    assert "origin_survives_cold_cache" not in data["decisive_unknowns"]
    first = data["open_questions"][: len(data["decisive_unknowns"])]
    assert any("invalidate" in q for q in first)
    assert data["margin"]["kind"] == "score" and data["margin"]["runner_up"] == "recompute"
    assert data["margin"]["lead"] == data["scores"]["cache"] - data["scores"]["recompute"]


def test_explain_text_and_the_adr_page_say_what_would_change(folder: Path) -> None:
    out = CliRunner().invoke(main, ["explain", "decisions/0001-cache-the-price-list.yml"]).output
    assert "What would change this decision:" in out
    hit_rate = "the answer to “What share of requests do you expect the cache to answer?” were below 60 %"
    assert f"If {hit_rate}, the framework would favour Recompute" in out
    assert "(decisive: the answer could change the recommendation)" in out
    assert "(cannot change it on its own)" in out
    page = CliRunner().invoke(main, ["render", "decisions/0001-cache-the-price-list.yml"]).output
    assert "What would change this decision" in page
    assert f"If {hit_rate}, the framework would favour Recompute" in page


def _git(root: Path, *args: str) -> None:
    import subprocess

    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_review_says_when_a_changed_fact_moves_closer_to_a_flip_or_across_it(folder: Path) -> None:
    second = folder / "decisions" / "0002-cache-the-catalogue.yml"
    second.write_text(DECISION.replace("Cache the price list", "Cache the catalogue"), encoding="utf-8")
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-qm", "base")
    first = folder / "decisions" / "0001-cache-the-price-list.yml"
    first.write_text(
        DECISION.replace("expected_hit_rate_pct: 85", "expected_hit_rate_pct: 70"), encoding="utf-8"
    )
    second.write_text(
        second.read_text(encoding="utf-8").replace("expected_hit_rate_pct: 85", "expected_hit_rate_pct: 15"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["review", "--base", "main"])
    assert result.exit_code == 0, result.output
    adr1 = result.output.split("ADR-0001")[1].split("ADR-0002")[0]
    adr2 = result.output.split("ADR-0002")[1]
    assert (
        "`expected_hit_rate_pct` 85 % → 70 % moves closer to a flip: below 60 % would make the "
        "framework favour Recompute on every request" in adr1
    )
    assert (
        "`expected_hit_rate_pct` 85 % → 15 % crosses a threshold (below 60 %): on its own it makes "
        "the framework favour Recompute on every request" in adr2
    )
    # moving away from every flip says nothing
    first.write_text(
        DECISION.replace("expected_hit_rate_pct: 85", "expected_hit_rate_pct: 95"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["review", "--base", "main"])
    assert "flip" not in result.output.split("ADR-0001")[1].split("ADR-0002")[0]


def test_health_flags_accepted_decisions_whose_observations_cross_a_threshold(folder: Path) -> None:
    path = folder / "decisions" / "0001-cache-the-price-list.yml"
    path.write_text(
        DECISION + "observations:\n  2026-06-01:\n    expected_hit_rate_pct: 70\n"
        "  2026-09-01:\n    expected_hit_rate_pct: 12\n",
        encoding="utf-8",
    )
    out = CliRunner().invoke(main, ["health", "--format", "json"]).output
    findings = [f for f in json.loads(out)["findings"] if f["kind"] == "threshold-crossed"]
    assert [f["message"] for f in findings] == [
        "ADR-0001: as observed on 2026-09-01, `expected_hit_rate_pct` 85 % → 12 % crosses a threshold "
        "(below 60 %): on its own it makes the framework favour Recompute on every request"
    ]
    # a latest observation on the same side of every threshold is not flagged
    path.write_text(
        DECISION + "observations:\n  2026-09-01:\n    expected_hit_rate_pct: 70\n", encoding="utf-8"
    )
    out = CliRunner().invoke(main, ["health", "--format", "json"]).output
    assert not [f for f in json.loads(out)["findings"] if f["kind"] == "threshold-crossed"]
