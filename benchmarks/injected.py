"""Injected-content benchmark: does unspun find the spam a copier spliced into an article?

Run ``python -m benchmarks.injected`` (about a minute; ``--quick`` for 150 sources,
``--aligned`` adds aligned mode, about four minutes more). It

1. loads the real article texts of the shared corpora (Zyte AEB bodies, WCXB-dev main texts);
2. generates one spam-injected copy of each with ``unspun.devdata`` (kind ``spam``: keyword
   stuffing at paragraph ends, lorem ipsum glued to a sentence, link spam, half of the copies
   lightly spun), which records the exact span and kind of everything it injected;
3. runs ``unspun.explain.spam.find_injected`` on every copy, intrinsic mode (no source) and, with
   ``--aligned``, aligned mode (the copy's sentence alignment to its source and the source's
   text), and prints span precision and recall per kind. A found span matches an injected one
   when both have the same kind and their intersection over union is at least ``--iou``
   (one-to-one, best overlap first); the share of exact matches is printed too;
4. runs the same detector on the clean sources (Zyte and WCXB apart) and on the demo corpus's
   sources, and prints the false-positive rate: the share of clean texts with any finding,
   findings per 10,000 words and the share of words flagged; then what it finds on the two
   seeds in ``shared/seeds``.

It writes ``benchmarks/results/injected.json`` (``--out`` to change). Data: Zyte/ScrapingHub
article-extraction benchmark (MIT) and WCXB dev split (CC-BY-4.0).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from benchmarks.common import RESULTS_DIR, ratio, write_results
from benchmarks.corpora import DEMO_CORPUS, load_sources, seed_files
from unspun.devdata import generate_dataset
from unspun.devdata.scoring import match_spans
from unspun.explain.spam import INJECTED_KINDS, find_injected
from unspun.lexicon import Thesaurus

RESULTS_VERSION = 1


def score(
    pairs: list[tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]], iou: float,
) -> dict:
    """Span precision/recall per kind and overall over (predicted, gold) lists per copy."""
    found: Counter[str] = Counter()
    truth: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    exact = 0
    any_kind_hits = 0
    for pred, gold in pairs:
        found.update(k for _, _, k in pred)
        truth.update(k for _, _, k in gold)
        for i, j in match_spans(pred, gold, iou):
            hit[pred[i][2]] += 1
            exact += pred[i][:2] == gold[j][:2]
        any_kind_hits += len(match_spans(pred, gold, iou, same_kind=False))

    def pr(h: int, f: int, t: int) -> dict[str, float | int | None]:
        # None where the ratio is undefined: nothing found, or nothing of the kind injected.
        return {"precision": ratio(h, f), "recall": ratio(h, t), "found": f, "injected": t}

    kinds = [k for k in INJECTED_KINDS if found[k] or truth[k]]
    n_hit, n_found, n_truth = sum(hit.values()), sum(found.values()), sum(truth.values())
    return {
        "per_kind": {k: pr(hit[k], found[k], truth[k]) for k in kinds},
        "overall": pr(n_hit, n_found, n_truth),
        "overall_any_kind": pr(any_kind_hits, n_found, n_truth),
        "exact_share_of_matches": ratio(exact, n_hit, default=0.0),
    }


def clean_rate(texts: list[tuple[str, str]]) -> dict:
    """False positives on texts with nothing injected: any finding is wrong."""
    flagged_docs = n_found = words = flagged_words = 0
    kinds: Counter[str] = Counter()
    examples = []
    for sid, text in texts:
        found = find_injected(text)
        words += len(text.split())
        if found:
            flagged_docs += 1
            n_found += len(found)
            flagged_words += sum(len(x.text.split()) for x in found)
            kinds.update(x.kind for x in found)
            examples.extend([sid, x.kind, x.text[:120]] for x in found)
    return {
        "texts": len(texts),
        "texts_with_findings": flagged_docs,
        "text_false_positive_rate": ratio(flagged_docs, len(texts), default=0.0),
        "findings_per_10k_words": round(n_found * 1e4 / max(words, 1), 3),
        "words_flagged_share": round(flagged_words / max(words, 1), 6),
        "findings_per_kind": dict(sorted(kinds.items())),
        "examples": examples[:20],
    }


def run(args: argparse.Namespace) -> dict:
    t_start = time.perf_counter()
    sources = load_sources(limit=args.limit)
    thesaurus = Thesaurus()
    if not thesaurus.available:
        print(f"thesaurus absent ({thesaurus.reason}): spam copies are not spun",
              file=sys.stderr)
    copies = generate_dataset(sources, ["spam"], args.seed, thesaurus)
    by_id = dict(sources)

    t0 = time.perf_counter()
    intrinsic = []
    for c in copies:
        pred = [(x.span.start, x.span.end, x.kind) for x in find_injected(c.text)]
        intrinsic.append((pred, [(g.start, g.end, g.kind) for g in c.injected]))
    intrinsic_s = time.perf_counter() - t0
    res: dict = {"intrinsic": score(intrinsic, args.iou)}

    if args.aligned:
        from unspun.align import Aligner
        from unspun.segment import segment

        aligner = Aligner(thesaurus=thesaurus if thesaurus.available else None)
        aligned = []
        t0 = time.perf_counter()
        for c in copies:
            source = by_id[c.source_id]
            al = aligner.align(segment(c.text), segment(source))
            spans = [(p.copy_span.start, p.copy_span.end) for p in al.pairs]
            found = find_injected(c.text, spans, source=source)
            pred = [(x.span.start, x.span.end, x.kind) for x in found]
            aligned.append((pred, [(g.start, g.end, g.kind) for g in c.injected]))
        res["aligned"] = score(aligned, args.iou)
        res["aligned_seconds"] = round(time.perf_counter() - t0, 1)

    demo = sorted((DEMO_CORPUS / "sources").glob("*.txt"))
    res["clean"] = {
        "zyte": clean_rate([s for s in sources if s[0].startswith("zyte:")]),
        "wcxb": clean_rate([s for s in sources if s[0].startswith("wcxb:")]),
        "demo": clean_rate([(p.stem, p.read_text(encoding="utf-8")) for p in demo]),
    }
    seeds = seed_files()
    res["seeds"] = {
        p.name: [[x.kind, x.text] for x in find_injected(p.read_text(encoding="utf-8"))]
        for p in seeds
    }
    res.update({
        "results_version": RESULTS_VERSION,
        "n_copies": len(copies),
        "n_injected": sum(len(c.injected) for c in copies),
        "iou": args.iou,
        "limit": args.limit,
        "aligned_mode": args.aligned,
        "seed": args.seed,
        "thesaurus": thesaurus.available,
        "intrinsic_copies_per_s": round(len(copies) / max(intrinsic_s, 1e-9), 1),
        "seconds": round(time.perf_counter() - t_start, 1),
    })
    return res


def print_table(res: dict) -> None:
    print(f"\nunspun injected-content benchmark: {res['n_copies']} spam copies of real articles, "
          f"{res['n_injected']} injected spans; match = same kind, IoU >= {res['iou']}")
    modes = [m for m in ("intrinsic", "aligned") if m in res]
    print(f"{'kind':<18}{'injected':>9}" + "".join(f"{m:>14}{'P':>7}{'R':>7}" for m in modes))
    kinds = list(dict.fromkeys(k for m in modes for k in res[m]["per_kind"]))
    for k in [*kinds, "overall", "overall_any_kind"]:
        rows = [res[m]["per_kind"].get(k) if k in kinds else res[m][k] for m in modes]
        injected = next((r["injected"] for r in rows if r), 0)
        line = f"{k:<18}{injected:>9}"
        for r in rows:
            found = r["found"] if r else 0
            p = f"{r['precision']:.3f}" if r and r["precision"] is not None else "-"
            rc = f"{r['recall']:.3f}" if r and r["recall"] is not None else "-"
            line += f"{found:>8} found{p:>7}{rc:>7}"
        print(line)
    print("exact span among matches: " + ", ".join(
        f"{m} {res[m]['exact_share_of_matches']:.3f}" for m in modes))
    print("\nfalse positives on clean texts (every finding is wrong):")
    for name, c in res["clean"].items():
        print(f"  {name:<5} {c['texts']:>4} texts: {c['texts_with_findings']:>3} with any finding "
              f"(rate {c['text_false_positive_rate']:.3f}), {c['findings_per_10k_words']:.2f} "
              f"per 10k words, {c['words_flagged_share']:.4%} of words; {c['findings_per_kind']}")
    for c in res["clean"].values():
        for sid, kind, text in c["examples"][:5]:
            print(f"    {sid[:20]:<20} {kind:<17} {text!r}")
    for name, found in res["seeds"].items():
        kinds_found = Counter(k for k, _ in found)
        print(f"seed {name}: {len(found)} injected spans {dict(kinds_found)}")
    print(f"\nthroughput: {res['intrinsic_copies_per_s']:.0f} copies/s intrinsic; "
          f"total {res['seconds']:.0f} s")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="the first 150 sources only")
    p.add_argument("--limit", type=int, default=None, help="number of sources (default all)")
    p.add_argument("--aligned", action="store_true",
                   help="also run aligned mode (sentence alignment to the true source)")
    p.add_argument("--iou", type=float, default=0.5)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--out", type=Path, default=RESULTS_DIR / "injected.json")
    args = p.parse_args(argv)
    if args.quick and args.limit is None:
        args.limit = 150
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    res = run(args)
    print_table(res)
    write_results(args.out, res)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
