"""The benchmark's generator and builds, at a size that runs in seconds, so the script cannot rot."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tradeoffs.core.config import Settings
from tradeoffs.core.project import load_project

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import generate  # noqa: E402
import run  # noqa: E402

from conftest import chromium  # noqa: E402


def test_generated_decisions_are_valid_and_build(tmp_path: Path) -> None:
    config = generate.write_project(tmp_path / "site", 20)
    project = load_project(Settings.from_options(config.parent, {}, config_file=config))
    assert len(project.evaluations) == 20
    assert {ev.decision.framework for ev in project.evaluations.values()} == set(generate.FRAMEWORKS)
    assert not [p for p in project.all_problems if p.is_error]
    assert any(ev.decision.supersedes for ev in project.evaluations.values())

    build(load_config(str(config), site_dir=str(tmp_path / "out")))
    assert len(list((tmp_path / "out" / "decisions").glob("ADR-*/index.html"))) == 20
    index = json.loads((tmp_path / "out" / "search" / "search_index.json").read_text())
    assert any(d["location"].startswith("decisions/ADR-0001/") for d in index["docs"])

    reference = run.write_reference(config.parent, tmp_path / "reference")
    build(load_config(str(reference), site_dir=str(tmp_path / "ref-out")))
    assert len(list((tmp_path / "ref-out" / "decisions").glob("ADR-*/index.html"))) == 20

    # the reference: plain MkDocs building `tradeoffs export --format markdown`
    export = run.write_export_reference(config.parent, tmp_path / "export")
    assert json.loads((export.parent / "export.json").read_text())["cpu"] > 0
    build(load_config(str(export), site_dir=str(tmp_path / "export-out")))
    assert len(list((tmp_path / "export-out" / "decisions").glob("[0-9][0-9][0-9][0-9]-*/index.html"))) == 20
    assert (tmp_path / "export-out" / "how-we-decide" / "index.html").is_file()
    home = (tmp_path / "export-out" / "index.html").read_text()
    assert "decisions/" in home and "ADR-0001" not in home  # a small nav: no decision in it


def test_build_keeps_no_second_copy_of_generated_pages(tmp_path: Path) -> None:
    """Once MkDocs has a page's Markdown, the plugin and the File keep no copy of it, and the
    YAML position maps are gone; a page's HTML waits compressed until it is written, and is let
    go then, with its table of contents: MkDocs would hold every page's Markdown and HTML until
    the build ends."""
    config_file = generate.write_project(tmp_path / "site", 20)
    config = load_config(str(config_file), site_dir=str(tmp_path / "out"))
    plugin = config.plugins["tradeoffs"]
    build(config)
    assert all(page.markdown == "" for page in plugin.site.pages.values())
    # the loaded project is let go; the plugin keeps who names whom, for mention warnings
    assert not hasattr(plugin, "project")
    assert len(plugin.named) == 20 and any(plugin.named.values())
    assert plugin.files is not None
    page = plugin.files.get_file_from_path("decisions/ADR-0001.md")
    assert page is not None and page.content_string == "" and page.page.markdown == ""
    assert page.page.content is None and not plugin.store.packed and not plugin.store.blocks
    assert not list(page.page.toc)
    html = (tmp_path / "out" / "decisions" / "ADR-0001" / "index.html").read_text()
    first = next((config_file.parent / "decisions").glob("0001-*.yml"))
    assert yaml.safe_load(first.read_text())["title"] in html
    assert 'id="accepted-costs"' in html and 'id="more-information"' in html
    # the theme's table of contents, made from the page's HTML headings
    assert 'href="#accepted-costs"' in html


def test_serve_dirty_rebuild_writes_only_the_edited_decision(tmp_path: Path) -> None:
    """As `mkdocs serve --dirty` does: one plugin object, one build, an edit, a dirty rebuild."""
    config_file = generate.write_project(tmp_path / "site", 20)
    site_dir = tmp_path / "out"

    def config():  # type: ignore[no-untyped-def]
        return load_config(str(config_file), site_dir=str(site_dir))

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    try:
        build(first, dirty=True)
        pages = {p: p.stat().st_mtime_ns for p in (site_dir / "decisions").glob("ADR-*/index.html")}
        edited = next((config_file.parent / "decisions").glob("0007-*.yml"))
        later = time.time() + 2  # newer than every page just written, whatever the clock's grain
        edited.write_text(edited.read_text().replace("rationale: |\n", "rationale: |\n  Edited now.\n", 1))
        os.utime(edited, (later, later))
        build(config(), dirty=True)
        changed = {p.parent.name for p, mtime in pages.items() if p.stat().st_mtime_ns != mtime}
        assert changed == {"ADR-0007"}
        assert "Edited now." in (site_dir / "decisions" / "ADR-0007" / "index.html").read_text()
        assert (site_dir / "adr" / "7" / "index.html").is_file()
    finally:
        first.plugins.on_shutdown()


def test_page_cache_gives_the_pages_an_uncached_build_gives(tmp_path: Path) -> None:
    """Under serve, decision pages are reused by template context; what changes must still show:
    an edited decision, a reverse link it gains, and an edited team template."""
    from tradeoffs.adr.render import Renderer
    from tradeoffs.site import PageCache, build_site

    config = generate.write_project(tmp_path / "site", 20)
    templates = config.parent / "templates"
    templates.mkdir()
    (templates / "team.md.j2").write_text("# {{ adr.id }}: {{ adr.title | inline }}\n\nVersion one.\n")
    decisions = config.parent / "decisions"
    cache = PageCache()

    def check() -> dict[str, str]:
        settings = Settings.from_options(config.parent, {"templates_dir": "templates"}, config_file=config)
        project = load_project(settings)
        cached = build_site(project, Renderer(settings.templates_dir), cache=cache).markdown()
        assert cached == build_site(project, Renderer(settings.templates_dir)).markdown()
        return cached

    def groups() -> dict[str, tuple[str, int]]:
        """Each decision's page -> the view of its group on the relation graph, and its size."""
        from tradeoffs.site.graph_pages import group_pages, project_relations
        from tradeoffs.site.layout import SiteLayout

        project = load_project(Settings.from_options(config.parent, {}, config_file=config))
        found = project_relations(project)
        return {
            f"decisions/ADR-{n:04d}.md": v
            for n, v in group_pages(found, project, SiteLayout("decisions")).items()
        }

    first, first_groups = check(), groups()
    assert check() == first and len(cache.used) == 20
    seven = next(decisions.glob("0007-*.yml"))
    seven.write_text(
        seven.read_text().replace("rationale: |\n", "rationale: |\n  Edited now.\n", 1)
        + 'related: ["ADR-3"]\n'
    )
    second, second_groups = check(), groups()
    changed = {p for p in first if first[p] != second[p] and "/ADR-" in p}
    # 3 gains a reverse link; the pages whose group (its view or size) the new link changed
    # link the group's new view
    regrouped = {p for p in first if "/ADR-" in p and first_groups.get(p) != second_groups.get(p)}
    assert changed == {"decisions/ADR-0007.md", "decisions/ADR-0003.md"} | regrouped
    two = next(decisions.glob("0002-*.yml"))
    two.write_text(two.read_text() + "template: team\n")
    assert "Version one." in check()["decisions/ADR-0002.md"]
    later = time.time() + 2
    (templates / "team.md.j2").write_text("# {{ adr.id }}\n\nVersion two.\n")
    os.utime(templates / "team.md.j2", (later, later))
    assert "Version two." in check()["decisions/ADR-0002.md"]


