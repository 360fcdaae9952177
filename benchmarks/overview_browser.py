"""The overview pages at N generated decisions, old code against new, in one run: what each page
weighs and how soon a reader can use it, in headless Chromium with every request outside the
site blocked.

For each N, `--work`/n{N} holds the generated project (`generate.py`, seed 7) and two sites built
from it: `site-old` (the code at `--old REV`, its `plugin/` exported with `git archive` and put
first on the path) and `site-new` (this checkout). Either is built when missing; a site built
before (by benchmarks/scale_browser.py, say) can be linked there instead, since a 10,000-decision
build takes many minutes on a shared machine.

Each page (the log, the "accepted" status page, the largest tag, a framework, open questions and
health) is opened `--repeat` times in a fresh context (empty cache, 1280×900):

- **html bytes / gzip**: the page's own HTML as served and gzip-compressed (level 6, as a web
  server would); **data bytes / gzip**: the listing's data file, when the page fetches one;
- **elements**: elements in the page once it is usable;
- **dom / load ms**: the navigation's DOMContentLoaded and load events (the theme's own share);
- **usable ms**: from the navigation's start until the page can be used: its load event, and on
  a listing page also the listing's script done (its marker `data-ready="1"`, data fetched and
  the first page of rows laid out), then the next frame;
- **filter ms** (new only, where the page has the filter): choosing the first framework (the
  first tag on a framework page; the first kind on health) until the next frame after the rows
  change.

Medians of the repeats are kept, the worst beside them; the machine's load average (1 minute)
before and after each size is recorded with the figures. Each new page's row records whether
it keeps the issue's bounds (`BOUNDS`: at most 300 KB of HTML, usable within 1 s, the median)
and which it breaks; `--check` exits 1 when a page of the largest size breaks one.

    python benchmarks/overview_browser.py --sizes 1000,10000 --old befea2d --work /tmp/overview-bench
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate
from offline_browser import CHROMIUM, CHROMIUM_ARGS, block_outside, serve
from scale_browser import build, export_old

USABLE = """() => new Promise((resolve) => {
  const done = (marker) => requestAnimationFrame(() => {
    document.body.offsetHeight;  // the frame's layout, forced
    const nav = performance.getEntriesByType('navigation')[0];
    const src = marker && marker.getAttribute('data-tradeoffs-log-src');
    resolve([performance.now(), document.getElementsByTagName('*').length,
             nav.domContentLoadedEventEnd, nav.loadEventEnd,
             src ? new URL(src, location.href).pathname : null]);
  });
  // looked for again each time: the page is still being parsed when this starts
  const wait = () => {
    const marker = document.querySelector('.tradeoffs-log-filters');
    const ready = !marker || marker.dataset.ready === '1';
    if (document.readyState === 'complete' && ready) done(marker); else setTimeout(wait, 5);
  };
  wait();
})"""

FILTER = """(name) => new Promise((resolve) => {
  const select = document.querySelector(`.tradeoffs-log-filters select[name=${name}]`);
  if (!select || select.options.length < 2) { resolve(null); return; }
  const body = document.querySelector('table[data-tradeoffs-log-table] tbody');
  const start = performance.now();
  new MutationObserver((_, obs) => {
    obs.disconnect();
    requestAnimationFrame(() => { document.body.offsetHeight; resolve(performance.now() - start); });
  }).observe(body, {childList: true});
  select.value = select.options[1].value;
  select.dispatchEvent(new Event('change'));
})"""


def biggest_tag(project: Path) -> str:
    """The slug of the tag most decisions carry, from the site's tags page counts."""
    from tradeoffs.core.config import Settings
    from tradeoffs.core.project import load_project
    from tradeoffs.site.layout import tag_slugs

    config = (project / "mkdocs.yml").resolve()  # a project linked in from another run
    loaded = load_project(Settings.from_options(config.parent, {}, config_file=config))
    counts: dict[str, int] = {}
    for d in loaded.decisions:
        for t in d.tags:
            counts[t] = counts.get(t, 0) + 1
    return tag_slugs(loaded.decisions)[max(counts, key=lambda t: counts[t])]


