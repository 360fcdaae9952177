"""Pages of the site as plain GitHub-flavoured Markdown, for the tools a catalogue reads them
with (Backstage's ADR plugin, Structurizr, a Git host's file view).

The site's pages are written for Python-Markdown with `attr_list`, `admonition` and
`md_in_html`; a GFM renderer shows those as text (`{#context}`, `!!! tip`) and passes the raw
HTML on. `to_gfm` rewrites a page (any team template's output, not only the built-in ones):

- a heading's `{#id}` is dropped, and every link to that id (on the page or from another page
  of the same export, `links_to_slugs`) points at the id GFM gives the heading from its text;
- an admonition (`!!! warning "Title"`, `??? note`) becomes a blockquote with its title in bold;
- `md_in_html` wrappers (`<div markdown>`) go, a `<span>` keeps its text, `<br>` in a table
  cell becomes ` · `; any other raw HTML is escaped, so it shows as the text it is.

Every pattern here reads one line at a time and is linear in it.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tradeoffs.core.code_spans import outside_code

_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_ADMONITION = re.compile(
    r"^(?P<indent> *)(?:!!!|\?\?\?\+?)[ \t]+(?P<kind>[\w-]+)(?:[ \t]+\"(?P<title>[^\"]*)\")?[ \t]*$"
)
_WRAPPER = re.compile(r"^ *(?:<div\b[^<>]*>|</div>) *$")
_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]")
_ATTR = re.compile(r"#[\w:.-]+|\.[\w-]+|[\w-]+=\S+")
_SPAN = re.compile(r"</?span\b[^<>]*>")
_BREAK = re.compile(r"<br[ \t]*/?>")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>")
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_ANCHOR_LINK = re.compile(r"\]\((?P<page>[^()\s#]*)#(?P<id>[\w:.-]+)\)")


@dataclass
class GfmPage:
    """A page as GFM, and the GFM id of each heading that had an explicit one (`{#id}`)."""

    text: str
    slugs: dict[str, str] = field(default_factory=dict)


_PARSER: list[MarkdownIt] = []


def _parser() -> MarkdownIt:
    """markdown-it-py in its GFM mode (tables, strikethrough, raw HTML), one for every page."""
    if not _PARSER:
        _PARSER.append(MarkdownIt("gfm-like", {"linkify": False}).disable("linkify"))
    return _PARSER[0]


def to_gfm(markdown: str) -> GfmPage:
    """One page's body (no front matter) as GFM; links to other pages are left for
    `links_to_slugs`, which knows every page's ids."""
    lines, ids = _blocks(markdown.split("\n"))
    lines = [_inline(line) for line in lines]
    text = "\n".join(lines)
    if "<" in text and _TAG_START.search(_AUTOLINK.sub("", text)):
        # only a page that may hold HTML is parsed for it (a `<https://…>` link is none)
        text = _escape_html(text)
        lines = text.split("\n")
    slugs: dict[str, str] = {}
    if ids:
        for line, slug in _heading_slugs(lines).items():
            if line in ids:
                slugs[ids[line]] = slug
    return GfmPage(re.sub(r"\n{3,}", "\n\n", text), slugs)


def _blocks(lines: list[str]) -> tuple[list[str], dict[int, str]]:
    """Admonitions as blockquotes, wrappers dropped, heading attributes taken off (their ids
    by the line of the heading in the result)."""
    out: list[str] = []
    ids: dict[int, str] = {}
    fence = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        opened = _FENCE.match(line)
        if fence:
            out.append(line)
            closing = opened is not None and opened["fence"][0] == fence[0]
            if closing and len(line.strip()) >= len(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        if opened:
            fence = opened["fence"]
            out.append(line)
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            indent = admonition["indent"]
            body: list[str] = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith(indent + "    ")):
                body.append(lines[i][len(indent) + 4 :])
                i += 1
            while body and not body[-1].strip():
                body.pop()
                i -= 1
            title = admonition["title"]
            if title is None:
                title = admonition["kind"].replace("-", " ").capitalize()
            inner, _ids = _blocks(body)
            quoted = [f"{indent}> **{title}**" if title else f"{indent}>"]
            if title and inner:
                quoted.append(f"{indent}>")
            quoted += [f"{indent}> {b}".rstrip() if b.strip() else f"{indent}>" for b in inner]
            out += quoted
            continue
        if _WRAPPER.match(line):
            continue
        if _ATX.match(line):
            stripped = line.rstrip()
            start = stripped.rfind("{")
            attrs = _attributes(stripped[start:]) if start > 0 and stripped.endswith("}") else None
            if attrs is not None:
                line = stripped[:start].rstrip()
                if attrs:
                    ids[len(out)] = attrs
        out.append(line)
    return out, ids


def _attributes(tail: str) -> str | None:
    """A heading's trailing `{#id .class key=value}`: its id ('' without one), or None when
    the braces hold something else (a heading that ends in `{x}` as text)."""
    words = tail[1:-1].split()
    if not words or "}" in tail[1:-1] or not all(_ATTR.fullmatch(w) for w in words):
        return None
    return next((w[1:] for w in words if w.startswith("#")), "")


