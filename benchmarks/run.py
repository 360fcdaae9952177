"""Benchmark the tradeoffs plugin against plain MkDocs building the very same pages.

For each N (default 100 and 1000; 10000 takes minutes, ask for it), in one run:

(a) `mkdocs build` of a generated site of N decisions that uses the plugin;
(b) the reference: the very pages the plugin generates (`tradeoffs.site.build_site`), written to a
    docs folder as plain Markdown and built by plain MkDocs with the same theme, extensions and
    nav (the nav section pages only; ADR pages not in nav, as the plugin does);
(c) the export reference: `tradeoffs export --format markdown` of the same decisions, built by
    plain MkDocs with the same theme and extensions and a small nav (home, one docs page, the
    export's index; ADR pages not in nav);
(d) `tradeoffs check` over every decision;
(e) a `serve`-style rebuild: one process builds, one decision is edited, and the site is
    rebuilt with `--dirty` and without, with the same plugin object, as `mkdocs serve` does.

Each command runs under `/usr/bin/time -v`: CPU seconds are user+sys of the child, with peak
RSS. Results go to benchmarks/results/N.json and the tables in benchmarks/RESULTS.md are
rewritten between their markers.

    python benchmarks/run.py [--sizes 100,1000] [--repeat 2] [--work /tmp/tradeoffs-bench]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import MKDOCS_YML, write_project  # noqa: E402

RESULTS = HERE / "results"
REPORT = HERE / "RESULTS.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"


# --- measuring -----------------------------------------------------------------------------


def timed(cmd: list[str], cwd: Path) -> dict[str, float]:
    """Run `cmd` under /usr/bin/time -v; CPU (user+sys), wall seconds and peak RSS (`rss_mb`
    is MiB: time reports KiB; the tables print MB of 1,000,000 bytes)."""
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], cwd=cwd, capture_output=True, text=True)
    out = proc.stderr
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out[-3000:]}")

    def field(name: str) -> str:
        match = re.search(rf"^\s*{re.escape(name)}: (.*)$", out, re.M)
        assert match, f"no {name!r} in time output:\n{out[-2000:]}"
        return match.group(1).strip()

    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    return {
        "cpu": float(field("User time (seconds)")) + float(field("System time (seconds)")),
        "wall": wall,
        "rss_mb": int(field("Maximum resident set size (kbytes)")) / 1024,
    }


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    """The fastest of repeated runs (the least disturbed by the noisy machine)."""
    return min(runs, key=lambda r: r["cpu"])


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# --- the reference site ----------------------------------------------------------------------


def write_reference(project: Path, out: Path) -> Path:
    """The plugin's pages as plain Markdown in `out/docs`, with a mkdocs.yml that has the same nav."""
    from tradeoffs.adr.render import Renderer
    from tradeoffs.core.config import Settings
    from tradeoffs.core.project import load_project
    from tradeoffs.site import MentionLinker, NavItem, SiteLayout, build_site

    settings = Settings.from_options(
        project, {"decisions_dir": "decisions"}, config_file=project / "mkdocs.yml"
    )
    loaded = load_project(settings)
    site = build_site(loaded, Renderer(settings.templates_dir))
    # mentions linked as the plugin links them, so both builds convert the same links
    linker = MentionLinker(loaded.decisions, SiteLayout(settings.url_prefix), settings.prefix)
    for path, page in site.pages.items():
        page.markdown = linker.link(page.markdown, path, own=page.decision)[0]
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    shutil.copytree(project / "docs", docs)
    for path, markdown in site.markdown().items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")

    def nav_yaml(items: list[NavItem], depth: int) -> str:
        pad = "  " * depth
        lines = ""
        for item in items:
            if item.path is not None:
                lines += f"{pad}- {json.dumps(item.title)}: {item.path}\n"
            else:
                lines += f"{pad}- {json.dumps(item.title)}:\n" + nav_yaml(item.children, depth + 1)
        return lines

    nav = "  - Decisions:\n" + nav_yaml(site.nav, 2)
    config = out / "mkdocs.yml"
    config.write_text(
        MKDOCS_YML.format(plugins="", nav=nav) + f"not_in_nav: |\n  /{settings.url_prefix}/*.md\n",
        encoding="utf-8",
    )
    return config


