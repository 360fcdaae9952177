"""Reading files: YAML faults, hostile input and framework files, each with file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RULES_FRAMEWORK
from tradeoffs.core import frameworks, source
from tradeoffs.core.decisions import load_file


def load(tmp_path: Path, raw: bytes | str, name: str = "0001-x.yml") -> list[str]:
    path = tmp_path / name
    path.write_bytes(raw.encode() if isinstance(raw, str) else raw)
    return [p.format() for p in load_file(path, name).problems]


VALID = "title: T\nstatus: proposed\ndate: 2026-01-01\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", "0001-x.yml:1:1: error: the decision is empty"),
        (
            "- a\n- b\n",
            "0001-x.yml:1:1: error: the decision must be a mapping of fields (key: value), but it is a list",
        ),
        ("just text\n", "but it is a single value"),
        ("title: T\n\tstatus: proposed\n", "0001-x.yml:2:1: error: invalid YAML"),
        (
            "title: T\ntitle: U\nstatus: proposed\ndate: 2026-01-01\n",
            "0001-x.yml:2:1: error: duplicate key 'title' (first defined on line 1)",
        ),
        (
            "title: !!python/object/apply:os.system [echo hi]\nstatus: proposed\ndate: 2026-01-01\n",
            "0001-x.yml:1:8: error: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
        ),
        (b"title: caf\xe9\n", "0001-x.yml:1:11: error: the file is not valid UTF-8 (byte 0xe9)"),
        (b"\x00\x01\x02binary", "the file is binary"),
        (b"\xff\xfet\x00i\x00", "the file is UTF-16; save it as UTF-8"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
        ("<<: {title: T}\nstatus: proposed\n", "merge keys"),
        (
            VALID + "revisit_by: !!timestamp 2024-01-01 junk\n",
            "0001-x.yml:4:13: error: cannot read the value '2024-01-01 junk': it is not a date or time",
        ),
    ],
)
def test_broken_files_give_one_clear_problem(tmp_path: Path, raw: bytes | str, expected: str) -> None:
    problems = load(tmp_path, raw)
    assert any(expected in p for p in problems), problems
    assert "Traceback" not in "".join(problems)


def test_tab_indentation_says_use_spaces(tmp_path: Path) -> None:
    problems = load(tmp_path, "title: T\nfacts:\n\tfast: true\n")
    assert "use spaces" in problems[0]


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode()
    assert load(tmp_path, raw) == []


def test_alias_bomb_is_refused_without_blowing_up(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    problems = load(tmp_path, "\n".join(lines) + "\n")
    assert problems == [
        f"0001-x.yml:1:1: error: the file expands to more than {source.MAX_NODES:,} values "
        "(through YAML aliases); write it out plainly"
    ]


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    problems = load(tmp_path, VALID + "context: |\n" + ("  x\n" * (source.MAX_BYTES // 4 + 10)))
    assert "the limit is" in problems[0]


def test_schema_errors_point_at_the_value(tmp_path: Path) -> None:
    problems = load(tmp_path, VALID + "tags: nope\nlinks:\n  - title: A\n    href: x\n")
    assert "0001-x.yml:4:7: error: tags must be a list, not 'nope'" in problems
    assert "0001-x.yml:7:5: error: unknown field 'href' in links[0]; allowed: title, url" in problems
    assert "0001-x.yml:6:5: error: missing required field 'url' in links[0]" in problems


def test_accepted_needs_a_choice(tmp_path: Path) -> None:
    problems = load(tmp_path, VALID.replace("proposed", "accepted"))
    assert problems == [
        "0001-x.yml:1:1: error: missing required field 'chosen': a decision with "
        "status 'accepted' names the option it chose"
    ]


def test_dates_are_checked(tmp_path: Path) -> None:
    problems = load(tmp_path, VALID.replace("2026-01-01", "'2026-02-30'"))
    assert problems == [
        "0001-x.yml:3:7: error: date must be a date written YYYY-MM-DD, zero-padded as in 2026-01-05 (got '2026-02-30')"
    ]


def framework_problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "fw.yml"
    path.write_text(text)
    return [p.format() for p in frameworks.load_file(path, "fw.yml")[1]]


def test_builtin_style_framework_is_clean(tmp_path: Path) -> None:
    assert framework_problems(tmp_path, RULES_FRAMEWORK) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "option: beta, effect: for, weight: 2",
            "option: betta, effect: for, weight: 2",
            "'betta' is not an option of this framework; did you mean 'beta'?",
        ),
        (
            "when: {fact: load, gte: 50}}\n  - {id: load-alpha",
            "when: {fact: lode, gte: 50}}\n  - {id: load-alpha",
            "the condition reads fact 'lode', which the framework does not define; did you mean 'load'?",
        ),
        ("{fact: tier, eq: gold}", "{fact: tier, eq: platinum}", "must be one of: gold, silver"),
        (
            "{fact: fast, eq: true}}",
            "{fact: fast, gt: 1}}",
            "'gt' compares numbers, but fact 'fast' is boolean",
        ),
        ("effect: veto", "effect: maybe", "must be one of: for, against, veto"),
        ("weight: 3", "weight: 9", "must be at most 5"),
        ("mode: weighted", "mode: gated", "missing required field 'steps'"),
        ("id: many-beta", "id: fast-alpha", "criterion id 'fast-alpha' is used twice"),
        ("    values: [gold, silver]\n", "", "missing required field 'values'"),
        ("facts: [bound]", "facts: [bond]", "'bond' is not a fact of this framework"),
    ],
)
def test_framework_problems(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in RULES_FRAMEWORK
    problems = framework_problems(tmp_path, RULES_FRAMEWORK.replace(old, new, 1))
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("fw.yml:") for p in problems)


def test_framework_problem_location(tmp_path: Path) -> None:
    text = RULES_FRAMEWORK.replace(
        "option: beta, effect: for, weight: 2", "option: betta, effect: for, weight: 2"
    )
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "betta" in t)
    col = text.splitlines()[line - 1].index("betta") + 1
    problems = framework_problems(tmp_path, text)
    assert problems[0].startswith(f"fw.yml:{line}:{col}: error:")


def test_yaml_1_2_scalars_agree_with_editors(tmp_path: Path) -> None:
    # yes/no stay text (YAML 1.2), so a boolean fact written `yes` is an error, not silently true
    path = tmp_path / "0001-x.yml"
    path.write_text(VALID + "deciders: [no, yes]\nrevisit_by: 2026-1-5\n")
    loaded = load_file(path, "0001-x.yml")
    assert [p.format() for p in loaded.problems] == [
        "0001-x.yml:5:13: error: revisit_by must be a date written YYYY-MM-DD, zero-padded as in 2026-01-05 (got '2026-1-5')"
    ]


def test_inline_text_cannot_add_attributes_through_attr_list() -> None:
    # an engine that does not sanitise (an export) must not turn a title into attributes
    from tradeoffs.adr.render import inline_text

    out = inline_text('evil {: onclick="alert(1)" } [x](javascript:y) <b>')
    assert "{:" not in out and "<b>" not in out and "\\[x\\](javascript" in out
