"""MinHash signature speed and agreement: unspun's MinHasher against datasketch, same shingles.

Run ``python -m benchmarks.minhash_speed`` (``--help`` for sizes). It generates synthetic
documents from a seeded Zipfian vocabulary, then prints signatures per second of

* datasketch ``MinHash`` (``update_batch``, permutations generated once and reused, which is
  its fastest documented use) fed the shingles as UTF-8 byte strings built before timing, so
  it is timed on hashing only, on a subset of the documents because it is slow;
* unspun from token lists (token hashing and shingling included: conservative for us);
* unspun from precomputed shingle hashes (the like-for-like comparison with datasketch);
* rensa (a Rust MinHash) on the same byte shingles, when it is installed, for reference;

and how far the Jaccard estimates of unspun and datasketch lie from each other and from the
exact Jaccard on pairs of documents with known edits. Every timing is the best of a few
interleaved repeats in this one process, so background load hits all contenders alike.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

import numpy as np

from benchmarks.common import best_time, shingle_strings
from unspun.fingerprint import MinHasher, jaccard


def measure_signature_speed(
    token_lists: list[list[str]],
    num_perm: int = 128,
    k: int = 5,
    *,
    datasketch_docs: int = 300,
    repeats: int = 3,
    seed: int = 1,
) -> dict[str, float]:
    """Signatures per second of datasketch and unspun on the same documents and shingles.

    Returns ``datasketch_sigs_per_s``, ``unspun_sigs_per_s`` (from token lists),
    ``unspun_from_shingles_sigs_per_s`` and ``speedup`` (unspun from token lists over
    datasketch), plus ``speedup_from_shingles`` and, when rensa is installed,
    ``rensa_sigs_per_s``. datasketch is timed on the first ``datasketch_docs`` documents.
    """
    from datasketch import MinHash

    subset = token_lists[:datasketch_docs]
    byte_shingles = [shingle_strings(tokens, k) for tokens in subset]
    template = MinHash(num_perm=num_perm, seed=seed)

    def run_datasketch() -> None:
        for shingles in byte_shingles:
            minhash = MinHash(
                num_perm=num_perm,
                seed=seed,
                permutations=template.permutations,
                scheme=template.scheme,
            )
            minhash.update_batch(shingles)

    hasher = MinHasher(num_perm=num_perm, seed=seed)
    shingle_hashes = [hasher.shingles(tokens, k) for tokens in token_lists]

    contenders: dict[str, tuple[Callable[[], object], int]] = {
        "datasketch_sigs_per_s": (run_datasketch, len(subset)),
        "unspun_sigs_per_s": (
            lambda: hasher.signatures_from_tokens(token_lists, k),
            len(token_lists),
        ),
        "unspun_from_shingles_sigs_per_s": (
            lambda: hasher.signatures(shingle_hashes),
            len(token_lists),
        ),
    }
    try:
        from rensa import RMinHash
    except ImportError:
        pass
    else:
        text_shingles = [[s.decode() for s in shingles] for shingles in byte_shingles]

        def run_rensa() -> None:
            for shingles in text_shingles:
                minhash = RMinHash(num_perm=num_perm, seed=seed)
                minhash.update(shingles)
                minhash.digest()

        contenders["rensa_sigs_per_s"] = (run_rensa, len(subset))

    best = dict.fromkeys(contenders, float("inf"))
    for _ in range(repeats):  # interleaved, so a burst of background load hits everyone
        for name, (fn, _) in contenders.items():
            best[name] = min(best[name], best_time(fn, 1))
    result = {name: n_docs / best[name] for name, (_, n_docs) in contenders.items()}
    result["speedup"] = result["unspun_sigs_per_s"] / result["datasketch_sigs_per_s"]
    result["speedup_from_shingles"] = (
        result["unspun_from_shingles_sigs_per_s"] / result["datasketch_sigs_per_s"]
    )
    return result


def measure_jaccard_agreement(
    pairs: Sequence[tuple[list[str], list[str]]], num_perm: int = 128, k: int = 5, seed: int = 1
) -> dict[str, float]:
    """Mean absolute differences between unspun's, datasketch's and the exact Jaccard."""
    from datasketch import MinHash

    hasher = MinHasher(num_perm=num_perm, seed=seed)
    ours, theirs, exact = [], [], []
    for a, b in pairs:
        ours.append(jaccard(hasher.signature_from_tokens(a, k), hasher.signature_from_tokens(b, k)))
        sets = [set(shingle_strings(t, k)) for t in (a, b)]
        exact.append(len(sets[0] & sets[1]) / len(sets[0] | sets[1]))
        sketches = []
        for shingles in sets:
            minhash = MinHash(num_perm=num_perm, seed=seed)
            minhash.update_batch(list(shingles))
            sketches.append(minhash)
        theirs.append(sketches[0].jaccard(sketches[1]))
    o, t, e = np.array(ours), np.array(theirs), np.array(exact)
    return {
        "pairs": float(len(pairs)),
        "mean_exact_jaccard": float(e.mean()),
        "unspun_vs_datasketch": float(np.abs(o - t).mean()),
        "unspun_vs_exact": float(np.abs(o - e).mean()),
        "datasketch_vs_exact": float(np.abs(t - e).mean()),
        "unspun_bias": float((o - e).mean()),
        "datasketch_bias": float((t - e).mean()),
    }


def synthetic_documents(
    n_docs: int = 10_000, words: int = 600, vocabulary: int = 50_000, seed: int = 0
) -> list[list[str]]:
    """Documents of about ``words`` tokens drawn from a Zipfian (s=1.1) random vocabulary."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    lengths = np.clip(rng.poisson(4.7, vocabulary), 1, 18)  # about English word lengths
    vocab = ["".join(rng.choice(letters, n)) for n in lengths]
    weights = 1.0 / np.arange(1, vocabulary + 1) ** 1.1
    cdf = np.cumsum(weights / weights.sum())
    doc_lengths = rng.integers(words * 2 // 3, words * 4 // 3 + 1, n_docs)
    ids = np.minimum(np.searchsorted(cdf, rng.random(int(doc_lengths.sum()))), vocabulary - 1)
    flat = [vocab[i] for i in ids.tolist()]
    bounds = np.concatenate([[0], np.cumsum(doc_lengths)]).tolist()
    return [flat[bounds[i] : bounds[i + 1]] for i in range(n_docs)]


def edited_pairs(
    docs: Sequence[list[str]], n_pairs: int = 200, seed: int = 0
) -> list[tuple[list[str], list[str]]]:
    """Pairs (document, copy with a share of its tokens replaced), spanning Jaccard 0-1."""
    rng = np.random.default_rng(seed)
    vocab = sorted({w for d in docs[:200] for w in d})
    pairs = []
    for i in range(n_pairs):
        doc = docs[i % len(docs)]
        rate = (0.01, 0.03, 0.06, 0.1, 0.2, 0.4)[i % 6]
        copy = list(doc)
        for j in np.flatnonzero(rng.random(len(copy)) < rate):
            copy[j] = vocab[rng.integers(len(vocab))]
        pairs.append((doc, copy))
    return pairs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--num-perm", type=int, default=128)
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument("--datasketch-docs", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    docs = synthetic_documents(args.docs, args.words)
    n_tokens = sum(map(len, docs))
    print(
        f"{len(docs)} documents, {n_tokens / len(docs):.0f} tokens each on average,"
        f" {args.num_perm} permutations, word {args.k}-shingles"
    )
    speed = measure_signature_speed(
        docs, args.num_perm, args.k, datasketch_docs=args.datasketch_docs, repeats=args.repeats
    )
    base = speed["datasketch_sigs_per_s"]
    rows = [
        ("datasketch MinHash (byte shingles)", "datasketch_sigs_per_s"),
        ("rensa RMinHash (str shingles)", "rensa_sigs_per_s"),
        ("unspun, from token lists", "unspun_sigs_per_s"),
        ("unspun, from shingle hashes", "unspun_from_shingles_sigs_per_s"),
    ]
    print(f"\n{'method':38} {'signatures/s':>14} {'x datasketch':>13}")
    for label, key in rows:
        if key in speed:
            print(f"{label:38} {speed[key]:14,.0f} {speed[key] / base:13.1f}")

    agreement = measure_jaccard_agreement(edited_pairs(docs, args.pairs), args.num_perm, args.k)
    print(
        f"\nJaccard on {agreement['pairs']:.0f} edited pairs"
        f" (mean exact Jaccard {agreement['mean_exact_jaccard']:.3f}), mean |difference|:"
    )
    print(f"  unspun vs datasketch  {agreement['unspun_vs_datasketch']:.4f}")
    print(
        f"  unspun vs exact       {agreement['unspun_vs_exact']:.4f}"
        f"  (bias {agreement['unspun_bias']:+.4f})"
    )
    print(
        f"  datasketch vs exact   {agreement['datasketch_vs_exact']:.4f}"
        f"  (bias {agreement['datasketch_bias']:+.4f})"
    )


if __name__ == "__main__":
    main()