def write_export_reference(project: Path, out: Path) -> Path:
    """`tradeoffs export --format markdown` of the project's decisions in `out/docs`, beside the
    project's own docs pages, with a mkdocs.yml of the same theme and extensions and a small nav.

    Returns the mkdocs.yml; the export's CPU and wall seconds are in `out/export.json`.
    """
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    exported = timed(
        [
            sys.executable,
            "-m",
            "tradeoffs",
            "-f",
            "mkdocs.yml",
            "export",
            "--format",
            "markdown",
            "--out",
            str(docs),
        ],
        project,
    )
    if not (docs / "decisions" / "index.md").is_file():
        raise SystemExit(f"tradeoffs export wrote no decisions/index.md into {docs}")
    for page in (project / "docs").iterdir():
        shutil.copy(page, docs / page.name)
    (out / "export.json").write_text(json.dumps(exported), encoding="utf-8")
    config = out / "mkdocs.yml"
    config.write_text(
        MKDOCS_YML.format(plugins="", nav="  - Decisions: decisions/index.md\n")
        + "not_in_nav: |\n  /decisions/*.md\n  /decisions/frameworks/*.md\n",
        encoding="utf-8",
    )
    return config


# --- serve -------------------------------------------------------------------------------------


def serve_rebuild(config_file: str, decision: str) -> None:
    """Build as `mkdocs serve --dirty` does, edit one decision, rebuild dirty and clean.

    Prints JSON: seconds (CPU and wall) of the first build, the dirty rebuild and a plain one.
    """
    import logging
    import tempfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    site_dir = tempfile.mkdtemp(prefix="tradeoffs-serve-")
    serve_url = "http://127.0.0.1:8000/"

    def get_config() -> Any:
        config = load_config(config_file=config_file, site_dir=site_dir)
        config.site_url = serve_url
        return config

    results: dict[str, dict[str, float]] = {}
    path = Path(decision)
    original = path.read_text(encoding="utf-8")

    def run(name: str, *, dirty: bool, edit: str | None) -> None:
        if edit is not None:
            path.write_text(
                original.replace("rationale: |\n", f"rationale: |\n  {edit}\n", 1), encoding="utf-8"
            )
        cpu, wall = time.process_time(), time.perf_counter()
        build(get_config(), serve_url=serve_url, dirty=dirty)
        results[name] = {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}

    first = get_config()
    first.plugins.on_startup(command="serve", dirty=True)
    try:
        cpu, wall = time.process_time(), time.perf_counter()
        build(first, serve_url=serve_url, dirty=True)
        results["first"] = {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}
        time.sleep(1.1)  # mtimes: the edit must be newer than the pages just written
        run("dirty", dirty=True, edit="Edited once while serving.")
        time.sleep(1.1)
        run("plain", dirty=False, edit="Edited twice while serving.")
        edited = Path(site_dir) / "decisions" / f"ADR-{int(path.name[:4]):04d}" / "index.html"
        results["edit_seen"] = {"ok": float("Edited twice" in edited.read_text(encoding="utf-8"))}
    finally:
        path.write_text(original, encoding="utf-8")
        first.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    print(json.dumps(results))


# --- one size ----------------------------------------------------------------------------------


def bench(n: int, work: Path, repeat: int, serve_max: int, sites: Path, disk: bool = True) -> dict[str, Any]:
    """Build both sites `repeat` times into `sites` (tmpfs), then once each into the work folder
    on disk, and run `check`; serve rebuilds for small sizes."""
    project = work / f"n{n}"
    if project.exists():
        shutil.rmtree(project)
    print(f"[{n}] generating", flush=True)
    write_project(project, n)
    ref = write_reference(project, work / f"n{n}-ref")
    print(f"[{n}] tradeoffs export --format markdown", flush=True)
    export = write_export_reference(project, work / f"n{n}-export")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    out = {
        "plugin": sites / f"n{n}-plugin",
        "reference": sites / f"n{n}-reference",
        "export": sites / f"n{n}-export",
    }
    folders = {"plugin": project, "reference": ref.parent, "export": export.parent}
    runs: dict[str, list[dict[str, float]]] = {"plugin": [], "reference": [], "export": [], "check": []}
    for i in range(repeat):  # alternate, so all see the same machine
        for name in ("plugin", "reference", "export"):
            print(f"[{n}] {name} build {i + 1}", flush=True)
            runs[name].append(timed([*mkdocs, "-f", "mkdocs.yml", "-d", str(out[name])], folders[name]))
        print(f"[{n}] check {i + 1}", flush=True)
        runs["check"].append(timed([sys.executable, "-m", "tradeoffs", "-f", "mkdocs.yml", "check"], project))
    result: dict[str, Any] = {name: best(r) for name, r in runs.items()}
    result["all_runs"] = runs
    result["export_command"] = json.loads((export.parent / "export.json").read_text(encoding="utf-8"))
    for name in ("plugin", "reference", "export"):
        site = out[name]
        result[name]["site_mb"] = folder_size(site) / 1e6
        result[name]["search_kb"] = (site / "search" / "search_index.json").stat().st_size / 1e3
    if disk:
        # the same builds writing to this machine's disk, where each new folder costs system time
        print(f"[{n}] plugin, reference and export builds on disk", flush=True)
        result["disk"] = {
            name: timed([*mkdocs, "-f", "mkdocs.yml", "-d", "site"], folder)
            for name, folder in folders.items()
        }
    for site in out.values():
        shutil.rmtree(site, ignore_errors=True)
    if n <= serve_max:
        decision = sorted((project / "decisions").glob(f"{n // 2:04d}-*.yml"))[0]
        print(f"[{n}] serve rebuilds", flush=True)
        proc = subprocess.run(
            [sys.executable, __file__, "--serve-rebuild", str(project / "mkdocs.yml"), str(decision)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "TMPDIR": str(sites)},
        )
        result["serve"] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["n"] = n
    result["sites"] = str(sites)
    return result


