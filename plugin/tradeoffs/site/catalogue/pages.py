"""The catalogue's pages: one site over many repositories' decision logs.

Under `<url_prefix>/catalogue/`: the log of every decision with a repository filter, a page
per log and per decision (`payments/ADR-0003.md`, linking back to its home site), open
questions, health and the relation graph over all of them. Pages are values (`SitePage`) made
from templates a team may replace (`templates/site/catalogue-*.md.j2`), so the MkDocs plugin
and `tradeoffs pages` publish the same ones. Text from other repositories is never read for
this log's mentions (`SitePage.foreign`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tradeoffs.adr.html_blocks import esc
from tradeoffs.adr.render import Renderer, TemplateProblem, mermaid_label
from tradeoffs.core.health import KINDS as HEALTH_KINDS
from tradeoffs.core.problems import Problem, Severity
from tradeoffs.site.catalogue.sources import Catalogue, CatalogueDecision, CatalogueSource
from tradeoffs.site.layout import SiteLayout
from tradeoffs.site.page import Blocks, NavItem, SitePage

GRAPH_MAX = 150
"""Decisions drawn in the catalogue's relation graph: past that Mermaid stops and a reader too;
the graph then draws the links between repositories, and every link is listed below it."""


@dataclass(frozen=True)
class CatalogueLayout:
    """Where the catalogue's pages live: `<url_prefix>/catalogue/`, a folder per log."""

    site: SiteLayout

    @property
    def base(self) -> str:
        return f"{self.site.url_prefix}/catalogue".lstrip("/")

    def index_page(self) -> str:
        return f"{self.base}/index.md"

    def source_page(self, source_id: str) -> str:
        return f"{self.base}/{source_id}/index.md"

    def decision_page(self, uid: str) -> str:
        return f"{self.base}/{uid}.md"

    def open_questions_page(self) -> str:
        return f"{self.base}/open-questions.md"

    def health_page(self) -> str:
        return f"{self.base}/health.md"

    def graph_page(self) -> str:
        return f"{self.base}/graph.md"


@dataclass
class Ref:
    """A linked decision as a page shows it: in the catalogue (`link`), or in a log it does
    not collect (`link` empty)."""

    uid: str
    title: str
    status: str
    link: str


@dataclass
class CatalogueDecisionPage:
    """What `site/catalogue-decision.md.j2` receives as `page`."""

    path: str
    title: str
    uid: str
    decision: dict[str, Any]
    """The decision as its log exported it (`schemas/export.schema.json`)."""
    source: CatalogueSource
    source_link: str
    home_url: str
    log_link: str
    supersedes: list[Ref]
    superseded_by: list[Ref]
    related: list[Ref]
    blocks: dict[str, str] = field(default_factory=dict)
    """Name -> placeholder of an HTML list (`reasoning`, `what_would_change`, `accepted_costs`,
    `open_questions`, `health`), present when the decision has one: the framework's text a
    thousand decisions share, made as HTML and left out of search, as on the ADR pages."""


@dataclass
class CatalogueListing:
    """What the catalogue's log, log and overview templates receive as `page`."""

    path: str
    title: str
    decisions: int
    sources: list[CatalogueSource]
    blocks: dict[str, str] = field(default_factory=dict)
    """Name -> placeholder of an HTML block (`table`, `filters`, `list`, `graph`...)."""
    source: CatalogueSource | None = None
    graph: str = ""
    """The relation graph's Mermaid text (the graph page)."""
    note: str = ""
    log_link: str = ""
    """The catalogue's log, filtered to this repository (a repository's page)."""


