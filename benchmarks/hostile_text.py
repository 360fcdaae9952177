"""Time `tradeoffs check`, `tradeoffs import` and `mkdocs build --strict` on 1 MiB hostile texts.

    python benchmarks/hostile_text.py [--size BYTES] [--limit SECONDS] [--only NAME]
                                      [--target TARGET] [--json]

Each payload is text that made a pattern backtrack or Python-Markdown slow (backticks after a
mention, `[`, `<!--`, `[x](a`, nested emphasis...), repeated to the size limit of a file
(1 MiB), in one hostile file of a temporary project: a YAML decision (its context, title, an
accepted cost or an open question) or a Markdown ADR (in its title, its text, a status line or
an option, as the payload needs). Each command runs as a process; a command that takes longer
than the limit (10 s) or ends in a traceback is reported, and the script exits 1. An error that
names the file (the Markdown budget, the schema) is an answer: it is counted, not a failure.
`tests/test_linear_text.py` checks that each reader grows linearly; this checks the whole
commands at the limit.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection
from pathlib import Path

from tradeoffs.core.markdown_budget import MAX_MARKS, MAX_WORK, line_marks

SIZE = 1024 * 1024 - 4096
"""A little under the 1 MiB limit, leaving room for the file's other lines."""


def _fill(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * ((size - len(head.encode()) - len(tail.encode())) // len(unit.encode())) + tail


PAYLOADS: dict[str, tuple[str, Callable[[int], str]]] = {
    # name: (where in a Markdown ADR, the payload)
    "mention, backticks": ("text", lambda n: _fill("`", n, "ADR-1 ")),
    "mention, [x](a": ("text", lambda n: _fill("[x](a", n, "ADR-1 ")),
    "mention, <a": ("text", lambda n: _fill("<a", n, "ADR-1 ")),
    "mentions": ("text", lambda n: _fill("ADR-1 ", n)),
    "[": ("text", lambda n: _fill("[", n)),
    "<": ("text", lambda n: _fill("<", n)),
    "![": ("text", lambda n: _fill("![", n)),
    "](": ("text", lambda n: _fill("](", n)),
    "backticks": ("text", lambda n: _fill("`", n)),
    "backtick runs": ("text", lambda n: "".join("`" * k + "a" for k in range(1, int((2 * n) ** 0.5)))),
    "nested emphasis": ("text", lambda n: _fill("*a _b ", n // 2) + _fill(" c_ d*", n // 2)),
    "[x](a": ("text", lambda n: _fill("[x](a", n)),
    "<!--": ("title", lambda n: _fill("<!--", n)),
    "{#": ("title", lambda n: _fill("{#", n)),
    "heading spaces": ("text", lambda n: _fill(" \t", n, "## a") + "x"),
    "status separators": ("status", lambda n: _fill(";", n)),
    "option [x](a": ("option", lambda n: _fill("[x](a", n)),
    "option ': '": ("option", lambda n: _fill("a: ", n)),
    "words, few marks": ("text", lambda n: _fill("word " * 40 + "`a` [b](c) *d*\n", n)),
    "short lines": ("text", lambda n: _fill("a\n", n)),
}


def _at_budget(unit: str) -> Callable[[int], str]:
    """As much of `unit` in one paragraph as the Markdown budget lets a file hold (its work
    bound, or its marks bound), the rest of the size plain words: the slowest file the budget
    lets through, for this unit."""

    def make(n: int) -> str:
        marks = max(1, line_marks(unit, "ADR-"))
        k = min(int((0.95 * MAX_WORK / (marks * len(unit))) ** 0.5), int(0.95 * MAX_MARKS) // marks)
        hostile = (unit * k).strip("\n")
        return hostile + "\n\n" + _fill("word ", n - len(hostile.encode()) - 2).rstrip()

    return make


AT_BUDGET = [
    "[",
    "<",
    "`",
    "\\`",
    "[x](a",
    "*a _b ",
    "<!--",
    "ADR-1 ",
    "&amp;",
    "|",
    "![",
    "<a>",
    "a\n",
    "<b>x</b>",
]
for _unit in AT_BUDGET:
    PAYLOADS["at the budget: " + _unit.replace("\n", " line breaks").replace("|", "\\|")] = (
        "text",
        _at_budget(_unit),
    )

TARGETS = ("context", "title", "accepted_costs", "open_questions", "markdown ADR")
"""Where the payload goes: a field of a YAML decision, or a Markdown ADR under markdown_dirs."""


def _block(payload: str, indent: str) -> str:
    return "\n".join(indent + line if line.strip() else "" for line in payload.split("\n"))


def _decision(target: str, payload: str) -> str:
    """A YAML decision with the payload in one field (a literal block, as a team writes one)."""
    head = "status: proposed\ndate: 2026-01-05\nframework: cache-vs-recompute\n"
    if target == "title":
        return f"title: |-\n{_block(payload, '  ')}\n{head}"
    text = f"title: Hostile text\n{head}"
    if target == "context":
        return text + f"context: |\n{_block(payload, '  ')}\n"
    return text + f"{target}:\n  - |\n{_block(payload, '    ')}\n"


def _record(where: str, payload: str) -> str:
    if where == "title":
        return f"# Use a cache {payload}\n\nStatus: accepted\nDate: 2026-01-05\n\n## Context\n\nWe cache.\n"
    if where == "status":
        return f"# Use a cache\n\nStatus: accepted{payload}\nDate: 2026-01-05\n\n## Context\n\nWe cache.\n"
    if where == "option":
        return (
            "# Use a cache\n\nDate: 2026-01-05\n\n## Status\n\nAccepted\n\n## Considered Options\n\n"
            f"* {payload}\n* Recompute\n\n## Decision Outcome\n\nChosen option: {payload}\n"
        )
    return f"# Use a cache\n\nStatus: accepted\nDate: 2026-01-05\n\n## Context\n\n{payload}\n"


def _project(root: Path, target: str, where: str, payload: str) -> None:
    (root / "decisions").mkdir()
    (root / "adrs").mkdir()
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Hostile\ntheme:\n  name: material\nplugins:\n  - search\n"
        "  - tradeoffs:\n      markdown_dirs: [adrs]\n"
    )
    # a good decision beside the hostile file, which mentions it (ADR-1)
    (root / "decisions" / "0001-good.yml").write_text(
        "title: Use a cache\nstatus: proposed\ndate: 2026-01-05\nframework: cache-vs-recompute\n",
        encoding="utf-8",
    )
    if target == "markdown ADR":
        (root / "adrs" / "0002-hostile.md").write_text(_record(where, payload), encoding="utf-8")
    else:
        (root / "decisions" / "0002-hostile.yml").write_text(_decision(target, payload), encoding="utf-8")


COMMANDS = {
    "check": [sys.executable, "-m", "tradeoffs", "check"],
    "import": [sys.executable, "-m", "tradeoffs", "import", "adrs", "--out", "imported"],
    "build": [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
    # the pages another engine (Zensical) builds, converted and sanitised here; the export
    "pages": [sys.executable, "-m", "tradeoffs", "pages", "--out", "pages"],
    "export": [sys.executable, "-m", "tradeoffs", "export", "--out", "exported"],
}


def _children_cpu() -> float:
    """CPU seconds (user and system) of the finished child processes: on a shared machine the
    wall time also holds the other processes' turns."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def measure(
    name: str, target: str, size: int, limit: float, commands: Collection[str] = COMMANDS
) -> dict[str, object]:
    where, make = PAYLOADS[name]
    out: dict[str, object] = {"payload": name, "target": target, "bytes": size}
    with tempfile.TemporaryDirectory(prefix="tradeoffs-hostile-") as tmp:
        root = Path(tmp)
        payload = make(size)
        if target != "markdown ADR":  # room for the block's indentation, within the limit
            payload = make(size - 4 * payload.count("\n") - 200)
        _project(root, target, where, payload)
        for command, argv in COMMANDS.items():
            if command not in commands or (command == "import" and target != "markdown ADR"):
                continue  # import reads Markdown ADRs only
            start = time.perf_counter()
            before = _children_cpu()
            try:
                done = subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=limit * 3)
                seconds = time.perf_counter() - start
                out[f"{command} cpu"] = round(_children_cpu() - before, 2)
                # a traceback, or a usage error (click's exit status 2): the command did not run
                traceback = "Traceback" in done.stderr or done.returncode == 2
                placed = "0002-hostile" in done.stdout + done.stderr and done.returncode != 0
            except subprocess.TimeoutExpired:
                seconds, traceback, placed = limit * 3, False, False
            out[command] = round(seconds, 2)
            out[f"{command} traceback"] = traceback
            out[f"{command} refused"] = placed
            shutil.rmtree(root / "site", ignore_errors=True)
            for made in ("imported", "pages", "exported"):
                shutil.rmtree(root / made, ignore_errors=True)
    return out


def _shown(row: dict[str, object], command: str) -> str:
    if command not in row:
        return "–"
    cpu = f" / {row[f'{command} cpu']}" if f"{command} cpu" in row else ""
    return f"{row[command]}{cpu}{' (error)' if row[f'{command} refused'] else ''}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--limit", type=float, default=10.0)
    parser.add_argument("--only", action="append", choices=sorted(PAYLOADS))
    parser.add_argument("--match", help="only the payloads whose name holds this")
    parser.add_argument("--skip", help="not the payloads whose name holds this")
    parser.add_argument("--target", action="append", choices=TARGETS)
    parser.add_argument("--command", action="append", choices=COMMANDS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    names = [
        n for n in args.only or PAYLOADS if (args.match or "") in n and not (args.skip and args.skip in n)
    ]
    commands = args.command or list(COMMANDS)
    if not args.json:
        print(
            "| payload | in | "
            + " | ".join(f"{c} s: wall / CPU" for c in commands)
            + " |\n| --- | --- |"
            + " ---: |" * len(commands)
        )
    for name in names:
        for target in args.target or TARGETS:
            rows.append(measure(name, target, args.size, args.limit, commands))
            if not args.json:
                r = rows[-1]
                print(
                    f"| {r['payload']} | {r['target']} | "
                    + " | ".join(_shown(r, c) for c in commands)
                    + " |",
                    flush=True,
                )
    failed = [
        (r["payload"], r["target"], c)
        for r in rows
        for c in COMMANDS
        if c in r and (float(r[c]) > args.limit or r[f"{c} traceback"])  # type: ignore[arg-type]
    ]
    if args.json:
        print(json.dumps(rows, indent=1))
    for payload, target, command in failed:
        print(f"over {args.limit} s or a traceback: {command} on {payload} in {target}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
