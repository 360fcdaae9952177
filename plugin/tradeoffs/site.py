"""Every page of a decision site as Markdown, for any site engine.

`build_site` turns a loaded project into ADR pages, the decision log, framework, status and tag
pages, the open-questions page, the relation graph and short links; `MentionLinker` turns
`ADR-7` and `[[ADR-7]]` in any Markdown page into links. Nothing here knows about MkDocs: the
plugin (and any future exporter for another engine) only feeds these pages to its engine.

Everything is linear in the number of decisions: reverse links are indexed once, each page is
rendered once, and mentions are looked up in one dict.
"""

from __future__ import annotations

import html
import json
import re
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from . import adr_html, view
from .adr_html import esc, ul
from .health import KINDS as HEALTH_KINDS
from .health import check_health
from .model import STATUSES, Decision, Evaluation, Framework
from .problems import Problem, Severity
from .project import Project
from .render import Renderer, TemplateProblem, inline_text
from .view import Layout, decision_context

LISTED_STATUSES = ("proposed", "accepted")
"""Open questions of decisions in these statuses are still open; the others are moot."""


@dataclass(frozen=True)
class SiteLayout(Layout):
    """Where every generated page lives, below `url_prefix`, and the address each one gets."""

    directory_urls: bool = True
    """`decisions/ADR-0007.md` is served at `decisions/ADR-0007/` (else `ADR-0007.html`)."""

    def status_page(self, status: str) -> str:
        return f"{self.url_prefix}/status/{status}.md"

    def tags_page(self) -> str:
        return f"{self.url_prefix}/tags/index.md"

    def tag_page(self, slug: str) -> str:
        return f"{self.url_prefix}/tags/{slug}.md"

    def frameworks_page(self) -> str:
        return f"{self.url_prefix}/frameworks/index.md"

    def open_questions_page(self) -> str:
        return f"{self.url_prefix}/open-questions.md"

    def health_page(self) -> str:
        return f"{self.url_prefix}/health.md"

    def graph_page(self) -> str:
        return f"{self.url_prefix}/graph.md"

    def link(self, from_page: str, to_page: str) -> str:
        """`Layout.link` without `posixpath.relpath`, which was a tenth of the site's time.

        Both paths are relative to the docs root, so dropping their common folders and climbing
        out of what is left of `from_page`'s folder gives the same answer.
        """
        here = from_page.split("/")[:-1]
        there = to_page.split("/")
        if {".", "..", ""} & {*here, *there}:
            return super().link(from_page, to_page)
        return _climb(here, there) or "."

    def url(self, page: str) -> str:
        """A page's address relative to the site root, as MkDocs makes it from its path."""
        folder, _, name = page.rpartition("/")
        stem = name[:-3] if name.endswith(".md") else name
        if stem == "index":
            dest = f"{folder}/index.html" if folder else "index.html"
        elif self.directory_urls:
            dest = f"{folder}/{stem}/index.html" if folder else f"{stem}/index.html"
        else:
            dest = f"{folder}/{stem}.html" if folder else f"{stem}.html"
        if self.directory_urls and dest.endswith("index.html"):
            return dest[: -len("index.html")] or "./"
        return dest

    def href(self, from_page: str, to_page: str, anchor: str = "") -> str:
        """The relative address of `to_page` in the HTML of `from_page` (what MkDocs writes for
        a Markdown link between them), for HTML that no Markdown link rewriting will see."""
        from_url, to_url = self.url(from_page), self.url(to_page)
        here = [] if from_url == "./" else from_url.split("/")[:-1]  # the folder it resolves in
        there = [""] if to_url == "./" else to_url.split("/")
        return (_climb(here, there) or "./") + (f"#{anchor}" if anchor else "")


def _climb(here: list[str], there: list[str]) -> str:
    """The way from folder `here` to `there`: up out of what they do not share, then down."""
    common = 0
    while common < len(here) and common < len(there) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


@dataclass
class SitePage:
    """One generated page: where it lives, its title and its Markdown (with front matter)."""

    path: str
    title: str
    markdown: str
    kind: str
    """decision, log, framework, frameworks, status, tags, tag, open-questions or graph."""
    source: str = ""
    """The file the page comes from (a decision or framework file), for messages."""
    decision: int | None = None
    blocks: dict[str, str] = field(default_factory=dict)
    """Token -> HTML. The overview pages' tables and lists, and the tables and lists an ADR
    template computes (`adr_html`), are made as HTML and stand in the Markdown as a placeholder
    paragraph, which an engine replaces after converting the page (`place_blocks`):
    Python-Markdown spent a fifth of a 1,000-decision build on the overview pages' tables, and
    half of an ADR page's time on its tables and lists; their text needs no Markdown."""

    def expanded(self) -> str:
        """The page as self-contained Markdown, its HTML blocks in place (for any engine)."""
        markdown = self.markdown
        for token, block in self.blocks.items():
            markdown = markdown.replace(placeholder(token), block, 1)
        return markdown


