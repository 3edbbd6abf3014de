"""Indexing speed: ``index add`` on one process and on worker processes, against datasketch.

Run ``python -m benchmarks.index_speed`` (a few minutes). On the real article texts of the
shared corpora (``load_sources``: 949 texts, 1,660 words on average) it times, in one run and
interleaved (``--repeats`` rounds, each contender once per round, so that background load hits
all of them alike; the best round of each is reported):

- **datasketch**: ``MinHash`` (128 permutations) of each text's word 5-shingles and
  ``MinHashLSH.insert`` (threshold 0.5), one process: the baseline people use today;
- **unspun, N workers** for each N of ``--workers`` (default 1 and 2): a new lexical index
  built with ``Index.add(docs, workers=N)``, what ``unspun index add --workers N`` runs on
  texts already extracted (a pool of N processes outlines and fingerprints the batches, this
  process writes them; the pool's start is included);
- **unspun, N workers, from raw text** (the largest N): the same texts as plain-text inputs
  that the workers extract first, as ``unspun index add`` does for ``.txt`` files and JSONL
  (text extraction is not this benchmark's subject: its cost is shown, not compared);
- with ``--dense``, the first ``--dense-docs`` texts into an index with passage vectors, on one
  process and on the largest N, with each dense encoder (``full``: the sentence encoder on
  every sentence, vectors stored; ``static``: the table distilled from it,
  ``unspun.embed.static``, passage vectors only), against the lexical rate of the same texts.

Writes ``benchmarks/results/index_speed.json`` (``--out``). Rates are articles per second;
the ratios against datasketch are the figures to compare across machines and runs:
``vs_datasketch`` of the best rounds, and ``vs_datasketch_paired``, each round's ratio and
their median, which moves less with the machine's load (the best rounds of two contenders can
come from different minutes of a shared machine).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import RESULTS_DIR, shingle_strings, write_results
from benchmarks.corpora import load_sources
from unspun.api import text_doc
from unspun.engine.tuning import tune_collector
from unspun.index import Index
from unspun.records import Doc, RawDoc
from unspun.segment import words

DENSE_BATCH = 25
"""Texts per batch in the dense rounds (200 texts: eight batches to share between workers)."""


def datasketch_index(texts: list[tuple[str, str]]) -> None:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for sid, text in texts:
        m = MinHash(num_perm=128)
        m.update_batch(shingle_strings(words(text), 5))
        lsh.insert(sid, m)


def unspun_index(items: list[Doc] | list[RawDoc], workers: int, embedder: Any = None,
                 batch_size: int = 256) -> None:
    with tempfile.TemporaryDirectory() as tmp, Index(Path(tmp) / "ix", create=True,
                                                      embedder=embedder) as idx:
        idx.add(items, workers=workers, batch_size=batch_size)


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its finished children)."""
    t0, c0 = time.perf_counter(), _cpu()
    fn()
    return time.perf_counter() - t0, _cpu() - c0


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def paired_ratios(rounds: list[dict[str, float]], base: str,
                  texts: dict[str, int] | None = None) -> dict[str, dict]:
    """Each contender's rate over ``base``'s within each round (``rounds``: seconds per
    contender; ``texts``: how many texts each indexed, where they differ), and the median of
    those ratios. A round's contenders run within seconds of each other, so the ratio of one
    round cancels what the machine's load does to both; the best rounds of two contenders
    may come from different minutes."""
    n = texts or {}
    out = {}
    for name in rounds[0]:
        if name != base:
            per = [(n.get(name, 1) / r[name]) / (n.get(base, 1) / r[base]) for r in rounds]
            out[name] = {"median": round(statistics.median(per), 2),
                         "rounds": [round(x, 2) for x in per]}
    return out


