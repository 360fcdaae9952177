"""What the package promises a caller: the names `tradeoffs.__all__` states, and one exception
base for every error raised for the caller to handle."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys

import pytest

import tradeoffs
from tradeoffs.core.errors import TradeoffsError

INTERNAL_SIGNALS = {
    "tradeoffs.core.estimates.TooLarge",
    "tradeoffs.core.source._TooLarge",
    "tradeoffs.adr.render.LinkOutside",
}
"""Exceptions raised and caught inside the library: a caller never sees them."""


def test_every_public_name_resolves() -> None:
    for name in tradeoffs.__all__:
        assert getattr(tradeoffs, name) is not None, name
    assert set(tradeoffs.__all__) >= {
        "build_site",
        "Site",
        "SitePage",
        "load_project",
        "evaluate",
        "TradeoffsError",
    }
    with pytest.raises(AttributeError):
        tradeoffs.not_public  # noqa: B018


def test_every_error_a_caller_can_see_is_a_tradeoffs_error() -> None:
    seen = set()
    for info in pkgutil.walk_packages(tradeoffs.__path__, "tradeoffs."):
        if info.name.startswith(("tradeoffs.mkdocs_plugin", "tradeoffs.__main__")):
            continue  # the MkDocs adapter raises MkDocs' own PluginError, as MkDocs asks
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == info.name:
                name = f"{cls.__module__}.{cls.__qualname__}"
                seen.add(name)
                if name not in INTERNAL_SIGNALS:
                    assert issubclass(cls, TradeoffsError), name
    assert {"tradeoffs.core.config.ConfigError", "tradeoffs.site.folder.PagesError"} <= seen


@pytest.mark.build
def test_importing_the_package_loads_nothing_else() -> None:
    """Every command imports `tradeoffs`; the public names are loaded when first used."""
    code = "import sys, tradeoffs; print(sorted(m for m in sys.modules if m.startswith('tradeoffs')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['tradeoffs']"
