"""Locality-sensitive hashing over MinHash signatures: the bands and rows that best separate
pairs at a Jaccard threshold, and one key per band."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from unspun.fingerprint.hashing import fmix64, multipliers, splitmix64

__all__ = ["band_keys", "lsh_params"]


# -- LSH -----------------------------------------------------------------------------------
#
# With b bands of r rows, two texts of Jaccard s share at least one band key with probability
#     P(s) = 1 - (1 - s**r)**b                                   (the "S-curve")
# (Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3.4). For a threshold t,
# the false-positive mass is the area under P below t and the false-negative mass the area
# above P beyond t:
#     FP(b, r) = integral_0^t  P(s) ds,      FN(b, r) = integral_t^1 (1 - P(s)) ds,
# and we pick the (b, r) with b*r <= num_perm minimising w_fp*FP + w_fn*FN, the criterion of
# datasketch's MinHashLSH (datasketch/lsh.py, `_optimal_param`). Our own code: every (b, r) is
# scored at once with Gauss-Legendre quadrature (64 nodes per interval; the integrands are
# smooth polynomials of degree b*r in s, and 64 nodes are exact to well under 1e-6 here).


def lsh_params(
    threshold: float,
    num_perm: int,
    false_positive_weight: float = 0.5,
    false_negative_weight: float = 0.5,
) -> tuple[int, int]:
    """Bands and rows ``(b, r)``, ``b * r <= num_perm``, best separating pairs at ``threshold``."""
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"LSH threshold must lie strictly between 0 and 1, got {threshold}")
    if num_perm < 1:
        raise ValueError(f"num_perm must be at least 1, got {num_perm}")
    if false_positive_weight < 0 or false_negative_weight < 0:
        raise ValueError("false positive and false negative weights must not be negative")
    bands_list, rows_list = [], []
    for r in range(1, num_perm + 1):
        for b in range(1, num_perm // r + 1):
            bands_list.append(b)
            rows_list.append(r)
    bands = np.array(bands_list, dtype=np.float64)[:, None]
    rows = np.array(rows_list, dtype=np.float64)[:, None]
    nodes, weights = np.polynomial.legendre.leggauss(64)

    def area(lo: float, hi: float, false_negative: bool) -> NDArray[np.float64]:
        s = (nodes + 1.0) * (hi - lo) / 2.0 + lo
        miss = (1.0 - s[None, :] ** rows) ** bands  # 1 - P(s)
        integrand = miss if false_negative else 1.0 - miss
        result: NDArray[np.float64] = integrand @ weights * (hi - lo) / 2.0
        return result

    cost = false_positive_weight * area(0.0, threshold, False) + false_negative_weight * area(
        threshold, 1.0, True
    )
    best = int(np.argmin(cost))  # first minimum in (r, b) order: deterministic
    return bands_list[best], rows_list[best]


def band_keys(signatures: NDArray[np.uint32], bands: int, rows: int) -> NDArray[np.int64]:
    """One signed 64-bit key per band, shape ``(n, bands)``, for signatures ``(n, num_perm)``.

    A single signature ``(num_perm,)`` gives shape ``(1, bands)``. Values past
    ``bands * rows`` are not used.

    Key i hashes rows ``i*rows .. (i+1)*rows - 1`` together with i (multilinear, then
    ``fmix64``), so equal rows in different bands give different keys, and equal bands give
    equal keys. Signed so SQLite can store them. Leave empty signatures (:func:`is_empty`) out
    of LSH: all of them share their keys.
    """
    sig = np.asarray(signatures)
    if sig.ndim == 1:
        sig = sig[None, :]
    if bands < 1 or rows < 1 or bands * rows > sig.shape[1]:
        raise ValueError(
            f"{bands} bands of {rows} rows need {bands * rows} values; signatures have"
            f" {sig.shape[1]}"
        )
    blocks = sig[:, : bands * rows].reshape(sig.shape[0], bands, rows).astype(np.uint64)
    mult = multipliers(rows + 1)
    acc = np.empty((sig.shape[0], bands), dtype=np.uint64)
    acc[:] = np.array([splitmix64(0xBA4D0000 + i) for i in range(bands)], dtype=np.uint64)
    for j in range(rows):
        acc += blocks[:, :, j] * mult[j + 1]
    fmix64(acc)
    return acc.view(np.int64)
