"""Text put into the review comment, made safe for GitHub's Markdown: no HTML, no @mentions
or #references that notify, no emphasis or links the author did not mean, no way out of a
code span. Every piece of user text the governed-files section shows goes through here."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BACKTICKS = re.compile(r"`+")


def text(value: str) -> str:
    """One line of user text, shown as written: Markdown and HTML characters escaped, `@` and
    `#` kept from mentioning or linking anyone."""
    line = " ".join(_CONTROL.sub(" ", value).split())
    line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    line = _SPECIAL.sub(r"\\\1", line)
    return line.replace("@", "@\u200b")


def code(value: str) -> str:
    """A file name as a code span, whatever backticks or control characters it holds."""
    shown = _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", value)
    longest = max((len(m.group(0)) for m in _BACKTICKS.finditer(shown)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") or not shown.strip() else ""
    return f"{fence}{pad}{shown}{pad}{fence}"
