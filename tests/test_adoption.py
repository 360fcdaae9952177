"""Adoption: Markdown ADRs read and published beside YAML ones, imported, and exported.

The corpora in tests/corpora/ are realistic records in each format, each with a supersedes
chain and (where it makes sense) one deliberately broken file.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import GOOD_DECISION, REPO, Project, placed_record, run_cli
from tradeoffs.core.config import Settings
from tradeoffs.core.markdown_adr import loading, metadata, titles
from tradeoffs.core.markdown_adr.record import MarkdownSet
from tradeoffs.core.model import Decision
from tradeoffs.core.project import load_project
from tradeoffs.site.record_links import to_pages


def _outside_git(folder: Path) -> Path:
    """The corpora copied out of this checkout: a record without a date would otherwise ask
    git about the checkout's own history, a process the fast tier does not start."""
    copy = Path(tempfile.mkdtemp(prefix="tradeoffs-corpora-")) / "corpora"
    shutil.copytree(folder, copy)
    atexit.register(shutil.rmtree, copy.parent, ignore_errors=True)
    return copy


IN_GIT = Path(__file__).parent / "corpora"
"""The corpora where they are: madr4's 0005 has no date of its own and takes git's, so the
tests that read it there start git and are in the build tier."""
CORPORA = _outside_git(IN_GIT)
FORMATS = ("nygard", "madr2", "madr3", "madr4", "log4brains")


def _load(name: str) -> MarkdownSet:
    return loading.load_dirs([CORPORA / name], display=lambda p: p.name)


def _by_number(found: MarkdownSet) -> dict[int, Decision]:
    return {d.number: d for _rec, d, _doc in found.decisions}


def _problems(found: MarkdownSet) -> list[str]:
    return sorted(p.format() for p in found.problems)


def _first_commit(path: Path) -> object:
    run = subprocess.run(
        ["git", "log", "--diff-filter=A", "--format=%as", "--", path.name],
        cwd=path.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    dates = run.stdout.split()
    return None if run.returncode or not dates else __import__("datetime").date.fromisoformat(dates[-1])


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


# --- reading ----------------------------------------------------------------------------


def test_nygard_records_status_sections_and_links() -> None:
    found = _load("nygard")
    d = _by_number(found)
    assert {x.origin for x in d.values()} == {"nygard"}
    assert d[1].title == "Record architecture decisions"
    assert [(n, x.status) for n, x in sorted(d.items())] == [
        (1, "accepted"),
        (2, "superseded"),
        (3, "accepted"),
        (4, "accepted"),
        (5, "proposed"),
    ]
    assert str(d[2].date) == "2019-03-11"
    assert d[4].supersedes == (2,)
    # the unknown status and the link to a file that is not there, each at its line
    assert _problems(found) == [
        "0005-retire-the-legacy-soap-gateway.md:7:1: warning: unknown status 'Pondering'; published "
        "as proposed, the nearest status, with the wording kept beside it (add the word to the plugin "
        "option status_words to say which status it means)",
        "0005-retire-the-legacy-soap-gateway.md:9:1: error: supersedes links to "
        "'0009-keep-the-soap-gateway.md', which does not exist",
    ]
    body = placed_record(found, 4)[0]
    assert not body.startswith("# ") and "Date: 2021-02-01" not in body
    assert body.startswith("## Status")
    # links to sibling records point at their published pages
    assert "[ADR 2](ADR-0002.md)" in body


def test_madr2_metadata_list_links_section_and_number_zero() -> None:
    found = _load("madr2")
    d = _by_number(found)
    assert {x.origin for x in d.values()} == {"madr2"}
    assert d[1].title == "Use REST for the public API"  # "ADR-0001: " is stripped
    assert d[1].status == "superseded" and d[3].supersedes == (1,)
    assert d[2].deciders == ("Dana Weiss", "Ben Carter")
    # 0000 is no number we can use: it comes after the highest number in the folder
    assert d[5].title == "Use Markdown Architectural Decision Records"
    # a record with no title of its own is named after its file, not refused
    assert d[4].title == "Missing title" and "never gave it a title" in d[4].body
    assert _problems(found) == []
    assert "* Status:" not in d[2].body and "## Considered Options" in d[2].body


def test_madr3_front_matter_and_superseded_by_in_status() -> None:
    found = _load("madr3")
    d = _by_number(found)
    assert [d[n].origin for n in (1, 2, 3, 4)] == ["madr3"] * 4
    assert d[2].status == "superseded" and d[4].supersedes == (2,)
    assert d[3].status == "proposed"
    assert d[1].deciders == ("Mei Chen", "Jonas Berg")
    assert "consulted" not in d[1].body and not d[1].body.startswith("---")
    assert any(
        p.startswith("0005-broken-front-matter.md:3:5: error: invalid YAML in the front matter")
        for p in _problems(found)
    )


@pytest.mark.build  # git dates
def test_madr4_with_and_without_front_matter() -> None:
    found = loading.load_dirs([IN_GIT / "madr4"], display=lambda p: p.name)
    d = _by_number(found)
    assert {d[n].origin for n in d} == {"madr4"}
    assert [d[n].status for n in sorted(d)] == [
        "accepted",
        "rejected",
        "superseded",
        "accepted",
        "proposed",
        "proposed",
    ]
    assert d[4].supersedes == (3,)
    assert d[1].deciders == ("Sofia Rossi", "Tariq Aziz")  # decision-makers
    # no date in the record: the day git first saw the file (never today's date)
    assert d[5].date == _first_commit(IN_GIT / "madr4" / "0005-use-trunk-based-development.md")
    assert _problems(found) == [
        "0005-use-trunk-based-development.md:1:1: warning: no status found (a 'Status:' field, front "
        "matter or a '## Status' section); published as proposed",
        "0006-adopt-a-service-mesh.md:19:1: error: supersedes links to "
        "'0042-use-mutual-tls-everywhere.md', which does not exist",
    ]
    # "on hold" is a status teams write: proposed, with its wording kept in the record's text
    assert d[6].status == "proposed" and "status: on hold" in d[6].body.lower()


def test_log4brains_date_slug_files_are_numbered_by_date_then_name() -> None:
    found = loading.load_dirs([CORPORA / "log4brains"], display=lambda p: p.name, taken={1, 7})
    d = _by_number(found)
    # README.md and template.md are not records; numbering starts after the highest taken number
    assert [(n, x.path) for n, x in sorted(d.items())] == [
        (8, "20200924-use-markdown-architectural-decision-records.md"),
        (9, "20201016-use-log4brains-to-manage-the-adrs.md"),
        (10, "20210120-deploy-the-knowledge-base-on-github-pages.md"),
        (11, "20210315-deploy-the-knowledge-base-on-netlify.md"),
        (12, "20210402-split-the-storefront-monolith.md"),
    ]
    assert {x.origin for x in d.values()} == {"log4brains"}
    assert d[9].tags == ("dev-tools", "doc")
    assert d[10].status == "superseded" and d[11].supersedes == (10,)
    source = next(r.path for r, x, _doc in found.decisions if x.number == 11)
    assert "[the previous decision](ADR-0010.md)" in to_pages(d[11].body, source, found.numbers, "ADR")
    # an unreadable date falls back to the file name's date, with a warning at the line
    assert str(d[12].date) == "2021-04-02"
    assert (
        "20210402-split-the-storefront-monolith.md:5:1: warning: cannot read the date "
        "'2021-04-31'; write it as YYYY-MM-DD" in _problems(found)
    )


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("Accepted", "accepted"),
        ("accepted", "accepted"),
        ("**Accepted**", "accepted"),
        ("Draft", "proposed"),
        ("Proposed", "proposed"),
        ("rejected", "rejected"),
        ("Deprecated", "deprecated"),
        ("superseded by ADR-0005", "superseded"),
        ("Superseded by [3. Use X](0003-use-x.md)", "superseded"),
        ("maybe", None),
    ],
)
def test_status_normalisation(written: str, status: str | None) -> None:
    assert metadata.normalise_status(written) == status