@pytest.mark.build
def test_bench_compares_the_plugin_with_both_references(tmp_path: Path) -> None:
    """One size through the whole benchmark: the plugin, the reference of its own pages and the
    export reference built alternately, and the tables that report them."""
    result = run.bench(12, tmp_path / "work", 1, 0, tmp_path / "sites")
    for name in ("plugin", "reference", "export", "check"):
        assert result[name]["cpu"] > 0 and len(result["all_runs"][name]) == 1
    assert set(result["disk"]) == {"plugin", "reference", "export"}
    assert result["export"]["search_kb"] > 0 and result["export_command"]["cpu"] > 0
    report = run.tables([result])
    export_table = report.split("tradeoffs export --format markdown`", 1)[1]
    ratio = result["plugin"]["cpu"] / result["export"]["cpu"]
    assert f"| 12 | {ratio:.3f} |" in export_table
    assert "| 12 | export |" in report


@pytest.mark.browser
def test_graph_browser_measures_every_view(tmp_path: Path) -> None:
    """benchmarks/graph_browser.py on a small site: each page's time from navigation to its
    diagram drawn, its boxes and lines, its text's size and contrast in both schemes, bounds."""
    import graph_browser

    chromium()  # fails, or skips when told to, without a browser
    site, _ = graph_browser.build(60, tmp_path)
    found = graph_browser.measure(site, 120, groups=2)
    assert set(found["summary"]) == {"framework", "tag", "group", "decision"}
    assert len(found["load_average"]) == 2
    for p in found["pages"]:
        assert p["drawn_ms"] > 0 and p["html_bytes"] > 0 and p["page_errors"] == [], p
        assert p["diagrams"] == p["svgs"] == 1 and p["nodes"] == p["node_links"] + p["here"] > 1, p
        assert p["lines"] >= 1 and p["smallest_label_px"] >= 16 and p["overlaps"] == [], p
        assert set(p["lowest_contrast"]) == set(p["backgrounds"]) == {"default", "slate"}, p
        assert p["backgrounds"]["default"] != p["backgrounds"]["slate"], p
        assert not {"render_ms", "mermaid_arrived_ms", "mermaid_ran_ms", "errors"} & set(p), p
    for kind in found["summary"].values():
        assert 0 < kind["drawn_ms_min"] <= kind["drawn_ms_median"] <= kind["drawn_ms_max"], kind
    assert graph_browser.failures(found, float("inf")) == []
    slow = graph_browser.failures(found, 0.0)  # a bound no page meets is reported, page by page
    assert len(slow) == len(found["pages"]) and all("after the navigation's start" in f for f in slow)
    # and a view with too many boxes, or text too small or too faint, is reported
    first = dict(found["pages"][0], nodes=found["view_max"] + 1, smallest_label_px=12.0)
    first["lowest_contrast"] = {"default": 5.1, "slate": 3.0}
    broken = graph_browser.failures(dict(found, pages=[first]), float("inf"))
    assert [f.split(": ", 1)[1].split(" ")[:2] for f in broken] == [
        ["box", "text"],
        [str(found["view_max"] + 1), "boxes"],
        ["box", "text"],
    ]
    assert "12.0 px" in broken[0] and "3.0" in broken[2], broken
