"""Decisions in pull requests: schemas for editors and validators, CI output, numbering across
branches, lifecycle edits and the review summary. Every test runs the real CLI (and git, and
check-jsonschema) as subprocesses on temporary projects."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import GOOD_DECISION, REPO, Project, run_cli

GOOD = GOOD_DECISION

NEEDS_CJS = pytest.mark.skipif(
    shutil.which("check-jsonschema") is None, reason="check-jsonschema is not installed"
)


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def init_repo(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "test@example.com")
    git(root, "config", "user.name", "Test")
    git(root, "config", "commit.gpgsign", "false")


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def cjs(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["check-jsonschema", "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# ---------------------------------------------------------------- schemas


def write_schema(project: Project, *extra: str) -> Path:
    result = project.cli("schema", "decision", *extra, "--output", "schemas/decision.schema.json")
    assert result.returncode == 0, result.stderr
    return project.root / "schemas" / "decision.schema.json"


BASE_CASES = {
    "good": GOOD,
    "good-quoted-date": GOOD.replace("2026-01-05", '"2026-01-05"'),
    "no-framework": "title: T\nstatus: accepted\ndate: 2026-01-05\noptions:\n  - {id: a, title: A}\nchosen: a\n",
    "references": GOOD + "supersedes: [2, '0003']\nrelated: ADR-0004\n",
    "unknown-field": GOOD + "colour: red\n",
    "bad-status": GOOD.replace("status: accepted", "status: done"),
    "missing-date": GOOD.replace("date: 2026-01-05\n", ""),
    "date-with-time": GOOD.replace("2026-01-05", "2026-01-05 10:00:00"),
    "impossible-date": GOOD.replace("2026-01-05", "2026-02-30"),
    "quoted-bad-date": GOOD.replace("2026-01-05", '"5 Jan 2026"'),
    "date-as-number": GOOD.replace("2026-01-05", "20260105"),
    "facts-without-framework": "title: T\nstatus: proposed\ndate: 2026-01-05\nfacts: {a: 1}\n",
    "options-with-framework": GOOD + "options:\n  - {id: a, title: A}\n",
    "accepted-without-chosen": GOOD.replace("chosen: alpha\n", ""),
    "bad-reference": GOOD + "supersedes: [ADR-x]\n",
    "bad-link": GOOD + "links:\n  - {title: T}\n",
}
BAD_BASE = {
    "unknown-field",
    "bad-status",
    "missing-date",
    "date-with-time",
    "impossible-date",
    "quoted-bad-date",
    "date-as-number",
    "facts-without-framework",
    "options-with-framework",
    "accepted-without-chosen",
    "bad-reference",
    "bad-link",
}


@NEEDS_CJS
@pytest.mark.parametrize("case", sorted(BASE_CASES))
def test_published_schema_and_check_agree(project: Project, case: str) -> None:
    """check-jsonschema with the published schema passes and fails the same files as check."""
    schema_file = project.root / "decision.schema.json"
    schema_file.write_text(project.cli("schema", "decision", check=True).stdout)
    for number in (2, 3, 4):  # for references to point at
        project.decision(f"000{number}-other.yml", GOOD.replace("accepted", "superseded"))
    path = project.decision("0001-case.yml", BASE_CASES[case])
    ours = project.cli("check", str(path))
    theirs = cjs(schema_file, path)
    assert (ours.returncode == 0) == (case not in BAD_BASE), ours.stdout
    assert (theirs.returncode == 0) == (case not in BAD_BASE), theirs.stdout + theirs.stderr


FRAMEWORK_CASES = {
    "good": (GOOD, True),
    "unanswered-fact": (GOOD.replace("  load: 10\n", "  load:\n"), True),
    "every-type": (
        GOOD.replace("  load: 10\n", "  load: 12.5\n  count: 3\n  tier: gold\n  note: hello\n"),
        True,
    ),
    "combined": (
        "title: C\nstatus: accepted\ndate: 2026-01-05\nframework: test-combo\nfacts: {a: true, b: true}\n"
        "chosen: [lever-a, lever-b]\n",
        True,
    ),
    "chosen-as-list-of-one": (GOOD.replace("chosen: alpha", "chosen: [alpha]"), True),
    "wrong-fact-name": (GOOD.replace("fast: true", "fats: true"), False),
    "wrong-fact-type": (GOOD.replace("fast: true", "fast: 3"), False),
    "text-for-number": (GOOD.replace("  load: 10\n", "  load: high\n"), False),
    "above-maximum": (GOOD.replace("  load: 10\n", "  load: 101\n"), False),
    "unknown-enum-value": (GOOD.replace("  fast: true\n", "  fast: true\n  tier: bronze\n"), False),
    "unknown-chosen-option": (GOOD.replace("chosen: alpha", "chosen: gamma"), False),
    "two-options-not-combinable": (GOOD.replace("chosen: alpha", "chosen: [alpha, beta]"), False),
    "unknown-framework": (GOOD.replace("framework: test-rules", "framework: test-nope"), False),
}


@NEEDS_CJS
@pytest.mark.parametrize("case", sorted(FRAMEWORK_CASES))
def test_framework_schema_checks_facts_and_options_like_check(project: Project, case: str) -> None:
    text, valid = FRAMEWORK_CASES[case]
    schema_file = write_schema(project, "--frameworks")
    path = project.decision("0001-case.yml", text)
    ours = project.cli("check", str(path))
    theirs = cjs(schema_file, path)
    assert (ours.returncode == 0) is valid, ours.stdout + ours.stderr
    assert (theirs.returncode == 0) is valid, theirs.stdout + theirs.stderr


def test_framework_schema_describes_each_framework(project: Project) -> None:
    data = json.loads(project.cli("schema", "decision", "--frameworks", check=True).stdout)
    assert "test-rules" in data["properties"]["framework"]["enum"]
    assert "cache-vs-recompute" in data["properties"]["framework"]["enum"]  # built-ins too
    rules = next(
        part["then"]
        for part in data["allOf"]
        if part.get("if", {}).get("properties", {}).get("framework") == {"const": "test-rules"}
    )
    facts = rules["properties"]["facts"]
    assert facts["additionalProperties"] is False
    assert facts["properties"]["load"]["type"] == ["number", "null"]
    assert facts["properties"]["load"]["minimum"] == 0 and facts["properties"]["load"]["maximum"] == 100
    assert facts["properties"]["load"]["description"].startswith("How much load? (in %)")
    assert facts["properties"]["tier"]["enum"] == ["gold", "silver", None]
    assert rules["properties"]["chosen"]["anyOf"][0] == {"enum": ["alpha", "beta"]}
    # the plain schema is unchanged
    plain = json.loads(project.cli("schema", "decision", check=True).stdout)
    assert "enum" not in plain["properties"]["framework"]


@NEEDS_CJS
def test_repository_decisions_pass_both_validators(tmp_path: Path) -> None:
    files = sorted((REPO / "decisions").glob("*.yml"))
    assert len(files) >= 7, "the demo has a decision for each built-in framework"
    schema_file = tmp_path / "decision.schema.json"
    result = run_cli("schema", "decision", "--frameworks", "--output", str(schema_file), cwd=REPO)
    assert result.returncode == 0, result.stderr
    theirs = cjs(schema_file, *files)
    assert theirs.returncode == 0, theirs.stdout
    ours = run_cli("check", *map(str, files), cwd=REPO)
    assert ours.returncode == 0, ours.stdout


def test_schema_output_is_checked_and_never_overwrites_other_files(project: Project) -> None:
    schema_file = write_schema(project, "--frameworks")
    check = ["schema", "decision", "--frameworks", "--check", "schemas/decision.schema.json"]
    assert project.cli(*check).returncode == 0
    # a framework changes: the written schema is now out of date
    fw = project.root / "frameworks" / "test-rules.yml"
    fw.write_text(fw.read_text().replace("  note:\n", "  remark:\n"))
    stale = project.cli(*check)
    assert stale.returncode == 1 and "out of date" in stale.stderr
    write_schema(project, "--frameworks")
    assert project.cli(*check).returncode == 0
    assert "remark" in schema_file.read_text()
    # something that is not a schema is never replaced
    precious = project.root / "notes.json"
    precious.write_text('{"mine": true}')
    refused = project.cli("schema", "decision", "--output", "notes.json")
    assert refused.returncode == 1 and "not overwriting" in refused.stderr
    assert precious.read_text() == '{"mine": true}'
    assert project.cli("schema", "framework", "--frameworks").returncode == 2
    assert not list((project.root / "schemas").glob(".*tmp"))


def test_schema_with_broken_framework_is_refused(project: Project) -> None:
    project.framework("id: broken\ntitle: B\n", "broken.yml")
    result = project.cli("schema", "decision", "--frameworks")
    assert result.returncode == 1 and "frameworks/broken.yml" in result.stderr


def test_new_references_the_project_schema_when_there_is_one(project: Project) -> None:
    first = project.cli("new", "test-rules", "First", "--no-git", check=True).stdout.strip()
    # no schema to point at (none committed, no site_url): no modeline an editor cannot load
    assert (project.root / first).read_text().startswith('title: "First"\n')
    write_schema(project, "--frameworks")
    second = project.cli("new", "test-rules", "Second", "--no-git", check=True).stdout.strip()
    text = (project.root / second).read_text()
    assert text.startswith("# yaml-language-server: $schema=../schemas/decision.schema.json\n")
    # the relative path resolves from the decision file, as editors resolve it
    assert ((project.root / second).parent / "../schemas/decision.schema.json").resolve().is_file()
    if shutil.which("check-jsonschema"):
        assert cjs(project.root / "schemas/decision.schema.json", project.root / second).returncode == 0


def test_published_schemas_for_the_site() -> None:
    from tradeoffs.core.frameworks import load_all
    from tradeoffs.core.schema import published_schemas

    fws = load_all(None).frameworks.values()
    files = published_schemas(fws, base_url="https://adr.example.com/")
    assert set(files) == {"decision.schema.json", "framework.schema.json"}
    assert files["decision.schema.json"]["$id"] == "https://adr.example.com/schemas/decision.schema.json"
    assert files["framework.schema.json"]["$id"] == "https://adr.example.com/schemas/framework.schema.json"
    assert "cache-vs-recompute" in files["decision.schema.json"]["properties"]["framework"]["enum"]
    assert "$id" not in published_schemas(fws)["decision.schema.json"]


# ---------------------------------------------------------------- CI output and pre-commit


def unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


COMMAND = re.compile(r"^::(?P<kind>error|warning) (?P<props>[^:]*)::(?P<data>.*)$")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Read a workflow command the way the runner does: properties split on ',' then '='."""
    match = COMMAND.match(line)
    assert match, line
    props = dict(part.split("=", 1) for part in match["props"].split(","))
    return match["kind"], {k: unescape(v) for k, v in props.items()}, unescape(match["data"])


