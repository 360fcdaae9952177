"""Shared fixtures: temporary projects with real files, and the real CLI as a subprocess."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from offline_browser import CHROMIUM_ARGS, QuietHandler, block_outside, serve

# the browser helpers the tests share with the browser benchmarks
__all__ = ["CHROMIUM_ARGS", "QuietHandler", "block_outside", "serve"]

REPO = Path(__file__).resolve().parents[1]


FAST_TIER = os.environ.get("TRADEOFFS_TIER") == "fast"


def examples(n: int) -> int:
    """How many cases a property test draws: all `n` in the full suite, a sixth (at least five)
    in `scripts/test fast`, which sets TRADEOFFS_TIER=fast so that the tier run on every edit
    stays within a minute while the full suite keeps the search wide."""
    return max(5, n // 6) if FAST_TIER else n


# The suite installs Zensical (tests/test_engines.py) and builds with MkDocs: `tradeoffs check`
# would otherwise warn everywhere that Zensical drops the plugin (workflow/engines.py).
os.environ.setdefault("TRADEOFFS_ENGINE", "mkdocs")

RULES_FRAMEWORK = """\
id: test-rules
title: Test rules
question: Which option do the facts favour?
mode: weighted
facts:
  fast:
    type: boolean
    prompt: Is it fast?
  load:
    type: number
    prompt: How much load?
    min: 0
    max: 100
    unit: "%"
  count:
    type: integer
    prompt: How many?
  tier:
    type: enum
    prompt: Which tier?
    values: [gold, silver]
  note:
    type: string
    prompt: Anything else?
  bound:
    type: number
    prompt: What is the bound?
options:
  - id: alpha
    title: Alpha
    summary: The first option.
    accepts: [Alpha is costly.]
    failure_cost: [Alpha fails loudly.]
    pattern: Do alpha in two steps.
  - id: beta
    title: Beta
    summary: The second option.
    accepts: [Beta is slow.]
    failure_cost: [Beta fails quietly.]
criteria:
  - {id: fast-alpha, option: alpha, effect: for, weight: 3, text: Fast favours alpha., when: {fact: fast, eq: true}}
  - {id: load-beta, option: beta, effect: for, weight: 2, text: High load favours beta., when: {fact: load, gte: 50}}
  - {id: load-alpha, option: alpha, effect: against, weight: 1, text: High load hurts alpha., when: {fact: load, gte: 50}}
  - {id: gold-veto, option: beta, effect: veto, text: Gold tier rules beta out., when: {fact: tier, eq: gold}}
  - {id: many-beta, option: beta, effect: for, weight: 1, text: Many favours beta., when: {all: [{fact: count, gt: 10}, {not: {fact: fast, eq: true}}]}}
requires:
  - option: beta
    facts: [bound]
    text: beta needs a stated bound
open_questions:
  - Is this framework complete?
  - text: Is alpha fast enough?
    when: {fact: fast, eq: true}
"""

GATED_FRAMEWORK = """\
id: test-gated
title: Test gated
question: Which step do we stop at?
mode: gated
facts:
  good_enough:
    type: boolean
    prompt: Is the first step good enough?
  needs_more:
    type: boolean
    prompt: Do we need more?
  examples:
    type: integer
    prompt: How many examples?
options:
  - {id: first, title: First, summary: s, accepts: [a1], failure_cost: [f1]}
  - {id: second, title: Second, summary: s, accepts: [a2], failure_cost: [f2]}
  - {id: third, title: Third, summary: s, accepts: [a3], failure_cost: [f3]}
criteria:
  - {id: few, option: third, effect: veto, text: Too few examples., when: {fact: examples, lt: 100}}
steps:
  - option: first
    pass_if: {fact: good_enough, eq: true}
  - option: second
    enter_if: {fact: needs_more, eq: true}
    pass_if: {fact: good_enough, eq: false}
  - option: third
    pass_if: {fact: examples, gte: 100}
fallback: first
"""

COMBINABLE_FRAMEWORK = """\
id: test-combo
title: Test combo
question: Which levers?
mode: weighted
combinable: true
facts:
  a: {type: boolean, prompt: A?}
  b: {type: boolean, prompt: B?}
