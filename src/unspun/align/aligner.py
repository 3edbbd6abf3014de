"""The ``Aligner``: a copy and a candidate source (``Segmented`` or ``Prepared``) ->
``Alignment``.

It owns the thesaurus and its caches, the interned stems behind ``Prepared`` texts, the
synonym refinement of a pair's similarity (``similarity`` has the exact-match matrix), and
with a sentence encoder the cosine and pair-judge scoring (``judge``); the passes that turn
scores into pairs are in ``passes``. ``default_aligner`` builds the one every entry point uses.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from unspun.align.judge import PairJudge, Surface, default_judge, pair_features, surface
from unspun.align.passes import best_pairs, fill_gaps, merge_neighbours, summarise
from unspun.align.similarity import (
    MIN_MATCHED,
    REFINE_FLOOR,
    SYNONYM_CREDIT,
    Prepared,
    SentenceBag,
    SynonymSource,
    combine_similarity,
    merge_bags,
    sentence_bags,
    similarity_matrix,
)
from unspun.config import AlignSettings
from unspun.lexicon.language import LanguageIdentifier
from unspun.records import Alignment, Segmented

if TYPE_CHECKING:
    from unspun.embed import Embedder

_TOP_REFINE = 2
"""Synonym matching (the costly part) runs only on each copy sentence's best few candidates,
and only where exact matches already reach ``REFINE_FLOOR``."""
_TOP_JUDGE = 3
"""The pair judge scores each copy sentence's best few candidates (by the combined score)."""
SEMANTIC_MIN_WEIGHT = 3.0
"""With an embedder, a pair sharing less than ``MIN_MATCHED`` may still align on its cosine
(``AlignSettings.semantic_alone``), but only when both sentences carry at least this much
content weight (three content words): short lines ("Share this story" / "Share this
article") have near-identical vectors whatever page they come from."""


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

    def _expand(self, bag: SentenceBag) -> None:
        if bag.forms is not None or self.thesaurus is None:
            return
        forms: set[str] = set()
        syns: set[str] = set()
        for w in bag.words.values():
            f, sy = self._word(w)
            forms |= f
            syns |= sy
        bag.forms, bag.syns = frozenset(forms), frozenset(syns)

    def pair_similarity(self, ca: SentenceBag, sb: SentenceBag) -> tuple[float, float]:
        """Similarity and matched weight, exact plus synonym matches, for one sentence pair.

        Two words match as synonyms when one is listed as a synonym of a form of the other
        (either way), as ``Thesaurus.are_synonyms`` decides; the sentence-level unions of
        forms and synonyms make the common case (no synonym at all) two set intersections.
        """
        total = ca.total + sb.total
        if total <= 0:
            return 0.0, 0.0
        shared = ca.weights.keys() & sb.weights.keys()
        score = sum(math.sqrt(ca.weights[s] * sb.weights[s]) for s in shared)
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
                        score += SYNONYM_CREDIT * math.sqrt(ca.weights[s] * sb.weights[r])
                        break
        return float(2.0 * score / total), float(score)

    def merged_similarity(
        self, bags_a: Sequence[SentenceBag], bags_b: Sequence[SentenceBag]
    ) -> float:
        return self.pair_similarity(merge_bags(bags_a), merge_bags(bags_b))[0]

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

    def semantic_score(self, cp: Prepared, sp: Prepared, cs: Sequence[int],
                        ss: Sequence[int], lex: float, cosine: float) -> float:
        """A pair's similarity from its lexical similarity and cosine, as in ``_semantic``."""
        base = combine_similarity(lex, cosine, self.settings)
        if self.judge is None or cosine < self.judge.gate:
            return base
        return max(base, self._judged(cp, sp, tuple(cs), tuple(ss), cosine))

    def merged_score(
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
        lex = self.merged_similarity([cp.bags[x] for x in cs], [sp.bags[x] for x in ss])
        if vecs is None:
            return lex
        va, vb = vecs[0][list(cs)].sum(axis=0), vecs[1][list(ss)].sum(axis=0)
        na, nb = float(np.linalg.norm(va)), float(np.linalg.norm(vb))
        cos = float(va @ vb) / (na * nb) if na > 0 and nb > 0 else 0.0
        return self.semantic_score(cp, sp, cs, ss, lex, cos)

    def prepare(self, seg: Segmented) -> Prepared:
        """Sentence bags of a text, to align it many times without recomputing them."""
        bags = sentence_bags(seg)
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
        """Scores every sentence pair, runs the three passes (``passes``), and summarises."""
        cp = copy if isinstance(copy, Prepared) else self.prepare(copy)
        sp = source if isinstance(source, Prepared) else self.prepare(source)
        ca, sb = cp.bags, sp.bags
        sim, matched = similarity_matrix(cp, sp)
        if sim.size and self.thesaurus is not None:
            k = min(_TOP_REFINE, sim.shape[1])
            top = np.argpartition(-sim, k - 1, axis=1)[:, :k]
            for i in range(sim.shape[0]):
                for j in top[i]:
                    if sim[i, j] >= REFINE_FLOOR:
                        sim[i, j], matched[i, j] = self.pair_similarity(ca[i], sb[j])
        vecs: tuple[np.ndarray, np.ndarray] | None = None
        cos: np.ndarray | None = None
        lexical_sim = lexical_matched = None
        if self.embedder is not None and sim.size:
            lexical_sim, lexical_matched = sim.copy(), matched.copy()
            sim, matched, cos = self._semantic(cp, sp, sim, matched)
            vecs = (self.sentence_vectors(cp), self.sentence_vectors(sp))
        pairs = best_pairs(sim, matched, self.settings)
        merge_neighbours(self, pairs, sim, cp, sp, vecs)
        fill_gaps(self, pairs, sim, matched, cp, sp, cos)
        lexical = None
        if lexical_sim is not None:
            # What the words alone say of each final pair: the verdict weighs meaning-only
            # evidence differently (classify.py), since same-story sentences share meaning.
            lexical = {
                i: (float(lexical_sim[cs[0], ss[0]]) if len(cs) == len(ss) == 1
                    else self.merged_similarity([ca[x] for x in cs], [sb[x] for x in ss]))
                for i, (cs, ss, _) in pairs.items()
            }
        al = summarise(cp.seg, sp.seg, ca, sb, pairs, lexical)
        if lexical_sim is not None and lexical_matched is not None:
            # The alignment words alone give (what an aligner without vectors returns): the
            # verdict reads its evidence from it, so that meaning, which independent reports
            # of one story share, never stands in for the copier's wording.
            words = best_pairs(lexical_sim, lexical_matched, self.settings)
            merge_neighbours(self, words, lexical_sim, cp, sp, None)
            fill_gaps(self, words, lexical_sim, lexical_matched, cp, sp, None)
            al = replace(al, words=summarise(cp.seg, sp.seg, ca, sb, words))
        return al


def thesaurus_warning(aligner: Aligner) -> tuple[str, ...]:
    """The report warning for an aligner that matches words exactly only."""
    if aligner.thesaurus is not None or not aligner.settings.use_synonyms:
        return ()
    return (
        "no thesaurus installed: synonyms are not matched, so spun and paraphrased copies "
        "align less well (install Debian's mythes-en-us and wordnet-base)",
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
