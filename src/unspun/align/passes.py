"""The alignment passes: a similarity matrix of two prepared texts -> sentence pairs -> the
``Alignment`` record.

Alignment runs in three passes:
1. *anchors*: every copy sentence takes its best unused source sentence when the similarity
   clears ``AlignSettings.min_similarity`` (greedy, best pairs first; moved sentences are
   found because nothing here assumes order);
2. *merges*: a copy sentence that also matches the source sentence next to its partner becomes
   a 1:2 pair when the merged similarity is higher (a merged sentence), and two adjacent copy
   sentences that both fit one source sentence become a 2:1 pair (a split sentence);
3. *gaps*: an unaligned copy sentence between two aligned neighbours may align to an unused
   source sentence in the window their partners bound, at a lower similarity; order makes the
   weaker evidence trustworthy, as in monotone aligners such as Bleualign.

The passes work on ``pairs``: first copy sentence -> (copy sentences, source sentences,
similarity). What they need to score a pair comes from a ``PairScorer`` (the ``Aligner``).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from unspun.align.similarity import MIN_MATCHED, REFINE_FLOOR, Prepared, SentenceBag, SynonymSource
from unspun.config import AlignSettings
from unspun.records import AlignedPair, Alignment, Segmented, Span

GAP_FACTOR = 0.5
"""Gap-filling accepts pairs at this fraction of the anchor threshold."""
IDENTICAL = 0.999
EDGE_REACH = 2
"""Before the first or after the last aligned pair, order bounds only the next two sentences."""
MOVED_MIN = 0.6
"""A pair out of source order is kept only at this similarity: a moved sentence in a real copy
is still a close copy of its source, while chance pairs between unrelated texts scatter."""

Pair = tuple[list[int], list[int], float]
"""Copy sentences, source sentences, similarity: a pair while it is being built."""


class PairScorer(Protocol):
    """What the passes need of an aligner to score the pairs they build."""

    @property
    def settings(self) -> AlignSettings: ...

    @property
    def thesaurus(self) -> SynonymSource | None: ...

    def pair_similarity(self, ca: SentenceBag, sb: SentenceBag) -> tuple[float, float]: ...

    def semantic_score(self, cp: Prepared, sp: Prepared, cs: Sequence[int],
                       ss: Sequence[int], lex: float, cosine: float) -> float: ...

    def merged_score(self, cp: Prepared, sp: Prepared, cs: Sequence[int], ss: Sequence[int],
                     vecs: tuple[np.ndarray, np.ndarray] | None) -> float: ...


def best_pairs(sim: np.ndarray, matched: np.ndarray, settings: AlignSettings) -> dict[int, Pair]:
    """Pass 1: best pairs first, each sentence once; weak pairs out of order dropped."""
    pairs: dict[int, Pair] = {}
    source_used: set[int] = set()
    if sim.size:
        threshold = settings.min_similarity
        for flat in np.argsort(-sim, axis=None, kind="stable"):
            i, j = divmod(int(flat), sim.shape[1])
            if sim[i, j] < threshold:
                break
            # An identical sentence always aligns, however short: it is what a verbatim
            # copy is made of; anything less must share real content (MIN_MATCHED).
            if i in pairs or j in source_used or (
                matched[i, j] < MIN_MATCHED and sim[i, j] < IDENTICAL
            ):
                continue
            pairs[i] = ([i], [j], float(sim[i, j]))
            source_used.add(j)
    in_order = increasing_members([pairs[i][1][0] for i in sorted(pairs)])
    for pos, i in enumerate(sorted(pairs)):
        if pos not in in_order and pairs[i][2] < MOVED_MIN:
            del pairs[i]
    return pairs


def merge_neighbours(
    scorer: PairScorer,
    pairs: dict[int, Pair],
    sim: np.ndarray,
    cp: Prepared,
    sp: Prepared,
    vecs: tuple[np.ndarray, np.ndarray] | None = None,
) -> None:
    """Pass 2: 1:2 pairs (merged sentences) and 2:1 pairs (split sentences)."""
    ca, sb = cp.bags, sp.bags
    source_used = {j for _, ss, _ in pairs.values() for j in ss}
    for i in sorted(pairs):
        cs, ss, s = pairs[i]
        for nj in (ss[-1] + 1, ss[0] - 1):
            if 0 <= nj < len(sb) and nj not in source_used and sim[i, nj] > 0:
                merged = sorted([*ss, nj])
                m = scorer.merged_score(cp, sp, [i], merged, vecs)
                if m > s:
                    ss, s = merged, m
                    source_used.add(nj)
        pairs[i] = (cs, ss, s)
    copy_used = {c for cs, _, _ in pairs.values() for c in cs}
    for i in sorted(pairs):
        cs, ss, s = pairs[i]
        ni = cs[-1] + 1
        if ni < len(ca) and ni not in copy_used and sim[ni, ss].max(initial=0) > 0:
            m = scorer.merged_score(cp, sp, [*cs, ni], ss, vecs)
            if m > s:
                pairs[i] = ([*cs, ni], ss, m)
                copy_used.add(ni)


def fill_gaps(
    scorer: PairScorer,
    pairs: dict[int, Pair],
    sim: np.ndarray,
    matched: np.ndarray,
    cp: Prepared,
    sp: Prepared,
    cos: np.ndarray | None = None,
) -> None:
    """Pass 3: unaligned sentences between aligned neighbours, in order. Only tight gaps:
    the neighbours' partners must bound a source window not much longer than the copy
    gap, otherwise order says nothing about where the sentence belongs."""
    ca, sb = cp.bags, sp.bags
    low = scorer.settings.min_similarity * GAP_FACTOR
    copy_used = {c for cs, _, _ in pairs.values() for c in cs}
    source_used = {j for _, ss, _ in pairs.values() for j in ss}
    anchored = sorted(pairs)
    for i in range(len(ca)):
        if i in copy_used or ca[i].total == 0:
            continue
        window = gap_window(i, anchored, pairs, len(sb))
        if window is None:
            continue
        best_j, best = -1, low
        for j in range(window[0], window[1] + 1):
            if j in source_used:
                continue
            if scorer.thesaurus is None or sim[i, j] < REFINE_FLOOR / 2:
                s, got = float(sim[i, j]), float(matched[i, j])
            else:
                s, got = scorer.pair_similarity(ca[i], sb[j])
                if cos is not None:
                    s = scorer.semantic_score(cp, sp, [i], [j], s, float(cos[i, j]))
                    got = max(got, float(matched[i, j]))
            if s >= best and got >= MIN_MATCHED:
                best_j, best = j, s
        if best_j >= 0:
            pairs[i] = ([i], [best_j], best)
            copy_used.add(i)
            source_used.add(best_j)


def gap_window(
    i: int, anchored: list[int], pairs: dict[int, Pair], n_source: int
) -> tuple[int, int] | None:
    """The source sentences copy sentence ``i`` may fill, bounded by its aligned neighbours."""
    k = bisect.bisect_left(anchored, i)
    prev = anchored[k - 1] if k > 0 else None
    nxt = anchored[k] if k < len(anchored) else None
    if prev is not None and nxt is not None:
        lo, hi, gap = pairs[prev][1][-1] + 1, pairs[nxt][1][0] - 1, nxt - prev - 1
    elif prev is not None and i - prev <= EDGE_REACH:
        lo, hi, gap = pairs[prev][1][-1] + 1, pairs[prev][1][-1] + (i - prev), i - prev
    elif nxt is not None and nxt - i <= EDGE_REACH:
        lo, hi, gap = pairs[nxt][1][0] - (nxt - i), pairs[nxt][1][0] - 1, nxt - i
    else:
        return None
    lo, hi = max(0, lo), min(n_source - 1, hi)
    if hi < lo or hi - lo + 1 > 2 * gap + 1:
        return None
    return lo, hi


def increasing_members(seq: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence of ``seq``."""
    tails: list[int] = []  # tails[k]: position of the smallest tail of an increasing run of k+1
    tail_values: list[int] = []
    prev: list[int] = [-1] * len(seq)
    for pos, x in enumerate(seq):
        k = bisect.bisect_left(tail_values, x)
        if k > 0:
            prev[pos] = tails[k - 1]
        if k == len(tails):
            tails.append(pos)
            tail_values.append(x)
        else:
            tails[k] = pos
            tail_values[k] = x
    members: set[int] = set()
    pos = tails[-1] if tails else -1
    while pos >= 0:
        members.add(pos)
        pos = prev[pos]
    return members


