"""The plugin beside the MkDocs plugins teams use most: a real `mkdocs build --strict` of a small
site with each of them, checked by the pages a reader gets."""

from __future__ import annotations

import json
import os
import re
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import GOOD_DECISION, RULES_FRAMEWORK, mkdocs_build, run_cli

pytestmark = pytest.mark.build

ADR = "decisions/ADR-0001/index.html"


def site(root: Path, plugins: str, *, extra: str = "", docs: dict[str, str] | None = None) -> Path:
    """A Material site with one decision, the given plugins around `tradeoffs`, and Mermaid."""
    (root / "decisions").mkdir(parents=True)
    (root / "frameworks").mkdir()
    (root / "frameworks" / "test-rules.yml").write_text(RULES_FRAMEWORK, encoding="utf-8")
    (root / "decisions" / "0001-use-alpha.yml").write_text(GOOD_DECISION, encoding="utf-8")
    for name, text in (docs or {"index.md": "# Home\n\nOur first decision is ADR-1.\n"}).items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Neighbours\nsite_url: https://example.com/\ntheme:\n  name: material\n"
        "plugins:\n  - search\n"
        + (textwrap.indent(textwrap.dedent(plugins).strip("\n"), "  ") + "\n" if plugins else "")
        + "  - tradeoffs\n"
        + textwrap.dedent("""\
        markdown_extensions:
          - pymdownx.superfences:
              custom_fences:
                - name: mermaid
                  class: mermaid
                  format: !!python/name:pymdownx.superfences.fence_code_format
        """)
        + textwrap.dedent(extra),
        encoding="utf-8",
    )
    return root


def read(built: Path, page: str) -> str:
    return (built / page).read_text(encoding="utf-8")


def in_nav(title: str, html: str) -> bool:
    """Whether the page's navigation shows a section or page of that title (minified or not)."""
    return (
        re.search(r"md-nav__link[^>]*>\s*(?:<span[^>]*>)?\s*" + re.escape(title) + r"\s*<", html) is not None
    )


I18N = """\
- i18n:
    docs_structure: {structure}
    languages:
      - {{locale: en, default: true, name: English, build: true}}
      - {{locale: fr, name: Français, build: true}}
"""


@pytest.mark.parametrize("structure", ["suffix", "folder"])
def test_static_i18n_publishes_decisions_in_every_language(tmp_path: Path, structure: str) -> None:
    docs = (
        {"index.md": "# Home\n", "index.fr.md": "# Accueil\n"}
        if structure == "suffix"
        else {"en/index.md": "# Home\n", "fr/index.md": "# Accueil\n"}
    )
    built = mkdocs_build(site(tmp_path, I18N.format(structure=structure), docs=docs))
    english, french = read(built, ADR), read(built, f"fr/{ADR}")
    assert "Use alpha" in english and "Use alpha" in french
    # the language switcher keeps the reader on the decision
    assert re.search(r'href="\.\./\.\./fr/decisions/ADR-0001/" hreflang="fr"', english)
    assert re.search(r'href="\.\./\.\./\.\./decisions/ADR-0001/" hreflang="en"', french)
    assert "Accueil" in read(built, "fr/index.html")
    for page in ("index.html", "fr/index.html"):
        assert in_nav("Decisions", read(built, page)), page
    # the short link leads to the default language's page
    assert "../../decisions/ADR-0001/" in read(built, "adr/1/index.html")
    # the plugin's stylesheet is linked once, at the site's root, in both languages
    assert french.count("assets/tradeoffs/tradeoffs.css") == 1
    assert (built / "assets" / "tradeoffs" / "tradeoffs.css").is_file()


def test_macros_leaves_decision_pages_as_they_are(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        "- macros",
        extra="extra:\n  team: Platform\n",
        docs={"index.md": "# Home\n\nThe {{ team }} team's decisions.\n"},
    )
    (root / "decisions" / "0001-use-alpha.yml").write_text(
        GOOD_DECISION + "rationale: 'Templates write {{ name }} and {#id} as they are.'\n", encoding="utf-8"
    )
    built = mkdocs_build(root)
    assert "The Platform team" in read(built, "index.html")  # macros ran on the team's page
    page = read(built, ADR)
    assert "Macro Syntax Error" not in page
    assert "Templates write {{ name }} and {#id} as they are." in page
    assert "Macro Syntax Error" not in read(built, "decisions/frameworks/test-rules/index.html")


