"""Adding to a dense index: the passage ANN structure extended against rebuilt, in one run.

    python -m benchmarks.ann_extend [--passages 400000] [--added 2000] [--dim 256]

An index of ``--passages`` random unit passage vectors (``--dim`` dimensions: the static
encoder's; an IVF above ``vectors.IVF_MIN`` passages) is built once; then, in each of
``--rounds`` interleaved rounds, ``--added`` passages are added (what one ``index add`` of
about 25 articles brings) and the structure is brought up to date both ways on a copy of
the index directory: **extended** (``PassageVectors.ann()``, which adds the new passages to
the file's lists) and **rebuilt** (the same call after the file's record is dropped: trained
again on a sample and every passage added, what every add did before). Reports the seconds
of each (best round), their ratio, and whether the extended structure finds each added
passage as its own nearest neighbour as often as the rebuilt one does. Writes
``benchmarks/results/ann_extend.json`` (``--out``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.common import RESULTS_DIR, write_results
from unspun.index import vectors
from unspun.index.store import Store


def _add(store: Store, x: np.ndarray) -> None:
    with store.transaction():
        store.conn.executemany(
            'INSERT INTO passages(source, start, "end", vector) VALUES (1, 0, 1, ?)',
            [(v.astype(np.float16).tobytes(),) for v in x])


def _unit(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    x = rng.standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _timed_ann(path: Path, dim: int, rebuild: bool) -> float:
    """Seconds to bring the index's ANN structure up to date (rebuilt: its record dropped)."""
    store = Store(path)
    try:
        if rebuild:
            store.set_meta("ann_state", "")
        t0 = time.perf_counter()
        vectors.PassageVectors(store, dim).ann()
        return time.perf_counter() - t0
    finally:
        store.close()


def _self_recall(path: Path, dim: int, added: np.ndarray) -> float:
    store = Store(path)
    try:
        _, ids = vectors.PassageVectors(store, dim).search(added, 1)
        top = store.passage_state()[1]
        return float((ids[:, 0] == np.arange(top - len(added) + 1, top + 1)).mean())
    finally:
        store.close()


def run(args: argparse.Namespace) -> dict:
    rng = np.random.default_rng(0)
    best = {"extended": float("inf"), "rebuilt": float("inf")}
    recall = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        store = Store(base, create=True)
        store.conn.execute("INSERT INTO sources(id, uri, title, text, meta, content_hash, "
                           "n_tokens) VALUES ('a', 'a', '', 'x', '{}', 'h', 1)")
        for at in range(0, args.passages, 100_000):
            _add(store, _unit(rng, min(100_000, args.passages - at), args.dim))
        t0 = time.perf_counter()
        vectors.PassageVectors(store, args.dim).ann()
        first_build = time.perf_counter() - t0
        added = _unit(rng, args.added, args.dim)
        _add(store, added)
        store.close()
        for r in range(args.rounds):
            for way in ("extended", "rebuilt"):
                copy = Path(tmp) / way
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(base, copy)
                s = _timed_ann(copy, args.dim, rebuild=way == "rebuilt")
                print(f"round {r + 1}: {way} {s:.2f} s", file=sys.stderr, flush=True)
                best[way] = min(best[way], s)
                recall[way] = _self_recall(copy, args.dim, added)
    return {
        "passages": args.passages, "added": args.added, "dim": args.dim,
        "lists": vectors.ivf_lists(args.passages), "rounds": args.rounds,
        "first_build_s": round(first_build, 2),
        "seconds": {k: round(v, 3) for k, v in best.items()},
        "rebuilt_over_extended": round(best["rebuilt"] / best["extended"], 1),
        "added_found_at_rank_1": recall,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--passages", type=int, default=400_000)
    p.add_argument("--added", type=int, default=2_000)
    p.add_argument("--dim", type=int, default=256)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--out", type=Path, default=RESULTS_DIR / "ann_extend.json")
    args = p.parse_args(argv)
    res = run(args)
    print(f"{res['passages']:,} passages + {res['added']:,}: extended in "
          f"{res['seconds']['extended']} s, rebuilt in {res['seconds']['rebuilt']} s "
          f"({res['rebuilt_over_extended']}x); added passages found at rank 1: "
          f"{res['added_found_at_rank_1']}")
    write_results(args.out, res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
