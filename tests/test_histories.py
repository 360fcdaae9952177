"""Real teams' ADR histories: every record found, its status and date as written, one door to git.

Fixtures here are written for these tests, modelled on patterns seen in public ADR histories.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import textwrap
from pathlib import Path

import pytest

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
