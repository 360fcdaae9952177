#!/usr/bin/env python3
"""Record what VS Code's YAML extension offers in a decision file: drives its language server
(npm's yaml-language-server) over stdio with the schema `tradeoffs init` writes, and prints the
session as Markdown (docs/editor-completion.md holds one).

Usage: python scripts/record-completion.py PATH/TO/yaml-language-server > docs/editor-completion.md
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, ClassVar

from click.testing import CliRunner

MODELINE = "# yaml-language-server: $schema=../schemas/decision.schema.json\n"
"""What `tradeoffs new` writes at the top of a decision once `tradeoffs init` has run."""


class Server:
    def __init__(self, command: str) -> None:
        self.proc = subprocess.Popen(
            [command, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 0

    def send(self, method: str, params: Any, *, notify: bool = False) -> Any:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        if not notify:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        if notify:
            return None
        while True:
            reply = self.read()
            if reply.get("id") == self.next_id and "method" not in reply:
                return reply.get("result")
            if "method" in reply and "id" in reply:  # a request from the server: answer it
                result: Any = None
                if reply["method"] == "workspace/configuration":
                    result = [self.settings.get(item.get("section", "")) for item in reply["params"]["items"]]
                self.reply(reply["id"], result)

    def reply(self, request_id: Any, result: Any) -> None:
        body = json.dumps({"jsonrpc": "2.0", "id": request_id, "result": result}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the language server stopped")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        data: dict[str, Any] = json.loads(self.proc.stdout.read(length))
        return data

    settings: ClassVar[dict[str, Any]] = {}


def _completion(server: Server, uri: str, version: int, text: str, line: int, col: int) -> list[str]:
    server.send(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
        notify=True,
    )
    result = server.send(
        "textDocument/completion",
        {"textDocument": {"uri": uri}, "position": {"line": line, "character": col}},
    )
    items = result.get("items", []) if isinstance(result, dict) else (result or [])
    return [item["label"] for item in items]


STEPS = [
    (
        "a fact name, under `facts:`",
        "title: Cache product pages\nstatus: proposed\ndate: 2026-03-02\n"
        "framework: cache-vs-recompute\nfacts:\n  ",
        (5, 2),
    ),
    (
        "an option id, after `chosen:`",
        "title: Cache product pages\nstatus: accepted\ndate: 2026-03-02\n"
        "framework: cache-vs-recompute\nchosen: ",
        (4, 8),
    ),
    (
        "a framework id, after `framework:`",
        "title: Cache product pages\nstatus: proposed\ndate: 2026-03-02\nframework: ",
        (3, 11),
    ),
    (
        "a boolean fact's answer",
        "title: Cache product pages\nstatus: proposed\ndate: 2026-03-02\n"
        "framework: cache-vs-recompute\nfacts:\n  staleness_acceptable: ",
        (5, 24),
    ),
    (
        "a field name, at the top level (the team's own `team` among them)",
        "title: Cache product pages\nstatus: proposed\ndate: 2026-03-02\nframework: cache-vs-recompute\n",
        (4, 0),
    ),
    (
        "a status, after `status:` (the team's own words among them)",
        "title: Cache product pages\nstatus: ",
        (1, 8),
    ),
    (
        "a team field's value, after `team:`",
        "title: Cache product pages\nstatus: proposed\ndate: 2026-03-02\nteam: ",
        (3, 6),
    ),
]

MKDOCS_YML = """\
site_name: Team decisions
theme:
  name: material
plugins:
  - search
  - tradeoffs:
      fields:                 # the team's own decision field, with the values it may take
        - name: team
          values: [payments, search, platform]
      status_words:           # the team's own status words, each meaning one of the five
        approved: accepted
        implemented: accepted
"""
"""The site the session runs in: the plugin with one field and two status words of the team's own."""


def main() -> None:
    import os

    from tradeoffs.cli import main as cli

    server_command = sys.argv[1]
    root = Path(tempfile.mkdtemp(prefix="tradeoffs-completion-"))
    os.chdir(root)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    CliRunner().invoke(cli, ["init"], catch_exceptions=False)
    # the editor setting init wrote, with its paths resolved against the workspace, as VS Code does
    mapping = json.loads((root / ".vscode" / "settings.json").read_text())["yaml.schemas"]
    schemas = {(root / path).resolve().as_uri(): globs for path, globs in mapping.items()}
    Server.settings = {"yaml": {"schemas": schemas, "completion": True, "validate": True, "hover": True}}
    server = Server(server_command)
    server.send(
        "initialize",
        {
            "processId": None,
            "rootUri": root.as_uri(),
            "capabilities": {"workspace": {"configuration": True}},
            "workspaceFolders": [{"uri": root.as_uri(), "name": "team"}],
        },
    )
    server.send("initialized", {}, notify=True)
    server.send("workspace/didChangeConfiguration", {"settings": Server.settings}, notify=True)
    print("# Completion in VS Code's YAML extension\n")
    print("A recorded session with yaml-language-server, the language server of VS Code's YAML")
    print("extension, in a repository set up by `tradeoffs init`. Each request asks what the")
    print("editor offers at the cursor (`‸`). Recorded by `scripts/record-completion.py`;")
    print("`tests/test_editor_completion.py` replays it when yaml-language-server is installed.")
    print("The site declares one field (plugin option `fields`) and two status words (`status_words`)")
    print("of the team's own:\n")
    print("```yaml\n" + MKDOCS_YML + "```\n")
    sessions = [
        ("With the modeline `tradeoffs new` writes", MODELINE, "0001-cache-product-pages.yml", STEPS),
        (
            "Without a modeline: the mapping init writes to `.vscode/settings.json`",
            "",
            "0002-cache-search-results.yml",
            STEPS[:2],
        ),
    ]
    version = 0
    for heading, header, name, steps in sessions:
        print(f"## {heading}\n")
        uri = (root / "decisions" / name).as_uri()
        server.send(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 0, "text": header}},
            notify=True,
        )
        first = True
        for what, body, (line, col) in steps:
            text = header + body
            line += header.count("\n")
            version += 1
            labels = _completion(server, uri, version, text, line, col)
            while first and not labels and version < 50:  # the server reads its settings first
                version += 1
                labels = _completion(server, uri, version, text, line, col)
            first = False
            lines = text.split("\n")
            lines[line] = lines[line][:col] + "‸" + lines[line][col:]
            print(f"### Completing {what}\n\n```text\n" + "\n".join(lines) + "\n```\n")
            print("Offered: " + ", ".join(f"`{label}`" for label in labels) + "\n")
    server.send("shutdown", None)
    server.send("exit", None, notify=True)


if __name__ == "__main__":
    main()
