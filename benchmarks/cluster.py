"""Cluster benchmark: families over a generated crawl, against the MinHash baseline.

Run ``python -m benchmarks.cluster`` (``--quick`` for a small run). Two parts:

1. **Quality** (``--families`` real articles): each real shared article (``load_sources``)
   becomes a family: the original and five labelled copies from ``unspun.devdata`` (verbatim,
   near-verbatim, spun, excerpt, spam-injected); every second family also gets three
   second-generation copies of its spun copy (a near-verbatim repost, a re-spin and a spammed
   repost: their parent is the spun copy); every fifth family has its original removed (the
   copies are then siblings). Further articles are unrelated singletons. Reported: adjusted
   Rand index (ARI) of the families, probable-original accuracy (families whose original is
   present; a pick whose text equals the original's, spacing aside, counts as right:
   a verbatim repost cannot be told from it), accuracy of ``original_present``, parent
   accuracy on the second-generation copies and on the first-generation ones (their parent is
   the original, or null when it is absent), and in the same run the baseline: connected
   components over datasketch ``MinHashLSH`` pairs (word 5-shingles, threshold 0.5, 128
   permutations), as text-dedup does.
2. **Scale** (``--docs N``; the documented full run is 100,000): N documents made from the
   articles (in a seeded shuffled order, so that every size draws the same mix of short and
   long ones): half of them in families of six (original and the five copy kinds), half
   singletons. To have N distinct texts from 949 articles, group g > 0 passes every word
   and number of its texts (copies included, so copy relations hold) through a seeded
   substitution cipher of its own. The crawl is written to a JSONL file first (not timed)
   and each run clusters that file, streaming it as ``unspun cluster crawl.jsonl`` does.
   Clustered with ``--engine local`` and with Dask on 1 and 2 workers (``--engines`` to
   choose): time, peak memory (resident set of this process and its workers, sampled; and
   at the start of the run), cores kept busy (their CPU seconds over wall seconds) and the load
   average before and after (the machine may be shared), the 2-vs-1 worker speed-up, and
   whether the families of all runs are identical.

Writes ``benchmarks/results/cluster.json`` (``--out`` to change).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from benchmarks.common import (
    RESULTS_DIR,
    PeakRSS,
    ratio,
    shared_dir,
    shingle_strings,
    write_results,
)
from benchmarks.corpora import load_sources, tortured_phrases
from unspun.api import text_doc
from unspun.devdata import generate_copies
from unspun.families import ClusterSettings, cluster, family_json, make_engine
from unspun.lexicon import Thesaurus
from unspun.records import ClusterResult, Doc

KINDS = ["verbatim", "near_verbatim", "spun", "excerpt", "spam"]
SECOND = ["near_verbatim", "spun", "spam"]
SEED = 5


def ari(truth: list[str], pred: list[str]) -> float:
    """Adjusted Rand index (Hubert & Arabie 1985) from the contingency table."""
    _, t = np.unique(truth, return_inverse=True)
    _, p = np.unique(pred, return_inverse=True)
    table = np.zeros((t.max() + 1, p.max() + 1), dtype=np.int64)
    np.add.at(table, (t, p), 1)

    def comb2(x: np.ndarray) -> float:
        return float((x * (x - 1) // 2).sum())

    index, a, b = comb2(table), comb2(table.sum(1)), comb2(table.sum(0))
    expected = a * b / comb2(np.array([len(truth)]))
    top = (a + b) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


def _norm(text: str) -> str:
    return " ".join(text.split())


def quality_docs(n_families: int, n_singletons: int, th: Thesaurus, tortured: list
                 ) -> tuple[list[Doc], dict]:
    sources = load_sources()
    fams, singles = sources[:n_families], sources[n_families : n_families + n_singletons]
    docs: list[Doc] = []
    truth: dict = {"family": {}, "original": {}, "parent": {}, "first": set(), "text": {},
                   "source_text": {}}
    for k, (sid, text) in enumerate(fams):
        copies = generate_copies(sid, text, KINDS, SEED, th, tortured=tortured)
        members = [(sid, text, None)] if k % 5 != 4 else []
        truth["original"][sid] = sid if members else None
        truth["source_text"][sid] = _norm(text)
        members += [(c.id, c.text, sid) for c in copies]
        if k % 2 == 0:
            spun = next(c for c in copies if c.kind == "spun")
            for c in generate_copies(spun.id, spun.text, SECOND, SEED, th, tortured=tortured):
                members.append((c.id, c.text, spun.id))
        for mid, mtext, parent in members:
            docs.append(text_doc(mtext, id=mid, uri=mid))
            truth["family"][mid] = sid
            truth["text"][mid] = _norm(mtext)
            if parent is not None and "/spun/" in parent:
                truth["parent"][mid] = parent
            elif parent is not None:
                truth["first"].add(mid)
    for sid, text in singles:
        docs.append(text_doc(text, id=sid, uri=sid))
        truth["family"][sid] = sid
    random.Random(SEED).shuffle(docs)  # crawl order says nothing
    return docs, truth


def baseline_labels(docs: list[Doc]) -> dict[str, str]:
    """Connected components of datasketch MinHashLSH pairs (word 5-shingles, t=0.5)."""
    from datasketch import MinHash, MinHashLSH

    from unspun.families.components import components
    from unspun.segment import tokenize

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sigs = []
    for i, d in enumerate(docs):
        toks = [t.norm for t in tokenize(d.text)]
        m = MinHash(num_perm=128, seed=1)
        m.update_batch(shingle_strings(toks, 5))
        lsh.insert(str(i), m)
        sigs.append(m)
    edges = [(i, int(j)) for i, m in enumerate(sigs) for j in lsh.query(m) if int(j) > i]
    label = {d.id: d.id for d in docs}
    for group in components(len(docs), edges):
        for i in group:
            label[docs[i].id] = docs[group[0]].id
    return label


def evaluate(result: ClusterResult, docs: list[Doc], truth: dict) -> dict:
    label = {d.id: d.id for d in docs}
    for f in result.families:
        for m in f.members:
            label[m.id] = f.id
    ids = [d.id for d in docs]
    out: dict = {"ari": round(ari([truth["family"][i] for i in ids], [label[i] for i in ids]), 4)}
    right = total = present_right = n_fam = 0
    for f in result.families:
        fam_truth = {truth["family"][m.id] for m in f.members}
        if len(fam_truth) != 1:
            continue
        sid = fam_truth.pop()
        n_fam += 1
        orig = truth["original"][sid]
        # a verbatim repost of an absent original is that original, as far as text can tell
        present = any(truth["text"][m.id] == truth["source_text"][sid] for m in f.members)
        present_right += f.original_present == present
        if orig is not None:
            total += 1
            right += truth["text"][f.root] == truth["text"][orig]
    n_true_present = sum(o is not None for o in truth["original"].values())
    out["original_accuracy"] = ratio(right, n_true_present, default=0.0)
    out["original_present_accuracy"] = ratio(present_right, n_fam, default=0.0)
    parent_of = {m.id: m.parent for f in result.families for m in f.members}
    ok = sum(1 for c, p in truth["parent"].items() if parent_of.get(c) is not None
             and truth["text"].get(parent_of[c]) == truth["text"][p])
    out["parent_accuracy"] = ratio(ok, len(truth["parent"]), default=0.0)
    out["second_generation_copies"] = len(truth["parent"])
    # first-generation copies: their parent is the original, or null when it is absent; a
    # member whose text equals the original's stands for it (see original_accuracy)
    ok = 0
    for c in truth["first"]:
        p, src = parent_of.get(c), truth["source_text"][truth["family"][c]]
        ok += (truth["text"][p] == src if p is not None
               else truth["original"][truth["family"][c]] is None or truth["text"][c] == src)
    out["first_generation_parent_accuracy"] = ratio(ok, len(truth["first"]), default=0.0)
    out["first_generation_copies"] = len(truth["first"])
    return out


# -- scale ---------------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z]+|[0-9]+")


@functools.lru_cache(maxsize=1 << 20)
def _code(group: int, low: str) -> str:
    if low.isdigit():
        # a number becomes another number of the same length (no new leading zero)
        h = hashlib.blake2b(f"{group}:{low}".encode(), digest_size=32).digest()
        out = [str(h[i % 32] % 10) for i in range(len(low))]
        if low[0] != "0" and out[0] == "0":
            out[0] = str(1 + h[0] % 9)
        return "".join(out)
    h = hashlib.blake2b(f"{group}:{low}".encode(), digest_size=6).hexdigest()
    return "".join(chr(97 + int(h[i : i + 2], 16) % 26) for i in range(0, 12, 2))


def _cipher(text: str, group: int) -> str:
    """The text with every word and number replaced by a seeded code of its group: the same
    article in another group is an unrelated text with the same shape. Numbers are coded too:
    kept as they were, they are anchors (``segment.anchors``) that every group's version of
    an article shares, so the versions met as LSH candidates, a number that grew with the
    crawl (each article has a version in every group) and was all spent on failed
    alignments. (Words repeat, so the codes are cached: generating 100k documents was
    dominated by hashing.)"""
    if group == 0:
        return text

    def sub(m: re.Match[str]) -> str:
        w = m.group()
        word = _code(group, w.lower())
        return word.capitalize() if w[0].isupper() else word

    return _TOKEN.sub(sub, text)


def scale_order(sources: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The articles in a seeded shuffled order. ``load_sources`` lists the short Zyte
    bodies first (about 700 words on average) and the longer WCXB texts after them (about
    1,800): taken in that order, a small run's families were mostly short articles and a
    large run's mostly long ones, and alignment cost grows with the square of the length
    (the sentence-pair matrices), so the cost per document rose with the crawl size for no
    reason of scale. Shuffled, every size draws the same mix."""
    return random.Random(SEED).sample(sources, len(sources))


