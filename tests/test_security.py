"""Hostile and broken input: no traceback, no script injection, nothing lost.

Decision and framework files come from anyone who can open a pull request, and everybody reads
the site. These tests put known XSS payloads (tests/xss_payloads.txt) in every field, build real
sites and walk the HTML with a real parser; feed broken files to `tradeoffs check` and to
`mkdocs build`; try to reach outside the project's folders; break team templates; and check that
no command overwrites a file it did not mean to, even when eight of them run at once.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort, PluginError

from conftest import RULES_FRAMEWORK, mkdocs_build, run_cli
from diagram_html import drawn
from tradeoffs.adr.diagram import TITLE_MAX
from tradeoffs.adr.render import mermaid_label as _mermaid
from tradeoffs.site.diagrams import MERMAID_URL

HERE = Path(__file__).resolve().parent
PAYLOADS = [
    line
    for line in (HERE / "xss_payloads.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("# ")
]

MKDOCS_YML = """\
site_name: Security test
site_url: https://decisions.example.com/
theme:
  name: material
plugins:
  - search
  - tags
  - tradeoffs
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""


# --- building sites ---------------------------------------------------------------------


def write_site(
    root: Path,
    decisions: dict[str, Any],
    frameworks: dict[str, Any] | None = None,
    *,
    mkdocs_extra: str = "",
    templates: dict[str, str] | None = None,
) -> Path:
    """A project with mkdocs.yml; decision and framework values are dicts (dumped) or raw text."""
    root.mkdir(parents=True, exist_ok=True)
    for folder, items in (
        ("decisions", decisions),
        ("frameworks", frameworks or {}),
        ("templates", templates or {}),
    ):
        (root / folder).mkdir(exist_ok=True)
        for name, body in items.items():
            path = root / folder / name
            if isinstance(body, bytes):
                path.write_bytes(body)
            elif isinstance(body, str):
                path.write_text(body, encoding="utf-8")
            else:
                path.write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False), encoding="utf-8")
    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML + mkdocs_extra, encoding="utf-8")
    return root


def build_site(root: Path, *, strict: bool = False) -> Path:
    """The suite's build helper, not strict by default: hostile content must not stop a build."""
    return mkdocs_build(root, strict=strict)


def payload_framework(i: int, payload: str) -> dict[str, Any]:
    """A valid framework with `payload` in every text a framework author writes."""
    return {
        "id": f"xss-{i}",
        "title": f"Framework {i} {payload}",
        "question": f"Which? {payload}",
        "summary": f"Summary {payload}",
        "notes": [f"Note {payload}"],
        "mode": "weighted",
        "facts": {
            "fast": {"type": "boolean", "prompt": f"Fast? {payload}"},
            "note": {"type": "string", "prompt": f"Note? {payload}"},
            "size": {"type": "number", "prompt": f"Size? {payload}", "unit": "GB"},
        },
        "options": [
            {
                "id": "alpha",
                "title": f"Alpha {payload}",
                "summary": f"A summary {payload}",
                "accepts": [f"A accepts {payload}"],
                "failure_cost": [f"A fails {payload}"],
                "pattern": f"A pattern {payload}",
            },
            {
                "id": "beta",
                "title": f"Beta {payload}",
                "summary": f"B summary {payload}",
                "accepts": [f"B accepts {payload}"],
                "failure_cost": [f"B fails {payload}"],
            },
        ],
        "criteria": [
            {
                "id": "fast",
                "option": "alpha",
                "effect": "for",
                "weight": 2,
                "text": f"Fast favours alpha {payload}",
                "when": {"fact": "fast", "eq": True},
            },
            {
                "id": "slow",
                "option": "beta",
                "effect": "against",
                "weight": 1,
                "text": f"Beta is slow {payload}",
                "when": {"fact": "fast", "eq": True},
            },
        ],
        "open_questions": [f"Framework question {payload}"],
        "estimates": [
            {"id": "double", "title": f"Twice the size {payload}", "expression": "size * 2", "unit": "GB"}
        ],
    }


def payload_decisions(i: int, payload: str) -> dict[str, dict[str, Any]]:
    """Two decisions (one with a framework, one with its own options), `payload` everywhere."""
    common: dict[str, Any] = {
        "status": "accepted",
        "date": "2026-01-01",
        "deciders": [f"Ana {payload}", payload],
        "context": f"Context {payload}\n\n{payload}\n",
        "rationale": f"Because {payload}",
        "accepted_costs": [f"Cost {payload}"],
        "open_questions": [f"Question {payload}"],
        "tags": [payload[:60] or "x", "common"],
        "links": [
            {"title": f"Link {payload}", "url": payload},
            {"title": payload, "url": "javascript:alert(1)"},
        ],
    }
    first, second = 2 * i - 1, 2 * i
    return {
        f"{first:04d}-fw.yml": {
            "title": f"Decision {payload}",
            **common,
            "framework": f"xss-{i}",
            "facts": {"fast": True, "note": payload, "size": 3},
            "observations": {"2026-02-01": {"note": f"Observed {payload}"}},
            "chosen": "beta",
            "override_rationale": f"Override {payload}",
        },
        f"{second:04d}-own.yml": {
            "title": payload,
            **common,
            "related": [first],
            "supersedes": [],
            "options": [
                {
                    "id": "one",
                    "title": f"One {payload}",
                    "summary": f"S {payload}",
                    "pros": [f"Pro {payload}"],
                    "cons": [f"Con {payload}"],
                },
                {"id": "two", "title": payload, "pros": [payload]},
            ],
            "chosen": "one",
        },
    }


def payload_site(root: Path, payloads: list[str]) -> Path:
    frameworks: dict[str, Any] = {}
    decisions: dict[str, Any] = {}
    for i, payload in enumerate(payloads, 1):
        frameworks[f"xss-{i}.yml"] = payload_framework(i, payload)
        decisions.update(payload_decisions(i, payload))
    return write_site(root, decisions, frameworks)


