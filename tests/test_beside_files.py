"""Files beside Markdown ADRs: only images reach the site, SVG cleaned, everything else refused.

A file published beside the decisions' pages is served from the site's own origin: an `.html`,
`.xhtml` or scripted `.svg` there runs as the site, and a `.md` becomes a page the sanitiser
never sees. These tests link each kind from a Markdown ADR, then read what `tradeoffs check`
says and what a real build publishes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import mkdocs_build, run_cli
from tradeoffs.core.beside_files import clean_svg, refusal

PNG = b"\x89PNG\r\n\x1a\n" + bytes.fromhex(
    "0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc33"
    "0000000049454e44ae426082"
)
SCRIPTED_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="40" height="20" onload="alert(1)"><script>alert(2)</script>'
    '<a xlink:href="javascript:alert(3)"><text x="1" y="12">drawn</text></a>'
    '<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(4)"/>'
    '</body></foreignObject><set attributeName="onmouseover" to="alert(5)"/></svg>'
)
HTML = "<script>navigator.serviceWorker.register('sw.js')</script>"

ADR = """\
# 1. Draw the flows

Date: 2026-01-01

## Status

Accepted

## Context

![flow](flow.png) and ![drawing](drawing.svg).
The [page](diagram.html) and [xhtml](diagram.xhtml).
Also [notes](sub/notes.md), ![fake](fake.png) and [spec](spec.pdf).

## Decision

We draw.

## Consequences

