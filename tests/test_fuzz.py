"""Property-based tests: whatever a pull request puts in a file, the tool answers with problems.

Hypothesis generates decision and framework files, valid and broken; loading, evaluation and
rendering must never raise, and every problem must name the file with a line and column.
"""

from __future__ import annotations

import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import COMBINABLE_FRAMEWORK, GATED_FRAMEWORK, RULES_FRAMEWORK, examples
from tradeoffs.adr.render import Renderer, TemplateProblem
from tradeoffs.adr.view import decision_context
from tradeoffs.core.config import Settings
from tradeoffs.core.frameworks import load_file as load_framework
from tradeoffs.core.project import load_project

FUZZ = settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    text,
    st.dates(),
)
value = st.recursive(
    scalar,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["a", "id", "title", "url", "fast", "when"]), inner, max_size=3)
    ),
    max_leaves=8,
)
field_names = st.sampled_from(
    [
        "title",
        "status",
        "date",
        "deciders",
        "framework",
        "context",
        "facts",
        "chosen",
        "rationale",
        "override_rationale",
        "accepted_costs",
        "open_questions",
        "supersedes",
        "related",
        "tags",
        "links",
        "revisit_by",
        "options",
        "observations",
        "template",
        "bogus",
    ]
)
fact_values = st.dictionaries(
    st.sampled_from(["fast", "load", "count", "tier", "note", "bound", "good_enough", "a", "b", "nope"]),
    scalar,
    max_size=6,
)

decision_data = st.fixed_dictionaries(
    {},
    optional={
        "title": st.one_of(text.filter(bool), scalar),
        "status": st.sampled_from(["proposed", "accepted", "rejected", "deprecated", "superseded", "odd"]),
        "date": st.one_of(st.dates(), text),
        "framework": st.sampled_from(["test-rules", "test-gated", "test-combo", "missing", ""]),
        "facts": fact_values,
        "chosen": st.one_of(
            st.sampled_from(["alpha", "beta", "first", "lever-a", "zzz"]),
            st.lists(st.sampled_from(["lever-a", "lever-b", "alpha"]), max_size=3),
        ),
        "supersedes": st.one_of(
            st.integers(-2, 5), st.lists(st.sampled_from([1, 2, 3, "ADR-1", "x"]), max_size=3)
        ),
        "related": st.lists(st.sampled_from([1, 2, "ADR-0002", 9]), max_size=3),
        "tags": st.lists(text, max_size=3),
        "links": st.lists(st.fixed_dictionaries({"title": text, "url": text}), max_size=2),
        "context": text,
        "override_rationale": text,
        "options": st.lists(
            st.fixed_dictionaries({"id": st.sampled_from(["a", "b", "alpha"]), "title": text}), max_size=3
        ),
        "observations": st.dictionaries(
            st.sampled_from(["2026-01-01", "2026-02-01", "bad"]), fact_values, max_size=2
        ),
    },
)
extra_fields = st.dictionaries(field_names, value, max_size=3)


def _project(root: Path) -> Settings:
    (root / "decisions").mkdir(exist_ok=True)
    fw = root / "frameworks"
    fw.mkdir(exist_ok=True)
    for name, body in (
        ("test-rules.yml", RULES_FRAMEWORK),
        ("test-gated.yml", GATED_FRAMEWORK),
        ("test-combo.yml", COMBINABLE_FRAMEWORK),
    ):
        (fw / name).write_text(body)
    return Settings.from_options(root, {})


def _check_everything(settings_: Settings) -> None:
    project = load_project(settings_)
    for problem in project.all_problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.file
    renderer = Renderer(settings_.templates_dir)
    for ev in project.evaluations.values():
        for name in ("madr",):
            try:
                out = renderer.render(name, adr=decision_context(ev, project))
            except TemplateProblem as exc:  # pragma: no cover - would be a bug in a built-in template
                raise AssertionError(exc.problem.format()) from exc
            assert ev.decision.id in out


@FUZZ
@given(data=decision_data, extra=extra_fields, number=st.integers(1, 3))
def test_generated_decisions_never_crash(tmp_path_factory, data, extra, number) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("fuzz")
    settings_ = _project(root)
    merged = {**data, **extra}
    (root / "decisions" / f"{number:04d}-x.yml").write_text(yaml.safe_dump(merged, allow_unicode=True))
    (root / "decisions" / "0002-other.yml").write_text(
        "title: Other\nstatus: superseded\ndate: 2026-01-01\nframework: test-rules\nchosen: alpha\n"
    )
    _check_everything(settings_)


@FUZZ
@given(raw=st.binary(max_size=300) | st.text(alphabet=string.printable + "\t\u00e9\ufeff", max_size=300))
def test_arbitrary_bytes_never_crash(tmp_path_factory, raw) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("bytes")
    settings_ = _project(root)
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    (root / "decisions" / "0001-x.yml").write_bytes(data)
    _check_everything(settings_)


framework_mutations = st.sampled_from(
    [
        ("weight: 3", "weight: 0"),
        ("effect: veto", "effect: for"),
        ("mode: weighted", "mode: gated"),
        ("{fact: load, gte: 50}", "{fact: load, gte: fifty}"),
        ("{fact: fast, eq: true}", "{fact: fast}"),
        ("{fact: tier, eq: gold}", "{any: []}"),
        ("options:", "opts:"),
        ("id: alpha", "id: Alpha"),
        ("- option: beta", "- option: []"),
        ("min: 0", "min: 200"),
        ("type: enum", "type: list"),
        ("when: {all:", "when: {not:"),
        ("title: Alpha", "title: [1, 2]"),
        ("", ""),
    ]
)


@FUZZ
@given(
    mutations=st.lists(framework_mutations, max_size=4), junk=st.dictionaries(field_names, value, max_size=2)
)
def test_mutated_frameworks_never_crash(tmp_path_factory, mutations, junk) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("fw")
    settings_ = _project(root)
    body = RULES_FRAMEWORK
    for old, new in mutations:
        body = body.replace(old, new, 1)
    if junk:
        body += yaml.safe_dump(junk, allow_unicode=True)
    path = root / "frameworks" / "test-rules.yml"
    path.write_text(body)
    _fw, problems = load_framework(path)
    assert all(p.line >= 1 for p in problems)
    (root / "decisions" / "0001-x.yml").write_text(
        "title: T\nstatus: accepted\ndate: 2026-01-01\nframework: test-rules\nfacts: {fast: true}\n"
        "chosen: alpha\n"
    )
    _check_everything(settings_)
