"""Listing, naming and reading decision files takes shortcuts; they must not change the answers.

`decision_files` trusts the folder listing's file types, `Settings.display_all` resolves each
folder once and joins names as text, and `source.load` reads with `os.read`: each is compared
here with the plain pathlib way on symlinks, odd names and folders outside the project.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tradeoffs.core import decisions, source
from tradeoffs.core.config import Settings


def _plain_listing(directory: Path) -> list[Path]:
    """What `decision_files` did before: pathlib's iterdir and a stat per entry."""
    if not directory.is_dir():
        return []
    files = [p for p in directory.iterdir() if p.is_file() and p.suffix in (".yml", ".yaml")]
    return sorted(files, key=lambda p: (decisions._number(p), p.name))


@pytest.fixture
def odd_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "decisions"
    folder.mkdir()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "target.yml").write_text("title: x\n")
    for name in [
        "0002-b.yml",
        "0001-a.yaml",
        "0010-c.yml",
        "notes.yml",
        "0003-d.YML",
        "0004-e.yml.bak",
        ".yml",
        ".yaml",
        "..yml",
        "0005-f.txt",
        "x.y.yml",
    ]:
        (folder / name).write_text("title: x\n")
    (folder / "0006-dir.yml").mkdir()
    (folder / "0007-link.yml").symlink_to(outside / "target.yml")
    (folder / "0008-broken.yml").symlink_to(tmp_path / "missing.yml")
    (folder / "0009-dirlink.yml").symlink_to(outside)
    (folder / "0011-loop.yml").symlink_to(folder / "0011-loop.yml")
    return folder


def test_listing_matches_pathlib(odd_folder: Path) -> None:
    assert decisions.decision_files(odd_folder) == _plain_listing(odd_folder)
    assert decisions.decision_files(odd_folder / "missing") == []


def test_display_all_matches_display(
    odd_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path
    settings = Settings.from_options(root, {})
    monkeypatch.chdir(odd_folder)
    paths = [
        *decisions.decision_files(odd_folder),
        root / "elsewhere" / "target.yml",
        Path("0002-b.yml"),
        odd_folder / ".." / "decisions" / "0002-b.yml",
        Path("/"),
        Path("."),
        root / "..",
        tmp_path.parent / "other.yml",
        root / "mkdocs.yml",
        Path("../decisions/0001-a.yaml"),
    ]
    assert settings.display_all(paths) == [settings.display(p) for p in paths]


def test_reading_matches_pathlib(tmp_path: Path) -> None:
    big = tmp_path / "big.yml"
    big.write_bytes(b"title: x\ncontext: |\n" + b"  line\n" * 40_000)  # several reads
    empty = tmp_path / "empty.yml"
    empty.write_bytes(b"")
    for path in (big, empty):
        assert source._read_bytes(path) == path.read_bytes()
    for path in (tmp_path / "missing.yml", tmp_path):
        with pytest.raises(OSError) as plain:
            path.read_bytes()
        with pytest.raises(OSError) as fast:
            source._read_bytes(path)
        assert (type(fast.value), fast.value.strerror) == (type(plain.value), plain.value.strerror)


@pytest.mark.skipif(
    os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads unreadable files"
)
def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "0001-x.yml"
    path.write_text("title: x\n")
    path.chmod(0)
    doc, problems = source.load(path, "0001-x.yml")
    assert doc is None and "Permission denied" in problems[0].message
