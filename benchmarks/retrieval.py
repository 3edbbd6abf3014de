"""Retrieval benchmark: does unspun find the source of rewritten copies of real articles?

Run ``python benchmarks/retrieval.py`` (``--quick`` for a run under two minutes). It

1. loads the real article texts of the shared corpora (Zyte AEB bodies, WCXB-dev main texts),
   holds ``--negatives`` of them out of the index (true negatives) and indexes the rest;
2. generates labelled copies of some indexed sources with ``unspun.synth`` (verbatim,
   near-verbatim, spun at ``--spin-rate``, excerpt, spam-injected);
3. traces every copy and every held-out text, and prints recall@1 and recall@5 of the true
   source per rewrite type, the rate of "copy" verdicts on the true negatives, and throughput;
4. runs in the same process the baseline people use today: datasketch ``MinHashLSH`` over word
   5-shingles (threshold 0.5, 128 permutations), candidates ranked by estimated Jaccard, and
   datasketch's signature throughput against unspun's on the same shingles.

It writes ``benchmarks/results/retrieval.json`` (``--out`` to change). Data:
Zyte/ScrapingHub article-extraction benchmark (MIT) and WCXB dev split (CC-BY-4.0).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
try:
    import unspun  # noqa: F401
except ModuleNotFoundError:  # run from a checkout without installing
    sys.path.insert(0, str(HERE.parent / "src"))

from corpora import load_sources, shared_dir  # noqa: E402
from minhash_speed import measure_signature_speed, shingle_strings  # noqa: E402

from unspun.align import Aligner  # noqa: E402
from unspun.api import text_doc  # noqa: E402
from unspun.index import Index  # noqa: E402
from unspun.lexicon import Thesaurus, load_tortured_phrases  # noqa: E402
from unspun.retrieve import Retriever  # noqa: E402
from unspun.segment import words  # noqa: E402
from unspun.synth import generate_dataset  # noqa: E402

KINDS = ("verbatim", "near_verbatim", "spun", "excerpt", "spam")
EXPECTED_REWRITE = {
    "verbatim": "verbatim", "near_verbatim": "near_verbatim", "spun": "spun",
    "excerpt": "near_verbatim",  # an excerpt is near-verbatim; its coverage says how much
}
"""Spam copies are verbatim or lightly spun with text added: no single expected type."""


def split_sources(
    sources: list[tuple[str, str]], n_negatives: int, seed: int
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    order = list(range(len(sources)))
    random.Random(seed).shuffle(order)
    held = set(order[:n_negatives])
    indexed = [s for i, s in enumerate(sources) if i not in held]
    negatives = [s for i, s in enumerate(sources) if i in held]
    return indexed, negatives


SHARED_RUN = 12
"""Held-out articles sharing a run of this many words with an indexed one are not true
negatives: that much verbatim text in common is text reuse (a shared wire story, press
release or site boilerplate), whatever the verdict. They are still traced and reported."""


def shares_text(text: str, indexed_runs: set[int]) -> bool:
    w = words(text)
    return any(hash(tuple(w[i : i + SHARED_RUN])) in indexed_runs
               for i in range(len(w) - SHARED_RUN + 1))


def run(args: argparse.Namespace) -> dict:
    t_start = time.perf_counter()
    sources = load_sources(args.sources)
    indexed, negatives = split_sources(sources, args.negatives, args.seed)
    thesaurus = Thesaurus()
    tortured_path = shared_dir() / "corpora" / "tortured-phrases" / "tortured_dev.csv"
    tortured = load_tortured_phrases(tortured_path) if tortured_path.exists() else []
    rng = random.Random(args.seed)
    copied = rng.sample(indexed, min(args.copies, len(indexed)))
    copies = generate_dataset(copied, KINDS, args.seed, thesaurus, spin_rate=args.spin_rate,
                              tortured=tortured)
    print(f"{len(indexed)} sources indexed, {len(negatives)} held out, "
          f"{len(copies)} generated copies of {len(copied)} sources", file=sys.stderr)

    # -- unspun ------------------------------------------------------------------------------
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        idx = Index(Path(tmp) / "index", create=True)
        t0 = time.perf_counter()
        idx.add(text_doc(text, id=sid, uri=sid) for sid, text in indexed)
        index_s = time.perf_counter() - t0
        retriever = Retriever(idx, Aligner(thesaurus=thesaurus if thesaurus.available else None))
        queries = [(c.text, c.kind, c.source_id) for c in copies]
        runs = {hash(tuple(w[i : i + SHARED_RUN])) for _, t in indexed
                for w in [words(t)] for i in range(len(w) - SHARED_RUN + 1)}
        reused = {sid for sid, text in negatives if shares_text(text, runs)}
        queries += [(text, "negative", None) for _, text in negatives]
        negative_ids = [sid for sid, _ in negatives]
        negative_copies: list[tuple[str, str, float]] = []
        ranks: dict[str, list[int | None]] = defaultdict(list)
        copy_verdicts: dict[str, list[bool]] = defaultdict(list)
        rewrite_types: dict[str, list[str]] = defaultdict(list)
        t0 = time.perf_counter()
        for qi, (text, kind, truth) in enumerate(queries):
            if qi % 100 == 0:
                print(f"  traced {qi}/{len(queries)} in {time.perf_counter() - t0:.0f} s",
                      file=sys.stderr)
            report = retriever.trace(text_doc(text), top=5)
            ids = [m.source.id for m in report.matches]
            if truth is None:
                hits = [m for m in report.matches if m.verdict == "copy"]
                nid = negative_ids[qi - len(copies)]
                copy_verdicts["negative_raw"].append(bool(hits))
                if nid not in reused:
                    copy_verdicts[kind].append(bool(hits))
                if hits:  # listed so a reader can check whether the two really share text
                    negative_copies.append(
                        (nid, hits[0].source.id, hits[0].score)
                    )
            else:
                ranks[kind].append(ids.index(truth) + 1 if truth in ids else None)
                top_match = report.matches[0] if report.matches else None
                if top_match is not None and top_match.source.id == truth and top_match.rewrite:
                    rewrite_types[kind].append(top_match.rewrite.type)
                else:
                    rewrite_types[kind].append("-")
                copy_verdicts[kind].append(
                    bool(report.matches) and report.matches[0].source.id == truth
                    and report.matches[0].verdict == "copy"
                )
        trace_s = time.perf_counter() - t0
        idx.close()

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
    for text, kind, truth in queries:
        m = MinHash(num_perm=128)
        m.update_batch(shingle_strings(words(text), 5))
        found = sorted(lsh.query(m), key=lambda s: (-m.jaccard(sketches[s]), s))[:5]
        if truth is None:
            base_neg_hits += bool(found)
        else:
            base_ranks[kind].append(found.index(truth) + 1 if truth in found else None)

    speed = measure_signature_speed(
        [words(t) for _, t in indexed[: args.speed_docs]], num_perm=128, k=5,
        datasketch_docs=min(300, args.speed_docs),
    )

    def recall(r: dict[str, list[int | None]], k: int) -> dict[str, float]:
        return {kind: round(sum(1 for x in v if x is not None and x <= k) / len(v), 4)
                for kind, v in sorted(r.items(), key=lambda kv: KINDS.index(kv[0]))}

    n_neg = len(copy_verdicts["negative"])
    return {
        "recall_at_1": recall(ranks, 1),
        "recall_at_5": recall(ranks, 5),
        "copy_verdict_rate": {k: round(sum(v) / len(v), 4) for k, v in copy_verdicts.items()
                              if not k.startswith("negative")},
        "rewrite_accuracy": {
            k: round(sum(t == EXPECTED_REWRITE[k] for t in v) / len(v), 4)
            for k, v in rewrite_types.items() if k in EXPECTED_REWRITE
        },
        "rewrite_accuracy_overall": round(
            sum(t == EXPECTED_REWRITE[k] for k, v in rewrite_types.items()
                if k in EXPECTED_REWRITE for t in v)
            / max(1, sum(len(v) for k, v in rewrite_types.items() if k in EXPECTED_REWRITE)), 4),
        "rewrite_types": {k: dict(Counter(v)) for k, v in rewrite_types.items()},
        "negatives_copy_rate": round(sum(copy_verdicts["negative"]) / max(1, n_neg), 4),
        "negatives_copy_rate_all_held_out": round(
            sum(copy_verdicts["negative_raw"]) / max(1, len(copy_verdicts["negative_raw"])), 4),
        "negatives_sharing_text": len(reused),
        "negatives_with_copy_verdict": [
            {"query": q, "source": s, "score": sc, "shares_text": q in reused}
            for q, s, sc in negative_copies
        ],
        "baseline_recall_at_1": recall(base_ranks, 1),
        "baseline_recall_at_5": recall(base_ranks, 5),
        "baseline_negatives_hit_rate": round(base_neg_hits / max(1, n_neg), 4),
        # Like for like: both sign the same shingles (datasketch given them as bytes, which it
        # hashes; unspun as 64-bit shingle hashes). From tokens also charges unspun for hashing
        # and shingling the tokens while datasketch's shingle strings are built untimed.
        "minhash_speedup_vs_datasketch": round(speed["speedup_from_shingles"], 2),
        "minhash_speedup_from_tokens": round(speed["speedup"], 2),
        "minhash_speed": {k: round(v, 1) for k, v in speed.items()},
        "index_articles_per_s": round(len(indexed) / index_s, 1),
        "trace_pages_per_s": round(len(queries) / trace_s, 2),
        "baseline_index_articles_per_s": round(len(indexed) / base_index_s, 1),
        "n_sources": len(indexed),
        "n_negatives": n_neg,
        "n_queries": len(queries),
        "spin_rate": args.spin_rate,
        "thesaurus": thesaurus.available,
        "quick": args.quick,
        "seconds": round(time.perf_counter() - t_start, 1),
    }


def print_table(res: dict) -> None:
    kinds = list(res["recall_at_1"])
    print(f"\nunspun retrieval benchmark: {res['n_sources']} real sources indexed, "
          f"{res['n_queries']} queries ({res['n_negatives']} true negatives), "
          f"spin rate {res['spin_rate']}")
    print(f"{'rewrite':<15}{'R@1':>8}{'R@5':>8}{'copy verdict':>14}{'type ok':>9}"
          f"{'MinHashLSH R@1':>16}{'R@5':>8}   types found")
    for k in kinds:
        acc = res["rewrite_accuracy"].get(k)
        types = ", ".join(f"{t} {n}" for t, n in sorted(res["rewrite_types"][k].items()))
        print(f"{k:<15}{res['recall_at_1'][k]:>8.3f}{res['recall_at_5'][k]:>8.3f}"
              f"{res['copy_verdict_rate'][k]:>14.3f}{'' if acc is None else f'{acc:.3f}':>9}"
              f"{res['baseline_recall_at_1'][k]:>16.3f}{res['baseline_recall_at_5'][k]:>8.3f}"
              f"   {types}")
    print(f"{'rewrite type accuracy (verbatim, near-verbatim, spun, excerpt as near-verbatim)':<15}"
          f": {res['rewrite_accuracy_overall']:.3f}")
    print(f"{'true negatives':<15}  'copy' verdicts {res['negatives_copy_rate']:.3f} on "
          f"{res['n_negatives']} held-out articles sharing no {SHARED_RUN}-word run with the "
          f"index; {res['negatives_copy_rate_all_held_out']:.3f} on all "
          f"{res['n_negatives'] + res['negatives_sharing_text']} held out "
          f"(MinHashLSH any hit {res['baseline_negatives_hit_rate']:.3f})")
    sp = res["minhash_speed"]
    print(f"\nMinHash signatures/s (128 perm, word 5-shingles, one process): datasketch "
          f"{sp['datasketch_sigs_per_s']:.0f} from shingle bytes; unspun "
          f"{sp['unspun_from_shingles_sigs_per_s']:.0f} from the same shingles "
          f"({res['minhash_speedup_vs_datasketch']:.1f}x), {sp['unspun_sigs_per_s']:.0f} from "
          f"tokens, shingling included ({res['minhash_speedup_from_tokens']:.1f}x)")
    print(f"throughput: index {res['index_articles_per_s']:.0f} articles/s "
          f"(datasketch LSH insert {res['baseline_index_articles_per_s']:.0f}/s), "
          f"trace {res['trace_pages_per_s']:.1f} pages/s; total {res['seconds']:.0f} s")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="fewer copies and negatives (< 2 min)")
    p.add_argument("--copies", type=int, default=None,
                   help="sources to generate copies of (default 300, quick 20)")
    p.add_argument("--negatives", type=int, default=None,
                   help="sources held out of the index (default 215, so that at least 200 "
                        "share no text with the index; quick 60)")
    p.add_argument("--sources", type=int, default=None,
                   help="use only the first N real texts (default: all)")
    p.add_argument("--spin-rate", type=float, default=0.3)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--speed-docs", type=int, default=None)
    p.add_argument("--out", type=Path, default=HERE / "results" / "retrieval.json")
    args = p.parse_args(argv)
    if args.copies is None:
        args.copies = 20 if args.quick else 300
    if args.negatives is None:
        args.negatives = 60 if args.quick else 215
    if args.speed_docs is None:
        args.speed_docs = 200 if args.quick else 800
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    res = run(args)
    print_table(res)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
