"""A generated page as Markdown that any engine may render without trusting its text.

Through the MkDocs plugin, the engine converts a generated page and the plugin sanitises the
HTML before anyone sees it (`sanitize`). An engine that does not run the plugin (Zensical,
which drops plugins it does not know) converts the page itself, and raw HTML in Markdown passes
through its converter: a decision's `<img onerror>` would reach the reader. So the text must
be safe before the engine reads it. `portable_markdown` converts the page here, with the
extensions the site's pages are written for, sanitises the HTML with the same policy as the
plugin and places its HTML blocks, then writes it back as Markdown the engine cannot turn into
anything else:

- every heading stays a Markdown heading (so the engine's table of contents, permalinks and
  search see it), its text written as character references and its id kept (`{#id}`);
- everything between headings is one raw HTML block in a `<div>`, which Python-Markdown passes
  on untouched; its text has Markdown's link and emphasis characters as character references,
  so that even an engine that read it as Markdown would find no link to make;
- the front matter's texts are HTML-escaped, as the plugin escapes them (themes print
  titles and descriptions as HTML).

Converting here, rather than sanitising the engine's output folder afterwards, keeps the safety
in the one step that writes the pages: there is no second command to forget.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from html.parser import HTMLParser
from typing import Any

import markdown as python_markdown  # type: ignore[import-untyped]
import yaml

from tradeoffs.site.page import SitePage, place_blocks
from tradeoffs.site.sanitize import defuse_declarations, sanitize
from tradeoffs.site.unmatched import escape_unmatched

EXTENSIONS: list[Any] = [
    "toc",
    "attr_list",
    "md_in_html",
    "admonition",
    "tables",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.superfences",
]
"""What the site's pages are written for: the plugin's required extensions, and the ones
Material's documentation sets up (diagrams are Mermaid fences)."""
EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {
    "pymdownx.superfences": {
        "custom_fences": [
            {"name": "mermaid", "class": "mermaid", "format": "pymdownx.superfences.fence_code_format"}
        ]
    }
}

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)
_TEXT = re.compile(r">([^<]+)<")
_MARKDOWN_CHAR = re.compile(r"&#?\w+;|[\[\]()*_`\\!~|{}#]")
"""A character reference (left as it is), or a character Markdown gives a meaning to."""


def _converter() -> python_markdown.Markdown:
    configs = dict(EXTENSION_CONFIGS)
    fences = configs["pymdownx.superfences"]["custom_fences"]
    from pymdownx.superfences import fence_code_format  # type: ignore[import-untyped]

    configs["pymdownx.superfences"] = {"custom_fences": [{**f, "format": fence_code_format} for f in fences]}
    return python_markdown.Markdown(extensions=EXTENSIONS, extension_configs=configs)


def split_front_matter(text: str) -> tuple[str, str]:
    """A page's front matter (its YAML text, without the fences) and its body."""
    match = _FRONT.match(text)
    if match is None:
        return "", text
    return match.group(1) or "", text[match.end() :]


def front_matter_data(head: str) -> dict[str, Any]:
    """The front matter as a mapping (libyaml's parser when there is one: a page's front matter
    is parsed once per page, and the pure-Python parser was a fifth of `tradeoffs pages`)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(head, Loader=loader) or {}
    return data if isinstance(data, dict) else {}


def escape_meta(value: Any) -> Any:
    """Front matter with every text HTML-escaped (generated pages hold text from YAML files)."""
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, list):
        return [escape_meta(v) for v in value]
    if isinstance(value, dict):
        return {k: escape_meta(v) for k, v in value.items()}
    return value


class _Headings(HTMLParser):
    """The top-level headings of an HTML fragment: (start, end, level, id, text)."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.lines = [0]
        for line in source.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.depth = 0
        self.found: list[tuple[int, int, int, str, str]] = []
        self._open: tuple[int, int, str] | None = None
        self._text: list[str] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        if self.depth == 0 and re.fullmatch(r"h[1-6]", tag):
            self._open = (self._offset(), int(tag[1]), dict(attrs).get("id") or "")
            self._text = []
        self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        self.depth -= 1
        if self.depth == 0 and self._open is not None:
            start, level, ident = self._open
            end = self.source.index(">", self._offset()) + 1
            self.found.append((start, end, level, ident, " ".join("".join(self._text).split())))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)


