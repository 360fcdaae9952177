"""Reads the relation diagrams the plugin draws (adr/diagram.py) back out of a page's HTML, with
Python's HTML parser: each diagram's boxes (id, title, status, link, place) and lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class DrawnBox:
    label: str = ""
    title: str = ""
    status: str = ""
    href: str | None = None
    classes: list[str] = field(default_factory=list)
    left: float = 0.0
    top: float = 0.0
    current: bool = False


@dataclass
class Drawn:
    label: str
    width: float = 0.0
    height: float = 0.0
    boxes: list[DrawnBox] = field(default_factory=list)
    lines: list[tuple[str, str, str]] = field(default_factory=list)
    """(source id, kind, target id), from each line's title."""
    paths: list[str] = field(default_factory=list)
    """Each line's `d`, in order."""
    heads: int = 0
    """Arrowheads drawn."""

    def box(self, label: str) -> DrawnBox:
        return next(b for b in self.boxes if b.label == label)


def _em(style: str, name: str) -> float:
    found = re.search(rf"(?:^|;){name}:(-?[\d.]+)em", style)
    assert found is not None, (name, style)
    return float(found[1])


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Drawn] = []
        self.box: DrawnBox | None = None
        self.part = ""
        self.in_title = False
        self.title_text = ""
        self.depth = 0
        """Elements open inside the box being read."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if self.box is not None:
            self.depth += 1
        if "tradeoffs-graph" in classes:
            self.found.append(Drawn(a.get("aria-label", "")))
        elif not self.found:
            return
        elif "tradeoffs-graph__canvas" in classes:
            self.found[-1].width = _em(a["style"], "width")
            self.found[-1].height = _em(a["style"], "height")
        elif "tradeoffs-graph__node" in classes:
            self.box = DrawnBox(
                href=a.get("href") if tag == "a" else None,
                classes=classes,
                left=_em(a["style"], "left"),
                top=_em(a["style"], "top"),
                current=a.get("aria-current") == "page",
            )
            self.depth = 1
            self.found[-1].boxes.append(self.box)
        elif tag == "strong" and self.box is not None:
            self.part = "label"
        elif "tradeoffs-graph__status" in classes:
            self.part = "status"
        elif "tradeoffs-graph__title" in classes:
            self.part = "title"
        elif tag == "path" and "tradeoffs-graph__line" in classes:
            self.found[-1].paths.append(a["d"])
        elif tag == "path" and "tradeoffs-graph__head" in classes:
            self.found[-1].heads += 1
        elif tag == "title":
            self.in_title, self.title_text = True, ""

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.box is not None:
            self.depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.in_title:
            self.in_title = False
            source, kind, target = self.title_text, "", ""
            words = self.title_text.split(" ")
            for k in ("supersedes", "related"):
                if k in words:
                    at = words.index(k)
                    source, kind, target = " ".join(words[:at]), k, " ".join(words[at + 1 :])
            self.found[-1].lines.append((source, kind, target))
            return
        if self.box is None:
            return
        self.part = ""
        self.depth -= 1
        if self.depth == 0:
            self.box = None

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_text += data
        elif self.box is not None and self.part:
            setattr(self.box, self.part, getattr(self.box, self.part) + data)


def drawn(page_html: str) -> list[Drawn]:
    """Every relation diagram the plugin drew in `page_html`, in page order."""
    reader = _Reader()
    reader.feed(page_html)
    reader.close()
    return reader.found
