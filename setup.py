"""Packaging step: put a pinned Mermaid build into the package, so every site draws its diagrams
offline (an intranet) with nothing for a team to install.

Mermaid is third-party code and never committed here: `build_py` takes the pinned release from
the npm registry with npm (`npm pack`) when the wheel (or an editable install) is built, checks
its SHA-256 against the pin in pyproject.toml, and writes it, with its licence, as
`tradeoffs/assets/mermaid.min.js` (ignored by git). A file of the pinned version that is already
on disk (`TRADEOFFS_MERMAID_JS`, or `node_modules/mermaid` beside this file) is used instead
of the network. Without npm or the network the package is built without Mermaid and says so;
`TRADEOFFS_REQUIRE_MERMAID=1` (the release workflow) makes that an error.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
TARGET = HERE / "plugin" / "tradeoffs" / "assets" / "mermaid.min.js"
LICENCE = TARGET.with_name("mermaid.LICENSE")


def _pin() -> dict[str, str]:
    with (HERE / "pyproject.toml").open("rb") as f:
        pin: dict[str, str] = tomllib.load(f)["tool"]["tradeoffs"]["mermaid"]
    return pin


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _from_npm(version: str, into: Path) -> Path:
    """The release's tarball, fetched with npm (which checks the registry's own integrity)."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed")
    done = subprocess.run(
        [npm, "pack", f"mermaid@{version}", "--silent", "--pack-destination", str(into)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"npm pack mermaid@{version} failed: {done.stderr.strip()[-300:]}")
    tarball = into / done.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as archive:
        for name in ("package/dist/mermaid.min.js", "package/LICENSE"):
            archive.extract(name, into, filter="data")
    return into / "package"


def provide_mermaid() -> None:
    """Write the pinned Mermaid into the package unless it is there already."""
    pin = _pin()
    if TARGET.is_file() and _sha256(TARGET) == pin["sha256"]:
        return
    local = [os.environ.get("TRADEOFFS_MERMAID_JS", ""), str(HERE / "node_modules/mermaid/dist/mermaid.min.js")]
    for candidate in (Path(p) for p in local if p):
        if candidate.is_file() and _sha256(candidate) == pin["sha256"]:
            TARGET.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(candidate, TARGET)
            licence = candidate.parent.parent / "LICENSE"
            if licence.is_file():
                shutil.copyfile(licence, LICENCE)
            return
    try:
        with tempfile.TemporaryDirectory() as tmp:
            package = _from_npm(pin["version"], Path(tmp))
            script = package / "dist" / "mermaid.min.js"
            if _sha256(script) != pin["sha256"]:
                raise RuntimeError(f"mermaid@{pin['version']} from npm does not match the pinned SHA-256")
            TARGET.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(script, TARGET)
            shutil.copyfile(package / "LICENSE", LICENCE)
    except (OSError, RuntimeError, subprocess.SubprocessError, tarfile.TarError, KeyError) as exc:
        if os.environ.get("TRADEOFFS_REQUIRE_MERMAID") == "1":
            raise
        print(
            f"warning: built without Mermaid ({exc}); sites will load it from the theme's CDN "
            "unless the plugin's mermaid_js option names a build",
            file=sys.stderr,
        )


class BuildPyWithMermaid(build_py):  # type: ignore[misc]
    """`build_py` (wheels and editable installs alike) with the pinned Mermaid in the package."""

    def run(self) -> None:
        provide_mermaid()
        super().run()


setup(cmdclass={"build_py": BuildPyWithMermaid})
