"""Sentence similarity: the sentence bags, the sparse ``Prepared`` record and the vectorised
similarity matrix of two prepared texts, and how a cosine combines with it.

The similarity of two sentences is a weighted Dice coefficient over their content words:
stopwords weigh nothing, words inside anchors (names, numbers, dates) weigh double, and a word
that is a thesaurus synonym of an otherwise unmatched word on the other side counts as a
partial match (``Aligner.pair_similarity``). That tolerates spinning (synonym substitution
keeps structure and anchors) and much of paraphrase (anchors and content words survive),
while two sentences that merely share a topic stay low.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

import numpy as np

from unspun.align.judge import Surface
from unspun.config import AlignSettings
from unspun.lexicon.stem import stem
from unspun.records import Segmented
from unspun.segment import STOPWORDS

SYNONYM_CREDIT = 0.8
"""A synonym match counts a little less than the same word: it is weaker evidence of copying."""
ANCHOR_WEIGHT = 2.0
REFINE_FLOOR = 0.2
"""Synonym matching (the costly part) runs only where exact matches already reach this: a
spun sentence keeps far more than that, and a pair below it cannot climb to the threshold on
synonyms alone."""
MIN_MATCHED = 2.0
"""A pair must share at least this much matched weight (two words, or one anchor word): two
short sentences that share one common word ("Thanks for reading" / "Thanks for the reply")
are not evidence of anything."""

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
class SentenceBag:
    """The content words of a sentence (or of adjacent sentences merged), with their weights."""

    words: dict[str, str]  # stem -> surface word (lower case)
    weights: dict[str, float]  # stem -> weight
    total: float
    n_tokens: int
    forms: frozenset[str] | None = None  # base forms of all its words (with a thesaurus)
    syns: frozenset[str] | None = None  # synonyms of all its words (with a thesaurus)


@dataclass(slots=True)
class Prepared:
    """A segmented text with its sentence bags, reusable across many alignments.

    ``rows``/``cols``/``vals`` are the bags as a sparse matrix (sentence, interned stem id,
    square root of the weight), so similarity matrices are built without Python loops.
    """

    seg: Segmented
    bags: list[SentenceBag]
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


def sentence_bags(seg: Segmented) -> list[SentenceBag]:
    """The bag of each sentence of a segmented text."""
    anchor_spans = [(a.start, a.end) for a in seg.anchors if a.kind != "quote"]
    bags: list[SentenceBag] = []
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
        bags.append(SentenceBag(words, weights, sum(weights.values()), n))
    return bags


def merge_bags(bags: Sequence[SentenceBag]) -> SentenceBag:
    """One bag for adjacent sentences taken together (the bag itself when there is one)."""
    if len(bags) == 1:
        return bags[0]
    words: dict[str, str] = {}
    weights: dict[str, float] = {}
    for b in bags:
        for st, w in b.weights.items():
            words.setdefault(st, b.words[st])
            weights[st] = max(weights.get(st, 0.0), w)
    return SentenceBag(words, weights, sum(weights.values()), sum(b.n_tokens for b in bags))


def similarity_matrix(a: Prepared, b: Prepared) -> tuple[np.ndarray, np.ndarray]:
    """Weighted Dice of exact (stemmed) matches for all sentence pairs, and the matched weight
    behind each, vectorised.

    The matched weight of a pair is the sum, over the stems both sentences hold, of
    ``sqrt(w_a * w_b)`` (the geometric mean of the two weights): a sparse product of the two
    texts' (sentence, stem) entries, made here as a join on the stem. Each entry of ``a`` is
    paired with the entries of ``b`` holding its stem (found by binary search in ``b``'s
    entries sorted by stem), and the products are summed per sentence pair by ``bincount``.
    The products are few (most stems are in a handful of sentences on each side), where the
    dense matrix product over the shared vocabulary that this replaced multiplied mostly
    zeros (its effect on whole traces: docs/scale.md); sums are taken in float64, then stored
    as float32.
    """
    shape = (len(a.bags), len(b.bags))
    order = np.argsort(b.cols, kind="stable")
    b_cols = b.cols[order]
    lo = np.searchsorted(b_cols, a.cols, side="left")
    counts = np.searchsorted(b_cols, a.cols, side="right") - lo
    n = int(counts.sum())
    if n == 0:
        zeros = np.zeros(shape, dtype=np.float32)
        return zeros, zeros.copy()
    ia = np.repeat(np.arange(len(a.cols)), counts)
    # The k-th product of entry i reads b's sorted entry lo[i] + k; the products of entry i
    # start at offset cumsum(counts)[i] - counts[i] of the n.
    ib = order[np.repeat(lo - (np.cumsum(counts) - counts), counts) + np.arange(n)]
    overlap = np.bincount(
        a.rows[ia] * shape[1] + b.rows[ib],
        weights=a.vals[ia].astype(np.float64) * b.vals[ib],
        minlength=shape[0] * shape[1],
    ).reshape(shape).astype(np.float32)
    totals = a.totals[:, None] + b.totals[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        sim = np.where(totals > 0, 2.0 * overlap / totals, 0.0)
    return sim.astype(np.float32), overlap
