"""Hostile pages in headless Chromium: no payload runs, and the theme's settings stay its own.

The HTML checks in test_security.py read pages as a parser does; these load them as a reader's
browser does, scripts and all, with every request outside the site blocked. One site carries
each DOM-clobbering payload (an element named like the theme's `#__config`) in every place an
author writes Markdown: a decision's texts, a framework's summary, pattern and notes, and a
Markdown ADR; another carries the whole XSS corpus, of which a sample of pages is opened.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import QuietHandler, block_outside, serve
from test_security import PAYLOADS, build_site, payload_framework, payload_site, write_site

pytestmark = pytest.mark.browser

CLOBBERING = [
    p
    for p in PAYLOADS
    if any(k in p for k in ("__config", "__search", "name=", "class=", "<input", "tradeoffs-pagefind"))
    and not p.startswith('<pre class="mermaid">')  # a real diagram: the theme fetches Mermaid from a CDN
]

ADR_MD = """\
# 5. Imported with payloads

Date: 2026-01-01

## Status

Accepted

## Context

{payloads}

## Decision

We keep it.

## Consequences

{payloads}
"""


def clobbering_site(root: Path) -> Path:
    """A decision, a framework and a Markdown ADR carrying every clobbering payload."""
    text = "\n\n".join(CLOBBERING) + "\n"
    framework = payload_framework(1, "x")
    framework.update(summary=text, notes=CLOBBERING)
    framework["options"][0]["pattern"] = text
    decision = {
        "title": "Clobbering",
        "status": "accepted",
        "date": "2026-01-01",
        "framework": "xss-1",
        "facts": {"fast": True, "size": 2},
        "chosen": "alpha",
        "context": text,
        "rationale": text,
    }
    write_site(root, {"0001-clobber.yml": decision}, {"xss-1.yml": framework}, mkdocs_extra="  - attr_list\n")
    (root / "legacy").mkdir()
    (root / "legacy" / "0005-imported.md").write_text(ADR_MD.format(payloads=text), encoding="utf-8")
    yml = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        yml.replace("  - tradeoffs\n", "  - tradeoffs:\n      markdown_dirs: [legacy]\n"), encoding="utf-8"
    )
    return root


REPO = Path(__file__).resolve().parents[1]


def recommended_policy() -> str:
    """The Content-Security-Policy SECURITY.md recommends, as written there."""
    text = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    section = text.split("## What you can add: a Content-Security-Policy", 1)[1]
    block = section.split("```", 2)[1]
    return " ".join(block.split()).removeprefix("Content-Security-Policy: ")


class _PolicyHandler(QuietHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", recommended_policy())
        super().end_headers()


@pytest.fixture(scope="module")
def clobber_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_site(clobbering_site(tmp_path_factory.mktemp("clobber")), strict=True)) as url:
        yield url


@pytest.fixture(scope="module")
def policy_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(clobbering_site(tmp_path_factory.mktemp("policy")), strict=True)
    with serve(site, _PolicyHandler) as url:
        yield url


def with_pagefind(root: Path) -> Path:
    """The project at `root` searched with Pagefind instead of Material's search."""
    yml = root / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8")
    if "  - tradeoffs:\n" in text:
        text = text.replace("  - tradeoffs:\n", "  - tradeoffs:\n      search: pagefind\n", 1)
    else:
        text = text.replace("  - tradeoffs\n", "  - tradeoffs:\n      search: pagefind\n", 1)
    yml.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def pagefind_policy_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = with_pagefind(clobbering_site(tmp_path_factory.mktemp("pagefind-policy")))
    with serve(build_site(root, strict=True), _PolicyHandler) as url:
        yield url


@pytest.fixture(scope="module")
def pagefind_corpus_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = with_pagefind(payload_site(tmp_path_factory.mktemp("pagefind-corpus"), PAYLOADS))
    with serve(build_site(root)) as url:
        yield url


@pytest.fixture(scope="module")
def corpus_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_site(payload_site(tmp_path_factory.mktemp("corpus"), PAYLOADS))) as url:
        yield url