def test_github_annotations_escape_data_and_properties(project: Project) -> None:
    name = "0001-a,b:c%.yml"
    project.decision(name, GOOD.replace("  fast: true\n", '  fast: true\n  tier: "50%"\n'))
    result = project.cli("check", "--format", "github")
    assert result.returncode == 1
    line = result.stdout.strip()
    assert line.startswith(
        "::error file=decisions/0001-a%2Cb%3Ac%25.yml,line=7,col=9,title=tradeoffs error::"
    ), line
    kind, props, message = parse_command(line)
    assert kind == "error"
    assert props == {"file": f"decisions/{name}", "line": "7", "col": "9", "title": "tradeoffs error"}
    assert message == "facts.tier must be one of: gold, silver (got '50%')"


def test_github_format_escapes_newlines_and_carriage_returns() -> None:
    from tradeoffs.core.problems import Problem, Severity, format_github

    problem = Problem("d/a,b:c.yml", 3, 4, "50% done:\nsecond, line\r", Severity.WARNING)
    line = format_github(problem)
    assert line == (
        "::warning file=d/a%2Cb%3Ac.yml,line=3,col=4,title=tradeoffs warning::50%25 done:%0Asecond, line%0D"
    )
    assert "\n" not in line
    assert parse_command(line)[2] == problem.message


