"""The decision site built by an engine that does not run the plugin: `tradeoffs pages` writes
the page set into the docs folder and Zensical builds it (Zensical drops MkDocs plugins it does
not know, silently). The pages must be the same as the plugin's, and as safe."""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest

from conftest import REPO, Project, QuietHandler, mkdocs_build, run_cli
from diagram_html import drawn
from test_security import PAYLOADS, Walk, payload_site
from tradeoffs.site.diagrams import packaged_mermaid
from tradeoffs.site.folder import MANIFEST
from tradeoffs.site.portable import EXTENSIONS, _converter

MERMAID = REPO / ".tools" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
ZENSICAL = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")


def zensical_build(root: Path) -> Path:
    """`zensical build` in `root` (it reads mkdocs.yml); the site folder."""
    assert ZENSICAL is not None, "zensical is in the test extra of pyproject.toml"
    done = subprocess.run([ZENSICAL, "build"], cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "site"


def demo_copy(root: Path) -> Path:
    """The repository's demo site (tracked files only) in `root`."""
    listed = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True)
    for name in listed.stdout.splitlines():
        source = REPO / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    return root


def article_text(page: Path) -> str:
    """The words of a built page's article, as a reader sees them."""
    found = re.search(
        r'<article class="md-content__inner md-typeset[^"]*">(.*?)</article>', page.read_text(), re.S
    )
    assert found is not None, page
    body = re.sub(r"<script\b.*?</script>|<nav class=\"md-tags\" hidden>.*?</nav>", "", found[1], flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


# --------------------------------------------------------------------------- fast: the writer


def test_pages_rerun_removes_what_is_gone_and_refuses_what_is_not_its_own(project: Project) -> None:
    project.decision(
        "0001-a.yml",
        """\
        title: First
        status: accepted
        date: 2026-01-01
        framework: test-rules
        facts: {fast: true}
        chosen: alpha
        """,
    )
    project.decision(
        "0002-b.yml",
        """\
        title: Second mentions ADR-1 and [[ADR-1|the first]]
        status: proposed
        date: 2026-01-02
        framework: test-rules
        facts: {fast: false}
        context: See ADR-1 and [[ADR-1|the first one]].
        """,
    )
    docs = project.root / "docs"
    first = run_cli("pages", cwd=project.root, check=True)
    assert "0 removed, 0 unchanged" in first.stderr
    page = docs / "decisions" / "ADR-0002.md"
    written = page.read_text(encoding="utf-8")
    assert 'href="ADR-0001.md"' in written or 'href="../ADR-0001/"' in written  # mentions linked
    assert (docs / MANIFEST).is_file() and (docs / "adr" / "1" / "index.html").is_file()
    again = run_cli("pages", cwd=project.root, check=True)
    assert re.search(r": 0 written, 0 removed, \d+ unchanged", again.stderr), again.stderr

    (project.root / "decisions" / "0002-b.yml").unlink()
    gone = run_cli("pages", cwd=project.root, check=True)
    assert not page.exists() and not (docs / "adr" / "2").exists()
    assert "removed" in gone.stderr and "0 removed" not in gone.stderr

    # a file of the team's at a path the pages use: refused, named, untouched, nothing written
    project.decision("0002-b.yml", "title: Back\nstatus: proposed\ndate: 2026-01-02\n")
    page.write_text("# my own page\n", encoding="utf-8")
    refused = run_cli("pages", cwd=project.root)
    assert (
        refused.returncode == 1
        and "decisions/ADR-0002.md (not written by `tradeoffs pages`)" in refused.stderr
    )
    assert page.read_text(encoding="utf-8") == "# my own page\n"
    assert not (docs / "adr" / "2").exists()

    # a written page changed by hand is no longer the command's to replace
    page.unlink()
    run_cli("pages", cwd=project.root, check=True)
    log = docs / "decisions" / "index.md"
    log.write_text(log.read_text(encoding="utf-8") + "\nmine\n", encoding="utf-8")
    changed = run_cli("pages", cwd=project.root)
    assert changed.returncode == 1 and "decisions/index.md (changed since" in changed.stderr
    assert log.read_text(encoding="utf-8").endswith("\nmine\n")


def test_written_pages_hold_no_script_an_engine_could_run(tmp_path: Path) -> None:
    """Every payload of the XSS corpus in every text a team writes: converted as an engine
    converts Markdown (Python-Markdown, raw HTML allowed), the written pages have no script but
    the plugin's own files, no event handler, no `javascript:` address and no form field."""
    root = payload_site(tmp_path / "site", PAYLOADS[::4])
    run_cli("pages", cwd=root, check=True)
    engine = markdown.Markdown(extensions=[*EXTENSIONS[:5]])
    pages = sorted((root / "docs").rglob("*.md"))
    assert len(pages) > 40
    for page in pages:
        text = re.sub(r"\A---\n.*?\n---\n", "", page.read_text(encoding="utf-8"), flags=re.S)
        walk = Walk()
        walk.feed(engine.reset().convert(text))
        for tag, attrs in walk.elements:
            where = f"{page.relative_to(root)}: <{tag} {attrs}>"
            if tag == "script":
                assert set(attrs) == {"src"} and "/assets/tradeoffs/" in "/" + attrs["src"].lstrip("./"), (
                    where
                )
            assert not any(name.startswith("on") for name in attrs), where
            for name in ("href", "src", "action", "formaction", "data"):
                scheme = re.match(
                    r"([a-z][a-z0-9+.-]*):", re.sub(r"[\x00-\x20]", "", attrs.get(name, "")).lower()
                )
                assert scheme is None or scheme[1] in {"http", "https", "mailto"}, where
            assert tag not in {"iframe", "object", "embed", "form", "style", "base", "meta"}, where
            if tag == "input":
                assert attrs.get("type") == "checkbox" and "disabled" in attrs, where
        # the plugin's own files only, and no inline script text
        assert all(re.fullmatch(r"src:(\.\./)*assets/tradeoffs/[\w.-]+\.js", s) for s in walk.scripts), page


def test_headings_stay_headings_and_text_stays_text() -> None:
    from tradeoffs.site.page import SitePage
    from tradeoffs.site.portable import portable_markdown

    page = SitePage(
        "decisions/ADR-0001.md",
        "t",
        '---\ntitle: "<b>x</b>"\n---\n# A *b* & [c](d)\n\n## Context {#context}\n\n'
        "Some [link](javascript:alert(1)) and <img src=x onerror=alert(1)> `code`.\n",
        "decision",
    )
    written = portable_markdown(page)
    assert 'title: "&lt;b&gt;x&lt;/b&gt;"' in written
    out = _converter().convert(written.split("---\n", 2)[2])
    assert re.search(r'<h2 id="context">Context</h2>', out)
    assert re.search(r'<h1 id="a-b-c">A b &amp;(#38;)? c</h1>|<h1 id="a-b-c">A b &#38; c</h1>', out), out
    assert "onerror" not in out and "javascript:" not in out and "<code>code</code>" in out


def test_the_nav_file_is_the_plugins_section_as_a_list() -> None:
    from tradeoffs.site.nav_file import nav_markdown
    from tradeoffs.site.page import NavItem

    items = [
        NavItem("Decision log", "decisions/index.md"),
        NavItem("By status", children=[NavItem("Accepted", "decisions/status/accepted.md")]),
        NavItem("Empty", children=[]),
        NavItem("[x](javascript:1) *y*", "decisions/frameworks/x.md"),
    ]
    written = nav_markdown(items, "decisions")
    assert written.splitlines()[:3] == [
        "- [Decision log](index.md)",
        "- By status",
        "    - [Accepted](status/accepted.md)",
    ]
    assert "Empty" not in written
    rendered = markdown.markdown(written)
    assert "javascript:" not in rendered.replace("javascript:1", "") and rendered.count("<a ") == 3


def test_the_mentions_extension_links_as_the_plugin_does(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tradeoffs.site.markdown_mentions import MentionsExtension

    project.decision("0007-x.yml", "title: Seven <b>bold</b>\nstatus: proposed\ndate: 2026-01-01\n")
    (project.root / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - tradeoffs\n", encoding="utf-8")
    monkeypatch.chdir(project.root)
    text = "See ADR-7, [[ADR-7|the seventh]] and `ADR-7`; ADR-8 does not exist.\n\n## About ADR-7\n"
    page = markdown.Markdown(
        extensions=["tradeoffs_mentions"],
        extension_configs={"tradeoffs_mentions": {"page_path": "guide/notes.md"}},
    ).convert(text)
    assert '<a href="../decisions/ADR-0007.md" title="Seven &lt;b&gt;bold&lt;/b&gt;">ADR-7</a>' in page
    assert '<a href="../decisions/ADR-0007.md">the seventh</a>' in page
    assert "<code>ADR-7</code>" in page and "ADR-8 does not" in page and "<h2>About ADR-7</h2>" in page
    # without a page (MkDocs, where the plugin links mentions) it changes nothing
    assert "<a " not in markdown.markdown(text, extensions=[MentionsExtension()])
    # a page `tradeoffs pages` wrote is left as it is
    written = '<div class="tradeoffs-html">\n<p>ADR-7</p>\n</div>\n'
    assert "<a " not in markdown.markdown(written, extensions=[MentionsExtension(page_path="decisions/x.md")])


def test_finish_adds_search_and_previews_once(project: Project) -> None:
    from tradeoffs.core.config import load_settings
    from tradeoffs.core.project import load_project
    from tradeoffs.site.finish import finish_site

    project.decision("0001-a.yml", "title: First\nstatus: proposed\ndate: 2026-01-01\ncontext: Why. More.\n")
    settings = load_settings(cwd=project.root)
    site = project.root / "site"
    for page in ("index.html", "decisions/ADR-0001/index.html", "guide/index.html"):
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text("<html><head><title>t</title></head><body>x</body></html>", encoding="utf-8")
    done = finish_site(site, load_project(settings), site_name="Ours", site_url="https://example.org/")
    assert (done.pages, done.changed, done.previews, done.missing) == (3, 3, 1, [])
    adr = (site / "decisions/ADR-0001/index.html").read_text(encoding="utf-8")
    assert '<meta property="og:url" content="https://example.org/decisions/ADR-0001/">' in adr
    assert '<meta property="og:site_name" content="Ours">' in adr
    assert '<script src="../../assets/tradeoffs/tradeoffs-search.js"></script>' in adr
    assert 'src="../assets/tradeoffs/tradeoffs-search.js"' in (site / "guide/index.html").read_text()
    again = finish_site(site, load_project(settings), site_name="Ours")
    assert (again.changed, again.previews) == (0, 0)
    (site / "decisions/ADR-0001/index.html").unlink()
    assert finish_site(site, load_project(settings)).missing == ["decisions/ADR-0001/index.html"]


# --------------------------------------------------------------------------- build: Zensical


NOTES = """\
# Team notes

We chose ADR-7 and [[ADR-2|the asynchronous one]], not `ADR-3`; see also [[ADR-0001]].
"""
"""A hand-written page with mentions: linked by the plugin under MkDocs, by the
`tradeoffs_mentions` Markdown extension under Zensical."""


def for_both_engines(root: Path) -> None:
    """The demo's mkdocs.yml as a team moving to Zensical writes it, one config for both engines:
    `literate-nav` (built into Zensical) with the decisions folder in nav, and the mentions
    extension. Mermaid is the package's own (`TRADEOFFS_MERMAID_JS` names a build when the
    package was built without one)."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace(
        "  - Decisions: decisions/index.md\n", "  - Decisions: decisions/\n  - Notes: team/notes.md\n"
    )
    text = text.replace("plugins:\n", "plugins:\n  - literate-nav\n", 1)
    text = text.replace("markdown_extensions:\n", "markdown_extensions:\n  - tradeoffs_mentions\n", 1)
    if packaged_mermaid() is None and MERMAID.is_file():
        text = text.replace("  - tradeoffs:\n", f"  - tradeoffs:\n      mermaid_js: {MERMAID}\n")
    config.write_text(text, encoding="utf-8")
    (root / "docs" / "team").mkdir()
    (root / "docs" / "team" / "notes.md").write_text(NOTES, encoding="utf-8")


@pytest.fixture(scope="module")
def demo_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo built twice from one copy and one mkdocs.yml: by MkDocs with the plugin, and by
    `tradeoffs pages`, Zensical (which drops the plugin) and `tradeoffs finish`."""
    root = demo_copy(tmp_path_factory.mktemp("demo"))
    for_both_engines(root)
    mkdocs_site = mkdocs_build(root, site_dir=tmp_path_factory.mktemp("mkdocs") / "site")
    run_cli("pages", cwd=root, check=True, process=True)
    site = zensical_build(root)
    run_cli("finish", cwd=root, check=True, process=True)
    return mkdocs_site, site


@pytest.mark.build
def test_zensical_builds_the_same_decision_pages(demo_sites: tuple[Path, Path]) -> None:
    mkdocs_site, zensical_site = demo_sites

    def pages(site: Path) -> set[str]:
        # (Zensical publishes literate-nav's file as a page, out of search; MkDocs has none)
        found = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
        return found - {"decisions/SUMMARY/index.html"}

    assert pages(zensical_site) == pages(mkdocs_site)
    decisions = sorted(p for p in pages(mkdocs_site) if p.startswith("decisions/"))
    assert len(decisions) >= 40  # ADR pages, log, status, tags, frameworks, graph, questions, health
    for path in decisions:
        assert article_text(zensical_site / path) == article_text(mkdocs_site / path), path
    short = (zensical_site / "adr" / "7" / "index.html").read_text(encoding="utf-8")
    assert "../../decisions/ADR-0007/" in short
    for schema in (mkdocs_site / "schemas").iterdir():
        assert (zensical_site / "schemas" / schema.name).read_bytes() == schema.read_bytes()


def nav_targets(site: Path, page: str) -> list[str]:
    """The pages under decisions/ that the primary navigation of `page` links to."""
    text = (site / page).read_text(encoding="utf-8")
    nav = text[text.index("md-nav--primary") : text.index("md-sidebar--secondary")]
    base = posixpath.dirname(page)
    found = {
        posixpath.normpath(posixpath.join(base, href))
        for href in re.findall(r'<a\s+href="([^"#:]+)"\s+class="md-nav__link', nav)
    }
    return sorted(p for p in found if p.startswith("decisions"))


@pytest.mark.build
def test_the_decisions_section_is_in_zensicals_navigation(demo_sites: tuple[Path, Path]) -> None:
    """The plugin's Decisions section (log, open questions, graph, health, each status, tags,
    each framework; not every ADR page) in Zensical's navigation, from the one mkdocs.yml with
    an explicit nav that names the folder."""
    mkdocs_site, zensical_site = demo_sites
    for page in ("decisions/graph/index.html", "decisions/ADR-0003/index.html", "index.html"):
        targets = nav_targets(zensical_site, page)
        assert targets == nav_targets(mkdocs_site, page), page
    assert {"decisions/health", "decisions/status/superseded", "decisions/frameworks/sync-vs-async"} <= set(
        targets
    )
    assert not any(t.startswith("decisions/ADR-") for t in targets)


@pytest.mark.build
def test_mentions_in_hand_written_pages_link_alike(demo_sites: tuple[Path, Path]) -> None:
    def paragraph(site: Path) -> str:
        found = re.search(r"<p>We chose.*?</p>", (site / "team" / "notes" / "index.html").read_text(), re.S)
        assert found is not None
        return found[0]

    mkdocs_site, zensical_site = demo_sites
    written = paragraph(zensical_site)
    assert written == paragraph(mkdocs_site)
    assert '<a href="../../decisions/ADR-0007/" title="Cut the support' in written
    assert '<a href="../../decisions/ADR-0002/">the asynchronous one</a>' in written
    assert "<code>ADR-3</code>" in written


def head_meta(page: Path) -> list[tuple[str, str]]:
    text = page.read_text(encoding="utf-8")
    head = text[: text.index("</head>")]
    return sorted(
        (m[1], html.unescape(m[2]))
        for m in re.finditer(r'<meta (?:property|name)="((?:og|twitter):[\w:]+)" content="([^"]*)"', head)
    )


@pytest.mark.build
def test_every_link_between_pages_of_the_zensical_site_resolves(demo_sites: tuple[Path, Path]) -> None:
    """Every relative link in the Zensical-built site (decision pages, listings, views, their
    diagrams and lists) leads to a page or file of the site. Zensical reads links in a page's
    raw HTML from its source file: before `from_source`, 639 of the demo's 4,109 links (every
    block's: diagrams, tables, lists) led one folder too high."""
    _mkdocs_site, site = demo_sites
    broken: list[str] = []
    count = 0
    for page in site.rglob("*.html"):
        folder = page.parent
        text = page.read_text(encoding="utf-8")
        # pages' links, and the plugin's stylesheets and scripts (not above the site's root)
        for href in re.findall(r'<(?:a|link|script)\s[^>]*?(?:href|src)="([^"#?]*)[^"]*"', text):
            if not href or href.startswith(("/", "http:", "https:", "mailto:")):
                continue
            count += 1
            target = (folder / href).resolve()
            inside = target.is_relative_to(site.resolve())
            if not inside or not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page.relative_to(site)}: {href}")
    assert count > 1000 and not broken, broken[:20]


def test_link_previews_of_the_zensical_site(demo_sites: tuple[Path, Path]) -> None:
    """`tradeoffs finish` gives each ADR page the head meta the plugin gives it, and the short
    links their preview."""
    mkdocs_site, zensical_site = demo_sites
    for page in sorted((mkdocs_site / "decisions").glob("ADR-*/index.html")):
        relative = page.relative_to(mkdocs_site)
        meta = head_meta(zensical_site / relative)
        assert ("og:site_name", "mkdocs-tradeoffs") in meta and len(meta) >= 6, relative
        assert meta == head_meta(page), relative
    assert dict(head_meta(zensical_site / "adr" / "7" / "index.html"))["og:title"].startswith("ADR-0007: ")


@pytest.mark.build
def test_zensical_toml_without_a_nav_shows_the_section_not_every_adr_page(project: Project) -> None:
    """No `nav` at all: Zensical would list every file (each ADR page too); with literate-nav
    it takes the decisions folder's navigation from the SUMMARY.md `tradeoffs pages` wrote."""
    for n in (1, 2, 3):
        project.decision(
            f"000{n}-d.yml",
            f"title: Decision {n}\nstatus: accepted\ndate: 2026-01-0{n}\nframework: test-rules\n"
            "facts: {fast: true}\nchosen: alpha\n",
        )
    (project.root / "docs").mkdir()
    (project.root / "docs" / "index.md").write_text("# Home\n\nSee ADR-2.\n", encoding="utf-8")
    toml = project.root / "zensical.toml"
    toml.write_text('[project]\nsite_name = "Team decisions"\n', encoding="utf-8")
    said = run_cli("pages", cwd=project.root, check=True, process=True)
    assert "zensical.toml:1:1: warning: Zensical shows the Decisions section" in said.stderr, said.stderr
    assert not (project.root / "docs" / "decisions" / "SUMMARY.md").exists()
    toml.write_text(
        '[project]\nsite_name = "Team decisions"\nmarkdown_extensions = ["toc", "tradeoffs_mentions"]\n'
        "[project.plugins.literate-nav]\n",
        encoding="utf-8",
    )
    said = run_cli("pages", cwd=project.root, check=True, process=True)
    assert "Zensical" not in said.stderr and (project.root / "docs" / "decisions" / "SUMMARY.md").is_file()
    site = zensical_build(project.root)
    targets = nav_targets(site, "index.html")
    assert {"decisions", "decisions/graph", "decisions/health", "decisions/status/accepted"} <= set(targets)
    assert not any(t.startswith("decisions/ADR-") for t in targets), targets
    searched = json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]
    assert not any("SUMMARY" in str(item.get("location")) for item in searched)  # a page, out of search
    assert any("decisions/ADR-0002/" in str(item.get("location")) for item in searched)
    assert 'href="decisions/ADR-0002/"' in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_mkdocs_leaves_out_what_tradeoffs_pages_wrote(tmp_path: Path) -> None:
    """Moving back: with the written pages still in docs/, `mkdocs build --strict` makes its own
    and warns about none of them."""
    root = demo_copy(tmp_path / "demo")
    run_cli("pages", cwd=root, check=True, process=True)
    site = mkdocs_build(root, strict=True, site_dir=tmp_path / "site")
    assert "tradeoffs-html" not in (site / "decisions" / "ADR-0001" / "index.html").read_text(
        encoding="utf-8"
    )


# --------------------------------------------------------------------------- browser: Zensical


@pytest.fixture(scope="module")
def zensical_url(demo_sites: tuple[Path, Path]) -> Iterator[str]:
    from conftest import serve

    with serve(demo_sites[1]) as url:
        yield url


@pytest.fixture(scope="module")
def zensical_tab(browser: Any, zensical_url: str) -> Iterator[Any]:
    from conftest import block_outside

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    block_outside(context, zensical_url)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.mark.browser
def test_log_filters_and_paging_on_the_zensical_site(zensical_tab: Any, zensical_url: str) -> None:
    from test_browser import visible_rows
    from tradeoffs.core.config import load_settings
    from tradeoffs.core.project import load_project

    project = load_project(load_settings(REPO / "mkdocs.yml"))
    page = zensical_tab
    page.goto(zensical_url + "/decisions/")
    page.locator("table[data-tradeoffs-log-table]").wait_for()
    assert len(visible_rows(page)) == len(project.decisions)
    page.select_option("select[name=status]", "accepted")
    rows = visible_rows(page)
    expected = [d for d in project.decisions if d.status == "accepted"]
    assert len(rows) == len(expected) and all(r["status"] == "accepted" for r in rows)
    page.select_option("select[name=status]", "")
    target = project.decision(2)
    assert target is not None
    page.fill("input.tradeoffs-filter-text", target.title.lower())
    page.locator(".tradeoffs-count", has_text=re.compile(r"^1 of ")).wait_for()
    assert [r["number"] for r in visible_rows(page)] == [str(target.number)]


@pytest.mark.browser
def test_try_it_and_short_links_on_the_zensical_site(zensical_tab: Any, zensical_url: str) -> None:
    page = zensical_tab
    page.goto(zensical_url + "/decisions/frameworks/cache-vs-recompute/")
    page.wait_for_function("() => window.TradeoffsTryIt !== undefined")
    root = page.locator("[data-tradeoffs-tryit]")
    root.locator("form").wait_for()
    page.select_option("select[name=computation_expensive]", "true")
    page.locator(".tradeoffs-tryit-recommendation").wait_for()
    assert page.locator(".tradeoffs-tryit-recommendation").inner_text().strip()
    page.goto(zensical_url + "/adr/7/")
    page.wait_for_url(re.compile(r"/decisions/ADR-0007/"))
    assert "ADR-0007" in page.locator("h1").first.inner_text()


RECORD_QUERIES = """
window.__queries = [];
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message) {
  if (message && message.type === 2) window.__queries.push(message.data);
  return post.apply(this, arguments);
};
"""
"""Before any page script: what reaches the search worker, after the site's scripts rewrote it."""


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/decisions/ADR-0002/"])
def test_an_id_typed_as_people_write_it_reaches_zensicals_search_rewritten(
    browser: Any, zensical_url: str, path: str
) -> None:
    """`adr 7` becomes `ADR-0007` before Zensical's search worker sees it, on a team's own page
    (`tradeoffs finish` added the script) and on a written one (it loads the script itself)."""
    from conftest import block_outside

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    block_outside(context, zensical_url)
    context.add_init_script(RECORD_QUERIES)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(zensical_url + path)
    page.wait_for_load_state("networkidle")
    page.locator(".md-search__button").click()
    box = page.locator('input[aria-label="Search"]')  # in the search dialog's shadow root
    box.fill("adr 7")
    box.press("End")
    page.wait_for_function("() => window.__queries.some(q => q && q.input && q.input !== '')")
    sent = page.evaluate("() => window.__queries").pop()
    assert sent["input"] == "ADR-0007", sent  # Zensical's query: {input, filter, page}
    first = page.locator("[role=option], li a").filter(has_text="ADR-0007").first
    first.wait_for()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/decisions/graph/frameworks/cache-vs-recompute/", "/decisions/ADR-0009/"])
def test_graph_is_drawn_offline_on_the_zensical_site(
    browser: Any, demo_sites: tuple[Path, Path], zensical_url: str, path: str
) -> None:
    """A view of the relation graph and a decision's neighbourhood on the Zensical site: drawn
    when the pages were written (HTML, no script), the same boxes and lines as the plugin's
    under MkDocs, each box a link that opens its decision, and nothing fetched for it: no
    Mermaid, nothing from a CDN."""
    from conftest import block_outside

    mkdocs_site, zensical_site = demo_sites
    built = path.strip("/") + "/index.html"
    [diagram] = drawn((zensical_site / built).read_text(encoding="utf-8"))
    [plugins] = drawn((mkdocs_site / built).read_text(encoding="utf-8"))
    assert len(diagram.boxes) > 1 and diagram.lines
    shown = [(b.label, b.title, b.status, b.classes, b.current) for b in diagram.boxes]
    assert shown == [(b.label, b.title, b.status, b.classes, b.current) for b in plugins.boxes]
    assert diagram.lines == plugins.lines
    # each box leads to its decision's page, the page the MkDocs site's box leads to
    for box, twin in zip(diagram.boxes, plugins.boxes, strict=True):
        if box.current:
            assert box.href is None
            continue
        assert box.href is not None and twin.href is not None
        target = posixpath.normpath(posixpath.join(path, box.href))
        assert target == posixpath.normpath(posixpath.join(path, twin.href)) == f"/decisions/{box.label}", (
            box.label,
            box.href,
        )
        assert (zensical_site / target.strip("/") / "index.html").is_file()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside = block_outside(context, zensical_url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(zensical_url + path)
    page.wait_for_load_state("networkidle")
    links = page.locator("figure.tradeoffs-graph a.tradeoffs-graph__node")
    assert links.count() == sum(b.href is not None for b in diagram.boxes)
    first = links.first
    label = first.locator("strong").inner_text()
    first.click()
    page.wait_for_url(f"{zensical_url}/decisions/{label}/")
    assert page.locator("article h1").first.inner_text().startswith(f"{label}: ")
    context.close()
    assert not [u for u in requested if "mermaid" in u.lower()], requested
    assert not any("unpkg" in u or "jsdelivr" in u for u in outside), outside


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with `search: pagefind`, built by Zensical and indexed by `tradeoffs finish`."""
    root = demo_copy(tmp_path_factory.mktemp("pagefind-zensical"))
    for_both_engines(root)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - tradeoffs:\n", "  - tradeoffs:\n      search: pagefind\n"
        ),
        encoding="utf-8",
    )
    run_cli("pages", cwd=root, check=True, process=True)
    site = zensical_build(root)
    finished = run_cli("finish", cwd=root, check=True, process=True)
    assert "Pagefind indexed" in finished.stderr, finished.stderr
    return site


@pytest.fixture(scope="module")
def pagefind_url(pagefind_site: Path) -> Iterator[str]:
    from conftest import serve

    with serve(pagefind_site) as url:
        yield url


@pytest.mark.browser
def test_pagefind_searches_the_zensical_site(browser: Any, pagefind_url: str) -> None:
    """`search: pagefind` on Zensical's output folder: the header's search button opens
    Pagefind, an id typed as people write it finds its decision first, and the decision's
    facets are its filters."""
    from conftest import block_outside

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    block_outside(context, pagefind_url)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(pagefind_url + "/")
    page.locator(".tradeoffs-pagefind-button").click()
    box = page.locator("#tradeoffs-pagefind input.pagefind-ui__search-input")
    box.fill("adr 7")
    first = page.locator(".pagefind-ui__result:first-child .pagefind-ui__result-link").first
    first.wait_for()
    page.wait_for_function(
        "() => document.querySelector('.pagefind-ui__result-link')?.textContent.includes('ADR-0007')"
    )
    assert "ADR-0007" in first.inner_text()
    context.close()


class SlowFilters(QuietHandler):
    """Serves the site with half of Pagefind's filter chunks 4 s late and its index chunks 1 s
    late, as a loaded machine or a slow network may: the reader's first search is answered
    when some filters have arrived and others have not."""

    def do_GET(self) -> None:
        name = self.path.rsplit("/", 1)[-1]
        if "/pagefind/index/" in self.path:
            time.sleep(1)
        elif "/pagefind/filter/" in self.path:
            chunks = sorted(p.name for p in Path(self.directory, "pagefind", "filter").iterdir())
            if name in chunks[len(chunks) // 2 :]:
                time.sleep(4)
        super().do_GET()


@pytest.mark.browser
def test_pagefind_shows_every_facet_as_a_filter_when_filters_load_late(
    browser: Any, pagefind_site: Path
) -> None:
    """Each of a decision's facets (status, framework, tag, chosen) is a filter group beside
    the first results, even when some filter chunks arrive after the reader has typed: a
    search counts only the filters loaded so far, and Pagefind's UI kept the groups its first
    answer counted until the reader searched again. A filter the reader ticked before the
    rest arrived stays ticked, and still narrows the results."""
    from conftest import block_outside, serve

    assert len(list((pagefind_site / "pagefind" / "filter").iterdir())) >= 2
    with serve(pagefind_site, SlowFilters) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        block_outside(context, url)
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            page.goto(url + "/")
            page.locator(".tradeoffs-pagefind-button").click()
            page.locator("#tradeoffs-pagefind input.pagefind-ui__search-input").fill("adr 7")
            page.locator(".pagefind-ui__result-link").first.wait_for()
            # the reader ticks a filter that came with the first answer and narrows it
            page.locator(".pagefind-ui__filter-value").first.wait_for(state="attached")
            message = page.locator(".pagefind-ui__message")
            before = message.inner_text()
            total = int(re.match(r"(\d+)", before)[1])
            ticked = page.evaluate(
                r"""(total) => [...document.querySelectorAll('.pagefind-ui__filter-value')]
                    .filter(v => Number(v.textContent.match(/\((\d+)\)\s*$/)[1]) < total)
                    .map(v => v.querySelector('input').id)[0]""",
                total,
            )
            assert ticked, before
            box = page.locator(f"[id='{ticked}']")
            box.evaluate("b => b.closest('details').open = true")
            box.check()
            page.wait_for_function(
                "(before) => document.querySelector('.pagefind-ui__message').textContent !== before",
                arg=before,
            )
            narrowed = message.inner_text()
            names = "() => [...document.querySelectorAll('.pagefind-ui__filter-name')].map(e => e.textContent.trim().toLowerCase()).sort().join()"
            page.wait_for_function(f"({names})() === 'chosen,framework,status,tag'")
            assert box.is_checked()
            assert message.inner_text() == narrowed
        finally:
            context.close()


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from conftest import serve

    root = payload_site(tmp_path_factory.mktemp("hostile-zensical"), PAYLOADS)
    # the navigation, the mentions extension and `tradeoffs finish` over the same texts
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - literate-nav\n", 1)
    config.write_text(
        text.replace("markdown_extensions:\n", "markdown_extensions:\n  - tradeoffs_mentions\n")
    )
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "index.md").write_text(
        "# Home\n\n" + "".join(f"[[ADR-{i}|{p}]] ADR-{i}\n\n" for i, p in enumerate(PAYLOADS[:40], 1)),
        encoding="utf-8",
    )
    run_cli("pages", cwd=root, check=True, process=True)
    site = zensical_build(root)
    run_cli("finish", cwd=root, check=True, process=True)
    with serve(site) as url:
        yield url


@pytest.mark.browser
def test_xss_corpus_built_with_zensical_runs_no_script(browser: Any, hostile_url: str) -> None:
    from test_browser_security import tab

    opened = tab(browser, hostile_url)
    sample = [f"/decisions/ADR-{2 * i - 1:04d}/" for i in range(1, len(PAYLOADS) + 1, 3)]
    sample += [f"/decisions/ADR-{2 * i:04d}/" for i in range(1, len(PAYLOADS) + 1, 5)]
    sample += [f"/decisions/frameworks/xss-{i}/" for i in range(1, len(PAYLOADS) + 1, 6)]
    sample += ["/decisions/", "/decisions/graph/", "/decisions/open-questions/", "/decisions/health/"]
    sample += ["/", "/decisions/SUMMARY/"]
    for path in dict.fromkeys(sample):
        seen = opened.open(hostile_url + path)
        assert "404" not in seen["title"], path
        assert seen["count"] == 1 and seen["tag"] == "SCRIPT", (path, seen)  # the theme's own config
        # the theme's own skip-link target, which Zensical's template puts in the article
        assert [n for n in seen["named"] if n != '<a id="__skip" tabindex="-1"></a>'] == [], path
        assert opened.dialogs == [], path


# --------------------------------------------------------------------------- loud, never silent


def test_check_and_init_say_when_zensical_will_drop_the_plugin(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRADEOFFS_ENGINE", raising=False)
    (project.root / "docs").mkdir()
    (project.root / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - tradeoffs\n", encoding="utf-8")
    said = run_cli("check", cwd=project.root)
    assert "mkdocs.yml:3:1: warning: Zensical is installed" in said.stdout, said.stdout
    assert "tradeoffs pages" in said.stdout and said.returncode == 0
    (project.root / "zensical.toml").write_text('[project]\nsite_name = "x"\n', encoding="utf-8")
    said = run_cli("check", cwd=project.root)
    assert "zensical.toml:1:1: warning: Zensical builds this site" in said.stdout
    assert "zensical.toml:1:1: warning" in run_cli("init", "--dry-run", cwd=project.root).stderr
    # once the pages are written for it, what Zensical needs to show the Decisions section
    run_cli("pages", cwd=project.root, check=True)
    said = run_cli("check", cwd=project.root).stdout
    assert "zensical.toml:1:1: warning: Zensical shows the Decisions section" in said
    assert "plugins list `literate-nav`" in said, said
    (project.root / "zensical.toml").write_text(
        '[project]\nsite_name = "x"\nnav = ["index.md", {Decisions = "decisions/index.md"}]\n'
        "[project.plugins.literate-nav]\n",
        encoding="utf-8",
    )
    said = run_cli("check", cwd=project.root).stdout
    assert "write `- Decisions: decisions/` in nav" in said, said
    (project.root / "zensical.toml").write_text(
        '[project]\nsite_name = "x"\nnav = ["index.md", {Decisions = "decisions/"}]\n'
        "[project.plugins.literate-nav]\n",
        encoding="utf-8",
    )
    assert "Zensical" not in run_cli("check", cwd=project.root).stdout
    monkeypatch.setenv("TRADEOFFS_ENGINE", "mkdocs")
    (project.root / "docs" / MANIFEST).unlink()
    (project.root / "zensical.toml").unlink()
    assert "Zensical" not in run_cli("check", cwd=project.root).stdout


# --------------------------------------------------------------------------- TechDocs

TECHDOCS_CORE = "mkdocs-techdocs-core>=1.7,<2"
"""Backstage TechDocs' MkDocs set-up. It pins Material (9.7.7 in 1.7.x), so it lives in a
virtualenv of its own rather than in the test extra, where it held the whole suite at that
Material."""
TECHDOCS_VENV = Path(os.environ.get("TRADEOFFS_TECHDOCS_VENV") or REPO / ".venv-techdocs")


def techdocs_python() -> Path:
    """The Python of a virtualenv with techdocs-core and this checkout (editable), made from the
    package index on first use and kept (`.venv-techdocs/`, ignored by git): CI's clean clone
    makes it in the pipeline, a developer's run reuses it. Made again when the pin or the
    package's dependencies change."""
    import hashlib
    import venv

    wanted = hashlib.sha256((TECHDOCS_CORE + (REPO / "pyproject.toml").read_text()).encode()).hexdigest()
    python = TECHDOCS_VENV / "bin" / "python"
    stamp = TECHDOCS_VENV / "tradeoffs-stamp"
    if python.is_file() and stamp.is_file() and stamp.read_text() == wanted:
        return python
    shutil.rmtree(TECHDOCS_VENV, ignore_errors=True)
    venv.EnvBuilder(with_pip=True).create(TECHDOCS_VENV)
    done = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            TECHDOCS_CORE,
            "-e",
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    stamp.write_text(wanted)
    return python


@pytest.mark.build
def test_techdocs_core_builds_the_decision_pages(tmp_path: Path) -> None:
    """Backstage TechDocs builds with MkDocs and its `techdocs-core` plugin (Material, its
    extensions and plugins): the plugin beside it publishes every page, `--strict`. Built by
    `mkdocs` in techdocs-core's own virtualenv, with this checkout installed there."""
    python = techdocs_python()
    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=json"], capture_output=True, text=True, check=True
    )

    versions = {p["name"].lower(): p["version"] for p in json.loads(listed.stdout)}
    assert "mkdocs-techdocs-core" in versions and "mkdocs-tradeoffs" in versions
    root = demo_copy(tmp_path / "demo")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "plugins:\n  - search\n", "plugins:\n  - techdocs-core\n"
    )
    config.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    done = subprocess.run(
        [str(python), "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    sources = [*(root / "decisions").glob("[0-9]*.yml"), *(root / "legacy-adrs").glob("[0-9]*.md")]
    built = sorted(p.parent.name for p in (site / "decisions").glob("ADR-*/index.html"))
    assert built and built == sorted(f"ADR-{p.name[:4]}" for p in sources)
    log = (site / "decisions" / "index.html").read_text(encoding="utf-8")
    assert "data-tradeoffs-log=" in log
    assert (
        '"site_name": "mkdocs-tradeoffs"' in (site / "techdocs_metadata.json").read_text()
    )  # techdocs-core ran


@pytest.mark.build
def test_pages_watch_writes_again_when_a_decision_changes(project: Project) -> None:
    """`tradeoffs pages --watch` beside `zensical serve`: an edit reaches the written page."""
    import time

    decision = project.decision(
        "0001-a.yml", "title: Before the edit\nstatus: proposed\ndate: 2026-01-01\nframework: test-rules\n"
    )
    page = project.root / "docs" / "decisions" / "ADR-0001.md"
    watcher = subprocess.Popen(
        [sys.executable, "-m", "tradeoffs", "pages", "--watch"],
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120  # a loaded machine
        while not (page.is_file() and "Before the edit" in page.read_text(encoding="utf-8")):
            assert time.monotonic() < deadline and watcher.poll() is None
            time.sleep(0.2)
        decision.write_text(decision.read_text(encoding="utf-8").replace("Before", "After"), encoding="utf-8")
        while "After the edit" not in page.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline and watcher.poll() is None
            time.sleep(0.2)
    finally:
        watcher.terminate()
        _, said = watcher.communicate(timeout=30)
        print(said)


def test_pages_fails_on_a_decision_with_an_error(project: Project) -> None:
    project.decision("0001-a.yml", "title: Broken\nstatus: nonsense\ndate: 2026-01-01\n")
    said = run_cli("pages", cwd=project.root)
    assert said.returncode == 1 and "need fixing" in said.stderr
    assert "0001-a.yml" in said.stderr
