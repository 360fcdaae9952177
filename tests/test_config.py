"""The plugin's options: one declaration, the same verdict and words from the CLI and the build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import GOOD_DECISION, RULES_FRAMEWORK, Project, run_cli
from tradeoffs.core import schema
from tradeoffs.core.config import Settings, load_settings
from tradeoffs.core.options import OPTIONS

# (options as YAML, the option named, the words both must print, an error rather than a warning)
INVALID = [
    ('{prefix: "A-B", url_prefix: "/"}', "prefix", "'A-B' must be letters only", True),
    ("{url_prefix: /}", "url_prefix", "must name a folder of the site", True),
    ("{prefix: 5}", "prefix", "expected text, got 5 (a number)", True),
    ("{link_mentions: maybe}", "link_mentions", "expected true or false, got 'maybe' (text)", True),
    ("{health_proposed_max_age: -1}", "health_proposed_max_age", "must be 0 or more (got -1)", True),
    ("{health_recurring_cost_min: 0}", "health_recurring_cost_min", "must be 1 or more (got 0)", True),
    ("{health_recurring_cost_min: 2.5}", "health_recurring_cost_min", "expected a whole number", True),
    ("{frameworks_dir: nowhere}", "frameworks_dir", "'nowhere' is not a folder", True),
    ("{templates_dir: nowhere}", "templates_dir", "'nowhere' is not a folder", True),
    ("{markdown_dirs: [adr, nowhere]}", "markdown_dirs", "'nowhere' is not a folder", True),
    ("{markdown_dirs: adr}", "markdown_dirs", "expected a list of folder names", True),
    ("{template: nope}", "template", "unknown template 'nope'", True),
    ("{mermaid_js: mermaid.css}", "mermaid_js", "'mermaid.css' must name a JavaScript file", True),
    ("{mermaid_js: nowhere/mermaid.min.js}", "mermaid_js", "'nowhere/mermaid.min.js' is not a file", False),
    ('{template: "../madr"}', "template", "template name '../madr' may only hold", True),
    ("{fields: team}", "fields", "expected a list of fields", True),
    ("{fields: [{name: tags}]}", "fields", "fields[0].name 'tags' is a field every decision has", True),
    (
        "{decision_dir: decisions}",
        "decision_dir",
        "Unrecognised configuration name: decision_dir (did you mean 'decisions_dir'?)",
        False,
    ),
]

MKDOCS_YML = """\
site_name: Options
# the plugin's entry, with the option under test
plugins:
  - tradeoffs: {options}
