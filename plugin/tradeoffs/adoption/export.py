"""Publish the decision log without MkDocs: plain Markdown pages, or one JSON document.

Markdown: the site's page set made portable, each ADR rendered with the `madr` template, at
`<url_prefix>/0007-use-kafka.md` (`ExportLayout`: the name catalogues find records by), in
plain GFM (`site.gfm`) with plain MADR front matter, so that Backstage's ADR plugin,
Structurizr and a Git host's file view read it as it is; the relative links between pages work
in any engine that reads a folder of Markdown. What makes `tradeoffs import` of the export
exact is kept beside each page (`core.export_sidecar`). Imported Markdown ADRs keep their own
text. JSON: the whole log for dashboards and catalogues of many repositories
(`schemas/export.schema.json`).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urljoin

from tradeoffs import __version__
from tradeoffs.adoption import EXPORTED_DECISION
from tradeoffs.adr.render import Renderer, inline_text
from tradeoffs.adr.view import decision_context, field_values
from tradeoffs.core import export_sidecar
from tradeoffs.core.decisions import slugify
from tradeoffs.core.errors import TradeoffsError
from tradeoffs.core.files import create_new, replace_atomically
from tradeoffs.core.health import KINDS as HEALTH_KINDS
from tradeoffs.core.health import check_health
from tradeoffs.core.model import Decision, Evaluation
from tradeoffs.core.project import Project
from tradeoffs.core.source import load_mapping
from tradeoffs.site import SiteLayout, build_site, with_front_matter
from tradeoffs.site.gfm import GfmPage, links_to_slugs, to_gfm
from tradeoffs.site.portable import split_front_matter
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


@dataclass(frozen=True)
class ExportLayout(SiteLayout):
    """The site's layout with catalogue-ready page names: `decisions/0007-use-kafka.md`, the
    rule Backstage's ADR plugin and Structurizr's importer find records by
    (`^(?:.*/)?\\d{4}-.+\\.md$`). The name is the decision file's own (`0007-use-kafka.yml`,
    a record's `0007-use-kafka.md`), else the number and the title's slug."""

    def decision_page(self, decision: Decision) -> str:
        return f"{self.url_prefix}/{page_name(decision)}"


def page_name(decision: Decision) -> str:
    """A decision's page name in the export: `NNNN-slug.md`."""
    name = PurePosixPath(decision.path)
    match = _NUMBERED.match(name.stem)
    if match and int(match[1]) == decision.number and slugify(match[2]) != "decision":
        slug = slugify(match[2])
    else:
        slug = slugify(decision.title)
    return f"{decision.number:04d}-{slug}.md"


_NUMBERED = re.compile(r"^([0-9]{1,6})-(.+)$")


def markdown_pages(project: Project, renderer: Renderer | None = None) -> dict[str, str]:
    """Every file of the export: relative path -> text. The site's page set made portable
    (`build_site(portable=True)`) and written as plain GFM (`site.gfm`), each decision page
    with plain MADR front matter, and beside it (`core.export_sidecar`) what makes
    `tradeoffs import` of the export exact."""
    settings = project.settings
    renderer = renderer or Renderer(settings.templates_dir, settings.root)
    layout = ExportLayout(settings.url_prefix, directory_urls=False)
    site = build_site(
        project,
        renderer,
        template=TEMPLATE,
        directory_urls=False,
        git_history=False,
        portable=True,
        layout=layout,
    )
    if site.problems:
        # a template the export cannot render is the team's to fix, not to publish around
        raise ExportError("\n".join(p.format() for p in site.problems))
    names = {f"{d.id}.md": page_name(d) for d in project.decisions}
    converted: dict[str, GfmPage] = {}
    heads: dict[str, str] = {}
    exact: dict[str, str] = {}
    record_links = RecordLinks(project)
    for path, page in site.pages.items():
        ev = project.evaluations.get(page.decision) if page.decision is not None else None
        text = page.markdown
        if ev is not None:
            if ev.decision.origin != "yaml":
                # the record's own links to other records name their pages as the site does
                body = _renamed_links(record_links.body(ev.decision), names)
                text = _imported_page(text, ev.decision.id, ev.decision.title, body)
            exact[path] = _exported(project, ev, text)
            heads[path] = madr_front_matter(project, ev)
        else:
            head, _body = split_front_matter(text)
            heads[path] = f"---\n{head}---\n\n" if head else ""
        converted[path] = to_gfm(split_front_matter(text)[1].lstrip("\n"))
    files: dict[str, str] = {}
    for path, body in links_to_slugs(converted).items():
        files[path] = heads[path] + body.strip("\n") + "\n"
        if path in exact:
            files[export_sidecar.sidecar_of(path)] = export_sidecar.sidecar_text(
                path, files[path], exact[path]
            )
    return files


