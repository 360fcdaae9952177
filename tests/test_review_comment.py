"""The review comment quotes a pull request's decisions: their text must show as written and do
nothing else in GitHub's Markdown (no links, images, emphasis, HTML or mentions), file names
must stay in their code spans, and the workflow must not run the text as workflow commands nor
adopt a comment someone else posted with the marker."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from conftest import GOOD_DECISION, RULES_FRAMEWORK, Project
from tradeoffs.workflow import init
from tradeoffs.workflow.comment_text import code_span, markdown_text

HOSTILE = [
    "Use [the cache](https://evil.example/phish) now",
    "![pixel](https://tracker.example/p.png?u=1) tracked",
    "**bold** _em_ ~~gone~~ `code` <b>html</b> <!-- hide the rest",
    "ping @alice, @acme/security and @everyone about #12",
    "a title](https://evil.example) takes over the heading",
    "<img src=x onerror=alert(1)> &lt;entity&gt; \\*escaped\\*",
    "| table | row |",
    "[ref]: https://evil.example\n[ref]",
]

NAMES = [
    "0001-a`b.yml",
    "0001-``x``.yml",
    "0001-line\n<!-- the rest is hidden.yml",
    "0001-x\n::warning file=a::forged.yml",
    "0001-\u202egnp.yml",
    "`",
    " ",
]


def _parser() -> MarkdownIt:
    """CommonMark with GitHub's tables and strikethrough, as a comment is read."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inline(tokens: list[Token]) -> list[Token]:
    return [child for token in tokens for child in (token.children or [])]


def _text(tokens: list[Token]) -> str:
    return "".join(t.content for t in tokens if t.type in ("text", "code_inline"))


@pytest.mark.parametrize("value", HOSTILE)
def test_decision_text_is_literal_text(value: str) -> None:
    tokens = _parser().parse(f"- Cost: {markdown_text(value)}\n")
    kinds = {t.type for t in tokens} | {t.type for t in _inline(tokens)}
    markup = {"link_open", "image", "em_open", "strong_open", "s_open", "html_inline", "html_block"}
    assert not kinds & markup, kinds & markup
    assert not kinds & {"table_open", "heading_open", "code_inline", "softbreak"}
    shown = _text(_inline(tokens)).removeprefix("Cost: ")
    assert shown.replace("\u2060", "") == " ".join(value.split())
    assert "@a" not in shown and "@e" not in shown and "#1" not in shown  # nobody is notified


@pytest.mark.parametrize("name", NAMES)
def test_file_names_stay_in_their_code_span(name: str) -> None:
    tokens = _inline(_parser().parse(f"Before {code_span(name)} after\n"))
    spans = [t for t in tokens if t.type == "code_inline"]
    assert len(spans) == 1 and [t.type for t in tokens] == ["text", "code_inline", "text"]
    assert spans[0].content == name.replace("\n", "\\n").replace("\u202e", "\\u202e")
    assert tokens[-1].content == " after"


# ---------------------------------------------------------------- the real review


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.mark.build
def test_review_comment_of_a_hostile_change(project: Project) -> None:
    root = project.root
    (root / "mkdocs.yml").write_text(
        "site_name: T\nsite_url: https://example.com/adr/\nplugins:\n  - tradeoffs\n"
    )
    project.framework(RULES_FRAMEWORK)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "t@example.com")
    _git(root, "config", "user.name", "T")
    project.decision("0001-base.yml", GOOD_DECISION)
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    data = yaml.safe_load(GOOD_DECISION)
    data["title"] = "Pay](https://evil.example/x) @everyone ![t](https://tracker.example/t.png)"
    data["accepted_costs"] = ["We [lose](https://evil.example) **money** cc @acme/security"]
    data["open_questions"] = ["Who? <!-- hide everything below"]
    name = "0002-a`b\n<!-- x.yml"
    project.decision(name, yaml.safe_dump(data))
    result = project.cli("review", "--base", "main")
    assert result.returncode == 0, result.stderr
    comment = result.stdout
    tokens = _parser().parse(comment)
    inline = _inline(tokens)
    links = [t.attrGet("href") for t in inline if t.type == "link_open"]
    assert links == ["https://example.com/adr/decisions/ADR-0002/"]  # the heading's own link only
    assert not [t for t in inline if t.type in ("image", "em_open")]
    strong = [_text(inline[i + 1 : i + 2]) for i, t in enumerate(inline) if t.type == "strong_open"]
    assert "money" not in " ".join(strong)
    html = [t.content for t in tokens + inline if t.type in ("html_inline", "html_block")]
    assert [h for h in html if "<!--" in h] == ["<!-- tradeoffs-review -->\n"]
    assert "@\u2060everyone" in comment and "@\u2060acme" in comment and "@everyone" not in comment
    spans = [t.content for t in inline if t.type == "code_inline"]
    assert "decisions/0002-a`b\\n<!-- x.yml" in spans


