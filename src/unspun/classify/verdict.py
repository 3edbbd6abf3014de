"""Verdicts from alignment evidence: is the query a copy of this source, related, or unrelated?

- ``copy``: a run of ``REUSE_RUN`` identical words outside quotations, or the verdict model
  (``unspun.classify.model``, fitted on real labelled pages) gives the pair a probability of
  copying at or above its threshold, reading the evidence
  features of ``unspun.classify.evidence``: the source's own wording outside quotations,
  sentence-by-sentence correspondence, and evidence that this source holds and the query's
  other candidates do not. With sentence vectors, pairs can align on meaning alone, and two
  independent texts on one subject share meaning sentence by sentence too, so the model reads
  what the words alone support (the pairs whose lexical similarity reaches ``LEXICAL_PAIR``);
  a copy in another language, where words cannot match, is judged on meaning: rendering the
  source sentence after sentence, at least ``MIN_PAIRS`` pairs covering
  ``MIN_SEMANTIC_COVERAGE`` of the query, in order, with a mean similarity of at least
  ``MIN_SEMANTIC_SIMILARITY``.
- ``related``: some sentences align on their words (shared names and numbers, same story)
  but not enough for a copy.
- ``unrelated``: nothing aligns, or within one language only meaning does (two texts on one
  subject share meaning without sharing a story).

A copy is ``whole`` when its aligned sentences hold at least ``WHOLE_COVERAGE`` of the page,
else ``partial``: a page that lifts some paragraphs of a source and adds its own.

The evidence score shown beside the probability is the similarity-weighted share of the
query that aligns into the source: ``coverage_copy * mean_similarity`` (1.0 for a verbatim
copy).
"""


from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from unspun.align import increasing_members
from unspun.classify.evidence import TextEvidence, evidence_features
from unspun.classify.model import VerdictModel, default_model
from unspun.records import Alignment, Extent, Verdict

MIN_PAIRS = 3
MIN_ORDER = 0.8
REUSE_RUN = 12
"""Twelve identical words in a row, outside quotations, inside an aligned pair: text reuse
whatever else the page holds. On the wild-dev pages 76 of 133 true sources have such a run
and 6 of 563 candidates of independent same-story articles do (4 of them between pages
their notes say carry one agency's text); the verdict model weighs shorter runs."""
WHOLE_COVERAGE = 0.6
"""Of the wild-dev copies labelled ``mixed`` (part copied, part other text) that are found,
15 of 21 have under 60% of their text aligned; of the others 57 of 79 have more (many
near-verbatim copies run past the opening of their original that the set holds:
``benchmarks/wild.py``, ``extent_by_rewrite``)."""
LEXICAL_PAIR = 0.35
"""A pair the words alone support: the aligner's own threshold (``AlignSettings``)."""
MIN_SEMANTIC_COVERAGE = 0.6
MIN_SEMANTIC_SIMILARITY = 0.71
"""The cosine that best separates MSRP train paraphrases from their same-story
non-paraphrases (accuracy 0.733; median cosine 0.82 for paraphrases, 0.69 for the others)."""


def evidence_score(al: Alignment) -> float:
    return round(al.coverage_copy * al.mean_similarity, 4)


@dataclass(frozen=True, slots=True)
class Assessment:
    """A verdict with the probability and the features behind it."""

    verdict: Verdict
    probability: float
    features: dict[str, float]


def assess(
    al: Alignment,
    query: TextEvidence,
    source: TextEvidence,
    *,
    others: Sequence[tuple[TextEvidence, Alignment]] = (),
    model: VerdictModel | None = None,
    cross_language: bool = False,
) -> Assessment:
    """The verdict on one (query, source) alignment. ``others``: the query's other candidate
    sources and their alignments (see ``evidence_features``); ``cross_language``: the two
    texts are in different languages, so meaning may decide."""
    words = words_only(al)
    if not al.pairs or not (words.pairs or cross_language):
        # nothing aligns, or only meaning does within one language: texts on one subject
        # share meaning without sharing a story (a funding round and a museum opening)
        return Assessment("unrelated", 0.0, {})
    model = model or default_model()
    feats = evidence_features(query, source, words, [(t, words_only(a)) for t, a in others])
    p = model.probability(feats)
    copied = is_copy(p, feats, model.threshold) or (cross_language and _copied_meaning(al))
    return Assessment("copy" if copied else "related", round(p, 4), feats)


def is_copy(probability: float, features: Mapping[str, float], threshold: float) -> bool:
    """The decision on one pair: the model's probability at or above its threshold, or a run
    of REUSE_RUN identical words outside quotations (text reuse on its own)."""
    return probability >= threshold or features.get("verbatim_run", 0.0) >= REUSE_RUN


def extent(al: Alignment) -> Extent:
    """``whole`` when the aligned sentences hold at least WHOLE_COVERAGE of the page."""
    return "whole" if al.coverage_copy >= WHOLE_COVERAGE else "partial"


def _copied_meaning(al: Alignment) -> bool:
    return (
        len(al.pairs) >= MIN_PAIRS
        and al.coverage_copy >= MIN_SEMANTIC_COVERAGE
        and al.mean_similarity >= MIN_SEMANTIC_SIMILARITY
        and al.order >= MIN_ORDER
    )


def words_only(al: Alignment) -> Alignment:
    """The part of an alignment the words alone support: the pairs whose lexical similarity
    reaches ``LEXICAL_PAIR``, scored by it (the alignment itself when it is words-only).
    Coverage is scaled by those pairs' share of the aligned copy characters (pairs keep
    spans, not token counts)."""
    if al.words is not None:
        return al.words
    if al.mean_lexical is None:
        return al
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