class CataloguePages:
    """Makes every page of the catalogue; `pages` yields each as soon as it is made."""

    def __init__(
        self,
        catalogue: Catalogue,
        renderer: Renderer,
        layout: SiteLayout,
        problems: list[Problem],
    ) -> None:
        self.catalogue = catalogue
        self.renderer = renderer
        self.site = layout
        self.layout = CatalogueLayout(layout)
        self.blocks = Blocks()
        self.problems = problems

    def nav(self) -> NavItem:
        """The catalogue's entry in the decisions section of navigation. Its repositories are
        listed on its log: every page draws the navigation, and 50 more entries on each of
        10,000 pages cost more than the pages (benchmarks/RESULTS.md)."""
        layout = self.layout
        return NavItem(
            "Catalogue",
            children=[
                NavItem("All repositories", layout.index_page()),
                NavItem("Open questions", layout.open_questions_page()),
                NavItem("Relation graph", layout.graph_page()),
                NavItem("Health", layout.health_page()),
            ],
        )

    def pages(self) -> Iterator[SitePage]:
        decisions = list(self.catalogue.decisions.values())
        yield self.log_page(decisions)
        by_source: dict[str, list[CatalogueDecision]] = defaultdict(list)
        for d in decisions:
            by_source[d.source.id].append(d)
        for src in self.catalogue.sources:
            yield self.source_page(src, by_source.get(src.id, []))
        for d in decisions:
            yield self.decision_page(d)
        yield self.open_questions(decisions)
        yield self.health(decisions)
        yield self.graph(decisions)

    # --- making a page ----------------------------------------------------------------------

    def render(self, kind: str, page: Any) -> SitePage:
        """The page `templates/site/catalogue-<kind>.md.j2` makes; should a team's template
        fail, the built-in one makes it and the problem is reported."""
        name = f"site/catalogue-{kind}.md.j2"
        try:
            markdown = self.renderer.render_page(name, page=page)
        except TemplateProblem as exc:
            p = exc.problem
            self.problems.append(
                Problem(
                    p.file,
                    p.line,
                    p.column,
                    f"{p.message} (the {page.title} page uses the built-in template)",
                    Severity.WARNING,
                )
            )
            markdown = self.renderer.render_page(f"builtin/{name}", page=page)
        blocks = self.blocks.take(markdown)
        return SitePage(page.path, page.title, markdown, f"catalogue-{kind}", foreign=True, blocks=blocks)

    def href(self, from_page: str, to_page: str) -> str:
        return self.site.href(from_page, to_page)

    def a(self, from_page: str, d: CatalogueDecision) -> str:
        href = self.href(from_page, self.layout.decision_page(d.uid))
        return f'<a href="{href}">{esc(d.uid)}: {esc(d.title)}</a>'

    def status(self, status: str) -> str:
        return f'<span class="adr-status adr-status--{esc(status)}">{esc(status)}</span>'

    # --- the pages ----------------------------------------------------------------------------

    def table(self, path: str, decisions: list[CatalogueDecision], *, repository: bool = True) -> str:
        """The decisions as an HTML table, each row naming its log and status for the filter."""
        heads = ["Decision", *(["Repository"] if repository else []), "Status", "Framework", "Chosen", "Date"]
        source_cells = {
            s.id: f'<a href="{self.href(path, self.layout.source_page(s.id))}">{esc(s.name)}</a>'
            for s in self.catalogue.sources
        }
        lines = [
            "<table data-tradeoffs-catalogue-log data-search-exclude>",
            "<thead><tr>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr></thead>",
            "<tbody>",
        ]
        for d in decisions:
            data = d.data
            cells = [
                self.a(path, d),
                *([source_cells[d.source.id]] if repository else []),
                self.status(d.status),
                esc(data["framework_title"] or ""),
                " + ".join(esc(t) for t in data["chosen_titles"]),
                esc(data["date"] or ""),
            ]
            lines.append(
                f'<tr data-source="{esc(d.source.id)}" data-status="{esc(d.status)}">'
                + "".join(f"<td>{c}</td>" for c in cells)
                + "</tr>"
            )
        lines += ["</tbody>", "</table>"]
        return self.blocks.block("\n".join(lines))

    def filters(self) -> str:
        """The log's filter: a repository, a status, words; the script keeps the choice in the
        address (`?repository=payments`), so a link can open the log filtered."""
        sources = "".join(
            f'<option value="{esc(s.id)}">{esc(s.name)} ({esc(s.id)})</option>'
            for s in self.catalogue.sources
        )
        statuses = "".join(
            f'<option value="{s}">{s}</option>'
            for s in ("proposed", "accepted", "rejected", "deprecated", "superseded")
        )
        return self.blocks.block(
            '<form class="tradeoffs-catalogue-filters" role="search" data-search-exclude>'
            '<label>Repository <select name="repository"><option value="">All repositories</option>'
            f"{sources}</select></label> "
            '<label>Status <select name="status"><option value="">Any status</option>'
            f"{statuses}</select></label> "
            '<label>Words <input type="search" name="q" placeholder="title, id or option"></label> '
            '<output class="tradeoffs-catalogue-count" aria-live="polite"></output>'
            "</form>"
        )

    def log_page(self, decisions: list[CatalogueDecision]) -> SitePage:
        path = self.layout.index_page()
        rows = "\n".join(
            "<tr>"
            f'<td><a href="{self.href(path, self.layout.source_page(s.id))}">{esc(s.name)}</a></td>'
            f"<td><code>{esc(s.id)}</code></td>"
            f"<td>{sum(1 for d in decisions if d.source is s)}</td>"
            f"<td>{self.home_link(s.log_url, 'its site')}</td>"
            f"<td>{esc(s.generated)}</td>"
            "</tr>"
            for s in self.catalogue.sources
        )
        sources = self.blocks.block(
            "<table data-search-exclude><thead><tr><th>Repository</th><th>Id</th><th>Decisions</th>"
            f"<th>Home</th><th>Exported</th></tr></thead><tbody>\n{rows}\n</tbody></table>"
        )
        page = CatalogueListing(
            path,
            "Catalogue",
            len(decisions),
            self.catalogue.sources,
            {"filters": self.filters(), "table": self.table(path, decisions), "sources": sources},
        )
        return self.render("log", page)

    def home_link(self, url: str, text: str) -> str:
        if not url:
            return "(no site_url)"
        return f'<a href="{esc(url)}">{esc(text)}</a>'

    def source_page(self, src: CatalogueSource, decisions: list[CatalogueDecision]) -> SitePage:
        path = self.layout.source_page(src.id)
        page = CatalogueListing(
            path,
            src.name,
            len(decisions),
            [src],
            {"table": self.table(path, decisions, repository=False)},
            source=src,
            log_link=f"{self.href(path, self.layout.index_page())}?repository={src.id}",
        )
        return self.render("repository", page)

    def ref(self, from_page: str, uid: str) -> Ref:
        other = self.catalogue.decisions.get(uid)
        if other is None:
            return Ref(uid, "", "", "")
        return Ref(uid, other.title, other.status, self.site.link(from_page, self.layout.decision_page(uid)))

    def decision_page(self, d: CatalogueDecision) -> SitePage:
        path = self.layout.decision_page(d.uid)
        page = CatalogueDecisionPage(
            path,
            f"{d.uid}: {d.title}",
            d.uid,
            d.data,
            d.source,
            self.site.link(path, self.layout.source_page(d.source.id)),
            d.home_url,
            self.site.link(path, self.layout.index_page()),
            [self.ref(path, u) for u in d.supersedes],
            [self.ref(path, u) for u in d.superseded_by],
            [self.ref(path, u) for u in d.related],
        )
        data = d.data
        lists = {
            "reasoning": data["recommendation"]["reasoning"] if data["recommendation"]["options"] else [],
            "what_would_change": (data["what_would_change"] or {}).get("changes", []),
            "accepted_costs": data["accepted_costs"],
            "open_questions": data["open_questions"],
            "health": [f"{f['heading']}: {f['message']}" for f in data["health"]],
        }
        page.blocks = {
            name: self.blocks.block("<ul>" + "".join(f"<li>{esc(item)}</li>" for item in items) + "</ul>")
            for name, items in lists.items()
            if items
        }
        return self.render("decision", page)

    def open_questions(self, decisions: list[CatalogueDecision]) -> SitePage:
        path = self.layout.open_questions_page()
        items = []
        for d in decisions:
            questions = d.data["open_questions"]
            if questions and d.status in ("proposed", "accepted"):
                inner = "".join(f"<li>{esc(q)}</li>" for q in questions)
                items.append(
                    f'<li data-source="{esc(d.source.id)}">{self.a(path, d)} {self.status(d.status)}'
                    f"<ul>{inner}</ul></li>"
                )
        listing = self.blocks.block("<ul>\n" + "\n".join(items) + "\n</ul>") if items else ""
        page = CatalogueListing(
            path, "Open questions across repositories", len(items), self.catalogue.sources, {"list": listing}
        )
        return self.render("open-questions", page)

    def health(self, decisions: list[CatalogueDecision]) -> SitePage:
        path = self.layout.health_page()
        by_kind: dict[str, list[str]] = defaultdict(list)
        headings: dict[str, str] = {}
        for d in decisions:
            for finding in d.data["health"]:
                kind = str(finding["kind"])
                headings.setdefault(kind, str(finding["heading"]) or HEALTH_KINDS.get(kind, kind))
                by_kind[kind].append(f"<li>{self.a(path, d)}: {esc(finding['message'])}</li>")
        parts = [
            f"<h2>{esc(headings[kind])} ({len(items)})</h2>\n<ul>\n" + "\n".join(items) + "\n</ul>"
            for kind, items in by_kind.items()
        ]
        listing = self.blocks.block("\n".join(parts)) if parts else ""
        page = CatalogueListing(
            path,
            "Health across repositories",
            sum(len(v) for v in by_kind.values()),
            self.catalogue.sources,
            {"list": listing},
        )
        return self.render("health", page)

    def graph(self, decisions: list[CatalogueDecision]) -> SitePage:
        path = self.layout.graph_page()
        edges: list[tuple[str, str, str]] = []
        seen: set[tuple[str, str]] = set()
        for d in decisions:
            for kind, targets in (("supersedes", d.supersedes), ("related", d.related)):
                for t in targets:
                    if t in self.catalogue.decisions and (t, d.uid) not in seen and (d.uid, t) not in seen:
                        seen.add((d.uid, t))
                        edges.append((d.uid, t, kind))
        across = [e for e in edges if e[0].split("/")[0] != e[1].split("/")[0]]
        nodes = list(dict.fromkeys(u for e in edges for u in e[:2]))
        note = ""
        drawn = edges
        if len(nodes) > GRAPH_MAX:
            drawn = across
            nodes = list(dict.fromkeys(u for e in across for u in e[:2]))[:GRAPH_MAX]
            note = (
                f"{len(seen)} pairs are linked; the diagram draws the links between repositories "
                f"({len(across)}), at most {GRAPH_MAX} decisions; every link is listed below."
            )
        shown = set(nodes)
        names = {u: f"n{i}" for i, u in enumerate(nodes)}
        by_source: dict[str, list[str]] = defaultdict(list)
        for u in nodes:
            by_source[u.split("/")[0]].append(u)
        lines = ["graph LR"]
        for i, (sid, members) in enumerate(by_source.items()):
            lines.append(f'  subgraph s{i}["{mermaid_label(sid)}"]')
            for u in members:
                d = self.catalogue.decisions[u]
                label = mermaid_label(d.title if len(d.title) <= 40 else d.title[:39] + "…")
                lines.append(f'    {names[u]}["{mermaid_label(u)}<br>{label}"]')
                lines.append(f'    click {names[u]} href "{self.href(path, self.layout.decision_page(u))}"')
            lines.append("  end")
        for a, b, kind in drawn:
            if a in shown and b in shown:
                arrow = "-->|supersedes|" if kind == "supersedes" else "-.-|related|"
                lines.append(f"  {names[a]} {arrow} {names[b]}")
        items = [
            f"<li>{self.a(path, self.catalogue.decisions[a])} {esc(kind)} "
            f"{self.a(path, self.catalogue.decisions[b])}</li>"
            for a, b, kind in edges
        ]
        listing = self.blocks.block("<ul>\n" + "\n".join(items) + "\n</ul>") if items else ""
        page = CatalogueListing(
            path,
            "Relation graph across repositories",
            len(shown),
            self.catalogue.sources,
            {"list": listing},
            graph="\n".join(lines) if nodes else "",
            note=note,
        )
        return self.render("graph", page)
