"""How the plugin hands MkDocs the files it makes, so plugins that rebuild the file list keep them.

mkdocs-static-i18n replaces `Files` in its `on_files` (priority -100) with copies it makes
from the docs folder: a file held in memory (no `abs_src_path`) crashes it, and a page from
anywhere else is dropped. So beside i18n the plugin's files wait until i18n has made its list
and are added to it then, as pages of the language being built (under its folder, with the
same page in every built language as its alternates, so Material's language switcher keeps
the reader on the decision). Without such a plugin, files are added at once, as before.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

I18N_PLUGINS = ("i18n", "mkdocs-static-i18n")
"""The names mkdocs-static-i18n is configured under."""

LATE_PRIORITY = -110
"""After mkdocs-static-i18n's `on_files` (-100): the priority `add_pending` runs at."""


@dataclass(frozen=True)
class Language:
    """The language mkdocs-static-i18n is building, and the others it builds."""

    current: str
    default: str
    built: tuple[str, ...]

    @property
    def folder(self) -> str:
        """Where this language's pages go: the site's root for the default language."""
        return "" if self.current == self.default else self.current


def i18n_language(config: MkDocsConfig) -> Language | None:
    """The language being built, when mkdocs-static-i18n is configured (else None)."""
    for name in I18N_PLUGINS:
        plugin = config.plugins.get(name)
        if plugin is None:
            continue
        default = getattr(plugin, "default_language", None)
        current = getattr(plugin, "current_language", None) or default
        built = getattr(plugin, "build_languages", None) or [default]
        if isinstance(default, str) and isinstance(current, str):
            return Language(current, default, tuple(str(b) for b in built))
    return None


@dataclass
class FileAdder:
    """The files of one build, added now or after the plugins that rebuild the list."""

    language: Language | None = None
    pending: list[File] = field(default_factory=list)

    @classmethod
    def for_build(cls, config: MkDocsConfig) -> FileAdder:
        return cls(i18n_language(config))

    def add(self, files: Files, file: File) -> None:
        if self.language is None:
            files.append(file)
        else:
            self.pending.append(file)

    def add_pending(self, files: Files, config: MkDocsConfig) -> Files:
        """Add the files that waited (call at `LATE_PRIORITY`)."""
        language = self.language
        for file in self.pending:
            if language is not None and file.is_documentation_page():
                _localise(file, language, config)
            files.append(file)
        self.pending = []
        return files


def _localise(file: File, language: Language, config: MkDocsConfig) -> None:
    """Make a page of the language being built, as mkdocs-static-i18n makes its own: under
    the language's folder, with i18n's attributes (its language switcher reads them)."""
    home = file.dest_uri
    if language.folder:
        file.dest_uri = f"{language.folder}/{home}"
        file.url = file._get_url()
        file.abs_dest_path = os.path.normpath(os.path.join(file.dest_dir, file.dest_uri))
    alternates: dict[str, Any] = {}
    for lang in language.built:
        if lang == language.current:
            alternates[lang] = file
            continue
        other = File.generated(config, file.src_uri, content="")
        if lang != language.default:
            other.dest_uri = f"{lang}/{home}"
            other.url = other._get_url()
        alternates[lang] = other
    attributes = {
        "alternates": alternates,
        "locale": language.current,
        "locale_alternate_of": language.current,
        "localization": None,
        "norm_src_uri": file.src_uri,
    }
    for name, value in attributes.items():
        setattr(file, name, value)


MACROS_PLUGINS = ("macros", "mkdocs-macros")
"""The names mkdocs-macros is configured under."""


def renders_macros(config: MkDocsConfig) -> bool:
    """Whether mkdocs-macros would read every page as a Jinja template."""
    return any(config.plugins.get(name) is not None for name in MACROS_PLUGINS)


def without_macros(markdown: str) -> str:
    """A generated page that mkdocs-macros leaves as it is (`render_macros: false`, which it
    honours before anything else): its text comes from decision files, where `{{ x }}` is
    text, and its headings carry `{#id}` attributes, which Jinja reads as an open comment."""
    if markdown.startswith("---\n"):
        return "---\nrender_macros: false\n" + markdown[4:]
    return "---\nrender_macros: false\n---\n\n" + markdown


GIT_AUTHORS = ("git-authors",)
"""The name mkdocs-git-authors-plugin is configured under."""


def exclude_from_git_authors(config: MkDocsConfig, prefix: str, paths: Iterable[str]) -> bool:
    """Add the generated pages to mkdocs-git-authors-plugin's `exclude` (True when it is
    configured). It skips generated files when it lists the site's files, but asks git to
    blame every page it shows, and a generated page has no file: under `--strict` its warning
    that "None has not been committed yet" fails the build."""
    for name in GIT_AUTHORS:
        plugin = config.plugins.get(name)
        options = getattr(plugin, "config", None)
        if plugin is None or options is None:
            continue
        exclude = options.get("exclude")
        if not isinstance(exclude, list):
            exclude = []
            options["exclude"] = exclude
        # one pattern for the folder of decision pages; each page when they are at the root
        wanted = [f"{prefix}/*"] if prefix else sorted(paths)
        known = set(exclude)
        exclude.extend(p for p in wanted if p not in known)
        return True
    return False
