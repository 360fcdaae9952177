"""The considered options' titles, for finding the option a line names in one walk of the line.

Comparing each new option's title with every earlier one (equal, or one starting with the
other) was quadratic in the options: a record listing 4,000 options took 76 s to import.
"""

from __future__ import annotations


class Titles:
    """Texts in a trie of their characters, by the order they were added: the earliest that
    equals a text, starts with it or that it starts with is one walk of the text away."""

    def __init__(self) -> None:
        self.count = 0
        self.exact: dict[str, int] = {}
        self.children: dict[tuple[int, str], int] = {}
        self.first: list[int] = [0]
        """Node -> the earliest text through it (the root's is unused)."""
        self.ends: dict[int, int] = {}
        """Node -> the earliest text that ends there."""

    def add(self, text: str) -> None:
        index, self.count = self.count, self.count + 1
        self.exact.setdefault(text, index)
        if not text:
            return
        node = 0
        for char in text:
            child = self.children.get((node, char))
            if child is None:
                child = self.children[node, char] = len(self.first)
                self.first.append(index)
            node = child
        self.ends.setdefault(node, index)

    def find(self, text: str) -> int | None:
        """The earliest text equal to `text`, else the earliest (not empty) that starts with
        it or that it starts with."""
        if text in self.exact:
            return self.exact[text]
        if not text:
            return None
        best: int | None = None
        node = 0
        for char in text:
            child = self.children.get((node, char))
            if child is None:
                return best
            node = child
            if node in self.ends and (best is None or self.ends[node] < best):
                best = self.ends[node]  # a text that `text` starts with
        return self.first[node] if best is None else min(best, self.first[node])

    def ends_along(self, text: str) -> list[tuple[int, int]]:
        """(length, earliest text of that length) for every text that `text` starts with."""
        out: list[tuple[int, int]] = []
        node = 0
        for length, char in enumerate(text, 1):
            child = self.children.get((node, char))
            if child is None:
                break
            node = child
            if node in self.ends:
                out.append((length, self.ends[node]))
        return out
