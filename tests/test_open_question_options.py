"""A framework's open question about running one option is asked only of decisions that chose
it (`option` on the question)."""

from __future__ import annotations

import json
import os
import subprocess

from conftest import Project
from tradeoffs.core.config import Settings
from tradeoffs.core.project import load_project

DECISION = """\
title: Authorise card payments
status: accepted
date: 2026-01-05
framework: sync-vs-async
facts:
  exceeds_user_patience: true
  downstream_needs_rate_limit: false
  must_tolerate_downstream_outage: false
  needs_safe_retries: true
  caller_needs_result: true
  async_observability_ready: false
chosen: {chosen}
override_rationale: For the test.
"""

ASYNC_ONLY = "How is failed work retried without the caller"


def _questions(project: Project, chosen: str) -> list[str]:
    project.decision("0001-authorise-card-payments.yml", DECISION.format(chosen=chosen))
    loaded = load_project(Settings.from_options(project.root, {}))
    return [q.text for ev in loaded.evaluations.values() for q in ev.open_questions]


def test_a_decision_that_chose_sync_is_not_asked_async_questions(project: Project) -> None:
    assert not any(q.startswith(ASYNC_ONLY) for q in _questions(project, "sync"))


def test_a_decision_that_chose_async_is_asked_them(project: Project) -> None:
    assert any(q.startswith(ASYNC_ONLY) for q in _questions(project, "async"))


def test_review_lists_only_the_chosen_options_questions(project: Project) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "frameworks"]):
        subprocess.run(["git", *args], cwd=project.root, check=True, env=env, capture_output=True)
    project.decision("0001-authorise-card-payments.yml", DECISION.format(chosen="sync"))
    out = project.cli("review", "--base", "main", "--format", "json").stdout
    entry = json.loads(out)["added"][0]
    assert entry["chosen"] == ["sync"]
    assert not any(q.startswith(ASYNC_ONLY) for q in entry["open_questions"])


def test_a_question_naming_an_unknown_option_is_an_error(project: Project) -> None:
    project.framework(
        "id: q-fw\ntitle: Q\nquestion: Which?\nmode: weighted\nfacts:\n  a: {type: boolean, prompt: A?}\n"
        "options:\n  - {id: one, title: One, summary: s, accepts: [x], failure_cost: [y]}\n"
        "  - {id: two, title: Two, summary: s, accepts: [x], failure_cost: [y]}\n"
        "criteria:\n  - {id: c, option: one, effect: for, text: A helps., when: {fact: a, eq: true}}\n"
        "open_questions:\n  - {text: How is one run?, option: onne}\n",
        "q-fw.yml",
    )
    out = project.cli("check").stdout
    assert "'onne' is not an option of this framework; did you mean 'one'?" in out
