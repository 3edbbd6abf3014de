"""Sentence alignment between a copy and a candidate source.

The similarity of two sentences is a weighted Dice coefficient over their content words:
stopwords weigh nothing, words inside anchors (names, numbers, dates) weigh double, and a word
that is a thesaurus synonym of an otherwise unmatched word on the other side counts as a
partial match. That tolerates spinning (synonym substitution keeps structure and anchors) and
much of paraphrase (anchors and content words survive), while two sentences that merely share
a topic stay low.

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
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeVar

import numpy as np

from unspun.align.judge import PairJudge, Surface, default_judge, pair_features, surface
from unspun.config import AlignSettings
from unspun.lexicon.language import LanguageIdentifier
from unspun.lexicon.stem import stem
from unspun.records import AlignedPair, Alignment, Segmented, Span
from unspun.segment import STOPWORDS

if TYPE_CHECKING:
    from unspun.embed import Embedder

SYNONYM_CREDIT = 0.8
"""A synonym match counts a little less than the same word: it is weaker evidence of copying."""
ANCHOR_WEIGHT = 2.0
GAP_FACTOR = 0.5
"""Gap-filling accepts pairs at this fraction of the anchor threshold."""
_TOP_REFINE = 2
"""Synonym matching (the costly part) runs only on each copy sentence's best few candidates,
and only where exact matches already reach ``_REFINE_FLOOR``: a spun sentence keeps far more
than that, and a pair below it cannot climb to the threshold on synonyms alone."""
_REFINE_FLOOR = 0.2
_TOP_JUDGE = 3
"""The pair judge scores each copy sentence's best few candidates (by the combined score)."""
MIN_MATCHED = 2.0
"""A pair must share at least this much matched weight (two words, or one anchor word): two
short sentences that share one common word ("Thanks for reading" / "Thanks for the reply")
are not evidence of anything."""
_IDENTICAL = 0.999
_EDGE_REACH = 2
"""Before the first or after the last aligned pair, order bounds only the next two sentences."""
MOVED_MIN = 0.6
"""A pair out of source order is kept only at this similarity: a moved sentence in a real copy
is still a close copy of its source, while chance pairs between unrelated texts scatter."""
SEMANTIC_MIN_WEIGHT = 3.0
"""With an embedder, a pair sharing less than ``MIN_MATCHED`` may still align on its cosine
(``AlignSettings.semantic_alone``), but only when both sentences carry at least this much
content weight (three content words): short lines ("Share this story" / "Share this
article") have near-identical vectors whatever page they come from."""

_Score = TypeVar("_Score", float, np.ndarray)


def combine_similarity(lexical: _Score, cosine: _Score, settings: AlignSettings) -> _Score:
    """The aligner's similarity of a sentence pair from its lexical similarity ``l`` and the
    cosine ``c`` of its sentence vectors::

        max(l, (1 - w) * l + w * clip((c - f) / (1 - f), 0, 1))

    The cosine can only raise a pair, never lower it: heavy spinning ("tip unfamiliar prepared
    researchers") lowers a sentence's cosine while the thesaurus still matches its words, so
    a blend that could pull a lexical pair under the threshold would lose pairs the aligner
    exists to find. Unrelated sentences have cosines above zero, so the cosine may be
    rescaled from a floor ``f``; identical sentences (l = 1, c = 1) still score 1. ``w`` and
    ``f`` are chosen on MSRP train (``benchmarks/msrp.py``, ``docs/semantic.md``).
    """
    w, f = settings.semantic_weight, settings.cosine_floor
    lex = np.asarray(lexical)
    rescaled = np.clip((np.asarray(cosine) - f) / (1.0 - f), 0.0, 1.0)
    out = np.maximum(lex, (1.0 - w) * lex + w * rescaled)
    if isinstance(lexical, np.ndarray):
        return out.astype(lexical.dtype, copy=False)
    return float(out)


class SynonymSource(Protocol):
    """What alignment needs of a thesaurus (``unspun.lexicon.Thesaurus`` provides it)."""

    def base_forms(self, word: str) -> frozenset[str]: ...

    def synonyms(self, word: str) -> frozenset[str]: ...


