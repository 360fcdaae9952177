"""Real `mkdocs build` runs of small sites, checked by the HTML a reader gets."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import CHROMIUM_ARGS, chromium, mkdocs_build, serve
from diagram_html import drawn
from tradeoffs.adr.render import Renderer
from tradeoffs.core.config import Settings
from tradeoffs.core.project import load_project
from tradeoffs.site import MentionLinker, SiteLayout, build_site

CACHE_FACTS = """\
facts:
  computation_expensive: true
  requested_repeatedly: true
  staleness_acceptable: true
  expected_hit_rate_pct: 80
  data_change_rate: rarely
  invalidation_complexity: simple
  hides_root_cause: false
  origin_survives_cold_cache: true
"""

DECISIONS = {
    "0001-cache-product-pages.yml": f"""\
title: Cache product pages
status: superseded
date: 2024-03-01
deciders: [Ana, Bo]
framework: cache-vs-recompute
context: |
  Product pages take 800 ms to build.
{CACHE_FACTS}chosen: cache
tags: [performance, web]
open_questions: [How long should entries live?]
""",
    "0002-recompute-product-pages.yml": """\
title: Recompute product pages after fixing the query
status: accepted
date: 2024-05-01
framework: cache-vs-recompute
supersedes: [ADR-1]
context: |
  We fixed the slow query instead, as ADR-3 suggested. `ADR-1` stays as written.
  <script>alert("x")</script><img src="x.png" onerror="alert(1)"> [bad](javascript:alert(1))
facts:
  computation_expensive: false
  requested_repeatedly: true
  staleness_acceptable: false
  expected_hit_rate_pct: 10
  data_change_rate: constantly
  invalidation_complexity: complex
  hides_root_cause: true
  origin_survives_cold_cache: true
chosen: recompute
tags: [performance]
""",
    "0003-use-hosted-search.yml": """\
title: Use a hosted search service
status: proposed
date: 2024-06-01
options:
  - {id: hosted, title: Hosted search, pros: [No servers to run]}
  - {id: self-run, title: Run our own search, cons: [Another cluster]}
