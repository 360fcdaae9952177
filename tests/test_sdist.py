"""The sdist carries what its own tests read (MANIFEST.in), so `pip install .[test]` and the
fast tier pass in an unpacked sdist as in a clone."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _shipped() -> set[str]:
    """The top-level files and folders MANIFEST.in puts in the sdist (beside the package)."""
    names: set[str] = {"plugin", "pyproject.toml", "MANIFEST.in"}  # setuptools ships these itself
    for line in (REPO / "MANIFEST.in").read_text(encoding="utf-8").splitlines():
        words = line.split()
        if words and words[0] in ("include", "graft"):
            names.update(w.split("/", 1)[0] for w in words[1:])
    return names


def test_every_schema_a_shipped_modeline_names_is_shipped() -> None:
    shipped = _shipped()
    for folder in ("decisions", "docs", "legacy-adrs"):
        assert folder in shipped
        for path in (REPO / folder).rglob("*.y*ml"):
            first = path.read_text(encoding="utf-8").split("\n", 1)[0]
            found = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
            if found is None or "://" in found.group(1):
                continue
            target = (path.parent / found.group(1)).resolve().relative_to(REPO)
            assert target.parts[0] in shipped, f"{path.relative_to(REPO)} names {target}, not in the sdist"


def test_every_top_level_path_the_tests_read_is_shipped() -> None:
    shipped = _shipped()
    read = set()
    for test in (REPO / "tests").glob("*.py"):
        read.update(re.findall(r'REPO / "([\w.-]+)', test.read_text(encoding="utf-8")))
    # .tools holds the shared npm tools, never shipped: the tests that use them say so and skip;
    # .venv-techdocs is the virtualenv the TechDocs test makes for itself
    made = {".tools", ".venv-techdocs"}
    assert read - made <= shipped, read - made - shipped
