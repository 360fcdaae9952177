"""A built site in headless Chromium with nothing outside it reachable: the local server, the
browser's flags and the request filter that the browser benchmarks and tests share."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
"""Headless Chromium as root, making no connection of its own (the machines reach no internet)."""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site without logging every request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """A built site on a local port: yields its base URL (no slash). The server is closed on
    exit, so the process can end (a server left open deadlocks interpreter shutdown)."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def block_outside(context: Any, base_url: str) -> list[str]:
    """Let a Playwright browser context reach only URLs under `base_url`; every other request
    is aborted and its URL appended to the list returned."""
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(base_url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return outside


# Notes, on every change of the page, the time, the search box's message and the first result.
TYPED_WATCH = """() => { window.__log = [];
  new MutationObserver(() => {
    const m = document.querySelector('.pagefind-ui__message');
    const f = document.querySelector('.pagefind-ui__result:first-child .pagefind-ui__result-link');
    window.__log.push([performance.now(), m ? m.textContent : '', f ? f.textContent : '']);
  }).observe(document.body, {subtree: true, childList: true, characterData: true}); }"""


def typed_search(browser: Any, url: str, query: str, expected: str, key_ms: int) -> dict[str, Any]:
    """`query` typed at `key_ms` a key into the Pagefind dialog once it is ready: the time from
    the last key until the box shows `expected` first under the query typed (None after 30 s),
    what else showed under that query after the last key, and the box's final message and
    first result. Shared by benchmarks/search_browser.py and benchmarks/scale_browser.py."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    block_outside(context, url)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url + "/")
    page.wait_for_load_state("networkidle")
    page.locator(".tradeoffs-pagefind-button").click()
    box = page.locator("#tradeoffs-pagefind input.pagefind-ui__search-input")
    box.wait_for()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    page.evaluate(TYPED_WATCH)
    box.press_sequentially(query, delay=key_ms)
    last = page.evaluate("() => performance.now()")
    deadline = time.perf_counter() + 30
    right = None
    while time.perf_counter() < deadline:
        log = page.evaluate("() => window.__log")
        hits = [e for e in log if e[0] >= last and expected in e[2] and e[1].endswith(query)]
        if hits:
            right = hits[0][0] - last
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(2000)
    log = page.evaluate("() => window.__log")
    after = [e for e in log if e[0] >= last and e[1].endswith(query) and e[2]]
    wrong = sorted({e[2][:20] for e in after if expected not in e[2]})
    final = log[-1][1:] if log else None
    context.close()
    return {
        "right_after_last_key_ms": None if right is None else round(right),
        "wrong_shown": wrong,
        "final": final,
    }
