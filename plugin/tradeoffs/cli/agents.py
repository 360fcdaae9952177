"""Commands for coding agents: context and mcp."""

from __future__ import annotations

from pathlib import Path

import click

from .common import command, fail, settings_of


@command("context")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=500),
    default=None,
    help="The most the output may weigh, as compact JSON (default 16,000: about 4,000 tokens).",
)
def context_cmd(ctx: click.Context, path: Path | None, fmt: str, max_bytes: int | None) -> None:
    """What a coding agent should know before changing PATH (default: the whole log).

    The decisions that govern it (their `affects` globs), newest first: what was chosen and
    why, the costs accepted, open questions and what would change them, bounded in size.
    """
    from tradeoffs.agents.context import DEFAULT_MAX_BYTES, build_context, to_json, to_text
    from tradeoffs.core.project import load_project
    from tradeoffs.workflow.governing import relative

    settings = settings_of(ctx)
    project = load_project(settings)
    rel = None
    if path is not None:
        rel = relative(project, path)
        if rel is None:
            fail(f"{path} is outside the project ({settings.display(settings.root)})", 2)
    data = build_context(project, rel, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
    click.echo(to_json(data) if fmt == "json" else to_text(data), nl=fmt == "json")


@command("mcp")
def mcp_cmd(ctx: click.Context) -> None:
    """Serve the decisions to coding agents over MCP (stdio), read-only.

    Needs the MCP SDK: pip install "mkdocs-tradeoffs[mcp]" (or pip install mcp).
    """
    settings = settings_of(ctx)
    try:
        from tradeoffs.agents.mcp_server import run
    except ImportError as exc:
        fail(f'the MCP server needs the MCP Python SDK ({exc}); pip install "mkdocs-tradeoffs[mcp]"', 2)
    run(settings)
