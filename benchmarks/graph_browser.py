"""The relation graph's views in headless Chromium at N generated decisions: is each drawn in
under a second, readable (the boxes' text size and contrast as the browser draws them, in the
light and the dark scheme) and bounded, with no box over another and no network beyond the site.

    python benchmarks/graph_browser.py --sizes 1000,10000 --work /tmp/tb-graph --out r.json

Builds the generated site (benchmarks/generate.py), serves it locally and blocks every request
outside it. It reads the graph page for its views (every framework's and tag's, the `--groups`
largest groups') and adds the pages of the first decisions of those groups (each page's own
neighbourhood diagram). The diagrams are HTML the build wrote (adr/diagram.py): boxes placed by
the stylesheet over an SVG of the lines, no script. Each page is opened in a fresh context of
one browser (nothing cached: the cost of a first visit).

`drawn_ms`, from the navigation's start (`performance.now()`'s origin): an init script looks,
in every animation frame from the document's first, for the moment every diagram on the page
is complete (the parser has gone past its figure) and each of its boxes is placed by the
stylesheet (`position: absolute`) with a width and a height. An animation frame's callbacks
run before that frame's style, layout and paint, so from the frame that finds them laid out it
queues a task, which runs once the frame has been painted on the main thread: `drawn_ms` is
when that task runs. It includes getting the HTML and the render-blocking stylesheets and
scripts (through Playwright's request filter, which adds a little to each request), not the
compositor's raster of the frame; a diagram below the fold counts as drawn when laid out in a
painted frame. `fcp_ms` is the browser's first contentful paint, for comparison.

Measured on each page, once drawn: the boxes (`nodes`), the boxes that are links
(`node_links`) and the page's own box (`here`, on a decision's page); the lines and
arrowheads; the smallest box text as drawn (a box's id and title: their computed font size
times any scale the box is shown at; the status word beside the id separately); the lowest
contrast of a box's text on its box's background in the light (`default`) and the dark
(`slate`) scheme (Material's palette stylesheet loaded first when the site has no `palette`,
hence no dark scheme, of its own), and of the lines on the page; boxes whose rectangles overlap on screen; the
page's HTML bytes and uncaught script errors. `--max-ms` makes it exit 1 when a page took
longer than that from its navigation's start to draw, or breaks a bound of `failures`. The
1-minute load average before and after is recorded: on a shared machine the times are upper
bounds.
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
from contrast import contrast  # noqa: E402
from generate import write_project  # noqa: E402
from offline_browser import CHROMIUM, CHROMIUM_ARGS, block_outside, serve  # noqa: E402

LAID_OUT = """() => {
  const figures = document.querySelectorAll('figure.tradeoffs-graph');
  if (!figures.length) return false;
  for (const f of figures) {
    const boxes = f.querySelectorAll('.tradeoffs-graph__node');
    // the parser has gone past the figure: every box of it is there
    if (!(f.nextSibling !== null || document.readyState !== 'loading') || !boxes.length) return false;
    for (const b of boxes) {
      const r = b.getBoundingClientRect();
      if (!(r.width > 0 && r.height > 0) || getComputedStyle(b).position !== 'absolute') return false;
    }
  }
  return true;
}"""
"""True when the page has a diagram, and every diagram on it is complete with each of its boxes
placed by the stylesheet and given a size."""

DRAWN_WATCH = (
    """(() => {
  window.__graph = {};
  const laidOut = """
    + LAID_OUT
    + """;
  const frame = () => {
    if (laidOut()) {
      window.__graph.laid_out = performance.now();
      // a task queued in the frame's callbacks runs after the frame's layout and paint
      setTimeout(() => { window.__graph.drawn = performance.now(); }, 0);
    } else if (document.readyState === 'complete' && !document.querySelector('figure.tradeoffs-graph')) {
      window.__graph.none = true;
    } else {
      requestAnimationFrame(frame);
    }
  };
  requestAnimationFrame(frame);
})();"""
)
"""An init script that notes, from the navigation's start, when every diagram on the page is
laid out and painted (`window.__graph.drawn`), or that the page has none once loaded
(`window.__graph.none`)."""

DRAWN = "() => window.__graph && (window.__graph.drawn !== undefined || window.__graph.none === true)"
"""True once the page's diagrams are drawn (or it has none): for `wait_for_function`."""

