"""Decisions for coding agents: `tradeoffs context` and the read-only MCP server, the server
asked through the MCP SDK's own client over stdio."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import Project
from test_affects import governed_repo
from tradeoffs.core import schema


def test_context_for_a_path_names_the_governing_decisions_and_fits_its_schema(project: Project) -> None:
    repo = governed_repo(project)
    repo.decision(
        "0003-cache-prices-per-region.yml",
        (repo.root / "decisions" / "0003-cache-prices-per-region.yml").read_text()
        + "rationale: Regions price differently.\naccepted_costs: [A cache per region]\n"
        + "open_questions: [Do we need a fourth region?]\n",
    )
    data = json.loads(repo.cli("context", "src/pricing/cache.py", "--format", "json", check=True).stdout)
    jsonschema.validate(data, schema.schema("context"))
    assert data["path"] == "src/pricing/cache.py" and not data["truncated"]
    assert [d["id"] for d in data["decisions"]] == ["ADR-0005", "ADR-0003", "ADR-0001"]
    current = data["decisions"][1]
    assert current["rationale"] == "Regions price differently."
    assert "A cache per region" in current["accepted_costs"]
    assert "Do we need a fourth region?" in current["open_questions"]
    assert current["what_would_change"] and current["chosen"] == [{"id": "alpha", "title": "Alpha"}]
    text = repo.cli("context", "src/pricing/cache.py", check=True).stdout
    assert text.startswith("# Decisions that govern `src/pricing/cache.py`")
    assert "## ADR-0001: Cache prices [superseded] (SUPERSEDED by ADR-0003)" in text


def test_context_without_a_path_lists_what_is_in_force(project: Project) -> None:
    repo = governed_repo(project)
    data = json.loads(repo.cli("context", "--format", "json", check=True).stdout)
    jsonschema.validate(data, schema.schema("context"))
    assert data["path"] is None
    assert [d["id"] for d in data["decisions"]] == ["ADR-0005", "ADR-0003", "ADR-0002"]


def test_context_stays_under_its_size_bound_and_names_what_it_left_out(project: Project) -> None:
    repo = governed_repo(project)
    long = "A long reason. " * 200
    for n in range(6, 40):
        repo.decision(
            f"{n:04d}-pricing-{n}.yml",
            f"title: Pricing rule {n}\nstatus: accepted\ndate: 2026-05-{n % 28 + 1:02d}\n"
            f"options: [{{id: a, title: A}}]\nchosen: a\nrationale: {long}\naffects: ['src/pricing/**']\n",
        )
    out = repo.cli("context", "src/pricing", "--format", "json", "--max-bytes", "4000", check=True).stdout
    assert len(out.strip().encode()) <= 4000
    data = json.loads(out)
    jsonschema.validate(data, schema.schema("context"))
    assert data["truncated"] is True and data["omitted"]
    assert len(data["decisions"]) + len(data["omitted"]) == 34 + 3
    assert all(len(d["rationale"]) <= 600 for d in data["decisions"])
    assert data["decisions"] and data["decisions"][0]["date"] >= data["decisions"][-1]["date"]


# ---------------------------------------------------------------- MCP, through the SDK's client


def _mcp(root: Path, calls: list[tuple[str, dict[str, Any]]]) -> tuple[Any, list[Any]]:
    """Spawn `tradeoffs mcp` in `root` and make `calls` through the SDK's stdio client:
    (the tools it lists, each call's structured result)."""
    from mcp.client.session import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "tradeoffs", "mcp"],
        cwd=str(root),
        env={k: v for k, v in os.environ.items() if k.startswith(("PATH", "PYTHON", "HOME", "VIRTUAL_ENV"))},
    )

    async def session() -> tuple[Any, list[Any]]:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as client:
            await client.initialize()
            tools = await client.list_tools()
            results = []
            for name, arguments in calls:
                result = await client.call_tool(name, arguments)
                assert not getattr(result, "is_error", False), result
                results.append(result.structured_content)  # type: ignore[union-attr]
            return tools, results

    return asyncio.run(asyncio.wait_for(session(), 120))