@pytest.mark.parametrize(
    ("plugins", "extra", "docs"),
    [
        pytest.param(
            "- awesome-pages",
            "",
            {"index.md": "# Home\n", "guide.md": "# Guide\n", ".pages": "nav:\n  - guide.md\n  - ...\n"},
            id="awesome-pages",
        ),
        pytest.param(
            "- literate-nav:\n    nav_file: SUMMARY.md",
            "",
            {
                "index.md": "# Home\n",
                "guide.md": "# Guide\n",
                "SUMMARY.md": "* [Home](index.md)\n* [Guide](guide.md)\n",
            },
            id="literate-nav",
        ),
        pytest.param(
            "- blog\n- tags",
            "",
            {
                "index.md": "---\ntags: [home]\n---\n# Home\n",
                "blog/index.md": "# Blog\n",
                "blog/posts/hello.md": "---\ndate: 2026-01-05\n---\n\n# Hello\n\nWe wrote ADR-1.\n",
            },
            id="material-blog-and-tags",
        ),
        pytest.param("- redirects:\n    redirect_maps:\n      old.md: index.md", "", None, id="redirects"),
        pytest.param("- minify:\n    minify_html: true\n    minify_js: true", "", None, id="minify"),
        pytest.param("- mike", "extra:\n  version:\n    provider: mike\n", None, id="mike"),
    ],
)
def test_builds_beside(tmp_path: Path, plugins: str, extra: str, docs: dict[str, str] | None) -> None:
    built = mkdocs_build(site(tmp_path, plugins, extra=extra, docs=docs))
    assert "Use alpha" in read(built, ADR)
    assert in_nav("Decisions", read(built, "index.html"))


def test_material_tags_lists_decision_pages(tmp_path: Path) -> None:
    docs = {"index.md": "---\ntags: [home]\n---\n# Home\n", "tags.md": "# Tags\n\n<!-- material/tags -->\n"}
    root = site(tmp_path, "- tags", docs=docs)
    (root / "decisions" / "0001-use-alpha.yml").write_text(
        GOOD_DECISION + "tags: [caching]\n", encoding="utf-8"
    )
    listing = read(mkdocs_build(root), "tags/index.html")
    assert 'id="tag:caching"' in listing
    assert 'href="../decisions/ADR-0001/"' in listing


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


@pytest.mark.parametrize("plugin", ["git-revision-date-localized", "git-revision-date", "git-authors"])
def test_git_revision_dates(tmp_path: Path, plugin: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = site(tmp_path, f"- {plugin}")
    monkeypatch.chdir(root)  # git-revision-date asks git in the working folder
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "site")
    built = mkdocs_build(root)
    assert "Use alpha" in read(built, ADR)


def test_graph_page_passes_anchor_validation_with_no_relations(tmp_path: Path) -> None:
    # MkDocs 1.6 `validation: anchors: warn`: the graph page links #links only when it has them
    root = site(tmp_path, "", extra="validation:\n  anchors: warn\n")
    built = mkdocs_build(root)
    assert "No decision supersedes or relates to another yet." in read(built, "decisions/graph/index.html")


@pytest.mark.parametrize(
    ("mkdocs_yml", "folder"),
    [
        ("plugins:\n  - mike\n", "latest/"),
        ("plugins:\n  - mike:\n      canonical_version: stable\n", "stable/"),
        ("extra:\n  version:\n    provider: mike\n", "latest/"),
        ("extra:\n  version:\n    provider: mike\n    default: [dev]\n", "dev/"),
        ("plugins:\n  - search\n", ""),
    ],
)
def test_review_links_into_mikes_version_folder(tmp_path: Path, mkdocs_yml: str, folder: str) -> None:
    root = site(tmp_path, "")
    text = (root / "mkdocs.yml").read_text().replace("plugins:\n  - search\n  - tradeoffs\n", "")
    (root / "mkdocs.yml").write_text(text + mkdocs_yml.replace("plugins:\n", "plugins:\n  - tradeoffs\n"))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "frameworks", "mkdocs.yml")
    git(root, "commit", "-q", "-m", "site")
    out = run_cli("review", "--base", "main", "--format", "json", cwd=root, check=True).stdout
    assert json.loads(out)["added"][0]["url"] == f"https://example.com/{folder}decisions/ADR-0001/"


def test_navigation_tabs_highlight_decisions_on_a_decision_page(tmp_path: Path) -> None:
    root = site(tmp_path, "", docs={"index.md": "# Home\n", "guide.md": "# Guide\n"})
    text = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(
        text.replace("  name: material\n", "  name: material\n  features: [navigation.tabs]\n")
    )
    page = read(mkdocs_build(root), ADR)
    tabs = re.findall(r'<li class="(md-tabs__item[^"]*)">\s*<a[^>]*>\s*([^<]*?)\s*<', page)
    assert ("md-tabs__item md-tabs__item--active", "Decisions") in tabs, tabs
    sidebar = page[page.index("md-sidebar--primary") :]
    # with tabs, the side navigation shows the active section only: the decisions section
    assert re.search(r"md-nav__item--active md-nav__item--section md-nav__item--nested", sidebar)


def test_a_plugin_that_loses_a_placeholder_is_named_as_a_possible_cause(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = site(tmp_path, "")
    (root / "mangle.py").write_text(
        "import re\n\n"
        "def on_page_content(html, page, config, files):\n"
        "    return re.sub(r'TRADEOFFSBLOCK', 'tradeoffsblock', html)\n",
        encoding="utf-8",
    )
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text() + "hooks:\n  - mangle.py\n")
    mkdocs_build(root, strict=False)
    assert "a Markdown extension or another plugin changed" in caplog.text