FIGURES = """() => {
  const figures = [...document.querySelectorAll('figure.tradeoffs-graph')];
  const boxes = figures.flatMap(f => [...f.querySelectorAll('.tradeoffs-graph__node')]);
  const label = b => (b.querySelector('strong') || b).textContent.trim();
  const navigation = performance.getEntriesByType('navigation')[0];
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  // text as drawn: its computed size times the scale its box is shown at
  const px = (box, selector) => {
    const scale = box.offsetWidth ? box.getBoundingClientRect().width / box.offsetWidth : 1;
    return [...box.querySelectorAll(selector)].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  };
  const round = v => Number.isFinite(v) ? Math.round(v * 10) / 10 : null;
  const overlaps = [];
  let widest = 0;
  for (const f of figures) {
    widest = Math.max(widest, f.querySelector('.tradeoffs-graph__canvas').getBoundingClientRect().width);
    const drawn = [...f.querySelectorAll('.tradeoffs-graph__node')].map(b => [label(b), b.getBoundingClientRect()]);
    for (let i = 0; i < drawn.length; i++) {
      for (let j = i + 1; j < drawn.length; j++) {
        const [a, r] = drawn[i], [b, s] = drawn[j];
        const x = Math.min(r.right, s.right) - Math.max(r.left, s.left);
        const y = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
        if (x > 0.5 && y > 0.5) overlaps.push(`${a} over ${b}`);
      }
    }
  }
  return {
    diagrams: figures.length,
    svgs: figures.filter(f => f.querySelector('svg.tradeoffs-graph__lines')).length,
    nodes: boxes.length,
    node_links: boxes.filter(b => b.tagName === 'A' && b.getAttribute('href')).length,
    here: boxes.filter(b => b.getAttribute('aria-current') === 'page').length,
    // the lines drawn: paths with a length, in a colour
    lines: figures.reduce((n, f) => n + [...f.querySelectorAll('path.tradeoffs-graph__line')].filter(
      l => l.getTotalLength() > 0 && getComputedStyle(l).stroke !== 'none').length, 0),
    heads: figures.reduce((n, f) => n + f.querySelectorAll('path.tradeoffs-graph__head').length, 0),
    fcp_ms: paint ? Math.round(paint.startTime) : null,
    html_bytes: navigation.encodedBodySize,
    smallest_label_px: round(Math.min(...boxes.flatMap(b => px(b, 'strong, .tradeoffs-graph__title')))),
    smallest_status_px: round(Math.min(...boxes.flatMap(b => px(b, '.tradeoffs-graph__status')))),
    widest_diagram_px: Math.round(widest),
    overlaps,
  };
}"""
"""What the page's diagrams hold and how they are drawn, read once they are drawn."""

COLOURS = """() => {
  const rgba = c => { const v = (c.match(/[\\d.]+/g) || []).map(Number);
                      return [v[0] || 0, v[1] || 0, v[2] || 0, v.length > 3 ? v[3] : 1]; };
  // the colour behind `el`: the backgrounds of it and its ancestors blended down to an opaque
  // one (the browser's white canvas when none is)
  const behind = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let out = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
    return `rgb(${out.join(', ')})`;
  };
  const out = [];
  for (const box of document.querySelectorAll('figure.tradeoffs-graph .tradeoffs-graph__node')) {
    const id = (box.querySelector('strong') || box).textContent.trim();
    for (const text of box.querySelectorAll('strong, .tradeoffs-graph__status, .tradeoffs-graph__title')) {
      out.push({kind: 'box', text: id + ': ' + text.textContent.trim(), fg: getComputedStyle(text).color, bg: behind(text)});
    }
  }
  for (const figure of document.querySelectorAll('figure.tradeoffs-graph')) {
    const line = figure.querySelector('path.tradeoffs-graph__line');
    if (line) out.push({kind: 'line', text: 'line', fg: getComputedStyle(line).stroke, bg: behind(figure)});
  }
  return out;
}"""
"""Each box's text (id, status, title) with its colour and the colour behind it, and each
diagram's line colour with the page's colour behind the diagram."""

