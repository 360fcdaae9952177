"""Load tradeoff frameworks: the built-in ones shipped in the package and a project's own."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from tradeoffs.core import conditions, estimates, markdown_budget, schema, source
from tradeoffs.core.files import confine
from tradeoffs.core.model import (
    Criterion,
    Estimate,
    Fact,
    Framework,
    FrameworkQuestion,
    Option,
    Requirement,
    Step,
)
from tradeoffs.core.problems import Problem

_PY_TYPES: dict[str, tuple[type, ...]] = {
    "boolean": (bool,),
    "number": (int, float),
    "integer": (int,),
    "string": (str,),
    "enum": (str,),
}


def builtin_dir() -> Path:
    return Path(str(resources.files("tradeoffs").joinpath("frameworks")))


def builtin_files() -> list[Path]:
    return sorted(builtin_dir().glob("*.yml"))


@dataclass
class FrameworkSet:
    """Frameworks by id, with the problems found while loading them."""

    frameworks: dict[str, Framework] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, framework_id: str) -> Framework | None:
        return self.frameworks.get(framework_id)

    def suggest(self, framework_id: str) -> str | None:
        hits = difflib.get_close_matches(framework_id, list(self.frameworks), n=1)
        return hits[0] if hits else None


def value_fits(fact: Fact, value: Any) -> str | None:
    """Why a value does not fit a fact, or None when it does."""
    if fact.type == "integer" and isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON Schema counts 3.0 as an integer too
    types = _PY_TYPES[fact.type]
    if isinstance(value, bool) and bool not in types:
        return f"must be {_words(fact)}, not a yes/no value"
    if not isinstance(value, types):
        return f"must be {_words(fact)}, {schema.what_to_write(value, fact.type)}"
    if fact.type == "enum" and value not in fact.values:
        hint = difflib.get_close_matches(str(value), list(fact.values), n=1)
        extra = f"; did you mean '{hint[0]}'?" if hint else ""
        return f"must be one of: {', '.join(fact.values)} (got {value!r}){extra}"
    if fact.type in ("number", "integer") and isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return f"must be a finite number (got {value}, which no range holds)"
        if fact.min is not None and value < fact.min:
            return f"must be at least {fact.min:g} (got {value})"
        if fact.max is not None and value > fact.max:
            return f"must be at most {fact.max:g} (got {value})"
    return None


def _words(fact: Fact) -> str:
    return {
        "boolean": "true or false",
        "number": "a number",
        "integer": "a whole number",
        "string": "text",
        "enum": "one of " + ", ".join(fact.values),
    }[fact.type]


def _build(data: Mapping[str, Any], origin: str, builtin: bool) -> Framework:
    facts = {
        name: Fact(
            name=name,
            type=spec["type"],
            prompt=spec["prompt"],
            help=spec.get("help", ""),
            min=spec.get("min"),
            max=spec.get("max"),
            unit=spec.get("unit", ""),
            values=tuple(spec.get("values", ())),
        )
        for name, spec in data["facts"].items()
    }
    return Framework(
        id=data["id"],
        title=data["title"],
        question=data["question"],
        mode=data["mode"],
        facts=facts,
        options=tuple(
            Option(
                id=o["id"],
                title=o["title"],
                summary=o["summary"],
                accepts=tuple(o.get("accepts", ())),
                failure_cost=tuple(o.get("failure_cost", ())),
                pattern=o.get("pattern", ""),
                revisit_when=o.get("revisit_when"),
                revisit_text=o.get("revisit_text", ""),
            )
            for o in data["options"]
        ),
        criteria=tuple(
            Criterion(
                id=c["id"],
                option=c["option"],
                effect=c["effect"],
                text=c["text"],
                when=c["when"],
                weight=c.get("weight", 1),
                own=c.get("own", ""),
            )
            for c in data.get("criteria", ())
        ),
        steps=tuple(
            Step(
                option=s["option"],
                pass_if=s["pass_if"],
                enter_if=s.get("enter_if"),
                text=s.get("text", ""),
                keep=bool(s.get("keep", False)),
            )
            for s in data.get("steps", ())
        ),
        fallback=data.get("fallback"),
        requires=tuple(
            Requirement(option=r["option"], facts=tuple(r["facts"]), text=r.get("text", ""))
            for r in data.get("requires", ())
        ),
        open_questions=tuple(
            FrameworkQuestion(text=q)
            if isinstance(q, str)
            else FrameworkQuestion(
                text=q["text"],
                when=q.get("when"),
                options=tuple([q["option"]] if isinstance(q.get("option"), str) else q.get("option", ())),
            )
            for q in data.get("open_questions", ())
        ),
        combinable=bool(data.get("combinable", False)),
        summary=data.get("summary", ""),
        notes=tuple(data.get("notes", ())),
        estimates=tuple(
            Estimate(
                id=e["id"],
                title=e["title"],
                expression=e["expression"],
                unit=e.get("unit", ""),
                digits=e.get("digits", 2),
                help=e.get("help", ""),
            )
            for e in data.get("estimates", ())
        ),
        source=origin,
        builtin=builtin,
    )


def _check_references(doc: source.Document, fw: Framework) -> list[Problem]:
    """What the schema cannot see: ids that must name an option, fact, or be unique."""
    problems: list[Problem] = []
    option_ids = fw.option_ids

    def option_ref(path: tuple[str | int, ...], option_id: str) -> None:
        if option_id not in option_ids:
            hint = difflib.get_close_matches(option_id, option_ids, n=1)
            extra = f"; did you mean '{hint[0]}'?" if hint else f"; options: {', '.join(option_ids)}"
            problems.append(doc.problem(path, f"'{option_id}' is not an option of this framework{extra}"))

    def condition(path: tuple[str | int, ...], cond: Any) -> None:
        for name, op, value, sub in conditions.comparisons(cond):
            where = (*path, *sub[:-1])
            fact = fw.facts.get(name)
            if fact is None:
                hint = difflib.get_close_matches(name, list(fw.facts), n=1)
                extra = f"; did you mean '{hint[0]}'?" if hint else ""
                problems.append(
                    doc.problem(
                        (*where, "fact"),
                        f"the condition reads fact '{name}', which the framework does not define{extra}",
                    )
                )
                continue
            values = value if op == "in" else [value]
            numeric_op = op in ("gt", "gte", "lt", "lte")
            if numeric_op and fact.type not in ("number", "integer"):
                problems.append(
                    doc.problem((*path, *sub), f"'{op}' compares numbers, but fact '{name}' is {fact.type}")
                )
                continue
            for v in values:
                reason = (
                    None
                    if numeric_op
                    else value_fits(Fact(fact.name, fact.type, fact.prompt, values=fact.values), v)
                )
                if reason:
                    problems.append(
                        doc.problem((*path, *sub), f"the value compared with fact '{name}' {reason}")
                    )

    seen_options: set[str] = set()
    for i, option in enumerate(fw.options):
        if option.id in seen_options:
            problems.append(doc.problem(("options", i, "id"), f"option id '{option.id}' is used twice"))
        seen_options.add(option.id)
    seen_criteria: set[str] = set()
    for i, crit in enumerate(fw.criteria):
        if crit.id in seen_criteria:
            problems.append(doc.problem(("criteria", i, "id"), f"criterion id '{crit.id}' is used twice"))
        seen_criteria.add(crit.id)
        option_ref(("criteria", i, "option"), crit.option)
        condition(("criteria", i, "when"), crit.when)
    for i, step in enumerate(fw.steps):
        option_ref(("steps", i, "option"), step.option)
        if step.keep and not fw.combinable:
            problems.append(
                doc.problem(
                    ("steps", i, "keep"),
                    "a step that keeps its option recommends a combination: set `combinable: true`",
                )
            )
        condition(("steps", i, "pass_if"), step.pass_if)
        if step.enter_if is not None:
            condition(("steps", i, "enter_if"), step.enter_if)
    if fw.fallback is not None:
        option_ref(("fallback",), fw.fallback)
    for i, req in enumerate(fw.requires):
        option_ref(("requires", i, "option"), req.option)
        for j, name in enumerate(req.facts):
            if name not in fw.facts:
                problems.append(
                    doc.problem(("requires", i, "facts", j), f"'{name}' is not a fact of this framework")
                )
    for i, question in enumerate(fw.open_questions):
        if question.when is not None:
            condition(("open_questions", i, "when"), question.when)
        for j, option_id in enumerate(question.options):
            option_ref(
                ("open_questions", i, "option", *((j,) if len(question.options) > 1 else ())), option_id
            )
    for i, option in enumerate(fw.options):
        if option.revisit_when is not None:
            condition(("options", i, "revisit_when"), option.revisit_when)
    known = set(fw.facts)
    for i, est in enumerate(fw.estimates):
        names, reason = estimates.names_used(est.expression)
        if reason:
            problems.append(doc.problem(("estimates", i, "expression"), f"estimate '{est.id}': {reason}"))
        for name in sorted(names - known):
            problems.append(
                doc.problem(
                    ("estimates", i, "expression"),
                    f"estimate '{est.id}' uses '{name}', which is neither a fact nor an earlier estimate",
                )
            )
        for name in sorted(names & set(fw.facts)):
            if fw.facts[name].type not in ("number", "integer"):
                problems.append(
                    doc.problem(
                        ("estimates", i, "expression"),
                        f"estimate '{est.id}' uses fact '{name}', which is not a number",
                    )
                )
        if est.id in known:
            problems.append(
                doc.problem(
                    ("estimates", i, "id"), f"estimate id '{est.id}' is already a fact or an estimate"
                )
            )
        known.add(est.id)
    for name, fact in fw.facts.items():
        if fact.min is not None and fact.max is not None and fact.min > fact.max:
            problems.append(doc.problem(("facts", name, "min"), f"fact '{name}': min is above max"))
    return problems


def load_file(
    path: Path, display: str | None = None, *, builtin: bool = False, prefix: str = "ADR"
) -> tuple[Framework | None, list[Problem]]:
    """Load and fully check one framework file (`prefix`: the decisions' ids, whose mentions
    the site links)."""
    doc, problems = source.load_mapping(path, display, what="framework")
    if doc is None:
        return None, problems
    problems += schema.validate(doc, "framework")
    problems += markdown_budget.document_problems(doc, prefix)
    if any(p.is_error for p in problems):
        return None, problems
    framework = _build(doc.data, doc.file, builtin)
    problems += _check_references(doc, framework)
    if any(p.is_error for p in problems):
        return None, problems
    return framework, problems


def load_all(
    project_dir: Path | None,
    *,
    display_root: Path | None = None,
    extra_files: Iterable[Path] = (),
    prefix: str = "ADR",
) -> FrameworkSet:
    """Built-in frameworks, then the project's own (which may replace a built-in of the same id)."""
    result = FrameworkSet()
    for path in builtin_files():
        fw, problems = load_file(path, f"<built-in>/{path.name}", builtin=True)
        result.problems += problems
        if fw is not None:
            result.frameworks[fw.id] = fw
    files: list[Path] = []
    if project_dir is not None and project_dir.is_dir():
        listed = sorted(p for p in project_dir.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
        if display_root is not None:
            listed, refused = confine(listed, project_dir, display_root, "framework")
            result.problems += refused
        files += listed
    files += list(extra_files)
    own: dict[str, str] = {}
    for path in files:
        fw, problems = load_file(path, _display(path, display_root), prefix=prefix)
        result.problems += problems
        if fw is None:
            continue
        if fw.id in own:
            result.problems.append(
                Problem(
                    _display(path, display_root),
                    1,
                    1,
                    f"framework id '{fw.id}' is also defined in {own[fw.id]}",
                )
            )
            continue
        own[fw.id] = _display(path, display_root)
        result.frameworks[fw.id] = fw
    return result


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)