class Walk(HTMLParser):
    """Every element, attribute and script of an HTML page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.elements.append((tag, values))
        if tag == "script":
            self._script, self._script_text = values, []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append(_script_id(self._script, "".join(self._script_text)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        else:
            self.text.append(data)


def _script_id(attrs: dict[str, str], body: str) -> str:
    if attrs.get("src"):
        return "src:" + attrs["src"].lstrip("./")
    if attrs.get("id") == "__config":  # Material's settings, with the page's own base path
        data = json.loads(body)
        data.pop("base", None)
        return "config:" + json.dumps(data, sort_keys=True)
    return "inline:" + body.strip()


def walk(path: Path) -> Walk:
    parser = Walk()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def pages(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
    "poster",
    "background",
    "data",
    "srcdoc",
}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "form", "math", "svg"}


def _scheme(value: str) -> str:
    """The URL scheme a browser would see: it drops ASCII whitespace and controls first."""
    cleaned = "".join(ch for ch in value if ord(ch) > 0x20 and ch != "\x7f").lower()
    return cleaned


def theme_names(clean: Path) -> dict[tuple[str, str], str]:
    """The ids and names the theme gives its own elements ((attribute, value) -> tag), as in a
    clean build: page text must not take one (DOM clobbering)."""
    names: dict[tuple[str, str], str] = {}
    for path in pages(clean):
        for tag, attrs in walk(path).elements:
            for attr in ("id", "name"):
                if attr in attrs and (attrs[attr].startswith("_") or attr == "name"):
                    names[(attr, attrs[attr])] = tag
    return names


def clobbering_bits(page: Walk, theme: dict[tuple[str, str], str]) -> list[str]:
    """Elements whose id or name is the theme's (on another element or a second time), ids in
    the theme's `_` namespace, and form fields that are not a task list's disabled box."""
    found: list[str] = []
    seen: set[tuple[str, str]] = set()
    for tag, attrs in page.elements:
        for attr in ("id", "name"):
            if attr not in attrs:
                continue
            key = (attr, attrs[attr])
            if key in theme:
                if theme[key] != tag or key in seen:
                    found.append(f"<{tag} {attr}={attrs[attr]!r}> takes the theme's name")
                seen.add(key)
            elif attr == "id" and attrs["id"].startswith("_"):
                found.append(f"<{tag} id={attrs['id']!r}> in the theme's namespace")
            elif attr == "name" and not attrs["name"].startswith("user-content-"):
                found.append(f"<{tag} name={attrs['name']!r}>")
        theirs = ("id", attrs.get("id", "")) in theme or ("name", attrs.get("name", "")) in theme
        if tag == "input" and not theirs and (attrs.get("type") != "checkbox" or "disabled" not in attrs):
            found.append(f"<input {attrs}> is a form field")
    return found


def unsafe_bits(
    page: Walk, allowed_scripts: set[str], allowed_styles: set[str], allowed_tags: set[str]
) -> list[str]:
    found: list[str] = []
    for script in page.scripts:
        if script not in allowed_scripts:
            found.append(f"script {script[:80]!r}")
    for tag, attrs in page.elements:
        if (tag in FORBIDDEN_TAGS or tag == "style") and tag not in allowed_tags:
            found.append(f"<{tag}>")
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            target = attrs.get("content", "").partition("url=")[2]
            if _scheme(target).startswith(DANGEROUS_SCHEMES) or not target.startswith("../"):
                found.append(f"<meta http-equiv=refresh content={attrs.get('content')!r}>")
        if tag == "link" and attrs.get("href", "").startswith("https://xss."):
            found.append(f"<link href={attrs['href']}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and _scheme(value).startswith(DANGEROUS_SCHEMES):
                found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and value not in allowed_styles:
                found.append(f"<{tag} style={value!r}>")
    return found


@pytest.fixture(scope="module")
def clean_and_hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    plain = [f"Plain text {i}" for i in range(len(PAYLOADS))]
    clean = build_site(payload_site(tmp_path_factory.mktemp("clean"), plain))
    hostile = build_site(payload_site(tmp_path_factory.mktemp("hostile"), PAYLOADS))
    return clean, hostile


def _allowed(clean: Path) -> tuple[set[str], set[str], set[str]]:
    """What the theme itself puts in pages: scripts, style attributes and elements (its icons)."""
    scripts: set[str] = set()
    tags: set[str] = set()
    styles = {"text-align: left;", "text-align: right;", "text-align: center;"}
    for path in pages(clean):
        page = walk(path)
        scripts.update(page.scripts)
        styles.update(a["style"] for _t, a in page.elements if "style" in a)
        tags.update(t for t, _a in page.elements)
    return scripts, styles, tags


def test_payload_corpus_is_broad() -> None:
    assert len(PAYLOADS) >= 50
    joined = "\n".join(PAYLOADS).lower()
    for needle in (
        "<script",
        "onerror",
        "javascript:",
        "data:text/html",
        "vbscript:",
        "<iframe",
        "<object",
        "<embed",
        "style=",
        "{{ 7*7 }}",
        "-->",
        "</textarea>",
        "---",
        "&#106;",
    ):
        assert needle in joined, needle


def test_clean_build_passes_the_checks(clean_and_hostile: tuple[Path, Path]) -> None:
    clean, _hostile = clean_and_hostile
    allowed = _allowed(clean)
    theme = theme_names(clean)
    for path in pages(clean):
        assert unsafe_bits(walk(path), *allowed) == [], path
        assert clobbering_bits(walk(path), theme) == [], path
    assert any(s.startswith("src:") and "bundle" in s for s in allowed[0])
    assert "iframe" not in allowed[2] and "object" not in allowed[2]


def test_no_payload_survives_into_the_html(clean_and_hostile: tuple[Path, Path]) -> None:
    clean, hostile = clean_and_hostile
    allowed = _allowed(clean)
    # an author's text may hold a Mermaid diagram of their own (a `<pre class="mermaid">`): the
    # page then loads the site's own Mermaid (and nothing else: see the test below)
    allowed[0].add("src:" + MERMAID_URL)
    clean_pages = {p.relative_to(clean) for p in pages(clean)}
    hostile_pages = {p.relative_to(hostile) for p in pages(hostile)}
    assert len(hostile_pages) > 300
    theme = theme_names(clean)
    assert ("id", "__config") in theme
    problems: dict[str, list[str]] = {}
    for path in pages(hostile):
        page = walk(path)
        found = unsafe_bits(page, *allowed) + clobbering_bits(page, theme)
        logs = sum(1 for _t, a in page.elements if "data-tradeoffs-log" in a)
        # one filter box on each listing (the log, status, tag and framework pages, open
        # questions, health), none on a decision's page, whatever its text
        relative = path.relative_to(hostile).as_posix()
        listing = relative.startswith("decisions/") and not relative.startswith("decisions/ADR-")
        if logs > listing:
            found.append("a listing's filters outside the listings")
        if found:
            problems[str(path.relative_to(hostile))] = found
    assert problems == {}
    # the same pages exist: no payload made a page vanish or appear (tag pages aside)
    same = {p for p in clean_pages if "tags" not in p.parts}
    assert same <= hostile_pages


def test_mermaid_only_on_a_page_with_a_mermaid_diagram(clean_and_hostile: tuple[Path, Path]) -> None:
    """A page loads Mermaid when it has a Mermaid diagram (an author's `<pre class="mermaid">`),
    not when its text only names one."""
    _clean, hostile = clean_and_hostile
    loading = set()
    drawing = set()
    for path in pages(hostile):
        page = walk(path)
        if "src:" + MERMAID_URL in page.scripts:
            loading.add(path.relative_to(hostile).as_posix())
        if any(t == "pre" and a.get("class") == "mermaid" for t, a in page.elements):
            drawing.add(path.relative_to(hostile).as_posix())
    assert "decisions/ADR-0137/index.html" in drawing  # the payload `<pre class="mermaid">…`
    assert loading == drawing


def test_payloads_are_shown_as_text(clean_and_hostile: tuple[Path, Path]) -> None:
    _clean, hostile = clean_and_hostile
    for i, payload in enumerate(PAYLOADS, 1):
        page = walk(hostile / f"decisions/ADR-{2 * i - 1:04d}/index.html")
        shown = " ".join(" ".join(page.text).split())
        if payload.startswith(("{{", "{%", "${")):
            assert " ".join(payload.split()) in shown, payload  # data, never a template
        if payload == "{{ 7*7 }}":
            assert "Decision {{ 7*7 }}" in shown and "Decision 49" not in shown
        assert f"Ana {payload}"[:3] in shown  # the page rendered at all


def test_every_generated_page_kind_was_checked(clean_and_hostile: tuple[Path, Path]) -> None:
    _clean, hostile = clean_and_hostile
    for page in (
        "decisions/index.html",
        "decisions/graph/index.html",
        "decisions/graph/frameworks/xss-1/index.html",
        "decisions/open-questions/index.html",
        "decisions/tags/index.html",
        "decisions/frameworks/index.html",
        "decisions/frameworks/xss-1/index.html",
        "decisions/status/accepted/index.html",
        "decisions/ADR-0001/index.html",
        "decisions/health/index.html",
        "adr/1/index.html",
    ):
        assert (hostile / page).is_file(), page


class DiagramShape(HTMLParser):
    """Each relation diagram the plugin drew (`<figure class="tradeoffs-graph">`) as the elements
    a browser's tokenizer finds in it: (tag, attribute names), in order; and each box title's
    tooltip (a long title's `title` attribute) with the title's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[list[tuple[str, tuple[str, ...]]]] = []
        self.tips: list[tuple[str, str]] = []
        self.depth = 0
        self.tip: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if self.depth == 0 and tag == "figure" and "tradeoffs-graph" in values.get("class", "").split():
            self.found.append([])
        elif self.depth == 0:
            return
        self.found[-1].append((tag, tuple(sorted(values))))
        self.depth += 1
        if "title" in values and values.get("class") == "tradeoffs-graph__title":
            self.tips.append((values["title"], ""))
            self.tip = values["title"]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.depth:
            self.depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
        self.tip = None

    def handle_data(self, data: str) -> None:
        if self.tip is not None:
            self.tips[-1] = (self.tip, self.tips[-1][1] + data)


def diagram_shapes(path: Path) -> DiagramShape:
    parser = DiagramShape()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


DIAGRAM_ELEMENTS = {
    ("figure", ("aria-label", "class", "data-search-exclude")),
    ("div", ("class", "style")),
    ("svg", ("aria-hidden", "class", "focusable", "style", "viewbox")),
    ("path", ("class", "d")),
    ("title", ()),
    ("a", ("class", "href", "style")),
    ("span", ("aria-current", "class", "style")),
    ("span", ("class", "style")),
    ("span", ("class",)),
    ("span", ("class", "title")),
    ("strong", ()),
}
"""What the plugin's diagrams are made of (adr/diagram.py): no other element or attribute."""


def test_drawn_diagrams_show_hostile_titles_as_text(clean_and_hostile: tuple[Path, Path]) -> None:
    """The relation diagrams are HTML placed after sanitising: every title in them is text, and
    no title adds an element or an attribute to them."""
    clean, hostile = clean_and_hostile
    titles: dict[str, str] = {}
    for i, payload in enumerate(PAYLOADS, 1):
        titles[f"ADR-{2 * i - 1:04d}"] = f"Decision {payload}"
        titles[f"ADR-{2 * i:04d}"] = payload

    def shown(title: str) -> str:  # a box holds the first TITLE_MAX characters
        return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…"

    # every decision is drawn in some view of the relation graph (its pair's tag or framework)
    boxes: set[str] = set()
    for view in sorted((hostile / "decisions/graph").glob("*/*/index.html")):
        [diagram] = drawn(view.read_text(encoding="utf-8"))
        for box in diagram.boxes:
            assert box.title == shown(titles[box.label]), (view, box)
            assert box.href == f"../../../{box.label}/" and box.status == "accepted", (view, box)
            boxes.add(box.label)
    assert boxes == set(titles)
    # each decision's page draws it with its neighbour, but where a text broke the rest of the
    # page (`<body>`, `<style>`: the build warns that the blocks added after conversion are lost)
    missing = []
    for label, title in titles.items():
        page = (hostile / f"decisions/{label}/index.html").read_text(encoding="utf-8")
        found = drawn(page)
        if not found:
            assert '<h2 id="more-information">' not in page, label  # the diagram's section
            missing.append(label)
            continue
        [diagram] = found
        assert diagram.box(label).title == shown(title) and diagram.box(label).current, label
        assert [b.title for b in diagram.boxes if not b.current] == [
            shown(titles[b.label]) for b in diagram.boxes if not b.current
        ]
    assert len(missing) <= 6, missing
    # the same elements and attributes as the same diagram with plain titles, and nothing else
    # (but a long title's tooltip, which is the title, as text)
    compared = tips = 0
    for path in pages(hostile):
        read = diagram_shapes(path)
        for shape in read.found:
            assert set(shape) <= DIAGRAM_ELEMENTS, (path, set(shape) - DIAGRAM_ELEMENTS)
        for tip, text in read.tips:
            assert tip == text, path
            tips += 1
        twin = clean / path.relative_to(hostile)
        if read.found and twin.is_file():
            untipped = [
                [(t, tuple(a for a in at if a != "title")) for t, at in shape] for shape in read.found
            ]
            assert untipped == diagram_shapes(twin).found, path
            compared += 1
    assert tips  # the long titles have one
    assert compared > 2 * len(PAYLOADS)  # every drawn decision page and framework view


@pytest.mark.parametrize("payload", PAYLOADS)
def test_mermaid_label_escaping(payload: str) -> None:
    label = _mermaid(payload)
    assert "\n" not in label and not set(label) & set('"<>`%')


def test_redirect_pages_escape_their_target() -> None:
    from tradeoffs.site import redirect_html

    url = '../x/"><script>alert(1)</script></p>'
    page = Walk()
    page.feed(redirect_html(url, url))
    assert page.scripts == [
        "inline:location.replace(" + json.dumps(url).replace("<", "\\u003c") + " + location.hash)"
    ]
    assert [t for t, _a in page.elements].count("script") == 1
    hrefs = [a["href"] for t, a in page.elements if t in ("a", "link")]
    assert hrefs == [url, url]


MARKDOWN_CONTEXT = """\
Plain **bold** and a [link](https://example.com/docs) and `code`.

| Load | Latency |
| ---: | --- |
| 10 | 5 ms |

- one
- two

```python
print("<not a tag>")
```

!!! note "Heads up"
    Admonitions still work.

```mermaid
graph LR
  a --> b
```
"""


def test_the_markdown_people_use_still_works(tmp_path: Path) -> None:
    decision = {
        "title": "Markdown",
        "status": "accepted",
        "date": "2026-01-01",
        "context": MARKDOWN_CONTEXT,
        "options": [{"id": "a", "title": "A"}],
        "chosen": "a",
        "links": [
            {"title": "Docs", "url": "https://example.com/a b"},
            {"title": "Mail", "url": "mailto:team@example.com"},
        ],
    }
    site = build_site(write_site(tmp_path, {"0001-md.yml": decision}), strict=True)
    page = walk(site / "decisions/ADR-0001/index.html")
    tags = [t for t, _a in page.elements]
    assert {"strong", "table", "ul", "pre", "code"} <= set(tags)
    assert any(t == "div" and "admonition" in a.get("class", "") for t, a in page.elements)
    assert any(t == "pre" and a.get("class") == "mermaid" for t, a in page.elements)
    hrefs = {a.get("href") for t, a in page.elements if t == "a"}
    assert {"https://example.com/docs", "https://example.com/a%20b", "mailto:team@example.com"} <= hrefs
    shown = "".join(page.text)
    assert 'print("<not a tag>")' in shown and "graph LR" in shown


# --- broken files: a clear problem with file and line, in the CLI and in the build -----------

VALID = "title: T\nstatus: proposed\ndate: 2026-01-01\noptions: [{id: a, title: A}]\nchosen: a\n"
BROKEN_FILES: list[tuple[str, bytes, str]] = [
    ("empty", b"", "decisions/0001-x.yml:1:1: error: the decision is empty"),
    ("list", b"- a\n- b\n", "decisions/0001-x.yml:1:1: error: the decision must be a mapping"),
    ("duplicate", VALID.encode() + b"title: U\n", "decisions/0001-x.yml:6:1: error: duplicate key 'title'"),
    ("tabs", b"title: T\nfacts:\n\tfast: true\n", "decisions/0001-x.yml:3:1: error: invalid YAML"),
    ("latin-1", b"title: caf\xe9\n", "decisions/0001-x.yml:1:11: error: the file is not valid UTF-8"),
    ("binary", b"\x00\x01\x02\x89PNG", "decisions/0001-x.yml:1:1: error: the file is binary"),
    ("utf-16", "title: T\n".encode("utf-16"), "decisions/0001-x.yml:1:1: error: the file is UTF-16"),
    (
        "python tag",
        b"title: !!python/object/apply:os.system [id]\n",
        "decisions/0001-x.yml:1:8: error: the YAML tag",
    ),
    ("huge", b"title: " + b"x" * 2_000_000 + b"\n", "decisions/0001-x.yml:1:1: error:"),
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(raw, expected) for _n, raw, expected in BROKEN_FILES],
    ids=[name for name, _r, _e in BROKEN_FILES],
)
def test_broken_decision_file_through_check(tmp_path: Path, raw: bytes, expected: str) -> None:
    root = write_site(tmp_path, {"0001-x.yml": raw, "0002-ok.yml": VALID})
    result = run_cli("check", cwd=root)  # asserts no traceback
    assert result.returncode == 1
    assert expected in result.stdout, result.stdout


@pytest.mark.parametrize(
    "good", [b"\xef\xbb\xbf" + VALID.encode(), VALID.replace("\n", "\r\n").encode()], ids=["bom", "crlf"]
)
def test_bom_and_crlf_pass_check(tmp_path: Path, good: bytes) -> None:
    root = write_site(tmp_path, {"0001-x.yml": good})
    run_cli("check", "--strict", cwd=root, check=True)


def test_broken_files_are_build_warnings_with_file_and_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    decisions: dict[str, Any] = {f"{i:04d}-x.yml": raw for i, (_n, raw, _e) in enumerate(BROKEN_FILES, 1)}
    decisions["0099-ok.yml"] = VALID
    frameworks = {"broken.yml": b"id: broken\n\tmode: gated\n", "list.yml": b"- 1\n"}
    root = write_site(tmp_path, decisions, frameworks)
    with caplog.at_level(logging.WARNING):
        site = build_site(root)  # a non-strict build finishes
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    for i, (_n, _raw, expected) in enumerate(BROKEN_FILES, 1):
        where = expected.replace("0001", f"{i:04d}").split(": error")[0]
        assert any(where in w for w in warnings), (where, warnings)
    assert any("frameworks/broken.yml:2:" in w for w in warnings), warnings
    assert any("frameworks/list.yml:1:1" in w for w in warnings), warnings
    assert (site / "decisions/ADR-0099/index.html").is_file()
    with pytest.raises(Abort):  # and a strict one stops on them, without a traceback
        build_site(root, strict=True)


# --- names and links stay inside their folders ------------------------------------------


def test_references_and_template_names_cannot_leave_their_folder(tmp_path: Path) -> None:
    hostile = (
        VALID + "supersedes: ['../0002']\nrelated: ['/etc/passwd', 'ADR-../1']\ntemplate: ../../etc/passwd\n"
    )
    absolute = VALID + "template: /etc/passwd\n"
    root = write_site(tmp_path, {"0001-x.yml": hostile, "0002-y.yml": absolute})
    out = run_cli("check", cwd=root).stdout
    assert "decisions/0001-x.yml:6:14: error: supersedes[0] '../0002' is not in the expected form" in out
    assert "decisions/0001-x.yml:7:11: error: related[0] '/etc/passwd'" in out
    assert "decisions/0001-x.yml:8:11: error: template '../../etc/passwd' is not in the expected form" in out
    assert "decisions/0002-y.yml:6:11: error: template '/etc/passwd'" in out


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "..", "a/b", "~root"])
def test_template_option_outside_the_templates_folder_is_refused(
    tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_site(tmp_path, {"0001-x.yml": VALID})
    valid = (root / "mkdocs.yml").read_text()
    text = valid.replace("  - tradeoffs\n", f"  - tradeoffs:\n      template: {json.dumps(name)}\n")
    (root / "mkdocs.yml").write_text(text)
    with pytest.raises(Abort):  # MkDocs shows the PluginError's sentence and stops
        build_site(root)
    assert "never outside it" in caplog.text and "Traceback" not in caplog.text
    result = run_cli("render", "decisions/0001-x.yml", cwd=root)
    assert result.returncode != 0 and "never outside it" in result.stderr
    (root / "mkdocs.yml").write_text(valid)
    result = run_cli("render", "decisions/0001-x.yml", "--template", name, cwd=root)
    assert result.returncode != 0 and "--template:1:1: error: template name" in result.stderr


def test_tags_differing_only_in_case_are_reported_with_both_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_site(
        tmp_path,
        {"0001-a.yml": VALID + "tags: [Performance]\n", "0002-b.yml": VALID + "tags: [web, performance]\n"},
    )
    out = run_cli("check", cwd=root).stdout
    assert (
        "decisions/0002-b.yml:6:13: warning: tag 'performance' differs only in case from "
        "'Performance' in decisions/0001-a.yml"
    ) in out
    with caplog.at_level(logging.WARNING):
        site = build_site(root)
    assert any("0002-b.yml:6:13" in r.getMessage() for r in caplog.records)
    assert (site / "decisions/tags/performance/index.html").is_file()
    assert (site / "decisions/tags/performance-2/index.html").is_file()


def test_clashing_files_are_reported_with_both_ends(tmp_path: Path) -> None:
    fw = RULES_FRAMEWORK
    root = write_site(
        tmp_path, {"0001-A.yml": VALID, "0001-a.yml": VALID}, {"Test-rules.yml": fw, "test-rules.yml": fw}
    )
    out = run_cli("check", cwd=root).stdout
    assert "decisions/0001-A.yml:1:1: error: decision number 1 is also used by decisions/0001-a.yml" in out
    assert "decisions/0001-a.yml:1:1: error: decision number 1 is also used by decisions/0001-A.yml" in out
    assert "framework id 'test-rules' is also defined in frameworks/Test-rules.yml" in out


def test_supersedes_cycles_self_references_and_missing_decisions(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sup = VALID.replace("proposed", "superseded")
    root = write_site(
        tmp_path,
        {
            "0001-a.yml": sup + "supersedes: [2]\n",
            "0002-b.yml": sup + "supersedes: [1]\n",
            "0003-c.yml": VALID + "related: [3]\nsupersedes: [ADR-9]\n",
        },
    )
    out = run_cli("check", cwd=root).stdout
    assert (
        "decisions/0001-a.yml:6:13: error: supersedes forms a cycle: ADR-0001 (decisions/0001-a.yml) "
        "-> ADR-0002 (decisions/0002-b.yml) -> ADR-0001 (decisions/0001-a.yml)"
    ) in out
    assert "decisions/0003-c.yml:6:10: error: ADR-0003 lists itself in related" in out
    assert "decisions/0003-c.yml:7:13: error: supersedes names decision 9, which does not exist" in out
    with caplog.at_level(logging.WARNING):
        site = build_site(root)
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "0001-a.yml:6:13" in messages and "0003-c.yml:6:10" in messages and "0003-c.yml:7:13" in messages
    assert (site / "decisions/graph/index.html").is_file()


def test_new_refuses_a_title_too_long_for_a_decision(tmp_path: Path) -> None:
    root = write_site(tmp_path, {})
    result = run_cli("new", "none", "x" * 2000, "--no-git", cwd=root)
    assert result.returncode == 2 and "the title has 2,000 characters, at most 300 fit" in result.stderr
    assert list((root / "decisions").iterdir()) == []


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("x" * 300, "x" * 60),
        ("word " * 60, "-".join(["word"] * 12)),
        ("../../etc/passwd/../..\\..\\boot.ini", "etc-passwd-boot-ini"),
        ("/abs/path", "abs-path"),
        ("🚀🚀🚀", "decision"),
        ("Émoji 🚀 ünïcode", None),
    ],
)
def test_new_makes_sane_file_names_from_any_title(tmp_path: Path, title: str, slug: str | None) -> None:
    root = write_site(tmp_path, {})
    result = run_cli("new", "none", title, "--no-git", cwd=root, check=True)
    created = [p.name for p in (root / "decisions").iterdir()]
    assert created == [Path(result.stdout.strip()).name]
    name = created[0]
    assert len(name) <= 80 and "/" not in name and "\\" not in name and not name.startswith(".")
    assert name.startswith("0001-") and name.endswith(".yml")
    if slug is not None:
        assert name == f"0001-{slug}.yml"
    written = yaml.safe_load((root / "decisions" / name).read_text(encoding="utf-8"))
    assert written["title"] == " ".join(title.split())  # the title itself is kept whole
    site = build_site(root, strict=True)
    assert (site / "decisions/ADR-0001/index.html").is_file()


