"""Commands for bringing existing ADRs in and taking the log out: import and export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from tradeoffs.core.files import create_new
from tradeoffs.core.problems import format_problems, has_errors
from tradeoffs.core.project import load_project
from tradeoffs.workflow import scaffold

from .common import command, fail, settings_of


@command("import")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the decision files (default: decisions_dir).",
)
def import_cmd(ctx: click.Context, source: Path, out: Path | None) -> None:
    """Convert Markdown ADRs (adr-tools, MADR 2-4, log4brains) in SOURCE into decision files.

    The Markdown files are never changed and no decision file is overwritten. Everything that
    has no place in a decision file is reported with its file and line.
    """
    from tradeoffs.adoption.importer import import_dir

    settings = settings_of(ctx)
    target = out or settings.decisions_dir
    report = import_dir(
        source,
        target,
        display=settings.display,
        prefix=settings.prefix,
        root=settings.root,
        schema_ref=scaffold.schema_reference(settings.root, target, settings.site_url),
        # without a mkdocs.yml the site will be MkDocs' default: its pages in docs/
        docs_dir=settings.docs_dir or settings.root / "docs",
        url_prefix=settings.url_prefix,
        status_words=settings.status_words,
    )
    for item in report.written:
        click.echo(f"{item.source} -> {settings.display(item.output)}")
    if report.problems:
        click.echo(format_problems(report.problems, "text"), err=True)
    if report.summary():
        click.echo(report.summary(), err=True)
    count = len(report.written)
    click.echo(
        f"imported {count} record{'s' * (count != 1)} into {settings.display(target)}; "
        "run `tradeoffs check` next",
        err=True,
    )
    sys.exit(1 if has_errors(report.problems) else 0)


@command()
@click.option(
    "--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="markdown: the folder to write (required); json: a file (default: stdout).",
)
@click.option("--force", is_flag=True, help="Write into a non-empty folder, or over the JSON file.")
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 when the export in --out is not what exporting now would write.",
)
def export(ctx: click.Context, fmt: str, out: Path | None, force: bool, check: bool) -> None:
    """Publish the decision log for other engines: Markdown pages, or one JSON document."""
    from tradeoffs.adoption.export import ExportError, export_json, export_markdown, stale_export
    from tradeoffs.adr.render import TemplateProblem
    from tradeoffs.core.files import replace_atomically

    settings = settings_of(ctx)
    project = load_project(settings)
    if check:
        if fmt != "markdown" or out is None:
            fail("--check compares a Markdown export: give --format markdown and --out DIR", 2)
            return
        try:
            stale = stale_export(project, out)
        except ExportError as exc:
            fail(str(exc), 2)
            return
        except TemplateProblem as exc:
            fail(exc.problem.format())
            return
        for line in stale:
            click.echo(f"{out / line}", err=True)
        if stale:
            fail(
                f"the export in {out} is out of date ({len(stale)} file{'s' * (len(stale) != 1)}); "
                f"run `tradeoffs export --out {out} --force` and commit the result"
            )
        click.echo(f"the export in {out} is up to date", err=True)
        return
    if fmt == "markdown":
        if out is None:
            fail("--out DIR is required with --format markdown", 2)
            return
        notes: list[str] = []
        try:
            written = export_markdown(project, out, force=force, notes=notes)
        except ExportError as exc:
            fail(str(exc), 2)
        except TemplateProblem as exc:
            fail(exc.problem.format())
        else:
            for note in notes:
                click.echo(note, err=True)
            shown = [p for p in written if p.suffix == ".md"]
            click.echo(
                f"wrote {len(shown)} pages to {out} (and {len(written) - len(shown)} sidecars in "
                "hidden .tradeoffs folders, for `tradeoffs import`)",
                err=True,
            )
    else:
        text = json.dumps(export_json(project), indent=2, ensure_ascii=False) + "\n"
        if out is None:
            click.echo(text, nl=False)
        elif out.is_dir():
            fail(f"{out} is a folder; --out names the JSON file to write", 2)
        elif out.exists() and out.stat().st_size and not force:
            fail(f"{out} exists; pass --force to replace it", 2)
        elif out.exists():
            replace_atomically(out, text)
        else:
            create_new(out, text)
    errors = [p for p in project.all_problems if p.is_error]
    if errors:
        click.echo(format_problems(errors, "text"), err=True)
        click.echo(
            f"exported, but {len(errors)} error{'s' * (len(errors) != 1)} need fixing (`tradeoffs check`)",
            err=True,
        )
        sys.exit(1)
