"""Sentence-encoder speed: which tokenizer and how many BLAS threads.

Run ``python -m benchmarks.encoder_speed`` (needs ``unspun[semantic]`` and the shared data).
On sentences of the real shared articles, in one run, it times:

- tokenizing with the package's pure-Python SentencePiece port and with the C++
  ``sentencepiece`` library (and counts sentences whose token ids differ);
- encoding with ``UseEmbedder`` on each tokenizer (the same threads), and the largest
  difference between their vectors;
- encoding with 1 BLAS thread, with the cores available (the default), and with 4 (the
  package's own default).

Every rate is sentences per second of a cold encoder cache (``cache_size=0``), after one
warm-up call that loads the model. Writes ``benchmarks/results/encoder_speed.json``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.common import RESULTS_DIR, write_results
from benchmarks.corpora import load_sources
from unspun.embed import UseEmbedder, _cores, reference_tokenizer
from unspun.segment import segment

RESULTS = RESULTS_DIR / "encoder_speed.json"


def sentences(n: int) -> list[str]:
    out: list[str] = []
    for _, text in load_sources(None):
        seg = segment(text)
        out += [seg.sentence_text(i) for i in range(len(seg.sentences))]
        if len(out) >= n:
            break
    return out[:n]


def rate(emb: UseEmbedder, texts: list[str]) -> tuple[float, np.ndarray]:
    emb.encode(["warm up: the model loads here"])
    t0 = time.perf_counter()
    vecs = emb.encode(texts)
    return len(texts) / (time.perf_counter() - t0), vecs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=3000)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)

    texts = sentences(args.sentences)
    fast = reference_tokenizer()
    if fast is None:
        raise SystemExit("sentencepiece is not installed: pip install 'unspun[semantic]'")
    pure = UseEmbedder(pure_tokenizer=True, cache_size=0)._load()._tokenizer
    times: dict[str, float] = {}
    ids: dict[str, list[list[int]]] = {}
    for name, tok in (("pure-python", pure), ("sentencepiece", fast)):
        t0 = time.perf_counter()
        ids[name] = [tok.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts]
        times[name] = len(texts) / (time.perf_counter() - t0)
    differ = sum(a != b for a, b in zip(ids["pure-python"], ids["sentencepiece"], strict=True))

    cores = _cores()
    enc_pure, v_pure = rate(UseEmbedder(pure_tokenizer=True, cache_size=0), texts)
    enc_fast, v_fast = rate(UseEmbedder(cache_size=0), texts)
    threads = {n: rate(UseEmbedder(threads=n, cache_size=0), texts)[0]
               for n in sorted({1, cores, 4})}

    res = {
        "sentences": len(texts),
        "cores": cores,
        "tokenize_per_s": {k: round(v) for k, v in times.items()},
        "tokenize_speedup": round(times["sentencepiece"] / times["pure-python"], 1),
        "token_ids_differ": differ,
        "encode_per_s": {"pure-python": round(enc_pure), "sentencepiece": round(enc_fast)},
        "encode_speedup": round(enc_fast / enc_pure, 2),
        "vectors_max_abs_diff": float(np.abs(v_pure - v_fast).max()),
        "encode_per_s_by_threads": {str(k): round(v) for k, v in threads.items()},
    }
    print(f"{len(texts)} sentences of the shared articles, {cores} cores")
    print(f"tokenize: pure-python {res['tokenize_per_s']['pure-python']}/s, sentencepiece "
          f"{res['tokenize_per_s']['sentencepiece']}/s ({res['tokenize_speedup']}x); token ids "
          f"differ on {differ} sentences")
    print(f"encode: pure-python tokenizer {enc_pure:.0f}/s, sentencepiece {enc_fast:.0f}/s "
          f"({res['encode_speedup']}x); largest vector difference "
          f"{res['vectors_max_abs_diff']:.2g}")
    print("encode by BLAS threads: " + ", ".join(
        f"{k}: {v}/s" for k, v in res["encode_per_s_by_threads"].items()))
    write_results(args.out, res)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
