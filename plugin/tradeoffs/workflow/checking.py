"""What `tradeoffs check` checks: the configuration, the given files or the whole project."""

from __future__ import annotations

from pathlib import Path

from tradeoffs.core.config import Settings, missing_decisions_dir
from tradeoffs.core.frameworks import load_file as load_framework_file
from tradeoffs.core.problems import Problem, error
from tradeoffs.core.project import Project, load_project


def check_paths(settings: Settings, paths: list[Path]) -> tuple[list[Problem], int, list[str]]:
    """Every problem of the given files (all of the project's when none are given), with the
    configuration's own, how many files were checked, and notes: the Markdown files in
    markdown_dirs told for what they are and not records (templates, index pages)."""
    problems: list[Problem]
    count: int
    if not paths and (missing := missing_decisions_dir(settings)) is not None:
        where = str(settings.config_file) if settings.config_file else settings.display(settings.root)
        return [*settings.warnings, error(where, 1, 1, missing)], 0, []
    if paths:
        decision_paths, framework_paths = split_paths(settings, paths)
        problems = []
        for path in framework_paths:
            problems += load_framework_file(path, settings.display(path))[1]
        project = load_project(settings, only=decision_paths)
        problems += [
            p for p in project.all_problems if not p.file.startswith("<built-in>") or not framework_paths
        ]
        problems += unlisted(settings, decision_paths, project)
        problems += dead_globs(project, decision_paths)
        count = len(decision_paths) + len(framework_paths)
    else:
        project = load_project(settings)
        problems = project.all_problems + dead_globs(project, None) + record_link_problems(project)
        count = len(project.evaluations) + len(
            [
                p
                for p in problems
                if p.is_error and p.file.startswith(settings.display(settings.decisions_dir))
            ]
        )
    if (settings.root / "schemas").is_dir():
        from tradeoffs.workflow.init import stale_schemas

        problems += stale_schemas(settings, project.frameworks.frameworks.values())
    if not paths:
        from tradeoffs.workflow.engines import engine_problems

        problems += engine_problems(settings)
    if not paths and settings.catalogue:
        from tradeoffs.site.catalogue import load_catalogue

        problems += load_catalogue(settings).problems  # as the site's build would say them
    return [*settings.warnings, *problems], count, [] if paths else project.notes()


def record_link_problems(project: Project) -> list[Problem]:
    """Links in Markdown ADRs that the site cannot follow, as the build names them."""
    if not project.markdown_sources:
        return []
    from tradeoffs.site.record_links import RecordLinks

    return RecordLinks(project).all_problems()


def dead_globs(project: Project, only: list[Path] | None) -> list[Problem]:
    """A warning for each `affects` glob that matches no file of the project (of the given
    decision files only, when some are given). The project's files are listed once, and only
    when a decision has globs."""
    from tradeoffs.core.affects import FileList
    from tradeoffs.core.affects import dead_globs as dead

    wanted = {p.resolve() for p in only} if only is not None else None
    files = FileList(project.settings.root)
    out: list[Problem] = []
    for number, ev in project.evaluations.items():
        d = ev.decision
        if not d.affects or (wanted is not None and (project.settings.root / d.path).resolve() not in wanted):
            continue
        out += dead(d, project.documents.get(number), files)
    return out


def split_paths(settings: Settings, paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Decision files and framework files among the given paths (folders are expanded)."""
    decisions: list[Path] = []
    frameworks: list[Path] = []
    fw_dir = settings.frameworks_dir.resolve()
    for path in paths:
        found = (
            sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
            if path.is_dir()
            else [path]
        )
        for item in found:
            resolved = item.resolve()
            if fw_dir == resolved.parent or fw_dir in resolved.parents:
                frameworks.append(item)
            else:
                decisions.append(item)
    return decisions, frameworks


def unlisted(settings: Settings, paths: list[Path], project: Project) -> list[Problem]:
    """A decision file given on the command line outside the decisions folder is still checked."""
    inside = settings.decisions_dir.resolve()
    out: list[Problem] = []
    for path in paths:
        if path.resolve().parent != inside:
            from tradeoffs.core.decisions import load_file
            from tradeoffs.core.evaluate import evaluate

            loaded = load_file(
                path,
                settings.display(path),
                prefix=settings.prefix,
                status_words=settings.status_words,
                fields=settings.fields,
            )
            out += loaded.problems
            if loaded.decision is not None:
                out += evaluate(loaded.decision, project.frameworks, loaded.doc).problems
    return out
