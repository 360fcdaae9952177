"""`tradeoffs pages`: the decision site written as Markdown for an engine that does not run the
plugin (Zensical), or for any engine that reads a folder."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from tradeoffs.core.config import Settings, missing_decisions_dir

from .common import command, fail, settings_of


def _write(settings: Settings, out: Path, *, quiet: bool = False) -> bool:
    """One run: the page set written into `out`; False when it could not be, or when a decision
    has an error (the pages are written all the same, as the plugin builds them)."""
    from tradeoffs.adr.render import Renderer
    from tradeoffs.core.project import load_project
    from tradeoffs.site.folder import PagesError, project_files, write_pages

    project = load_project(settings)
    files, yields, messages = project_files(project, Renderer(settings.templates_dir, settings.root))
    for message in messages:
        click.echo(message, err=True)
    try:
        result = write_pages(out, files, yields)
    except PagesError as exc:
        click.echo(f"tradeoffs: {exc}", err=True)
        return False
    if not quiet:
        from tradeoffs.workflow.engines import zensical_nav_problems

        for problem in zensical_nav_problems(settings):
            click.echo(problem.format(), err=True)
    for relative in result.kept:
        click.echo(f"{settings.display(out / relative)} is the team's own; it is kept", err=True)
    if not quiet or result.written or result.removed:
        click.echo(
            f"{settings.display(out)}: {len(result.written)} written, {len(result.removed)} removed, "
            f"{result.unchanged} unchanged",
            err=True,
        )
    errors = sum(p.is_error for p in project.all_problems)
    if errors:
        click.echo(
            f"written, but {errors} error{'s' * (errors != 1)} need fixing (`tradeoffs check`)", err=True
        )
    return not errors


def _sources(settings: Settings) -> list[Path]:
    folders: list[Path | None]
    folders = [
        settings.decisions_dir,
        settings.frameworks_dir,
        settings.templates_dir,
        *settings.markdown_dirs,
    ]
    files = [settings.config_file] if settings.config_file is not None else []
    return [p for p in [*folders, *files] if p is not None]


def _state(paths: list[Path]) -> dict[str, float]:
    state: dict[str, float] = {}
    for path in paths:
        if path.is_file():
            state[str(path)] = path.stat().st_mtime
        elif path.is_dir():
            for item in path.rglob("*"):
                if item.is_file():
                    state[str(item)] = item.stat().st_mtime
    return state


@command("pages")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write into (default: the site's docs_dir, where its pages link to them).",
)
@click.option("--watch", is_flag=True, help="Write again whenever a decision, framework or template changes.")
def pages_cmd(ctx: click.Context, out: Path | None, watch: bool) -> None:
    """Write every page of the decision site as Markdown, with its scripts, styles, schemas and
    short links, into a folder any site engine builds (`tradeoffs pages && zensical build`).

    Files written before and no longer part of the site are removed; a file this command did
    not write is never replaced (the command stops and names it). The folder's
    `.tradeoffs-pages.json` lists what it wrote.
    """
    settings = settings_of(ctx)
    problem = missing_decisions_dir(settings)
    if problem is not None:
        fail(problem)
    target = out or settings.docs_dir or settings.root / "docs"
    sources = _sources(settings)
    seen = _state(sources) if watch else {}  # before writing: an edit made meanwhile is seen
    ok = _write(settings, target)
    if not watch:
        sys.exit(0 if ok else 1)
    click.echo("watching decisions, frameworks and templates (Ctrl+C stops)", err=True)
    try:
        while True:
            time.sleep(1)
            now = _state(sources)
            if now != seen:
                seen = now
                _write(settings, target, quiet=True)
    except KeyboardInterrupt:
        sys.exit(0)


@command("finish")
@click.argument("site_dir", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
def finish_cmd(ctx: click.Context, site_dir: Path | None) -> None:
    """Finish a site another engine built from `tradeoffs pages` (default: its config's
    site_dir): id-aware search on every page, link previews in the ADR pages' heads, and with
    `search: pagefind` the Pagefind index. Run after the build:
    `tradeoffs pages && zensical build && tradeoffs finish`. Changes only HTML files there,
    and nothing twice."""
    from tradeoffs.core.project import load_project
    from tradeoffs.site.finish import finish_site
    from tradeoffs.site.nav_file import read_engine_nav
    from tradeoffs.site.pagefind import PagefindError, missing

    settings = settings_of(ctx)
    problem = missing_decisions_dir(settings)
    if problem is not None:
        fail(problem)
    engine = read_engine_nav(settings)
    folder = site_dir or settings.root / (engine.site_dir if engine is not None else "site")
    if not folder.is_dir():
        fail(f"{settings.display(folder)} does not exist: build the site first (`zensical build`)")
    if settings.search == "pagefind" and (absent := missing()) is not None:
        fail(absent)
    project = load_project(settings)
    try:
        done = finish_site(
            folder,
            project,
            site_name=engine.site_name if engine is not None else "",
            site_url=settings.site_url,
            directory_urls=settings.directory_urls,
            unsearched=[f"{settings.url_prefix}/{engine.nav_file}".lstrip("/")] if engine is not None else [],
        )
    except PagefindError as exc:
        fail(str(exc))
    if done.missing:
        click.echo(
            f"{settings.display(folder)} has no page for {len(done.missing)} decision(s) "
            f"(e.g. {done.missing[0]}): run `tradeoffs pages` before the build",
            err=True,
        )
    indexed = f"; Pagefind indexed {done.indexed.pages} pages" if done.indexed is not None else ""
    click.echo(
        f"{settings.display(folder)}: {done.pages} pages read, {done.changed} changed, "
        f"{done.previews} link previews{indexed}",
        err=True,
    )
    sys.exit(1 if done.missing else 0)
