"""Who copied whom inside a family: parents from shared derived mutations.

Every member is compared with the family's root (the original, or the member closest to an
absent original). What it changed, in the root's coordinates, is its set of *mutations*, at
the level of single words so that the edit scripts' phrase merging does not matter (a
substitution merged into a longer phrase edit in one member and not in another is still the
same change):

- ``-``: a root word it removed or replaced (keyed by the word's root offset);
- ``+``: a word it added (replacing or inserting) in a root sentence (keyed by that sentence
  and the word);
- ``c``: a root sentence it does not carry (a cut);
- ``u``: a sentence of its own that aligns to nothing in the root (invented or injected).

This is the setting of phylogenetics with the root as outgroup: a copy of a copy inherits its
parent's mutations (shared *derived* states) and adds its own, while independent copies of one
source rarely share a mutation (two spinners pick the same word *and* the same synonym for a
few words in a hundred). For a member x and another member y:

- y can be x's source only if y carries all the root text x carries (text lost in a copy is
  not regained by copying it). Root sentences x cut are missing data for the pair, not a loss
  of y's mutations in them: a repost that drops a paragraph still descends from its source.
- On the sentences x carries, with ``S`` the shared mutations and ``Px``/``Py`` each one's
  own, turning y into x takes ``Px + Py`` changes and the root into x ``S + Px``. y is a
  candidate when it is nearer than the root (``Py < S``), the evidence is not a coincidence
  (``S >= MIN_SHARED``) and y is the earlier of the two (``Py < Px``: a copy adds changes and
  rarely undoes its source's; ties: fewer mutations in all, then the smaller id).
- The parent is the candidate x takes the fewest changes from (the minimum-change ancestor of
  SeqTrack, Jombart et al. 2011); ties: more shared, then the smaller id. Without one, it is
  the root when that is the original, else the absent original (None).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence

from unspun.records import Alignment, Segmented

MIN_SHARED = 3

Mutation = tuple[str, int, int, str]
"""(kind, root sentence, root offset, word or text); sentence -1 for ``u``."""
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\S+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def mutations(al: Alignment, copy: Segmented, root: Segmented) -> frozenset[Mutation]:
    """The mutations of a copy relative to the root, from an explained alignment (copy into
    root)."""
    starts = [s.start for s in root.sentences]

    def sentence(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    out: set[Mutation] = set()
    for p in al.pairs:
        for e in p.edits:
            sent = sentence(e.source_start)
            if e.op in ("substitute", "delete"):
                for m in _WORD.finditer(e.source_text):
                    at = e.source_start + m.start()
                    out.add(("-", sentence(at), at, ""))
            if e.op in ("substitute", "insert"):
                for w in _WORD.findall(e.copy_text):
                    out.add(("+", sent, 0, w.lower()))
    used_root = {i for p in al.pairs for i in p.source_sentences}
    used_copy = {i for p in al.pairs for i in p.copy_sentences}
    out.update(("c", i, 0, "") for i in range(len(root.sentences)) if i not in used_root)
    for i in range(len(copy.sentences)):
        if i not in used_copy:
            text = _norm(copy.sentence_text(i))
            if text:
                out.add(("u", -1, 0, text))
    return frozenset(out)


def _cuts(m: frozenset[Mutation]) -> frozenset[int]:
    return frozenset(s for k, s, _, _ in m if k == "c")


def _comparable(m: frozenset[Mutation], cut: frozenset[int]) -> frozenset[Mutation]:
    """``m`` without its mutations inside sentences in ``cut`` (the cuts themselves kept)."""
    return frozenset(x for x in m if x[0] == "c" or x[1] not in cut)


def parents(
    muts: Mapping[str, frozenset[Mutation]], default: str | None
) -> dict[str, tuple[str | None, tuple[str, ...]]]:
    """Parent of each member in ``muts`` (all but the root) and the evidence for it."""
    cuts = {m: _cuts(muts[m]) for m in muts}
    out: dict[str, tuple[str | None, tuple[str, ...]]] = {}
    changes: dict[str, int] = {}
    for x in sorted(muts):
        best: tuple[int, int, str, int, int] | None = None
        for y in sorted(muts):
            if y == x or not muts[y] or not cuts[y] <= cuts[x]:
                continue  # y lacks root text that x carries: x did not take it from y
            mx, my = muts[x], _comparable(muts[y], cuts[x])
            shared = len(mx & my)
            px, py = len(mx) - shared, len(my) - shared
            if shared < MIN_SHARED or py >= shared:
                continue  # coincidence, or the root is as near
            if (py, len(muts[y]), y) >= (px, len(muts[x]), x):
                continue  # y is the later of the two
            key = (px + py, -shared, y, px, py)
            if best is None or key < best:
                best = key
        if best is None:
            out[x] = (default, ("no other member's mutations recur in it",))
            continue
        dist, neg_shared, y, px, py = best
        changes[x] = dist
        out[x] = (y, (f"shares {-neg_shared} of its changes to the root with {y}; "
                      f"{px} of its own, {py} of {y}'s not in it",))
    _break_cycles(out, changes, default)
    return out


def _break_cycles(out: dict[str, tuple[str | None, tuple[str, ...]]],
                  changes: dict[str, int], default: str | None) -> None:
    """The pairwise "earlier" test is not a total order; should parents ever form a cycle,
    the weakest link of it (most changes, then largest id) goes to the default."""
    for start in sorted(out):
        path: list[str] = []
        x: str | None = start
        while x is not None and x in out and x not in path:
            path.append(x)
            x = out[x][0]
        if x is not None and x in path:
            cycle = path[path.index(x):]
            weak = max(cycle, key=lambda m: (changes[m], m))
            out[weak] = (default, ("its nearest relatives descend from it",))


def inherits_spam(text: str, spam_texts: Sequence[str]) -> bool:
    """Whether ``text`` carries one of the root's injected spans (it copied the root)."""
    norm = _norm(text)
    return any(s and _norm(s) in norm for s in spam_texts)