options:
  - {id: lever-a, title: Lever A, summary: s, accepts: [x], failure_cost: [y]}
  - {id: lever-b, title: Lever B, summary: s, accepts: [x], failure_cost: [y]}
  - {id: lever-c, title: Lever C, summary: s, accepts: [x], failure_cost: [y]}
criteria:
  - {id: a, option: lever-a, effect: for, text: A helps., when: {fact: a, eq: true}}
  - {id: b, option: lever-b, effect: for, text: B helps., when: {fact: b, eq: true}}
"""


GOOD_DECISION = """\
title: Use alpha
status: accepted
date: 2026-01-05
framework: test-rules
facts:
  fast: true
  load: 10
chosen: alpha
"""
"""A decision on the test-rules framework with no problem at all (no unanswered question could
change its recommendation, so it is firm)."""


class Project:
    """A temporary project folder with decisions/ and frameworks/."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "decisions").mkdir()
        (root / "frameworks").mkdir()

    def framework(self, text: str, name: str | None = None) -> Path:
        name = name or text.split("\n", 1)[0].split(":", 1)[1].strip() + ".yml"
        path = self.root / "frameworks" / name
        path.write_text(text, encoding="utf-8")
        return path

    def decision(self, name: str, text: str) -> Path:
        path = self.root / "decisions" / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def cli(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, cwd=self.root, check=check)


