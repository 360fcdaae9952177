"""Search in real builds: the `search: pagefind` option under `mkdocs build --strict` (run as
a process, without -q, so every warning shows), a missing pagefind package, and what
Material's index holds of a decision page."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import GOOD_DECISION, Project, mkdocs_build

pytestmark = pytest.mark.build

MKDOCS_YML = """\
site_name: Search test
theme:
  name: material
plugins:
  - search
  - tradeoffs:
      decisions_dir: decisions
{options}markdown_extensions:
  - attr_list
  - md_in_html
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""

TEMPLATE = """\
{% extends "builtin/madr.md.j2" %}
{% block header %}
{{ super() }}

<div data-search-exclude markdown>

!!! tip "Disagree, or has something changed?"
    Propose a change to `{{ adr.path }}` in a pull request.

</div>
{% endblock %}
"""


TEAM_DIAGRAM = """\
context: |
  Before the diagram.

  ```mermaid
  graph LR
    teamnode --> othernode
  ```
"""
"""A Mermaid diagram of the team's own in a decision's text (its source is not for search)."""


def _figure(page_html: str) -> str:
    """The start tag of the page's one relation diagram drawn by the plugin."""
    [tag] = re.findall(r'<figure class="tradeoffs-graph"[^>]*>', page_html)
    return str(tag)


def _pagefind_content(bundle: Path, url: str) -> str:
    """The text Pagefind indexed of the page at `url` (its fragment: gzip, a marker, JSON)."""
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd"), fragment
        found = json.loads(data[len(b"pagefind_dcd") :])
        if found["url"] == url:
            return str(found["content"])
    raise AssertionError(f"Pagefind indexed no {url}")


def _site(project: Project, options: str = "") -> Path:
    (project.root / "docs").mkdir(exist_ok=True)
    (project.root / "docs" / "index.md").write_text("# Home\n\nOur decisions.\n", encoding="utf-8")
    (project.root / "templates").mkdir(exist_ok=True)
    (project.root / "templates" / "madr.md.j2").write_text(TEMPLATE, encoding="utf-8")
    project.decision("0001-use-alpha.yml", GOOD_DECISION + "tags: [payments]\n")
    project.decision(
        "0002-use-beta.yml",
        GOOD_DECISION.replace("Use alpha", "Use beta").replace("accepted", "superseded")
        + "tags: [web]\nrelated: [ADR-1]\n"
        + TEAM_DIAGRAM,
    )
    project.decision(
        "0003-use-alpha-again.yml",
        GOOD_DECISION.replace("Use alpha", "Use alpha again") + "supersedes: [ADR-2]\n",
    )
    config = project.root / "mkdocs.yml"
    config.write_text(MKDOCS_YML.format(options=textwrap.indent(options, " " * 6)), encoding="utf-8")
    return config


def _mkdocs(
    project: Project, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


def test_pagefind_builds_strict(project: Project) -> None:
    _site(project, "search: pagefind\n")
    done = _mkdocs(project)
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    assert "Pagefind indexed" in done.stderr  # the plugin says what it did
    site = project.root / "site"
    bundle = site / "pagefind"
    assert (bundle / "pagefind-entry.json").is_file() and (bundle / "pagefind-ui.js").is_file()
    assert not (site / "search" / "search_index.json").exists()  # Material's search is off
    adr = (site / "decisions" / "ADR-0002" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in adr and 'data-pagefind-filter="status:superseded"' in adr
    assert 'data-pagefind-filter="tag:web"' in adr and 'data-pagefind-meta="id:ADR-0002"' in adr
    assert 'class="md-search"' not in adr  # the theme's search box gave way to the plugin's
    assert '"engine": "pagefind"' in (site / "assets/tradeoffs/tradeoffs-search.js").read_text(
        encoding="utf-8"
    )
    # the boilerplate box, the neighbourhood diagram and the team's own Mermaid diagram are
    # left out of Pagefind's index
    box = adr[adr.index("Disagree") - 400 : adr.index("Disagree")]
    assert "data-pagefind-ignore" in box.rsplit("<div", 2)[-2]
    assert _figure(adr).endswith(" data-search-exclude data-pagefind-ignore>")
    assert '<pre class="mermaid" data-search-exclude="diagram" data-pagefind-ignore>' in adr
    indexed = _pagefind_content(bundle, "/decisions/ADR-0002/")
    assert "Before the diagram." in indexed and "Related: ADR-0001: Use alpha" in indexed  # the lists
    # not the boxes' text ("ADR-0001 accepted", then its title) nor the team's Mermaid source
    assert "ADR-0001 accepted" not in indexed and "ADR-0003 accepted" not in indexed
    assert "teamnode" not in indexed and "Disagree" not in indexed
    # the decision log repeats the decision pages: not Pagefind's body
    log = (site / "decisions" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in log
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in home
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]


def test_missing_pagefind_is_one_line_naming_what_to_install(project: Project, tmp_path: Path) -> None:
    _site(project, "search: pagefind\n")
    # a `pagefind` that cannot be imported, as when it was never installed
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text(
        "import sys\nsys.modules['pagefind'] = None\nsys.modules['pagefind_bin_extended'] = None\n"
        "sys.modules['pagefind_bin'] = None\n",
        encoding="utf-8",
    )
    path = os.pathsep.join([str(hide), os.environ.get("PYTHONPATH", "")])
    done = _mkdocs(project, env={"PYTHONPATH": path})
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if "pagefind" in line]
    assert errors == [
        "ERROR   -  tradeoffs: the search option 'pagefind' needs the pagefind package and its binary: "
        "pip install 'pagefind[extended]'"
    ], done.stderr


def test_material_index_holds_keywords_not_boilerplate(project: Project) -> None:
    _site(project)
    site = mkdocs_build(project.root)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    top = docs["decisions/ADR-0002/"]
    assert top["title"] == "ADR-0002: Use beta"
    for word in ("ADR-0002", "ADR-2", "superseded", "test-rules", "alpha", "Alpha", "web"):
        assert word in top["text"], word
    everything = json.dumps(index["docs"])
    assert "Disagree" not in everything and "teamnode" not in everything  # the team's diagram
    assert "Before the diagram." in everything
    html = (site / "decisions" / "ADR-0002" / "index.html").read_text(encoding="utf-8")
    assert '<p class="adr-search-keywords">' in html
    assert '<pre class="mermaid"><code>' in html  # Material took its mark off again
    # the neighbourhood diagram repeats other decisions' titles: left out (the lists name them)
    assert 'aria-label="ADR-0002 and the decisions linked to it" data-search-exclude>' in _figure(html)
    assert "ADR-0001 accepted" not in everything
    assert "tradeoffs-search.css" in html and "tradeoffs-search.js" in html
