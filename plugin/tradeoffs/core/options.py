"""The options of the `tradeoffs` plugin entry in mkdocs.yml: the one place they are declared.

The MkDocs config class (`mkdocs_plugin`), the CLI's settings (`config.load_settings`) and the
review command's settings for the base revision are all built from `OPTIONS`, and every
value is checked by the same functions here, so the site and the CLI can never disagree about
what a configuration means or whether it is valid.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from tradeoffs.core.fields import declaration_problem

Kind = Literal["text", "optional text", "text list", "boolean", "whole number", "word map", "field list"]


@dataclass(frozen=True)
class Option:
    """One plugin option: its name, kind, default, what it is for and the rule its value keeps."""

    name: str
    kind: Kind
    default: Any
    help: str
    rule: Callable[[Any], str | None] | None = None
    """A further rule for a value of the right kind: a message when it is broken, else None."""
    folder: bool = False
    """The value names folders, relative to the config file, that must exist when set."""
    file: bool = False
    """The value names a file, relative to the config file, that should exist when set (a
    warning when it does not: see `fallback`)."""
    fallback: str = ""
    """For a `file` option: what is used when the file is missing."""


def _letters(value: str) -> str | None:
    if not value.isascii() or not value.isalpha():
        return f"'{value}' must be letters only (decision ids look like ADR-0007)"
    return None


def _folder_name(value: str) -> str | None:
    if not value.strip("/"):
        return "must name a folder of the site, such as 'decisions'"
    return None


def _at_least(low: int) -> Callable[[int], str | None]:
    def rule(value: int) -> str | None:
        return f"must be {low} or more (got {value})" if value < low else None

    return rule


SEARCH_ENGINES = ("material", "pagefind")
"""What the site searches with: Material's built-in search, or Pagefind's chunked index."""


def _search_engine(value: str) -> str | None:
    if value not in SEARCH_ENGINES:
        return f"'{value}' is not a search engine the plugin knows; use one of: {', '.join(SEARCH_ENGINES)}"
    return None


def _script(value: str) -> str | None:
    if not value.endswith(".js"):
        return f"'{value}' must name a JavaScript file (mermaid.min.js)"
    return None


STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")


def _status_words(value: dict[str, str]) -> str | None:
    for word, status in value.items():
        if not word.strip():
            return "a status word may not be empty"
        if status not in STATUSES:
            return f"'{word}: {status}': '{status}' is not a status; use one of: {', '.join(STATUSES)}"
    return None


def _source_name(value: str) -> str | None:
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?", value):
        return (
            f"'{value}' must be a short name in lower-case letters, digits, '.', '_' and '-' "
            "(it namespaces ids in a catalogue: payments/ADR-0003)"
        )
    return None


OPTIONS: tuple[Option, ...] = (
    Option(
        "decisions_dir",
        "text",
        "decisions",
        "Folder of decision files (`NNNN-short-title.yml`), relative to mkdocs.yml.",
    ),
    Option(
        "frameworks_dir",
        "optional text",
        None,
        "Folder of the team's own frameworks (default: `frameworks`, used when it exists).",
        folder=True,
    ),
    Option(
        "templates_dir",
        "optional text",
        None,
        "Folder of the team's own templates (default: `templates`, used when it exists).",
        folder=True,
    ),
    Option(
        "markdown_dirs",
        "text list",
        [],
        "Folders of Markdown ADRs (adr-tools, MADR, log4brains) to publish beside the YAML ones.",
        folder=True,
    ),
    Option(
        "template",
        "text",
        "madr",
        "ADR template for every page: madr, nygard, y-statement, or a file in templates_dir.",
    ),
    Option(
        "prefix",
        "text",
        "ADR",
        "Prefix of decision ids (`ADR-0007`) and of the mentions that are linked (`ADR-7`).",
        rule=_letters,
    ),
    Option(
        "url_prefix",
        "text",
        "decisions",
        "Folder of the site where decision pages live (`decisions/ADR-0007/`).",
        rule=_folder_name,
    ),
    Option(
        "short_url_prefix",
        "optional text",
        None,
        "Folder of the short links (`adr/7/`); default: the prefix in lower case, '' for none.",
    ),
    Option(
        "nav_title",
        "text",
        "Decisions",
        "Title of the navigation section holding the log, status, tag and framework pages.",
    ),
    Option(
        "link_mentions",
        "boolean",
        True,
        "Turn `ADR-7` and `[[ADR-7]]` in every page into links to the decision.",
    ),
    Option(
        "health_proposed_max_age",
        "whole number",
        30,
        "Days a proposed decision may wait before the Health page lists it.",
        rule=_at_least(0),
    ),
    Option(
        "health_recurring_cost_min",
        "whole number",
        2,
        "How many accepted decisions must accept the same cost for Health to call it recurring.",
        rule=_at_least(1),
    ),
    Option(
        "mermaid_js",
        "optional text",
        None,
        "Another Mermaid build for the site to serve (`node_modules/mermaid/dist/mermaid.min.js`) "
        "than the one that comes with the package.",
        rule=_script,
        file=True,
        fallback="the site serves the Mermaid that comes with the package instead",
    ),
    Option(
        "search",
        "text",
        "material",
        "What the site searches with: `material` (the theme's search plugin) or `pagefind` "
        "(an index loaded in small chunks, for thousands of decisions; `pip install pagefind[extended]`).",
        rule=_search_engine,
    ),
    Option(
        "status_words",
        "word map",
        {},
        "A team's own status words and the status each means (`approved: accepted`), for YAML "
        "decisions (`status: approved`) and Markdown ADRs; the word is shown, the status drives "
        "the site. Adds to the built-in words of eight languages.",
        rule=_status_words,
    ),
    Option(
        "source_id",
        "optional text",
        None,
        "The name this log goes by where the decisions of many repositories meet (`payments`): "
        "`tradeoffs export --format json` names its source so, and a catalogue's ids are "
        "`payments/ADR-0003`. Default: the repository's name from `repo_url`, else `site_name`.",
        rule=_source_name,
    ),
    Option(
        "catalogue",
        "text list",
        [],
        "Other repositories' decision logs to publish as one catalogue (`exports/payments.json`, "
        "a folder of such files, or a checkout with its mkdocs.yml), relative to mkdocs.yml: "
        "each `tradeoffs export --format json`, its decisions named `payments/ADR-0003`.",
    ),
    Option(
        "fields",
        "field list",
        [],
        "The team's own decision fields (`team`, `component`...): each a name, a type (text, "
        "number, integer, boolean, date, list) and, for text and lists, the values allowed.",
        rule=declaration_problem,
    ),
)

BY_NAME: dict[str, Option] = {o.name: o for o in OPTIONS}


def _described(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int | float):
        return f"{value} (a number)"
    if isinstance(value, str):
        return f"'{value}' (text)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{value!r}"


def value_problem(option: Option, value: Any) -> str | None:
    """What is wrong with `value` for `option` (kind, then its rule), or None when it is valid."""
    kind = option.kind
    if kind == "optional text" and value is None:
        return None
    if kind in ("text", "optional text") and not isinstance(value, str):
        return f"expected text, got {_described(value)}"
    if kind == "text list" and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
        return f"expected a list of folder names, got {_described(value)}"
    if kind == "boolean" and not isinstance(value, bool):
        return f"expected true or false, got {_described(value)}"
    if kind == "word map" and (
        not isinstance(value, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    ):
        return f"expected a mapping of words to statuses (approved: accepted), got {_described(value)}"
    if kind == "field list" and not isinstance(value, list):
        return f"expected a list of fields ({{name, type, values}}), got {_described(value)}"
    if kind == "whole number" and (isinstance(value, bool) or not isinstance(value, int)):
        return f"expected a whole number, got {_described(value)}"
    return option.rule(value) if option.rule is not None else None


def folder_problem(option: Option, value: Any, root: Path) -> str | None:
    """For an option naming folders: the first one that is not a folder under `root`, else None."""
    if option.file and value is not None:
        found = (root / value).is_file()
        return None if found else f"'{value}' is not a file (looked for {root / value})"
    if not option.folder or value is None:
        return None
    for name in value if isinstance(value, list) else [value]:
        if not (root / name).is_dir():
            return f"'{name}' is not a folder (looked for {root / name})"
    return None


BUILTIN_TEMPLATES = ("madr", "nygard", "y-statement")
_TEMPLATE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def template_file(name: str) -> str:
    """The file a template name stands for (`madr` -> `madr.md.j2`)."""
    return name if name.endswith(".j2") else f"{name}.md.j2"


def template_problem(name: str, templates_dir: Path | None) -> str | None:
    """Why `name` names no template in the team's folder or among the built-in ones, else None.

    Only the name and the file's presence: a template's own faults are reported with their
    file and line when it is rendered.
    """
    if not _TEMPLATE_NAME.match(name) or ".." in name:
        return (
            f"template name '{name}' may only hold letters, digits, '.', '_' and '-' "
            "(templates are looked up in the templates folder, never outside it)"
        )
    file = template_file(name)
    if (templates_dir is not None and (templates_dir / file).is_file()) or resources.files(
        "tradeoffs"
    ).joinpath("templates", file).is_file():
        return None
    where = f" or add {templates_dir}/{file}" if templates_dir is not None else ""
    return f"unknown template '{name}'; built-in templates: {', '.join(BUILTIN_TEMPLATES)}{where}"


def unknown_problem(name: str) -> str:
    """The message for an option the plugin does not have (MkDocs' own words, plus a hint)."""
    hint = difflib.get_close_matches(name, list(BY_NAME), n=1)
    return f"Unrecognised configuration name: {name}" + (f" (did you mean '{hint[0]}'?)" if hint else "")


@dataclass(frozen=True)
class OptionProblem:
    """An invalid option: its name, the message, and whether it stops a build (else a warning)."""

    name: str
    message: str
    is_error: bool = True

    def text(self) -> str:
        """The same words `mkdocs build` prints for it."""
        return f"Plugin 'tradeoffs' option '{self.name}': {self.message}"


def _missing_file(option: Option, message: str) -> OptionProblem:
    """A file option naming a file that is not there is a warning: the file is an extra (a local
    Mermaid build), often absent where the CLI runs (a fresh clone, CI, a pre-commit hook), and
    the site does without it (the package's own Mermaid)."""
    return OptionProblem(option.name, f"{message}; {option.fallback}", is_error=False)


def check(raw: Mapping[str, Any], root: Path) -> tuple[dict[str, Any], list[OptionProblem]]:
    """Every option's value (the default where unset or invalid) and every problem of `raw`."""
    values: dict[str, Any] = {}
    problems: list[OptionProblem] = []
    for option in OPTIONS:
        value = raw.get(option.name, option.default)
        message = value_problem(option, value)
        missing_file = message is None and option.file and folder_problem(option, value, root) is not None
        message = message or folder_problem(option, value, root)
        if message is not None:
            problems.append(
                _missing_file(option, message) if missing_file else OptionProblem(option.name, message)
            )
            value = option.default
        values[option.name] = (
            list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value
        )
    if not any(p.name in ("template", "templates_dir") for p in problems):
        message = template_problem(values["template"], root / (values["templates_dir"] or "templates"))
        if message is not None:
            problems.append(OptionProblem("template", message))
            values["template"] = BY_NAME["template"].default
    problems += [
        OptionProblem(str(name), unknown_problem(str(name)), is_error=False)
        for name in raw
        if name not in BY_NAME
    ]
    return values, problems
