"""Which language a text is written in: py3langid, whose model ships inside the package.

A translated copy keeps the source's names and numbers and loses its words; the rewrite type
``translated`` needs the language of each side. Identification is cheap (tens of
microseconds per sentence) and deterministic.
"""

from __future__ import annotations

import threading
from typing import Any, NamedTuple

SAMPLE_CHARS = 4000
"""Identification reads the first few thousand characters: enough for a stable answer on any
article, and the cost stays flat on huge pages."""
REMEMBERED = 64
"""Answers kept (oldest dropped first)."""
MIN_LETTERS = 20
"""Below this many letters (a title, a number table) no language is claimed."""


class LanguageGuess(NamedTuple):
    code: str
    """ISO 639-1 code (``en``, ``de``, ``hi``...), or ``und`` when too little text."""
    confidence: float
    """Normalised probability of the best language, 0-1."""


def different_languages(a: str, b: str) -> bool:
    """Two language codes that are both identified (not ``und``) and differ: a translation."""
    return "und" not in (a, b) and a != b


class LanguageIdentifier:
    """Loads py3langid's model on first use; the loaded model lives on this object."""

    def __init__(self) -> None:
        self._model: Any = None
        self._seen: dict[str, LanguageGuess] = {}
        self._lock = threading.Lock()  # the web app's threads share one identifier

    def __getstate__(self) -> dict[str, object]:
        return {}  # a copy in another process loads the model again, with no lock to share

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__()  # type: ignore[misc]

    def _load(self) -> Any:
        if self._model is None:
            from py3langid.langid import MODEL_FILE
            from py3langid.langid import LanguageIdentifier as _Model

            self._model = _Model.from_model_file(MODEL_FILE, norm_probs=True)
        return self._model

    def detect(self, text: str) -> LanguageGuess:
        """The language of ``text``; the last few answers are remembered, since a trace asks
        about its query and its candidates more than once (20 ms a page)."""
        sample = text[:SAMPLE_CHARS]
        got = self._seen.get(sample)
        if got is None:
            got = self._detect(sample)
            with self._lock:
                if len(self._seen) >= REMEMBERED:
                    self._seen.pop(next(iter(self._seen)))
                self._seen[sample] = got
        return got

    def _detect(self, sample: str) -> LanguageGuess:
        if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
            return LanguageGuess("und", 0.0)
        code, prob = self._load().classify(sample)
        return LanguageGuess(str(code), round(float(prob), 4))
