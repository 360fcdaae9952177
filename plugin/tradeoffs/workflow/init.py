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
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tradeoffs import __version__
from tradeoffs.core import schema
from tradeoffs.core.config import ConfigError, Settings, plugin_options, read_mkdocs_yml
from tradeoffs.core.errors import TradeoffsError
from tradeoffs.core.files import create_new, replace_atomically
from tradeoffs.core.model import Framework
from tradeoffs.core.problems import Problem, warning

REPOSITORY = "https://github.com/mkdocs-tradeoffs/mkdocs-tradeoffs"
"""The project's home; the pre-commit hooks and the install-from-git line point here."""

DECISION_SCHEMA = "schemas/decision.schema.json"
FRAMEWORK_SCHEMA = "schemas/framework.schema.json"
PRE_COMMIT = ".pre-commit-config.yaml"
WORKFLOW = ".github/workflows/decisions.yml"
VSCODE = ".vscode/settings.json"

MERMAID_FENCE = """\
  - pymdownx.superfences:  # Material draws ```mermaid fences as diagrams: the relation graph
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


def install_requirement() -> str:
    """What to `pip install` to get this very version: the git commit when installed from git
    (no release on the package index has it yet), else the released version."""
    commit = _installed_commit()
    if commit:
        return f"mkdocs-tradeoffs @ git+{REPOSITORY}@{commit}"
    return f"mkdocs-tradeoffs=={__version__}"


def pre_commit_rev() -> str:
    """The `rev` to pin the pre-commit hooks to: the installed commit, else the version's tag."""
    return _installed_commit() or f"v{__version__}"


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


def workflow_text(requirement: str | None = None) -> str:
    """The GitHub Actions workflow that checks decisions and comments the review (the one
    docs/ci.md shows), installing `requirement` (default: this very version)."""
    from importlib import resources

    text = resources.files("tradeoffs").joinpath("starter", "decisions-workflow.yml").read_text("utf-8")
    return text.replace("@REQUIREMENT@", requirement or install_requirement())


def pre_commit_entry(rev: str | None = None, *, indent: str = "  ") -> str:
    """The `repos` item for the two hooks, at the given indent of the list's dash."""
    lines = [
        f"- repo: {REPOSITORY}",
        f"  rev: {rev or pre_commit_rev()}",
        "  hooks:",
        "    - id: tradeoffs-check",
        "    - id: tradeoffs-schema   # keeps schemas/decision.schema.json in step with the frameworks",
    ]
    return "".join(f"{indent}{line}\n" for line in lines)


def new_mkdocs_yml(site_name: str) -> str:
    """A minimal site: Material theme, search, the plugin, and Mermaid for the relation graph."""
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


def vscode_settings(settings: Settings) -> dict[str, Any]:
    """VS Code's YAML extension: decision and framework files mapped to the committed schemas."""
    decisions = settings.display(settings.decisions_dir)
    frameworks = settings.display(settings.frameworks_dir)
    return {
        "yaml.schemas": {
            f"./{DECISION_SCHEMA}": [f"{decisions}/*.yml", f"{decisions}/*.yaml"],
            f"./{FRAMEWORK_SCHEMA}": [f"{frameworks}/*.yml", f"{frameworks}/*.yaml"],
        }
    }


def decision_schema_text(
    frameworks: Iterable[Framework], status_words: Mapping[str, str] | None = None
) -> str:
    """The committed decision schema: every framework's facts and options, and the team's
    status words, for editors."""
    data = schema.decision_schema_for(frameworks, status_words=status_words)
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
            decision_schema_text(frameworks, settings.status_words)
            if name == DECISION_SCHEMA
            else framework_schema_text()
        )
        if current == made:
            continue
        source = "the frameworks" if name == DECISION_SCHEMA else "this version of tradeoffs"
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
                f"the committed schema no longer matches {source}, so editors complete "
                f"and check the wrong things; run `tradeoffs init` (or `tradeoffs "
                f"{command}`) and commit it",
            )
        )
    return out


# ------------------------------------------------------------------ text edits