SCHEME = """async ([scheme, palette]) => {
  if (palette && !document.querySelector('link[href*="stylesheets/palette."]')) {
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: palette });
    await new Promise((loaded, failed) => {
      link.onload = loaded;
      link.onerror = failed;
      document.head.append(link);
    });
  }
  document.body.setAttribute('data-md-color-scheme', scheme);
  return getComputedStyle(document.body).backgroundColor;
}"""
"""Shows the page in Material's colour scheme `scheme` (`default`, light, or `slate`, dark),
first loading the theme's palette stylesheet (the site's own, `palette` its address) when the
page has none: a site without a `palette` in its theme settings has no dark scheme, and a
diagram has to read in the dark scheme of a site that has one. The page's background colour
after."""

SCHEMES = ("default", "slate")
"""Material's light and dark colour schemes, measured in this order (the page as built, then
dark)."""


def build(n: int, work: Path) -> tuple[Path, float]:
    """The generated site of `n` decisions; its build seconds."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    project = work / f"n{n}"
    site = project / "site"
    config = write_project(project, n)
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


def lowest(colours: list[dict[str, str]], kind: str) -> float | None:
    """The lowest contrast among the measured colours of `kind` (`box` text or `line`)."""
    found = [contrast(c["fg"], c["bg"]) for c in colours if c["kind"] == kind]
    return round(min(found), 2) if found else None


def palette_of(site: Path) -> str | None:
    """The address of Material's palette stylesheet in the built `site` (None: not there)."""
    found = sorted((site / "assets" / "stylesheets").glob("palette.*.min.css"))
    return "/" + found[0].relative_to(site).as_posix() if found else None


