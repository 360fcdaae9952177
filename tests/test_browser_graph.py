"""The relation graph of 1,000 generated decisions in headless Chromium with every request outside
the site blocked: Mermaid comes from the site itself (`mermaid_js`), and every diagram renders."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import CHROMIUM_ARGS, chromium, serve

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate

REPO = Path(__file__).resolve().parents[1]
MERMAID = Path(
    os.environ.get("TRADEOFFS_MERMAID_JS")
    or REPO / ".tools" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not MERMAID.is_file(),
        reason="mermaid is not installed (scripts/test installs it with npm into .tools/)",
    ),
]

# Material draws each diagram in a closed shadow root; the test opens it to look inside.
OPEN_SHADOWS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (options) {
  return attach.call(this, Object.assign({}, options, { mode: "open" }));
};
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("graph")
    config = generate.write_project(work / "project", 1000)
    text = config.read_text(encoding="utf-8").replace(
        generate.PLUGIN_ENTRY, generate.PLUGIN_ENTRY + f"      mermaid_js: {MERMAID}\n"
    )
    config.write_text(text, encoding="utf-8")
    out = work / "site"
    build(load_config(str(config), site_dir=str(out)))
    return out


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


def test_mermaid_is_served_by_the_site(site: Path) -> None:
    served = site / "assets" / "tradeoffs" / "mermaid.min.js"
    assert served.read_bytes() == MERMAID.read_bytes()
    html = (site / "decisions" / "graph" / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="([^"]+)"', html)
    mine = next(i for i, s in enumerate(scripts) if s.endswith("assets/tradeoffs/mermaid.min.js"))
    assert mine == min(i for i, s in enumerate(scripts) if "assets/tradeoffs/" in s)


def test_graph_has_each_pair_once_in_small_diagrams(site: Path) -> None:
    html = (site / "decisions" / "graph" / "index.html").read_text(encoding="utf-8")
    diagrams = re.findall(r'<pre class="mermaid"><code>(.*?)</code></pre>', html, re.S)
    assert len(diagrams) > 1
    pairs: list[frozenset[str]] = []
    for diagram in diagrams:
        nodes = re.findall(r"^\s*(adr\d+)\[", diagram, re.M)
        assert 0 < len(nodes) <= 150
        pairs += [frozenset(p) for p in re.findall(r"^\s*(adr\d+) \S+ (adr\d+)$", diagram, re.M)]
    assert pairs and len(pairs) == len(set(pairs))


@pytest.mark.parametrize("path", ["/decisions/graph/", "/decisions/ADR-0010/"])
def test_graph_renders_offline(base_url: str, site: Path, path: str) -> None:
    # the global graph, and one decision's neighbourhood (every tenth supersedes another)
    html = (site / path.strip("/") / "index.html").read_text(encoding="utf-8")
    assert '<pre class="mermaid">' in html
    executable, sync_api = chromium()
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(base_url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", route)
        context.add_init_script(OPEN_SHADOWS)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(base_url + path)
        count = page.locator("div.mermaid, pre.mermaid").count()
        assert count > (1 if path.endswith("graph/") else 0)
        page.wait_for_function(
            "n => [...document.querySelectorAll('div.mermaid')].filter(d => d.shadowRoot"
            " && d.shadowRoot.querySelector('svg g.node')).length === n",
            arg=count,
        )
        text = page.evaluate(
            "() => [...document.querySelectorAll('div.mermaid')].map(d => d.shadowRoot.textContent).join(' ')"
        )
        assert "Syntax error" not in text and "Maximum text size" not in text
        assert not any("unpkg" in u or "jsdelivr" in u for u in outside), outside
        browser.close()
