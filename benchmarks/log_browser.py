"""The decision log in headless Chromium at N generated decisions: how long each change takes
from the change to the next painted frame, how long the page takes to show the log, and what it
weighs.

    python benchmarks/log_browser.py --sizes 1000,10000 --repeat 5 --work /tmp/tb-log

Builds the generated site (benchmarks/generate.py) unless `--work` already holds it (so a site
built by another version of the plugin can be measured the same way), serves it locally, blocks
every request outside it, and for each change takes performance.now() before it and again in the
first requestAnimationFrame callback after the log shows its result, after a forced layout of
that frame (`document.body.offsetHeight`), so the time includes the style and layout work the
change causes. Typing is measured from the last keystroke and includes the log's 150 ms
debounce. Each change waits 300 ms after the one before, so what that one left for later (the
log updates the address after the frame) is not counted twice. The page load is measured from navigation start: the first contentful paint, and the
first frame after the log's script has filled in its count (the log is ready). Prints the median
and the worst of the repeats, and the page's bytes (as served, and gzipped), as JSON.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write_project
from offline_browser import CHROMIUM, CHROMIUM_ARGS, block_outside, serve

# the change, then (for text, whose filter waits for the debounce) the count it waits for, then
# the time to the next frame with its layout done
MEASURE = """async ([actions, wait]) => {
  const countEl = document.querySelector(".tradeoffs-count");
  const before = countEl.textContent;
  const total = before.split(" of ")[1];
  const done = () => wait === "changed" ? countEl.textContent !== before
    : wait === "all" ? countEl.textContent === total.split(" ")[0] + " of " + total : true;
  const t0 = performance.now();
  for (const [kind, target, value] of actions) {
    if (kind === "select") {
      const el = document.querySelector(`select[name=${target}]`);
      el.value = value;
      el.dispatchEvent(new Event("change"));
    } else if (kind === "type") {
      const el = document.querySelector("input.tradeoffs-filter-text");
      if (!value) { el.value = ""; el.dispatchEvent(new Event("input")); }
      for (let i = 1; i <= value.length; i++) {
        el.value = value.slice(0, i);
        el.dispatchEvent(new Event("input"));
      }
    } else {
      document.querySelectorAll("table[data-tradeoffs-log-table] thead th button")[Number(target)].click();
    }
  }
  await new Promise(resolve => {
    if (done()) return resolve();
    const seen = new MutationObserver(() => { if (done()) { seen.disconnect(); resolve(); } });
    seen.observe(countEl, {childList: true, characterData: true, subtree: true});
  });
  return await new Promise(resolve => requestAnimationFrame(() => {
    void document.body.offsetHeight;
    resolve(performance.now() - t0);
  }));
}"""

# installed before the page's own scripts: when the log's count is first filled in, the next
# frame's time from navigation start
READY = """(() => {
  const seen = new MutationObserver(() => {
    const count = document.querySelector(".tradeoffs-count");
    if (count && count.textContent && window.__logReady === undefined) {
      window.__logReady = null;
      seen.disconnect();
      requestAnimationFrame(() => { void document.body.offsetHeight; window.__logReady = performance.now(); });
    }
  });
  seen.observe(document, {childList: true, subtree: true, characterData: true});
})();"""

WORD = "payments"
SETTLE_MS = 300

STEPS: dict[str, tuple[list[list[str]], str]] = {
    "status filter (accepted)": ([["select", "status", "accepted"]], ""),
    "status filter back to any": ([["select", "status", ""]], ""),
    "sort by title": ([["sort", "1", ""]], ""),
    "sort by number": ([["sort", "0", ""]], ""),
    f"typing a word ({WORD!r}, 150 ms debounce included)": ([["type", "text", WORD]], "changed"),
    "clearing filters (text and status)": ([["select", "status", ""], ["type", "text", ""]], "all"),
}
SETUP = {  # before a step, not measured: the state it starts from
    "clearing filters (text and status)": [["select", "status", "accepted"]],
}


def build(n: int, work: Path) -> Path:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    project = work / f"n{n}"
    site = project / "site"
    if not (site / "decisions" / "index.html").exists():
        config = write_project(project, n)
        mkdocs_build(load_config(str(config), site_dir=str(site)))
    return site


def page_bytes(site: Path) -> dict[str, int]:
    data = (site / "decisions" / "index.html").read_bytes()
    return {"html_bytes": len(data), "html_gzip_bytes": len(gzip.compress(data, 6))}


def summary(times: list[float]) -> dict[str, float]:
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)}


def measure(site: Path, repeat: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {name: [] for name in STEPS}
    paint: list[float] = []
    ready: list[float] = []
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        block_outside(context, base)
        context.add_init_script(READY)
        page = context.new_page()
        page.set_default_timeout(120_000)
        for _ in range(repeat):
            page.goto(base + "/decisions/")
            page.wait_for_function("() => typeof window.__logReady === 'number'")
            ready.append(page.evaluate("() => window.__logReady"))
            paint.append(
                page.evaluate("() => performance.getEntriesByName('first-contentful-paint')[0].startTime")
            )
        for _ in range(repeat):
            for name, (actions, wait) in STEPS.items():
                if name in SETUP:
                    page.evaluate(MEASURE, [SETUP[name], ""])
                # what the last change left for later (the log's address follows after the
                # frame) is done before the next is timed
                page.wait_for_timeout(SETTLE_MS)
                times[name].append(page.evaluate(MEASURE, [actions, wait]))
        browser.close()
    return {
        "first contentful paint": summary(paint),
        "log ready (count filled in, next frame)": summary(ready),
        **{name: summary(t) for name, t in times.items()},
        **page_bytes(site),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/tb-log"))
    args = parser.parse_args()
    out = {}
    for n in (int(s) for s in args.sizes.split(",")):
        out[n] = measure(build(n, args.work), args.repeat)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
