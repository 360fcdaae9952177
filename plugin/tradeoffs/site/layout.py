"""Where every generated page of a decision site lives, and the address each one gets.

Paths are relative to the docs root (`decisions/ADR-0007.md`); `url` and `href` say what an
engine makes of them, for HTML that no Markdown link rewriting will see.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tradeoffs.adr.view import Layout
from tradeoffs.core.model import Decision


@dataclass(frozen=True)
class SiteLayout(Layout):
    """Where every generated page lives, below `url_prefix`, and the address each one gets."""

    directory_urls: bool = True
    """`decisions/ADR-0007.md` is served at `decisions/ADR-0007/` (else `ADR-0007.html`)."""

    def status_page(self, status: str) -> str:
        return f"{self.url_prefix}/status/{status}.md"

    def tags_page(self) -> str:
        return f"{self.url_prefix}/tags/index.md"

    def tag_page(self, slug: str) -> str:
        return f"{self.url_prefix}/tags/{slug}.md"

    def frameworks_page(self) -> str:
        return f"{self.url_prefix}/frameworks/index.md"

    def open_questions_page(self) -> str:
        return f"{self.url_prefix}/open-questions.md"

    def health_page(self) -> str:
        return f"{self.url_prefix}/health.md"

    def graph_page(self) -> str:
        return f"{self.url_prefix}/graph.md"

    def graph_group_page(self, first_id: str) -> str:
        """The view of the group of linked decisions whose first decision is `first_id`."""
        return f"{self.url_prefix}/graph/groups/{first_id}.md"

    def graph_tag_page(self, slug: str) -> str:
        return f"{self.url_prefix}/graph/tags/{slug}.md"

    def graph_framework_page(self, framework_id: str) -> str:
        return f"{self.url_prefix}/graph/frameworks/{framework_id}.md"

    def link(self, from_page: str, to_page: str) -> str:
        """`Layout.link` without `posixpath.relpath`, which showed high in the site's profile.

        Both paths are relative to the docs root, so dropping their common folders and climbing
        out of what is left of `from_page`'s folder gives the same answer.
        """
        here = from_page.split("/")[:-1]
        there = to_page.split("/")
        if {".", "..", ""} & {*here, *there}:
            return super().link(from_page, to_page)
        return climb(here, there) or "."

    def url(self, page: str) -> str:
        """A page's address relative to the site root, as MkDocs makes it from its path."""
        folder, _, name = page.rpartition("/")
        stem = name[:-3] if name.endswith(".md") else name
        if stem == "index":
            dest = f"{folder}/index.html" if folder else "index.html"
        elif self.directory_urls:
            dest = f"{folder}/{stem}/index.html" if folder else f"{stem}/index.html"
        else:
            dest = f"{folder}/{stem}.html" if folder else f"{stem}.html"
        if self.directory_urls and dest.endswith("index.html"):
            return dest[: -len("index.html")] or "./"
        return dest

    def href(self, from_page: str, to_page: str, anchor: str = "") -> str:
        """The relative address of `to_page` in the HTML of `from_page` (what MkDocs writes for
        a Markdown link between them), for HTML that no Markdown link rewriting will see."""
        from_url, to_url = self.url(from_page), self.url(to_page)
        here = [] if from_url == "./" else from_url.split("/")[:-1]  # the folder it resolves in
        there = [""] if to_url == "./" else to_url.split("/")
        return (climb(here, there) or "./") + (f"#{anchor}" if anchor else "")


def climb(here: list[str], there: list[str]) -> str:
    """The way from folder `here` to `there`: up out of what they do not share, then down."""
    common = 0
    while common < len(here) and common < len(there) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def slugify(value: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return slug or "tag"


def tag_slugs(decisions: Iterable[Decision]) -> dict[str, str]:
    """Tag -> the name of its page: unique, and never `index` (the tags overview)."""
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for tag in sorted({t for d in decisions for t in d.tags}):
        slug, n = slugify(tag), 1
        while slug in used or slug == "index":
            n += 1
            slug = f"{slugify(tag)}-{n}"
        used.add(slug)
        slugs[tag] = slug
    return slugs