# --- broken team templates ----------------------------------------------------------------

BROKEN_TEMPLATES = {
    "syntax": ("# {{ adr.title }}\n{% if %}\n", "templates/syntax.md.j2:2:", "template syntax error"),
    "undefined": ("# {{ adr.title }}\n\n{{ adr.nope }}\n", "templates/undefined.md.j2:3:", "nope"),
    "division": ("# {{ adr.title }}\n\n\n{{ 1 / 0 }}\n", "templates/division.md.j2:4:", "ZeroDivisionError"),
    "include": (
        '# {{ adr.title }}\n{% include "missing.j2" %}\n',
        "templates/include.md.j2:2:",
        "missing.j2",
    ),
    "escape": ('{% include "../../../../etc/passwd" %}\n', "templates/escape.md.j2:1:", "is not a template"),
    "unclosed": ("{% for x in adr.tags %}\n{{ x }}\n", "templates/unclosed.md.j2:", "template syntax error"),
}


@pytest.mark.parametrize("name", sorted(BROKEN_TEMPLATES))
def test_broken_team_template_names_its_file_and_line(
    tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    body, where, what = BROKEN_TEMPLATES[name]
    root = write_site(
        tmp_path,
        {"0001-x.yml": VALID, "0002-y.yml": VALID + f"template: {name}\n"},
        templates={f"{name}.md.j2": body},
    )
    result = run_cli("render", "decisions/0001-x.yml", "--template", name, cwd=root)
    assert result.returncode != 0 and where in result.stderr and what in result.stderr, result.stderr
    result = run_cli("render", "decisions/0002-y.yml", cwd=root)
    assert result.returncode != 0 and where in result.stderr, result.stderr
    with caplog.at_level(logging.WARNING):  # one decision's template: a warning, the page falls back
        site = build_site(root)
    assert any(where in r.getMessage() for r in caplog.records), caplog.text
    assert "ADR-0002" in (site / "decisions/ADR-0002/index.html").read_text(encoding="utf-8")
    text = (
        (root / "mkdocs.yml")
        .read_text()
        .replace("  - tradeoffs\n", f"  - tradeoffs:\n      template: {name}\n")
    )
    (root / "mkdocs.yml").write_text(text)
    caplog.clear()
    try:  # the site's template: refused up front (syntax) or a warning per page, never a traceback
        build_site(root)
    except Abort:
        assert where in caplog.text and "PluginError" not in caplog.text, caplog.text
    assert any(where in r.getMessage() for r in caplog.records), caplog.text
    assert "Traceback" not in caplog.text


# --- a real build of generated sites -------------------------------------------------------

hostile_text = st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=30))
generated_decision = st.fixed_dictionaries(
    {"title": hostile_text, "status": st.sampled_from(["proposed", "accepted", "superseded", "odd"])},
    optional={
        "date": st.one_of(st.dates(), hostile_text),
        "framework": st.sampled_from(["test-rules", "cache-vs-recompute", "nope"]),
        "facts": st.dictionaries(
            st.sampled_from(["fast", "load", "note", "tier"]),
            st.one_of(st.booleans(), st.integers(-5, 200), hostile_text),
            max_size=3,
        ),
        "chosen": st.one_of(
            st.sampled_from(["alpha", "beta", "a", "cache"]), st.lists(hostile_text, max_size=2)
        ),
        "context": hostile_text,
        "rationale": hostile_text,
        "tags": st.lists(hostile_text, max_size=3),
        "links": st.lists(st.fixed_dictionaries({"title": hostile_text, "url": hostile_text}), max_size=2),
        "supersedes": st.lists(st.one_of(st.integers(-1, 5), hostile_text), max_size=2),
        "related": st.lists(st.integers(0, 5), max_size=2),
        "options": st.lists(
            st.fixed_dictionaries({"id": st.sampled_from(["a", "b"]), "title": hostile_text}), max_size=2
        ),
        "template": st.sampled_from(["madr", "nygard", "y-statement", "../x", "missing"]),
    },
)


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(decisions=st.lists(st.one_of(generated_decision, st.binary(max_size=40)), min_size=1, max_size=4))
def test_generated_sites_build_or_fail_cleanly(
    tmp_path_factory: pytest.TempPathFactory, clean_and_hostile: tuple[Path, Path], decisions: list[Any]
) -> None:
    """Whatever the files hold, the build finishes (problems are warnings) or stops with a sentence."""
    scripts, _styles, _tags = _allowed(clean_and_hostile[0])
    files = {f"{i:04d}-g.yml": d for i, d in enumerate(decisions, 1)}
    root = write_site(tmp_path_factory.mktemp("gen"), files, {"test-rules.yml": RULES_FRAMEWORK})
    try:
        site = build_site(root)
    except PluginError:
        return  # a clean, one-sentence failure
    for path in pages(site):
        page = walk(path)
        assert set(page.scripts) <= scripts, path
        assert not [a for _t, attrs in page.elements for a in attrs if a.startswith("on")], path


