"""What a decision governs: its `affects` globs, matched as git matches .gitignore patterns.

Globs are read by pathspec (the library MkDocs itself uses for `exclude_docs`), so `src/**`,
`*.sql`, `services/cart/` and `!generated/` mean what they mean to git, and matched by RE2
(`BACKEND`), in time linear in the path. Paths are POSIX,
relative to the project's root (the folder of mkdocs.yml).
"""

from __future__ import annotations

import bisect
import functools
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pathspec

from tradeoffs.core.model import Decision
from tradeoffs.core.problems import Problem, Severity
from tradeoffs.core.source import Document

_LITERAL = re.compile(r"[^*?\[\\]*")
"""The start of a glob before its first wildcard or escape (linear: one character class)."""

ALWAYS_SKIPPED = frozenset({".git", ".hg", ".svn"})
"""Folders that are never part of what a decision can govern."""


BACKEND = "re2"
"""pathspec's RE2 backend: Python's own regular expressions backtrack on a glob such as
`*a*a*a*a*a*a*b` (seconds for a 30-character path name, hours for 40), and both the globs and
the file names of a pull request are untrusted; RE2 matches in time linear in the name."""


def compile_globs(lines: Iterable[str]) -> pathspec.GitIgnoreSpec:
    """Globs (or .gitignore lines) compiled as git reads them, matched in linear time."""
    with warnings.catch_warnings():  # `[[` makes Python's re warn of nested sets
        warnings.simplefilter("ignore", FutureWarning)
        return pathspec.GitIgnoreSpec.from_lines(list(lines), backend=BACKEND)


def glob_problem(glob: str) -> str | None:
    """Why git would not read `glob` as a pattern (`foo\\`, `!`, `[z-a]`), else None."""
    try:
        compile_globs([glob])
    except Exception as exc:  # pathspec's own error, or the regular expression engine's
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return (
            f"affects: '{glob}' is not a glob git can read ({reason}); write a path "
            "pattern as in .gitignore, such as src/pricing/** or *.sql"
        )
    return None


def invalid_globs(doc: Document) -> list[Problem]:
    """An error at each `affects` entry that is not a glob (the schema has checked its type)."""
    globs = doc.data.get("affects") if isinstance(doc.data, dict) else None
    out: list[Problem] = []
    for index, glob in enumerate(globs if isinstance(globs, list) else []):
        message = glob_problem(glob) if isinstance(glob, str) else None
        if message is not None:
            out.append(doc.problem(("affects", index), message))
    return out


@functools.lru_cache(maxsize=4096)
def spec(globs: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    """The compiled globs (kept: the same decision is matched against many paths)."""
    return compile_globs(globs)


def matching(globs: Iterable[str], path: str, *, inside: Iterable[str] | None = None) -> list[str]:
    """The globs that match `path`, in the order written ([] when none does, or a negated glob
    such as `!generated/` takes the path back out). For a folder, `path` ends with `/` ('' for
    the root) and `inside` lists the project's files in it: the folder is governed when it or
    one of them is."""
    globs = tuple(globs)
    if not globs:
        return []
    whole = spec(globs)
    candidates = [path] if path and whole.match_file(path) else []
    if inside is not None:
        candidates += [f for f in inside if whole.match_file(f)]
    return [g for g in globs if not g.startswith("!") and any(spec((g,)).match_file(c) for c in candidates)]


def governs(decision: Decision, path: str, *, inside: Iterable[str] | None = None) -> list[str]:
    """The decision's globs that govern `path` ([] when it does not govern it)."""
    return matching(decision.affects, path, inside=inside)


@dataclass
class FileList:
    """Every file of the project, listed once and only when a decision has globs to check."""

    root: Path

    @functools.cached_property
    def files(self) -> tuple[str, ...]:
        return tuple(sorted(_walk(self.root)))

    def candidates(self, glob: str) -> Sequence[str]:
        """The files a glob could match: for one anchored to a folder (`src/pricing/**`), only
        those under the folder its literal start names, found by bisection, so a dead glob
        costs no scan of a large repository."""
        body = glob.lstrip("/")
        anchored = glob.startswith("/") or "/" in glob.rstrip("/")
        literal = _LITERAL.match(body)
        folder = literal.group(0)[: literal.group(0).rfind("/") + 1] if literal else ""
        if not anchored or not folder:
            return self.files
        start = bisect.bisect_left(self.files, folder)
        end = bisect.bisect_left(self.files, folder[:-1] + chr(ord("/") + 1))
        return self.files[start:end]

    def under(self, folder: str) -> list[str]:
        """The files inside `folder` (a path relative to the root; '' for the root)."""
        prefix = folder.strip("/") + "/"
        return list(self.files) if prefix == "/" else [f for f in self.files if f.startswith(prefix)]


def _ignored(root: Path) -> pathspec.GitIgnoreSpec | None:
    """The project's .gitignore (its root one), so built sites and virtualenvs are not listed."""
    try:
        text = (root / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return compile_globs(text.splitlines())


def _walk(root: Path) -> Iterator[str]:
    ignored = _ignored(root)
    for folder, dirs, files in os.walk(root):
        rel = os.path.relpath(folder, root)
        rel = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in ALWAYS_SKIPPED and not (ignored is not None and ignored.match_file(rel + d + "/"))
        )
        for name in sorted(files):
            if ignored is None or not ignored.match_file(rel + name):
                yield rel + name


def dead_globs(
    decision: Decision, doc: Document | None, files: FileList, *, display_root: str = ""
) -> list[Problem]:
    """A warning at each glob of the decision that matches no file of the project: a path was
    renamed or removed, and the decision no longer says what it governs."""
    out: list[Problem] = []
    for index, glob in enumerate(decision.affects):
        body = glob[1:] if glob.startswith("!") else glob
        one = spec((body,))
        if any(one.match_file(f) for f in files.candidates(body)):
            continue
        line, column = doc.where(("affects", index)) if doc is not None else (1, 1)
        where = f" under {display_root}" if display_root else ""
        out.append(
            Problem(
                decision.path,
                line,
                column,
                f"affects: '{glob}' matches no file{where}; was a path renamed or removed? "
                "Update the glob (paths are relative to the folder of mkdocs.yml, as in .gitignore)",
                Severity.WARNING,
            )
        )
    return out
