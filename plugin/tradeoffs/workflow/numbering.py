"""Decision numbers: the next free one, seen across the working tree and every git branch.

Two pull requests that each add "the next" decision would otherwise both take it. `new` skips
numbers used on any local or remote-tracking branch, `check` reports a clash in the working
tree, and `renumber` moves a file out of the way.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from tradeoffs.core import gitrepo
from tradeoffs.core.decisions import FILE_NAME, decision_files
from tradeoffs.core.markdown_adr.finding import markdown_files
from tradeoffs.core.markdown_adr.names import NUMBERED


def numbers_in_folder(directory: Path) -> set[int]:
    out: set[int] = set()
    for path in decision_files(directory):
        match = FILE_NAME.match(path.name)
        if match:
            out.add(int(match["number"]))
    return out


def numbers_on_branches(directory: Path, max_refs: int = 500) -> set[int]:
    """Numbers used in `directory` on every local and remote-tracking branch (empty outside git).
    Names come from git NUL-separated and unquoted, so `0007-café.yml` counts like any other."""
    directory = directory.resolve()
    try:
        root = gitrepo.toplevel(directory if directory.is_dir() else directory.parent).resolve()
        rel = directory.relative_to(root).as_posix()
        tips = gitrepo.branch_tips(root)
    except (gitrepo.GitError, ValueError):
        return set()
    out: set[int] = set()
    for commit in tips[:max_refs]:
        try:
            listing = gitrepo.files_at(root, commit, rel)
        except gitrepo.GitError:
            continue
        for name in listing:
            match = FILE_NAME.match(name.rsplit("/", 1)[-1])
            if match:
                out.add(int(match["number"]))
    return out


def numbers_of_markdown(directories: Iterable[Path]) -> set[int]:
    """Numbers that numbered Markdown ADRs (`NNNN-title.md`, see markdown_dirs) already hold."""
    out: set[int] = set()
    for directory in directories:
        if directory.is_dir():
            for path in markdown_files(directory):  # subfolders too, as markdown_dirs reads them
                match = NUMBERED.match(path.name)
                if match and int(match["number"]):
                    out.add(int(match["number"]))
    return out


def next_free(directory: Path, *, use_git: bool = True, markdown_dirs: Iterable[Path] = ()) -> int:
    used = numbers_in_folder(directory) | numbers_of_markdown(markdown_dirs)
    if use_git:
        used |= numbers_on_branches(directory)
    return max(used, default=0) + 1


@contextlib.contextmanager
def folder_lock(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder itself, so two `new` at once pick different numbers."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
