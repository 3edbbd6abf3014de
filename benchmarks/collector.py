"""Trace latency under CPython's default garbage-collector thresholds and under unspun's.

    python -m benchmarks.collector ../scale-work/lexical [--rounds 2]

Traces the scale benchmark's queries (the same seeded set as ``benchmarks/trace_tail.py``:
347 pages, a tenth of them held-out negatives, whose ten long candidates make the slowest
traces) against an index built by ``benchmarks/scale.py``, one pass per setting per round,
the two settings alternating in one process so that background load hits both alike. Each
pass starts with a full collection and a new retriever (a cold source cache, as
``scale.py`` traces). The settings:

- ``default``: CPython's thresholds, (700, 10, 10);
- ``tuned``: ``unspun.engine.tuning.COLLECTOR_THRESHOLDS``, what the command line, ``unspun
  serve`` and pool workers run with.

Prints and writes (``--out``, default ``benchmarks/results/collector.json``) per setting the
latency p50 / p95 / p99 of all its passes pooled, each pass's p95, the CPU seconds of a pass,
the full collections made during it and the CPU seconds they took; and the ratios tuned /
default.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.common import RESULTS_DIR, write_results
from benchmarks.scale import SEED, queries, split_sources
from unspun.api import text_doc
from unspun.engine.tuning import COLLECTOR_THRESHOLDS
from unspun.index import Index
from unspun.retrieve import Retriever

SETTINGS: dict[str, tuple[int, int, int]] = {"default": (700, 10, 10),
                                              "tuned": COLLECTOR_THRESHOLDS}


class _FullCollections:
    """CPU seconds spent in full (generation 2) collections, from the collector's callbacks."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._start: float | None = None

    def __call__(self, phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._start = time.process_time()
        elif self._start is not None:
            self.seconds += time.process_time() - self._start
            self._start = None


def run(index_dir: Path, rounds: int, copied: int = 40, negatives: int = 60) -> dict:
    bases, held_out = split_sources(negatives)
    texts = [q[0] for q in queries(bases, copied, held_out, SEED)]
    latencies: dict[str, list[float]] = {name: [] for name in SETTINGS}
    passes: dict[str, list[dict]] = {name: [] for name in SETTINGS}
    with Index(index_dir) as idx:
        warm = Retriever.for_index(idx)
        for text in texts:  # the thesaurus, the models and the page cache, loaded once
            warm.trace(text_doc(text), top=5)
        aligner = warm.aligner
        del warm
        for r in range(rounds):
            for name, thresholds in SETTINGS.items():
                gc.set_threshold(*thresholds)
                gc.collect()
                full = gc.get_stats()[2]["collections"]
                in_full = _FullCollections()
                gc.callbacks.append(in_full)
                retriever = Retriever(idx, aligner)
                lat = []
                cpu = time.process_time()
                for text in texts:
                    t0 = time.perf_counter()
                    retriever.trace(text_doc(text), top=5)
                    lat.append(time.perf_counter() - t0)
                gc.callbacks.remove(in_full)
                one = {"p95_s": round(float(np.percentile(lat, 95)), 3),
                       "cpu_s": round(time.process_time() - cpu, 1),
                       "full_collections": gc.get_stats()[2]["collections"] - full,
                       "full_collections_cpu_s": round(in_full.seconds, 2)}
                print(f"round {r + 1} {name}: {one}", file=sys.stderr, flush=True)
                passes[name].append(one)
                latencies[name].extend(lat)
                del retriever
    res: dict = {"queries": len(texts), "rounds": rounds,
                 "thresholds": {k: list(v) for k, v in SETTINGS.items()}, "settings": {}}
    for name in SETTINGS:
        lat = np.asarray(latencies[name])
        res["settings"][name] = {
            "latency_s": {f"p{q}": round(float(np.percentile(lat, q)), 3) for q in (50, 95, 99)},
            "passes": passes[name],
        }
    d, t = res["settings"]["default"], res["settings"]["tuned"]
    res["tuned_vs_default"] = {
        "p95": round(t["latency_s"]["p95"] / d["latency_s"]["p95"], 3),
        "cpu": round(sum(p["cpu_s"] for p in t["passes"])
                     / sum(p["cpu_s"] for p in d["passes"]), 3),
    }
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("index", type=Path, help="an index folder built by benchmarks/scale.py")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--out", type=Path, default=RESULTS_DIR / "collector.json")
    args = ap.parse_args(argv)
    res = run(args.index, args.rounds)
    for name, s in res["settings"].items():
        lat = s["latency_s"]
        print(f"{name:8s} p50 / p95 / p99 {lat['p50']:.3f} / {lat['p95']:.3f} / {lat['p99']:.3f} s;"
              f" passes' p95 {[p['p95_s'] for p in s['passes']]}, CPU s "
              f"{[p['cpu_s'] for p in s['passes']]}, full collections "
              f"{[p['full_collections'] for p in s['passes']]} taking CPU s "
              f"{[p['full_collections_cpu_s'] for p in s['passes']]}")
    print(f"tuned / default: p95 {res['tuned_vs_default']['p95']}, "
          f"CPU {res['tuned_vs_default']['cpu']}")
    write_results(args.out, res)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
