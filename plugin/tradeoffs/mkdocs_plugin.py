"""The `tradeoffs` MkDocs plugin: a thin adapter that feeds `tradeoffs.site` pages to MkDocs.

The project is loaded and every page rendered once per build, in `on_files`; the other events
only place those pages (navigation), link mentions, sanitise generated HTML and write the
short-link redirects.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
import shutil
import tempfile
import zlib
from importlib import resources
from pathlib import Path
from typing import Any

import nh3
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils.templates import TemplateContext

from .config import Settings
from .project import DecisionCache, load_project, paused_gc
from .render import Renderer, release_inline_cache
from .schema import published_schemas
from .site import (
    MentionLinker,
    NavItem,
    PageCache,
    Site,
    SiteLayout,
    SitePage,
    build_site,
    place_blocks,
    redirect_html,
)

log = get_plugin_logger(__name__)

REQUIRED_EXTENSIONS = ("attr_list", "tables", "admonition", "toc")
ASSETS = ("tradeoffs.css", "tradeoffs.js")


class TradeoffsConfig(Config):  # type: ignore[no-untyped-call]
    """Options of the tradeoffs plugin in mkdocs.yml."""

    decisions_dir = c.Type(str, default="decisions")
    """Folder of decision files (`NNNN-short-title.yml`), relative to mkdocs.yml."""
    frameworks_dir = c.Optional(c.Type(str))
    """Folder of the team's own frameworks (default: `frameworks`, used when it exists)."""
    templates_dir = c.Optional(c.Type(str))
    """Folder of the team's own ADR templates (default: `templates`, used when it exists)."""
    markdown_dirs = c.ListOfItems(c.Type(str), default=[])
    """Folders of Markdown ADRs (adr-tools, MADR, log4brains) to publish beside the YAML ones."""
    template = c.Type(str, default="madr")
    """ADR template for every page: madr, nygard, y-statement, or a file in templates_dir."""
    prefix = c.Type(str, default="ADR")
    """Prefix of decision ids (`ADR-0007`) and of the mentions that are linked (`ADR-7`)."""
    url_prefix = c.Type(str, default="decisions")
    """Folder of the site where decision pages live (`decisions/ADR-0007/`)."""
    short_url_prefix = c.Optional(c.Type(str))
    """Folder of the short links (`adr/7/`); default: the prefix in lower case, '' for none."""
    nav_title = c.Type(str, default="Decisions")
    """Title of the navigation section holding the log, status, tag and framework pages."""
    link_mentions = c.Type(bool, default=True)
    """Turn `ADR-7` and `[[ADR-7]]` in every page into links to the decision."""
    health_proposed_max_age = c.Type(int, default=30)
    """Days a proposed decision may wait before the Health page lists it."""
    health_recurring_cost_min = c.Type(int, default=2)
    """How many accepted decisions must accept the same cost for Health to call it recurring."""


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
        self.pages_dir: Path | None = None
        """Under `serve`, generated pages are files here, rewritten only when they change."""
        self.written: dict[str, bytes] = {}
        """Hash of what each generated page file (or short-link redirect) holds."""
        self.renderer: Renderer | None = None
        self.page_cache: PageCache | None = None
        """Under serve, rendered decision pages by template context (see `site.PageCache`)."""
        self.packed: dict[str, tuple[bytes, bytes]] = {}
        """The HTML of generated pages and their HTML blocks, compressed, between conversion
        and writing (see `_pack_generated`)."""
        self.blocks: dict[str, dict[str, str]] = {}
        """A page's HTML blocks between `_unpack_generated` and `_place_blocks`."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # The plugin object survives serve's rebuilds; a build runs once, so it keeps nothing.
        if command == "serve":
            self.cache = DecisionCache()
            self.page_cache = PageCache()
            self.pages_dir = Path(tempfile.mkdtemp(prefix="mkdocs-tradeoffs-"))

    def on_shutdown(self) -> None:
        if self.pages_dir is not None:
            shutil.rmtree(self.pages_dir, ignore_errors=True)
        self.cache, self.pages_dir, self.written, self.renderer = None, None, {}, None
        self.page_cache = None

    # --- configuration --------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        opts = self.config
        options: dict[str, Any] = {
            "decisions_dir": opts.decisions_dir,
            "frameworks_dir": opts.frameworks_dir,
            "templates_dir": opts.templates_dir,
            "markdown_dirs": list(opts.markdown_dirs),
            "template": opts.template,
            "prefix": opts.prefix,
            "url_prefix": opts.url_prefix,
            "health_proposed_max_age": opts.health_proposed_max_age,
            "health_recurring_cost_min": opts.health_recurring_cost_min,
        }
        settings = Settings.from_options(root, options, config_file=root / "mkdocs.yml",
                                         site_url=config.site_url or "")
        if not settings.decisions_dir.is_dir():
            raise PluginError(f"tradeoffs: the decisions folder {settings.decisions_dir} does not "
                              "exist; create it, or set `decisions_dir` in the plugin's options.")
        for name in ("frameworks_dir", "templates_dir"):
            value = getattr(opts, name)
            if value is not None and not (root / value).is_dir():
                raise PluginError(f"tradeoffs: {name} names {root / value}, which is not a folder.")
        if not settings.prefix.isalpha():
            raise PluginError(f"tradeoffs: prefix '{settings.prefix}' must be letters only "
                              "(decision ids look like ADR-0007).")
        if not settings.url_prefix:
            raise PluginError("tradeoffs: url_prefix must name a folder, such as 'decisions'.")
        problem = Renderer(settings.templates_dir).check_name(settings.template)
        if problem is not None:
            where = "" if problem.file == "mkdocs.yml" else f"{problem.file}:{problem.line}: "
            raise PluginError(f"tradeoffs: {where}{problem.message} (plugin option `template` in "
                              f"{config.config_file_path}).")
        self.settings = settings

        names = {_extension_name(e) for e in config.markdown_extensions}
        for ext in REQUIRED_EXTENSIONS:
            if ext not in names:
                config.markdown_extensions.append(ext)
        config.extra_css.append(f"assets/tradeoffs/{ASSETS[0]}")
        config.extra_javascript.append(f"assets/tradeoffs/{ASSETS[1]}")
        return config

    # --- pages ------------------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        settings = self.settings
        assert settings is not None
        project = load_project(settings, cache=self.cache)
        # Positions in the files were for messages; all are made by now but one: a decision
        # naming a template that does not exist is reported with its line by `build_site`.
        project.documents = {n: doc for n, doc in project.documents.items()
                             if (d := project.decision(n)) is not None and d.template}
        project.markdown_documents = {}
        self.generated = set()

        def take(page: SitePage) -> None:
            """Give a page to MkDocs as soon as it is made, and keep none of its text."""
            if files.get_file_from_path(page.path) is not None:
                log.warning(f"{config.docs_dir}/{page.path} hides the generated page for "
                            f"{page.title}; move the file or change url_prefix")
            else:
                files.append(self._page_file(config, page.path, defuse_declarations(page.markdown)))
                self.generated.add(page.path)
            page.markdown = ""

        with paused_gc():
            site = build_site(project, self._renderer(settings), template=settings.template,
                              short_prefix=self.config.short_url_prefix, cache=self.page_cache,
                              directory_urls=config.use_directory_urls, emit=take)
        project.documents = {}
        if self.cache is None:
            release_inline_cache()  # a build renders no more templates; serve keeps it warm
        for problem in [*project.all_problems, *site.problems]:
            log.warning(problem.format())
        for relative, source in project.markdown_files.items():
            # images and files beside Markdown ADRs, published beside their pages
            path = f"{settings.url_prefix}/{relative}".lstrip("/")
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, abs_src_path=str(source)))
        for asset in ASSETS:
            content = resources.files("tradeoffs").joinpath("templates", "assets", asset).read_text(
                encoding="utf-8")
            files.append(File.generated(config, f"assets/tradeoffs/{asset}", content=content))
        # Editors validate decision files against these stable addresses (see docs/ci.md).
        for name, data in published_schemas(project.frameworks.frameworks.values(),
                                            base_url=config.site_url or None).items():
            if files.get_file_from_path(f"schemas/{name}") is None:
                files.append(File.generated(config, f"schemas/{name}",
                                            content=json.dumps(data, indent=2, ensure_ascii=False)))
        self.site = site
        self.files = files
        self.named = {d.number: frozenset((*d.supersedes, *d.related)) for d in project.decisions}
        self.linker = MentionLinker(project.decisions, SiteLayout(settings.url_prefix),
                                    settings.prefix) if self.config.link_mentions else None
        return files

    def _renderer(self, settings: Settings) -> Renderer:
        """Under serve, one Jinja environment for the session: it recompiles only templates whose
        files changed, where a new one compiled every template again on every rebuild."""
        if self.cache is None:
            return Renderer(settings.templates_dir)
        if self.renderer is None or self.renderer.templates_dir != settings.templates_dir:
            self.renderer = Renderer(settings.templates_dir)
        return self.renderer

    def _page_file(self, config: MkDocsConfig, path: str, markdown: str) -> File:
        """A generated page: in memory for a build; under serve, a file written when it changes.

        MkDocs counts an in-memory page as modified on every rebuild, so `serve --dirty` would
        rebuild every decision after any edit; a file keeps its age when its text is the same.
        A build keeps pages in memory: creating a file cost 0.9 ms of system time here, 0.9 CPU
        seconds at 1,000 decisions (see `on_page_markdown` for the memory).
        """
        if self.pages_dir is None:
            # as UTF-8: a str with one character beyond Latin-1 (an em dash) takes 2 bytes a
            # character. (Compressing it too saved nothing at the build's peak, which comes
            # after MkDocs has read every page, and cost 0.1 ms a page.)
            return File.generated(config, path, content=markdown.encode("utf-8"),
                                  inclusion=InclusionLevel.NOT_IN_NAV)
        target = self.pages_dir / path
        if self._changed(path, markdown.encode("utf-8")) or not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(markdown, encoding="utf-8")
        return File.generated(config, path, abs_src_path=str(target),
                              inclusion=InclusionLevel.NOT_IN_NAV)

    def _changed(self, key: str, content: bytes) -> bool:
        """Whether `content` differs from what was last written under `key` (and note it)."""
        digest = hashlib.blake2b(content, digest_size=16).digest()
        if self.written.get(key) == digest:
            return False
        self.written[key] = digest
        return True

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.site is None:
            return nav
        section = Section(self.config.nav_title, [])
        section.children = [c for c in (_nav_item(i, files) for i in self.site.nav) if c]
        for child in section.children:
            child.parent = section
        log_page = self.site.nav[0].path
        for i, item in enumerate(nav.items):
            if isinstance(item, Page) and item.file.src_uri == log_page:
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
        return nav

    @event_priority(50)  # before Material's tags plugin reads the page, after other rewriters
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if page.file.src_uri in self.generated:
            # MkDocs and Material print titles, descriptions and tags from front matter as HTML
            page.meta = _escape_meta(page.meta)
            if page.file.abs_src_path is None:
                # MkDocs read the page's text into `page.markdown` and never reads the file's
                # again; keeping both until the build ends was 16 MB per 1,000 decisions.
                page.file.content_string = ""
        if self.linker is None or self.site is None:
            return markdown
        src = page.file.src_uri
        generated = self.site.pages.get(src) if src in self.generated else None
        linked, missing = self.linker.link(markdown, src,
                                           own=generated.decision if generated else None)
        if generated is not None and generated.decision is not None:
            # supersedes/related to a missing decision are already reported with their line
            known = self.named.get(generated.decision, frozenset())
            missing = [m for m in missing if m.number not in known]
        for mention in missing:
            if generated is not None:
                where = generated.source or src
            else:
                assert self.settings is not None
                where = f"{self.settings.display(Path(config.docs_dir) / src)}:{mention.line}"
            log.warning(f"{where}: {mention.text} names a decision that does not exist "
                        f"(no {self.config.prefix}-{mention.number:04d} in "
                        f"{self.config.decisions_dir}/)")
        return linked

    def _sanitize_generated(self, html_text: str, *, page: Page, config: MkDocsConfig,
                            files: Files) -> str:
        # Generated pages carry text from YAML files: keep what Markdown makes, drop the rest.
        if page.file.src_uri in self.generated:
            return sanitize(html_text)
        return html_text

    # MkDocs converts every page before it writes any, so a site holds every page's Markdown
    # and HTML at once (the reference build of 10,000 decisions peaked at 696 MB). A generated
    # page's HTML and its HTML blocks wait compressed instead, once every plugin has seen them,
    # and are let go once the page is written; its Markdown is not needed after conversion.

    @event_priority(-100)
    def _pack_generated(self, html_text: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        src = page.file.src_uri
        if src not in self.generated:
            return html_text
        generated = self.site.pages.get(src) if self.site is not None else None
        blocks = b""
        if generated is not None and generated.blocks:
            blocks = zlib.compress(json.dumps(generated.blocks).encode("utf-8"), 1)
            generated.blocks = {}
        self.packed[src] = (zlib.compress(html_text.encode("utf-8"), 1), blocks)
        page.markdown = ""
        return ""

    on_page_content = CombinedEvent(_sanitize_generated, _pack_generated)

    @event_priority(100)  # before the theme, search or any other plugin reads the page
    def _unpack_generated(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                          nav: Navigation) -> TemplateContext:
        src = page.file.src_uri
        packed = self.packed.pop(src, None)
        if packed is not None:
            page.content = zlib.decompress(packed[0]).decode("utf-8")
            if packed[1]:
                self.blocks[src] = json.loads(zlib.decompress(packed[1]))
        return context

    @event_priority(-100)
    def _place_blocks(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                      nav: Navigation) -> TemplateContext:
        """Put the page's HTML blocks in place, after search has read the page and before the
        theme shows it. Every block is left out of search anyway (the framework's sections
        and the overview tables restate what the decision pages say), and Material's search
        spent a third of its time on an ADR page parsing them."""
        src = page.file.src_uri
        blocks = self.blocks.pop(src, None)
        if blocks and page.content is not None:
            # made as escaped HTML by `tradeoffs.site`, so placed after sanitising
            page.content, lost = place_blocks(blocks, page.content)
            if lost:
                log.warning(f"{src}: a Markdown extension changed {len(lost)} placeholder(s) of "
                            "tables the plugin adds after conversion, so they are missing from "
                            "the page; please report it with your markdown_extensions")
        return context

    on_page_context = CombinedEvent(_unpack_generated, _place_blocks)

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.generated:
            # written; no other page shows its HTML or table of contents (anchor checks use
            # `present_anchor_ids`), and search has taken its text
            page.content = None
            page.toc = TableOfContents([])
        return output

    # --- serve and post-build ---------------------------------------------------------------

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        settings = self.settings
        if settings is not None:
            for folder in (settings.decisions_dir, settings.frameworks_dir, settings.templates_dir,
                           *settings.markdown_dirs):
                if folder.is_dir():
                    server.watch(str(folder))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site is None or self.files is None:
            return
        site_dir = Path(config.site_dir)
        base = config.site_url or ""
        for short, target in self.site.short_links.items():
            file = self.files.get_file_from_path(target)
            if file is None:
                continue
            here = short.strip("/")
            out = site_dir / here / "index.html"
            ours = f"redirect:{out}" in self.written  # written by an earlier serve rebuild
            if self.files.get_file_from_path(f"{here}/index.md") or (out.exists() and not ours):
                log.warning(f"the short link /{short} is taken by a page of the site; "
                            "set short_url_prefix to another folder")
                continue
            url = file.url
            rel = posixpath.relpath(url.rstrip("/") or ".", here)
            rel += "/" if url.endswith("/") else ""
            canonical = (base.rstrip("/") + "/" + url) if base else rel
            page = redirect_html(rel, canonical)
            if self.pages_dir is not None and not self._changed(f"redirect:{out}", page.encode()) \
                    and out.is_file():
                continue
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(page, encoding="utf-8")


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


def _escape_meta(value: Any) -> Any:
    """Front matter with every text HTML-escaped (generated pages hold text from YAML files)."""
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, list):
        return [_escape_meta(v) for v in value]
    if isinstance(value, dict):
        return {k: _escape_meta(v) for k, v in value.items()}
    return value


def _pages(items: list[Any]) -> list[Page]:
    out: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            out.append(item)
        if getattr(item, "children", None):
            out += _pages(item.children)
    return out


_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
    "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul", "var",
}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "data-search-exclude"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "scope", "style"},
    "col": {"span"},
    "ol": {"start", "type"},
    "details": {"open"},
    "input": {"type", "checked", "disabled"},
    "div": {"data-tradeoffs-log"},
}


_DECLARATION = re.compile(r"<!\[")


def defuse_declarations(markdown: str) -> str:
    """Keep `<![` from YAML text away from MkDocs' HTML scan, which crashes on it before Python 3.13.

    MkDocs feeds each page's Markdown to `html.parser`, whose marked-section code raises on
    `<![img` or `<![ x`; a zero-width space after the `<` makes it plain text, in code too.
    """
    return _DECLARATION.sub("<\u200b![", markdown)


def sanitize(html_text: str) -> str:
    """HTML as Markdown, admonitions, tables, highlighting and Mermaid make it; nothing else."""
    return nh3.clean(
        html_text, tags=_TAGS, attributes=_ATTRIBUTES, link_rel=None,
        url_schemes={"http", "https", "mailto"},
        clean_content_tags={"script", "style"}, filter_style_properties={"text-align"},
    )
