"""What a decision governs (`affects:`): the dead-glob check, `explain PATH` and the review's
section on governed files, on a small repository with code and decisions."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import Project

FILES = (
    "src/pricing/cache.py",
    "src/pricing/rules.py",
    "src/checkout/api.py",
    "src/checkout/schema.sql",
    "db/migrations/0001.sql",
    "README.md",
)


def governed_repo(project: Project) -> Project:
    """Code under src/ and db/, and decisions that govern parts of it."""
    for name in FILES:
        path = project.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {name}\n")
    project.decision(
        "0001-cache-prices.yml",
        """\
        title: Cache prices
        status: superseded
        date: 2025-05-01
        framework: test-rules
        facts: {fast: true}
        chosen: alpha
        affects:
          - src/pricing/**
        """,
    )
    project.decision(
        "0002-checkout-api.yml",
        """\
        title: Checkout API owns its schema
        status: accepted
        date: 2026-01-10
        framework: test-rules
        facts: {fast: false, load: 70, bound: 5}
        chosen: beta
        affects: [src/checkout/, "*.sql"]
        """,
    )
    project.decision(
        "0003-cache-prices-per-region.yml",
        """\
        title: Cache prices per region
        status: accepted
        date: 2026-02-01
        framework: test-rules
        facts: {fast: true, load: 10}
        chosen: alpha
        supersedes: [ADR-1]
        affects:
          - src/pricing/**
          - src/legacy/prices/**
        """,
    )
    project.decision(
        "0004-rewrite-everything.yml",
        """\
        title: Rewrite everything
        status: rejected
        date: 2026-03-01
        framework: test-rules
        facts: {fast: true}
        affects: ["src/**"]
        """,
    )
    project.decision(
        "0005-python-style.yml",
        """\
        title: Python style outside checkout
        status: proposed
        date: 2026-04-01
        options:
          - {id: ruff, title: Ruff}
          - {id: black, title: Black}
        affects: ["src/**/*.py", "!src/checkout/**"]
        """,
    )
    return project


@pytest.fixture
def repo(project: Project) -> Project:
    return governed_repo(project)


def test_check_warns_for_a_glob_that_matches_nothing_at_its_line_and_column(repo: Project) -> None:
    result = repo.cli("check")
    assert (
        "decisions/0003-cache-prices-per-region.yml:10:5: warning: affects: 'src/legacy/prices/**' "
        "matches no file" in result.stdout
    )
    dead = [line for line in result.stdout.splitlines() if "matches no file" in line]
    assert len(dead) == 1, dead  # src/pricing/**, src/checkout/, *.sql and the negation all match
    assert result.returncode == 0  # a warning; --strict fails on it
    assert repo.cli("check", "--strict").returncode == 1
    # checking one file looks at that file's globs only
    only = repo.cli("check", "decisions/0002-checkout-api.yml")
    assert "matches no file" not in only.stdout


def test_check_does_not_count_files_the_gitignore_leaves_out(repo: Project) -> None:
    (repo.root / "site" / "legacy").mkdir(parents=True)
    (repo.root / "site" / "legacy" / "x.html").write_text("built\n")
    (repo.root / ".gitignore").write_text("site/\n")
    repo.decision(
        "0006-site.yml",
        """\
        title: Built pages
        status: proposed
        date: 2026-05-01
        options: [{id: a, title: A}]
        affects: ["site/**"]
        """,
    )
    assert "'site/**' matches no file" in repo.cli("check").stdout


def test_a_glob_must_be_text_on_one_line(repo: Project) -> None:
    repo.decision(
        "0006-bad.yml",
        """\
        title: Bad globs
        status: proposed
        date: 2026-05-01
        options: [{id: a, title: A}]
        affects: ["", 7]
        """,
    )
    out = repo.cli("check").stdout
    assert "decisions/0006-bad.yml:5:11: error: affects[0] must not be empty" in out
    assert "decisions/0006-bad.yml:5:15: error: affects[1] must be text" in out


def test_explain_path_lists_the_governing_decisions_newest_first(repo: Project) -> None:
    result = repo.cli("explain", "src/pricing/cache.py", "--format", "json", check=True)
    data = json.loads(result.stdout)
    assert data["path"] == "src/pricing/cache.py" and data["exists"] is True
    ids = [d["id"] for d in data["decisions"]]
    # the rejected ADR-4 governs nothing; ADR-1 is superseded by ADR-3 and comes last (oldest)
    assert ids == ["ADR-0005", "ADR-0003", "ADR-0001"]
    newest, current, old = data["decisions"]
    assert newest["status"] == "proposed" and newest["matched"] == ["src/**/*.py"]
    assert current["chosen"] == [{"id": "alpha", "title": "Alpha"}]
    assert current["matched"] == ["src/pricing/**"]
    assert current["what_would_change"]  # the framework says what would flip it
    assert old["superseded"] is True and old["superseded_by"] == ["ADR-0003"]

    text = repo.cli("explain", "src/pricing/cache.py", check=True).stdout
    assert text.splitlines()[0] == "src/pricing/cache.py is governed by 3 decisions, newest first:"
    assert "ADR-0001: Cache prices [superseded] — SUPERSEDED by ADR-0003" in text
    assert "Chosen: Alpha (alpha)" in text and "What would change it:" in text


