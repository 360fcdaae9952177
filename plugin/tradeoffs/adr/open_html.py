"""Close the HTML elements an author's Markdown text leaves open, at the end of that text.

A decision's `context` with `<details>` and no `</details>` folded the rest of the page (the
decision, its costs, every later section) into a closed box: Markdown passes raw HTML through,
and the browser (and the sanitiser) close an open element only where the page ends. Each
multi-line text is one author's, so what it opens it closes: the missing end tags are added
after it, as a raw HTML block of their own.

Only real HTML counts: markdown-it (CommonMark) finds the raw HTML of the text, so `<details>`
in code is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

CONTAINERS = frozenset(
    {"details", "div", "blockquote", "figure", "table", "dl", "ol", "ul", "pre", "section", "aside"}
)
"""Elements that hold the blocks after them until closed (all that a page could fold into)."""

_HINT = re.compile(r"<(?:" + "|".join(sorted(CONTAINERS)) + r")\b", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*?(/?)>")
"""A start or end tag; `[^<>]` stops at the next bracket, so matching stays linear."""


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # slow to import: only texts with raw HTML need it

    return MarkdownIt("commonmark")


def _html(tokens: Iterable[Token]) -> Iterable[str]:
    for token in tokens:
        if token.type in ("html_block", "html_inline"):
            yield token.content
        if token.children:
            yield from _html(token.children)


def unclosed(markdown: str) -> list[str]:
    """The container elements the text's raw HTML leaves open, innermost last."""
    if _HINT.search(markdown) is None:  # most texts: no raw HTML container at all
        return []
    stack: list[str] = []
    open_count: Counter[str] = Counter()
    for chunk in _html(_parser().parse(markdown)):
        for match in _TAG.finditer(chunk):
            closing, name, self_closing = match[1], match[2].lower(), match[3]
            if name not in CONTAINERS or self_closing:
                continue
            if not closing:
                stack.append(name)
                open_count[name] += 1
            elif open_count[name]:
                while stack:  # an end tag closes what was opened inside it too
                    top = stack.pop()
                    open_count[top] -= 1
                    if top == name:
                        break
    return stack


def close_open_html(markdown: str) -> str:
    """The text with end tags added for what its raw HTML leaves open."""
    left = unclosed(markdown)
    if not left:
        return markdown
    return markdown.rstrip() + "\n\n" + "".join(f"</{name}>" for name in reversed(left))