def summarise(
    copy: Segmented,
    source: Segmented,
    ca: list[SentenceBag],
    sb: list[SentenceBag],
    pairs: dict[int, Pair],
    lexical: dict[int, float] | None = None,
) -> Alignment:
    """The ``Alignment`` record of the final pairs: spans, coverage, order, mean similarity."""
    out: list[AlignedPair] = []
    # Sentences with no content words ("It is.") can never align; they do not count.
    copy_tokens = sum(b.n_tokens for b in ca if b.total > 0) or 1
    source_tokens = sum(b.n_tokens for b in sb if b.total > 0) or 1
    aligned_copy = aligned_source = 0
    weighted = weighted_lexical = 0.0
    for i in sorted(pairs):
        cs, ss, s = pairs[i]
        c0, c1 = copy.sentences[cs[0]], copy.sentences[cs[-1]]
        s0, s1 = source.sentences[ss[0]], source.sentences[ss[-1]]
        out.append(
            AlignedPair(
                copy_span=Span(c0.start, c1.end),
                source_span=Span(s0.start, s1.end),
                copy_sentences=tuple(cs),
                source_sentences=tuple(ss),
                similarity=round(s, 4),
                lexical=None if lexical is None else round(min(lexical[i], s), 4),
            )
        )
        n_c = sum(ca[x].n_tokens for x in cs)
        aligned_copy += n_c
        aligned_source += sum(sb[x].n_tokens for x in ss)
        weighted += s * n_c
        if lexical is not None:
            weighted_lexical += min(lexical[i], s) * n_c
    in_order = increasing_members([p.source_sentences[0] for p in out])
    order = len(in_order) / len(out) if out else 0.0
    return Alignment(
        pairs=tuple(out),
        coverage_copy=round(aligned_copy / copy_tokens, 4),
        coverage_source=round(min(1.0, aligned_source / source_tokens), 4),
        order=round(order, 4),
        mean_similarity=round(weighted / aligned_copy, 4) if aligned_copy else 0.0,
        mean_lexical=(None if lexical is None else
                      round(weighted_lexical / aligned_copy, 4) if aligned_copy else 0.0),
    )
