"""The text of a new decision file: every question of the framework, ready to answer."""

from __future__ import annotations

import datetime as _dt
import json
import os
from pathlib import Path

from tradeoffs.core.model import Fact, Framework

LOCAL_SCHEMA = "schemas/decision.schema.json"
"""Where `tradeoffs init` (or `tradeoffs schema decision --frameworks --output`) puts a
project's own schema."""


def schema_reference(root: Path, decisions_dir: Path, site_url: str = "") -> str | None:
    """Where an editor finds the schema of a new decision, so that the modeline loads.

    The project's committed schema, relative to the decision (editors resolve it from the
    file's folder); else the copy the site publishes, when the site says where it lives; else
    None: a modeline pointing at nothing only makes the editor complain.
    """
    local = root / LOCAL_SCHEMA
    if local.is_file():
        return Path(os.path.relpath(local.resolve(), decisions_dir.resolve())).as_posix()
    if site_url:
        return site_url.rstrip("/") + "/" + LOCAL_SCHEMA
    return None


def modeline(schema_ref: str | None) -> str:
    """The yaml-language-server comment that links a file to its schema ("" without one)."""
    return f"# yaml-language-server: $schema={schema_ref}\n" if schema_ref else ""


def _comment(text: str) -> str:
    return " ".join(text.split())


def _fact_hint(fact: Fact) -> str:
    if fact.type == "boolean":
        hint = "true or false"
    elif fact.type == "enum":
        hint = "one of: " + ", ".join(fact.values)
    elif fact.type == "string":
        hint = "text"
    else:
        hint = "a whole number" if fact.type == "integer" else "a number"
        bounds = []
        if fact.min is not None:
            bounds.append(f"≥ {fact.min:g}")
        if fact.max is not None:
            bounds.append(f"≤ {fact.max:g}")
        if bounds:
            hint += " " + " and ".join(bounds)
        if fact.unit:
            hint += f", in {fact.unit}"
    return hint


def new_decision(
    title: str, framework: Framework | None, *, today: _dt.date | None = None, schema_url: str | None = None
) -> str:
    """YAML for a proposed decision; unanswered facts are left empty, each under its question."""
    today = today or _dt.date.today()
    lines = [
        *([modeline(schema_url).rstrip("\n")] if schema_url else []),
        f"title: {json.dumps(title, ensure_ascii=False)}",
        "status: proposed",
        f"date: {today.isoformat()}",
        "deciders: []",
    ]
    if framework is not None:
        lines.append(f"framework: {framework.id}")
    lines += [
        "# The forces at play, in Markdown: what problem, what constraints, what is known.",
        "context: |",
        f"  {_comment(framework.question) if framework else 'What is the problem to decide?'}",
    ]
    if framework is not None:
        lines.append("# Answer each question; leave a fact empty while it is unknown.")
        lines.append("facts:")
        for fact in framework.facts.values():
            lines.append(f"  # {_comment(fact.prompt)} ({_fact_hint(fact)})")
            lines.append(f"  {fact.name}:")
        ids = ", ".join(framework.option_ids)
        many = " (a list: several may be combined)" if framework.combinable else ""
        lines += [
            f"# Once decided: set status to accepted and name the option chosen{many}: {ids}",
            "# chosen: ",
            "# Why this option; if it goes against the framework, say why in override_rationale.",
            "# rationale: ",
        ]
    else:
        lines += [
            "# The options considered, each with an id, a title, pros and cons;",
            "# `chosen` names one of them once decided. For example:",
            "# options:",
            "#   - id: keep-monolith",
            "#     title: Keep the monolith",
            "#     pros: [One deployable]",
            "#     cons: [Slower builds]",
            "# chosen: keep-monolith",
        ]
    lines += [
        "tags: []",
        "# What this decision governs: path globs as in .gitignore, relative to mkdocs.yml's",
        "# folder (`tradeoffs explain PATH` then finds it). For example:",
        "# affects: [services/catalogue/**]",
        "",
    ]
    return "\n".join(lines)
