"""The completion session in docs/editor-completion.md is what yaml-language-server offers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("TRADEOFFS_YAML_LANGUAGE_SERVER") or shutil.which("yaml-language-server")


@pytest.mark.build
@pytest.mark.skipif(
    SERVER is None,
    reason="yaml-language-server is not installed "
    "(npm install yaml-language-server; set TRADEOFFS_YAML_LANGUAGE_SERVER to it)",
)
def test_recorded_session_is_current() -> None:
    assert SERVER is not None
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "record-completion.py"), SERVER],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout == (REPO / "docs" / "editor-completion.md").read_text(encoding="utf-8")
    # both ways to find the schema work: the modeline, and the folder mapping init writes
    assert result.stdout.count("Offered: `cache`, `recompute`") == 2
    # a field the team declared (plugin option `fields`) completes with its values, and the
    # top level offers it beside `affects`, `consulted` and `informed`
    assert "Offered: `payments`, `search`, `platform`" in result.stdout
    # the team's own status words (plugin option `status_words`) complete beside the five
    assert (
        "Offered: `proposed`, `accepted`, `rejected`, `deprecated`, `superseded`, `approved`, `implemented`"
        in (result.stdout)
    )
    top = next(line for line in result.stdout.splitlines() if line.startswith("Offered: `facts`"))
    assert all(f"`{name}`" in top for name in ("team", "affects", "consulted", "informed"))
