"""The sidecar of a Markdown export: what makes `tradeoffs import` of a clean page exact.

A page of `tradeoffs export --format markdown` is plain MADR for catalogues (Backstage,
Structurizr, a Git host): five front-matter keys and GFM text. What gives back the same
decision on import (the decision file as written, relations the page shows both ways, the
site's section ids) is kept beside it, in a hidden folder no catalogue lists and no importer
reads as records: `decisions/.tradeoffs/0007-use-kafka.json` for `decisions/0007-use-kafka.md`.

The sidecar names the SHA-256 of the page it was written with. When the page was edited
since (by hand, or by a tool), the page is what the team means: it is read as written and
the sidecar is ignored, with a warning that says so; nothing the team wrote is lost.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from pathlib import Path
from typing import Any

FOLDER = ".tradeoffs"
"""The hidden folder beside the pages (hidden folders are not read for records)."""
KIND = "tradeoffs-export-page"
VERSION = 1


def sidecar_of(page: str) -> str:
    """The sidecar's path for a page's path (POSIX, relative to the export)."""
    folder, name = posixpath.split(page)
    stem = name[:-3] if name.endswith(".md") else name
    return posixpath.join(folder, FOLDER, f"{stem}.json")


def digest(text: str) -> str:
    """The page's hash, its line endings as written by the export (a checkout may add CRs)."""
    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def sidecar_text(page: str, clean: str, exact: str) -> str:
    """The sidecar of the page at `page` whose text is `clean`: `exact` is the page as the
    import reads it exactly (the decision file, its own relations, the site's ids)."""
    data = {
        "kind": KIND,
        "version": VERSION,
        "page": posixpath.basename(page),
        "sha256": digest(clean),
        "exact": exact,
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def exact_text(path: Path, text: str) -> tuple[str | None, str | None]:
    """For a Markdown file: (the exact page its sidecar holds, None), or (None, why the
    sidecar is not used) when there is one that does not fit, or (None, None) without one."""
    sidecar = path.parent / FOLDER / f"{path.stem}.json"
    if not sidecar.is_file():
        return None, None
    try:
        data: Any = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, f"its export sidecar {FOLDER}/{sidecar.name} cannot be read ({exc}); read as written"
    if (
        not isinstance(data, dict)
        or data.get("kind") != KIND
        or not isinstance(data.get("exact"), str)
        or data.get("version") != VERSION
    ):
        return None, f"{FOLDER}/{sidecar.name} is not an export sidecar this version reads; read as written"
    if data.get("sha256") != digest(text):
        return None, (
            f"changed since `tradeoffs export` wrote it: read as written, and its sidecar "
            f"{FOLDER}/{sidecar.name} is ignored (export again to refresh it)"
        )
    return str(data["exact"]), None
