"""Who copied whom inside a family: parents from shared mutations.

Every member is compared with the family's root (the original, or the member closest to an
absent original). What it changed, in the root's coordinates, is its set of *mutations*:

- ``s``: a substituted word (root offset, new word); a phrase swapped for one of another
  length is one mutation;
- ``i``/``d``: an inserted or deleted phrase inside an aligned sentence;
- ``c``: a root sentence it does not carry (a cut);
- ``u``: a sentence of its own that aligns to nothing in the root (invented or injected text).

A copy of a copy inherits its parent's mutations and adds its own, as descendants share
mutations in a phylogeny. So y is taken as x's parent when y has no more mutations than x
(and comes first in the order (mutation count, id), which keeps the tree acyclic), they share
at least ``MIN_SHARED`` mutations, and x holds at least ``MIN_INHERITED`` of y's. Among such
y the one sharing the most wins (ties: more mutations, i.e. the nearer ancestor; then id).
Otherwise the parent is the root when it is the original, or the absent original (None).
Independent copies rarely share mutations: two spinners pick the same word and the same
synonym for a few words in a hundred.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from unspun.records import Alignment, Segmented

MIN_SHARED = 3
MIN_INHERITED = 0.5

Mutation = tuple[str, int, str]
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\S+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def mutations(al: Alignment, copy: Segmented, root: Segmented) -> frozenset[Mutation]:
    """The mutations of a copy relative to the root, from an explained alignment (copy into
    root)."""
    out: set[Mutation] = set()
    for p in al.pairs:
        for e in p.edits:
            if e.op == "substitute":
                new = [m.group() for m in _WORD.finditer(e.copy_text)]
                old = list(_WORD.finditer(e.source_text))
                if len(new) == len(old):
                    for w, m in zip(new, old, strict=True):
                        out.add(("s", e.source_start + m.start(), w.lower()))
                else:
                    out.add(("s", e.source_start, _norm(e.copy_text)))
            elif e.op == "insert":
                out.add(("i", e.source_start, _norm(e.copy_text)))
            elif e.op == "delete":
                out.add(("d", e.source_start, _norm(e.source_text)))
    used_root = {i for p in al.pairs for i in p.source_sentences}
    used_copy = {i for p in al.pairs for i in p.copy_sentences}
    out.update(("c", i, "") for i in range(len(root.sentences)) if i not in used_root)
    for i in range(len(copy.sentences)):
        if i not in used_copy:
            text = _norm(copy.sentence_text(i))
            if text:
                out.add(("u", 0, text))
    return frozenset(out)


def parents(
    muts: Mapping[str, frozenset[Mutation]], default: str | None
) -> dict[str, tuple[str | None, tuple[str, ...]]]:
    """Parent of each member in ``muts`` (all but the root) and the evidence for it."""
    order = sorted(muts, key=lambda m: (len(muts[m]), m))
    out: dict[str, tuple[str | None, tuple[str, ...]]] = {}
    for pos, x in enumerate(order):
        best: tuple[int, int, str] | None = None
        for y in order[:pos]:
            my = muts[y]
            if not my:
                continue
            shared = len(muts[x] & my)
            if shared >= MIN_SHARED and shared >= MIN_INHERITED * len(my):
                key = (shared, len(my), y)
                if best is None or (key[0], key[1]) > (best[0], best[1]):
                    best = key
        if best is None:
            why = ("no other member's mutations recur in it",)
            out[x] = (default, why)
        else:
            shared, n_y, y = best
            out[x] = (y, (f"shares {shared} of {y}'s {n_y} changes to the root "
                          f"({len(muts[x])} changes of its own in all)",))
    return out


def inherits_spam(text: str, spam_texts: Sequence[str]) -> bool:
    """Whether ``text`` carries one of the root's injected spans (it copied the root)."""
    norm = _norm(text)
    return any(s and _norm(s) in norm for s in spam_texts)
