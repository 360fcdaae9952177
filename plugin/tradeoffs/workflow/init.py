"""`tradeoffs init`: set a repository up for decisions in one command, new or existing.

Everything is planned first (what would be created or changed, with a diff for each edit) and
written only when asked, so `--dry-run` shows exactly what a real run does. A file the team
wrote is never replaced: mkdocs.yml and .pre-commit-config.yaml are edited on their text (one
entry inserted, every comment and blank line kept, the result parsed again to prove nothing
else moved); anything that cannot be edited safely is left alone with a note saying what to add.
Only the generated schema files are rewritten, and only while they are still JSON Schemas.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tradeoffs.core import schema, source
from tradeoffs.core.config import ConfigError, Settings, plugin_options, read_mkdocs_yml
from tradeoffs.core.errors import TradeoffsError
from tradeoffs.core.fields import FieldSpec
from tradeoffs.core.files import boundary, create_new, escapes, replace_atomically
from tradeoffs.core.model import Framework
from tradeoffs.core.problems import Problem, error, warning
from tradeoffs.workflow.repository import git_root, ignored_by_git, site_requirements

REPOSITORY = "https://github.com/mkdocs-tradeoffs/mkdocs-tradeoffs"
"""The project's home; the pre-commit hooks and the install-from-git line point here."""

DECISION_SCHEMA = "schemas/decision.schema.json"
FRAMEWORK_SCHEMA = "schemas/framework.schema.json"
PRE_COMMIT = ".pre-commit-config.yaml"
WORKFLOW = ".github/workflows/decisions.yml"
VSCODE = ".vscode/settings.json"
AGENTS = "AGENTS.md"
AGENTS_START = "<!-- tradeoffs:agents -->"
AGENTS_END = "<!-- /tradeoffs:agents -->"
"""The marks around the section `init --agents` appends to AGENTS.md: found, it is not added again."""

