"""Generate a realistic decision site of N decisions for the benchmarks.

Decisions are spread over the seven built-in frameworks; their facts are drawn from each
framework's own fact definitions (so they are valid), some left unanswered (open questions),
the chosen option is the one the framework recommends (or, now and then, another one with an
override rationale), and they carry tags, supersedes and related links, and several paragraphs
of Markdown context with lists, a table, code and mentions of other decisions.

    python benchmarks/generate.py OUT_DIR N
"""

from __future__ import annotations

import datetime as _dt
import json
import random
import sys
from pathlib import Path
from typing import Any

from tradeoffs.core import frameworks as frameworks_mod
from tradeoffs.core.decisions import build as build_decision
from tradeoffs.core.evaluate import evaluate
from tradeoffs.core.model import Fact, Framework

FRAMEWORKS = (
    "cache-vs-recompute",
    "rag-vs-finetuning-vs-prompting",
    "scale-up-vs-scale-out",
    "consistency-vs-availability",
    "sync-vs-async",
    "build-vs-buy",
    "cost-vs-latency",
)
TAGS = (
    "catalogue",
    "checkout",
    "payments",
    "search",
    "platform",
    "data",
    "ml",
    "security",
    "observability",
    "performance",
    "cost",
    "reliability",
    "mobile",
    "web",
    "api",
    "messaging",
    "storage",
    "identity",
    "compliance",
    "support",
    "analytics",
    "infrastructure",
    "frontend",
    "backend",
    "partner",
    "pricing",
    "inventory",
    "shipping",
    "notifications",
    "reporting",
)
TEAMS = ("Catalogue", "Checkout", "Payments", "Search", "Platform", "Data", "Support", "Identity")
PEOPLE = (
    "Priya Raman",
    "Tomás Ortega",
    "Hannah Cole",
    "Wei Zhang",
    "Amara Okafor",
    "Jonas Berg",
    "Sofia Marino",
    "Kenji Sato",
    "Leila Haddad",
    "Ravi Menon",
    "Ana Costa",
    "Ola Nordmann",
)
NOUNS = (
    "product pages",
    "order events",
    "price rules",
    "search results",
    "invoices",
    "sessions",
    "recommendations",
    "stock levels",
    "shipping quotes",
    "support answers",
    "audit logs",
    "user profiles",
    "exchange rates",
    "review counts",
    "reports",
    "thumbnails",
)
VERBS = (
    "Cache",
    "Serve",
    "Compute",
    "Replicate",
    "Queue",
    "Buy",
    "Route",
    "Partition",
    "Batch",
    "Stream",
    "Precompute",
    "Proxy",
)

MKDOCS_YML = """\
site_name: Benchmark decisions
theme:
  name: material
  features:
    - navigation.sections
    - navigation.indexes
plugins:
  - search
{plugins}markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - admonition
  - tables
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
nav:
  - Home: index.md
  - How we decide: how-we-decide.md
{nav}"""

PLUGIN_ENTRY = "  - tradeoffs:\n      decisions_dir: decisions\n"

HOME = """\
# Engineering decisions

Every architecture decision of the engineering organisation, with the tradeoff framework it
was judged by. See ADR-1 for the first one and [[ADR-2]] for the second.
"""

HOW = """\
# How we decide

1. Pick the framework that asks the right question.
2. Answer its facts; leave unknown ones empty.
3. Choose, and say why when the framework disagrees.
"""


def fact_value(fact: Fact, rng: random.Random) -> Any:
    if fact.type == "boolean":
        return rng.random() < 0.5
    if fact.type == "enum":
        return rng.choice(fact.values)
    if fact.type == "string":
        return f"{rng.choice(NOUNS)} owned by the {rng.choice(TEAMS)} team"
    low = fact.min if fact.min is not None else 0
    high = fact.max if fact.max is not None else max(low, 0) + 10_000
    if fact.type == "integer":
        return rng.randint(int(low), int(high))
    return round(rng.uniform(low, high), 2)


def context_markdown(number: int, rng: random.Random) -> str:
    team = rng.choice(TEAMS)
    noun = rng.choice(NOUNS)
    other = rng.randint(1, max(1, number - 1)) if number > 1 else 1
    paragraphs = [
        f"The {team} team serves **{noun}** to about {rng.randint(2, 90) * 1000:,} users a day. "
        f"Assembling them takes {rng.randint(40, 900)} ms at p95 and calls "
        f"{rng.randint(2, 6)} services, of which the `{noun.split()[0]}-service` is the slowest.",
        f"This follows on from ADR-{other}, which settled how {rng.choice(NOUNS)} are stored; "
        f"see also [[ADR-{max(1, other - 1)}]] for the earlier constraints.",
        "What we measured:\n\n"
        + "\n".join(
            f"- {rng.choice(NOUNS).capitalize()}: {rng.randint(1, 99)}% of traffic, {rng.randint(1, 500)} ms"
            for _ in range(rng.randint(2, 4))
        ),
    ]
    if rng.random() < 0.3:
        paragraphs.append(
            "| Region | Share | p95 |\n|---|---|---|\n"
            + "\n".join(
                f"| {r} | {rng.randint(5, 60)}% | {rng.randint(50, 800)} ms |" for r in ("EU", "US", "APAC")
            )
        )
    if rng.random() < 0.2:
        paragraphs.append('```python\nkey = f"' + noun.split()[0] + ':{id}:{market}"\n```')
    paragraphs.append(
        f"Nothing here changes the public API of the {team} team; "
        "the change is internal and reversible within a sprint."
    )
    return "\n\n".join(paragraphs) + "\n"