def placeholder(token: str) -> str:
    """The paragraph that stands for an HTML block: search skips it (attr_list), should an
    engine read the page before the block is in place."""
    return f"{token}\n{{: data-search-exclude }}"


def place_blocks(blocks: dict[str, str], html_text: str) -> tuple[str, list[str]]:
    """A converted page with its HTML blocks in place of their placeholder paragraphs, and
    the placeholders that were not found (a Markdown extension changed them)."""
    lost: list[str] = []
    for token, block in blocks.items():
        match = re.search(rf"<p\b[^>]*>{token}</p>", html_text)
        if match is None:
            lost.append(token)
        else:
            html_text = html_text[:match.start()] + block + html_text[match.end():]
    return html_text, lost


@dataclass
class NavItem:
    """An entry of the site's decisions section: a page, or a titled group of entries."""

    title: str
    path: str | None = None
    children: list[NavItem] = field(default_factory=list)


@dataclass
class Site:
    pages: dict[str, SitePage]
    nav: list[NavItem]
    """The pages worth a place in navigation; ADR pages are reached from the index pages."""
    short_links: dict[str, str]
    """Short URL folder (`adr/7/`) -> the page it redirects to (`decisions/ADR-0007.md`)."""
    problems: list[Problem]

    def markdown(self) -> dict[str, str]:
        """{path: markdown} of every generated page, HTML blocks in place."""
        return {path: page.expanded() for path, page in self.pages.items()}


text = inline_text
"""One line of plain text, safe inside Markdown tables, links and HTML."""