def pages(tag: str) -> list[tuple[str, str, str]]:
    """(name, address, the filter to time) of each overview page measured."""
    return [
        ("log", "/decisions/", "framework"),
        ("status: accepted", "/decisions/status/accepted/", "framework"),
        (f"tag: {tag}", f"/decisions/tags/{tag}/", "framework"),
        ("framework: cache vs recompute", "/decisions/frameworks/cache-vs-recompute/", "tag"),
        ("open questions", "/decisions/open-questions/", "framework"),
        ("health", "/decisions/health/", "kind"),
    ]


def visit(browser: Any, url: str, site: Path, path: str, filter_name: str) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    block_outside(context, url)
    bodies: dict[str, bytes] = {}

    def finished(response: Any) -> None:
        if response.url.endswith((".html", "/")) and response.status == 200:
            with contextlib.suppress(Exception):  # a body the browser did not keep
                bodies[response.url] = response.body()

    page = context.new_page()
    page.set_default_timeout(120_000)
    page.on("response", finished)
    page.goto(url + path, wait_until="commit")
    usable, elements, dcl, load, src = page.evaluate(USABLE)
    changed = page.evaluate(FILTER, filter_name)
    html = bodies.get(url + path, b"")
    data = [(site / src.lstrip("/")).read_bytes()] if src else []  # the listing's data file
    context.close()
    return {
        "html_bytes": len(html),
        "html_gzip": len(gzip.compress(html, 6)),
        "data_bytes": sum(len(b) for b in data),
        "data_gzip": sum(len(gzip.compress(b, 6)) for b in data),
        "elements": elements,
        "dom_ms": round(dcl),
        "load_ms": round(load),
        "usable_ms": round(usable),
        "filter_ms": None if changed is None else round(changed),
    }


BOUNDS = {"html_bytes": 300_000, "usable_ms": 1000}
"""What each overview page of the new site keeps to at 10,000 decisions: its HTML (what it
lays out, its data aside) at most 300 KB, and usable within 1 s of the navigation's start."""


def broken(row: dict[str, Any]) -> list[str]:
    """The bounds the new page of `row` breaks (its medians)."""
    new = row["new"]
    return [f"{key} {new[key]} > {limit}" for key, limit in BOUNDS.items() if new[key] > limit]


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out = dict(runs[0])
    for key in ("dom_ms", "load_ms", "usable_ms", "filter_ms"):
        values = sorted(r[key] for r in runs if r[key] is not None)
        out[key] = statistics.median(values) if values else None
        out[f"{key}_worst"] = values[-1] if values else None
    return out


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    rows: list[dict[str, Any]] = []
    for n in [int(s) for s in args.sizes.split(",")]:
        project = args.work / f"n{n}"
        if not (project / "mkdocs.yml").is_file():
            generate.write_project(project, n)
        sites = {v: project / f"site-{v}" for v in args.versions.split(",")}
        built = {}
        for name, site in sites.items():
            if not (site / "index.html").is_file():
                old = export_old(args.old, args.work) if name == "old" else None
                built[name] = round(build(project / "mkdocs.yml", site, old), 1)
        tag = biggest_tag(project)
        load = [round(os.getloadavg()[0], 2)]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, address, filter_name in pages(tag):
                row: dict[str, Any] = {"n": n, "page": name, "path": address}
                for version, site in sites.items():
                    with serve(site) as url:
                        runs = [visit(browser, url, site, address, filter_name) for _ in range(args.repeat)]
                    row[version] = summary(runs)
                row["broken"] = broken(row)
                print(json.dumps(row), flush=True)
                rows.append(row)
            browser.close()
        load.append(round(os.getloadavg()[0], 2))
        for row in rows:
            if row["n"] == n:
                row["load"] = load
                row["build_s"] = built
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--old", default="befea2d", help="the revision to compare with")
    parser.add_argument("--work", type=Path, default=Path("/tmp/overview-bench"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--check", action="store_true", help="exit 1 when a page breaks a bound")
    parser.add_argument("--versions", default="old,new", help="`new` measures this checkout's site alone")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = run(args)
    meta = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    if args.out:
        args.out.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n", encoding="utf-8")
    largest = max((row["n"] for row in rows), default=0)
    breaks = [f"{row['n']} {row['page']}: {b}" for row in rows if row["n"] == largest for b in row["broken"]]
    if args.check and breaks:
        raise SystemExit("\n".join(breaks))


if __name__ == "__main__":
    main()
