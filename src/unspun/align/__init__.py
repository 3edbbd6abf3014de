"""Align: a copy and a candidate source (``Segmented`` or ``Prepared``) -> ``Alignment``.

Sentence pairs (1:1, 1:2, 2:1) with their similarity, the coverage of each side and the
order of the pairs. The similarity of two sentences weighs content words, anchors and
thesaurus synonyms (``aligner``), and with a sentence encoder their cosine and the pair
judge (``judge``).
"""

from unspun.align.aligner import (
    MIN_MATCHED,
    Aligner,
    Prepared,
    SynonymSource,
    combine_similarity,
    default_aligner,
    increasing_members,
    thesaurus_warning,
)

__all__ = [
    "MIN_MATCHED",
    "Aligner",
    "Prepared",
    "SynonymSource",
    "combine_similarity",
    "default_aligner",
    "increasing_members",
    "thesaurus_warning",
]
