"""`tradeoffs init`: a repository set up in one command, idempotent, never losing a team's file."""

from __future__ import annotations

import json
import os
import re
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tradeoffs.cli import main
from tradeoffs.workflow import init, scaffold

REPO = Path(__file__).resolve().parents[1]

COMMENTED = """\
# The platform team's site
site_name: Platform   # shown in the header
site_url: https://platform.example.com/

theme:
  name: material  # the team's choice
  palette: {primary: teal}

plugins:
    -   search   # odd indentation, kept
    - tags:
        enabled: !ENV [TAGS, true]
# a comment after the plugins

markdown_extensions:
- toc:
    permalink: true
- admonition
extra:
  analytics: {provider: google}
"""

COMMENTED_AFTER = """\
# The platform team's site
site_name: Platform   # shown in the header
site_url: https://platform.example.com/

theme:
  name: material  # the team's choice
  palette: {primary: teal}

plugins:
    -   search   # odd indentation, kept
    - tags:
        enabled: !ENV [TAGS, true]
    - tradeoffs
# a comment after the plugins

markdown_extensions:
- toc:
    permalink: true
- admonition
- pymdownx.superfences:  # Material draws ```mermaid fences as diagrams (the catalogue's graph, yours)
    custom_fences:
      - name: mermaid
        class: mermaid
        format: !!python/name:pymdownx.superfences.fence_code_format
extra:
  analytics: {provider: google}
"""


def _init(root: Path, *args: str) -> tuple[int, str]:
    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["init", *args], catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.output


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_init_sets_up_an_empty_folder(tmp_path: Path) -> None:
    code, out = _init(tmp_path)
    assert code == 0, out
    files = _snapshot(tmp_path)
    assert sorted(files) == [
        ".vscode/settings.json",
        "decisions/.gitkeep",
        "docs/index.md",
        "mkdocs.yml",
        "schemas/decision.schema.json",
        "schemas/framework.schema.json",
    ]
    assert (tmp_path / "decisions").is_dir()
    config = (tmp_path / "mkdocs.yml").read_text()
    assert "name: material" in config and "- tradeoffs" in config and "name: mermaid" in config
    settings = json.loads(files[".vscode/settings.json"])
    assert settings["yaml.schemas"]["./schemas/decision.schema.json"] == [
        "decisions/*.yml",
        "decisions/*.yaml",
    ]
    # the offers say how to take them, and nothing was written for them
    assert "offer" in out and "--pre-commit" in out and "--ci" in out


def test_init_twice_changes_nothing(tmp_path: Path) -> None:
    assert _init(tmp_path)[0] == 0
    before = _snapshot(tmp_path)
    code, out = _init(tmp_path)
    assert code == 0
    assert _snapshot(tmp_path) == before
    assert not re.search(r"^(create|update)", out, re.M), out


def test_dry_run_writes_nothing_and_shows_the_diff(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(COMMENTED)
    code, out = _init(tmp_path, "--dry-run", "--pre-commit", "--ci")
    assert code == 0, out
    assert _snapshot(tmp_path) == {"mkdocs.yml": COMMENTED.encode()}
    assert not (tmp_path / "decisions").exists()
    assert "would update  mkdocs.yml" in out and "would create  .github/workflows/decisions.yml" in out
    assert "+    - tradeoffs\n" in out and "--- a/mkdocs.yml" in out


def test_existing_config_keeps_its_comments(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(COMMENTED)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Ours\n")
    code, out = _init(tmp_path)
    assert code == 0, out
    assert (tmp_path / "mkdocs.yml").read_text() == COMMENTED_AFTER
    assert (tmp_path / "docs" / "index.md").read_text() == "# Ours\n"


EXT = "markdown_extensions: [pymdownx.superfences]\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("plugins: [search, tags]\n" + EXT, "plugins: [search, tags, tradeoffs]\n" + EXT),
        (
            "plugins:\n  search: {}\n  tags:\n    enabled: true\n" + EXT,
            "plugins:\n  search: {}\n  tags:\n    enabled: true\n  tradeoffs: {}\n" + EXT,
        ),
        ("site_name: X\n" + EXT, "site_name: X\n" + EXT + "plugins:\n  - search\n  - tradeoffs\n"),
    ],
)
def test_plugins_written_in_other_forms(before: str, after: str) -> None:
    edited, notes = init.edit_mkdocs_yml(before)
    assert edited == after
    assert notes and "mermaid" in notes[0]  # superfences without a mermaid fence: said, not changed


