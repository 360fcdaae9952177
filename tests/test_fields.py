"""A team's own decision fields (plugin option `fields`), MADR 4's consulted and informed, and
unknown fields reported in one pass."""

from __future__ import annotations

import html
import json
import textwrap
from pathlib import Path

import pytest

from conftest import Project, mkdocs_build, run_cli

FIELDS_YML = """\
site_name: Team decisions
theme:
  name: material
plugins:
  - tradeoffs:
      fields:
        - name: team
          type: text
          values: [payments, search]
          title: Owning team
        - name: tracking
          type: text
        - name: components
          type: list
          values: [cart, pricing, search-ui]
        - name: reviewed
          type: boolean
"""

DECISION = """\
title: Cache prices
status: accepted
date: 2026-02-01
consulted: [Data team]
informed: [Support]
framework: test-rules
facts: {fast: true, load: 10}
chosen: alpha
team: payments
tracking: PAY-123
components: [cart, pricing]
reviewed: true
affects: ["src/**"]
"""


def fields_project(project: Project) -> Project:
    (project.root / "mkdocs.yml").write_text(FIELDS_YML)
    (project.root / "docs").mkdir()
    (project.root / "docs" / "index.md").write_text("# Home\n")
    (project.root / "src").mkdir()
    (project.root / "src" / "a.py").write_text("")
    project.decision("0001-cache-prices.yml", DECISION)
    return project


def test_declared_fields_are_valid_and_checked(project: Project) -> None:
    fields_project(project)
    assert project.cli("check", "--strict").returncode == 0, project.cli("check").stdout
    project.decision(
        "0002-bad.yml",
        DECISION.replace("team: payments", "team: billing").replace("reviewed: true", "reviewed: 'yes'"),
    )
    out = project.cli("check").stdout
    assert "decisions/0002-bad.yml:9:7: error: team must be one of: payments, search (got 'billing')" in out
    assert "decisions/0002-bad.yml:12:11: error: reviewed must be true or false" in out


def test_every_unknown_field_is_reported_in_one_pass(project: Project) -> None:
    project.decision(
        "0001-extra.yml",
        """\
        title: Extra fields
        status: proposed
        date: 2026-02-01
        framework: test-rules
        team: payments
        component: cart
        tracking: PAY-1
        tagz: [x]
        """,
    )
    out = project.cli("check").stdout
    for line, name in ((5, "team"), (6, "component"), (7, "tracking")):
        assert f"decisions/0001-extra.yml:{line}:1: error: unknown field '{name}'" in out, out
        assert "declare it in the plugin's `fields` option" in out
    assert "decisions/0001-extra.yml:8:1: error: unknown field 'tagz'; did you mean 'tags'?" in out


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ("[{name: status}]", "'status' is a field every decision has"),
        ("[{name: Team}]", "fields[0].name must be lower-case"),
        ("[{name: team, type: colour}]", "fields[0].type must be one of"),
        ("[{name: team, values: []}]", "fields[0].values must be a list of texts"),
        ("[{name: n, type: number, values: [a]}]", "fields[0].values are for text and list fields"),
        ("[{name: a}, {name: a}]", "fields[1].name 'a' is declared twice"),
        ("[{name: a, colour: red}]", "fields[0] has unknown keys colour"),
        ("team", "expected a list of fields"),
    ],
)
def test_a_bad_declaration_stops_check_with_where_it_is(
    project: Project, declaration: str, message: str
) -> None:
    (project.root / "mkdocs.yml").write_text(
        f"site_name: T\nplugins:\n  - tradeoffs:\n      fields: {declaration}\n"
    )
    result = project.cli("check")
    assert result.returncode == 1
    assert "mkdocs.yml:4:7: error: Plugin 'tradeoffs' option 'fields': " in result.stderr, result.stderr
    assert message in result.stderr


