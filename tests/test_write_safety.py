"""Commands that write: `renumber` changes every file or none (a failure or a kill half-way
rolls back), `init` and `new` never write through a symbolic link out of the project, and
every YAML the tool reads (Markdown front matter included) is read by the bounded reader."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import GOOD_DECISION, RULES_FRAMEWORK, Project, run_cli
from tradeoffs.core import source
from tradeoffs.core.markdown_adr.parsing import parse_file
from tradeoffs.workflow import transaction

REFERRING = 30


def _referring_project(project: Project) -> dict[Path, bytes]:
    """Decision 3 and 30 decisions that mention it; their bytes before any change."""
    project.framework(RULES_FRAMEWORK)
    project.decision("0003-target.yml", GOOD_DECISION)
    for n in range(10, 10 + REFERRING):
        project.decision(
            f"{n:04d}-mentions.yml",
            GOOD_DECISION + "context: Builds on ADR-3 and ADR-0003.\nrelated: [ADR-3]\n",
        )
    return _snapshot(project.root)


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_renumber_failing_half_way_changes_nothing(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _referring_project(project)
    real = transaction.os.replace
    calls = []

    def failing(src: object, dst: object) -> None:
        calls.append(dst)
        if len(calls) == 12:
            raise OSError(28, "No space left on device")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(transaction.os, "replace", failing)
    result = run_cli("renumber", "ADR-3", "--to", "99", "--no-git", cwd=project.root)
    assert result.returncode != 0, result.stdout
    assert len(calls) > 12, result.stdout + result.stderr  # it had replaced files, then put every one back
    assert _snapshot(project.root) == before


KILLER = """\
import os, sys
from tradeoffs.workflow import transaction
real, calls = transaction.os.replace, []
def replace(src, dst):
    calls.append(dst)
    if len(calls) == 15:
        os._exit(9)  # as `kill -9` would: no handler, no cleanup
    real(src, dst)
transaction.os.replace = replace
from tradeoffs.cli import main
sys.argv = ["tradeoffs", "renumber", "ADR-3", "--to", "99", "--no-git"]
main()
"""


@pytest.mark.build
def test_renumber_killed_half_way_is_rolled_back_then_completed(project: Project) -> None:
    before = _referring_project(project)
    killed = subprocess.run(
        [sys.executable, "-c", KILLER], cwd=project.root, capture_output=True, text=True, timeout=120
    )
    assert killed.returncode == 9
    half = _snapshot(project.root)
    assert half != before  # killed with some files changed
    assert (project.root / "decisions" / transaction.JOURNAL).exists()
    result = run_cli("renumber", "ADR-3", "--to", "99", "--no-git", cwd=project.root, process=True)
    assert result.returncode == 0, result.stderr
    assert "interrupted" in result.stdout + result.stderr
    after = _snapshot(project.root)
    assert Path("decisions/0099-target.yml") in after and Path("decisions/0003-target.yml") not in after
    texts = b"".join(after.values()).decode()
    assert "ADR-3 " not in texts and "ADR-0003" not in texts and "[ADR-3]" not in texts
    assert texts.count("ADR-99") == 2 * REFERRING
    assert not [p for p in after if ".renumber-" in p.name or p.name == transaction.JOURNAL]


# ---------------------------------------------------------------- symbolic links


def test_new_refuses_a_decisions_folder_linked_outside(
    project: Project, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    project.framework(RULES_FRAMEWORK)
    (project.root / "decisions").rmdir()
    (project.root / "decisions").symlink_to(outside, target_is_directory=True)
    result = run_cli("new", "test-rules", "Use a cache", "--no-git", cwd=project.root)
    assert result.returncode != 0
    assert "decisions" in result.stderr and str(outside) in result.stderr and "symbolic link" in result.stderr
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("link", [".github", ".vscode", "decisions"])
def test_init_refuses_to_write_through_a_link_outside(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, link: str
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (tmp_path / link).symlink_to(outside, target_is_directory=True)
    result = run_cli("init", "--ci", cwd=tmp_path)
    assert result.returncode != 0
    assert link in result.stderr and "symbolic link" in result.stderr and str(outside) in result.stderr
    assert list(outside.iterdir()) == []
    assert not (tmp_path / "mkdocs.yml").exists()  # refused before anything is written


# ---------------------------------------------------------------- front matter


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (  # 373 bytes of aliases
            "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
            "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
            "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nstatus: accepted\n",
            ":2:1: error: the file expands to more than 100,000 values",
        ),
        (
            "date: " + "2" * 5000 + "\n",
            ":2:7: error: the number 222222222222…222222 (5,000 characters) is too large",
        ),
        (
            "tags: " + "[" * 50_000 + "]" * 50_000 + "\n",
            ":2:106: error: lists and mappings nest more than 100",
        ),
        ("status: accepted\nstatus: rejected\n", ":3:1: error: duplicate key 'status'"),
        ("x: !!python/object:os.system ls\n", ":2:4: error: the YAML tag"),
    ],
    ids=["alias bomb", "5,000-digit date", "50,000 deep", "duplicate key", "python tag"],
)
def test_front_matter_is_read_by_the_bounded_reader(tmp_path: Path, front: str, expected: str) -> None:
    path = tmp_path / "0001-x.md"
    path.write_text(f"---\n{front}---\n# Use a cache\n\nWe cache.\n")
    start = time.perf_counter()
    rec = parse_file(path, "0001-x.md")
    assert time.perf_counter() - start < 2
    assert any(p.format().startswith("0001-x.md" + expected) for p in rec.problems), [
        p.format()[:120] for p in rec.problems
    ]


def test_yaml_over_the_limit_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "0001-big.yml"
    big.write_bytes(b"title: x\n" + b"#" * source.MAX_BYTES)
    reads = []
    real = source.os.read
    monkeypatch.setattr(source.os, "read", lambda fd, n: reads.append(n) or real(fd, n))
    doc, problems = source.load(big)
    assert doc is None and "the limit is 1,048,576 bytes" in problems[0].message
    assert reads == []  # the size is asked first; nothing is read