def test_pre_commit_hook_definition(project: Project) -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "tradeoffs-check")
    assert hook["language"] == "python"
    assert hook["entry"].split()[:2] == ["tradeoffs", "check"]
    assert hook["pass_filenames"] is False
    assert hook["always_run"] is True  # a commit that only deletes a decision is checked too
    # the hook's command, as pre-commit runs it, passes a good project and fails a bad one
    args = hook["entry"].split()[1:] + hook.get("args", [])
    project.decision("0001-a.yml", GOOD)
    assert project.cli(*args).returncode == 0
    project.decision("0002-b.yml", GOOD.replace("fast: true", "fast: 3"))
    assert project.cli(*args).returncode == 1
    schema_hook = next(h for h in hooks if h["id"] == "tradeoffs-schema")
    assert schema_hook["pass_filenames"] is False and "--check" in schema_hook["entry"]


# ---------------------------------------------------------------- status and supersede

COMMENTED = """\
# yaml-language-server: $schema=../schemas/decision.schema.json
title: Use alpha   # short and clear
status: proposed   # we discuss it in the PR
date: 2026-01-05

framework: test-rules
facts:
  fast: true       # measured in staging
chosen: alpha
tags: [perf]
"""


def test_status_accepts_every_form_of_id_and_keeps_the_file(project: Project) -> None:
    path = project.decision("0007-use-alpha.yml", COMMENTED)
    result = project.cli("status", "ADR-0007", "accepted")
    assert result.returncode == 0, result.stderr
    assert path.read_text() == COMMENTED.replace("status: proposed   #", "status: accepted   #")
    for ident, status in (
        ("7", "deprecated"),
        ("0007", "accepted"),
        ("ADR-7", "rejected"),
        ("decisions/0007-use-alpha.yml", "proposed"),
    ):
        assert project.cli("status", ident, status).returncode == 0, ident
        assert f"status: {status}" in path.read_text()
    again = project.cli("status", "7", "proposed")
    assert again.returncode == 0 and "already proposed" in again.stdout
    assert path.read_text() == COMMENTED
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