def test_the_editor_schema_knows_the_fields(project: Project) -> None:
    fields_project(project)
    data = json.loads(project.cli("schema", "decision", "--frameworks", check=True).stdout)
    props = data["properties"]
    assert props["team"]["enum"] == ["payments", "search"]
    assert props["components"]["items"] == {"enum": ["cart", "pricing", "search-ui"]}
    assert props["reviewed"]["type"] == "boolean"
    assert "affects" in props and "consulted" in props and "informed" in props


def test_export_json_carries_fields_affects_consulted_and_informed(project: Project, tmp_path: Path) -> None:
    fields_project(project)
    out = tmp_path / "log.json"
    project.cli("export", "--format", "json", "--out", str(out), check=True)
    (decision,) = json.loads(out.read_text())["decisions"]
    assert decision["fields"] == {
        "team": "payments",
        "tracking": "PAY-123",
        "components": ["cart", "pricing"],
        "reviewed": True,
    }
    assert decision["affects"] == ["src/**"]
    assert (decision["consulted"], decision["informed"]) == (["Data team"], ["Support"])


def test_render_shows_fields_and_what_the_decision_governs(project: Project) -> None:
    fields_project(project)
    text = project.cli("render", "decisions/0001-cache-prices.yml", check=True).stdout
    front = text.split("---\n")[1]
    assert 'team: "payments"' in front and 'components: ["cart", "pricing"]' in front
    assert 'consulted: "Data team"' in front and 'affects: ["src/**"]' in front
    assert "- Owning team: payments" in text and "- Components: cart, pricing" in text
    assert "- Reviewed: yes" in text and "- Governs: `src/**`" in text
    assert "Consulted: Data team · Informed: Support" in text


@pytest.mark.build
def test_a_team_field_builds_strict_shows_on_the_page_filters_the_log_and_exports(
    project: Project, tmp_path: Path
) -> None:
    fields_project(project)
    site = mkdocs_build(project.root)
    page = (site / "decisions" / "ADR-0001" / "index.html").read_text()
    assert "Owning team: payments" in page and "Tracking: PAY-123" in page
    assert "<code>src/**</code>" in page
    log = (site / "decisions" / "index.html").read_text()
    start = log.index("data-tradeoffs-log='") + len("data-tradeoffs-log='")
    data = json.loads(html.unescape(log[start : log.index("'", start)]))
    assert data["fields"] == [
        {"name": "team", "title": "Owning team", "values": ["payments", "search"]},
        {"name": "components", "title": "Components", "values": ["cart", "pricing", "search-ui"]},
    ]
    # each row's columns are named by `names` (the log's filters add columns over time)
    assert data["rows"][0][data["names"].index("fields")] == [[0], [0, 1]]
    published = json.loads((site / "schemas" / "decision.schema.json").read_text())
    assert published["properties"]["team"]["enum"] == ["payments", "search"]
    out = tmp_path / "export"
    run_cli("export", "--format", "markdown", "--out", str(out), cwd=project.root, check=True)
    [page] = (out / "decisions").glob("0001-*.md")
    exported = page.read_text()
    # plain YAML in the front matter, as MADR's own keys
    assert "\nteam: payments\n" in exported and "\ntracking: PAY-123\n" in exported


def test_init_writes_the_schema_with_the_fields(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(FIELDS_YML)
    run_cli("init", cwd=tmp_path, check=True)
    written = json.loads((tmp_path / "schemas" / "decision.schema.json").read_text())
    assert written["properties"]["team"]["enum"] == ["payments", "search"]
    # and check says when it falls behind the declaration
    (tmp_path / "mkdocs.yml").write_text(FIELDS_YML.replace("[payments, search]", "[payments, search, ops]"))
    (tmp_path / "decisions" / "0001-x.yml").write_text(
        textwrap.dedent("""\
        title: X
        status: proposed
        date: 2026-01-01
        options: [{id: a, title: A}]
        team: ops
        """)
    )
    out = run_cli("check", cwd=tmp_path)
    assert "schemas/decision.schema.json:1:1: warning: the committed schema no longer matches" in out.stdout
