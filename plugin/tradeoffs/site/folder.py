"""The page set written into a docs folder, for an engine that does not run the plugin.

`write_pages` writes every page of the decision site (as `portable_markdown`), its assets and
its short-link redirects into a folder, and a manifest of what it wrote with each file's hash.
Run again, it rewrites only what changed (an engine's watcher sees no change for nothing),
removes what it wrote before that the site no longer has, and refuses, before writing
anything, to replace a file it did not write or one changed since it wrote it.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import tempfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from tradeoffs.adr.render import Renderer
from tradeoffs.core.errors import TradeoffsError
from tradeoffs.core.project import Project
from tradeoffs.site.assets import ASSET_DIR, MERMAID_JS, SCRIPTS, STYLES
from tradeoffs.site.diagrams import has_diagram, mermaid_file
from tradeoffs.site.layout import SiteLayout
from tradeoffs.site.mentions import MentionLinker
from tradeoffs.site.nav_file import nav_markdown, read_engine_nav
from tradeoffs.site.page import Site
from tradeoffs.site.portable import portable_markdown, split_front_matter
from tradeoffs.site.redirects import short_link_pages

MANIFEST = ".tradeoffs-pages.json"
"""What `tradeoffs pages` wrote into a folder, with each file's SHA-256 (relative paths)."""
PAGE_STYLES = STYLES
PAGE_SCRIPTS = SCRIPTS
"""What a written page loads itself, as every page does under the plugin: an engine without the
plugin adds nothing to its config. The search script rewrites `ADR 7` to `ADR-0007` in Zensical's
search box too (it sends queries to its worker as Material does); `tradeoffs finish` adds it to
the other pages of the built site."""


NAV_FRONT_MATTER = "---\nsearch:\n  exclude: true\n---\n\n"


class PagesError(TradeoffsError):
    """The pages cannot be written where they were asked to go."""


@dataclass
class Written:
    """What one run did, by relative path."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)
    """Files the team has at a path the page set would use for a file of its own (a schema,
    an image beside an ADR): theirs win, as under the plugin."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(out: Path) -> dict[str, str]:
    """The files a previous run wrote into `out` (none when there was none)."""
    path = out / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PagesError(f"{path} cannot be read ({exc}); remove it and the pages it lists") from exc
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise PagesError(f"{path} is not a manifest `tradeoffs pages` wrote; remove it")
    return {str(k): str(v) for k, v in files.items()}


def still_written(out: Path) -> list[str]:
    """The files of `out` that `tradeoffs pages` wrote and nobody changed since: an engine that
    makes the same pages itself (the MkDocs plugin) leaves them out of its build."""
    try:
        listed = read_manifest(out)
    except PagesError:
        return []
    found = []
    for relative, digest in listed.items():
        path = out / relative
        if path.is_file() and _digest(path.read_bytes()) == digest:
            found.append(relative)
    return found


def asset_tags(page_path: str, layout: SiteLayout, *, mermaid: bool) -> str:
    """The stylesheet and scripts a written page loads, addressed from its source file's folder:
    the engine reads addresses in a page's raw HTML as it reads Markdown links and adjusts them
    for directory URLs (`portable.from_source`). Addressed from the page's URL, Zensical took
    them one folder above the site's root, which a server clamps at `/`: a site served under
    a path (`https://host/repo/`) lost its stylesheets and scripts."""
    folder = posixpath.dirname(page_path)
    up = "../" * (len(folder.split("/")) if folder else 0)
    tags = [f'<link rel="stylesheet" href="{up}{ASSET_DIR}/{name}">' for name in PAGE_STYLES]
    if mermaid:
        tags.append(f'<script src="{up}{MERMAID_JS}"></script>')
    tags += [f'<script src="{up}{ASSET_DIR}/{name}"></script>' for name in PAGE_SCRIPTS]
    return '<div class="tradeoffs-assets" hidden>\n' + "\n".join(tags) + "\n</div>\n"


def page_files(
    site: Site,
    layout: SiteLayout,
    *,
    linker: MentionLinker | None = None,
    site_url: str = "",
    mermaid: bool = False,
    site_name: str = "",
) -> tuple[dict[str, bytes], set[str], list[str]]:
    """Every file of the page set as bytes, by relative path; the paths a team's own file may
    take instead (`Asset.yields`); and the mentions of missing decisions, as messages."""
    files: dict[str, bytes] = {}
    warnings: list[str] = []
    for path, page in site.pages.items():
        body = None
        if linker is not None and not page.foreign:
            _head, raw = split_front_matter(page.markdown)
            body, missing = linker.link(raw, path, own=page.decision)
            warnings += [
                f"{page.source or path}: {m.text} names a decision that does not exist" for m in missing
            ]
        written = portable_markdown(page, body, layout.url(path))
        # Mermaid (3.6 MB) only where there is a diagram to draw, as under the plugin
        text = written + "\n" + asset_tags(path, layout, mermaid=mermaid and has_diagram(written))
        files[path] = text.encode("utf-8")
    yields: set[str] = set()
    for asset in site.assets:
        files[asset.path] = asset.read()
        if asset.yields:
            yields.add(asset.path)
    redirects, taken = short_link_pages(
        site.short_links,
        Path(),
        site_url,
        url_of=lambda path: layout.url(path) if path in site.pages else None,
        is_page=lambda path: path in files,
        ours=lambda path: True,
        preview_of=lambda path: _short_link_preview(site, path, site_name),
    )
    warnings += taken
    for redirect in redirects:
        files[redirect.out.as_posix()] = redirect.html.encode("utf-8")
    return files, yields, warnings