chosen: hosted
related: [2]
tags: [search]
open_questions: [Which vendor?]
template: nygard
""",
}


def make_site(
    root: Path,
    *,
    plugin: str = "  - tradeoffs",
    docs: dict[str, str] | None = None,
    decisions: dict[str, str] | None = None,
    extra: str = "",
) -> Path:
    (root / "decisions").mkdir(parents=True)
    for name, text in (DECISIONS if decisions is None else decisions).items():
        (root / "decisions" / name).write_text(text, encoding="utf-8")
    (root / "docs").mkdir()
    pages = {"index.md": "# Home\n\nOur cache decision is ADR-1; the current one is [[ADR-2]].\n"}
    pages.update(docs or {})
    for name, text in pages.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        textwrap.dedent("""\
        site_name: Test decisions
        site_url: https://decisions.example.com/
        theme:
          name: material
        plugins:
          - search
        """)
        + plugin
        + "\n"
        + textwrap.dedent("""\
        markdown_extensions:
          - pymdownx.superfences:
              custom_fences:
                - name: mermaid
                  class: mermaid
                  format: !!python/name:pymdownx.superfences.fence_code_format
        """)
        + extra,
        encoding="utf-8",
    )
    return root


def article(site: Path, path: str) -> str:
    page = (site / path).read_text(encoding="utf-8")
    start = page.index("<article")
    return page[start : page.index("</article>", start)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("site"), plugin="  - tags\n  - tradeoffs")
    return mkdocs_build(root)


def test_adr_page_has_sections_with_stable_anchors(built: Path) -> None:
    html = article(built, "decisions/ADR-0001/index.html")
    assert "ADR-0001: Cache product pages" in html
    for anchor in (
        "context",
        "decision",
        "analysis",
        "consequences",
        "accepted-costs",
        "failure-costs",
        "open-questions",
        "more-information",
    ):
        assert f'id="{anchor}"' in html, anchor
    assert 'class="adr-status adr-status--superseded"' in html
    assert "Cache the result" in html and "The choice agrees with the framework" in html
    assert "How long should entries live?" in html
    assert "Ana, Bo" in html


def test_superseded_decision_has_banner_to_its_successor(built: Path) -> None:
    html = article(built, "decisions/ADR-0001/index.html")
    banner = html[html.index('class="admonition warning"') :]
    assert "Superseded by ADR-0002" in banner
    assert 'href="../ADR-0002/"' in banner.split("</div>")[0]
    successor = article(built, "decisions/ADR-0002/index.html")
    assert 'href="../ADR-0001/"' in successor  # supersedes, the other direction


def test_related_links_go_both_ways(built: Path) -> None:
    assert 'href="../ADR-0002/"' in article(built, "decisions/ADR-0003/index.html")
    assert 'href="../ADR-0003/"' in article(built, "decisions/ADR-0002/index.html")


def test_generated_html_is_sanitised(built: Path) -> None:
    html = article(built, "decisions/ADR-0002/index.html")
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert '<img src="x.png">' in html


def test_log_lists_every_decision(built: Path) -> None:
    html = article(built, "decisions/index.html")
    rows = re.findall(r"<tr>\s*<td[^>]*>(\d+)</td>", html)
    assert rows == ["1", "2", "3"]
    assert "data-tradeoffs-log" in html
    assert 'href="../decisions/ADR-0002/"' not in html and 'href="ADR-0002/"' in html
    page = (built / "decisions/index.html").read_text(encoding="utf-8")
    assert "assets/tradeoffs/tradeoffs.js" in page and "assets/tradeoffs/tradeoffs.css" in page
    assert (built / "assets/tradeoffs/tradeoffs.js").is_file()


def test_framework_page(built: Path) -> None:
    html = article(built, "decisions/frameworks/cache-vs-recompute/index.html")
    assert "Cache the result" in html and 'id="criteria"' in html
    assert 'href="../../ADR-0001/"' in html and 'href="../../ADR-0002/"' in html
    assert 'href="../../ADR-0003/"' not in html
    assert "Cache vs recompute" in article(built, "decisions/frameworks/index.html")
    # a criterion the guidance does not contain is marked as the framework's own, with its reason
    cost = article(built, "decisions/frameworks/cost-vs-latency/index.html")
    assert "The framework's own, not in its source: Not in the guidance: providers cache only" in cost
    rag = article(built, "decisions/frameworks/rag-vs-finetuning-vs-prompting/index.html")
    assert "When it passes, it is kept and the walk goes on" in rag


def test_status_and_tag_pages(built: Path) -> None:
    accepted = article(built, "decisions/status/accepted/index.html")
    assert "ADR-0002" in accepted and "ADR-0001" not in accepted
    tag = article(built, "decisions/tags/performance/index.html")
    assert "ADR-0001" in tag and "ADR-0002" in tag and "ADR-0003" not in tag
    assert 'href="search/"' in article(built, "decisions/tags/index.html")


def test_open_questions_page(built: Path) -> None:
    html = article(built, "decisions/open-questions/index.html")
    assert "Which vendor?" in html and 'href="../ADR-0003/#open-questions"' in html
    assert "How long should entries live?" not in html  # superseded: no longer open


def test_graph_page_draws_its_diagram(built: Path) -> None:
    # the three decisions are one group; the graph page lists its view, which draws it
    index = article(built, "decisions/graph/index.html")
    assert "tradeoffs-graph" not in index and 'href="groups/ADR-0001/"' in index
    html = article(built, "decisions/graph/groups/ADR-0001/index.html")
    assert 'class="mermaid"' not in html  # drawn when the site is built, no script needed
    [diagram] = drawn(html)
    # every box links to its decision's page, as MkDocs addresses it from this one
    assert {b.label: b.href for b in diagram.boxes} == {
        f"ADR-000{n}": f"../../../ADR-000{n}/" for n in (1, 2, 3)
    }
    assert sorted(diagram.lines) == [
        ("ADR-0002", "supersedes", "ADR-0001"),
        ("ADR-0003", "related", "ADR-0002"),
    ]
    assert diagram.heads == 1  # the arrow of the one `supersedes`
    # statuses are coloured, with a legend in the badges' colours
    first = diagram.box("ADR-0001")
    assert first.status == "superseded"
    assert first.classes == ["tradeoffs-graph__node", "tradeoffs-graph__node--superseded"]
    assert diagram.box("ADR-0002").title == "Recompute product pages after fixing the query"
    assert '<span class="adr-status adr-status--superseded">superseded</span>' in html


def test_adr_page_shows_its_neighbourhood(built: Path) -> None:
    html = article(built, "decisions/ADR-0002/index.html")
    assert 'class="mermaid"' not in html
    [diagram] = drawn(html)
    assert diagram.label == "ADR-0002 and the decisions linked to it"
    here = diagram.box("ADR-0002")
    assert here.current and here.href is None and here.status == "accepted"
    assert "tradeoffs-graph__node--here" in here.classes
    superseded = diagram.box("ADR-0001")
    assert (superseded.title, superseded.status, superseded.href) == (
        "Cache product pages",
        "superseded",
        "../ADR-0001/",
    )
    related = diagram.box("ADR-0003")
    assert (related.title, related.href) == ("Use a hosted search service", "../ADR-0003/")
    assert sorted(diagram.lines) == [
        ("ADR-0002", "related", "ADR-0003"),
        ("ADR-0002", "supersedes", "ADR-0001"),
    ]


def test_short_url_redirects(built: Path) -> None:
    text = (built / "adr/2/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../../decisions/ADR-0002/"' in text
    assert 'rel="canonical" href="https://decisions.example.com/decisions/ADR-0002/"' in text


def test_mentions_become_links(built: Path) -> None:
    html = article(built, "index.html")
    assert '<a href="decisions/ADR-0001/" title="Cache product pages">ADR-1</a>' in html
    assert (
        '<a href="decisions/ADR-0002/">ADR-0002: Recompute product pages after fixing the query</a>'
    ) in html
    adr2 = article(built, "decisions/ADR-0002/index.html")
    assert "<code>ADR-1</code>" in adr2  # code spans are left alone


def test_per_decision_template(built: Path) -> None:
    html = article(built, "decisions/ADR-0003/index.html")
    assert 'id="status"' in html  # Nygard's Status section
    assert 'id="drivers"' not in html


def test_search_index_has_decisions(built: Path) -> None:
    index = json.loads((built / "search/search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    assert "decisions/ADR-0002/" in docs
    assert docs["decisions/ADR-0002/"]["title"].startswith("ADR-0002: Recompute")
    first = docs["decisions/ADR-0001/"]["text"]
    assert "superseded" in first and "Cache vs recompute" in first
    assert "decisions/" not in docs  # the log is excluded; the decisions are the results
    assert docs["decisions/ADR-0001/"].get("tags") == ["performance", "web"]


def test_search_skips_sections_with_only_the_frameworks_text(built: Path) -> None:
    """What we accept and the open questions are searchable where the team wrote in them."""
    index = json.loads((built / "search/search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d["text"] for d in index["docs"]}
    # ADR-1 wrote an open question; its accepted costs are the framework's (cache's costs)
    assert "How long should entries live?" in docs["decisions/ADR-0001/#open-questions"]
    assert "decisions/ADR-0001/#accepted-costs" not in docs
    assert "decisions/ADR-0002/#open-questions" not in docs
    assert "decisions/ADR-0001/#drivers" not in docs
    # a decision without a framework: everything is its own
    assert "Which vendor?" in docs["decisions/ADR-0003/#open-questions"]
    for page in ("decisions/open-questions/", "decisions/graph/", "decisions/status/accepted/"):
        assert page not in docs
    framework = [t for loc, t in docs.items() if loc.startswith("decisions/frameworks/cache")]
    assert framework and not any("ADR-0001" in t for t in framework)  # its table is skipped
    page = article(built, "decisions/ADR-0001/index.html")
    assert 'id="accepted-costs"' in page  # on the page all the same


def test_nav_lists_index_pages_not_each_adr(built: Path) -> None:
    page = (built / "decisions/ADR-0001/index.html").read_text(encoding="utf-8")
    nav = page[page.index('class="md-nav md-nav--primary"') : page.index('class="md-content"')]
    nav = nav[: nav.index('class="md-nav md-nav--secondary"')]  # the page's own table of contents
    assert "Decision log" in nav and "Open questions" in nav and "Cache vs recompute" in nav
    assert "ADR-0002" not in nav and "Recompute product pages" not in nav


def test_strict_build_passes_and_says_nothing_about_nav(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = make_site(tmp_path)
    with caplog.at_level(logging.INFO):
        mkdocs_build(root)
    assert 'not included in the "nav"' not in caplog.text


def test_missing_mention_fails_strict(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = make_site(tmp_path, docs={"notes.md": "# Notes\n\nSee ADR-42 and `ADR-43`.\n"})
    with pytest.raises(Abort):
        mkdocs_build(root)
    assert "docs/notes.md:3: ADR-42 names a decision that does not exist" in caplog.text
    assert "ADR-43" not in caplog.text


def test_unknown_template_is_a_clear_error(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = make_site(tmp_path, plugin="  - tradeoffs:\n      template: madrr")
    with pytest.raises(Abort):
        mkdocs_build(root)
    assert "unknown template 'madrr'; built-in templates: madr, nygard, y-statement" in caplog.text


def test_missing_decisions_folder_is_a_clear_error(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = make_site(tmp_path, plugin="  - tradeoffs:\n      decisions_dir: adrs")
    with pytest.raises(Abort):
        mkdocs_build(root)
    assert re.search(r"the decisions folder \S*adrs does not exist; create it", caplog.text)


def test_unknown_template_of_one_decision_is_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    decisions = dict(DECISIONS)
    decisions["0003-use-hosted-search.yml"] = decisions["0003-use-hosted-search.yml"].replace(
        "template: nygard", "template: nygaard"
    )
    root = make_site(tmp_path, decisions=decisions)
    with pytest.raises(Abort):
        mkdocs_build(root)
    assert re.search(
        r"decisions/0003-use-hosted-search\.yml:11:\d+: warning: unknown template "
        r"'nygaard'.*the page uses 'madr' instead",
        caplog.text,
    )


def test_decision_problem_is_a_warning_with_its_place(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    decisions = dict(DECISIONS)
    decisions["0004-bad.yml"] = (
        "title: Bad\nstatus: proposed\ndate: 2024-01-01\noptions: [{id: a, title: A}]\nrelated: [99]\n"
    )
    root = make_site(tmp_path, decisions=decisions)
    with pytest.raises(Abort):
        mkdocs_build(root)
    assert re.search(r"decisions/0004-bad\.yml:5:\d+: error: related names decision 99", caplog.text)
    mkdocs_build(root, strict=False)  # still published
    assert (root / "site/decisions/ADR-0004/index.html").is_file()


def test_team_template_overrides_and_extends_builtin(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (root / "templates").mkdir()
    (root / "templates/madr.md.j2").write_text(
        '{% extends "builtin/madr.md.j2" %}\n{% block header %}Owned by the platform team.\n{% endblock %}\n',
        encoding="utf-8",
    )
    site = mkdocs_build(root)
    html = article(site, "decisions/ADR-0001/index.html")
    assert "Owned by the platform team." in html
    assert 'id="accepted-costs"' in html  # the rest of the built-in template is kept
    assert "Owned by the platform team." not in article(site, "decisions/ADR-0003/index.html")


def test_an_edited_template_is_compiled_anew_in_the_same_process(tmp_path: Path) -> None:
    """Compiled templates are kept for the process (serve, repeated commands); an edit to a
    team template must still show on the next render, with the same name and file."""
    folder = tmp_path / "templates"
    folder.mkdir()
    page = folder / "madr.md.j2"
    page.write_text("first {{ 1 + 1 }}\n", encoding="utf-8")
    assert Renderer(folder, tmp_path).render("madr") == "first 2\n"
    page.write_text("second {{ 2 + 2 }}\n", encoding="utf-8")
    assert Renderer(folder, tmp_path).render("madr") == "second 4\n"


@pytest.mark.build
def test_team_overrides_an_overview_page_template(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (root / "templates/site").mkdir(parents=True)
    (root / "templates/site/log.md.j2").write_text(
        '{% extends "builtin/site/log.md.j2" %}\n', encoding="utf-8"
    )
    (root / "templates/site/status.md.j2").write_text(
        textwrap.dedent("""\
        # {{ page.title | inline }}

        Ask the architecture guild before changing these.

        {% for d in page.decisions %}
        - [{{ d.id }}]({{ page.link(d.page) }}) chose {{ d.chosen | join(" + ") | inline }}
        {% endfor %}
        """),
        encoding="utf-8",
    )
    site = mkdocs_build(root)
    accepted = article(site, "decisions/status/accepted/index.html")
    assert "Ask the architecture guild" in accepted
    assert '<a href="../../ADR-0002/">ADR-0002</a> chose Recompute' in accepted
    assert "<table" not in accepted  # the team's page, not the built-in table
    log = article(site, "decisions/index.html")  # extends the built-in one: unchanged
    assert "<table" in log and "ADR-0003: Use a hosted search service" in log


@pytest.mark.build
def test_a_failing_overview_template_is_reported_and_the_builtin_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = make_site(tmp_path)
    (root / "templates/site").mkdir(parents=True)
    (root / "templates/site/tags.md.j2").write_text("# Tags\n\n{{ page.no_such_field }}\n", encoding="utf-8")
    with pytest.raises(Abort):
        mkdocs_build(root)
    assert re.search(
        r"templates/site/tags\.md\.j2:3:1: warning: .*no_such_field.*the Tags page uses the "
        r"built-in template",
        caplog.text,
    )
    site = mkdocs_build(root, strict=False)
    assert 'href="performance/"' in article(site, "decisions/tags/index.html")


def test_site_template_option(tmp_path: Path) -> None:
    root = make_site(tmp_path, plugin="  - tradeoffs:\n      template: y-statement")
    html = article(mkdocs_build(root), "decisions/ADR-0002/index.html")
    assert "In the context of" in html and "we decided for" in html


def test_cli_strict_build(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (root / "site/decisions/ADR-0003/index.html").is_file()


def test_repository_demo_site_builds_strict(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    mkdocs_build(repo, site_dir=tmp_path / "site")
    for number in (1, 2):
        assert (tmp_path / f"site/adr/{number}/index.html").is_file()
    for page in (
        "decisions/index.html",
        "decisions/graph/index.html",
        "decisions/open-questions/index.html",
        "decisions/frameworks/index.html",
    ):
        assert (tmp_path / "site" / page).is_file()


# --- the engine-agnostic core, without MkDocs ---------------------------------------------


def test_site_pages_are_plain_markdown(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    project = load_project(Settings.from_options(root, {}))
    site = build_site(project, Renderer(root / "templates"))
    pages = site.markdown()
    assert "decisions/ADR-0001.md" in pages and "decisions/index.md" in pages
    assert pages["decisions/ADR-0001.md"].startswith("---\n")
    assert site.short_links["adr/1/"] == "decisions/ADR-0001.md"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("see ADR-1.", 'see [ADR-1](../decisions/ADR-0001.md "One").'),
        ("see ADR-0001", 'see [ADR-0001](../decisions/ADR-0001.md "One")'),
        ("see [[ADR-1#accepted-costs]]", "see [ADR-0001: One](../decisions/ADR-0001.md#accepted-costs)"),
        ("see [[ADR-1|the cache decision]]", "see [the cache decision](../decisions/ADR-0001.md)"),
        (
            "see [[ADR-1#context | why *we* cached]]",
            "see [why \\*we\\* cached](../decisions/ADR-0001.md#context)",
        ),
        ("[[ADR-1| ]]", "[ADR-0001: One](../decisions/ADR-0001.md)"),
        ("`ADR-1`", "`ADR-1`"),
        ("[ADR-1](x.md)", "[ADR-1](x.md)"),
        ("<https://x.org/ADR-1>", "<https://x.org/ADR-1>"),
        ("https://x.org/ADR-1", "https://x.org/ADR-1"),
        ("## About ADR-1", "## About ADR-1"),
        ("```\nADR-1\n```", "```\nADR-1\n```"),
        ("text\n\n    ADR-1 in code", "text\n\n    ADR-1 in code"),
        ("- item\n\n    ADR-1 in a list", '- item\n\n    [ADR-1](../decisions/ADR-0001.md "One") in a list'),
        ("file ADR-1.md", "file ADR-1.md"),
        ("XADR-1", "XADR-1"),
    ],
)
def test_mention_linker(source: str, expected: str) -> None:
    from tradeoffs.core.model import Decision

    one = Decision(
        number=1, slug="one", path="decisions/0001-one.yml", title="One", status="accepted", date=None
    )
    linker = MentionLinker([one], SiteLayout("decisions"), "ADR")
    out, missing = linker.link(source, "notes/page.md")
    assert out == expected
    assert missing == []


def test_mention_linker_reports_missing_decisions_with_line() -> None:
    linker = MentionLinker([], SiteLayout("decisions"), "ADR")
    out, missing = linker.link("one\n\nsee ADR-9 and [[ADR-10]]\n", "page.md")
    assert out == "one\n\nsee ADR-9 and [[ADR-10]]\n"
    assert [(m.line, m.text, m.number) for m in missing] == [(3, "ADR-9", 9), (3, "ADR-10", 10)]


def test_serve_watches_decisions_frameworks_and_templates(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (root / "frameworks").mkdir()
    (root / "templates").mkdir()
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_config(config)
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    config.plugins["tradeoffs"].on_serve(Server(), config=config, builder=None)
    assert sorted(Path(p).name for p in watched) == ["decisions", "frameworks", "templates"]


# --- HTML blocks of the overview pages -----------------------------------------------------


@pytest.mark.parametrize("directory_urls", [True, False])
def test_html_block_links_are_the_links_mkdocs_would_write(directory_urls: bool) -> None:
    from mkdocs.structure.files import File
    from mkdocs.utils import get_relative_url

    layout = SiteLayout("decisions", directory_urls)
    paths = [
        "index.md",
        "a.md",
        "decisions/index.md",
        "decisions/ADR-0007.md",
        "decisions/status/accepted.md",
        "decisions/tags/index.md",
        "decisions/tags/x-2.md",
        "decisions/frameworks/index.md",
        "decisions/frameworks/cache.md",
        "x/y/z/w.md",
    ]
    for a in paths:
        for b in paths:
            want = get_relative_url(
                File(b, "/d", "/s", directory_urls).url, File(a, "/d", "/s", directory_urls).url
            )
            assert layout.href(a, b) == want, (a, b)
    assert layout.href("decisions/index.md", "decisions/ADR-0007.md", "open-questions") == (
        "ADR-0007/#open-questions" if directory_urls else "ADR-0007.html#open-questions"
    )


def _links_resolve(site: Path, page: str) -> list[str]:
    """Every link in a page's article that points into the site, and whether its target exists."""
    from urllib.parse import urljoin, urlsplit

    base = "http://x/" + page
    missing = []
    hrefs = re.findall(r'href="([^"#]*)(?:#[^"]*)?"', article(site, page))
    assert hrefs
    for href in hrefs:
        if not href or href.startswith(("http:", "https:", "mailto:")):
            continue
        path = urlsplit(urljoin(base, href)).path.lstrip("/")
        target = site / path
        if path.endswith("/") or path == "":
            target = target / "index.html"
        if not target.is_file():
            missing.append(href)
    return missing