# --- nothing lost ---------------------------------------------------------------------------


@pytest.mark.build  # eight `tradeoffs` processes
def test_eight_concurrent_new_take_eight_numbers(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"0003-existing.yml": VALID})
    env = {k: v for k, v in os.environ.items() if k != "TRADEOFFS_DEBUG"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tradeoffs", "new", "none", "Same title", "--no-git"],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    written = sorted(out.strip() for out, _err in outputs)
    assert written == [f"decisions/{n:04d}-same-title.yml" for n in range(4, 12)]
    assert sorted(p.name for p in (root / "decisions").iterdir()) == ["0003-existing.yml"] + [
        Path(w).name for w in written
    ]
    assert (root / "decisions/0003-existing.yml").read_text() == VALID
    run_cli("check", cwd=root, check=True)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_writing_commands_never_clobber(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"0001-a.yml": VALID, "0002-b.yml": VALID})
    (root / "mine.json").write_text('{"not": "a schema"}\n')
    (root / "out").mkdir()
    (root / "out" / "notes.md").write_text("my notes\n")
    (root / "export.json").write_text("keep me\n")
    adrs = root / "adrs"
    adrs.mkdir()
    (adrs / "0001-use-x.md").write_text(
        "# 1. Use X\n\n## Status\n\nAccepted\n\n## Context\n\nC\n\n## Decision\n\nD\n\n## Consequences\n\nE\n"
    )
    before = _snapshot(root)
    refusals = [
        (["schema", "decision", "--output", "mine.json"], "not a JSON Schema"),
        (["export", "--out", "out"], ""),
        (["export", "--format", "json", "--out", "export.json"], "--force"),
        (["renumber", "decisions/0002-b.yml", "--to", "1", "--no-git"], ""),
        (["supersede", "1", "1"], ""),
        (["status", "9", "accepted"], ""),
    ]
    for args, says in refusals:
        result = run_cli(*args, cwd=root)
        assert result.returncode != 0, (args, result.stdout, result.stderr)
        assert says in result.stderr, (args, result.stderr)
        assert _snapshot(root) == before, args
    # import writes beside what is there, under the next free number, and replaces nothing
    run_cli("import", "adrs", cwd=root, check=True)
    after = _snapshot(root)
    assert {k: after[k] for k in before} == before
    assert set(after) - set(before) == {"decisions/0003-use-x.yml"}
    # new never takes an existing file, even one it would name itself
    (root / "decisions/0004-title.yml").write_text("mine\n")
    out = run_cli("new", "none", "Title", "--no-git", cwd=root, check=True).stdout
    assert out.strip() == "decisions/0005-title.yml"
    assert (root / "decisions/0004-title.yml").read_text() == "mine\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_a_clean_error(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"0001-a.yml": VALID})
    (root / "decisions").chmod(0o555)
    try:
        result = run_cli("new", "none", "Title", "--no-git", cwd=root)
        assert result.returncode == 1 and "Permission denied" in result.stderr
        result = run_cli("status", "1", "accepted", cwd=root)
        assert result.returncode != 0 and "Traceback" not in result.stderr
    finally:
        (root / "decisions").chmod(0o755)
    assert [p.name for p in (root / "decisions").iterdir()] == ["0001-a.yml"]


