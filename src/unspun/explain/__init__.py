"""Explain a rewrite: what the copier changed inside each aligned pair."""

from __future__ import annotations

from unspun.explain.edits import Edit, TorturedIndex, edit_script, rank_evidence

__all__ = ["Edit", "TorturedIndex", "edit_script", "rank_evidence"]
