"""Every page of a decision site as Markdown, for any site engine.

`build_site` turns a loaded project into ADR pages (`site_decisions`), the overview pages
(`site_overview`, from templates a team may replace), navigation and short links; `mentions`
links `ADR-7` and `[[ADR-7]]` in any Markdown page. Nothing here knows about MkDocs: the plugin
(and any future exporter for another engine) only feeds these pages to its engine.

Everything is linear in the number of decisions: reverse links are indexed once, each page is
rendered once, and mentions are looked up in one dict.
"""

from __future__ import annotations

from collections.abc import Callable

from tradeoffs.adr.render import Renderer, mermaid_label
from tradeoffs.core.model import STATUSES
from tradeoffs.core.problems import Problem
from tradeoffs.core.project import Project
from tradeoffs.site.assets import Asset, site_assets
from tradeoffs.site.catalogue import CataloguePages, load_catalogue
from tradeoffs.site.charts import LISTED_STATUSES
from tradeoffs.site.decisions import DecisionPages, PageCache, framework_sections
from tradeoffs.site.graph_pages import group_pages, project_relations
from tradeoffs.site.history import read_history
from tradeoffs.site.layout import SiteLayout, slugify, tag_slugs
from tradeoffs.site.mentions import Mention, MentionLinker
from tradeoffs.site.overview import OverviewPages, PortableOverviewPages
from tradeoffs.site.page import Blocks, NavItem, Site, SitePage, place_blocks, placeholder, with_front_matter
from tradeoffs.site.record_links import RecordLinks
from tradeoffs.site.redirects import redirect_html
from tradeoffs.site.search import FRAMEWORK_SECTIONS, skip_in_search

__all__ = [
    "FRAMEWORK_SECTIONS",
    "LISTED_STATUSES",
    "Asset",
    "Mention",
    "MentionLinker",
    "NavItem",
    "PageCache",
    "Site",
    "SiteLayout",
    "SitePage",
    "build_site",
    "framework_sections",
    "mermaid_label",
    "place_blocks",
    "placeholder",
    "redirect_html",
    "skip_in_search",
    "slugify",
    "with_front_matter",
]


def build_site(
    project: Project,
    renderer: Renderer,
    *,
    template: str = "madr",
    short_prefix: str | None = None,
    cache: PageCache | None = None,
    directory_urls: bool = True,
    emit: Callable[[SitePage], None] | None = None,
    git_history: bool = True,
    repo_url: str = "",
    site_url: str = "",
    portable: bool = False,
    layout: SiteLayout | None = None,
) -> Site:
    """Every page of the decision site. `short_prefix` names the short-link folder ('' for none);
    with a `cache`, decision pages whose template context did not change are not rendered again.
    `directory_urls` says how the engine addresses pages (for links inside HTML blocks).

    `emit` is given each page as soon as it is made, so an engine can take its text then (and
    empty `markdown`): otherwise every page's text is held at once, the largest part of the
    memory a 10,000-decision site needs.

    With `git_history`, each ADR page says when its decision was proposed, accepted and
    superseded (`history`), with links to the commits under `repo_url`. `site_url` makes the
    published schemas' `$id` absolute.

    `portable` makes the pages of a plain Markdown export instead (`tradeoffs export`): every
    decision through `template` with Markdown tables and no site front matter, the log and the
    framework pages (`PortableOverviewPages`), no short links and no assets. `layout` says
    where pages live when not where the site puts them (the export's `0007-use-kafka.md`).
    """
    if cache is not None:
        cache.start(renderer.signature())
    settings = project.settings
    layout = layout or SiteLayout(settings.url_prefix, directory_urls)
    pages: dict[str, SitePage] = {}
    problems: list[Problem] = []

    def add(page: SitePage) -> None:
        pages[page.path] = page
        if emit is not None:
            emit(page)

    evaluations = list(project.evaluations.values())
    slugs = tag_slugs(project.decisions)
    history = read_history([settings.decisions_dir, *settings.markdown_dirs]) if git_history else {}
    links = RecordLinks(project)
    found = project_relations(project)
    decisions = DecisionPages(
        project,
        renderer,
        template,
        layout,
        Blocks(),
        problems,
        cache,
        tag_slugs=slugs,
        history=history,
        repo_url=repo_url,
        portable=portable,
        record_links=links,
        graph_groups={} if portable else group_pages(found, project, layout),
    )
    for ev in evaluations:
        add(decisions.page(ev))
    overview = (PortableOverviewPages if portable else OverviewPages)(
        project, renderer, layout, Blocks(), slugs, problems, found
    )
    for page in overview.pages(evaluations):
        add(page)
    nav = site_nav(project, layout)
    if settings.catalogue and not portable:
        catalogue = load_catalogue(settings)
        problems += catalogue.problems
        catalogue_pages = CataloguePages(catalogue, renderer, layout, problems)
        for page in catalogue_pages.pages():
            add(page)
        nav.append(catalogue_pages.nav())
    short = "" if portable else settings.prefix.lower() if short_prefix is None else short_prefix.strip("/")
    short_links = (
        {f"{short}/{ev.decision.number}/": layout.decision_page(ev.decision) for ev in evaluations}
        if short
        else {}
    )
    # the listings' data files (`site.listing`) beside the scripts and the rest
    assets = (
        []
        if portable
        else [*site_assets(project, site_url=site_url, beside=links.files), *overview.data_files]
    )
    if not portable:  # an export publishes no files: its links are the text's own
        problems += links.problems
    return Site(pages, nav, short_links, problems, assets)


def site_nav(project: Project, layout: SiteLayout) -> list[NavItem]:
    """The decisions section of navigation: the overview pages; ADR pages are reached from them."""
    frameworks = sorted(project.frameworks.frameworks.values(), key=lambda f: f.title.lower())
    return [
        NavItem("Decision log", layout.index_page()),
        NavItem("Open questions", layout.open_questions_page()),
        NavItem("Relation graph", layout.graph_page()),
        NavItem("Health", layout.health_page()),
        NavItem("By status", children=[NavItem(s.capitalize(), layout.status_page(s)) for s in STATUSES]),
        NavItem("Tags", layout.tags_page()),
        NavItem(
            "Frameworks",
            children=[NavItem("All frameworks", layout.frameworks_page())]
            + [NavItem(fw.title, layout.framework_page(fw.id)) for fw in frameworks],
        ),
    ]
