"""What a chat or a design-review document shows when an ADR page's address is pasted there."""

from __future__ import annotations

import re

from tradeoffs.core.model import Evaluation


def link_preview(ev: Evaluation) -> dict[str, str]:
    """Open Graph and Twitter card meta: the number and title, status, chosen option and the
    first sentence of the context."""
    d, fw = ev.decision, ev.framework
    chosen = " + ".join(ev.option_title(c) for c in d.chosen)
    summary = (
        f"{d.status.capitalize()}: {chosen}" + (f" ({fw.title})." if fw else ".")
        if chosen
        else f"{d.status.capitalize()}; no option chosen yet."
    )
    sentence = first_sentence(d.context)
    description = f"{summary} {sentence}".strip()
    title = f"{d.id}: {' '.join(d.title.split())}"
    return {
        "og:type": "article",
        "og:title": title,
        "og:description": description,
        "twitter:card": "summary",
        "twitter:title": title,
        "twitter:description": description,
    }


_MARKUP = re.compile(r"<[^<>]+>|[`*#>\[\]]")
_DESTINATION = re.compile(r"\]\((?:[^()]|\([^()]*\))*\)")
"""A link's destination, with one level of parentheses inside (`wiki/Foo_(bar)`); neither
pattern reads past the character a later attempt would start at, so both stay linear."""


def first_sentence(markdown: str, limit: int = 200) -> str:
    """The first sentence of some Markdown as plain text, at most `limit` characters."""
    text = " ".join(_MARKUP.sub("", _DESTINATION.sub("]", markdown or "")).split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"
