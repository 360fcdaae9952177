"""Search at N generated decisions, in headless Chromium with every request outside the site
blocked: how many bytes a reader downloads and how long until the first result shows.

For each N the same generated project is built twice, with Material's built-in search (the
default) and with the plugin's `search: pagefind` option, and each site is served locally.
A fresh browser context (empty cache) opens the home page, waits until the page has loaded
and the network is idle, opens the search box and enters the query, twice (each in a fresh
context): **cold**, the moment the box shows, and **settled**, once the engine is ready as it
is when a reader has looked at the box (Material: its worker has built the index, the box
no longer says "Initializing search"; Pagefind: the dialog's downloads are done):

- **first result ms**: from entering the query (at once, as pasted) to the first result on
  screen being the expected decision (a MutationObserver in the page notes the time); the
  settled search runs `--repeat` times, each in a fresh context, and the median is kept (the
  machine is shared and noisy);
- **typed** (Pagefind, with `--key-ms`): the query typed key by key at that pace once the dialog
  is ready (`offline_browser.typed_search`); from the last key until the expected decision
  shows first under the query typed, `--repeat` times, and anything else shown under it;
- **bytes to first result**: everything downloaded from the navigation until then (page,
  theme, search engine, index), and of it the search engine's own files (Material:
  `search/`, its worker and lunr; Pagefind: `pagefind/`).

    python benchmarks/search_browser.py --sizes 1000,10000 --work /tmp/search-bench
    python benchmarks/search_browser.py --sizes 10000 --engines pagefind --reuse --key-ms 100

Each row records the machine's load average (1 minute) before and after it: the machine these
were measured on is shared, and a figure means little without the load it was taken under.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate
from offline_browser import CHROMIUM, CHROMIUM_ARGS, block_outside, serve, typed_search

ENGINES = ("material", "pagefind")
SEARCH_FILES = ("/search/", "/assets/javascripts/workers/", "/assets/javascripts/lunr/", "/pagefind/")

# Opens the search box and returns the input to type into, for each engine.
OPEN = {
    "material": "input.md-search__input",
    "pagefind": ".tradeoffs-pagefind-button",
}
INPUT = {
    "material": "input.md-search__input",
    "pagefind": "#tradeoffs-pagefind input.pagefind-ui__search-input",
}
FIRST = {
    "material": ".md-search-result__list > li:first-child .md-search-result__link",
    "pagefind": ".pagefind-ui__result:first-child .pagefind-ui__result-link",
}

WATCH = """([selector, expected]) => {
  window.__firstResult = null;
  window.__typed = null;
  const check = () => {
    const first = document.querySelector(selector);
    if (window.__firstResult === null && first && first.textContent.includes(expected)) {
      window.__firstResult = performance.now();
    }
  };
  new MutationObserver(check).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def configure(config: Path, engine: str) -> Path:
    """A copy of the generated mkdocs.yml with the search engine set."""
    text = config.read_text(encoding="utf-8")
    if engine != "material":
        text = text.replace(generate.PLUGIN_ENTRY, generate.PLUGIN_ENTRY + f"      search: {engine}\n")
    out = config.with_name(f"mkdocs-{engine}.yml")
    out.write_text(text, encoding="utf-8")
    return out


def build(config: Path, site: Path) -> float:
    """Build the site (a real `mkdocs build`); its wall seconds."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        check=True,
        cwd=config.parent,
        capture_output=True,
    )
    return time.perf_counter() - start


def first_search(
    browser: Any, base_url: str, engine: str, query: str, expected: str, *, settle: bool
) -> dict[str, Any]:
    """One reader's first search on a fresh context: time and bytes to the first result, and
    the first results' titles. `settle`: the query is typed once the engine is ready (else the
    moment the box shows)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside = block_outside(context, base_url)
    loaded: list[tuple[str, int]] = []

    def finished(request: Any) -> None:
        sizes = request.sizes()
        loaded.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

    context.on("requestfinished", finished)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(base_url + "/")
    page.wait_for_load_state("networkidle")
    page.evaluate(WATCH, [FIRST[engine], expected])
    page.locator(OPEN[engine]).click()
    box = page.locator(INPUT[engine])
    box.wait_for()
    if settle:
        # the reader looks at the box before typing: the engine has got ready meanwhile
        if engine == "material":  # its worker has built the index
            page.wait_for_function(
                "() => !document.querySelector('.md-search-result__meta').textContent.includes('Initializing')"
            )
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(200)
    start = page.evaluate("() => performance.now()")
    box.fill(query)  # the query entered at once (pasted), so the time is one search's
    box.press("End")  # Material reads the box on keyup
    page.wait_for_function("() => window.__firstResult !== null")
    elapsed = page.evaluate("() => window.__firstResult") - start
    page.wait_for_timeout(300)  # let the list settle before reading it
    titles = [t.strip() for t in page.locator(FIRST[engine].replace(":first-child", "")).all_text_contents()][
        :5
    ]
    total = sum(size for _, size in loaded)
    search = sum(size for url, size in loaded if any(part in url for part in SEARCH_FILES))
    context.close()
    return {
        "first_result_ms": round(elapsed, 1),
        "bytes_total": total,
        "bytes_search": search,
        "requests": len(loaded),
        "outside": outside,
        "first_titles": titles,
    }


