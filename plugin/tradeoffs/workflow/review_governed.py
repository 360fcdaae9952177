"""The review comment's section on governed files: which changed files are governed by which
decisions, so a reviewer sees "this change touches files governed by ADR-12" without searching.

Kept apart from `review` (which compares decision files) and hooked into it in two places:
`governed_changes` adds the data, `markdown` the section.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tradeoffs.core import gitrepo
from tradeoffs.core.affects import governs
from tradeoffs.core.project import Project
from tradeoffs.workflow.comment_text import code_span as code
from tradeoffs.workflow.comment_text import markdown_text as text
from tradeoffs.workflow.governing import GOVERNING_STATUSES

SHOWN_FILES = 20
"""Files named per decision in the comment; the rest are counted (the JSON has them all)."""


def governed_changes(
    project: Project, repo: Path, commit: str, url: Callable[[str], str | None]
) -> list[dict[str, Any]]:
    """Each accepted, proposed or superseded decision that governs a file changed since
    `commit`, with those files (relative to the project's root), newest decision first;
    `url` gives a decision's address on the site (None without one)."""
    root = project.settings.root.resolve()
    try:
        inside = root.relative_to(repo.resolve()).as_posix()
    except ValueError:
        return []
    prefix = "" if inside == "." else inside + "/"
    changed = [name[len(prefix) :] for name in gitrepo.changed_files(repo, commit) if name.startswith(prefix)]
    out: list[dict[str, Any]] = []
    if not changed:
        return out
    for ev in project.evaluations.values():
        d = ev.decision
        if d.status not in GOVERNING_STATUSES or not d.affects:
            continue
        files = [f for f in changed if governs(d, f)]
        if not files:
            continue
        out.append(
            {
                "id": d.id,
                "title": d.title,
                "status": d.status,
                "superseded_by": [o.id for o in project.superseded_by(d.number)],
                "date": d.date.isoformat() if d.date else None,
                "url": url(d.id),
                "chosen": [{"id": c, "title": ev.option_title(c)} for c in d.chosen],
                "files": files,
            }
        )
    out.sort(key=lambda e: (e["date"] or "", e["id"]), reverse=True)
    return out


def markdown(entries: list[dict[str, Any]]) -> list[str]:
    """The comment's section, or nothing when no changed file is governed."""
    if not entries:
        return []
    lines = [
        "",
        "### Files governed by decisions",
        "",
        "Files this change touches that decisions say they govern (`affects:`), newest decision first:",
        "",
    ]
    for entry in entries:
        name = f"{entry['id']}: {text(entry['title'])}"
        label = f"[{name}](<{entry['url']}>)" if entry.get("url") else name
        state = entry["status"]
        if state == "superseded":
            by = ", ".join(entry["superseded_by"])
            state = "⚠️ superseded" + (f" by {by}" if by else "") + ", so it may no longer hold"
        chosen = ", ".join(f"**{text(c['title'])}**" for c in entry["chosen"])
        lines.append(f"- {label} — {state}" + (f"; chose {chosen}" if chosen else ""))
        files = entry["files"]
        shown = ", ".join(code(f) for f in files[:SHOWN_FILES])
        more = f" and {len(files) - SHOWN_FILES} more" if len(files) > SHOWN_FILES else ""
        lines.append(f"  - {shown}{more}")
    return lines
