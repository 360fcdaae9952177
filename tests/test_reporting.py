"""Problems: one per cause, all in one pass, each saying what to write."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from tradeoffs.cli import main

BROKEN = """\
title: Cache pages
status: accepted
date: 2026-02-30
framework: cache-vs-recompute
facts:
  computation_expensive: no
  repeated_requests: true
  expected_hit_rate_pct: "85"
chosen: cachee
bogus: 1
"""


def _check(root: Path) -> list[str]:
    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["check"])
    finally:
        os.chdir(old)
    return [line for line in result.output.splitlines() if line.startswith("decisions/")]


def test_every_problem_in_one_pass_once_each(tmp_path: Path) -> None:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "0001-cache-pages.yml").write_text(BROKEN)
    lines = _check(tmp_path)
    assert [line.split(": error: ")[0] for line in lines] == [
        "decisions/0001-cache-pages.yml:3:7",  # the date, once
        "decisions/0001-cache-pages.yml:6:26",  # no
        "decisions/0001-cache-pages.yml:7:3",  # an unknown fact
        "decisions/0001-cache-pages.yml:8:26",  # a number in quotes
        "decisions/0001-cache-pages.yml:9:9",  # an option that does not exist
        "decisions/0001-cache-pages.yml:10:1",  # an unknown field
    ], lines
    text = "\n".join(lines)
    assert "not 'no' (text in YAML 1.2): write false" in text
    assert "not the text '85': write 85 without quotes" in text
    assert "did you mean 'cache'?" in text


def test_fixing_the_schema_errors_reveals_nothing_new(tmp_path: Path) -> None:
    (tmp_path / "decisions").mkdir()
    path = tmp_path / "decisions" / "0001-cache-pages.yml"
    path.write_text(BROKEN)
    first = _check(tmp_path)
    path.write_text(BROKEN.replace("2026-02-30", "2026-02-28").replace("bogus: 1\n", ""))
    second = _check(tmp_path)
    assert second == [line for line in first if ":3:7:" not in line and ":10:1:" not in line]
