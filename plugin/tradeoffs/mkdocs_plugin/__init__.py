"""The `tradeoffs` MkDocs plugin: a thin adapter that feeds `tradeoffs.site` pages to MkDocs.

The project is loaded and every page rendered once per build, in `on_files`; the other events
only place those pages (navigation), link mentions, sanitise generated HTML and write the
short-link redirects.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from mkdocs.config.base import Config, ConfigErrors, ConfigWarnings, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils.templates import TemplateContext

from tradeoffs.adr.html_blocks import meta_tags
from tradeoffs.adr.render import Renderer, release_inline_cache
from tradeoffs.core.beside_files import adr_folder_of, published_form
from tradeoffs.core.config import Settings, decisions_dir_not_yet, missing_decisions_dir
from tradeoffs.core.options import check as check_options
from tradeoffs.core.project import DecisionCache, load_project, paused_gc
from tradeoffs.mkdocs_plugin.files import (
    LATE_PRIORITY,
    FileAdder,
    exclude_from_git_authors,
    renders_macros,
    without_macros,
)
from tradeoffs.mkdocs_plugin.page_memory import PageStore
from tradeoffs.site import build_site
from tradeoffs.site.assets import ASSET_DIR, MERMAID_JS, SCRIPTS, STYLES
from tradeoffs.site.decisions import PageCache
from tradeoffs.site.diagrams import has_diagram, mark_plugin_diagrams, mermaid_file, with_mermaid
from tradeoffs.site.folder import still_written
from tradeoffs.site.layout import SiteLayout
from tradeoffs.site.mentions import MentionLinker
from tradeoffs.site.page import NavItem, Site, SitePage, place_blocks
from tradeoffs.site.pagefind import PagefindError, index_in_parts, mark_page
from tradeoffs.site.pagefind import missing as pagefind_missing
from tradeoffs.site.pagefind import suggestion as search_suggestion
from tradeoffs.site.portable import escape_meta
from tradeoffs.site.redirects import short_link_pages
from tradeoffs.site.sanitize import author_id, defuse_declarations, sanitize, theme_reserved
from tradeoffs.site.search import Facets, decision_facets, exclude_diagrams
from tradeoffs.site.search_exclusion import guard_exclusions
from tradeoffs.site.unmatched import escape_unmatched

log = get_plugin_logger(__name__)

REQUIRED_EXTENSIONS = ("attr_list", "tables", "admonition", "toc")


class TradeoffsConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin's options, declared in `tradeoffs.options` and checked there by the same
    functions `tradeoffs check` uses, so the build and the CLI say the same words."""

    def _validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        root = Path(self.config_file_path or "mkdocs.yml").resolve().parent
        values, problems = check_options(dict(self), root)
        self.update(values)
        return (
            [(p.name, ValidationError(p.message)) for p in problems if p.is_error],
            [(p.name, p.message) for p in problems if not p.is_error],
        )


