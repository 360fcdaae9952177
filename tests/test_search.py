"""Search, the library side: keywords of a decision, where they go on its page, what is marked
out of search, the search script's settings, and the Pagefind marks on a page's HTML."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import markdown as md
import pytest

from conftest import GOOD_DECISION, Project
from tradeoffs.core.config import load_settings
from tradeoffs.core.options import check
from tradeoffs.core.project import load_project
from tradeoffs.site import MentionLinker, SiteLayout, pagefind
from tradeoffs.site.search import (
    KEYWORDS_CLASS,
    SCRIPT,
    Facets,
    decision_facets,
    exclude_diagrams,
    keywords_paragraph,
    search_script,
    with_keywords,
)

REPO = Path(__file__).resolve().parents[1]


def _evaluation(project: Project, text: str) -> Any:
    project.decision("0007-use-alpha.yml", text)
    loaded = load_project(load_settings(cwd=project.root))
    return loaded.evaluations[7]


def test_facets_of_a_decision(project: Project) -> None:
    ev = _evaluation(project, GOOD_DECISION + "tags: [payments, web]\n")
    facets = decision_facets(ev)
    assert (facets.id, facets.short_id, facets.status) == ("ADR-0007", "ADR-7", "accepted")
    assert facets.framework == "test-rules"
    assert facets.chosen == ("alpha",) and facets.chosen_titles == ("Alpha",)
    assert facets.tags == ("payments", "web")
    assert facets.filters() == {
        "status": ["accepted"],
        "framework": ["test-rules"],
        "chosen": ["alpha"],
        "tag": ["payments", "web"],
    }
    assert facets.words() == [
        "ADR-0007",
        "ADR-7",
        "accepted",
        "test-rules",
        "alpha",
        "Alpha",
        "payments",
        "web",
    ]


def test_a_decision_without_framework_or_choice_has_only_its_own_filters() -> None:
    facets = Facets("ADR-0001", "ADR-1", "proposed", None, (), (), ())
    assert facets.filters() == {"status": ["proposed"]}
    assert facets.words() == ["ADR-0001", "ADR-1", "proposed"]


def test_keywords_render_as_one_hidden_paragraph_of_plain_words() -> None:
    hostile = Facets(
        "ADR-0007",
        "ADR-7",
        "accepted",
        "cache-vs-recompute",
        ("a_b",),
        ("*Fast* <b>cache</b>",),
        ("[[ADR-3]]",),
    )
    paragraph = keywords_paragraph(hostile)
    # nothing in it is read as Markdown, HTML or a mention
    linked, missing = MentionLinker([], SiteLayout("decisions"), "ADR").link(
        paragraph, "decisions/ADR-0007.md"
    )
    assert missing == [] and linked == paragraph
    html = md.markdown(paragraph, extensions=["attr_list"])
    assert html.startswith(f'<p class="{KEYWORDS_CLASS}">') and html.count("<p") == 1
    assert "<b>" not in html and "<em>" not in html and "<a" not in html
    text = re.sub(r"<[^>]+>", "", html)
    for word in (
        "ADR-0007",
        "ADR-7",
        "cache-vs-recompute",
        "a_b",
        "*Fast* &lt;b&gt;cache&lt;/b&gt;",
        "[[ADR-3]]",
    ):
        assert word in text, word


def test_keywords_close_the_pages_first_section() -> None:
    page = "# ADR-0007: Use alpha\n\nfirst line\n\n```text\n## not a heading\n```\n\n## Context {#context}\n\nwhy\n"
    placed = with_keywords(page, "KEYWORDS")
    assert placed.index("## not a heading") < placed.index("KEYWORDS") < placed.index("## Context")
    assert placed.replace("KEYWORDS\n\n", "") == page
    # a page with no section after its title gets them at its end
    assert with_keywords("# Title\n\ntext\n", "KEYWORDS") == "# Title\n\ntext\n\nKEYWORDS\n"


def test_mermaid_diagrams_are_left_out_of_search() -> None:
    page = '<p>x</p><pre class="mermaid"><code>graph LR</code></pre><pre class="mermaid"><code>b</code></pre>'
    marked = exclude_diagrams(page)
    assert marked.count('<pre class="mermaid" data-search-exclude="diagram">') == 2
    assert exclude_diagrams(marked) == marked
    assert exclude_diagrams("<pre><code>x</code></pre>") == "<pre><code>x</code></pre>"


def test_search_script_gets_the_sites_settings() -> None:
    source = (REPO / "plugin/tradeoffs/templates/assets" / SCRIPT).read_text(encoding="utf-8")
    script = search_script(source, prefix="DEC", engine="pagefind")
    assert 'var CONFIG = /*tradeoffs:config*/{"prefix": "DEC", "engine": "pagefind"};' in script
    assert script.replace('{"prefix": "DEC", "engine": "pagefind"}', "") == source.replace(
        '{"prefix": "ADR", "engine": "material"}', ""
    )
    with pytest.raises(ValueError, match="marker"):
        search_script("var CONFIG = {};", prefix="ADR", engine="material")


def test_the_search_option_names_an_engine(tmp_path: Path) -> None:
    values, problems = check({"search": "pagefind"}, tmp_path)
    assert values["search"] == "pagefind" and problems == []
    values, problems = check({"search": "lunr"}, tmp_path)
    assert values["search"] == "material"
    assert [p.text() for p in problems] == [
        "Plugin 'tradeoffs' option 'search': 'lunr' is not a search engine the plugin knows; "
        "use one of: material, pagefind"
    ]


PAGE = """<html><body><header>Site</header><nav>Menu</nav>
<article class="md-content__inner md-typeset">
<h1 id="t">ADR-0007: Use alpha</h1>
<h2 data-search-exclude="" id="drivers">Decision Drivers</h2>
<div data-search-exclude>Disagree?</div>
<pre class="mermaid" data-search-exclude="diagram"><code>graph</code></pre>
</article><footer>Made with</footer></body></html>"""


def test_pagefind_reads_a_decisions_article_with_its_filters() -> None:
    facets = Facets("ADR-0007", "ADR-7", "accepted", "test-rules", ("alpha",), ("Alpha",), ("a&b",))
    marked = pagefind.mark_page(PAGE, searchable=True, facets=facets)
    assert marked.count("data-pagefind-ignore") == 4  # three excluded elements, the filters
    assert '<h2 data-search-exclude="" data-pagefind-ignore id="drivers">' in marked
    assert "<div data-search-exclude data-pagefind-ignore>" in marked
    assert (
        '<article class="md-content__inner md-typeset" data-pagefind-body><div hidden data-pagefind-ignore>'
        in marked
    )
    for attribute in (
        'data-pagefind-meta="id:ADR-0007"',
        'data-pagefind-filter="status:accepted"',
        'data-pagefind-filter="framework:test-rules"',
        'data-pagefind-filter="chosen:alpha"',
        # escaped for the attribute, for Pagefind's decoding and for its UI, which prints HTML
        'data-pagefind-filter="tag:a&amp;amp;amp;b"',
    ):
        assert attribute in marked
    assert pagefind.mark_page(marked, searchable=False).count("data-pagefind-ignore") == 4


def test_pagefind_reads_exclusions_in_tags_only() -> None:
    text = "<p>Write data-search-exclude on an element to skip it</p>"
    assert pagefind.mark_page(text, searchable=False) == text  # the page's text is left alone


def test_pagefind_skips_a_page_left_out_of_search() -> None:
    marked = pagefind.mark_page(PAGE, searchable=False)
    assert "data-pagefind-body" not in marked and "data-pagefind-filter" not in marked
    assert marked.count("data-pagefind-ignore") == 3
    # a page without the theme's article is left as it is but for the excluded parts
    assert pagefind.mark_page("<p>x</p>", searchable=True) == "<p>x</p>"


def test_a_missing_pagefind_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    assert pagefind.missing() is None  # installed with the test extra
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name.startswith("pagefind") else real(name, *a)
    )
    message = pagefind.missing()
    assert message is not None and "\n" not in message
    assert "pip install 'pagefind[extended]'" in message
    with pytest.raises(pagefind.PagefindError, match=r"pip install"):
        pagefind.index_site(Path("/nonexistent"))


def test_the_build_suggests_pagefind_from_the_size_measured() -> None:
    """From `SUGGEST_FROM` decisions (1,000: benchmarks/RESULTS.md, "Search at 1,000 and 10,000")
    the theme's search has every reader download the whole index; the build says so, once the
    option would help and never when it is set."""
    from tradeoffs.site.pagefind import SUGGEST_FROM, suggestion

    assert SUGGEST_FROM == 1000
    assert suggestion(SUGGEST_FROM - 1, "material") is None
    advice = suggestion(SUGGEST_FROM, "material")
    assert advice is not None and "'search: pagefind'" in advice and "1,000 decisions" in advice
    assert suggestion(10_000, "pagefind") is None
