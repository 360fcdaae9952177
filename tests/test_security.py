"""Hostile and broken input: no traceback, no script injection, nothing lost.

Decision and framework files come from anyone who can open a pull request, and everybody reads
the site. These tests put known XSS payloads (tests/xss_payloads.txt) in every field, build real
sites and walk the HTML with a real parser; feed broken files to `tradeoffs check` and to
`mkdocs build`; try to reach outside the project's folders; break team templates; and check that
no command overwrites a file it did not mean to, even when eight of them run at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tradeoffs.site import _mermaid

HERE = Path(__file__).resolve().parent
PAYLOADS = [line for line in (HERE / "xss_payloads.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("# ")]

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


def write_site(root: Path, decisions: dict[str, Any], frameworks: dict[str, Any] | None = None,
               *, mkdocs_extra: str = "", templates: dict[str, str] | None = None) -> Path:
    """A project with mkdocs.yml; decision and framework values are dicts (dumped) or raw text."""
    root.mkdir(parents=True, exist_ok=True)
    for folder, items in (("decisions", decisions), ("frameworks", frameworks or {}),
                          ("templates", templates or {})):
        (root / folder).mkdir(exist_ok=True)
        for name, body in items.items():
            path = root / folder / name
            if isinstance(body, bytes):
                path.write_bytes(body)
            elif isinstance(body, str):
                path.write_text(body, encoding="utf-8")
            else:
                path.write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False),
                                encoding="utf-8")
    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML + mkdocs_extra, encoding="utf-8")
    return root


def build_site(root: Path, *, strict: bool = False) -> Path:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=strict)
    build(config)
    return root / "site"


def payload_framework(i: int, payload: str) -> dict[str, Any]:
    """A valid framework with `payload` in every text a framework author writes."""
    return {
        "id": f"xss-{i}", "title": f"Framework {i} {payload}", "question": f"Which? {payload}",
        "summary": f"Summary {payload}", "notes": [f"Note {payload}"], "mode": "weighted",
        "facts": {
            "fast": {"type": "boolean", "prompt": f"Fast? {payload}"},
            "note": {"type": "string", "prompt": f"Note? {payload}"},
            "size": {"type": "number", "prompt": f"Size? {payload}", "unit": "GB"},
        },
        "options": [
            {"id": "alpha", "title": f"Alpha {payload}", "summary": f"A summary {payload}",
             "accepts": [f"A accepts {payload}"], "failure_cost": [f"A fails {payload}"],
             "pattern": f"A pattern {payload}"},
            {"id": "beta", "title": f"Beta {payload}", "summary": f"B summary {payload}",
             "accepts": [f"B accepts {payload}"], "failure_cost": [f"B fails {payload}"]},
        ],
        "criteria": [
            {"id": "fast", "option": "alpha", "effect": "for", "weight": 2,
             "text": f"Fast favours alpha {payload}", "when": {"fact": "fast", "eq": True}},
            {"id": "slow", "option": "beta", "effect": "against", "weight": 1,
             "text": f"Beta is slow {payload}", "when": {"fact": "fast", "eq": True}},
        ],
        "open_questions": [f"Framework question {payload}"],
        "estimates": [{"id": "double", "title": f"Twice the size {payload}",
                       "expression": "size * 2", "unit": "GB"}],
    }


def payload_decisions(i: int, payload: str) -> dict[str, dict[str, Any]]:
    """Two decisions (one with a framework, one with its own options), `payload` everywhere."""
    common: dict[str, Any] = {
        "status": "accepted", "date": "2026-01-01", "deciders": [f"Ana {payload}", payload],
        "context": f"Context {payload}\n\n{payload}\n",
        "rationale": f"Because {payload}",
        "accepted_costs": [f"Cost {payload}"], "open_questions": [f"Question {payload}"],
        "tags": [payload[:60] or "x", "common"],
        "links": [{"title": f"Link {payload}", "url": payload},
                  {"title": payload, "url": "javascript:alert(1)"}],
    }
    first, second = 2 * i - 1, 2 * i
    return {
        f"{first:04d}-fw.yml": {
            "title": f"Decision {payload}", **common, "framework": f"xss-{i}",
            "facts": {"fast": True, "note": payload, "size": 3},
            "observations": {"2026-02-01": {"note": f"Observed {payload}"}},
            "chosen": "beta", "override_rationale": f"Override {payload}",
        },
        f"{second:04d}-own.yml": {
            "title": payload, **common, "related": [first], "supersedes": [],
            "options": [{"id": "one", "title": f"One {payload}", "summary": f"S {payload}",
                         "pros": [f"Pro {payload}"], "cons": [f"Con {payload}"]},
                        {"id": "two", "title": payload, "pros": [payload]}],
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
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster",
                  "background", "data", "srcdoc"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "form",
                  "math", "svg"}


def _scheme(value: str) -> str:
    """The URL scheme a browser would see: it drops ASCII whitespace and controls first."""
    cleaned = "".join(ch for ch in value if ord(ch) > 0x20 and ch != "\x7f").lower()
    return cleaned


def unsafe_bits(page: Walk, allowed_scripts: set[str], allowed_styles: set[str],
                allowed_tags: set[str]) -> list[str]:
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
    for needle in ("<script", "onerror", "javascript:", "data:text/html", "vbscript:", "<iframe",
                   "<object", "<embed", "style=", "{{ 7*7 }}", "-->", "</textarea>", "---", "&#106;"):
        assert needle in joined, needle


def test_clean_build_passes_the_checks(clean_and_hostile: tuple[Path, Path]) -> None:
    clean, _hostile = clean_and_hostile
    allowed = _allowed(clean)
    for path in pages(clean):
        assert unsafe_bits(walk(path), *allowed) == [], path
    assert any(s.startswith("src:") and "bundle" in s for s in allowed[0])
    assert "iframe" not in allowed[2] and "object" not in allowed[2]


def test_no_payload_survives_into_the_html(clean_and_hostile: tuple[Path, Path]) -> None:
    clean, hostile = clean_and_hostile
    allowed = _allowed(clean)
    clean_pages = {p.relative_to(clean) for p in pages(clean)}
    hostile_pages = {p.relative_to(hostile) for p in pages(hostile)}
    assert len(hostile_pages) > 300
    problems: dict[str, list[str]] = {}
    for path in pages(hostile):
        found = unsafe_bits(walk(path), *allowed)
        if found:
            problems[str(path.relative_to(hostile))] = found
    assert problems == {}
    # the same pages exist: no payload made a page vanish or appear (tag pages aside)
    same = {p for p in clean_pages if "tags" not in p.parts}
    assert same <= hostile_pages


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
    for page in ("decisions/index.html", "decisions/graph/index.html",
                 "decisions/open-questions/index.html", "decisions/tags/index.html",
                 "decisions/frameworks/index.html", "decisions/frameworks/xss-1/index.html",
                 "decisions/status/accepted/index.html", "decisions/ADR-0001/index.html",
                 "adr/1/index.html"):
        assert (hostile / page).is_file(), page


def test_mermaid_labels_stay_inside_their_node(clean_and_hostile: tuple[Path, Path]) -> None:
    _clean, hostile = clean_and_hostile
    page = walk(hostile / "decisions/graph/index.html")
    source = "".join(page.text)
    start = source.index("graph LR")
    lines = source[start:].split("\n")
    nodes = [line for line in lines if line.strip().startswith("adr") and '["' in line]
    assert len(nodes) == 2 * len(PAYLOADS)
    for line in nodes:
        label = line.strip().split('["', 1)[1]
        assert label.endswith('"]'), line
        inner, br, status = label[:-2].rpartition("<br>")
        assert br and status in ("(accepted)", "(proposed)"), line  # the one tag is ours
        # no quote, bracket or tag can end the label early or reach Mermaid's HTML renderer
        assert not set(inner) & set('"<>`'), line


@pytest.mark.parametrize("payload", PAYLOADS)
def test_mermaid_label_escaping(payload: str) -> None:
    label = _mermaid(payload)
    assert "\n" not in label and not set(label) & set('"<>`')


def test_redirect_pages_escape_their_target() -> None:
    from tradeoffs.site import redirect_html
    url = '../x/"><script>alert(1)</script></p>'
    page = Walk()
    page.feed(redirect_html(url, url))
    assert page.scripts == ["inline:location.replace(" + json.dumps(url).replace("<", "\\u003c")
                            + " + location.hash)"]
    assert [t for t, _a in page.elements].count("script") == 1
    hrefs = [a["href"] for t, a in page.elements if t in ("a", "link")]
    assert hrefs == [url, url]