def slugify(value: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return slug or "tag"


def with_front_matter(markdown: str, values: dict[str, Any]) -> str:
    """Add keys a template left out to its front matter (or add front matter).

    Keys are found by a scan of the top-level lines rather than a YAML parse: this runs once per
    decision, and a parse per page was most of the site's generation time.
    """
    body, head = markdown, ""
    match = re.match(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", markdown, re.S)
    if match:
        head, body = match.group(1) or "", markdown[match.end():]
    existing = set(re.findall(r"^([A-Za-z_][\w-]*)[ \t]*:", head, re.M))
    extra = "".join(f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}\n"
                    for key, value in values.items() if key not in existing)
    return f"---\n{head}{extra}---\n{body.lstrip(chr(10))}"


FRAMEWORK_SECTIONS = frozenset({"drivers", "options", "analysis", "failure-costs", "pattern",
                                "pros-and-cons"})
"""Anchors of the ADR sections that restate the framework (its questions, options, criteria,
costs and pattern): the same text on every decision that uses it."""

_HEADING_LINE = re.compile(r"^(?P<level>#{1,6})[ \t]+(?P<text>.*?)"
                           r"(?:[ \t]*\{#(?P<id>[\w-]+)(?P<rest>[^}]*)\})?[ \t]*$")


_MAY_OPEN = frozenset("#`~ \t")
"""The first characters of a line that can be a heading or a code fence (`_FENCE` allows
leading whitespace)."""


def skip_in_search(markdown: str, sections: frozenset[str] = FRAMEWORK_SECTIONS) -> str:
    """Mark the framework's sections (and their subsections) `data-search-exclude`.

    Search then finds a decision by what its authors wrote, not by the framework's text that a
    thousand decisions share; the framework's page indexes that text once. This kept Material's
    search index at about a third of its size (see benchmarks/RESULTS.md). `sections` are the
    anchors to skip.
    """
    out: list[str] = []
    skipping: int | None = None  # the level of the framework section being skipped
    fence: str | None = None
    for line in markdown.split("\n"):
        if line[:1] not in _MAY_OPEN:  # most lines: neither a heading nor a fence
            out.append(line)
            continue
        fenced = _FENCE.match(line)
        if fence is not None:
            if fenced and fenced["fence"].startswith(fence):
                fence = None
        elif fenced:
            fence = fenced["fence"]
        elif line.startswith("#") and (match := _HEADING_LINE.match(line)):
            level = len(match["level"])
            if skipping is not None and level <= skipping:
                skipping = None
            if skipping is None and match["id"] in sections:
                skipping = level
            if skipping is not None:
                if match["id"]:
                    line = (f"{match['level']} {match['text']} "
                            f"{{#{match['id']}{match['rest']} data-search-exclude}}")
                elif not match["text"].endswith("}"):
                    line = f"{line.rstrip()} {{ data-search-exclude }}"
        out.append(line)
    return "\n".join(out)


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


def build_site(project: Project, renderer: Renderer, *, template: str = "madr",
               short_prefix: str | None = None, cache: PageCache | None = None,
               directory_urls: bool = True,
               emit: Callable[[SitePage], None] | None = None) -> Site:
    """Every page of the decision site. `short_prefix` names the short-link folder ('' for none);
    with a `cache`, decision pages whose template context did not change are not rendered again.
    `directory_urls` says how the engine addresses pages (for links inside HTML blocks).

    `emit` is given each page as soon as it is made, so an engine can take its text then (and
    empty `markdown`): otherwise every page's text is held at once, the largest part of the
    memory a 10,000-decision site needs.
    """
    if cache is not None:
        cache.start(renderer.signature())
    return _SiteBuilder(project, renderer, template, short_prefix, cache, directory_urls,
                        emit).build()


class _SiteBuilder:
    def __init__(self, project: Project, renderer: Renderer, template: str,
                 short_prefix: str | None, cache: PageCache | None = None,
                 directory_urls: bool = True,
                 emit: Callable[[SitePage], None] | None = None) -> None:
        self.project = project
        self.emit = emit
        self.renderer = renderer
        self.template = template
        self.cache = cache
        settings = project.settings
        self.layout = SiteLayout(settings.url_prefix, directory_urls)
        # A placeholder no page text can contain: it is made of letters and digits only (no
        # Markdown extension changes it) and holds a token unknown before the build.
        self.nonce = secrets.token_hex(8)
        self._blocks: dict[str, str] = {}
        self.short_prefix = (settings.prefix.lower() if short_prefix is None
                             else short_prefix.strip("/"))
        self.pages: dict[str, SitePage] = {}
        self.problems: list[Problem] = []
        self._template_ok: dict[str, Problem | None] = {}
        self.tag_slugs: dict[str, str] = {}
        used: set[str] = set()
        for tag in sorted({t for d in project.decisions for t in d.tags}):
            slug, n = slugify(tag), 1
            while slug in used or slug == "index":
                n += 1
                slug = f"{slugify(tag)}-{n}"
            used.add(slug)
            self.tag_slugs[tag] = slug

    # --- helpers -----------------------------------------------------------------------

    def add(self, page: SitePage) -> None:
        page.blocks, self._blocks = self._blocks, {}
        self.pages[page.path] = page
        if self.emit is not None:
            self.emit(page)

    def block(self, html_text: str) -> str:
        """A placeholder paragraph for `html_text`, kept for the page `add` is given next."""
        token = f"TRADEOFFSBLOCK{self.nonce}X{len(self._blocks)}Y"  # Y: X1 is no prefix of X10
        self._blocks[token] = html_text
        return placeholder(token)

    def a(self, from_page: str, to_page: str, label: str, anchor: str = "") -> str:
        return f'<a href="{self.layout.href(from_page, to_page, anchor)}">{label}</a>'

    def decision_a(self, from_page: str, d: Decision, anchor: str = "") -> str:
        return self.a(from_page, self.layout.decision_page(d), f"{esc(d.id)}: {esc(d.title)}",
                      anchor)

    def link(self, from_page: str, to_page: str, anchor: str = "") -> str:
        return self.layout.link(from_page, to_page) + (f"#{anchor}" if anchor else "")

    def table(self, from_page: str, evaluations: Iterable[Evaluation], *,
              tags: bool = True) -> str:
        """The decisions as an HTML table (a placeholder for it: see `SitePage.blocks`).

        Its rows are what the decision pages already say, so search skips it.
        """
        layout = self.layout
        status_urls = {s: layout.href(from_page, layout.status_page(s)) for s in STATUSES}
        framework_cells: dict[str, str] = {}
        tag_cells: dict[str, str] = {}
        heads = [("#", True), *((h, False) for h in ("Decision", "Status", "Framework", "Chosen",
                                                       "Date", *(["Tags"] if tags else [])))]
        rows: list[list[str]] = []
        for ev in evaluations:
            d = ev.decision
            fw = ev.framework
            fw_key = fw.id if fw is not None else f"\0{d.framework or ''}"
            if fw_key not in framework_cells:
                framework_cells[fw_key] = (
                    self.a(from_page, layout.framework_page(fw.id), esc(fw.title))
                    if fw is not None else esc(d.framework or ""))
            row = [str(d.number), self.decision_a(from_page, d),
                   f'<a href="{status_urls.get(d.status, "")}"><span class="adr-status '
                   f'adr-status--{esc(d.status)}">{esc(d.status)}</span></a>',
                   framework_cells[fw_key], " + ".join(esc(ev.option_title(c)) for c in d.chosen),
                   d.date.isoformat() if d.date else ""]
            if tags:
                for t in d.tags:
                    if t not in tag_cells:
                        tag_cells[t] = self.a(from_page, layout.tag_page(self.tag_slugs[t]), esc(t))
                row.append(", ".join(tag_cells[t] for t in d.tags))
            rows.append(row)
        return self.block(adr_html.table(heads, rows, skip_search=True)) + "\n"

    # --- pages ---------------------------------------------------------------------------

    def html_block(self, kind: str, *args: Any) -> str:
        """What templates call for a computed table or list as HTML (`adr_html.BLOCKS`)."""
        return self.block(adr_html.BLOCKS[kind](*args))

    def build(self) -> Site:
        evaluations = list(self.project.evaluations.values())
        for ev in evaluations:
            self.decision_page(ev)
        self.log_page(evaluations)
        self.framework_pages(evaluations)
        self.status_pages(evaluations)
        self.tag_pages(evaluations)
        self.open_questions_page(evaluations)
        self.graph_page(evaluations)
        self.health_page(evaluations)
        layout = self.layout
        frameworks = sorted(self.project.frameworks.frameworks.values(), key=lambda f: f.title.lower())
        nav = [
            NavItem("Decision log", layout.index_page()),
            NavItem("Open questions", layout.open_questions_page()),
            NavItem("Relation graph", layout.graph_page()),
            NavItem("Health", layout.health_page()),
            NavItem("By status", children=[NavItem(s.capitalize(), layout.status_page(s))
                                           for s in STATUSES]),
            NavItem("Tags", layout.tags_page()),
            NavItem("Frameworks", children=[NavItem("All frameworks", layout.frameworks_page())] + [
                NavItem(fw.title, layout.framework_page(fw.id)) for fw in frameworks]),
        ]
        short_links: dict[str, str] = {}
        if self.short_prefix:
            for ev in evaluations:
                short_links[f"{self.short_prefix}/{ev.decision.number}/"] = \
                    layout.decision_page(ev.decision)
        return Site(self.pages, nav, short_links, self.problems)

    def template_for(self, ev: Evaluation) -> str:
        d = ev.decision
        if d.origin != "yaml":
            return "imported"  # a Markdown ADR keeps its own text and sections
        name = d.template or self.template
        if name not in self._template_ok:
            self._template_ok[name] = self.renderer.check_name(name)
        if self._template_ok[name] is None:
            return name
        doc = self.project.documents.get(d.number)
        line, column = doc.where(("template",)) if doc is not None else (1, 1)
        problem = self._template_ok[name]
        assert problem is not None
        # a broken template file is named with its line; an unknown name is the decision's fault
        fault = (problem.message if problem.file == "mkdocs.yml"
                 else f"{problem.file}:{problem.line}: {problem.message}")
        self.problems.append(Problem(d.path, line, column, f"{fault}; the page uses "
                                     f"'{self.template}' instead", Severity.WARNING))
        return self.template

    @staticmethod
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

    def decision_page(self, ev: Evaluation) -> None:
        d = ev.decision
        path = self.layout.decision_page(d)
        context = decision_context(ev, self.project, self.layout)
        name = self.template_for(ev)
        key = ("", "")
        if self.cache is not None:
            # the context holds everything the page shows; what is not JSON is a date or a path
            key = (name, json.dumps(context, ensure_ascii=False, default=str))
            cached = self.cache.pages.get(key)
            if cached is not None:
                self.cache.used[key] = cached
                self._blocks = dict(cached[1])
                self.add(SitePage(path, f"{d.id}: {d.title}", cached[0], "decision", d.path,
                                  d.number))
                return
        # Only here, and not in the cache key: `tradeoffs render` and the exporters have no
        # `adr.html_block`, so the macros write Markdown tables there.
        context["html_block"] = self.html_block
        self._blocks = {}
        try:
            markdown = self.renderer.render(name, adr=context)
        except TemplateProblem as exc:
            self.problems.append(Problem(exc.problem.file, exc.problem.line, exc.problem.column,
                                         f"{exc.problem.message} (while rendering {d.path})",
                                         Severity.WARNING))
            self._blocks = {}  # what the failed template asked for is not on the page
            markdown = self.renderer.render("builtin/madr", adr=context)
            key = ("", "")  # rendered again next time, so the problem is reported again
        fw = ev.framework
        chosen = " + ".join(ev.option_title(c) for c in d.chosen) or "not chosen yet"
        description = (f"{d.status.capitalize()} · {fw.title if fw else 'no framework'} · "
                       f"chosen: {chosen}")
        if fw is not None:
            markdown = skip_in_search(markdown, self.framework_sections(ev))
        markdown = with_front_matter(markdown, {"title": f"{d.id}: {d.title}",
                                                "description": description, "tags": list(d.tags)})
        if self.cache is not None and key[0]:
            self.cache.used[key] = (markdown, dict(self._blocks))
        self.add(SitePage(path, f"{d.id}: {d.title}", markdown, "decision", d.path, d.number))

    def log_page(self, evaluations: list[Evaluation]) -> None:
        path = self.layout.index_page()
        md = [
            "---", 'title: "Decision log"', "hide: [toc]", "search:", "  exclude: true", "---", "",
            "# Decision log", "",
            f"Every decision, newest number last ({len(evaluations)} in all). Type to filter, pick a "
            "status, framework or tag, and click a column heading to sort.", "",
            '<div class="tradeoffs-log-filters" data-tradeoffs-log></div>', "",
            self.table(path, evaluations),
        ]
        self.add(SitePage(path, "Decision log", "\n".join(md), "log"))

    def framework_pages(self, evaluations: list[Evaluation]) -> None:
        by_framework: dict[str, list[Evaluation]] = defaultdict(list)
        for ev in evaluations:
            if ev.framework is not None:
                by_framework[ev.framework.id].append(ev)
        frameworks = sorted(self.project.frameworks.frameworks.values(), key=lambda f: f.title.lower())
        index = self.layout.frameworks_page()
        md = ["---", 'title: "Frameworks"', "---", "", "# Frameworks", "",
              "The tradeoff frameworks decisions are evaluated with.", "",
              "| Framework | Question | Decisions |", "| --- | --- | ---: |"]
        for fw in frameworks:
            link = self.link(index, self.layout.framework_page(fw.id))
            md.append(f"| [{text(fw.title)}]({link}) | {text(fw.question)} | "
                      f"{len(by_framework.get(fw.id, []))} |")
        self.add(SitePage(index, "Frameworks", "\n".join(md) + "\n", "frameworks"))
        for fw in frameworks:
            self.framework_page(fw, by_framework.get(fw.id, []))

    def framework_page(self, fw: Framework, evaluations: list[Evaluation]) -> None:
        path = self.layout.framework_page(fw.id)
        origin = "built-in framework" if fw.builtin else f"defined in `{fw.source}`"
        md = ["---", f"title: {json.dumps(fw.title)}", "---", "",
              f"# {text(fw.title)}", "",
              f"*{text(fw.question)}*", "",
              f"`{fw.id}` · {fw.mode}{' · options combine' if fw.combinable else ''} · {origin}", ""]
        if fw.summary:
            md += ["## Summary {#summary}", "", fw.summary.strip(), ""]
        if fw.notes:
            md += ["## Notes {#notes}", ""] + [f"- {' '.join(n.split())}" for n in fw.notes] + [""]
        md += ["## Options {#options}", ""]
        for option in fw.options:
            md += [f"### {text(option.title)} {{#option-{option.id}}}", "", text(option.summary), ""]
            if option.accepts:
                md += ["**What you accept:**", ""] + [f"- {text(a)}" for a in option.accepts] + [""]
            if option.failure_cost:
                md += ["**Cost of getting it wrong:**", ""]
                md += [f"- {text(a)}" for a in option.failure_cost] + [""]
            if option.pattern:
                md += ["**Pattern:** " + text(option.pattern), ""]
        md += ["## Questions it asks {#facts}", "", "| Fact | Question | Answer |", "| --- | --- | --- |"]
        for fact in fw.facts.values():
            kind = " / ".join(fact.values) if fact.type == "enum" else fact.type
            unit = f" ({text(fact.unit)})" if fact.unit else ""
            md.append(f"| `{fact.name}` | {text(fact.prompt)} | {text(kind)}{unit} |")
        md.append("")
        titles = {o.id: o.title for o in fw.options}
        if fw.steps:
            md += ["## Steps {#steps}", ""]
            for i, step in enumerate(fw.steps, 1):
                md.append(f"{i}. **{text(titles.get(step.option, step.option))}**: "
                          f"{text(step.text or 'chosen when its condition holds')}")
            if fw.fallback:
                md.append(f"{len(fw.steps) + 1}. Otherwise: **{text(titles.get(fw.fallback, fw.fallback))}**")
            md.append("")
        if fw.criteria:
            md += ["## Criteria {#criteria}", "", "| Option | Effect | Weight | When |",
                   "| --- | --- | ---: | --- |"]
            for crit in fw.criteria:
                md.append(f"| {text(titles.get(crit.option, crit.option))} | {crit.effect} | "
                          f"{crit.weight} | {text(crit.text)} |")
            md.append("")
        md += ["## Try it {#try-it}", "", "Answer the questions to see what the framework recommends.",
               "", self.block(view.try_it_html(fw)), ""]
        md += ["## Decisions that used it {#decisions}", ""]
        md.append(self.table(path, evaluations) if evaluations else "None yet.\n")
        self.add(SitePage(path, fw.title, "\n".join(md), "framework", fw.source))

    def status_pages(self, evaluations: list[Evaluation]) -> None:
        by_status: dict[str, list[Evaluation]] = defaultdict(list)
        for ev in evaluations:
            by_status[ev.decision.status].append(ev)
        for status in STATUSES:
            path = self.layout.status_page(status)
            found = by_status.get(status, [])
            md = ["---", f'title: "{status.capitalize()} decisions"', "hide: [toc]", "search:",
                  "  exclude: true",
                  "---", "", f"# {status.capitalize()} decisions", ""]
            md.append(self.table(path, found) if found else "None.\n")
            self.add(SitePage(path, f"{status.capitalize()} decisions", "\n".join(md), "status"))

    def tag_pages(self, evaluations: list[Evaluation]) -> None:
        by_tag: dict[str, list[Evaluation]] = defaultdict(list)
        for ev in evaluations:
            for tag in ev.decision.tags:
                by_tag[tag].append(ev)
        index = self.layout.tags_page()
        md = ["---", 'title: "Tags"', "search:", "  exclude: true", "---", "", "# Tags", ""]
        if not by_tag:
            md.append("No decision has tags yet.")
        else:
            md += ["| Tag | Decisions |", "| --- | ---: |"]
            for tag in sorted(by_tag, key=str.lower):
                link = self.link(index, self.layout.tag_page(self.tag_slugs[tag]))
                md.append(f"| [{text(tag)}]({link}) | {len(by_tag[tag])} |")
        self.add(SitePage(index, "Tags", "\n".join(md) + "\n", "tags"))
        for tag, found in by_tag.items():
            path = self.layout.tag_page(self.tag_slugs[tag])
            page_md = ["---", f"title: {json.dumps('Tag: ' + tag)}", "hide: [toc]", "search:",
                       "  exclude: true",
                       "---", "", f"# Tag: {text(tag)}", "", self.table(path, found, tags=False)]
            self.add(SitePage(path, f"Tag: {tag}", "\n".join(page_md), "tag"))

    def open_questions_page(self, evaluations: list[Evaluation]) -> None:
        path = self.layout.open_questions_page()
        # each question is on its decision's page too, where search finds it
        md = ["---", 'title: "Open questions"', "search:", "  exclude: true", "---", "",
              "# Open questions", "",
              "Questions still open on proposed and accepted decisions: the team's own, and those "
              "the framework raises for facts nobody has answered yet.", ""]
        items: list[str] = []
        for ev in evaluations:
            d = ev.decision
            if d.status not in LISTED_STATUSES or not ev.open_questions:
                continue
            items.append(f"<strong>{self.decision_a(path, d, 'open-questions')}</strong> "
                         f"({esc(d.status)}){adr_html.bullets(q.text for q in ev.open_questions)}")
        if items:
            md.append(self.block(ul(items)))
        else:
            md.append("None: every question is answered.")
        self.add(SitePage(path, "Open questions", "\n".join(md) + "\n", "open-questions"))

    def graph_page(self, evaluations: list[Evaluation]) -> None:
        path = self.layout.graph_page()
        edges: list[tuple[Decision, str, Decision]] = []
        seen_related: set[tuple[int, int]] = set()
        for ev in evaluations:
            d = ev.decision
            for n in d.supersedes:
                other = self.project.decision(n)
                if other is not None and n != d.number:
                    edges.append((d, "supersedes", other))
            for n in d.related:
                other = self.project.decision(n)
                pair = (min(n, d.number), max(n, d.number))
                if other is not None and n != d.number and pair not in seen_related:
                    seen_related.add(pair)
                    edges.append((d, "related", other))
        md = ["---", 'title: "Relation graph"', "search:", "  exclude: true", "---", "",
              "# Relation graph", "",
              "Which decision supersedes which (solid arrows) and which are related (dotted "
              "lines). Decisions without links are left out.", ""]
        if not edges:
            md.append("No decision supersedes or relates to another yet.")
            self.add(SitePage(path, "Relation graph", "\n".join(md) + "\n", "graph"))
            return
        nodes: dict[int, Decision] = {}
        for a, _kind, b in edges:
            nodes[a.number] = a
            nodes[b.number] = b
        md += ["```mermaid", "graph LR"]
        for n in sorted(nodes):
            d = nodes[n]
            md.append(f'  adr{n}["{_mermaid(d.id + ": " + d.title)}<br>({d.status})"]')
        for a, kind, b in edges:
            arrow = "-->|supersedes|" if kind == "supersedes" else "-.-|related|"
            md.append(f"  adr{a.number} {arrow} adr{b.number}")
        md += ["```", "", "## Links {#links}", ""]
        md.append(self.block(ul(f"{self.decision_a(path, a)} {kind} {self.decision_a(path, b)}"
                                for a, kind, b in edges)))
        self.add(SitePage(path, "Relation graph", "\n".join(md) + "\n", "graph"))


    def health_page(self, evaluations: list[Evaluation]) -> None:
        path = self.layout.health_page()
        extra = self.project.settings.extra
        report = check_health(self.project,
                              proposed_max_age_days=int(extra.get("health_proposed_max_age", 30)),
                              recurring_cost_min=int(extra.get("health_recurring_cost_min", 2)))
        md = ["---", 'title: "Decision health"', "search:", "  exclude: true", "---", "",
              "# Decision health", "",
              f"What needs attention as of {report.today}: {len(report.findings)} "
              f"finding{'s' * (len(report.findings) != 1)}. The same report on the command line: "
              "`tradeoffs health`.", ""]
        for kind, findings in report.by_kind().items():
            md += [f"## {HEALTH_KINDS[kind]} ({len(findings)}) {{#{kind}}}", ""]
            if not findings:
                md += ["Nothing here.", ""]
                continue
            items = []
            for finding in findings:
                links = ", ".join(self.decision_a(path, d) for n in finding.decisions
                                  if (d := self.project.decision(n)) is not None)
                items.append(f"{esc(finding.message)} ({links})")
            md += [self.block(ul(items)), ""]
        md += self._charts(evaluations)
        self.add(SitePage(path, "Decision health", "\n".join(md) + "\n", "health"))

    def _charts(self, evaluations: list[Evaluation]) -> list[str]:
        """Mermaid charts: decisions per month by status, and options chosen per framework."""
        md = ["## Decisions per month {#per-month}", ""]
        months = sorted({ev.decision.date.strftime("%Y-%m") for ev in evaluations if ev.decision.date})
        if not months:
            md += ["No dated decisions yet.", ""]
        else:
            counts = {s: dict.fromkeys(months, 0) for s in STATUSES}
            for ev in evaluations:
                if ev.decision.date:
                    counts[ev.decision.status][ev.decision.date.strftime("%Y-%m")] += 1
            top = max(sum(counts[s][m] for s in STATUSES) for m in months)
            md += ["```mermaid", "xychart-beta", '  title "Decisions per month, by status"',
                   f"  x-axis [{', '.join(repr(m).replace(chr(39), chr(34)) for m in months)}]",
                   f'  y-axis "Decisions" 0 --> {top}']
            md += [f"  line [{', '.join(str(counts[s][m]) for m in months)}]"
                   for s in STATUSES if any(counts[s].values())]
            md += ["```", "", "Lines, in order: " + ", ".join(
                s for s in STATUSES if any(counts[s].values())) + ".", "",
                   "| Month | " + " | ".join(s.capitalize() for s in STATUSES) + " |",
                   "| --- |" + " ---: |" * len(STATUSES)]
            md += [f"| {m} | " + " | ".join(str(counts[s][m]) for s in STATUSES) + " |" for m in months]
            md.append("")
        md += ["## Options chosen, per framework {#options-chosen}", ""]
        per_framework: dict[str, dict[str, int]] = {}
        titles: dict[str, str] = {}
        for ev in evaluations:
            if ev.framework is None or ev.decision.status not in LISTED_STATUSES:
                continue
            titles[ev.framework.id] = ev.framework.title
            tally = per_framework.setdefault(ev.framework.id, {})
            for option in ev.decision.chosen:
                tally[ev.option_title(option)] = tally.get(ev.option_title(option), 0) + 1
        if not any(per_framework.values()):
            md += ["No proposed or accepted decision has chosen an option yet.", ""]
        for fw_id in sorted(per_framework, key=lambda i: titles[i].lower()):
            tally = per_framework[fw_id]
            if not tally:
                continue
            md += ["```mermaid", f'pie title "{_mermaid(titles[fw_id])}"']
            md += [f'  "{_mermaid(option)}" : {count}' for option, count in sorted(tally.items())]
            md += ["```", ""]
        return md


def _mermaid(value: str) -> str:
    """A Mermaid node label: quotes and angle brackets as Mermaid's entity codes."""
    value = " ".join(value.split())
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"),
                       ("`", "#96;")):
        value = value.replace(char, code)
    return value