"""


def _site(root: Path, options: str) -> Path:
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "adr").mkdir(exist_ok=True)
    (root / "decisions").mkdir(exist_ok=True)
    (root / "frameworks").mkdir(exist_ok=True)
    (root / "frameworks" / "test-rules.yml").write_text(RULES_FRAMEWORK, encoding="utf-8")
    (root / "decisions" / "0001-good.yml").write_text(GOOD_DECISION, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(MKDOCS_YML.format(options=options), encoding="utf-8")
    return config


@pytest.mark.parametrize(
    ("options", "name", "words", "is_error"),
    INVALID,
    ids=[case[1] + "-" + str(i) for i, case in enumerate(INVALID)],
)
def test_the_cli_reports_an_invalid_option_where_it_is_written(
    tmp_path: Path, options: str, name: str, words: str, is_error: bool
) -> None:
    _site(tmp_path, options)
    result = run_cli("check", cwd=tmp_path)
    expected = f"Plugin 'tradeoffs' option '{name}': {words}"
    assert expected in result.stdout + result.stderr
    # at the option's own line in mkdocs.yml (4), as a placed problem
    assert "mkdocs.yml:4:" in result.stdout + result.stderr
    assert result.returncode == (1 if is_error else 0)
    assert run_cli("check", "--strict", cwd=tmp_path).returncode == 1


@pytest.mark.build
@pytest.mark.parametrize(
    ("options", "name", "words", "is_error"),
    INVALID,
    ids=[case[1] + "-" + str(i) for i, case in enumerate(INVALID)],
)
def test_check_and_build_give_the_same_verdict_and_words(
    tmp_path: Path, options: str, name: str, words: str, is_error: bool
) -> None:
    _site(tmp_path, options)
    expected = f"Plugin 'tradeoffs' option '{name}': {words}"
    for strict in (False, True):
        flag = ["--strict"] if strict else []
        check = run_cli("check", *flag, cwd=tmp_path, process=True)
        build = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", *flag, "-d", str(tmp_path / "site")],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "NO_COLOR": "1"},
        )
        assert expected in check.stdout + check.stderr
        assert expected in build.stdout + build.stderr, build.stderr
        assert "Traceback" not in build.stderr
        fails = is_error or strict
        assert (check.returncode != 0) == fails, check.stdout + check.stderr
        assert (build.returncode != 0) == fails, build.stderr


def test_valid_options_reach_the_settings(tmp_path: Path) -> None:
    config = _site(
        tmp_path,
        "{prefix: DEC, url_prefix: /records/, short_url_prefix: '', nav_title: Records, "
        "link_mentions: false, health_proposed_max_age: 7, markdown_dirs: [adr]}",
    )
    settings = load_settings(config)
    assert (settings.prefix, settings.url_prefix, settings.short_url_prefix) == ("DEC", "records", "")
    assert (settings.nav_title, settings.link_mentions, settings.health_proposed_max_age) == (
        "Records",
        False,
        7,
    )
    assert settings.markdown_dirs == [tmp_path / "adr"]
    assert settings.config_file == config and settings.warnings == []
    # the options round-trip, so the review of a base revision reads them the same way
    again = Settings.from_options(tmp_path, settings.options(), config_file=config)
    assert {o.name: getattr(again, o.name) for o in OPTIONS} == {
        o.name: getattr(settings, o.name) for o in OPTIONS
    }


def test_every_option_is_documented_in_the_plugin_guide() -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "plugin-setup.md").read_text(encoding="utf-8")
    missing = [o.name for o in OPTIONS if f"      {o.name}: " not in guide]
    assert not missing, f"docs/plugin-setup.md does not describe {missing}"


def test_global_options_work_before_and_after_the_command(project: Project) -> None:
    other = project.root / "site-config"
    other.mkdir()
    (other / "other.yml").write_text(
        textwrap.dedent("""\
        site_name: Elsewhere
        plugins:
          - tradeoffs: {decisions_dir: ../decisions, frameworks_dir: ../frameworks, prefix: bad-prefix}
        """),
        encoding="utf-8",
    )
    for args in (
        ["-f", "site-config/other.yml", "check"],
        ["check", "-f", "site-config/other.yml"],
        ["check", "--config-file", "site-config/other.yml"],
    ):
        result = run_cli(*args, cwd=project.root)
        assert result.returncode == 1
        assert "option 'prefix': 'bad-prefix' must be letters only" in result.stderr, args
    project.decision("0001-good.yml", GOOD_DECISION)
    moved = project.root / "elsewhere"
    moved.mkdir()
    (project.root / "decisions" / "0001-good.yml").rename(moved / "0001-good.yml")
    after = run_cli("check", "--decisions-dir", "elsewhere", cwd=project.root)
    before = run_cli("--decisions-dir", "elsewhere", "check", cwd=project.root)
    assert after.returncode == before.returncode == 0
    assert after.stderr == before.stderr and "in elsewhere" in after.stderr


def test_the_cli_reads_properdocs_yml(tmp_path: Path) -> None:
    _site(tmp_path, "{prefix: REC}")
    (tmp_path / "mkdocs.yml").rename(tmp_path / "properdocs.yml")
    (tmp_path / "decisions" / "0002-mentions.yml").write_text(
        GOOD_DECISION + "related: [REC-1]\n", encoding="utf-8"
    )
    assert load_settings(cwd=tmp_path).prefix == "REC"
    assert load_settings(cwd=tmp_path).config_file == tmp_path / "properdocs.yml"
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_missing_decisions_folder_is_an_error_for_check_as_for_the_build(tmp_path: Path) -> None:
    _site(tmp_path, "{decisions_dir: records}")
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "the decisions folder records does not exist" in result.stdout


def test_validating_a_file_leaves_the_published_schema_as_it_is() -> None:
    before = json.dumps(schema.schema("decision"), sort_keys=True)
    schema._fast_validator.cache_clear()
    schema._fast_validator("decision")({**yaml.safe_load(GOOD_DECISION), "date": "2026-01-05"})
    assert json.dumps(schema.schema("decision"), sort_keys=True) == before
    assert "https://" not in json.dumps(schema.schema("decision")["properties"]["tags"])


def test_a_mention_is_the_configured_prefix_only(project: Project) -> None:
    from tradeoffs.core.references import mentioned_numbers, parse_reference

    assert mentioned_numbers("See ADR-7, RFC-8, XADR-9, docs/ADR-10, ADR-11.md and ADR-0012.", "ADR") == {
        7,
        12,
    }
    assert parse_reference("RFC-1", "ADR") is None and parse_reference("adr-0001", "ADR") == 1
    assert parse_reference("7", "ADR") == parse_reference(7, "ADR") == 7
    project.decision("0001-good.yml", GOOD_DECISION)
    project.decision("0002-other.yml", GOOD_DECISION + "related: [RFC-1, ADR-1]\nsupersedes: RFC-1\n")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 1
    assert (
        "decisions/0002-other.yml:9:11: error: 'RFC-1' is not a decision of this log, whose ids are "
        "ADR-N: write ADR-1 if that is the one meant"
    ) in result.stdout
    assert "decisions/0002-other.yml:10:13: error: 'RFC-1'" in result.stdout
    assert result.stdout.count("RFC-1") == 2


def test_markdown_adrs_name_records_with_the_logs_prefix_or_adr(tmp_path: Path) -> None:
    from tradeoffs.core.markdown_adr.parsing import parse_text

    text = (
        "# 2. Second\n\nDate: 2024-01-02\n\n## Status\n\nAccepted; supersedes {ref}\n\n## Context\n\nWhy.\n"
    )
    for ref, prefix, expected in (
        ("DEC-1", "DEC", [1]),
        ("ADR 1", "DEC", [1]),
        ("adr_0001", "ADR", [1]),
        ("RFC-1", "DEC", []),
        ("RFC-1", "ADR", []),
    ):
        rec = parse_text(text.format(ref=ref), tmp_path / "0002-second.md", "0002-second.md", prefix)
        found = [r.number for r in rec.references if r.kind == "supersedes"]
        assert found == expected, (ref, prefix, found)
