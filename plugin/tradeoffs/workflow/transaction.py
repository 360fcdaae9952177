"""Change many files as one: every file or none, even when the process is killed half-way.

`renumber` moves a decision and rewrites every reference to it, in decisions and pages: one
file at a time, a kill half-way left hundreds of references to a number that no longer
existed. Here every new text is written beside its file first (staged), the original is kept as
a hard link (a backup, no copy), and a journal in the decisions folder lists them all before
the first file changes. A failure rolls every file back; a journal left by a killed process is
rolled back by the next `renumber` (`recover`), so the files are as they were before it.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

JOURNAL = ".tradeoffs-renumber.json"
"""In the decisions folder while a renumbering changes files."""

_STAGED = ".renumber-new"
_BACKUP = ".renumber-old"


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(f".{path.name}{suffix}")


def _sync(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.fsync(fd)


def _write(path: Path, data: bytes, mode: int = 0o644) -> None:
    """A new file, create-only, on disk before this returns."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.write(fd, data)
        _sync(fd)
    finally:
        os.close(fd)


@dataclass
class Transaction:
    """A move (`source` to `destination`, optional) and new texts for files, applied together.

    Paths in `texts` are where each file is once the move is done (the moved file's new
    name). `root` is where the journal's paths are relative to."""

    folder: Path
    root: Path
    source: Path | None = None
    destination: Path | None = None
    texts: dict[Path, str] = field(default_factory=dict)

    def _original(self, path: Path) -> Path:
        """Where a file is before the move."""
        if self.source is not None and self.destination is not None and path == self.destination:
            return self.source
        return path

    def apply(self) -> None:
        """Stage, journal, switch; on any failure roll every file back and re-raise."""
        journal = self.folder / JOURNAL
        entries: list[dict[str, str]] = []
        try:
            for path, text in self.texts.items():
                original = self._original(path)
                mode = original.stat().st_mode & 0o777
                staged, backup = _beside(path, _STAGED), _beside(original, _BACKUP)
                for stale in (staged, backup):  # left by a run killed before its journal
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(stale)
                entry = {"path": self._rel(path), "original": self._rel(original)}
                entries.append(entry)
                _write(staged, text.encode("utf-8"), mode)
                entry["staged"] = self._rel(staged)
                os.link(original, backup)
                entry["backup"] = self._rel(backup)
            record = {
                "source": self._rel(self.source) if self.source else None,
                "destination": self._rel(self.destination) if self.destination else None,
                "files": entries,
            }
            _write(journal, json.dumps(record, indent=1).encode("utf-8"))
        except BaseException:
            _undo(self.root, entries, None, None)
            raise
        try:
            if self.source is not None and self.destination is not None:
                os.link(self.source, self.destination)
                os.unlink(self.source)
            for entry in entries:
                os.replace(self.root / entry["staged"], self.root / entry["path"])
        except BaseException:
            recover(self.folder, self.root)
            raise
        for entry in entries:
            with contextlib.suppress(OSError):
                os.unlink(self.root / entry["backup"])
        os.unlink(journal)

    def _rel(self, path: Path) -> str:
        return os.path.relpath(path, self.root)


def recover(folder: Path, root: Path) -> bool:
    """Roll back a renumbering a killed process left half done (its journal in `folder`):
    every file as it was before. True when there was one."""
    journal = folder / JOURNAL
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        record = {"files": []}  # a journal cut short: nothing had changed yet
    source = root / record["source"] if record.get("source") else None
    destination = root / record["destination"] if record.get("destination") else None
    _undo(root, record.get("files", []), source, destination)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(journal)
    return True


def _undo(root: Path, entries: list[dict[str, str]], source: Path | None, destination: Path | None) -> None:
    for entry in entries:
        backup, original = root / entry.get("backup", ""), root / entry["original"]
        if "backup" in entry and backup.exists():
            if original.exists() and os.path.samefile(backup, original):
                os.unlink(backup)  # not replaced yet (a rename onto the same file does nothing)
            else:
                os.replace(backup, original)
        if "staged" in entry:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(root / entry["staged"])
    if source is not None and destination is not None and destination.exists():
        if not source.exists():
            os.link(destination, source)
        os.unlink(destination)