def madr_front_matter(project: Project, ev: Evaluation) -> str:
    """MADR 4's front matter, plain YAML: `status`, the `date` unquoted (ISO), the people as
    MADR writes them (one line each), then the tags and the team's own fields. Keys with no
    value are left out."""
    d = ev.decision
    data: dict[str, Any] = {
        "status": d.status,
        "date": d.date,
        "decision-makers": ", ".join(d.deciders),
        "consulted": ", ".join(d.consulted),
        "informed": ", ".join(d.informed),
        "tags": list(d.tags),
    }
    for f in field_values(d, project.settings.fields):
        data.setdefault(f["name"], f["value"])
    lines = ["---"]
    for key, value in data.items():
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"- {_scalar(v)}" for v in value]
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n---\n\n"


_PLAIN = re.compile(r"[A-Za-z][\w ().,&/+'-]*")
_YAML_WORDS = frozenset({"y", "yes", "n", "no", "true", "false", "on", "off", "null"})


def _scalar(value: Any) -> str:
    """A YAML scalar: a date unquoted (ISO), a plain word or sentence as it is (what a line
    reader such as Structurizr's sees), anything else as JSON, which YAML reads the same."""
    if isinstance(value, _dt.date):
        return value.isoformat()
    if (
        isinstance(value, str)
        and _PLAIN.fullmatch(value)
        and value == value.rstrip(" ,")
        and value.lower() not in _YAML_WORDS
    ):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


_PAGE_LINK = re.compile(r"\]\((?P<name>[^()\s/#]+\.md)(?P<rest>#[^()\s]*)?\)")


def _renamed_links(text: str, names: dict[str, str]) -> str:
    """Links to `ADR-0005.md` (the site's page names) as links to the export's page names."""

    def rename(match: re.Match[str]) -> str:
        name = names.get(match["name"])
        return match.group(0) if name is None else f"]({name}{match['rest'] or ''})"

    return _PAGE_LINK.sub(rename, text)


def _exported(project: Project, ev: Evaluation, text: str) -> str:
    """A decision's page (an imported record's with its own text already) with the front
    matter that gives back the same decision on import."""
    d = ev.decision
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


def export_markdown(
    project: Project, out: Path, *, force: bool = False, notes: list[str] | None = None
) -> list[Path]:
    """Write the Markdown export into `out`; returns the files written. With `force`, pages an
    earlier export wrote that this one does not are tidied (`tidy_export`), each said in
    `notes`."""
    check_folder(out, force=force)
    pages = markdown_pages(project)
    targets = {relative: _inside(out, relative) for relative in pages}
    written: list[Path] = []
    for relative, text in pages.items():
        _write(targets[relative], text, force)
        written.append(targets[relative])
    said = tidy_export(project, out, pages)
    if notes is not None:
        notes += said
    return written


_OLD_PAGE = "{prefix}-[0-9]{{4,}}\\.md"


