"""The relation graph's views in headless Chromium at N generated decisions: is each drawn in
under a second, readable (labels' contrast and size on the drawn SVG) and bounded, with no
network beyond the site.

    python benchmarks/graph_browser.py --sizes 1000,10000 --work /tmp/tb-graph --out r.json

Builds the generated site (benchmarks/generate.py; Mermaid as the package serves it, or the
file $TRADEOFFS_MERMAID_JS names), serves it locally and blocks every request outside it. It
reads the graph page for its views (every framework's and tag's, the `--groups` largest
groups') and adds the pages of the first decisions of those groups (each page's own
neighbourhood diagram). For each it measures, from navigation start, when every diagram on it
is an SVG with its nodes drawn (Material draws each in a shadow root, opened here to look
inside), when Mermaid's script arrived and had run, and how long Mermaid took to lay out and
draw the page's diagrams (`render_ms`, its `render` calls timed); the nodes drawn; each node and edge
label's contrast on the SVG in the light and the dark scheme (the lowest); the smallest label
text as drawn (its font size times the SVG's scale); the page's HTML bytes. Each view is opened
in a fresh context of one browser (nothing cached: the cost of a first visit). `--max-ms`
makes it exit 1 when Mermaid took longer than that to draw any view,
drew more than `graph.VIEW_MAX` decisions, or has a label under 4.5:1. The 1-minute load
average before and after is recorded: on a shared machine the times are upper bounds.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from contrast import LABEL_COLOURS, contrast  # noqa: E402
from generate import PLUGIN_ENTRY, write_project  # noqa: E402
from offline_browser import CHROMIUM, CHROMIUM_ARGS, block_outside, serve  # noqa: E402

MERMAID = Path(os.environ["TRADEOFFS_MERMAID_JS"]) if os.environ.get("TRADEOFFS_MERMAID_JS") else None
"""A Mermaid build to serve instead of the package's (the `mermaid_js` option)."""

# Material draws each diagram in a closed shadow root; open it to look inside.
OPEN_SHADOWS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (options) {
  return attach.call(this, Object.assign({}, options, { mode: "open" }));
};
"""

# When Mermaid's script has run (it defines `mermaid`), and how long each `mermaid.render` the
# theme calls takes: laying out and drawing one diagram, the part that grows with its size.
TIME_MERMAID = """
window.__mermaid = { renders: [] };
let defined;
Object.defineProperty(window, 'mermaid', { configurable: true, get() { return defined; }, set(m) {
  window.__mermaid.defined = performance.now();
  const render = m.render.bind(m);
  m.render = async (...args) => {
    const start = performance.now();
    const out = await render(...args);
    window.__mermaid.renders.push(performance.now() - start);
    return out;
  };
  defined = m;
} });
"""

DRAWN = """n => [...document.querySelectorAll('div.mermaid')].filter(d => d.shadowRoot
  && d.shadowRoot.querySelector('svg g.node')).length === n"""

FIGURES = """() => {
  const hosts = [...document.querySelectorAll('div.mermaid')];
  const text = hosts.map(d => d.shadowRoot.textContent).join(' ');
  const navigation = performance.getEntriesByType('navigation')[0];
  const mermaid = performance.getEntriesByType('resource').find(r => r.name.endsWith('/mermaid.min.js'));
  // the smallest label as drawn: its font size times the scale the SVG is shown at
  let smallest = Infinity, widest = 0;
  for (const host of hosts) {
    const svg = host.shadowRoot.querySelector('svg');
    const box = svg.viewBox.baseVal;
    const scale = box && box.width ? svg.getBoundingClientRect().width / box.width : 1;
    widest = Math.max(widest, svg.getBoundingClientRect().width);
    for (const label of host.shadowRoot.querySelectorAll('.nodeLabel')) {
      smallest = Math.min(smallest, parseFloat(getComputedStyle(label).fontSize) * scale);
    }
  }
  return {
    svgs: hosts.filter(d => d.shadowRoot.querySelector('svg')).length,
    nodes: hosts.reduce((s, d) => s + d.shadowRoot.querySelectorAll('g.node').length, 0),
    node_links: hosts.reduce((s, d) => s + d.shadowRoot.querySelectorAll('a g.node, a.node').length, 0),
    errors: (text.match(/Syntax error|Maximum text size/g) || []).length,
    html_bytes: navigation.encodedBodySize,
    mermaid_end_ms: mermaid ? Math.round(mermaid.responseEnd) : null,
    smallest_label_px: Number.isFinite(smallest) ? Math.round(smallest * 10) / 10 : null,
    widest_svg_px: Math.round(widest),
  };
}"""


def build(n: int, work: Path) -> tuple[Path, float]:
    """The generated site of `n` decisions; its build seconds."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    project = work / f"n{n}"
    site = project / "site"
    config = write_project(project, n)
    if MERMAID is not None:
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


def views(site: Path, groups: int) -> list[tuple[str, str]]:
    """(kind, path) of the views to measure, read from the built graph page: every framework's
    and tag's, the `groups` largest groups', and the first decision of each of those groups."""
    graph = site / "decisions" / "graph" / "index.html"
    html = graph.read_text(encoding="utf-8")
    out: list[tuple[str, str]] = []
    for kind in ("frameworks", "tags", "groups"):
        found = list(dict.fromkeys(re.findall(rf'href="((?:\./)?{kind}/[^"#]+)"', html)))
        if kind == "groups":
            found = found[:groups]
        out += [(kind[:-1], "/decisions/graph/" + h.removeprefix("./")) for h in found]
    for _, path in [v for v in out if v[0] == "group"]:
        first = path.rstrip("/").rsplit("/", 1)[-1]
        out.append(("decision", f"/decisions/{first}/"))
    return out


