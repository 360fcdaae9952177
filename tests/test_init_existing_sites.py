"""`tradeoffs init` in the repositories teams already have: inherited configs, sites in a
subfolder, CRLF files, their own requirements and hooks, fresh clones."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import mkdocs_build, run_cli
from tradeoffs.workflow import init
from tradeoffs.workflow.repository import site_requirements

BASE = """\
site_name: Base
theme:
  name: material
plugins:
  - search
  - tags   # the team's tags
markdown_extensions:
  - footnotes
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""


def test_init_on_an_inherit_config_keeps_the_parents_plugins_and_extensions(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    (tmp_path / "base.yml").write_text(BASE)
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: Child\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    out = run_cli("init", cwd=tmp_path, check=True).stdout
    assert "copies the plugins of the INHERITed config" in out
    effective = load_config(str(tmp_path / "mkdocs.yml"))
    assert list(effective.plugins) == ["material/search", "material/tags", "tradeoffs"]
    assert "footnotes" in effective.markdown_extensions
    assert "pymdownx.superfences" in effective.markdown_extensions
    assert "# the team's tags" in (tmp_path / "mkdocs.yml").read_text()  # copied as written
    assert (tmp_path / "base.yml").read_text() == BASE


def test_init_copies_extensions_it_must_extend_from_the_parent(tmp_path: Path) -> None:
    (tmp_path / "base.yml").write_text(
        "site_name: Base\nmarkdown_extensions:\n  - footnotes\n  - toc:\n      permalink: true\n"
    )
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\n")
    text, notes = init.edit_mkdocs_yml("INHERIT: base.yml\n", init.inherited_lists(tmp_path / "mkdocs.yml"))
    data = yaml.load(text, Loader=yaml.Loader)
    assert data["markdown_extensions"][:2] == ["footnotes", {"toc": {"permalink": True}}]
    assert "pymdownx.superfences" in data["markdown_extensions"][2]
    assert any("markdown_extensions of the INHERITed config" in n for n in notes)


@pytest.mark.parametrize(
    "extensions",
    [
        "  - pymdownx.superfences\n",
        "  - pymdownx.superfences:\n      preserve_tabs: true\n",
        "  - pymdownx.superfences:\n",
        "  - pymdownx.superfences:\n      custom_fences:\n        - name: math\n          class: math\n"
        "          format: !!python/name:pymdownx.superfences.fence_div_format\n",
    ],
    ids=["bare", "options", "empty", "other-fences"],
)
def test_init_adds_the_mermaid_fence_to_an_existing_superfences(extensions: str) -> None:
    text, notes = init.edit_mkdocs_yml(
        "site_name: x\nmarkdown_extensions:\n  - toc\n" + extensions + "  - tables\n"
    )
    data = yaml.load(text, Loader=yaml.Loader)
    entry = next(
        e for e in data["markdown_extensions"] if isinstance(e, dict) and "pymdownx.superfences" in e
    )
    fences = entry["pymdownx.superfences"]["custom_fences"]
    assert {"name": "mermaid", "class": "mermaid"}.items() <= fences[-1].items()
    assert data["markdown_extensions"][0] == "toc" and data["markdown_extensions"][-1] == "tables"
    if "preserve_tabs" in extensions:
        assert entry["pymdownx.superfences"]["preserve_tabs"] is True
    if "math" in extensions:
        assert fences[0]["name"] == "math"
    assert "adds the mermaid custom fence to pymdownx.superfences" in notes


def test_init_keeps_crlf_line_ends(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_bytes(b"site_name: Crlf\r\nplugins:\r\n  - search\r\n")
    (tmp_path / ".pre-commit-config.yaml").write_bytes(b"repos:\r\n  - repo: local\r\n    hooks: []\r\n")
    run_cli("init", "--pre-commit", cwd=tmp_path, check=True)
    for name in ("mkdocs.yml", ".pre-commit-config.yaml"):
        data = (tmp_path / name).read_bytes()
        assert b"tradeoffs" in data
        assert data.count(b"\n") == data.count(b"\r\n"), name


def test_repository_files_go_to_the_git_root_whatever_f_says(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # init looks for the repository's root, it runs no git
    site = tmp_path / "docs" / "en"
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "index.md").write_text("# Home\n")
    (site / "mkdocs.yml").write_text("site_name: En\n")
    out = run_cli("-f", "docs/en/mkdocs.yml", "init", "--pre-commit", "--ci", cwd=tmp_path, check=True).stdout
    for name in (".pre-commit-config.yaml", ".github/workflows/decisions.yml", ".vscode/settings.json"):
        assert (tmp_path / name).is_file(), out
        assert not (site / name).exists()
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert hooks[0]["args"] == ["--strict", "-f", "docs/en/mkdocs.yml"]
    assert "docs/en/schemas/decision.schema.json" in hooks[1]["entry"]
    assert re.search(hooks[1]["files"], "docs/en/frameworks/ours.yml")
    workflow = (tmp_path / ".github/workflows/decisions.yml").read_text()
    assert "tradeoffs check -f docs/en/mkdocs.yml --strict" in workflow
    assert "mkdocs build --strict -f docs/en/mkdocs.yml" in workflow
    schemas = json.loads((tmp_path / ".vscode/settings.json").read_text())["yaml.schemas"]
    assert schemas["./docs/en/schemas/decision.schema.json"] == [
        "docs/en/decisions/*.yml",
        "docs/en/decisions/*.yaml",
    ]


def test_the_hook_is_as_strict_as_ci(tmp_path: Path) -> None:
    run_cli("init", "--pre-commit", "--ci", cwd=tmp_path, check=True)
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    check = next(h for h in hooks if h["id"] == "tradeoffs-check")
    assert "--strict" in check["args"]
    assert "tradeoffs check --strict" in (tmp_path / ".github/workflows/decisions.yml").read_text()


def test_pins_name_something_that_exists(tmp_path: Path) -> None:
    out = run_cli("init", "--pre-commit", "--ci", cwd=tmp_path, check=True).stdout
    workflow = (tmp_path / ".github/workflows/decisions.yml").read_text()
    rev = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())["repos"][0]["rev"]
    assert "mkdocs-tradeoffs==" not in workflow and not rev.startswith("v0.")
    assert f"git+{init.REPOSITORY}@{rev}" in workflow
    if not init.pinned():
        assert rev == "main"
        assert "put a commit you tried in `rev`" in out
        assert "pin it to a commit you tried" in out
    else:
        assert re.fullmatch(r"[0-9a-f]{40}", rev)


@pytest.mark.parametrize(
    ("files", "install", "note"),
    [
        (
            {"docs/requirements.txt": "mkdocs-material\nmkdocs-redirects\n"},
            ("-r", "docs/requirements.txt"),
            "to docs/requirements.txt, so the site's builds install it",
        ),
        (
            {
                "pyproject.toml": '[project]\nname = "x"\n[project.optional-dependencies]\ndocs = ["mkdocs-material", "mkdocs-tradeoffs"]\n'
            },
            ("'.[docs]'",),
            None,
        ),
        (
            {"pyproject.toml": '[tool.hatch.envs.docs]\ndependencies = ["mkdocs-material", "mike"]\n'},
            (".", "mkdocs-material", "mike"),
            "to [tool.hatch.envs.docs] dependencies of pyproject.toml",
        ),
        (
            {
                "pyproject.toml": '[tool.hatch.envs.doc]\ndetached = true\ndependencies = ["mkdocs-material<9.7"]\n'
            },
            ("'mkdocs-material<9.7'",),
            "to [tool.hatch.envs.doc] dependencies of pyproject.toml",
        ),
        (
            {"pyproject.toml": '[dependency-groups]\ndev = ["pytest", "mkdocs-material>=9.6"]\n'},
            (".", "pytest", "'mkdocs-material>=9.6'"),
            "to [dependency-groups] dev of pyproject.toml",
        ),
        ({}, (), "found no requirements file"),
    ],
    ids=["requirements-file", "pyproject-extra", "hatch-env", "hatch-detached", "dependency-group", "none"],
)
def test_the_workflow_installs_the_sites_own_requirements(
    tmp_path: Path, files: dict[str, str], install: tuple[str, ...], note: str | None
) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert site_requirements(tmp_path, tmp_path).install == install
    # said by init itself, with or without the workflow
    told = run_cli("init", cwd=tmp_path, check=True).stdout
    out = run_cli("init", "--ci", cwd=tmp_path, check=True).stdout
    workflow = (tmp_path / ".github/workflows/decisions.yml").read_text()
    line = next(line for line in workflow.splitlines() if "pip install" in line)
    for arg in install:
        assert arg in line
    if note is None:
        assert "so the site's builds install it" not in told + out
    elif note.startswith("found no"):
        assert note in out
    else:
        assert note in told and note in out


def test_a_git_ignored_vscode_folder_is_said(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("site/\n.vscode/\n")
    out = run_cli("init", cwd=tmp_path, check=True).stdout
    assert ".vscode/ is ignored by git here" in out


@pytest.mark.build
def test_a_fresh_clone_of_the_init_commit_builds(tmp_path: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com"}
    team = tmp_path / "team"
    team.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=team, check=True, env=env)
    run_cli("init", cwd=team, check=True, process=True)
    subprocess.run(["git", "add", "-A"], cwd=team, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "init"], cwd=team, check=True, env=env)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(team), str(clone)], check=True, env=env)
    built = mkdocs_build(clone)
    assert (built / "decisions" / "index.html").is_file()


@pytest.mark.build
def test_a_site_without_its_default_decisions_folder_builds_with_none(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Empty\ntheme:\n  name: material\nplugins:\n  - tradeoffs\n"
    )
    built = mkdocs_build(tmp_path)
    assert (built / "decisions" / "index.html").is_file()
    assert run_cli("check", "--strict", cwd=tmp_path).returncode == 0
