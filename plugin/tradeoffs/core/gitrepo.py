"""The one door to git: every git question the package asks goes through this module.

Three rules hold for every call, so that import dates, the site's history and numbering agree:
paths come NUL-separated (`-z`) and never quoted, so `0007-café.yml` is the name on disk;
user text (commit subjects, author names) is read in NUL-separated fields of its own, so no
byte of it can forge an entry; and a file git sees renamed keeps its history (renames are
followed, `--find-renames`), so moving a folder does not reset every record's first date.
"""

from __future__ import annotations

import datetime as _dt
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tradeoffs.core.errors import TradeoffsError

TIMEOUT = 60
_MARK = "\x1e"
"""Starts each commit of `log`'s second pass, followed by the commit's 40 hexadecimal digits
(only the sha: never user text)."""


class GitError(TradeoffsError):
    """git is missing, the folder is not in a repository, or a revision does not exist."""


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed (or not on PATH)") from exc
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git {args[0]} failed: {exc}") from exc


def run(args: list[str], cwd: Path) -> str:
    """git's output; GitError with git's own message when it fails."""
    result = _git(args, cwd)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return result.stdout.decode("utf-8", "surrogateescape")


def in_repository(folder: Path) -> bool:
    """Whether a folder can be in a git repository at all: a `.git` in it or above it (or git
    told where by its environment). Outside one, no git process is started."""
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return True
    folder = folder.resolve()
    return any((p / ".git").exists() for p in (folder, *folder.parents))


def toplevel(path: Path) -> Path:
    folder = path if path.is_dir() else path.parent
    if not in_repository(folder):
        raise GitError(f"{folder} is not inside a git repository")
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


def merge_base(root: Path, one: str, other: str) -> str:
    return run(["merge-base", one, other], root).strip()


def files_at(root: Path, commit: str, folder: str) -> list[str]:
    """Paths (relative to the repository root) of the files directly in `folder` at `commit`."""
    listing = run(["ls-tree", "--name-only", "-z", commit, "--", folder.rstrip("/") + "/"], root)
    return [name for name in listing.split("\0") if name]


def branch_tips(root: Path) -> list[str]:
    """The commits of every local and remote-tracking branch."""
    refs = run(["for-each-ref", "--format=%(objectname)", "refs/heads", "refs/remotes"], root)
    return sorted(set(refs.split()))


def show(root: Path, commit: str, path: str) -> str:
    return run(["show", f"{commit}:{path}"], root)


def is_ancestor(root: Path, older: str, newer: str) -> bool:
    return _git(["merge-base", "--is-ancestor", older, newer], root).returncode == 0


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


# --- the log -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str
    """YYYY-MM-DD, the author date."""
    author: str
    subject: str


@dataclass(frozen=True)
class Change:
    """One file a commit touched: git's status letter (A, M, D, R...), its path (relative to
    the repository), the path it was renamed from, and the lines it added (with `patch`)."""

    status: str
    path: str
    old_path: str | None = None
    added: tuple[str, ...] = ()


@dataclass(frozen=True)
class LogEntry:
    commit: Commit
    changes: tuple[Change, ...] = field(default_factory=tuple)


def log(root: Path, paths: Iterable[Path], *, patch: bool = False) -> list[LogEntry]:
    """Every commit that touched `paths`, newest first, with the files it changed (and their
    added lines with `patch`). Two passes: the commits' own fields NUL-separated, then the
    changes keyed by sha alone, so nothing a commit says can be taken for structure."""
    where = ["--", *(str(p) for p in paths)]
    fields = run(["log", "-z", "--format=%H%x00%as%x00%an%x00%s", *where], root).split("\0")
    commits: dict[str, Commit] = {}
    for i in range(0, len(fields) - 3, 4):
        sha, date, author, subject = fields[i : i + 4]
        commits[sha.strip()] = Commit(sha.strip(), date, author, subject)
    diff = ["-p", "--unified=0", "--no-color", "--no-ext-diff"] if patch else []
    text = run(["log", "-z", "--find-renames", "--raw", *diff, f"--format={_MARK}%H", *where], root)
    out: list[LogEntry] = []
    for sha, changes in parse_changes(text):
        commit = commits.get(sha)
        if commit is not None:
            out.append(LogEntry(commit, tuple(changes)))
    return out


def parse_changes(text: str) -> list[tuple[str, list[Change]]]:
    """The second pass of `log`: `MARK sha NUL`, raw entries (`:meta NUL path NUL [path NUL]`),
    then, with a patch, a NUL and the patch, whose lines all start with git's own prefixes."""
    out: list[tuple[str, list[Change]]] = []
    pos, size = 0, len(text)
    while pos < size:
        if text[pos] != _MARK:
            pos = text.find("\n" + _MARK, pos)
            if pos < 0:
                break
            pos += 1
            continue
        sha = text[pos + 1 : pos + 41]
        pos = pos + 41
        while pos < size and text[pos] in "\0\n":
            pos += 1
        raw: list[tuple[str, str, str | None]] = []
        while pos < size and text[pos] == ":":
            end = text.find("\0", pos)
            meta = text[pos:end].split()
            letter = meta[-1][:1] if meta else "M"
            first_end = text.find("\0", end + 1)
            first = text[end + 1 : first_end]
            pos = first_end + 1
            if letter in ("R", "C"):
                second_end = text.find("\0", pos)
                raw.append((letter, text[pos:second_end], first))
                pos = second_end + 1
            else:
                raw.append((letter, first, None))
            if end < 0 or first_end < 0:
                pos = size
        added: list[list[str]] = [[] for _ in raw]
        if pos < size and text[pos] == "\0":
            end = text.find("\n" + _MARK, pos)
            end = size if end < 0 else end + 1
            blocks = ("\n" + text[pos + 1 : end]).split("\ndiff --git ")[1:]
            if len(blocks) == len(raw):
                for n, block in enumerate(blocks):
                    added[n] = [
                        line[1:]
                        for line in block.split("\n")
                        if line.startswith("+") and not line.startswith("+++ ")
                    ]
            pos = end
        out.append((sha, [Change(s, p, o, tuple(a)) for (s, p, o), a in zip(raw, added, strict=True)]))
    return out


def first_dates(folder: Path) -> dict[Path, _dt.date]:
    """When each file now in `folder` first entered the repository (following renames), from
    one log; empty outside git."""
    try:
        top = toplevel(folder).resolve()
        entries = log(top, [folder.resolve()])
    except GitError:
        return {}
    out: dict[Path, _dt.date] = {}
    first: dict[str, _dt.date] = {}
    for entry in reversed(entries):  # oldest first
        try:
            day = _dt.date.fromisoformat(entry.commit.date)
        except ValueError:
            continue
        for change in entry.changes:
            if change.status == "R" and change.old_path is not None:
                first.setdefault(change.path, first.pop(change.old_path, day))
            elif change.status == "D":
                first.pop(change.path, None)
            elif change.status in ("A", "C"):
                first.setdefault(change.path, day)
    for path, day in first.items():
        out[top / path] = day
    return out
