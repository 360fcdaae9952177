"""The Markdown export as catalogues read it: `NNNN-slug.md` pages in plain GFM with plain MADR
front matter, the sidecar that keeps `tradeoffs import` exact, `export --check`, and pages
named as exports were before (`ADR-0001.md`)."""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from conftest import GOOD_DECISION, REPO, Project, run_cli

BACKSTAGE_FILE_RULE = re.compile(r"^(?:.*/)?\d{4}-.+\.md$")
"""The file-name rule of Backstage's ADR plugin (`madrFilePathFilter`) and Structurizr's importer."""


def gfm() -> MarkdownIt:
    """A GFM renderer (markdown-it-py's GitHub mode) that is not ours."""
    return MarkdownIt("gfm-like", {"linkify": False}).disable("linkify")


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("catalogue") / "export"
    run_cli("export", "--format", "markdown", "--out", str(out), cwd=REPO, check=True)
    return out


def _front(text: str) -> tuple[str, str]:
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    return head, body


def _demo_sources() -> list[Path]:
    return sorted([*(REPO / "decisions").glob("[0-9]*.yml"), *(REPO / "legacy-adrs").glob("[0-9]*.md")])


def test_every_decision_page_is_named_as_catalogues_find_records(demo_export: Path) -> None:
    pages = sorted(p.relative_to(demo_export).as_posix() for p in demo_export.rglob("*.md"))
    found = [p for p in pages if BACKSTAGE_FILE_RULE.match(p)]
    sources = _demo_sources()
    assert len(found) == len(sources) >= 12
    # the decision file's own name: a link or a bookmark to the record reads the same
    assert {Path(p).stem for p in found} == {s.stem for s in sources}
    # the log and the framework pages are not records, and no sidecar is a page
    assert not [p for p in pages if "/." in p]
    assert "decisions/index.md" in pages and not BACKSTAGE_FILE_RULE.match("decisions/index.md")


