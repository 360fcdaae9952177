"""A pull request's decisions compared with its base: what a reviewer needs in one comment.

The decisions and the project's frameworks are read as they were at the base revision (through
git), loaded by the same code as the working tree's, and compared decision by decision.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from tradeoffs.adr.view import decision_context
from tradeoffs.core import gitrepo
from tradeoffs.core.config import Settings
from tradeoffs.core.decisions import FILE_NAME
from tradeoffs.core.model import Evaluation
from tradeoffs.core.project import Project, load_project

MARKER = "<!-- tradeoffs-review -->"
"""Starts every Markdown summary, so a CI job can find and update its earlier comment."""


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def _files(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    out: dict[str, str] = {}
    for path in folder.iterdir():
        if path.is_file() and path.suffix in (".yml", ".yaml"):
            out[path.name] = path.read_bytes().decode("utf-8", "replace")
    return out


def _load_base(
    settings: Settings, repo: Path, commit: str, tmp: Path
) -> tuple[Project, dict[str, str], dict[str, str]]:
    """The project as it was at `commit`, written out under `tmp`, and its files' texts."""
    texts: list[dict[str, str]] = []
    # the same options, with the two folders read from the base revision and no Markdown ADRs
    options: dict[str, Any] = {**settings.options(), "markdown_dirs": []}
    for key, folder in (
        ("decisions_dir", settings.decisions_dir),
        ("frameworks_dir", settings.frameworks_dir),
    ):
        in_repo = _relative(folder, repo)
        local = _relative(folder, settings.root) or key.split("_")[0]
        options[key] = local
        (tmp / local).mkdir(parents=True, exist_ok=True)
        found: dict[str, str] = {}
        if in_repo is not None:
            for name in gitrepo.files_at(repo, commit, in_repo):
                leaf = name.rsplit("/", 1)[-1]
                if leaf.endswith((".yml", ".yaml")):
                    found[leaf] = gitrepo.show(repo, commit, name)
                    (tmp / local / leaf).write_text(found[leaf], encoding="utf-8")
        texts.append(found)
    base = load_project(Settings.from_options(tmp, options, site_url=settings.site_url))
    return base, texts[0], texts[1]


def _url(settings: Settings, decision_id: str) -> str | None:
    if not settings.site_url:
        return None
    parts = [settings.site_url.rstrip("/"), settings.url_prefix.strip("/"), decision_id]
    return "/".join(p for p in parts if p) + "/"


def _summary(ev: Evaluation, project: Project, settings: Settings, file: str) -> dict[str, Any]:
    """What the review says of one decision: the projection templates and export use
    (`view.decision_context`), with the file's problems and its address on the site."""
    adr = decision_context(ev, project)
    problems = [p for p in project.all_problems if p.file == file]
    return {
        "id": adr["id"],
        "number": adr["number"],
        "title": adr["title"],
        "status": adr["status"],
        "file": file,
        "url": _url(settings, adr["id"]),
        "framework": adr["framework_id"],
        "framework_title": adr["framework"]["title"] if adr["framework"] else None,
        "chosen": adr["chosen_ids"],
        "chosen_titles": [o["title"] for o in adr["chosen"]],
        "recommended": None if adr["recommended"] is None else [o["id"] for o in adr["recommended"]],
        "recommended_titles": [o["title"] for o in adr["recommended"] or ()],
        "provisional": adr["provisional"],
        "consistent": adr["consistent"],
        "override_rationale": bool(adr["override_rationale"]),
        "facts": dict(ev.decision.facts),
        "accepted_costs": adr["accepted_costs"],
        "open_questions": [q["text"] for q in adr["open_questions"]],
        "problems": [p.as_dict() for p in problems],
    }


def _unloadable(number: int, file: str, project: Project, settings: Settings) -> dict[str, Any]:
    return {
        "id": f"{settings.prefix}-{number:04d}",
        "number": number,
        "title": None,
        "status": None,
        "file": file,
        "url": None,
        "loaded": False,
        "problems": [p.as_dict() for p in project.all_problems if p.file == file],
    }


def _by_number(
    project: Project, settings: Settings, texts: dict[str, str]
) -> dict[int, tuple[str, dict[str, Any]]]:
    """Each decision number: (its file's name, its summary); the first file wins a clash."""
    folder = settings.display(settings.decisions_dir)
    out: dict[int, tuple[str, dict[str, Any]]] = {}
    for name in sorted(texts):
        match = FILE_NAME.match(name)
        if match is None or int(match["number"]) == 0 or int(match["number"]) in out:
            continue
        number = int(match["number"])
        file = f"{folder}/{name}"
        ev = project.evaluations.get(number)
        if ev is not None and Path(ev.decision.path).name == name:
            out[number] = (name, _summary(ev, project, settings, file))
        else:
            out[number] = (name, _unloadable(number, file, project, settings))
    return out


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key in ("title", "status", "framework", "chosen", "recommended", "file"):
        if before.get(key) != after.get(key):
            changes[key] = [before.get(key), after.get(key)]
    facts_before, facts_after = before.get("facts") or {}, after.get("facts") or {}
    facts = {
        name: [facts_before.get(name), facts_after.get(name)]
        for name in dict.fromkeys([*facts_before, *facts_after])
        if facts_before.get(name) != facts_after.get(name)
    }
    if facts:
        changes["facts"] = facts
    return changes