def test_status_refuses_what_makes_no_sense(project: Project) -> None:
    path = project.decision("0001-a.yml", COMMENTED.replace("chosen: alpha\n", ""))
    cases = {
        ("1", "done"): (2, "unknown status 'done'; use one of: proposed, accepted"),
        ("1", "accepted"): (1, "names no chosen option"),
        ("1", "deprecated"): (1, "names no chosen option"),
        ("1", "superseded"): (1, "nothing supersedes ADR-0001; use `tradeoffs supersede"),
        ("9", "accepted"): (2, "there is no decision ADR-0009 in decisions"),
        ("ADR-x", "accepted"): (2, "'ADR-x' is not a decision"),
        ("decisions/0002-missing.yml", "accepted"): (2, "no such decision file"),
    }
    for (ident, status), (code, message) in cases.items():
        result = project.cli("status", ident, status)
        assert result.returncode == code, (ident, status, result.stderr)
        assert message in result.stderr, result.stderr
    assert path.read_text() == COMMENTED.replace("chosen: alpha\n", "")


def test_status_refuses_a_broken_decision_and_clashing_numbers(project: Project) -> None:
    project.decision("0001-a.yml", "title: [\n")
    result = project.cli("status", "1", "accepted")
    assert result.returncode == 1 and "cannot be loaded as a decision; fix it first" in result.stderr
    assert (project.root / "decisions/0001-a.yml").read_text() == "title: [\n"
    project.decision("0002-b.yml", GOOD)
    project.decision("0002-c.yml", GOOD)
    clash = project.cli("status", "2", "proposed")
    assert clash.returncode == 2 and "decisions/0002-b.yml and decisions/0002-c.yml" in clash.stderr


def test_status_refuses_a_change_that_adds_an_error(project: Project) -> None:
    # a proposal may name a vetoed option while it is discussed; accepting it must not add an error
    project.decision(
        "0001-a.yml",
        GOOD.replace("status: accepted", "status: proposed")
        .replace("  fast: true\n", "  fast: true\n  tier: gold\n")
        .replace("alpha", "beta")
        .replace("title: Use beta", "title: Use alpha"),
    )
    before = project.cli("check").stdout
    result = project.cli("status", "1", "accepted")
    assert project.cli("check").stdout == before
    # the veto is an error either way, so the status change adds none and is allowed
    assert result.returncode == 0, result.stderr


OLD = """\
title: Use alpha
status: accepted  # decided in March
date: 2026-01-05
framework: test-rules
facts:
  fast: true
chosen: alpha
"""


