"""A generated page and the site that holds them, for any site engine.

Computed tables and lists are made as HTML and stand in a page's Markdown as a placeholder
paragraph (`Blocks`), which the engine replaces after converting the page (`place_blocks`).
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from tradeoffs.core.problems import Problem
from tradeoffs.site.assets import Asset


@dataclass
class SitePage:
    """One generated page: where it lives, its title and its Markdown (with front matter)."""

    path: str
    title: str
    markdown: str
    kind: str
    """decision, log, framework, frameworks, status, tags, tag, open-questions, graph or health."""
    source: str = ""
    """The file the page comes from (a decision or framework file), for messages."""
    decision: int | None = None
    preview: dict[str, str] = field(default_factory=dict)
    """Link-preview meta for the page's head (`og:title` -> text): what a chat or a document
    shows when its address is pasted there."""
    blocks: dict[str, str] = field(default_factory=dict)
    """Token -> HTML. The overview pages' tables and lists, and the tables and lists an ADR
    template computes (`adr_html`), are made as HTML and stand in the Markdown as a placeholder
    paragraph, which an engine replaces after converting the page (`place_blocks`): converting
    them was a large share of a build (benchmarks/RESULTS.md), and their text needs no Markdown."""

    foreign: bool = False
    """Text from other repositories' logs (the catalogue's pages): this log's mentions
    (`ADR-7`) are not linked in it, as they name another log's decisions there."""

    def expanded(self) -> str:
        """The page as self-contained Markdown, its HTML blocks in place (for any engine)."""
        markdown = self.markdown
        for token, block in self.blocks.items():
            markdown = markdown.replace(placeholder(token), block, 1)
        return markdown


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
    assets: list[Asset] = field(default_factory=list)
    """Scripts, stylesheets, schemas and files beside Markdown ADRs (`site.assets`)."""

    def markdown(self) -> dict[str, str]:
        """{path: markdown} of every generated page, HTML blocks in place."""
        return {path: page.expanded() for path, page in self.pages.items()}


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
            html_text = html_text[: match.start()] + block + html_text[match.end() :]
    return html_text, lost


class Blocks:
    """The HTML blocks of the page a page maker is making, each standing in its Markdown as a
    placeholder. Private to one maker (`DecisionPages`, `OverviewPages`): the maker takes them
    into the `SitePage` it returns, so a page comes back with its blocks and nothing else holds
    them."""

    def __init__(self) -> None:
        # A placeholder no page text can contain: it is made of letters and digits only (no
        # Markdown extension changes it) and holds a token unknown before the build.
        self.nonce = secrets.token_hex(8)
        self._pending: dict[str, str] = {}

    def block(self, html_text: str) -> str:
        """A placeholder paragraph for `html_text`, kept for the page made next."""
        token = f"TRADEOFFSBLOCK{self.nonce}X{len(self._pending)}Y"  # Y: X1 is no prefix of X10
        self._pending[token] = html_text
        return placeholder(token)

    def take(self, markdown: str | None = None) -> dict[str, str]:
        """The blocks of the page just made (with `markdown`, only those it holds: a team's
        template may leave a table out); the next page starts with none."""
        taken, self._pending = self._pending, {}
        if markdown is not None:
            taken = {token: block for token, block in taken.items() if placeholder(token) in markdown}
        return taken

    def drop(self) -> None:
        """Forget what a failed template asked for."""
        self._pending = {}


def with_front_matter(markdown: str, values: dict[str, Any]) -> str:
    """Add keys a template left out to its front matter (or add front matter).

    Keys are found by a scan of the top-level lines rather than a YAML parse: this runs once per
    decision, and a parse per page was most of the site's generation time.
    """
    body, head = markdown, ""
    match = re.match(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", markdown, re.S)
    if match:
        head, body = match.group(1) or "", markdown[match.end() :]
    existing = set(re.findall(r"^([A-Za-z_][\w-]*)[ \t]*:", head, re.M))
    extra = "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}\n"
        for key, value in values.items()
        if key not in existing
    )
    return f"---\n{head}{extra}---\n{body.lstrip(chr(10))}"
