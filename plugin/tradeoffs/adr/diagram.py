"""Relation diagrams drawn when the site is built: a box per decision, lines between them.

Drawn in the browser by Mermaid, a diagram waited for Mermaid's 3.6 MB script: 0.6 to 0.7 s of
a 2-core machine on every page with a diagram before anything was drawn, 1.1 to 1.75 s from the
navigation's start at 10,000 decisions (benchmarks/RESULTS.md). Drawn here, it is HTML and a
small SVG that arrive with the page: nothing to fetch or run, any engine shows it, an intranet
and a reader without scripts see it, and every box is a real link the keyboard reaches.

The layout is igraph's layered (Sugiyama) layout: each line's target a layer after its source
(cycles broken by igraph's feedback arc set; `_layers`), crossings reduced by igraph, and a
line that spans layers routed through points igraph places. The boxes are links placed over
an SVG of the lines; every length is in `em`, so the diagram grows and shrinks with the page's
text, and a box's title is cut to two lines by CSS (`tradeoffs.css`), never overflowing
whatever the font.

Pure: boxes and lines in, HTML out; it knows nothing of pages, sites or engines.
"""

from __future__ import annotations

import html
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import igraph  # type: ignore[import-untyped]

BOX_W = 13.0
"""A box's width, em: about 26 characters a line at the theme's text size."""
BOX_H = 4.6
"""A box's height, em: the decision's id and two lines of its title."""
GAP_ACROSS = 1.5
"""Space between two boxes of one layer, em."""
GAP_ALONG = 3.5
"""Space between two layers, em: room for the lines to bend."""
PAD = 0.5
"""Space around the drawing, em: room for a focus ring and the current decision's outline."""
ARROW = 0.6
"""An arrowhead's length, em."""
TITLE_SHOWN = 44
"""Characters of a title two lines of a box surely show; a longer one has a tooltip."""
TITLE_MAX = 120
"""Characters of a title a box holds at most (CSS shows two lines of it)."""

STATUSES = frozenset({"accepted", "proposed", "rejected", "deprecated", "superseded"})
"""Statuses with a colour of their own (`tradeoffs.css`); any other is drawn grey."""


@dataclass(frozen=True)
class Box:
    """One decision in a diagram."""

    key: Hashable
    label: str
    """What the box says first: the decision's id."""
    title: str
    status: str
    href: str | None = None
    """Where the box leads, already the address the page uses (None: not a link)."""
    here: bool = False
    """The decision whose page this is: outlined, and not a link."""
    outside: bool = False
    """Drawn for context, not a member of the view (a dashed outline)."""


@dataclass(frozen=True)
class Line:
    """A relation between two boxes: `supersedes` (an arrow to the decision replaced) or
    `related` (a dotted line)."""

    source: Hashable
    kind: str
    target: Hashable


@dataclass(frozen=True)
class _Frame:
    """Turns (across, along) coordinates, across a layer and along the layers, into x and y."""

    down: bool
    """Layers top to bottom (else left to right)."""

    def xy(self, across: float, along: float) -> tuple[float, float]:
        return (across, along) if self.down else (along, across)

    @property
    def size_across(self) -> float:
        return BOX_W if self.down else BOX_H

    @property
    def size_along(self) -> float:
        return BOX_H if self.down else BOX_W

    @property
    def pitch_across(self) -> float:
        return self.size_across + (GAP_ACROSS if self.down else GAP_ACROSS / 2)

    @property
    def pitch_along(self) -> float:
        return self.size_along + GAP_ALONG


