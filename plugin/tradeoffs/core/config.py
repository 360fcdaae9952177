"""Settings shared by the CLI and the site, read from the `tradeoffs` entry of mkdocs.yml.

The CLI reads the same file the site reads so the two never disagree. mkdocs.yml is read the
way MkDocs reads it (INHERIT, !ENV) but safely: tags that would import Python objects
(`!!python/name:...`) are kept as opaque placeholders, since nothing here needs them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from tradeoffs.core import source
from tradeoffs.core.errors import TradeoffsError
from tradeoffs.core.fields import FieldSpec, declaration_problem
from tradeoffs.core.fields import parse as parse_fields
from tradeoffs.core.options import OPTIONS, OptionProblem
from tradeoffs.core.options import check as check_options
from tradeoffs.core.problems import Problem, Severity, error


@dataclass
class Settings:
    """Where the project's files live and how decisions are published: the plugin's options
    (`options.OPTIONS`) as the library uses them, with folders resolved against the root."""

    root: Path
    decisions_dir: Path
    frameworks_dir: Path
    templates_dir: Path
    template: str
    prefix: str
    url_prefix: str
    short_url_prefix: str | None
    nav_title: str
    link_mentions: bool
    health_proposed_max_age: int
    health_recurring_cost_min: int
    markdown_dirs: list[Path]
    """Folders of hand-written Markdown ADRs published beside the YAML decisions."""
    mermaid_js: Path | None = None
    """A Mermaid build the site serves itself instead of the theme's CDN copy."""
    search: str = "material"
    """What the site searches with: `material` (the theme's search) or `pagefind`."""
    status_words: dict[str, str] = field(default_factory=dict)
    """A team's own status words -> the status each means (`approved: accepted`)."""
    site_url: str = ""
    config_file: Path | None = None
    docs_dir: Path | None = None
    """The site's Markdown pages (mkdocs.yml `docs_dir`), when a config file names the site."""
    warnings: list[Problem] = field(default_factory=list)
    """What the configuration has that does not stop anything (an unknown option)."""
    directory_urls: bool = True
    """mkdocs.yml `use_directory_urls`: pages are served at `ADR-0007/`, else `ADR-0007.html`."""
    fields: tuple[FieldSpec, ...] = ()
    """The team's own decision fields (plugin option `fields`)."""
    repo_url: str = ""
    """mkdocs.yml `repo_url`: ADR pages link their git history's commits under it."""
    site_name: str = ""
    """mkdocs.yml `site_name`."""
    source_id: str | None = None
    """The plugin option `source_id`; `source_name()` gives the name with its defaults."""
    catalogue: tuple[str, ...] = ()
    """The plugin option `catalogue`: exports, folders of them or checkouts, as written
    (relative to the root); `site.catalogue` reads them."""

    def source_name(self) -> str:
        """The name this log goes by in a catalogue: `source_id`, else the repository's name
        (`repo_url`), else `site_name`, else the project folder's, as a short slug."""
        if self.source_id:
            return self.source_id
        repo = self.repo_url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
        for candidate in (repo, self.site_name, self.root.name):
            slug = re.sub(r"[^a-z0-9._-]+", "-", candidate.lower()).strip("-._")[:64].strip("-._")
            if slug:
                return slug
        return "decisions"

    @classmethod
    def from_options(
        cls, root: Path, options: Mapping[str, Any], *, config_file: Path | None = None, site_url: str = ""
    ) -> Settings:
        """Settings from option values already checked (`options.check`), defaults for the rest."""
        merged = {o.name: o.default for o in OPTIONS}
        merged.update({k: v for k, v in options.items() if k in merged})
        folders = merged["markdown_dirs"]
        return cls(
            root=root,
            decisions_dir=root / str(merged["decisions_dir"]),
            frameworks_dir=root / str(merged["frameworks_dir"] or "frameworks"),
            templates_dir=root / str(merged["templates_dir"] or "templates"),
            template=str(merged["template"]),
            prefix=str(merged["prefix"]),
            url_prefix=str(merged["url_prefix"]).strip("/"),
            short_url_prefix=merged["short_url_prefix"],
            nav_title=str(merged["nav_title"]),
            link_mentions=bool(merged["link_mentions"]),
            health_proposed_max_age=int(merged["health_proposed_max_age"]),
            health_recurring_cost_min=int(merged["health_recurring_cost_min"]),
            markdown_dirs=[root / str(d) for d in ([folders] if isinstance(folders, str) else folders)],
            mermaid_js=root / str(merged["mermaid_js"]) if merged["mermaid_js"] else None,
            search=str(merged["search"]),
            status_words={str(k): str(v) for k, v in dict(merged["status_words"] or {}).items()},
            site_url=site_url or "",
            config_file=config_file,
            fields=() if declaration_problem(merged["fields"]) else parse_fields(merged["fields"]),
            source_id=merged["source_id"] or None,
            catalogue=tuple(str(s) for s in merged["catalogue"] or ()),
        )

    def options(self) -> dict[str, Any]:
        """The option values these settings were made from, folders relative to the root where
        they are inside it (`from_options(root, settings.options())` gives the same settings)."""

        def rel(path: Path) -> str:
            try:
                return str(path.relative_to(self.root))
            except ValueError:
                return str(path)

        values: dict[str, Any] = {o.name: getattr(self, o.name) for o in OPTIONS}
        for name in ("decisions_dir", "frameworks_dir", "templates_dir"):
            values[name] = rel(values[name])
        values["markdown_dirs"] = [rel(p) for p in self.markdown_dirs]
        values["mermaid_js"] = rel(self.mermaid_js) if self.mermaid_js else None
        values["fields"] = [f.as_option() for f in self.fields]
        values["catalogue"] = list(self.catalogue)
        return values

    def display(self, path: Path) -> str:
        """A path as the user would type it: relative to the project root when inside it."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)

    def display_all(self, paths: Iterable[Path]) -> list[str]:
        """`display` of each path, resolving the root and each folder once.

        Resolving every path costs a system call per folder on the way, for every decision.
        A file that is itself a symlink is resolved in full.
        """
        root = self.root.resolve()
        prefixes: dict[str, str | None] = {}  # per folder: the text before a file name, or
        # None when the folder is outside the root
        out: list[str] = []
        for path in paths:
            name = path.name
            if name in ("", ".", "..") or path.is_symlink():
                out.append(self.display(path))
                continue
            parent = os.path.dirname(str(path))
            if parent in prefixes:
                prefix = prefixes[parent]
            else:
                try:
                    inside = str(Path(parent).resolve().relative_to(root))
                    prefix = "" if inside == "." else inside + os.sep
                except ValueError:
                    prefix = None
                prefixes[parent] = prefix
            out.append(str(path) if prefix is None else prefix + name)
        return out


class _Opaque:
    """Stands in for a Python object that mkdocs.yml names but the CLI never uses."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value

    def __repr__(self) -> str:
        return f"<{self.tag}>"


