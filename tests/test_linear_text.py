"""Every reader of user text takes time in proportion to the text, on the inputs that made
patterns backtrack.

Each reader runs on a hostile text at 1×, 2× and 4× its size (the size first grown until one
run takes a measurable time). A linear reader takes about 4 times as long at 4×; a quadratic
one 16 times. The test takes the best of several runs and fails above 10 (5 from 2× to 4×)
three times over, so a busy machine does not fail it; a run over the time cap fails at once.
"""

from __future__ import annotations

import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import markdown
import pytest

from tradeoffs.adr.render import inline_code
from tradeoffs.adr.view import Layout
from tradeoffs.core import source
from tradeoffs.core.markdown_adr.decision_data import map_record
from tradeoffs.core.markdown_adr.lists import for_python_markdown
from tradeoffs.core.markdown_adr.loading import load_dirs
from tradeoffs.core.markdown_adr.parsing import parse_text
from tradeoffs.core.markdown_adr.sections import demote_extra_h1
from tradeoffs.core.markdown_adr.text import clean_heading
from tradeoffs.core.markdown_budget import document_problems, text_problems
from tradeoffs.core.source import Document
from tradeoffs.site.diagrams import has_diagram
from tradeoffs.site.gfm import to_gfm
from tradeoffs.site.link_preview import first_sentence
from tradeoffs.site.mentions import MentionLinker
from tradeoffs.site.pagefind import mark_page
from tradeoffs.site.search import skip_in_search
from tradeoffs.site.unmatched import escape_unmatched

CAP = 3.0
"""Seconds one run may take: far more than any linear reader needs at these sizes."""
FLOOR = 0.02
"""The time one run must take at 1× before the growth is measured."""
LIMIT = 10.0


class TooSlow(Exception):
    pass


@contextmanager
def cap(seconds: float) -> Iterator[None]:
    """Stop a run that takes longer than `seconds` (the regex engine checks for signals)."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def best(run: Callable[[str], object], text: str, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            with cap(CAP):
                run(text)
        except TooSlow:
            pytest.fail(f"one run on {len(text):,} characters took over {CAP} s")
        times.append(time.perf_counter() - start)
    return min(times)


def assert_linear(run: Callable[[str], object], make: Callable[[int], str], start: int = 1000) -> None:
    n = start
    best(run, make(n), repeat=1)  # caches, compiled patterns
    while best(run, make(n)) < FLOOR and n < 1 << 21:
        n *= 2
    if best(run, make(n)) < FLOOR:
        return  # millions of characters in a few milliseconds: nothing super-linear to measure
    texts = [make(k * n) for k in (1, 2, 4)]
    shown = []
    for _attempt in range(3):  # a busy machine can slow one size; a quadratic reader fails every time
        one, two, four = (best(run, text) for text in texts)
        if four / one < LIMIT and four / two < LIMIT / 2:
            return
        shown.append(f"{one * 1e3:.1f} ms, {two * 1e3:.1f} ms, {four * 1e3:.1f} ms")
    pytest.fail(f"at {n:,} characters, ×2 and ×4: " + "; ".join(shown))


LINKER = MentionLinker([], Layout(), "ADR")


def _link(text: str) -> object:
    return LINKER.link(text, "decisions/ADR-0001.md")


def _markdown_adr(text: str) -> object:
    return parse_text(text, Path("0001-x.md"), "0001-x.md")


def _published(text: str) -> object:
    """A Markdown ADR read from its folder, its links to files beside it resolved."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "0001-x.md").write_text(text, encoding="utf-8")
        return load_dirs([folder], display=lambda p: p.name, root=folder)


def _imported(text: str) -> object:
    rec = parse_text(text, Path("0001-x.md"), "0001-x.md")
    return map_record(rec, {}, "ADR")


def _site_markdown(text: str) -> object:
    return markdown.markdown(escape_unmatched(text), extensions=["attr_list", "md_in_html", "tables", "toc"])


RECORD = "# Use a cache\n\nStatus: accepted\n\n## Context\n\n"
MADR = "# Use a cache\n\n## Considered Options\n\n* "

