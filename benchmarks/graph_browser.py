"""The relation graph in headless Chromium at N generated decisions: does every diagram render
as SVG with no network beyond the site, how long does it take and how many bytes does it cost.

    python benchmarks/graph_browser.py --sizes 1000,10000 --work /tmp/tb-graph

Builds the generated site (benchmarks/generate.py) with the `mermaid_js` option (Mermaid served
by the site itself: `.tools/node_modules/mermaid/dist/mermaid.min.js`, or $TRADEOFFS_MERMAID_JS),
serves it locally and blocks every request outside it. For each page of the graph (the graph
page and the pages of its parts, if it has any) it measures, from navigation start, when every
diagram on it is an SVG with its nodes drawn (Material draws each in a shadow root, opened here
to look inside), checks that no diagram says "Syntax error" or "Maximum text size", and sums the
bytes the page loaded (Resource Timing: the body of every response), naming apart the theme's
search index (its search worker fetches it on every page) and Mermaid. Prints JSON and, with
`--out`, writes it to a file. `--site` measures a site built before (by an earlier run).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import PLUGIN_ENTRY, write_project  # noqa: E402
from offline_browser import CHROMIUM, CHROMIUM_ARGS, block_outside, serve  # noqa: E402

MERMAID = Path(
    os.environ.get("TRADEOFFS_MERMAID_JS")
    or HERE.parent / ".tools" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
)

# Material draws each diagram in a closed shadow root; open it to look inside.
OPEN_SHADOWS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (options) {
  return attach.call(this, Object.assign({}, options, { mode: "open" }));
};
"""

DRAWN = """n => [...document.querySelectorAll('div.mermaid')].filter(d => d.shadowRoot
  && d.shadowRoot.querySelector('svg g.node')).length === n"""

FIGURES = """() => {
  const hosts = [...document.querySelectorAll('div.mermaid')];
  const text = hosts.map(d => d.shadowRoot.textContent).join(' ');
  const resources = performance.getEntriesByType('resource');
  const navigation = performance.getEntriesByType('navigation')[0];
  return {
    svgs: hosts.filter(d => d.shadowRoot.querySelector('svg')).length,
    nodes: hosts.reduce((s, d) => s + d.shadowRoot.querySelectorAll('g.node').length, 0),
    node_links: hosts.reduce((s, d) => s + d.shadowRoot.querySelectorAll('a g.node, a.node').length, 0),
    errors: (text.match(/Syntax error|Maximum text size/g) || []).length,
    html_bytes: navigation.encodedBodySize,
    bytes: navigation.encodedBodySize + resources.reduce((s, r) => s + r.encodedBodySize, 0),
    // the theme's search index, which its search worker fetches on every page
    search_index_bytes: resources.filter(r => r.name.includes('search_index.json'))
      .reduce((s, r) => s + r.encodedBodySize, 0),
    mermaid_bytes: resources.filter(r => r.name.endsWith('/mermaid.min.js'))
      .reduce((s, r) => s + r.encodedBodySize, 0),
    parts: [...document.querySelectorAll('a[data-tradeoffs-graph-part]')].map(a => a.href),
  };
}"""


def build(n: int, work: Path, per_page: int | None = None) -> tuple[Path, float]:
    """The generated site of `n` decisions with Mermaid served by the site, `per_page`
    diagrams to a page of the graph (the plugin's default when None); its build seconds."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from tradeoffs.site import overview

    if per_page is not None:
        overview.GRAPH_PAGE_DIAGRAMS = per_page

    project = work / f"n{n}"
    site = project / "site"
    config = write_project(project, n)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(PLUGIN_ENTRY, PLUGIN_ENTRY + f"      mermaid_js: {MERMAID}\n"))
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.ERROR)  # the generated decisions' warnings
    try:
        start = time.perf_counter()
        mkdocs_build(load_config(str(config), site_dir=str(site)))
        return site, time.perf_counter() - start
    finally:
        logger.setLevel(level)


def measure_page(page: Any, url: str, timeout_s: float) -> dict[str, Any]:
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_s * 1000)
    count = page.locator("div.mermaid, pre.mermaid").count()
    page.wait_for_function(DRAWN, arg=count, timeout=timeout_s * 1000)
    drawn_ms = page.evaluate("() => performance.now()")
    figures: dict[str, Any] = page.evaluate(FIGURES)
    return {"url": url, "diagrams": count, "all_drawn_ms": round(drawn_ms), **figures}


def measure(site: Path, path: str, timeout_s: float) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    pages: list[dict[str, Any]] = []
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            outside = block_outside(context, base)
            context.add_init_script(OPEN_SHADOWS)
            page = context.new_page()
            todo = [base + path]
            while todo:
                url = todo.pop(0)
                found = measure_page(page, url, timeout_s)
                pages.append(found)
                if url == base + path:
                    todo += found["parts"]
                del found["parts"]
        finally:
            browser.close()
    return {
        "pages": pages,
        "diagrams": sum(p["diagrams"] for p in pages),
        "svgs": sum(p["svgs"] for p in pages),
        "nodes": sum(p["nodes"] for p in pages),
        "node_links": sum(p["node_links"] for p in pages),
        "errors": sum(p["errors"] for p in pages),
        "slowest_page_ms": max(p["all_drawn_ms"] for p in pages),
        "largest_page_bytes": max(p["bytes"] for p in pages),
        "largest_page_bytes_without_search_index": max(p["bytes"] - p["search_index_bytes"] for p in pages),
        # the theme's web fonts are the only thing outside the site a page asks for
        "outside": sorted({u.split("?")[0] for u in outside}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--work", type=Path, default=Path("/tmp/tb-graph"))
    parser.add_argument("--path", default="/decisions/graph/", help="the graph page in the site")
    parser.add_argument("--timeout", type=float, default=600, help="seconds a page may take to draw")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    parser.add_argument(
        "--site", type=Path, help="measure this built site (of the first size) instead of building one"
    )
    parser.add_argument(
        "--diagrams-per-page",
        type=int,
        help="draw this many diagrams on a page of the graph instead of the plugin's default "
        "(a large number puts the whole graph on one page, as before the graph had pages)",
    )
    args = parser.parse_args()
    if not MERMAID.is_file():
        raise SystemExit(f"no Mermaid at {MERMAID}: run scripts/test once, or set TRADEOFFS_MERMAID_JS")
    out: dict[int, Any] = {}
    for n in (int(s) for s in args.sizes.split(",")):
        if args.site:
            site, seconds = args.site, 0.0
        else:
            site, seconds = build(n, args.work, args.diagrams_per_page)
        out[n] = {
            "build_s": round(seconds, 1),
            "diagrams_per_page": args.diagrams_per_page,
            **measure(site, args.path, args.timeout),
        }
        print(json.dumps({n: out[n]}, indent=1), flush=True)
    if args.out:
        args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