def test_a_file_where_a_folder_belongs_is_a_clean_error(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"0001-a.yml": VALID})
    (root / "blocked").write_text("keep\n")
    result = run_cli("--decisions-dir", "blocked/decisions", "new", "none", "Title", cwd=root)
    assert result.returncode == 1
    assert (
        result.stderr.strip().endswith("blocked/decisions: Not a directory") or "blocked" in result.stderr
    ), result.stderr
    assert "internal error" not in result.stderr
    result = run_cli("schema", "decision", "--output", "blocked/schema.json", cwd=root)
    assert result.returncode == 1 and "internal error" not in result.stderr, result.stderr
    assert (root / "blocked").read_text() == "keep\n"


# --- DOM clobbering: ids, names, form fields and behaviour classes -------------------------

CLOBBER_CONTEXT = """\
<div id="__config">{"base": ".", "features": [], "search": "data:text/javascript,alert(1)"}</div>

{"base": ".", "features": [], "search": "data:text/javascript,alert(2)"}
{: #__config }

## Own heading {: #__search }

## Plain heading

<a name="__config" href="#__config">named</a> <a href="#plain-heading">up</a>
<input type="text" name="q" id="__drawer"> <div class="mermaid md-header keep">graph TD; a</div>
"""


@pytest.mark.build
def test_author_ids_names_and_fields_cannot_take_the_themes(tmp_path: Path) -> None:
    decision = {
        "title": "Clobber",
        "status": "accepted",
        "date": "2026-01-01",
        "context": CLOBBER_CONTEXT,
        "options": [{"id": "a", "title": "A"}],
        "chosen": "a",
    }
    site = build_site(write_site(tmp_path, {"0001-clobber.yml": decision}), strict=True)
    page = walk(site / "decisions/ADR-0001/index.html")
    ids = [a["id"] for _t, a in page.elements if "id" in a]
    assert ids.count("__config") == 1 and ids.count("__search") == 1 and ids.count("__drawer") == 1
    config = [t for t, a in page.elements if a.get("id") == "__config"]
    assert config == ["script"]
    assert "user-content-__config" in ids and "user-content-__search" in ids
    assert "plain-heading" in ids  # the toolchain's own heading ids stay as they were
    hrefs = [a.get("href") for t, a in page.elements if t == "a"]
    assert "#user-content-__config" in hrefs and "#plain-heading" in hrefs
    assert "#user-content-__search" in hrefs  # the table of contents follows the renamed heading
    fields = [
        a
        for t, a in page.elements
        if t == "input" and "md-toggle" not in a.get("class", "") and a.get("name") != "query"
    ]
    assert fields == [{"id": "user-content-__drawer", "type": "checkbox", "disabled": "disabled"}]
    names = [a["name"] for t, a in page.elements if t == "a" and "name" in a]
    assert names == ["user-content-__config"]
    classes = [a.get("class") for t, a in page.elements if t == "div" and "keep" in a.get("class", "")]
    assert classes == ["keep"]


