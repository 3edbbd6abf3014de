"""The integer mixing functions the MinHash signatures and the LSH band keys are built from.

Pinned by ``SIGNATURE_VERSION`` (``minhash.py``): changing any output here changes every
stored signature and band key.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

MASK64 = (1 << 64) - 1
# MurmurHash3's fmix64 multipliers.
_FMIX_C1 = np.uint64(0xFF51AFD7ED558CCD)
_FMIX_C2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)


def splitmix64(x: int) -> int:
    """One step of splitmix64 (Steele et al. 2014): derives seeded constants from integers."""
    x = (x + 0x9E3779B97F4A7C15) & MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK64
    return x ^ (x >> 31)


def multipliers(k: int) -> list[np.uint64]:
    """The fixed odd multipliers K_0..K_{k-1} of the multilinear shingle hash."""
    return [np.uint64(splitmix64(0x5EED0000 + j) | 1) for j in range(k)]


def fmix64(x: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """MurmurHash3's 64-bit finaliser, in place: a bijection with full avalanche."""
    x ^= x >> _S33
    x *= _FMIX_C1
    x ^= x >> _S33
    x *= _FMIX_C2
    x ^= x >> _S33
    return x