class _ConfigLoader(yaml.SafeLoader):
    pass


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # mkdocs' !ENV: a variable name, or a list of names with a default last
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = items[:-1] if len(items) > 1 else items, items[-1] if len(items) > 1 else None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


def _opaque(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _Opaque(node.tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return _Opaque(node.tag, loader.construct_sequence(node))
    return _Opaque(node.tag, loader.construct_mapping(node))  # type: ignore[arg-type]


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("", _opaque)


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Deep merge like mkdocs (mergedeep): mappings merge, everything else is replaced."""
    out = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def read_mkdocs_yml(path: Path, _seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """mkdocs.yml as data, following INHERIT. Raises ConfigError with file and line."""
    text, problems = source.read_text(path)  # its size checked before it is read
    if text is None:
        found = problems[0]
        raise ConfigError(replace(found, message=f"cannot read the MkDocs config: {found.message}"))
    node, problems = source.compose(str(path), text, _ConfigLoader, what="MkDocs config")
    if problems:
        found = problems[0]
        raise ConfigError(
            replace(found, message=found.message.replace("YAML:", "YAML in the MkDocs config:", 1))
        )
    try:
        data = (_ConfigLoader("").construct_document(node) if node is not None else None) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ConfigError(
            error(str(path), line, col, f"invalid YAML in the MkDocs config: {getattr(exc, 'problem', exc)}")
        ) from exc
    if not isinstance(data, dict):
        raise ConfigError(error(str(path), 1, 1, "the MkDocs config must be a mapping"))
    parent_name = data.pop("INHERIT", None)
    if parent_name:
        parent = (path.parent / str(parent_name)).resolve()
        if parent in _seen:
            raise ConfigError(error(str(path), 1, 1, f"INHERIT loops back to {parent}"))
        if not parent.is_file():
            raise ConfigError(
                error(str(path), 1, 1, f"INHERIT names '{parent_name}', which does not exist at {parent}")
            )
        data = _merge(read_mkdocs_yml(parent, (*_seen, path.resolve())), data)
    return data


class ConfigError(TradeoffsError):
    """The configuration cannot be used; carries every problem to show."""

    def __init__(self, problem: Problem, *more: Problem) -> None:
        self.problems = [problem, *more]
        super().__init__("\n".join(p.format() for p in self.problems))
        self.problem = problem


CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")
"""The config files looked for in the current folder, in order: MkDocs', then ProperDocs'."""


def find_config(cwd: Path) -> Path | None:
    """The site's config file in `cwd`, as `mkdocs` or `properdocs` would find it."""
    for name in CONFIG_NAMES:
        if (cwd / name).is_file():
            return cwd / name
    return None


def plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """The options of the `tradeoffs` plugin entry, or None when the plugin is not listed."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for entry in plugins:
        if entry == "tradeoffs":
            return {}
        if isinstance(entry, dict) and "tradeoffs" in entry:
            options = entry["tradeoffs"] or {}
            return options if isinstance(options, dict) else {}
    return None


def _option_position(path: Path, name: str) -> tuple[int, int]:
    """Line and column of the plugin option `name` in `path` (of the plugin entry when the option
    is not written there, e.g. a default or an INHERITed value; else 1:1)."""
    text, _problems = source.read_text(path)
    root, problems = source.compose(str(path), text or "", _ConfigLoader)
    if text is None or problems:
        return 1, 1

    def value_of(node: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return k, v
        return None

    found = value_of(root, "plugins")
    entries = (
        found[1].value if found and isinstance(found[1], yaml.SequenceNode) else [found[1]] if found else []
    )
    for entry in entries:
        if isinstance(entry, yaml.ScalarNode) and entry.value == "tradeoffs":
            return entry.start_mark.line + 1, entry.start_mark.column + 1
        plugin = value_of(entry, "tradeoffs")
        if plugin is not None:
            option = value_of(plugin[1], name)
            mark = (option[0] if option else plugin[0]).start_mark
            return mark.line + 1, mark.column + 1
    return 1, 1


def option_position(path: Path, name: str) -> tuple[int, int]:
    """Line and column of the plugin option `name` in the config file `path`, for problems
    found in what the option names (a catalogue source that is not there)."""
    return _option_position(path, name)


def _as_problem(path: Path | None, item: OptionProblem) -> Problem:
    line, column = _option_position(path, item.name) if path is not None else (1, 1)
    return Problem(
        str(path) if path is not None else "mkdocs.yml",
        line,
        column,
        item.text(),
        Severity.ERROR if item.is_error else Severity.WARNING,
    )


def load_settings(
    config_file: Path | None = None, *, cwd: Path | None = None, overrides: dict[str, Any] | None = None
) -> Settings:
    """Settings from the site's config (the given file, or the one `find_config` finds), then
    overrides; every option checked as `mkdocs build` checks it. Raises ConfigError naming
    every invalid option with its file and line."""
    cwd = cwd or Path.cwd()
    config_file = config_file if config_file is not None else find_config(cwd)
    data: dict[str, Any] = {}
    if config_file is not None:
        if not config_file.is_file():
            raise ConfigError(error(str(config_file), 1, 1, "no such MkDocs config file"))
        data = read_mkdocs_yml(config_file)
    root = config_file.parent if config_file is not None else cwd
    values, found = check_options({**(plugin_options(data) or {}), **(overrides or {})}, root)
    problems = [_as_problem(config_file, item) for item in found]
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ConfigError(*errors)
    site_url = data.get("site_url") if isinstance(data.get("site_url"), str) else ""
    version = mike_version(data)
    if site_url and version:
        site_url = f"{site_url.rstrip('/')}/{version}/"
    settings = Settings.from_options(root, values, config_file=config_file, site_url=site_url or "")
    settings.warnings = problems
    if config_file is not None:
        settings.docs_dir = root / str(data.get("docs_dir") or "docs")
        settings.directory_urls = data.get("use_directory_urls") is not False
        settings.repo_url = data["repo_url"] if isinstance(data.get("repo_url"), str) else ""
        settings.site_name = data["site_name"] if isinstance(data.get("site_name"), str) else ""
    return settings


def decisions_dir_not_yet(settings: Settings) -> bool:
    """Whether the decisions folder is the default one and does not exist yet: git keeps no
    empty folder, so a fresh clone of a site with no decision has none. That is a site with no
    decisions; a folder the options name and that is missing is a mistake to report."""
    default = next(o.default for o in OPTIONS if o.name == "decisions_dir")
    return not settings.decisions_dir.is_dir() and settings.decisions_dir == settings.root / str(default)


def mike_version(data: Mapping[str, Any]) -> str | None:
    """The version folder pages are published under when mike deploys the site (its
    `canonical_version`, else the version being deployed, else the theme's default version
    (`extra.version.default`), else `latest`, the alias mike's documentation deploys as);
    None for a site mike does not deploy. The site's address
    in mkdocs.yml is the folder above the versions, so links made outside a mike build (the
    review's, the schema modelines') add it, as mike's plugin does in the build."""
    plugins = data.get("plugins")
    options: Any = None
    if isinstance(plugins, list):
        for item in plugins:
            if item == "mike":
                options = {}
            elif isinstance(item, dict) and "mike" in item:
                options = item["mike"] or {}
    elif isinstance(plugins, dict) and "mike" in plugins:
        options = plugins["mike"] or {}
    extra = data.get("extra")
    version_extra = extra.get("version") if isinstance(extra, dict) else None
    provider = version_extra.get("provider") if isinstance(version_extra, dict) else None
    if options is None and provider != "mike":
        return None
    canonical = options.get("canonical_version") if isinstance(options, dict) else None
    default = version_extra.get("default") if isinstance(version_extra, dict) else None
    if isinstance(default, list):
        default = default[0] if default else None
    version = canonical or os.environ.get("MIKE_DOCS_VERSION") or default or "latest"
    return str(version).strip("/") or None


def missing_decisions_dir(settings: Settings) -> str | None:
    """What to say when the decisions folder the options name does not exist (the site cannot
    be built); None when it exists or is the default folder not made yet."""
    if settings.decisions_dir.is_dir() or decisions_dir_not_yet(settings):
        return None
    return (
        f"the decisions folder {settings.display(settings.decisions_dir)} does not exist; create "
        "it (`tradeoffs new` or `tradeoffs init` does), or set `decisions_dir` in the plugin's "
        "options"
    )