@pytest.mark.parametrize(
    "layout,expected",
    [
        ("", "supersedes: [ADR-0001]\n"),
        ("supersedes: [2]  # the first try\n", "supersedes: [2, 1]  # the first try\n"),
        (
            "supersedes:\n  - ADR-2   # the first try\n",
            "supersedes:\n  - ADR-2   # the first try\n  - ADR-0001\n",
        ),
        ("supersedes: ADR-2\n", "supersedes: [ADR-2, ADR-0001]\n"),
        ("supersedes: []\n", "supersedes: [ADR-0001]\n"),
    ],
)
def test_supersede_keeps_comments_and_layout(project: Project, layout: str, expected: str) -> None:
    old = project.decision("0001-old.yml", OLD)
    project.decision("0002-first-try.yml", OLD.replace("accepted  # decided in March", "superseded"))
    new_text = COMMENTED.replace("status: proposed", "status: accepted") + layout
    new = project.decision("0003-new.yml", new_text)
    result = project.cli("supersede", "ADR-1", "3")
    assert result.returncode == 0, result.stderr
    assert old.read_text() == OLD.replace("status: accepted  #", "status: superseded  #")
    assert new.read_text() == new_text.replace(layout, "") + expected
    again = project.cli("supersede", "1", "3")
    assert again.returncode == 0 and "nothing to change" in again.stdout
    # un-superseding while ADR-3 still supersedes it is refused
    back = project.cli("status", "1", "accepted")
    assert back.returncode == 1 and "superseded by ADR-0003" in back.stderr


def test_supersede_refuses_what_makes_no_sense(project: Project) -> None:
    project.decision("0001-accepted.yml", OLD)
    project.decision("0002-proposed.yml", OLD.replace("accepted  #", "proposed  #"))
    project.decision("0003-rejected.yml", OLD.replace("accepted  #", "rejected  #"))
    project.decision("0004-newer.yml", OLD + "supersedes: [5]\n")
    project.decision("0005-older.yml", OLD.replace("accepted  #", "superseded  #") + "supersedes: [1]\n")
    before = {p.name: p.read_text() for p in (project.root / "decisions").iterdir()}
    cases = {
        ("1", "1"): (2, "cannot supersede itself"),
        ("1", "9"): (2, "there is no decision ADR-0009"),
        ("2", "1"): (1, "ADR-0002 is proposed: only a decision that was accepted can be superseded"),
        ("3", "1"): (1, "ADR-0003 is rejected"),
        ("1", "3"): (1, "ADR-0003 is rejected, so it cannot replace anything"),
        ("4", "1"): (1, "superseding back would make a cycle"),
    }
    for (old, new), (code, message) in cases.items():
        result = project.cli("supersede", old, new)
        assert result.returncode == code, (old, new, result.stderr)
        assert message in result.stderr, result.stderr
    assert before == {p.name: p.read_text() for p in (project.root / "decisions").iterdir()}


def test_supersede_with_a_proposal_warns_to_accept_it(project: Project) -> None:
    project.decision("0001-old.yml", OLD)
    project.decision("0002-new.yml", COMMENTED)
    result = project.cli("supersede", "1", "2")
    assert result.returncode == 0
    assert "ADR-0002 is still proposed" in result.stderr
    assert project.cli("check").returncode == 0


# ---------------------------------------------------------------- renumber


