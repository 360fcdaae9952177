"""mkdocs-tradeoffs: architecture decision records driven by tradeoff frameworks.

The package is a plain library (load -> validate -> evaluate -> render); the MkDocs plugin
(`tradeoffs.mkdocs_plugin`) and the command line (`tradeoffs.cli`) are thin adapters over it.

Its public surface is what `__all__` names here, as mkdocstrings' own packages state theirs:
loading and evaluating decisions, the page set of the decision site (what every engine
adapter publishes), and one exception base a caller catches. Everything else, every module
below this package included, is internal and may change between releases. The names are
imported when first used, so `import tradeoffs` (which every command does) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_PUBLIC = {
    # loading and evaluating decisions
    "Settings": "tradeoffs.core.config",
    "load_settings": "tradeoffs.core.config",
    "Project": "tradeoffs.core.project",
    "load_project": "tradeoffs.core.project",
    "evaluate": "tradeoffs.core.evaluate",
    "Decision": "tradeoffs.core.model",
    "Evaluation": "tradeoffs.core.model",
    "Framework": "tradeoffs.core.model",
    "Problem": "tradeoffs.core.problems",
    "Renderer": "tradeoffs.adr.render",
    # the page set
    "build_site": "tradeoffs.site",
    "Site": "tradeoffs.site.page",
    "SitePage": "tradeoffs.site.page",
    "NavItem": "tradeoffs.site.page",
    "Asset": "tradeoffs.site.assets",
    "portable_markdown": "tradeoffs.site.portable",
    "project_files": "tradeoffs.site.folder",
    "write_pages": "tradeoffs.site.folder",
    # the one exception a caller catches
    "TradeoffsError": "tradeoffs.core.errors",
}

__all__ = [
    "Asset",
    "Decision",
    "Evaluation",
    "Framework",
    "NavItem",
    "Problem",
    "Project",
    "Renderer",
    "Settings",
    "Site",
    "SitePage",
    "TradeoffsError",
    "__version__",
    "build_site",
    "evaluate",
    "load_project",
    "load_settings",
    "portable_markdown",
    "project_files",
    "write_pages",
]

if TYPE_CHECKING:
    from tradeoffs.adr.render import Renderer
    from tradeoffs.core.config import Settings, load_settings
    from tradeoffs.core.errors import TradeoffsError
    from tradeoffs.core.evaluate import evaluate
    from tradeoffs.core.model import Decision, Evaluation, Framework
    from tradeoffs.core.problems import Problem
    from tradeoffs.core.project import Project, load_project
    from tradeoffs.site import build_site
    from tradeoffs.site.assets import Asset
    from tradeoffs.site.folder import project_files, write_pages
    from tradeoffs.site.page import NavItem, Site, SitePage
    from tradeoffs.site.portable import portable_markdown


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'tradeoffs' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
