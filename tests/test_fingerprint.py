"""Tests for unspun.fingerprint: determinism, estimator accuracy, LSH, edge cases."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.config import FingerprintSettings
from unspun.fingerprint import (
    EMPTY,
    SIGNATURE_VERSION,
    MinHasher,
    band_keys,
    is_empty,
    jaccard,
    lsh_params,
    shingle_hashes,
)

SRC = Path(__file__).resolve().parents[1] / "src"
SENTENCE = (
    "Nick Marro, an analyst at the Economist Intelligence Unit, said top foreign-trained "
    "researchers were weighing offers from universities in Singapore and Hong Kong"
)
TEXT = SENTENCE.split(" ")


@pytest.fixture(scope="module")
def hasher() -> MinHasher:
    return MinHasher(num_perm=128, seed=1)


def random_docs(
    rng: np.random.Generator, n_docs: int, words: int, vocab: int = 2000
) -> list[list[str]]:
    return [[f"w{i}" for i in rng.integers(0, vocab, words)] for _ in range(n_docs)]


def sets_with_jaccard(
    rng: np.random.Generator, size: int, target: float
) -> tuple[np.ndarray, np.ndarray, float]:
    """Two random sets of ``size`` shingle hashes with a Jaccard as close to target as can be."""
    shared = round(2 * size * target / (1 + target))
    pool = rng.integers(0, 2**64, 2 * size - shared, dtype=np.uint64)
    a = pool[:size]
    b = np.concatenate([pool[:shared], pool[size:]])
    return a, b, shared / (2 * size - shared)


# -- tokens and shingles -------------------------------------------------------------------


def test_token_hashes_are_seeded_uint64_and_deterministic(hasher: MinHasher) -> None:
    first = hasher.hash_tokens(TEXT)
    assert first.dtype == np.uint64 and first.shape == (len(TEXT),)
    assert np.array_equal(first, MinHasher(128, seed=1).hash_tokens(TEXT))
    assert not np.array_equal(first, MinHasher(128, seed=2).hash_tokens(TEXT))
    assert hasher.hash_tokens([]).shape == (0,)
    # A token hashes the same wherever it stands and whatever surrounds it.
    assert hasher.hash_tokens(["Nick"])[0] == first[0] == hasher.hash_tokens(TEXT[::-1])[-1]


def test_distinct_tokens_get_distinct_hashes(hasher: MinHasher) -> None:
    letters = "ab\x00é"
    short = [a + b + c for a in letters for b in letters for c in letters]
    short += [a + b for a in letters for b in letters] + list(letters) + [""]
    long = ["x" * n for n in range(1, 40)] + ["international" + s for s in ("", "e", "ly", "ism")]
    long += ["abcdefgh" + c for c in "abcdefgh"] + ["abcdefgh\x00", "abcdefgh\x00\x00"]
    tokens = sorted(set(short + long))
    assert len(np.unique(hasher.hash_tokens(tokens))) == len(tokens)


def test_tokens_containing_nul_hash_like_everywhere_else(hasher: MinHasher) -> None:
    # A NUL inside a token makes the batch take the slow path; hashes must not change.
    plain = hasher.hash_tokens(["abc", "de", "a much longer token, yes"])
    mixed = hasher.hash_tokens(["abc", "de", "a much longer token, yes", "x\x00y"])
    assert np.array_equal(plain, mixed[:3])
    assert hasher.hash_tokens(["a"])[0] != hasher.hash_tokens(["a\x00"])[0]


def test_shingles_of_long_short_and_empty_texts(hasher: MinHasher) -> None:
    tokens = hasher.hash_tokens(TEXT)
    shingles = shingle_hashes(tokens, 5)
    assert shingles.dtype == np.uint64
    assert len(shingles) == len(TEXT) - 4
    assert np.all(np.diff(shingles.astype(object)) > 0)  # sorted and distinct
    # Fewer tokens than k: one shingle of all of them, which depends on their order.
    assert len(shingle_hashes(tokens[:3], 5)) == 1
    assert shingle_hashes(tokens[:3], 5)[0] != shingle_hashes(tokens[2::-1], 5)[0]
    assert shingle_hashes(tokens[:1], 5)[0] != shingle_hashes(tokens[:2], 5)[0]
    assert shingle_hashes(np.empty(0, dtype=np.uint64), 5).shape == (0,)
    # Repeated windows count once; k=1 shingles are the distinct tokens.
    repeated = hasher.hash_tokens(["a", "b"] * 10)
    assert len(shingle_hashes(repeated, 3)) == 2
    assert len(shingle_hashes(repeated, 1)) == 2
    with pytest.raises(ValueError, match="shingle size"):
        shingle_hashes(tokens, 0)


def test_shingles_depend_on_order_within_the_window(hasher: MinHasher) -> None:
    a = shingle_hashes(hasher.hash_tokens(["the", "cat", "sat"]), 3)
    b = shingle_hashes(hasher.hash_tokens(["sat", "cat", "the"]), 3)
    c = shingle_hashes(hasher.hash_tokens(["the", "the", "cat"]), 3)
    d = shingle_hashes(hasher.hash_tokens(["the", "cat", "cat"]), 3)
    assert len({a[0], b[0], c[0], d[0]}) == 4


# -- signatures ----------------------------------------------------------------------------


def test_signature_shape_dtype_and_determinism(hasher: MinHasher) -> None:
    sig = hasher.signature_from_tokens(TEXT, 5)
    assert sig.shape == (128,) and sig.dtype == np.uint32
    assert np.array_equal(
        sig, MinHasher.from_settings(FingerprintSettings()).signature_from_tokens(TEXT, 5)
    )
    assert not np.array_equal(sig, MinHasher(128, seed=2).signature_from_tokens(TEXT, 5))
    assert not is_empty(sig)
    assert np.all(sig != EMPTY)
    assert jaccard(sig, sig) == 1.0


def test_batch_equals_one_by_one_and_staged_path(hasher: MinHasher) -> None:
    rng = np.random.default_rng(3)
    docs = random_docs(rng, 40, 300)
    docs += [[], ["one"], ["two", "words"], ["x\x00y", "a", "b", "c", "d", "e"], TEXT, []]
    docs += [[f"t{i}" for i in range(n)] for n in range(1, 9)]
    batch = hasher.signatures_from_tokens(docs, 5)
    assert batch.shape == (len(docs), 128) and batch.dtype == np.uint32
    staged = hasher.signatures([hasher.shingles(d, 5) for d in docs])
    assert np.array_equal(batch, staged)
    for doc, row in zip(docs, batch, strict=True):
        assert np.array_equal(hasher.signature_from_tokens(doc, 5), row)
        assert np.array_equal(hasher.signature(hasher.shingles(doc, 5)), row)


def test_batches_larger_than_a_chunk_match(hasher: MinHasher) -> None:
    rng = np.random.default_rng(4)
    docs = random_docs(rng, 300, 700)  # 210,000 tokens: several chunks
    batch = hasher.signatures_from_tokens(docs, 5)
    assert np.array_equal(batch[::37], hasher.signatures_from_tokens(docs[::37], 5))


def test_duplicate_and_reordered_shingles_change_nothing(hasher: MinHasher) -> None:
    shingles = hasher.shingles(TEXT, 5)
    noisy = np.concatenate([shingles[::-1], shingles[:5]])
    assert np.array_equal(hasher.signature(shingles), hasher.signature(noisy))


def test_empty_text_never_collides(hasher: MinHasher) -> None:
    sigs = hasher.signatures_from_tokens([[], TEXT, []], 5)
    empty = sigs[0]
    assert np.all(empty == EMPTY)
    assert list(is_empty(sigs)) == [True, False, True]
    assert jaccard(empty, empty) == 0.0
    assert jaccard(empty, sigs[1]) == 0.0 and jaccard(sigs[1], empty) == 0.0
    assert np.array_equal(hasher.signature(np.empty(0, dtype=np.uint64)), empty)
    keys = band_keys(sigs, 32, 4)
    assert not set(keys[0]) & set(keys[1])


def test_short_texts_fill_every_bin(hasher: MinHasher) -> None:
    for n in (1, 2, 4, 5, 6, 20):
        sig = hasher.signature_from_tokens([f"w{i}" for i in range(n)], 5)
        assert np.all(sig != EMPTY)
        assert len(np.unique(sig)) <= max(n - 4, 1)  # densification copies existing values


def test_jaccard_rejects_mismatched_signatures(hasher: MinHasher) -> None:
    with pytest.raises(ValueError, match="equal length"):
        jaccard(hasher.signature_from_tokens(TEXT, 5), MinHasher(64).signature_from_tokens(TEXT, 5))


def test_hasher_survives_pickling(hasher: MinHasher) -> None:
    # Process pools and Dask ship the hasher to workers.
    clone = pickle.loads(pickle.dumps(hasher))
    assert repr(clone) == repr(hasher)
    assert np.array_equal(
        clone.signature_from_tokens(TEXT, 5), hasher.signature_from_tokens(TEXT, 5)
    )


def test_constructor_validates() -> None:
    with pytest.raises(ValueError, match="num_perm"):
        MinHasher(num_perm=0)
    with pytest.raises(ValueError, match="shingle size"):
        MinHasher().signatures_from_tokens([TEXT], 0)


# -- estimator accuracy ---------------------------------------------------------------------


@pytest.mark.parametrize("target", [0.1, 0.3, 0.5, 0.8])
@pytest.mark.parametrize(("low", "high"), [(300, 1500), (10, 30)])
def test_jaccard_estimates_are_accurate_and_unbiased(
    hasher: MinHasher, target: float, low: int, high: int
) -> None:
    rng = np.random.default_rng(int(target * 100) + low)
    lefts, rights, exact = [], [], []
    for _ in range(300):
        a, b, j = sets_with_jaccard(rng, int(rng.integers(low, high + 1)), target)
        lefts.append(a)
        rights.append(b)
        exact.append(j)
    sig_a, sig_b = hasher.signatures(lefts), hasher.signatures(rights)
    estimates = np.array([jaccard(x, y) for x, y in zip(sig_a, sig_b, strict=True)])
    errors = estimates - np.array(exact)
    # 128 independent permutations give a standard deviation of sqrt(J(1-J)/128) <= 0.044,
    # so a mean absolute error of about 0.035; densification of small sets costs a little.
    assert np.abs(errors).mean() < 0.05
    assert abs(errors.mean()) < 0.01  # the mean of 300 errors: about 4 standard errors


def test_estimates_without_power_of_two_bins() -> None:
    hasher = MinHasher(num_perm=100, seed=9)
    rng = np.random.default_rng(5)
    errors = []
    for size in rng.integers(20, 400, 200):
        a, b, j = sets_with_jaccard(rng, int(size), 0.5)
        errors.append(jaccard(hasher.signature(a), hasher.signature(b)) - j)
    assert hasher.signature(a).shape == (100,)
    assert np.abs(errors).mean() < 0.06 and abs(np.mean(errors)) < 0.015


# -- determinism across processes ------------------------------------------------------------

_CHILD = """
import hashlib, json, sys
from unspun.fingerprint import MinHasher, band_keys
tokens = json.loads(sys.argv[1])
h = MinHasher(128, seed=7)
sig = h.signatures_from_tokens([tokens, tokens[:3], []], 5)
out = {
    "tokens": h.hash_tokens(tokens).tolist(),
    "sig": sig.tolist(),
    "keys": band_keys(sig, 32, 4).tolist(),
}
print(json.dumps(out))
"""


def test_same_signature_in_other_processes_whatever_the_hash_seed() -> None:
    tokens = [*TEXT, "naïve", "日本語のテキスト", "x" * 30]
    results = []
    for hash_seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(SRC)}
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, json.dumps(tokens)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(done.stdout))
    assert results[0] == results[1] == results[2]
    here = MinHasher(128, seed=7)
    assert results[0]["tokens"] == here.hash_tokens(tokens).tolist()
    assert results[0]["sig"] == here.signatures_from_tokens([tokens, tokens[:3], []], 5).tolist()


def test_known_outputs_are_pinned() -> None:
    """Stored signatures must stay comparable: change these only with SIGNATURE_VERSION."""
    hasher = MinHasher(128, seed=1)
    sigs = hasher.signatures_from_tokens([TEXT, TEXT[:3]], 5)
    digest = hashlib.sha256(
        hasher.hash_tokens(TEXT).astype("<u8").tobytes()
        + sigs.astype("<u4").tobytes()
        + band_keys(sigs, 37, 3).astype("<i8").tobytes()
    ).hexdigest()
    assert SIGNATURE_VERSION == 1
    assert digest == PINNED_DIGEST


PINNED_DIGEST = "8789a71ac40f51dd6c9a6817000628f27d38c518b8d28d276f16075974538c56"


# -- LSH ------------------------------------------------------------------------------------


@pytest.mark.parametrize("num_perm", [64, 128, 256])
@pytest.mark.parametrize("threshold", [0.2, 0.25, 0.3, 0.5, 0.7, 0.8, 0.9])
def test_lsh_params_put_the_s_curve_at_the_threshold(num_perm: int, threshold: float) -> None:
    bands, rows = lsh_params(threshold, num_perm)
    assert bands >= 1 and rows >= 1 and bands * rows <= num_perm
    assert abs((1 / bands) ** (1 / rows) - threshold) < 0.08


def test_lsh_params_follow_the_weights() -> None:
    # Weighting false positives up moves the S-curve's midpoint right, and vice versa.
    def midpoint(fp: float, fn: float) -> float:
        bands, rows = lsh_params(0.5, 128, fp, fn)
        return float((1 / bands) ** (1 / rows))

    assert midpoint(0.9, 0.1) > midpoint(0.5, 0.5) > midpoint(0.1, 0.9)
    assert lsh_params(0.3, 128) == lsh_params(0.3, 128)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.1, 1.5])
def test_lsh_params_reject_bad_thresholds(bad: float) -> None:
    with pytest.raises(ValueError, match="threshold"):
        lsh_params(bad, 128)


def test_band_keys_shape_and_band_number(hasher: MinHasher) -> None:
    sigs = hasher.signatures_from_tokens([TEXT, TEXT[:10]], 5)
    keys = band_keys(sigs, 37, 3)
    assert keys.shape == (2, 37) and keys.dtype == np.int64
    assert np.array_equal(keys, band_keys(sigs.copy(), 37, 3))
    assert np.array_equal(band_keys(sigs[0], 37, 3)[0], keys[0])
    # Equal rows in different bands still give different keys.
    constant = np.full((1, 128), 12345, dtype=np.uint32)
    assert len(set(band_keys(constant, 32, 4)[0])) == 32
    with pytest.raises(ValueError, match="bands"):
        band_keys(sigs, 50, 3)


def test_identical_texts_collide_in_every_band(hasher: MinHasher) -> None:
    docs = random_docs(np.random.default_rng(6), 20, 200)
    bands, rows = lsh_params(0.3, 128)
    first = band_keys(hasher.signatures_from_tokens(docs, 5), bands, rows)
    again = band_keys(hasher.signatures_from_tokens([list(d) for d in docs], 5), bands, rows)
    assert np.array_equal(first, again)


def test_disjoint_texts_almost_never_collide(hasher: MinHasher) -> None:
    rng = np.random.default_rng(7)
    # Each text has its own vocabulary, so no two share a shingle.
    docs = [[f"d{d}w{i}" for i in rng.integers(0, 500, 150)] for d in range(300)]
    bands, rows = lsh_params(0.3, 128)
    keys = band_keys(hasher.signatures_from_tokens(docs, 5), bands, rows)
    shared = sum(len(keys[:, b]) - len(np.unique(keys[:, b])) for b in range(bands))
    assert shared == 0


def test_near_duplicates_collide(hasher: MinHasher) -> None:
    rng = np.random.default_rng(8)
    docs = random_docs(rng, 50, 400, vocab=20_000)
    copies = []
    for doc in docs:  # change 3% of the words: 5-shingle Jaccard about 0.75
        copy = list(doc)
        for i in rng.choice(len(copy), len(copy) * 3 // 100, replace=False):
            copy[i] = "changed"
        copies.append(copy)
    bands, rows = lsh_params(0.3, 128)
    a = band_keys(hasher.signatures_from_tokens(docs, 5), bands, rows)
    b = band_keys(hasher.signatures_from_tokens(copies, 5), bands, rows)
    assert np.all((a == b).any(axis=1))


# -- any input ------------------------------------------------------------------------------

tokens_strategy = st.lists(
    st.one_of(st.text(max_size=12), st.text(st.characters(codec=None), max_size=30)),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(tokens=tokens_strategy, k=st.integers(1, 6))
def test_any_tokens_give_a_signature(tokens: list[str], k: int) -> None:
    hasher = MinHasher(num_perm=32, seed=3)
    sig = hasher.signature_from_tokens(tokens, k)
    assert sig.shape == (32,) and sig.dtype == np.uint32
    assert bool(is_empty(sig)) == (not tokens)
    assert np.array_equal(sig, hasher.signature(hasher.shingles(tokens, k)))
    assert np.array_equal(sig, hasher.signatures_from_tokens([[], tokens, ["z"]], k)[1])
    hashes = hasher.hash_tokens(tokens)
    assert hashes.shape == (len(tokens),) and hashes.dtype == np.uint64
    # Equal tokens hash equally, different ones differently.
    assert len(set(hashes.tolist())) == len(set(tokens))


def test_the_index_and_the_crawl_fingerprint_a_text_alike(tmp_path):
    """One fingerprint function: an indexed source and the same page in a crawl get the same
    signatures and band keys (with the same settings)."""
    from unspun.api import text_doc
    from unspun.config import FingerprintSettings
    from unspun.families import ClusterSettings
    from unspun.families.pairs import prepare_batch
    from unspun.index import Index
    from unspun.segment import segment

    text = ("Harbour officials said on Monday that 47 container ships were waiting off "
            "Nordhaven, the longest queue since 2021, as a dispute over crane crews went on.")
    fs = FingerprintSettings(word_threshold=0.2, anchor_threshold=0.2)
    with Index(tmp_path / "ix", create=True, fingerprint=fs) as idx:
        indexed = idx.fingerprint(segment(text))
    ((_, crawled),) = prepare_batch([text_doc(text)], ClusterSettings(fingerprint=fs))
    for field in ("word_sig", "anchor_sig", "word_keys", "anchor_keys"):
        assert (getattr(indexed, field) == getattr(crawled, field)).all(), field
    assert indexed.terms == crawled.terms and indexed.n_tokens == crawled.n_tokens
