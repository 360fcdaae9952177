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
    [view] = (site / "decisions" / "graph" / "tags").glob("*/index.html")
    graph = view.read_text(encoding="utf-8")
    diagrams = re.findall(r'<pre class="mermaid"[^>]*>(.*?)</pre>', graph, re.S)
    assert diagrams and any("init" in d for d in diagrams)  # the title is there, as text
    # Mermaid reads no directive in it: the only one is the plugin's own first line
    assert not any("%" in own_text(d) for d in diagrams), diagrams
    adr = (site / "decisions" / "ADR-0002" / "index.html").read_text(encoding="utf-8")
    assert not any(
        "%" in own_text(d) for d in re.findall(r'<pre class="mermaid"[^>]*>(.*?)</pre>', adr, re.S)
    )


PLUGIN_DIRECTIVE = '%%{init: {"flowchart": {"useMaxWidth": false}}}%%\n'
"""The first line of each of the plugin's diagrams: drawn at their own size, never shrunk."""


def own_text(diagram: str) -> str:
    """A diagram's source after the plugin's own directive line (a diagram of the page's text
    has none)."""
    source = html.unescape(diagram.removeprefix("<code>"))  # Mermaid's own escapes stay: #quot;
    return source.removeprefix(PLUGIN_DIRECTIVE)


MERMAID = (
    Path(__file__).resolve().parents[1] / ".tools" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
)


@pytest.mark.browser
@pytest.mark.skipif(
    not MERMAID.is_file(), reason="mermaid is not installed (scripts/test installs it into .tools/)"
)
def test_a_title_directive_does_not_retheme_or_break_the_graph_in_a_browser(
    browser: Any, tmp_path: Path
) -> None:
    """Mermaid itself draws the graph: the title shows as text, in the theme's colours."""
    from test_browser_graph import OPEN_SHADOWS, rendered

    other = dict(hostile_decision(f"Cache {DIRECTIVE}"), related=[1], tags=["directive"])
    root = write_site(tmp_path, {"0001-nested.yml": hostile_decision(), "0002-directive.yml": other})
    yml = root / "mkdocs.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace(
            "  - tradeoffs\n", f"  - tradeoffs:\n      mermaid_js: {MERMAID}\n"
        ),
        encoding="utf-8",
    )
    site = mkdocs_build(root, strict=True)
    with serve(site) as url:
        context = browser.new_context()
        block_outside(context, url + "/")
        context.add_init_script(OPEN_SHADOWS)
        page = context.new_page()
        [view] = (site / "decisions" / "graph" / "tags").glob("*/index.html")
        page.goto(url + "/" + view.parent.relative_to(site).as_posix() + "/")
        rendered(page)
        svg = page.evaluate(
            "() => [...document.querySelectorAll('div.mermaid')].map(d => d.shadowRoot.innerHTML).join('')"
        )
        context.close()
    assert "#ff0000" not in svg.lower() and "Syntax error" not in svg
    assert "init" in svg  # the title, as text
