"""A team field with allowed values filters the decision log in headless Chromium."""

from __future__ import annotations

import re
from typing import Any

import pytest

from conftest import Project, block_outside, mkdocs_build, serve
from test_fields import FIELDS_YML

pytestmark = pytest.mark.browser


def test_the_log_filters_by_a_team_field(project: Project, browser: Any) -> None:
    (project.root / "mkdocs.yml").write_text(FIELDS_YML)
    (project.root / "docs").mkdir()
    (project.root / "docs" / "index.md").write_text("# Home\n")
    teams = ["payments", "search", "payments", None]
    for n, team in enumerate(teams, 1):
        project.decision(
            f"{n:04d}-decision-{n}.yml",
            f"title: Decision {n}\nstatus: proposed\ndate: 2026-01-0{n}\n"
            "options: [{id: a, title: A}]\n" + (f"team: {team}\n" if team else ""),
        )
    site = mkdocs_build(project.root)
    with serve(site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        block_outside(context, url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(url + "/decisions/")
        page.locator(".tradeoffs-count").wait_for()
        labels = page.locator("label.tradeoffs-filter").all_inner_texts()
        assert any(label.startswith("Owning team") for label in labels)
        page.select_option("select[name=team]", "payments")
        page.locator(".tradeoffs-count", has_text=re.compile(r"^2 of 4")).wait_for()
        titles = page.locator("table[data-tradeoffs-log-table] tbody tr td:nth-child(2)").all_inner_texts()
        assert sorted(titles) == ["ADR-0001: Decision 1", "ADR-0003: Decision 3"]
        page.wait_for_url(re.compile(r"/decisions/\?team=payments$"))
        page.reload()  # the filter is in the address, so it comes back
        page.locator(".tradeoffs-count", has_text=re.compile(r"^2 of 4")).wait_for()
        assert page.input_value("select[name=team]") == "payments"
        page.select_option("select[name=components]", "cart")  # no decision holds it
        page.locator(".tradeoffs-count", has_text=re.compile(r"^0 of 4")).wait_for()
        context.close()
