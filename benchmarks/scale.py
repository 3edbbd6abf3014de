"""Scale benchmark: an index of up to a million distinct articles, built and traced.

Run ``python -m benchmarks.scale --sources 1000000`` (hours; ``--sources 20000 --sizes
10000,20000`` for a first look). It streams the articles of ``benchmarks.scale_data`` (distinct
realistic articles made from the shared real texts by a seeded procedure; never all in
memory) into an index with ``Index.add(..., workers=N)`` (what ``unspun index add --workers N``
runs), and at each size of ``--sizes`` reports:

- build time and articles/s (the articles are generated in the writer process as they are
  added: ``generate_seconds`` says how much of the time that took);
- disk size per source, in all and without the stored text, with each table's share (SQLite's
  ``dbstat``);
- peak resident memory while building (this process and its workers, sampled) and while
  tracing (one process);
- trace latency per page (p50, p95, p99) and recall@1 of a fixed query set: seven generated
  copies (``unspun.devdata``: verbatim, near-verbatim, spun, excerpt, spam, summary,
  paraphrase) of each of ``--copied`` real articles that every size indexes, the demo
  corpus's seven hand-written translations of its indexed sources, and ``--negatives`` real
  articles held out of the index and of the generator ("copy" verdicts on them are false).

The run can be stopped and started again: the index in ``--workdir`` is the checkpoint
(article k always has the same id and text, and batches are committed in order), the
articles and seconds spent are written to ``state-<mode>.json`` beside it after every
committed batch (a run that finds the index and the state file disagreeing stops rather than
report a build time it does not know), and the results JSON is rewritten after every size
reached. ``--dense-sources M`` also builds an index with passage vectors up to
M articles (and ``--dense-sizes``) and traces the same queries through it; ``--dense-encoder
static`` builds it with the static encoder instead (``unspun.embed.static``), in its own
directory and results entry (``dense-static``).
Writes ``benchmarks/results/scale.json`` (``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from benchmarks.common import (
    REPO,
    RESULTS_DIR,
    PeakRSS,
    ratio,
    run_hashes,
    shares_run,
    write_results,
)
from benchmarks.corpora import DEMO_CORPUS, load_sources, tortured_phrases
from benchmarks.retrieval import demo_sources, translations
from benchmarks.scale_data import Articles, distinctness
from unspun.api import text_doc
from unspun.devdata import generate_dataset
from unspun.embed import DENSE_KINDS
from unspun.engine.tuning import tune_collector
from unspun.index import DB_NAME, Index
from unspun.lexicon import Thesaurus
from unspun.records import Doc, Report

KINDS = ("verbatim", "near_verbatim", "spun", "excerpt", "spam", "summary", "paraphrase")
SEED = 16
STEP = 50_000
"""Articles per ``Index.add`` call (the state file is also written after every batch)."""


def _docs(articles: Articles, demo: list[tuple[str, str]], start: int, stop: int,
          clock: list[float]) -> Iterator[Doc]:
    """Items ``start .. stop - 1`` of the stream: the demo sources, then the articles.
    ``clock[0]`` accumulates the seconds spent generating them."""
    for k in range(start, stop):
        t0 = time.perf_counter()
        if k < len(demo):
            sid, text = demo[k]
        else:
            sid, text = articles.id(k - len(demo)), articles.text(k - len(demo))
        doc = text_doc(text, id=sid, uri=sid)
        clock[0] += time.perf_counter() - t0
        yield doc


def disk(path: Path) -> dict:
    """Bytes of the index directory, of its stored texts, and per table (dbstat)."""
    total = sum(p.stat().st_size for p in path.iterdir() if p.is_file())
    conn = sqlite3.connect(f"file:{path / DB_NAME}?mode=ro", uri=True)
    try:
        text = conn.execute("SELECT SUM(LENGTH(CAST(text AS BLOB))) FROM sources").fetchone()[0]
        try:
            tables = dict(conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name "
                                       "ORDER BY 2 DESC").fetchall())
        except sqlite3.OperationalError:  # SQLite built without dbstat
            tables = {}
    finally:
        conn.close()
    return {"bytes": total, "text_bytes": int(text or 0), "tables": tables}


def queries(bases: list[tuple[str, str]], n_copied: int, negatives: list[tuple[str, str]],
            seed: int) -> list[tuple[str, str, str | None, str]]:
    """(text, class, true source id or None, query id) for every query."""
    thesaurus = Thesaurus()
    copied = random.Random(seed).sample(bases, n_copied)
    copies = generate_dataset(copied, KINDS, seed, thesaurus, spin_rate=0.3,
                              tortured=tortured_phrases(required=False))
    out: list[tuple[str, str, str | None, str]] = [
        (c.text, c.kind, c.source_id, c.id) for c in copies]
    out += [(text, "translated", truth, name) for name, text, truth in translations()]
    out += [(text, "negative", None, sid) for sid, text in negatives]
    return out


def split_sources(n_negatives: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(the real texts articles are generated from, the ones held out as negatives): a
    seeded split of the shared corpora's article texts."""
    sources = load_sources()
    order = list(range(len(sources)))
    random.Random(SEED).shuffle(order)
    return ([sources[i] for i in order[n_negatives:]],
            [sources[i] for i in order[:n_negatives]])


