"""Messages that say what to do and say it truly: an option's title for its id, a
number written with its unit, a record imported without its date."""

from __future__ import annotations

from conftest import Project

SYNC_DECISION = """\
title: Send order emails
status: accepted
date: 2026-01-05
framework: sync-vs-async
facts:
  exceeds_user_patience: true
  downstream_needs_rate_limit: true
  must_tolerate_downstream_outage: true
  needs_safe_retries: true
  caller_needs_result: false
  async_observability_ready: true
chosen: {chosen}
"""


def test_an_options_title_as_chosen_gets_its_id_and_one_problem(project: Project) -> None:
    project.decision("0001-send-order-emails.yml", SYNC_DECISION.format(chosen="asynchronous"))
    out = project.cli("check").stdout
    assert "'asynchronous' is not an option of sync-vs-async; did you mean 'async'?" in out
    assert "differs from" not in out


def test_a_number_with_its_unit_gets_the_number_to_write(project: Project) -> None:
    project.decision(
        "0001-use-alpha.yml",
        "title: Use alpha\nstatus: accepted\ndate: 2026-01-05\nframework: test-rules\n"
        "facts:\n  fast: true\n  load: 85%\nchosen: alpha\n",
    )
    out = project.cli("check").stdout
    assert "facts.load must be a number, not '85%': write 85 (the number without its unit %)" in out


def test_a_unit_hint_keeps_integers_whole(project: Project) -> None:
    project.decision(
        "0001-use-alpha.yml",
        "title: Use alpha\nstatus: accepted\ndate: 2026-01-05\nframework: test-rules\n"
        "facts:\n  fast: true\n  count: 2.5 items\nchosen: alpha\n",
    )
    out = project.cli("check").stdout
    assert "write 2.5" not in out


def test_import_never_says_not_imported_of_a_record_it_wrote(project: Project) -> None:
    source = project.root / "adr"
    source.mkdir()
    (source / "0001-use-postgres.md").write_text(
        "# 1. Use Postgres\n\n## Status\n\nAccepted\n\n## Context\n\nWe need a database.\n\n"
        "## Decision\n\nUse Postgres.\n\n## Consequences\n\nOps.\n",
        encoding="utf-8",
    )
    result = project.cli("import", "adr")
    assert (project.root / "decisions" / "0001-use-postgres.yml").is_file()
    assert "not imported: no date" not in result.stderr
    assert "imported without a date (none in the record or in git)" in result.stderr
