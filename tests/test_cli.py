"""The real `tradeoffs` command, run as a subprocess on temporary projects."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import yaml

from conftest import GOOD_DECISION, Project, run_cli

GOOD = GOOD_DECISION


def test_check_clean_project_exits_zero(project: Project) -> None:
    project.decision("0001-use-alpha.yml", GOOD)
    result = project.cli("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stderr


def test_check_reports_every_problem_with_location(project: Project) -> None:
    project.decision("0001-a.yml", GOOD.replace("fast: true", "fats: true"))
    project.decision("0002-b.yml", GOOD.replace("status: accepted", "status: acceptd"))
    project.decision("0003-c.yml", GOOD.replace("chosen: alpha", "chosen: beta"))
    result = project.cli("check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        "decisions/0001-a.yml:6:3: error: 'fats' is not a fact of test-rules; did you mean 'fast'?" in lines
    )
    assert any(line.startswith("decisions/0002-b.yml:2:9: error: status must be one of") for line in lines)
    assert any(
        line.startswith("decisions/0003-c.yml:8:9: warning: the choice (beta) differs") for line in lines
    )


def test_warnings_alone_pass_unless_strict(project: Project) -> None:
    project.decision(
        "0001-a.yml",
        GOOD.replace("chosen: alpha", "chosen: beta\nfacts: {fast: true, load: 10, bound: 2}").replace(
            "facts:\n  fast: true\n  load: 10\n", ""
        ),
    )
    assert project.cli("check").returncode == 0
    strict = project.cli("check", "--strict")
    assert strict.returncode == 1
    assert ": error: the choice (beta) differs" in strict.stdout


def test_check_json_and_github_formats(project: Project) -> None:
    project.decision("0001-a.yml", GOOD.replace("fast: true", "fast: 3"))
    data = json.loads(project.cli("check", "--format", "json").stdout)
    assert data == [
        {
            "file": "decisions/0001-a.yml",
            "line": 6,
            "column": 9,
            "message": "facts.fast must be true or false, not 3",
            "severity": "error",
        }
    ]
    github = project.cli("check", "--format", "github").stdout.strip()
    assert github == (
        "::error file=decisions/0001-a.yml,line=6,col=9,title=tradeoffs error::"
        "facts.fast must be true or false, not 3"
    )


def test_check_named_paths_only_reports_those(project: Project) -> None:
    project.decision("0001-a.yml", GOOD)
    project.decision("0002-b.yml", GOOD.replace("fast: true", "fast: 3"))
    assert project.cli("check", "decisions/0001-a.yml").returncode == 0
    assert project.cli("check", "decisions/0002-b.yml").returncode == 1


def test_check_framework_file(project: Project) -> None:
    bad = (
        (project.root / "frameworks" / "test-rules.yml")
        .read_text()
        .replace("option: beta, effect: for, weight: 2", "option: betta, effect: for, weight: 2")
    )
    (project.root / "frameworks" / "test-rules.yml").write_text(bad)
    result = project.cli("check", "frameworks/test-rules.yml")
    assert result.returncode == 1
    assert re.search(
        r"frameworks/test-rules\.yml:\d+:\d+: error: 'betta' is not an option of this "
        r"framework; did you mean 'beta'\?",
        result.stdout,
    ), result.stdout


def test_explain_json(project: Project) -> None:
    project.decision("0001-a.yml", GOOD)
    result = project.cli("explain", "decisions/0001-a.yml", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == "ADR-0001" and data["title"] == "Use alpha" and data["status"] == "accepted"
    assert data["framework"] == "test-rules"
    assert data["chosen"] == "alpha" and data["recommended"] == "alpha"
    assert data["provisional"] is False and data["consistent"] is True
    assert data["scores"] == {"alpha": 3, "beta": 0}
    assert data["supporting"] == {"alpha": ["fast-alpha"], "beta": []}
    assert data["opposing"] == {"alpha": [], "beta": []}
    assert data["errors"] == [] and data["warnings"] == []
    assert data["accepted_costs"] == ["Alpha is costly."]
    assert data["failure_costs"] == ["Alpha fails loudly."]
    assert "Is alpha fast enough?" in data["open_questions"]


def test_explain_combinable_gives_lists_and_exit_one_on_errors(project: Project) -> None:
    project.decision(
        "0001-a.yml",
        "title: C\nstatus: accepted\ndate: 2026-01-01\nframework: test-combo\n"
        "facts: {a: true}\nchosen: [lever-a, lever-z]\n",
    )
    result = project.cli("explain", "decisions/0001-a.yml", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["recommended"] == ["lever-a"]
    assert data["chosen"] == ["lever-a", "lever-z"]
    assert any("'lever-z' is not an option" in e for e in data["errors"])


def test_explain_text(project: Project) -> None:
    project.decision("0001-a.yml", GOOD)
    out = project.cli("explain", "decisions/0001-a.yml", check=True).stdout
    assert "Recommended: Alpha" in out and "+ 3 Fast favours alpha." in out


def test_explain_unreadable_file_exits_one_with_location(project: Project) -> None:
    project.decision("0001-a.yml", "title: [\n")
    result = project.cli("explain", "decisions/0001-a.yml")
    assert result.returncode == 1
    assert "decisions/0001-a.yml:2:1: error: invalid YAML" in result.stdout


def test_new_writes_next_number_with_every_fact_and_never_overwrites(project: Project) -> None:
    project.decision("0007-old.yml", GOOD)
    result = project.cli("new", "test-rules", "Pick: alpha or beta?", "--no-git")
    assert result.returncode == 0, result.stderr
    path = project.root / result.stdout.strip()
    assert path.name == "0008-pick-alpha-or-beta.yml"
    text = path.read_text()
    assert text.startswith('title: "Pick')  # no schema to point a modeline at yet
    for prompt in ("# Is it fast?", "# How much load?", "# Which tier?"):
        assert prompt in text
    data = yaml.safe_load(text)
    assert data["title"] == "Pick: alpha or beta?" and data["status"] == "proposed"
    assert data["date"] == dt.date.today()
    assert set(data["facts"]) == {"fast", "load", "count", "tier", "note", "bound"}
    # the new file passes the check as it is
    assert project.cli("check", str(path)).returncode == 0
    # a second run takes the next number and leaves the first file alone
    second = project.cli("new", "test-rules", "Pick: alpha or beta?", "--no-git", check=True)
    assert second.stdout.strip().endswith("0009-pick-alpha-or-beta.yml")
    assert path.read_text() == text


def test_new_unknown_framework(project: Project) -> None:
    result = project.cli("new", "test-rulez", "X")
    assert result.returncode == 2
    assert "did you mean 'test-rules'" in result.stderr


def test_new_skips_numbers_taken_on_other_branches(project: Project) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project.root, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "T")
    project.decision("0001-a.yml", GOOD)
    git("add", "-A")
    git("commit", "-qm", "one")
    git("checkout", "-qb", "feature")
    project.decision("0002-b.yml", GOOD)
    git("add", "-A")
    git("commit", "-qm", "two")
    git("checkout", "-q", "main")
    assert not (project.root / "decisions" / "0002-b.yml").exists()
    result = project.cli("new", "test-rules", "Third", check=True)
    assert result.stdout.strip() == "decisions/0003-third.yml"


def test_frameworks_list_and_show(project: Project) -> None:
    out = project.cli("frameworks", check=True).stdout
    assert "test-rules" in out and "test-gated" in out
    shown = project.cli("frameworks", "test-gated", check=True).stdout
    assert "good_enough" in shown and "otherwise: first" in shown
    assert project.cli("frameworks", "nope").returncode == 1


def test_render_prints_adr_markdown(project: Project) -> None:
    project.decision("0001-a.yml", GOOD)
    out = project.cli("render", "decisions/0001-a.yml", check=True).stdout
    assert out.startswith('---\nstatus: "accepted"')
    assert "# ADR-0001: Use alpha" in out
    assert 'Chosen option: "**Alpha**"' in out
    assert "- Alpha is costly." in out


def test_config_read_from_mkdocs_yml_with_python_tags_and_inherit(tmp_path: Path) -> None:
    proj = Project(tmp_path)
    proj.framework(
        (Path(__file__).parent / "conftest.py")
        .read_text()
        .split('RULES_FRAMEWORK = """\\\n')[1]
        .split('"""')[0]
    )
    (tmp_path / "adrs").mkdir()
    (tmp_path / "adrs" / "0001-a.yml").write_text(GOOD)
    (tmp_path / "base.yml").write_text(
        "site_name: Base\nplugins:\n  - search\n  - tradeoffs:\n      decisions_dir: adrs\n"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nsite_name: Child\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:no.such.module.here\n"
    )
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "in adrs" in result.stderr


