"""Lists as their authors meant them (CommonMark, as GitHub shows them), written so that
MkDocs' Python-Markdown reads them the same way.

Python-Markdown wants nested items indented four spaces and a blank line before a list;
CommonMark, which most teams write against, takes two spaces and a list right after a line
of text. Records are read with markdown-it (CommonMark) and their lists re-indented: each item
by four spaces a level, its own lines moved with it, and a blank line put before a list that
follows text. Nothing outside a list changes.
"""

from __future__ import annotations

from markdown_it import MarkdownIt


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def for_python_markdown(text: str) -> str:
    """`text` with its lists indented as Python-Markdown reads them (see the module)."""
    if "\t" in text or not any(c in text for c in "-*+.)"):
        return text
    lines = text.split("\n")
    tokens = (
        MarkdownIt("commonmark").disable("inline").parse(text)
    )  # blocks only: inline is quadratic on `![`
    items: list[tuple[int, int, int]] = []  # (first line, line after it, shift), in order
    blank_before: set[int] = set()
    depth = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            if depth == 1 and token.map and token.map[0] > 0:
                before = lines[token.map[0] - 1]
                if before.strip() and token.level == 0:
                    blank_before.add(token.map[0])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open" and token.map:
            start, end = token.map
            items.append((start, end, 4 * (depth - 1) - _indent(lines[start])))
    # each line moves with the innermost item it belongs to (and never less than the items
    # around it), found with one pass and a stack: linear however deep the nesting
    shift: dict[int, int] = {}
    stack: list[tuple[int, int]] = []  # (line after the item, its shift)
    n = 0
    for i in range(len(lines)):
        while stack and stack[-1][0] <= i:
            stack.pop()
        while n < len(items) and items[n][0] == i:
            outer = stack[-1][1] if stack else 0
            stack.append((items[n][1], max(outer, items[n][2])))
            n += 1
        if stack and stack[-1][1] > 0:
            shift[i] = stack[-1][1]
    if not shift and not blank_before:
        return text
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in blank_before:
            out.append("")
        out.append(" " * shift[i] + line if i in shift and line.strip() else line)
    return "\n".join(out)
