"""Commands for writing and checking decisions: check, explain, new, frameworks, render,
health and schema."""

from __future__ import annotations

import datetime as _dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from tradeoffs.core import schema
from tradeoffs.core.decisions import slugify
from tradeoffs.core.files import boundary, create_new, escapes
from tradeoffs.core.problems import Problem, Severity, error, format_problems, has_errors
from tradeoffs.core.project import load_project
from tradeoffs.workflow import scaffold
from tradeoffs.workflow.checking import check_paths
from tradeoffs.workflow.explain import evaluate_one, explain_data, explain_text

from .common import command, fail, settings_of


@command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="github: workflow commands that annotate a pull request.",
)
def check(ctx: click.Context, paths: tuple[Path, ...], strict: bool, fmt: str) -> None:
    """Validate decision and framework files (default: all of them)."""
    settings = settings_of(ctx)
    problems, count, notes = check_paths(settings, list(paths))
    if strict:
        problems = [Problem(p.file, p.line, p.column, p.message, Severity.ERROR) for p in problems]
    problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.message))
    output = format_problems(problems, fmt)
    if output:
        click.echo(output)
    if fmt == "text":
        for note in notes:  # templates and index pages beside the records: named, not problems
            click.echo(note, err=True)
        errors = sum(p.is_error for p in problems)
        warnings = len(problems) - errors
        summary = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        click.echo(
            f"{summary} in {settings.display(settings.decisions_dir)}"
            if not paths
            else f"{summary} in {count} file{'s' * (count != 1)}",
            err=True,
        )
    sys.exit(1 if has_errors(problems) else 0)


@command()
@click.argument("target")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--path",
    "as_path",
    is_flag=True,
    help="Read TARGET as a file or folder whose governing decisions to list, even when it "
    "looks like a decision (a decision file, or a number such as 7).",
)
def explain(ctx: click.Context, target: str, fmt: str, as_path: bool) -> None:
    """Explain a decision, or list the decisions that govern a file or folder.

    TARGET is a decision (its file, or 7, 0007, ADR-7) to show how the framework evaluates
    it; any other file or folder lists the decisions whose `affects` globs govern it, newest
    first, with what they chose and what would change them.
    """
    settings = settings_of(ctx)
    from tradeoffs.workflow.explain import target_kind

    kind, path = target_kind(settings, target, as_path=as_path)
    if kind == "missing":
        folder = settings.display(settings.decisions_dir)
        fail(f"there is no decision {target} in {folder} (nor a file or folder of that name)", 2)
    if kind == "path":
        _explain_path(settings, path, fmt)
        return
    if not path.is_file():
        fail(f"no such decision file: {target}", 2)
    project, number, problems = evaluate_one(settings, path)
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
        click.echo(explain_text(project, number, data))
    sys.exit(1 if data["errors"] else 0)


