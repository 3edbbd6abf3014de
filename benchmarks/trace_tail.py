"""The slow tail of tracing, measured so that two versions of the code can be compared.

    python -m benchmarks.trace_tail ../scale-work/lexical [--repeats 3]

On a shared machine one pass of ``benchmarks/scale.py --trace-only`` moves its p95 by a tenth
between runs of the same code, more than most speed-ups move it. This script traces the scale
benchmark's queries (the same seeded set, 347 pages) against an index built by that
benchmark: once to warm the page cache and the thesaurus's word cache, then ``--repeats``
times each, each time by a new retriever (a cold source cache, as a fresh process has), and
keeps the fastest time per query: interference only ever adds time, so the minimum is the
code's own cost. It prints the sum of those minima and their p50 / p95.

To compare two versions, run it at each commit in turn (``git checkout``), twice each,
alternating; the figures in docs/scale.md were made that way. Writes nothing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from benchmarks.scale import SEED, queries, split_sources
from unspun.api import text_doc
from unspun.engine.tuning import tune_collector
from unspun.index import Index
from unspun.retrieve import Retriever


def tail(index_dir: Path, repeats: int, copied: int = 40, negatives: int = 60
         ) -> dict[str, float]:
    bases, held_out = split_sources(negatives)
    texts = [q[0] for q in queries(bases, copied, held_out, SEED)]
    with Index(index_dir) as idx:
        retriever = Retriever.for_index(idx)
        for text in texts:
            retriever.trace(text_doc(text), top=5)
        aligner = retriever.aligner
        best = []
        for text in texts:
            times = []
            for _ in range(repeats):
                fresh = Retriever(idx, aligner)
                t0 = time.perf_counter()
                fresh.trace(text_doc(text), top=5)
                times.append(time.perf_counter() - t0)
            best.append(min(times))
    return {"queries": len(best), "sum_of_minima_s": round(float(np.sum(best)), 2),
            "p50_s": round(float(np.percentile(best, 50)), 3),
            "p95_s": round(float(np.percentile(best, 95)), 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("index", type=Path, help="an index folder built by benchmarks/scale.py")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    tune_collector()  # as the command line runs (unspun.engine.tuning)
    r = tail(args.index, args.repeats)
    print(f"{r['queries']} queries, fastest of {args.repeats} traces each: sum "
          f"{r['sum_of_minima_s']:.2f} s, p50 {r['p50_s']:.3f} s, p95 {r['p95_s']:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
