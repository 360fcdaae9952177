"""The relation graph as views a person can read: which decisions a view draws.

One diagram of every linked decision stops being readable long before 10,000 decisions (its
text shrinks to a few pixels, and it took Mermaid seconds to lay out), so the site draws views:
a decision's own neighbourhood on its page, each group of linked decisions, and the linked
decisions of each tag and each framework with their direct relations. Each view draws at most
`VIEW_MAX` decisions and says how many more there are, so none outgrows what a reader can
take in (benchmarks/RESULTS.md, "Relation graph views"). `tradeoffs.adr.diagram` draws them.

Pure data: it knows the decisions' numbers and their relations, nothing of pages or engines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from tradeoffs.core.model import Decision

VIEW_MAX = 30
"""Decisions one view draws at most: a reader can still follow a diagram of this many (and it
is about two screens of boxes at the text's size)."""

RANK_PX = 360
"""Width of one rank of a left-to-right diagram as Mermaid draws it (a node and the edge label
beside it), at its natural size: for `direction`, which a team's own Mermaid template of a
view may use (the plugin's diagrams choose their way round themselves)."""

NODE_PX = 250
"""Width of one node of a top-down diagram's rank, with the space beside it."""

GROUP_VIEW_MIN = 3
"""A group of linked decisions gets a view of its own from this size: a pair is drawn whole on
each of its two decisions' pages."""


@dataclass(frozen=True)
class Pair:
    """Two linked decisions, each pair once: a supersession, else a relation."""

    source: int
    kind: str
    """supersedes or related."""
    target: int


@dataclass
class Relations:
    """Every pair of linked decisions, each decision's neighbours and the groups they form."""

    pairs: list[Pair] = field(default_factory=list)
    neighbours: dict[int, list[int]] = field(default_factory=dict)
    """Decision number -> the numbers of the decisions it is linked to, in number order."""
    groups: list[list[int]] = field(default_factory=list)
    """The connected groups of linked decisions (numbers in order), largest first, then by
    their first decision."""
    group_of: dict[int, int] = field(default_factory=dict)
    """Decision number -> the index of its group in `groups`."""

    def degree(self, number: int) -> int:
        return len(self.neighbours.get(number, ()))

    def pairs_among(self, drawn: Iterable[int]) -> list[Pair]:
        inside = set(drawn)
        return [p for p in self.pairs if p.source in inside and p.target in inside]

    def pairs_touching(self, drawn: Iterable[int]) -> list[Pair]:
        inside = set(drawn)
        return [p for p in self.pairs if p.source in inside or p.target in inside]


def relations(links: Iterable[tuple[int, str, int]]) -> Relations:
    """The relations of `(source, kind, target)` links (supersessions first, so a pair that
    is both is drawn as a supersession): each pair once, no decision linked to itself."""
    out = Relations()
    seen: set[tuple[int, int]] = set()
    neighbours: dict[int, set[int]] = {}
    for source, kind, target in sorted(links, key=lambda link: link[1] != "supersedes"):
        pair = (min(source, target), max(source, target))
        if source == target or pair in seen:
            continue
        seen.add(pair)
        out.pairs.append(Pair(source, kind, target))
        neighbours.setdefault(source, set()).add(target)
        neighbours.setdefault(target, set()).add(source)
    out.neighbours = {n: sorted(found) for n, found in sorted(neighbours.items())}
    parent = {n: n for n in out.neighbours}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in out.pairs:
        a, b = root(p.source), root(p.target)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for n in out.neighbours:
        groups.setdefault(root(n), []).append(n)
    out.groups = sorted(groups.values(), key=lambda g: (-len(g), g[0]))
    out.group_of = {n: k for k, g in enumerate(out.groups) for n in g}
    return out


def around(found: Relations, members: Iterable[int], limit: int = VIEW_MAX) -> tuple[list[int], list[int]]:
    """What a view of `members` (a tag's or a framework's decisions) draws: the linked members,
    the most linked first (then the newest), each with its direct neighbours, while they fit in
    `limit` decisions. Returns the decisions drawn (in number order) and the linked members left
    out."""
    linked = sorted((n for n in members if found.degree(n)), key=lambda n: (-found.degree(n), -n))
    drawn: set[int] = set()
    left: list[int] = []
    for k, n in enumerate(linked):
        if n in drawn:
            continue
        adding = {n, *found.neighbours[n]} - drawn
        if len(drawn) + len(adding) > limit:
            left = [m for m in linked[k:] if m not in drawn]
            break
        drawn |= adding
    return sorted(drawn), left


def within(found: Relations, group: list[int], limit: int = VIEW_MAX) -> list[int]:
    """What a group's view draws: all of it when it fits in `limit` decisions, else the
    `limit` nearest its most linked decision (breadth first), so what is drawn hangs together."""
    if len(group) <= limit:
        return list(group)
    start = max(group, key=lambda n: (found.degree(n), -n))
    drawn, queue = {start}, [start]
    for n in queue:
        for m in found.neighbours[n]:
            if len(drawn) == limit:
                return sorted(drawn)
            if m not in drawn:
                drawn.add(m)
                queue.append(m)
    return sorted(drawn)


def links_of(decisions: Iterable[Decision], known: Callable[[int], bool]) -> Iterator[tuple[int, str, int]]:
    """Each decision's supersessions and relations to decisions that exist (`known`)."""
    for d in decisions:
        for n in d.supersedes:
            if known(n):
                yield (d.number, "supersedes", n)
        for n in d.related:
            if known(n):
                yield (d.number, "related", n)


def direction(drawn: list[int], pairs: list[Pair]) -> str:
    """`LR` or `TB`: the way Mermaid draws these pairs the narrower. Mermaid ranks each pair's
    target after its source; a diagram is drawn at its own size and one wider than the text
    column scrolls sideways, so a long chain reads better top-down and a wide fan better left
    to right."""
    after: dict[int, list[int]] = {n: [] for n in drawn}
    for p in pairs:
        after[p.source].append(p.target)
    rank: dict[int, int] = {}  # the longest way on to a decision with nothing after it
    for start in drawn:  # depth first, iteratively; an edge back along the path is a cycle
        if start in rank:
            continue
        stack, on_path = [(start, 0)], {start}
        while stack:
            n, k = stack.pop()
            if k < len(after[n]):
                stack.append((n, k + 1))
                m = after[n][k]
                if m not in rank and m not in on_path:
                    on_path.add(m)
                    stack.append((m, 0))
            else:  # every decision after it is ranked
                on_path.discard(n)
                rank[n] = max((rank[m] + 1 for m in after[n] if m in rank), default=0)
    ranks = max(rank.values(), default=0) + 1
    widest = max(Counter(rank.values()).values(), default=1)
    return "LR" if ranks * RANK_PX <= widest * NODE_PX else "TB"