@pytest.mark.build
def test_mcp_server_answers_through_the_sdk_client_and_offers_nothing_that_writes(project: Project) -> None:
    pytest.importorskip("mcp", reason="the MCP SDK is the optional `mcp` extra")
    repo = governed_repo(project)
    facts = {"fast": False, "load": 70, "count": 12}
    repo.decision(
        "0009-same-facts.yml",
        "title: Same facts\nstatus: proposed\ndate: 2026-06-01\nframework: test-rules\n"
        "facts: {fast: false, load: 70, count: 12}\nchosen: beta\n",
    )
    before = {p: p.stat().st_mtime_ns for p in repo.root.rglob("*") if p.is_file()}
    tools, (listed, found, read, governed, evaluated, unknown) = _mcp(
        repo.root,
        [
            ("list_decisions", {"status": "accepted"}),
            ("search_decisions", {"query": "prices region"}),
            ("read_decision", {"decision": "ADR-3"}),
            ("decisions_for_path", {"path": "src/pricing/cache.py"}),
            ("evaluate_framework", {"framework": "test-rules", "facts": facts, "chosen": ["beta"]}),
            ("read_decision", {"decision": "ADR-99"}),
        ],
    )
    # exactly the read-only tools, each annotated so
    assert sorted(t.name for t in tools.tools) == sorted(
        ["list_decisions", "search_decisions", "read_decision", "decisions_for_path", "evaluate_framework"]
    )
    for tool in tools.tools:
        assert tool.annotations is not None and tool.annotations.read_only_hint is True, tool.name
        assert tool.annotations.destructive_hint is False, tool.name
    assert [d["id"] for d in listed["decisions"]] == ["ADR-0003", "ADR-0002"]
    assert [d["id"] for d in found["decisions"]] == ["ADR-0003"]
    assert read["id"] == "ADR-0003" and read["chosen"] == "alpha" and read["superseded_by"] == []
    assert read["affects"] == ["src/pricing/**", "src/legacy/prices/**"]
    # the path query says what `tradeoffs explain PATH --format json` says
    cli = json.loads(repo.cli("explain", "src/pricing/cache.py", "--format", "json", check=True).stdout)
    assert governed == cli
    # the evaluation equals `tradeoffs explain` of a decision with the same facts and choice
    explained = json.loads(repo.cli("explain", "decisions/0009-same-facts.yml", "--format", "json").stdout)
    for key, value in evaluated.items():
        if key != "problems":
            assert value == explained[key], key
    assert evaluated["recommended"] == "beta" and evaluated["scores"] == explained["scores"]
    assert "there is no decision 'ADR-99'" in unknown["error"]
    after = {p: p.stat().st_mtime_ns for p in repo.root.rglob("*") if p.is_file()}
    assert after == before  # nothing was written


# ---------------------------------------------------------------- init --agents


def test_init_agents_appends_a_marked_section_once_and_keeps_what_the_team_wrote(tmp_path: Path) -> None:
    from conftest import run_cli

    ours = "# Our agents\n\nUse tabs, never spaces.\n"
    (tmp_path / "AGENTS.md").write_text(ours)
    offered = run_cli("init", cwd=tmp_path, check=True).stdout
    assert "offer" in offered and "tradeoffs init --agents" in offered
    assert (tmp_path / "AGENTS.md").read_text() == ours  # only offered without --agents
    run_cli("init", "--agents", cwd=tmp_path, check=True)
    text = (tmp_path / "AGENTS.md").read_text()
    assert text.startswith(ours)
    assert text.count("<!-- tradeoffs:agents -->") == 1 and text.rstrip().endswith(
        "<!-- /tradeoffs:agents -->"
    )
    assert "tradeoffs context PATH" in text and "tradeoffs mcp" in text and "`decisions/`" in text
    again = run_cli("init", "--agents", cwd=tmp_path, check=True).stdout
    assert "keep    AGENTS.md" in again or "keep  AGENTS.md" in again or "AGENTS.md  (already" in again
    assert (tmp_path / "AGENTS.md").read_text() == text  # idempotent


def test_init_agents_creates_agents_md_where_there_is_none(tmp_path: Path) -> None:
    from conftest import run_cli

    run_cli("init", "--agents", cwd=tmp_path, check=True)
    text = (tmp_path / "AGENTS.md").read_text()
    assert text.startswith("# Agents\n\n<!-- tradeoffs:agents -->\n## Architecture decisions")
