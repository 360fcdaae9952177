"""A catalogue of many repositories against one repository of the same size.

Writes R repositories of D decisions each (`generate.plan`, a seed per repository, a tenth of
the decisions relating to a decision of another repository, `repo-07/ADR-12`), exports each
(`tradeoffs export --format json`, in process, as each repository's own CI would), and a
catalogue site listing the exports' folder (`catalogue: [exports]`); and one repository of
R × D decisions. Both sites have the same theme, extensions and nav, and are built by
`python -m mkdocs build -q` under `/usr/bin/time -v`, alternating, into tmpfs. Prints CPU
and wall seconds, ms per decision, peak RSS and the site's size for each.

    python benchmarks/catalogue.py --work /tmp/tradeoffs-catalogue [--repos 50] [--per 200]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import HOME, HOW, MKDOCS_YML, file_name, plan, to_yaml, write_project  # noqa: E402
from run import folder_size, timed  # noqa: E402


def write_repository(out: Path, index: int, per: int, repos: int) -> Path:
    """One repository of `per` decisions, named `repo-NN`, some related across repositories."""
    rng = random.Random(1000 + index)
    (out / "decisions").mkdir(parents=True, exist_ok=True)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    (out / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    (out / "docs" / "how-we-decide.md").write_text(HOW, encoding="utf-8")
    for number, data in enumerate(plan(per, seed=100 + index), 1):
        if repos > 1 and rng.random() < 0.1:
            other = rng.choice([r for r in range(repos) if r != index])
            data["related"] = [*data.get("related", []), f"repo-{other:02d}/ADR-{rng.randint(1, per)}"]
        (out / "decisions" / file_name(number, data)).write_text(to_yaml(data), encoding="utf-8")
    entry = f"  - tradeoffs:\n      decisions_dir: decisions\n      source_id: repo-{index:02d}\n"
    config = out / "mkdocs.yml"
    text = MKDOCS_YML.format(plugins=entry, nav="  - Decisions: decisions/index.md\n")
    config.write_text(f"site_url: https://repo-{index:02d}.example.org/\n" + text, encoding="utf-8")
    return config


def export(config: Path, out: Path) -> None:
    from tradeoffs.adoption.export import export_json
    from tradeoffs.core.config import load_settings
    from tradeoffs.core.project import load_project

    data = export_json(load_project(load_settings(config)))
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def write_sites(work: Path, repos: int, per: int) -> None:
    """The repositories, their exports, the catalogue site, and the one repository of all."""
    catalogue = work / "catalogue"
    exports = catalogue / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    started = time.process_time()
    for r in range(repos):
        config = write_repository(work / f"repo-{r:02d}", r, per, repos)
        export(config, exports / f"repo-{r:02d}.json")
    export_cpu = time.process_time() - started
    (catalogue / "docs").mkdir(exist_ok=True)
    # no `ADR-1` mentions: the catalogue's own log is empty, so they would name nothing
    (catalogue / "docs" / "index.md").write_text("# Every repository's decisions\n", encoding="utf-8")
    (catalogue / "docs" / "how-we-decide.md").write_text(HOW, encoding="utf-8")
    entry = "  - tradeoffs:\n      catalogue: [exports]\n"
    (catalogue / "mkdocs.yml").write_text(
        MKDOCS_YML.format(plugins=entry, nav="  - Decisions: decisions/index.md\n"), encoding="utf-8"
    )
    write_project(work / "single", repos * per)
    exported_mb = sum(p.stat().st_size for p in exports.iterdir()) / 1e6
    print(f"{repos} exports of {per} decisions: {exported_mb:.1f} MB, written in {export_cpu:.1f} CPU s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/tradeoffs-catalogue"))
    parser.add_argument("--sites", type=Path, default=Path("/dev/shm/tradeoffs-catalogue-sites"))
    parser.add_argument("--repos", type=int, default=50)
    parser.add_argument("--per", type=int, default=200)
    parser.add_argument("--builds", default="catalogue,single", help="which to build (comma-separated)")
    parser.add_argument("--reuse", action="store_true", help="build what an earlier run wrote in --work")
    args = parser.parse_args()
    work: Path = args.work
    total = args.repos * args.per
    catalogue = work / "catalogue"
    if not args.reuse:
        write_sites(work, args.repos, args.per)
    single = work / "single"
    results = {}
    wanted = args.builds.split(",")
    for name, root in (("catalogue", catalogue), ("single", single)):
        if name not in wanted:
            continue
        site = args.sites / name
        run = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], root)
        pages = sum(1 for _ in site.rglob("index.html"))
        results[name] = {**run, "site_mb": folder_size(site) / 1e6, "pages": pages}
        print(
            f"{name}: {run['cpu']:.1f} CPU s, {run['wall']:.1f} wall s, "
            f"{1000 * run['cpu'] / total:.2f} CPU ms / decision, {run['rss_mb']:.0f} MiB peak, "
            f"{results[name]['site_mb']:.0f} MB, {pages} pages; load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    if len(results) == 2:
        ratio = results["catalogue"]["cpu"] / results["single"]["cpu"]
        print(f"catalogue ÷ single repository (CPU per decision): {ratio:.3f}")


if __name__ == "__main__":
    main()
