"""The command as a real process: the installed entry point, exit codes and output streams.

The rest of the CLI tests run it in process (click's CliRunner); these show that the same
commands behave as a separate process does, which only a process can show.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import REPO, Project, run_cli

pytestmark = pytest.mark.build


def test_the_installed_command_checks_the_demo() -> None:
    command = shutil.which("tradeoffs")
    assert command is not None, "pip install -e . puts `tradeoffs` on PATH"
    result = subprocess.run([command, "check"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.startswith("0 errors") and "Traceback" not in result.stderr


def test_every_command_is_listed_and_each_help_loads() -> None:
    listed = run_cli("--help", cwd=REPO, process=True, check=True).stdout
    from tradeoffs.cli import COMMANDS

    for name in COMMANDS:
        assert f"  {name} " in listed
        assert run_cli(name, "--help", cwd=REPO, process=True, check=True).stdout.startswith("Usage: ")


def test_check_and_explain_as_processes_match_in_process(project: Project) -> None:
    from conftest import GOOD_DECISION

    project.decision("0001-good.yml", GOOD_DECISION)
    project.decision("0002-bad.yml", GOOD_DECISION.replace("fast: true", "fast: maybe"))
    for args in (
        ["check"],
        ["explain", "decisions/0001-good.yml", "--format", "json"],
        ["-f", "missing.yml", "check"],
    ):
        real = run_cli(*args, cwd=project.root, process=True)
        inside = run_cli(*args, cwd=project.root)
        assert (real.returncode, real.stdout, real.stderr) == (
            inside.returncode,
            inside.stdout,
            inside.stderr,
        )


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tradeoffs", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.startswith("tradeoffs, version ")