@pytest.mark.parametrize("directory_urls", ["true", "false"])
def test_overview_pages_link_to_pages_that_exist(tmp_path: Path, directory_urls: str) -> None:
    root = make_site(tmp_path, extra=f"use_directory_urls: {directory_urls}\n")
    site = mkdocs_build(root)
    name = "index.html" if directory_urls == "true" else ""
    pages = [
        "decisions/index.html",
        "decisions/open-questions/index.html",
        "decisions/status/accepted/index.html",
        "decisions/tags/performance/index.html",
        "decisions/frameworks/cache-vs-recompute/index.html",
        "decisions/graph/index.html",
        "decisions/health/index.html",
    ]
    if not name:
        pages = [
            p.replace("/index.html", ".html").replace("decisions.html", "decisions/index.html") for p in pages
        ]
    for page in pages:
        assert _links_resolve(site, page) == [], page
        assert "TRADEOFFSBLOCK" not in (site / page).read_text(encoding="utf-8")


def test_a_placeholder_in_decision_text_stays_text(tmp_path: Path) -> None:
    """The blocks' placeholders hold a token made per build: text cannot name one."""
    decisions = dict(DECISIONS)
    decisions["0003-use-hosted-search.yml"] = decisions["0003-use-hosted-search.yml"].replace(
        "title: Use a hosted search service", "title: TRADEOFFSBLOCK0X0 and TRADEOFFSBLOCK"
    )
    root = make_site(tmp_path, decisions=decisions)
    site = mkdocs_build(root)
    log = article(site, "decisions/index.html")
    assert "ADR-0003: TRADEOFFSBLOCK0X0 and TRADEOFFSBLOCK</a>" in log
    assert log.count("<table") == 1


