"""Links `ADR-7`, `ADR-0007` and `[[ADR-7]]` in any Markdown page to the decision's page.

Code, existing links, URLs, HTML tags and headings are left alone; mentions of decisions that
do not exist are returned, with their line, for the engine to report.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from tradeoffs.adr.render import inline_text as text
from tradeoffs.adr.view import Layout
from tradeoffs.core.code_spans import outside_code
from tradeoffs.core.model import Decision
from tradeoffs.core.references import bare_mention


@dataclass(frozen=True)
class Mention:
    """A mention of a decision that does not exist."""

    line: int
    text: str
    number: int


FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")
_HEADING = re.compile(r"^\s*(#{1,6}(\s|$)|!!!|\?\?\?)")
"""Headings and admonition titles: a link there would break the title or the table of contents."""
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s")
_MASK = "\x1a"
"""Stands for each character of a code span while the line is searched: it is no part of any
mention, link or tag."""
_CONTAINER = re.compile(r"^\s{0,3}([-*+]\s|\d+[.)]\s|!!!|\?\?\?\+?|===|///|>)")


class MentionLinker:
    """Links `ADR-7`, `ADR-0007` and `[[ADR-7]]` (or `[[ADR-7#anchor]]`, `[[ADR-7|its text]]`)
    to the decision.

    A bare mention keeps its text and gets the title as a tooltip, so prose still reads well;
    `[[ADR-7]]` becomes "ADR-0007: Title", `[[ADR-7|text]]` a link with that text. Code,
    existing links, URLs, HTML tags and headings are left alone.
    """

    def __init__(self, decisions: Iterable[Decision], layout: Layout, prefix: str) -> None:
        self.layout = layout
        self.targets: dict[int, tuple[str, str, str]] = {
            d.number: (d.id, d.title, layout.decision_page(d)) for d in decisions
        }
        self.needle = f"{prefix}-"
        """Every mention holds this; a line without it is left as it is without running the pattern."""
        p = re.escape(prefix)
        # Linear in the line: no repetition crosses the character a later attempt starts at
        # (an anchor stops at the next `<a`, a tag at the next `<`, a link's parts at the next
        # bracket), so text of `<`, `[` or `[x](a` is read once. Code spans are found first
        # (`outside_code`) and masked.
        self.pattern = re.compile(
            r"(?P<anchor><a\b[^<>]*>(?:(?!<a\b|</a>).)*</a>)"
            r"|(?P<wiki>\[\[\s*" + p + r"-(?P<wnum>[0-9]{1,7})(?:#(?P<wanchor>[\w-]+))?"
            r"\s*(?:\|(?P<walias>[^\[\]|]*))?\]\])"
            r"|(?P<link>!?\[(?:[^\[\]]|\[[^\[\]]*\])*\](?:\((?:[^()]|\([^()]*\))*\)|\[[^\[\]]*\]))"
            r"|(?P<tag></?[A-Za-z][^<>]*>|<[a-z]+:[^<>]*>)"
            r"|(?P<url>(?:https?|ftp|mailto):[^\s)>\]]+)"
            r"|" + bare_mention(prefix, "bare", "bnum")
        )

    def link(self, markdown: str, page_path: str, *, own: int | None = None) -> tuple[str, list[Mention]]:
        """The Markdown with mentions linked, and the mentions of missing decisions."""
        missing: list[Mention] = []
        out: list[str] = []
        fence: str | None = None
        container = False
        previous_blank = True
        in_code = False
        for number, line in enumerate(markdown.splitlines(keepends=True), 1):
            stripped = line.strip()
            match = FENCE.match(line)
            if fence is not None:
                if (
                    match
                    and match["fence"][0] == fence[0]
                    and len(match["fence"]) >= len(fence)
                    and not line[match.end() :].strip()
                ):
                    fence = None
                out.append(line)
                continue
            if match:
                fence = match["fence"]
                out.append(line)
                continue
            indent = len(line) - len(line.lstrip(" "))
            if not stripped:
                out.append(line)
                previous_blank = True
                continue
            if indent < 4:
                container = bool(_CONTAINER.match(line))
                in_code = False
            elif not container and (previous_blank or in_code):
                in_code = True  # an indented code block
            previous_blank = False
            if self.needle not in line or in_code or _HEADING.match(line) or _REF_DEF.match(line):
                out.append(line)
                continue
            out.append(self._line(line, number, page_path, own, missing))
        return "".join(out), missing

    def _line(self, line: str, number: int, page_path: str, own: int | None, missing: list[Mention]) -> str:
        # code spans masked with as many characters, so positions stay the line's
        masked = "".join(_MASK * len(piece) if code else piece for piece, code in outside_code(line))

        def replace(match: re.Match[str]) -> str:
            if match["wiki"]:
                n, anchor, whole = int(match["wnum"]), match["wanchor"] or "", match["wiki"]
            elif match["bare"]:
                n, anchor, whole = int(match["bnum"]), "", match["bare"]
            else:
                return line[match.start() : match.end()]
            target = self.targets.get(n)
            if target is None:
                missing.append(Mention(number, whole.strip("[] "), n))
                return line[match.start() : match.end()]
            if n == own and not anchor:
                return line[match.start() : match.end()]
            ident, title, page = target
            href = self.layout.link(page_path, page) + (f"#{anchor}" if anchor else "")
            alias = line[match.start("walias") : match.end("walias")] if match["walias"] else ""
            if alias.strip():
                return f"[{text(alias)}]({href})"
            if match["wiki"]:
                return f"[{ident}: {text(title)}]({href})"
            tooltip = html.escape(" ".join(title.split()), quote=True).replace("|", "&#124;")
            return f'[{whole}]({href} "{tooltip}")'

        out: list[str] = []
        pos = 0
        for match in self.pattern.finditer(masked):
            out += [line[pos : match.start()], replace(match)]
            pos = match.end()
        out.append(line[pos:])
        return "".join(out)