def scale_docs(n_docs: int, th: Thesaurus, tortured: list):
    sources = scale_order(load_sources())
    fam_copies: dict[str, list[tuple[str, str]]] = {}
    n_family_docs = n_docs // 2
    made = 0
    k = 0
    while made < n_docs:
        group, (sid, text) = divmod(k, len(sources))[0], sources[k % len(sources)]
        k += 1
        if made < n_family_docs:
            if sid not in fam_copies:  # generated once, on first use
                fam_copies[sid] = [(c.id, c.text) for c in
                                   generate_copies(sid, text, KINDS, SEED, th, tortured=tortured)]
            for mid, mtext in [(sid, text), *fam_copies[sid]]:
                if made < n_family_docs:
                    yield text_doc(_cipher(mtext, group), id=f"{group}:{mid}", uri=f"{group}:{mid}")
                    made += 1
        else:
            yield text_doc(_cipher(text, group + 1000), id=f"s{group}:{sid}", uri=f"s{group}:{sid}")
            made += 1


def run_scale(n_docs: int, th: Thesaurus, tortured: list, settings: ClusterSettings,
              engines: list[tuple[str, int]]) -> dict:
    out: dict = {"docs": n_docs, "runs": {}}
    results = {}
    # Written to a JSONL file once, before timing: the spinner's cost is not the cluster's,
    # and every run then streams the crawl from disk as `unspun cluster crawl.jsonl` does (a
    # list of the documents in this process would be counted in its peak memory: about
    # 49 KB a document, 4.9 GB at 100,000).
    crawl_dir = tempfile.TemporaryDirectory()
    crawl = Path(crawl_dir.name) / "crawl.jsonl"
    with crawl.open("w", encoding="utf-8") as f:
        for d in scale_docs(n_docs, th, tortured):
            f.write(json.dumps({"id": d.id, "url": d.uri, "text": d.text}) + "\n")
    out["crawl_mb"] = round(crawl.stat().st_size / 2**20)
    for name, workers in engines:
        engine = make_engine(name, workers=workers)
        label = name if name == "local" else f"dask-{workers}"
        try:
            with tempfile.TemporaryDirectory() as tmp, PeakRSS() as mem:
                load0 = os.getloadavg()[0]
                t0 = time.perf_counter()
                res = cluster([str(crawl)], tmp, engine=engine, settings=settings)
                wall = time.perf_counter() - t0
                load1 = os.getloadavg()[0]
        finally:
            engine.close()
        cpu_s = sum(mem.cpu.values()) - mem.cpu_start
        results[label] = [json.dumps(family_json(f), sort_keys=True) for f in res.families]
        out["runs"][label] = {"seconds": round(wall, 1), "stage_seconds": res.stats.seconds,
                              "peak_rss_mb": round(mem.peak / 2**20),
                              "rss_at_start_mb": round(mem.start / 2**20), "families":
                              len(res.families), "candidate_pairs": res.stats.candidate_pairs,
                              "docs_per_second": round(n_docs / wall, 1),
                              # CPU seconds of this process and its workers over wall
                              # seconds: how many cores the run kept busy
                              "cores_busy": round(cpu_s / wall, 2),
                              "load_average_1min_before_after": [round(load0, 2),
                                                                 round(load1, 2)]}
        print(label, out["runs"][label], flush=True)
    runs = out["runs"]
    if "dask-1" in runs and "dask-2" in runs:
        out["speedup_2_vs_1"] = round(runs["dask-1"]["seconds"] / runs["dask-2"]["seconds"], 2)
    crawl_dir.cleanup()
    labels = list(results)
    out["identical"] = all(results[x] == results[labels[0]] for x in labels)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--families", type=int, default=100)
    ap.add_argument("--singletons", type=int, default=200)
    ap.add_argument("--docs", type=int, default=5000, help="scale run size (full: 100000)")
    ap.add_argument("--quick", action="store_true", help="20 families, 40 singletons, 600 docs")
    ap.add_argument("--skip-scale", action="store_true")
    ap.add_argument("--skip-quality", action="store_true")
    ap.add_argument("--engines", default="local,dask-1,dask-2",
                    help="scale runs, comma-separated: local, dask-N (N workers)")
    ap.add_argument("--out", type=Path, default=RESULTS_DIR / "cluster.json")
    args = ap.parse_args(argv)
    if args.quick:
        args.families, args.singletons, args.docs = 20, 40, 600
    shared_dir()
    th = Thesaurus()
    tortured = tortured_phrases(required=False)
    settings = ClusterSettings(reports=False)
    report: dict = {"args": {k: str(v) for k, v in vars(args).items()},
                    "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    if not args.skip_quality:
        docs, truth = quality_docs(args.families, args.singletons, th, tortured)
        t0 = time.perf_counter()
        res = cluster(docs, settings=settings)
        wall = time.perf_counter() - t0
        q = evaluate(res, docs, truth)
        q.update(documents=len(docs), seconds=round(wall, 1), stage_seconds=res.stats.seconds,
                 families_found=len(res.families))
        rewrites: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for f in res.families:
            for m in f.members:
                kind = m.id.split("/")[1] if "/" in m.id else "original"
                rewrites[kind][m.rewrite or m.role] += 1
        q["rewrite_by_kind"] = {k: dict(v) for k, v in sorted(rewrites.items())}
        t0 = time.perf_counter()
        base = baseline_labels(docs)
        ids = [d.id for d in docs]
        q["baseline_minhash_ari"] = round(ari([truth["family"][i] for i in ids],
                                              [base[i] for i in ids]), 4)
        q["baseline_seconds"] = round(time.perf_counter() - t0, 1)
        report["quality"] = q
        print(json.dumps(q, indent=2), flush=True)
    if not args.skip_scale:
        engines = [(e.split("-")[0], int(e.split("-")[1]) if "-" in e else 1)
                   for e in args.engines.split(",")]
        report["scale"] = run_scale(args.docs, th, tortured, settings, engines)
        print(json.dumps(report["scale"], indent=2))
    write_results(args.out, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
