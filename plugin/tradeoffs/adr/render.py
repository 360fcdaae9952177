"""Fill Jinja2 ADR templates: built-in ones, or a team's own in its `templates/` folder.

A team file with the same name as a built-in replaces it; `{% extends "builtin/madr.md.j2" %}`
reaches the built-in even then, so a team can replace one block and keep the rest.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from tradeoffs.adr.open_html import close_open_html
from tradeoffs.adr.view import after_because
from tradeoffs.core.code_spans import outside_code
from tradeoffs.core.errors import TradeoffsError
from tradeoffs.core.files import boundary, escape_problem, escapes
from tradeoffs.core.options import BUILTIN_TEMPLATES, template_file, template_problem
from tradeoffs.core.problems import Problem, error

_BUILTIN_NAMES = frozenset(f"builtin/{name}" for name in BUILTIN_TEMPLATES)


def inline_text(value: Any) -> str:
    """One line of plain text, safe inside Markdown and HTML (titles, table cells, list items).

    Markdown emphasis, links and table pipes are escaped, and `{` too, so that attr_list's
    `{: onclick=...}` cannot add attributes in an engine that does not sanitise (an export).
    """
    if isinstance(value, str):
        return _inline_str(value)
    return _inline_str(str(value if value is not None else ""))


@functools.lru_cache(maxsize=1 << 16)
def _inline_str(value: str) -> str:
    """`inline_text` of a string, kept: a site escapes the same framework prompts, option
    titles and reasons on every decision."""
    return _escape(" ".join(value.split()))


def _escape(text: str) -> str:
    """Text safe inside Markdown and HTML, its spaces as they are."""
    text = html.escape(text, quote=False).replace("{", "&#123;")
    return re.sub(r"([\\|\[\]*_`])", r"\\\1", text)


def inline_code(value: Any) -> str:
    """`inline_text` that keeps `code` spans as code: where author text is woven into a sentence
    (the Y-statement), its backticks should make code, not show."""
    line = " ".join(str(value if value is not None else "").split())
    return "".join(piece if code else _escape(piece) for piece, code in outside_code(line))


_BACKTICKS = re.compile(r"`+")


def code_span(value: Any) -> str:
    """A value shown as code (a path glob): one line, in a span no backtick in it can end."""
    text = " ".join(str(value if value is not None else "").split())
    longest = max((len(m.group(0)) for m in _BACKTICKS.finditer(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def release_inline_cache() -> None:
    """Forget the escaped strings `inline_text` kept, once a build renders no more templates."""
    _inline_str.cache_clear()


def _block(value: Any) -> str:
    """Author-written Markdown, kept as written (the site sanitises the HTML it becomes), but
    for the HTML elements it leaves open, closed at its end: one text cannot fold the rest of
    the page into its `<details>`."""
    return close_open_html(str(value or "").strip())


def _yaml_value(value: Any) -> str:
    """A value for YAML front matter: JSON is valid YAML and cannot break out of its line."""
    return json.dumps(value, ensure_ascii=False, default=str)


def _indent_md(value: Any, prefix: str = "    ") -> str:
    """Markdown indented to sit inside a list item or admonition."""
    return "\n".join(prefix + line if line.strip() else "" for line in _block(value).splitlines())


def _anchor(name: str) -> str:
    """An explicit heading id (attr_list), so links to a section survive wording changes.

    Written through a filter because `{#` opens a comment in Jinja.
    """
    return "{#" + name + "}"


def mermaid_label(value: Any) -> str:
    """Text inside a quoted Mermaid label: one line, quotes and angle brackets as Mermaid's
    entity codes, and `%` too: Mermaid reads `%%{init: …}%%` directives (and `%%` comments)
    anywhere in a diagram's text, labels included."""
    text = " ".join(str(value if value is not None else "").split())
    for char, code in (
        ("#", "#35;"),
        ('"', "#quot;"),
        ("<", "#lt;"),
        (">", "#gt;"),
        ("`", "#96;"),
        ("%", "#37;"),
    ):
        text = text.replace(char, code)
    return text


