"""The `tradeoffs` command: parses arguments and hands each command to the library.

Commands live in modules by what they serve (`decisions`: writing and checking decisions;
`workflow`: pull requests; `adoption`: importing and exporting; `agents`: coding agents) and
are imported only when one of theirs runs or all are listed, so `tradeoffs check` never loads
the git helpers, the YAML editor or markdown-it.
"""

from __future__ import annotations

import gc
import importlib
from typing import Any

import click

from tradeoffs import __version__

from .common import global_options

COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("decisions", "check"),
    "explain": ("decisions", "explain"),
    "new": ("decisions", "new"),
    "frameworks": ("decisions", "frameworks_cmd"),
    "render": ("decisions", "render"),
    "health": ("decisions", "health"),
    "schema": ("decisions", "schema_cmd"),
    "status": ("workflow", "status_cmd"),
    "supersede": ("workflow", "supersede_cmd"),
    "renumber": ("workflow", "renumber_cmd"),
    "review": ("workflow", "review_cmd"),
    "init": ("workflow", "init_cmd"),
    "import": ("adoption", "import_cmd"),
    "export": ("adoption", "export"),
    "context": ("agents", "context_cmd"),
    "mcp": ("agents", "mcp_cmd"),
    "pages": ("site", "pages_cmd"),
    "finish": ("site", "finish_cmd"),
}
"""Each command's name, and the module and attribute of this package that define it."""


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (click's documented pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name]
        found = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
        assert isinstance(found, click.Command)
        return found


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tradeoffs")
@global_options
@click.pass_context
def main(ctx: click.Context) -> None:
    """Architecture decision records driven by tradeoff frameworks."""
    if ctx.obj is None:
        ctx.obj = {}


def run(*args: Any) -> None:
    """The `tradeoffs` command. A command is a short-lived process that keeps what it loads
    until it exits, so cyclic garbage collection only costs time (see benchmarks/RESULTS.md)."""
    gc.disable()
    main(*args)


__all__ = ["main", "run"]
