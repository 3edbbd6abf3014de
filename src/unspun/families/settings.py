"""Settings of the cluster stage: inert data with defaults in one place."""

from __future__ import annotations

from dataclasses import dataclass, field

from unspun.config import ExtractSettings, FingerprintSettings, IngestSettings


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    fingerprint: FingerprintSettings = field(
        default_factory=lambda: FingerprintSettings(word_threshold=0.05, anchor_threshold=0.1))
    """The index's fingerprints with much lower LSH thresholds, since every candidate is
    verified and ``max_candidates`` bounds the verifications per page. Real copies take
    a few paragraphs of a page or reword it: on the wild-dev pages word 5-shingles at 0.2 and
    anchor 3-shingles at 0.2 made 67 of 144 copy-original pairs candidates, 0.05 and 0.1 made
    115 (with 593 candidate pairs for 400 pages instead of 197)."""
    max_bucket: int = 64
    """An LSH bucket holding more documents than this is a shared template or boilerplate,
    not a family; it gives no pairs (its members still meet through their other bands)."""
    max_candidates: int = 20
    """Per document, only its best candidates by estimated Jaccard are verified (a pair is
    kept when it is among the best of either side), which bounds aligner calls per page."""
    min_pair_coverage: float = 0.5
    """A pair joins a family only when the copy verdict holds and at least this share of the
    copy's tokens aligns: a crawl holds many pages of one site, which share boilerplate
    sentences (a disclaimer is a run of twelve identical words), and a page that quotes a
    passage of another is not its copy. At 0.3 three generated families of one site merged
    (``benchmarks/cluster.py``); on the wild-dev pages 0.3 and 0.5 give ARI 0.757 and 0.766."""
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
