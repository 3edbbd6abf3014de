"""Stage 4: connected components of verified copy pairs, with stable family ids."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


class UnionFind:
    """Disjoint sets over 0..n-1; the smaller index is always the representative, so the
    result does not depend on the order edges arrive in."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = min(ra, rb), max(ra, rb)
            self.parent[hi] = lo


def components(n: int, edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Groups of two or more documents joined by ``edges``, each sorted, in order of their
    smallest member."""
    uf = UnionFind(n)
    for a, b in edges:
        uf.union(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    return [g for _, g in sorted(groups.items()) if len(g) > 1]


def family_id(member_ids: Iterable[str]) -> str:
    """``fam-`` and 12 hex digits of SHA-1 over the sorted member ids: the same members give
    the same id on every run and engine, whatever order the crawl was read in."""
    joined = "\n".join(sorted(member_ids)).encode("utf-8")
    return "fam-" + hashlib.sha1(joined).hexdigest()[:12]
