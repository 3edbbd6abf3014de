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


@dataclass(frozen=True, slots=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    fingerprint: FingerprintSettings = field(default_factory=FingerprintSettings)
    retrieve: RetrieveSettings = field(default_factory=RetrieveSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
