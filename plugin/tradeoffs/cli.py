"""The `tradeoffs` command: a thin shell over the library for people writing decisions."""

from __future__ import annotations

import datetime as _dt
import gc
import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__, scaffold, schema
from .config import ConfigError, Settings, load_settings
from .decisions import FILE_NAME, slugify
from .files import create_new
from .frameworks import load_file as load_framework_file
from .problems import Problem, Severity, format_problems, has_errors
from .project import Project, load_project

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"tradeoffs: {message}", err=True)
    sys.exit(code)


def _settings(ctx: click.Context) -> Settings:
    opts = ctx.obj
    overrides: dict[str, Any] = {}
    for key in ("decisions_dir", "frameworks_dir"):
        if opts.get(key):
            overrides[key] = str(Path(opts[key]).resolve())
    try:
        return load_settings(opts.get("config_file"), overrides=overrides)
    except ConfigError as exc:
        _fail(exc.problem.format())
        raise AssertionError from exc  # unreachable: _fail exits


def _guard(func: F) -> F:
    """Turn an unexpected failure into one readable line instead of a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except OSError as exc:  # a read-only folder, a full disk, a file where a folder should be
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}")
        except Exception as exc:  # the last line of defence; TRADEOFFS_DEBUG=1 shows the trace
            if os.environ.get("TRADEOFFS_DEBUG"):
                raise
            _fail(f"internal error ({type(exc).__name__}: {exc}); please report it with the "
                  "command and file that caused it (set TRADEOFFS_DEBUG=1 for details)", 3)

    return wrapper  # type: ignore[return-value]


class _Commands(click.Group):
    """The command group, which registers the pull-request commands (status, supersede,
    renumber, review: `workflow_cli`) only when one is asked for or all are listed.

    Importing them brings in git helpers, the YAML editor and markdown-it, a fortieth of
    `tradeoffs check` over 10,000 decisions, which needs none of them.
    """

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and _register_workflow():
            command = super().get_command(ctx, cmd_name)
        return command

    def list_commands(self, ctx: click.Context) -> list[str]:
        _register_workflow()
        return super().list_commands(ctx)


def _register_workflow() -> bool:
    """Import `workflow_cli`, whose commands add themselves to `main`; False if already done."""
    if f"{__package__}.workflow_cli" in sys.modules:
        return False
    from . import workflow_cli  # noqa: F401
    return True


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tradeoffs")
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
              help="The MkDocs config to read the `tradeoffs` plugin options from "
                   "(default: ./mkdocs.yml when present).")
@click.option("--decisions-dir", type=click.Path(file_okay=False), help="Override decisions_dir.")
@click.option("--frameworks-dir", type=click.Path(file_okay=False), help="Override frameworks_dir.")
@click.pass_context
def main(ctx: click.Context, config_file: Path | None, decisions_dir: str | None,
         frameworks_dir: str | None) -> None:
    """Architecture decision records driven by tradeoff frameworks."""
    ctx.obj = {"config_file": config_file, "decisions_dir": decisions_dir,
               "frameworks_dir": frameworks_dir}


def run() -> None:
    """The `tradeoffs` command. A command is a short-lived process that keeps what it loads
    until it exits, so cyclic garbage collection only costs time: its passes over a loaded
    project were a tenth of `tradeoffs check` over 10,000 decisions."""
    gc.disable()
    main()


def _split_paths(settings: Settings, paths: tuple[Path, ...]) -> tuple[list[Path], list[Path]]:
    """Decision files and framework files among the given paths (folders are expanded)."""
    decisions: list[Path] = []
    frameworks: list[Path] = []
    fw_dir = settings.frameworks_dir.resolve()
    for path in paths:
        found = sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()) \
            if path.is_dir() else [path]
        for item in found:
            resolved = item.resolve()
            if fw_dir == resolved.parent or fw_dir in resolved.parents:
                frameworks.append(item)
            else:
                decisions.append(item)
    return decisions, frameworks


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="github: workflow commands that annotate a pull request.")
@click.pass_context
@_guard
def check(ctx: click.Context, paths: tuple[Path, ...], strict: bool, fmt: str) -> None:
    """Validate decision and framework files (default: all of them)."""
    settings = _settings(ctx)
    problems: list[Problem]
    count: int
    if paths:
        decision_paths, framework_paths = _split_paths(settings, paths)
        problems = []
        for path in framework_paths:
            problems += load_framework_file(path, settings.display(path))[1]
        project = load_project(settings, only=decision_paths)
        problems += [p for p in project.all_problems
                     if not p.file.startswith("<built-in>") or not framework_paths]
        problems += _unlisted(settings, decision_paths, project)
        count = len(decision_paths) + len(framework_paths)
    else:
        project = load_project(settings)
        problems = project.all_problems
        count = len(project.evaluations) + len([p for p in problems if p.is_error and
                                                 p.file.startswith(settings.display(settings.decisions_dir))])
    if strict:
        problems = [Problem(p.file, p.line, p.column, p.message, Severity.ERROR) for p in problems]
    problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.message))
    output = format_problems(problems, fmt)
    if output:
        click.echo(output)
    if fmt == "text":
        errors = sum(p.is_error for p in problems)
        warnings = len(problems) - errors
        summary = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        click.echo(f"{summary} in {settings.display(settings.decisions_dir)}"
                   if not paths else f"{summary} in {count} file{'s' * (count != 1)}", err=True)
    sys.exit(1 if has_errors(problems) else 0)


def _unlisted(settings: Settings, paths: list[Path], project: Project) -> list[Problem]:
    """A decision file given on the command line outside the decisions folder is still checked."""
    inside = settings.decisions_dir.resolve()
    out: list[Problem] = []
    for path in paths:
        if path.resolve().parent != inside:
            from .decisions import load_file
            from .evaluate import evaluate
            loaded = load_file(path, settings.display(path), prefix=settings.prefix)
            out += loaded.problems
            if loaded.decision is not None:
                out += evaluate(loaded.decision, project.frameworks, loaded.doc).problems
    return out


def _evaluate_one(ctx: click.Context, path: Path) -> tuple[Settings, Project, int | None,
                                                            list[Problem]]:
    settings = _settings(ctx)
    match = FILE_NAME.match(path.name)
    if path.resolve().parent != settings.decisions_dir.resolve():
        # a decision outside the folder is evaluated on its own, against the same frameworks
        project = load_project(Settings.from_options(settings.root, {
            "decisions_dir": str(path.resolve().parent),
            "frameworks_dir": str(settings.frameworks_dir),
            "templates_dir": str(settings.templates_dir),
            "template": settings.template, "prefix": settings.prefix,
            "url_prefix": settings.url_prefix}), only=[path])
    else:
        project = load_project(settings, only=[path])
    number = int(match["number"]) if match else None
    ev = project.evaluations.get(number) if number is not None else None
    if ev is not None and Path(ev.decision.path).name != path.name and \
            (settings.root / ev.decision.path).resolve() != path.resolve():
        number = None  # the number belongs to another file (a clash): report problems only
    problems = [p for p in project.all_problems if p.file == settings.display(path)
                or p.file == str(path)]
    if ev is None and not problems:
        problems = [Problem(settings.display(path), 1, 1, "this is not a decision file: decisions "
                            "are YAML files named NNNN-short-title.yml", Severity.ERROR)]
    return settings, project, number if ev is not None else None, problems


def explain_data(project: Project, number: int) -> dict[str, Any]:
    ev = project.evaluations[number]
    d = ev.decision
    fw = ev.framework
    combinable = fw is not None and fw.combinable
    recommended: Any
    if ev.recommended is None:
        recommended = None
    elif combinable:
        recommended = list(ev.recommended)
    else:
        recommended = ev.recommended[0] if ev.recommended else None
    chosen: Any = list(d.chosen) if combinable or len(d.chosen) > 1 else (d.chosen[0] if d.chosen else None)
    return {
        "id": d.id, "number": d.number, "title": d.title, "status": d.status,
        "date": d.date.isoformat() if d.date else None, "file": d.path,
        "framework": d.framework, "chosen": chosen, "recommended": recommended,
        "provisional": ev.provisional, "consistent": ev.consistent,
        "scores": dict(ev.scores),
        "supporting": {o: [c.id for c in cs] for o, cs in ev.supporting.items()},
        "opposing": {o: [c.id for c in cs] for o, cs in ev.opposing.items()},
        "vetoed": {o: [c.id for c in cs] for o, cs in ev.vetoed.items()},
        "reasoning": list(ev.reasoning),
        "errors": [p.format() for p in ev.errors],
        "warnings": [p.format() for p in ev.warnings],
        "accepted_costs": list(ev.accepted_costs),
        "failure_costs": list(ev.failure_costs),
        "open_questions": [q.text for q in ev.open_questions],
        "unanswered_facts": [f.name for f in ev.unanswered],
    }


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
@_guard
def explain(ctx: click.Context, path: Path, fmt: str) -> None:
    """Show how the framework evaluates one decision."""
    _, project, number, problems = _evaluate_one(ctx, path)
    if number is None:
        click.echo(format_problems(problems, "json" if fmt == "json" else "text"))
        sys.exit(1)
    data = explain_data(project, number)
    extra = [p for p in problems if p not in project.evaluations[number].problems]
    data["errors"] += [p.format() for p in extra if p.is_error]
    data["warnings"] += [p.format() for p in extra if not p.is_error]
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(_explain_text(project, number, data))
    sys.exit(1 if data["errors"] else 0)


def _explain_text(project: Project, number: int, data: dict[str, Any]) -> str:
    ev = project.evaluations[number]
    title = ev.option_title
    lines = [f"{data['id']}: {data['title']} [{data['status']}]"]
    if ev.framework is None:
        lines.append("Framework: none (the decision lists its own options)")
    else:
        lines.append(f"Framework: {ev.framework.title} ({ev.framework.id}, {ev.framework.mode}"
                     f"{', combinable' if ev.framework.combinable else ''})")
    lines.append(f"Chosen: {', '.join(title(c) for c in ev.decision.chosen) or 'not yet'}")
    if ev.framework is not None:
        rec = "none" if ev.recommended is None else (
            ", ".join(title(o) for o in ev.recommended) or "none yet")
        lines.append(f"Recommended: {rec}{' (provisional)' if ev.provisional else ''}")
        if ev.consistent is not None:
            lines.append("Agrees with the framework: " + ("yes" if ev.consistent else "no"))
        lines.append("")
        lines.append("Why:")
        lines += [f"  - {r}" for r in ev.reasoning]
        lines.append("")
        lines.append("Scores:")
        for option in ev.framework.options:
            mark = " (ruled out)" if option.id in ev.vetoed else ""
            lines.append(f"  {option.title}: {ev.scores.get(option.id, 0):+d}{mark}")
            for crit in ev.supporting.get(option.id, []):
                lines.append(f"      + {crit.weight} {crit.text}")
            for crit in ev.opposing.get(option.id, []):
                lines.append(f"      - {crit.weight} {crit.text}")
            for crit in ev.vetoed.get(option.id, []):
                lines.append(f"      x {crit.text}")
    for heading, items in (("What we accept", data["accepted_costs"]),
                           ("Cost of getting it wrong", data["failure_costs"]),
                           ("Open questions", data["open_questions"]),
                           ("Errors", data["errors"]), ("Warnings", data["warnings"])):
        if items:
            lines += ["", f"{heading}:"] + [f"  - {item}" for item in items]
    return "\n".join(lines)


@main.command()
@click.argument("framework")
@click.argument("title")
@click.option("--no-git", is_flag=True, help="Do not look at git branches for numbers in use.")
@click.option("--date", "when", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The decision's date (default: today).")
@click.pass_context
@_guard
def new(ctx: click.Context, framework: str, title: str, no_git: bool, when: Any) -> None:
    """Write a new proposed decision: FRAMEWORK is a framework id, or `none`."""
    settings = _settings(ctx)
    title = " ".join(title.split())
    if not title:
        _fail("the title is empty; say in a few words what is being decided", 2)
    longest = schema.schema("decision")["properties"]["title"]["maxLength"]
    if len(title) > longest:
        _fail(f"the title has {len(title):,} characters, at most {longest} fit; say in a short "
              "phrase what is being decided and put the rest in `context`", 2)
    from .frameworks import load_all
    fws = load_all(settings.frameworks_dir, display_root=settings.root)
    fw = None
    if framework != "none":
        fw = fws.get(framework)
        if fw is None:
            hint = fws.suggest(framework)
            extra = f"; did you mean '{hint}'?" if hint else ""
            _fail(f"unknown framework '{framework}'{extra} (`tradeoffs frameworks` lists them; "
                  "use `none` for a decision without one)", 2)
    from .numbering import folder_lock, next_free
    directory = settings.decisions_dir
    directory.mkdir(parents=True, exist_ok=True)
    text = scaffold.new_decision(title, fw, today=when.date() if when else _dt.date.today(),
                                 schema_url=scaffold.schema_reference(settings.root, directory))
    with folder_lock(directory):
        number = next_free(directory, use_git=not no_git, markdown_dirs=settings.markdown_dirs)
        for _attempt in range(100):
            path = directory / f"{number:04d}-{slugify(title)}.yml"
            try:
                create_new(path, text)
                break
            except FileExistsError:
                number += 1
        else:
            _fail(f"could not find a free file name in {settings.display(directory)}")
    click.echo(settings.display(path))


@main.command("frameworks")
@click.argument("framework_id", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
@_guard
def frameworks_cmd(ctx: click.Context, framework_id: str | None, fmt: str) -> None:
    """List the frameworks (built-in and the project's), or show one."""
    settings = _settings(ctx)
    from .frameworks import load_all
    fws = load_all(settings.frameworks_dir, display_root=settings.root)
    if fws.problems:
        click.echo(format_problems(fws.problems, "text"), err=True)
    if framework_id is None:
        if fmt == "json":
            click.echo(json.dumps([{"id": f.id, "title": f.title, "mode": f.mode,
                                    "combinable": f.combinable, "question": f.question,
                                    "source": "built-in" if f.builtin else f.source}
                                   for f in fws.frameworks.values()], indent=2))
        else:
            width = max((len(i) for i in fws.frameworks), default=10)
            for fw in sorted(fws.frameworks.values(), key=lambda f: f.id):
                origin = "built-in" if fw.builtin else fw.source
                click.echo(f"{fw.id:<{width}}  {fw.title}  ({fw.mode}"
                           f"{', combinable' if fw.combinable else ''}; {origin})")
        sys.exit(1 if has_errors(fws.problems) else 0)
    shown = fws.get(framework_id)
    if shown is None:
        hint = fws.suggest(framework_id)
        _fail(f"unknown framework '{framework_id}'" + (f"; did you mean '{hint}'?" if hint else ""), 1)
        return
    fw = shown
    if fmt == "json":
        from dataclasses import asdict
        click.echo(json.dumps(asdict(fw), indent=2, default=str, ensure_ascii=False))
        return
    lines = [f"{fw.title} ({fw.id})", f"  {fw.question}", "", "Facts:"]
    for fact in fw.facts.values():
        kind = fact.type if fact.type != "enum" else "one of " + ", ".join(fact.values)
        lines.append(f"  {fact.name} ({kind}{', ' + fact.unit if fact.unit else ''}): {fact.prompt}")
    lines += ["", "Options:"]
    for option in fw.options:
        lines.append(f"  {option.id}: {option.title} — {option.summary}")
    if fw.steps:
        lines += ["", "Steps:"]
        for i, step in enumerate(fw.steps, 1):
            lines.append(f"  {i}. {step.option}: {step.text or 'passes when its condition holds'}")
        lines.append(f"  otherwise: {fw.fallback}")
    lines += ["", "Criteria:"]
    for crit in fw.criteria:
        lines.append(f"  [{crit.effect} {crit.option} +{crit.weight}] {crit.text}")
    click.echo("\n".join(lines))


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--template", help="Template name (default: the decision's, else the site's).")
@click.pass_context
@_guard
def render(ctx: click.Context, path: Path, template: str | None) -> None:
    """Print the ADR Markdown the site publishes for one decision."""
    settings, project, number, problems = _evaluate_one(ctx, path)
    if number is None:
        click.echo(format_problems(problems, "text"), err=True)
        sys.exit(1)
    from .render import Renderer, TemplateProblem
    from .view import decision_context
    ev = project.evaluations[number]
    renderer = Renderer(settings.templates_dir)
    name = template or ev.decision.template or settings.template
    if template is not None and (problem := renderer.check_name(template, "--template")) is not None:
        _fail(problem.format(), 2)
    try:
        click.echo(renderer.render(name, adr=decision_context(ev, project)), nl=False)
    except TemplateProblem as exc:
        _fail(exc.problem.format())
    if has_errors(problems):
        click.echo(format_problems([p for p in problems if p.is_error], "text"), err=True)
        sys.exit(1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Judge as of this date.")
@click.option("--proposed-max-age", type=click.IntRange(min=0), default=None,
              help="Days a proposal may wait before it is reported (default: the plugin option "
                   "health_proposed_max_age, else 30).")
@click.option("--fail-on-findings", is_flag=True, help="Exit 1 when anything needs attention.")
@click.pass_context
@_guard
def health(ctx: click.Context, fmt: str, today: Any, proposed_max_age: int | None,
           fail_on_findings: bool) -> None:
    """What needs attention: overdue reviews, stale proposals, drifted facts, recurring costs."""
    from .health import KINDS, check_health
    settings = _settings(ctx)
    project = load_project(settings)
    max_age = proposed_max_age if proposed_max_age is not None else int(
        settings.extra.get("health_proposed_max_age", 30))
    report = check_health(project, today.date() if today else None, proposed_max_age_days=max_age,
                          recurring_cost_min=int(settings.extra.get("health_recurring_cost_min", 2)))
    if fmt == "json":
        click.echo(json.dumps(report.as_json(project), indent=2, ensure_ascii=False))
    else:
        lines = [f"Decision health as of {report.today}: {len(report.findings)} "
                 f"finding{'s' * (len(report.findings) != 1)}"]
        for kind, findings in report.by_kind().items():
            if findings:
                lines += ["", f"{KINDS[kind]}:"] + [f"  - {f.message}" for f in findings]
        click.echo("\n".join(lines))
    errors = [p for p in project.all_problems if p.is_error]
    if errors:
        click.echo(f"(and {len(errors)} error{'s' * (len(errors) != 1)} in the files: run "
                   "`tradeoffs check`)", err=True)
    sys.exit(1 if fail_on_findings and report.findings else 0)


@main.command("schema")
@click.argument("kind", type=click.Choice(list(schema.KINDS)))
@click.option("--frameworks", "with_frameworks", is_flag=True,
              help="Decision schema only: add every known framework's facts and options, so an "
                   "editor completes them and a validator checks them.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the schema to this file (replaced atomically) instead of printing it.")
@click.option("--check", "check_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Exit 1 when this file differs from the schema (it is out of date).")
@click.pass_context
@_guard
def schema_cmd(ctx: click.Context, kind: str, with_frameworks: bool, output: Path | None,
               check_file: Path | None) -> None:
    """Print the JSON Schema of decision or framework files."""
    if with_frameworks and kind != "decision":
        _fail("--frameworks extends the decision schema; use `schema decision --frameworks`", 2)
    if output is not None and check_file is not None:
        _fail("use --output or --check, not both", 2)
    data = schema.schema(kind)
    if with_frameworks:
        from .frameworks import load_all
        settings = _settings(ctx)
        fws = load_all(settings.frameworks_dir, display_root=settings.root)
        if has_errors(fws.problems):
            click.echo(format_problems([p for p in fws.problems if p.is_error], "text"), err=True)
            _fail("fix the framework files first: the schema is made from them")
        data = schema.decision_schema_for(fws.frameworks.values())
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if check_file is not None:
        try:
            current = check_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            _fail(f"cannot read {check_file}: {exc}")
            return
        if current != text:
            _fail(f"{check_file} is out of date; run `tradeoffs schema {kind}"
                  f"{' --frameworks' if with_frameworks else ''} --output {check_file}`")
        return
    if output is None:
        click.echo(text, nl=False)
        return
    _write_schema(output, text)
    click.echo(f"wrote {output}", err=True)


def _write_schema(output: Path, text: str) -> None:
    """Write a schema file, refusing to replace anything that is not a JSON Schema."""
    from .files import replace_atomically
    if output.exists():
        try:
            existing = json.loads(output.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            existing = None
        if not isinstance(existing, dict) or "$schema" not in existing:
            _fail(f"{output} exists and is not a JSON Schema; not overwriting it", 1)
    output.parent.mkdir(parents=True, exist_ok=True)
    replace_atomically(output, text)


def __getattr__(name: str) -> Any:
    """`tradeoffs.cli.workflow_cli`, imported (and its commands registered) on first use."""
    if name == "workflow_cli":
        _register_workflow()
        return sys.modules[f"{__package__}.workflow_cli"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["main"]


@main.command("import")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the decision files (default: decisions_dir).")
@click.pass_context
@_guard
def import_cmd(ctx: click.Context, source: Path, out: Path | None) -> None:
    """Convert Markdown ADRs (adr-tools, MADR 2-4, log4brains) in SOURCE into decision files.

    The Markdown files are never changed and no decision file is overwritten. Everything that
    has no place in a decision file is reported with its file and line.
    """
    from .importer import import_dir
    settings = _settings(ctx)
    target = out or settings.decisions_dir
    report = import_dir(source, target, display=settings.display, prefix=settings.prefix,
                        docs_dir=settings.docs_dir, url_prefix=settings.url_prefix)
    for item in report.written:
        click.echo(f"{item.source} -> {settings.display(item.output)}")
    if report.problems:
        click.echo(format_problems(report.problems, "text"), err=True)
    if report.summary():
        click.echo(report.summary(), err=True)
    count = len(report.written)
    click.echo(f"imported {count} record{'s' * (count != 1)} into {settings.display(target)}; "
               "run `tradeoffs check` next", err=True)
    sys.exit(1 if has_errors(report.problems) else 0)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True)
@click.option("--out", type=click.Path(path_type=Path),
              help="markdown: the folder to write (required); json: a file (default: stdout).")
@click.option("--force", is_flag=True, help="Write into a non-empty folder, or over the JSON file.")
@click.pass_context
@_guard
def export(ctx: click.Context, fmt: str, out: Path | None, force: bool) -> None:
    """Publish the decision log for other engines: Markdown pages, or one JSON document."""
    from .export import ExportError, export_json, export_markdown
    from .files import replace_atomically
    from .render import TemplateProblem
    settings = _settings(ctx)
    project = load_project(settings)
    if fmt == "markdown":
        if out is None:
            _fail("--out DIR is required with --format markdown", 2)
            return
        try:
            written = export_markdown(project, out, force=force)
        except ExportError as exc:
            _fail(str(exc), 2)
        except TemplateProblem as exc:
            _fail(exc.problem.format())
        else:
            click.echo(f"wrote {len(written)} pages to {out}", err=True)
    else:
        text = json.dumps(export_json(project), indent=2, ensure_ascii=False) + "\n"
        if out is None:
            click.echo(text, nl=False)
        elif out.is_dir():
            _fail(f"{out} is a folder; --out names the JSON file to write", 2)
        elif out.exists() and out.stat().st_size and not force:
            _fail(f"{out} exists; pass --force to replace it", 2)
        elif out.exists():
            replace_atomically(out, text)
        else:
            create_new(out, text)
    errors = [p for p in project.all_problems if p.is_error]
    if errors:
        click.echo(format_problems(errors, "text"), err=True)
        click.echo(f"exported, but {len(errors)} error{'s' * (len(errors) != 1)} need fixing "
                   "(`tradeoffs check`)", err=True)
        sys.exit(1)