# --- report ------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = re.search(r"^Model name:\s*(.*)$", lscpu, re.M)
    mem_kb = int(re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())[1])  # type: ignore[index]
    return {
        "cpu": model.group(1).strip() if model else platform.processor(),
        "cores": str(os.cpu_count()),
        "ram": f"{mem_kb / 1024 / 1024:.0f} GiB",
        "python": platform.python_version(),
        "mkdocs": metadata.version("mkdocs"),
        "mkdocs-material": metadata.version("mkdocs-material"),
        "mkdocs-tradeoffs": metadata.version("mkdocs-tradeoffs"),
        "git": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True
        ).stdout.strip(),
    }


MB_PER_MIB = 1.048576


def disk_ratio(result: dict[str, Any], other: str) -> str:
    """The builds on disk, plugin against `other`, as "CPU s / CPU s = ratio" ("–" if not run)."""
    if "disk" not in result:
        return "–"
    dp, do = result["disk"]["plugin"]["cpu"], result["disk"][other]["cpu"]
    return f"{dp:.2f} / {do:.2f} = {dp / do:.3f}"


def tables(results: list[dict[str, Any]]) -> str:
    rows = [
        "| N | build | CPU s | wall s | CPU ms / decision | peak RSS MB | site MB | search index KB "
        "| index bytes / decision |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        n = r["n"]
        for name in ("plugin", "reference", "export"):
            if name not in r:
                continue  # measured before the export reference was added
            m = r[name]
            rows.append(
                f"| {n:,} | {name} | {m['cpu']:.2f} | {m['wall']:.2f} | {m['cpu'] / n * 1000:.2f} | "
                f"{m['rss_mb'] * MB_PER_MIB:.0f} | {m['site_mb']:.1f} | {m['search_kb']:,.0f} | "
                f"{m['search_kb'] * 1000 / n:,.0f} |"
            )
    ratio = [
        "| N | plugin ÷ reference (CPU) | plugin ÷ reference (wall) | on disk: CPU s, "
        "plugin / reference = ratio | `tradeoffs check` CPU s | wall s | peak RSS MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        p, ref, c = r["plugin"], r["reference"], r["check"]
        disk = disk_ratio(r, "reference")
        ratio.append(
            f"| {r['n']:,} | {p['cpu'] / ref['cpu']:.3f} | {p['wall'] / ref['wall']:.3f} | "
            f"{disk} | {c['cpu']:.2f} | {c['wall']:.2f} | {c['rss_mb'] * MB_PER_MIB:.0f} |"
        )
    against_export = [
        "| N | plugin ÷ export build (CPU, best of runs) | each alternating pair (CPU) | "
        "plugin ÷ export build (wall) | on disk: CPU s, plugin / export = ratio | "
        "`tradeoffs export` CPU s |",
        "| ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for r in results:
        if "export" not in r:
            continue
        p, e = r["plugin"], r["export"]
        pairs = ", ".join(
            f"{a['cpu']:.2f} / {b['cpu']:.2f} = {a['cpu'] / b['cpu']:.3f}"
            for a, b in zip(r["all_runs"]["plugin"], r["all_runs"]["export"], strict=True)
        )
        disk = disk_ratio(r, "export")
        against_export.append(
            f"| {r['n']:,} | {p['cpu'] / e['cpu']:.3f} | {pairs} | {p['wall'] / e['wall']:.3f} | "
            f"{disk} | {r['export_command']['cpu']:.2f} |"
        )
    serve = [
        "| N | first build s (wall) | edit one decision, `--dirty` rebuild s (wall / CPU) | "
        "plain rebuild s (wall / CPU) | edit visible |",
        "| ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        if "serve" not in r:
            continue
        s = r["serve"]
        serve.append(
            f"| {r['n']:,} | {s['first']['wall']:.2f} | {s['dirty']['wall']:.2f} / "
            f"{s['dirty']['cpu']:.2f} | {s['plain']['wall']:.2f} / {s['plain']['cpu']:.2f} | "
            f"{'yes' if s['edit_seen']['ok'] else 'NO'} |"
        )
    growth = ""
    by_n = {r["n"]: r for r in results}
    if 1000 in by_n and 10000 in by_n:
        g = by_n[10000]["plugin"]["cpu"] / by_n[1000]["plugin"]["cpu"]
        gr = by_n[10000]["reference"]["cpu"] / by_n[1000]["reference"]["cpu"]
        growth = f"\nGrowth from 1,000 to 10,000 decisions (CPU): plugin {g:.2f}×, reference {gr:.2f}×"
        if "export" in by_n[1000] and "export" in by_n[10000]:
            ge = by_n[10000]["export"]["cpu"] / by_n[1000]["export"]["cpu"]
            growth += f", export build {ge:.2f}×"
        growth += ".\n"
    return "\n".join(
        [
            "### Builds",
            "",
            *rows,
            "",
            "### Plugin cost and `tradeoffs check`",
            "",
            *ratio,
            "",
            "### Plugin against plain MkDocs building `tradeoffs export --format markdown`",
            "",
            *against_export,
            "",
            "### `mkdocs serve` rebuilds after editing one decision",
            "",
            *serve,
            growth,
        ]
    )


def report() -> None:
    results = sorted((json.loads(p.read_text()) for p in RESULTS.glob("*.json")), key=lambda r: r["n"])
    if not results:
        return
    m = results[-1]["machine"]
    when = ", ".join(f"N={r['n']:,}: {r['when']} (commit {r['machine']['git']})" for r in results)
    body = "\n".join(
        [
            START,
            f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM (a shared, noisy VM). "
            f"Python {m['python']}, MkDocs {m['mkdocs']}, mkdocs-material {m['mkdocs-material']}, "
            f"mkdocs-tradeoffs {m['mkdocs-tradeoffs']}.",
            "",
            f"Measured: {when}.",
            "",
            tables(results),
            END,
        ]
    )
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    REPORT.write_text(head + body + tail, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/tradeoffs-bench"))
    parser.add_argument(
        "--sites",
        type=Path,
        default=Path("/dev/shm/tradeoffs-bench-sites") if Path("/dev/shm").is_dir() else None,
        help="where the timed builds write their sites (tmpfs by default)",
    )
    parser.add_argument(
        "--serve-max", type=int, default=1000, help="measure serve rebuilds up to this many decisions"
    )
    parser.add_argument(
        "--no-disk", action="store_true", help="skip the builds on disk (they double a run at 10,000)"
    )
    parser.add_argument("--serve-rebuild", nargs=2, metavar=("MKDOCS_YML", "DECISION"))
    parser.add_argument("--report", action="store_true", help="only rewrite RESULTS.md")
    args = parser.parse_args()
    if args.serve_rebuild:
        serve_rebuild(*args.serve_rebuild)
        return
    if not args.report:
        RESULTS.mkdir(exist_ok=True)
        sites = args.sites or args.work / "sites"
        sites.mkdir(parents=True, exist_ok=True)
        for n in (int(s) for s in args.sizes.split(",")):
            result = bench(n, args.work, args.repeat, args.serve_max, sites, not args.no_disk)
            result["machine"] = machine()
            result["when"] = time.strftime("%Y-%m-%d %H:%M")
            (RESULTS / f"{n}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
            print(
                json.dumps({k: result.get(k) for k in ("plugin", "reference", "check", "serve")}), flush=True
            )
    report()


if __name__ == "__main__":
    main()