class TemplateProblem(TradeoffsError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


class LinkOutside(Exception):
    """A team template that is a symbolic link to a file outside the project (not a
    TemplateNotFound, which would make Jinja try the built-in of that name instead)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _ConfinedLoader(jinja2.FileSystemLoader):
    """The team's templates folder, refusing a template that links out of the project: a
    link to `/etc/passwd` named `madr.md.j2` would otherwise be published as a page."""

    def __init__(self, folder: Path, root: Path) -> None:
        super().__init__(str(folder))
        self.folder, self.root, self.limit = folder, root, boundary(folder, root)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if (outside := escapes(Path(filename), self.limit)) is not None:
            raise LinkOutside(escape_problem(Path(filename), outside, self.root, "template"))
        return source, filename, uptodate


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, under Jinja's own key (template
    name and a checksum of its source): each `Renderer` (every rebuild of `mkdocs serve`, every
    `tradeoffs` command in one process) otherwise compiles every template again, which costs
    more than rendering a small site. An edited template has another checksum, so it is
    compiled anew."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class Renderer:
    """A Jinja2 environment over the project's templates folder and the built-in templates."""

    def __init__(self, templates_dir: Path | None = None, root: Path | None = None) -> None:
        builtin = jinja2.PackageLoader("tradeoffs", "templates")
        loaders: list[jinja2.BaseLoader] = []
        self.templates_dir = templates_dir
        if templates_dir is not None and templates_dir.is_dir():
            loaders.append(_ConfinedLoader(templates_dir, root if root is not None else templates_dir))
        loaders.append(jinja2.PrefixLoader({"builtin": builtin}))
        loaders.append(builtin)
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(
                enabled_extensions=("html", "htm", "xml"), default_for_string=False
            ),
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=_COMPILED,
        )
        self.env.filters.update(
            inline=inline_text,
            block=_block,
            yaml=_yaml_value,
            indent_md=_indent_md,
            anchor=_anchor,
            mermaid=mermaid_label,
            inline_code=inline_code,
            after_because=after_because,
            code=code_span,
        )

    def signature(self) -> tuple[tuple[str, int, int], ...]:
        """Name, size and time of change of every template file (team and built-in): when this
        changes, pages rendered before may differ (see `site.PageCache`)."""
        folders = [Path(str(resources.files("tradeoffs").joinpath("templates")))]
        if self.templates_dir is not None and self.templates_dir.is_dir():
            folders.append(self.templates_dir)
        out: list[tuple[str, int, int]] = []
        for folder in folders:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    out.append((str(path), stat.st_size, stat.st_mtime_ns))
        return tuple(out)

    def check_name(self, name: str, file: str = "", line: int = 1, column: int = 1) -> Problem | None:
        """None when `name` names a usable template; else the problem to report."""
        message = template_problem(name, self.templates_dir)
        if message is not None:
            return error(file or "mkdocs.yml", line, column, message)
        try:
            self.env.get_template(template_file(name))
        except LinkOutside as exc:
            return exc.problem
        except jinja2.TemplateNotFound:
            where = f" or add {self.templates_dir}/{template_file(name)}" if self.templates_dir else ""
            return error(
                file or "mkdocs.yml",
                line,
                column,
                f"unknown template '{name}'; built-in templates: {', '.join(BUILTIN_TEMPLATES)}{where}",
            )
        except jinja2.TemplateSyntaxError as exc:
            return _syntax_problem(exc, self.templates_dir)
        return None

    def render(self, name: str, **context: Any) -> str:
        """Render a template; any template fault becomes a TemplateProblem naming file and line."""
        # `builtin/madr` is the fallback the site uses when a team template fails
        problem = None if name in _BUILTIN_NAMES else self.check_name(name)
        if problem is not None:
            raise TemplateProblem(problem)
        return self._render(self.env.get_template(template_file(name)), template_file(name), context)

    def render_page(self, file: str, **context: Any) -> str:
        """Render a site page template (`site/log.md.j2`), the team's file first; any fault
        becomes a TemplateProblem naming file and line."""
        try:
            template = self.env.get_template(file)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(_syntax_problem(exc, self.templates_dir)) from exc
        return self._render(template, file, context)

    def _render(self, template: jinja2.Template, file: str, context: dict[str, Any]) -> str:
        try:
            return template.render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(_syntax_problem(exc, self.templates_dir)) from exc
        except LinkOutside as exc:
            raise TemplateProblem(exc.problem) from exc
        except jinja2.TemplateNotFound as exc:  # an include or import of a missing (or outside) file
            file, line = _template_frame(exc, template.filename or file)
            raise TemplateProblem(
                error(
                    file, line, 1, f"template error: '{exc.name}' is not a template in the templates folder"
                )
            ) from exc
        except (Exception, RecursionError) as exc:  # a team template is code: any fault is its own
            file, line = _template_frame(exc, template.filename or file)
            raise TemplateProblem(
                error(file, line, 1, f"template error: {type(exc).__name__}: {exc}")
            ) from exc


def _syntax_problem(exc: jinja2.TemplateSyntaxError, templates_dir: Path | None) -> Problem:
    file = exc.filename or exc.name or "<template>"
    return error(file, exc.lineno or 1, 1, f"template syntax error: {exc.message}")


def _template_frame(exc: BaseException, default: str) -> tuple[str, int]:
    """The innermost template file and line in a traceback (Jinja maps frames to templates)."""
    found = (default, 1)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
