"""Align: a copy and a candidate source (``Segmented`` or ``Prepared``) -> ``Alignment``.

Sentence pairs (1:1, 1:2, 2:1) with their similarity, the coverage of each side and the
order of the pairs. The similarity of two sentences weighs content words and anchors
(``similarity``) and thesaurus synonyms (``aligner``), and with a sentence encoder their
cosine and the pair judge (``judge``); the passes that pick the pairs are in ``passes``.
"""

from unspun.align.aligner import Aligner, default_aligner, thesaurus_warning
from unspun.align.passes import increasing_members
from unspun.align.similarity import (
    MIN_MATCHED,
    Prepared,
    SynonymSource,
    combine_similarity,
    merge_bags,
)

__all__ = [
    "MIN_MATCHED",
    "Aligner",
    "Prepared",
    "SynonymSource",
    "combine_similarity",
    "default_aligner",
    "increasing_members",
    "merge_bags",
    "thesaurus_warning",
]
