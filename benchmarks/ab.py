"""Two versions of the plugin building the same generated site, in alternating runs.

The VM's speed drifts by tens of percent within minutes, so a change is judged by the ratio of
its build to the version before it, measured in one run: each pair builds with version A, then
with version B (or B then A, turn about), every build its own process under `/usr/bin/time`.
A version is a folder holding the package (`plugin/`), e.g. `git worktree add /tmp/a main`.

    python benchmarks/ab.py --a /tmp/before/plugin --b plugin --size 1000 --pairs 3

It also builds the export reference (`run.write_export_reference`: `tradeoffs export --format
markdown` of the same decisions, by plain MkDocs) once per pair, so the plugin ÷ export ratio of each version
is reported as `run.py` reports it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import write_project  # noqa: E402
from run import timed, write_export_reference  # noqa: E402


def build(plugin: Path, config: Path, site: Path) -> dict[str, float]:
    """One `mkdocs build` of `config` with the package found in `plugin`."""
    shutil.rmtree(site, ignore_errors=True)
    env_cmd = ["env", f"PYTHONPATH={plugin.resolve()}", "NO_MKDOCS_2_WARNING=1"]
    return timed([*env_cmd, sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], config.parent)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--a", type=Path, required=True, help="the package folder of the version before")
    parser.add_argument("--b", type=Path, required=True, help="the package folder of the version after")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/tradeoffs-ab"))
    args = parser.parse_args()
    project = args.work / f"site-{args.size}"
    if not (project / "mkdocs.yml").is_file():
        write_project(project, args.size)
    config = project / "mkdocs.yml"
    export_config = write_export_reference(project, args.work / "export")  # the installed version's export
    rows = []
    for pair in range(args.pairs):
        order = [("a", args.a), ("b", args.b)] if pair % 2 == 0 else [("b", args.b), ("a", args.a)]
        row: dict[str, float] = {}
        for name, plugin in order:
            row[name] = build(plugin, config, args.work / f"out-{name}")["cpu"]
        row["export"] = build(args.b, export_config, args.work / "out-export")["cpu"]
        rows.append(row)
        print(json.dumps(row), flush=True)
    for name in ("a", "b"):
        ratios = [r[name] / r["export"] for r in rows]
        print(f"{name}: CPU s {[r[name] for r in rows]}; ÷ export {[round(x, 3) for x in ratios]}")
    print(f"b ÷ a per pair: {[round(r['b'] / r['a'], 3) for r in rows]}")


if __name__ == "__main__":
    main()