MERMAID_FENCE = """\
  - pymdownx.superfences:  # Material draws ```mermaid fences as diagrams (the catalogue's graph, yours)
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""


@dataclass(frozen=True)
class Change:
    """One thing `init` does (or would do, or leaves alone) to one path."""

    path: str
    """Shown path, relative to the project's folder."""
    action: str
    """create, update, mkdir, keep (already done), skip (left alone: see note) or offer."""
    note: str = ""
    text: str | None = None
    """The whole new text, for create and update."""
    old: str | None = None
    """The text the update was planned on; the file must still hold it when written."""

    def diff(self) -> str:
        """A unified diff of an update, or the new file's text for a creation."""
        if self.text is None:
            return ""
        old = (self.old or "").splitlines(keepends=True)
        lines = difflib.unified_diff(
            old,
            self.text.splitlines(keepends=True),
            "/dev/null" if self.old is None else f"a/{self.path}",
            f"b/{self.path}",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@dataclass
class Plan:
    """Everything `init` would do, in the order it does it."""

    root: Path
    changes: list[Change] = field(default_factory=list)

    @property
    def writes(self) -> list[Change]:
        return [c for c in self.changes if c.action in ("create", "update", "mkdir")]


class InitError(TradeoffsError):
    """The project cannot be set up as it stands; the message says what to fix."""


UNPINNED_REV = "main"
"""What the hooks and the workflow follow when the installed commit is unknown: no release
is on the package index or tagged yet (README), so a version pin would name nothing."""


def install_requirement() -> str:
    """What to `pip install` to get this very version: the git commit when installed from git
    (as the README says to), else the repository's main branch (see `pinned`)."""
    return f"mkdocs-tradeoffs @ git+{REPOSITORY}@{pre_commit_rev()}"


def pre_commit_rev() -> str:
    """The `rev` to pin the pre-commit hooks to: the installed commit, else the main branch."""
    return _installed_commit() or UNPINNED_REV


def pinned() -> bool:
    """Whether `install_requirement` and `pre_commit_rev` name a commit (else a branch, which
    init says, so the team pins the commit it tried)."""
    return _installed_commit() is not None


def _installed_commit() -> str | None:
    from importlib import metadata

    try:
        text = metadata.distribution("mkdocs-tradeoffs").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return None
    commit = (data.get("vcs_info") or {}).get("commit_id")
    return commit if isinstance(commit, str) and re.fullmatch(r"[0-9a-f]{40}", commit) else None


def workflow_text(
    requirement: str | None = None, *, install: tuple[str, ...] = (), config: str | None = None
) -> str:
    """The GitHub Actions workflow that checks decisions and comments the review (the one
    docs/ci.md shows), installing `requirement` (default: this very version) with the site's
    own requirements (`install`: pip arguments such as `-r docs/requirements.txt`, so the
    site's other plugins are there for the build), for the config at `config` (a path from
    the repository's root; None for mkdocs.yml at the root)."""
    from importlib import resources

    text = resources.files("tradeoffs").joinpath("starter", "decisions-workflow.yml").read_text("utf-8")
    line = 'pip install "@REQUIREMENT@"'
    if install:
        text = text.replace(line, "pip install " + " ".join(install) + ' "@REQUIREMENT@"')
    if config:
        text = text.replace("tradeoffs check --strict", f"tradeoffs check -f {config} --strict")
        text = text.replace("mkdocs build --strict", f"mkdocs build --strict -f {config}")
        text = text.replace("tradeoffs review --base", f"tradeoffs review -f {config} --base")
    return text.replace("@REQUIREMENT@", requirement or install_requirement())


def pre_commit_entry(rev: str | None = None, *, indent: str = "  ", site: str = "") -> str:
    """The `repos` item for the two hooks, at the given indent of the list's dash. The check
    is as strict as CI's (a commit that passes does not fail CI); `site` is the folder of the
    site's mkdocs.yml from the repository's root when it is not the root."""
    lines = [
        f"- repo: {REPOSITORY}",
        f"  rev: {rev or pre_commit_rev()}",
        "  hooks:",
        "    - id: tradeoffs-check",
    ]
    if not site:
        lines += [
            "      args: [--strict]   # as strict as CI",
            "    - id: tradeoffs-schema   # keeps schemas/decision.schema.json in step with the frameworks",
        ]
    else:
        config = f"{site}/mkdocs.yml"
        folder = re.escape(site)
        lines += [
            f"      args: [--strict, -f, {config}]   # as strict as CI",
            "    - id: tradeoffs-schema   # keeps the decision schema in step with the frameworks",
            f"      entry: tradeoffs -f {config} schema decision --frameworks --check "
            f"{site}/{DECISION_SCHEMA}",
            f"      files: ^{folder}/(frameworks/.*\\.ya?ml|schemas/decision\\.schema\\.json)$",
        ]
    return "".join(f"{indent}{line}\n" for line in lines)


def new_mkdocs_yml(site_name: str) -> str:
    """A minimal site: Material theme, search, the plugin, and Mermaid fences (the catalogue's
    graph across repositories, and the team's own diagrams; the plugin draws its own)."""
    return (
        f"site_name: {json.dumps(site_name, ensure_ascii=False)}\n"
        "# site_url: https://decisions.example.com/  # links review comments to the pages and\n"
        "#                                            # lets editors load the published schema\n"
        "theme:\n"
        "  name: material\n"
        "plugins:\n"
        "  - search\n"
        "  - tradeoffs  # decisions/ and frameworks/ next to this file\n"
        "markdown_extensions:\n" + MERMAID_FENCE
    )


def _index_md(site_name: str, url_prefix: str) -> str:
    return (
        f"# {site_name}\n\n"
        "The architecture decisions of this project, one page each, with the tradeoff\n"
        "framework that weighed the options: start from the "
        f"[decision log]({url_prefix.strip('/') or '.'}/index.md).\n"
    )


def vscode_settings(settings: Settings, repo: Path | None = None) -> dict[str, Any]:
    """VS Code's YAML extension: decision and framework files mapped to the committed schemas,
    by paths from the workspace's root (`repo`, default the site's folder)."""
    base = (repo or settings.root).resolve()

    def rel(path: Path) -> str:
        try:
            return path.resolve().relative_to(base).as_posix()
        except ValueError:
            return settings.display(path)

    decisions = rel(settings.decisions_dir)
    frameworks = rel(settings.frameworks_dir)
    schemas = rel(settings.root / "schemas")
    return {
        "yaml.schemas": {
            f"./{schemas}/{Path(DECISION_SCHEMA).name}": [f"{decisions}/*.yml", f"{decisions}/*.yaml"],
            f"./{schemas}/{Path(FRAMEWORK_SCHEMA).name}": [f"{frameworks}/*.yml", f"{frameworks}/*.yaml"],
        }
    }


def decision_schema_text(
    frameworks: Iterable[Framework],
    status_words: Mapping[str, str] | None = None,
    fields: Iterable[FieldSpec] = (),
) -> str:
    """The committed decision schema: every framework's facts and options, the team's status
    words and the team's own fields, for editors."""
    data = schema.decision_schema_for(frameworks, status_words=status_words, fields=fields)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def framework_schema_text() -> str:
    return json.dumps(schema.schema("framework"), indent=2, ensure_ascii=False) + "\n"


def stale_schemas(settings: Settings, frameworks: Iterable[Framework]) -> list[Problem]:
    """A warning for each committed schema that no longer matches what it is made from: the
    decision schema after a framework gained a fact, say, or the framework schema after an
    upgrade; editors would complete and reject the wrong things."""
    out: list[Problem] = []
    for name in (DECISION_SCHEMA, FRAMEWORK_SCHEMA):
        path = settings.root / name
        try:
            current = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        made = (
            decision_schema_text(frameworks, settings.status_words, settings.fields)
            if name == DECISION_SCHEMA
            else framework_schema_text()
        )
        if current == made:
            continue
        origin = "this version of tradeoffs"
        if name == DECISION_SCHEMA:
            origin = "the frameworks" + (" and the plugin's `fields`" if settings.fields else "")
        command = (
            f"schema decision --frameworks --output {name}"
            if name == DECISION_SCHEMA
            else f"schema framework --output {name}"
        )
        out.append(
            warning(
                settings.display(path),
                1,
                1,
                f"the committed schema no longer matches {origin}, so editors complete "
                f"and check the wrong things; run `tradeoffs init` (or `tradeoffs "
                f"{command}`) and commit it",
            )
        )
    return out


# ------------------------------------------------------------------ text edits


def _compose(text: str, what: str) -> yaml.Node | None:
    node, problems = source.compose(what, text, yaml.SafeLoader)  # the one bounded reader
    if problems:
        found = problems[0]
        raise InitError(f"{what}:{found.line}:{found.column}: {found.message}; fix it, then run init again")
    return node


def _plain(node: yaml.Node | None) -> Any:
    """A node tree as comparable values, tags included (nothing is constructed)."""
    if node is None:
        return None
    if isinstance(node, yaml.MappingNode):
        return (node.tag, [(_plain(k), _plain(v)) for k, v in node.value])
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, [_plain(v) for v in node.value])
    return (node.tag, node.value)


