"""How the plugin holds generated pages, so a site of 10,000 decisions fits in memory.

MkDocs converts every page before it writes any, so a site holds every page's Markdown and
HTML at once (benchmarks/RESULTS.md has the peaks). A generated page's
HTML and its HTML blocks wait compressed instead, once every plugin has seen them, and are let
go once the page is written; its Markdown is not needed after conversion. Under `serve`,
generated pages are files rewritten only when their text changes, so `serve --dirty` rebuilds
only what an edit changed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zlib
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel


class PageStore:
    """Generated pages between `on_files` and `on_post_page`, and the files serve writes."""

    def __init__(self) -> None:
        self.pages_dir: Path | None = None
        """Under `serve`, generated pages are files here, rewritten only when they change."""
        self.written: dict[str, bytes] = {}
        """Hash of what each generated page file (or short-link redirect) holds."""
        self.packed: dict[str, tuple[bytes, bytes]] = {}
        """The HTML of generated pages and their HTML blocks, compressed, between conversion
        and writing (see `pack`)."""
        self.blocks: dict[str, dict[str, str]] = {}
        """A page's HTML blocks between `unpack` and `take_blocks`."""

    def serve(self) -> None:
        """Keep generated pages as files from now on (the plugin object survives rebuilds)."""
        self.pages_dir = Path(tempfile.mkdtemp(prefix="mkdocs-tradeoffs-"))

    def close(self) -> None:
        if self.pages_dir is not None:
            shutil.rmtree(self.pages_dir, ignore_errors=True)
        self.pages_dir, self.written = None, {}

    def file(self, config: MkDocsConfig, path: str, markdown: str) -> File:
        """A generated page: in memory for a build; under serve, a file written when it changes.

        MkDocs counts an in-memory page as modified on every rebuild, so `serve --dirty` would
        rebuild every decision after any edit; a file keeps its age when its text is the same.
        A build keeps pages in memory: creating a file costs system time for every page.
        """
        if self.pages_dir is None:
            # as UTF-8: a str with one character beyond Latin-1 (an em dash) takes 2 bytes a
            # character. (Compressing it too saves nothing at the build's peak, which comes
            # after MkDocs has read every page, and costs time on every page.)
            return File.generated(
                config, path, content=markdown.encode("utf-8"), inclusion=InclusionLevel.NOT_IN_NAV
            )
        target = self.pages_dir / path
        if self.changed(path, markdown.encode("utf-8")) or not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(markdown, encoding="utf-8")
        return File.generated(config, path, abs_src_path=str(target), inclusion=InclusionLevel.NOT_IN_NAV)

    def changed(self, key: str, content: bytes) -> bool:
        """Whether `content` differs from what was last written under `key` (and note it)."""
        digest = hashlib.blake2b(content, digest_size=16).digest()
        if self.written.get(key) == digest:
            return False
        self.written[key] = digest
        return True

    def write(self, out: Path, text: str) -> None:
        """Write a file of the built site; under serve, only when its text changed."""
        if (
            self.pages_dir is not None
            and not self.changed(f"redirect:{out}", text.encode())
            and out.is_file()
        ):
            return
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")

    def wrote(self, out: Path) -> bool:
        """Whether `out` is a file this store wrote (in an earlier serve rebuild)."""
        return f"redirect:{out}" in self.written

    def pack(self, src: str, html_text: str, blocks: dict[str, str]) -> None:
        """Keep a converted page's HTML and its HTML blocks compressed until it is written."""
        packed_blocks = b""
        if blocks:
            packed_blocks = zlib.compress(json.dumps(blocks).encode("utf-8"), 1)
        self.packed[src] = (zlib.compress(html_text.encode("utf-8"), 1), packed_blocks)

    def unpack(self, src: str) -> str | None:
        """A packed page's HTML (None for a page not packed); its blocks wait for `take_blocks`."""
        packed = self.packed.pop(src, None)
        if packed is None:
            return None
        if packed[1]:
            self.blocks[src] = json.loads(zlib.decompress(packed[1]))
        return zlib.decompress(packed[0]).decode("utf-8")

    def take_blocks(self, src: str) -> dict[str, str] | None:
        return self.blocks.pop(src, None)
