"""The static encoder against the full one: the dense channel's retrieval, speed and floor.

Run ``python -m benchmarks.static_channel PAGES_JSONL`` (the rebuilt wild-dev pages; about
five minutes, ``--grid`` adds a few). On the pages that are not copies as the indexed side and
every copy whose original is among them as a query, it measures, for the full encoder
(``UseEmbedder``) and the static one (``unspun.embed.static``, the recipe it ships):

- **the channel alone**: each text's passage vectors (``index.vectors``: pooled sentence
  vectors); a source's score for a query is the mean, over the query's passages, of its best
  passage cosine; recall@1/5/10 of the original, overall and by rewrite;
- **the floor**: where the best cosine to a source of *another* story falls. The full encoder's
  dense floor is 0.5 (``retrieve.DENSE_FLOOR``); the static floor is the cosine above which
  the same share of those other-story hits lies (``StaticEmbedder.dense_floor``);
- **speed, same run**: encoding every page's sentences; then an index of the non-copies built
  with each encoder (``benchmarks.wild_data.build_index``) and every copy traced through both,
  alternating, with ``Retriever.for_index`` (the static index aligns with the full model,
  encoding its candidates at trace time).

``--grid`` also scores variants of the recipe (SIF ``a``, common components removed, kept
dimensions) from the same piece vectors: how the shipped one was chosen (on these pages, so
the shipped recipe's figures are in-sample; the generated retrieval benchmark,
``benchmarks/retrieval.py --dense on --encoder static``, is the check on other data).

Writes ``benchmarks/results/static_channel.json`` (``--out``): figures only, no texts.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import RESULTS_DIR, write_results
from benchmarks.wild_data import Page, build_index, load_pages
from unspun.embed import UseEmbedder
from unspun.embed.static import (
    COMMON_COMPONENTS,
    DIM,
    SIF_A,
    StaticEmbedder,
    distil,
    piece_vectors,
)
from unspun.index.vectors import encode_texts
from unspun.records import Segmented
from unspun.retrieve import DENSE_FLOOR, Retriever
from unspun.segment import segment


class _TableEncoder(StaticEmbedder):
    """The static encoder over a table in memory (a variant of the recipe)."""

    def __init__(self, vectors: np.ndarray, weights: np.ndarray) -> None:
        super().__init__()
        self.dim = vectors.shape[1]  # type: ignore[misc]
        self._vectors, self._weights = vectors.astype(np.float32), weights
        from unspun.embed.static import _tokenizer

        self._sp = _tokenizer()


def channel(encoder: Any, pages: list[Page], segs: dict[str, Segmented]) -> dict:
    """Recall of the original by passage cosines alone, and the other-story cosines."""
    indexed = [p for p in pages if p.role != "copy"]
    original = {p.family: k for k, p in enumerate(indexed) if p.role == "original"}
    copies = [p for p in pages if p.role == "copy" and p.family in original]
    t0 = time.perf_counter()
    vecs = dict(zip([p.id for p in pages], encode_texts(encoder, [segs[p.id] for p in pages]),
                    strict=True))
    seconds = time.perf_counter() - t0
    matrix = np.concatenate([vecs[p.id].passage_vectors for p in indexed])
    owner = np.concatenate([np.full(len(vecs[p.id].passage_vectors), k)
                            for k, p in enumerate(indexed)])
    ranks: dict[str, list[int]] = defaultdict(list)
    other_best: list[float] = []
    for c in copies:
        sims = vecs[c.id].passage_vectors @ matrix.T
        best = np.full((len(sims), len(indexed)), -1.0, dtype=np.float32)
        np.maximum.at(best.T, owner, sims.T)
        score = best.mean(axis=0)
        k = original[c.family]
        rank = int((score > score[k]).sum()) + 1
        ranks["all"].append(rank)
        ranks[c.rewrite or "-"].append(rank)
        others = [j for j, p in enumerate(indexed) if p.family != c.family]
        other_best.extend(best[:, others].max(axis=1).tolist())
    return {
        "encode_seconds": round(seconds, 2),
        "recall": {kind: {f"@{n}": round(float(np.mean(np.array(r) <= n)), 3) for n in (1, 5, 10)}
                   for kind, r in sorted(ranks.items())},
        "other_story_best_cosine": {f"q{q}": round(float(np.quantile(other_best, q / 100)), 3)
                                    for q in (50, 75, 90, 99)},
        "_other_best": other_best,
    }


def trace_speed(pages: list[Page]) -> dict:
    """Index the non-copies with each encoder, trace every copy through both (alternating)."""
    out: dict[str, dict] = {}
    indexes = {}
    for kind in ("full", "static"):
        t0 = time.perf_counter()
        indexes[kind] = build_index(pages, dense=True, encoder=kind)
        out[kind] = {"index_seconds": round(time.perf_counter() - t0, 1)}
    retrievers = {k: Retriever.for_index(ix) for k, ix in indexes.items()}
    seconds = dict.fromkeys(indexes, 0.0)
    hits = dict.fromkeys(indexes, 0)
    copies = [p for p in pages if p.role == "copy"]
    truth = {p.family: p.id for p in pages if p.role == "original"}
    for p in copies:
        for kind, retriever in retrievers.items():
            t0 = time.perf_counter()
            report = retriever.trace(p.doc, top=1)
            seconds[kind] += time.perf_counter() - t0
            top = report.matches[0] if report.matches else None
            hits[kind] += bool(top and top.source.id == truth.get(p.family)
                               and top.verdict == "copy")
    for kind in indexes:
        out[kind].update(trace_seconds=round(seconds[kind], 1),
                         right_copy_at_1=hits[kind], copies=len(copies))
        indexes[kind].close()
    out["trace_static_vs_full"] = round(seconds["static"] / seconds["full"], 2)
    out["index_full_vs_static"] = round(out["full"]["index_seconds"]
                                        / out["static"]["index_seconds"], 1)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", type=Path, help="the rebuilt wild-dev pages (JSONL)")
    ap.add_argument("--grid", action="store_true", help="also score variants of the recipe")
    ap.add_argument("--no-trace", action="store_true", help="skip the same-run trace timing")
    ap.add_argument("--out", type=Path, default=RESULTS_DIR / "static_channel.json")
    args = ap.parse_args(argv)
    t_start = time.perf_counter()
    pages = load_pages(args.pages)
    segs = {p.id: segment(p.doc.text) for p in pages}
    t0 = time.perf_counter()
    raw, log_prob = piece_vectors()
    table_seconds = time.perf_counter() - t0
    shipped = (SIF_A, COMMON_COMPONENTS, DIM)
    variants = [shipped]
    if args.grid:
        variants += [(a, c, d) for a in (1e-3, 1e-4, 1e-5) for c in (0, 1, 4)
                     for d in (128, 256, 512) if (a, c, d) != shipped]
    res: dict[str, Any] = {"pages": len(pages), "piece_vectors_seconds": round(table_seconds, 1),
                           "full": channel(UseEmbedder(), pages, segs), "static": {}}
    full_share = float(np.mean(np.array(res["full"]["_other_best"]) > DENSE_FLOOR))
    for a, c, d in variants:
        enc = _TableEncoder(*distil(raw, log_prob, a=a, common=c, dim=d))
        name = f"a={a:g} common={c} dim={d}" + (" (shipped)" if (a, c, d) == shipped else "")
        r = channel(enc, pages, segs)
        r["floor_same_share"] = round(float(np.quantile(r["_other_best"], 1 - full_share)), 3)
        res["static"][name] = r
        print(f"{name:<34} R@1/5/10 " + " / ".join(
            str(r["recall"]["all"][k]) for k in ("@1", "@5", "@10"))
            + f"  floor {r['floor_same_share']}", file=sys.stderr, flush=True)
    for r in [res["full"], *res["static"].values()]:
        del r["_other_best"]
    res["full_floor"] = DENSE_FLOOR
    res["other_story_share_above_full_floor"] = round(full_share, 3)
    if not args.no_trace:
        res["trace"] = trace_speed(pages)
    res["seconds"] = round(time.perf_counter() - t_start, 1)
    _print(res)
    write_results(args.out, res)
    print(f"wrote {args.out}")
    return 0


def _print(res: dict) -> None:
    print(f"\n== the dense channel alone, {res['pages']} wild-dev pages ==")
    rows = [("full encoder", res["full"])] + list(res["static"].items())
    for name, r in rows:
        rec = r["recall"]
        by = ", ".join(f"{k} {v['@5']}" for k, v in rec.items() if k != "all")
        print(f"{name:<34} R@1 {rec['all']['@1']:.3f}  R@5 {rec['all']['@5']:.3f}  "
              f"R@10 {rec['all']['@10']:.3f}  encode {r['encode_seconds']:.1f} s  "
              f"other-story q50/q90 {r['other_story_best_cosine']['q50']}/"
              f"{r['other_story_best_cosine']['q90']}"
              + (f"  floor {r['floor_same_share']}" if "floor_same_share" in r else ""))
        print(f"{'':<34} R@5 by rewrite: {by}")
    if "trace" in res:
        t = res["trace"]
        print(f"same run: index {t['full']['index_seconds']} s full / "
              f"{t['static']['index_seconds']} s static ({t['index_full_vs_static']}x); "
              f"trace {t['full']['trace_seconds']} s full / {t['static']['trace_seconds']} s "
              f"static ({t['trace_static_vs_full']}x); right copy at 1: "
              f"{t['full']['right_copy_at_1']} / {t['static']['right_copy_at_1']} of "
              f"{t['full']['copies']}")


if __name__ == "__main__":
    sys.exit(main())
