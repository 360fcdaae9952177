"""The one rule for what names a decision in text and in `supersedes`/`related`.

A mention is the configured prefix, a hyphen and a number (`ADR-7`, `ADR-0007`) that is not
part of a longer word, path, anchor or id (`XADR-7`, `docs/ADR-7`, `#ADR-7`, `ADR-7-b`,
`ADR-7.md`); another prefix (`RFC-7`) never names one of our decisions. The site's linker,
renumbering, health and the Markdown ADR reader build on it (`bare_mention`,
`parse_reference`, `id_occurrences`, `record_id_pattern`).
"""

from __future__ import annotations

import functools
import re


def bare_mention(prefix: str, whole: str = "mention", number: str = "number") -> str:
    """The regular expression (as text, with named groups `whole` and `number`) of a bare
    mention of a decision with `prefix`."""
    return (
        rf"(?<![\w/#.-])(?P<{whole}>{re.escape(prefix)}-(?P<{number}>[0-9]{{1,7}}))"
        rf"(?![\w-]|\.\w)"
    )


@functools.cache
def mention_pattern(prefix: str) -> re.Pattern[str]:
    """Compiled `bare_mention(prefix)`."""
    return re.compile(bare_mention(prefix))


def mentioned_numbers(text: str, prefix: str) -> set[int]:
    """The numbers of the decisions `text` mentions."""
    return (
        {int(m["number"]) for m in mention_pattern(prefix).finditer(text)} if f"{prefix}-" in text else set()
    )


_REFERENCE = re.compile(r"(?:(?P<prefix>[A-Za-z]+)-)?(?P<number>[0-9]{1,7})")


def parse_reference(value: object, prefix: str | None = None) -> int | None:
    """The number a `supersedes`/`related` entry or a command-line id names: 7, '0007',
    'ADR-7' (the prefix in any case); None for anything else, such as 'RFC-7' when the prefix
    is ADR (with `prefix` None, any prefix is taken)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 10**7 else None
    match = _REFERENCE.fullmatch(str(value).strip())
    if match is None:
        return None
    if prefix is not None and match["prefix"] is not None and match["prefix"].lower() != prefix.lower():
        return None
    number = int(match["number"])
    return number if number > 0 else None


SOURCE_ID = r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?"
"""What names a log where many meet (`payments`): the plugin option `source_id`, the export's
`source.id`, the first part of a catalogue id (`payments/ADR-0003`)."""

_ELSEWHERE = re.compile(rf"(?P<source>{SOURCE_ID})/(?P<ref>(?:[A-Za-z]+-)?[0-9]{{1,7}})")


def elsewhere_reference(value: object) -> tuple[str, int] | None:
    """The log and number a `supersedes`/`related` entry names in another repository's log
    (`payments/ADR-3` -> ('payments', 3)); None for anything else. Its prefix is that log's,
    so any is taken."""
    match = _ELSEWHERE.fullmatch(str(value).strip()) if isinstance(value, str) else None
    if match is None:
        return None
    number = parse_reference(match["ref"])
    return None if number is None else (match["source"], number)


def id_occurrences(prefix: str, number: int) -> re.Pattern[str]:
    """Every place decision `number`'s id stands as a token, for `renumber` to rewrite: the
    mentions, and also the id inside paths and links to its page (`decisions/ADR-0003/`,
    `ADR-0003.md`), which are not mentions but must follow the decision all the same."""
    return re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(prefix)}-0*{number}(?![0-9])")


@functools.cache
def record_id_pattern(prefix: str) -> re.Pattern[str]:
    """How a hand-written Markdown ADR names another record in its relations: the log's prefix
    or the common `ADR`, in any case, then `-`, `_`, a space or nothing, then the number
    (`ADR-12`, `adr_0012`, `ADR 12`, `DEC-7` with prefix DEC). Other tools' records spell ids
    more loosely than ours; another prefix (`RFC-12`) still names none of them."""
    names = "|".join(dict.fromkeys(re.escape(p) for p in (prefix, "ADR")))
    return re.compile(rf"\b(?:{names})[-_ ]?(?P<number>[0-9]{{1,6}})\b", re.IGNORECASE)
