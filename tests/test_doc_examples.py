"""Every YAML example in the README and docs is one `tradeoffs check` accepts."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tradeoffs.cli import main

REPO = Path(__file__).resolve().parents[1]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
FENCE = re.compile(r"^```ya?ml\n(.*?)^```", re.M | re.S)


def _blocks() -> list[tuple[str, str]]:
    out = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            out.append((f"{page.relative_to(REPO)}:{line}", match.group(1)))
    return out


BLOCKS = _blocks()


def _kind(text: str) -> str:
    keys = set(re.findall(r"^([a-z_]+):", text, re.M))
    if {"title", "status"} <= keys:
        return "decision"
    if {"id", "options"} <= keys or {"id", "facts", "mode"} <= keys:
        return "framework"
    return "other"


def test_there_are_examples_of_each_kind() -> None:
    kinds = [_kind(text) for _where, text in BLOCKS]
    assert kinds.count("decision") >= 3 and kinds.count("framework") >= 1


def _check(root: Path, *paths: str) -> tuple[int, str]:
    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["check", *paths])
    finally:
        os.chdir(old)
    return result.exit_code, result.output


@pytest.mark.parametrize(("where", "text"), BLOCKS, ids=[w for w, _t in BLOCKS])
def test_example_passes_check(where: str, text: str, tmp_path: Path) -> None:
    kind = _kind(text)
    if kind == "other":  # mkdocs.yml, pre-commit, workflows: YAML that loads (tags left as tags)
        yaml.compose_all(text, Loader=yaml.SafeLoader)
        return
    # the demo decisions are there for the examples' references (supersedes: [ADR-3], ...)
    shutil.copytree(REPO / "decisions", tmp_path / "decisions")
    if kind == "decision":
        target = tmp_path / "decisions" / "0099-example.yml"
    else:
        (tmp_path / "frameworks").mkdir()
        target = tmp_path / "frameworks" / "example.yml"
    target.write_text(text, encoding="utf-8")
    code, out = _check(tmp_path, str(target.relative_to(tmp_path)))
    assert code == 0, f"{where}:\n{out}"


def test_readme_links_and_images_are_absolute() -> None:
    """The package index shows the README without the repository around it."""
    repo_url = yaml.compose((REPO / "mkdocs.yml").read_text(), Loader=yaml.SafeLoader)
    url = next(v.value for k, v in repo_url.value if k.value == "repo_url")
    text = (REPO / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    assert targets
    relative = [t for t in targets if not t.startswith(("https://", "http://", "#"))]
    assert relative == []
    ours = [t for t in targets if "mkdocs-tradeoffs/mkdocs-tradeoffs" in t]
    assert ours and all(
        t.startswith((url, url.replace("github.com", "raw.githubusercontent.com"))) for t in ours
    )


def test_every_modeline_in_the_repository_names_a_schema_that_exists() -> None:
    """The demo decisions and the built-in frameworks point editors at files that exist."""
    files = [
        *sorted((REPO / "decisions").glob("*.yml")),
        *sorted((REPO / "plugin" / "tradeoffs" / "frameworks").glob("*.yml")),
    ]
    assert len(files) >= 14
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = first.split("$schema=", 1)[1].strip()
        assert "://" not in target, f"{path}: {target} is an address, not a file in the repository"
        assert (path.parent / target).resolve().is_file(), f"{path}: {target} does not exist"
