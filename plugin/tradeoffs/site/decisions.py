"""ADR pages: each decision through its Jinja template, kept between `serve` rebuilds."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any, cast

from tradeoffs.adr import html_blocks as adr_html
from tradeoffs.adr.render import Renderer, TemplateProblem
from tradeoffs.adr.view import SiteDecisionContext, decision_context
from tradeoffs.core.model import Evaluation
from tradeoffs.core.problems import Problem, Severity
from tradeoffs.core.project import Project
from tradeoffs.site.diagrams import diagram_href
from tradeoffs.site.history import Commit, FileHistory, commit_url
from tradeoffs.site.layout import SiteLayout
from tradeoffs.site.link_preview import link_preview
from tradeoffs.site.page import Blocks, SitePage, with_front_matter
from tradeoffs.site.record_links import RecordLinks
from tradeoffs.site.search import (
    FRAMEWORK_SECTIONS,
    decision_facets,
    keywords_paragraph,
    skip_in_search,
    with_keywords,
)


class PageCache:
    """Decision pages as rendered, by template and template context, kept between rebuilds.

    A page depends only on what its template sees (the decision, its evaluation, its reverse
    links, its framework) and on the template files, so under `serve` an edit re-renders only
    the pages whose context changed. `signature` names the template files' versions; when it
    differs from the last build's, nothing rendered before is reused.
    """

    def __init__(self) -> None:
        self.signature: object = None
        self.pages: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
        self.used: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
        """(template, context) -> the page's Markdown and its HTML blocks."""

    def start(self, signature: object) -> None:
        """Begin a build: keep what the last build used, forget the rest (the cache stays small)."""
        self.pages = self.used if signature == self.signature else {}
        self.used = {}
        self.signature = signature


def framework_sections(ev: Evaluation) -> frozenset[str]:
    """The sections of a decision's page that hold only the framework's text.

    What we accept and the open questions are the framework's alone (the chosen option's
    costs, the questions it raises for unanswered facts) unless the team added its own;
    a section the team wrote in stays searchable, all of it.
    """
    own = set()
    if ev.decision.accepted_costs:
        own.add("accepted-costs")
    if any(q.source == "decision" for q in ev.open_questions):
        own.add("open-questions")
    return (FRAMEWORK_SECTIONS | {"accepted-costs", "open-questions"}) - own