def _flips(head: Project, number: int, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Changed facts that crossed a threshold of the recommendation, or moved closer to one."""
    ev = head.evaluations.get(number)
    if ev is None or ev.framework is None or old.get("framework") != new.get("framework"):
        return []
    from tradeoffs.core.sensitivity import move_text, moves

    fw = ev.framework
    return [move_text(fw, m) for m in moves(fw, old.get("facts") or {}, new.get("facts") or {})]


def review(settings: Settings, base_rev: str) -> dict[str, Any]:
    """The comparison as data; GitError when git cannot answer (no repository, bad revision)."""
    start = settings.decisions_dir if settings.decisions_dir.is_dir() else settings.root
    repo = gitrepo.toplevel(start)
    tip = gitrepo.commit_of(repo, base_rev)
    commit = _merge_base(repo, tip)
    head = load_project(settings)
    head_texts = _files(settings.decisions_dir)
    head_fw = _files(settings.frameworks_dir)
    with tempfile.TemporaryDirectory(prefix="tradeoffs-review-") as tmp:
        base, base_texts, base_fw = _load_base(settings, repo, commit, Path(tmp))
    before = _by_number(base, settings, base_texts)
    after = _by_number(head, settings, head_texts)
    added: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    removed: list[dict[str, Any]] = []
    unchanged = 0
    for number in sorted(set(before) | set(after)):
        if number not in before:
            added.append(after[number][1])
            continue
        if number not in after:
            old = before[number][1]
            removed.append({k: old[k] for k in ("id", "number", "title", "status", "file")})
            continue
        (old_name, old), (new_name, new) = before[number], after[number]
        changes = _changes(old, new)
        fw_changed = new.get("framework") is not None and head_fw != base_fw
        if (
            old_name == new_name
            and base_texts[old_name] == head_texts[new_name]
            and not changes
            and not fw_changed
        ):
            unchanged += 1
            continue
        entry = dict(new)
        entry["changes"] = changes
        if "recommended" in changes and "facts" in changes:
            entry["recommendation_changed_by"] = sorted(changes["facts"])
        entry["flips"] = _flips(head, number, old, new) if "facts" in changes else []
        entry["new_accepted_costs"] = [
            c for c in new.get("accepted_costs", []) if c not in old.get("accepted_costs", [])
        ]
        entry["new_open_questions"] = [
            q for q in new.get("open_questions", []) if q not in old.get("open_questions", [])
        ]
        entry["answered_open_questions"] = [
            q for q in old.get("open_questions", []) if q not in new.get("open_questions", [])
        ]
        changed.append(entry)
    shown = {e["file"] for e in added + changed}
    other = [p.as_dict() for p in head.all_problems if p.file not in shown and p.is_error]
    on_base = {(p.file, p.message) for p in base.all_problems}
    for item in [*other, *(p for e in added + changed for p in e.get("problems", []))]:
        item["new"] = (item["file"], item["message"]) not in on_base
    return {
        "base": base_rev,
        "base_commit": commit,
        "base_tip": tip,
        "added": added,
        "changed": changed,
        "removed": removed,
        "unchanged": unchanged,
        "other_errors": other,
    }


def _merge_base(repo: Path, tip: str) -> str:
    """Where this branch left the base: decisions merged into the base since then are not
    this change's to show as removed. The tip itself when the histories share nothing."""
    try:
        return gitrepo.merge_base(repo, tip, "HEAD") or tip
    except gitrepo.GitError:
        return tip


# ---------------------------------------------------------------- Markdown


def _md(text: Any) -> str:
    """User text on one line, without HTML a comment would interpret; values as YAML writes them."""
    shown = text if isinstance(text, str) else json.dumps(text, ensure_ascii=False)
    return " ".join(shown.split()).replace("<", "&lt;").replace(">", "&gt;")


def _options(titles: list[str], ids: list[str] | None) -> str:
    if not ids:
        return "none yet"
    return ", ".join(f"**{_md(t)}** (`{i}`)" for t, i in zip(titles, ids, strict=False))


def _heading(entry: dict[str, Any]) -> str:
    name = f"{entry['id']}: {_md(entry['title'])}" if entry.get("title") else entry["id"]
    label = f"[{name}]({entry['url']})" if entry.get("url") else name
    status = f" — {entry['status']}" if entry.get("status") else ""
    return f"#### {label}{status}\n\n`{entry['file']}`"


def _problems(entry: dict[str, Any]) -> list[str]:
    lines = []
    for p in entry.get("problems", []):
        icon = "❌" if p["severity"] == "error" else "⚠️"
        lines.append(f"- {icon} `{p['file']}:{p['line']}`: {_md(p['message'])}{_new(p)}")
    return lines


def _new(problem: dict[str, Any]) -> str:
    if "new" not in problem:
        return ""
    return " (new)" if problem["new"] else " (already on the base)"


def _body(entry: dict[str, Any], *, recommendation: bool = True) -> list[str]:
    if entry.get("loaded") is False:
        return ["- ❌ This file could not be loaded as a decision:", *_problems(entry)]
    lines: list[str] = []
    if entry.get("framework"):
        lines.append(
            f"- Framework: {_md(entry['framework_title'] or entry['framework'])} (`{entry['framework']}`)"
        )
        rec = entry["recommended"]
        text = "no recommendation" if rec is None else _options(entry["recommended_titles"], rec)
        if recommendation:
            lines.append(f"- Recommendation: {text}{' (provisional)' if entry['provisional'] else ''}")
    chosen = _options(entry["chosen_titles"], entry["chosen"])
    verdict = ""
    if entry["consistent"] is True:
        verdict = " — ✅ agrees with the framework"
    elif entry["consistent"] is False:
        verdict = " — ⚠️ goes against the framework" + (
            " (the override rationale says why)"
            if entry["override_rationale"]
            else " and gives no override_rationale"
        )
    lines.append(f"- Chosen: {chosen}{verdict}")
    return lines


def _changed_lines(entry: dict[str, Any]) -> list[str]:
    changes = entry["changes"]
    lines: list[str] = []
    for key, label in (
        ("title", "Title"),
        ("status", "Status"),
        ("framework", "Framework"),
        ("file", "File"),
    ):
        if key in changes:
            old, new = changes[key]
            lines.append(f"- {label}: {_md(old) if old else '—'} → **{_md(new) if new else '—'}**")
    if "chosen" in changes:
        old, new = changes["chosen"]
        lines.append(f"- Chosen: {', '.join(old) or '—'} → **{', '.join(new) or '—'}**")
    if "recommended" in changes:
        old, new = changes["recommended"]
        why = entry.get("recommendation_changed_by")
        because = f", because {', '.join(f'`{f}`' for f in why)} changed" if why else ""
        lines.append(
            f"- Recommendation: {', '.join(old) if old else 'none'} → "
            f"**{', '.join(new) if new else 'none'}**{because}"
        )
    for name, (old, new) in (changes.get("facts") or {}).items():
        lines.append(
            f"- Fact `{name}`: {_md(old) if old is not None else '—'} → "
            f"**{_md(new) if new is not None else '—'}**"
        )
    return lines


def to_markdown(data: dict[str, Any]) -> str:
    added, changed, removed = data["added"], data["changed"], data["removed"]
    out = [MARKER, "## Architecture decisions in this change", ""]
    short = data["base_commit"][:10]
    if not (added or changed or removed):
        out.append(f"No decision changed compared with `{_md(data['base'])}` ({short}).")
    else:
        out.append(
            f"Compared with `{_md(data['base'])}` ({short}): {len(added)} added, "
            f"{len(changed)} changed, {len(removed)} removed, {data['unchanged']} unchanged."
        )
    for entry in added:
        out += ["", "### Added", ""] if entry is added[0] else [""]
        out += [_heading(entry), "", *_body(entry)]
        out += _list("Accepted costs", entry.get("accepted_costs"))
        out += _list("Open questions", entry.get("open_questions"))
        out += _section("Problems", _problems(entry)) if entry.get("loaded") is not False else []
    for entry in changed:
        out += ["", "### Changed", ""] if entry is changed[0] else [""]
        out += [_heading(entry), ""]
        if entry.get("loaded") is False:
            out += _body(entry)
            continue
        out += _changed_lines(entry) or ["- Wording only; the evaluation is unchanged."]
        out += [f"- {_md(line)}" for line in entry.get("flips", [])]
        out += _body(entry, recommendation="recommended" not in entry["changes"])
        out += _list("New accepted costs", entry.get("new_accepted_costs"))
        out += _list("New open questions", entry.get("new_open_questions"))
        out += _list("Answered open questions", entry.get("answered_open_questions"))
        out += _section("Problems", _problems(entry))
    if removed:
        out += ["", "### Removed", ""]
        out += [f"- {e['id']}: {_md(e['title'])} (`{e['file']}`)" for e in removed]
    if data["other_errors"]:
        out += [
            "",
            "### Problems elsewhere",
            "",
            "In decisions this change does not touch (a reference to one it removed, say):",
            "",
        ]
        out += _problems({"problems": data["other_errors"]})
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text + "\n"


def _list(title: str, items: list[str] | None) -> list[str]:
    if not items:
        return []
    return [
        "",
        f"<details><summary>{title} ({len(items)})</summary>",
        "",
        *[f"- {_md(i)}" for i in items],
        "",
        "</details>",
    ]


def _section(title: str, lines: list[str]) -> list[str]:
    return ["", f"**{title}**", "", *lines] if lines else []