def test_parallel_branches_clash_and_renumber_fixes_it(project: Project) -> None:
    root = project.root
    init_repo(root)
    project.decision("0001-base.yml", OLD)
    project.decision("0002-other.yml", GOOD.replace("Use alpha", "Other"))
    commit_all(root, "base")
    git(root, "checkout", "-qb", "feature-a")
    project.decision("0003-from-a.yml", GOOD.replace("Use alpha", "From A") + "related: [1]\n")
    (root / "decisions/0001-base.yml").write_text(OLD + "# A adds ADR-3 next.\nrelated: [ADR-0003]\n")
    commit_all(root, "A adds 0003")
    git(root, "checkout", "-q", "main")
    git(root, "checkout", "-qb", "feature-b")
    b_text = (
        "# Written on branch B\ntitle: From B   # keep me\nstatus: accepted\ndate: 2026-01-06\n"
        "framework: test-rules\nfacts: {fast: true}\nchosen: alpha\n"
        "context: |\n  Builds on ADR-2; this is ADR-3 itself.\n"
    )
    project.decision("0003-from-b.yml", b_text)
    other_b = (
        GOOD.replace("Use alpha", "Other") + "related:\n  - 3   # B's new decision\n"
        "rationale: See [[ADR-3]] and ADR-0003.\n"
    )
    (root / "decisions/0002-other.yml").write_text(other_b)
    commit_all(root, "B adds 0003")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-edit", "feature-a")
    git(root, "merge", "-q", "--no-edit", "--no-ff", "feature-b")
    check = project.cli("check")
    assert check.returncode == 1
    assert (
        "decisions/0003-from-a.yml:1:1: error: decision number 3 is also used by "
        "decisions/0003-from-b.yml" in check.stdout
    )
    assert (
        "decisions/0003-from-b.yml:1:1: error: decision number 3 is also used by "
        "decisions/0003-from-a.yml" in check.stdout
    )
    # the clash also stops lifecycle edits that name the number
    assert project.cli("status", "3", "accepted").returncode == 2
    result = project.cli("renumber", "decisions/0003-from-b.yml")
    assert result.returncode == 0, result.stderr
    assert "decisions/0003-from-b.yml -> decisions/0004-from-b.yml" in result.stdout
    assert not (root / "decisions/0003-from-b.yml").exists()
    # the moved file keeps every byte but its own mention of its number
    assert (root / "decisions/0004-from-b.yml").read_text() == b_text.replace("ADR-3 itself", "ADR-4 itself")
    # B's references follow the file; A's keep pointing at A's decision
    assert (root / "decisions/0002-other.yml").read_text() == other_b.replace(
        "  - 3   #", "  - 4   #"
    ).replace("[[ADR-3]] and ADR-0003", "[[ADR-4]] and ADR-0004")
    assert "related: [ADR-0003]" in (root / "decisions/0001-base.yml").read_text()
    assert "related: [1]" in (root / "decisions/0003-from-a.yml").read_text()
    final = project.cli("check")
    assert final.returncode == 0, final.stdout + final.stderr


def test_renumber_without_git_history_leaves_unclear_references(project: Project) -> None:
    project.decision("0001-a.yml", GOOD)
    project.decision("0001-b.yml", GOOD)
    project.decision("0002-c.yml", GOOD + "related: [1]\n")
    result = project.cli("renumber", "decisions/0001-b.yml", "--no-git")
    assert result.returncode == 0, result.stderr
    assert (project.root / "decisions/0003-b.yml").exists()
    assert "decisions/0002-c.yml:9: left as is" in result.stderr
    assert "related: [1]" in (project.root / "decisions/0002-c.yml").read_text()
    forced = project.cli("renumber", "decisions/0003-b.yml", "--to", "5", "--no-git")
    assert forced.returncode == 0
    assert "related: [1]" in (project.root / "decisions/0002-c.yml").read_text()


def test_renumber_to_a_number_updates_every_reference_form(project: Project) -> None:
    project.decision("0003-target.yml", GOOD)
    refs = (
        GOOD.replace("Use alpha", "Refs") + "supersedes: [3, '0003']  # both forms\n"
        "related:\n  - ADR-3\n  - ADR-0003\n  - ADR-30\n"
        "context: Mentions [[ADR-3]], ADR-0003 and ADR-33 but not XADR-3.\n"
    )
    project.decision("0004-refs.yml", refs.replace("status: accepted", "status: accepted"))
    result = project.cli("renumber", "ADR-3", "--to", "12", "--no-git")
    assert result.returncode == 0, result.stderr
    assert (project.root / "decisions/0012-target.yml").read_text() == GOOD
    assert (project.root / "decisions/0004-refs.yml").read_text() == refs.replace(
        "[3, '0003']", "[12, '0012']"
    ).replace("  - ADR-3\n  - ADR-0003\n", "  - ADR-12\n  - ADR-0012\n").replace(
        "[[ADR-3]], ADR-0003", "[[ADR-12]], ADR-0012"
    )
    assert "6 references to ADR-3 updated to ADR-12" in result.stdout


def test_renumber_leaves_another_repositorys_decision_alone(project: Project) -> None:
    project.decision("0003-target.yml", GOOD)
    refs = GOOD.replace("Use alpha", "Refs") + "related:\n  - ADR-3\n  - payments/ADR-3\n  - payments/3\n"
    project.decision("0004-refs.yml", refs)
    result = project.cli("renumber", "ADR-3", "--to", "12", "--no-git")
    assert result.returncode == 0, result.stderr
    assert (project.root / "decisions/0004-refs.yml").read_text() == refs.replace(
        "  - ADR-3\n", "  - ADR-12\n"
    )