def _explain_path(settings: Any, path: Path, fmt: str) -> None:
    from tradeoffs.workflow import governing

    project = load_project(settings)
    rel = governing.relative(project, path)
    if rel is None:
        fail(
            f"{path} is outside the project ({settings.display(settings.root)}); decisions govern its files",
            2,
        )
    found = governing.governing(project, rel)
    if fmt == "json":
        data = {
            "path": rel or ".",
            "exists": path.exists(),
            "decisions": [governing.summary(g) for g in found],
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(governing.text(rel, found, exists=path.exists()))


@command()
@click.argument("framework")
@click.argument("title")
@click.option("--no-git", is_flag=True, help="Do not look at git branches for numbers in use.")
@click.option(
    "--date", "when", type=click.DateTime(formats=["%Y-%m-%d"]), help="The decision's date (default: today)."
)
def new(ctx: click.Context, framework: str, title: str, no_git: bool, when: Any) -> None:
    """Write a new proposed decision: FRAMEWORK is a framework id, or `none`."""
    settings = settings_of(ctx)
    title = " ".join(title.split())
    if not title:
        fail("the title is empty; say in a few words what is being decided", 2)
    longest = schema.schema("decision")["properties"]["title"]["maxLength"]
    if len(title) > longest:
        fail(
            f"the title has {len(title):,} characters, at most {longest} fit; say in a short "
            "phrase what is being decided and put the rest in `context`",
            2,
        )
    from tradeoffs.core.frameworks import load_all

    fws = load_all(settings.frameworks_dir, display_root=settings.root)
    fw = None
    if framework != "none":
        fw = fws.get(framework)
        if fw is None:
            hint = fws.suggest(framework)
            extra = f"; did you mean '{hint}'?" if hint else ""
            fail(
                f"unknown framework '{framework}'{extra} (`tradeoffs frameworks` lists them; "
                "use `none` for a decision without one)",
                2,
            )
    from tradeoffs.workflow.numbering import folder_lock, next_free

    directory = settings.decisions_dir
    outside = escapes(directory, boundary(directory, settings.root))
    if outside is not None:
        name = settings.display(directory)
        fail(
            error(
                name,
                1,
                1,
                f"{name} is a symbolic link to {outside}, outside the project folder; `new` writes "
                "nothing there (make it a folder inside the project, or link inside it)",
            ).format(),
            2,
        )
    directory.mkdir(parents=True, exist_ok=True)
    text = scaffold.new_decision(
        title,
        fw,
        today=when.date() if when else _dt.date.today(),
        schema_url=scaffold.schema_reference(settings.root, directory, settings.site_url),
    )
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
            fail(f"could not find a free file name in {settings.display(directory)}")
    click.echo(settings.display(path))


@command("frameworks")
@click.argument("framework_id", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def frameworks_cmd(ctx: click.Context, framework_id: str | None, fmt: str) -> None:
    """List the frameworks (built-in and the project's), or show one."""
    settings = settings_of(ctx)
    from tradeoffs.core.frameworks import load_all

    fws = load_all(settings.frameworks_dir, display_root=settings.root)
    if fws.problems:
        click.echo(format_problems(fws.problems, "text"), err=True)
    if framework_id is None:
        if fmt == "json":
            click.echo(
                json.dumps(
                    [
                        {
                            "id": f.id,
                            "title": f.title,
                            "mode": f.mode,
                            "combinable": f.combinable,
                            "question": f.question,
                            "source": "built-in" if f.builtin else f.source,
                        }
                        for f in fws.frameworks.values()
                    ],
                    indent=2,
                )
            )
        else:
            width = max((len(i) for i in fws.frameworks), default=10)
            for fw in sorted(fws.frameworks.values(), key=lambda f: f.id):
                origin = "built-in" if fw.builtin else fw.source
                click.echo(
                    f"{fw.id:<{width}}  {fw.title}  ({fw.mode}"
                    f"{', combinable' if fw.combinable else ''}; {origin})"
                )
        sys.exit(1 if has_errors(fws.problems) else 0)
    shown = fws.get(framework_id)
    if shown is None:
        hint = fws.suggest(framework_id)
        fail(f"unknown framework '{framework_id}'" + (f"; did you mean '{hint}'?" if hint else ""), 1)
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
            kept = " (kept: a later step that passes is added to it)" if step.keep else ""
            lines.append(f"  {i}. {step.option}: {step.text or 'passes when its condition holds'}{kept}")
        lines.append(f"  otherwise: {fw.fallback}")
    lines += ["", "Criteria:"]
    for crit in fw.criteria:
        weight = "" if crit.effect == "veto" else f" +{crit.weight}"
        own = f" (the framework's own: {' '.join(crit.own.split())})" if crit.own else ""
        lines.append(f"  [{crit.effect} {crit.option}{weight}] {crit.text}{own}")
    click.echo("\n".join(lines))


@command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--template", help="Template name (default: the decision's, else the site's).")
def render(ctx: click.Context, path: Path, template: str | None) -> None:
    """Print the ADR Markdown the site publishes for one decision."""
    settings = settings_of(ctx)
    project, number, problems = evaluate_one(settings, path)
    if number is None:
        click.echo(format_problems(problems, "text"), err=True)
        sys.exit(1)
    from tradeoffs.adr.render import Renderer, TemplateProblem
    from tradeoffs.adr.view import decision_context

    ev = project.evaluations[number]
    renderer = Renderer(settings.templates_dir, settings.root)
    name = template or ev.decision.template or settings.template
    if template is not None and (problem := renderer.check_name(template, "--template")) is not None:
        fail(problem.format(), 2)
    try:
        click.echo(renderer.render(name, adr=decision_context(ev, project)), nl=False)
    except TemplateProblem as exc:
        fail(exc.problem.format())
    if has_errors(problems):
        click.echo(format_problems([p for p in problems if p.is_error], "text"), err=True)
        sys.exit(1)


@command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Judge as of this date.")
@click.option(
    "--proposed-max-age",
    type=click.IntRange(min=0),
    default=None,
    help="Days a proposal may wait before it is reported (default: the plugin option "
    "health_proposed_max_age, else 30).",
)
@click.option("--fail-on-findings", is_flag=True, help="Exit 1 when anything needs attention.")
def health(
    ctx: click.Context, fmt: str, today: Any, proposed_max_age: int | None, fail_on_findings: bool
) -> None:
    """What needs attention: overdue reviews, stale proposals, drifted facts, recurring costs."""
    from tradeoffs.core.health import KINDS, check_health

    settings = settings_of(ctx)
    project = load_project(settings)
    max_age = proposed_max_age if proposed_max_age is not None else settings.health_proposed_max_age
    report = check_health(
        project,
        today.date() if today else None,
        proposed_max_age_days=max_age,
        recurring_cost_min=settings.health_recurring_cost_min,
    )
    if fmt == "json":
        click.echo(json.dumps(report.as_json(project), indent=2, ensure_ascii=False))
    else:
        lines = [
            f"Decision health as of {report.today}: {len(report.findings)} "
            f"finding{'s' * (len(report.findings) != 1)}"
        ]
        for kind, findings in report.by_kind().items():
            if findings:
                lines += ["", f"{KINDS[kind]}:"] + [f"  - {f.message}" for f in findings]
        click.echo("\n".join(lines))
    errors = [p for p in project.all_problems if p.is_error]
    if errors:
        click.echo(
            f"(and {len(errors)} error{'s' * (len(errors) != 1)} in the files: run `tradeoffs check`)",
            err=True,
        )
    sys.exit(1 if fail_on_findings and report.findings else 0)


@command("schema")
@click.argument("kind", type=click.Choice([*schema.KINDS, *schema.OUTPUT_KINDS]))
@click.option(
    "--frameworks",
    "with_frameworks",
    is_flag=True,
    help="Decision schema only: add every known framework's facts and options, so an "
    "editor completes them and a validator checks them.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file (replaced atomically) instead of printing it.",
)
@click.option(
    "--check",
    "check_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Exit 1 when this file differs from the schema (it is out of date).",
)
def schema_cmd(
    ctx: click.Context, kind: str, with_frameworks: bool, output: Path | None, check_file: Path | None
) -> None:
    """Print the JSON Schema of decision or framework files (or of `context`'s JSON)."""
    if with_frameworks and kind != "decision":
        fail("--frameworks extends the decision schema; use `schema decision --frameworks`", 2)
    if output is not None and check_file is not None:
        fail("use --output or --check, not both", 2)
    data = schema.schema(kind)
    if with_frameworks:
        from tradeoffs.core.frameworks import load_all

        settings = settings_of(ctx)
        fws = load_all(settings.frameworks_dir, display_root=settings.root)
        if has_errors(fws.problems):
            click.echo(format_problems([p for p in fws.problems if p.is_error], "text"), err=True)
            fail("fix the framework files first: the schema is made from them")
        data = schema.decision_schema_for(
            fws.frameworks.values(), status_words=settings.status_words, fields=settings.fields
        )
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if check_file is not None:
        try:
            current = check_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"cannot read {check_file}: {exc}")
            return
        if current != text:
            fail(
                f"{check_file} is out of date; run `tradeoffs schema {kind}"
                f"{' --frameworks' if with_frameworks else ''} --output {check_file}`"
            )
        return
    if output is None:
        click.echo(text, nl=False)
        return
    _write_schema(output, text)
    click.echo(f"wrote {output}", err=True)


def _write_schema(output: Path, text: str) -> None:
    """Write a schema file, refusing to replace anything that is not a JSON Schema."""
    from tradeoffs.core.files import replace_atomically

    if output.exists():
        try:
            existing = json.loads(output.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            existing = None
        if not isinstance(existing, dict) or "$schema" not in existing:
            fail(f"{output} exists and is not a JSON Schema; not overwriting it", 1)
    output.parent.mkdir(parents=True, exist_ok=True)
    replace_atomically(output, text)
