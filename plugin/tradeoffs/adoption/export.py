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
from pathlib import Path
from typing import Any

from tradeoffs import __version__
from tradeoffs.adoption import EXPORTED_DECISION
from tradeoffs.adr.render import Renderer, inline_text
from tradeoffs.adr.view import decision_context
from tradeoffs.core.errors import TradeoffsError
from tradeoffs.core.files import create_new, replace_atomically
from tradeoffs.core.model import Evaluation
from tradeoffs.core.project import Project
from tradeoffs.core.source import load_mapping
from tradeoffs.site import SiteLayout, build_site, with_front_matter
from tradeoffs.site.record_links import RecordLinks

TEMPLATE = "madr"


class ExportError(TradeoffsError):
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
    """Every page of the export: relative path -> Markdown. The site's page set made portable
    (`build_site(portable=True)`), with what makes `tradeoffs import` of the export exact."""
    settings = project.settings
    renderer = renderer or Renderer(settings.templates_dir, settings.root)
    site = build_site(
        project, renderer, template=TEMPLATE, directory_urls=False, git_history=False, portable=True
    )
    if site.problems:
        # a template the export cannot render is the team's to fix, not to publish around
        raise ExportError("\n".join(p.format() for p in site.problems))
    pages: dict[str, str] = {}
    for path, page in site.pages.items():
        ev = project.evaluations.get(page.decision) if page.decision is not None else None
        pages[path] = page.markdown if ev is None else _exported(project, ev, page.markdown)
    return pages


def _exported(project: Project, ev: Evaluation, text: str) -> str:
    """A decision's page with the front matter that gives back the same decision on import."""
    d = ev.decision
    if d.origin != "yaml":
        text = _imported_page(text, d.id, d.title, RecordLinks(project).body(d))
    if d.related:
        # the page lists related decisions both ways; which are this one's own is metadata,
        # so that `tradeoffs import` of the export gives back the same decision
        text = with_front_matter(text, {"related": [_ref(project, n) for n in d.related]})
    if d.origin == "yaml":
        # the decision file itself, so that `tradeoffs import` of the export gives back the
        # same decision, framework and facts included (other tools ignore the key)
        own = _decision_file_data(project, ev)
        if own is not None:
            text = with_front_matter(text, {EXPORTED_DECISION: own})
    return _without_empty_keys(text)


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


def _imported_page(rendered: str, ident: str, title: str, body: str) -> str:
    """An imported record: the template's front matter, the title and the record's own text."""
    front = ""
    if rendered.startswith("---\n"):
        end = rendered.find("\n---\n", 4)
        if end != -1:
            front = rendered[: end + 5]
    heading = f"# {ident}: {inline_text(title)}\n\n"
    return front + ("\n" if front else "") + heading + str(body).strip() + "\n"


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
