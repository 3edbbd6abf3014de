"""Which language a text is written in: py3langid, whose model ships inside the package.

A translated copy keeps the source's names and numbers and loses its words; the rewrite type
``translated`` needs the language of each side. Identification is cheap (tens of
microseconds per sentence) and deterministic.
"""

from __future__ import annotations

from typing import Any, NamedTuple

SAMPLE_CHARS = 4000
"""Identification reads the first few thousand characters: enough for a stable answer on any
article, and the cost stays flat on huge pages."""
MIN_LETTERS = 20
"""Below this many letters (a title, a number table) no language is claimed."""


class LanguageGuess(NamedTuple):
    code: str
    """ISO 639-1 code (``en``, ``de``, ``hi``...), or ``und`` when too little text."""
    confidence: float
    """Normalised probability of the best language, 0-1."""


class LanguageIdentifier:
    """Loads py3langid's model on first use; the loaded model lives on this object."""

    def __init__(self) -> None:
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            from py3langid.langid import MODEL_FILE
            from py3langid.langid import LanguageIdentifier as _Model

            self._model = _Model.from_model_file(MODEL_FILE, norm_probs=True)
        return self._model

    def detect(self, text: str) -> LanguageGuess:
        sample = text[:SAMPLE_CHARS]
        if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
            return LanguageGuess("und", 0.0)
        code, prob = self._load().classify(sample)
        return LanguageGuess(str(code), round(float(prob), 4))