def test_config_that_cannot_be_edited_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: X\nplugins:\n")
    code, out = _init(tmp_path)
    assert code == 1 and "add `- tradeoffs` to them by hand" in out
    assert _snapshot(tmp_path) == {"mkdocs.yml": b"site_name: X\nplugins:\n"}


def test_never_overwrites_what_the_team_wrote(tmp_path: Path) -> None:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text('{\n  // ours\n  "editor.tabSize": 4\n}\n')
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "decision.schema.json").write_text("not a schema, ours\n")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "decisions.yml").write_text("name: ours\n")
    before = _snapshot(tmp_path)
    code, out = _init(tmp_path, "--ci")
    assert code == 0, out
    after = _snapshot(tmp_path)
    assert {k: after[k] for k in before} == before
    assert re.search(r"^skip +\.vscode/settings\.json .*yaml\.schemas", out, re.M)
    assert re.search(r"^skip +schemas/decision\.schema\.json", out, re.M)


def test_generated_schema_is_brought_up_to_date(tmp_path: Path) -> None:
    assert _init(tmp_path)[0] == 0
    path = tmp_path / "schemas" / "decision.schema.json"
    current = path.read_text()
    path.write_text(json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema"}))
    code, out = _init(tmp_path)
    assert code == 0 and re.search(r"^update +schemas/decision\.schema\.json", out, re.M)
    assert path.read_text() == current


def test_pre_commit_hooks_added_to_an_existing_config(tmp_path: Path) -> None:
    existing = (
        "# our hooks\nrepos:\n- repo: https://github.com/pre-commit/pre-commit-hooks\n"
        "  rev: v4.0.0\n  hooks:\n  - id: trailing-whitespace   # ws\n# end\n"
    )
    (tmp_path / ".pre-commit-config.yaml").write_text(existing)
    code, out = _init(tmp_path, "--pre-commit")
    assert code == 0, out
    text = (tmp_path / ".pre-commit-config.yaml").read_text()
    assert text == existing.replace("# end\n", init.pre_commit_entry(indent="") + "# end\n")
    assert f"rev: {init.pre_commit_rev()}" in text
    # the second time, they are there already
    assert re.search(r"^keep +\.pre-commit-config\.yaml", _init(tmp_path, "--pre-commit")[1], re.M)


def test_ci_workflow_is_the_one_docs_show() -> None:
    docs = (REPO / "docs" / "ci.md").read_text()
    block = re.search(r"```yaml\n(# \.github/workflows/decisions\.yml\n.*?)```", docs, re.S)
    assert block is not None
    shown = block.group(1).split("\n", 1)[1]
    requirement = re.search(r'pip install "([^"]+)"', shown)
    assert requirement is not None
    assert shown == init.workflow_text(requirement.group(1))


def test_check_warns_when_the_committed_schema_is_stale(tmp_path: Path) -> None:
    assert _init(tmp_path)[0] == 0
    (tmp_path / "frameworks").mkdir()
    fw = (REPO / "plugin" / "tradeoffs" / "frameworks" / "build-vs-buy.yml").read_text()
    (tmp_path / "frameworks" / "in-house.yml").write_text(fw.replace("id: build-vs-buy", "id: in-house", 1))
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["check"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0
    assert (
        "schemas/decision.schema.json:1:1: warning: the committed schema no longer matches" in result.output
    )
    assert _init(tmp_path)[0] == 0  # init brings it up to date
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["check"])
    finally:
        os.chdir(old)
    assert "no longer matches" not in result.output
    framework_schema = tmp_path / "schemas" / "framework.schema.json"
    framework_schema.write_text(framework_schema.read_text().replace('"title"', '"titel"', 1))
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["check"])
    finally:
        os.chdir(old)
    assert (
        "schemas/framework.schema.json:1:1: warning: the committed schema no longer matches "
        "this version of tradeoffs" in result.output
    )


def test_modeline_points_at_a_schema_that_exists(tmp_path: Path) -> None:
    decisions = tmp_path / "decisions"
    decisions.mkdir()
    assert scaffold.schema_reference(tmp_path, decisions) is None
    assert (
        scaffold.schema_reference(tmp_path, decisions, "https://adr.example.com/")
        == "https://adr.example.com/schemas/decision.schema.json"
    )
    assert _init(tmp_path)[0] == 0
    ref = scaffold.schema_reference(tmp_path, decisions, "https://adr.example.com/")
    assert ref == "../schemas/decision.schema.json"
    assert (decisions / ref).resolve().is_file()


