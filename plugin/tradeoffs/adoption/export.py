"""Publish the decision log without MkDocs: plain Markdown pages, or one JSON document.

Markdown: every ADR rendered with the `madr` template (MADR 4 front matter) at the path the
site uses, `<url_prefix>/ADR-0007.md`, so the relative links `view.Layout` writes between ADRs
and to framework pages work in any engine that reads a folder of Markdown (Zensical, Backstage
TechDocs, a Git host's file view). Imported Markdown ADRs keep their own text under the same
front matter. JSON: the whole log for dashboards and catalogues.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tradeoffs import __version__
from tradeoffs.adoption import EXPORTED_DECISION
from tradeoffs.adr.render import Renderer, inline_text
from tradeoffs.adr.view import Layout, decision_context
from tradeoffs.core.files import create_new, replace_atomically
from tradeoffs.core.model import Evaluation, Framework
from tradeoffs.core.project import Project
from tradeoffs.core.source import load_mapping
from tradeoffs.site import SiteLayout, with_front_matter
from tradeoffs.site.context import ListingPage
from tradeoffs.site.overview import OverviewPages
from tradeoffs.site.page import Blocks

TEMPLATE = "madr"


class ExportError(Exception):
    """The export cannot be written where it was asked to go."""


def check_folder(out: Path, *, force: bool) -> None:
    """Refuse a non-empty output folder unless forced, and anything that is not a folder."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise ExportError(
            f"{out} is not empty; choose an empty folder, or pass --force to "
            "write over the files this export writes (others are left alone)"
        )


def _inside(out: Path, relative: str) -> Path:
    path = (out / relative).resolve()
    if out.resolve() != path and out.resolve() not in path.parents:
        link = "" if ".." in relative else f" (a symbolic link leads to {path})"
        raise ExportError(f"'{relative}' would be written outside {out}{link}; check url_prefix")
    return path