def test_renumber_refuses_and_changes_nothing(project: Project) -> None:
    project.decision("0001-a.yml", GOOD)
    project.decision("0002-b.yml", GOOD)
    before = sorted(p.name for p in (project.root / "decisions").iterdir())
    cases = {
        ("decisions/0001-a.yml", "--to", "2"): "number 2 is already used by decisions/0002-b.yml",
        ("decisions/0001-a.yml", "--to", "1"): "already has number 1",
        ("decisions/0001-a.yml", "--to", "0"): "--to takes a number from 1",
        ("7",): "there is no decision ADR-0007",
        ("nope.yml",): "no such decision file",
    }
    for args, message in cases.items():
        result = project.cli("renumber", *args, "--no-git")
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr
    assert sorted(p.name for p in (project.root / "decisions").iterdir()) == before


def test_renumber_skips_numbers_used_on_other_branches(project: Project) -> None:
    root = project.root
    init_repo(root)
    project.decision("0001-a.yml", GOOD)
    commit_all(root, "one")
    git(root, "checkout", "-qb", "elsewhere")
    project.decision("0002-b.yml", GOOD)
    project.decision("0003-c.yml", GOOD)
    commit_all(root, "two and three")
    git(root, "checkout", "-q", "main")
    project.decision("0002-mine.yml", GOOD)
    result = project.cli("renumber", "2")
    assert result.returncode == 0, result.stderr
    assert (root / "decisions/0004-mine.yml").exists()


# ---------------------------------------------------------------- review

PROPOSED = """\
title: Cache or not
status: proposed
date: 2026-01-05
framework: test-rules
facts:
  fast: false
  load: 80
chosen: beta
open_questions: [Who runs it?]
"""


def review_repo(project: Project) -> Path:
    root = project.root
    init_repo(root)
    (root / "mkdocs.yml").write_text(
        "site_name: T\nsite_url: https://example.com/adr/\nplugins:\n  - tradeoffs\n"
    )
    project.decision("0001-cache.yml", PROPOSED)
    project.decision("0002-gone.yml", GOOD.replace("Use alpha", "Gone"))
    project.decision("0003-same.yml", GOOD.replace("Use alpha", "Same"))
    commit_all(root, "base")
    git(root, "checkout", "-qb", "change")
    (root / "decisions/0001-cache.yml").write_text(
        PROPOSED.replace("proposed", "accepted")
        .replace("fast: false", "fast: true")
        .replace("load: 80", "load: 10")
        .replace("chosen: beta", "chosen: alpha")
        .replace("open_questions: [Who runs it?]", "accepted_costs: [We run it ourselves.]")
    )
    (root / "decisions/0002-gone.yml").unlink()
    project.decision(
        "0004-new.yml", GOOD.replace("Use alpha", "Brand <new>").replace("chosen: alpha", "chosen: beta")
    )
    project.decision("0005-broken.yml", "title: [\n")
    return root


@pytest.mark.build  # git
def test_review_markdown_summarises_the_change(project: Project) -> None:
    review_repo(project)
    result = project.cli("review", "--base", "main")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("<!-- tradeoffs-review -->\n## Architecture decisions in this change\n")
    assert "2 added, 1 changed, 1 removed, 1 unchanged" in out
    added = out.split("### Added")[1].split("### Changed")[0]
    assert (
        "#### [ADR-0004: Brand &lt;new&gt;](https://example.com/adr/decisions/ADR-0004/) — accepted" in added
    )
    assert "- Recommendation: **Alpha** (`alpha`)" in added
    assert (
        "- Chosen: **Beta** (`beta`) — ⚠️ goes against the framework and gives no override_rationale" in added
    )
    assert "Beta is slow." in added
    assert "#### ADR-0005" in added and "invalid YAML" in added
    changed = out.split("### Changed")[1].split("### Removed")[0]
    assert "[ADR-0001: Cache or not](https://example.com/adr/decisions/ADR-0001/) — accepted" in changed
    assert "- Status: proposed → **accepted**" in changed
    assert "- Chosen: beta → **alpha**" in changed
    assert "- Recommendation: beta → **alpha**, because `fast`, `load` changed" in changed
    assert "- Fact `fast`: false → **true**" in changed
    assert "- Fact `load`: 80 → **10**" in changed
    assert "— ✅ agrees with the framework" in changed
    assert "We run it ourselves." in changed.split("New accepted costs")[1]
    assert "Who runs it?" in changed.split("Answered open questions")[1]
    removed = out.split("### Removed")[1]
    assert "- ADR-0002: Gone (`decisions/0002-gone.yml`)" in removed
    assert "ADR-0003" not in out