def _inline(line: str) -> str:
    """The HTML the site's templates write inline: a span keeps its text, a break in a table
    cell becomes a separator."""
    if "<" not in line:
        return line
    if "`" in line:  # code spans keep their text
        return "".join(p if code else _inline(p) for p, code in outside_code(line))
    return _BREAK.sub(" · ", _SPAN.sub("", line))


def _escape_html(text: str) -> str:
    """Raw HTML escaped with a backslash, so that it shows as text: what a GFM renderer reads
    as HTML, found by one (markdown-it-py in its GFM mode), until none is left."""
    for _round in range(20):
        lines = text.split("\n")
        changed = False
        for token in _parser().parse(text):
            if token.type == "html_block" and token.map is not None:
                content = token.content.strip()
                if content.startswith("<!--") and content.endswith("-->"):
                    # a comment (`<!-- optional -->` of a template): GitHub shows nothing either
                    for row in range(*token.map):
                        lines[row] = ""
                else:
                    # the block's other lines become a paragraph, which may hold inline HTML
                    lines[token.map[0]] = _escape_first(lines[token.map[0]])
                    changed = True
            elif token.type == "inline" and token.map is not None and token.children:
                _escape_inline(lines, token.map[0], token.map[1], token.children)
        text = "\n".join(lines)
        if not changed:
            return text
    return text


def _escape_inline(lines: list[str], row: int, end: int, children: list[Token]) -> bool:
    """Escape a paragraph's inline HTML where it stands: each tag is looked for after the one
    before it (and after any code span between them), so a line of many tags takes one pass."""
    changed = False
    at = 0
    for child in children:
        if child.type not in ("html_inline", "code_inline"):
            continue
        # a tag may go on over lines: the line it starts on is enough
        first = child.content.split("\n", 1)[0]
        if child.type == "code_inline":
            # a code span's text as written, on the line where the search stands; else let be
            found = lines[row].find(first, at) if row < end and first else -1
            at = at if found < 0 else found + len(first)
            continue
        while row < end:
            found = lines[row].find(first, at)
            if found >= 0:
                break
            row, at = row + 1, 0
        else:
            return changed
        comment = child.content.startswith("<!--") and first == child.content
        replacement = "" if comment else "\\" + first
        before, after = lines[row][:found], lines[row][found + len(first) :]
        lines[row] = before + replacement + after if after.strip() or not comment else before.rstrip()
        at = found + len(replacement)
        changed = True
    return changed


def _escape_first(line: str) -> str:
    at = line.find("<")
    return line if at < 0 else line[:at] + "\\" + line[at:]


def _heading_slugs(lines: list[str]) -> dict[int, str]:
    """The id GitHub gives each ATX heading outside code (by its line): its text as rendered,
    lower-cased, punctuation dropped, spaces as hyphens, and `-1`, `-2` after a repeat. Only
    the headings' text is parsed (inline), not the page again."""
    seen: dict[str, int] = {}
    out: dict[int, str] = {}
    fence = ""
    for row, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened["fence"][0] == fence[0] and not line.strip().strip(fence[0]):
                fence = "" if len(line.strip()) >= len(fence) else fence
            continue
        if opened:
            fence = opened["fence"]
            continue
        heading = _ATX_TEXT.match(line)
        if heading is None:
            continue
        text = _CLOSING.sub("", (heading["text"] or "").rstrip())
        if _INLINE_MARKUP.search(text):
            tokens = _parser().parseInline(text)
            text = _plain_text(tokens[0].children or []) if tokens else ""
        slug = github_slug(text)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        out[row] = slug if count == 0 else f"{slug}-{count}"
    return out


_INLINE_MARKUP = re.compile(r"[\\`*_\[\]<>&!~]")
"""What inline Markdown starts with: a heading without any is its own text."""
_ATX_TEXT = re.compile(r" {0,3}#{1,6}(?:[ \t]+(?P<text>.*))?$")
_CLOSING = re.compile(r"(?:^|[ \t]+)#+$")


def _plain_text(children: Iterable[Token]) -> str:
    return "".join(c.content for c in children if c.type in ("text", "code_inline"))


def github_slug(text: str) -> str:
    """GitHub's heading id: letters, marks, numbers, `_`, `-` and spaces kept, spaces as `-`."""
    kept = "".join(c for c in text.lower() if c in " -_" or unicodedata.category(c)[0] in ("L", "M", "N"))
    return kept.replace(" ", "-")


def links_to_slugs(pages: dict[str, GfmPage]) -> dict[str, str]:
    """Every page's text with its links to `#id` (on itself or on another page of `pages`,
    keyed by their paths) pointing at the ids GFM gives."""
    out: dict[str, str] = {}
    for path, page in pages.items():
        folder = posixpath.dirname(path)

        def slug(match: re.Match[str], path: str = path, folder: str = folder) -> str:
            target = match["page"]
            other = (
                pages.get(path)
                if not target
                else pages.get(posixpath.normpath(posixpath.join(folder, target)))
            )
            if other is None or match["id"] not in other.slugs:
                return match.group(0)
            return f"]({target}#{other.slugs[match['id']]})"

        out[path] = _ANCHOR_LINK.sub(slug, page.text)
    return out
