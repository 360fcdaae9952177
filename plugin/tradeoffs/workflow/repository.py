"""What `init` needs to know of the repository around a site: where its root is (pre-commit,
GitHub and VS Code read their files there, whatever folder the site is in), what git ignores,
and how the team installs the site's own plugins (so CI's build has them too)."""

from __future__ import annotations

import shlex
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

REQUIREMENT_FILES = (
    "docs/requirements.txt",
    "docs/requirements.in",
    "requirements-docs.txt",
    "requirements_docs.txt",
    "docs-requirements.txt",
    "requirements/docs.txt",
    "requirements/docs.in",
    "requirements.txt",
)
"""Where teams keep the site's requirements, looked for in the site's folder, then the root's."""

DOCS_EXTRAS = ("docs", "doc", "documentation")
"""The names of a pyproject extra, hatch environment or dependency group that installs the site."""


def git_root(folder: Path) -> Path:
    """The repository's root: the nearest folder up with a `.git` (a folder, or a file in a
    worktree or submodule); the folder itself outside a repository."""
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def ignored_by_git(repo: Path, path: str) -> bool:
    """Whether the repository's root .gitignore (or .git/info/exclude) ignores `path`."""
    lines: list[str] = []
    for name in (".gitignore", ".git/info/exclude"):
        try:
            lines += (repo / name).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
    return pathspec.GitIgnoreSpec.from_lines(lines).match_file(path)


@dataclass
class SiteRequirements:
    """How CI installs what the site builds with, and what init could not do about it."""

    install: tuple[str, ...] = ()
    """pip arguments beside mkdocs-tradeoffs (`-r docs/requirements.txt`)."""
    notes: list[str] = field(default_factory=list)
    add_to: str | None = None
    """The file (from the repository's root) the team should add mkdocs-tradeoffs to, so its
    own builds install it; None when it is there already or there is no such file."""
    where: str = ""
    """Where in `add_to` (`the docs extra`), for the sentence saying so."""


def site_requirements(repo: Path, site: Path) -> SiteRequirements:
    """The requirements file, pyproject extra or hatch environment the site is built with."""
    for base in dict.fromkeys((site, repo)):
        for name in REQUIREMENT_FILES:
            path = base / name
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if "mkdocs" not in text.lower():
                continue
            shown = path.relative_to(repo).as_posix()
            out = SiteRequirements(("-r", shlex.quote(shown)))
            if "mkdocs-tradeoffs" not in text.lower():
                out.add_to = shown
            return out
    try:
        pyproject = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        pyproject = {}
    extras = pyproject.get("project", {}).get("optional-dependencies", {})
    for name in DOCS_EXTRAS:
        deps = extras.get(name) if isinstance(extras, dict) else None
        if isinstance(deps, list) and _builds_docs(deps):
            out = SiteRequirements((shlex.quote(f".[{name}]"),))
            if not _names_us(deps):
                out.add_to, out.where = "pyproject.toml", f"the `{name}` extra"
            return out
    # a hatch environment installs the project too, unless it is detached or skips it
    envs = pyproject.get("tool", {}).get("hatch", {}).get("envs", {})
    for name in DOCS_EXTRAS:
        env = envs.get(name) if isinstance(envs, dict) else None
        deps = env.get("dependencies") if isinstance(env, dict) else None
        if isinstance(env, dict) and isinstance(deps, list) and _builds_docs(deps):
            project = () if env.get("detached") or env.get("skip-install") else (".",)
            out = SiteRequirements((*project, *_quoted(deps)))
            out.notes.append(f"installs what hatch's `{name}` environment does")
            if not _names_us(deps):
                out.add_to, out.where = "pyproject.toml", f"[tool.hatch.envs.{name}] dependencies"
            return out
    # a dependency group (PEP 735) is installed with the project, as `uv sync --group` does
    groups = pyproject.get("dependency-groups", {})
    for name in (*DOCS_EXTRAS, "dev"):
        deps = groups.get(name) if isinstance(groups, dict) else None
        if isinstance(deps, list) and _builds_docs(deps):
            out = SiteRequirements((".", *_quoted(deps)))
            out.notes.append(f"installs the project and its `{name}` dependency group")
            if not _names_us(deps):
                out.add_to, out.where = "pyproject.toml", f"[dependency-groups] {name}"
            return out
    return SiteRequirements(
        notes=[
            "found no requirements file for the site's other plugins: add them to the "
            "workflow's `pip install` line (or keep them in docs/requirements.txt and run init again)"
        ]
    )


def _builds_docs(deps: list[object]) -> bool:
    return any("mkdocs" in d.lower() for d in deps if isinstance(d, str))


def _quoted(deps: list[object]) -> tuple[str, ...]:
    """Requirement strings as shell words (an `include-group` table is left to the team)."""
    return tuple(shlex.quote(d) for d in deps if isinstance(d, str) and "mkdocs-tradeoffs" not in d)


def _names_us(deps: list[object]) -> bool:
    return any("mkdocs-tradeoffs" in d.lower() for d in deps if isinstance(d, str))