def _leftovers(project: Project, out: Path, pages: dict[str, str]) -> list[str]:
    """Files in the export's folder that an export writes and this one would not: decision
    pages (`0003-old-title.md`) and sidecars of decisions renamed or removed since, and pages
    named as exports were before (`ADR-0003.md`)."""
    folder = out / project.settings.url_prefix
    if not folder.is_dir():
        return []
    old = re.compile(_OLD_PAGE.format(prefix=re.escape(project.settings.prefix)))
    found: list[str] = []
    candidates = [*folder.iterdir(), *(folder / export_sidecar.FOLDER).glob("*.json")]
    for path in sorted(candidates):
        if not path.is_file():
            continue
        relative = path.relative_to(out).as_posix()
        if relative in pages:
            continue
        if path.suffix == ".json" or _NUMBERED_PAGE.match(path.name) or old.fullmatch(path.name):
            found.append(relative)
    return found


_NUMBERED_PAGE = re.compile(r"[0-9]{4}-.+\.md")


def tidy_export(project: Project, out: Path, pages: dict[str, str]) -> list[str]:
    """Take away what an earlier export wrote and this one replaces, never a team's own text.

    A page this version wrote, unchanged since (its sidecar's hash says so), goes with its
    sidecar. A page named as exports were before (`ADR-0003.md`) is moved, not deleted, into
    `.tradeoffs/replaced/`: hidden from catalogues and from `tradeoffs import` (which would
    read the decision twice), and still there for anyone who wrote in it. Anything else is
    left where it is and named.
    """
    notes: list[str] = []
    leftovers = _leftovers(project, out, pages)
    for relative in leftovers:
        path = out / relative
        if relative.endswith(".json"):
            continue  # sidecars go with their pages, below
        sidecar = out / export_sidecar.sidecar_of(relative)
        text = path.read_text(encoding="utf-8", errors="replace")
        if _NUMBERED_PAGE.match(path.name):
            exact, _unused = export_sidecar.exact_text(path, text)
            if exact is not None:
                path.unlink()
                sidecar.unlink()
                notes.append(f"removed {relative}: that decision is no longer in the log under this name")
            else:
                notes.append(f"left {relative}: no decision has this page now, and it was changed by hand")
            continue
        if "\nadr: " not in text.split("\n---", 1)[0]:
            notes.append(f"left {relative}: not a page `tradeoffs export` wrote")
            continue
        moved = path.parent / export_sidecar.FOLDER / "replaced" / path.name
        if moved.exists():
            notes.append(f"left {relative}: {moved.relative_to(out).as_posix()} exists already")
            continue
        moved.parent.mkdir(parents=True, exist_ok=True)
        path.rename(moved)
        notes.append(
            f"moved {relative} to {moved.relative_to(out).as_posix()}: pages are named NNNN-title.md "
            "now; delete it once nothing links to it"
        )
    for relative in leftovers:
        path = out / relative
        if relative.endswith(".json") and path.is_file():
            page = path.parent.parent / (path.stem + ".md")
            if not page.exists():
                path.unlink()
    return notes


def stale_export(project: Project, out: Path) -> list[str]:
    """What differs between the export in `out` and the export of the log now: one line per
    file (`tradeoffs export --check`; empty when the export is current)."""
    pages = markdown_pages(project)
    stale: list[str] = []
    for relative, text in pages.items():
        path = out / relative
        if not path.is_file():
            stale.append(f"{relative}: missing")
        elif path.read_text(encoding="utf-8", errors="replace") != text:
            stale.append(f"{relative}: out of date")
    stale += [f"{relative}: no longer exported" for relative in _leftovers(project, out, pages)]
    return stale


SCHEMA_ID = "https://mkdocs-tradeoffs.dev/schemas/export.schema.json"
"""The JSON export's schema (`schemas/export.schema.json`, `tradeoffs schema export`)."""
FORMAT_VERSION = 1
"""Raised when a key changes meaning or goes; new keys keep the version."""


