"""The decision log in headless Chromium at N generated decisions: how long a filter or a sort
takes from the change to the next painted frame.

    python benchmarks/log_browser.py --sizes 1000 --repeat 5 --work /tmp/tb-log

Builds the generated site (benchmarks/generate.py), serves it locally, blocks every request
outside it, and for each measurement takes performance.now() before the change and again in the
first requestAnimationFrame callback after it, then after a forced layout of that frame
(`document.body.offsetHeight`), so the time includes the style and layout work the change
causes. Prints the median and the worst of the repeats as JSON.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import statistics
import sys
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write_project

# the change, then the time to the next frame with its layout done
MEASURE = """async ([kind, value]) => {
  const t0 = performance.now();
  if (kind === "select") {
    const el = document.querySelector("select[name=status]");
    el.value = value;
    el.dispatchEvent(new Event("change"));
  } else {
    document.querySelectorAll("table[data-tradeoffs-log-table] thead th button")[Number(value)].click();
  }
  return await new Promise(resolve => requestAnimationFrame(() => {
    void document.body.offsetHeight;
    resolve(performance.now() - t0);
  }));
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def build(n: int, work: Path) -> Path:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    project = work / f"n{n}"
    site = project / "site"
    if not (site / "decisions" / "index.html").exists():
        config = write_project(project, n)
        mkdocs_build(load_config(str(config), site_dir=str(site)))
    return site


def measure(site: Path, repeat: int) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    steps = {
        "status filter (accepted)": ("select", "accepted"),
        "status filter back to any": ("select", ""),
        "sort by title": ("sort", "1"),
        "sort by number": ("sort", "0"),
    }
    times: dict[str, list[float]] = {name: [] for name in steps}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route(
                "**/*",
                lambda route: route.continue_() if route.request.url.startswith(base) else route.abort(),
            )
            page = context.new_page()
            page.goto(base + "/decisions/")
            page.locator(".tradeoffs-count").wait_for()
            for _ in range(repeat):
                for name, step in steps.items():
                    times[name].append(page.evaluate(MEASURE, list(step)))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {
        name: {"median_ms": round(statistics.median(t), 1), "max_ms": round(max(t), 1)}
        for name, t in times.items()
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
