"""One site over many repositories: the `catalogue` option reads other logs' JSON exports (or
checkouts) and publishes their decisions under namespaced ids, links across logs resolved."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import RULES_FRAMEWORK, block_outside, mkdocs_build, run_cli, serve
from tradeoffs.adoption.export import export_json
from tradeoffs.adr.render import Renderer
from tradeoffs.core.config import load_settings
from tradeoffs.core.project import load_project
from tradeoffs.site.catalogue import CataloguePages, load_catalogue
from tradeoffs.site.layout import SiteLayout

DECISION = """\
title: {title}
status: {status}
date: 2026-03-0{n}
framework: test-rules
facts: {{fast: true, load: 10, count: 2, tier: gold}}
chosen: [alpha]
rationale: Because {title} and ADR-1 here.
{extra}"""

REPOSITORIES: dict[str, list[tuple[str, str, str]]] = {
    # id: [(title, status, extra YAML)]
    "payments": [
        ("Retry card payments idempotently", "accepted", ""),
        ("Queue refunds", "proposed", "open_questions: [Who approves refunds over 1000?]\n"),
    ],
    "search": [
        ("Index products nightly", "superseded", ""),
        (
            "Index products on change",
            "accepted",
            "supersedes: [ADR-1]\nrelated: [payments/ADR-2]\n",
        ),
    ],
    "identity": [
        ("Sessions in signed cookies", "accepted", "related: [payments/ADR-1, billing/ADR-9]\n"),
    ],
}


def _repository(root: Path, source_id: str, decisions: list[tuple[str, str, str]]) -> Path:
    (root / "decisions").mkdir(parents=True)
    (root / "frameworks").mkdir()
    (root / "frameworks" / "test-rules.yml").write_text(RULES_FRAMEWORK, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(f"# {source_id}\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        f"site_name: {source_id.capitalize()} decisions\n"
        f"site_url: https://{source_id}.example.org/\n"
        f"plugins:\n  - tradeoffs:\n      source_id: {source_id}\n",
        encoding="utf-8",
    )
    for n, (title, status, extra) in enumerate(decisions, start=1):
        text = DECISION.format(title=title, status=status, n=n, extra=extra)
        (root / "decisions" / f"{n:04d}-d{n}.yml").write_text(text, encoding="utf-8")
    return root


def three_repositories(tmp: Path) -> Path:
    """A catalogue project: two repositories' exports in `exports/`, the third a checkout."""
    exports = tmp / "catalogue" / "exports"
    exports.mkdir(parents=True)
    for sid, decisions in REPOSITORIES.items():
        repo = _repository(tmp / sid, sid, decisions)
        if sid != "identity":
            data = export_json(load_project(load_settings(repo / "mkdocs.yml")))
            (exports / f"{sid}.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    root = tmp / "catalogue"
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Every decision\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Architecture catalogue\n"
        "theme:\n  name: material\n"
        "plugins:\n  - search\n  - tradeoffs:\n      catalogue:\n        - exports\n        - ../identity\n"
        "markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n"
        "          class: mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format\n",
        encoding="utf-8",
    )
    return root


def test_ids_are_namespaced_and_links_resolve_across_repositories(tmp_path: Path) -> None:
    root = three_repositories(tmp_path)
    catalogue = load_catalogue(load_settings(root / "mkdocs.yml"))
    assert catalogue.problems == []
    assert [s.id for s in catalogue.sources] == ["payments", "search", "identity"]
    assert list(catalogue.decisions) == [
        "payments/ADR-0001",
        "payments/ADR-0002",
        "search/ADR-0001",
        "search/ADR-0002",
        "identity/ADR-0001",
    ]
    d = catalogue.decisions
    assert d["search/ADR-0002"].supersedes == ["search/ADR-0001"]
    assert d["search/ADR-0001"].superseded_by == ["search/ADR-0002"]
    assert d["search/ADR-0002"].related == ["payments/ADR-0002"]
    # both ways, across repositories; a log the catalogue does not collect is named, unlinked
    assert d["payments/ADR-0002"].related == ["search/ADR-0002"]
    assert d["identity/ADR-0001"].related == ["payments/ADR-0001", "billing/ADR-9"]
    assert d["payments/ADR-0001"].related == ["identity/ADR-0001"]
    assert d["payments/ADR-0001"].home_url == "https://payments.example.org/decisions/ADR-0001/"