@pytest.mark.parametrize(
    ("title", "stripped"),
    [
        ("1. Record architecture decisions", "Record architecture decisions"),
        ("ADR-0001: Use GraphQL", "Use GraphQL"),
        ("ADR 12 - Split the monolith", "Split the monolith"),
        ("3 tier architecture", "3 tier architecture"),
        ("Use MADR 4", "Use MADR 4"),
    ],
)
def test_title_numbers_are_stripped(title: str, stripped: str) -> None:
    assert titles.strip_title_number(title) == stripped


def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "0001-latin1.md").write_bytes("# Caf\xe9 choice\n".encode("latin-1"))
    found = loading.load_dirs([tmp_path, tmp_path / "missing"], display=lambda p: p.name)
    assert _problems(found) == [
        "0001-latin1.md:1:1: error: cannot read this Markdown ADR: it is not UTF-8 text",
        "missing:1:1: error: markdown_dirs names a folder that does not exist",
    ]
    assert found.decisions == []


# --- publishing beside YAML decisions ----------------------------------------------------

NO_FRAMEWORK = """\
title: Pick a message queue
status: accepted
date: 2026-01-05
options:
  - {id: sqs, title: Amazon SQS, pros: [Managed], cons: [AWS only]}
  - {id: kafka, title: Kafka, pros: [Replay], cons: [Operations]}
chosen: sqs
"""


def _with_markdown(project: Project, corpus: str) -> None:
    shutil.copytree(CORPORA / corpus, project.root / "adr")
    (project.root / "mkdocs.yml").write_text(
        textwrap.dedent("""\
        site_name: t
        plugins:
          - tradeoffs:
              markdown_dirs: [adr]
        """),
        encoding="utf-8",
    )


