"""The HTML of generated pages as Markdown makes it, and nothing an author could use against a reader.

Decision and framework texts are Markdown from anyone who can open a pull request, and raw HTML
in Markdown passes through. `sanitize` keeps the elements and attributes that Markdown,
admonitions, tables, highlighting and Mermaid fences make (nh3, that is ammonia, does the
parsing), and rewrites what would let page text reach the theme's or the plugin's scripts:

- An `id` or `name` names an element for every script on the page (`querySelector("#x")`,
  `window.x`, `document.x`). Material keeps its settings in `<script id="__config">`, placed
  after the content, and reads the first element with that id: a `<div id="__config">` in a
  decision would choose its search worker. So only the ids the Markdown toolchain made are kept
  (the page's table-of-contents heading ids and footnote ids), and only outside the theme's
  namespace (ids starting with `_`); every other id and every `name` gets `AUTHOR_PREFIX`, and
  in-page links (`href="#x"`) follow.
- `<input>` is a disabled checkbox (what task lists make), never a form field.
- Class names that scripts and the theme give behaviour to (`mermaid` outside the `<pre>` a
  Mermaid fence makes, Material's `md-*`, the plugin's `tradeoffs-*`) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

import nh3

AUTHOR_PREFIX = "user-content-"
"""What an author's own id or name starts with once published, as on GitHub."""
PLUGIN_NAMESPACE = "tradeoffs-"
"""What the plugin's own ids start with (its scripts find them by id)."""

TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "input",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
        "var",
    }
)
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "data-search-exclude"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "scope", "style"},
    "col": {"span"},
    "ol": {"start", "type"},
    "details": {"open"},
    "input": {"checked"},
}
FORCED = {"input": {"type": "checkbox", "disabled": "disabled"}}
"""Attributes every such element gets whatever it said: a task list's box, not a form field."""

_FOOTNOTE_ID = re.compile(r"fn(ref[0-9]*)?:[^\s_][^\s]*\Z")
"""Python-Markdown's footnote ids (`fn:1`, `fnref:1`, `fnref2:note`)."""

_BEHAVIOUR_CLASS = re.compile(r"(md|tradeoffs)-|mermaid\Z")
"""Class names that Material's or this plugin's scripts and styles act on."""
_BEHAVIOUR_HINT = re.compile(r"md-|tradeoffs-|mermaid")


def theme_reserved(ident: str) -> bool:
    """An id in the theme's or the plugin's namespace: Material's own ids all start with `__`
    (`__config`, `__search`, `__drawer`, `__toc`, `__tabbed_1_1`), and `_` is kept clear with
    them; the plugin's scripts look up `tradeoffs-…` ids (`#tradeoffs-pagefind`)."""
    return ident.startswith(("_", PLUGIN_NAMESPACE))


def author_id(ident: str) -> str:
    """The id an author's element gets: in a namespace no theme or plugin script reads."""
    return ident if ident.startswith(AUTHOR_PREFIX) else AUTHOR_PREFIX + ident


def _filter(toolchain_ids: Collection[str]) -> Callable[[str, str, str], str | None]:
    def keep(ident: str) -> bool:
        return not theme_reserved(ident) and (ident in toolchain_ids or _FOOTNOTE_ID.match(ident) is not None)

    def attribute(element: str, name: str, value: str) -> str | None:
        if name == "id":
            return value if keep(value) else author_id(value)
        if name == "name":
            return author_id(value)
        if name == "class":
            if not _BEHAVIOUR_HINT.search(value):  # highlighting's many spans: nothing to drop
                return value
            kept = [
                c
                for c in value.split()
                if not _BEHAVIOUR_CLASS.match(c) or (c == "mermaid" and element == "pre")
            ]
            return " ".join(kept) or None
        if name == "href" and value.startswith("#") and len(value) > 1:
            return value if keep(value[1:]) else "#" + author_id(value[1:])
        return value

    return attribute


def sanitize(html_text: str, toolchain_ids: Collection[str] = ()) -> str:
    """HTML as Markdown, admonitions, tables, highlighting and Mermaid make it; nothing else.

    `toolchain_ids` are the ids Markdown's table of contents gave the page's headings (other
    than those `theme_reserved` refuses): the only ids, with footnotes', kept as they are.
    """
    return nh3.clean(
        html_text,
        tags=set(TAGS),
        attributes=ATTRIBUTES,
        link_rel=None,
        attribute_filter=_filter(toolchain_ids),
        set_tag_attribute_values=FORCED,
        url_schemes={"http", "https", "mailto"},
        clean_content_tags={"script", "style"},
        filter_style_properties={"text-align"},
    )


_DECLARATION = re.compile(r"<!\[")


def defuse_declarations(markdown: str) -> str:
    """Keep `<![` from YAML text away from MkDocs' HTML scan, which crashes on it before Python 3.13.

    MkDocs feeds each page's Markdown to `html.parser`, whose marked-section code raises on
    `<![img` or `<![ x`; a zero-width space after the `<` makes it plain text, in code too.
    """
    return _DECLARATION.sub("<\u200b![", markdown)