def measure_page(browser: Any, base: str, path: str, timeout_s: float) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        outside = block_outside(context, base)
        context.add_init_script(OPEN_SHADOWS)
        context.add_init_script(TIME_MERMAID)
        page = context.new_page()
        page.goto(base + path, wait_until="domcontentloaded", timeout=timeout_s * 1000)
        count = page.locator("div.mermaid, pre.mermaid").count()
        page.wait_for_function(DRAWN, arg=count, timeout=timeout_s * 1000)
        drawn_ms = page.evaluate("() => performance.now()")
        figures: dict[str, Any] = page.evaluate(FIGURES)
        timed = page.evaluate("() => window.__mermaid")
        lowest = {}
        for scheme in ("default", "slate"):
            page.evaluate(f"() => document.body.setAttribute('data-md-color-scheme', '{scheme}')")
            labels = page.evaluate(LABEL_COLOURS)
            lowest[scheme] = round(min(contrast(lb["fg"], lb["bg"]) for lb in labels), 2) if labels else None
        mermaid_end = figures.pop("mermaid_end_ms")
        return {
            "path": path,
            "diagrams": count,
            "drawn_ms": round(drawn_ms),
            # Mermaid's script arriving, then running (the same on every page with a diagram)
            "mermaid_arrived_ms": mermaid_end,
            "mermaid_ran_ms": round(timed["defined"]) if timed.get("defined") else None,
            # laying out and drawing the page's diagrams: what grows with a view's size
            "render_ms": round(sum(timed["renders"])),
            **figures,
            "lowest_contrast": lowest,
            "outside": sorted({u.split("?")[0] for u in outside if "fonts.googleapis.com" not in u}),
        }
    finally:
        context.close()


def measure(site: Path, timeout_s: float, groups: int = 20) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from tradeoffs.site.graph import VIEW_MAX

    pages: list[dict[str, Any]] = []
    load = [round(os.getloadavg()[0], 2)]
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for kind, path in views(site, groups):
                pages.append({"kind": kind, **measure_page(browser, base, path, timeout_s)})
        finally:
            browser.close()
    load.append(round(os.getloadavg()[0], 2))
    summary: dict[str, Any] = {}
    for kind in ("framework", "tag", "group", "decision"):
        of = [p for p in pages if p["kind"] == kind]
        if of:
            summary[kind] = {
                "views": len(of),
                "render_ms_median": sorted(p["render_ms"] for p in of)[len(of) // 2],
                "render_ms_max": max(p["render_ms"] for p in of),
                "drawn_ms_median": sorted(p["drawn_ms"] for p in of)[len(of) // 2],
                "drawn_ms_max": max(p["drawn_ms"] for p in of),
                "nodes_max": max(p["nodes"] for p in of),
                "html_bytes_max": max(p["html_bytes"] for p in of),
                "smallest_label_px": min(p["smallest_label_px"] or 99 for p in of),
                "lowest_contrast": min(min(c for c in p["lowest_contrast"].values() if c) for p in of),
            }
    return {
        "load_average": load,
        "view_max": VIEW_MAX,
        "summary": summary,
        "pages": pages,
        "errors": sum(p["errors"] for p in pages),
        "outside": sorted({u for p in pages for u in p["outside"]}),
    }


def failures(found: dict[str, Any], max_ms: float) -> list[str]:
    """What breaks the views' bounds: Mermaid taking longer than `max_ms` to draw one, more
    decisions than a view draws, a label under AA contrast or smaller than the theme's text
    (16 px), a Mermaid error, a request outside the site."""
    out = []
    for p in found["pages"]:
        if p["render_ms"] > max_ms:
            out.append(f"{p['path']}: drawn in {p['render_ms']} ms")
        if (p["smallest_label_px"] or 0) < 16:
            out.append(f"{p['path']}: a label drawn at {p['smallest_label_px']} px")
        if p["kind"] != "decision" and p["nodes"] > found["view_max"]:
            out.append(f"{p['path']}: {p['nodes']} decisions drawn")
        if any(c is not None and c < 4.5 for c in p["lowest_contrast"].values()):
            out.append(f"{p['path']}: a label at {p['lowest_contrast']}")
    if found["errors"]:
        out.append(f"{found['errors']} Mermaid errors")
    if found["outside"]:
        out.append(f"requests outside the site: {found['outside']}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--work", type=Path, default=Path("/tmp/tb-graph"))
    parser.add_argument("--groups", type=int, default=20, help="measure the views of the largest groups")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a page may take to draw")
    parser.add_argument("--max-ms", type=float, help="exit 1 when Mermaid takes longer to draw a view")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    parser.add_argument("--site", type=Path, help="measure this built site (of the first size)")
    args = parser.parse_args()
    out: dict[int, Any] = {}
    broken: list[str] = []
    for n in (int(s) for s in args.sizes.split(",")):
        if args.site:
            site, seconds = args.site, 0.0
        else:
            site, seconds = build(n, args.work)
        found = measure(site, args.timeout, args.groups)
        out[n] = {"build_s": round(seconds, 1), **found}
        print(json.dumps({n: {k: v for k, v in out[n].items() if k != "pages"}}, indent=1), flush=True)
        if args.max_ms is not None:
            broken += [f"{n}: {f}" for f in failures(found, args.max_ms)]
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    if broken:
        raise SystemExit("\n".join(broken))


if __name__ == "__main__":
    main()
