"""The overview pages of a decision site, each filled from a template in `templates/site/`.

The decision log, status, tag and framework pages, open questions, the relation graph and
health: Python gathers what each shows (`site_context`), a template a team may replace writes
the Markdown. Tables and lists are HTML blocks (`site_page.Blocks`).
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from tradeoffs.adr import html_blocks as adr_html
from tradeoffs.adr import view
from tradeoffs.adr.html_blocks import esc, ul
from tradeoffs.adr.render import Renderer, TemplateProblem, inline_text
from tradeoffs.core.health import KINDS as HEALTH_KINDS
from tradeoffs.core.health import check_health
from tradeoffs.core.model import STATUSES, Decision, Evaluation, Framework
from tradeoffs.core.problems import Problem, Severity
from tradeoffs.core.project import Project
from tradeoffs.site.charts import LISTED_STATUSES, options_chosen, per_period
from tradeoffs.site.context import (
    DecisionRef,
    DecisionRow,
    Edge,
    FrameworkEntry,
    FrameworkPage,
    FrameworksPage,
    GraphGroup,
    GraphPage,
    GraphPart,
    HealthFinding,
    HealthPage,
    HealthSection,
    ListingPage,
    OpenQuestions,
    OpenQuestionsPage,
    OptionTally,
    OverviewPage,
    TagEntry,
    TagsPage,
)
from tradeoffs.site.layout import SiteLayout
from tradeoffs.site.page import Blocks, SitePage

GRAPH_GROUP_MAX = 150
"""Nodes in one diagram of the relation graph: Mermaid stops at a text size, and a reader at far
fewer nodes."""

GRAPH_PAGE_DIAGRAMS = 4
"""Diagrams on one page of the relation graph: Mermaid draws them one after another, and at
10,000 decisions (36 diagrams) one page took 65 s in headless Chromium, a page of 4 at most 14 s
(benchmarks/RESULTS.md)."""


class OverviewPages:
    """Makes the overview pages; `pages` yields each as soon as it is made."""

    def __init__(
        self,
        project: Project,
        renderer: Renderer,
        layout: SiteLayout,
        blocks: Blocks,
        tag_slugs: dict[str, str],
        problems: list[Problem],
    ) -> None:
        self.project = project
        self.renderer = renderer
        self.layout = layout
        self.blocks = blocks
        self.tag_slugs = tag_slugs
        self.problems = problems

    def pages(self, evaluations: list[Evaluation]) -> Iterator[SitePage]:
        layout, page = self.layout, self.page
        yield self.log_page(evaluations)
        yield from self.framework_pages(evaluations)
        by_status: dict[str, list[Evaluation]] = defaultdict(list)
        for ev in evaluations:
            by_status[ev.decision.status].append(ev)
        for status in STATUSES:
            path, found = layout.status_page(status), by_status.get(status, [])
            yield page(
                "status",
                ListingPage(
                    path,
                    f"{status.capitalize()} decisions",
                    layout,
                    self.rows(found),
                    self.table(path, found) if found else "",
                    status=status,
                ),
            )
        yield from self.tag_pages(evaluations)
        yield page("open-questions", self.open_questions(evaluations))
        yield from self.graph_pages(evaluations)
        yield page("health", self.health(evaluations))

    def log_page(self, evaluations: list[Evaluation]) -> SitePage:
        log, rows = self.layout.index_page(), self.rows(evaluations)
        filters = self.log_filters(log, rows)  # the first block: the page's filter box, then its table
        table = self.log_table(log, evaluations)
        return self.page("log", ListingPage(log, "Decision log", self.layout, rows, table, filters=filters))

    def page(self, kind: str, context: OverviewPage, source: str = "") -> SitePage:
        """The page `templates/site/<kind>.md.j2` makes of `context`; should a team's template
        fail, the built-in one makes it and the problem is reported."""
        try:
            markdown = self.renderer.render_page(f"site/{kind}.md.j2", page=context)
        except TemplateProblem as exc:
            p = exc.problem
            self.problems.append(
                Problem(
                    p.file,
                    p.line,
                    p.column,
                    f"{p.message} (the {context.title} page uses the built-in template)",
                    Severity.WARNING,
                )
            )
            markdown = self.renderer.render_page(f"builtin/site/{kind}.md.j2", page=context)
        # a team's template may write the page from the data and leave a table out
        blocks = self.blocks.take(markdown)
        return SitePage(context.path, context.title, markdown, kind, source, blocks=blocks)

    # --- what the pages show ------------------------------------------------------------

    def ref(self, d: Decision) -> DecisionRef:
        return DecisionRef(d.id, d.number, d.title, d.status, self.layout.decision_page(d))

    def rows(self, evaluations: Iterable[Evaluation]) -> list[DecisionRow]:
        out = []
        for ev in evaluations:
            d, fw = ev.decision, ev.framework
            out.append(
                DecisionRow(
                    d.id,
                    d.number,
                    d.title,
                    d.status,
                    self.layout.decision_page(d),
                    fw.title if fw is not None else d.framework or "",
                    self.layout.framework_page(fw.id) if fw is not None else None,
                    tuple(ev.option_title(c) for c in d.chosen),
                    d.date.isoformat() if d.date else "",
                    tuple(d.tags),
                )
            )
        return out

    def a(self, from_page: str, to_page: str, label: str, anchor: str = "") -> str:
        return f'<a href="{self.layout.href(from_page, to_page, anchor)}">{label}</a>'

    def decision_a(self, from_page: str, d: Decision | DecisionRef, anchor: str = "") -> str:
        page = d.page if isinstance(d, DecisionRef) else self.layout.decision_page(d)
        return self.a(from_page, page, f"{esc(d.id)}: {esc(d.title)}", anchor)

    def table(self, from_page: str, evaluations: Iterable[Evaluation], *, tags: bool = True) -> str:
        """The decisions as an HTML table (a placeholder for it: see `SitePage.blocks`).

        Its rows are what the decision pages already say, so search skips it.
        """
        return self.blocks.block(self.table_html(from_page, evaluations, tags=tags))

    def log_table(self, path: str, evaluations: list[Evaluation]) -> str:
        """The log's table: its first `LOG_PAGE_SIZE` rows, which the log's script replaces
        with the page a reader asks for (every decision is in `log_filters`' data). A reader
        without the script sees those rows and a line saying where the rest are listed."""
        shown = evaluations[:LOG_PAGE_SIZE]
        html_text = self.table_html(path, shown)
        if len(shown) < len(evaluations):
            layout = self.layout
            present = {ev.decision.status for ev in evaluations}
            statuses = ", ".join(
                self.a(path, layout.status_page(s), esc(s)) for s in STATUSES if s in present
            )
            html_text += (
                f'\n<p class="tradeoffs-log-more">The table shows the first {len(shown):,} of '
                f"{len(evaluations):,} decisions. Every decision is also listed by status "
                f"({statuses}) and {self.a(path, layout.tags_page(), 'by tag')}.</p>"
            )
        return self.blocks.block(html_text)

    def log_filters(self, path: str, rows: list[DecisionRow]) -> str:
        """The placeholder of the log's filter controls, with every decision as data for the
        log's script: in an attribute (escaped as any attribute is; data, never a script)."""
        data = json.dumps(self.log_data(path, rows), ensure_ascii=False, separators=(",", ":"))
        # single-quoted, so the JSON's many double quotes need no escaping
        value = html.escape(data, quote=False).replace("'", "&#x27;")
        return self.blocks.block(f"<div class=\"tradeoffs-log-filters\" data-tradeoffs-log='{value}'></div>")

    def log_data(self, path: str, rows: list[DecisionRow]) -> dict[str, Any]:
        """Every decision of the log, compactly: repeated values (status, framework, chosen
        options, tags) once, in tables the rows index; ids and links written only when the
        usual pattern (`ADR-0007`, `ADR-0007/`) does not make them. At 10,000 decisions this
        is what the log page weighs (benchmarks/RESULTS.md)."""
        layout = self.layout
        tables: dict[str, dict[Any, int]] = {"statuses": {}, "frameworks": {}, "chosen": {}, "tags": {}}

        def index(table: str, key: Any) -> int:
            return tables[table].setdefault(key, len(tables[table]))

        hrefs = [layout.href(path, row.page) for row in rows]
        prefixes = {row.id.rpartition("-")[0] for row in rows}
        prefix = next(iter(prefixes)) if len(prefixes) == 1 else ""
        ids_follow = bool(prefix) and all(row.id == f"{prefix}-{row.number:04d}" for row in rows)
        suffixes = {href[len(row.id) :] for row, href in zip(rows, hrefs, strict=True)}
        suffix = next(iter(suffixes)) if len(suffixes) == 1 else ""
        hrefs_follow = bool(suffix) and all(h == f"{r.id}{suffix}" for r, h in zip(rows, hrefs, strict=True))
        out_rows = []
        for row in rows:
            status = index("statuses", (row.status, layout.href(path, layout.status_page(row.status))))
            framework = index(
                "frameworks",
                (row.framework, layout.href(path, row.framework_page) if row.framework_page else ""),
            )
            tags = [
                index("tags", (t, layout.href(path, layout.tag_page(self.tag_slugs[t])))) for t in row.tags
            ]
            date = int(row.date.replace("-", "")) if row.date else 0
            out_rows.append(
                [
                    row.number,
                    row.title,
                    status,
                    framework,
                    index("chosen", " + ".join(row.chosen)),
                    date,
                    tags,
                ]
            )
        data: dict[str, Any] = {"size": LOG_PAGE_SIZE, "rows": out_rows}
        data.update({name: [list(k) if isinstance(k, tuple) else k for k in t] for name, t in tables.items()})
        if ids_follow:
            data["prefix"] = prefix
        else:
            data["ids"] = [row.id for row in rows]
        if hrefs_follow:
            data["suffix"] = suffix
        else:
            data["hrefs"] = hrefs
        return data

    def table_html(self, from_page: str, evaluations: Iterable[Evaluation], *, tags: bool = True) -> str:
        """The decisions as an HTML table."""
        layout = self.layout
        status_urls = {s: layout.href(from_page, layout.status_page(s)) for s in STATUSES}
        framework_cells: dict[str, str] = {}
        tag_cells: dict[str, str] = {}
        heads = [
            ("#", True),
            *(
                (h, False)
                for h in ("Decision", "Status", "Framework", "Chosen", "Date", *(["Tags"] if tags else []))
            ),
        ]
        rows: list[list[str]] = []
        for ev in evaluations:
            d = ev.decision
            fw = ev.framework
            fw_key = fw.id if fw is not None else f"\0{d.framework or ''}"
            if fw_key not in framework_cells:
                framework_cells[fw_key] = (
                    self.a(from_page, layout.framework_page(fw.id), esc(fw.title))
                    if fw is not None
                    else esc(d.framework or "")
                )
            row = [
                str(d.number),
                self.decision_a(from_page, d),
                f'<a href="{status_urls.get(d.status, "")}"><span class="adr-status '
                f'adr-status--{esc(d.status)}">{esc(d.status)}</span></a>',
                framework_cells[fw_key],
                " + ".join(esc(ev.option_title(c)) for c in d.chosen),
                d.date.isoformat() if d.date else "",
            ]
            if tags:
                for t in d.tags:
                    if t not in tag_cells:
                        tag_cells[t] = self.a(from_page, layout.tag_page(self.tag_slugs[t]), esc(t))
                row.append(", ".join(tag_cells[t] for t in d.tags))
            rows.append(row)
        return adr_html.table(heads, rows, skip_search=True)

    def framework_pages(self, evaluations: list[Evaluation]) -> Iterator[SitePage]:
        by_framework: dict[str, list[Evaluation]] = defaultdict(list)
        for ev in evaluations:
            if ev.framework is not None:
                by_framework[ev.framework.id].append(ev)
        frameworks = sorted(self.project.frameworks.frameworks.values(), key=lambda f: f.title.lower())
        layout = self.layout
        yield self.page(
            "frameworks",
            FrameworksPage(
                layout.frameworks_page(),
                "Frameworks",
                layout,
                [
                    FrameworkEntry(fw, layout.framework_page(fw.id), len(by_framework.get(fw.id, [])))
                    for fw in frameworks
                ],
            ),
        )
        for fw in frameworks:
            path, found = layout.framework_page(fw.id), by_framework.get(fw.id, [])
            yield self.page(
                "framework",
                FrameworkPage(
                    path,
                    fw.title,
                    layout,
                    fw,
                    {o.id: o.title for o in fw.options},
                    self.rows(found),
                    self.table(path, found) if found else "",
                    try_it=self.try_it(fw),
                ),
                fw.source,
            )

    def try_it(self, fw: Framework) -> str:
        """The placeholder of a framework's "Try it" form (the framework as data for the script)."""
        return self.blocks.block(view.try_it_html(fw))

    def tag_pages(self, evaluations: list[Evaluation]) -> Iterator[SitePage]:
        by_tag: dict[str, list[Evaluation]] = defaultdict(list)
        for ev in evaluations:
            for tag in ev.decision.tags:
                by_tag[tag].append(ev)
        layout = self.layout
        yield self.page(
            "tags",
            TagsPage(
                layout.tags_page(),
                "Tags",
                layout,
                [
                    TagEntry(tag, layout.tag_page(self.tag_slugs[tag]), len(by_tag[tag]))
                    for tag in sorted(by_tag, key=str.lower)
                ],
            ),
        )
        for tag, found in by_tag.items():
            path = layout.tag_page(self.tag_slugs[tag])
            yield self.page(
                "tag",
                ListingPage(
                    path,
                    f"Tag: {tag}",
                    layout,
                    self.rows(found),
                    self.table(path, found, tags=False),
                    tag=tag,
                ),
            )

    def open_questions(self, evaluations: list[Evaluation]) -> OpenQuestionsPage:
        path = self.layout.open_questions_page()
        entries = [
            OpenQuestions(self.ref(ev.decision), [q.text for q in ev.open_questions])
            for ev in evaluations
            if ev.decision.status in LISTED_STATUSES and ev.open_questions
        ]
        items = [
            f"<strong>{self.decision_a(path, e.decision, 'open-questions')}</strong> "
            f"({esc(e.decision.status)}){adr_html.bullets(e.questions)}"
            for e in entries
        ]
        return OpenQuestionsPage(
            path, "Open questions", self.layout, entries, self.blocks.block(ul(items)) if items else ""
        )

    def graph_pages(
        self,
        evaluations: list[Evaluation],
        *,
        group_max: int | None = None,
        page_max: int | None = None,
    ) -> Iterator[SitePage]:
        """The relation graph: its diagrams, at most `page_max` to a page (the first page is
        the graph page, the others `graph-2`, `graph-3`, ...). Each page lists, as links, every
        pair with a decision drawn on it, so a reader without scripts reaches each of them."""
        first = self.layout.graph_page()
        edges: list[Edge] = []
        seen: set[tuple[int, int]] = set()
        refs: dict[int, DecisionRef] = {}

        def ref(d: Decision) -> DecisionRef:
            if d.number not in refs:
                refs[d.number] = self.ref(d)
            return refs[d.number]

        # every pair once: supersessions first, so a superseded pair is not also drawn as related
        for kind in ("supersedes", "related"):
            for ev in evaluations:
                d = ev.decision
                for n in d.supersedes if kind == "supersedes" else d.related:
                    other = self.project.decision(n)
                    pair = (min(n, d.number), max(n, d.number))
                    if other is not None and n != d.number and pair not in seen:
                        seen.add(pair)
                        edges.append(Edge(ref(d), kind, ref(other)))
        nodes = [refs[n] for n in sorted(refs)]
        groups = graph_groups(nodes, edges, group_max or GRAPH_GROUP_MAX)
        per_page = page_max or GRAPH_PAGE_DIAGRAMS
        chunks = [groups[i : i + per_page] for i in range(0, len(groups), per_page)] or [[]]
        paths = [first] + [graph_part_page(first, k) for k in range(2, len(chunks) + 1)]
        for k, (path, chunk) in enumerate(zip(paths, chunks, strict=True), 1):
            on_page = {n.number for g in chunk for n in g.nodes}
            mine = [e for e in edges if e.source.number in on_page or e.target.number in on_page]
            links = ul(
                f"{self.decision_a(path, e.source)} {e.kind} {self.decision_a(path, e.target)}" for e in mine
            )
            parts = [
                GraphPart(
                    k == i,
                    f"Part {i}: {sum(len(g.nodes) for g in c)} decisions",
                    self.layout.href(path, other),
                )
                for i, (other, c) in enumerate(zip(paths, chunks, strict=True), 1)
                if c
            ]
            page_nodes = [n for g in chunk for n in g.nodes]
            yield self.page(
                "graph",
                GraphPage(
                    path,
                    "Relation graph" if k == 1 else f"Relation graph, part {k} of {len(chunks)}",
                    self.layout,
                    page_nodes,
                    mine,
                    self.blocks.block(links) if mine else "",
                    groups=chunk,
                    statuses=sorted({n.status for n in page_nodes}),
                    hrefs={n.number: diagram_href(self.layout, path, n.page) for n in page_nodes},
                    parts=parts,
                    parts_html=self.blocks.block(graph_parts_html(parts)) if len(parts) > 1 else "",
                    all_nodes=len(nodes),
                    all_edges=len(edges),
                ),
            )

    def health(self, evaluations: list[Evaluation]) -> HealthPage:
        path = self.layout.health_page()
        settings = self.project.settings
        report = check_health(
            self.project,
            proposed_max_age_days=settings.health_proposed_max_age,
            recurring_cost_min=settings.health_recurring_cost_min,
        )
        sections = []
        for kind, found in report.by_kind().items():
            findings = [
                HealthFinding(
                    f.message,
                    [self.ref(d) for n in f.decisions if (d := self.project.decision(n)) is not None],
                )
                for f in found
            ]
            items = [
                f"{esc(f.message)} ({', '.join(self.decision_a(path, d) for d in f.decisions)})"
                for f in findings
            ]
            sections.append(
                HealthSection(
                    kind, HEALTH_KINDS[kind], findings, self.blocks.block(ul(items)) if items else ""
                )
            )
        period, months = per_period(evaluations)
        busiest = max((sum(m.counts.values()) for m in months), default=0)
        months_html = (
            self.blocks.block(
                adr_html.status_chart(((m.month, m.counts) for m in months), STATUSES, busiest, period)
            )
            if months
            else ""
        )
        tallies = [
            OptionTally(t.framework, t.chosen, self.blocks.block(adr_html.tally_chart(t.chosen)))
            for t in options_chosen(evaluations)
        ]
        return HealthPage(
            path,
            "Decision health",
            self.layout,
            report.today,
            len(report.findings),
            sections,
            STATUSES,
            months,
            period,
            months_html,
            tallies,
        )


LOG_PAGE_SIZE = 100
"""Rows the decision log shows at a time. Its script renders one page of rows from the data of
every decision, so a filter or a sort lays out at most this many rows, whatever the number of
decisions (benchmarks/RESULTS.md, "The decision log at 1,000 and 10,000")."""


def diagram_href(layout: SiteLayout, from_page: str, to_page: str) -> str:
    """The address of `to_page` for a `click NODE href "..."` line of a Mermaid diagram on
    `from_page`. No Markdown link rewriting sees a diagram, so it is the address MkDocs writes
    (with or without directory URLs), percent-encoded so it can never end the quoted string.
    Mermaid keeps such links under the theme's "strict" security level (only click callbacks
    are disabled there) and draws the node as an SVG link, which the keyboard reaches."""
    return quote(layout.href(from_page, to_page), safe="/#.-_~")


def graph_part_page(first: str, k: int) -> str:
    """The page of part `k` (from 2) of the relation graph whose first page is `first`."""
    return f"{first[: -len('.md')]}-{k}.md"


def graph_parts_html(parts: list[GraphPart]) -> str:
    """The pages of the relation graph as a list of links (the current one not a link)."""
    items = [
        f"<strong>{esc(p.label)}</strong> (this page)"
        if p.current
        else f'<a href="{esc(p.href)}" data-tradeoffs-graph-part>{esc(p.label)}</a>'
        for p in parts
    ]
    return (
        '<nav class="tradeoffs-graph-parts" aria-label="Pages of the relation graph">' + ul(items) + "</nav>"
    )


def graph_groups(
    nodes: list[DecisionRef], edges: list[Edge], limit: int = GRAPH_GROUP_MAX
) -> list[GraphGroup]:
    """The graph as diagrams of at most `limit` nodes: its connected groups, packed together in
    number order; a group larger than `limit` is cut into consecutive parts."""
    parent = {n.number: n.number for n in nodes}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for e in edges:
        a, b = root(e.source.number), root(e.target.number)
        if a != b:
            parent[max(a, b)] = min(a, b)
    components: dict[int, list[DecisionRef]] = {}
    for n in nodes:
        components.setdefault(root(n.number), []).append(n)
    packs: list[list[DecisionRef]] = []
    current: list[DecisionRef] = []
    for members in components.values():
        for start in range(0, len(members), limit):
            part = members[start : start + limit]
            if current and len(current) + len(part) > limit:
                packs.append(current)
                current = []
            current = current + part
    if current:
        packs.append(current)
    out = []
    for pack in packs:
        inside = {n.number for n in pack}
        out.append(
            GraphGroup(pack, [e for e in edges if e.source.number in inside and e.target.number in inside])
        )
    return out


class PortableOverviewPages(OverviewPages):
    """The overview pages a plain Markdown export carries (`tradeoffs export`): the log and the
    framework pages, from the same templates and context, with the decisions as Markdown tables
    (links any engine rewrites), no filter box and no Try-it form."""

    def pages(self, evaluations: list[Evaluation]) -> Iterator[SitePage]:
        yield self.log_page(evaluations)
        yield from self.framework_pages(evaluations)

    def table(self, from_page: str, evaluations: Iterable[Evaluation], *, tags: bool = True) -> str:
        rows = ["| Decision | Status | Framework | Chosen | Date |", "| --- | --- | --- | --- | --- |"]
        for row in self.rows(evaluations):
            link = self.layout.link(from_page, row.page)
            rows.append(
                f"| [{row.id}: {_cell(row.title)}]({link}) | {row.status} | {_cell(row.framework)} | "
                f"{_cell(', '.join(row.chosen))} | {row.date} |"
            )
        return "\n".join(rows)

    def log_table(self, path: str, evaluations: list[Evaluation]) -> str:
        return self.table(path, evaluations)

    def log_filters(self, path: str, rows: list[DecisionRow]) -> str:
        return ""

    def try_it(self, fw: Framework) -> str:
        return ""


def _cell(text: str) -> str:
    return inline_text(text).replace("|", "\\|")