def _n(value: float) -> str:
    """A length as short as it can be written (2 decimals at most)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def draw(boxes: Sequence[Box], lines: Sequence[Line], label: str) -> str:
    """The diagram as one HTML element (no blank line in it, so Markdown passes it on), left
    out of search: its boxes repeat the titles of other decisions (a `<figure>`, which holds
    none of its kind, so a search parser that matches tags by name alone ends it right).

    `label` names the diagram for assistive technology. Lines whose ends are not both among
    `boxes`, and a box linked to itself, are left out."""
    if not boxes:
        return ""
    index = {box.key: i for i, box in enumerate(boxes)}
    kept = [ln for ln in lines if ln.source in index and ln.target in index and ln.source != ln.target]
    edges = [(index[ln.source], index[ln.target]) for ln in kept]
    g = igraph.Graph(n=len(boxes), edges=edges, directed=True)
    found, extended = g.layout_sugiyama(layers=_layers(len(boxes), edges), return_extended_graph=True)
    coords = _apart([(float(x), float(y)) for x, y in found.coords])
    # the bends of a line that spans layers: the dummy vertices igraph put on it
    bends: list[set[int]] = [set() for _ in kept]
    for (a, b), k in zip(extended.get_edgelist(), extended.es["_original_eid"], strict=True):
        bends[k].update(v for v in (a, b) if v >= len(boxes))
    routes = [[coords[v] for v in sorted(vs)] for vs in bends]
    low = min(x for x, _ in coords[: len(boxes)] + [p for r in routes for p in r])
    slots = max(x for x, _ in coords[: len(boxes)] + [p for r in routes for p in r]) - low
    layers = max(int(y) for _, y in coords[: len(boxes)])
    # the narrower way round: a long chain reads down the page, a wide fan across it
    down_width = slots * _Frame(True).pitch_across + BOX_W
    across_width = layers * _Frame(False).pitch_along + BOX_W
    frame = _Frame(down_width < across_width)

    def across(slot: float) -> float:
        return PAD + (slot - low) * frame.pitch_across

    def along(layer: float) -> float:
        return PAD + layer * frame.pitch_along

    width, height = frame.xy(
        across(low + slots) + frame.size_across + PAD, along(layers) + frame.size_along + PAD
    )
    ports = _ports(coords, kept, index, routes, frame.size_across)
    paths: list[str] = []
    for k, ln in enumerate(kept):
        s, t = index[ln.source], index[ln.target]
        forward = coords[t][1] >= coords[s][1]
        step = 1 if forward else -1
        # where the line leaves its source's box and enters its target's, along the layers
        out_at = along(coords[s][1]) + (frame.size_along if forward else 0)
        in_at = along(coords[t][1]) + (0 if forward else frame.size_along)
        # through each layer between them, a straight run across the layer's band
        via = sorted(routes[k], key=lambda p: p[1] * step)
        points = [(across(coords[s][0]) + frame.size_across / 2 + ports[(k, s)], out_at)]
        for slot, layer in via:
            band = along(layer)
            near, far = (band, band + frame.size_along) if forward else (band + frame.size_along, band)
            points += [
                (across(slot) + frame.size_across / 2, near),
                (across(slot) + frame.size_across / 2, far),
            ]
        end = (across(coords[t][0]) + frame.size_across / 2 + ports[(k, t)], in_at)
        arrow = ln.kind == "supersedes"
        tail = (end[0], end[1] - step * ARROW) if arrow else end
        points.append(tail)
        d = [f"M{_pair(frame, *points[0])}"]
        for (a0, b0), (a1, b1) in pairwise(points):
            if a0 == a1 or abs(b1 - b0) < 1e-9:
                d.append(f"L{_pair(frame, a1, b1)}")
            else:  # a curve that leaves and arrives along the layers
                mid = (b0 + b1) / 2
                d.append(f"C{_pair(frame, a0, mid)} {_pair(frame, a1, mid)} {_pair(frame, a1, b1)}")
        kind = "supersedes" if arrow else "related"
        title = f"{boxes[s].label} {kind} {boxes[t].label}"
        paths.append(
            f'<path class="tradeoffs-graph__line tradeoffs-graph__line--{kind}" d="{" ".join(d)}">'
            f"<title>{html.escape(title)}</title></path>"
        )
        if arrow:
            half = ARROW * 0.55
            tip = _pair(frame, *end)
            one_side = _pair(frame, end[0] - half, tail[1])
            other_side = _pair(frame, end[0] + half, tail[1])
            paths.append(f'<path class="tradeoffs-graph__head" d="M{tip} L{one_side} L{other_side} Z"/>')
    # boxes in reading order, so the keyboard goes through them layer by layer
    order = sorted(range(len(boxes)), key=lambda i: (coords[i][1], coords[i][0]))
    cells = []
    for i in order:
        box = boxes[i]
        left, top = frame.xy(across(coords[i][0]), along(coords[i][1]))
        cells.append(_box(box, left, top))
    svg = (
        f'<svg class="tradeoffs-graph__lines" aria-hidden="true" focusable="false" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" style="width:{_n(width)}em;height:{_n(height)}em">'
        + "".join(paths)
        + "</svg>"
    )
    return (
        f'<figure class="tradeoffs-graph" aria-label="{html.escape(label)}" data-search-exclude>'
        f'<div class="tradeoffs-graph__canvas" style="width:{_n(width)}em;height:{_n(height)}em">'
        + svg
        + "".join(cells)
        + "</div></figure>"
    )


def _layers(n: int, edges: list[tuple[int, int]]) -> list[int]:
    """Each box's layer: each line's target in a layer after its source (cycles broken where
    igraph's feedback arc set says), and a box no line points to just before the first box it
    points to. igraph's own layering puts every such box in the first layer, so a decision
    linked to one deep in the diagram drew a line across every layer between them."""
    g = igraph.Graph(n=n, edges=edges, directed=True)
    turned = set(g.feedback_arc_set(method="eades"))
    acyclic = [(b, a) if k in turned else (a, b) for k, (a, b) in enumerate(edges)]
    before: list[list[int]] = [[] for _ in range(n)]
    after: list[list[int]] = [[] for _ in range(n)]
    for a, b in acyclic:
        after[a].append(b)
        before[b].append(a)
    order = igraph.Graph(n=n, edges=acyclic, directed=True).topological_sorting()
    layer = [0] * n
    for v in order:
        layer[v] = max((layer[u] + 1 for u in before[v]), default=0)
    for v in reversed(order):
        if not before[v] and after[v]:
            layer[v] = min(layer[w] for w in after[v]) - 1
    low = min(layer, default=0)
    return [k - low for k in layer]


def _apart(coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The places with every two of one layer (boxes and bends) at least one slot apart, in
    the order igraph gave them: given the layers, igraph 0.11 can place an unlinked box half a
    slot from another, where their boxes would overlap."""
    out = list(coords)
    by_layer: dict[float, list[int]] = {}
    for v, (_, layer) in enumerate(coords):
        by_layer.setdefault(layer, []).append(v)
    for layer, members in by_layer.items():
        members.sort(key=lambda v: coords[v][0])
        at = float("-inf")
        for v in members:
            at = max(coords[v][0], at + 1)
            out[v] = (at, layer)
    return out


def _pair(frame: _Frame, across: float, along: float) -> str:
    x, y = frame.xy(across, along)
    return f"{_n(x)} {_n(y)}"


def _ports(
    coords: list[tuple[float, float]],
    kept: Sequence[Line],
    index: dict[Hashable, int],
    routes: list[list[tuple[float, float]]],
    side: float,
) -> dict[tuple[int, int], float]:
    """(line, box) -> how far from the middle of the box's side the line meets it, across the
    layer: the lines on one side of a box spread over its middle, in the order of where they
    come from, so they neither meet in one point nor cross at the box."""
    sides: dict[tuple[int, bool], list[tuple[float, int]]] = {}
    for k, ln in enumerate(kept):
        s, t = index[ln.source], index[ln.target]
        forward = coords[t][1] >= coords[s][1]
        # the first point the line reaches from each end: its nearest bend, else the other box
        by_layer = sorted(routes[k], key=lambda p: p[1])
        from_s = (by_layer[0] if forward else by_layer[-1]) if by_layer else coords[t]
        from_t = (by_layer[-1] if forward else by_layer[0]) if by_layer else coords[s]
        sides.setdefault((s, forward), []).append((from_s[0], k))
        sides.setdefault((t, not forward), []).append((from_t[0], k))
    out: dict[tuple[int, int], float] = {}
    for (box, _far), found in sides.items():
        found.sort()
        # 1 em apart, closer when that would take more than the middle 70% of the side
        spread = min(1.0, side * 0.7 / max(len(found) - 1, 1))
        first = -spread * (len(found) - 1) / 2
        for j, (_, k) in enumerate(found):
            out[(k, box)] = first + j * spread
    return out


def _box(box: Box, left: float, top: float) -> str:
    status = box.status if box.status in STATUSES else "other"
    classes = f"tradeoffs-graph__node tradeoffs-graph__node--{status}"
    if box.here:
        classes += " tradeoffs-graph__node--here"
    if box.outside:
        classes += " tradeoffs-graph__node--outside"
    title = box.title if len(box.title) <= TITLE_MAX else box.title[: TITLE_MAX - 1] + "…"
    # a title two lines may cut shows whole under the pointer (on the title, so that a screen
    # reader does not read it twice: it reads the link's text)
    tip = f' title="{html.escape(title)}"' if len(title) > TITLE_SHOWN else ""
    # the status in words too, not only as the box's colour
    inner = (
        f'<span class="tradeoffs-graph__head-line"><strong>{html.escape(box.label)}</strong> '
        f'<span class="tradeoffs-graph__status">{html.escape(box.status)}</span></span>'
        f'<span class="tradeoffs-graph__title"{tip}>{html.escape(title)}</span>'
    )
    style = f'style="left:{_n(left)}em;top:{_n(top)}em"'
    if box.href and not box.here:
        return f'<a class="{classes}" href="{html.escape(box.href)}" {style}>{inner}</a>'
    current = ' aria-current="page"' if box.here else ""
    return f'<span class="{classes}"{current} {style}>{inner}</span>'


NEIGHBOURS_MAX = 30
"""Linked decisions a decision's own diagram draws at most (the lists under it name them all;
its group's view in the relation graph has the rest)."""


def neighbourhood(adr: dict[str, Any]) -> str:
    """A decision's diagram on its page: the decision, the ones it supersedes, is superseded by
    and relates to (one hop, at most `NEIGHBOURS_MAX`, each once), from the ADR template's
    context."""
    here = Box("self", str(adr["id"]), str(adr["title"]), str(adr["status"]), here=True)
    boxes: list[Box] = [here]
    lines: list[Line] = []
    seen = {here.label}
    for key in ("supersedes", "superseded_by", "related"):
        for k, ref in enumerate(adr.get(key) or []):
            if len(boxes) > NEIGHBOURS_MAX:
                break
            if str(ref.get("id") or "") in seen:
                continue  # drawn once, as a supersession when it is both, as the graph's views do
            seen.add(str(ref.get("id") or ""))
            other = Box(
                (key, k),
                str(ref.get("id") or ""),
                str(ref.get("title") or ""),
                str(ref.get("status") or ""),
                href=ref.get("href") or None,
            )
            boxes.append(other)
            if key == "superseded_by":
                lines.append(Line(other.key, "supersedes", "self"))
            else:
                lines.append(Line("self", key, other.key))
    return draw(boxes, lines, f"{adr['id']} and the decisions linked to it")