# --- mentions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A mention of a decision that does not exist."""

    line: int
    text: str
    number: int


_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")
_HEADING = re.compile(r"^\s*(#{1,6}(\s|$)|!!!|\?\?\?)")
"""Headings and admonition titles: a link there would break the title or the table of contents."""
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s")
_CONTAINER = re.compile(r"^\s{0,3}([-*+]\s|\d+[.)]\s|!!!|\?\?\?\+?|===|///|>)")


class MentionLinker:
    """Links `ADR-7`, `ADR-0007` and `[[ADR-7]]` (or `[[ADR-7#anchor]]`) to the decision.

    A bare mention keeps its text and gets the title as a tooltip, so prose still reads well;
    `[[ADR-7]]` becomes "ADR-0007: Title". Code, existing links, URLs, HTML tags and headings
    are left alone.
    """

    def __init__(self, decisions: Iterable[Decision], layout: Layout, prefix: str) -> None:
        self.layout = layout
        self.targets: dict[int, tuple[str, str, str]] = {
            d.number: (d.id, d.title, layout.decision_page(d)) for d in decisions}
        self.needle = f"{prefix}-"
        """Every mention holds this; a line without it is left as it is without running the pattern."""
        p = re.escape(prefix)
        self.pattern = re.compile(
            r"(?P<code>(?P<ticks>`+).+?(?<!`)(?P=ticks)(?!`))"
            r"|(?P<anchor><a\b[^>]*>.*?</a>)"
            r"|(?P<wiki>\[\[\s*" + p + r"-(?P<wnum>[0-9]{1,7})(?:#(?P<wanchor>[\w-]+))?\s*\]\])"
            r"|(?P<link>!?\[(?:[^\[\]]|\[[^\[\]]*\])*\](?:\([^)]*\)|\[[^\]]*\]))"
            r"|(?P<tag></?[A-Za-z][^>]*>|<[a-z]+:[^>]*>)"
            r"|(?P<url>(?:https?|ftp|mailto):[^\s)>\]]+)"
            r"|(?<![\w/#.-])(?P<bare>" + p + r"-(?P<bnum>[0-9]{1,7}))(?![\w-]|\.\w)"
        )

    def link(self, markdown: str, page_path: str, *, own: int | None = None
             ) -> tuple[str, list[Mention]]:
        """The Markdown with mentions linked, and the mentions of missing decisions."""
        missing: list[Mention] = []
        out: list[str] = []
        fence: str | None = None
        container = False
        previous_blank = True
        in_code = False
        for number, line in enumerate(markdown.splitlines(keepends=True), 1):
            stripped = line.strip()
            match = _FENCE.match(line)
            if fence is not None:
                if match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence) \
                        and not line[match.end():].strip():
                    fence = None
                out.append(line)
                continue
            if match:
                fence = match["fence"]
                out.append(line)
                continue
            indent = len(line) - len(line.lstrip(" "))
            if not stripped:
                out.append(line)
                previous_blank = True
                continue
            if indent < 4:
                container = bool(_CONTAINER.match(line))
                in_code = False
            elif not container and (previous_blank or in_code):
                in_code = True  # an indented code block
            previous_blank = False
            if self.needle not in line or in_code or _HEADING.match(line) or _REF_DEF.match(line):
                out.append(line)
                continue
            out.append(self._line(line, number, page_path, own, missing))
        return "".join(out), missing

    def _line(self, line: str, number: int, page_path: str, own: int | None,
              missing: list[Mention]) -> str:
        def replace(match: re.Match[str]) -> str:
            if match["wiki"]:
                n, anchor, whole = int(match["wnum"]), match["wanchor"] or "", match["wiki"]
            elif match["bare"]:
                n, anchor, whole = int(match["bnum"]), "", match["bare"]
            else:
                return match.group(0)
            target = self.targets.get(n)
            if target is None:
                missing.append(Mention(number, whole.strip("[] "), n))
                return match.group(0)
            if n == own and not anchor:
                return match.group(0)
            ident, title, page = target
            href = self.layout.link(page_path, page) + (f"#{anchor}" if anchor else "")
            if match["wiki"]:
                return f"[{ident}: {text(title)}]({href})"
            tooltip = html.escape(" ".join(title.split()), quote=True).replace("|", "&#124;")
            return f'[{whole}]({href} "{tooltip}")'

        return self.pattern.sub(replace, line)


def redirect_html(url: str, canonical: str | None = None) -> str:
    """A small page that sends the browser on to `url` (relative), like mkdocs-redirects."""
    target = html.escape(url, quote=True)
    canon = html.escape(canonical or url, quote=True)
    script_url = json.dumps(url).replace("<", "\\u003c")
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>Redirecting…</title>\n"
        f"<link rel=\"canonical\" href=\"{canon}\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n"
        f"<script>location.replace({script_url} + location.hash)</script>\n"
        "</head>\n<body>\n"
        f"<p>This decision lives at <a href=\"{target}\">{target}</a>.</p>\n"
        "</body>\n</html>\n"
    )

