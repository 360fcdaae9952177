"""What one author's text can do to the rest of a page: crash the build, fold the page, take
the plugin's ids, or add Mermaid directives. Each fails on the code before its fix.

The fast tests call the functions; the build tests put the texts in a real decision and build
the site with Material (its search plugin included) as a team would.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import block_outside, mkdocs_build, serve
from diagram_html import drawn
from test_security import write_site
from tradeoffs.adr.open_html import close_open_html, unclosed
from tradeoffs.adr.render import mermaid_label
from tradeoffs.site.sanitize import sanitize
from tradeoffs.site.search import exclude_diagrams
from tradeoffs.site.search_exclusion import guard_exclusions

NESTED_PRE = "<pre data-search-exclude><pre>x</pre></pre>"
NESTED_MERMAID = '<pre class="mermaid"><pre>graph TD; A-->B</pre></pre>'
DIRECTIVE = '%%{init: {"theme": "forest", "themeVariables": {"primaryColor": "#ff0000"}}}%%'

# --- fast: the functions ------------------------------------------------------------------


def test_an_excluded_element_holding_its_own_kind_is_wrapped() -> None:
    cleaned = sanitize(NESTED_PRE + '<h2 data-search-exclude id="a">A</h2><p>after</p>')
    guarded = guard_exclusions(cleaned)
    assert guarded.startswith(
        '<section data-search-exclude><pre data-search-exclude=""><pre>x</pre></pre></section>'
    )
    assert guarded.endswith('<h2 data-search-exclude="" id="user-content-a">A</h2><p>after</p>')
    # a template's excluded <div> around an admonition: one wrapper, around the outermost
    box = '<div data-search-exclude=""><div class="admonition"><div>t</div></div><pre data-search-exclude=""><pre>y</pre></pre></div>'
    assert guard_exclusions(box) == f"<section data-search-exclude>{box}</section>"
    plain = '<div data-search-exclude=""><p>x</p></div><pre><pre>y</pre></pre><div title="a>b">z</div>'
    assert guard_exclusions(plain) == plain  # nothing of its own kind inside an exclusion
    assert "<section" not in sanitize("<section><p>x</p></section>")  # no author can open one
    # one pass: 100,000 nested excluded elements of one kind
    deep = '<div data-search-exclude="">' * 100_000 + "</div>" * 100_000
    assert guard_exclusions(deep).count("<section") == 1


def test_a_diagram_holding_a_pre_is_not_excluded_from_search() -> None:
    fenced = '<pre class="mermaid"><code>graph TD; A--&gt;B</code></pre>'
    assert exclude_diagrams(fenced).startswith('<pre class="mermaid" data-search-exclude="diagram">')
    assert exclude_diagrams(NESTED_MERMAID) == NESTED_MERMAID
    both = NESTED_MERMAID + fenced
    assert exclude_diagrams(both) == NESTED_MERMAID + exclude_diagrams(fenced)


def test_the_plugins_ids_are_renamed_like_the_themes() -> None:
    cleaned = sanitize('<div id="tradeoffs-pagefind">x</div><a href="#tradeoffs-pagefind">y</a>')
    assert 'id="user-content-tradeoffs-pagefind"' in cleaned
    assert 'href="#user-content-tradeoffs-pagefind"' in cleaned
    assert 'id="tradeoffs-pagefind"' not in cleaned


def test_a_text_closes_what_it_opens() -> None:
    assert close_open_html("<details><summary>s</summary>\n\nbody") == (
        "<details><summary>s</summary>\n\nbody\n\n</details>"
    )
    assert unclosed("<div>\n<details>\n\ntext\n\n</div>") == []  # </div> closes both
    assert unclosed("`<details>` and\n\n```\n<div>\n```\n") == []  # code is not HTML
    assert unclosed("<ul><li>one\n\n<blockquote>q") == ["ul", "blockquote"]
    assert close_open_html("plain text") == "plain text"
    # linear: 100,000 unclosed tags in a text of 1 MB are closed, in one pass
    many = "<div>" * 100_000
    assert close_open_html(many).endswith("</div>" * 100_000)


def test_a_title_adds_no_mermaid_directive() -> None:
    label = mermaid_label(f"Pick a cache {DIRECTIVE} %% comment")
    assert "%" not in label and "#37;#37;{init" in label


# --- build: a real site -------------------------------------------------------------------


class Outline(HTMLParser):
    """Which headings sit inside a <details> element, and the ids on the page."""

    VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.folded: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag in ("h2", "h3") and "details" in self.stack:
            self.folded.append(str(found.get("id")))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


def hostile_decision(title: str = "Nested") -> dict[str, object]:
    return {
        "title": title,
        "status": "accepted",
        "date": "2026-01-01",
        "context": f"Before.\n\n{NESTED_PRE}\n\n{NESTED_MERMAID}\n\n<details><summary>folded</summary>\n\nInside.",
        "rationale": f"Because.\n\n{NESTED_PRE}\n\n## Search {{: #tradeoffs-pagefind }}",
        "accepted_costs": ["<details>cost"],
        "options": [{"id": "one", "title": "One"}, {"id": "two", "title": "Two"}],
        "chosen": "one",
    }


def test_nested_pre_folding_details_plugin_ids_and_directives_in_a_real_build(tmp_path: Path) -> None:
    other = dict(hostile_decision(f"Cache {DIRECTIVE}"), related=[1], tags=["directive"])
    root = write_site(tmp_path, {"0001-nested.yml": hostile_decision(), "0002-directive.yml": other})
    site = mkdocs_build(root, strict=True)  # crashed in Material's search plugin before
    page = (site / "decisions" / "ADR-0001" / "index.html").read_text(encoding="utf-8")
    outline = Outline()
    outline.feed(page)
    # the context's <details> holds the context's end, not the sections after it
    assert "<summary>folded</summary>" in page
    assert outline.folded == [], outline.folded
    assert "tradeoffs-pagefind" not in outline.ids and "user-content-tradeoffs-pagefind" in outline.ids
    # what was meant to be left out of search is, and the rest of the page is searchable
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("decisions/ADR-0001/"))
    assert "Before." in texts and "Because." in texts
    # the title with a Mermaid directive is drawn as text in the plugin's diagrams, which
    # Mermaid never reads: a view of the relation graph and the decision's neighbourhood
    [view] = (site / "decisions" / "graph" / "tags").glob("*/index.html")
    graph = view.read_text(encoding="utf-8")
    adr = (site / "decisions" / "ADR-0002" / "index.html").read_text(encoding="utf-8")
    for found in (graph, adr):
        [diagram] = drawn(found)
        assert diagram.box("ADR-0002").title == f"Cache {DIRECTIVE}"
        # no Mermaid source on the page holds the title's directive (the only Mermaid left is
        # the author's own `<pre class="mermaid">`, in the context)
        sources = [
            html.unescape(d) for d in re.findall(r'<pre class="mermaid"[^>]*>(.*?)</pre>', found, re.S)
        ]
        assert not any("%" in d or "init" in d for d in sources), sources
    assert 'class="mermaid"' not in graph


@pytest.mark.browser
def test_a_title_directive_does_not_retheme_or_break_the_graph_in_a_browser(
    browser: Any, tmp_path: Path
) -> None:
    """The view and the decision's neighbourhood show the title as text in its box, in the
    plugin's colours; the view fetches no Mermaid that could read a directive."""
    other = dict(hostile_decision(f"Cache {DIRECTIVE}"), related=[1], tags=["directive"])
    root = write_site(tmp_path, {"0001-nested.yml": hostile_decision(), "0002-directive.yml": other})
    site = mkdocs_build(root, strict=True)
    [view] = (site / "decisions" / "graph" / "tags").glob("*/index.html")
    shown: dict[str, tuple[str, str]] = {}
    with serve(site) as url:
        context = browser.new_context()
        block_outside(context, url + "/")
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url))
        for path in (view.parent.relative_to(site).as_posix(), "decisions/ADR-0002"):
            page.goto(f"{url}/{path}/")
            box = page.locator(".tradeoffs-graph .tradeoffs-graph__node", has_text="ADR-0002")
            shown[path] = (
                box.locator(".tradeoffs-graph__title").inner_text(),
                box.evaluate("e => getComputedStyle(e).backgroundColor"),
            )
            if path != "decisions/ADR-0002":  # its context holds the author's own Mermaid <pre>
                assert not [u for u in fetched if "mermaid" in u.lower()], fetched
        context.close()
    for title, background in shown.values():
        assert title == f"Cache {DIRECTIVE}"
        assert background == "rgb(46, 125, 50)"  # accepted's green, not the directive's red