def test_explain_path_respects_negated_globs_and_folder_globs(repo: Project) -> None:
    data = json.loads(repo.cli("explain", "src/checkout/api.py", "--format", "json").stdout)
    assert [d["id"] for d in data["decisions"]] == ["ADR-0002"]  # !src/checkout/** takes it out of ADR-5
    data = json.loads(repo.cli("explain", "db/migrations/0001.sql", "--format", "json").stdout)
    assert [(d["id"], d["matched"]) for d in data["decisions"]] == [("ADR-0002", ["*.sql"])]
    out = repo.cli("explain", "README.md").stdout
    assert "README.md: no accepted or proposed decision governs it" in out


def test_explain_folder_lists_decisions_that_govern_files_in_it(repo: Project) -> None:
    data = json.loads(repo.cli("explain", "src", "--format", "json").stdout)
    assert data["path"] == "src/"
    assert [d["id"] for d in data["decisions"]] == ["ADR-0005", "ADR-0003", "ADR-0002", "ADR-0001"]
    data = json.loads(repo.cli("explain", "src/checkout", "--format", "json").stdout)
    assert [(d["id"], d["matched"]) for d in data["decisions"]] == [("ADR-0002", ["src/checkout/", "*.sql"])]


def test_explain_a_file_that_does_not_exist_yet_matches_it_as_a_path(repo: Project) -> None:
    out = repo.cli("explain", "src/pricing/new_module.py").stdout
    assert "(no such file yet: matched as a path) is governed by 3 decisions" in out


def test_explain_decision_keeps_working_by_file_and_by_id(repo: Project) -> None:
    by_file = json.loads(
        repo.cli("explain", "decisions/0003-cache-prices-per-region.yml", "--format", "json").stdout
    )
    assert by_file["id"] == "ADR-0003" and by_file["recommended"] == "alpha"
    for ident in ("3", "0003", "ADR-3", "adr-0003"):
        data = json.loads(repo.cli("explain", ident, "--format", "json").stdout)
        assert data == by_file, ident
    # --path asks about the decision file as a path instead
    data = json.loads(
        repo.cli("explain", "--path", "decisions/0003-cache-prices-per-region.yml", "--format", "json").stdout
    )
    assert data["path"] == "decisions/0003-cache-prices-per-region.yml" and data["decisions"] == []
    missing = repo.cli("explain", "ADR-99")
    assert missing.returncode == 2 and "there is no decision ADR-99" in missing.stderr


def test_explain_refuses_a_path_outside_the_project(
    repo: Project, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "x.py"
    outside.write_text("")
    result = repo.cli("explain", str(outside))
    assert result.returncode == 2 and "is outside the project" in result.stderr


# ---------------------------------------------------------------- review


def _git(root: Path, *args: str) -> None:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.build
def test_review_names_the_decisions_that_govern_the_changed_files(repo: Project) -> None:
    root = repo.root
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "t@example.com")
    _git(root, "config", "user.name", "T")
    _git(root, "config", "commit.gpgsign", "false")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    _git(root, "checkout", "-qb", "change")
    (root / "src/pricing/rules.py").write_text("# changed\n")
    (root / "src/checkout/api.py").write_text("# changed\n")
    (root / "README.md").write_text("# changed\n")  # governed by nothing
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "change")
    (root / "src/pricing/new_rule.py").write_text("# not committed yet\n")

    data = json.loads(repo.cli("review", "--base", "main", "--format", "json", check=True).stdout)
    governed = {e["id"]: e["files"] for e in data["governed"]}
    assert governed == {
        "ADR-0005": ["src/pricing/new_rule.py", "src/pricing/rules.py"],
        "ADR-0003": ["src/pricing/new_rule.py", "src/pricing/rules.py"],
        "ADR-0002": ["src/checkout/api.py"],
        "ADR-0001": ["src/pricing/new_rule.py", "src/pricing/rules.py"],
    }
    text = repo.cli("review", "--base", "main", check=True).stdout
    section = text.split("### Files governed by decisions", 1)[1]
    assert "- ADR-0003: Cache prices per region — accepted; chose **Alpha**" in section
    assert "  - `src/pricing/new_rule.py`, `src/pricing/rules.py`" in section
    assert "- ADR-0001: Cache prices — ⚠️ superseded by ADR-0003, so it may no longer hold" in section
    assert "- ADR-0005: Python style outside checkout — proposed" in section
    assert "ADR-0004" not in section and "README" not in section


