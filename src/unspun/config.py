"""Settings: inert, typed data with defaults in one place, overridable per call."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class IngestSettings:
    max_bytes: int = 20 * 1024 * 1024
    """Inputs larger than this are refused (with a per-file error) rather than read."""


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    favor_precision: bool = True
    """trafilatura's precision mode, with a fallback to its default mode when precision keeps
    under half of the default's words: word 4-gram F1 0.967 on the Zyte set and 0.901 on
    WCXB-dev, against 0.953 and 0.898 for trafilatura's defaults (benchmarks/extraction.py)."""
    include_comments: bool = False
    """trafilatura keeps comments by default; a comment section is not the article."""


@dataclass(frozen=True, slots=True)
class FingerprintSettings:
    num_perm: int = 128
    word_shingle: int = 5
    anchor_shingle: int = 3
    seed: int = 1
    word_threshold: float = 0.3
    """Jaccard of word 5-shingles at which a pair should collide with probability ~1/2."""
    anchor_threshold: float = 0.25
    """Same for anchor 3-shingles; spun copies keep most anchors but not all their order."""


@dataclass(frozen=True, slots=True)
class RetrieveSettings:
    anchor_candidates: int = 20
    """How many sources the IDF-weighted anchor overlap contributes."""
    rerank: int = 10
    """How many candidates are aligned in full to re-rank them."""
    top: int = 5
    """How many matches a report keeps."""


@dataclass(frozen=True, slots=True)
class AlignSettings:
    min_similarity: float = 0.35
    """A copy sentence aligns to a source sentence only at or above this similarity."""
    use_synonyms: bool = True
    pair_judge: bool = True
    """With an embedder, a pair whose cosine reaches the pair judge's gate may also score the
    judge's probability that it is a paraphrase, when that is higher than the combination
    below (``unspun.align.judge``: the cosine and MT-metric-style surface features in a logistic
    model fitted on MSRP train). It can only raise a pair: the judge learnt MSRP's strict
    sense of paraphrase, and a copy sentence that drops a clause must still align. Ignored
    with an encoder the judge was not fitted on."""
    semantic_weight: float = 1.0
    """With an embedder, a pair scores at least ``max(l, (1 - w) * l + w * clip((c - f) /
    (1 - f), 0, 1))`` for lexical similarity ``l`` and cosine ``c``
    (``unspun.align.combine_similarity``).
    w = 1, f = 0 (plain ``max(l, c)``) has the best MSRP train AUC of the grid w in 0..1,
    f in 0..0.6 (0.771, against 0.770 for the cosine alone and 0.737 for the lexical score;
    val 0.781 / 0.781 / 0.727, ``benchmarks/msrp.py``). The threshold stays
    ``min_similarity``: a cosine of 0.35 is above the 99th percentile of unrelated MSRP
    sentence pairs (0.31), and such a pair must still share ``MIN_MATCHED`` words."""
    cosine_floor: float = 0.0
    """``f`` above: a higher floor lowers every cosine's credit, and lowered train AUC."""
    semantic_alone: float = 0.8
    """A pair that shares less than ``MIN_MATCHED`` words aligns on its cosine alone at or
    above this: on MSRP train, cosine >= 0.8 is a paraphrase 86% of the time even among its
    hard, same-story negatives, while unrelated pairs stay under 0.5 (99.9th percentile)."""


@dataclass(frozen=True, slots=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    fingerprint: FingerprintSettings = field(default_factory=FingerprintSettings)
    retrieve: RetrieveSettings = field(default_factory=RetrieveSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
