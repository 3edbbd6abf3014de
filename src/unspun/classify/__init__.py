"""Classify: an ``Alignment`` -> a verdict (copy, related, unrelated) with the probability and
evidence features behind it (``verdict``, ``evidence``, ``model``); an explained copy -> its
rewrite type (``rewrite``)."""

from unspun.classify.evidence import TextEvidence, evidence_features, text_evidence
from unspun.classify.model import VerdictModel, default_model
from unspun.classify.rewrite import pair_rewrite, rewrite, rewrite_features, with_extent
from unspun.classify.verdict import (
    Assessment,
    assess,
    evidence_score,
    extent,
    is_copy,
    words_only,
)

__all__ = [
    "Assessment",
    "TextEvidence",
    "VerdictModel",
    "assess",
    "default_model",
    "evidence_features",
    "evidence_score",
    "extent",
    "is_copy",
    "pair_rewrite",
    "rewrite",
    "rewrite_features",
    "text_evidence",
    "with_extent",
    "words_only",
]