def _short_link_preview(site: Site, path: str, site_name: str) -> dict[str, str] | None:
    """The link preview of the page at `path`, for its short link's page (as the plugin's)."""
    page = site.pages.get(path)
    if page is None or not page.preview:
        return None
    return {**page.preview, "og:site_name": site_name}


def _inside(out: Path, relative: str) -> Path:
    path = out / relative
    resolved, root = path.resolve(), out.resolve()
    if posixpath.isabs(relative) or ".." in relative.split("/") or root not in resolved.parents:
        raise PagesError(f"'{relative}' would be written outside {out}; check url_prefix")
    return path


def write_pages(out: Path, files: dict[str, bytes], yields: Collection[str] = ()) -> Written:
    """Write `files` into `out` as described in the module's docstring."""
    if out.exists() and not out.is_dir():
        raise PagesError(f"{out} exists and is not a folder")
    before = read_manifest(out)
    result = Written()
    refused: list[str] = []
    plan: dict[str, bytes] = {}
    for relative, data in sorted(files.items()):
        target = _inside(out, relative)
        if target.is_symlink() or (target.exists() and not target.is_file()):
            refused.append(f"{relative} (not a plain file)")
            continue
        if not target.exists():
            plan[relative] = data
            continue
        current = _digest(target.read_bytes())
        if relative not in before:
            if relative in yields:
                result.kept.append(relative)
            else:
                refused.append(f"{relative} (not written by `tradeoffs pages`)")
        elif current != before[relative]:
            refused.append(f"{relative} (changed since `tradeoffs pages` wrote it)")
        elif current == _digest(data):
            result.unchanged += 1
            plan[relative] = data  # listed again, not written again
        else:
            plan[relative] = data
    stale = [r for r in sorted(before) if r not in files]
    for relative in stale:
        target = _inside(out, relative)
        if target.is_file() and _digest(target.read_bytes()) != before[relative]:
            refused.append(f"{relative} (changed since `tradeoffs pages` wrote it, and no longer generated)")
    if refused:
        raise PagesError(
            f"{len(refused)} file(s) in {out} are not this command's to replace or remove:\n  "
            + "\n  ".join(refused)
            + f"\nmove them away (or set url_prefix), then run again; {out}/{MANIFEST} lists "
            "what it wrote"
        )
    manifest: dict[str, str] = {}
    for relative, data in plan.items():
        target = out / relative
        digest = _digest(data)
        manifest[relative] = digest
        if target.exists() and _digest(target.read_bytes()) == digest:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        _replace(target, data)
        result.written.append(relative)
    for relative in stale:
        target = out / relative
        if target.is_file():
            target.unlink()
            result.removed.append(relative)
        _prune(out, target.parent)
    out.mkdir(parents=True, exist_ok=True)
    listing = {"generator": "tradeoffs pages", "files": manifest}
    _replace(out / MANIFEST, (json.dumps(listing, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    return result


def _replace(path: Path, data: bytes) -> None:
    """Replace a file in one step (a crash leaves the old file or the new, never half)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prune(out: Path, folder: Path) -> None:
    """Remove folders left empty by removed pages, up to `out`."""
    root = out.resolve()
    while folder.resolve() != root and root in folder.resolve().parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def project_files(project: Project, renderer: Renderer) -> tuple[dict[str, bytes], set[str], list[str]]:
    """The page set of a loaded project as files (see `page_files`), with every problem of
    loading and building it as a message."""
    from tradeoffs.site import build_site

    settings = project.settings
    site = build_site(
        project,
        renderer,
        template=settings.template,
        short_prefix=settings.short_url_prefix,
        directory_urls=settings.directory_urls,
        repo_url=settings.repo_url,
        site_url=settings.site_url,
    )
    layout = SiteLayout(settings.url_prefix, settings.directory_urls)
    linker = MentionLinker(project.decisions, layout, settings.prefix) if settings.link_mentions else None
    engine = read_engine_nav(settings)
    # the Mermaid the site serves (the option's, else the package's): each page with a diagram
    # loads it before the theme looks for one, so diagrams draw offline with nothing installed
    files, yields, warnings = page_files(
        site,
        layout,
        linker=linker,
        site_url=settings.site_url,
        mermaid=mermaid_file(settings.mermaid_js) is not None,
        site_name=engine.site_name if engine is not None else "",
    )
    if engine is not None and engine.literate_nav:
        # Zensical's literate-nav reads the folder's nav file: the plugin's Decisions section.
        # Zensical publishes the file as a page too: it is kept out of search.
        files[f"{settings.url_prefix}/{engine.nav_file}".lstrip("/")] = (
            NAV_FRONT_MATTER + nav_markdown(site.nav, settings.url_prefix)
        ).encode("utf-8")
    problems = [p.format() for p in [*project.all_problems, *site.problems]]
    return files, yields, problems + project.notes() + warnings