_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def _references(text: str) -> str:
    """Text as character references but for letters, digits and spaces: nothing Markdown reads."""
    return "".join(c if c.isalnum() or c == " " else f"&#{ord(c)};" for c in text)


def _raw_block(fragment: str) -> str:
    """HTML the engine passes on as it is: one `<div>` holding it, the Markdown characters of
    its text as references."""
    fragment = fragment.strip()
    if not fragment:
        return ""

    def references(match: re.Match[str]) -> str:
        found = match.group(0)
        return found if len(found) > 1 else f"&#{ord(found)};"

    text = _TEXT.sub(lambda m: ">" + _MARKDOWN_CHAR.sub(references, m.group(1)) + "<", fragment)
    return f'<div class="tradeoffs-html">\n{text}\n</div>\n\n'


_CONVERTERS: list[python_markdown.Markdown] = []


_HREF = re.compile(r'(\shref=")([^"]*)(")')
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def from_source(block: str, page_url: str, page_path: str) -> str:
    """The block's links (`href`s addressed from the page's URL, as the plugin writes them into
    converted HTML) addressed from the page's source file instead. An engine that builds the
    written pages reads links in their raw HTML as it reads Markdown links, from the source
    file, and adjusts them for directory URLs: Zensical turned `../../../ADR-0003/` on
    `decisions/graph/groups/ADR-0001.md` into `../../../../ADR-0003/`, past the decisions."""
    url_dir = posixpath.dirname(page_url)  # `decisions/ADR-0001/` -> `decisions/ADR-0001`
    url_dir = "" if url_dir == "." else url_dir
    source_dir = posixpath.dirname(page_path)
    if url_dir == source_dir:
        return block

    def moved(match: re.Match[str]) -> str:
        href = match[2]
        if not href or href[0] in "#/?" or _SCHEME.match(href):
            return match[0]
        cut = min((k for k in (href.find("#"), href.find("?")) if k >= 0), default=len(href))
        path, rest = href[:cut], href[cut:]
        target = posixpath.normpath(posixpath.join(url_dir, path))
        if target == ".." or target.startswith("../"):
            return match[0]  # above the site's root: nothing to address it from
        there = posixpath.relpath(target, source_dir or ".")
        if path.endswith("/") or posixpath.basename(path) in ("", ".", ".."):
            there = "./" if there == "." else there + "/"
        return match[1] + there + rest + match[3]

    return _HREF.sub(moved, block)


def portable_html(page: SitePage, body: str, url: str | None = None) -> str:
    """The page's body as the plugin publishes it: converted, sanitised, its blocks in place
    (with `url`, the page's address from the site's root, their links `from_source`)."""
    if not _CONVERTERS:
        _CONVERTERS.append(_converter())  # one for every page: making one loads every extension
    converter = _CONVERTERS[0].reset()
    # openers nothing closes escaped first, as the plugin does before MkDocs converts a page
    # (a paragraph of backticks that no run closes took Python-Markdown minutes)
    converted = converter.convert(defuse_declarations(escape_unmatched(body)))
    ids: set[str] = set()
    stack = list(getattr(converter, "toc_tokens", []))
    while stack:
        token = stack.pop()
        ids.add(token["id"])
        stack.extend(token["children"])
    blocks = (
        page.blocks if url is None else {t: from_source(b, url, page.path) for t, b in page.blocks.items()}
    )
    placed, _lost = place_blocks(blocks, sanitize(converted, ids))
    return placed


def portable_markdown(page: SitePage, body: str | None = None, url: str | None = None) -> str:
    """The page (or `body`, its Markdown with mentions linked) as Markdown an engine cannot
    make unsafe: front matter escaped, headings as Markdown, the rest as sanitised HTML. `url`
    is the page's address from the site's root (`SiteLayout.url`), for its blocks' links."""
    head, page_body = split_front_matter(page.markdown)
    meta = front_matter_data(head)
    page_html = portable_html(page, page_body if body is None else body, url)
    finder = _Headings(page_html)
    finder.feed(page_html)
    finder.close()
    out: list[str] = []
    at = 0
    for start, end, level, ident, text in finder.found:
        out.append(_raw_block(page_html[at:start]))
        attrs = f" {{#{ident}}}" if ident else ""
        out.append(f"{'#' * level} {_references(text)}{attrs}\n\n")
        at = end
    out.append(_raw_block(page_html[at:]))
    front = "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}\n"
        for key, value in escape_meta(meta).items()
    )
    return f"---\n{front}---\n\n" + "".join(out)
