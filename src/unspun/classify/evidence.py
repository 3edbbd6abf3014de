"""What an alignment says about copying, as numbers (``Alignment`` + both texts -> features).

Independent reports of one event share its names, numbers, dates and the quotations they
all heard; none of that shows that one was copied from the other. What does: the source's
own wording outside quotations (shared word 3- and 5-grams, the longest verbatim run),
sentence-by-sentence correspondence (aligned pairs, their similarity, the order of their
function words), and evidence that this source holds and the other candidates for the same
query do not (a copy is much closer to its source than to other reports of its story).

Every feature here is read by the verdict model (``unspun.classify.model``); the names are
part of its JSON file.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import accumulate, compress
from operator import eq

from unspun.records import AlignedPair, Alignment, Segmented
from unspun.segment import STOPWORDS
from unspun.segment.quotes import quotations

FEATURES = (
    "coverage_copy",
    "coverage_source",
    "shared_3grams",
    "shared_5grams",
    "verbatim_run",
    "skeleton",
    "strong_pairs",
    "exclusive",
    "exclusive_mean",
)
"""The features of a (query, source) pair, in the order the verdict model reads them."""

STRONG_PAIR = 0.6
"""A pair at least this similar counts toward ``strong_pairs``."""
QUOTED_PAIR = 0.5
"""A pair whose shared words are at least this share inside quotations is quote-dominated."""
_QUOTED = "\x00q"
"""Stands in for a quoted word, so quoted words never extend a verbatim run."""


@dataclass(slots=True)
class TextEvidence:
    """What the features need of one text, computed once per text: its words, which are
    quoted, the word n-grams outside quotations, and the token range of each sentence.

    An n-gram is its words joined by single spaces (a word holds no space, so the string
    names one n-gram): a string caches its hash, where a tuple hashes its words again on
    every lookup, and strings are not containers, which a retriever's cache of sources full
    of tuples made the cyclic garbage collector traverse again and again.
    """

    words: list[str]
    quoted: list[bool]
    grams3: set[str]
    grams5: set[str]
    sentence_tokens: list[tuple[int, int]]
    sequences: dict[int, list[str]] = field(default_factory=dict)
    """The unquoted n-grams in text order, by n, filled on first use (of a query's side)."""

    def masked(self, lo: int, hi: int) -> list[str]:
        return [_QUOTED if q else w for w, q in
                zip(self.words[lo:hi], self.quoted[lo:hi], strict=True)]


def text_evidence(seg: Segmented) -> TextEvidence:
    starts = [t.start for t in seg.tokens]
    words = [t.norm for t in seg.tokens]
    quoted = [False] * len(words)
    for q in quotations(seg.text):
        for k in range(bisect.bisect_left(starts, q.start), bisect.bisect_left(starts, q.end)):
            quoted[k] = True
    ranges = [(bisect.bisect_left(starts, s.start), bisect.bisect_left(starts, s.end))
              for s in seg.sentences]
    return TextEvidence(words, quoted, _grams(words, quoted, 3), _grams(words, quoted, 5),
                        ranges)


def _grams(words: list[str], quoted: list[bool], n: int) -> set[str]:
    return set(_unquoted(words, quoted, n))


def _unquoted(words: list[str], quoted: list[bool], n: int) -> list[str]:
    """The word n-grams with no quoted word, in order. A window is free of quotations when
    the running count of quoted words is the same at both its ends (one pass, not a scan of
    every window: this ran for every candidate of every trace), and the whole is C-level
    iteration: ``zip`` hands ``join`` the same window tuple again and again."""
    seen = [0, *accumulate(quoted)]
    grams = map(" ".join, zip(*(words[k:] for k in range(n)), strict=False))
    return list(compress(grams, map(eq, seen, seen[n:])))


def _unquoted_grams(t: TextEvidence, n: int) -> list[str]:
    """The text's unquoted n-grams in order; kept on it, since a query's are read once per
    candidate source."""
    hit = t.sequences.get(n)
    if hit is None:
        hit = t.sequences[n] = _unquoted(t.words, t.quoted, n)
    return hit


def _pair_tokens(t: TextEvidence, sentences: tuple[int, ...]) -> tuple[int, int]:
    return t.sentence_tokens[sentences[0]][0], t.sentence_tokens[sentences[-1]][1]


def evidence_features(
    query: TextEvidence,
    source: TextEvidence,
    al: Alignment,
    others: Sequence[tuple[TextEvidence, Alignment]] = (),
) -> dict[str, float]:
    """The features of ``al`` (query = copy side, source = source side). ``others``: the
    other candidate sources of the same query with their alignments; evidence they share
    with the query is story evidence, not evidence of copying this source."""
    n_query = max(1, len(query.words))
    n_source = max(1, len(source.words))
    # Pairs whose shared words are mostly quoted speech are the story's, not the copier's:
    # they count for nothing below.
    pairs = [p for p in al.pairs if quote_share(query, source, p) < QUOTED_PAIR]
    copy_tokens = source_tokens = 0
    for p in pairs:
        qa, qb = _pair_tokens(query, p.copy_sentences)
        sa, sb = _pair_tokens(source, p.source_sentences)
        copy_tokens += qb - qa
        source_tokens += sb - sa
    f: dict[str, float] = {
        "coverage_copy": min(1.0, copy_tokens / n_query),
        "coverage_source": min(1.0, source_tokens / n_source),
    }
    for n, mine in ((3, source.grams3), (5, source.grams5)):
        # looked up in each other candidate, not in their union: most of the query's grams
        # are not this source's, and a union of ten long texts' grams per candidate was a
        # tenth of a long page's trace
        hits = [g for g in _unquoted_grams(query, n) if g in mine]
        for o, _ in others:
            theirs = o.grams3 if n == 3 else o.grams5
            hits = [g for g in hits if g not in theirs]
        f[f"shared_{n}grams"] = len(hits) / n_query
    run = skel_hit = skel_len = strong = 0
    for p in pairs:
        qa, qb = _pair_tokens(query, p.copy_sentences)
        sa, sb = _pair_tokens(source, p.source_sentences)
        a, b = query.masked(qa, qb), source.masked(sa, sb)
        m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
        run = max(run, m.size if a[m.a : m.a + m.size].count(_QUOTED) == 0 else 0)
        fa = [w for w in query.words[qa:qb] if w in STOPWORDS]
        fb = [w for w in source.words[sa:sb] if w in STOPWORDS]
        skel_hit += sum(blk.size for blk in
                        SequenceMatcher(None, fa, fb, autojunk=False).get_matching_blocks())
        skel_len += max(len(fa), len(fb), 1)
        if p.similarity >= STRONG_PAIR:
            strong += qb - qa
    f["verbatim_run"] = float(run)
    f["skeleton"] = skel_hit / skel_len if skel_len else 0.0
    f["strong_pairs"] = strong / n_query
    best = _best_by_sentence(pairs)
    rivals: dict[int, float] = {}
    for _, o_al in others:
        for k, s in _best_by_sentence(o_al.pairs).items():
            rivals[k] = max(rivals.get(k, 0.0), s)
    margins = {k: max(0.0, s - rivals.get(k, 0.0)) for k, s in best.items()}
    # weighted by the sentence's words, as a share of the query: a length-free measure (a
    # sum over sentences grows with the page, and real pages are longer than the excerpts
    # the model was fitted on)
    f["exclusive"] = sum(m * _sentence_words(query, k) for k, m in margins.items()) / n_query
    f["exclusive_mean"] = sum(margins.values()) / len(margins) if margins else 0.0
    return {k: round(f[k], 4) for k in FEATURES}


def _sentence_words(t: TextEvidence, k: int) -> int:
    lo, hi = t.sentence_tokens[k]
    return hi - lo


def _best_by_sentence(pairs: Sequence[AlignedPair]) -> dict[int, float]:
    best: dict[int, float] = {}
    for p in pairs:
        for k in p.copy_sentences:
            best[k] = max(best.get(k, 0.0), p.similarity)
    return best


def quote_share(query: TextEvidence, source: TextEvidence, p: AlignedPair) -> float:
    """Share of a pair's shared words (by count, on the copy side) inside quotations."""
    qa, qb = _pair_tokens(query, p.copy_sentences)
    sa, sb = _pair_tokens(source, p.source_sentences)
    available: dict[str, int] = {}
    for w in source.words[sa:sb]:
        if w not in STOPWORDS:
            available[w] = available.get(w, 0) + 1
    shared = inside = 0
    for w, q in zip(query.words[qa:qb], query.quoted[qa:qb], strict=True):
        if available.get(w, 0) > 0:
            available[w] -= 1
            shared += 1
            inside += q
    return inside / shared if shared else 0.0


def log_scale(value: float) -> float:
    """Counts (pairs, run lengths) enter the model as log(1 + x): a 40-word run is not ten
    times the evidence of a 4-word one."""
    return math.log1p(max(0.0, value))