def run(args: argparse.Namespace) -> dict:
    texts = load_sources()
    docs = [text_doc(t, id=sid, uri=sid) for sid, t in texts]
    raws = [RawDoc(uri=sid, media_type="text/plain", text=t, id=sid) for sid, t in texts]
    top = max(args.workers)
    contenders: dict[str, tuple[Callable[[], object], int]] = {
        "datasketch": (lambda: datasketch_index(texts), len(texts))}
    for n in args.workers:
        contenders[f"unspun_workers_{n}"] = (lambda n=n: unspun_index(docs, n), len(docs))
    contenders[f"unspun_workers_{top}_raw_text"] = (lambda: unspun_index(raws, top), len(raws))
    if args.dense:
        from unspun.embed import UseEmbedder, semantic_available
        from unspun.embed.static import StaticEmbedder

        if not semantic_available():
            raise SystemExit("--dense needs the semantic extra")
        # No vector cache: every round encodes every passage again (with the default cache,
        # rounds after the first read the vectors of the round before). The model is loaded
        # once, outside the clock, as a long-running 'index add' loads it once.
        embedder = UseEmbedder(cache_size=0)
        embedder.encode(["The model is loaded before the clock starts."])
        sub = docs[: args.dense_docs]
        contenders["dense_lexical_same_texts"] = (lambda: unspun_index(sub, 1), len(sub))
        static = StaticEmbedder()
        static.ready()  # the cached table is built once per machine, not timed here
        for n in sorted({1, top}):
            # batches of DENSE_BATCH: the dense texts are few, and Index.add starts no pool
            # for a single batch
            contenders[f"dense_full_workers_{n}"] = (
                lambda n=n: unspun_index(sub, n, embedder, DENSE_BATCH), len(sub))
            contenders[f"dense_static_workers_{n}"] = (
                lambda n=n: unspun_index(sub, n, static, DENSE_BATCH), len(sub))
    best: dict[str, tuple[float, float]] = {}
    rounds: list[dict[str, float]] = []
    load_before = os.getloadavg()
    for r in range(args.repeats):
        rounds.append({})
        for name, (fn, _) in contenders.items():
            wall, cpu = timed(fn)
            print(f"round {r + 1}: {name} {wall:.2f} s", file=sys.stderr, flush=True)
            rounds[-1][name] = wall
            if name not in best or wall < best[name][0]:
                best[name] = (wall, cpu)
    rates = {name: round(n / best[name][0], 1) for name, (_, n) in contenders.items()}
    base = rates["datasketch"]
    res: dict = {
        "texts": len(texts),
        "words_mean": round(sum(len(t.split()) for _, t in texts) / len(texts)),
        "articles_per_s": rates,
        "vs_datasketch": {k: round(v / base, 2) for k, v in rates.items() if k != "datasketch"},
        "vs_datasketch_paired": paired_ratios(
            rounds, "datasketch", {name: n for name, (_, n) in contenders.items()}),
        "cpu_seconds_per_article_ms": {
            name: round(1000 * best[name][1] / n, 2) for name, (_, n) in contenders.items()},
        f"speedup_{top}_workers_vs_1": round(rates[f"unspun_workers_{top}"]
                                             / rates["unspun_workers_1"], 2),
        "repeats": args.repeats,
        "cores": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    if args.dense:
        res["dense_vs_lexical_same_texts"] = {
            k: round(rates[k] / rates["dense_lexical_same_texts"], 3)
            for k in rates if k.startswith(("dense_full", "dense_static"))}
        res["dense_static_vs_full_one_process"] = round(
            rates["dense_static_workers_1"] / rates["dense_full_workers_1"], 2)
    return res


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workers", default="1,2", help="worker counts to time (comma-separated)")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--dense", action="store_true", help="also time an index with vectors")
    p.add_argument("--dense-docs", type=int, default=200)
    p.add_argument("--out", type=Path, default=RESULTS_DIR / "index_speed.json")
    args = p.parse_args(argv)
    tune_collector()  # as the command line runs (unspun.engine.tuning)
    args.workers = sorted({int(w) for w in args.workers.split(",")} | {1})
    res = run(args)
    print(f"\n{res['texts']} real articles ({res['words_mean']} words on average), best of "
          f"{args.repeats} interleaved rounds; load average {res['load_average_before'][0]} "
          f"before, {res['load_average_after'][0]} after")
    for name, rate in res["articles_per_s"].items():
        vs = res["vs_datasketch"].get(name)
        paired = res["vs_datasketch_paired"].get(name, {}).get("median")
        print(f"  {name:<34} {rate:>8.1f} articles/s"
              + (f"  {vs:.2f}x datasketch (paired median {paired:.2f}x)"
                 if vs is not None else "")
              + f"  ({res['cpu_seconds_per_article_ms'][name]:.2f} ms CPU per article)")
    write_results(args.out, res)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
