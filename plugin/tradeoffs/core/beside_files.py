"""Which files beside Markdown ADRs the site may publish: inert images, and nothing else.

A file published beside the decisions' pages is served from the site's own origin, so an
`.html`, `.xhtml` or `.svg` an author puts there runs its script as the site (it could register
a service worker that then answers for every page under the decisions' folder), and a `.md`
would become a page the sanitiser never sees. Only images are published: raster images of
known types when their first bytes say they are that type (a browser never runs one as a page),
and SVG drawings as Cloudflare's svg-hush cleans them (no script, event attributes, foreign
HTML, animation of links or outside references). Everything else is refused with what to do.
"""

from __future__ import annotations

from pathlib import Path

import py_svg_hush

IMAGE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),  # and WEBP at offset 8, checked below
    ".avif": (b"",),  # ftyp box at offset 4, checked below
}
"""The image types published beside Markdown ADRs, by suffix, with the bytes each starts with."""

PUBLISHED = ", ".join(sorted(IMAGE_SIGNATURES))

_HEAD = 16
MAX_SVG_BYTES = 1024 * 1024
"""The largest SVG cleaned (the limit decision files have too)."""


def _starts_as(suffix: str, head: bytes) -> bool:
    if not any(head.startswith(signature) for signature in IMAGE_SIGNATURES[suffix]):
        return False
    if suffix == ".webp":
        return head[8:12] == b"WEBP"
    if suffix == ".avif":
        return head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis")
    return True


def refusal(path: Path) -> str | None:
    """Why the site will not publish `path` beside a Markdown ADR (what to do included), or
    None for an image it publishes."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return svg_problem(path)
    if suffix not in IMAGE_SIGNATURES:
        return (
            f"not an image the site publishes beside decisions ({PUBLISHED}, .svg); link it where "
            "it is hosted (an http(s) address), or ask the site owners to publish it in the docs folder "
            "(outside markdown_dirs)"
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
    except OSError as exc:
        return f"which cannot be read ({exc.strerror or exc})"
    if not _starts_as(suffix, head):
        return f"named {suffix} but its content is not a {suffix[1:].upper()} image; save it as one"
    return None


def clean_svg(path: Path) -> bytes:
    """The SVG at `path` as svg-hush cleans it: what the site publishes in its place.

    Raises ValueError (the file is not well-formed SVG, or too large) or OSError.
    """
    with path.open("rb") as handle:
        data = handle.read(MAX_SVG_BYTES + 1)
    if len(data) > MAX_SVG_BYTES:
        raise ValueError(f"larger than {MAX_SVG_BYTES // 1024} KiB")
    try:
        return bytes(py_svg_hush.filter_svg(data))
    except ValueError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a panic in the Rust cleaner is a BaseException (pyo3)
        raise ValueError(f"the cleaner failed: {type(exc).__name__}") from exc


def svg_problem(path: Path) -> str | None:
    try:
        clean_svg(path)
    except OSError as exc:
        return f"which cannot be read ({exc.strerror or exc})"
    except ValueError as exc:
        return f"an SVG that cannot be cleaned for the site ({exc}); save it as well-formed SVG or as PNG"
    return None


def published_form(path: Path) -> Path | bytes | None:
    """What the site publishes for a file from a Markdown ADR folder: the file as it is (an
    image of a published type), its cleaned content (an SVG), or nothing."""
    if refusal(path) is not None:
        return None
    if path.suffix.lower() == ".svg":
        try:
            return clean_svg(path)
        except (OSError, ValueError):
            return None
    return path


def adr_folder_of(path: Path, folders: list[Path], docs_dir: Path) -> Path | None:
    """The Markdown ADR folder that really holds `path`, a file MkDocs found in `docs/`, if any.

    A folder of Markdown ADRs inside `docs/` (or linked from it) is also read by MkDocs, which
    would publish its records as pages the sanitiser never sees and its other files as they
    are. The docs folder itself (or a folder above it) is the site owners' and is not counted.
    """
    resolved = path.resolve()
    docs = docs_dir.resolve()
    for folder in folders:
        root = folder.resolve()
        if root != docs and root not in docs.parents and root in resolved.parents:
            return folder
    return None
