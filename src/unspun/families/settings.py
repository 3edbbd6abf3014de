"""Settings of the cluster stage: inert data with defaults in one place."""

from __future__ import annotations

from dataclasses import dataclass, field

from unspun.config import ExtractSettings, FingerprintSettings, IngestSettings


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    fingerprint: FingerprintSettings = field(
        default_factory=lambda: FingerprintSettings(word_threshold=0.2, anchor_threshold=0.2))
    """The index's fingerprints with lower LSH thresholds. Word 5-shingles at 0.2 (retrieval:
    0.3): an excerpt of 20% of a page has Jaccard about 0.2 with it, and every candidate is
    verified anyway. Anchor 3-shingles at 0.2: spun copies share few word shingles but keep
    their names and numbers, so both channels give candidates."""
    max_bucket: int = 64
    """An LSH bucket holding more documents than this is a shared template or boilerplate,
    not a family; it gives no pairs (its members still meet through their other bands)."""
    max_candidates: int = 20
    """Per document, only its best candidates by estimated Jaccard are verified (a pair is
    kept when it is among the best of either side), which bounds aligner calls per page."""
    min_pair_coverage: float = 0.5
    """A pair joins a family only when the copy verdict holds and at least this share of the
    copy's tokens aligns: a copy takes most of its text from its source, while an independent
    article on the same story shares some facts and quotes (0.43 for two reports of one
    court case in the Zyte set; 0.95 for the paraphrased seed)."""
    root_candidates: int = 50
    """Families up to this size compare every member as a candidate root; larger ones their
    this-many best-connected members (every member is aligned to the root afterwards)."""
    contain: float = 0.7
    """The original must hold at least this share of every other member's text (injected
    spam left out): copies cover part of the original, an original is not covered by less."""
    batch_docs: int = 64
    """Documents per extract/fingerprint task."""
    batch_pairs: int = 64
    """Candidate pairs per verification task."""
    reports: bool = True
    """Write a side-by-side HTML report per family member."""
