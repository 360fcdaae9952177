"""Real teams' ADR histories: every record found, its status and date as written, one door to git.

Fixtures here are written for these tests, modelled on patterns seen in public ADR histories.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import mkdocs_build, placed_record, run_cli

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
    from tradeoffs.core.markdown_adr import status as adr_status

    reading = adr_status.read(written)
    assert reading is not None
    assert (reading.status, reading.wording, reading.exact) == (status, wording, True)


def test_an_unknown_status_word_is_kept_beside_the_nearest_status() -> None:
    from tradeoffs.core.markdown_adr import status as adr_status

    assert adr_status.read("Experimental") == adr_status.StatusReading("proposed", "Experimental", False)
    assert adr_status.read("Approval granted") == adr_status.StatusReading(
        "accepted", "Approval granted", False
    )
    words = adr_status.vocabulary({"Experimental": "accepted"})
    assert adr_status.read("experimental", words) == adr_status.StatusReading("accepted", "experimental")


def test_status_histories_latest_entry_wins_and_the_history_is_kept() -> None:
    from tradeoffs.core.markdown_adr import status as adr_status

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
    from tradeoffs.core.markdown_adr import loading as markdown_adr

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


# --- every record found ---------------------------------------------------------------------------


def _load(folder: Path) -> object:
    from tradeoffs.core.markdown_adr import loading as markdown_adr

    return markdown_adr.load_dirs([folder], display=lambda p: p.relative_to(folder.parent).as_posix())


def _import(root: Path, *args: str) -> tuple[str, dict[str, dict[str, object]]]:
    import yaml

    result = run_cli("import", "adr", "--out", "decisions", *args, cwd=root)
    assert "Traceback" not in result.stderr
    out = {
        p.name: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((root / "decisions").glob("*.yml"))
    }
    return result.stdout + result.stderr, out


def test_a_folder_per_record_is_found_and_numbered_by_its_date(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "adr/2023-05-01-use-queues/README.md": "# Use queues\n\n## Decision\n\nWe queue the jobs.\n",
            "adr/2023-02-03-test-in-ci/README.md": "# Test in CI\n\n## Decision\n\nWe test.\n\n## Rationale\n\nLate bugs.\n",
            "adr/2023-02-03-test-in-ci/flow.png": "not really a png",
            "adr/README.md": "# Our decisions\n\nSee the folders.\n",
        },
    )
    found = _load(tmp_path / "adr")
    titles = {d.number: (d.title, d.date, d.tags) for _r, d, _doc in found.decisions}  # type: ignore[attr-defined]
    assert titles == {
        1: ("Test in CI", dt.date(2023, 2, 3), ()),
        2: ("Use queues", dt.date(2023, 5, 1), ()),
    }
    assert [(s.path.name, s.reason) for s in found.skipped] == [  # type: ignore[attr-defined]
        ("README.md", "an index page (README or index) of its folder")
    ]


def test_records_without_a_title_of_their_own_are_found(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "adr/009-auth-and-roles.md": (
                "| Status   | Date       | Author(s) |\n| :------- | :--------- | :-------- |\n"
                "| Accepted | 2024-03-14 | @lee      |\n\n## Context\n\nWHY-TEXT\n\n## Decision\n\nWHAT-TEXT\n"
            ),
            "adr/0010-use-x.md": (
                "Date: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nWHY-TEXT\n\n# Consequences\n\nTHEN-TEXT\n"
            ),
        },
    )
    found = _load(tmp_path / "adr")
    by_number = {d.number: d for _r, d, _doc in found.decisions}  # type: ignore[attr-defined]
    nine, ten = by_number[9], by_number[10]
    assert (nine.title, nine.status, nine.date) == ("Auth and roles", "accepted", dt.date(2024, 3, 14))
    assert "| Accepted |" not in nine.body and "WHY-TEXT" in nine.body
    assert (ten.title, ten.status, ten.date) == ("Use x", "accepted", dt.date(2020, 1, 1))
    assert ten.body.index("WHY-TEXT") < ten.body.index("## Consequences") < ten.body.index("THEN-TEXT")
    assert not found.problems  # type: ignore[attr-defined]
    _out, data = _import(tmp_path)
    assert data["0009-auth-and-roles.yml"]["context"] == "Authors: @lee\n\nWHY-TEXT"
    assert data["0010-use-x.yml"]["context"] == "WHY-TEXT"
    assert data["0010-use-x.yml"]["rationale"] == "Consequences: THEN-TEXT"


def test_templates_are_told_by_what_they_hold_and_named(tmp_path: Path) -> None:
    template = "# ADRxxx: Decision Record Title\n\nDate: YYYY-MM-DD\n\n## Status\n\nAccepted or Rejected\n\n## Context\n\nthe facts\n"
    write(
        tmp_path,
        {
            "adr/ADR001-use-y.md": "# ADR001: Use Y\n\nDate: 2021-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n",
            "adr/ADRXXX-decision-record-form.md": template,
            "adr/our-decision-form.md": template.replace("ADRxxx: Decision Record Title", "[Short title]"),
            "adr/0002-list.md": "# Decisions\n\n- [Use Y](ADR001-use-y.md)\n- [A](a.md)\n- [B](b.md)\n",
        },
    )
    found = _load(tmp_path / "adr")
    assert [d.title for _r, d, _doc in found.decisions] == ["Use Y"]  # type: ignore[attr-defined]
    reasons = {s.path.name: s.reason for s in found.skipped}  # type: ignore[attr-defined]
    assert reasons["ADRXXX-decision-record-form.md"].startswith("a template: its title")
    assert "YYYY-MM-DD" in reasons["our-decision-form.md"]
    assert reasons["0002-list.md"].startswith("an index of the records")
    output, data = _import(tmp_path)
    assert list(data) == ["0001-use-y.yml"]
    assert "not a record: adr/ADRXXX-decision-record-form.md: a template" in output


# --- statuses and dates as written ----------------------------------------------------------------


def test_dates_in_their_written_forms() -> None:
    from tradeoffs.core.markdown_adr.dates import DateReading, read

    assert read("11/11/2024") == DateReading(dt.date(2024, 11, 11))
    assert read("05/13/2024") == DateReading(dt.date(2024, 5, 13))  # only month first makes a date
    assert read("May 2025") == DateReading(dt.date(2025, 5, 1), "May 2025")
    assert read("Dec 19, 2022") == DateReading(dt.date(2022, 12, 19))
    assert read("[2023-01-17]") == DateReading(dt.date(2023, 1, 17))
    assert read("2017年11月23日") == DateReading(dt.date(2017, 11, 23))
    assert read("19. Mai 2022") == DateReading(dt.date(2022, 5, 19))
    assert read("YYYY-MM-DD") is None and read("31/06/2016") is None


def test_foreign_fields_and_sections_land_where_english_ones_do(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "adr/0001-registrar.md": (
                "# 1. Registrar decisões\n\nData: 2019-02-22\n\n## Status\n\nAceito\n\n## Contexto\n\n"
                "TEXTO-CONTEXTO\n\n## Decisão\n\nTEXTO-DECISAO\n\n## Consequências\n\nTEXTO-CONSEQUENCIAS\n"
            ),
            "adr/0002-zh.md": (
                "# 2. 生成图形\n\n日期: 2017-11-23\n\n## 状态\n\n2017-11-23 提议\n\n2017-11-24 通过\n\n"
                "## 上下文\n\n上下文文本\n\n## 决策\n\n决策文本\n"
            ),
            "adr/0003-docusaurus.md": (
                "---\nid: 0003-docusaurus\ntitle: ADR-003 - Third\n---\n\n- **Status:** Accepted\n"
                "- **Decision Date:** 2025-05-16\n\n## Context\n\nSee [the first](./0001-registrar).\n"
            ),
            "adr/0004-tracing.md": (
                "# Use tracing\n\n* Status: accepted\n* Deciders:\n  * Platform team\n  * Sync team\n"
                "* Date: May 2025\n\n## Context and Problem Statement\n\nWe need diagnostics.\n"
            ),
        },
    )
    found = _load(tmp_path / "adr")
    d = {x.number: x for _r, x, _doc in found.decisions}  # type: ignore[attr-defined]
    assert (d[1].status, d[1].status_wording, d[1].date) == ("accepted", "Aceito", dt.date(2019, 2, 22))
    assert (d[2].status, d[2].date) == ("accepted", dt.date(2017, 11, 23))
    assert (d[3].status, d[3].date) == ("accepted", dt.date(2025, 5, 16))
    # placing links is the site's: the record's text keeps them as written
    from tradeoffs.site.record_links import to_pages

    source = next(r.path for r, x, _doc in found.decisions if x.number == 3)  # type: ignore[attr-defined]
    assert "[the first](./0001-registrar)" in d[3].body
    assert "[the first](ADR-0001.md)" in to_pages(d[3].body, source, found.numbers, "ADR")  # type: ignore[attr-defined]
    assert (d[4].deciders, d[4].date) == (("Platform team", "Sync team"), dt.date(2025, 5, 1))
    assert d[4].body.startswith("Date: May 2025")
    assert not [p for p in found.problems if "link" in p.message or "date" in p.message]  # type: ignore[attr-defined]
    output, data = _import(tmp_path)
    assert "kept 100.0%" in output
    one, two, four = (
        data["0001-registrar-decis-es.yml"],
        data["0002-decision.yml"],
        data["0004-use-tracing.yml"],
    )
    assert one["context"] == "Status: Aceito\n\nTEXTO-CONTEXTO"
    assert one["rationale"] == "TEXTO-DECISAO\n\nConsequences: TEXTO-CONSEQUENCIAS"
    assert (
        two["context"] == "2017-11-23 提议\n\n2017-11-24 通过\n\n上下文文本"
        and two["rationale"] == "决策文本"
    )
    assert four["deciders"] == ["Platform team", "Sync team"]
    assert four["context"] == "Date: May 2025\n\nWe need diagnostics."


# --- nothing dropped silently ---------------------------------------------------------------------


def test_a_second_h1_is_a_section_and_its_text_is_kept(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "adr/0001-posts.md": (
                "# Generic posts\n\nDate: 2023-12-30\n\n## Status\n\nAccepted\n\nIntro paragraph.\n\n"
                "# Decision\n\nDECISION-TEXT here.\n\n```mermaid\nflowchart TD\n  A --> B\n```\n\n## Impact\n\nIMPACT-TEXT\n"
            )
        },
    )
    found = _load(tmp_path / "adr")
    body = found.decisions[0][1].body  # type: ignore[attr-defined]
    assert "\n## Decision\n" in body and "\n# Decision" not in body
    output, data = _import(tmp_path)
    rationale = data["0001-generic-posts.yml"]["rationale"]
    assert "DECISION-TEXT here." in rationale and "flowchart TD" in rationale and "IMPACT-TEXT" in rationale
    assert "kept 100.0%" in output


def test_reference_links_images_and_the_source_comment(tmp_path: Path) -> None:
    project, source = tmp_path / "project", tmp_path / "elsewhere" / "adr"
    write(
        source.parent,
        {
            "adr/0001-first.md": "# 1. First\n\nDate: 2021-01-01\n\n## Status\n\nAccepted\n\n## Context\n\n![the flow](img/flow.png)\n",
            "adr/img/flow.png": "png bytes",
            "adr/0002-second.md": (
                "# 2. Second\n\nDate: 2021-02-01\n\n## Status\n\nAccepted\n\n## Context\n\n"
                "As decided in [the first record].\n\n[the first record]: 0001-first.md\n"
            ),
        },
    )
    project.mkdir()
    result = run_cli("import", str(source), "--out", "decisions", cwd=project)
    assert result.returncode == 0, result.stderr
    first = (project / "decisions/0001-first.yml").read_text(encoding="utf-8")
    second = (project / "decisions/0002-second.yml").read_text(encoding="utf-8")
    assert first.startswith("# Imported from adr/0001-first.md (nygard)")  # not the importing machine's path
    assert str(tmp_path) not in first + second
    assert "[the first record]: ADR-0001.md" in second
    assert (
        "![the flow](flow.png)" in first and (project / "docs/decisions/flow.png").read_text() == "png bytes"
    )
    assert "copied img/flow.png to docs/decisions/flow.png" in result.stdout + result.stderr


def test_lists_are_written_as_python_markdown_reads_them() -> None:
    from tradeoffs.core.markdown_adr.lists import for_python_markdown

    assert for_python_markdown("We looked at:\n\n- A\n  - too slow\n- B\n") == (
        "We looked at:\n\n- A\n    - too slow\n- B\n"
    )
    assert for_python_markdown("We looked at:\n- A\n- B\n") == "We looked at:\n\n- A\n- B\n"
    assert for_python_markdown("```\n- a\n  - b\n```\n") == "```\n- a\n  - b\n```\n"
    assert for_python_markdown("1. a\n   - b\n") == "1. a\n    - b\n"


def test_the_kept_figure_counts_records_that_could_not_be_imported(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "adr/0001-good.md": "# Good\n\nStatus: accepted\n\nDate: 2021-01-01\n\nSome words here.\n",
            "adr/0002-broken.md": "---\nstatus: [unclosed\n---\n# Broken\n\nSeven more words are in this record.\n",
        },
    )
    output, data = _import(tmp_path)
    assert list(data) == ["0001-good.yml"]
    assert "not kept: adr/0002-broken.md:1: fix the errors above" in output
    kept = re.search(r"kept ([0-9.]+)% of the records' text \(([0-9]+) of ([0-9]+) words\)", output)
    assert kept is not None and int(kept[2]) < int(kept[3])


@pytest.mark.build
def test_histories_are_published_as_their_teams_wrote_them(tmp_path: Path) -> None:
    status = "# {n}. Record {n}\n\nDate: 2021-01-0{n}\n\n## Status\n\n{s}\n\n## Context\n\nc\n"
    files = {
        f"adr/000{n}-record-{n}.md": status.format(n=n, s=s)
        for n, s in enumerate(
            [
                "Accepted: tracking issue #12.",
                "✅ Accepted",
                "Partially Accepted",
                "Reverted by discussion #9.",
            ],
            1,
        )
    }
    files.update(
        {
            "mkdocs.yml": "site_name: s\nplugins:\n  - tradeoffs:\n      markdown_dirs: [adr]\n",
            "docs/index.md": "# Home\n",
            "adr/0005-lists.md": (
                "# 5. Lists\n\nDate: 2021-01-05\n\n## Status\n\nAccepted\n\n## Options\n\nWe looked at:\n"
                "- Option A\n  - Rejected: too slow.\n- Option B\n\nSee [the first record].\n\n"
                "[the first record]: 0001-record-1.md\n"
            ),
            "adr/0006-second-h1.md": (
                "Date: 2021-01-06\n\n* Status: accepted\n* Technical Story: TS-42\n* Consulted: the ops team\n\n"
                "## Context\n\nCONTEXT-TEXT\n\n# Consequences\n\nCONSEQUENCE-TEXT\n"
            ),
            "adr/2022-02-03-integration-testing/README.md": "# Integration testing\n\n* Status: accepted\n\nWe test.\n",
        }
    )
    write(tmp_path, files)
    (tmp_path / "decisions").mkdir()
    site = mkdocs_build(tmp_path)

    def page(n: int) -> str:
        html = (site / f"decisions/ADR-{n:04d}/index.html").read_text(encoding="utf-8")
        return html[html.index("<h1") :]

    for n, wording in [(1, "Accepted: tracking issue #12."), (2, "✅ Accepted"), (3, "Partially Accepted")]:
        assert f'adr-status--accepted">accepted</span> ({wording})' in page(n)
        assert "not accepted yet" not in page(n)
    assert 'adr-status--deprecated">deprecated</span> (Reverted by discussion #9.)' in page(4)
    lists = page(5)
    assert "<li>Option A<ul>" in lists.replace("\n", "") and "<li>Rejected: too slow.</li>" in lists
    assert '<a href="../ADR-0001/">the first record</a>' in lists
    untitled = page(6)
    assert "ADR-0006: Second h1" in untitled and "CONTEXT-TEXT" in untitled
    assert '<h2 id="consequences">Consequences</h2>' in untitled
    assert "Technical story: TS-42" in untitled and "Consulted: the ops team" in untitled
    assert "Integration testing" in page(7)


# --- linear on hostile text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "reader",
    [
        "status",
        "history",
        "date",
        "template",
        "index",
        "definitions",
        "field line",
        "lists",
    ],
)
def test_the_new_readers_stay_linear(reader: str) -> None:
    import time

    from tradeoffs.core.markdown_adr import dates as adr_dates
    from tradeoffs.core.markdown_adr import finding as adr_files
    from tradeoffs.core.markdown_adr import links as adr_links
    from tradeoffs.core.markdown_adr import lists as markdown_lists
    from tradeoffs.core.markdown_adr import sections as adr_sections
    from tradeoffs.core.markdown_adr import status as adr_status

    def text(n: int) -> str:
        return {
            "status": "✅" * n + " accepted" + " " * n + "x",
            "history": "\n".join(["2020-01-01 " + "a" * 20] * (n // 20)),
            "date": "1" * n + "/" + "2" * n,
            "template": "[title" * n + "{" + "a" * n + "accepted" + " " * n,
            "index": "](" * n + "](a.md)" * (n // 10),
            "definitions": "[" + "a" * n + "]: " + "b" * n + "\n" + "[x]:" * n,
            "field line": "- **" + "a" * n + ":** " + "b" * n,
            "lists": "text\n" + "".join("  " * (i % 8) + "- item\n" for i in range(n // 10)),
        }[reader]

    def run(value: str) -> None:
        if reader == "status":
            adr_status.read(value)
        elif reader == "history":
            adr_status.read_history(value.splitlines())
        elif reader == "date":
            adr_dates.read(value[:200])
            adr_dates.read(value)
        elif reader == "template":
            adr_files.template_reason(value, value, "x.md")
        elif reader == "index":
            adr_files.index_reason(value, has_status=False)
        elif reader == "definitions":
            adr_links.repoint_definitions(value, lambda url: None)
        elif reader == "field line":
            adr_sections.field_line(value)
        else:
            markdown_lists.for_python_markdown(value)

    def timed(n: int) -> float:
        value = text(n)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            run(value)
            best = min(best, time.perf_counter() - start)
        return best

    small, large = timed(10_000), timed(40_000)
    # 4x the text: a linear reader takes about 4x the time, a quadratic one 16x (seconds here)
    assert large < max(small, 0.02) * 10, (reader, small, large)


def test_links_between_folder_records_and_broken_definitions(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "adr/0000000001/README.md": (
                "---\nstate: Approved\ncreated: 2022-07-11\n---\n\n# Style guide\n\n"
                "Follows [the genesis](../0000000000/README.md) and [again](../0000000000/).\n\n"
                "See [gone] too.\n\n[gone]: ./missing-file.md\n"
            ),
            "adr/0000000000/README.md": "---\nstate: Approved\ncreated: 2022-07-10\n---\n\n# Genesis\n\nText.\n",
        },
    )
    found = _load(tmp_path / "adr")
    d = {x.title: x for _r, x, _doc in found.decisions}  # type: ignore[attr-defined]
    assert (d["Genesis"].number, d["Style guide"].number) == (1, 2)
    assert d["Style guide"].status == "accepted" and d["Style guide"].date == dt.date(2022, 7, 11)
    assert "(../0000000000/README.md)" in d["Style guide"].body  # as written: the site places links
    body, _files, problems = placed_record(found, 2)
    assert "[the genesis](ADR-0001.md)" in body and "[again](ADR-0001.md)" in body
    assert "missing-file.md" not in body and "See [gone] too." in body
    assert any("links to './missing-file.md', which does not exist" in p.message for p in problems)


NOT_RECORDS = {
    "adr/0001-use-x.md": "# 1. Use X\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nText.\n",
    "adr/template.md": "# Title\n\n## Status\n\nProposed\n",
    "adr/README.md": "# Decisions\n\n- [Use X](0001-use-x.md)\n",
    "adr/0000-form.md": (
        "<!-- copy me -->\n\n# ADRxxx: Decision Record Title\n\nDate: YYYY-MM-DD\n\n"
        "## Status\n\nAccepted or Rejected\n"
    ),
}
SITE = "site_name: t\nplugins:\n  - tradeoffs:\n      markdown_dirs: [adr]\n"


def test_files_that_are_not_records_are_named_by_check_and_pages(tmp_path: Path) -> None:
    write(tmp_path, {**NOT_RECORDS, "mkdocs.yml": SITE})
    (tmp_path / "decisions").mkdir()
    result = run_cli("check", cwd=tmp_path)
    # told for what they are: listed with the reason, at the line that says so, not a problem
    assert result.returncode == 0, result.stdout + result.stderr
    notes = [line for line in result.stderr.splitlines() if "not a record" in line]
    assert notes == [
        "adr/0000-form.md:3: not a record: a template: its title 'ADRxxx: Decision Record Title' is a "
        "placeholder; its status lists the choices",
        "adr/README.md:1: not a record: an index page (README or index) of its folder",
        "adr/template.md:1: not a record: a template (by its name)",
    ]
    assert "0 errors, 0 warnings" in result.stderr
    # a page that may be a record the tool cannot see is a warning, which --strict makes an error
    write(tmp_path, {"adr/notes/meeting.md": "# Meeting notes\n\nWe talked.\n"})
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "adr/notes/meeting.md:1:1: warning: not read as a record: in a subfolder, with no number, date "
        "or status; give it a status ('Status: accepted') or a number or date in its name to publish "
        "it, or move it out of markdown_dirs"
    ]
    assert run_cli("check", "--strict", cwd=tmp_path).returncode == 1
    pages = run_cli("pages", "--out", "out", cwd=tmp_path)
    assert "adr/template.md:1: not a record: a template (by its name)" in pages.stderr
    assert "adr/notes/meeting.md:1:1: warning: not read as a record" in pages.stderr
    # `check` of given files names only their problems
    given = run_cli("check", "adr/0001-use-x.md", cwd=tmp_path)
    assert "not a record" not in given.stderr + given.stdout


@pytest.mark.build
def test_the_build_lists_templates_and_warns_for_a_page_it_cannot_place(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    from mkdocs.exceptions import Abort

    write(tmp_path, {**NOT_RECORDS, "mkdocs.yml": SITE, "docs/index.md": "# Home\n"})
    (tmp_path / "decisions").mkdir()
    with caplog.at_level(logging.INFO):
        site = mkdocs_build(tmp_path)  # --strict: a template beside the records fails nobody's build
    assert (site / "decisions/ADR-0001/index.html").is_file()
    infos = [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.INFO and "not a record" in r.getMessage()
    ]
    assert infos == [
        "tradeoffs: adr/0000-form.md:3: not a record: a template: its title 'ADRxxx: Decision Record "
        "Title' is a placeholder; its status lists the choices",
        "tradeoffs: adr/README.md:1: not a record: an index page (README or index) of its folder",
        "tradeoffs: adr/template.md:1: not a record: a template (by its name)",
    ]
    write(tmp_path, {"adr/notes/meeting.md": "# Meeting notes\n\nWe talked.\n"})
    caplog.clear()
    with pytest.raises(Abort):
        mkdocs_build(tmp_path)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(
        "adr/notes/meeting.md:1:1: warning: not read as a record: in a subfolder" in m for m in warnings
    )


def test_check_names_a_link_the_site_cannot_follow(tmp_path: Path) -> None:
    # placing links is the site's; `tradeoffs check` asks it, so a broken link is named before a build
    write(
        tmp_path,
        {
            "mkdocs.yml": SITE,
            "adr/0001-use-x.md": (
                "# 1. Use X\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\n"
                "See [the plan](plan.txt) and [the second](0002-use-y.md).\n"
            ),
            "adr/0002-use-y.md": "# 2. Use Y\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n",
        },
    )
    (tmp_path / "decisions").mkdir()
    result = run_cli("check", cwd=tmp_path)
    assert result.stdout.splitlines() == [
        "adr/0001-use-x.md:11:5: warning: links to 'plan.txt', which does not exist; shown as text"
    ]
