"""Settings shared by the CLI and the site, read from the `tradeoffs` entry of mkdocs.yml.

The CLI reads the same file the site reads so the two never disagree. mkdocs.yml is read the
way MkDocs reads it (INHERIT, !ENV) but safely: tags that would import Python objects
(`!!python/name:...`) are kept as opaque placeholders, since nothing here needs them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, error

DEFAULTS: dict[str, Any] = {
    "decisions_dir": "decisions",
    "frameworks_dir": "frameworks",
    "templates_dir": "templates",
    "template": "madr",
    "prefix": "ADR",
    "url_prefix": "decisions",
    "markdown_dirs": [],
}


@dataclass
class Settings:
    """Where the project's files live and how decisions are published."""

    root: Path
    decisions_dir: Path
    frameworks_dir: Path
    templates_dir: Path
    template: str = "madr"
    prefix: str = "ADR"
    url_prefix: str = "decisions"
    site_url: str = ""
    config_file: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    markdown_dirs: list[Path] = field(default_factory=list)
    """Folders of hand-written Markdown ADRs published beside the YAML decisions."""
    docs_dir: Path | None = None
    """The site's Markdown pages (mkdocs.yml `docs_dir`), when a config file names the site."""
    directory_urls: bool = True
    """mkdocs.yml `use_directory_urls`: pages are served at `ADR-0007/`, else `ADR-0007.html`."""

    @classmethod
    def from_options(cls, root: Path, options: dict[str, Any], *, config_file: Path | None = None,
                     site_url: str = "") -> Settings:
        merged = {**DEFAULTS, **{k: v for k, v in options.items() if v is not None}}
        known = {f.name for f in fields(cls)}
        markdown_dirs = merged["markdown_dirs"]
        if isinstance(markdown_dirs, str):
            markdown_dirs = [markdown_dirs]
        return cls(
            root=root,
            decisions_dir=(root / str(merged["decisions_dir"])),
            frameworks_dir=(root / str(merged["frameworks_dir"])),
            templates_dir=(root / str(merged["templates_dir"])),
            template=str(merged["template"]),
            prefix=str(merged["prefix"]),
            url_prefix=str(merged["url_prefix"]).strip("/"),
            site_url=site_url or "",
            config_file=config_file,
            extra={k: v for k, v in merged.items() if k not in known},
            markdown_dirs=[root / str(d) for d in markdown_dirs or ()],
        )

    def display(self, path: Path) -> str:
        """A path as the user would type it: relative to the project root when inside it."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)

    def display_all(self, paths: Iterable[Path]) -> list[str]:
        """`display` of each path, resolving the root and each folder once.

        Resolving every path (a system call per folder on the way) was a sixth of `tradeoffs
        check` over 10,000 decisions. A file that is itself a symlink is resolved in full.
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
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(error(str(path), 1, 1, f"cannot read the MkDocs config: {exc}")) from exc
    try:
        data = yaml.load(text, Loader=_ConfigLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ConfigError(error(str(path), line, col, f"invalid YAML in the MkDocs config: "
                                f"{getattr(exc, 'problem', exc)}")) from exc
    if not isinstance(data, dict):
        raise ConfigError(error(str(path), 1, 1, "the MkDocs config must be a mapping"))
    parent_name = data.pop("INHERIT", None)
    if parent_name:
        parent = (path.parent / str(parent_name)).resolve()
        if parent in _seen:
            raise ConfigError(error(str(path), 1, 1, f"INHERIT loops back to {parent}"))
        if not parent.is_file():
            raise ConfigError(error(str(path), 1, 1, f"INHERIT names '{parent_name}', "
                                    f"which does not exist at {parent}"))
        data = _merge(read_mkdocs_yml(parent, (*_seen, path.resolve())), data)
    return data


class ConfigError(Exception):
    """The configuration cannot be used; carries the Problem to show."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


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


def load_settings(config_file: Path | None = None, *, cwd: Path | None = None,
                  overrides: dict[str, Any] | None = None) -> Settings:
    """Settings from mkdocs.yml (the given one, or ./mkdocs.yml when present), then overrides."""
    cwd = cwd or Path.cwd()
    overrides = overrides or {}
    if config_file is None and (cwd / "mkdocs.yml").is_file():
        config_file = cwd / "mkdocs.yml"
    if config_file is None:
        return Settings.from_options(cwd, overrides)
    if not config_file.is_file():
        raise ConfigError(error(str(config_file), 1, 1, "no such MkDocs config file"))
    data = read_mkdocs_yml(config_file)
    options = {**(plugin_options(data) or {}), **overrides}
    site_url = data.get("site_url") if isinstance(data.get("site_url"), str) else ""
    settings = Settings.from_options(config_file.parent, options, config_file=config_file,
                                     site_url=site_url or "")
    settings.docs_dir = config_file.parent / str(data.get("docs_dir") or "docs")
    settings.directory_urls = data.get("use_directory_urls") is not False
    return settings
