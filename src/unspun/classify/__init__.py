"""Classify: an ``Alignment`` -> a verdict (copy, related, unrelated) and its evidence score
(``verdict``); an explained copy -> its rewrite type (``rewrite``)."""

from unspun.classify.rewrite import pair_rewrite, rewrite, rewrite_features
from unspun.classify.verdict import evidence_score, verdict

__all__ = ["evidence_score", "pair_rewrite", "rewrite", "rewrite_features", "verdict"]
