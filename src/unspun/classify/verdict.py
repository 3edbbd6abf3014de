"""Verdicts from alignment evidence: is the query a copy of this source, related, or unrelated?

The rule (documented in docs/how-it-works.md) reads only the alignment:
- ``copy``: a substantial, consistent part of the query aligns into the source: at least
  ``MIN_PAIRS`` aligned sentence pairs (fewer for very short queries), at least
  ``MIN_COPY_COVERAGE`` of the query's tokens in aligned sentences, and a mean pair
  similarity of at least ``MIN_MEAN_SIMILARITY``. A copy keeps the source's sentence order
  for the most part, so the order score must also be at least ``MIN_ORDER``, unless the
  aligned sentences are near-identical (mean similarity at least ``REORDERED_SIMILARITY``):
  order is evidence of derivation when pairs are only moderately similar (two independent
  articles can pair sentences on shared facts, scattered), but sentences taken word for word
  are evidence on their own, and cut-and-paste copiers reorder them (Clough-Stevenson `cut`
  answers do).
- With sentence vectors (an aligner with an embedder), pairs can align on meaning alone, and
  two independent texts on one subject share meaning sentence by sentence too (same facts,
  other words). So the rule above is applied to what the words alone support (the pairs whose
  lexical similarity reaches ``LEXICAL_PAIR``, scored by it), and meaning makes a copy on its
  own only as a paraphrase or translation does: rendering the source sentence after sentence,
  at least ``MIN_PAIRS`` pairs covering ``MIN_SEMANTIC_COVERAGE`` of the query, in order, with
  a mean similarity of at least ``MIN_SEMANTIC_SIMILARITY`` (paraphrase level). Independent
  texts align on some statements only, at the similarity of same-story sentences.
- ``related``: some sentences align (shared names and numbers, same story) but not enough for
  a copy.
- ``unrelated``: nothing aligns.

The evidence score used to rank matches is the similarity-weighted share of the query that
aligns into the source: ``coverage_copy * mean_similarity``; it is 1.0 for a verbatim copy.
"""


from __future__ import annotations

from dataclasses import replace

from unspun.align import increasing_members
from unspun.records import Alignment, Verdict

MIN_PAIRS = 3
MIN_COPY_COVERAGE = 0.35
MIN_MEAN_SIMILARITY = 0.5
MIN_ORDER = 0.8
REORDERED_SIMILARITY = 0.8
LEXICAL_PAIR = 0.35
"""A pair the words alone support: the aligner's own threshold (``AlignSettings``)."""
MIN_SEMANTIC_COVERAGE = 0.6
MIN_SEMANTIC_SIMILARITY = 0.71
"""The cosine that best separates MSRP train paraphrases from their same-story
non-paraphrases (accuracy 0.733; median cosine 0.82 for paraphrases, 0.69 for the others)."""


def evidence_score(al: Alignment) -> float:
    return round(al.coverage_copy * al.mean_similarity, 4)


def verdict(al: Alignment, n_query_sentences: int) -> Verdict:
    if not al.pairs:
        return "unrelated"
    if al.mean_lexical is None:
        return "copy" if _copied_words(al, n_query_sentences) else "related"
    if _copied_words(_words_only(al), n_query_sentences) or _copied_meaning(al):
        return "copy"
    return "related"


def _copied_words(al: Alignment, n_query_sentences: int) -> bool:
    min_pairs = min(MIN_PAIRS, max(1, n_query_sentences // 2))
    return (
        len(al.pairs) >= min_pairs
        and al.coverage_copy >= MIN_COPY_COVERAGE
        and al.mean_similarity >= MIN_MEAN_SIMILARITY
        and (al.order >= MIN_ORDER or al.mean_similarity >= REORDERED_SIMILARITY)
    )


def _copied_meaning(al: Alignment) -> bool:
    return (
        len(al.pairs) >= MIN_PAIRS
        and al.coverage_copy >= MIN_SEMANTIC_COVERAGE
        and al.mean_similarity >= MIN_SEMANTIC_SIMILARITY
        and al.order >= MIN_ORDER
    )


def _words_only(al: Alignment) -> Alignment:
    """The part of an alignment the words alone support: the pairs whose lexical similarity
    reaches ``LEXICAL_PAIR``, scored by it. Coverage is scaled by those pairs' share of the
    aligned copy characters (pairs keep spans, not token counts)."""
    kept = [p for p in al.pairs if p.lexical is not None and p.lexical >= LEXICAL_PAIR]
    if not kept:
        return Alignment((), 0.0, 0.0, 0.0, 0.0)
    chars = sum(p.copy_span.end - p.copy_span.start for p in kept)
    total = sum(p.copy_span.end - p.copy_span.start for p in al.pairs)
    in_order = increasing_members([p.source_sentences[0] for p in kept])
    lexical = [p.lexical or 0.0 for p in kept]
    return Alignment(
        pairs=tuple(replace(p, similarity=s) for p, s in zip(kept, lexical, strict=True)),
        coverage_copy=al.coverage_copy * chars / total,
        coverage_source=al.coverage_source * chars / total,
        order=len(in_order) / len(kept),
        mean_similarity=sum(s * (p.copy_span.end - p.copy_span.start)
                            for p, s in zip(kept, lexical, strict=True)) / chars,
    )
