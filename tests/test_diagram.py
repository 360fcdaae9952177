"""The relation diagrams drawn when the site is built (adr/diagram.py): every box once and
apart, every line from its source's edge to its target's, the narrower way round, text and
links escaped, and HTML that Markdown passes on whole."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from diagram_html import Drawn, drawn
from tradeoffs.adr import diagram
from tradeoffs.adr.diagram import Box, Line, draw, neighbourhood

LINE = re.compile(
    r'<path class="tradeoffs-graph__line tradeoffs-graph__line--(\w+)" d="([^"]+)"><title>([^<]*)</title></path>'
    r'(?:<path class="tradeoffs-graph__head" d="M([-\d.]+) ([-\d.]+) )?'
)
EPS = 0.02  # lengths are written with 2 decimals


def boxes_of(n: int, status: str = "accepted") -> list[Box]:
    return [Box(k, f"ADR-{k:04d}", f"Decision {k}", status, href=f"../ADR-{k:04d}/") for k in range(1, n + 1)]


def one(page: str) -> Drawn:
    [found] = drawn(page)
    return found


def on_edge(x: float, y: float, box: tuple[float, float]) -> bool:
    """Whether (x, y) lies on the border of the box whose top left corner is `box`."""
    left, top = box
    right, bottom = left + diagram.BOX_W, top + diagram.BOX_H
    inside = left - EPS <= x <= right + EPS and top - EPS <= y <= bottom + EPS
    border = min(abs(x - left), abs(x - right), abs(y - top), abs(y - bottom)) <= EPS
    return inside and border


def end_point(d: str) -> tuple[float, float]:
    numbers = [float(v) for v in re.findall(r"-?[\d.]+", d)]
    return numbers[-2], numbers[-1]


def check(page: str, boxes: list[Box], lines: list[Line]) -> Drawn:
    """What every diagram keeps, whatever its boxes and lines."""
    assert (
        "\n\n" not in page
        and page.startswith('<figure class="tradeoffs-graph"')
        and page.endswith("</figure>")
    )
    assert page.count("<figure") == 1 and "data-search-exclude>" in page.split(">", 1)[0] + ">"
    found = one(page)
    assert sorted(b.label for b in found.boxes) == sorted(b.label for b in boxes)
    places = {b.label: (b.left, b.top) for b in found.boxes}
    # no two boxes overlap, and every box is on the canvas
    placed = sorted(places.values())
    for k, (left, top) in enumerate(placed):
        assert left >= 0 and top >= 0
        assert left + diagram.BOX_W <= found.width + EPS and top + diagram.BOX_H <= found.height + EPS
        for other_left, other_top in placed[k + 1 :]:
            apart_x = other_left >= left + diagram.BOX_W or left >= other_left + diagram.BOX_W
            apart_y = other_top >= top + diagram.BOX_H or top >= other_top + diagram.BOX_H
            assert apart_x or apart_y, (left, top, other_left, other_top)
    keys = {b.key: b.label for b in boxes}
    kept = [ln for ln in lines if ln.source in keys and ln.target in keys and ln.source != ln.target]
    drawn_lines = LINE.findall(page)
    assert len(drawn_lines) == len(kept) == len(found.lines)
    for ln, (kind, d, title, tip_x, tip_y) in zip(kept, drawn_lines, strict=True):
        source, target = keys[ln.source], keys[ln.target]
        assert html.unescape(title) == f"{source} {ln.kind} {target}" and kind == ln.kind
        x, y = (float(v) for v in re.match(r"M(-?[\d.]+) (-?[\d.]+)", d).groups())  # type: ignore[union-attr]
        assert on_edge(x, y, places[source]), (d, places[source])
        if ln.kind == "supersedes":  # the arrow's tip touches the decision replaced
            assert tip_x and on_edge(float(tip_x), float(tip_y), places[target]), (tip_x, tip_y)
        else:
            assert not tip_x and on_edge(*end_point(d), places[target]), (d, places[target])
    assert found.heads == sum(ln.kind == "supersedes" for ln in kept)
    return found


def test_a_chain_reads_down_the_page_and_a_fan_across() -> None:
    chain = [Line(k + 1, "supersedes", k) for k in range(1, 8)]
    found = check(draw(boxes_of(8), chain, "chain"), boxes_of(8), chain)
    assert len({b.left for b in found.boxes}) == 1 and len({b.top for b in found.boxes}) == 8
    assert found.width < found.height
    fan = [Line(1, "related", k) for k in range(2, 12)]
    found = check(draw(boxes_of(11), fan, "fan"), boxes_of(11), fan)
    assert len({b.left for b in found.boxes}) == 2  # the hub, then its ten in one column
    assert found.width < found.height


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=1, max_value=30).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(
                    st.integers(1, n), st.sampled_from(["supersedes", "related"]), st.integers(1, n + 2)
                ),
                max_size=45,
            ),
        )
    )
)
def test_any_graph_is_drawn_with_boxes_apart_and_lines_between_their_edges(
    case: tuple[int, list[tuple[int, str, int]]],
) -> None:
    n, links = case
    boxes = boxes_of(n)
    lines = [Line(a, kind, b) for a, kind, b in links]  # a line to n+1 or n+2 names no box: left out
    check(draw(boxes, lines, "any"), boxes, lines)


def test_the_same_graph_is_drawn_the_same_way() -> None:
    lines = [Line(k, "related", (k * 7) % 20 + 1) for k in range(1, 21)] + [Line(3, "supersedes", 1)]
    assert draw(boxes_of(20), lines, "x") == draw(boxes_of(20), lines, "x")


def test_text_and_addresses_are_escaped() -> None:
    hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    boxes = [
        Box(1, f"ADR-0001{hostile}", f"Title {hostile}", "accepted", href='../x/" onmouseover="alert(3)'),
        Box(2, "ADR-0002", "Fine", f"odd{hostile}", href="../ADR-0002/"),
    ]
    page = draw(boxes, [Line(1, "supersedes", 2)], f"label {hostile}")
    assert "<script" not in page and "<img" not in page and 'onmouseover="' not in page
    found = one(page)
    assert found.label == f"label {hostile}"
    first = found.box(f"ADR-0001{hostile}")
    assert first.title == f"Title {hostile}" and first.href == '../x/" onmouseover="alert(3)'
    # a status without a colour of its own is grey, and its class is never the author's text
    second = found.box("ADR-0002")
    assert "tradeoffs-graph__node--other" in second.classes and second.status == f"odd{hostile}"


def test_a_long_title_is_cut_and_an_empty_drawing_is_nothing() -> None:
    long = "word " * 100
    page = draw([Box(1, "ADR-0001", long, "proposed")], [], "x")
    [box] = one(page).boxes
    assert len(box.title) == diagram.TITLE_MAX and box.title.endswith("…") and box.href is None
    # a title two lines may cut shows whole under the pointer; a short one needs no tooltip
    assert f'<span class="tradeoffs-graph__title" title="{box.title}">' in page
    assert " title=" not in draw([Box(1, "ADR-0001", "Short", "proposed")], [], "x")
    assert draw([], [], "x") == ""


def test_a_decisions_own_diagram_draws_it_once_with_its_neighbours_linked() -> None:
    def ref(n: int, status: str = "accepted") -> dict[str, object]:
        return {"id": f"ADR-{n:04d}", "title": f"Decision {n}", "status": status, "href": f"../ADR-{n:04d}/"}

    adr = {
        "id": "ADR-0010",
        "title": "Ten",
        "status": "accepted",
        "supersedes": [ref(3, "superseded")],
        "superseded_by": [ref(12)],
        # more than a diagram draws, and the decision it supersedes once more
        "related": [ref(3, "superseded"), *(ref(n) for n in range(20, 60))],
    }
    found = one(neighbourhood(adr))
    assert len(found.boxes) == 1 + diagram.NEIGHBOURS_MAX
    here = found.box("ADR-0010")
    assert here.current and here.href is None and "tradeoffs-graph__node--here" in here.classes
    assert found.box("ADR-0003").href == "../ADR-0003/"
    assert ("ADR-0010", "supersedes", "ADR-0003") in found.lines  # drawn once, as a supersession
    assert [b.label for b in found.boxes].count("ADR-0003") == 1
    assert ("ADR-0010", "related", "ADR-0003") not in found.lines
    assert ("ADR-0012", "supersedes", "ADR-0010") in found.lines
    assert found.lines.count(("ADR-0010", "related", "ADR-0020")) == 1
    assert found.label == "ADR-0010 and the decisions linked to it"