@dataclass(slots=True)
class _SentenceBag:
    words: dict[str, str]  # stem -> surface word (lower case)
    weights: dict[str, float]  # stem -> weight
    total: float
    n_tokens: int
    forms: frozenset[str] | None = None  # base forms of all its words (with a thesaurus)
    syns: frozenset[str] | None = None  # synonyms of all its words (with a thesaurus)


_Pair = tuple[list[int], list[int], float]
"""Copy sentences, source sentences, similarity: a pair while it is being built."""


@dataclass(slots=True)
class Prepared:
    """A segmented text with its sentence bags, reusable across many alignments.

    ``rows``/``cols``/``vals`` are the bags as a sparse matrix (sentence, interned stem id,
    square root of the weight), so similarity matrices are built without Python loops.
    """

    seg: Segmented
    bags: list[_SentenceBag]
    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    totals: np.ndarray
    vectors: np.ndarray | None = None
    """Unit sentence vectors, filled by an aligner with an embedder on first use."""
    vectors_by: str | None = None
    """Name of the embedder that made ``vectors``."""
    surfaces: dict[tuple[int, ...], Surface] = field(default_factory=dict)
    """What the pair judge needs of a sentence (or of adjacent sentences merged), on first use."""


def _bags(seg: Segmented) -> list[_SentenceBag]:
    anchor_spans = [(a.start, a.end) for a in seg.anchors if a.kind != "quote"]
    bags: list[_SentenceBag] = []
    ti = 0
    ai = 0
    tokens = seg.tokens
    for sent in seg.sentences:
        words: dict[str, str] = {}
        weights: dict[str, float] = {}
        n = 0
        while ti < len(tokens) and tokens[ti].start < sent.start:
            ti += 1
        while ti < len(tokens) and tokens[ti].end <= sent.end:
            tok = tokens[ti]
            ti += 1
            n += 1
            if tok.norm in STOPWORDS:
                continue
            while ai < len(anchor_spans) and anchor_spans[ai][1] <= tok.start:
                ai += 1
            in_anchor = ai < len(anchor_spans) and anchor_spans[ai][0] <= tok.start
            st = stem(tok.norm)
            words.setdefault(st, tok.norm)
            w = ANCHOR_WEIGHT if in_anchor else 1.0
            weights[st] = max(weights.get(st, 0.0), w)
        bags.append(_SentenceBag(words, weights, sum(weights.values()), n))
    return bags