def test_pages_link_home_and_across_repositories(tmp_path: Path) -> None:
    root = three_repositories(tmp_path)
    settings = load_settings(root / "mkdocs.yml")
    problems: list[Any] = []
    pages = {
        p.path: p
        for p in CataloguePages(
            load_catalogue(settings), Renderer(None, root), SiteLayout("decisions"), problems
        ).pages()
    }
    assert problems == []
    page = pages["decisions/catalogue/identity/ADR-0001.md"]
    assert page.foreign
    text = page.expanded()
    assert "[Open on its home site](<https://identity.example.org/decisions/ADR-0001/>)" in text
    assert "[payments/ADR-0001: Retry card payments idempotently](../payments/ADR-0001.md)" in text
    assert "billing/ADR-9 (not in this catalogue)" in text
    log = pages["decisions/catalogue/index.md"].expanded()
    assert '<option value="search">' in log
    assert log.count('<tr data-source="payments"') == 2
    assert "Who approves refunds over 1000?" in pages["decisions/catalogue/open-questions.md"].expanded()
    graph = pages["decisions/catalogue/graph.md"].expanded()
    assert 'subgraph s0["payments"]' in graph and "-.-|related|" in graph and "-->|supersedes|" in graph


def test_a_decision_names_another_repositorys_decision(tmp_path: Path) -> None:
    root = _repository(tmp_path / "search", "search", REPOSITORIES["search"])
    result = run_cli("check", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    data = export_json(load_project(load_settings(root / "mkdocs.yml")))
    assert data["decisions"][1]["related"] == ["payments/ADR-2"]
    page = run_cli("render", "decisions/0002-d2.yml", cwd=root, check=True).stdout
    assert "payments/ADR-2 (in another repository's log)" in page


def _catalogue_with(tmp_path: Path, files: dict[str, str], entries: list[str]) -> Any:
    root = tmp_path / "cat"
    root.mkdir()
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    listed = "".join(f"        - {e}\n" for e in entries)
    (root / "mkdocs.yml").write_text(
        f"site_name: Cat\nplugins:\n  - tradeoffs:\n      catalogue:\n{listed}", encoding="utf-8"
    )
    return load_catalogue(load_settings(root / "mkdocs.yml"))


def _export(tmp_path: Path, sid: str) -> dict[str, Any]:
    repo = _repository(tmp_path / f"repo-{sid}", sid, REPOSITORIES[sid])
    return export_json(load_project(load_settings(repo / "mkdocs.yml")))


def test_bad_sources_are_placed_problems_and_the_rest_is_kept(tmp_path: Path) -> None:
    good = _export(tmp_path, "payments")
    broken = _export(tmp_path, "search")
    broken["decisions"][0]["status"] = "maybe"  # this decision is left out, the other kept
    broken["decisions"][1]["related"] = ["payments/ADR-7"]  # payments has no ADR-0007
    text = json.dumps(broken, indent=2)
    catalogue = _catalogue_with(
        tmp_path,
        {
            "exports/payments.json": json.dumps(good, indent=2),
            "exports/search.json": text,
            "exports/again.json": json.dumps(good),
            "not-json.json": '{"decisions": [1,\n  oops]}',
            "other.json": json.dumps({"hello": 1}),
        },
        ["exports", "missing.json", "not-json.json", "other.json"],
    )
    messages = [p.format() for p in catalogue.problems]
    lines = text.splitlines()
    status_line = next(i for i, line in enumerate(lines, 1) if '"maybe"' in line)
    related_line = next(i for i, line in enumerate(lines, 1) if '"payments/ADR-7"' in line)
    assert any(
        m.startswith(f"exports/search.json:{status_line}:") and "'maybe' is not one of" in m for m in messages
    )
    assert any(
        m.startswith(f"exports/search.json:{related_line}:")
        and "related names payments/ADR-7, which this catalogue does not have" in m
        for m in messages
    )
    # a folder's exports are read by name: again.json first
    assert any(
        m.startswith("exports/payments.json:") and "already exports/again.json's" in m for m in messages
    )
    assert any(
        m.startswith("mkdocs.yml:4:7:") and "'missing.json' is neither an export nor a folder" in m
        for m in messages
    )
    assert any(m.startswith("not-json.json:2:3: warning: not JSON") for m in messages)
    assert any(m.startswith("other.json:1:1:") and "not a decision log export" in m for m in messages)
    assert list(catalogue.decisions) == ["payments/ADR-0001", "payments/ADR-0002", "search/ADR-0002"]


def test_check_names_what_the_build_would(tmp_path: Path) -> None:
    root = three_repositories(tmp_path)
    (root / "exports" / "payments.json").write_text('{"decisions": [', encoding="utf-8")
    result = run_cli("check", cwd=root)
    assert "exports/payments.json:1:16: warning: not JSON: Expecting value" in result.stdout
    # payments' log is not collected now: links to it are shown unlinked, and are no problem
    assert "1 warning" in result.stderr


def test_a_large_export_names_the_fault_by_its_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tradeoffs.site.catalogue import sources

    monkeypatch.setattr(sources, "PLACED_BYTES", 100)  # not read again for positions
    data = _export(tmp_path, "payments")
    data["decisions"][1]["status"] = "maybe"
    catalogue = _catalogue_with(tmp_path, {"p.json": json.dumps(data, indent=2)}, ["p.json"])
    assert [p.format()[:40] for p in catalogue.problems] == ["p.json:1:1: warning: decisions/1/status:"]


def test_an_id_that_is_not_a_page_name_is_refused(tmp_path: Path) -> None:
    data = _export(tmp_path, "payments")
    data["decisions"][0]["id"] = "../../escape"
    catalogue = _catalogue_with(tmp_path, {"p.json": json.dumps(data, indent=2)}, ["p.json"])
    assert list(catalogue.decisions) == ["payments/ADR-0002"]
    assert any("'../../escape' is not a decision id" in p.message for p in catalogue.problems)


def test_other_repositories_text_cannot_reach_the_catalogues_html(tmp_path: Path) -> None:
    data = _export(tmp_path, "payments")
    data["source"].update(site_url="javascript:alert(1)//", repo_url="javascript:alert(2)", name='<b x="1">')
    data["decisions"][0].update(url="javascript:alert(3)", title='"><script>alert(4)</script>')
    data["decisions"][1]["url"] = "https://elsewhere.example/ok/"
    root = tmp_path / "cat"
    root.mkdir()
    (root / "p.json").write_text(json.dumps(data), encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: C\nplugins:\n  - tradeoffs:\n      catalogue: [p.json]\n")
    settings = load_settings(root / "mkdocs.yml")
    catalogue = load_catalogue(settings)
    assert catalogue.problems == []
    assert [d.home_url for d in catalogue.decisions.values()] == ["", "https://elsewhere.example/ok/"]
    assert catalogue.sources[0].repo_url == catalogue.sources[0].site_url == ""
    problems: list[Any] = []
    pages = CataloguePages(catalogue, Renderer(None, root), SiteLayout("decisions"), problems).pages()
    for page in pages:
        # blocks are placed after the site's sanitiser: they must be safe as made
        for block in page.blocks.values():
            assert "javascript:" not in block and "<script" not in block and '<b x="1">' not in block


# ---------------------------------------------------------------- real builds

OPEN_SHADOWS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (options) {
  return attach.call(this, Object.assign({}, options, { mode: "open" }));
};
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = three_repositories(tmp_path_factory.mktemp("catalogue"))
    mkdocs_build(root)  # strict
    return root / "site"


@pytest.mark.build
def test_three_repositories_build_strict(built: Path) -> None:
    page = (built / "decisions" / "catalogue" / "search" / "ADR-0002" / "index.html").read_text("utf-8")
    assert 'href="../../payments/ADR-0002/"' in page
    assert 'href="https://search.example.org/decisions/ADR-0002/"' in page
    # the log's own mentions are not linked in other repositories' text
    assert "and ADR-1 here" in page
    index = json.loads((built / "search" / "search_index.json").read_text("utf-8"))
    assert any(d["location"].startswith("decisions/catalogue/identity/ADR-0001/") for d in index["docs"])
    log = (built / "decisions" / "catalogue" / "index.html").read_text("utf-8")
    assert 'name="repository"' in log and "catalogue.js" in log


@pytest.mark.build
def test_tradeoffs_pages_writes_the_catalogue(tmp_path: Path) -> None:
    root = three_repositories(tmp_path)
    run_cli("pages", cwd=root, check=True)
    written = (root / "docs" / "decisions" / "catalogue" / "payments" / "ADR-0002.md").read_text("utf-8")
    # written as the page set writes every page for another engine: sanitised HTML
    assert '<a href="../search/ADR-0002.md">search/ADR-0002: Index products on change</a>' in written


@pytest.fixture(scope="module")
def base_url(built: Path) -> Iterator[str]:
    with serve(built) as url:
        yield url


@pytest.mark.browser
def test_filter_the_log_by_repository_and_follow_a_link_across(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    block_outside(context, base_url)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    try:
        tab.goto(f"{base_url}/decisions/catalogue/")
        rows = tab.locator("table[data-tradeoffs-catalogue-log] tbody tr:visible")
        assert rows.count() == 5
        tab.select_option("select[name=repository]", "search")
        assert rows.count() == 2
        assert "repository=search" in tab.url
        assert tab.locator(".tradeoffs-catalogue-count").inner_text() == "2 of 5 decisions"
        tab.click("text=search/ADR-0002: Index products on change")
        tab.wait_for_url("**/decisions/catalogue/search/ADR-0002/")
        tab.click("text=payments/ADR-0002: Queue refunds")
        tab.wait_for_url("**/decisions/catalogue/payments/ADR-0002/")
        assert "Who approves refunds over 1000?" in tab.content()
        # a repository's page opens the log filtered to it
        tab.goto(f"{base_url}/decisions/catalogue/identity/")
        tab.click("text=Every repository's decisions")
        tab.wait_for_url("**/decisions/catalogue/?repository=identity")
        assert rows.count() == 1
        # the relation graph draws every repository's box, offline (Material draws it in a
        # closed shadow root: opened here to look inside)
        tab.add_init_script(OPEN_SHADOWS)
        tab.goto(f"{base_url}/decisions/catalogue/graph/")
        tab.wait_for_function(
            "() => { const d = document.querySelector('div.mermaid');"
            " return d && d.shadowRoot && d.shadowRoot.querySelectorAll('g.cluster').length === 3; }"
        )
    finally:
        context.close()


@pytest.mark.build
def test_zensical_builds_the_catalogue_from_the_written_pages(tmp_path: Path) -> None:
    from test_engines import zensical_build

    root = three_repositories(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "plugins:\n",
            "nav:\n  - Home: index.md\n  - Decisions: decisions/\nplugins:\n  - literate-nav\n",
            1,
        ),
        encoding="utf-8",
    )
    run_cli("pages", cwd=root, check=True, process=True)
    site = zensical_build(root)
    page = (site / "decisions" / "catalogue" / "search" / "ADR-0002" / "index.html").read_text("utf-8")
    assert 'href="../../payments/ADR-0002/"' in page
    assert 'href="https://search.example.org/decisions/ADR-0002/"' in page
    log = (site / "decisions" / "catalogue" / "index.html").read_text("utf-8")
    assert log.count('data-source="identity"') == 1 and "catalogue.js" in log
    nav = (root / "docs" / "decisions" / "SUMMARY.md").read_text("utf-8")
    assert "catalogue/index.md" in nav and "catalogue/graph.md" in nav