def trace_queries(index_dir: Path, qs: list[tuple[str, str, str | None, str]],
                  reuse: set[str], passes: int = 1) -> dict:
    """Trace every query on one process: latency per page, recall@1 per class, verdicts.

    With ``passes`` > 1 every query is traced that many times, each pass by a new retriever
    (a cold source cache), and the latencies of all passes are pooled: on a shared machine
    one pass's tail moves by a tenth between runs. Each pass's p95 is reported too.

    Also times the retrieval stage alone (``Retriever.candidates``: the query's fingerprint,
    LSH and anchor-overlap lookups, the candidates' priors), the part of a trace that depends
    on the index's size; the rest (aligning and explaining the best candidates) does not. ``reuse``:
    negatives that share a run of 12 words with an indexed article (text reuse, not a true
    negative; reported apart, as ``benchmarks.retrieval`` does)."""
    from unspun.retrieve import Retriever
    from unspun.segment import segment

    with Index(index_dir) as idx:
        retriever = Retriever.for_index(idx)
        retriever.trace(text_doc(qs[0][0]), top=5)  # loads the thesaurus (and encoder)
        latencies: list[float] = []
        retrieval: list[float] = []
        pass_p95: list[float] = []
        hits: dict[str, list[bool]] = defaultdict(list)
        copy_right: dict[str, list[bool]] = defaultdict(list)
        false_copies: list[dict] = []
        with PeakRSS() as mem:
            for n in range(passes):
                retriever = Retriever.for_index(idx)  # a cold source cache, as a fresh process
                start = len(latencies)
                for text, kind, truth, qid in qs:
                    t0 = time.perf_counter()
                    report = retriever.trace(text_doc(text), top=5)
                    latencies.append(time.perf_counter() - t0)
                    # the retrieval stage alone (Retriever.candidates: the query segmented and
                    # prepared, its fingerprint, the LSH, term and signature lookups, priors)
                    t0 = time.perf_counter()
                    retriever.candidates(segment(text))
                    retrieval.append(time.perf_counter() - t0)
                    if n == 0:  # every pass finds the same
                        _score(report, kind, truth, qid, reuse, hits, copy_right, false_copies)
                pass_p95.append(round(float(np.percentile(latencies[start:], 95)), 4))
    copies_hit = [h for k, v in hits.items() if k != "translated" for h in v]
    negatives = [q[3] for q in qs if q[2] is None]
    true_negatives = [q for q in negatives if q not in reuse]
    return {
        "queries": len(qs),
        "latency_s": _percentiles(latencies),
        "retrieval_latency_s": _percentiles(retrieval),
        **({"passes": passes, "latency_p95_by_pass_s": pass_p95} if passes > 1 else {}),
        "recall_at_1": {k: ratio(sum(v), len(v)) for k, v in hits.items()},
        "recall_at_1_copies": ratio(sum(copies_hit), len(copies_hit)),
        "copy_verdict_right": {k: ratio(sum(v), len(v)) for k, v in copy_right.items()},
        "negatives": len(negatives),
        "negatives_sharing_text": len(negatives) - len(true_negatives),
        "negatives_false_copy_rate": ratio(len(false_copies), len(negatives), default=0.0),
        "true_negatives_false_copy_rate": ratio(
            sum(not f["shares_text"] for f in false_copies), len(true_negatives), default=0.0),
        "negatives_with_copy_verdict": false_copies,
        "peak_rss_mb": round(mem.peak / 2**20),
        "peak_pss_mb": round(mem.peak_pss / 2**20),
    }


def _score(report: Report, kind: str, truth: str | None, qid: str, reuse: set[str],
           hits: dict[str, list[bool]], copy_right: dict[str, list[bool]],
           false_copies: list[dict]) -> None:
    """Record one query's outcome: a negative's copy verdict, else whether the top match is
    its source (and called a copy)."""
    top = report.matches[0] if report.matches else None
    if truth is None:
        copies = [m for m in report.matches if m.verdict == "copy"]
        if copies:
            false_copies.append({"query": qid, "source": copies[0].source.id,
                                 "shares_text": qid in reuse})
        return
    right = top is not None and top.source.id == truth
    hits[kind].append(right)
    copy_right[kind].append(right and top is not None and top.verdict == "copy")