def plan(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """N decision documents (plain data, in number order)."""
    rng = random.Random(seed)
    fws = frameworks_mod.load_all(None).frameworks
    start = _dt.date(2019, 1, 1)
    docs: list[dict[str, Any]] = []
    for number in range(1, n + 1):
        fw: Framework = fws[FRAMEWORKS[number % len(FRAMEWORKS)]]
        facts = {
            name: (fact_value(fact, rng) if rng.random() < 0.85 else None) for name, fact in fw.facts.items()
        }
        title = f"{rng.choice(VERBS)} {rng.choice(NOUNS)} for the {rng.choice(TEAMS)} team ({number})"
        data: dict[str, Any] = {
            "title": title,
            "status": rng.choice(("accepted", "accepted", "accepted", "proposed", "rejected")),
            "date": (start + _dt.timedelta(days=number * 2000 // max(n, 1))).isoformat(),
            "deciders": rng.sample(PEOPLE, rng.randint(1, 3)),
            "tags": sorted(rng.sample(TAGS, rng.randint(1, 3))),
            "framework": fw.id,
            "context": context_markdown(number, rng),
            "facts": facts,
        }
        decision = build_decision({**data, "chosen": None}, number, "x", "x.yml", "ADR")
        ev = evaluate(decision, frameworks_mod.FrameworkSet(fws))
        allowed = [o.id for o in fw.options if not ev.vetoed.get(o.id)]
        recommended = list(ev.recommended or ())
        if recommended and rng.random() < 0.9:
            data["chosen"] = recommended if fw.combinable else recommended[0]
        else:
            data["chosen"] = rng.choice(allowed or [fw.options[0].id])
            data["override_rationale"] = (
                "The framework leans the other way, but the team "
                "already runs this option elsewhere and knows its failure modes."
            )
        data["rationale"] = (
            f"The facts favour this for the {rng.choice(TEAMS)} team's "
            f"{rng.choice(NOUNS)}; the main risk is named under consequences."
        )
        if rng.random() < 0.5:
            data["accepted_costs"] = [f"Another {rng.choice(NOUNS)} pipeline to operate."]
        if rng.random() < 0.3:
            data["open_questions"] = [f"Do we need a fallback for {rng.choice(NOUNS)}?"]
        if rng.random() < 0.3:
            data["links"] = [{"title": "Design notes", "url": f"https://wiki.example.com/adr/{number}"}]
        if number > 5 and rng.random() < 0.25:
            data["related"] = [f"ADR-{rng.randint(1, number - 1)}"]
        docs.append(data)
    # Every tenth decision supersedes one a few numbers back, which becomes superseded.
    superseded: set[int] = set()
    for number in range(10, n + 1, 10):
        old = number - rng.randint(1, 8)
        if old in superseded:
            continue
        superseded.add(old)
        docs[number - 1]["supersedes"] = [f"ADR-{old}"]
        docs[number - 1]["status"] = "accepted"
        docs[old - 1]["status"] = "superseded"
    return docs


def to_yaml(data: dict[str, Any]) -> str:
    """A decision file as a person writes one: flow lists, block context, JSON-quoted strings."""
    out: list[str] = []
    for key, value in data.items():
        if key in ("context", "rationale", "override_rationale"):
            out.append(f"{key}: |")
            out += [f"  {line}" if line else "" for line in value.rstrip("\n").split("\n")]
        elif key == "facts":
            out.append("facts:")
            out += [f"  {name}:" + ("" if v is None else f" {json.dumps(v)}") for name, v in value.items()]
        elif key == "links":
            out.append("links:")
            out += [
                f"  - title: {json.dumps(link['title'])}\n    url: {json.dumps(link['url'])}"
                for link in value
            ]
        elif key in ("accepted_costs", "open_questions"):
            out.append(f"{key}:")
            out += [f"  - {json.dumps(v, ensure_ascii=False)}" for v in value]
        elif key in ("date",):
            out.append(f"{key}: {value}")
        else:
            out.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(out) + "\n"


def file_name(number: int, data: dict[str, Any]) -> str:
    from tradeoffs.core.decisions import slugify

    return f"{number:04d}-{slugify(data['title'])}.yml"


def write_project(out: Path, n: int, *, seed: int = 7) -> Path:
    """A project folder with mkdocs.yml (plugin site), docs/ and decisions/; returns mkdocs.yml."""
    (out / "decisions").mkdir(parents=True, exist_ok=True)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    (out / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    (out / "docs" / "how-we-decide.md").write_text(HOW, encoding="utf-8")
    for number, data in enumerate(plan(n, seed), 1):
        (out / "decisions" / file_name(number, data)).write_text(to_yaml(data), encoding="utf-8")
    config = out / "mkdocs.yml"
    config.write_text(
        MKDOCS_YML.format(plugins=PLUGIN_ENTRY, nav="  - Decisions: decisions/index.md\n"), encoding="utf-8"
    )
    return config


if __name__ == "__main__":
    print(write_project(Path(sys.argv[1]), int(sys.argv[2])))
