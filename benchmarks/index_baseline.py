"""Indexing speed against the code the bulk-indexing issue started from, in one run.

    git worktree add ../unspun-base d2fcc75      # the last commit before bulk indexing
    python -m benchmarks.index_baseline ../unspun-base [--rounds 3]

The issue asked for ``index add --workers 2`` at 6x "today's one-process rate" (43 articles/s
then, against datasketch's 160: 0.27x) and gave 1.6x datasketch as the same target expressed
on that machine. Machines and their load move both rates (datasketch alone has measured
160 to 341 articles/s here), so this script measures the first form directly: the 949 real
texts of ``benchmarks/index_speed.py``, indexed into a new index by

- **baseline**: ``Index.add`` of the code at ``BASELINE_SRC`` (one process: that code had no
  workers), imported from that tree;
- **unspun_workers_N**: ``Index.add(workers=N)`` of this tree, for N in ``--workers``;
- **datasketch**: ``MinHash`` + ``MinHashLSH.insert``, as in ``index_speed.py``,

each in a fresh interpreter that imports its code and reads the texts before its clock
starts, the contenders interleaved over ``--rounds`` rounds (the best round of each kept).
Writes ``benchmarks/results/index_baseline.json`` (``--out``): rates, each rate over the
baseline's and datasketch's, and the same ratios round by round with their medians
(``*_paired``, as in ``index_speed.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import RESULTS_DIR, write_results
from benchmarks.corpora import load_sources
from benchmarks.index_speed import paired_ratios

REPO = Path(__file__).resolve().parents[1]

_TIMED = r"""
import pickle, sys, tempfile, time
from pathlib import Path
texts = pickle.load(open(sys.argv[1], "rb"))
kind, workers = sys.argv[2], int(sys.argv[3])
if kind == "datasketch":
    import datasketch  # imported before the clock, as each contender's code is
    from benchmarks.index_speed import datasketch_index
    t0 = time.perf_counter()
    datasketch_index(texts)
    print(time.perf_counter() - t0)
else:
    from unspun.api import text_doc
    from unspun.index import Index
    if kind == "current":
        from unspun.engine.tuning import tune_collector
        tune_collector()  # as the command line runs
    docs = [text_doc(t, id=sid, uri=sid) for sid, t in texts]
    # the baseline's Index.add has no workers: it ran in its one process
    options = {} if kind == "baseline" else {"workers": workers}
    with tempfile.TemporaryDirectory() as tmp:
        idx = Index(Path(tmp) / "ix", create=True)
        t0 = time.perf_counter()
        idx.add(docs, **options)
        print(time.perf_counter() - t0)
        idx.close()
"""


def timed(kind: str, src: Path, texts_file: Path, workers: int = 1) -> float:
    env = {**os.environ, "PYTHONPATH": f"{src / 'src'}{os.pathsep}{REPO}"}
    out = subprocess.run([sys.executable, "-c", _TIMED, str(texts_file), kind, str(workers)],
                         env=env, check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("baseline_src", type=Path, help="a checkout of the baseline commit")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--out", type=Path, default=RESULTS_DIR / "index_baseline.json")
    args = ap.parse_args(argv)
    base = args.baseline_src.resolve()
    if not (base / "src" / "unspun" / "index").exists():
        raise SystemExit(f"{base}: not a checkout of unspun (no src/unspun/index)")
    commit = subprocess.run(["git", "-C", str(base), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    texts = load_sources()
    contenders = {"baseline": ("baseline", base, 1), "datasketch": ("datasketch", REPO, 1)}
    for n in sorted({int(w) for w in args.workers.split(",")}):
        contenders[f"unspun_workers_{n}"] = ("current", REPO, n)
    best: dict[str, float] = {}
    rounds: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        texts_file = Path(tmp) / "texts.pkl"
        texts_file.write_bytes(pickle.dumps(texts))
        for r in range(args.rounds):
            rounds.append({})
            for name, (kind, src, n) in contenders.items():
                s = timed(kind, src, texts_file, n)
                print(f"round {r + 1}: {name} {s:.2f} s", file=sys.stderr, flush=True)
                rounds[-1][name] = s
                best[name] = min(best.get(name, s), s)
    rates = {k: round(len(texts) / v, 1) for k, v in best.items()}
    res = {"texts": len(texts), "baseline_commit": commit, "rounds": args.rounds,
           "cores": os.cpu_count(), "articles_per_s": rates,
           "vs_baseline": {k: round(v / rates["baseline"], 2) for k, v in rates.items()},
           "vs_datasketch": {k: round(v / rates["datasketch"], 2) for k, v in rates.items()},
           "vs_datasketch_paired": paired_ratios(rounds, "datasketch"),
           "vs_baseline_paired": paired_ratios(rounds, "baseline")}
    print(json.dumps(res, indent=1))
    write_results(args.out, res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