def test_project_puts_markdown_adrs_into_the_same_log(project: Project) -> None:
    project.decision("0001-pick-a-queue.yml", NO_FRAMEWORK)
    project.decision("0002-pick-a-cache.yml", NO_FRAMEWORK.replace("message queue", "cache"))
    _with_markdown(project, "log4brains")
    settings = Settings.from_options(project.root, {"markdown_dirs": ["adr"]})
    assert settings.markdown_dirs == [project.root / "adr"]
    loaded = load_project(settings)
    assert list(loaded.evaluations) == [1, 2, 3, 4, 5, 6, 7]
    assert loaded.decision(1).origin == "yaml"  # type: ignore[union-attr]
    netlify = loaded.evaluations[6]
    assert netlify.decision.origin == "log4brains"
    assert netlify.decision.path == "adr/20210315-deploy-the-knowledge-base-on-netlify.md"
    assert netlify.decision.supersedes == (5,)
    assert netlify.framework is None and netlify.problems == [] and netlify.accepted_costs == []
    assert [d.number for d in loaded.superseded_by(5)] == [6]
    # the CLI reads markdown_dirs from mkdocs.yml: only the corpus's own two warnings remain
    result = project.cli("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 2 warnings" in result.stderr


def test_number_clash_between_yaml_and_markdown_is_an_error(project: Project) -> None:
    project.decision("0002-pick-a-queue.yml", NO_FRAMEWORK)
    _with_markdown(project, "madr3")
    result = project.cli("check")
    assert result.returncode == 1
    assert (
        "decisions/0002-pick-a-queue.yml:1:1: error: decision number 2 is also used by "
        "adr/0002-store-sessions-in-redis.md"
    ) in result.stdout
    assert (
        "adr/0002-store-sessions-in-redis.md:1:1: error: decision number 2 is also used by "
        "decisions/0002-pick-a-queue.yml" in result.stdout
    )


def test_supersedes_checks_apply_to_markdown_records(project: Project) -> None:
    project.decision("0001-pick-a-queue.yml", NO_FRAMEWORK)
    adr = project.root / "adr"
    adr.mkdir()
    (adr / "0002-use-kafka.md").write_text(
        textwrap.dedent("""\
        # 2. Use Kafka

        Date: 2026-02-01

        ## Status

        Accepted

        Supersedes [ADR-0001](../decisions/0001-pick-a-queue.yml)

        ## Decision

        Kafka.
        """),
        encoding="utf-8",
    )
    (adr / "0003-use-nats.md").write_text(
        "# 3. Use NATS\n\nDate: 2026-03-01\n\n## Status\n\nAccepted\n\nSupersedes ADR-0001\n",
        encoding="utf-8",
    )
    _ = project.root / "mkdocs.yml"
    _.write_text("site_name: t\nplugins:\n  - tradeoffs:\n      markdown_dirs: [adr]\n")
    lines = project.cli("check").stdout.splitlines()
    # a link to a file that is no Markdown ADR is reported where it is written
    assert (
        "adr/0002-use-kafka.md:9:1: error: supersedes links to '../decisions/0001-pick-a-queue.yml', "
        "which is not an ADR in markdown_dirs" in lines
    )
    # a reference by number reaches the YAML decision; the project's own check then sees its status
    assert any(
        line.startswith(
            "adr/0003-use-nats.md:9:1: warning: ADR-0003 supersedes ADR-0001 "
            "(decisions/0001-pick-a-queue.yml), whose status is still 'accepted'"
        )
        for line in lines
    ), lines


# --- import ------------------------------------------------------------------------------

EXPECTED_IMPORTS = {
    "nygard": [
        "0001-record-architecture-decisions.yml",
        "0002-use-postgresql-for-order-data.yml",
        "0003-publish-order-events-to-kafka.yml",
        "0004-move-order-data-to-aurora-postgresql.yml",
        "0005-retire-the-legacy-soap-gateway.yml",
    ],
    "madr2": [
        "0001-use-rest-for-the-public-api.yml",
        "0002-choose-a-frontend-framework-for-the-partner-portal.yml",
        "0003-use-graphql-for-the-public-api.yml",
        "0004-missing-title.yml",
        "0005-use-markdown-architectural-decision-records.yml",
    ],
    "madr3": [
        "0001-use-opentelemetry-for-distributed-tracing.yml",
        "0002-store-web-sessions-in-redis.yml",
        "0003-adopt-feature-flags-for-gradual-releases.yml",
        "0004-store-web-sessions-in-signed-cookies.yml",
    ],
    "madr4": [
        "0001-use-madr-4-for-decision-records.yml",
        "0002-run-services-on-a-managed-kubernetes-service.yml",
        "0003-run-background-jobs-with-celery.yml",
        "0004-run-background-jobs-with-temporal.yml",
        "0005-use-trunk-based-development.yml",
        "0006-adopt-a-service-mesh.yml",
    ],
    "log4brains": [
        "0001-use-markdown-architectural-decision-records.yml",
        "0002-use-log4brains-to-manage-the-adrs.yml",
        "0003-deploy-the-knowledge-base-on-github-pages.yml",
        "0004-deploy-the-knowledge-base-on-netlify.yml",
        "0005-split-the-storefront-monolith.yml",
    ],
}


@pytest.mark.parametrize(
    "corpus", [pytest.param(f, marks=pytest.mark.build) if f == "madr4" else f for f in FORMATS]
)
def test_import_every_corpus_then_check_passes(project: Project, corpus: str) -> None:
    source = (IN_GIT if corpus == "madr4" else CORPORA) / corpus
    before = _digest(source)
    result = project.cli("import", str(source))
    # a corpus with a broken file reports errors (exit 1) but imports everything it can
    assert result.returncode == (0 if corpus in ("log4brains", "madr2") else 1), result.stdout + result.stderr
    assert _digest(source) == before  # the sources are never touched
    written = sorted(p.name for p in (project.root / "decisions").iterdir())
    assert written == EXPECTED_IMPORTS[corpus]
    for name in written:
        text = (project.root / "decisions" / name).read_text(encoding="utf-8")
        assert text.startswith("# Imported from ")  # no schema to point a modeline at
    check = project.cli("check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 errors" in check.stderr


def test_import_maps_madr_options_consequences_and_links(project: Project) -> None:
    result = project.cli("import", str(CORPORA / "madr2"), "--out", "imported")
    out = project.root / "imported"
    data = yaml.safe_load((out / "0002-choose-a-frontend-framework-for-the-partner-portal.yml").read_text())
    assert data["status"] == "accepted" and data["deciders"] == ["Dana Weiss", "Ben Carter"]
    assert [o["id"] for o in data["options"]] == ["react", "vue-js", "hotwire"]
    assert data["options"][0] == {
        "id": "react",
        "title": "React",
        "summary": "The most widely used UI library.",
        "pros": ["There are components for everything"],
        "cons": ["It needs a separate API and build"],
    }
    assert data["chosen"] == "hotwire"
    assert data["rationale"].startswith("It keeps rendering on the server")
    assert "- One language and one set of templates." in data["rationale"]
    assert data["accepted_costs"] == [
        "Fewer ready-made components than React.",
        "Offline use is out of reach.",
    ]
    rest = yaml.safe_load((out / "0001-use-rest-for-the-public-api.yml").read_text())
    assert rest["status"] == "superseded"
    assert "Decision drivers:" in rest["context"]
    assert {"title": "Technical story", "url": "https://tracker.example.com/browse/API-12"} in rest["links"]
    graphql = yaml.safe_load((out / "0003-use-graphql-for-the-public-api.yml").read_text())
    assert graphql["supersedes"] == ["ADR-0001"]
    untitled = yaml.safe_load((out / "0004-missing-title.yml").read_text())
    assert untitled["title"] == "Missing title" and "never gave it a title" in untitled["context"]
    assert result.returncode == 0, result.stderr
    # a multi-line text is written as a block, readable in review
    assert "rationale: |" in (out / "0002-choose-a-frontend-framework-for-the-partner-portal.yml").read_text()


def test_import_nygard_records_become_decisions_without_a_framework(project: Project) -> None:
    project.cli("import", str(CORPORA / "nygard"))
    data = yaml.safe_load(
        (project.root / "decisions" / "0004-move-order-data-to-aurora-postgresql.yml").read_text()
    )
    assert data["options"] == [
        {"id": "move-order-data-to-aurora-postgresql", "title": "Move order data to Aurora PostgreSQL"}
    ]
    assert data["chosen"] == "move-order-data-to-aurora-postgresql"
    assert data["rationale"].startswith("We will move order data to Amazon Aurora PostgreSQL")
    assert "Consequences: Failover takes under a minute" in data["rationale"]
    assert data["supersedes"] == ["ADR-0002"]
    explain = project.cli("explain", "decisions/0004-move-order-data-to-aurora-postgresql.yml")
    assert explain.returncode == 0, explain.stdout + explain.stderr
    assert "Framework: none (the decision lists its own options)" in explain.stdout
    assert "Chosen: Move order data to Aurora PostgreSQL" in explain.stdout


def test_import_reports_what_it_could_not_map(project: Project) -> None:
    result = project.cli("import", str(CORPORA / "madr3"))
    source = str(CORPORA / "madr3")
    # MADR 4's consulted and informed are fields of a decision file
    assert "not imported: field 'consulted'" not in result.stderr
    assert f"{source}/0005-broken-front-matter.md:1:1: error: not imported: fix the errors" in result.stderr
    data = yaml.safe_load(
        (project.root / "decisions" / "0001-use-opentelemetry-for-distributed-tracing.yml").read_text()
    )
    assert (data["consulted"], data["informed"]) == (["Platform team"], ["All backend engineers"])
    assert "Consulted:" not in data["context"] and "Informed:" not in data["context"]
    assert data["accepted_costs"] == ["The collector is one more thing to run"]
    assert "Neutral consequences:\n\n- The Java agent adds about 40 ms to start-up" in data["rationale"]


def test_import_never_overwrites_and_takes_the_next_free_number(project: Project) -> None:
    existing = project.decision("0002-pick-a-queue.yml", NO_FRAMEWORK)
    before = existing.read_bytes()
    result = project.cli("import", str(CORPORA / "log4brains"))
    assert result.returncode == 0, result.stderr
    assert existing.read_bytes() == before
    names = sorted(p.name for p in (project.root / "decisions").iterdir())
    # the date-slug records are numbered after the decisions already there, in date order
    assert names == [
        "0002-pick-a-queue.yml",
        "0003-use-markdown-architectural-decision-records.yml",
        "0004-use-log4brains-to-manage-the-adrs.yml",
        "0005-deploy-the-knowledge-base-on-github-pages.yml",
        "0006-deploy-the-knowledge-base-on-netlify.yml",
        "0007-split-the-storefront-monolith.yml",
    ]
    netlify = yaml.safe_load(
        (project.root / "decisions" / "0006-deploy-the-knowledge-base-on-netlify.yml").read_text()
    )
    assert netlify["supersedes"] == ["ADR-0005"]
    assert project.cli("check").returncode == 0
    # importing again writes nothing new and says so
    again = project.cli("import", str(CORPORA / "log4brains"))
    assert sorted(p.name for p in (project.root / "decisions").iterdir()) == names
    assert (
        "already imported as decisions/0003-use-markdown-architectural-decision-records.yml" in again.stderr
    )


@pytest.mark.build  # git dates (madr4)
def test_import_moves_a_clashing_number(project: Project) -> None:
    project.decision("0003-pick-a-queue.yml", NO_FRAMEWORK)
    result = project.cli("import", str(IN_GIT / "madr4"))
    assert (
        "0003-run-background-jobs-with-celery.md:1:1: warning: number 3 is taken in decisions; "
        "imported as 7" in result.stderr
    )
    temporal = yaml.safe_load(
        (project.root / "decisions" / "0004-run-background-jobs-with-temporal.yml").read_text()
    )
    assert temporal["supersedes"] == ["ADR-0007"]
    assert (project.root / "decisions" / "0007-run-background-jobs-with-celery.yml").is_file()
    assert project.cli("check").returncode == 0


# --- export ------------------------------------------------------------------------------

WITH_FRAMEWORK = GOOD_DECISION + "supersedes: [ADR-1]\nrelated: [ADR-3]\n"


def _export_project(project: Project) -> None:
    project.decision("0001-pick-a-queue.yml", NO_FRAMEWORK.replace("status: accepted", "status: superseded"))
    project.decision("0002-use-alpha.yml", WITH_FRAMEWORK)
    _with_markdown(project, "log4brains")


def _relative_links(text: str) -> list[str]:
    return [m for m in re.findall(r"\]\(([^)\s]+)\)", text) if "://" not in m and not m.startswith("#")]


def test_export_markdown_pages_links_and_index(project: Project) -> None:
    _export_project(project)
    result = project.cli("export", "--format", "markdown", "--out", "public")
    assert result.returncode == 0, result.stdout + result.stderr
    out = project.root / "public"
    pages = sorted(str(p.relative_to(out)) for p in out.rglob("*.md"))
    decision_pages = [p for p in pages if re.fullmatch(r"decisions/[0-9]{4}-.+\.md", p)]
    assert [p[10:14] for p in decision_pages] == [f"{n:04d}" for n in range(1, 8)]
    assert decision_pages[:2] == ["decisions/0001-pick-a-queue.md", "decisions/0002-use-alpha.md"]
    assert decision_pages[5] == "decisions/0006-deploy-the-knowledge-base-on-netlify.md"
    assert sorted(set(pages) - set(decision_pages)) == [
        *sorted(
            [
                f"decisions/frameworks/{p.stem}.md"
                for p in (REPO / "plugin/tradeoffs/frameworks").glob("*.yml")
            ]
            + [f"decisions/frameworks/{p.stem}.md" for p in (project.root / "frameworks").glob("*.yml")]
            + ["decisions/frameworks/index.md"]
        ),
        "decisions/index.md",
    ]
    # the site's own framework and log pages, as portable Markdown: no Try-it form, no HTML table
    framework = (out / "decisions/frameworks/test-rules.md").read_text(encoding="utf-8")
    assert "## Criteria" in framework and "Try it" not in framework and "<table" not in framework
    assert "| [ADR-0002: Use alpha](../0002-use-alpha.md) | accepted | Test rules | Alpha |" in framework
    index = (out / "decisions/index.md").read_text(encoding="utf-8")
    assert "Type to filter" not in index and "| [ADR-0007:" in index
    for page in out.rglob("*.md"):
        for link in _relative_links(page.read_text(encoding="utf-8")):
            target = (page.parent / link.split("#")[0]).resolve()
            assert target.is_file(), f"{page}: broken link {link}"
    alpha = (out / "decisions" / "0002-use-alpha.md").read_text(encoding="utf-8")
    front = yaml.safe_load(alpha.split("---\n")[1])
    assert front["status"] == "accepted" and "decision-makers" not in front and "adr" not in front
    assert "[ADR-0001: Pick a message queue](0001-pick-a-queue.md)" in alpha
    imported = (out / "decisions" / "0006-deploy-the-knowledge-base-on-netlify.md").read_text(
        encoding="utf-8"
    )
    assert yaml.safe_load(imported.split("---\n")[1])["tags"] == ["doc", "hosting"]
    assert "# ADR-0006: Deploy the knowledge base on Netlify" in imported
    assert "[the previous decision](0005-" in imported
    index = (out / "decisions" / "index.md").read_text(encoding="utf-8")
    assert (
        "| [ADR-0006: Deploy the knowledge base on Netlify](0006-deploy-the-knowledge-base-on-netlify.md) "
        "| accepted |  |  | 2021-03-15 |" in index
    )


def test_export_refuses_a_non_empty_folder_without_force(project: Project) -> None:
    _export_project(project)
    out = project.root / "public"
    out.mkdir()
    keep = out / "keep.txt"
    keep.write_text("mine")
    refused = project.cli("export", "--out", "public")
    assert refused.returncode == 2 and "is not empty" in refused.stderr
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    forced = project.cli("export", "--out", "public", "--force")
    assert forced.returncode == 0, forced.stderr
    assert keep.read_text() == "mine" and (out / "decisions" / "0001-pick-a-queue.md").is_file()
    assert project.cli("export", "--out", "public", "--force").returncode == 0  # again, over itself


def test_export_never_writes_outside_the_folder(project: Project) -> None:
    project.decision("0001-pick-a-queue.yml", NO_FRAMEWORK)
    (project.root / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - tradeoffs:\n      url_prefix: ../../escape\n"
    )
    result = project.cli("export", "--out", "public")
    assert result.returncode == 2
    assert "would be written outside public" in result.stderr
    assert not (project.root.parent / "escape").exists()


def test_export_json_document(project: Project) -> None:
    _export_project(project)
    data = json.loads(project.cli("export", "--format", "json", check=True).stdout)
    decisions = {d["id"]: d for d in data["decisions"]}
    assert list(decisions) == [f"ADR-000{n}" for n in range(1, 8)]
    alpha = decisions["ADR-0002"]
    assert set(alpha) >= {
        "id",
        "number",
        "title",
        "status",
        "date",
        "deciders",
        "tags",
        "framework",
        "chosen",
        "recommended",
        "consistent",
        "provisional",
        "accepted_costs",
        "failure_costs",
        "open_questions",
        "supersedes",
        "superseded_by",
        "related",
        "links",
        "file",
        "url",
    }
    assert alpha["framework"] == "test-rules" and alpha["chosen"] == ["alpha"]
    assert alpha["recommended"] == ["alpha"] and alpha["consistent"] is True
    assert alpha["supersedes"] == ["ADR-0001"] and alpha["url"] == "decisions/ADR-0002/"
    assert decisions["ADR-0001"]["superseded_by"] == ["ADR-0002"]
    assert decisions["ADR-0006"]["origin"] == "log4brains"
    assert decisions["ADR-0006"]["file"] == "adr/20210315-deploy-the-knowledge-base-on-netlify.md"
    project.cli("export", "--format", "json", "--out", "log.json", check=True)
    assert json.loads((project.root / "log.json").read_text())["decisions"][0]["id"] == "ADR-0001"
    refused = project.cli("export", "--format", "json", "--out", "log.json")
    assert refused.returncode == 2 and "pass --force" in refused.stderr
    assert project.cli("export", "--format", "json", "--out", "log.json", "--force").returncode == 0


# --- MkDocs 1.6 and ProperDocs ---------------------------------------------------------

ENGINES = {
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict"],
    "properdocs": [sys.executable, "-m", "properdocs", "build", "--strict"],
}


def _build(engine: str, config: Path, site_dir: Path) -> None:
    assert importlib.util.find_spec(engine) is not None, (
        f"{engine} is a test dependency: pip install -e '.[test]'"
    )
    result = subprocess.run(
        [*ENGINES[engine], "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        timeout=300,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(config.parent)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_small_site_builds_strict_under_both_engines(tmp_path: Path, engine: str) -> None:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "0001-pick-a-queue.yml").write_text(NO_FRAMEWORK)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Adoption\ntheme:\n  name: material\nplugins:\n  - search\n  - tradeoffs\n")
    _build(engine, config, tmp_path / "site")
    assert (tmp_path / "site" / "decisions" / "ADR-0001" / "index.html").is_file()


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_demo_site_builds_strict_under_both_engines(tmp_path: Path, engine: str) -> None:
    _build(engine, REPO / "mkdocs.yml", tmp_path / "site")
    pages = sorted(p.parent.name for p in (tmp_path / "site" / "decisions").glob("ADR-*/index.html"))
    sources = [*(REPO / "decisions").glob("[0-9]*.yml"), *(REPO / "legacy-adrs").glob("[0-9]*.md")]
    assert pages and pages == sorted(f"ADR-{p.name[:4]}" for p in sources)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_site_publishes_markdown_adrs_under_both_engines(tmp_path: Path, engine: str) -> None:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "0001-pick-a-queue.yml").write_text(NO_FRAMEWORK)
    shutil.copytree(CORPORA / "madr4", tmp_path / "adr")
    for broken in ("0005-use-trunk-based-development.md", "0006-adopt-a-service-mesh.md"):
        (tmp_path / "adr" / broken).unlink()  # their warnings would fail --strict
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Adoption\ntheme:\n  name: material\nplugins:\n  - search\n"
        "  - tradeoffs:\n      markdown_dirs: [adr]\n"
    )
    (tmp_path / "decisions" / "0001-pick-a-queue.yml").rename(
        tmp_path / "decisions" / "0010-pick-a-queue.yml"
    )
    _build(engine, config, tmp_path / "site")
    for number in (1, 2, 3, 4, 10):
        assert (tmp_path / "site" / "decisions" / f"ADR-{number:04d}" / "index.html").is_file()
    # the record's own text is published
    page = (tmp_path / "site" / "decisions" / "ADR-0004" / "index.html").read_text(encoding="utf-8")
    assert "A chaos test kills workers during month-end invoicing" in page


def test_run_cli_helper_is_shared() -> None:
    # the adoption commands are listed by the real CLI's help
    result = run_cli("--help", cwd=REPO)
    assert "import" in result.stdout and "export" in result.stdout


# --- histories come in whole and go out whole (tests/corpora/adoption) ---------------------

ADOPTION = CORPORA / "adoption"


def _copy_adoption(tmp_path: Path) -> Path:
    """The adoption corpus outside git, so that a record without a date has none."""
    folder = tmp_path / "adr"
    shutil.copytree(ADOPTION, folder)
    return folder


def test_every_format_feature_is_read(tmp_path: Path) -> None:
    folder = _copy_adoption(tmp_path)
    found = loading.load_dirs([folder], display=lambda p: p.relative_to(folder).as_posix())
    d = _by_number(found)
    # the copied template is recognised by its placeholder title, not by its name
    assert sorted(d) == [1, 2, 3, 4, 9]
    # headings without their comments and {#id}; subsections stay in the published text
    assert "### Inspiration" in d[1].body
    # Docusaurus front matter: the title, its 'ADR002: ' prefix gone; the number from adr002-
    assert d[2].title == "Serve the help centre from a CDN"
    # a badge image as the status; a status with more words records the relation it states
    assert d[2].status == "accepted"
    assert d[1].status == "superseded" and d[3].supersedes == (1,)
    assert d[3].status == "accepted"
    assert d[3].title == "Keep search synonyms in git"
    # the number in the title of a file named without one; a status outside the five maps,
    # with its wording on the page
    assert d[9].title == "Keep a changelog for the help centre" and d[9].status == "accepted"
    assert d[9].related == (3,)  # partly superseded: still in force, related to the newer record
    assert d[4].status == "proposed" and "On hold" in d[4].body
    # records in subfolders are found, with the folder as a tag
    assert d[4].tags == ("payments",)
    # no date and no git: unknown, and said so (never today's date)
    assert d[2].date is None and d[4].date is None
    assert (
        "adr002-docusaurus-front-matter.md:3:1: warning: no date in the record and none in "
        "git: the date is unknown" in _problems(found)
    )
    # the image next to the records is published beside their pages
    files = {k: v for n in d for k, v in placed_record(found, n)[1].items()}
    assert files == {"search-flow.svg": (folder / "search-flow.svg").resolve()}


def test_two_records_with_one_number_are_both_published_and_named(tmp_path: Path) -> None:
    (tmp_path / "0002-use-kafka.md").write_text(
        "# Use Kafka\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n", encoding="utf-8"
    )
    (tmp_path / "0002-use-nats.md").write_text(
        "# Use NATS\n\nDate: 2024-02-01\n\n## Status\n\nProposed\n", encoding="utf-8"
    )
    found = loading.load_dirs([tmp_path], display=lambda p: p.name)
    assert sorted((d.number, d.title) for d in _by_number(found).values()) == [
        (2, "Use Kafka"),
        (3, "Use NATS"),
    ]
    assert _problems(found) == [
        "0002-use-nats.md:1:1: error: number 2 is also used by 0002-use-kafka.md; published under "
        "a new number until one of them is renumbered"
    ]


def _imported(folder: Path, out: Path) -> dict[int, dict[str, object]]:
    from tradeoffs.adoption.importer import import_dir

    report = import_dir(folder, out, display=lambda p: p.name)
    return {item.number: yaml.safe_load(item.output.read_text(encoding="utf-8")) for item in report.written}


def test_import_keeps_every_sentence_where_it_belongs(tmp_path: Path) -> None:
    from tradeoffs.adoption.importer import import_dir

    folder = _copy_adoption(tmp_path)
    report = import_dir(folder, tmp_path / "decisions", display=lambda p: p.name)
    data = {item.number: yaml.safe_load(item.output.read_text(encoding="utf-8")) for item in report.written}
    one = data[1]
    assert one["status"] == "superseded"
    assert one["context"].startswith("Status: superseded by [ADR-0003](ADR-0003.md)\n\n")
    # subsections with their text, in the field they belong to
    assert "\n\n### Inspiration\n\nOther help centres rank" in one["context"]
    assert "### Rollout\n\nWe switch one locale a week" in one["rationale"]
    assert "& misses synonyms" in one["context"]  # no HTML escaping
    # an unquoted chosen option with a comma inside its title, and what follows 'because'
    assert one["chosen"] == "typesense-hosted" and one["rationale"].startswith("It meets both drivers.")
    # neutral arguments, More Information prose, autolinks and an option's URL are kept
    assert one["options"][0]["summary"] == (
        "Managed cluster in the EU region. Neutral, because the index is rebuilt nightly"
    )
    assert "The pilot ran for two weeks" in one["rationale"]
    assert {
        "title": "https://typesense.example.org/docs/synonyms",
        "url": "https://typesense.example.org/docs/synonyms",
    } in one["links"]
    assert {"title": "Typesense, hosted", "url": "https://typesense.example.org"} in one["links"]
    assert one["accepted_costs"] == ["A hosted service bills per search"]
    # a section with no field of its own, and front matter text, are kept
    assert "### Risks\n\nA purge that fails" in data[2]["rationale"]
    assert data[2]["context"].startswith("Static pages are cached at the edge.")
    assert data[4]["context"].startswith("Status: On hold")
    # no date anywhere: left out and said so, never today's date
    assert "date" not in data[4]
    # the report the command prints names what was not kept
    assert report.summary().splitlines()[1:] == [
        "  not kept: adr002-docusaurus-front-matter.md:2: field 'id' (adrs-adr002) has no place "
        "in a decision file",
        "not a record: copy-of-template.md: a template: its title '{short title of solved problem and "
        "solution}' is a placeholder; its status lists the choices",
    ]
    assert report.summary().startswith("kept 99.")


def test_export_then_import_gives_back_the_same_decisions(tmp_path: Path) -> None:
    from tradeoffs.adoption.export import export_markdown

    folder = _copy_adoption(tmp_path)
    project = tmp_path / "project"
    first = _imported(folder, project / "decisions")
    for path in (project / "decisions").iterdir():  # dates the records do not give
        text = path.read_text(encoding="utf-8")
        if "\ndate:" not in text:
            path.write_text(text.replace("\nstatus:", "\ndate: 2024-07-01\nstatus:", 1), encoding="utf-8")
    first = {
        n: yaml.safe_load(p.read_text(encoding="utf-8"))
        for n, p in ((int(p.name[:4]), p) for p in (project / "decisions").iterdir())
    }
    settings = Settings.from_options(project, {"decisions_dir": "decisions"})
    export_markdown(load_project(settings), tmp_path / "exported")
    again = _imported(tmp_path / "exported", tmp_path / "again")
    assert again == first
    [exported_page] = (tmp_path / "exported" / "decisions").glob("0001-*.md")
    exported = exported_page.read_text(encoding="utf-8")
    assert "stale articles & misses synonyms" in exported  # Markdown text is not HTML-escaped


def test_adoption_benchmark_measures_the_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("adoption", REPO / "benchmarks" / "adoption.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["adoption"] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["adoption"]
    folder = _copy_adoption(tmp_path)
    assert module.main([str(folder), "--no-build", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)[0]
    assert (figures["records"], figures["imported"], figures["tracebacks"]) == (5, 5, [])
    assert figures["words_kept"] / figures["words"] >= 0.99
    assert figures["images"] == 1


@pytest.mark.build
def test_markdown_dirs_publish_images_and_name_broken_links_at_their_line(tmp_path: Path) -> None:
    folder = _copy_adoption(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "decisions").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: t\nplugins:\n  - tradeoffs:\n      markdown_dirs: [adr]\n", encoding="utf-8"
    )
    # the corpus's only warnings are its two missing dates: with them added it builds --strict
    for name in ("adr002-docusaurus-front-matter.md", "payments/0004-refund-through-the-provider.md"):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("---\n\n", "---\n\nDate: 2024-07-01\n\n", 1)
            if "---" in text
            else text.replace("\n\n", "\n\nDate: 2024-07-01\n\n", 1),
            encoding="utf-8",
        )
    (folder / "adr002-docusaurus-front-matter.md").write_text(
        (folder / "adr002-docusaurus-front-matter.md")
        .read_text(encoding="utf-8")
        .replace("description:", "date: 2024-07-01\ndescription:"),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (site / "decisions" / "search-flow.svg").is_file()
    assert 'src="../search-flow.svg"' in (site / "decisions" / "ADR-0001" / "index.html").read_text()
    # a link the team broke fails the strict build, named with its file and line
    record = folder / "0003-keep-search-synonyms-in-git.md"
    record.write_text(
        record.read_text(encoding="utf-8") + "\nSee [the old list](old-synonyms.txt).\n", encoding="utf-8"
    )
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == [
        "WARNING -  tradeoffs: adr/0003-keep-search-synonyms-in-git.md:21:5: warning: "
        "links to 'old-synonyms.txt', which does not exist; shown as text"
    ]


def test_json_export_uses_the_sites_projection_and_addresses(tmp_path: Path) -> None:
    from tradeoffs.adoption.export import export_json
    from tradeoffs.core.config import load_settings

    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "0001-pick-a-queue.yml").write_text(NO_FRAMEWORK, encoding="utf-8")
    (tmp_path / "decisions" / "0002-pick-a-cache.yml").write_text(
        NO_FRAMEWORK.replace("message queue", "cache") + "related: [ADR-0001]\n", encoding="utf-8"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nuse_directory_urls: false\nplugins:\n  - tradeoffs\n", encoding="utf-8"
    )
    settings = load_settings(tmp_path / "mkdocs.yml")
    data = {d["id"]: d for d in export_json(load_project(settings))["decisions"]}
    # related reads the same both ways, as on the site, and the address follows use_directory_urls
    assert data["ADR-0001"]["related"] == ["ADR-0002"] and data["ADR-0002"]["related"] == ["ADR-0001"]
    assert data["ADR-0001"]["url"] == "decisions/ADR-0001.html"


@pytest.mark.parametrize(
    ("line", "chosen", "rationale"),
    [
        (
            'Chosen option: "Use "Kafka" topics", because it keeps order.',
            "use-kafka-topics",
            "It keeps order.",
        ),
        ("Chosen option: Use Kafka topics.", "use-kafka-topics", None),
        (
            "**Chosen option:** Use Kafka topics, because it keeps order.",
            "use-kafka-topics",
            "It keeps order.",
        ),
    ],
)
def test_chosen_option_in_its_spellings(
    tmp_path: Path, line: str, chosen: str, rationale: str | None
) -> None:
    folder = tmp_path / "adr"
    folder.mkdir()
    (folder / "0001-x.md").write_text(
        "# Architecture Decision Record: Pick a bus\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n"
        '## Considered Options\n\n* Use "Kafka" topics\n* Use NATS\n\n'
        f"## Decision Outcome\n\n{line}\n",
        encoding="utf-8",
    )
    data = _imported(folder, tmp_path / "decisions")[1]
    assert data["title"] == "Pick a bus"
    assert data["chosen"] == chosen and data.get("rationale") == rationale
    assert [o["title"] for o in data["options"]] == ['Use "Kafka" topics', "Use NATS"]


def test_export_then_import_gives_back_every_demo_decision_whole(tmp_path: Path) -> None:
    """Leaving again: the demo's YAML decisions, framework and facts included, come back equal."""
    out = tmp_path / "exported"
    assert run_cli("export", "--format", "markdown", "--out", str(out), cwd=REPO).returncode == 0
    back = tmp_path / "back"
    result = run_cli("import", str(out / "decisions"), "--out", str(back), cwd=REPO)
    assert result.returncode == 0, result.stderr
    originals = sorted((REPO / "decisions").glob("*.yml"))
    assert len(originals) >= 10
    for original in originals:
        [again] = back.glob(original.name[:5] + "*.yml")
        assert yaml.safe_load(again.read_text(encoding="utf-8")) == yaml.safe_load(
            original.read_text(encoding="utf-8")
        ), original.name
