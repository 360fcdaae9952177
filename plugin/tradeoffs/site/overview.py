"""The overview pages of a decision site, each filled from a template in `templates/site/`.

The decision log, status, tag and framework pages, open questions, the relation graph and
health: Python gathers what each shows (`site_context`), a template a team may replace writes
the Markdown. Tables and lists are HTML blocks (`site_page.Blocks`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from tradeoffs.adr import html_blocks as adr_html
from tradeoffs.adr import view
from tradeoffs.adr.html_blocks import esc, ul
from tradeoffs.adr.render import Renderer, TemplateProblem, inline_text
from tradeoffs.core.health import KINDS as HEALTH_KINDS
from tradeoffs.core.health import Finding, check_health
from tradeoffs.core.model import STATUSES, Decision, Evaluation, Framework
from tradeoffs.core.problems import Problem, Severity
from tradeoffs.core.project import Project
from tradeoffs.site.assets import Asset
from tradeoffs.site.charts import LISTED_STATUSES, options_chosen, per_period
from tradeoffs.site.context import (
    DecisionRef,
    DecisionRow,
    FrameworkEntry,
    FrameworkPage,
    FrameworksPage,
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
from tradeoffs.site.graph import Relations
from tradeoffs.site.graph_pages import GraphPages, project_relations
from tradeoffs.site.layout import SiteLayout
from tradeoffs.site.listing import (
    INLINE_DATA_MAX,
    PAGE_SIZE,
    Pages,
    data_file,
    data_text,
    file_href,
    marker_html,
)
from tradeoffs.site.page import Blocks, SitePage

LOG_PAGE_SIZE = PAGE_SIZE
"""Rows the decision log (and every listing) shows at a time: `listing.PAGE_SIZE`."""

LOG_COLUMNS = ("number", "decision", "status", "framework", "chosen", "date", "tags")
"""The columns of the log, the status and framework pages (a tag page leaves out tags)."""

QUESTION_COLUMNS = ("number", "decision", "status", "framework", "questions")

COLUMN_HEADS = {
    "number": "#",
    "decision": "Decision",
    "status": "Status",
    "framework": "Framework",
    "chosen": "Chosen",
    "date": "Date",
    "tags": "Tags",
    "questions": "Open questions",
    "kind": "Kind",
    "finding": "Finding",
    "decisions": "Decisions",
}
"""Each column's heading: the script names a column in the address by it (`sort=decision`)."""

FINDING_COLUMNS = ("kind", "finding", "decisions")

HEALTH_SECTION_SHOWN = 5
"""Findings each section of the health page lists before it links to the table of them all."""

FINDING_DECISIONS_SHOWN = 20
"""Decisions a finding's row links to before it says how many more it names (a cost accepted
again and again can name thousands)."""