def _compose(text: str, what: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise InitError(f"{what} is not valid YAML ({exc}); fix it, then run init again") from exc


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
        stripped = text[pos:line_end].strip()
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


def edit_mkdocs_yml(text: str) -> tuple[str, list[str]]:
    """mkdocs.yml with the plugin (and the Mermaid fence, when there is no superfences) added,
    and notes for what was left to the team. InitError when it cannot be edited safely."""
    root = _compose(text, "mkdocs.yml")
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise InitError("mkdocs.yml is not a mapping of settings; fix it, then run init again")
    notes: list[str] = []
    out = text
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
    if "pymdownx.superfences" not in names:
        if extensions is None:
            out = _append_top(out, "markdown_extensions:\n" + MERMAID_FENCE)
        else:
            edited = _append_item(
                out, _top(_compose(out, "mkdocs.yml"), "markdown_extensions") or extensions, MERMAID_FENCE
            )
            if edited is None:
                notes.append(
                    "add pymdownx.superfences with a mermaid custom fence to "
                    "markdown_extensions to draw the relation graph"
                )
            else:
                out = edited
    elif "mermaid" not in text:
        notes.append(
            "pymdownx.superfences has no mermaid custom fence: the relation graph shows "
            "as code until one is added (see docs/plugin-setup.md)"
        )
    new_root = _compose(out, "the edited mkdocs.yml")
    if not _same_except(_plain(root), _plain(new_root), {"plugins", "markdown_extensions"}):
        raise InitError(
            "internal: editing mkdocs.yml would change other settings; add "
            "`- tradeoffs` to its plugins by hand"
        )
    return out, notes


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


def edit_pre_commit(text: str, rev: str | None = None) -> str | None:
    """.pre-commit-config.yaml with the hooks added; None when they are already there."""
    if "mkdocs-tradeoffs" in text:
        return None
    root = _compose(text, PRE_COMMIT)
    repos = _top(root, "repos")
    entry = pre_commit_entry(rev)
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
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise InitError(f"{path} is not UTF-8 text; leave it out or fix it first") from exc


def _site_name(root: Path) -> str:
    return root.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize() or "Decisions"


def plan(root: Path, *, config_file: Path | None = None, pre_commit: bool = False, ci: bool = False) -> Plan:
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
            text, notes = edit_mkdocs_yml(old)
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
    if decisions.is_dir():
        out.changes.append(Change(settings.display(decisions) + "/", "keep", "exists"))
    else:
        out.changes.append(Change(settings.display(decisions) + "/", "mkdir", "where decisions go"))
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
        (DECISION_SCHEMA, decision_schema_text(fws.frameworks.values(), settings.status_words)),
        (FRAMEWORK_SCHEMA, framework_schema_text()),
    ):
        out.changes.append(_generated(settings.root / name, name, text))

    out.changes.append(_vscode(settings))

    pc_path = settings.root / PRE_COMMIT
    pc_old = _read(pc_path)
    if pc_old is not None and "mkdocs-tradeoffs" in pc_old:
        out.changes.append(Change(PRE_COMMIT, "keep", "already runs the tradeoffs hooks"))
    elif not pre_commit:
        out.changes.append(
            Change(
                PRE_COMMIT,
                "offer",
                "run `tradeoffs init --pre-commit` to check decisions before every commit",
            )
        )
    elif pc_old is None:
        out.changes.append(
            Change(PRE_COMMIT, "create", "the tradeoffs hooks", "repos:\n" + pre_commit_entry())
        )
    else:
        edited = edit_pre_commit(pc_old)
        assert edited is not None
        out.changes.append(Change(PRE_COMMIT, "update", "adds the tradeoffs hooks", edited, pc_old))

    wf_path = settings.root / WORKFLOW
    if wf_path.exists():
        out.changes.append(Change(WORKFLOW, "keep", "exists (compare it with docs/ci.md)"))
    elif not ci:
        out.changes.append(
            Change(
                WORKFLOW,
                "offer",
                "run `tradeoffs init --ci` for the GitHub "
                "Actions workflow that checks and reviews pull requests",
            )
        )
    else:
        out.changes.append(
            Change(
                WORKFLOW,
                "create",
                "checks decisions and comments the review on pull requests",
                workflow_text(),
            )
        )
    return out


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


def _vscode(settings: Settings) -> Change:
    wanted = vscode_settings(settings)
    path = settings.root / VSCODE
    old = _read(path)
    if old is None:
        return Change(
            VSCODE, "create", "VS Code's YAML extension uses the schemas", json.dumps(wanted, indent=2) + "\n"
        )
    try:
        current = json.loads(old)
    except ValueError:
        current = None
    mapped = current.get("yaml.schemas") if isinstance(current, dict) else None
    if isinstance(mapped, dict) and all(k in mapped for k in wanted["yaml.schemas"]):
        return Change(VSCODE, "keep", "already maps the schemas")
    return Change(
        VSCODE, "skip", "exists, so it is left as the team wrote it; add to it: " + json.dumps(wanted)
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
