"""Time `tradeoffs check`, `tradeoffs import` and `mkdocs build --strict` on 1 MiB hostile texts.

    python benchmarks/hostile_text.py [--size BYTES] [--limit SECONDS] [--only NAME] [--json]

Each payload is text that made a pattern backtrack (backticks after a mention, `[`, `<!--`,
`[x](a`...), repeated to the size limit of a file (1 MiB): once in a YAML decision's context
and once in a Markdown ADR (in its title, its text, a status line or an option, as the payload
needs), in a temporary project. Each command runs as a process; a command that takes longer
than the limit (10 s) is reported, and the script exits 1. `tests/test_linear_text.py`
checks that each reader grows linearly; this checks the whole commands at the limit.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SIZE = 1024 * 1024 - 4096
"""A little under the 1 MiB limit, leaving room for the file's other lines."""


def _fill(unit: str, size: int, head: str = "") -> str:
    return head + unit * ((size - len(head.encode())) // len(unit.encode()))


PAYLOADS: dict[str, tuple[str, Callable[[int], str]]] = {
    # name: (where in a Markdown ADR, the payload)
    "mention, backticks": ("text", lambda n: _fill("`", n, "ADR-1 ")),
    "mention, [x](a": ("text", lambda n: _fill("[x](a", n, "ADR-1 ")),
    "mention, <a": ("text", lambda n: _fill("<a", n, "ADR-1 ")),
    "[": ("text", lambda n: _fill("[", n)),
    "<": ("text", lambda n: _fill("<", n)),
    "![": ("text", lambda n: _fill("![", n)),
    "](": ("text", lambda n: _fill("](", n)),
    "<!--": ("title", lambda n: _fill("<!--", n)),
    "{#": ("title", lambda n: _fill("{#", n)),
    "heading spaces": ("text", lambda n: _fill(" \t", n, "## a") + "x"),
    "status separators": ("status", lambda n: _fill(";", n)),
    "option [x](a": ("option", lambda n: _fill("[x](a", n)),
    "option ': '": ("option", lambda n: _fill("a: ", n)),
}


def _decision(payload: str) -> str:
    """A YAML decision with the payload as one line of its context."""
    return (
        "title: Hostile text\nstatus: proposed\ndate: 2026-01-05\nframework: cache-vs-recompute\n"
        f"context: |\n  {payload}\n"
    )


def _record(where: str, payload: str) -> str:
    if where == "title":
        return f"# Use a cache {payload}\n\nStatus: accepted\n\n## Context\n\nWe cache.\n"
    if where == "status":
        return f"# Use a cache\n\nStatus: accepted{payload}\n\n## Context\n\nWe cache.\n"
    if where == "option":
        return (
            "# Use a cache\n\n## Status\n\nAccepted\n\n## Considered Options\n\n"
            f"* {payload}\n* Recompute\n\n## Decision Outcome\n\nChosen option: {payload}\n"
        )
    return f"# Use a cache\n\nStatus: accepted\n\n## Context\n\n{payload}\n"


def _project(root: Path, where: str, payload: str) -> None:
    (root / "decisions").mkdir()
    (root / "adrs").mkdir()
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Hostile\ntheme:\n  name: material\nplugins:\n  - search\n"
        "  - tradeoffs:\n      markdown_dirs: [adrs]\n"
    )
    (root / "decisions" / "0001-hostile.yml").write_text(_decision(payload), encoding="utf-8")
    (root / "adrs" / "0002-hostile.md").write_text(_record(where, payload), encoding="utf-8")


COMMANDS = {
    "check": [sys.executable, "-m", "tradeoffs", "check"],
    "import": [sys.executable, "-m", "tradeoffs", "import", "adrs", "--to", "imported"],
    "build": [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
}


def measure(name: str, size: int, limit: float) -> dict[str, object]:
    where, make = PAYLOADS[name]
    out: dict[str, object] = {"payload": name, "bytes": size}
    with tempfile.TemporaryDirectory(prefix="tradeoffs-hostile-") as tmp:
        root = Path(tmp)
        _project(root, where, make(size))
        for command, argv in COMMANDS.items():
            start = time.perf_counter()
            try:
                done = subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=limit * 3)
                seconds = time.perf_counter() - start
                traceback = "Traceback" in done.stderr
            except subprocess.TimeoutExpired:
                seconds, traceback = limit * 3, False
            out[command] = round(seconds, 2)
            out[f"{command} traceback"] = traceback
            shutil.rmtree(root / "site", ignore_errors=True)
            shutil.rmtree(root / "imported", ignore_errors=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--limit", type=float, default=10.0)
    parser.add_argument("--only", action="append", choices=sorted(PAYLOADS))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = [measure(name, args.size, args.limit) for name in args.only or PAYLOADS]
    failed = [
        (r["payload"], c)
        for r in rows
        for c in COMMANDS
        if float(r[c]) > args.limit or r[f"{c} traceback"]  # type: ignore[arg-type]
    ]
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        print("| payload | check s | import s | build s |\n| --- | ---: | ---: | ---: |")
        for r in rows:
            print(f"| {r['payload']} | {r['check']} | {r['import']} | {r['build']} |")
        for payload, command in failed:
            print(f"over {args.limit} s or a traceback: {command} on {payload}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
