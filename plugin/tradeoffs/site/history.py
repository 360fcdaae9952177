"""When each decision was proposed, accepted or superseded, read from git in one pass.

git's log over the decision folders (`gitrepo.log`, the one door to git) gives every commit
that touched a decision file and its added lines; a commit that adds a `status:` line moved the
decision to that status, and a renamed file keeps its history. One log for the whole site, not
one per file: a large site would otherwise start a process
per decision. A site outside git, or without git installed, has no history and still builds.
A shallow clone (CI's default checkout) knows only its last commits: fetch the full history
(`fetch-depth: 0`) for true dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tradeoffs.core.gitrepo import Commit, GitError, LogEntry, log, toplevel

_STATUS = re.compile(r"""^status:[ \t]*["']?([A-Za-z-]+)""")

__all__ = ["Commit", "FileHistory", "StatusChange", "commit_url", "from_log", "read_history"]


@dataclass(frozen=True)
class StatusChange:
    status: str
    commit: Commit


@dataclass
class FileHistory:
    """One decision file's history, oldest first."""

    changes: list[StatusChange] = field(default_factory=list)
    last: Commit | None = None
    """The newest commit that changed the file."""


def read_history(folders: Iterable[Path]) -> dict[Path, FileHistory]:
    """Resolved file path -> its history, for every committed file in `folders`; empty when
    the folders are not in a git repository (or git is missing)."""
    existing = [f for f in folders if f.is_dir()]
    if not existing:
        return {}
    try:
        top = toplevel(existing[0]).resolve()
        entries = log(top, [f.resolve() for f in existing], patch=True)
    except GitError:
        return {}
    return from_log(entries, top)


def from_log(entries: list[LogEntry], top: Path) -> dict[Path, FileHistory]:
    """`read_history` of git's log (newest commit first); a renamed file keeps its history."""
    history: dict[str, FileHistory] = {}
    for entry in reversed(entries):  # oldest first
        for change in entry.changes:
            if change.status == "D":
                history.pop(change.path, None)
                continue
            if change.status == "R" and change.old_path in history:
                history[change.path] = history.pop(change.old_path)
            file = history.setdefault(change.path, FileHistory())
            file.last = entry.commit
            for line in change.added:
                match = _STATUS.match(line)
                if match:
                    status = match.group(1).lower()
                    if not file.changes or file.changes[-1].status != status:
                        file.changes.append(StatusChange(status, entry.commit))
    return {top / path: file for path, file in history.items()}


def commit_url(repo_url: str, sha: str) -> str | None:
    """A commit's page on the repository's host (GitHub, GitLab and Gitea answer
    `<repo>/commit/<sha>`), or None without a repo_url."""
    if not repo_url.startswith(("https://", "http://")):
        return None
    return f"{repo_url.rstrip('/')}/commit/{sha}"