@dataclass(frozen=True)
class Listed:
    """What a listing's first page is made from (`OverviewPages.listing`)."""

    first: str
    rows: list[DecisionRow]
    """Every decision of the listing (none for a listing of findings)."""
    table: str
    filters: str
    pager: str
    parts: int


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
        found: Relations | None = None,
    ) -> None:
        self.project = project
        self.renderer = renderer
        self.layout = layout
        self.blocks = blocks
        self.tag_slugs = tag_slugs
        self.problems = problems
        self.data_files: list[Asset] = []
        """The listings' data too large for their page (`listing.INLINE_DATA_MAX`)."""
        self.found = found
        """Every pair of linked decisions (`graph.relations`), made once for every page."""
        self.graph_views: set[str] = set()
        """The pages of the tags' and frameworks' views of the relation graph."""

    def pages(self, evaluations: list[Evaluation]) -> Iterator[SitePage]:
        layout = self.layout
        linked = self.relations()
        for ev in evaluations:
            if linked.degree(ev.decision.number):
                self.graph_views |= {layout.graph_tag_page(self.tag_slugs[t]) for t in ev.decision.tags}
                if ev.framework is not None:
                    self.graph_views.add(layout.graph_framework_page(ev.framework.id))
        yield from self.log_pages(evaluations)
        yield from self.framework_pages(evaluations)
        by_status: dict[str, list[Evaluation]] = defaultdict(list)
        for ev in evaluations:
            by_status[ev.decision.status].append(ev)
        for status in STATUSES:
            path, found = layout.status_page(status), by_status.get(status, [])
            yield from self.decision_listing(
                "status",
                path,
                f"{status.capitalize()} decisions",
                found,
                f"Pages of the {status} decisions",
                self.listing_page(f"{status.capitalize()} decisions", status=status),
            )
        yield from self.tag_pages(evaluations)
        yield from self.open_questions_pages(evaluations)
        yield from self.graph_pages(evaluations)
        yield from self.health_pages(evaluations)

    def log_pages(self, evaluations: list[Evaluation]) -> Iterator[SitePage]:
        layout = self.layout
        return self.decision_listing(
            "log",
            layout.index_page(),
            "Decision log",
            evaluations,
            "Pages of the decision log",
            self.listing_page("Decision log"),
        )

    # --- listings: a page of rows at a time (`site.listing`) ---------------------------------

    def listing_page(
        self, title: str, *, status: str = "", tag: str = ""
    ) -> Callable[[Listed], OverviewPage]:
        """What makes the first page of the log, a status or a tag page from its listing."""

        def make(listed: Listed) -> OverviewPage:
            return ListingPage(
                listed.first,
                title,
                self.layout,
                listed.rows,
                listed.table,
                status=status,
                tag=tag,
                filters=listed.filters,
                pager=listed.pager,
                parts=listed.parts,
                first=listed.first,
                graph=self.graph_view(self.layout.graph_tag_page(self.tag_slugs[tag])) if tag else "",
            )

        return make

    def framework_page(self, fw: Framework) -> Callable[[Listed], OverviewPage]:
        def make(listed: Listed) -> OverviewPage:
            return FrameworkPage(
                listed.first,
                fw.title,
                self.layout,
                fw,
                {o.id: o.title for o in fw.options},
                listed.rows,
                listed.table,
                try_it=self.try_it(fw),
                filters=listed.filters,
                pager=listed.pager,
                graph=self.graph_view(self.layout.graph_framework_page(fw.id)),
            )

        return make

    def decision_listing(
        self,
        kind: str,
        first: str,
        title: str,
        evaluations: list[Evaluation],
        label: str,
        context: Callable[[Listed], OverviewPage],
        *,
        columns: tuple[str, ...] = LOG_COLUMNS,
        questions: list[list[str]] | None = None,
        source: str = "",
    ) -> Iterator[SitePage]:
        """The pages of a listing of decisions: the first made by `context` from the listing's
        blocks, then a static page for each further `PAGE_SIZE` rows."""
        rows = self.rows(evaluations)
        pages = Pages.of(first, len(rows), "decisions", label)

        def table(from_page: str, start: int, end: int) -> str:
            asked = questions[start:end] if questions is not None else None
            return self.table_html(from_page, evaluations[start:end], columns=columns, questions=asked)

        data = self.listing_data(first, rows, columns, questions) if rows else None
        yield from self.listing(kind, title, pages, data, table, context, rows, source)

    def listing(
        self,
        kind: str,
        title: str,
        pages: Pages,
        data: dict[str, Any] | None,
        table: Callable[[str, int, int], str],
        context: Callable[[Listed], OverviewPage],
        rows: list[DecisionRow] | None = None,
        source: str = "",
        *,
        filterable: bool = True,
    ) -> Iterator[SitePage]:
        """A listing's first page (made by `context`) with its filter box, first rows and
        pager, then its static pages of further rows (`listing-part`). `table(page, start,
        end)` is the HTML of rows `start:end` as linked from `page`; `data` is every row for
        the script (in the page, or in a file beside it when large)."""
        layout, first = self.layout, pages.paths[0]
        count = len(pages.paths)
        slices = pages.slices()
        filters = ""
        if data is not None:
            text = data_text(data)
            src = None
            if len(text.encode("utf-8")) > INLINE_DATA_MAX:
                path = data_file(first)
                self.data_files.append(Asset(path, text=text))
                src = file_href(layout, first, path)
            filters = self.blocks.block(marker_html(text, src))
        start, end = slices[0]
        table_block = self.blocks.block(table(first, start, end)) if pages.rows else ""
        pager = self.blocks.block(pages.pager_html(layout, 1)) if count > 1 else ""
        listed = Listed(first, rows or [], table_block, filters, pager, count)
        yield self.page(kind, context(listed), source)
        for k in range(2, count + 1):
            path = pages.paths[k - 1]
            start, end = slices[k - 1]
            yield self.page(
                "listing-part",
                ListingPage(
                    path,
                    f"{title}, page {k} of {count}",
                    layout,
                    (rows or [])[start:end],
                    self.blocks.block(table(path, start, end)),
                    pager=self.blocks.block(pages.pager_html(layout, k)),
                    part=k,
                    parts=count,
                    first=first,
                    filterable=filterable,
                ),
            )

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
                    d.fields,
                    tuple(d.deciders),
                )
            )
        return out

    def a(self, from_page: str, to_page: str, label: str, anchor: str = "") -> str:
        return f'<a href="{self.layout.href(from_page, to_page, anchor)}">{label}</a>'

    def decision_a(self, from_page: str, d: Decision | DecisionRef, anchor: str = "") -> str:
        page = d.page if isinstance(d, DecisionRef) else self.layout.decision_page(d)
        return self.a(from_page, page, f"{esc(d.id)}: {esc(d.title)}", anchor)

    def listing_data(
        self,
        path: str,
        rows: list[DecisionRow],
        columns: tuple[str, ...] = LOG_COLUMNS,
        questions: list[list[str]] | None = None,
    ) -> dict[str, Any]:
        """Every decision of a listing for its script, compactly: repeated values (status,
        framework, chosen options, tags, deciders, questions) once, in tables the rows index;
        ids and links written only when the usual pattern (`ADR-0007`, `ADR-0007/`) does not
        make them. `names` says what each row holds, `columns` what the table shows, `facets`
        which values it filters by (tradeoffs.js reads the three, so another facet is one
        more name). At 10,000 decisions this is most of what a listing weighs
        (benchmarks/RESULTS.md)."""
        layout = self.layout
        tables: dict[str, dict[Any, int]] = {
            "statuses": {},
            "frameworks": {},
            "chosen": {},
            "tags": {},
            "deciders": {},
            "questions": {},
        }

        def index(table: str, key: Any) -> int:
            return tables[table].setdefault(key, len(tables[table]))

        hrefs = [layout.href(path, row.page) for row in rows]
        prefixes = {row.id.rpartition("-")[0] for row in rows}
        prefix = next(iter(prefixes)) if len(prefixes) == 1 else ""
        ids_follow = bool(prefix) and all(row.id == f"{prefix}-{row.number:04d}" for row in rows)
        suffixes = {href[len(row.id) :] for row, href in zip(rows, hrefs, strict=True)}
        suffix = next(iter(suffixes)) if len(suffixes) == 1 else ""
        hrefs_follow = bool(suffix) and all(h == f"{r.id}{suffix}" for r, h in zip(rows, hrefs, strict=True))
        filters = [f for f in self.project.settings.fields if f.values]
        names = ["number", "title", "status", "framework", "chosen", "date", "tags", "deciders"]
        if questions is not None:
            names.append("questions")
        if filters:  # per field with values, the indexes of the values the decision holds
            names.append("fields")
        out_rows = []
        for k, row in enumerate(rows):
            status = index("statuses", (row.status, layout.href(path, layout.status_page(row.status))))
            framework = index(
                "frameworks",
                (row.framework, layout.href(path, row.framework_page) if row.framework_page else ""),
            )
            tags = [
                index("tags", (t, layout.href(path, layout.tag_page(self.tag_slugs[t])))) for t in row.tags
            ]
            date = int(row.date.replace("-", "")) if row.date else 0
            out: list[Any] = [
                row.number,
                row.title,
                status,
                framework,
                index("chosen", " + ".join(row.chosen)),
                date,
                tags,
                [index("deciders", d) for d in row.deciders],
            ]
            if questions is not None:
                out.append([index("questions", q) for q in questions[k]])
            if filters:
                out.append([_value_indexes(f.values, row.fields.get(f.name)) for f in filters])
            out_rows.append(out)
        data: dict[str, Any] = {
            "size": PAGE_SIZE,
            "noun": "decisions",
            "names": names,
            "columns": list(columns),
            "facets": ["status", "framework", "tag", "decider"],
            "rows": out_rows,
        }
        if filters:
            data["fields"] = [{"name": f.name, "title": f.label, "values": list(f.values)} for f in filters]
        if questions is not None:
            data["anchor"] = "open-questions"
        for name, t in tables.items():
            if name != "questions" or questions is not None:
                data[name] = [list(k) if isinstance(k, tuple) else k for k in t]
        if ids_follow:
            data["prefix"] = prefix
        else:
            data["ids"] = [row.id for row in rows]
        if hrefs_follow:
            data["suffix"] = suffix
        else:
            data["hrefs"] = hrefs
        return data

    def table_html(
        self,
        from_page: str,
        evaluations: Iterable[Evaluation],
        *,
        columns: tuple[str, ...] = LOG_COLUMNS,
        questions: list[list[str]] | None = None,
    ) -> str:
        """The decisions as an HTML table of `columns` (`COLUMN_HEADS`); `questions`, one list
        per decision, fills the `questions` column. Its rows are what the decision pages
        already say, so search skips it."""
        layout = self.layout
        status_urls = {s: layout.href(from_page, layout.status_page(s)) for s in STATUSES}
        framework_cells: dict[str, str] = {}
        tag_cells: dict[str, str] = {}
        heads = [(COLUMN_HEADS[c], c == "number") for c in columns]
        anchor = "open-questions" if "questions" in columns else ""  # the decision's own list
        rows: list[list[str]] = []
        for k, ev in enumerate(evaluations):
            d = ev.decision
            fw = ev.framework
            cells: dict[str, str] = {}
            for column in columns:
                if column == "number":
                    cells[column] = str(d.number)
                elif column == "decision":
                    cells[column] = self.decision_a(from_page, d, anchor)
                elif column == "status":
                    cells[column] = (
                        f'<a href="{status_urls.get(d.status, "")}"><span class="adr-status '
                        f'adr-status--{esc(d.status)}">{esc(d.status)}</span></a>'
                    )
                elif column == "framework":
                    fw_key = fw.id if fw is not None else f"\0{d.framework or ''}"
                    if fw_key not in framework_cells:
                        framework_cells[fw_key] = (
                            self.a(from_page, layout.framework_page(fw.id), esc(fw.title))
                            if fw is not None
                            else esc(d.framework or "")
                        )
                    cells[column] = framework_cells[fw_key]
                elif column == "chosen":
                    cells[column] = " + ".join(esc(ev.option_title(c)) for c in d.chosen)
                elif column == "date":
                    cells[column] = d.date.isoformat() if d.date else ""
                elif column == "tags":
                    for t in d.tags:
                        if t not in tag_cells:
                            tag_cells[t] = self.a(from_page, layout.tag_page(self.tag_slugs[t]), esc(t))
                    cells[column] = ", ".join(tag_cells[t] for t in d.tags)
                elif column == "questions":
                    cells[column] = adr_html.bullets(questions[k]) if questions is not None else ""
            rows.append([cells[c] for c in columns])
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
            yield from self.decision_listing(
                "framework",
                path,
                f"{fw.title}: decisions",
                found,
                f"Pages of the decisions that used {fw.title}",
                self.framework_page(fw),
                source=fw.source,
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
            yield from self.decision_listing(
                "tag",
                path,
                f"Tag: {tag}",
                found,
                f"Pages of the decisions tagged {tag}",
                self.listing_page(f"Tag: {tag}", tag=tag),
                columns=tuple(c for c in LOG_COLUMNS if c != "tags"),
            )

    def open_questions_pages(self, evaluations: list[Evaluation]) -> Iterator[SitePage]:
        """The decisions with questions still open, as a listing: the same questions share one
        entry of its data (most are the frameworks' own)."""
        path = self.layout.open_questions_page()
        asked = [ev for ev in evaluations if ev.decision.status in LISTED_STATUSES and ev.open_questions]
        questions = [[q.text for q in ev.open_questions] for ev in asked]
        entries = [OpenQuestions(self.ref(ev.decision), q) for ev, q in zip(asked, questions, strict=True)]
        yield from self.decision_listing(
            "open-questions",
            path,
            "Open questions",
            asked,
            "Pages of the open questions",
            lambda listed: OpenQuestionsPage(
                listed.first,
                "Open questions",
                self.layout,
                entries,
                listed.table,
                table=listed.table,
                filters=listed.filters,
                pager=listed.pager,
            ),
            columns=QUESTION_COLUMNS,
            questions=questions,
        )

    def graph_pages(self, evaluations: list[Evaluation]) -> Iterator[SitePage]:
        """The relation graph's page and its views (`site.graph_pages`)."""
        yield from GraphPages(self, self.relations()).pages(evaluations)

    def relations(self) -> Relations:
        if self.found is None:
            self.found = project_relations(self.project)
        return self.found

    def graph_view(self, path: str) -> str:
        """The page of a tag's or a framework's view, when it has one (some decision of it is linked)."""
        return path if path in self.graph_views else ""

    def health_pages(self, evaluations: list[Evaluation]) -> Iterator[SitePage]:
        """Health: every finding in one listing (by kind, then decision), filterable by kind;
        each section names its count, its first findings and the page of the table where they
        start; the charts stay on the first page."""
        path = self.layout.health_page()
        layout = self.layout
        settings = self.project.settings
        report = check_health(
            self.project,
            proposed_max_age_days=settings.health_proposed_max_age,
            recurring_cost_min=settings.health_recurring_cost_min,
        )
        # by kind, then by decision number; a table of them all once a section cannot list all
        by_kind = report.by_kind()
        tabled = any(len(f) > HEALTH_SECTION_SHOWN for f in by_kind.values())
        found = report.findings if tabled else []
        pages = Pages.of(path, len(found), "findings", "Pages of the findings")
        kind_pages: dict[str, str] = {}
        for i, f in enumerate(found):
            if f.kind not in kind_pages:
                target = pages.paths[i // PAGE_SIZE]
                kind_pages[f.kind] = layout.href(path, target, "findings")
        sections = []
        for kind, of_kind in by_kind.items():
            findings = [
                HealthFinding(
                    f.message,
                    [self.ref(d) for n in f.decisions if (d := self.project.decision(n)) is not None],
                )
                for f in of_kind
            ]
            items = [
                f"{esc(f.message)} "
                f"({', '.join(self.decision_a(path, d) for d in f.decisions[:FINDING_DECISIONS_SHOWN])}"
                f"{_more(len(f.decisions))})"
                for f in findings[:HEALTH_SECTION_SHOWN]
            ]
            more = (
                f"\n<p>{len(findings) - HEALTH_SECTION_SHOWN:,} more in "
                f'<a href="{esc(kind_pages[kind])}">the table of findings</a>.</p>'
                if len(findings) > HEALTH_SECTION_SHOWN
                else ""
            )
            sections.append(
                HealthSection(
                    kind, HEALTH_KINDS[kind], findings, self.blocks.block(ul(items) + more) if items else ""
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

        def context(listed: Listed) -> HealthPage:
            return HealthPage(
                path,
                "Decision health",
                layout,
                report.today,
                len(report.findings),
                sections,
                STATUSES,
                months,
                period,
                months_html,
                tallies,
                findings_table=listed.table,
                findings_filters=listed.filters,
                findings_pager=listed.pager,
                kind_pages=kind_pages,
            )

        def table(from_page: str, start: int, end: int) -> str:
            return self.findings_html(from_page, found[start:end])

        data = self.findings_data(path, found) if found else None
        yield from self.listing("health", "Decision health", pages, data, table, context)

    def findings_html(self, from_page: str, findings: list[Finding]) -> str:
        """Findings as a table: kind, what was found, the decisions it names (the first
        `FINDING_DECISIONS_SHOWN`, then how many more)."""
        rows = []
        for f in findings:
            named = [d for n in f.decisions[:FINDING_DECISIONS_SHOWN] if (d := self.project.decision(n))]
            links = ", ".join(self.a(from_page, self.layout.decision_page(d), esc(d.id)) for d in named)
            rows.append([esc(HEALTH_KINDS[f.kind]), esc(f.message), links + _more(len(f.decisions))])
        heads = [(COLUMN_HEADS[c], False) for c in FINDING_COLUMNS]
        return adr_html.table(heads, rows, skip_search=True)

    def findings_data(self, path: str, findings: list[Finding]) -> dict[str, Any]:
        """Every finding for the listing's script (see `listing_data`): its kind as an index,
        its message, the numbers of the decisions it names; their ids and links follow the
        usual pattern or are written out once each (`refs`)."""
        layout = self.layout
        kinds: dict[str, int] = {}
        numbers = sorted({n for f in findings for n in f.decisions if self.project.decision(n) is not None})
        named = [d for n in numbers if (d := self.project.decision(n)) is not None]
        hrefs = [layout.href(path, layout.decision_page(d)) for d in named]
        prefixes = {d.id.rpartition("-")[0] for d in named}
        prefix = next(iter(prefixes)) if len(prefixes) == 1 else ""
        suffixes = {h[len(d.id) :] for d, h in zip(named, hrefs, strict=True)}
        suffix = next(iter(suffixes)) if len(suffixes) == 1 else ""
        follow = (
            bool(prefix)
            and bool(suffix)
            and all(
                d.id == f"{prefix}-{d.number:04d}" and h == d.id + suffix
                for d, h in zip(named, hrefs, strict=True)
            )
        )
        rows = [
            [
                kinds.setdefault(f.kind, len(kinds)),
                f.message,
                [n for n in f.decisions if self.project.decision(n) is not None],
            ]
            for f in findings
        ]
        data: dict[str, Any] = {
            "size": PAGE_SIZE,
            "noun": "findings",
            "names": ["kind", "message", "decisions"],
            "columns": list(FINDING_COLUMNS),
            "facets": ["kind"],
            "rows": rows,
            "kinds": [[HEALTH_KINDS[k], k] for k in kinds],
        }
        if follow:
            data["prefix"], data["suffix"] = prefix, suffix
        else:
            data["refs"] = {str(d.number): [d.id, h] for d, h in zip(named, hrefs, strict=True)}
        return data


def _more(count: int) -> str:
    extra = count - FINDING_DECISIONS_SHOWN
    return f" and {extra:,} more" if extra > 0 else ""


def _value_indexes(values: tuple[str, ...], held: Any) -> list[int]:
    """Where a decision's value (or list of values) of a field stands among the allowed ones."""
    items = held if isinstance(held, list) else [held]
    return [values.index(v) for v in items if v in values]


class PortableOverviewPages(OverviewPages):
    """The overview pages a plain Markdown export carries (`tradeoffs export`): the log and the
    framework pages, from the same templates and context, with the decisions as Markdown tables
    (links any engine rewrites), no filter box and no Try-it form."""

    def pages(self, evaluations: list[Evaluation]) -> Iterator[SitePage]:
        yield from self.log_pages(evaluations)
        yield from self.framework_pages(evaluations)

    def decision_listing(
        self,
        kind: str,
        first: str,
        title: str,
        evaluations: list[Evaluation],
        label: str,
        context: Callable[[Listed], OverviewPage],
        *,
        columns: tuple[str, ...] = LOG_COLUMNS,
        questions: list[list[str]] | None = None,
        source: str = "",
    ) -> Iterator[SitePage]:
        """One page with every decision in a Markdown table (an export is read as files)."""
        rows = self.rows(evaluations)
        table = self.table(first, rows) if rows else ""
        yield self.page(kind, context(Listed(first, rows, table, "", "", 1)), source)

    def table(self, from_page: str, rows: list[DecisionRow]) -> str:
        out = ["| Decision | Status | Framework | Chosen | Date |", "| --- | --- | --- | --- | --- |"]
        for row in rows:
            link = self.layout.link(from_page, row.page)
            out.append(
                f"| [{row.id}: {_cell(row.title)}]({link}) | {row.status} | {_cell(row.framework)} | "
                f"{_cell(', '.join(row.chosen))} | {row.date} |"
            )
        return "\n".join(out)

    def try_it(self, fw: Framework) -> str:
        return ""


def _cell(text: str) -> str:
    return inline_text(text).replace("|", "\\|")