def _write(path: Path, text: str, force: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if force and path.exists():
        replace_atomically(path, text)
    else:
        create_new(path, text)


def markdown_pages(project: Project, renderer: Renderer | None = None) -> dict[str, str]:
    """Every page of the export: relative path -> Markdown."""
    settings = project.settings
    layout = Layout(settings.url_prefix)
    renderer = renderer or Renderer(settings.templates_dir, settings.root)
    pages: dict[str, str] = {}
    for ev in project.evaluations.values():
        adr = decision_context(ev, project, layout)
        page = layout.decision_page(ev.decision)
        text = renderer.render(TEMPLATE, adr=adr)
        if ev.decision.origin != "yaml":
            text = _imported_page(text, adr)
        if ev.decision.related:
            # the page lists related decisions both ways; which are this one's own is metadata,
            # so that `tradeoffs import` of the export gives back the same decision
            text = with_front_matter(text, {"related": [_ref(project, n) for n in ev.decision.related]})
        if ev.decision.origin == "yaml":
            # the decision file itself, so that `tradeoffs import` of the export gives back the
            # same decision, framework and facts included (other tools ignore the key)
            own = _decision_file_data(project, ev)
            if own is not None:
                text = with_front_matter(text, {EXPORTED_DECISION: own})
        pages[page] = _without_empty_keys(text)
    pages.update(_overview_pages(project, renderer))
    return pages


def _decision_file_data(project: Project, ev: Evaluation) -> dict[str, Any] | None:
    """The fields of the decision's YAML file, as written (None when it cannot be read now)."""
    doc, _problems = load_mapping(project.settings.root / ev.decision.path)
    return dict(doc.data) if doc is not None and isinstance(doc.data, dict) else None


def _without_empty_keys(text: str) -> str:
    """Front matter without the keys the template wrote empty (`tags: []`)."""
    match = re.match(r"\A---\n(.*?\n)---\n", text, re.S)
    if match is None:
        return text
    head = re.sub(r'^[A-Za-z_][\w-]*: (?:""|\[\]|null)\n', "", match[1], flags=re.M)
    return f"---\n{head}---\n{text[match.end() :]}"


def _imported_page(rendered: str, adr: Mapping[str, Any]) -> str:
    """An imported record: the template's front matter, the title and the record's own text."""
    front = ""
    if rendered.startswith("---\n"):
        end = rendered.find("\n---\n", 4)
        if end != -1:
            front = rendered[: end + 5]
    title = f"# {adr['id']}: {inline_text(adr['title'])}\n\n"
    return front + ("\n" if front else "") + title + str(adr["body"]).strip() + "\n"


class _ExportPages(OverviewPages):
    """The site's overview pages as portable Markdown: the same templates and context, with
    the decision tables as Markdown tables (links any engine rewrites) and no Try-it form."""

    def table(self, from_page: str, evaluations: Iterable[Evaluation], *, tags: bool = True) -> str:
        rows = ["| Decision | Status | Framework | Chosen | Date |", "| --- | --- | --- | --- | --- |"]
        for row in self.rows(evaluations):
            link = self.layout.link(from_page, row.page)
            rows.append(
                f"| [{row.id}: {_cell(row.title)}]({link}) | {row.status} | {_cell(row.framework)} | "
                f"{_cell(', '.join(row.chosen))} | {row.date} |"
            )
        return "\n".join(rows)

    def try_it(self, fw: Framework) -> str:
        return ""


def _cell(text: str) -> str:
    return inline_text(text).replace("|", "\\|")


def _overview_pages(project: Project, renderer: Renderer) -> dict[str, str]:
    """The log and framework pages, made by the site's templates (`templates/site/`)."""
    layout = SiteLayout(project.settings.url_prefix, directory_urls=False)
    evaluations = sorted(project.evaluations.values(), key=lambda e: e.decision.number)
    maker = _ExportPages(project, renderer, layout, Blocks(), {}, [])
    pages = {page.path: page.markdown for page in maker.framework_pages(evaluations)}
    index = ListingPage(
        layout.index_page(),
        "Decision log",
        layout,
        maker.rows(evaluations),
        maker.table(layout.index_page(), evaluations),
    )
    pages[layout.index_page()] = maker.page("log", index).markdown
    return pages


def export_markdown(project: Project, out: Path, *, force: bool = False) -> list[Path]:
    """Write the Markdown export into `out`; returns the files written."""
    check_folder(out, force=force)
    pages = markdown_pages(project)
    targets = {relative: _inside(out, relative) for relative in pages}
    written: list[Path] = []
    for relative, text in pages.items():
        _write(targets[relative], text, force)
        written.append(targets[relative])
    return written


def decision_data(ev: Evaluation, project: Project, *, directory_urls: bool = True) -> dict[str, Any]:
    """One decision as JSON data: the projection the site's templates get (`decision_context`),
    so that relations read the same both ways, and its address as the site serves it."""
    d = ev.decision
    layout = SiteLayout(project.settings.url_prefix, directory_urls)
    adr = decision_context(ev, project, layout)
    return {
        "id": d.id,
        "number": d.number,
        "title": d.title,
        "status": d.status,
        "date": d.date.isoformat() if d.date else None,
        "deciders": adr["deciders"],
        "consulted": adr["consulted"],
        "informed": adr["informed"],
        "tags": adr["tags"],
        "framework": d.framework,
        "chosen": adr["chosen_ids"],
        "recommended": None if adr["recommended"] is None else [o["id"] for o in adr["recommended"]],
        "consistent": ev.consistent,
        "provisional": ev.provisional,
        "accepted_costs": adr["accepted_costs"],
        "failure_costs": adr["failure_costs"],
        "open_questions": [q["text"] for q in adr["open_questions"]],
        "supersedes": [r["id"] for r in adr["supersedes"]],
        "superseded_by": [r["id"] for r in adr["superseded_by"]],
        "related": [r["id"] for r in adr["related"]],
        "links": adr["links"],
        "affects": adr["affects"],
        "fields": {f["name"]: f["value"] for f in adr["fields"]},
        "file": d.path,
        "origin": d.origin,
        "url": layout.url(layout.decision_page(d)),
    }


def _ref(project: Project, number: int) -> str:
    other = project.decision(number)
    return other.id if other is not None else f"{project.settings.prefix}-{number:04d}"


def export_json(project: Project, *, today: _dt.date | None = None) -> dict[str, Any]:
    """The whole decision log as one JSON document; addresses as mkdocs.yml's
    `use_directory_urls` makes them."""
    directory_urls = project.settings.directory_urls
    return {
        "generator": f"mkdocs-tradeoffs {__version__}",
        "generated": (today or _dt.date.today()).isoformat(),
        "decisions": [
            decision_data(ev, project, directory_urls=directory_urls) for ev in project.evaluations.values()
        ],
    }
