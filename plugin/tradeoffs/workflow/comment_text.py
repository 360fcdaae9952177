"""Text from decisions made safe for a comment in GitHub-flavoured Markdown.

A pull request's author writes the decisions the review comment quotes, and the comment is
posted by the project's bot: text must show as the author typed it and do nothing else. It
must not become links, images, emphasis, HTML or headings, notify anyone (`@user`,
`@org/team`), close over the comment's own markup, or hide the rest of the comment. Every
section of the comment calls these two helpers.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from tradeoffs.core.code_spans import outside_code

_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|~])")
"""Characters Markdown or GitHub's extensions give a meaning inside a line, escaped with a
backslash (the text never starts a line, so list and heading markers need none, and with
brackets escaped a parenthesis cannot make a link)."""

_REFERENCE = re.compile(r"([@#])(?=\w)")
"""A mention (`@user`, `@org/team`) or an issue reference (`#12`)."""

_NO_LINK = "\u2060"
"""WORD JOINER: invisible, and a mention or issue reference it splits is plain text."""


def markdown_text(value: Any) -> str:
    """A value on one line as literal Markdown text: every character GitHub could read as
    markup backslash-escaped, `&`, `<` and `>` as entities (no HTML, no comment), and
    mentions (`@name`) and issue references (`#12`) broken so that nobody is notified."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return _escape(_visible(" ".join(text.split())))


def markdown_with_code(value: str) -> str:
    """`markdown_text` that keeps its `code` spans as code (a sentence the tool words around
    fact names): inside a span GitHub reads nothing as markup, mentions included."""
    text = _visible(" ".join(value.split()))
    return "".join(piece if code else _escape(piece) for piece, code in outside_code(text))


def _escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", _REFERENCE.sub(r"\1" + _NO_LINK, text))


def code_span(value: Any) -> str:
    """A value as one inline code span, whatever characters it holds: line breaks and other
    control and format characters shown as escapes (`\\n`, `\\u202e`), and a run of backticks
    longer than any inside it, so no backtick can end the span early."""
    text = _visible(value if isinstance(value, str) else str(value))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # CommonMark takes one space off each end when both ends have one (and not all are spaces)
    ends = text[:1] + text[-1:]
    pad = " " if "`" in ends or (ends == "  " and text.strip(" ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _visible(text: str) -> str:
    """Line breaks, control and format characters (bidirectional overrides among them) and
    undecodable bytes as escapes, so nothing in a value is invisible or moves other text."""
    return "".join(
        repr(char)[1:-1] if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") else char
        for char in text
    )
