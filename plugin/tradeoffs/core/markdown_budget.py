"""How much Markdown one file may hand to the site's Markdown engine.

Python-Markdown, which MkDocs and Zensical convert pages with, does work for each piece of
markup it finds that no linear reader of ours can take away: after every inline match (an
escape, a code span, a link, a tag, an entity) it rebuilds the paragraph's text and searches it
again from its start, so a paragraph costs its marks times its length (20,000 escaped backticks
in one paragraph: 28 s); and it makes an element of every block and line it reads (1 MiB of `<`
in short paragraphs: 89 s). Measured on the shared 2-core VM: benchmarks/RESULTS.md.

So a file's text is bounded where that cost comes from, by two numbers counted in one pass:
its marks (`MAX_MARKS`: the characters Markdown reads as markup, line breaks, spaces after
the first of a run, and a link's worth for each mention of a decision, which the site links)
and the sum over its paragraphs of marks times characters (`MAX_WORK`; a run of spaces costs
its own line's characters, not the paragraph's: a table with aligned columns is one paragraph
of such runs, and a public ADR of that shape was refused when they counted as marks). A
file past either is an error placed at the field or line that crosses it, found by `check` and
the build alike: a YAML decision or framework with an error is not published and a Markdown
ADR past the bound is not read, so its text never reaches the engine. Both bounds are many
times what a long ADR holds (this project's longest page, docs/ci.md: 1,906 marks; its
work 2.3 million).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tradeoffs.core.problems import Problem, error
from tradeoffs.core.source import Document, Path_

MAX_MARKS = 20_000
"""Markdown marks in one file: about 250 KB of dense technical Markdown."""

MAX_WORK = 40_000_000
"""The sum over a file's paragraphs of marks times characters: 200 paragraphs of 1,000
characters with 200 marks each."""

MENTION_MARKS = 6
"""A mention (`ADR-7`) becomes a link with a tooltip, `[ADR-7](page "title")`, before the
Markdown engine reads the page: 1 MiB of `ADR-1 ` was 174,000 links (minutes)."""

MARK_CHARACTERS = "`*_[]()<>!&\\{}#|~"
_NOT_MARKS = str.maketrans("", "", MARK_CHARACTERS)
_SPACE_RUN = re.compile(r"[ \t]{2,}")

WHAT_TO_DO = (
    "split the text into shorter paragraphs or files, or link long material as a file rather "
    "than pasting it in"
)


def line_marks(line: str, mention: str = "") -> int:
    """The marks of one line (without its line break): characters Markdown may read as
    markup, each space (a tab as four) after the first of a run (headings and table cells
    are read once from each), and `MENTION_MARKS` for each `mention` (`ADR-`) in it."""
    return _inline_marks(line, mention) + _space_marks(line)


def _inline_marks(line: str, mention: str) -> int:
    """The marks Python-Markdown's inline patterns may match: each match makes it read the
    whole paragraph again."""
    found = len(line) - len(line.translate(_NOT_MARKS))
    if mention and mention in line:
        found += MENTION_MARKS * line.count(mention)
    return found


def _space_marks(line: str) -> int:
    """The spaces after the first of each run: a heading's or a table row's patterns read
    the line again from each, so they cost the line's length, not the paragraph's (a table
    with aligned columns is mostly such runs)."""
    if "  " not in line and "\t" not in line:
        return 0
    return sum(len(run[0]) + 3 * run[0].count("\t") - 1 for run in _SPACE_RUN.finditer(line))


@dataclass
class Budget:
    """What one file has used so far; `problem` is set by the first bound it crosses."""

    mention: str = ""
    """What every mention of a decision holds (`ADR-`): the site makes each a link."""
    marks: int = 0
    work: int = 0
    crossed: str | None = None

    def read(self, text: str) -> int | None:
        """Count `text` (one field, or a whole file); the 0-based line of `text` where a bound
        is first crossed, if it is."""
        size = marks = 0
        for number, line in enumerate(text.split("\n")):
            if not line.strip():
                self.work += size * marks
                size = marks = 0
                self.marks += 1
            else:
                inline, spaces = _inline_marks(line, self.mention), _space_marks(line)
                length = len(line) + 3 * line.count("\t") + 1
                # a line ending in two spaces is a hard break: one inline match
                marks += inline + (1 if line.endswith("  ") else 0)
                size += length
                self.work += spaces * length
                self.marks += inline + spaces + 1  # a line break: a line, a list item or a row
                if spaces * length > MAX_WORK:
                    self.crossed = _too_much_space(spaces, length)
            if self.crossed is None and self.marks > MAX_MARKS:
                self.crossed = _too_many(self.marks)
            elif self.crossed is None and self.work + size * marks > MAX_WORK:
                self.crossed = _too_much(self.work + size * marks, marks, size)
            if self.crossed is not None:
                return number
        self.work += size * marks
        return None


def text_problems(file: str, text: str, first_line: int = 1, prefix: str = "ADR") -> list[Problem]:
    """The bound a Markdown file crosses, at its line (`first_line`: the file's line of the
    text's first line; `prefix`: the decisions' ids, whose mentions become links)."""
    budget = Budget(mention=f"{prefix}-")
    at = budget.read(text)
    return [] if at is None or budget.crossed is None else [error(file, first_line + at, 1, budget.crossed)]


def document_problems(doc: Document, prefix: str = "ADR") -> list[Problem]:
    """The bound a YAML file crosses, at the field (its value) that crosses it."""
    budget = Budget(mention=f"{prefix}-")
    for path, text in _strings(doc.data, ()):
        if budget.read(text) is not None and budget.crossed is not None:
            return [doc.problem(path, budget.crossed)]
    return []


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    """Every text in a loaded YAML document (keys included), in the file's order."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield (*path, key), key
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _too_many(used: int) -> str:
    return (
        f"the text up to here holds {used:,} Markdown marks (characters such as [ ] ` * _ < & #, "
        "line breaks, runs of spaces; a mention of a decision counts as the link it becomes); "
        f"a file may hold {MAX_MARKS:,}, which the site's Markdown engine reads in seconds: {WHAT_TO_DO}"
    )


def _too_much_space(spaces: int, length: int) -> str:
    return (
        f"this line holds runs of {spaces:,} spaces or tabs in {length:,} characters; the site's "
        "Markdown engine reads a heading or a table row again from each, which is more than a "
        f"file may take ({MAX_WORK:,} spaces times characters): remove the runs of spaces"
    )


def _too_much(work: int, marks: int, size: int) -> str:
    return (
        f"the paragraph that reaches this line holds {marks:,} Markdown marks in {size:,} characters; the "
        "site's Markdown engine reads a paragraph again for each mark in it, and this file's "
        f"paragraphs now add up to {work:,} (marks times characters), over the {MAX_WORK:,} a "
        f"file may take: {WHAT_TO_DO}"
    )
