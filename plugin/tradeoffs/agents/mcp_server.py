"""`tradeoffs mcp`: the decision log as a read-only MCP server over stdio.

Built on the official MCP Python SDK (the optional `mcp` extra). It offers tools and nothing
else (no resources, prompts or sampling), and each tool only reads: the project's files are
loaded afresh for every call, so an agent sees the decisions as they are on disk, and nothing
it can ask for writes a file. Every tool says so in its annotations (`readOnlyHint`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradeoffs import __version__
from tradeoffs.agents import queries
from tradeoffs.core.config import Settings

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

TOOLS = ("list_decisions", "search_decisions", "read_decision", "decisions_for_path", "evaluate_framework")
"""Every tool the server offers; a test checks that it offers exactly these."""

INSTRUCTIONS = (
    "Architecture decisions of this repository, each evaluated by a tradeoff framework. Before "
    "changing a file, call decisions_for_path with its path: the decisions that govern it say "
    "what was chosen, why, which costs were accepted and what would change the decision. Do not "
    "go against an accepted decision without saying so. evaluate_framework answers what a "
    "framework recommends for given facts (the framework decides, not the model)."
)


def server(settings: Settings) -> MCPServer:
    """The MCP server for the project `settings` describe."""
    from mcp.server.mcpserver import MCPServer
    from mcp.types import ToolAnnotations

    app: MCPServer = MCPServer(
        "tradeoffs", title="Architecture decisions", version=__version__, instructions=INSTRUCTIONS
    )

    def read_only(title: str) -> ToolAnnotations:
        return ToolAnnotations(
            title=title,
            read_only_hint=True,
            destructive_hint=False,
            idempotent_hint=True,
            open_world_hint=False,
        )

    def answer(ask: Any) -> dict[str, Any]:
        try:
            result = ask(queries.load(settings))
        except queries.QueryError as exc:
            return {"error": str(exc)}
        return result if isinstance(result, dict) else {"decisions": result}

    @app.tool(annotations=read_only("List decisions"))
    def list_decisions(status: str | None = None) -> dict[str, Any]:
        """Every decision, newest first: id, title, status, date, framework, chosen option ids,
        tags and the path globs it governs. `status` keeps one status (proposed, accepted,
        rejected, deprecated, superseded)."""
        return answer(lambda p: queries.list_decisions(p, status))

    @app.tool(annotations=read_only("Search decisions"))
    def search_decisions(query: str, limit: int = 10) -> dict[str, Any]:
        """Decisions holding every word of `query` (in the title, tags, context, rationale,
        options, costs, questions, globs), best first; a decision id (ADR-7) finds it first."""
        return answer(lambda p: queries.search(p, query, limit))

    @app.tool(annotations=read_only("Read a decision"))
    def read_decision(decision: str) -> dict[str, Any]:
        """One decision by id (ADR-7, 7) with its evaluation, as `tradeoffs explain` gives it:
        chosen and recommended options, reasoning, scores, accepted costs, cost of getting it
        wrong, open questions, what would change it, context and rationale."""
        return answer(lambda p: queries.read_decision(p, decision))

    @app.tool(annotations=read_only("Decisions that govern a path"))
    def decisions_for_path(path: str) -> dict[str, Any]:
        """The accepted, proposed and superseded decisions whose `affects` globs govern a file
        or folder (relative to the repository root), newest first, with what they chose and
        what would change them. Call it before changing a file."""
        return answer(lambda p: queries.decisions_for_path(p, path))

    @app.tool(annotations=read_only("Evaluate a framework"))
    def evaluate_framework(
        framework: str, facts: dict[str, Any], chosen: list[str] | None = None
    ) -> dict[str, Any]:
        """What a framework (e.g. cache-vs-recompute) recommends for the given facts (its
        questions answered by name), and why, as `tradeoffs explain` would for a decision with
        those facts; with `chosen`, whether the choice agrees. Writes nothing."""
        return answer(lambda p: queries.evaluate_framework(p, framework, facts, chosen))

    return app


def run(settings: Settings) -> None:
    """Serve over stdio until the client closes the connection."""
    server(settings).run("stdio")
