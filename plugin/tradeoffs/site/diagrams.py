"""Mermaid on the pages that have a Mermaid diagram of the team's own, readable in any scheme.

Knows nothing of MkDocs: it reads and changes a page's finished HTML. The plugin draws its own
diagrams when the site is built (`tradeoffs.adr.diagram`); this is for the Mermaid fences of a
team's pages and templates, and the catalogue's graph across repositories.

- Mermaid (3.6 MB) is loaded only by a page that has a diagram, from the site itself: the
  package carries a pinned build (setup.py puts it in when the package is built), or the
  `mermaid_js` option names another. A script in the page's head defines `mermaid` before the
  theme looks for it, so the theme fetches nothing from its CDN.
- The theme draws node labels in its own label colour (dark grey in the light scheme), over the
  status colours the plugin's templates used to give nodes (dark fills): 1.3 to 1.9:1. A
  diagram whose source declares those `status_` classes (a team's template copied from an
  earlier release) is wrapped in an element whose CSS gives the theme's
  Mermaid variables white labels and dark edge-label chips; the theme's styles read those
  variables inside the diagram's closed shadow root. Other diagrams keep the theme's look.
"""

from __future__ import annotations

import posixpath
import re
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from urllib.parse import quote

from tradeoffs.site.layout import SiteLayout

MERMAID_URL = "assets/tradeoffs/mermaid.min.js"
"""Where a site serves Mermaid from."""

WRAPPER = "tradeoffs-diagram"
"""The class of the element around each of the plugin's diagrams (`tradeoffs.css` styles it)."""

_OPEN = '<pre class="mermaid"'
_CLOSE = "</pre>"
_PLUGIN_SOURCE = "classDef status_"
"""What the source of every Mermaid diagram the plugin's templates drew before its diagrams were
drawn at build time declares, as a team's copy of `_macros.md.j2` or `graph-view.md.j2` may."""


def packaged_mermaid() -> Traversable | None:
    """The Mermaid build that comes with the package, or None in a package built without it."""
    found = resources.files("tradeoffs").joinpath("assets", "mermaid.min.js")
    return found if found.is_file() else None


def mermaid_file(option: Path | None) -> Traversable | Path | None:
    """The Mermaid a site serves: the `mermaid_js` option's file when it exists, else the package's."""
    if option is not None and option.is_file():
        return option
    return packaged_mermaid()


_DIAGRAM = re.compile(r'<(?:pre|div)\b[^<>]*\sclass="(?:[^"<>]*\s)?mermaid[\s"]')
"""The start tag of an element the theme draws as a Mermaid diagram. In the page's text a `<`
is always escaped, so a title that names `class="mermaid"` is not one; the match never leaves
the tag it starts in (`[^<>]`), so it reads the page once."""


def has_diagram(page_html: str) -> bool:
    """Whether a page has a Mermaid diagram for the theme to draw (not text that names one)."""
    return _DIAGRAM.search(page_html) is not None


def with_mermaid(page_html: str, page_url: str) -> str:
    """The page with Mermaid's script in its head, when it has a diagram (else unchanged).

    `page_url` is the page's URL relative to the site's root (`decisions/ADR-0007/`), for the
    script's relative address."""
    if not has_diagram(page_html) or "</head>" not in page_html:
        return page_html
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    src = posixpath.relpath(MERMAID_URL, folder or ".")
    head = page_html.index("</head>")
    return page_html[:head] + f'<script src="{src}"></script>' + page_html[head:]


def mark_plugin_diagrams(page_html: str) -> str:
    """The page with each Mermaid diagram in the plugin's colours (`_PLUGIN_SOURCE`) inside
    `<div class="tradeoffs-diagram">`."""
    if _OPEN not in page_html:
        return page_html
    out: list[str] = []
    at = 0
    while (start := page_html.find(_OPEN, at)) >= 0:
        end = page_html.find(_CLOSE, start)
        if end < 0:
            break
        end += len(_CLOSE)
        out.append(page_html[at:start])
        block = page_html[start:end]
        out.append(f'<div class="{WRAPPER}">{block}</div>' if _PLUGIN_SOURCE in block else block)
        at = end
    out.append(page_html[at:])
    return "".join(out)


def diagram_href(layout: SiteLayout, from_page: str, to_page: str) -> str:
    """The address of `to_page` for a box of a diagram on `from_page` (the plugin's, or a
    `click NODE href "..."` line of a team's Mermaid diagram). No Markdown link rewriting sees
    a diagram, so it is the address MkDocs writes
    (with or without directory URLs), percent-encoded so it can never end the quoted string.
    Mermaid keeps such links under the theme's "strict" security level (only click callbacks
    are disabled there) and draws the node as an SVG link, which the keyboard reaches."""
    return quote(layout.href(from_page, to_page), safe="/#.-_~")
