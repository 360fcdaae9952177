"""The few git questions the pull-request workflow asks, answered through the git command."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tradeoffs.core.errors import TradeoffsError


class GitError(TradeoffsError):
    """git is missing, the folder is not in a repository, or a revision does not exist."""


def run(args: list[str], cwd: Path) -> str:
    """git's output; GitError with git's own message when it fails."""
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60, check=False)
    except FileNotFoundError as exc:
        raise GitError("git is not installed (or not on PATH)") from exc
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git {args[0]} failed: {exc}") from exc
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return result.stdout.decode("utf-8", "surrogateescape")


def toplevel(path: Path) -> Path:
    folder = path if path.is_dir() else path.parent
    try:
        return Path(run(["rev-parse", "--show-toplevel"], folder).strip())
    except GitError as exc:
        raise GitError(f"{folder} is not inside a git repository ({exc})") from exc


def commit_of(root: Path, rev: str) -> str:
    """The commit a revision names, or GitError saying it names none."""
    if not rev or rev.startswith("-"):
        raise GitError(f"'{rev}' is not a git revision")
    try:
        return run(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], root
        ).strip()
    except GitError as exc:
        raise GitError(
            f"'{rev}' is not a commit, branch or tag in this repository "
            "(in CI, fetch the base branch: actions/checkout with fetch-depth: 0)"
        ) from exc


def files_at(root: Path, commit: str, folder: str) -> list[str]:
    """Paths (relative to the repository root) of the files directly in `folder` at `commit`."""
    listing = run(["ls-tree", "--name-only", "-z", commit, "--", folder.rstrip("/") + "/"], root)
    return [name for name in listing.split("\0") if name]


def show(root: Path, commit: str, path: str) -> str:
    return run(["show", f"{commit}:{path}"], root)


def is_ancestor(root: Path, older: str, newer: str) -> bool:
    result = subprocess.run(
        ["git", "merge-base", "--is-ancestor", older, newer],
        cwd=root,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return result.returncode == 0


def added_in(root: Path, path: Path) -> str | None:
    """The commit that added a file (None when it is not committed)."""
    try:
        out = run(["log", "--diff-filter=A", "--format=%H", "--", str(path)], root).split()
    except GitError:
        return None
    return out[-1] if out else None


def line_commit(root: Path, path: Path, line: int) -> str | None:
    """The commit that last changed one line of a file (None when the line is not committed)."""
    try:
        out = run(["blame", "--porcelain", "-L", f"{line},{line}", "--", str(path)], root)
    except GitError:
        return None
    sha = out.split(" ", 1)[0]
    return None if not sha or set(sha) == {"0"} else sha