def run_cli(
    *args: str, cwd: Path, check: bool = False, input: str | None = None, process: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run `tradeoffs ARGS` in `cwd`: in this process through click's CliRunner (the fast tier),
    or as a real `python -m tradeoffs` process when `process` is set or the test is marked
    `build` by `TRADEOFFS_CLI_PROCESS=1`. Either way, a traceback fails the test."""
    if process or os.environ.get("TRADEOFFS_CLI_PROCESS"):
        env = {k: v for k, v in os.environ.items() if k != "TRADEOFFS_DEBUG"}
        result = subprocess.run(
            [sys.executable, "-m", "tradeoffs", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            input=input,
            timeout=120,
        )
    else:
        from click.testing import CliRunner

        from tradeoffs.cli import main

        previous = Path.cwd()
        os.chdir(cwd)
        try:
            outcome = CliRunner().invoke(
                main, list(args), input=input, prog_name="tradeoffs", env={"TRADEOFFS_DEBUG": None}
            )
        finally:
            os.chdir(previous)
        if outcome.exception is not None and not isinstance(outcome.exception, SystemExit):
            raise outcome.exception
        result = subprocess.CompletedProcess(
            ["tradeoffs", *args], outcome.exit_code, outcome.stdout, outcome.stderr
        )
    assert "Traceback" not in result.stderr, result.stderr
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def project(tmp_path: Path) -> Project:
    proj = Project(tmp_path)
    proj.framework(RULES_FRAMEWORK)
    proj.framework(GATED_FRAMEWORK)
    proj.framework(COMBINABLE_FRAMEWORK)
    return proj


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[[str], Project]:
    def make(name: str) -> Project:
        root = tmp_path / name
        root.mkdir()
        return Project(root)

    return make


# ---------------------------------------------------------------- tiers
# The fast tier (`bash scripts/test fast`) is every test not marked `build` or `browser`: the
# library and the CLI in this process. A test is in the build tier when it is marked so, or
# when it (or a fixture it takes) runs a real site build or a real process: these are the
# calls that say so.
_BUILD_CALLS = (
    "build_site(",
    "mkdocs_build(",
    "_build(",
    "load_config(",
    '"mkdocs"',
    "process=True",
    "subprocess.run(",
    "git(",
    "cjs(",
)
_BUILD_FIXTURES = {"built", "clean_and_hostile", "base_url"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    import inspect

    for item in items:
        if item.get_closest_marker("build") or item.get_closest_marker("browser"):
            continue
        function = getattr(item, "function", None)
        try:
            source = inspect.getsource(function) if function is not None else ""
        except (OSError, TypeError):
            source = ""
        fixtures = set(getattr(item, "fixturenames", ()))
        if any(call in source for call in _BUILD_CALLS) or fixtures & _BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)


class ProcessInFastTier(AssertionError):
    """A test of the fast tier tried to start a process."""


@pytest.fixture(autouse=True)
def _no_process_in_the_fast_tier(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast tier's own rule, kept by the test run rather than by reading test source: a
    test that is not marked `build` or `browser` fails as soon as it starts a process (git,
    the CLI, MkDocs). Mark it `build` if it needs one."""
    if request.node.get_closest_marker("build") or request.node.get_closest_marker("browser"):
        return
    name = request.node.nodeid

    def refuse(*args: Any, **kwargs: Any) -> Any:
        command = args[0] if args else kwargs.get("args")
        raise ProcessInFastTier(f"{name} starts a process ({command!r}) but is not marked build")

    monkeypatch.setattr(subprocess.Popen, "_execute_child", refuse)
    monkeypatch.setattr(os, "posix_spawn", refuse, raising=False)
    monkeypatch.setattr(os, "system", refuse)


# ---------------------------------------------------------------- the browser
def chromium() -> tuple[str, Any]:
    """Debian's Chromium and Playwright's sync API, for the browser tier.

    A missing browser fails the test, so a green run always means the pages were driven: only
    an explicit `TRADEOFFS_SKIP_BROWSER=1` (which `scripts/test` sets when it cannot install
    Chromium, saying so) turns the failure into a skip.
    """
    import shutil

    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    try:
        from playwright import sync_api
    except ImportError:
        sync_api = None  # type: ignore[assignment]
    if found is None or sync_api is None:
        missing = (
            "Chromium (apt-get install chromium)"
            if found is None
            else "Playwright (pip install -e '.[test]')"
        )
        if os.environ.get("TRADEOFFS_SKIP_BROWSER") == "1":
            pytest.skip(f"{missing} is missing and TRADEOFFS_SKIP_BROWSER=1")
        pytest.fail(f"the browser tests need {missing}; set TRADEOFFS_SKIP_BROWSER=1 to skip them")
    return found, sync_api


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium for one test module (Playwright's sync API drives one at a time)."""
    executable, sync_api = chromium()
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# ---------------------------------------------------------------- real builds
def mkdocs_build(
    root: Path, *, strict: bool = True, config_file: Path | None = None, site_dir: Path | None = None
) -> Path:
    """Build the site at `root` (its mkdocs.yml, or `config_file`) with MkDocs, in this process,
    into `site_dir` (default `root/site`); the one build helper of the suite. A warning under
    `strict` stops the build with MkDocs' own Abort."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    target = site_dir or root / "site"
    build(load_config(str(config_file or root / "mkdocs.yml"), site_dir=str(target), strict=strict))
    return target


def placed_record(
    found: Any, number: int, docs_dir: Path | None = None
) -> tuple[str, dict[str, Path], list[Any]]:
    """A record's text as its page shows it (placing links is the site's), the files published
    beside its page and the links the site cannot follow."""
    from tradeoffs.core.markdown_adr.record import RecordSource
    from tradeoffs.site.record_links import place

    rec, decision = next((r, x) for r, x, _doc in found.decisions if x.number == number)
    files: dict[str, Path] = {}
    problems: list[Any] = []
    body = place(
        decision.body, RecordSource.of(rec), found.numbers, "ADR", files, problems, docs_dir, "decisions"
    )
    return body, files, problems


# ---------------------------------------------------------------- built-in frameworks
BUILTIN_IDS = (
    "cache-vs-recompute",
    "rag-vs-finetuning-vs-prompting",
    "scale-up-vs-scale-out",
    "consistency-vs-availability",
    "sync-vs-async",
    "build-vs-buy",
    "cost-vs-latency",
)


@functools.cache
def builtins() -> Any:
    """The built-in frameworks, loaded once for the whole run (`FrameworkSet`)."""
    from tradeoffs.core import frameworks

    return frameworks.load_all(None)


def builtin_framework(framework_id: str) -> Any:
    """One built-in `Framework`; a test fails when it did not load."""
    fw = builtins().get(framework_id)
    assert fw is not None, f"built-in framework {framework_id} did not load"
    return fw
