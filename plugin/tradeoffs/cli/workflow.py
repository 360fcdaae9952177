"""Commands for decisions in pull requests: status, supersede, renumber and review."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

import click

from .. import gitrepo
from ..lifecycle import Outcome, WorkflowError, renumber, set_status, supersede
from .common import command, fail, settings_of


def _report(run: Callable[[], Outcome]) -> None:
    """Run an operation; print what it did, or why it refused, and exit accordingly."""
    try:
        outcome = run()
    except WorkflowError as exc:
        fail(str(exc), exc.code)
    for line in outcome.done:
        click.echo(line)
    for line in outcome.warnings:
        click.echo(f"tradeoffs: warning: {line}", err=True)


@command("status")
@click.argument("decision")
@click.argument("status", metavar="STATUS")
def status_cmd(ctx: click.Context, decision: str, status: str) -> None:
    """Set a decision's status, keeping the file as written.

    STATUS is proposed, accepted, rejected, deprecated or superseded; DECISION is 7, 0007,
    ADR-7, ADR-0007 or the file's path. Changes that make no sense are refused.
    """
    settings = settings_of(ctx)
    _report(lambda: set_status(settings, decision, status))


@command("supersede")
@click.argument("old")
@click.argument("new")
def supersede_cmd(ctx: click.Context, old: str, new: str) -> None:
    """Record that decision NEW replaces decision OLD.

    OLD gets `status: superseded`; NEW lists OLD in `supersedes`. Both are given as 7, 0007,
    ADR-7, ADR-0007 or a path.
    """
    settings = settings_of(ctx)
    _report(lambda: supersede(settings, old, new))


@command("renumber")
@click.argument("decision")
@click.option("--to", "to", type=int, help="The new number (default: the next free one).")
@click.option("--no-git", is_flag=True, help="Do not look at git branches for numbers in use.")
@click.option("--all-references", is_flag=True,
              help="Rewrite every reference to the old number, even where git cannot tell "
                   "which of two clashing decisions it meant.")
def renumber_cmd(ctx: click.Context, decision: str, to: int | None, no_git: bool,
                 all_references: bool) -> None:
    """Give a decision a new number and update the references to it.

    Use it when two pull requests each added the same number: renumber the file that came
    second. References to the old number in other decisions (`supersedes`, `related`, and
    ADR-N mentions in text) and in the site's Markdown pages (mentions and links to the
    decision's page) follow the file when it is clear they meant it.
    """
    settings = settings_of(ctx)
    _report(lambda: renumber(settings, decision, to, use_git=not no_git,
                             all_references=all_references))


@command("review")
@click.option("--base", "base", required=True, metavar="REV",
              help="The revision to compare with: the pull request's base (e.g. origin/main).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True)
def review_cmd(ctx: click.Context, base: str, fmt: str) -> None:
    """Summarise the decisions a change adds, changes and removes, for a pull request comment."""
    from ..review import review, to_markdown
    settings = settings_of(ctx)
    try:
        data = review(settings, base)
    except gitrepo.GitError as exc:
        fail(str(exc), 2)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    else:
        click.echo(to_markdown(data), nl=False)
    sys.exit(0)