def test_decisions_dir_flag_overrides(project: Project) -> None:
    other = project.root / "elsewhere"
    other.mkdir()
    (other / "0001-a.yml").write_text(GOOD.replace("fast: true", "fast: 9"))
    result = project.cli("--decisions-dir", "elsewhere", "check")
    assert result.returncode == 1 and "elsewhere/0001-a.yml" in result.stdout


def test_broken_mkdocs_yml_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: [\n")
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "mkdocs.yml:2:1: error: invalid YAML in the MkDocs config" in result.stderr


def test_schema_command_prints_json_schema(tmp_path: Path) -> None:
    data = json.loads(run_cli("schema", "decision", cwd=tmp_path, check=True).stdout)
    assert data["title"] == "Architecture decision"


def test_new_without_framework_and_explain_it(project: Project) -> None:
    result = project.cli("new", "none", "Adopt a monorepo", "--no-git", check=True)
    path = project.root / result.stdout.strip()
    text = path.read_text()
    assert "framework:" not in text and "# options:" in text
    assert project.cli("check", str(path)).returncode == 0
    path.write_text(
        text + "options:\n  - {id: mono, title: One repository, cons: [Bigger clones]}\n"
        "  - {id: poly, title: Many repositories}\n"
    )
    path.write_text(path.read_text().replace("status: proposed", "status: accepted") + "chosen: mono\n")
    data = json.loads(project.cli("explain", str(path), "--format", "json", check=True).stdout)
    assert data["framework"] is None and data["recommended"] is None and data["consistent"] is None
    assert data["chosen"] == "mono" and data["accepted_costs"] == ["Bigger clones"]
    rendered = project.cli("render", str(path), check=True).stdout
    assert 'Chosen option: "**One repository**"' in rendered and "Framework analysis" not in rendered


def test_new_skips_numbers_of_markdown_adrs(project: Project) -> None:
    (project.root / "legacy").mkdir()
    (project.root / "legacy" / "0012-use-postgres.md").write_text(
        "# 12. Use Postgres\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n"
    )
    (project.root / "mkdocs.yml").write_text(
        "site_name: T\nplugins:\n  - tradeoffs:\n      markdown_dirs: [legacy]\n"
    )
    result = project.cli("new", "test-rules", "Next one", "--no-git", check=True)
    assert result.stdout.strip() == "decisions/0013-next-one.yml"


def test_render_refuses_a_file_that_is_not_a_decision(project: Project) -> None:
    (project.root / "notes.md").write_text("# Notes\n")
    result = project.cli("render", "notes.md")
    assert result.returncode == 1
    assert "notes.md:1:1: error: this is not a decision file" in result.stdout + result.stderr
    # explain reads any other file as a path, and lists what governs it
    result = project.cli("explain", "notes.md")
    assert result.returncode == 0 and "notes.md: no accepted or proposed decision governs it" in result.stdout
    # a YAML file in the decisions folder is still a decision to explain
    (project.root / "decisions" / "notes.yml").write_text("title: x\n")
    result = project.cli("explain", "decisions/notes.yml")
    assert result.returncode == 1 and "cannot tell the decision's number" in result.stdout


def test_frameworks_show_marks_the_frameworks_own_criteria_and_kept_steps(project: Project) -> None:
    result = run_cli("frameworks", "cost-vs-latency", cwd=project.root)
    assert "[veto prompt-caching] Fewer than 1,000 calls a day" in result.stdout
    assert "(the framework's own: Not in the guidance: providers cache only prefixes" in result.stdout
    rag = run_cli("frameworks", "rag-vs-finetuning-vs-prompting", cwd=project.root).stdout
    assert "2. rag: does the knowledge change often" in rag and "(kept: a later step that passes" in rag
