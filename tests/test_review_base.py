"""review compares with the merge base, names every problem by file:line, and marks new ones."""

from __future__ import annotations

import json

import pytest

from conftest import Project
from test_workflow import GOOD, commit_all, git, init_repo


@pytest.mark.build
def test_review_uses_the_merge_base_and_marks_new_problems(project: Project) -> None:
    root = project.root
    init_repo(root)
    (root / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - tradeoffs\n")
    project.decision("0001-a.yml", GOOD)
    project.decision("0002-old-problem.yml", GOOD.replace("chosen: alpha", "chosen: alpha\nrelated: [ADR-9]"))
    commit_all(root, "base")
    git(root, "checkout", "-qb", "change")
    # meanwhile the base branch gains a decision: not this change's to show as removed
    git(root, "checkout", "-q", "main")
    project.decision("0003-merged-later.yml", GOOD.replace("Use alpha", "Later"))
    commit_all(root, "later on main")
    git(root, "checkout", "-q", "change")
    (root / "decisions" / "0001-a.yml").unlink()
    project.decision("0004-refers.yml", GOOD.replace("chosen: alpha", "chosen: alpha\nrelated: [ADR-8]"))
    project.decision("0005-uses-a.yml", GOOD.replace("chosen: alpha", "chosen: alpha\nsupersedes: [ADR-1]"))
    data = json.loads(project.cli("review", "--base", "main", "--format", "json", check=True).stdout)
    assert [e["id"] for e in data["removed"]] == ["ADR-0001"]  # not ADR-0003
    assert data["base_commit"] != data["base_tip"]
    problems = {(p["file"], p["new"]) for e in data["added"] for p in e["problems"]}
    assert ("decisions/0004-refers.yml", True) in problems
    old = [p for p in data["other_errors"] if p["file"] == "decisions/0002-old-problem.yml"]
    assert old and old[0]["new"] is False
    out = project.cli("review", "--base", "main", check=True).stdout
    assert "### Problems elsewhere" in out
    assert "`decisions/0002-old-problem.yml:" in out and "(already on the base)" in out
    assert "`decisions/0004-refers.yml:" in out and "(new)" in out