@pytest.mark.build  # git
def test_review_json(project: Project) -> None:
    review_repo(project)
    data = json.loads(project.cli("review", "--base", "main", "--format", "json", check=True).stdout)
    assert [e["id"] for e in data["added"]] == ["ADR-0004", "ADR-0005"]
    assert data["added"][1]["loaded"] is False and data["added"][1]["problems"]
    (change,) = data["changed"]
    assert change["changes"]["status"] == ["proposed", "accepted"]
    assert change["changes"]["recommended"] == [["beta"], ["alpha"]]
    assert change["recommendation_changed_by"] == ["fast", "load"]
    assert change["consistent"] is True
    assert change["url"] == "https://example.com/adr/decisions/ADR-0001/"
    assert data["removed"] == [
        {
            "id": "ADR-0002",
            "number": 2,
            "title": "Gone",
            "status": "accepted",
            "file": "decisions/0002-gone.yml",
        }
    ]
    assert data["unchanged"] == 1


def test_review_without_changes_and_from_before_any_decision(project: Project) -> None:
    root = project.root
    init_repo(root)
    (root / "README.md").write_text("x\n")
    commit_all(root, "no decisions yet")
    empty = git(root, "rev-parse", "HEAD").strip()
    project.decision("0001-a.yml", GOOD)
    commit_all(root, "one")
    out = project.cli("review", "--base", "HEAD", check=True).stdout
    assert "No decision changed compared with `HEAD`" in out
    data = json.loads(project.cli("review", "--base", empty[:12], "--format", "json", check=True).stdout)
    assert [e["id"] for e in data["added"]] == ["ADR-0001"] and not data["changed"]


@pytest.mark.build  # git
def test_review_bad_revision_and_no_repository(project: Project) -> None:
    project.decision("0001-a.yml", GOOD)
    outside = project.cli("review", "--base", "main")
    assert outside.returncode == 2 and "not inside a git repository" in outside.stderr
    init_repo(project.root)
    commit_all(project.root, "one")
    for rev in ("no-such-branch", "--help-me", "main~5"):
        result = project.cli("review", "--base", rev)
        assert result.returncode == 2, rev
        assert "is not a" in result.stderr and "Traceback" not in result.stderr
    assert project.cli("review").returncode == 2  # --base is required


def test_renumber_updates_mentions_and_links_in_the_sites_pages(project: Project) -> None:
    """docs/*.md (mkdocs.yml's docs_dir) mention decisions and link to their pages too."""
    (project.root / "mkdocs.yml").write_text("site_name: T\ndocs_dir: pages\nplugins:\n  - tradeoffs\n")
    (project.root / "pages" / "guides").mkdir(parents=True)
    page = (
        "# Guide\n\nSee ADR-3, [[ADR-3#accepted-costs]] and "
        "[the cache decision](../decisions/ADR-0003.md); `ADR-33` and `ADR-30` stay.\n"
    )
    (project.root / "pages" / "guides" / "caching.md").write_text(page)
    (project.root / "pages" / "index.md").write_text("# Home\n\nNothing about it.\n")
    project.decision("0003-target.yml", GOOD)
    result = project.cli("renumber", "ADR-3", "--to", "12", "--no-git")
    assert result.returncode == 0, result.stderr
    assert (project.root / "pages" / "guides" / "caching.md").read_text() == page.replace(
        "ADR-3,", "ADR-12,"
    ).replace("[[ADR-3#", "[[ADR-12#").replace("ADR-0003.md", "ADR-0012.md")
    assert "pages/guides/caching.md: 3 references to ADR-3 updated to ADR-12" in result.stdout
    assert (project.root / "pages" / "index.md").read_text() == "# Home\n\nNothing about it.\n"
    # and the site builds strict: no mention or link left pointing at the old number
    # no -q: MkDocs' -q drops warnings before --strict counts them
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project.root,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