# ---------------------------------------------------------------- the workflow


def _steps() -> dict[str, dict[str, Any]]:
    workflow = yaml.safe_load(init.workflow_text("mkdocs-tradeoffs==0.1.0"))
    return {step.get("name", ""): step for step in workflow["jobs"]["decisions"]["steps"]}


@pytest.mark.build
@pytest.mark.parametrize("step", ["Review summary", "Build the site"])
def test_workflow_prints_pull_request_text_with_commands_off(tmp_path: Path, step: str) -> None:
    """The step's own script, with `tradeoffs` and `mkdocs` standing in for the real ones."""
    fake = tmp_path / "bin"
    fake.mkdir()
    for tool in ("tradeoffs", "mkdocs"):
        (fake / tool).write_text("#!/bin/sh\nprintf 'title\\n::warning file=x::forged\\n'\n")
        (fake / tool).chmod(0o755)
    (fake / "python").symlink_to(shutil.which("python3") or "python3")
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "BASE_REF": "main"}
    runs = [
        subprocess.run(
            ["bash", "-e", "-c", _steps()[step]["run"]],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        for _ in range(2)
    ]
    for lines in runs:
        forged = lines.index("::warning file=x::forged")
        start = next(i for i, line in enumerate(lines) if line.startswith("::stop-commands::"))
        token = lines[start].removeprefix("::stop-commands::")
        assert len(token) >= 32 and start < forged < lines.index(f"::{token}::")
    assert runs[0] != runs[1]  # a new token each run: the text cannot guess it


ADOPT = """\
const comments = JSON.parse(process.env.COMMENTS);
const calls = [];
const github = {
  paginate: async (fn, args) => comments,
  rest: { issues: {
    listComments: () => {},
    updateComment: async (args) => calls.push(['update', args.comment_id]),
    createComment: async (args) => calls.push(['create']),
  } },
};
const context = { repo: { owner: 'o', repo: 'r' }, issue: { number: 7 } };
const core = { setFailed: (m) => calls.push(['failed', m]) };
const require = (name) => name === 'fs'
  ? { readFileSync: () => '<!-- tradeoffs-review -->\\n## Architecture decisions\\n' }
  : null;
(async () => {
SCRIPT
})().then(() => console.log(JSON.stringify(calls)));
"""


@pytest.mark.build
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize(
    ("comments", "expected"),
    [
        (
            [
                {
                    "id": 1,
                    "user": {"login": "author", "type": "User"},
                    "body": "<!-- tradeoffs-review -->\nmine",
                }
            ],
            [["create"]],
        ),
        (
            [
                {
                    "id": 1,
                    "user": {"login": "author", "type": "User"},
                    "body": "<!-- tradeoffs-review -->\nfirst",
                },
                {
                    "id": 2,
                    "user": {"login": "github-actions[bot]", "type": "Bot"},
                    "body": "<!-- tradeoffs-review -->\n",
                },
            ],
            [["update", 2]],
        ),
    ],
)
def test_workflow_adopts_only_its_own_comment(
    tmp_path: Path, comments: list[dict[str, Any]], expected: list[list[Any]]
) -> None:
    """The comment step's own script in node, with GitHub's API standing in."""
    script = _steps()["Comment on the pull request"]["with"]["script"]
    runner = tmp_path / "adopt.js"
    runner.write_text(ADOPT.replace("SCRIPT", script))
    env = {**os.environ, "COMMENTS": json.dumps(comments), "JOB_URL": "https://ci.example/1"}
    out = subprocess.run(["node", str(runner)], env=env, capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == expected