def test_exported_pages_render_as_plain_gfm(demo_export: Path) -> None:
    """No attribute list, admonition or raw HTML survives a GFM render of any page."""
    renderer = gfm()
    pages = sorted(demo_export.rglob("*.md"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = _front(text)[1]
        tokens = renderer.parse(text)
        raw = [t.content for t in tokens if t.type == "html_block"]
        raw += [c.content for t in tokens for c in t.children or [] if c.type == "html_inline"]
        assert raw == [], f"{page.name}: raw HTML {raw[:3]}"
        rendered = renderer.render(text)
        assert "{#" not in rendered and "!!!" not in rendered, page.name


def test_decision_front_matter_is_plain_madr(demo_export: Path) -> None:
    for page in sorted((demo_export / "decisions").glob("[0-9]*.md")):
        head, _body = _front(page.read_text(encoding="utf-8"))
        data = yaml.safe_load(head)
        assert list(data)[:2] == ["status", "date"], page.name
        assert set(data) <= {"status", "date", "decision-makers", "consulted", "informed", "tags"}
        # the date as Structurizr reads it: the line's text is the ISO date, unquoted
        [line] = [x for x in head.splitlines() if x.startswith("date:")]
        assert re.fullmatch(r"date: \d{4}-\d{2}-\d{2}", line), line
        assert "{" not in head and len(head) < 600, page.name
    first = (demo_export / "decisions" / "0001-cache-product-detail-pages.md").read_text(encoding="utf-8")
    assert first.startswith(
        "---\nstatus: accepted\ndate: 2023-03-08\ndecision-makers: Priya Raman (catalogue lead), "
        "Tomás Ortega (SRE), Hannah Cole (architecture)\n"
    )


def test_section_links_follow_the_ids_gfm_gives(demo_export: Path) -> None:
    """`(#pros-and-cons)` pointed at the site's `{#id}`; on GitHub the id comes from the text."""
    from tradeoffs.site.gfm import github_slug

    renderer = gfm()
    checked = 0
    for page in sorted(demo_export.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for target, anchor in re.findall(r"\]\(([^()\s#]*)#([^()\s]+)\)", text):
            other = (page.parent / target) if target else page
            tokens = renderer.parse(other.read_text(encoding="utf-8"))
            slugs = {
                github_slug("".join(c.content for c in tokens[i + 1].children or []))
                for i, t in enumerate(tokens)
                if t.type == "heading_open"
            }
            assert anchor in slugs, f"{page.name}: #{anchor} is no heading of {other.name}"
            checked += 1
    assert checked >= 5
    first = (demo_export / "decisions" / "0001-cache-product-detail-pages.md").read_text(encoding="utf-8")
    assert "[Pros and Cons of the Options](#pros-and-cons-of-the-options)" in first


def test_admonitions_become_blockquotes_and_html_is_shown_as_text(project: Project, tmp_path: Path) -> None:
    project.decision(
        "0001-use-alpha.yml",
        GOOD_DECISION.replace("status: accepted", "status: proposed")
        + 'context: |\n  Fast <img src=x onerror="alert(1)"> and <b>bold</b>.\n\n  <details>\n  hidden\n'
        "  </details>\n\n  ```html\n  <p>kept as code</p>\n  ```\n",
    )
    out = tmp_path / "out"
    project.cli("export", "--out", str(out), check=True)
    [page] = (out / "decisions").glob("0001-*.md")
    text = page.read_text(encoding="utf-8")
    assert "> **Proposed**\n>\n> This decision is proposed" in text
    assert '\\<img src=x onerror="alert(1)">' in text and "\\<b>bold\\</b>" in text
    assert "<p>kept as code</p>" in text  # code is code
    rendered = gfm().render(_front(text)[1])
    assert "<img" not in rendered and "<b>" not in rendered and "<details>" not in rendered
    assert "&lt;img src=x" in rendered


def test_import_of_the_export_reads_the_sidecar_and_an_edited_page_as_written(
    project: Project, tmp_path: Path
) -> None:
    project.decision("0001-use-alpha.yml", GOOD_DECISION + "# a comment the import does not need\n")
    out = tmp_path / "out"
    project.cli("export", "--out", str(out), check=True)
    sidecar = out / "decisions" / ".tradeoffs" / "0001-use-alpha.json"
    assert json.loads(sidecar.read_text(encoding="utf-8"))["page"] == "0001-use-alpha.md"
    back = tmp_path / "back"
    run_cli("import", str(out / "decisions"), "--out", str(back), cwd=project.root, check=True)
    [again] = back.glob("0001-*.yml")
    original = yaml.safe_load((project.root / "decisions" / "0001-use-alpha.yml").read_text())
    assert yaml.safe_load(again.read_text(encoding="utf-8")) == original
    # a team edits the clean page: its words win, and the import says the sidecar was not used
    page = out / "decisions" / "0001-use-alpha.md"
    page.write_text(page.read_text(encoding="utf-8").replace("status: accepted", "status: rejected"))
    shutil.rmtree(back)
    result = run_cli("import", str(out / "decisions"), "--out", str(back), cwd=project.root)
    assert "changed since `tradeoffs export` wrote it: read as written" in result.stderr
    [again] = back.glob("0001-*.yml")
    assert yaml.safe_load(again.read_text(encoding="utf-8"))["status"] == "rejected"


def test_export_check_fails_when_the_committed_export_is_stale(project: Project, tmp_path: Path) -> None:
    project.decision("0001-use-alpha.yml", GOOD_DECISION)
    out = tmp_path / "out"
    missing = project.cli("export", "--check", "--out", str(out))
    assert missing.returncode == 1 and "0001-use-alpha.md: missing" in missing.stderr
    project.cli("export", "--out", str(out), check=True)
    current = project.cli("export", "--check", "--out", str(out))
    assert current.returncode == 0 and "up to date" in current.stderr
    decision = project.root / "decisions" / "0001-use-alpha.yml"
    decision.write_text(decision.read_text().replace("title: Use alpha", "title: Use alpha now"))
    stale = project.cli("export", "--check", "--out", str(out))
    assert stale.returncode == 1
    assert "decisions/0001-use-alpha.md: out of date" in stale.stderr
    assert "decisions/.tradeoffs/0001-use-alpha.json: out of date" in stale.stderr
    # a decision renamed: its old page is no longer exported, and --force takes it away
    decision.rename(project.root / "decisions" / "0001-use-alpha-now.yml")
    stale = project.cli("export", "--check", "--out", str(out))
    assert "decisions/0001-use-alpha.md: no longer exported" in stale.stderr
    forced = project.cli("export", "--out", str(out), "--force", check=True)
    assert "removed decisions/0001-use-alpha.md" in forced.stderr
    assert not (out / "decisions" / ".tradeoffs" / "0001-use-alpha.json").exists()
    assert project.cli("export", "--check", "--out", str(out)).returncode == 0
    assert project.cli("export", "--check", "--format", "json", "--out", str(out)).returncode == 2


def test_pages_named_as_exports_were_before_are_moved_aside_not_lost(
    project: Project, tmp_path: Path
) -> None:
    project.decision("0001-use-alpha.yml", GOOD_DECISION)
    out = tmp_path / "out"
    (out / "decisions").mkdir(parents=True)
    old = out / "decisions" / "ADR-0001.md"
    old.write_text(
        '---\nstatus: "accepted"\nadr: "ADR-0001"\n---\n# ADR-0001: Use alpha\n\nA note we added.\n'
    )
    mine = out / "decisions" / "ADR-0002.md"
    mine.write_text("# ADR-0002: Our own page\n\nNot from an export.\n")
    stale = project.cli("export", "--check", "--out", str(out))
    assert "decisions/ADR-0001.md: no longer exported" in stale.stderr
    result = project.cli("export", "--out", str(out), "--force", check=True)
    moved = out / "decisions" / ".tradeoffs" / "replaced" / "ADR-0001.md"
    assert "moved decisions/ADR-0001.md to decisions/.tradeoffs/replaced/ADR-0001.md" in result.stderr
    assert "A note we added." in moved.read_text() and not old.exists()
    assert "left decisions/ADR-0002.md: not a page `tradeoffs export` wrote" in result.stderr
    assert mine.read_text().endswith("Not from an export.\n")
    # the moved page is hidden from the import, which would otherwise read decision 1 twice
    mine.unlink()
    back = tmp_path / "back"
    run_cli("import", str(out / "decisions"), "--out", str(back), cwd=project.root, check=True)
    assert [p.name for p in back.glob("*.yml")] == ["0001-use-alpha.yml"]


# --- the consumers' own rules -----------------------------------------------------------------

BACKSTAGE_ADR_COMMON = Path(
    os.environ.get("TRADEOFFS_BACKSTAGE_ADR_COMMON")
    or REPO / ".tools" / "node_modules" / "@backstage" / "plugin-adr-common"
)
"""`@backstage/plugin-adr-common` from npm (scripts/test installs it into .tools/)."""

BACKSTAGE_READER = r"""
const fs = require("fs");
const path = require("path");
const adr = require(process.argv[2]);
const root = process.argv[3];
// the files under `backstage.io/adr-location`, relative to it, as the plugin lists them
const files = [];
(function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else files.push(path.relative(root, full).split(path.sep).join("/"));
  }
})(root);
const found = files.filter(adr.madrFilePathFilter).sort().map((file) => {
  const parsed = adr.parseMadrWithFrontmatter(fs.readFileSync(path.join(root, file), "utf8"));
  // the ADR search collator's title: the first level-1 heading of the content
  const heading = parsed.content.split("\n").find((line) => /^# /.test(line));
  return { file, title: heading ? heading.slice(2).trim() : null, status: parsed.status, date: parsed.date };
});
process.stdout.write(JSON.stringify({ files: files.length, found }));
"""


@pytest.mark.build
def test_backstages_own_parser_finds_every_decision_with_title_status_and_date(
    demo_export: Path, tmp_path: Path
) -> None:
    if shutil.which("node") is None or not (BACKSTAGE_ADR_COMMON / "package.json").is_file():
        pytest.skip("node and @backstage/plugin-adr-common (scripts/test installs it into .tools/)")
    from tradeoffs.core.config import load_settings
    from tradeoffs.core.project import load_project

    script = tmp_path / "read.js"
    script.write_text(BACKSTAGE_READER, encoding="utf-8")
    result = subprocess.run(
        ["node", str(script), str(BACKSTAGE_ADR_COMMON), str(demo_export / "decisions")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    read = json.loads(result.stdout)
    project = load_project(load_settings(REPO / "mkdocs.yml"))
    expected = [
        {
            "title": f"{d.id}: {d.title}",
            "status": d.status,
            "date": d.date.isoformat() if d.date else None,
        }
        for d in sorted(project.decisions, key=lambda d: d.number)
    ]
    assert len(expected) == len(_demo_sources())
    # every decision, and nothing else (not the log, the framework pages or the sidecars)
    assert read["files"] > len(expected)
    assert [{k: f[k] for k in ("title", "status", "date")} for f in read["found"]] == expected


def _structurizr_madr(folder: Path) -> list[dict[str, object]]:
    """Structurizr's MADR importer (`!adrs <path> madr`) as its documentation and source state
    its rules: the folder's own files (not subfolders) whose whole name is `NNNN-….md`, by name;
    the id is the number; the title is the first line starting `# ` after the front matter; the
    date is the text after a front-matter line starting `date: `, read as yyyy-MM-dd; the
    status is the text after a front-matter line starting `status: `; a link whose target is
    another record's file name links the two."""
    records = sorted(p for p in folder.iterdir() if p.is_file() and re.fullmatch(r"\d{4}-.+?.md", p.name))
    names = {p.name for p in records}
    out: list[dict[str, object]] = []
    for path in records:
        lines = path.read_text(encoding="utf-8").replace("\r", "").split("\n")
        front: dict[str, str] = {}
        body = lines
        if lines[0].startswith("---"):
            end = next(i for i in range(1, len(lines)) if lines[i].startswith("---"))
            for line in lines[1:end]:
                for key in ("date: ", "status: "):
                    if line.startswith(key) and key not in front:
                        front[key] = line[len(key) :]
            body = lines[end + 1 :]
        title = next((line[2:] for line in body if line.startswith("# ")), "Title")
        links = {
            m.group(1) for line in body for m in re.finditer(r"\[.*]\((.*)\)", line) if m.group(1) in names
        }
        date = front.get("date: ")
        out.append(
            {
                "id": str(int(path.name[:4])),
                "title": title,
                "date": None if date is None else _dt.datetime.strptime(date, "%Y-%m-%d").date(),
                "status": front.get("status: ", "accepted"),
                "links": links,
            }
        )
    return out


def test_structurizrs_madr_rules_read_every_decision(demo_export: Path) -> None:
    from tradeoffs.core.config import load_settings
    from tradeoffs.core.project import load_project

    project = load_project(load_settings(REPO / "mkdocs.yml"))
    read = _structurizr_madr(demo_export / "decisions")
    assert [(r["id"], r["title"], r["status"], r["date"]) for r in read] == [
        (str(d.number), f"{d.id}: {d.title}", d.status, d.date)
        for d in sorted(project.decisions, key=lambda d: d.number)
    ]
    # a superseded decision links to the decision that replaced it
    superseded = next(r for r in read if r["status"] == "superseded")
    assert any(link.startswith("0009-") for link in superseded["links"])  # type: ignore[attr-defined]


# --- the JSON export, for catalogues of many repositories ----------------------------------------


def _validator() -> object:
    import jsonschema

    from tradeoffs.core.schema import schema

    published = schema("export")
    cls = jsonschema.validators.validator_for(published)
    cls.check_schema(published)
    return cls(published, format_checker=cls.FORMAT_CHECKER)


def test_the_json_export_of_the_demo_follows_its_published_schema() -> None:
    data = json.loads(run_cli("export", "--format", "json", cwd=REPO, check=True).stdout)
    validator = _validator()
    assert list(validator.iter_errors(data)) == []  # type: ignore[attr-defined]
    assert data["$schema"] == "https://mkdocs-tradeoffs.dev/schemas/export.schema.json"
    assert data["version"] == 1
    # `tradeoffs schema export` prints the same schema
    printed = json.loads(run_cli("schema", "export", cwd=REPO, check=True).stdout)
    assert printed["$id"] == data["$schema"]
    # a decision without what a catalogue needs is refused by the schema
    broken = json.loads(json.dumps(data))
    del broken["decisions"][0]["rationale"]
    assert [e.message for e in validator.iter_errors(broken)] == [  # type: ignore[attr-defined]
        "'rationale' is a required property"
    ]


def test_the_json_export_carries_what_a_catalogue_shows() -> None:
    data = json.loads(run_cli("export", "--format", "json", cwd=REPO, check=True).stdout)
    assert data["source"]["id"] == "mkdocs-tradeoffs"  # the repository's name, from repo_url
    first = {d["id"]: d for d in data["decisions"]}["ADR-0001"]
    assert first["uid"] == "mkdocs-tradeoffs/ADR-0001"
    assert first["context"].startswith("Every product detail page (PDP) assembles one view")
    assert first["chosen"] == ["cache"] and first["chosen_titles"] == ["Cache the result"]
    assert first["rationale"].startswith("The assembled PDP view is expensive")
    assert first["recommendation"]["options"] == [{"id": "cache", "title": "Cache the result"}]
    assert first["recommendation"]["consistent"] is True and first["recommendation"]["reasoning"]
    assert first["what_would_change"]["margin"].startswith("Cache the result leads")
    assert any(
        c.startswith("If the answer to “Is the same result requested more than once?” were no")
        for c in first["what_would_change"]["changes"]
    )
    assert first["open_questions"] and all(isinstance(q, str) for q in first["open_questions"])
    assert {"kind": "facts-changed"}.items() <= first["health"][0].items()


def test_the_json_export_names_its_source_and_gives_absolute_urls(project: Project) -> None:
    project.decision("0001-use-alpha.yml", GOOD_DECISION)
    config = project.root / "mkdocs.yml"
    config.write_text("site_name: Payments Platform\nplugins:\n  - tradeoffs\n")
    data = json.loads(project.cli("export", "--format", "json", check=True).stdout)
    assert data["source"] == {
        "id": "payments-platform",
        "name": "Payments Platform",
        "repo_url": None,
        "site_url": None,
        "log_url": "decisions/",
    }
    assert data["decisions"][0]["url"] == "decisions/ADR-0001/"
    config.write_text(
        "site_name: Payments Platform\nsite_url: https://adr.example.com/payments\n"
        "repo_url: https://github.com/acme/payments-service.git\nplugins:\n  - tradeoffs\n"
    )
    data = json.loads(project.cli("export", "--format", "json", check=True).stdout)
    assert data["source"]["id"] == "payments-service"
    assert data["source"]["log_url"] == "https://adr.example.com/payments/decisions/"
    assert data["decisions"][0]["url"] == "https://adr.example.com/payments/decisions/ADR-0001/"
    assert data["decisions"][0]["uid"] == "payments-service/ADR-0001"
    config.write_text(
        config.read_text().replace("  - tradeoffs\n", "  - tradeoffs:\n      source_id: payments\n")
    )
    data = json.loads(project.cli("export", "--format", "json", check=True).stdout)
    assert data["source"]["id"] == "payments" and data["decisions"][0]["uid"] == "payments/ADR-0001"
    assert list(_validator().iter_errors(data)) == []  # type: ignore[attr-defined]
    config.write_text(config.read_text().replace("source_id: payments", "source_id: Payments Team"))
    refused = project.cli("export", "--format", "json")
    assert refused.returncode != 0 and "must be a short name in lower-case letters" in refused.stderr


def test_gfm_drops_comments_keeps_braces_that_are_text_and_escapes_tags_over_lines() -> None:
    from tradeoffs.site.gfm import to_gfm

    page = to_gfm(
        "## Decision Drivers <!-- optional -->\n\n<!-- remove this element -->\n\n"
        'Text with <a\nhref="x">a link</a>, `<b>` as code.\n\n'
        "## Title {with braces} here {#real-id .wide}\n\n## Ends {x y}\n\n"
        '!!! note\n    A note.\n\n??? tip "Open me"\n    Hidden.\n'
    )
    assert page.text == (
        "## Decision Drivers\n\n"
        'Text with \\<a\nhref="x">a link\\</a>, `<b>` as code.\n\n'
        "## Title {with braces} here\n\n## Ends {x y}\n\n"
        "> **Note**\n>\n> A note.\n\n> **Open me**\n>\n> Hidden.\n"
    )
    assert page.slugs == {"real-id": "title-with-braces-here"}
