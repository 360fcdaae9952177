"""Short links (`adr/7/`): a small page per decision that sends the browser on to its page."""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tradeoffs.adr.html_blocks import meta_tags


def redirect_html(url: str, canonical: str | None = None, preview: dict[str, str] | None = None) -> str:
    """A small page that sends the browser on to `url` (relative), like mkdocs-redirects.

    With the decision's link `preview` (Open Graph meta), a short link pasted into a chat shows
    the decision's title and description, as its page's address does, not "Redirecting…"."""
    target = html.escape(url, quote=True)
    canon = html.escape(canonical or url, quote=True)
    script_url = json.dumps(url).replace("<", "\\u003c")
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"{_preview_head(preview)}"
        f'<link rel="canonical" href="{canon}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f"<script>location.replace({script_url} + location.hash)</script>\n"
        "</head>\n<body>\n"
        f'<p>This decision lives at <a href="{target}">{target}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def _preview_head(preview: dict[str, str] | None) -> str:
    """The title and the preview meta of a redirect page (the escaping is `meta_tags`')."""
    if not preview or not preview.get("og:title"):
        return "<title>Redirecting…</title>\n"
    head = f"<title>{html.escape(preview['og:title'])}</title>\n"
    if preview.get("og:description"):
        head += f'<meta name="description" content="{html.escape(preview["og:description"], quote=True)}">\n'
    return head + meta_tags(preview)


@dataclass(frozen=True)
class ShortLink:
    """A redirect page to write: where, and what it holds."""

    out: Path
    html: str


def short_link_pages(
    short_links: dict[str, str],
    site_dir: Path,
    site_url: str,
    *,
    url_of: Callable[[str], str | None],
    is_page: Callable[[str], bool],
    ours: Callable[[Path], bool],
    preview_of: Callable[[str], dict[str, str] | None] = lambda path: None,
) -> tuple[list[ShortLink], list[str]]:
    """The redirect pages for `short_links` (folder -> page path), and warnings for the
    folders a page of the site already takes. `url_of` gives a page's URL (None when it is not
    published), `is_page` whether the site has a page at a path, `ours` whether a file in the
    site folder is a redirect written before (by an earlier `serve` rebuild), `preview_of` a
    page's link preview (its title and description), which its short link carries too."""
    out: list[ShortLink] = []
    warnings: list[str] = []
    for short, target in short_links.items():
        url = url_of(target)
        if url is None:
            continue
        here = short.strip("/")
        dest = site_dir / here / "index.html"
        if is_page(f"{here}/index.md") or (dest.exists() and not ours(dest)):
            warnings.append(
                f"the short link /{short} is taken by a page of the site; "
                "set short_url_prefix to another folder"
            )
            continue
        rel = posixpath.relpath(url.rstrip("/") or ".", here)
        rel += "/" if url.endswith("/") else ""
        canonical = (site_url.rstrip("/") + "/" + url) if site_url else rel
        preview = preview_of(target)
        if preview is not None and site_url:
            preview = {**preview, "og:url": canonical}
        out.append(ShortLink(dest, redirect_html(rel, canonical, preview)))
    return out, warnings