def test_sanitize_keeps_toolchain_ids_and_prefixes_the_rest() -> None:
    from tradeoffs.site.sanitize import sanitize

    html = (
        '<h2 id="context">C</h2><h2 id="__toc">T</h2><sup id="fnref:1"><a href="#fn:1">1</a></sup>'
        '<p id="mine">x</p><pre class="mermaid"><code>g</code></pre>'
    )
    clean = sanitize(html, {"context", "__toc"})
    assert '<h2 id="context">' in clean and '<h2 id="user-content-__toc">' in clean
    assert 'id="fnref:1"' in clean and 'href="#fn:1"' in clean and 'id="user-content-mine"' in clean
    assert '<pre class="mermaid">' in clean


# --- symbolic links out of the project ------------------------------------------------------

OUTSIDE_ADR = "# 9. Outside secret\n\nDate: 2026-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nSECRET-MD\n"


def linked_site(tmp_path: Path) -> tuple[Path, Path]:
    """A project whose folders hold links out of it (and links that stay inside)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "0002-out.yml").write_text(VALID.replace("title: T", "title: SECRET-YML"), encoding="utf-8")
    (outside / "fw.yml").write_text(RULES_FRAMEWORK.replace("Test rules", "SECRET-FW"), encoding="utf-8")
    (outside / "0009-out.md").write_text(OUTSIDE_ADR, encoding="utf-8")
    (outside / "t.md.j2").write_text("SECRET-TEMPLATE\n", encoding="utf-8")
    root = write_site(
        tmp_path / "proj", {"0001-in.yml": VALID, "0003-t.yml": VALID + "template: t\n"}, mkdocs_extra=""
    )
    yml = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        yml.replace("  - tradeoffs\n", "  - tradeoffs:\n      markdown_dirs: [legacy]\n"), encoding="utf-8"
    )
    (root / "legacy").mkdir()
    (root / "decisions" / "0002-out.yml").symlink_to(outside / "0002-out.yml")
    (root / "frameworks" / "fw.yml").symlink_to(outside / "fw.yml")
    (root / "frameworks" / "passwd.yml").symlink_to("/etc/passwd")
    (root / "legacy" / "0009-out.md").symlink_to(outside / "0009-out.md")
    (root / "templates" / "t.md.j2").symlink_to(outside / "t.md.j2")
    # links that stay inside the project keep working
    (root / "shared").mkdir()
    (root / "shared" / "0004-shared.yml").write_text(
        VALID.replace("title: T", "title: Shared"), encoding="utf-8"
    )
    (root / "decisions" / "0004-shared.yml").symlink_to(Path("..") / "shared" / "0004-shared.yml")
    return root, outside


@pytest.mark.build
def test_links_out_of_the_project_are_refused_in_check(tmp_path: Path) -> None:
    root, outside = linked_site(tmp_path)
    out = run_cli("check", cwd=root).stdout
    for link, target in (
        ("decisions/0002-out.yml", outside / "0002-out.yml"),
        ("frameworks/fw.yml", outside / "fw.yml"),
        ("frameworks/passwd.yml", Path("/etc/passwd")),
        ("legacy/0009-out.md", outside / "0009-out.md"),
    ):
        assert (
            f"{link}:1:1: error: {link} is a symbolic link to {target.resolve()}, outside the project" in out
        ), out
    assert "SECRET" not in out
    assert "0004-shared" not in out  # a link inside the project is read as any file


@pytest.mark.build
def test_links_out_of_the_project_are_not_published(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root, outside = linked_site(tmp_path)
    with caplog.at_level(logging.WARNING):
        site = build_site(root)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"templates/t.md.j2 is a symbolic link to {(outside / 't.md.j2').resolve()}" in logged
    assert "decisions/0002-out.yml is a symbolic link" in logged
    published = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".json")
    )
    assert "SECRET" not in published and "root:x:0:0" not in published
    assert (site / "decisions/ADR-0004/index.html").is_file()  # linked from inside: published
    assert "Shared" in (site / "decisions/ADR-0004/index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_status_refuses_a_decision_that_links_out_of_the_project(tmp_path: Path) -> None:
    root, outside = linked_site(tmp_path)
    out = run_cli("status", "2", "accepted", cwd=root)
    assert out.returncode == 2
    assert (
        f"decisions/0002-out.yml is a symbolic link to {(outside / '0002-out.yml').resolve()}" in out.stderr
    )
    assert (root / "decisions" / "0002-out.yml").is_symlink()
    assert "SECRET-YML" in (outside / "0002-out.yml").read_text(encoding="utf-8")


@pytest.mark.build
def test_import_refuses_links_out_of_the_project(tmp_path: Path) -> None:
    root, outside = linked_site(tmp_path)
    out = run_cli("import", "legacy", "--out", "imported", cwd=root)
    assert f"legacy/0009-out.md is a symbolic link to {(outside / '0009-out.md').resolve()}" in out.stderr
    assert not list((root / "imported").glob("*.yml"))


# --- numbers no fact can mean -----------------------------------------------------------------

FACT_DECISION = (
    "title: T\nstatus: proposed\ndate: 2026-01-01\nframework: test-rules\nchosen: alpha\n"
    "facts:\n  fast: true\n"
)
HUGE_NUMBERS = {
    "hex fact": (FACT_DECISION + "  count: 0x" + "f" * 5000 + "\n", "8:10", "the number 0xffffffffff…"),
    "decimal fact": (FACT_DECISION + "  count: " + "9" * 5000 + "\n", "8:10", "the number 999999999999…"),
    "supersedes": (FACT_DECISION + "supersedes: [" + "9" * 5000 + "]\n", "8:14", "the number 999999999999…"),
    "nan": (FACT_DECISION + "  load: .nan\n", "8:9", "facts.load must be a finite number"),
    "infinity": (FACT_DECISION + "  load: -.inf\n", "8:9", "facts.load must be a finite number"),
    "base 60": (
        FACT_DECISION + "  count: 190:20:30\n",
        "8:10",
        "facts.count must be a whole number, not '190:20:30'",
    ),
}


@pytest.mark.parametrize(
    ("text", "value", "message"),
    [
        (
            "k: 0x" + "f" * 5000,
            "0x" + "f" * 5000,
            "1:4: error: the number 0xffffffffff…ffffff (5,002 characters) is too large",
        ),
        (
            "k: " + "9" * 400,
            "9" * 400,
            "1:4: error: the number 999999999999…999999 (400 characters) is too large",
        ),
        ("k: [1, -" + "9" * 5000 + "]", "-" + "9" * 5000, "1:8: error: the number -99999999999…999999"),
        ("k: 190:20:30", "190:20:30", None),
        ("k: 1:30.5", "1:30.5", None),
        ("k: " + "9" * 300, int("9" * 300), None),
        ("k: 0x" + "f" * 200, int("f" * 200, 16), None),
    ],
    ids=["hex", "decimal", "in a list", "base 60", "base 60 float", "300 digits", "200 hex digits"],
)
def test_numbers_are_read_within_bounds(text: str, value: Any, message: str | None) -> None:
    from tradeoffs.core import source

    doc, problems = source.parse("f.yml", text + "\n")
    assert doc is not None
    got = doc.data["k"][-1] if isinstance(doc.data["k"], list) else doc.data["k"]
    assert got == value
    if message is None:
        assert problems == []
    else:
        assert [p.format() for p in problems] and problems[0].format().startswith("f.yml:" + message)


@pytest.mark.build
@pytest.mark.parametrize("name", sorted(HUGE_NUMBERS))
def test_numbers_no_fact_can_mean_are_placed_problems(
    tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    text, where, message = HUGE_NUMBERS[name]
    root = write_site(tmp_path, {"0001-n.yml": text}, {"rules.yml": RULES_FRAMEWORK})
    out = run_cli("check", cwd=root)
    assert out.returncode == 1
    assert f"decisions/0001-n.yml:{where}: error: {message}" in out.stdout, out.stdout + out.stderr
    assert "internal error" not in out.stdout + out.stderr
    with caplog.at_level(logging.WARNING):
        build_site(root)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"decisions/0001-n.yml:{where}: error: {message}" in logged


# --- estimates: bounded work ------------------------------------------------------------------

RUNAWAY = {
    "power": "load ** 3999999",
    "modulo": "(load ** 3999999) % 7",
    "floor division": "(count ** 999999) // 3",
    "max and round": "round(max(load ** 999999, 1), 3)",
    "round digits": "round(load, 1000000000) + round(load, -1000000000)",
    "shift": "1 << (count ** 20)",
    "float": "load * 1e308 * 10",
}


@pytest.mark.build
def test_runaway_estimates_finish_without_a_value() -> None:
    """Each ran for seconds to minutes per decision before the operations were bounded; a
    child process with a generous deadline tells a hang from an answer (no speed target)."""
    script = (
        "import json, sys\n"
        "from tradeoffs.core.estimates import compute\n"
        "from tradeoffs.core.model import Estimate, Framework, Option\n"
        "exprs = json.loads(sys.argv[1])\n"
        "fw = Framework(id='f', title='F', question='?', mode='weighted', facts={},\n"
        "               options=(Option(id='o', title='O', summary=''),),\n"
        "               estimates=tuple(Estimate(id=f'e{i}', title='E', expression=e) for i, e in enumerate(exprs)))\n"
        "print(json.dumps([r.value for r in compute(fw, {'load': 500, 'count': 3})]))\n"
    )
    exprs = list(RUNAWAY.values())
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(exprs)],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values[list(RUNAWAY).index("round digits")] == 500.0  # 500 + 0: a huge `ndigits` is harmless
    assert [v for k, v in zip(RUNAWAY, values, strict=True) if k != "round digits"] == [None] * (
        len(RUNAWAY) - 1
    )


@pytest.mark.build
@pytest.mark.parametrize(
    ("expression", "message"),
    [
        (" + ".join(["load"] * 50_000), "estimates[0].expression is too long (at most 1000 characters)"),
        ("-" * 100_000 + "load", "estimates[0].expression is too long (at most 1000 characters)"),
        (
            "max(" + ", ".join(["1"] * 201) + ")",
            "the expression has more than 200 names, numbers, operations",
        ),
        (" + ".join(["1"] * 101), "the expression has more than 200 names, numbers, operations"),
        ("-" * 150 + "load", "the expression nests more than 100 levels deep"),
        ("abs(" * 120 + "load" + ")" * 120, "the expression nests more than 100 levels deep"),
    ],
    ids=[
        "50000 terms",
        "100000 minus signs",
        "201 arguments",
        "101 terms",
        "150 minus signs",
        "120 calls deep",
    ],
)
def test_oversized_estimates_are_placed_framework_errors(
    tmp_path: Path, expression: str, message: str
) -> None:
    framework = RULES_FRAMEWORK + f'estimates:\n  - id: big\n    title: Big\n    expression: "{expression}"\n'
    root = write_site(tmp_path, {"0001-a.yml": FACT_DECISION}, {"rules.yml": framework})
    out = run_cli("check", cwd=root)
    line = framework.splitlines().index("    expression: " + f'"{expression}"') + 1
    assert f"frameworks/rules.yml:{line}:17: error: " in out.stdout, out.stdout + out.stderr
    assert message in out.stdout
    assert "internal error" not in out.stdout + out.stderr


def test_expression_bounds_hold_without_the_schema() -> None:
    """`names_used` refuses what the parser cannot take, for callers that skip the schema."""
    from tradeoffs.core.estimates import names_used

    for expression in (" + ".join(["x"] * 50_000), "-" * 100_000 + "x", "(" * 300 + "x" + ")" * 300):
        names, reason = names_used(expression)
        assert names == frozenset() and reason is not None


# --- a write killed half way ------------------------------------------------------------------

KILLED_WRITE = """\
import os, sys, time
from pathlib import Path
from tradeoffs.core import files
real_fsync = os.fsync
def stall(fd):
    real_fsync(fd)
    print("writing", flush=True)
    time.sleep(60)
os.fsync = stall
files.replace_atomically(Path(sys.argv[1]), "title: half\\n")
"""


@pytest.mark.build
def test_a_write_killed_half_way_is_reported_and_cleaned_up(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"0001-x.yml": VALID})
    target = root / "decisions" / "0001-x.yml"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITE, str(target)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
    leftover = [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")]
    assert len(leftover) == 1
    # while the writer lives, its file is its own: neither reported nor removed
    assert leftover[0] not in run_cli("check", cwd=root).stdout
    writer.kill()  # SIGKILL: no cleanup runs
    writer.wait()
    assert target.read_text(encoding="utf-8") == VALID  # nothing lost
    out = run_cli("check", cwd=root).stdout
    assert f"decisions/{leftover[0]}:1:1: warning: a temporary file left by an interrupted write" in out
    run_cli("status", "1", "accepted", cwd=root, check=True)
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert "status: accepted" in target.read_text(encoding="utf-8")
    assert "temporary file" not in run_cli("check", cwd=root).stdout
