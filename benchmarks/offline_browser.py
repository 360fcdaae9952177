"""A built site in headless Chromium with nothing outside it reachable: the local server, the
browser's flags and the request filter that the browser benchmarks and tests share."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
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