# ------------------------------------------------------------ the package, as a team gets it


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this tree, installed in a fresh venv: its bin folder."""
    work = tmp_path_factory.mktemp("wheel")
    # built from a copy: an in-tree build leaves build/ behind, whose stale files a later
    # build would package
    source = work / "source"
    anywhere = shutil.ignore_patterns(".git", ".tools", "*.egg-info", "__pycache__")

    def ignore(folder: str, names: list[str]) -> set[str]:
        # build/, site/, work/ and artifacts/ only where the tree makes them: a name that
        # matched anywhere left the package's own `tradeoffs/site` out of the wheel
        outputs = {"build", "site"} if Path(folder) == REPO else {"work", "artifacts"}
        return set(anywhere(folder, names)) | (outputs & set(names))

    shutil.copytree(REPO, source, ignore=ignore)
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(source)], work
    )
    wheel = next((work / "dist").glob("mkdocs_tradeoffs-*.whl"))
    venv.create(work / "venv", with_pip=True)
    bin_dir = work / "venv" / "bin"
    # the dependencies come from the environment running the tests (a line in a .pth file adds
    # a folder without running the .pth files in it, so an editable install there stays out)
    target = Path(
        _run(
            [str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work
        ).strip()
    )
    (target / "borrowed-dependencies.pth").write_text(
        "\n".join(dict.fromkeys(p for p in (*site.getsitepackages(), sysconfig.get_paths()["purelib"])))
        + "\n"
    )
    _run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)],
        work,
    )
    return bin_dir


def _env(bin_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


@pytest.mark.build
def test_wheel_init_new_check_build(installed: Path, tmp_path: Path) -> None:
    env = _env(installed)
    where = _run(
        [str(installed / "python"), "-c", "import tradeoffs; print(tradeoffs.__file__)"], tmp_path, env
    )
    assert str(installed.parent) in where  # the wheel, not the source tree
    repo = tmp_path / "team"
    repo.mkdir()
    _run(["git", "init", "-q"], repo, env)
    _run(["tradeoffs", "init"], repo, env)
    path = _run(["tradeoffs", "new", "cache-vs-recompute", "Cache product pages"], repo, env)
    decision = repo / path.strip().splitlines()[0]
    first = decision.read_text().splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match is not None, first
    assert (decision.parent / match.group(1)).resolve().is_file()
    _run(["tradeoffs", "check"], repo, env)
    out = _run(["mkdocs", "build", "--strict"], repo, env)
    assert "WARNING" not in out, out
    assert (repo / "site" / "decisions" / "ADR-0001" / "index.html").is_file()
    assert (repo / "site" / "schemas" / "decision.schema.json").is_file()


@pytest.mark.build
def test_wheel_init_on_a_commented_config(installed: Path, tmp_path: Path) -> None:
    env = _env(installed)
    (tmp_path / "mkdocs.yml").write_text(COMMENTED)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Platform\n")
    _run(["tradeoffs", "init"], tmp_path, env)
    (tmp_path / "before.yml").write_text(COMMENTED)
    diff = subprocess.run(
        ["git", "diff", "--no-index", "--no-color", "-U0", "--", "before.yml", "mkdocs.yml"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    added = [
        line[1:] for line in diff.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")
    ]
    removed = [
        line for line in diff.stdout.splitlines() if line.startswith("-") and not line.startswith("---")
    ]
    assert removed == []  # every line the team wrote is still there, comments included
    assert added == [
        "    - tradeoffs",
        *init.MERMAID_FENCE.replace("  - ", "- ", 1).replace("\n  ", "\n").splitlines(),
    ]
    _run(["tradeoffs", "new", "none", "Keep the monolith"], tmp_path, env)
    out = _run(["mkdocs", "build", "--strict"], tmp_path, env)
    assert "WARNING" not in out, out


def test_check_hook_runs_on_deletions() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    # pre-commit hands a hook no deleted file, so only always_run sees a deletion-only commit
    assert hooks["tradeoffs-check"]["always_run"] is True
    assert hooks["tradeoffs-check"]["pass_filenames"] is False
