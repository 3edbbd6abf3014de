"""Real web copies: tracing, the copy/related verdict and families on labelled real pages.

Run ``python -m benchmarks.wild PAGES_JSONL`` on the rebuilt wild-dev pages (each line a row
of ``../shared/corpora/wild-dev/recipe.jsonl`` plus its ``text``; DEVELOPERS.md says how to
rebuild them; never commit them). ``--dense`` builds the index with passage vectors.

The protocol, through the public API (``Index``, ``Retriever.trace``, ``cluster``):
- one index of every page that is not a copy: originals, independent same-story articles
  (``related``) and unrelated originals (``distractor``);
- each copy is traced against it (right source = its family's original, at rank 1 with
  verdict ``copy``); each related article is traced without itself (any ``copy`` verdict is a
  false copy; ``wrong source`` counts those of a page that is not another related article of
  its story, since a few related pages are themselves copies of one another, as their notes
  say); each copy is traced again without its original (an "orphan": any ``copy`` verdict is
  a false copy);
- the verdict model is cross-validated by **leave-one-family-out**: the pages of each story
  are traced with a model fitted on the other stories (plus the Clough-Stevenson answers),
  its threshold chosen by an inner leave-one-family-out on those stories (the lowest
  probability at which related and orphan false copies stay under ``MAX_RELATED`` and
  ``MAX_ORPHAN``);
- MinHashLSH (datasketch, 128 permutations, word 5-shingles, thresholds 0.3 and 0.5) on the
  same index and queries, in the same run: its "verdict" is being returned by the LSH;
- ``unspun cluster`` over all pages as one crawl (truth: each original with its copies is a
  family, every other page alone), with the shipped model (fitted on these pages, so
  in-sample: the figures say so), beside MinHashLSH connected components.

It prints and writes (``--out``, default ``benchmarks/results/wild[-dense].json``) ids,
labels and results only, never page texts. ``--fit`` also fits the shipped model on every
story and writes ``src/unspun/classify/verdict_model.json``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from benchmarks.common import REPO, RESULTS_DIR, write_results
from benchmarks.wild_data import Page, build_index, clough_rows, load_pages
from benchmarks.wild_eval import (
    Row,
    choose_threshold,
    cluster_scores,
    fit_model,
    minhash_baseline,
    score_reports,
)
from unspun.classify.model import VerdictModel, default_model
from unspun.embed import DENSE_KINDS
from unspun.retrieve import Retriever

MODEL_FILE = REPO / "src" / "unspun" / "classify" / "verdict_model.json"


def collect(retriever: Retriever, pages: list[Page]) -> list[Row]:
    """Every aligned candidate of every query, with its features and label (pass 1)."""
    orig = {p.family: p.id for p in pages if p.role == "original"}
    rows: list[Row] = []
    for p in pages:
        if p.role not in ("copy", "related"):
            continue
        exclude = {p.id} if p.role == "related" else set()
        for m in retriever.matches(p.doc, exclude=exclude):
            if not m.evidence:
                # nothing aligned, or meaning alone within one language: the verdict is
                # decided before the model (unrelated), so the pair is not a training row
                continue
            label = int(p.role == "copy" and m.source.id == orig.get(p.family))
            rows.append(Row(p.id, p.family, p.role, m.source.id, label, dict(m.evidence)))
    return rows


def trace_all(retriever: Retriever, pages: list[Page], families: set[int] | None = None
              ) -> list[dict]:
    """Reports (as small dicts, no texts) of the three protocols (pass 2)."""
    orig = {p.family: p.id for p in pages if p.role == "original"}
    out = []
    for p in pages:
        if families is not None and p.family not in families:
            continue
        runs: list[tuple[str, set[str]]] = []
        if p.role == "copy":
            runs = [("copy", set()), ("orphan", {orig[p.family]})]
        elif p.role == "related":
            runs = [("related", {p.id})]
        for kind, exclude in runs:
            rep = retriever.trace(p.doc, top=5, exclude=exclude)
            m = rep.matches[0] if rep.matches else None
            out.append({
                "id": p.id, "url": p.url, "family": p.family, "kind": kind,
                "rewrite": p.rewrite, "confidence": p.confidence,
                "top": m.source.id if m else None, "verdict": m.verdict if m else None,
                "probability": m.probability if m else None,
                "score": m.score if m else None,
                "type": m.rewrite.type if m and m.rewrite else None,
                "extent": m.extent if m else None,
                "features": dict(m.evidence) if m else None,
            })
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", type=Path, help="the rebuilt wild-dev pages (JSONL)")
    ap.add_argument("--dense", action="store_true", help="index with passage vectors")
    ap.add_argument("--encoder", choices=DENSE_KINDS, default="full",
                    help="the dense channel's encoder for the index (with --dense)")
    ap.add_argument("--fit", action="store_true",
                    help=f"fit the shipped model on all stories and write {MODEL_FILE.name}")
    ap.add_argument("--no-cluster", action="store_true", help="skip the families part")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    t_start = time.perf_counter()
    pages = load_pages(args.pages)
    index = build_index(pages, dense=args.dense, encoder=args.encoder)
    retriever = Retriever.for_index(index)
    mode = ("lexical" if not args.dense
            else "dense" + ("-static" if args.encoder == "static" else ""))
    print(f"{len(pages)} pages, {index.count} indexed ({mode})")

    t0 = time.perf_counter()
    rows = collect(retriever, pages)
    extra = clough_rows()
    print(f"pass 1: {len(rows)} candidate rows ({sum(r.label for r in rows)} true sources) "
          f"and {len(extra)} Clough-Stevenson pairs in {time.perf_counter() - t0:.0f} s")

    families = sorted({p.family for p in pages if p.family is not None})
    reports: list[dict] = []
    thresholds = {}
    t0 = time.perf_counter()
    for fam in families:
        train = [r for r in rows if r.family != fam] + extra
        model = fit_model(train, choose_threshold(train))
        thresholds[fam] = model.threshold
        fold = Retriever(index, retriever.aligner, model=model)  # one thesaurus and encoder
        reports += trace_all(fold, pages, {fam})
    print(f"pass 2: {len(reports)} traces, leave-one-family-out, in "
          f"{time.perf_counter() - t0:.0f} s; thresholds {min(thresholds.values()):.2f}-"
          f"{max(thresholds.values()):.2f}")
    result = {"mode": mode, "pages": len(pages),
              "indexed": index.count, "unspun": score_reports(reports, pages),
              "minhash": minhash_baseline(pages), "thresholds": thresholds,
              "per_page": [r for r in reports if _notable(r, pages)]}
    if args.fit:
        everything = rows + extra
        model = fit_model(everything, choose_threshold(everything),
                          fitted_on="wild-dev (35 stories) + Clough-Stevenson")
        model = VerdictModel(**{**model.__dict__, "cv": _cv_summary(result["unspun"])})
        model.save(MODEL_FILE)
        default_model.cache_clear()  # the families below use the model just written
        print(f"wrote {MODEL_FILE} (threshold {model.threshold:.2f})")
    if not args.no_cluster:
        result["families"] = cluster_scores(pages)
    result["seconds"] = round(time.perf_counter() - t_start, 1)
    _print(result)
    out = args.out or RESULTS_DIR / f"wild{'' if mode == 'lexical' else '-' + mode}.json"
    write_results(out, result)
    print(f"wrote {out}")
    return 0


def _notable(r: dict, pages: list[Page]) -> bool:
    """Misses and false copies: the per-page table."""
    orig = {p.family: p.id for p in pages if p.role == "original"}
    if r["kind"] == "copy":
        return not (r["verdict"] == "copy" and r["top"] == orig.get(r["family"]))
    return r["verdict"] == "copy"


def _cv_summary(s: dict) -> dict[str, float]:
    return {"recall_at_1_copy": s["recall_at_1_copy"],
            "related_false_copy": s["related_false_copy"],
            "orphan_false_copy": s["orphan_false_copy"],
            "type_right_among_hits": s["type_right_among_hits"]}


def _print(res: dict) -> None:
    u, mh = res["unspun"], res["minhash"]
    print(f"\n== real web copies, {res['mode']} index, leave-one-family-out ==")
    print(f"{'measure':44} {'unspun':>10} {'MinHashLSH 0.5':>15} {'0.3':>8}")
    for key, label in (("recall_at_1_copy", "right source at rank 1, verdict copy"),
                       ("related_false_copy", "related articles called copy"),
                       ("related_false_copy_wrong_source", "  ... of a page not of their story"),
                       ("orphan_false_copy", "orphan copies called copy"),
                       ("type_right_among_hits", "rewrite type right among hits")):
        print(f"{label:44} {u[key]:>10} {mh['0.5'].get(key, '-'):>15} {mh['0.3'].get(key, '-'):>8}")
    print("by rewrite: " + ", ".join(f"{k} {v}" for k, v in u["by_rewrite"].items()))
    print("extent of hits by label: " + json.dumps(u["extent_by_rewrite"]))
    conf = Counter({tuple(k.split(" -> ")): v for k, v in u["type_confusion"].items()})
    print("type confusion (label -> predicted): " + ", ".join(
        f"{a}->{b} {n}" for (a, b), n in sorted(conf.items())))
    if "families" in res:
        f = res["families"]
        print(f"families (in-sample model): ARI {f['unspun']['ari']}, pair precision "
              f"{f['unspun']['pair_precision']}, recall {f['unspun']['pair_recall']}, originals "
              f"marked {f['unspun']['originals_marked']}; MinHashLSH components ARI "
              f"0.5 {f['minhash']['0.5']['ari']}, 0.3 {f['minhash']['0.3']['ari']}")


if __name__ == "__main__":
    raise SystemExit(main())
