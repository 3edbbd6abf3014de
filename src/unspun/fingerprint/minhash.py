"""Seeded MinHash signatures of word shingles and LSH band keys, vectorised with numpy.

Three steps, each a pure function of its input and of the ``MinHasher``'s seed:

1. **Token hashes** (:meth:`MinHasher.hash_tokens`). A token's UTF-8 bytes are read as
   little-endian 64-bit words ``w_0..w_c`` (the last one zero-padded) and folded into
   ``h = (key ^ len*L ^ w_0) * M``, then ``h = (rotl(h, 27) ^ w_i) * M`` for each further
   word, and finished with MurmurHash3's ``fmix64`` avalanche. ``x -> (h ^ x) * M`` is a
   bijection for odd ``M`` and so is ``fmix64``, so two different tokens of at most 8 bytes
   and equal length never collide; other pairs collide with probability about 2**-64.
   The whole batch is hashed at once: the tokens are joined with NUL into one buffer (C-level
   ``str.join``s, in ``segment.tokens.TokenBytes.joined``), separators are found with one
   numpy comparison, and each token's words are gathered with unaligned 8-byte loads from a
   stride-1 view of that buffer. Tokens that come as byte spans of their texts' UTF-8 form
   (``TokenBytes``, as ``segment.outline`` finds them) are hashed where they lie in the
   joined texts, with no string made per token (``signatures_from_token_bytes``; the same
   bytes, so the same hashes). No Python code runs per token. A per-object ``dict`` cache
   was measured and rejected: on the reference machine one dict lookup through ``map`` costs
   80-110 ns per token, more than this whole step, and a cache would add state that does not
   change any result.
2. **Shingle hashes** (:func:`shingle_hashes`): the k consecutive token hashes ``t_j`` of each
   window are combined as ``sum_j K_j * t_j mod 2**64`` with fixed odd ``K_j``. That is
   multilinear hashing (Lemire & Kaser 2018, "Strongly universal string hashing is fast"): for
   token hashes that look random (they do, after ``fmix64``) two different windows collide
   with probability about 2**-63, and the cost is one multiply and one add per token and
   position, vectorised over the whole batch. A text with fewer than k tokens (but at least
   one) gives one shingle, its missing positions filled with a fixed pad value that no real
   token hash equals except with probability 2**-64.
3. **Signatures** (:meth:`MinHasher.signatures`): *one-permutation hashing with optimal
   densification* (Li, Owen & Zhang 2012; Shrivastava 2017, "Optimal Densification for Fast
   and Accurate Minwise Hashing"). Each shingle hash ``s`` is permuted once,
   ``p = fmix64(s ^ seed_key)`` (a seeded bijection of the 64-bit space); the top bits of
   ``p`` choose one of ``num_perm`` bins and each bin keeps its minimum ``p``. That costs
   O(shingles) instead of the O(shingles * num_perm) of ``num_perm`` independent hash
   functions, which is where the speed comes from. Bins left empty (frequent for short texts:
   a set of n shingles leaves about ``num_perm * exp(-n/num_perm)`` bins empty) are filled by
   optimal densification: empty bin j walks a fixed seeded pseudo-random order of all bins
   (its own permutation, the same for every document) and copies the value of the first
   non-empty bin. For two sets A and B, the first bin in j's order that is non-empty in A u B
   is the same for both; if it is non-empty in both they copy the same bin, and its minimum
   lies in A n B with probability J(A, B); if it is empty in one of them, the two copied
   values come from different shingles and differ. So ``P[sig_A[j] == sig_B[j]] = J`` for
   every j, and because each empty bin has its own independent order the copies are nearly
   independent, which is what makes the variance close to that of ``num_perm`` permutations.
   Walking a full permutation (sampling without replacement) instead of the paper's probing
   with replacement keeps those properties and guarantees termination in ``num_perm`` steps.

A signature is ``num_perm`` uint32 values: the low 32 bits of each bin's minimum ``p`` (an
identifier of which shingle won; two different shingles share it with probability 2**-32).
Real values are capped at ``EMPTY - 1``: ``EMPTY`` (0xFFFFFFFF) in every position marks the
signature of a text without tokens. :func:`jaccard` gives 0.0 when either side is empty, and
callers leave empty signatures out of LSH (:func:`is_empty`), so an empty text never collides.

Everything is integer arithmetic in numpy with explicit little-endian loads, so the same
tokens give the same signature in every process, on every platform, whatever
``PYTHONHASHSEED`` is. Tokens are hashed as given: normalising them (case, Unicode form) is
the segmenter's job.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from unspun.config import FingerprintSettings
from unspun.fingerprint.hashing import MASK64, fmix64, multipliers, splitmix64
from unspun.segment.tokens import TokenBytes

__all__ = [
    "EMPTY",
    "SIGNATURE_VERSION",
    "MinHasher",
    "is_empty",
    "jaccard",
    "shingle_hashes",
]

U64 = NDArray[np.uint64]
U32 = NDArray[np.uint32]

SIGNATURE_VERSION = 1
"""Version of every hash defined here. Signatures and band keys of different versions cannot be
compared, so an index stores this and refuses others; bump it whenever any output changes
(tests pin known outputs)."""

EMPTY = np.uint32(0xFFFFFFFF)
"""Value of every position of the signature of a text without tokens."""
_EMPTY_BIN = np.uint64(MASK64)
_LOW32 = np.uint64(0xFFFFFFFF)

# MurmurHash3's fmix64 multipliers; the word-chain multiplier is Pelle Evensen's rrmxmx
# constant, the length multiplier and pad value wyhash's primes. Any odd constants with
# well-spread bits would do; these are pinned by SIGNATURE_VERSION.
_WORD_MUL = np.uint64(0x9FB21C651E98DF25)
_LEN_MUL = np.uint64(0xA0761D6478BD642F)
_PAD_TOKEN = np.uint64(0xE7037ED1A0B428DB)
_S27 = np.uint64(27)
_S37 = np.uint64(37)
_S32 = np.uint64(32)
# _BYTE_MASKS[n] keeps the low n bytes of a little-endian word (n = 0..8).
_BYTE_MASKS = np.array([(1 << (8 * n)) - 1 for n in range(9)], dtype=np.uint64)

# Work is done in chunks of about this many tokens: small enough that the temporaries stay
# in the CPU caches, large enough that numpy's per-call overhead (about 60 calls a chunk) is
# spread thin. Measured on 600-token texts: 8k tokens 150 ns/token, 16k 123, 64k 99, 128k 99.
_CHUNK_TOKENS = 1 << 16


def _hash_spans(
    buf: bytes, starts: NDArray[np.intp], lengths: NDArray[np.intp], key: np.uint64
) -> U64:
    """Seeded 64-bit hashes of ``buf[s:s+n]`` for each span; ``buf`` ends with 8 spare bytes."""
    # Unaligned little-endian 8-byte loads at every byte offset, as a read-only view.
    words = np.ndarray(shape=(len(buf) - 7,), dtype="<u8", buffer=buf, strides=(1,))
    h = lengths.astype(np.uint64)
    h *= _LEN_MUL
    h ^= key
    first = words[starts]
    first &= _BYTE_MASKS[np.minimum(lengths, 8)]
    h ^= first
    h *= _WORD_MUL
    rest = np.flatnonzero(lengths > 8)  # tokens longer than one word (a minority)
    offset = 8
    while rest.size:
        remaining = lengths[rest] - offset
        part = h[rest]
        part = (part << _S27) | (part >> _S37)
        part ^= words[starts[rest] + offset] & _BYTE_MASKS[np.minimum(remaining, 8)]
        part *= _WORD_MUL
        h[rest] = part
        rest = rest[remaining > 8]
        offset += 8
    return fmix64(h)


def _hash_token_bytes(texts: Sequence[TokenBytes], key: np.uint64) -> U64:
    """Token hashes of texts given as ``TokenBytes``, in order."""
    if not texts:
        return np.empty(0, dtype=np.uint64)
    offsets = np.cumsum([0, *(len(t.data) for t in texts[:-1])]).tolist()
    starts = np.concatenate([t.starts + o for t, o in zip(texts, offsets, strict=True)])
    lengths = np.concatenate([t.lengths for t in texts])
    return _hash_spans(b"".join(t.data for t in texts) + bytes(8), starts, lengths, key)


def _windows(
    token_hashes: U64, counts: NDArray[np.intp], k: int, stride: int = 1
) -> tuple[U64, NDArray[np.intp], U64, NDArray[np.intp]]:
    """Shingle hashes of consecutive documents of ``counts`` tokens each, with their documents.

    Returns ``(full, full_doc, short, short_doc)``. ``full[p]`` hashes tokens p..p+k-1 of the
    concatenation and ``full_doc[p]`` is ``stride`` times the document it lies in, or
    ``stride * len(counts)`` where the window crosses into the next document (those are
    computed and then ignored: cheaper than compacting). ``short`` holds the one padded
    shingle of each document with 0 < n < k tokens, and ``short_doc`` their ``stride *
    document``.
    """
    mult = multipliers(k)
    n_windows = max(len(token_hashes) - k + 1, 0)
    full = token_hashes[:n_windows] * mult[0]
    tmp = np.empty_like(full)
    for j in range(1, k):
        np.multiply(token_hashes[j : j + n_windows], mult[j], out=tmp)
        full += tmp
    n_docs = len(counts)
    full_doc = np.repeat(np.arange(0, n_docs * stride, stride, dtype=np.intp), counts)
    full_doc = full_doc[:n_windows]
    ends = np.cumsum(counts)
    # The last k-1 window starts of each document cross its end (for a short document they
    # reach back into earlier documents' last k-1 starts, which are bad anyway).
    crossing = (ends[:, None] - np.arange(1, k, dtype=np.intp)[None, :]).ravel()
    full_doc[crossing[(crossing >= 0) & (crossing < n_windows)]] = n_docs * stride
    short_doc = np.flatnonzero((counts > 0) & (counts < k))
    short = np.empty(len(short_doc), dtype=np.uint64)
    if short_doc.size:
        positions = (ends[short_doc] - counts[short_doc])[:, None] + np.arange(k)[None, :]
        inside = np.arange(k)[None, :] < counts[short_doc][:, None]
        members = np.where(inside, token_hashes[np.where(inside, positions, 0)], _PAD_TOKEN)
        members *= np.array(mult, dtype=np.uint64)[None, :]
        short = members.sum(axis=1, dtype=np.uint64)  # wraps mod 2**64, like the loop above
    return full, full_doc, short, short_doc * stride


def shingle_hashes(token_hashes: NDArray[np.uint64], k: int) -> U64:
    """Sorted distinct 64-bit hashes of the k-token windows of one text's token hashes.

    A text with fewer than k tokens (but at least one) gives one shingle of all its tokens,
    the missing positions filled with a fixed pad value; an empty text gives an empty array.
    """
    _check_shingle(k)
    hashes = np.ascontiguousarray(token_hashes, dtype=np.uint64)
    if hashes.size == 0:
        return np.empty(0, dtype=np.uint64)
    full, _, short, _ = _windows(hashes, np.array([hashes.size], dtype=np.intp), k)
    return np.unique(short if hashes.size < k else full)


def _check_shingle(k: int) -> None:
    if k < 1:
        raise ValueError(f"shingle size must be at least 1, got {k}")


def _chunks(counts: NDArray[np.intp]) -> list[tuple[int, int]]:
    """Consecutive ``[start, stop)`` runs of documents holding about _CHUNK_TOKENS tokens."""
    if len(counts) == 0:
        return []
    cumulative = np.cumsum(counts)
    bounds = [0]
    while bounds[-1] < len(counts):
        before = int(cumulative[bounds[-1] - 1]) if bounds[-1] else 0
        stop = int(np.searchsorted(cumulative, before + _CHUNK_TOKENS, side="right"))
        bounds.append(min(max(stop, bounds[-1] + 1), len(counts)))
    return list(zip(bounds[:-1], bounds[1:], strict=True))


class MinHasher:
    """Seeded MinHash (one-permutation hashing, optimal densification) over word shingles.

    Owns the number of bins, the seed and everything derived from them (the seeded keys and
    the densification orders); it holds no cache and never changes after construction, so it
    is safe to share between threads and cheap to pickle to worker processes. Construction
    costs O(num_perm**2 log num_perm) (a millisecond at 128 bins): build one and reuse it.
    """

    __slots__ = ("_bin_shift", "_order", "_perm_key", "_token_key", "num_perm", "seed")

    def __init__(self, num_perm: int = 128, seed: int = 1) -> None:
        if not 1 <= num_perm <= 1 << 12:
            raise ValueError(f"num_perm must be between 1 and 4096, got {num_perm}")
        self.num_perm = num_perm
        self.seed = seed
        base = splitmix64(seed & MASK64)
        self._token_key = np.uint64(splitmix64(base ^ 0x70CE))
        self._perm_key = np.uint64(splitmix64(base ^ 0x9E12))
        # For a power of two the bin is the top bits of p; otherwise ((p >> 32) * m) >> 32 maps
        # the top 32 bits onto [0, m) (Lemire's multiply-shift range reduction). Both keep the
        # bins in the order of p, so a bin's minimum is the minimum of the text within the bin.
        power_of_two = num_perm & (num_perm - 1) == 0
        self._bin_shift = 64 - (num_perm.bit_length() - 1) if power_of_two else 0
        # Row j: the order in which empty bin j looks for a donor, a seeded permutation of all
        # bins obtained by sorting hashed cell numbers (a stable sort of integers is the same
        # everywhere; numpy's Generator streams are not promised to stay the same).
        cells = np.arange(num_perm * num_perm, dtype=np.uint64)
        cells ^= np.uint64(splitmix64(base ^ 0xDE45))
        keys = fmix64(cells).reshape(num_perm, num_perm)
        # int16 keeps the table small (32 KiB at 128 bins, 32 MiB at the 4096 maximum).
        self._order = np.argsort(keys, axis=1, kind="stable").astype(np.int16)

    @classmethod
    def from_settings(cls, settings: FingerprintSettings) -> MinHasher:
        return cls(num_perm=settings.num_perm, seed=settings.seed)

    def __repr__(self) -> str:
        return f"MinHasher(num_perm={self.num_perm}, seed={self.seed})"

    # -- tokens and shingles ---------------------------------------------------------------

    def hash_tokens(self, tokens: Sequence[str]) -> U64:
        """One seeded 64-bit hash per token, in order."""
        return _hash_token_bytes([TokenBytes.of_norms(tokens)], self._token_key)

    def shingles(self, tokens: Sequence[str], k: int) -> U64:
        """Sorted distinct shingle hashes of a token sequence: ``shingle_hashes`` of its tokens."""
        return shingle_hashes(self.hash_tokens(tokens), k)

    # -- signatures --------------------------------------------------------------------------

    def signature(self, shingles: NDArray[np.uint64]) -> U32:
        """The signature (``num_perm`` uint32) of one text's shingle hashes."""
        result: U32 = self.signatures([shingles])[0]
        return result

    def signatures(self, batch: Sequence[NDArray[np.uint64]]) -> U32:
        """Signatures of many texts' shingle hashes at once, shape ``(len(batch), num_perm)``.

        Duplicate shingle hashes are allowed and change nothing.
        """
        out = np.empty((len(batch), self.num_perm), dtype=np.uint32)
        counts = np.fromiter(map(len, batch), dtype=np.intp, count=len(batch))
        for start, stop in _chunks(counts):
            chunk = [np.asarray(s, dtype=np.uint64).ravel() for s in batch[start:stop]]
            flat = np.concatenate(chunk)
            slots = np.arange(0, (stop - start) * self.num_perm, self.num_perm, dtype=np.intp)
            out[start:stop] = self._sign(stop - start, flat, np.repeat(slots, counts[start:stop]))
        return out

    def signature_from_tokens(self, tokens: Sequence[str], k: int) -> U32:
        """The signature of one text's word k-shingles, from its tokens."""
        result: U32 = self.signatures_from_tokens([tokens], k)[0]
        return result

    def signatures_from_tokens(self, token_lists: Sequence[Sequence[str]], k: int) -> U32:
        """Signatures of many texts' word k-shingles, shape ``(len(token_lists), num_perm)``.

        Equal to ``signatures([shingles(t, k) for t in token_lists])``, and several times
        faster: every step runs over a chunk of texts at once, and windows are not deduplicated
        (a repeated shingle cannot change a minimum).
        """
        counts = np.fromiter(map(len, token_lists), dtype=np.intp, count=len(token_lists))

        def hashes(start: int, stop: int) -> U64:
            return _hash_token_bytes([TokenBytes.joined(token_lists[start:stop])],
                                     self._token_key)

        return self._signatures_of_tokens(counts, hashes, k)

    def signatures_from_token_bytes(self, texts: Sequence[TokenBytes], k: int) -> U32:
        """``signatures_from_tokens`` of texts whose tokens come as byte spans (``TokenBytes``,
        as ``segment.outline`` finds them): the same signatures, without a string per token."""
        counts = np.fromiter((len(t.starts) for t in texts), dtype=np.intp, count=len(texts))

        def hashes(start: int, stop: int) -> U64:
            return _hash_token_bytes(texts[start:stop], self._token_key)

        return self._signatures_of_tokens(counts, hashes, k)

    def _signatures_of_tokens(self, counts: NDArray[np.intp],
                              hashes: Callable[[int, int], U64], k: int) -> U32:
        """Signatures of word k-shingles of texts of ``counts`` tokens, chunk by chunk;
        ``hashes(start, stop)`` gives the token hashes of texts ``start:stop``, in order."""
        _check_shingle(k)
        out = np.empty((len(counts), self.num_perm), dtype=np.uint32)
        for start, stop in _chunks(counts):
            full, full_doc, short, short_doc = _windows(hashes(start, stop), counts[start:stop],
                                                        k, self.num_perm)
            out[start:stop] = self._sign(stop - start, full, full_doc, short, short_doc)
        return out

    def _sign(self, n_docs: int, *runs: np.ndarray) -> U32:
        """Signatures of ``n_docs`` texts from pairs (shingle hashes, ``num_perm * document``).

        A window whose slot is ``num_perm * n_docs`` lands in an extra row that is dropped.
        """
        m = self.num_perm
        mins = np.full((n_docs + 1) * m, _EMPTY_BIN, dtype=np.uint64)
        for shingles, slots in zip(runs[::2], runs[1::2], strict=True):
            if not len(shingles):
                continue
            p = shingles ^ self._perm_key
            fmix64(p)
            if self._bin_shift:
                bins = (p >> np.uint64(self._bin_shift)).view(np.int64)
            else:
                bins = (((p >> _S32) * np.uint64(m)) >> _S32).view(np.int64)
            bins += slots
            np.minimum.at(mins, bins, p)
        table = mins[: n_docs * m].reshape(n_docs, m)
        values = np.minimum(table & _LOW32, np.uint64(EMPTY - 1)).astype(np.uint32)
        filled = table != _EMPTY_BIN
        n_filled = filled.sum(axis=1)
        values[n_filled == 0] = EMPTY
        sparse = np.flatnonzero((n_filled > 0) & (n_filled < m))
        if sparse.size:
            rows, holes = np.nonzero(~filled[sparse])
            rows = sparse[rows]
            values[rows, holes] = values[rows, self._donors(filled, rows, holes)]
        return values

    def _donors(
        self, filled: NDArray[np.bool_], rows: NDArray[np.intp], holes: NDArray[np.intp]
    ) -> NDArray[np.intp]:
        """For each empty bin (row, hole), the first filled bin of that row in the hole's order."""
        donors = np.empty(len(rows), dtype=np.intp)
        todo = np.arange(len(rows))
        # Most texts have few empty bins, so nearly all are settled by the first few probes;
        # widening blocks bound the work for very sparse (short) texts as well.
        lo = 0
        for hi in (4, 32, self.num_perm):
            if lo >= self.num_perm or not todo.size:
                break
            hi = min(hi, self.num_perm)
            candidates = self._order[holes[todo], lo:hi]
            hit = filled[rows[todo, None], candidates]
            found = hit.any(axis=1)
            first = hit.argmax(axis=1)
            donors[todo[found]] = candidates[found, first[found]]
            todo = todo[~found]
            lo = hi
        return donors


def is_empty(signatures: NDArray[np.uint32]) -> NDArray[np.bool_] | bool:
    """Whether each signature (or the one signature) is that of a text without tokens."""
    sig = np.asarray(signatures)
    result = sig[..., 0] == EMPTY
    return bool(result) if result.ndim == 0 else result


def jaccard(sig_a: NDArray[np.uint32], sig_b: NDArray[np.uint32]) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures.

    The share of positions where they agree (unbiased, see the module docstring); 0.0 when
    either text was empty, so an empty text is similar to nothing.
    """
    a = np.asarray(sig_a)
    b = np.asarray(sig_b)
    if a.ndim != 1 or a.shape != b.shape:
        raise ValueError(f"need two signatures of equal length, got shapes {a.shape}, {b.shape}")
    if a.size == 0 or a[0] == EMPTY or b[0] == EMPTY:
        return 0.0
    return float(np.count_nonzero(a == b)) / a.size
