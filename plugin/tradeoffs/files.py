"""Writing files without ever losing what a user wrote: create-only and atomic replace."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def create_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet; raises FileExistsError rather than overwrite."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def replace_atomically(path: Path, text: str) -> None:
    """Replace a file's content in one step: a crash leaves the old file or the new, never half."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
