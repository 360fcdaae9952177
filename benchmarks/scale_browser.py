"""The site at N generated decisions, old code against new, in one run: page weights, the
Pagefind index run's memory and time, search typed key by key, and diagram label contrast,
in headless Chromium with every request outside the site blocked.

For each N the generated project (`generate.py`) is built with `search: pagefind` by this
checkout (new) and, where `--old-build` lists N, by the code at `--old REV` (old: its
`plugin/` exported with `git archive` and put first on the path), with the documented
`mermaid_js` (the old code served Mermaid only when told to). Where the old site is not built,
the old search is the new site with the old index (one Pagefind run over every page, as the old
code ran it) and the old `tradeoffs-search.js`, as a build of the old code writes it.

- **index**: the Pagefind run alone over the new site's searchable pages, old (one run) and new
  (`pagefind.index_in_parts`): wall seconds and peak resident memory (the largest child).
- **page weight**: the home page, the log and an ADR page opened in a fresh context: bytes as
  served and gzip-compressed (level 6, as a web server would), requests, and load time.
- **typed search**: `adr 0500` typed at `--key-ms` a key into the Pagefind dialog once it is
  ready; time from the last key until the box's answer shows ADR-0500 first under the query
  typed, and whether anything else showed under it after the last key; `--repeat` times.
- **contrast**: the lowest contrast of a label on ADR-0010's drawn diagram, light scheme.

    python benchmarks/scale_browser.py --sizes 1000,10000 --old-build 1000 --old 9596e6e --work /tmp/scale-bench
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate
from contrast import contrast
from offline_browser import CHROMIUM, CHROMIUM_ARGS, block_outside, serve, typed_search

REPO = Path(__file__).resolve().parents[1]
MERMAID = REPO / ".tools" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
OPEN_SHADOWS = """const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (o) { return attach.call(this, Object.assign({}, o, {mode: "open"})); };"""
LABELS = """() => { const out = [];
  for (const h of document.querySelectorAll('div.mermaid')) {
    for (const g of h.shadowRoot.querySelectorAll('g.node')) {
      const shape = g.querySelector('rect.label-container, polygon, path, rect');
      const t = g.querySelector('.nodeLabel p') || g.querySelector('.nodeLabel');
      if (t) out.push([getComputedStyle(t).color, getComputedStyle(shape).fill]);
    } }
  return out; }"""


def export_old(rev: str, work: Path) -> Path:
    """The old code's `plugin/` folder, exported from git."""
    out = work / f"old-{rev}"
    if not (out / "plugin" / "tradeoffs").is_dir():
        out.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", rev, "plugin"], cwd=REPO, check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(out)], input=archive.stdout, check=True)
    return out / "plugin"


def configure(config: Path, name: str, extra: str) -> Path:
    text = config.read_text(encoding="utf-8").replace(
        generate.PLUGIN_ENTRY, generate.PLUGIN_ENTRY + "      search: pagefind\n" + extra
    )
    out = config.with_name(f"mkdocs-{name}.yml")
    out.write_text(text, encoding="utf-8")
    return out


def build(config: Path, site: Path, pythonpath: Path | None = None) -> float:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath) + os.pathsep + env.get("PYTHONPATH", "")
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        check=True,
        cwd=config.parent,
        env=env,
        capture_output=True,
    )
    return time.perf_counter() - start


INDEX_RUN = """
import json, resource, sys, time
from pathlib import Path
from tradeoffs.site import pagefind
site, how, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
start = time.perf_counter()
if how == "old":
    pagefind.index_site(site, output=out)
else:
    pages = [str(p.relative_to(site)) for p in site.rglob("*.html")
             if not p.relative_to(site).parts[0].startswith(("pagefind", ".tradeoffs"))
             and "data-pagefind-body" in p.read_text(encoding="utf-8")]
    pagefind.index_in_parts(site, pages)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / 1e6
print(json.dumps({"seconds": round(seconds, 1), "peak_mb": round(peak, 1)}))
"""


