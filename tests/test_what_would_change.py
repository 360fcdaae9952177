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
    result = CliRunner().invoke(main, ["explain", "decisions/0001-cache-the-price-list.yml",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    hit = [f for f in data["sensitivity"] if f["fact"] == "expected_hit_rate_pct"]
    assert hit == [{"fact": "expected_hit_rate_pct", "current": 85, "value": 19,
                    "recommended": "recompute", "where": "below 20 %"}]
    # unanswered: invalidation_complexity=complex and hides_root_cause=yes rule the cache out
    assert {"invalidation_complexity", "hides_root_cause"} <= set(data["decisive_unknowns"])
    assert "origin_survives_cold_cache" not in data["decisive_unknowns"]
    first = data["open_questions"][:len(data["decisive_unknowns"])]
    assert any("invalidate" in q for q in first)
    assert data["margin"]["kind"] == "score" and data["margin"]["runner_up"] == "recompute"
    assert data["margin"]["lead"] == data["scores"]["cache"] - data["scores"]["recompute"]


def test_explain_text_and_the_adr_page_say_what_would_change(folder: Path) -> None:
    out = CliRunner().invoke(main, ["explain", "decisions/0001-cache-the-price-list.yml"]).output
    assert "What would change this decision:" in out
    assert "If expected_hit_rate_pct were below 20 %, the framework would favour Recompute" in out
    assert "(decisive: the answer could change the recommendation)" in out
    assert "(cannot change the outcome)" in out
    page = CliRunner().invoke(main, ["render", "decisions/0001-cache-the-price-list.yml"]).output
    assert "What would change this decision" in page
    assert "If `expected_hit_rate_pct` were below 20 %, the framework would favour Recompute" in page