def _percentiles(values: list[float]) -> dict[str, float]:
    a = np.array(values)
    return {"p50": round(float(np.percentile(a, 50)), 4),
            "p95": round(float(np.percentile(a, 95)), 4),
            "p99": round(float(np.percentile(a, 99)), 4),
            "mean": round(float(a.mean()), 4), "max": round(float(a.max()), 4)}


def run_mode(mode: str, args: argparse.Namespace, articles: Articles,
             demo: list[tuple[str, str]], qs: list, reuse: set[str], results: dict) -> None:
    """Build the ``mode`` index up to each size, trace the queries at each; results are
    written after every size."""
    sizes = args.dense_sizes if mode.startswith("dense") else args.sizes
    path = args.workdir / mode
    state_file = args.workdir / f"state-{mode}.json"
    state = (json.loads(state_file.read_text()) if state_file.exists()
             else {"build_seconds": 0.0, "generate_seconds": 0.0, "peak_rss_mb": 0,
                   "sizes": {}})
    embedder = None
    if mode.startswith("dense"):
        from unspun.embed import semantic_available
        from unspun.embed.static import index_encoder

        if not semantic_available():
            raise SystemExit("--dense-sources needs the semantic extra")
        embedder = index_encoder(args.dense_encoder)
    out = results.setdefault(mode, {"sizes": state["sizes"]})
    for size in sizes:
        if str(size) in state["sizes"]:
            continue
        with Index(path, create=True, embedder=embedder) as idx:
            count = idx.count
        recorded = state.get("count", 0)
        if count != recorded:
            # stopped between a batch's commit and the state file's update (or the state
            # file belongs to another index): that batch's time is unknown
            raise SystemExit(f"{path} holds {count} articles, {state_file.name} records "
                             f"{recorded}: the build time of the rest is unknown; remove "
                             f"{path} and {state_file} to start again")
        if count > size:
            raise SystemExit(f"{path} holds {count} articles, more than the size {size} to "
                             "report at: sizes can only be added above the largest reached")
        while count < size:
            stop = min(size, count + STEP)
            clock = [0.0]
            load = os.getloadavg()[0]
            before = count
            base, generated = state["build_seconds"], state["generate_seconds"]
            with Index(path, create=True, embedder=embedder) as idx, PeakRSS() as mem:
                t0 = time.perf_counter()

                def checkpoint(n: int, t0: float = t0, base: float = base,
                               generated: float = generated, clock: list[float] = clock
                               ) -> None:
                    # after every committed batch: a stopped run resumes from here
                    state["count"] += n
                    state["build_seconds"] = base + time.perf_counter() - t0
                    state["generate_seconds"] = generated + clock[0]
                    state_file.write_text(json.dumps(state, indent=1))

                state["count"] = count
                idx.add(_docs(articles, demo, count, stop, clock), workers=args.workers,
                        batch_size=args.batch_size, on_batch=checkpoint)
                seconds = time.perf_counter() - t0
                count = idx.count
            state["build_seconds"] = base + seconds
            state["generate_seconds"] = generated + clock[0]
            state["count"] = count
            state["peak_rss_mb"] = max(state["peak_rss_mb"], round(mem.peak / 2**20))
            state["peak_pss_mb"] = max(state.get("peak_pss_mb", 0), round(mem.peak_pss / 2**20))
            state.setdefault("steps", []).append({
                "count": count, "seconds": round(seconds, 1),
                "articles_per_s": round((count - before) / seconds, 1),
                "load_average_before": round(load, 2)})
            state_file.write_text(json.dumps(state, indent=1))
            print(f"[{mode}] {count} articles, {seconds:.0f} s for the last step "
                  f"({state['steps'][-1]['articles_per_s']} articles/s), load {load:.1f}",
                  file=sys.stderr, flush=True)
        d = disk(path)
        print(f"[{mode}] {size}: tracing {len(qs)} queries", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        traced = trace_queries(path, qs, reuse)
        n = size
        state["sizes"][str(size)] = {
            "sources": n,
            "build_seconds": round(state["build_seconds"], 1),
            "articles_per_s": round(n / state["build_seconds"], 1),
            "generate_seconds": round(state["generate_seconds"], 1),
            "build_peak_rss_mb": state["peak_rss_mb"],
            "build_peak_pss_mb": state.get("peak_pss_mb"),
            "disk_bytes_per_source": round(d["bytes"] / n),
            "disk_bytes_per_source_without_text": round((d["bytes"] - d["text_bytes"]) / n),
            "disk_gb": round(d["bytes"] / 1e9, 2),
            "table_bytes_per_source": {k: round(v / n) for k, v in d["tables"].items()},
            "trace": traced,
            "trace_seconds": round(time.perf_counter() - t0, 1),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
        state_file.write_text(json.dumps(state, indent=1))
        out["sizes"] = state["sizes"]
        write_results(args.out, results)
        print(json.dumps(state["sizes"][str(size)], indent=1), file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sources", type=int, default=1_000_000,
                   help="largest lexical index (default 1,000,000)")
    p.add_argument("--sizes", default="10000,100000,1000000",
                   help="sizes to report at (those up to --sources are kept)")
    p.add_argument("--dense-sources", type=int, default=0,
                   help="also build an index with passage vectors up to this size (0: none)")
    p.add_argument("--dense-sizes", default="10000,100000")
    p.add_argument("--dense-encoder", choices=DENSE_KINDS, default="full",
                   help="the dense index's encoder: the full model (index 'dense') or the "
                        "static table distilled from it (index 'dense-static')")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--copied", type=int, default=40,
                   help="indexed real articles given seven copies each as queries")
    p.add_argument("--negatives", type=int, default=60,
                   help="real articles held out of the index and the generator")
    p.add_argument("--workdir", type=Path, default=REPO.parent / "scale-work",
                   help="where the indexes and the state files are kept (resumed when there)")
    p.add_argument("--out", type=Path, default=RESULTS_DIR / "scale.json")
    p.add_argument("--trace-only", action="store_true",
                   help="trace the queries again through the indexes in --workdir as they are "
                        "(results under traced_again)")
    p.add_argument("--modes", default="lexical,dense,dense-static",
                   help="with --trace-only: the indexes in --workdir to trace (comma-separated)")
    p.add_argument("--passes", type=int, default=1,
                   help="with --trace-only: trace the queries this many times, each by a new "
                        "retriever, and pool the latencies (default 1)")
    args = p.parse_args(argv)
    args.sizes = sorted({int(s) for s in args.sizes.split(",") if int(s) <= args.sources}
                        | {args.sources})
    args.dense_sizes = (sorted({int(s) for s in args.dense_sizes.split(",")
                                if int(s) <= args.dense_sources} | {args.dense_sources})
                        if args.dense_sources else [])
    return args


def _dense_mode(args: argparse.Namespace) -> str:
    """The dense index's name in --workdir and in the results: one per encoder."""
    return "dense" if args.dense_encoder == "full" else f"dense-{args.dense_encoder}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tune_collector()  # as the command line runs (unspun.engine.tuning)
    t_start = time.perf_counter()
    args.workdir.mkdir(parents=True, exist_ok=True)
    bases, negatives = split_sources(args.negatives)
    articles = Articles(bases)
    demo = demo_sources()
    qs = queries(bases, args.copied, negatives, SEED)
    results: dict = (json.loads(args.out.read_text()) if args.out.exists() else {})
    results["args"] = {k: str(v) for k, v in vars(args).items()}
    words = [len(t.split()) for _, t in bases]
    results["data"] = {
        "base_texts": len(bases), "negatives": len(negatives), "demo_sources": len(demo),
        "demo_corpus": str(DEMO_CORPUS.relative_to(REPO)),
        "base_words_mean": round(float(np.mean(words))),
        "base_words_median": round(float(np.median(words))),
        "queries": len(qs), "query_classes": sorted({q[1] for q in qs}),
        "distinctness": distinctness(articles, max(args.sizes), seed=SEED),
    }
    print(json.dumps(results["data"], indent=1), file=sys.stderr, flush=True)
    # held-out articles that share a run of 12 words with an indexed real one are text reuse
    runs = run_hashes(t for _, t in [*bases, *demo])
    reuse = {sid for sid, text in negatives if shares_run(text, runs)}
    if args.trace_only:
        for mode in args.modes.split(","):
            if (args.workdir / mode / DB_NAME).exists():
                with Index(args.workdir / mode) as idx:
                    count = idx.count
                print(f"[{mode}] tracing at {count}", file=sys.stderr, flush=True)
                results.setdefault(mode, {}).setdefault("traced_again", {})[str(count)] = (
                    trace_queries(args.workdir / mode, qs, reuse, args.passes))
                write_results(args.out, results)
        return 0
    run_mode("lexical", args, articles, demo, qs, reuse, results)
    if args.dense_sources:
        run_mode(_dense_mode(args), args, articles, demo, qs, reuse, results)
    results["seconds_this_invocation"] = round(time.perf_counter() - t_start, 1)
    write_results(args.out, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