def engine_files(site: Path, engine: str) -> int:
    """Bytes of the engine's files on disk (the whole index a reader could download)."""
    if engine == "material":
        return (site / "search" / "search_index.json").stat().st_size
    return sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())


def run(
    sizes: list[int],
    work: Path,
    query_number: int,
    reuse: bool = False,
    engines: tuple[str, ...] = ENGINES,
    repeat: int = 5,
    key_ms: int = 0,
) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    rows: list[dict[str, Any]] = []
    for n in sizes:
        project = work / f"n{n}"
        config = project / "mkdocs.yml"
        if not config.is_file():
            generate.write_project(project, n)
        number = min(query_number, n)
        query, expected = f"ADR-{number}", f"ADR-{number:04d}"
        for engine in engines:
            site = project / f"site-{engine}"
            load_before = round(os.getloadavg()[0], 2)
            reused = reuse and (site / "index.html").is_file()
            seconds = 0.0 if reused else build(configure(config, engine), site)
            with serve(site) as url, sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                cold = first_search(browser, url, engine, query, expected, settle=False)
                runs = [
                    first_search(browser, url, engine, query, expected, settle=True) for _ in range(repeat)
                ]
                typed = (
                    [typed_search(browser, url, f"adr {number:04d}", expected, key_ms) for _ in range(repeat)]
                    if key_ms and engine == "pagefind"
                    else []
                )
                browser.close()
            times = sorted(r["first_result_ms"] for r in runs)
            found = {**runs[0], "first_result_ms": statistics.median(times), "first_result_runs_ms": times}
            row = {
                "n": n,
                "engine": engine,
                "query": query,
                "build_s": None if reused else round(seconds, 1),
                "engine_files_bytes": engine_files(site, engine),
                **found,
                "cold_first_result_ms": cold["first_result_ms"],
                "cold_bytes_total": cold["bytes_total"],
                "load_before": load_before,
                "load_after": round(os.getloadavg()[0], 2),
            }
            if typed:
                known = sorted(
                    t["right_after_last_key_ms"] for t in typed if t["right_after_last_key_ms"] is not None
                )
                row["typed"] = {
                    "key_ms": key_ms,
                    "median_ms": statistics.median(known) if known else None,
                    "runs_ms": [t["right_after_last_key_ms"] for t in typed],
                    "wrong_shown": sorted({w for t in typed for w in t["wrong_shown"]}),
                }
            print(json.dumps(row), flush=True)
            rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000", help="comma-separated decision counts")
    parser.add_argument("--work", type=Path, default=Path("/tmp/search-bench"))
    parser.add_argument("--number", type=int, default=500, help="the decision to search for")
    parser.add_argument("--out", type=Path, default=None, help="write the rows as JSON here")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: material, pagefind")
    parser.add_argument(
        "--repeat", type=int, default=5, help="settled searches per site (the median is kept)"
    )
    parser.add_argument("--reuse", action="store_true", help="measure the sites already built in --work")
    parser.add_argument(
        "--key-ms", type=int, default=0, help="also type the query at this many ms a key (Pagefind)"
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = run(
        [int(s) for s in args.sizes.split(",")],
        args.work,
        args.number,
        args.reuse,
        tuple(args.engines.split(",")),
        args.repeat,
        args.key_ms,
    )
    meta = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    if args.out:
        args.out.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