None.
"""

REFUSED = {
    "diagram.html": (12, 5),
    "diagram.xhtml": (12, 30),
    "sub/notes.md": (13, 6),
    "fake.png": (13, 29),
    "spec.pdf": (13, 51),
}
"""Each refused link: its line and column in ADR."""


def write_project(root: Path) -> Path:
    legacy = root / "legacy"
    (legacy / "sub").mkdir(parents=True)
    (legacy / "0001-draw-the-flows.md").write_text(ADR, encoding="utf-8")
    (legacy / "flow.png").write_bytes(PNG)
    (legacy / "drawing.svg").write_text(SCRIPTED_SVG, encoding="utf-8")
    (legacy / "diagram.html").write_text(HTML, encoding="utf-8")
    (legacy / "diagram.xhtml").write_text(HTML, encoding="utf-8")
    (legacy / "sub" / "notes.md").write_text("# Notes\n\n<script>alert(6)</script>\n", encoding="utf-8")
    (legacy / "fake.png").write_text(HTML, encoding="utf-8")
    (legacy / "spec.pdf").write_bytes(b"%PDF-1.4 /JavaScript (app.alert(7))")
    (root / "decisions").mkdir()
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: t\ntheme:\n  name: material\nplugins:\n  - tradeoffs:\n      markdown_dirs: [legacy]\n",
        encoding="utf-8",
    )
    return root


def test_only_images_of_their_type_are_published(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    legacy = root / "legacy"
    assert refusal(legacy / "flow.png") is None
    assert refusal(legacy / "drawing.svg") is None  # published cleaned
    for name in ("diagram.html", "diagram.xhtml", "sub/notes.md", "fake.png", "spec.pdf"):
        reason = refusal(legacy / name)
        assert reason is not None, name
        assert "docs folder" in reason or "save it as" in reason, reason  # says what to do
    (legacy / "broken.svg").write_text("<svg><g></svg>", encoding="utf-8")
    assert "cannot be cleaned" in (refusal(legacy / "broken.svg") or "")
    bomb = '<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>'
    (legacy / "bomb.svg").write_text(bomb, encoding="utf-8")
    assert refusal(legacy / "bomb.svg") is not None


def test_an_svg_is_published_without_script(tmp_path: Path) -> None:
    path = tmp_path / "drawing.svg"
    path.write_text(SCRIPTED_SVG, encoding="utf-8")
    cleaned = clean_svg(path).decode()
    assert "drawn" in cleaned and "<svg" in cleaned
    for bad in ("script", "onload", "javascript:", "onerror", "foreignObject", "attributeName"):
        assert bad not in cleaned, (bad, cleaned)  # what is left of <set> animates nothing


def test_check_names_each_refused_file_at_its_line_and_column(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    result = run_cli("check", cwd=root)
    found = {
        m["url"]: (int(m["line"]), int(m["column"]))
        for m in re.finditer(
            r"legacy/0001-draw-the-flows\.md:(?P<line>\d+):(?P<column>\d+): warning: links to '(?P<url>[^']+)'",
            result.stdout + result.stderr,
        )
    }
    assert found == REFUSED, result.stdout + result.stderr


def test_the_site_publishes_only_sanitised_pages_and_inert_images(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    with pytest.raises(Abort):  # every refused link is a warning, so --strict stops
        mkdocs_build(root, strict=True)
    site = mkdocs_build(root, strict=False)
    beside = {
        p.relative_to(site / "decisions").as_posix()
        for p in (site / "decisions").rglob("*")
        if p.is_file() and p.name != "index.html"
    }
    assert beside == {"flow.png", "drawing.svg"}
    assert (site / "decisions" / "flow.png").read_bytes() == PNG
    drawing = (site / "decisions" / "drawing.svg").read_text(encoding="utf-8")
    assert "drawn" in drawing and "script" not in drawing and "attributeName" not in drawing
    # no page of the non-record Markdown file, no copy of the HTML anywhere
    assert not any("notes" in p.as_posix() for p in site.rglob("*"))
    assert not [p for p in site.rglob("*") if p.suffix in (".xhtml", ".pdf")]
    assert not [p for p in site.rglob("*.html") if HTML in p.read_text(encoding="utf-8")]
    page = (site / "decisions" / "ADR-0001" / "index.html").read_text(encoding="utf-8")
    assert 'src="../flow.png"' in page and 'src="../drawing.svg"' in page
    assert "diagram.html" not in page and "notes.md" not in page and "fake.png" not in page
    assert "alert(" not in page


def test_an_adr_folder_inside_docs_publishes_no_raw_page_or_file(tmp_path: Path) -> None:
    """`markdown_dirs: [docs/adr]` (as docs/adoption.md shows): MkDocs reads that folder too,
    and published its records as pages no sanitiser saw and its files as they were."""
    root = write_project(tmp_path)
    (root / "legacy").rename(root / "docs" / "adr")
    record = root / "docs" / "adr" / "0001-draw-the-flows.md"
    record.write_text(
        record.read_text(encoding="utf-8").replace("We draw.", "We draw. <script>alert(8)</script>"),
        encoding="utf-8",
    )
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("[legacy]", "[docs/adr]"), encoding="utf-8")
    site = mkdocs_build(root, strict=False)
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {"adr/flow.png", "adr/drawing.svg", "decisions/flow.png", "decisions/drawing.svg"} <= published
    raw = [p for p in published if p.startswith("adr/") and not p.startswith("adr/1/")]
    assert sorted(raw) == ["adr/drawing.svg", "adr/flow.png"], raw  # no record page, HTML or notes
    assert "script" not in (site / "adr" / "drawing.svg").read_text(encoding="utf-8")
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "alert(8)" not in text, page  # the record only as sanitised
        assert HTML not in text, page


def test_an_adr_folder_linked_into_docs_publishes_no_raw_page_or_file(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    (root / "docs" / "adr").symlink_to(root / "legacy", target_is_directory=True)
    site = mkdocs_build(root, strict=False)
    raw = sorted(p.relative_to(site).as_posix() for p in (site / "adr").rglob("*") if p.is_file())
    assert [p for p in raw if not p.startswith("adr/1/")] == ["adr/drawing.svg", "adr/flow.png"], raw
    assert "script" not in (site / "adr" / "drawing.svg").read_text(encoding="utf-8")
