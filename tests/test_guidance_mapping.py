"""docs/guidance-mapping.md maps each bullet of the guidance to framework elements; every
element it names must exist (and a `veto:` must still be a veto), so the mapping cannot rot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import BUILTIN_IDS, builtins
from tradeoffs.core.model import Framework

PAGE = Path(__file__).resolve().parents[1] / "docs" / "guidance-mapping.md"
REF = re.compile(r"`([a-z]+):([^`]*)`")


def sections(text: str) -> dict[str, list[tuple[str, list[tuple[str, str]]]]]:
    """Per framework id: each table row's guidance text and its references."""
    out: dict[str, list[tuple[str, list[tuple[str, str]]]]] = {}
    current: str | None = None
    for line in text.splitlines():
        heading = re.match(r"## .*\(`([a-z0-9-]+)`\)$", line)
        if heading:
            current = heading[1]
            out[current] = []
            continue
        if (
            current is None
            or not line.startswith("| ")
            or line.startswith("| Guidance")
            or line.startswith("| ---")
        ):
            continue
        guidance, encoded = line.strip("|").rsplit("|", 1)
        out[current].append((guidance.strip(), REF.findall(encoded)))
    return out


def quoted(rest: str) -> tuple[str, str]:
    head, _, words = rest.partition('"')
    return head.rstrip(":"), words.rstrip('"')


def problem(fw: Framework, kind: str, rest: str) -> str | None:
    """Why a reference does not resolve in the framework, or None when it does."""
    if kind == "fact":
        return None if rest in fw.facts else "no such fact"
    if kind in ("criterion", "veto"):
        crit = next((c for c in fw.criteria if c.id == rest), None)
        if crit is None:
            return "no such criterion"
        if (crit.effect == "veto") != (kind == "veto"):
            return f"is a {crit.effect} criterion"
        return None
    if kind == "step":
        return None if any(s.option == rest for s in fw.steps) else "no such step"
    if kind == "fallback":
        return None if fw.fallback == rest else "not the fallback"
    if kind == "requires":
        option, _, fact = rest.partition(":")
        return None if any(r.option == option and fact in r.facts for r in fw.requires) else "not required"
    if kind == "estimate":
        return None if any(e.id == rest for e in fw.estimates) else "no such estimate"
    if kind in ("summary", "note", "question"):
        _, words = quoted(rest)
        texts = {
            "summary": [fw.summary],
            "note": list(fw.notes),
            "question": [q.text for q in fw.open_questions],
        }[kind]
        return None if any(words in " ".join(t.split()) for t in texts) else "no text has these words"
    if kind in ("accepts", "failure", "pattern"):
        option_id, words = quoted(rest)
        option = fw.option(option_id)
        if option is None:
            return "no such option"
        texts = {
            "accepts": list(option.accepts),
            "failure": list(option.failure_cost),
            "pattern": [option.pattern],
        }[kind]
        return None if any(words in " ".join(t.split()) for t in texts) else "no text has these words"
    return f"unknown kind of reference '{kind}'"


def check(text: str) -> list[str]:
    found = []
    for framework_id, rows in sections(text).items():
        fw = builtins().get(framework_id)
        if fw is None:
            found.append(f"{framework_id}: no such framework")
            continue
        for guidance, refs in rows:
            if not refs:
                found.append(f"{framework_id}: '{guidance}' names no framework element")
            for kind, rest in refs:
                why = problem(fw, kind, rest)
                if why:
                    found.append(f"{framework_id}: `{kind}:{rest}` ({guidance}): {why}")
    return found


def test_every_mapped_element_exists() -> None:
    assert check(PAGE.read_text(encoding="utf-8")) == []


def test_every_framework_and_every_bullet_is_mapped() -> None:
    rows = sections(PAGE.read_text(encoding="utf-8"))
    assert set(rows) == set(BUILTIN_IDS)
    assert sum(len(r) for r in rows.values()) >= 75


def test_every_do_not_bullet_is_a_veto() -> None:
    for framework_id, rows in sections(PAGE.read_text(encoding="utf-8")).items():
        for guidance, refs in rows:
            # "do not", and the preconditions the guidance states as absolute; a gated walk's
            # preconditions (fine-tuning's labelled examples) are its steps instead
            if guidance.startswith(
                (
                    "Do not",
                    "Build only with",
                    "Scale out requires",
                    "Cache only when",
                    "Use async only when",
                )
            ) or guidance.endswith("is a threshold"):
                assert any(kind == "veto" for kind, _ in refs), (framework_id, guidance)


def test_every_criterion_is_mapped_and_the_frameworks_own_are_marked_as_such() -> None:
    """Nothing decides an outcome unmapped; a criterion the guidance does not contain is in a row
    "The framework's own: …" and carries `own:` (its reason, shown on the framework page), and
    such a row names only those."""
    for framework_id, rows in sections(PAGE.read_text(encoding="utf-8")).items():
        fw = builtins().get(framework_id)
        assert fw is not None
        mapped = {rest for _, refs in rows for kind, rest in refs if kind in ("criterion", "veto")}
        own_rows = {
            rest
            for guidance, refs in rows
            if guidance.startswith("The framework's own:")
            for kind, rest in refs
            if kind in ("criterion", "veto")
        }
        for crit in fw.criteria:
            assert crit.id in mapped, (framework_id, crit.id)
            assert (crit.id in own_rows) == bool(crit.own), (framework_id, crit.id)


@pytest.mark.parametrize(
    "removed",
    [
        "async-tooling",
        "rarely-changes",
        "pays-full-cost",
        "eventual-cheap-fix",
        "prompt-too-weak",
        "async-needs-result",
        "sync-quick",
        "caching-sparse",
    ],
)
def test_additions_the_guidance_does_not_contain_are_gone(removed: str) -> None:
    assert all(c.id != removed for fw in builtins().frameworks.values() for c in fw.criteria)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("`veto:complex-invalidation`", "`veto:complex-invalidations`", "no such criterion"),
        ("`veto:low-hit-rate`", "`criterion:low-hit-rate`", "is a veto criterion"),
        ('`question:"net gain"`', '`question:"net loss"`', "no text has these words"),
        ("`requires:buy:switching_cost_weeks`", "`requires:build:switching_cost_weeks`", "not required"),
    ],
)
def test_a_missing_element_is_reported(old: str, new: str, expected: str) -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert old in text
    assert any(expected in p for p in check(text.replace(old, new, 1)))


def test_a_weakened_veto_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    fw = builtins().get("cache-vs-recompute")
    assert fw is not None
    crit = next(c for c in fw.criteria if c.id == "complex-invalidation")
    weakened = tuple(
        c if c is not crit else type(c)(c.id, c.option, "against", c.text, c.when, 4) for c in fw.criteria
    )
    monkeypatch.setattr(fw, "criteria", weakened)
    assert any(
        "complex-invalidation" in p and "against" in p for p in check(PAGE.read_text(encoding="utf-8"))
    )
