"""Real teams' ADR histories: every record found, its status and date as written, one door to git.

Fixtures here are written for these tests, modelled on patterns seen in public ADR histories.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import mkdocs_build, run_cli

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ana",
    "GIT_AUTHOR_EMAIL": "ana@example.invalid",
    "GIT_COMMITTER_NAME": "Ana",
    "GIT_COMMITTER_EMAIL": "ana@example.invalid",
    "PATH": "/usr/bin:/bin",
    "HOME": "/nonexistent",
}


def git_commit(root: Path, message: str, date: str = "2019-04-04T10:00:00") -> None:
    env = {**GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    if not (root / ".git").exists():
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", message], cwd=root, check=True, env=env)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


# --- one door for git ------------------------------------------------------------------------


@pytest.mark.build
def test_non_ascii_file_names_get_their_git_dates(tmp_path: Path) -> None:
    from tradeoffs.core.gitrepo import first_dates

    record = "# 1. Use a queue\n\n## Status\n\nAccepted\n\n## Context\n\nWe need a queue.\n"
    write(tmp_path, {"adr/0001-décision.md": record, "adr/0002-plain.md": record.replace("1.", "2.")})
    git_commit(tmp_path, "first")
    dates = first_dates(tmp_path / "adr")
    assert dates[(tmp_path / "adr/0001-décision.md").resolve()] == dt.date(2019, 4, 4)
    assert dates[(tmp_path / "adr/0002-plain.md").resolve()] == dt.date(2019, 4, 4)


@pytest.mark.build
def test_a_renamed_record_keeps_its_first_date(tmp_path: Path) -> None:
    from tradeoffs.core.gitrepo import first_dates

    write(tmp_path, {"adr/001-a.md": "# A\n\nStatus: accepted\n\nSome words that stay the same.\n"})
    git_commit(tmp_path, "first", "2019-04-04T10:00:00")
    (tmp_path / "adr/001-a.md").rename(tmp_path / "adr/0001-a.md")
    git_commit(tmp_path, "rename", "2020-05-05T10:00:00")
    assert first_dates(tmp_path / "adr") == {(tmp_path / "adr/0001-a.md").resolve(): dt.date(2019, 4, 4)}


@pytest.mark.build
def test_a_commit_subject_cannot_forge_a_history_entry(tmp_path: Path) -> None:
    from tradeoffs.site.history import read_history

    decision = tmp_path / "decisions" / "0001-a.yml"
    write(tmp_path, {"decisions/0001-a.yml": "title: A\nstatus: proposed\n"})
    git_commit(tmp_path, "Propose A")
    decision.write_text("title: A\nstatus: accepted\n", encoding="utf-8")
    fake = "0" * 40
    forged = f"x\x1e{fake}\x1f2001-01-01\x1fMallory\x1fForged\x1e{fake}\x00\n+status: rejected"
    git_commit(tmp_path, "Accept A " + forged.replace("\x00", ""), "2020-01-01T10:00:00")
    history = read_history([tmp_path / "decisions"])
    assert list(history) == [decision.resolve()]
    file = history[decision.resolve()]
    assert [(c.status, c.commit.date, c.commit.author) for c in file.changes] == [
        ("proposed", "2019-04-04", "Ana"),
        ("accepted", "2020-01-01", "Ana"),
    ]
    assert file.last is not None and file.last.subject.startswith("Accept A x\x1e")


@pytest.mark.build
def test_new_sees_a_non_ascii_decision_file_on_another_branch(tmp_path: Path) -> None:
    from tradeoffs.workflow.numbering import numbers_on_branches

    write(tmp_path, {"decisions/0001-a.yml": "title: A\n"})
    git_commit(tmp_path, "first")
    subprocess.run(["git", "checkout", "-qb", "other"], cwd=tmp_path, check=True, env=GIT_ENV)
    write(tmp_path, {"decisions/0007-café.yml": "title: Café\n"})
    git_commit(tmp_path, "café")
    subprocess.run(["git", "checkout", "-q", "main"], cwd=tmp_path, check=True, env=GIT_ENV)
    assert numbers_on_branches(tmp_path / "decisions") == {1, 7}


# --- statuses as written -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "status", "wording"),
    [
        ("> Accepted", "accepted", ""),
        ("**Accepted**", "accepted", ""),
        ("✅ Accepted", "accepted", "✅ Accepted"),
        ("🤔 Proposed", "proposed", "🤔 Proposed"),
        ("Accepted: tracking issue #12.", "accepted", "Accepted: tracking issue #12."),
        ("Accepted. Tracking issue: #12.", "accepted", "Accepted. Tracking issue: #12."),
        ("Partially Accepted", "accepted", "Partially Accepted"),
        ("Reverted by discussion #9.", "deprecated", "Reverted by discussion #9."),
        ("Aceito", "accepted", "Aceito"),
        ("Akzeptiert", "accepted", "Akzeptiert"),
        ("Acceptée", "accepted", "Acceptée"),
        ("Rechazado", "rejected", "Rechazado"),
        ("Voorgesteld", "proposed", "Voorgesteld"),
        ("提议", "proposed", "提议"),
        ("完成", "accepted", "完成"),
        ("受け入れられました", "accepted", "受け入れられました"),
        ("Superseded by [ADR-2](0002-x.md)", "superseded", "Superseded by [ADR-2](0002-x.md)"),
    ],
)
def test_statuses_are_read_as_written(written: str, status: str, wording: str) -> None:
    from tradeoffs.core import adr_status

    reading = adr_status.read(written)
    assert reading is not None
    assert (reading.status, reading.wording, reading.exact) == (status, wording, True)


def test_an_unknown_status_word_is_kept_beside_the_nearest_status() -> None:
    from tradeoffs.core import adr_status

    assert adr_status.read("Experimental") == adr_status.StatusReading("proposed", "Experimental", False)
    assert adr_status.read("Approval granted") == adr_status.StatusReading(
        "accepted", "Approval granted", False
    )
    words = adr_status.vocabulary({"Experimental": "accepted"})
    assert adr_status.read("experimental", words) == adr_status.StatusReading("accepted", "experimental")


def test_status_histories_latest_entry_wins_and_the_history_is_kept() -> None:
    from tradeoffs.core import adr_status

    dated = adr_status.read_history(["2017-11-23 提议", "", "2017-11-24 通过"])
    assert dated is not None and dated.status == "accepted"
    assert dated.history == (("2017-11-23", "提议"), ("2017-11-24", "通过"))
    listed = adr_status.read_history(["- Accepted (2020-02-01)", "- Proposed on 2020-01-01"])
    assert listed is not None and listed.status == "accepted"
    front = adr_status.from_front_matter(
        [{"status": "accepted", "date": "2021-03-01"}, {"status": "deprecated", "date": "2022-01-01"}]
    )
    assert front is not None and front.status == "deprecated" and len(front.history) == 2
    assert adr_status.read_history(["Accepted", "We talked about it."]) is None


def test_markdown_records_read_decorated_and_foreign_statuses(tmp_path: Path) -> None:
    from tradeoffs.core import markdown_adr

    records = {
        "0001-a.md": "# 1. A\n\nDate: 2021-01-01\n\n## Status\n\n> Accepted\n\n## Context\n\nc\n",
        "0002-b.md": "# 2. B\n\nDate: 2021-01-02\n\n## Status\n\n✅ Accepted\n\n## Context\n\nc\n",
        "0003-c.md": "# 3. C\n\nData: 2019-02-22\n\n## Status\n\nAceito\n\n## Contexto\n\nc\n",
        "0004-d.md": "# 4. D\n\n## 状态\n\n2017-11-23 提议\n\n2017-11-24 通过\n\n## 上下文\n\nc\n",
        "0005-e.md": "# 5. E\n\nDate: 2021-01-05\n\n## Status\n\nReverted by discussion #9.\n",
        "0006-f.md": (
            "---\nstatusHistory:\n  - {status: proposed, date: 2021-01-01}\n"
            "  - {status: accepted, date: 2021-02-01}\n---\n\n# F\n\nsome text\n"
        ),
    }
    write(tmp_path, {f"adr/{k}": v for k, v in records.items()})
    found = markdown_adr.load_dirs([tmp_path / "adr"], display=lambda p: p.name)
    by_number = {d.number: d for _rec, d, _doc in found.decisions}
    assert {n: d.status for n, d in by_number.items()} == {
        1: "accepted",
        2: "accepted",
        3: "accepted",
        4: "accepted",
        5: "deprecated",
        6: "accepted",
    }
    assert by_number[2].status_wording == "✅ Accepted"
    assert by_number[4].status_history == (("2017-11-23", "提议"), ("2017-11-24", "通过"))
    assert [h[1] for h in by_number[6].status_history] == ["proposed", "accepted"]
    assert not [p for p in found.problems if "status" in p.message]


# --- the team's own status words for YAML decisions -----------------------------------------------

APPROVED = (
    "title: Use alpha\nstatus: approved\ndate: 2026-01-05\noptions:\n  - {id: a, title: A}\nchosen: a\n"
)


def test_a_team_status_word_loads_as_its_status_and_keeps_its_wording() -> None:
    from tradeoffs.core.decisions import load_text

    plain = load_text(APPROVED, "0001-a.yml", "decisions/0001-a.yml")
    assert plain.decision is None and any("approved" in p.message for p in plain.problems)
    mapped = load_text(APPROVED, "0001-a.yml", "decisions/0001-a.yml", status_words={"Approved": "accepted"})
    assert mapped.decision is not None, mapped.problems
    assert (mapped.decision.status, mapped.decision.status_wording) == ("accepted", "approved")
    needs_choice = APPROVED.replace("chosen: a\n", "")
    missing = load_text(needs_choice, "0001-a.yml", "d/0001-a.yml", status_words={"approved": "accepted"})
    assert missing.decision is None and any("chosen" in p.message for p in missing.problems)


def test_the_editor_schema_accepts_the_teams_status_words() -> None:
    import jsonschema
    import yaml

    from tradeoffs.core.schema import decision_schema_for

    data = yaml.safe_load(APPROVED)
    data["date"] = "2026-01-05"
    schema = decision_schema_for([], status_words={"approved": "accepted", "provisional": "proposed"})
    jsonschema.validate(data, schema)
    del data["chosen"]
    with pytest.raises(jsonschema.ValidationError, match="chosen"):
        jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "status": "approved"}, decision_schema_for([]))


def test_status_words_must_name_one_of_the_five_statuses(tmp_path: Path) -> None:
    from tradeoffs.core.options import check

    _values, problems = check({"status_words": {"approved": "done"}}, tmp_path)
    assert [p.text() for p in problems] == [
        "Plugin 'tradeoffs' option 'status_words': 'approved: done': 'done' is not a status; use one of: "
        "proposed, accepted, rejected, deprecated, superseded"
    ]
    _values, problems = check({"status_words": ["approved"]}, tmp_path)
    assert "expected a mapping of words to statuses" in problems[0].message


@pytest.mark.build
def test_a_team_status_word_is_published_in_its_words(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "mkdocs.yml": "site_name: s\nplugins:\n  - tradeoffs:\n      status_words: {approved: accepted}\n",
            "docs/index.md": "# Home\n",
            "decisions/0001-use-alpha.yml": APPROVED,
        },
    )
    assert run_cli("check", cwd=tmp_path).returncode == 0
    page = (mkdocs_build(tmp_path) / "decisions/ADR-0001/index.html").read_text(encoding="utf-8")
    assert 'adr-status--accepted">accepted</span> (approved)' in page
    assert "not accepted yet" not in page