def measure_page(
    browser: Any, base: str, path: str, timeout_s: float, palette: str | None = None
) -> dict[str, Any]:
    """One page opened in a fresh context: when its diagrams were drawn, and how (see the
    module's docstring); `palette` is the address of the site's palette stylesheet, under
    `base`, for the dark scheme."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        outside = block_outside(context, base)
        context.add_init_script(DRAWN_WATCH)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + path, wait_until="domcontentloaded", timeout=timeout_s * 1000)
        page.wait_for_function(DRAWN, timeout=timeout_s * 1000)
        timed = page.evaluate("() => window.__graph")
        figures: dict[str, Any] = page.evaluate(FIGURES)
        box_contrast: dict[str, float | None] = {}
        line_contrast: dict[str, float | None] = {}
        backgrounds: dict[str, str] = {}
        for scheme in SCHEMES:
            sheet = base + palette if palette and scheme != "default" else None
            backgrounds[scheme] = page.evaluate(SCHEME, [scheme, sheet])
            colours = page.evaluate(COLOURS)
            box_contrast[scheme] = lowest(colours, "box")
            line_contrast[scheme] = lowest(colours, "line")
        return {
            "path": path,
            "drawn_ms": round(timed["drawn"]) if "drawn" in timed else None,
            **figures,
            "lowest_contrast": box_contrast,
            "line_contrast": line_contrast,
            # the page's background in each scheme: the dark one shown, not the light one twice
            "backgrounds": backgrounds,
            "page_errors": errors,
            "outside": sorted({u.split("?")[0] for u in outside if "fonts.googleapis.com" not in u}),
        }
    finally:
        context.close()


def _median(values: list[int]) -> int:
    return sorted(values)[len(values) // 2]


def measure(site: Path, timeout_s: float, groups: int = 20) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from tradeoffs.site.graph import VIEW_MAX

    pages: list[dict[str, Any]] = []
    palette = palette_of(site)
    load = [round(os.getloadavg()[0], 2)]
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for kind, path in views(site, groups):
                pages.append({"kind": kind, **measure_page(browser, base, path, timeout_s, palette)})
        finally:
            browser.close()
    load.append(round(os.getloadavg()[0], 2))
    summary: dict[str, Any] = {}
    for kind in ("framework", "tag", "group", "decision"):
        of = [p for p in pages if p["kind"] == kind]
        if of:
            drawn = [p["drawn_ms"] for p in of if p["drawn_ms"] is not None]
            contrasts = [c for p in of for c in p["lowest_contrast"].values() if c is not None]
            summary[kind] = {
                "views": len(of),
                "drawn_ms_min": min(drawn) if drawn else None,
                "drawn_ms_median": _median(drawn) if drawn else None,
                "drawn_ms_max": max(drawn) if drawn else None,
                "nodes_min": min(p["nodes"] for p in of),
                "nodes_max": max(p["nodes"] for p in of),
                "html_bytes_max": max(p["html_bytes"] for p in of),
                "smallest_label_px": min(p["smallest_label_px"] or 0 for p in of),
                "smallest_status_px": min(p["smallest_status_px"] or 0 for p in of),
                "lowest_contrast": min(contrasts) if contrasts else None,
                "overlaps": sum(len(p["overlaps"]) for p in of),
            }
    return {
        "load_average": load,
        "view_max": VIEW_MAX,
        "summary": summary,
        "pages": pages,
        "page_errors": sum(len(p["page_errors"]) for p in pages),
        "outside": sorted({u for p in pages for u in p["outside"]}),
    }


def failures(found: dict[str, Any], max_ms: float) -> list[str]:
    """What breaks the views' bounds: a page not drawn within `max_ms` of its navigation's
    start (no separate drawing step to time: the diagram arrives laid out with the page), no
    diagram drawn, more boxes than a view draws (a decision's page: itself and its
    `NEIGHBOURS_MAX` neighbours), box text under AA contrast in either scheme or smaller than
    the theme's text (16 px), boxes over one another, a script error, a request outside the
    site."""
    from tradeoffs.adr.diagram import NEIGHBOURS_MAX

    out = []
    for p in found["pages"]:
        if p["drawn_ms"] is None or p["nodes"] == 0:
            out.append(f"{p['path']}: no diagram drawn")
            continue
        if p["drawn_ms"] > max_ms:
            out.append(f"{p['path']}: drawn {p['drawn_ms']} ms after the navigation's start")
        if (p["smallest_label_px"] or 0) < 16:
            out.append(f"{p['path']}: box text drawn at {p['smallest_label_px']} px")
        bound = NEIGHBOURS_MAX + 1 if p["kind"] == "decision" else found["view_max"]
        if p["nodes"] > bound:
            out.append(f"{p['path']}: {p['nodes']} boxes drawn")
        if any(c is None or c < 4.5 for c in p["lowest_contrast"].values()):
            out.append(f"{p['path']}: box text at {p['lowest_contrast']}")
        if len(set(p["backgrounds"].values())) < len(p["backgrounds"]):
            out.append(f"{p['path']}: the dark scheme not shown ({p['backgrounds']})")
        if p["overlaps"]:
            out.append(f"{p['path']}: boxes overlap: {', '.join(p['overlaps'][:5])}")
        if p["page_errors"]:
            out.append(f"{p['path']}: script errors: {p['page_errors'][:3]}")
    if found["outside"]:
        out.append(f"requests outside the site: {found['outside']}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--work", type=Path, default=Path("/tmp/tb-graph"))
    parser.add_argument("--groups", type=int, default=20, help="measure the views of the largest groups")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a page may take to draw")
    parser.add_argument(
        "--max-ms", type=float, help="exit 1 when a page takes longer from its navigation to draw"
    )
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
