"""Problems are values: every check collects them so a user sees all of them at once."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, located as precisely as the source allows (1-based)."""

    file: str
    line: int
    column: int
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity.value}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def error(file: str, line: int, column: int, message: str) -> Problem:
    return Problem(file, line, column, message, Severity.ERROR)


def warning(file: str, line: int, column: int, message: str) -> Problem:
    return Problem(file, line, column, message, Severity.WARNING)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)


def _github_escape(text: str, *, prop: bool = False) -> str:
    # GitHub's workflow-command escaping: data escapes % CR LF; properties also : and ,
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problem: Problem) -> str:
    """A GitHub Actions workflow command, shown as an annotation on the pull request's diff."""
    kind = "error" if problem.is_error else "warning"
    return (
        f"::{kind} file={_github_escape(problem.file, prop=True)},"
        f"line={problem.line},col={problem.column},"
        f"title={_github_escape('tradeoffs ' + kind, prop=True)}::{_github_escape(problem.message)}"
    )


def format_problems(problems: Iterable[Problem], fmt: str) -> str:
    items = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.message))
    if fmt == "json":
        return json.dumps([p.as_dict() for p in items], indent=2)
    if fmt == "github":
        return "\n".join(format_github(p) for p in items)
    return "\n".join(p.format() for p in items)
