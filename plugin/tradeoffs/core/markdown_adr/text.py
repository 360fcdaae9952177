"""Markdown text as the readers need it: headings and titles in plain words, list items with
their lines, links reduced to their text.

Blocks are parsed with markdown-it-py (CommonMark); small linear patterns only strip emphasis
and links inside one line.
"""

from __future__ import annotations

import functools
import html
import re

from markdown_it import MarkdownIt

from tradeoffs.core.markdown_adr.links import LINK

# Linear patterns: no repetition reads past the character that starts a later attempt (a
# comment stops at the next `<!--`, a text at the next bracket), or one unclosed `<!--` or `[`
# after another would make every attempt read to the end of the text.
_HEADING_EXTRAS = re.compile(r"<!--(?:(?!<!--).)*?-->|\{\s*[#:.][^{}]*\}", re.DOTALL)


IMAGE = re.compile(r"!\[(?P<text>[^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)")


BULLET = re.compile(r"^\s{0,3}(?:[-*+]|[0-9]+[.)])\s+")


def normalise(text: str) -> str:
    """Lower-case plain text of a heading or option title, for matching."""
    text = LINK.sub(lambda m: m["text"], IMAGE.sub(lambda m: m["text"], text))
    text = re.sub(r"[*_`\"“”'‘’]", "", text)
    return " ".join(text.lower().replace("–", "-").split()).strip(" .:")


def plain(text: str) -> str:
    """One line of text without Markdown emphasis and with links reduced to their text."""
    text = LINK.sub(lambda m: m["text"], IMAGE.sub(lambda m: m["text"], text))
    text = re.sub(r"(?<!\\)(\*\*|__|`)", "", text)
    text = html.unescape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", text))
    return " ".join(text.split())


@functools.cache
def block_parser() -> MarkdownIt:
    """Blocks only: headings, sections and list items are all this reader takes, and
    markdown-it's inline parser reads `![` after `![` in time that grows with its square.
    One parser for the process (each `parse` keeps its own state): making one took a
    millisecond, and a record of 2,000 options with their pros and cons made 4,000."""
    return MarkdownIt("commonmark").disable("inline")


def list_items(text: str, first_line: int) -> list[tuple[str, int]]:
    """Top-level list items of a Markdown text, each as one line of text, with its file line."""
    tokens = block_parser().parse(text)
    lines = text.splitlines()
    out: list[tuple[str, int]] = []
    depth = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open" and depth == 1 and token.map:
            start, end = token.map
            item = "\n".join(lines[start:end])
            out.append((" ".join(BULLET.sub("", item, count=1).split()), first_line + start))
    return out


def text_without_lists(text: str) -> str:
    """A Markdown text with its top-level lists taken out (their items are read separately)."""
    tokens = block_parser().parse(text)
    lines = text.splitlines()
    drop: set[int] = set()
    for token in tokens:
        if token.level == 0 and token.type in ("bullet_list_open", "ordered_list_open") and token.map:
            drop.update(range(*token.map))
    kept = [line for i, line in enumerate(lines) if i not in drop]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def clean_heading(title: str) -> str:
    """A heading without trailing HTML comments and `{#id}` attribute lists."""
    return " ".join(piece.strip() for piece in _HEADING_EXTRAS.split(title)).strip()


def plain_prefix(text: str) -> str:
    return re.sub(r"^[*_]+", "", BULLET.sub("", text.strip(), count=1))