CASES: dict[str, tuple[Callable[[str], object], Callable[[int], str]]] = {
    # the mention linker (every page of the site)
    "mention, backticks": (_link, lambda n: "ADR-1 " + "`" * n),
    "mention, [x](a": (_link, lambda n: "ADR-1 " + "[x](a" * n),
    "mention, <a>": (_link, lambda n: "ADR-1 " + "<a>" * n),
    "mention, <a": (_link, lambda n: "ADR-1 " + "<a" * n),
    "mention, [x][": (_link, lambda n: "ADR-1 " + "[x][" * n),
    "mention, code spans of growing length": (
        _link,
        lambda n: "ADR-1 " + "".join("`" * k + "a" for k in range(1, int((2 * n) ** 0.5))),
    ),
    # code spans woven into a sentence (the Y-statement template)
    "inline code, backticks": (inline_code, lambda n: "`" * n),
    # link previews (every decision page's meta)
    "preview, <": (first_sentence, lambda n: "<" * n),
    "preview, ](": (first_sentence, lambda n: "](" * n),
    # Markdown ADRs
    "markdown ADR, [": (_markdown_adr, lambda n: RECORD + "[" * n),
    "markdown ADR, title <!--": (
        _markdown_adr,
        lambda n: "# Use a cache " + "<!--" * n + "\n\nStatus: accepted\n",
    ),
    "markdown ADR, title {#": (
        _markdown_adr,
        lambda n: "# Use a cache " + "{#" * n + "\n\nStatus: accepted\n",
    ),
    "markdown ADR, title spaces": (
        _markdown_adr,
        lambda n: "# Use a cache" + " " * n + "x\n\nStatus: accepted\n",
    ),
    "markdown ADR, ![": (_markdown_adr, lambda n: RECORD + "![" * n),
    "markdown ADR published, [": (_published, lambda n: RECORD + "[" * n),
    "markdown ADR published, [x](a": (_published, lambda n: RECORD + "[x](a" * n),
    "markdown ADR, [x](a in a relation": (
        _markdown_adr,
        lambda n: "# Use a cache\n\nStatus: accepted\n\n## Links\n\n- Supersedes " + "[x](a" * n + "\n",
    ),
    "markdown ADR, a_ in a relation": (
        _markdown_adr,
        lambda n: "# Use a cache\n\nStatus: accepted\n\n## Links\n\n- Supersedes " + "a_" * n + "\n",
    ),
    "markdown ADR, deciders spaces": (
        _markdown_adr,
        lambda n: "# Use a cache\n\nStatus: accepted\nDeciders: a" + " " * n + "b\n",
    ),
    "markdown ADR, status separators": (
        _markdown_adr,
        lambda n: "# Use a cache\n\nStatus: accepted" + ";" * n + "\n",
    ),
    "markdown ADR, front matter keys": (
        _markdown_adr,
        lambda n: "---\n" + "".join(f"k{i}: v\n" for i in range(n // 8)) + "---\n# Use a cache\n",
    ),
    "lists for Python-Markdown, ![": (for_python_markdown, lambda n: "- " + "![" * n),
    "second H1 demoted, ![": (demote_extra_h1, lambda n: "# a " + "![" * n),
    # the importer
    "import, [x](a in an option": (_imported, lambda n: MADR + "[x](a" * n + "\n"),
    "import, chosen option of ': ' titles": (
        _imported,
        lambda n: (
            MADR + "a: " * (n // 3) + "\n\n## Decision Outcome\n\nChosen option: " + "a: " * (n // 3) + "\n"
        ),
    ),
    "import, many options": (
        _imported,
        lambda n: MADR + "\n* ".join(f"Option {i:07d}" for i in range(n // 16)) + "\n",
    ),
    "import, many options with their pros and cons": (
        _imported,
        lambda n: (
            MADR
            + "\n* ".join(f"Option {i:07d}: why" for i in range(n // 60))
            + "\n\n## Pros and Cons of the Options\n\n"
            + "".join(f"### Option {i:07d}\n\n* Good, because x\n\n" for i in range(n // 60))
        ),
    ),
    # the bound on what a file hands the site's Markdown engine
    "markdown budget, a Markdown ADR": (
        lambda t: text_problems("0001-x.md", t),
        lambda n: ("[a](b) " * 10 + "\n") * (n // 71),
    ),
    "markdown budget, a YAML decision": (
        lambda t: document_problems(Document("x.yml", {"context": t, "options": [t[:100]] * 50})),
        lambda n: "` \t" * (n // 3),
    ),
    # search: the framework's sections skipped, Pagefind's marks
    "search, heading spaces": (skip_in_search, lambda n: "# a" + " \t" * n + "x\n"),
    "search, heading {#": (skip_in_search, lambda n: "# a " + "{#a" * n + "\n"),
    "pagefind, attribute in text": (
        lambda t: mark_page(t, searchable=False),
        lambda n: "<p>" + " data-search-exclude" * (n // 20) + "</p>",
    ),
    # the site's Markdown as Python-Markdown reads it, unmatched openers escaped first
    "site page, [x](a": (_site_markdown, lambda n: "[x](a" * n),
    "site page, <a": (_site_markdown, lambda n: "<a" * n),
    "site page, backticks no run closes": (_site_markdown, lambda n: "`" * n),
    "site page, backtick runs no run closes": (
        _site_markdown,
        lambda n: "".join("`" * k + "a" for k in range(1, int((2 * n) ** 0.5))),
    ),
    # the Markdown export as plain GFM
    "gfm, heading {#": (to_gfm, lambda n: "## a " + "{#a " * n + "}\n"),
    "gfm, heading braces and spaces": (to_gfm, lambda n: "## a {" + " " * n + "x}\n"),
    "gfm, admonition spaces": (to_gfm, lambda n: "!!! note" + " " * n + "x\n"),
    "gfm, <b> tags": (to_gfm, lambda n: "a " + "<b>" * (n // 3) + "\n"),
    "gfm, <b> between code spans": (to_gfm, lambda n: "a " + "`<b>` <b>" * (n // 9) + "\n"),
    "gfm, ](#a": (to_gfm, lambda n: "## x {#a}\n\n" + "](#a" * (n // 4) + "\n"),
    # whether a page has a Mermaid diagram (every page of the site, and its text)
    "mermaid diagram, <pre class= a a a": (has_diagram, lambda n: '<pre class="' + "a " * (n // 2)),
    "mermaid diagram, <pre <pre": (has_diagram, lambda n: "<pre class=" * (n // 11)),
    # YAML: flow collections nested deep
    "yaml, nested [": (lambda t: source.parse("f.yml", t), lambda n: "a: " + "[" * n + "]" * n + "\n"),
}


START = {
    "yaml, nested [": 8000,
    "markdown ADR, status separators": 200_000,
    "import, many options": 8000,
    "import, many options with their pros and cons": 8000,
}
"""Where a reader's quadratic part shows only past a size (its constant is small)."""


@pytest.mark.parametrize("case", CASES)
def test_reader_is_linear(case: str) -> None:
    run, make = CASES[case]
    assert_linear(run, make, START.get(case, 1000))


def test_clean_heading_keeps_what_it_did() -> None:
    assert clean_heading("Use X <!-- note --> {#use-x}") == "Use X"
    assert clean_heading("A <!-- x --> <!-- y --> B") == "A  B"
    assert clean_heading("A <!-- open") == "A <!-- open"


def test_code_spans_follow_commonmark() -> None:
    from tradeoffs.core.code_spans import code_spans

    text = "a `b` ``c`d`` ``` e ` f"
    assert [text[s:e] for s, e in code_spans(text)] == ["`b`", "``c`d``"]
    assert inline_code("use `a_b` and a_b") == "use `a_b` and a\\_b"


def test_unmatched_openers_are_escaped_only_in_hostile_paragraphs() -> None:
    prose = "See [a](b (c)) and a < b (one unclosed\n\n```\n" + "[(<" * 200 + "\n```\n"
    assert escape_unmatched(prose) == prose
    hostile = "[x](a" * 200 + " `[(` [ok](u)"
    escaped = escape_unmatched(hostile)
    assert escaped.startswith("[x]\\(a[x]\\(a") and escaped.endswith(" `[(` [ok](u)")
    assert escape_unmatched("<a" * 200).startswith("&lt;a&lt;a")
    # a fence nothing closes is text to Python-Markdown (fenced_code and superfences alike)
    unclosed = escape_unmatched("```\n" + "[x](a" * 200)
    assert unclosed.startswith("```\n[x]\\(a[x]\\(a")
    assert escape_unmatched("`" * 300).startswith("\\`\\`")
    closed = "~~~~\n~~~\n" + "[x](a" * 200 + "\n~~~~\n"
    assert escape_unmatched(closed) == closed
