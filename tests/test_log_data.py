"""The decision log's page data: every decision once, compactly, and the first page of rows for a
reader without JavaScript (the log's script is driven in tests/test_browser.py)."""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from tradeoffs.adr.render import Renderer
from tradeoffs.core.config import Settings
from tradeoffs.core.project import Project, load_project
from tradeoffs.site import build_site
from tradeoffs.site.context import DecisionRow
from tradeoffs.site.layout import SiteLayout
from tradeoffs.site.overview import LOG_PAGE_SIZE, OverviewPages
from tradeoffs.site.page import Blocks

REPO = Path(__file__).resolve().parents[1]
N = LOG_PAGE_SIZE + 20


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Project:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import write_project

    root = tmp_path_factory.mktemp("log")
    config = write_project(root, N)
    return load_project(Settings.from_options(root, {}, config_file=config))


def log_blocks(project: Project, *, directory_urls: bool = True) -> tuple[dict[str, Any], str]:
    site = build_site(project, Renderer(None), directory_urls=directory_urls, git_history=False)
    filters, table = list(site.pages["decisions/index.md"].blocks.values())
    found = re.fullmatch(r"<div class=\"tradeoffs-log-filters\" data-tradeoffs-log='([^']*)'></div>", filters)
    assert found is not None, filters[:200]
    return json.loads(html.unescape(found.group(1))), table


def test_every_decision_is_in_the_data_once(generated: Project) -> None:
    data, _table = log_blocks(generated)
    assert data["size"] == LOG_PAGE_SIZE
    assert [r[0] for r in data["rows"]] == [d.number for d in generated.decisions]
    assert data["prefix"] == "ADR" and data["suffix"] == "/" and "ids" not in data and "hrefs" not in data
    for row in data["rows"]:
        ev = generated.evaluations[row[0]]
        d = ev.decision
        assert row[1] == d.title
        assert data["statuses"][row[2]] == [d.status, f"status/{d.status}/"]
        assert data["frameworks"][row[3]][0] == ev.framework.title  # type: ignore[union-attr]
        assert data["chosen"][row[4]] == " + ".join(ev.option_title(c) for c in d.chosen)
        assert row[5] == (int(d.date.strftime("%Y%m%d")) if d.date else 0)
        assert [data["tags"][t][0] for t in row[6]] == list(d.tags)
    # each shared value once
    assert len(data["statuses"]) == len({d.status for d in generated.decisions})
    assert len(data["tags"]) == len({t for d in generated.decisions for t in d.tags})


def test_the_table_holds_the_first_page_and_says_where_the_rest_is(generated: Project) -> None:
    _data, table = log_blocks(generated)
    numbers = [int(n) for n in re.findall(r"<tr>\s*<td[^>]*>(\d+)</td>", table)]
    assert numbers == [d.number for d in generated.decisions][:LOG_PAGE_SIZE]
    more = re.search(r'<p class="tradeoffs-log-more">(.*?)</p>', table, re.S)
    assert more is not None and f"the first {LOG_PAGE_SIZE} of {N} decisions" in more.group(1)
    assert 'href="status/accepted/"' in more.group(1) and 'href="tags/"' in more.group(1)


def test_links_without_directory_urls(generated: Project) -> None:
    data, _table = log_blocks(generated, directory_urls=False)
    assert data["suffix"] == ".html"
    assert data["statuses"][0][1].endswith(".html")


def test_ids_and_links_that_follow_no_pattern_are_written_out(generated: Project) -> None:
    maker = OverviewPages(generated, Renderer(None), SiteLayout("decisions"), Blocks(), {}, [])
    rows = [
        DecisionRow("ADR-0001", 1, "One", "accepted", "decisions/ADR-0001.md"),
        DecisionRow("RFC-0002", 2, "Two", "proposed", "decisions/RFC-0002.md"),
        DecisionRow("ADR-0003", 3, "Three", "accepted", "decisions/elsewhere/three.md"),
    ]
    data = maker.log_data("decisions/index.md", rows)
    assert data["ids"] == ["ADR-0001", "RFC-0002", "ADR-0003"] and "prefix" not in data
    assert data["hrefs"] == ["ADR-0001/", "RFC-0002/", "elsewhere/three/"] and "suffix" not in data
    assert data["frameworks"] == [["", ""]] and data["chosen"] == [""]
    assert [r[5] for r in data["rows"]] == [0, 0, 0]


def test_text_cannot_leave_the_attribute(generated: Project) -> None:
    maker = OverviewPages(generated, Renderer(None), SiteLayout("decisions"), Blocks(), {}, [])
    hostile = "It's </div><script>alert(1)</script> & \"quoted\" 'single'"
    placeholder = maker.log_filters(
        "decisions/index.md", [DecisionRow("ADR-0001", 1, hostile, "accepted", "decisions/ADR-0001.md")]
    )
    block = next(iter(maker.blocks.take().values()))
    assert placeholder
    value = block.split("data-tradeoffs-log='", 1)[1].rsplit("'></div>", 1)[0]
    assert "'" not in value and "<" not in value and ">" not in value
    assert json.loads(html.unescape(value))["rows"][0][1] == hostile
