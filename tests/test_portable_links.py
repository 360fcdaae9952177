"""Links in the HTML blocks of written pages (`tradeoffs pages`) addressed from the page's
source file, as an engine reading the page's raw HTML resolves them (Zensical adjusts them for
directory URLs as it does Markdown links): `site.portable.from_source`."""

from __future__ import annotations

import posixpath

import pytest

from tradeoffs.site.layout import SiteLayout
from tradeoffs.site.portable import from_source


def resolved_by_engine(href: str, page_path: str, page_url: str) -> str:
    """Where a directory-URL engine sends a relative link of a page's raw HTML: it reads it
    from the source file's folder and writes it again from the page's URL (Zensical 0.0.73, as
    observed: `../../ADR-0003/` on `decisions/graph/groups/G.md` became `../../../ADR-0003/`)."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), href))
    return target + ("/" if href.endswith("/") else "")


@pytest.mark.parametrize(
    ("page", "to"),
    [
        ("decisions/graph/groups/ADR-0001.md", "decisions/ADR-0003.md"),
        ("decisions/ADR-0009.md", "decisions/ADR-0003.md"),
        ("decisions/status/accepted.md", "decisions/status/accepted/2.md"),  # a pager's next page
        ("decisions/status/accepted/2.md", "decisions/status/accepted.md"),
        ("decisions/index.md", "decisions/ADR-0003.md"),
        ("decisions/tags/web.md", "decisions/graph/tags/web.md"),
        ("decisions/status/accepted.md", "decisions/status/accepted.md"),  # itself
    ],
)
def test_a_blocks_link_reaches_the_same_page_once_the_engine_has_read_it(page: str, to: str) -> None:
    layout = SiteLayout("decisions")
    href = layout.href(page, to)  # what the plugin writes, from the page's URL
    block = f'<p><a href="{href}">x</a></p>'
    moved = from_source(block, layout.url(page), page)
    new = moved.split('href="', 1)[1].split('"', 1)[0]
    assert resolved_by_engine(new, page, layout.url(page)).rstrip("/") == layout.url(to).rstrip("/")


def test_what_is_not_a_relative_address_is_left_as_it_is() -> None:
    block = (
        '<a href="#links">a</a><a href="/abs/">b</a><a href="https://example.org/x">c</a>'
        '<a href="mailto:a@b.c">d</a><a href="../../ADR-0003/#why">e</a><a href="../../../../../x/">f</a>'
        '<span data-href="../ADR-0003/">g</span>'
    )
    moved = from_source(block, "decisions/graph/groups/ADR-0001/", "decisions/graph/groups/ADR-0001.md")
    assert moved == (
        '<a href="#links">a</a><a href="/abs/">b</a><a href="https://example.org/x">c</a>'
        '<a href="mailto:a@b.c">d</a><a href="../ADR-0003/#why">e</a><a href="../../../../../x/">f</a>'
        '<span data-href="../ADR-0003/">g</span>'
    )


def test_pages_whose_url_is_their_source_folder_keep_their_links() -> None:
    block = '<a href="../ADR-0003/">x</a>'
    assert from_source(block, "decisions/", "decisions/index.md") == block
    assert from_source(block, "./", "index.md") == block
    flat = SiteLayout("decisions", directory_urls=False)
    page = "decisions/graph/groups/ADR-0001.md"
    assert from_source(block, flat.url(page), page) == block
