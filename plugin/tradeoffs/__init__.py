"""mkdocs-tradeoffs: architecture decision records driven by tradeoff frameworks.

The package is a plain library (load -> validate -> evaluate -> render); the MkDocs plugin
(`tradeoffs.mkdocs_plugin`) and the command line (`tradeoffs.cli`) are thin adapters over it.
"""

__version__ = "0.1.0"