def test_overview_tables_are_html_blocks_in_the_engine_agnostic_pages(tmp_path: Path) -> None:
    from tradeoffs.site import place_blocks

    root = make_site(tmp_path)
    project = load_project(Settings.from_options(root, {}))
    site = build_site(project, Renderer(root / "templates"))
    log = site.pages["decisions/index.md"]
    filters, (token, table) = log.blocks.items()  # the log's filter box, then its table
    assert "data-tradeoffs-log" in filters[1]
    assert f"{token}\n{{: data-search-exclude }}" in log.markdown
    assert table.startswith("<table") and "ADR-0003" in table
    assert token not in site.markdown()["decisions/index.md"]
    assert f"\n\n{table}\n" in site.markdown()["decisions/index.md"]  # a raw HTML block
    blocks = {token: table}
    placed, lost = place_blocks(blocks, f'<h1>Log</h1>\n<p data-search-exclude="">{token}</p>\n')
    assert placed == f"<h1>Log</h1>\n{table}\n" and lost == []
    assert place_blocks(blocks, "<p>changed</p>") == ("<p>changed</p>", [token])


# --- ADR pages as readers meet them (issue 15) ---------------------------------------------

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own demo site, built strict: its decisions are committed, so it has
    history from git."""
    site = tmp_path_factory.mktemp("demo") / "site"
    mkdocs_build(REPO, site_dir=site)
    return site


def _ids(html_text: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html_text)


@pytest.mark.build
def test_every_id_on_every_adr_page_is_unique(demo: Path) -> None:
    pages = sorted((demo / "decisions").glob("ADR-*/index.html"))
    assert len(pages) >= 10
    for page in pages:
        ids = _ids(page.read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), (page, sorted({i for i in ids if ids.count(i) > 1}))
    several = article(demo, "decisions/ADR-0005/index.html")  # chose scale up and scale out
    assert 'id="pattern"' in several and 'id="pattern-scale-out"' in several


@pytest.mark.build
def test_adr_page_has_link_preview_meta(demo: Path) -> None:
    page = (demo / "decisions/ADR-0005/index.html").read_text(encoding="utf-8")
    head = page[: page.index("</head>")]
    meta = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[\w:]+)" content="([^"]*)"', head))
    assert (
        meta["og:title"]
        == meta["twitter:title"]
        == ("ADR-0005: Scale the checkout database up and the checkout API out")
    )
    assert meta["og:description"].startswith(
        "Accepted: Scale up (vertical) + Scale out (horizontal) (Scale up vs scale out). "
        "Last Black Friday the checkout handled 12× its normal load"
    )
    assert "**" not in meta["og:description"]
    assert meta["og:type"] == "article" and meta["twitter:card"] == "summary"
    assert meta["og:site_name"] == "mkdocs-tradeoffs"
    assert "og:title" not in (demo / "decisions/index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_tags_are_shown_once_and_link_to_their_pages(demo: Path) -> None:
    html_text = article(demo, "decisions/ADR-0005/index.html")
    assert re.search(r'<nav class="md-tags" hidden>', html_text)  # Material's copy is hidden
    assert html_text.count(">checkout</a>") == 1
    assert '<a href="../tags/checkout/">checkout</a>' in html_text
    assert (demo / "decisions/tags/checkout/index.html").is_file()
    assert "<code>checkout</code>" not in html_text


@pytest.mark.build
def test_history_from_git_on_each_adr_page(demo: Path) -> None:
    path = "decisions/0005-scale-checkout-database-up-and-api-out.yml"
    last = (
        subprocess.run(
            ["git", "log", "-1", "--format=%H%x1f%as", "--", path],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .split("\x1f")
    )
    html_text = article(demo, "decisions/ADR-0005/index.html")
    history = html_text[html_text.index('id="history"') :]
    assert "Accepted on" in history
    assert (
        f"Last changed on {last[1]}" in history
        and f'href="https://github.com/mkdocs-tradeoffs/mkdocs-tradeoffs/commit/{last[0]}"' in history
    )


@pytest.mark.build
def test_history_follows_status_changes_and_a_site_without_git_has_none(tmp_path: Path, built: Path) -> None:
    assert 'id="history"' not in article(built, "decisions/ADR-0001/index.html")  # no git there
    root = make_site(tmp_path, extra="repo_url: https://git.example.com/team/adrs\n")
    git = ["git", "-c", "user.name=Ana Lima", "-c", "user.email=ana@example.com"]

    def commit(message: str, date: str) -> str:
        env = {
            "GIT_AUTHOR_DATE": f"{date}T10:00:00",
            "GIT_COMMITTER_DATE": f"{date}T10:00:00",
            "PATH": "/usr/bin:/bin",
        }
        subprocess.run([*git, "add", "-A"], cwd=root, check=True, env=env)
        subprocess.run([*git, "commit", "-q", "-m", message], cwd=root, check=True, env=env)
        return subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()

    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    decision = root / "decisions/0003-use-hosted-search.yml"
    first = commit("Propose hosted search", "2024-06-01")
    decision.write_text(decision.read_text().replace("status: proposed", "status: accepted"))
    second = commit("Accept hosted search", "2024-06-20")
    decision.write_text(decision.read_text().replace("tags: [search]", "tags: [search, ops]"))
    third = commit("Tag hosted search", "2024-07-02")
    html_text = article(mkdocs_build(root), "decisions/ADR-0003/index.html")
    history = html_text[html_text.index('id="history"') :]
    url = "https://git.example.com/team/adrs/commit/"
    assert f'Proposed on 2024-06-01 by Ana Lima (<a href="{url}{first}">{first[:7]}</a>)' in history
    assert f'Accepted on 2024-06-20 by Ana Lima (<a href="{url}{second}">' in history
    assert f'Last changed on 2024-07-02 by Ana Lima (<a href="{url}{third}">' in history
    assert "Tag hosted search" in history


def test_git_log_is_read_in_one_pass() -> None:
    from tradeoffs.core.gitrepo import Commit, LogEntry, parse_changes
    from tradeoffs.site.history import from_log

    c1, c2, c3 = ("1" * 40, "2" * 40, "3" * 40)
    text = (
        f"\x1e{c3}\0\n:100644 100644 a b M\0d/1.yml\0\0diff --git a/d/1.yml b/d/1.yml\n"
        "--- a/d/1.yml\n+++ b/d/1.yml\n@@ -2 +2 @@\n-status: accepted\n+status: deprecated\n"
        f"\x1e{c2}\0\n:100644 100644 a b M\0d/1.yml\0:000000 100644 0 c A\0d/2.yml\0\0"
        "diff --git a/d/1.yml b/d/1.yml\n--- a/d/1.yml\n+++ b/d/1.yml\n@@ -1 +1 @@\n-title: A\n+title: A2\n"
        "diff --git a/d/2.yml b/d/2.yml\n--- /dev/null\n+++ b/d/2.yml\n@@ -0,0 +1,2 @@\n"
        "+title: B\n+status: 'proposed'  # for now\n"
        f"\x1e{c1}\0\n:000000 100644 0 a A\0d/1.yml\0\0diff --git a/d/1.yml b/d/1.yml\n"
        "--- /dev/null\n+++ b/d/1.yml\n@@ -0,0 +1,2 @@\n+title: A\n+status: accepted\n"
    )
    meta = {c1: ("2024-01-01", "Ana", "Add A"), c2: ("2024-02-01", "Ana", "Retitle A, add B")}
    meta[c3] = ("2024-03-01", "Bo", "Deprecate A")
    entries = [LogEntry(Commit(sha, *meta[sha]), tuple(changes)) for sha, changes in parse_changes(text)]
    history = from_log(entries, Path("/r"))
    one, two = history[Path("/r/d/1.yml")], history[Path("/r/d/2.yml")]
    assert [(c.status, c.commit.sha) for c in one.changes] == [("accepted", c1), ("deprecated", c3)]
    assert one.last is not None and one.last.subject == "Deprecate A"
    assert [(c.status, c.commit.author) for c in two.changes] == [("proposed", "Ana")]


@pytest.mark.build
def test_banners_for_proposed_and_deprecated_decisions(tmp_path: Path, built: Path) -> None:
    proposed = article(built, "decisions/ADR-0003/index.html")
    assert '<p class="admonition-title">Proposed</p>' in proposed
    decisions = dict(DECISIONS)
    decisions["0003-use-hosted-search.yml"] = decisions["0003-use-hosted-search.yml"].replace(
        "status: proposed", "status: deprecated"
    )
    deprecated = article(
        mkdocs_build(make_site(tmp_path, decisions=decisions)), "decisions/ADR-0003/index.html"
    )
    assert '<p class="admonition-title">Deprecated</p>' in deprecated
    assert "Proposed</p>" not in deprecated
    assert "admonition-title" not in article(built, "decisions/ADR-0002/index.html")  # accepted
    head = (built / "decisions/ADR-0003/index.html").read_text(encoding="utf-8")
    assert (
        '<meta property="og:url" content="https://decisions.example.com/decisions/ADR-0003/">' in head
    )  # with site_url


@pytest.mark.parametrize(
    ("context", "sentence"),
    [
        ("Product pages take **800 ms** to build. We cache.", "Product pages take 800 ms to build."),
        ("See [the plan](https://x.org/p) and `ADR-1`! More.", "See the plan and ADR-1!"),
        ("No full stop <b>here</b>", "No full stop here"),
        ("", ""),
        ("word " * 60, ("word " * 40)[:199].rstrip() + "…"),
    ],
)
def test_link_preview_summary_is_one_plain_sentence(context: str, sentence: str) -> None:
    from tradeoffs.site.link_preview import first_sentence

    assert first_sentence(context) == sentence


def _contrast(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)  # against white text


def test_status_badges_have_enough_contrast() -> None:
    css = (REPO / "plugin/tradeoffs/templates/assets/tradeoffs.css").read_text(encoding="utf-8")
    badges = dict(re.findall(r"\.adr-status--(\w+) \{ background: (#[0-9a-f]{6}); \}", css))
    assert set(badges) == {"accepted", "proposed", "rejected", "deprecated", "superseded"}
    for status, colour in badges.items():
        assert _contrast(colour) >= 4.5, (status, colour)


@pytest.mark.build
def test_y_statement_makes_code_of_backticks(tmp_path: Path) -> None:
    decisions = dict(DECISIONS)
    decisions["0003-use-hosted-search.yml"] = (
        decisions["0003-use-hosted-search.yml"]
        .replace(
            "chosen: hosted",
            "chosen: hosted\nrationale: the `search-api` client is ready.\n"
            "context: The `/search` endpoint is slow. It needs a fix.",
        )
        .replace("template: nygard", "template: y-statement")
    )
    root = make_site(tmp_path, decisions=decisions)
    html_text = article(mkdocs_build(root), "decisions/ADR-0003/index.html")
    statement = html_text[html_text.index("In the context of") : html_text.index("</blockquote>")]
    assert "<code>/search</code> endpoint is slow" in statement
    assert "<code>search-api</code> client is ready" in statement
    assert "`" not in statement


@pytest.mark.build
def test_health_chart_has_every_month_and_a_legend(built: Path) -> None:
    health = article(built, "decisions/health/index.html")
    chart = health[health.index('id="per-month"') : health.index('id="options-chosen"')]
    assert re.findall(r"<td>(\d{4}-\d\d)</td>", chart) == [
        "2024-03",
        "2024-04",
        "2024-05",
        "2024-06",
    ]  # April: none, still there
    assert 'class="tradeoffs-swatch adr-status--accepted"></span>Accepted' in chart
    assert "mermaid" not in health


@pytest.mark.browser
def test_adr_page_and_log_in_a_browser(demo: Path) -> None:
    """No repeated ids and the link-preview meta, as a browser sees the page; sort buttons."""
    chromium_path, sync_api = chromium()
    with serve(demo) as url:
        base = url + "/"
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
            tab = browser.new_page()
            tab.route(
                "**/*",
                lambda route: route.continue_() if route.request.url.startswith(base) else route.abort(),
            )
            tab.goto(base + "decisions/ADR-0005/")
            repeated = tab.evaluate("""() => {
                const seen = {}, twice = [];
                for (const el of document.querySelectorAll('[id]')) {
                    if (seen[el.id]) twice.push(el.id); seen[el.id] = true;
                }
                return twice; }""")
            assert repeated == []
            og = tab.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
                'meta[property^="og:"], meta[name^="twitter:"]')].map(m => [
                m.getAttribute('property') || m.getAttribute('name'), m.content]))""")
            assert og["og:title"].startswith("ADR-0005: ") and og["twitter:card"] == "summary"
            assert og["og:description"].startswith("Accepted: Scale up (vertical)")
            tab.goto(base + "decisions/")
            heads = tab.locator("table[data-tradeoffs-log-table] thead th")
            assert tab.locator("table[data-tradeoffs-log-table] [role=button]").count() == 0
            heads.first.locator("button").click()
            assert heads.first.get_attribute("aria-sort") == "ascending"
            heads.first.locator("button").press("Enter")  # a real button: the keyboard works
            assert heads.first.get_attribute("aria-sort") == "descending"
            browser.close()