@pytest.mark.build
def test_review_section_escapes_titles_and_file_names(repo: Project) -> None:
    root = repo.root
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "t@example.com")
    _git(root, "config", "user.name", "T")
    _git(root, "config", "commit.gpgsign", "false")
    repo.decision(
        "0006-hostile.yml",
        """\
        title: "<img src=x onerror=alert(1)> @octocat [click](https://evil.example) *bold*"
        status: accepted
        date: 2026-06-01
        options: [{id: a, title: "<b>A</b> @team"}]
        chosen: a
        affects: ["weird/**"]
        """,
    )
    (root / "weird").mkdir()
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    (root / "weird" / "a`b``c.txt").write_text("x\n")
    section = repo.cli("review", "--base", "main", check=True).stdout.split("### Files governed", 1)[1]
    assert "<img" not in section and "<b>" not in section
    assert "&lt;img src=x onerror=alert" in section
    # the review comment's own escaping (workflow/comment_text.py): mentions split by a word joiner
    assert "@\u2060octocat" in section and "@\u2060team" in section
    assert "\\[click\\]" in section and "\\*bold\\*" in section
    assert "``` weird/a`b``c.txt ```" not in section and "```weird/a`b``c.txt```" in section


def test_a_folder_glob_is_looked_for_only_among_the_files_of_its_folder(repo: Project) -> None:
    from tradeoffs.core.affects import FileList

    files = FileList(repo.root)
    assert list(files.candidates("src/pricing/**")) == ["src/pricing/cache.py", "src/pricing/rules.py"]
    assert list(files.candidates("/src/checkout/")) == ["src/checkout/api.py", "src/checkout/schema.sql"]
    assert list(files.candidates("src/pric*/x.py")) == [f for f in files.files if f.startswith("src/")]
    assert files.candidates("*.sql") == files.files  # unanchored: at any depth
    assert files.candidates("**/cache.py") == files.files
    assert list(files.candidates("nowhere/**")) == []


def test_a_hostile_glob_is_matched_in_linear_time() -> None:
    """`*a*a*...*b` against a long run of `a` backtracks for hours in Python's `re` (11 s at
    30 characters here); through RE2 the match takes as long at 4× the name as at 1×."""
    import threading

    from tradeoffs.core import affects

    glob = "*a" * 12 + "*b"
    one = affects.spec((glob,))
    assert one._backend_name == affects.BACKEND == "re2"
    results: list[bool] = []

    def match() -> None:
        for size in (1000, 2000, 4000):  # 1×, 2×, 4×
            results.append(one.match_file("a" * size))
            results.append(bool(affects.matching([glob], "a" * size)))

    worker = threading.Thread(target=match, daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "matching a hostile glob did not finish: it backtracks"
    assert results == [False] * 6


def test_a_glob_git_cannot_read_is_an_error_at_its_place(repo: Project) -> None:
    repo.decision(
        "0006-unreadable.yml",
        """\
        title: Unreadable globs
        status: proposed
        date: 2026-05-01
        options: [{id: a, title: A}]
        affects:
          - "src\\\\"
          - "!"
          - "[z-a]"
          - src/**
        """,
    )
    result = repo.cli("check")
    out = result.stdout
    assert result.returncode == 1 and "Traceback" not in out + result.stderr
    for line in (6, 7, 8):
        assert f"decisions/0006-unreadable.yml:{line}:5: error: affects: " in out, out
    assert "is not a glob git can read" in out
    # the other decisions still answer
    assert "ADR-0003" in repo.cli("explain", "src/pricing/cache.py").stdout


def test_a_glob_on_the_page_is_code_no_backtick_or_tag_can_leave() -> None:
    from markdown import Markdown

    from tradeoffs.adr.render import code_span

    for glob, span in (
        ("src/**", "`src/**`"),
        ("a`b", "``a`b``"),
        ("`x``", "``` `x`` ```"),
        ("<script>alert(1)</script>/**", "`<script>alert(1)</script>/**`"),
    ):
        assert code_span(glob) == span
        html = Markdown().convert(f"- Governs: {span}")
        assert "<script>" not in html and html.count("<code>") == 1