class Tab:
    """A browser tab that sees only the site, and records dialogs and workers."""

    def __init__(self, context: Any) -> None:
        self.page = context.new_page()
        self.page.set_default_timeout(15_000)
        self.dialogs: list[str] = []
        self.workers: list[str] = []
        self.blocked: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("worker", lambda worker: self.workers.append(worker.url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str) -> dict[str, Any]:
        """Load a page, let its scripts and search worker start, and read the theme's config."""
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_timeout(200)
        result: dict[str, Any] = self.page.evaluate("""() => {
            const config = document.querySelector("#__config");
            const authored = (selector) => Array.from(document.querySelectorAll(selector))
                // the plugin's own controls: the log's filters and a framework's Try-it form
                .filter(e => !e.closest(".tradeoffs-log-filters, .tradeoffs-tryit"));
            return {tag: config && config.tagName, type: config && config.type,
                    text: config && config.textContent,
                    count: document.querySelectorAll("#__config").length,
                    named: authored('article [id^="_"], article [name]:not([name^="user-content-"])')
                        .map(e => e.outerHTML.slice(0, 80)),
                    inputs: authored("article input")
                        .map(e => e.type + (e.disabled ? ":disabled" : "")),
                    title: document.title};
        }""")
        return result


def tab(browser: Any, base: str) -> Tab:
    context = browser.new_context()
    blocked = block_outside(context, base + "/")
    opened = Tab(context)
    opened.blocked = blocked
    return opened


def assert_theme_owns_its_config(seen: dict[str, Any], url: str) -> None:
    assert seen["tag"] == "SCRIPT" and seen["type"] == "application/json", (url, seen)
    assert seen["count"] == 1, url
    config = json.loads(seen["text"])
    assert config["search"].endswith(".min.js") and "/workers/search." in config["search"], url
    assert seen["named"] == [], url  # nothing in the page text answers `__search` or `document.body`
    assert all(i == "checkbox:disabled" for i in seen["inputs"]), (url, seen["inputs"])


def test_clobbering_payloads_do_not_take_the_themes_config(browser: Any, clobber_url: str) -> None:
    assert len(CLOBBERING) >= 8
    opened = tab(browser, clobber_url)
    urls = ["/decisions/ADR-0001/", "/decisions/ADR-0005/", "/decisions/frameworks/xss-1/", "/"]
    for path in urls:
        seen = opened.open(clobber_url + path)
        assert_theme_owns_its_config(seen, path)
        assert "404" not in seen["title"], path
    assert opened.dialogs == []
    assert opened.workers and all(w.startswith(clobber_url + "/") for w in opened.workers), opened.workers
    # the payloads did reach the pages, as text or renamed elements
    opened.page.goto(clobber_url + "/decisions/ADR-0001/")
    assert opened.page.locator("#user-content-__config").count() >= 1
    assert opened.page.locator("a[name='user-content-__config']").count() >= 1


def test_xss_corpus_in_a_real_browser(browser: Any, corpus_url: str) -> None:
    opened = tab(browser, corpus_url)
    # every payload's framework decision for a sample of payloads, and each kind of overview page
    sample = [f"/decisions/ADR-{2 * i - 1:04d}/" for i in range(1, len(PAYLOADS) + 1, 4)]
    sample += [f"/decisions/ADR-{2 * i:04d}/" for i in range(1, len(PAYLOADS) + 1, 7)]
    sample += [f"/decisions/frameworks/xss-{i}/" for i in range(1, len(PAYLOADS) + 1, 9)]
    # views of the relation graph: their diagrams, drawn when the site was built, hold the titles
    sample += [f"/decisions/graph/frameworks/xss-{i}/" for i in range(1, len(PAYLOADS) + 1, 5)]
    sample += [f"/decisions/ADR-{2 * (PAYLOADS.index(p) + 1) - 1:04d}/" for p in CLOBBERING]
    sample += [
        "/decisions/",
        "/decisions/graph/",
        "/decisions/open-questions/",
        "/decisions/health/",
        "/decisions/status/accepted/",
        "/decisions/frameworks/",
    ]
    for path in dict.fromkeys(sample):
        seen = opened.open(corpus_url + path)
        assert_theme_owns_its_config(seen, path)
        assert opened.dialogs == [], path
        if "/graph/frameworks/" in path:  # the diagram is there, its boxes' titles as text
            assert opened.page.locator("figure.tradeoffs-graph .tradeoffs-graph__title").count() >= 1, path
    assert all(w.startswith(corpus_url + "/") for w in opened.workers), opened.workers


def documented_addition(refusal: str) -> bool:
    """A refusal SECURITY.md tells site owners to allow when they use it: the theme's web fonts."""
    return "fonts.googleapis.com" in refusal


def test_the_recommended_policy_keeps_the_site_working(browser: Any, policy_url: str) -> None:
    """SECURITY.md's Content-Security-Policy, served as a header: the theme, its search worker
    and the log's filters work, and nothing but the theme's web fonts (which the policy says to
    add when used) is refused."""
    assert "worker-src 'self'" in recommended_policy()
    opened = tab(browser, policy_url)
    refused: list[str] = []
    opened.page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    seen = opened.open(policy_url + "/decisions/ADR-0001/")
    assert_theme_owns_its_config(seen, "/decisions/ADR-0001/")
    assert opened.workers and all(w.startswith(policy_url + "/") for w in opened.workers)
    box = opened.page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("Clobbering", delay=20)
    opened.page.locator("a.md-search-result__link", has_text="Clobbering").first.wait_for()
    opened.open(policy_url + "/decisions/")
    opened.page.locator(".tradeoffs-count").wait_for()
    assert any("fonts.googleapis.com" in m for m in refused)  # the policy is in force
    assert [m for m in refused if not documented_addition(m)] == []
    assert opened.dialogs == []


class PagefindSearch:
    """Pagefind's search dialog on a page: open it, type, read its results and filters."""

    def __init__(self, opened: Tab, url: str) -> None:
        self.page = opened.page
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        self.page.locator(".tradeoffs-pagefind-button").click()
        self.box = self.page.locator("#tradeoffs-pagefind input.pagefind-ui__search-input")

    def type(self, query: str) -> list[str]:
        """The result titles once Pagefind has answered `query`."""
        self.box.fill("")
        self.box.press_sequentially(query, delay=10)
        self.page.locator("#tradeoffs-pagefind .pagefind-ui__message").filter(
            has_text=re.compile(r"results? for|No results")
        ).wait_for()
        self.page.wait_for_timeout(300)  # the result list fills in after the message
        return [t.strip() for t in self.page.locator(".pagefind-ui__result-link").all_text_contents()]

    def filter_labels(self, name: str) -> list[str]:
        """The texts of a filter's values, as a reader sees them (without their counts)."""
        for block in self.page.locator("#tradeoffs-pagefind details.pagefind-ui__filter-block").all():
            block.evaluate("details => { details.open = true; }")
        labels = self.page.locator(f'#tradeoffs-pagefind input[name="{name}"] + label').all_text_contents()
        return [re.sub(r"\s*\(\d+\)\s*$", "", label) for label in labels]


def test_pagefind_prints_hostile_tags_titles_and_text_as_text(browser: Any, pagefind_corpus_url: str) -> None:
    """Every payload is a tag, a title and text of some decision: searches over them with
    `search: pagefind` show them as text, its filter panel lists every tag as written, and no
    script runs."""
    opened = tab(browser, pagefind_corpus_url)
    search = PagefindSearch(opened, pagefind_corpus_url + "/decisions/")
    for query in ("Decision", "script", "onerror", "alert", "img", "Context", "Framework"):
        titles = search.type(query)
        assert titles, query
        assert opened.dialogs == [], query
    tags = set(search.filter_labels("tag"))
    wanted = {p[:60] for p in PAYLOADS if p[:60].strip() == p[:60] and p[:60]}
    assert "<img src=x onerror=alert(1)>" in tags
    assert wanted <= tags, sorted(wanted - tags)
    # the decisions' titles are text in the results, as written
    titles = search.type("onerror")
    assert any("<img src=x onerror=alert(1)>" in t for t in titles), titles
    # nothing a payload named ran or loaded, and nothing but the site was asked for
    assert opened.dialogs == []
    assert opened.page.locator("#tradeoffs-pagefind img[src='x']").count() == 0
    assert all("fonts.googleapis.com" in u for u in opened.blocked), opened.blocked[:5]


def test_the_recommended_policy_keeps_pagefind_working(browser: Any, pagefind_policy_url: str) -> None:
    """SECURITY.md's policy served with a `search: pagefind` site: Pagefind's WebAssembly,
    worker and index load under it, its search finds the decision, and the search button is
    there on a page whose text names the plugin's `#tradeoffs-pagefind`."""
    assert "'wasm-unsafe-eval'" in recommended_policy()
    opened = tab(browser, pagefind_policy_url)
    refused: list[str] = []
    opened.page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    errors: list[str] = []
    opened.page.on("pageerror", lambda exc: errors.append(str(exc)))
    search = PagefindSearch(opened, pagefind_policy_url + "/decisions/ADR-0001/")
    assert opened.page.locator("#user-content-tradeoffs-pagefind").count() >= 1  # the author's, renamed
    assert search.type("Clobbering") == ["ADR-0001: Clobbering"] or "ADR-0001: Clobbering" in search.type(
        "Clobbering"
    )
    assert [m for m in refused if not documented_addition(m)] == []
    assert errors == [] and opened.dialogs == []