def decision_data(
    ev: Evaluation,
    project: Project,
    *,
    directory_urls: bool = True,
    health: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """One decision as JSON data: the projection the site's templates get (`decision_context`),
    so that relations read the same both ways, and its address as the site serves it
    (absolute under `site_url` when the site has one). `health` is what the Health page says
    of it."""
    d = ev.decision
    settings = project.settings
    layout = SiteLayout(settings.url_prefix, directory_urls)
    adr = decision_context(ev, project, layout)
    url = layout.url(layout.decision_page(d))
    return {
        "id": d.id,
        "uid": f"{settings.source_name()}/{d.id}",
        "number": d.number,
        "title": d.title,
        "status": d.status,
        "date": d.date.isoformat() if d.date else None,
        "deciders": adr["deciders"],
        "consulted": adr["consulted"],
        "informed": adr["informed"],
        "tags": adr["tags"],
        "framework": d.framework,
        "framework_title": adr["framework"]["title"] if adr["framework"] else None,
        "context": d.context,
        "options": [
            {
                "id": o["id"],
                "title": o["title"],
                "summary": o["summary"],
                "chosen": o["chosen"],
                "recommended": o["recommended"],
                "score": o["score"],
            }
            for o in adr["options"]
        ],
        "chosen": adr["chosen_ids"],
        "chosen_titles": [o["title"] for o in adr["chosen"]],
        "rationale": d.rationale,
        "override_rationale": d.override_rationale,
        "recommended": None if adr["recommended"] is None else [o["id"] for o in adr["recommended"]],
        "recommendation": {
            "options": adr["recommended"],
            "consistent": ev.consistent,
            "provisional": ev.provisional,
            "reasoning": adr["reasoning"],
        },
        "consistent": ev.consistent,
        "provisional": ev.provisional,
        "what_would_change": {
            "margin": adr["margin"],
            "changes": [
                f"If {c['subject']} {c['verb']} {c['where']}, the framework would {c['outcome']}."
                for c in adr["what_would_change"]
            ],
        },
        "accepted_costs": adr["accepted_costs"],
        "failure_costs": adr["failure_costs"],
        "open_questions": [q["text"] for q in adr["open_questions"]],
        "health": health or [],
        "supersedes": [r["id"] for r in adr["supersedes"]],
        "superseded_by": [r["id"] for r in adr["superseded_by"]],
        "related": [r["id"] for r in adr["related"]],
        "links": adr["links"],
        "affects": adr["affects"],
        "fields": {f["name"]: f["value"] for f in adr["fields"]},
        "file": d.path,
        "origin": d.origin,
        "url": urljoin(_site_root(settings.site_url), url) if settings.site_url else url,
    }


def _site_root(site_url: str) -> str:
    return site_url if site_url.endswith("/") else site_url + "/"


def _ref(project: Project, number: int) -> str:
    other = project.decision(number)
    return other.id if other is not None else f"{project.settings.prefix}-{number:04d}"


def export_json(project: Project, *, today: _dt.date | None = None) -> dict[str, Any]:
    """The whole decision log as one JSON document (`schemas/export.schema.json`): what a
    catalogue of many repositories needs of each decision, under the name of its source;
    addresses as mkdocs.yml's `use_directory_urls` makes them."""
    settings = project.settings
    day = today or _dt.date.today()
    report = check_health(
        project,
        day,
        proposed_max_age_days=settings.health_proposed_max_age,
        recurring_cost_min=settings.health_recurring_cost_min,
    )
    findings: dict[int, list[dict[str, str]]] = {}
    for finding in report.findings:
        for number in dict.fromkeys(finding.decisions):
            findings.setdefault(number, []).append(
                {"kind": finding.kind, "heading": HEALTH_KINDS[finding.kind], "message": finding.message}
            )
    layout = SiteLayout(settings.url_prefix, settings.directory_urls)
    return {
        "$schema": SCHEMA_ID,
        "version": FORMAT_VERSION,
        "generator": f"mkdocs-tradeoffs {__version__}",
        "generated": day.isoformat(),
        "source": {
            "id": settings.source_name(),
            "name": settings.site_name or None,
            "repo_url": settings.repo_url or None,
            "site_url": settings.site_url or None,
            "log_url": urljoin(_site_root(settings.site_url), layout.url(layout.index_page()))
            if settings.site_url
            else layout.url(layout.index_page()),
        },
        "decisions": [
            decision_data(
                ev, project, directory_urls=settings.directory_urls, health=findings.get(ev.decision.number)
            )
            for ev in project.evaluations.values()
        ],
    }
