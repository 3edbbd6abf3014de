"""Explain: an ``Alignment`` -> edit scripts per pair (``edits``, on the token alignment of
``diff`` and the substitution flags of ``flags``), injected spam (``spam``, on the text units
of ``units``), and a ``Match`` or ``Report`` built from an alignment (``match``)."""

from unspun.explain.edits import edit_script, rank_evidence
from unspun.explain.match import (
    Aligned,
    explain_alignment,
    explain_match,
    injected_spans,
    match_report,
    scored_matches,
)
from unspun.lexicon.tortured import TorturedPhrases
from unspun.records import Edit

__all__ = [
    "Aligned",
    "Edit",
    "TorturedPhrases",
    "edit_script",
    "explain_alignment",
    "explain_match",
    "injected_spans",
    "match_report",
    "rank_evidence",
    "scored_matches",
]
