"""The anchor-overlap postings budget (``unspun.retrieve.POSTINGS_BUDGET``) against no budget,
same queries, same index, same run: the retrieval stage's latency and where each query's true
source ranks among the candidates.

    python -m benchmarks.postings_budget ../scale-work/lexical [--budgets 1000000000,50000]

The queries are ``benchmarks/scale.py``'s copies of indexed articles (translations left out:
the lexical stage cannot find them); the index is one that ``benchmarks/scale.py`` built.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import benchmarks.scale as scale
from unspun.index import Index
from unspun.segment import segment


def main(argv: list[str] | None = None) -> int:
    import unspun.retrieve as retrieve

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("index", type=Path)
    ap.add_argument("--budgets", default="1000000000,50000")
    args = ap.parse_args(argv)
    defaults = scale.parse_args([])
    bases, negatives = scale.split_sources(defaults.negatives)
    qs = [q for q in scale.queries(bases, defaults.copied, negatives, scale.SEED)
          if q[2] is not None and q[1] != "translated"]
    with Index(args.index) as idx:
        print(f"{len(qs)} queries, {idx.count} sources")
        for budget in (int(b) for b in args.budgets.split(",")):
            retrieve.POSTINGS_BUDGET = budget
            r = retrieve.Retriever.for_index(idx)
            times, top1, top10 = [], 0, 0
            for text, _, truth, _ in qs:
                t0 = time.perf_counter()
                ids = [c.doc_id for c in r.candidates(segment(text))[:10]]
                times.append(time.perf_counter() - t0)
                top1 += bool(ids) and ids[0] == truth
                top10 += truth in ids
            times.sort()
            print(f"budget {budget:>12,}: true source first {top1}/{len(qs)}, in the top 10 "
                  f"{top10}/{len(qs)}; retrieval p50 {times[len(times) // 2]:.3f} s, "
                  f"p95 {times[int(len(times) * 0.95)]:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