def index_run(site: Path, how: str, out: Path) -> dict[str, Any]:
    """One Pagefind index run over `site` in its own process: seconds and peak memory."""
    done = subprocess.run(
        [sys.executable, "-c", INDEX_RUN, str(site), how, str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def old_search_site(new_site: Path, old_plugin: Path, work: Path) -> tuple[Path, dict[str, Any] | None]:
    """The new site with the old index (one run over every page, measured) and the old search
    script."""
    site = work / "site-old-search"
    measured = None
    if not (site / "pagefind" / "pagefind.js").is_file():
        if site.exists():
            shutil.rmtree(site)
        shutil.copytree(new_site, site, copy_function=os.link, ignore=shutil.ignore_patterns("pagefind*"))
        measured = index_run(site, "old", site / "pagefind")
    script = site / "assets" / "tradeoffs" / "tradeoffs-search.js"
    config = re.search(r"/\*tradeoffs:config\*/(\{.*?\});", script.read_text(encoding="utf-8"))
    assert config is not None
    old = (old_plugin / "tradeoffs" / "templates" / "assets" / "tradeoffs-search.js").read_text(
        encoding="utf-8"
    )
    old = re.sub(
        r"(/\*tradeoffs:config\*/)\{.*?\};", lambda m: m.group(1) + config.group(1) + ";", old, count=1
    )
    script.unlink()  # a hard link to the new site's file
    script.write_text(old, encoding="utf-8")
    return site, measured


def page_weight(browser: Any, url: str, path: str) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    block_outside(context, url)
    bodies: list[tuple[str, bytes]] = []

    def finished(response: Any) -> None:
        with contextlib.suppress(Exception):  # a body the browser did not keep (a redirect)
            bodies.append((response.url, response.body()))

    page = context.new_page()
    page.on("response", finished)
    start = time.perf_counter()
    page.goto(url + path, wait_until="load")
    loaded = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    context.close()
    raw = sum(len(b) for _, b in bodies)
    packed = sum(len(gzip.compress(b, 6)) for _, b in bodies)
    mermaid = sum(len(gzip.compress(b, 6)) for u, b in bodies if "mermaid" in u)
    return {
        "path": path,
        "requests": len(bodies),
        "bytes": raw,
        "gzip_bytes": packed,
        "mermaid_gzip_bytes": mermaid,
        "load_s": round(loaded, 2),
    }


def contrast_min(browser: Any, url: str) -> float | None:
    context = browser.new_context()
    block_outside(context, url)
    context.add_init_script(OPEN_SHADOWS)
    page = context.new_page()
    page.goto(url + "/decisions/ADR-0010/")
    try:
        page.wait_for_function(
            "() => document.querySelector('div.mermaid')?.shadowRoot?.querySelector('svg g.node')",
            timeout=60_000,
        )
    except Exception:
        context.close()
        return None
    pairs = page.evaluate(LABELS)
    context.close()
    return round(min(contrast(fg, bg) for fg, bg in pairs), 2)


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    old_plugin = export_old(args.old, args.work)
    rows: list[dict[str, Any]] = []
    for n in [int(s) for s in args.sizes.split(",")]:
        project = args.work / f"n{n}"
        config = project / "mkdocs.yml"
        if not config.is_file():
            generate.write_project(project, n)
        row: dict[str, Any] = {"n": n}
        new_site = project / "site-new"
        if not (args.reuse and (new_site / "pagefind").is_dir()):
            row["build_new_s"] = round(build(configure(config, "new", ""), new_site), 1)
        old_site = None
        if str(n) in args.old_build.split(","):
            old_site = project / "site-old"
            if not (args.reuse and (old_site / "pagefind").is_dir()):
                extra = f"      mermaid_js: {MERMAID}\n"
                row["build_old_s"] = round(build(configure(config, "old", extra), old_site, old_plugin), 1)
        if not args.no_index:
            scratch = project / "index-scratch"
            if scratch.exists():
                shutil.rmtree(scratch)
            shutil.copytree(
                new_site, scratch, copy_function=os.link, ignore=shutil.ignore_patterns("pagefind*")
            )
            if old_site is not None:
                row["index_old"] = index_run(scratch, "old", scratch / "pagefind-old")
            row["index_new"] = index_run(scratch, "new", scratch / "pagefind")
            shutil.rmtree(scratch)
        if args.index_only:
            scratch = project / "index-scratch"
            if scratch.exists():
                shutil.rmtree(scratch)
            shutil.copytree(
                new_site, scratch, copy_function=os.link, ignore=shutil.ignore_patterns("pagefind*")
            )
            row["index_new"] = index_run(scratch, "new", scratch / "pagefind")
            row["index_old"] = index_run(scratch, "old", scratch / "pagefind-old")
            shutil.rmtree(scratch)
            print(json.dumps(row), flush=True)
            rows.append(row)
            continue
        search_old = old_site
        if search_old is None:  # the old index over the new site's pages, measured as it is made
            search_old, row["index_old"] = old_search_site(new_site, old_plugin, project)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, site in (("old", old_site), ("new", new_site)):
                if site is None:
                    continue
                with serve(site) as url:
                    row[f"weight_{name}"] = [
                        page_weight(browser, url, p) for p in ("/", "/decisions/", "/decisions/ADR-0010/")
                    ]
                    row[f"contrast_min_{name}"] = contrast_min(browser, url)
            for name, site in (("old", search_old), ("new", new_site)):
                with serve(site) as url:
                    runs = [
                        typed_search(browser, url, "adr 0500", "ADR-0500", args.key_ms)
                        for _ in range(args.repeat)
                    ]
                times = [r["right_after_last_key_ms"] for r in runs]
                known = [t for t in times if t is not None]
                row[f"typed_{name}"] = {
                    "median_ms": statistics.median(known) if known else None,
                    "runs_ms": times,
                    "wrong_shown": sorted({w for r in runs for w in r["wrong_shown"]}),
                    "finals": [r["final"] for r in runs],
                }
            browser.close()
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--old", default="9596e6e", help="the revision to compare with")
    parser.add_argument("--old-build", default="1000", help="sizes at which the old code builds a site too")
    parser.add_argument("--work", type=Path, default=Path("/tmp/scale-bench"))
    parser.add_argument("--key-ms", type=int, default=100, help="milliseconds between keys")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="measure the sites built before in --work")
    parser.add_argument("--no-index", action="store_true", help="skip the index runs (17 min at 10,000)")
    parser.add_argument("--index-only", action="store_true", help="only the index runs, old and new")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = run(args)
    meta = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "old": args.old,
    }
    if args.out:
        args.out.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
