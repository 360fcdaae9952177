"""Writing files without ever losing what a user wrote: create-only and atomic replace."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from tradeoffs.core.problems import Problem, error

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def create_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet; raises FileExistsError rather than overwrite."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


TEMP_SUFFIX = ".tmp"


def _temp_name(name: str) -> re.Pattern[str]:
    """The temporary files `replace_atomically` makes for a file: `.NAME.xxxxxxxx.tmp`."""
    return re.compile(re.escape(f".{name}.") + r"[A-Za-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + r"\Z")


_ANY_TEMP = re.compile(r"\..+\.[A-Za-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + r"\Z")


def leftovers(folder: Path) -> list[Path]:
    """Temporary files an interrupted write left in `folder` (a `kill -9` between writing and
    renaming): the file they were for is whole, old or new; these only take space."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _ANY_TEMP.match(p.name) and not _in_use(p))


def _in_use(path: Path) -> bool:
    """Whether a live writer holds this temporary file (it keeps a lock on it while writing)."""
    if fcntl is None:  # pragma: no cover - Windows: no advisory locks, so assume it is live
        return True
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def _clean_leftovers(path: Path) -> None:
    """Remove what earlier, interrupted writes of `path` left behind (see `leftovers`)."""
    pattern = _temp_name(path.name)
    for leftover in leftovers(path.parent):
        if pattern.match(leftover.name):
            with contextlib.suppress(OSError):
                os.unlink(leftover)


def replace_atomically(path: Path, text: str) -> None:
    """Replace a file's content in one step: a crash leaves the old file or the new, never half.

    The temporary file is locked while it is written, so the next write of the same file can
    tell one left by a killed process (and removes it) from one still being written."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
            if path.exists():
                os.chmod(tmp, path.stat().st_mode & 0o777)
            os.replace(tmp, path)  # while the lock is held: never a leftover to anyone else
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _clean_leftovers(path)


def boundary(folder: Path, root: Path) -> Path:
    """The folder that files listed in `folder` must really be in: the project root, or the
    folder itself when mkdocs.yml names a folder outside the project (the site owner's choice)."""
    lexical = Path(os.path.normpath(folder.absolute()))
    return root if lexical.is_relative_to(Path(os.path.normpath(root.absolute()))) else folder


def escapes(path: Path, limit: Path) -> Path | None:
    """Where `path` really leads when that is outside `limit` (through a symbolic link, its own
    or a folder's on the way); None when it stays inside."""
    target = path.resolve()
    return None if target.is_relative_to(limit.resolve()) else target


def shown(path: Path, root: Path) -> str:
    """A path as the user wrote it, relative to the root, without following links."""
    lexical = Path(os.path.normpath(path.absolute()))
    base = Path(os.path.normpath(root.absolute()))
    return str(lexical.relative_to(base)) if lexical.is_relative_to(base) else str(lexical)


def escape_problem(path: Path, target: Path, root: Path, what: str = "file") -> Problem:
    """The problem for a link that leads out of the project: its name and where it leads."""
    name = shown(path, root)
    return error(
        name,
        1,
        1,
        f"{name} is a symbolic link to {target}, outside the project "
        f"folder; the {what} is not read (copy it into the project, or link to a file "
        "inside the project)",
    )


def confine(
    paths: list[Path], folder: Path, root: Path, what: str = "file"
) -> tuple[list[Path], list[Problem]]:
    """The files of a listing that stay inside the project, and a problem for each that does
    not: a link in decisions/ to `/etc/fstab` would otherwise be read and published.

    Only links cost a check: a plain file in a folder that is inside is inside."""
    limit = boundary(folder, root)
    if paths and escapes(folder, limit) is not None:
        return [], [escape_problem(folder, folder.resolve(), root, "folder")]
    kept: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if os.path.islink(path) and (outside := escapes(path, limit)) is not None:
            problems.append(escape_problem(path, outside, root, what))
        else:
            kept.append(path)
    return kept, problems