class DecisionPages:
    """Makes ADR pages with the site's template (or the one a decision names)."""

    def __init__(
        self,
        project: Project,
        renderer: Renderer,
        template: str,
        layout: SiteLayout,
        blocks: Blocks,
        problems: list[Problem],
        cache: PageCache | None,
        *,
        tag_slugs: dict[str, str] | None = None,
        history: dict[Path, FileHistory] | None = None,
        repo_url: str = "",
        portable: bool = False,
        record_links: RecordLinks | None = None,
        graph_groups: dict[int, tuple[str, int]] | None = None,
    ) -> None:
        self.project = project
        self.graph_groups = graph_groups or {}
        """Decision number -> the view of its group in the relation graph and the group's size
        (`graph_pages.group_views`), for the decisions whose group has a view."""
        self.record_links = record_links
        """Places the links of Markdown ADRs' text on the site (None: left as written)."""
        self.portable = portable
        """A page for a plain Markdown export: the template's own text, its tables as Markdown,
        no site front matter or search keywords, every decision through `template`."""
        self.tag_slugs = tag_slugs or {}
        self.history = history or {}
        self.repo_url = repo_url
        self.root = project.settings.root.resolve()
        self.renderer = renderer
        self.template = template
        self.layout = layout
        self.blocks = blocks
        self.problems = problems
        self.cache = cache
        self._template_ok: dict[str, Problem | None] = {}

    def html_block(self, kind: str, *args: Any) -> str:
        """What templates call for a computed table or list as HTML (`adr_html.BLOCKS`)."""
        return self.blocks.block(adr_html.BLOCKS[kind](*args))

    def template_for(self, ev: Evaluation) -> str:
        d = ev.decision
        if d.origin != "yaml" and not self.portable:
            return "imported"  # a Markdown ADR keeps its own text and sections
        name = d.template or self.template
        if name not in self._template_ok:
            self._template_ok[name] = self.renderer.check_name(name)
        problem = self._template_ok[name]
        if problem is None:
            return name
        doc = self.project.documents.get(d.number)
        line, column = doc.where(("template",)) if doc is not None else (1, 1)
        # a broken template file is named with its line; an unknown name is the decision's fault
        fault = (
            problem.message
            if problem.file == "mkdocs.yml"
            else f"{problem.file}:{problem.line}: {problem.message}"
        )
        self.problems.append(
            Problem(
                d.path, line, column, f"{fault}; the page uses '{self.template}' instead", Severity.WARNING
            )
        )
        return self.template

    def page(self, ev: Evaluation) -> SitePage:
        """The decision's page, its HTML blocks with it."""
        d = ev.decision
        path = self.layout.decision_page(d)
        context = self.context(ev)
        name = self.template_for(ev)
        title = f"{d.id}: {d.title}"
        key = ("", "")
        if self.cache is not None:
            # the context holds everything the page shows; what is not JSON is a date or a path
            key = (name, json.dumps(context, ensure_ascii=False, default=str))
            cached = self.cache.pages.get(key)
            if cached is not None:
                self.cache.used[key] = cached
                return SitePage(
                    path, title, cached[0], "decision", d.path, d.number, link_preview(ev), dict(cached[1])
                )
        # Only here, and not in the cache key: `tradeoffs render` and the exporters have no
        # `adr.html_block`, so the macros write Markdown tables there.
        if not self.portable:
            context["html_block"] = self.html_block
        self.blocks.drop()
        try:
            markdown = self.renderer.render(name, adr=context)
        except TemplateProblem as exc:
            self.problems.append(
                Problem(
                    exc.problem.file,
                    exc.problem.line,
                    exc.problem.column,
                    f"{exc.problem.message} (while rendering {d.path})",
                    Severity.WARNING,
                )
            )
            self.blocks.drop()  # what the failed template asked for is not on the page
            markdown = self.renderer.render("builtin/madr", adr=context)
            key = ("", "")  # rendered again next time, so the problem is reported again
        if self.portable:
            return SitePage(
                path, title, markdown, "decision", d.path, d.number, link_preview(ev), self.blocks.take()
            )
        fw = ev.framework
        chosen = " + ".join(ev.option_title(c) for c in d.chosen) or "not chosen yet"
        description = f"{d.status.capitalize()} · {fw.title if fw else 'no framework'} · chosen: {chosen}"
        if fw is not None:
            markdown = skip_in_search(markdown, framework_sections(ev))
        markdown = with_keywords(markdown, keywords_paragraph(decision_facets(ev)))
        # the tags show in the page's first line, linked to their pages; Material's own
        # (unlinked) tag list would say them twice
        markdown = with_front_matter(
            markdown, {"title": title, "description": description, "tags": list(d.tags), "hide": ["tags"]}
        )
        blocks = self.blocks.take()
        if self.cache is not None and key[0]:
            self.cache.used[key] = (markdown, dict(blocks))
        return SitePage(path, title, markdown, "decision", d.path, d.number, link_preview(ev), blocks)

    def context(self, ev: Evaluation) -> SiteDecisionContext:
        """What the ADR template sees on the site: `view.decision_context`, and the links to
        tag pages, the git history and the neighbourhood diagram that only the site has."""
        d = ev.decision
        path = self.layout.decision_page(d)
        context = cast(SiteDecisionContext, decision_context(ev, self.project, self.layout))
        if self.record_links is not None:
            context["body"] = self.record_links.body(d)
        if self.portable:
            return context  # no tag pages, history or diagrams beside an export
        context["tag_pages"] = [
            {"name": t, "url": self.layout.link(path, self.layout.tag_page(self.tag_slugs[t]))}
            for t in d.tags
            if t in self.tag_slugs
        ]
        context["history"] = self.history_of(d.path)
        context["diagrams"] = True  # the site draws diagrams; an export for other engines does not
        group = self.graph_groups.get(d.number)
        if group is not None:  # the way from its neighbourhood to the rest of the graph
            context["graph"] = {"url": self.layout.link(path, group[0]), "size": group[1]}
        for key in ("supersedes", "superseded_by", "related"):
            for r in context[key]:
                if r["url"] is not None:
                    # the neighbourhood diagram links each decision to its page
                    to_page = posixpath.normpath(posixpath.join(posixpath.dirname(path), r["url"]))
                    r["href"] = diagram_href(self.layout, path, to_page)
        return context

    def history_of(self, path: str) -> dict[str, Any] | None:
        """What the templates show of a decision file's git history (None when it has none)."""
        found = self.history.get(self.root / path)
        if found is None or found.last is None:
            return None

        def commit(c: Commit) -> dict[str, str | None]:
            return {
                "commit": c.sha,
                "date": c.date,
                "author": c.author,
                "subject": c.subject,
                "url": commit_url(self.repo_url, c.sha),
            }

        return {
            "events": [{"status": change.status, **commit(change.commit)} for change in found.changes],
            "last": commit(found.last),
        }
