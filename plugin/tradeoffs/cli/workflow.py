"""Commands for decisions in pull requests and for setting a repository up: status, supersede,
renumber, review and init."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from tradeoffs.core import gitrepo
from tradeoffs.workflow.lifecycle import Outcome, WorkflowError, renumber, set_status, supersede

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
@click.option(
    "--all-references",
    is_flag=True,
    help="Rewrite every reference to the old number, even where git cannot tell "
    "which of two clashing decisions it meant.",
)
def renumber_cmd(
    ctx: click.Context, decision: str, to: int | None, no_git: bool, all_references: bool
) -> None:
    """Give a decision a new number and update the references to it.

    Use it when two pull requests each added the same number: renumber the file that came
    second. References to the old number in other decisions (`supersedes`, `related`, and
    ADR-N mentions in text) and in the site's Markdown pages (mentions and links to the
    decision's page) follow the file when it is clear they meant it.
    """
    settings = settings_of(ctx)
    _report(lambda: renumber(settings, decision, to, use_git=not no_git, all_references=all_references))


@command("review")
@click.option(
    "--base",
    "base",
    required=True,
    metavar="REV",
    help="The revision to compare with: the pull request's base (e.g. origin/main).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True
)
def review_cmd(ctx: click.Context, base: str, fmt: str) -> None:
    """Summarise the decisions a change adds, changes and removes, for a pull request comment."""
    from tradeoffs.workflow.review import review, to_markdown

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


@command("init")
@click.option(
    "--dry-run", is_flag=True, help="Show what would change, with a diff of each edit; write nothing."
)
@click.option(
    "--pre-commit",
    "pre_commit",
    is_flag=True,
    help="Also add the tradeoffs hooks to .pre-commit-config.yaml.",
)
@click.option(
    "--ci", is_flag=True, help="Also write the GitHub Actions workflow (.github/workflows/decisions.yml)."
)
def init_cmd(ctx: click.Context, dry_run: bool, pre_commit: bool, ci: bool) -> None:
    """Set this repository up for decisions: mkdocs.yml, folders, editor schemas."""
    from tradeoffs.workflow.init import InitError, apply, describe, plan

    config = (ctx.find_root().obj or {}).get("config_file")
    try:
        todo = plan(config.parent if config else Path.cwd(), config_file=config, pre_commit=pre_commit, ci=ci)
        click.echo(describe(todo, dry_run=dry_run, diffs=dry_run))
        if not dry_run:
            apply(todo)
    except InitError as exc:
        fail(str(exc), 1)
    if not dry_run and todo.writes:
        click.echo(
            'next: tradeoffs new FRAMEWORK "Title" (tradeoffs frameworks lists them), then mkdocs serve',
            err=True,
        )
    _say_engine(ctx)


def _say_engine(ctx: click.Context) -> None:
    """Warn when the site will be built by an engine that does not run the plugin."""
    from tradeoffs.core.config import ConfigError, load_settings
    from tradeoffs.workflow.engines import engine_problems

    config = (ctx.find_root().obj or {}).get("config_file")
    try:
        settings = load_settings(config)
    except ConfigError:
        return  # init has said what is wrong with the configuration
    for problem in engine_problems(settings):
        click.echo(problem.format(), err=True)
