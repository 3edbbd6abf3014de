"""Fingerprint: ``Segmented`` -> ``Fingerprint`` (MinHash signatures of word shingles and of
anchor-term shingles, their LSH band keys, the distinct anchor terms).

``fingerprint`` is the one function the index and the crawl both call, so that a source
and a crawled page are fingerprinted bit for bit alike. ``minhash`` holds the signatures,
``lsh`` the band parameters and keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from unspun.config import FingerprintSettings
from unspun.fingerprint.lsh import band_keys, lsh_params
from unspun.fingerprint.minhash import (
    EMPTY,
    SIGNATURE_VERSION,
    MinHasher,
    is_empty,
    jaccard,
    shingle_hashes,
)
from unspun.records import Fingerprint, LshChannel, Outline, Segmented
from unspun.segment import anchor_terms
from unspun.segment.tokens import TokenBytes

__all__ = [
    "EMPTY",
    "SIGNATURE_VERSION",
    "Fingerprinter",
    "MinHasher",
    "band_keys",
    "fingerprint",
    "is_empty",
    "jaccard",
    "lsh_params",
    "shingle_hashes",
    "signature_band_keys",
]


class Fingerprinter:
    """The hasher and the LSH bands of one ``FingerprintSettings``, built once (a few ms)."""

    def __init__(self, settings: FingerprintSettings) -> None:
        self.settings = settings
        self.hasher = MinHasher.from_settings(settings)
        self.word_bands = lsh_params(settings.word_threshold, settings.num_perm)
        self.anchor_bands = lsh_params(settings.anchor_threshold, settings.num_perm)

    def __call__(self, segs: Sequence[Segmented | Outline]) -> list[Fingerprint]:
        """Fingerprints of many texts at once (the hasher is vectorised over the batch)."""
        fs = self.settings
        words = [s.words if isinstance(s, Outline) else TokenBytes.of_norms(s.norms)
                 for s in segs]
        term_lists = [anchor_terms(s.anchors) for s in segs]
        word_sigs = self.hasher.signatures_from_token_bytes(words, fs.word_shingle)
        anchor_sigs = self.hasher.signatures_from_tokens(term_lists, fs.anchor_shingle)
        word_keys = band_keys(word_sigs, *self.word_bands)
        anchor_keys = band_keys(anchor_sigs, *self.anchor_bands)
        return [
            Fingerprint(word_sig=word_sigs[i], anchor_sig=anchor_sigs[i],
                        word_keys=word_keys[i], anchor_keys=anchor_keys[i],
                        terms=frozenset(terms), n_tokens=len(words[i].starts))
            for i, terms in enumerate(term_lists)
        ]


@lru_cache(maxsize=8)
def _fingerprinter(settings: FingerprintSettings) -> Fingerprinter:
    return Fingerprinter(settings)


def fingerprint(
    segs: Sequence[Segmented | Outline], settings: FingerprintSettings
) -> list[Fingerprint]:
    """The fingerprints of ``segs`` under ``settings`` (the hasher and bands of each distinct
    settings are built once per process and kept: they never change a result). A
    ``Segmented`` and the ``Outline`` of the same text give the same fingerprint."""
    if not segs:
        return []
    return _fingerprinter(settings)(segs)


def signature_band_keys(word_sig: np.ndarray, anchor_sig: np.ndarray,
                        settings: FingerprintSettings) -> tuple[tuple[LshChannel, np.ndarray], ...]:
    """The band keys of each channel's signature under ``settings``: the keys a source's LSH
    rows were written with, recomputed from its stored signatures (where ``band_keys()`` of
    its ``Fingerprint`` gave none, for a channel without shingles, these are keys it has no
    rows under)."""
    fp = _fingerprinter(settings)
    return (("word", band_keys(word_sig, *fp.word_bands)[0]),
            ("anchor", band_keys(anchor_sig, *fp.anchor_bands)[0]))