def _top(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v  # type: ignore[no-any-return]
    return None


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _after(text: str, node: yaml.Node) -> int:
    """Where the text after `node` starts: past its last line of content, before the blank
    lines and comments that the parser counts into a block node's end but that belong to
    what follows."""
    start = node.start_mark.index
    end = node.end_mark.index
    at = _line_end(text, start)
    pos = at
    while pos < end:
        line_end = _line_end(text, pos)
        # a nested block node ends where the next item's token starts, mid-line: only the
        # part of a line before that end belongs to the node
        stripped = text[pos : min(line_end, end)].strip()
        if stripped and not stripped.startswith("#"):
            at = line_end
        pos = line_end
    return min(at, len(text))


def _append_item(text: str, seq: yaml.Node, item: str) -> str | None:
    """`text` with `item` (one or more lines, for a block list) added at the end of the list
    `seq`; None when the list is written in a way this cannot extend safely."""
    if isinstance(seq, yaml.SequenceNode) and seq.flow_style:
        close = text.rfind("]", 0, seq.end_mark.index)
        if close < 0 or "\n" in item.strip():
            return None
        sep = ", " if seq.value else ""
        return text[:close] + sep + item.strip().removeprefix("- ") + text[close:]
    if not isinstance(seq, yaml.SequenceNode) or not seq.value:
        return None
    first = seq.value[0].start_mark
    line_start = text.rfind("\n", 0, first.index) + 1
    dash = text.rfind("-", line_start, first.index)
    if dash < 0:
        return None
    indent = " " * (dash - line_start)
    at = _after(text, seq.value[-1])
    prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
    lines = item.splitlines(keepends=True)
    block = "".join(
        indent + line.removeprefix("  ") if i else indent + line.lstrip() for i, line in enumerate(lines)
    )
    return text[:at] + prefix + block + text[at:]


def _append_top(text: str, block: str) -> str:
    return text + ("" if not text or text.endswith("\n") else "\n") + block


def _same_except(old: Any, new: Any, keys: set[str]) -> bool:
    """Whether two composed mappings agree on every top-level key but `keys`."""

    def rest(tree: Any) -> list[Any]:
        return [kv for kv in (tree[1] if tree else []) if kv[0][1] not in keys]

    return bool(rest(old) == rest(new))


INHERITED_LISTS = ("plugins", "markdown_extensions")
"""The settings init adds to; MkDocs' INHERIT replaces a list the child names, never extends it."""


def inherited_lists(config: Path) -> dict[str, str]:
    """For each of `INHERITED_LISTS` the config does not set but a config it INHERITs does,
    that list as a block of the child's text (`plugins:` and its items, as the parent wrote
    them), so init extends the effective list instead of replacing the parent's."""
    out: dict[str, str] = {}
    seen = {config.resolve()}
    text = _read(config) or ""
    missing = [k for k in INHERITED_LISTS if _top(_compose(text, str(config.name)), k) is None]
    path = config
    while missing:
        root = _compose(text, str(path))
        parent_name = _top(root, "INHERIT")
        if not isinstance(parent_name, yaml.ScalarNode):
            break
        path = (path.parent / parent_name.value).resolve()
        if path in seen:
            break
        seen.add(path)
        text = _read(path) or ""
        parent_root = _compose(text, str(path))
        for key in list(missing):
            node = _top(parent_root, key)
            if node is not None:
                out[key] = _list_block(text, key, node)
                missing.remove(key)
    return out


def _list_block(text: str, key: str, node: yaml.Node) -> str:
    """`key:` and the list (or mapping) `node` of `text`, re-indented to two spaces."""
    if getattr(node, "flow_style", False) or not getattr(node, "value", None):
        return f"{key}: {text[node.start_mark.index : node.end_mark.index]}\n"
    items = node.value
    first = items[0][0] if isinstance(node, yaml.MappingNode) else items[0]
    last = items[-1][1] if isinstance(node, yaml.MappingNode) else items[-1]
    start = text.rfind("\n", 0, first.start_mark.index) + 1
    body = text[start : _after(text, last)]
    indent = first.start_mark.column - (2 if isinstance(node, yaml.SequenceNode) else 0)
    lines = [line[indent:] if line[:indent].strip() == "" else line.lstrip() for line in body.splitlines()]
    return f"{key}:\n" + "".join(f"  {line}\n" if line.strip() else "\n" for line in lines)


def edit_mkdocs_yml(text: str, inherited: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """mkdocs.yml with the plugin (and the Mermaid fence, when there is no superfences) added,
    and notes for what was left to the team. InitError when it cannot be edited safely.
    `inherited`: the lists of an INHERITed config the child does not set (`inherited_lists`);
    they are copied into the child first, so adding to them keeps the parent's entries."""
    root = _compose(text, "mkdocs.yml")
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise InitError("mkdocs.yml is not a mapping of settings; fix it, then run init again")
    notes: list[str] = []
    out = text
    parent_draws = False
    for key, block in (inherited or {}).items():
        if key == "markdown_extensions" and "pymdownx.superfences" in block and "mermaid" in block:
            parent_draws = True  # the parent's extensions draw the graph: nothing to add
            continue
        if _top(root, key) is None:
            out = _append_top(out, block)
            notes.append(f"copies the {key} of the INHERITed config, which a child's list replaces")
    if out != text:
        root = _compose(out, "mkdocs.yml")
        text = out
    plugins = _top(root, "plugins")
    if plugins is None:
        if root is not None and any(
            isinstance(k, yaml.ScalarNode) and k.value == "plugins" for k, _ in root.value
        ):
            raise InitError("mkdocs.yml has an empty `plugins:`; list `- search` and `- tradeoffs` under it")
        out = _append_top(out, "plugins:\n  - search\n  - tradeoffs\n")
    elif isinstance(plugins, yaml.MappingNode):
        if plugins.flow_style or not plugins.value:
            raise InitError("add `tradeoffs: {}` to the plugins of mkdocs.yml by hand")
        first = plugins.value[0][0].start_mark
        at = _after(out, plugins.value[-1][1])
        out = out[:at] + " " * first.column + "tradeoffs: {}\n" + out[at:]
    else:
        edited = _append_item(out, plugins, "- tradeoffs\n")
        if edited is None:
            raise InitError(
                "cannot add to the plugins of mkdocs.yml as they are written; add "
                "`- tradeoffs` to them by hand"
            )
        out = edited
    extensions = _top(root, "markdown_extensions")
    names = _extension_names(extensions)
    if parent_draws and extensions is None:
        pass
    elif "pymdownx.superfences" not in names:
        if extensions is None:
            out = _append_top(out, "markdown_extensions:\n" + MERMAID_FENCE)
        else:
            edited = _append_item(
                out, _top(_compose(out, "mkdocs.yml"), "markdown_extensions") or extensions, MERMAID_FENCE
            )
            if edited is None:
                notes.append(
                    "add pymdownx.superfences with a mermaid custom fence to "
                    "markdown_extensions to draw Mermaid diagrams (the catalogue's graph, yours)"
                )
            else:
                out = edited
    elif "mermaid" not in text:
        edited = _add_mermaid_fence(out)
        if edited is None:
            notes.append(
                "pymdownx.superfences has no mermaid custom fence: Mermaid diagrams (the "
                "catalogue's graph, yours) show as code until one is added (see docs/plugin-setup.md)"
            )
        else:
            out = edited
            notes.append("adds the mermaid custom fence to pymdownx.superfences")
    new_root = _compose(out, "the edited mkdocs.yml")
    if not _same_except(_plain(root), _plain(new_root), {"plugins", "markdown_extensions"}):
        raise InitError(
            "internal: editing mkdocs.yml would change other settings; add "
            "`- tradeoffs` to its plugins by hand"
        )
    return out, notes


FENCE_ITEM = """\
- name: mermaid
  class: mermaid
  format: !!python/name:pymdownx.superfences.fence_code_format
"""


def _add_mermaid_fence(text: str) -> str | None:
    """`text` with the mermaid custom fence added to its pymdownx.superfences entry (written
    as a bare name, with options, or with other custom fences); None when it is written in a
    way this cannot extend safely."""
    extensions = _top(_compose(text, "mkdocs.yml"), "markdown_extensions")
    if not isinstance(extensions, yaml.SequenceNode) or extensions.flow_style:
        return None
    for item in extensions.value:
        if isinstance(item, yaml.ScalarNode) and item.value == "pymdownx.superfences":
            col = item.start_mark.column
            fences = "".join(" " * (col + 4) + line + "\n" for line in FENCE_ITEM.splitlines())
            block = f"pymdownx.superfences:\n{' ' * (col + 2)}custom_fences:\n{fences}"
            end = _line_end(text, item.end_mark.index)
            return text[: item.start_mark.index] + block + text[end:]
        if not isinstance(item, yaml.MappingNode) or len(item.value) != 1:
            continue
        key, options = item.value[0]
        if key.value != "pymdownx.superfences":
            continue
        if isinstance(options, yaml.ScalarNode) and options.value in ("", "null", "~"):
            end = _line_end(text, key.end_mark.index)
            col = key.start_mark.column
            fences = "".join(" " * (col + 4) + line + "\n" for line in FENCE_ITEM.splitlines())
            return (
                text[: key.start_mark.index]
                + (f"pymdownx.superfences:\n{' ' * (col + 2)}custom_fences:\n{fences}")
                + text[end:]
            )
        if not isinstance(options, yaml.MappingNode) or options.flow_style or not options.value:
            return None
        fences_node = _top(options, "custom_fences")
        if fences_node is None:
            col = int(options.value[0][0].start_mark.column)
            at = _after(text, options.value[-1][1])
            lines = "".join(" " * (col + 2) + line + "\n" for line in FENCE_ITEM.splitlines())
            return text[:at] + " " * col + "custom_fences:\n" + lines + text[at:]
        return _append_item(text, fences_node, "".join(f"  {line}\n" for line in FENCE_ITEM.splitlines()))
    return None


def _extension_names(node: yaml.Node | None) -> set[str]:
    names: set[str] = set()
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                names.add(item.value)
            elif isinstance(item, yaml.MappingNode):
                names.update(k.value for k, _ in item.value if isinstance(k, yaml.ScalarNode))
    elif isinstance(node, yaml.MappingNode):
        names.update(k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode))
    return names


def edit_pre_commit(text: str, rev: str | None = None, *, site: str = "") -> str | None:
    """.pre-commit-config.yaml with the hooks added; None when they are already there."""
    if "mkdocs-tradeoffs" in text:
        return None
    root = _compose(text, PRE_COMMIT)
    repos = _top(root, "repos")
    entry = pre_commit_entry(rev, site=site)
    if repos is None:
        if root is not None and not isinstance(root, yaml.MappingNode):
            raise InitError(f"{PRE_COMMIT} is not a mapping; add the hooks by hand")
        return _append_top(text, "repos:\n" + entry)
    edited = _append_item(text, repos, entry)
    if edited is None:
        raise InitError(
            f"cannot add to `repos` in {PRE_COMMIT} as it is written; add the hooks by hand:\n" + entry
        )
    added = _top(_compose(edited, PRE_COMMIT), "repos")
    if not isinstance(added, yaml.SequenceNode) or _plain(added)[1][:-1] != _plain(repos)[1]:
        raise InitError(
            f"internal: editing {PRE_COMMIT} would change it otherwise; add the hooks by hand:\n" + entry
        )
    return edited


# ------------------------------------------------------------------ the plan


def _read(path: Path) -> str | None:
    """A file's text with its line ends as they are (CRLF stays CRLF when written back)."""
    if not path.exists() and not path.is_symlink():
        return None
    text, problems = source.read_text(path)  # its size checked before it is read
    if text is None:
        raise InitError(f"{path}: {problems[0].message}; leave it out or fix it first")
    return text


def _keeping_line_ends(text: str, edit: Callable[[str], tuple[str, list[str]]]) -> tuple[str, list[str]]:
    """`edit` made on the text with LF line ends, its result written back with the file's."""
    if "\r\n" not in text:
        return edit(text)
    edited, notes = edit(text.replace("\r\n", "\n"))
    return edited.replace("\r\n", "\n").replace("\n", "\r\n"), notes


def _site_name(root: Path) -> str:
    return root.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize() or "Decisions"


def agents_section(decisions: str) -> str:
    """The section of AGENTS.md that points coding agents at the decisions."""
    return f"""{AGENTS_START}
## Architecture decisions

This repository records its architecture decisions in `{decisions}/`, one YAML file each,
evaluated by tradeoff frameworks. Before you change a file:

- Run `tradeoffs context PATH` (or `tradeoffs explain PATH`) for the decisions that govern it:
  what was chosen and why, the costs accepted, open questions, and what would change it.
- Do not go against an accepted decision without saying so in your change; to change one,
  propose a new decision (`tradeoffs new FRAMEWORK "Title"`) that supersedes it.
- An MCP client can ask the same, read-only, of `tradeoffs mcp`
  (`pip install "mkdocs-tradeoffs[mcp]"`).
{AGENTS_END}
"""


def _agents(settings: Settings, wanted: bool, path: Path, shown: str) -> Change:
    """AGENTS.md at the repository's root, where agents look for it: the section appended (never
    replacing what the team wrote), once. `shown` is its path from where init runs."""
    old = _read(path)
    if old is not None and AGENTS_START in old:
        return Change(shown, "keep", "already points coding agents at the decisions")
    if not wanted:
        return Change(shown, "offer", "run `tradeoffs init --agents` to point coding agents at the decisions")
    section = agents_section(settings.display(settings.decisions_dir))
    if old is None:
        return Change(shown, "create", "points coding agents at the decisions", "# Agents\n\n" + section)
    text = old + ("" if old.endswith("\n") or not old else "\n") + ("\n" if old.strip() else "") + section
    return Change(shown, "update", "appends a section pointing coding agents at the decisions", text, old)


def plan(
    root: Path,
    *,
    config_file: Path | None = None,
    pre_commit: bool = False,
    ci: bool = False,
    agents: bool = False,
) -> Plan:
    """What `init` does to the project at `root` (whose config is `config_file`, by default
    root/mkdocs.yml); nothing is written."""
    out = Plan(root)
    config = config_file or root / "mkdocs.yml"
    shown = config.name if config.parent.resolve() == root.resolve() else str(config)
    old = _read(config)
    site_name = _site_name(root)
    if old is None:
        text = new_mkdocs_yml(site_name)
        out.changes.append(
            Change(shown, "create", "Material theme, search, the tradeoffs plugin, Mermaid diagrams", text)
        )
        options: dict[str, Any] = {}
        data: dict[str, Any] = {}
    else:
        try:
            data = read_mkdocs_yml(config)
        except ConfigError as exc:
            raise InitError(exc.problem.format()) from exc
        found = plugin_options(data)
        options = found or {}
        if found is None:
            text, notes = _keeping_line_ends(old, lambda lf: edit_mkdocs_yml(lf, inherited_lists(config)))
            out.changes.append(
                Change(shown, "update", "; ".join(["adds the tradeoffs plugin", *notes]), text, old)
            )
        else:
            out.changes.append(Change(shown, "keep", "the tradeoffs plugin is already configured"))
        if isinstance(data.get("site_name"), str):
            site_name = data["site_name"]
    settings = Settings.from_options(config.parent, options)
    settings.docs_dir = config.parent / str(data.get("docs_dir") or "docs")

    decisions = settings.decisions_dir
    if decisions.is_dir() and any(decisions.iterdir()):
        out.changes.append(Change(settings.display(decisions) + "/", "keep", "exists"))
    else:
        # git keeps no empty folder: without a file in it, a fresh clone has no decisions/
        out.changes.append(
            Change(
                settings.display(decisions / ".gitkeep"),
                "create",
                "where decisions go; keeps the empty folder in git, so a fresh clone builds",
                "",
            )
        )
    index = settings.docs_dir / "index.md"
    if settings.docs_dir.is_dir() and any(settings.docs_dir.iterdir()):
        out.changes.append(Change(settings.display(settings.docs_dir) + "/", "keep", "has pages"))
    elif index.exists():
        out.changes.append(Change(settings.display(index), "keep", "exists"))
    else:
        out.changes.append(
            Change(
                settings.display(index),
                "create",
                "the home page: MkDocs needs a docs folder",
                _index_md(site_name, settings.url_prefix),
            )
        )

    from tradeoffs.core.frameworks import load_all

    fws = load_all(settings.frameworks_dir, display_root=settings.root)
    if any(p.is_error for p in fws.problems):
        raise InitError(
            "the frameworks have errors; run `tradeoffs check` and fix them first, "
            "then init can write the schema made from them"
        )
    for name, text in (
        (
            DECISION_SCHEMA,
            decision_schema_text(fws.frameworks.values(), settings.status_words, settings.fields),
        ),
        (FRAMEWORK_SCHEMA, framework_schema_text()),
    ):
        out.changes.append(_generated(settings.root / name, name, text))

    repo = git_root(config.parent)
    site = "" if repo == config.parent.resolve() else config.parent.resolve().relative_to(repo).as_posix()

    def at_repo(name: str) -> str:
        return os.path.relpath(repo / name, root)

    out.changes.append(_vscode(settings, repo, at_repo(VSCODE)))

    pc_shown = at_repo(PRE_COMMIT)
    pc_old = _read(repo / PRE_COMMIT)
    unpinned = (
        ""
        if pinned()
        else "; follows the main branch (no release is tagged yet): put a commit you tried in `rev`"
    )
    if pc_old is not None and "mkdocs-tradeoffs" in pc_old:
        out.changes.append(Change(pc_shown, "keep", "already runs the tradeoffs hooks"))
    elif not pre_commit:
        out.changes.append(
            Change(
                pc_shown,
                "offer",
                "run `tradeoffs init --pre-commit` to check decisions before every commit",
            )
        )
    elif pc_old is None:
        out.changes.append(
            Change(
                pc_shown,
                "create",
                "the tradeoffs hooks, as strict as CI" + unpinned,
                "repos:\n" + pre_commit_entry(site=site),
            )
        )
    else:
        edited, _ = _keeping_line_ends(pc_old, lambda lf: (edit_pre_commit(lf, site=site) or lf, []))
        out.changes.append(
            Change(pc_shown, "update", "adds the tradeoffs hooks, as strict as CI" + unpinned, edited, pc_old)
        )

    needs = site_requirements(repo, config.parent.resolve())
    if needs.add_to is not None:
        # the team's own installs of the site (a requirements file, an extra) miss the plugin
        where = f"{needs.where} of {needs.add_to}" if needs.where else needs.add_to
        out.changes.append(
            Change(
                at_repo(needs.add_to),
                "offer",
                f'add "{install_requirement()}" to {where}, so the site\'s builds install it',
            )
        )

    out.changes.append(_agents(settings, agents, repo / AGENTS, at_repo(AGENTS)))

    wf_shown = at_repo(WORKFLOW)
    if (repo / WORKFLOW).exists():
        out.changes.append(Change(wf_shown, "keep", "exists (compare it with docs/ci.md)"))
    elif not ci:
        out.changes.append(
            Change(
                wf_shown,
                "offer",
                "run `tradeoffs init --ci` for the GitHub "
                "Actions workflow that checks and reviews pull requests",
            )
        )
    else:
        notes = ["checks decisions and comments the review on pull requests", *needs.notes]
        if not pinned():
            notes.append("installs mkdocs-tradeoffs from the main branch: pin it to a commit you tried")
        out.changes.append(
            Change(
                wf_shown,
                "create",
                "; ".join(notes),
                workflow_text(install=needs.install, config=f"{site}/{config.name}" if site else None),
            )
        )
    refused = _through_links(out, settings.display(decisions))
    if refused:
        raise InitError("\n".join(p.format() for p in refused))
    return out


def _through_links(todo: Plan, decisions: str) -> list[Problem]:
    """A problem for each file or folder init would write (or the decisions folder, where `new`
    writes) whose path leads through a symbolic link out of the project: nothing is written."""
    found: list[Problem] = []
    for change in todo.changes:
        name = change.path.rstrip("/")
        if change.action not in ("create", "update", "mkdir") and name != decisions:
            continue
        path = todo.root / name
        target = escapes(path, boundary(path, todo.root))
        if target is not None:
            found.append(
                error(
                    name,
                    1,
                    1,
                    f"{name} leads through a symbolic link to {target}, outside the project "
                    "folder; init writes nothing there (remove the link, or point it inside the project)",
                )
            )
    return found


def _generated(path: Path, name: str, text: str) -> Change:
    """A schema file init owns: created, brought up to date, or left alone when it is not one."""
    old = _read(path)
    if old is None:
        return Change(name, "create", "for editor completion and checks", text)
    if old == text:
        return Change(name, "keep", "up to date")
    try:
        existing = json.loads(old)
    except ValueError:
        existing = None
    if not isinstance(existing, dict) or "$schema" not in existing:
        return Change(name, "skip", "exists and is not a JSON Schema; left as it is")
    return Change(name, "update", "brought in step with the frameworks", text, old)


def _vscode(settings: Settings, repo: Path, shown: str) -> Change:
    """VS Code reads its settings at the workspace's root: the repository's."""
    wanted = vscode_settings(settings, repo)
    path = repo / VSCODE
    old = _read(path)
    if old is None:
        note = "VS Code's YAML extension uses the schemas"
        if ignored_by_git(repo, VSCODE):
            note += "; .vscode/ is ignored by git here, so the setting stays on this machine"
        return Change(shown, "create", note, json.dumps(wanted, indent=2) + "\n")
    try:
        current = json.loads(old)
    except ValueError:
        current = None
    mapped = current.get("yaml.schemas") if isinstance(current, dict) else None
    if isinstance(mapped, dict) and all(k in mapped for k in wanted["yaml.schemas"]):
        return Change(shown, "keep", "already maps the schemas")
    return Change(
        shown, "skip", "exists, so it is left as the team wrote it; add to it: " + json.dumps(wanted)
    )


def apply(plan: Plan) -> None:
    """Write the plan. A file that appeared or changed since it was planned is not touched."""
    root = plan.root
    for change in plan.writes:
        path = root / change.path.rstrip("/")
        if change.action == "mkdir":
            path.mkdir(parents=True, exist_ok=True)
            continue
        assert change.text is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        if change.action == "create":
            try:
                create_new(path, change.text)
            except FileExistsError as exc:
                raise InitError(
                    f"{change.path} appeared while init ran; left as it is, run init again"
                ) from exc
        else:
            if _read(path) != change.old:
                raise InitError(f"{change.path} changed while init ran; left as it is, run init again")
            replace_atomically(path, change.text)


_VERBS = {
    "create": ("create", "would create"),
    "update": ("update", "would update"),
    "mkdir": ("create", "would create"),
    "keep": ("keep", "keep"),
    "skip": ("skip", "skip"),
    "offer": ("offer", "offer"),
}


def describe(plan: Plan, *, dry_run: bool, diffs: bool = False) -> str:
    """One line a change (and, with `diffs`, each edit's diff), as the command prints them."""
    lines: list[str] = []
    width = max(len(_VERBS[c.action][dry_run]) for c in plan.changes)
    for change in plan.changes:
        verb = _VERBS[change.action][dry_run]
        lines.append(f"{verb:<{width}}  {change.path}" + (f"  ({change.note})" if change.note else ""))
    if diffs:
        for change in plan.changes:
            if change.action == "update":
                lines += ["", change.diff().rstrip("\n")]
    return "\n".join(lines)
