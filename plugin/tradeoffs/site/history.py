"""When each decision was proposed, accepted or superseded, read from git in one pass.

`git log -p` over the decision folders gives every commit that touched a decision file and
its changed lines; a commit that adds a `status:` line moved the decision to that status. One
`git log` for the whole site, not one per file: a large site would otherwise start a process
per decision. A site outside git, or without git installed, has no history and still builds.
A shallow clone (CI's default checkout) knows only its last commits: fetch the full history
(`fetch-depth: 0`) for true dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tradeoffs.core.gitrepo import GitError, run

_STATUS = re.compile(r"""^\+status:[ \t]*["']?([A-Za-z-]+)""")
_RECORD = "\x1e"
_FIELD = "\x1f"


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str
    """YYYY-MM-DD, the author date."""
    author: str
    subject: str


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
        top = Path(run(["rev-parse", "--show-toplevel"], existing[0]).strip())
        log = run(
            [
                "-c",
                "core.quotePath=false",
                "log",
                "--no-renames",
                "--no-color",
                "--no-ext-diff",
                "--unified=0",
                "-p",
                f"--format={_RECORD}%H{_FIELD}%as{_FIELD}%an{_FIELD}%s",
                "--",
                *(str(f.resolve()) for f in existing),
            ],
            top,
        )
    except GitError:
        return {}
    return parse_log(log, top.resolve())


def parse_log(log: str, top: Path) -> dict[Path, FileHistory]:
    """`read_history` of the text of `git log -p` (newest commit first)."""
    history: dict[Path, FileHistory] = {}
    for record in reversed(log.split(_RECORD)[1:]):  # oldest first
        head, _, diff = record.partition("\n")
        parts = head.split(_FIELD)
        if len(parts) != 4:
            continue
        commit = Commit(*parts)
        path: Path | None = None
        for line in diff.split("\n"):
            if line.startswith("+++ "):
                name = line[4:]
                path = top / name[2:] if name.startswith("b/") else None
                if path is not None:
                    history.setdefault(path, FileHistory()).last = commit
            elif path is not None and (match := _STATUS.match(line)):
                file = history[path]
                status = match.group(1).lower()
                if not file.changes or file.changes[-1].status != status:
                    file.changes.append(StatusChange(status, commit))
    return history


def commit_url(repo_url: str, sha: str) -> str | None:
    """A commit's page on the repository's host (GitHub, GitLab and Gitea answer
    `<repo>/commit/<sha>`), or None without a repo_url."""
    if not repo_url.startswith(("https://", "http://")):
        return None
    return f"{repo_url.rstrip('/')}/commit/{sha}"