def _similarity_matrix(a: Prepared, b: Prepared) -> tuple[np.ndarray, np.ndarray]:
    """Weighted Dice of exact (stemmed) matches for all sentence pairs, and the matched weight
    behind each, vectorised.

    Only words present on both sides can contribute, so the dense matrices span just that
    shared vocabulary: for two long unrelated pages a small fraction of either side's words.
    """
    shape = (len(a.bags), len(b.bags))
    shared = np.intersect1d(a.cols, b.cols, assume_unique=False)
    if shared.size == 0:
        zeros = np.zeros(shape, dtype=np.float32)
        return zeros, zeros.copy()

    def dense(p: Prepared) -> np.ndarray:
        keep = np.isin(p.cols, shared, assume_unique=False)
        m = np.zeros((len(p.bags), shared.size), dtype=np.float32)
        m[p.rows[keep], np.searchsorted(shared, p.cols[keep])] = p.vals[keep]
        return m

    # sum over shared words of sqrt(w_a * w_b): the geometric mean of the two weights.
    overlap = dense(a) @ dense(b).T
    totals = a.totals[:, None] + b.totals[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        sim = np.where(totals > 0, 2.0 * overlap / totals, 0.0)
    return sim.astype(np.float32), overlap


class Aligner:
    """Aligns copies to sources. Owns the thesaurus and its caches (no global state)."""

    def __init__(
        self,
        settings: AlignSettings | None = None,
        thesaurus: SynonymSource | None = None,
        embedder: Embedder | None = None,
        judge: PairJudge | None = None,
    ) -> None:
        self.settings = settings or AlignSettings()
        self.thesaurus = thesaurus if self.settings.use_synonyms else None
        self.embedder = embedder
        if judge is None and embedder is not None and self.settings.pair_judge:
            shipped = default_judge()
            judge = shipped if shipped.encoder == embedder.name else None
        self.judge = judge if embedder is not None and judge is not None else None
        """Scores semantic pairs when it was fitted on this embedder's cosines (``judge.py``);
        without one, a pair's cosine is combined as ``combine_similarity`` says."""
        self.languages = LanguageIdentifier()
        """Language of each side (loaded on first use): a translated copy is told by it."""
        self._word_cache: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        # Stems interned as integers for the similarity matrices. It only grows (prepared
        # texts hold ids into it); a vocabulary stays in the hundreds of thousands.
        self._stem_ids: dict[str, int] = {}

    def _word(self, w: str) -> tuple[frozenset[str], frozenset[str]]:
        """(base forms, synonyms) of a word, cached on this aligner."""
        hit = self._word_cache.get(w)
        if hit is None:
            assert self.thesaurus is not None
            if len(self._word_cache) > 200_000:
                self._word_cache.clear()
            hit = self._word_cache[w] = (
                self.thesaurus.base_forms(w) | {w},
                self.thesaurus.synonyms(w),
            )
        return hit

    def _expand(self, bag: _SentenceBag) -> None:
        if bag.forms is not None or self.thesaurus is None:
            return
        forms: set[str] = set()
        syns: set[str] = set()
        for w in bag.words.values():
            f, sy = self._word(w)
            forms |= f
            syns |= sy
        bag.forms, bag.syns = frozenset(forms), frozenset(syns)

    def _pair_similarity(self, ca: _SentenceBag, sb: _SentenceBag) -> tuple[float, float]:
        """Similarity and matched weight, exact plus synonym matches, for one sentence pair.

        Two words match as synonyms when one is listed as a synonym of a form of the other
        (either way), as ``Thesaurus.are_synonyms`` decides; the sentence-level unions of
        forms and synonyms make the common case (no synonym at all) two set intersections.
        """
        total = ca.total + sb.total
        if total <= 0:
            return 0.0, 0.0
        shared = ca.weights.keys() & sb.weights.keys()
        score = sum(np.sqrt(ca.weights[s] * sb.weights[s]) for s in shared)
        if self.thesaurus is not None and len(shared) < min(len(ca.weights), len(sb.weights)):
            self._expand(ca)
            self._expand(sb)
            assert sb.forms is not None and sb.syns is not None
            used: set[str] = set(shared)
            for s, w in ca.words.items():
                if s in shared:
                    continue
                forms, syns = self._word(w)
                if syns.isdisjoint(sb.forms) and forms.isdisjoint(sb.syns):
                    continue
                for r, rw in sb.words.items():
                    if r in used:
                        continue
                    rforms, rsyns = self._word(rw)
                    if not syns.isdisjoint(rforms) or not rsyns.isdisjoint(forms):
                        used.add(r)
                        score += SYNONYM_CREDIT * np.sqrt(ca.weights[s] * sb.weights[r])
                        break
        return float(2.0 * score / total), float(score)

    def _merged_similarity(
        self, bags_a: Sequence[_SentenceBag], bags_b: Sequence[_SentenceBag]
    ) -> float:
        return self._pair_similarity(_merge(bags_a), _merge(bags_b))[0]

    def sentence_vectors(self, p: Prepared) -> np.ndarray:
        """Sentence vectors of a prepared text, computed once per embedder and kept on it
        (an index with an encoder supplies its sources' stored vectors: ``attach_vectors``)."""
        assert self.embedder is not None
        if p.vectors is None or p.vectors_by != self.embedder.name:
            texts = [p.seg.sentence_text(i) for i in range(len(p.seg.sentences))]
            vecs = self.embedder.encode(texts) if texts else None
            p.vectors = (
                np.asarray(vecs, dtype=np.float32)
                if vecs is not None
                else np.zeros((0, self.embedder.dim), dtype=np.float32)
            )
            p.vectors_by = self.embedder.name
        return p.vectors

    def attach_vectors(self, p: Prepared, vectors: np.ndarray | None, made_by: str | None) -> bool:
        """Give a prepared text sentence vectors computed elsewhere (stored in an index), so
        they are not encoded again. Taken only when this aligner's embedder made them and
        there is one per sentence; says whether they were taken."""
        if (vectors is None or self.embedder is None or made_by != self.embedder.name
                or len(vectors) != len(p.seg.sentences)):
            return False
        p.vectors = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
        if len(vectors) == 0:
            p.vectors = np.zeros((0, self.embedder.dim), dtype=np.float32)
        p.vectors_by = made_by
        return True

    def _semantic(
        self, cp: Prepared, sp: Prepared, sim: np.ndarray, matched: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Lexical similarity and matched weight -> combined similarity, matched weight with
        semantic matches credited, and the cosine matrix (0 where a side has no content)."""
        cos = self.sentence_vectors(cp) @ self.sentence_vectors(sp).T
        has_a, has_b = cp.totals > 0, sp.totals > 0
        cos = np.where(has_a[:, None] & has_b[None, :], cos, 0.0).astype(np.float32)
        combined = combine_similarity(sim, cos, self.settings)
        if self.judge is not None:
            # only each copy sentence's best few partners can become its pair, so only they
            # are judged (the first judge, judging every gated pair, made a full dense trace
            # 30% slower: docs/semantic.md)
            k = min(_TOP_JUDGE, combined.shape[1])
            top = np.zeros(combined.shape, dtype=bool)
            np.put_along_axis(top, np.argpartition(-combined, k - 1, axis=1)[:, :k], True, axis=1)
            rows, cols = np.nonzero(top & (cos >= self.judge.gate))
            if len(rows):
                feats = np.array([
                    pair_features(_surface(cp, (int(i),)), _surface(sp, (int(j),)),
                                  float(cos[i, j]))
                    for i, j in zip(rows, cols, strict=True)])
                judged = self.judge.probability(feats).astype(combined.dtype)
                combined[rows, cols] = np.maximum(combined[rows, cols], judged)
        alone = (
            (cos >= self.settings.semantic_alone)
            & (cp.totals >= SEMANTIC_MIN_WEIGHT)[:, None]
            & (sp.totals >= SEMANTIC_MIN_WEIGHT)[None, :]
        )
        return combined, np.where(alone, np.maximum(matched, MIN_MATCHED), matched), cos

    def _judged(self, cp: Prepared, sp: Prepared, cs: tuple[int, ...], ss: tuple[int, ...],
                cosine: float) -> float:
        """The pair judge's probability for copy sentences ``cs`` against source sentences
        ``ss`` (adjacent ones, merged), their surfaces kept on the prepared texts."""
        assert self.judge is not None
        return self.judge.judge(_surface(cp, cs), _surface(sp, ss), cosine)

    def _semantic_score(self, cp: Prepared, sp: Prepared, cs: Sequence[int],
                        ss: Sequence[int], lex: float, cosine: float) -> float:
        """A pair's similarity from its lexical similarity and cosine, as in ``_semantic``."""
        base = combine_similarity(lex, cosine, self.settings)
        if self.judge is None or cosine < self.judge.gate:
            return base
        return max(base, self._judged(cp, sp, tuple(cs), tuple(ss), cosine))

    def _merged_score(
        self,
        cp: Prepared,
        sp: Prepared,
        cs: Sequence[int],
        ss: Sequence[int],
        vecs: tuple[np.ndarray, np.ndarray] | None,
    ) -> float:
        """Similarity of merged sentences; with vectors, the merged text's vector is taken as
        the normalised sum of its sentences' (the encoder averages over tokens, so this is
        close to encoding the concatenation, and costs nothing)."""
        lex = self._merged_similarity([cp.bags[x] for x in cs], [sp.bags[x] for x in ss])
        if vecs is None:
            return lex
        va, vb = vecs[0][list(cs)].sum(axis=0), vecs[1][list(ss)].sum(axis=0)
        na, nb = float(np.linalg.norm(va)), float(np.linalg.norm(vb))
        cos = float(va @ vb) / (na * nb) if na > 0 and nb > 0 else 0.0
        return self._semantic_score(cp, sp, cs, ss, lex, cos)

    def prepare(self, seg: Segmented) -> Prepared:
        """Sentence bags of a text, to align it many times without recomputing them."""
        bags = _bags(seg)
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        ids = self._stem_ids
        for i, bag in enumerate(bags):
            for st, w in bag.weights.items():
                k = ids.get(st)
                if k is None:
                    k = ids[st] = len(ids)
                rows.append(i)
                cols.append(k)
                vals.append(w)
        return Prepared(
            seg,
            bags,
            np.asarray(rows, dtype=np.intp),
            np.asarray(cols, dtype=np.int64),
            np.sqrt(np.asarray(vals, dtype=np.float32)),
            np.asarray([b.total for b in bags], dtype=np.float32),
        )

    def align(self, copy: Segmented | Prepared, source: Segmented | Prepared) -> Alignment:
        cp = copy if isinstance(copy, Prepared) else self.prepare(copy)
        sp = source if isinstance(source, Prepared) else self.prepare(source)
        ca, sb = cp.bags, sp.bags
        sim, matched = _similarity_matrix(cp, sp)
        if sim.size and self.thesaurus is not None:
            k = min(_TOP_REFINE, sim.shape[1])
            top = np.argpartition(-sim, k - 1, axis=1)[:, :k]
            for i in range(sim.shape[0]):
                for j in top[i]:
                    if sim[i, j] >= _REFINE_FLOOR:
                        sim[i, j], matched[i, j] = self._pair_similarity(ca[i], sb[j])
        vecs: tuple[np.ndarray, np.ndarray] | None = None
        cos: np.ndarray | None = None
        lexical_sim = None
        if self.embedder is not None and sim.size:
            lexical_sim = sim.copy()
            sim, matched, cos = self._semantic(cp, sp, sim, matched)
            vecs = (self.sentence_vectors(cp), self.sentence_vectors(sp))
        pairs = self._best_pairs(sim, matched)
        self._merge_neighbours(pairs, sim, cp, sp, vecs)
        self._fill_gaps(pairs, sim, matched, cp, sp, cos)
        lexical = None
        if lexical_sim is not None:
            # What the words alone say of each final pair: the verdict weighs meaning-only
            # evidence differently (classify.py), since same-story sentences share meaning.
            lexical = {
                i: (float(lexical_sim[cs[0], ss[0]]) if len(cs) == len(ss) == 1
                    else self._merged_similarity([ca[x] for x in cs], [sb[x] for x in ss]))
                for i, (cs, ss, _) in pairs.items()
            }
        return _summarise(cp.seg, sp.seg, ca, sb, pairs, lexical)

    # The three passes work on ``pairs``: first copy sentence -> (copy sentences, source
    # sentences, similarity).

    def _best_pairs(self, sim: np.ndarray, matched: np.ndarray) -> dict[int, _Pair]:
        """Pass 1: best pairs first, each sentence once; weak pairs out of order dropped."""
        pairs: dict[int, _Pair] = {}
        source_used: set[int] = set()
        if sim.size:
            threshold = self.settings.min_similarity
            for flat in np.argsort(-sim, axis=None, kind="stable"):
                i, j = divmod(int(flat), sim.shape[1])
                if sim[i, j] < threshold:
                    break
                # An identical sentence always aligns, however short: it is what a verbatim
                # copy is made of; anything less must share real content (MIN_MATCHED).
                if i in pairs or j in source_used or (
                    matched[i, j] < MIN_MATCHED and sim[i, j] < _IDENTICAL
                ):
                    continue
                pairs[i] = ([i], [j], float(sim[i, j]))
                source_used.add(j)
        in_order = increasing_members([pairs[i][1][0] for i in sorted(pairs)])
        for pos, i in enumerate(sorted(pairs)):
            if pos not in in_order and pairs[i][2] < MOVED_MIN:
                del pairs[i]
        return pairs

    def _merge_neighbours(
        self,
        pairs: dict[int, _Pair],
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
                    m = self._merged_score(cp, sp, [i], merged, vecs)
                    if m > s:
                        ss, s = merged, m
                        source_used.add(nj)
            pairs[i] = (cs, ss, s)
        copy_used = {c for cs, _, _ in pairs.values() for c in cs}
        for i in sorted(pairs):
            cs, ss, s = pairs[i]
            ni = cs[-1] + 1
            if ni < len(ca) and ni not in copy_used and sim[ni, ss].max(initial=0) > 0:
                m = self._merged_score(cp, sp, [*cs, ni], ss, vecs)
                if m > s:
                    pairs[i] = ([*cs, ni], ss, m)
                    copy_used.add(ni)

    def _fill_gaps(
        self,
        pairs: dict[int, _Pair],
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
        low = self.settings.min_similarity * GAP_FACTOR
        copy_used = {c for cs, _, _ in pairs.values() for c in cs}
        source_used = {j for _, ss, _ in pairs.values() for j in ss}
        anchored = sorted(pairs)
        for i in range(len(ca)):
            if i in copy_used or ca[i].total == 0:
                continue
            window = _gap_window(i, anchored, pairs, len(sb))
            if window is None:
                continue
            best_j, best = -1, low
            for j in range(window[0], window[1] + 1):
                if j in source_used:
                    continue
                if self.thesaurus is None or sim[i, j] < _REFINE_FLOOR / 2:
                    s, got = float(sim[i, j]), float(matched[i, j])
                else:
                    s, got = self._pair_similarity(ca[i], sb[j])
                    if cos is not None:
                        s = self._semantic_score(cp, sp, [i], [j], s, float(cos[i, j]))
                        got = max(got, float(matched[i, j]))
                if s >= best and got >= MIN_MATCHED:
                    best_j, best = j, s
            if best_j >= 0:
                pairs[i] = ([i], [best_j], best)
                copy_used.add(i)
                source_used.add(best_j)


def _gap_window(
    i: int, anchored: list[int], pairs: dict[int, _Pair], n_source: int
) -> tuple[int, int] | None:
    """The source sentences copy sentence ``i`` may fill, bounded by its aligned neighbours."""
    k = bisect.bisect_left(anchored, i)
    prev = anchored[k - 1] if k > 0 else None
    nxt = anchored[k] if k < len(anchored) else None
    if prev is not None and nxt is not None:
        lo, hi, gap = pairs[prev][1][-1] + 1, pairs[nxt][1][0] - 1, nxt - prev - 1
    elif prev is not None and i - prev <= _EDGE_REACH:
        lo, hi, gap = pairs[prev][1][-1] + 1, pairs[prev][1][-1] + (i - prev), i - prev
    elif nxt is not None and nxt - i <= _EDGE_REACH:
        lo, hi, gap = pairs[nxt][1][0] - (nxt - i), pairs[nxt][1][0] - 1, nxt - i
    else:
        return None
    lo, hi = max(0, lo), min(n_source - 1, hi)
    if hi < lo or hi - lo + 1 > 2 * gap + 1:
        return None
    return lo, hi


def thesaurus_warning(aligner: Aligner) -> tuple[str, ...]:
    """The report warning for an aligner that matches words exactly only."""
    if aligner.thesaurus is not None or not aligner.settings.use_synonyms:
        return ()
    return (
        "no thesaurus installed: synonyms are not matched, so spun and paraphrased copies "
        "align less well (install Debian's mythes-en-us and wordnet-base)",
    )


def _merge(bags: Sequence[_SentenceBag]) -> _SentenceBag:
    if len(bags) == 1:
        return bags[0]
    words: dict[str, str] = {}
    weights: dict[str, float] = {}
    for b in bags:
        for st, w in b.weights.items():
            words.setdefault(st, b.words[st])
            weights[st] = max(weights.get(st, 0.0), w)
    return _SentenceBag(words, weights, sum(weights.values()), sum(b.n_tokens for b in bags))


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


def _summarise(
    copy: Segmented,
    source: Segmented,
    ca: list[_SentenceBag],
    sb: list[_SentenceBag],
    pairs: dict[int, _Pair],
    lexical: dict[int, float] | None = None,
) -> Alignment:
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


def _surface(p: Prepared, idx: tuple[int, ...]) -> Surface:
    hit = p.surfaces.get(idx)
    if hit is None:
        hit = p.surfaces[idx] = surface(" ".join(p.seg.sentence_text(i) for i in idx))
    return hit


def default_aligner(
    *,
    dense: bool | None = None,
    embedder: Embedder | None = None,
    settings: AlignSettings | None = None,
) -> Aligner:
    """The aligner every entry point uses: the installed thesaurus (Debian's mythes-en-us and
    WordNet; exact word matching without them) and a sentence encoder. ``embedder`` gives
    the encoder (an index's own); without one, ``dense`` True loads the multilingual encoder
    (raising an error that names the ``semantic`` extra when it is missing), None loads it
    when the extra is installed, and False aligns on words alone."""
    from unspun.lexicon import default_thesaurus

    if embedder is None and dense is not False:
        from unspun.embed import default_embedder, multilingual_embedder

        embedder = multilingual_embedder() if dense else default_embedder()
    return Aligner(settings, default_thesaurus(), embedder)
