"""Verdicts from alignment evidence: is the query a copy of this source, related, or unrelated?

The rule (documented in docs/how-it-works.md) reads only the alignment:
- ``copy``: a substantial, consistent part of the query aligns into the source: at least
  ``MIN_PAIRS`` aligned sentence pairs (fewer for very short queries), at least
  ``MIN_COPY_COVERAGE`` of the query's tokens in aligned sentences, and a mean pair
  similarity of at least ``MIN_MEAN_SIMILARITY``. A copy keeps the source's sentence order
  for the most part, so the order score must also be at least ``MIN_ORDER``.
- ``related``: some sentences align (shared names and numbers, same story) but not enough for
  a copy.
- ``unrelated``: nothing aligns.

The evidence score used to rank matches is the similarity-weighted share of the query that
aligns into the source: ``coverage_copy * mean_similarity``; it is 1.0 for a verbatim copy.
"""

from __future__ import annotations

from unspun.records import Alignment, Verdict

MIN_PAIRS = 3
MIN_COPY_COVERAGE = 0.35
MIN_MEAN_SIMILARITY = 0.5
MIN_ORDER = 0.8


def evidence_score(al: Alignment) -> float:
    return round(al.coverage_copy * al.mean_similarity, 4)


def verdict(al: Alignment, n_query_sentences: int) -> Verdict:
    if not al.pairs:
        return "unrelated"
    min_pairs = min(MIN_PAIRS, max(1, n_query_sentences // 2))
    if (
        len(al.pairs) >= min_pairs
        and al.coverage_copy >= MIN_COPY_COVERAGE
        and al.mean_similarity >= MIN_MEAN_SIMILARITY
        and al.order >= MIN_ORDER
    ):
        return "copy"
    return "related"