class TradeoffsPlugin(BasePlugin[TradeoffsConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.site: Site | None = None
        self.linker: MentionLinker | None = None
        self.generated: set[str] = set()
        self.files: Files | None = None
        self.named: dict[int, frozenset[int]] = {}
        """The decisions each decision supersedes or relates to (what `on_page_markdown` needs
        of the project; the project itself is let go after `on_files`)."""
        self.cache: DecisionCache | None = None
        """Loaded decision files, kept between `serve` rebuilds (None for a one-off build)."""
        self.store = PageStore()
        """Generated pages: as files under serve, compressed between conversion and writing."""
        self.renderer: Renderer | None = None
        self.page_cache: PageCache | None = None
        """Under serve, rendered decision pages by template context (see `site.PageCache`)."""
        self.facets: dict[str, Facets] = {}
        """With `search: pagefind`, each decision page's filters (by source path)."""
        self.adder = FileAdder()
        """Adds the generated files now, or after plugins that rebuild the file list (i18n)."""
        self.indexable: list[str] = []
        """With `search: pagefind`, the pages written with a body for Pagefind (site paths)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # The plugin object survives serve's rebuilds; a build runs once, so it keeps nothing.
        if command == "serve":
            self.cache = DecisionCache()
            self.page_cache = PageCache()
            self.store.serve()

    def on_shutdown(self) -> None:
        self.store.close()
        self.cache, self.renderer = None, None
        self.page_cache = None

    # --- configuration --------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
        settings = Settings.from_options(
            config_file.parent, dict(self.config), config_file=config_file, site_url=config.site_url or ""
        )
        settings.docs_dir = Path(config.docs_dir)
        if (missing := missing_decisions_dir(settings)) is not None:
            raise PluginError(f"tradeoffs: {missing}")
        if decisions_dir_not_yet(settings):
            log.info(
                f"{settings.display(settings.decisions_dir)}/ does not exist yet: the site has no "
                "decisions (`tradeoffs new` writes the first)"
            )
        self.settings = settings

        names = {_extension_name(e) for e in config.markdown_extensions}
        for ext in REQUIRED_EXTENSIONS:
            if ext not in names:
                config.markdown_extensions.append(ext)
        # mkdocs-static-i18n builds each language again with the same config: add once
        for css in (f"{ASSET_DIR}/{name}" for name in STYLES):
            if css not in [str(c) for c in config.extra_css]:
                config.extra_css.append(css)
        for script in (f"{ASSET_DIR}/{name}" for name in SCRIPTS):
            if script not in [str(j) for j in config.extra_javascript]:
                config.extra_javascript.append(script)
        if settings.search == "pagefind":
            problem = pagefind_missing()
            if problem is not None:
                raise PluginError(f"tradeoffs: {problem}")
            _switch_off_theme_search(config)
        if mermaid_file(settings.mermaid_js) is None:
            log.info(
                "this package was built without Mermaid: diagrams load it from the theme's CDN "
                "unless the mermaid_js option names a build"
            )
        return config

    # --- pages ------------------------------------------------------------------------------

    def _make_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        settings = self.settings
        assert settings is not None
        self.adder = adder = FileAdder.for_build(config)
        project = load_project(settings, cache=self.cache)
        # Positions in the files were for messages; all are made by now but one: a decision
        # naming a template that does not exist is reported with its line by `build_site`.
        project.documents = {
            n: doc
            for n, doc in project.documents.items()
            if (d := project.decision(n)) is not None and d.template
        }
        project.markdown_documents = {}
        self.generated = set()
        macros = renders_macros(config)
        for relative in still_written(Path(config.docs_dir)):
            # what `tradeoffs pages` wrote for another engine: the plugin makes it again here
            written = files.get_file_from_path(relative)
            if written is not None:
                files.remove(written)

        def take(page: SitePage) -> None:
            """Give a page to MkDocs as soon as it is made, and keep none of its text."""
            if files.get_file_from_path(page.path) is not None:
                log.warning(
                    f"{config.docs_dir}/{page.path} hides the generated page for "
                    f"{page.title}; move the file or change url_prefix"
                )
            else:
                markdown = defuse_declarations(escape_unmatched(page.markdown))
                if macros:
                    markdown = without_macros(markdown)
                adder.add(files, self.store.file(config, page.path, markdown))
                self.generated.add(page.path)
            page.markdown = ""

        with paused_gc():
            site = build_site(
                project,
                self._renderer(settings),
                template=settings.template,
                short_prefix=settings.short_url_prefix,
                cache=self.page_cache,
                directory_urls=config.use_directory_urls,
                emit=take,
                repo_url=config.repo_url or "",
                site_url=config.site_url or "",
            )
        project.documents = {}
        exclude_from_git_authors(config, settings.url_prefix, self.generated)
        if self.cache is None:
            release_inline_cache()  # a build renders no more templates; serve keeps it warm
        for problem in [*project.all_problems, *site.problems]:
            log.warning(problem.format())
        for note in project.notes():
            log.info(note)  # templates, index pages: named, and no reason to fail --strict
        advice = search_suggestion(len(project.decisions), settings.search)
        if advice is not None:
            log.info(advice)
        withhold_adr_folders(files, settings, config, adder)
        for asset in site.assets:
            if asset.yields and files.get_file_from_path(asset.path) is not None:
                continue  # the team's own file at that path wins
            if asset.text is not None:
                adder.add(files, File.generated(config, asset.path, content=asset.text))
            else:
                adder.add(files, File.generated(config, asset.path, abs_src_path=str(asset.source)))
        self.site = site
        self.files = files
        self.facets = {}
        self.indexable = []
        if settings.search == "pagefind":
            self.facets = {
                src: decision_facets(ev)
                for src, page in site.pages.items()
                if page.decision is not None and (ev := project.evaluations.get(page.decision)) is not None
            }
        self.named = {d.number: frozenset((*d.supersedes, *d.related)) for d in project.decisions}
        self.linker = (
            MentionLinker(project.decisions, SiteLayout(settings.url_prefix), settings.prefix)
            if settings.link_mentions
            else None
        )
        return files

    @event_priority(LATE_PRIORITY)
    def _add_late_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.adder.pending:
            # the list i18n made in place of the one `_make_files` saw
            self.files = files = self.adder.add_pending(files, config)
        return files

    on_files = CombinedEvent(_make_files, _add_late_files)

    def _renderer(self, settings: Settings) -> Renderer:
        """Under serve, one Jinja environment for the session: it recompiles only templates whose
        files changed, where a new one compiled every template again on every rebuild."""
        if self.cache is None:
            return Renderer(settings.templates_dir, settings.root)
        if self.renderer is None or self.renderer.templates_dir != settings.templates_dir:
            self.renderer = Renderer(settings.templates_dir, settings.root)
        return self.renderer

    def _nav_now(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        return nav if self.adder.language is not None else self._place_section(nav, files)

    @event_priority(LATE_PRIORITY)
    def _nav_late(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        # mkdocs-static-i18n's `on_nav` (-100) rebuilds the navigation of a `folder` site
        # from its language sections: the decisions section goes in after it
        return nav if self.adder.language is None else self._place_section(nav, files)

    on_nav = CombinedEvent(_nav_now, _nav_late)

    def _place_section(self, nav: Navigation, files: Files) -> Navigation:
        if self.site is None:
            return nav
        section = Section(self.settings.nav_title if self.settings else "Decisions", [])
        section.children = [c for c in (_nav_item(i, files) for i in self.site.nav) if c]
        for child in section.children:
            child.parent = section
        log_page = self.site.nav[0].path
        folder = self.settings.url_prefix if self.settings else ""
        for i, item in enumerate(nav.items):
            if _is_decisions_entry(item, log_page, folder):
                nav.items[i] = section
                break
        else:
            nav.items.append(section)
        nav.pages = _pages(nav.items)
        for prev, page in zip([None, *nav.pages], nav.pages, strict=False):
            page.previous_page = prev
            if prev is not None:
                prev.next_page = page
        if nav.pages:
            nav.pages[-1].next_page = None
        # A decision page is not listed in the navigation (a log of thousands would bury it),
        # but it belongs to the decisions section: opening it marks the section active, so
        # the theme highlights its tab (navigation.tabs) and keeps its side navigation open.
        listed = {id(p) for p in nav.pages}
        for src in self.generated:
            found = files.get_file_from_path(src)
            shown = found.page if found is not None else None
            if isinstance(shown, Page) and id(shown) not in listed and shown.parent is None:
                shown.parent = section
        return nav

    @event_priority(50)  # before Material's tags plugin reads the page, after other rewriters
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.generated:
            # MkDocs and Material print titles, descriptions and tags from front matter as HTML
            page.meta = escape_meta(page.meta)
            if page.file.abs_src_path is None:
                # MkDocs read the page's text into `page.markdown` and never reads the file's
                # again; keeping both until the build ends doubles what pages hold.
                page.file.content_string = ""
        if self.linker is None or self.site is None:
            return markdown
        src = page.file.src_uri
        generated = self.site.pages.get(src) if src in self.generated else None
        if generated is not None and generated.foreign:
            return markdown  # other repositories' text: `ADR-7` there is not this log's
        linked, missing = self.linker.link(markdown, src, own=generated.decision if generated else None)
        if generated is not None and generated.decision is not None:
            # supersedes/related to a missing decision are already reported with their line
            known = self.named.get(generated.decision, frozenset())
            missing = [m for m in missing if m.number not in known]
        assert self.settings is not None
        for mention in missing:
            if generated is not None:
                where = generated.source or src
            else:
                where = f"{self.settings.display(Path(config.docs_dir) / src)}:{mention.line}"
            log.warning(
                f"{where}: {mention.text} names a decision that does not exist "
                f"(no {self.settings.prefix}-{mention.number:04d} in "
                f"{self.settings.display(self.settings.decisions_dir)}/)"
            )
        return linked

    def _sanitize_generated(self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Generated pages carry text from YAML files: keep what Markdown makes, drop the rest.
        if page.file.src_uri in self.generated:
            return sanitize(html_text, _toolchain_ids(page.toc))
        return html_text

    @event_priority(-100)
    def _pack_generated(self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        if src not in self.generated:
            return html_text
        generated = self.site.pages.get(src) if self.site is not None else None
        # once every plugin has seen the HTML, it waits compressed (see `page_memory`)
        self.store.pack(src, html_text, generated.blocks if generated is not None else {})
        if generated is not None:
            generated.blocks = {}
        page.markdown = ""
        return ""

    on_page_content = CombinedEvent(_sanitize_generated, _pack_generated)

    @event_priority(100)  # before the theme, search or any other plugin reads the page
    def _unpack_generated(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        content = self.store.unpack(page.file.src_uri)
        if content is not None:
            page.content = content
        if page.content is not None:
            page.content = exclude_diagrams(page.content)
            if page.file.src_uri in self.generated:  # sanitised, so read in one pass
                page.content = guard_exclusions(page.content)
        return context

    @event_priority(-100)
    def _place_blocks(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Put the page's HTML blocks in place, after search has read the page and before the
        theme shows it. Every block is left out of search anyway (the framework's sections
        and the overview tables restate what the decision pages say), and parsing them was most
        of what Material's search spent on an ADR page."""
        src = page.file.src_uri
        blocks = self.store.take_blocks(src)
        if blocks and page.content is not None:
            # made as escaped HTML by `tradeoffs.site`, so placed after sanitising
            page.content, lost = place_blocks(blocks, page.content)
            if lost:
                log.warning(
                    f"{src}: a Markdown extension or another plugin changed {len(lost)} "
                    "placeholder(s) of tables the plugin adds after conversion, so they are "
                    "missing from the page; please report it with your plugins and "
                    "markdown_extensions"
                )
        return context

    on_page_context = CombinedEvent(_unpack_generated, _place_blocks)

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        generated = self.site.pages.get(page.file.src_uri) if self.site is not None else None
        if generated is not None and generated.preview and "</head>" in output:
            preview = {
                **generated.preview,
                "og:url": page.canonical_url or "",
                "og:site_name": config.site_name,
            }
            head = output.index("</head>")
            output = output[:head] + meta_tags(preview) + output[head:]
        output = self._diagrams(output, page)
        if page.file.src_uri in self.generated:
            output = _mark_article(output)
        if self.settings is not None and self.settings.search == "pagefind":
            excluded = bool((page.meta.get("search") or {}).get("exclude"))
            output = mark_page(output, searchable=not excluded, facets=self.facets.get(page.file.src_uri))
            if not excluded and "data-pagefind-body" in output:
                self.indexable.append(page.file.dest_uri)
        if page.file.src_uri in self.generated:
            # written; no other page shows its HTML or table of contents (anchor checks use
            # `present_anchor_ids`), and search has taken its text
            page.content = None
            page.toc = TableOfContents([])
        return output

    def _short_link_preview(self, path: str, config: MkDocsConfig) -> dict[str, str] | None:
        """The link preview of the page at `path`, for its short link's page."""
        page = self.site.pages.get(path) if self.site is not None else None
        if page is None or not page.preview:
            return None
        return {**page.preview, "og:site_name": config.site_name}

    def _diagrams(self, output: str, page: Page) -> str:
        """Mermaid only on a page with a diagram, and the plugin's diagrams in readable colours."""
        if not has_diagram(output):
            return output
        if self.files is not None and self.files.get_file_from_path(MERMAID_JS) is not None:
            output = with_mermaid(output, page.file.url)
        return mark_plugin_diagrams(output)

    # --- serve and post-build ---------------------------------------------------------------

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        settings = self.settings
        if settings is not None:
            for folder in (
                settings.decisions_dir,
                settings.frameworks_dir,
                settings.templates_dir,
                *settings.markdown_dirs,
            ):
                if folder.is_dir():
                    server.watch(str(folder))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site is None or self.files is None:
            return
        if self.adder.language is not None and self.adder.language.folder:
            return  # short links lead to the default language's pages, written in its build
        files = self.files
        redirects, warnings = short_link_pages(
            self.site.short_links,
            Path(config.site_dir),
            config.site_url or "",
            url_of=lambda path: None if (f := files.get_file_from_path(path)) is None else f.url,
            is_page=lambda path: files.get_file_from_path(path) is not None,
            ours=self.store.wrote,
            preview_of=lambda path: self._short_link_preview(path, config),
        )
        for warning in warnings:
            log.warning(warning)
        for redirect in redirects:
            self.store.write(redirect.out, redirect.html)
        if self.settings is not None and self.settings.search == "pagefind":
            try:
                indexed = index_in_parts(Path(config.site_dir), self.indexable)
            except PagefindError as exc:
                raise PluginError(f"tradeoffs: {exc}") from exc
            parts = f" in {indexed.parts} parts" if indexed.parts > 1 else ""
            log.info(
                f"Pagefind indexed {indexed.pages} pages{parts} into {indexed.output} "
                f"(peak memory {indexed.peak_mb:.0f} MB)"
            )


_ARTICLE_CLASS = 'class="md-content__inner md-typeset'


def _mark_article(output: str) -> str:
    """A generated page's article marked `tradeoffs-page`, for the styles of the plugin's
    running text (`tradeoffs.css`: its links underlined)."""
    return output.replace(_ARTICLE_CLASS, _ARTICLE_CLASS + " tradeoffs-page", 1)


def withhold_adr_folders(files: Files, settings: Settings, config: MkDocsConfig, adder: FileAdder) -> None:
    """Files MkDocs found in a Markdown ADR folder inside (or linked from) `docs/` are the decision authors',
    not the site owners': MkDocs would publish the records as pages no sanitiser sees and
    the other files as they are. The records are published as decision pages; of the rest,
    images stay (SVG cleaned) and everything else is left out."""
    if not settings.markdown_dirs:
        return
    docs_dir = Path(config.docs_dir)
    left_out = 0
    for file in list(files):
        if file.abs_src_path is None or file.generated_by is not None:
            continue
        source = Path(file.abs_src_path)
        if adr_folder_of(source, settings.markdown_dirs, docs_dir) is None:
            continue
        files.remove(file)
        form = published_form(source)
        if form is not None:
            adder.add(files, _published_file(config, file.src_uri, form))
        elif source.suffix.lower() not in (".md", ".markdown"):
            left_out += 1
    if left_out:
        log.info(
            f"{left_out} file(s) in markdown_dirs inside {settings.display(docs_dir)} are not published: "
            "only images are, beside the decisions"
        )


def _published_file(config: MkDocsConfig, path: str, form: Path | bytes) -> File:
    if isinstance(form, bytes):
        return File.generated(config, path, content=form)
    return File.generated(config, path, abs_src_path=str(form))


def _switch_off_theme_search(config: MkDocsConfig) -> None:
    """With `search: pagefind`, the theme's search gives way: Material's search plugin is
    switched off (its header box goes, and no index of the whole site is written or
    downloaded) and the plugin's own header button opens Pagefind. A search plugin that cannot
    be switched off would build a second index, so it is a warning."""
    for name, plugin in config.plugins.items():
        if name.rsplit("/", 1)[-1] != "search":
            continue
        options = getattr(plugin, "config", None)
        if options is not None and "enabled" in options:
            options["enabled"] = False
            log.info(f"search: pagefind replaces the '{name}' plugin's search, which is switched off")
        else:
            log.warning(
                f"search: pagefind replaces the '{name}' plugin, which cannot be switched off; "
                "remove it from `plugins` in mkdocs.yml"
            )


def _extension_name(ext: Any) -> str:
    name = ext if isinstance(ext, str) else type(ext).__module__
    return str(name).rsplit(".", 1)[-1]


def _nav_item(item: NavItem, files: Files) -> Page | Section | None:
    if item.path is not None:
        file = files.get_file_from_path(item.path)
        page = file.page if file is not None else None
        return page if isinstance(page, Page) else None
    section = Section(html.escape(item.title), [])  # themes print nav titles as HTML
    section.children = [c for c in (_nav_item(i, files) for i in item.children) if c]
    for child in section.children:
        child.parent = section
    return section if section.children else None


def _is_decisions_entry(item: Any, log_page: str | None, folder: str) -> bool:
    """Whether a top-level nav entry stands for the decisions section: the log page, the
    decisions folder as a link (`- Decisions: decisions/`, as Zensical's nav is written), or
    the section another plugin made of that folder (mkdocs-literate-nav expands it)."""
    if isinstance(item, Page):
        return item.file.src_uri == log_page
    if isinstance(item, Link):
        return bool(folder) and item.url.strip().rstrip("/") == folder
    if isinstance(item, Section):
        return any(p.file.src_uri == log_page for p in _pages(item.children))
    return False


def _pages(items: list[Any]) -> list[Page]:
    out: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            out.append(item)
        if getattr(item, "children", None):
            out += _pages(item.children)
    return out


def _toolchain_ids(toc: Any) -> set[str]:
    """The heading ids Markdown's table of contents made for a page, which the sanitiser keeps;
    one in the theme's namespace (`## x {: #__config }`) is renamed here as it is in the page."""
    ids: set[str] = set()
    stack = list(toc)
    while stack:
        anchor = stack.pop()
        if theme_reserved(anchor.id):
            anchor.id = author_id(anchor.id)
        else:
            ids.add(anchor.id)
        stack.extend(anchor.children)
    return ids
