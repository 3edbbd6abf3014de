"""Copy or related? Calibration of the verdict on real and generated pairs.

Run ``python -m benchmarks.copy_related`` (about a minute). It prints and writes
(``benchmarks/results/copy_related.json``):

1. **Clough-Stevenson** (Corpus of Plagiarised Short Answers, Clough & Stevenson 2011): each of
   the 95 answers compared with its Wikipedia source; the confusion of the four labels (cut,
   light, heavy, non) against unspun's verdicts, and the accuracy over ``cut`` (must be
   ``copy``) and ``non`` (must be ``related`` or ``unrelated``). Some ``cut`` answers were cut
   from parts of the Wikipedia article that are not in the source file the corpus gives; the
   benchmark finds them (under ``OUTSIDE_SHARE`` of their word 8-grams occur in the source)
   and lists them, and reports the accuracy with and without them.
2. **Same-entity negatives**, for real articles of the shared corpora (Zyte AEB, WCXB-dev):
   - ``neighbour``: the other article of the corpus that shares the most anchor terms (names,
     numbers, dates) with it, when it shares at least ``MIN_SHARED_TERMS``, and no 12-word run
     (pairs that do share a run are reuse, reported apart);
   - ``transplant``: a different article whose names and numbers are replaced by this
     article's, in order of frequency: the same entities in independently written text, the
     hardest case for an anchor-based method.
   A "copy" verdict on any of them is a false alarm. The same sources' generated spun and
   excerpt copies are run beside them as a control (they must stay "copy").
3. The demo corpus's two pairs of independent articles on one event (written for the project).

``--dense`` runs it all with an aligner that also weighs sentence vectors (the semantic
extra): meaning brings same-story sentences together, so the verdict must hold there too.
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from collections import Counter
from pathlib import Path

from benchmarks.common import (
    RESULTS_DIR,
    ratio,
    run_hashes,
    shared_dir,
    shares_run,
    word_ngrams,
    write_results,
)
from benchmarks.corpora import DEMO_CORPUS, load_sources
from unspun.align import Aligner
from unspun.api import compare, load_doc
from unspun.devdata import generate_dataset
from unspun.lexicon import Thesaurus
from unspun.segment import anchor_terms, anchors, segment

OUTSIDE_SHARE = 0.2
"""A ``cut`` answer with under a fifth of its word 8-grams in the source file was cut from
elsewhere (a verbatim cut from the file keeps nearly all of them)."""
MIN_SHARED_TERMS = 4
"""Neighbours must share at least this many distinct anchor terms to be about the same
entities; typical unrelated pairs share 0-2 (a year, a common number)."""
SAME_EVENT_PAIRS = (("09", "10"), ("12", "13"))


def _verdict(copy: str | object, source: str | object, aligner: Aligner) -> str:
    rep = compare(copy, source, aligner=aligner)  # type: ignore[arg-type]
    return rep.matches[0].verdict if rep.matches else "unrelated"


# -- 1. Clough-Stevenson -------------------------------------------------------------------

def clough_stevenson(aligner: Aligner) -> dict:
    root = shared_dir() / "corpora" / "clough-stevenson"
    sources = {t: load_doc(root / f"orig_task{t}.txt") for t in "abcde"}
    confusion: Counter[tuple[str, str]] = Counter()
    answers = []
    with open(root / "file_information.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["Category"] not in ("cut", "light", "heavy", "non"):
                continue
            doc = load_doc(root / row["File"])
            src = sources[row["Task"]]
            grams = word_ngrams(doc.text, 8)
            inside = len(grams & word_ngrams(src.text, 8)) / len(grams) if grams else 0.0
            v = _verdict(doc, src, aligner)
            confusion[(row["Category"], v)] += 1
            answers.append({"file": row["File"], "label": row["Category"], "verdict": v,
                            "source_8gram_share": round(inside, 3)})

    def right(a: dict) -> bool:
        return (a["verdict"] == "copy") == (a["label"] == "cut")

    gate = [a for a in answers if a["label"] in ("cut", "non")]
    outside = [a for a in gate if a["label"] == "cut" and a["source_8gram_share"] < OUTSIDE_SHARE]
    kept = [a for a in gate if a not in outside]
    return {
        "confusion": {f"{lab}->{v}": n for (lab, v), n in sorted(confusion.items())},
        "accuracy_cut_vs_non": round(sum(map(right, gate)) / len(gate), 4),
        "n_cut_vs_non": len(gate),
        "accuracy_cut_vs_non_cut_inside_source": round(sum(map(right, kept)) / len(kept), 4),
        "cut_from_outside_source": [a["file"] for a in outside],
        "errors": [a for a in gate if not right(a)],
        "copy_rate": {lab: round(sum(n for (l2, v), n in confusion.items()
                                     if l2 == lab and v == "copy")
                                 / sum(n for (l2, _), n in confusion.items() if l2 == lab), 4)
                      for lab in ("cut", "light", "heavy", "non")},
    }


# -- 2. same-entity negatives --------------------------------------------------------------

_ENTITY = ("name", "acronym")
_NUMERIC = ("number", "money", "percent", "date")


def _terms(text: str) -> set[str]:
    return set(anchor_terms(segment(text).anchors))


def transplant(target: str, donor: str) -> str:
    """``donor``'s text with its names and numbers replaced by ``target``'s.

    Names map by frequency rank (the donor's most frequent name becomes the target's most
    frequent one), numbers in order of appearance; the words around them stay the donor's.
    """
    t_anchors, d_anchors = anchors(target), anchors(donor)

    def ranked(al: list, kinds: tuple[str, ...]) -> list[str]:
        counts = Counter(a.key for a in al if a.kind in kinds)
        return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    def surface(al: list, kinds: tuple[str, ...]) -> dict[str, str]:
        out: dict[str, str] = {}
        for a in al:
            if a.kind in kinds:
                out.setdefault(a.key, target[a.start : a.end])
        return out

    names_t, names_d = ranked(t_anchors, _ENTITY), ranked(d_anchors, _ENTITY)
    name_map = {d: surface(t_anchors, _ENTITY)[t] for d, t in zip(names_d, names_t, strict=False)}
    nums_t = [target[a.start : a.end] for a in t_anchors if a.kind in _NUMERIC]
    out, pos, ni = [], 0, 0
    for a in sorted(d_anchors, key=lambda a: a.start):
        if a.start < pos:
            continue
        repl = None
        if a.kind in _ENTITY and a.key in name_map:
            repl = name_map[a.key]
        elif a.kind in _NUMERIC and nums_t:
            repl, ni = nums_t[ni % len(nums_t)], ni + 1
        if repl is not None:
            out += [donor[pos : a.start], repl]
            pos = a.end
    out.append(donor[pos:])
    return "".join(out)


def same_entity(sources: list[tuple[str, str]], n: int, seed: int, aligner: Aligner,
                thesaurus: Thesaurus) -> dict:
    rng = random.Random(seed)
    terms = [_terms(t) for _, t in sources]
    targets = rng.sample(range(len(sources)), min(n, len(sources)))
    verdicts: dict[str, Counter[str]] = {"neighbour": Counter(), "transplant": Counter(),
                                         "neighbour_sharing_text": Counter()}
    false_alarms: list[dict] = []
    for i in targets:
        sid, text = sources[i]
        shared = [(len(terms[i] & terms[j]), j) for j in range(len(sources)) if j != i]
        n_shared, j = max(shared)
        if n_shared >= MIN_SHARED_TERMS:
            reuse = shares_run(sources[j][1], run_hashes([text]))
            kind = "neighbour_sharing_text" if reuse else "neighbour"
            v = _verdict(sources[j][1], text, aligner)
            verdicts[kind][v] += 1
            if v == "copy" and kind == "neighbour":
                false_alarms.append({"kind": kind, "source": sid, "query": sources[j][0]})
        donor = rng.choice([k for k in range(len(sources)) if k != i])
        v = _verdict(transplant(text, sources[donor][1]), text, aligner)
        verdicts["transplant"][v] += 1
        if v == "copy":
            false_alarms.append({"kind": "transplant", "source": sid, "query": sources[donor][0]})
    control = generate_dataset([sources[i] for i in targets], ("spun", "excerpt"), seed,
                               thesaurus, spin_rate=0.3)
    ctl: Counter[str] = Counter(_verdict(c.text, dict(sources)[c.source_id], aligner)
                                for c in control)

    def rate(c: Counter[str]) -> float | None:
        return ratio(c["copy"], sum(c.values()))

    negatives = verdicts["neighbour"] + verdicts["transplant"]
    return {
        "n_targets": len(targets),
        "verdicts": {k: dict(v) for k, v in verdicts.items()},
        "copy_rate": {k: rate(v) for k, v in verdicts.items()},
        "copy_rate_negatives": rate(negatives),
        "n_negatives": sum(negatives.values()),
        "false_alarms": false_alarms,
        "control_copy_rate": rate(ctl),
        "n_control": sum(ctl.values()),
    }


def same_event_demo(aligner: Aligner) -> dict:
    corpus = DEMO_CORPUS / "sources"
    out = {}
    for a, b in SAME_EVENT_PAIRS:
        pa, pb = (next(corpus.glob(f"{x}-*")) for x in (a, b))
        da, db = load_doc(pa), load_doc(pb)
        out[f"{pa.name} vs {pb.name}"] = _verdict(da, db, aligner)
    return out


def run(args: argparse.Namespace) -> dict:
    t0 = time.perf_counter()
    thesaurus = Thesaurus()
    embedder = None
    if args.dense:
        from unspun.embed import multilingual_embedder

        embedder = multilingual_embedder()
    aligner = Aligner(thesaurus=thesaurus if thesaurus.available else None, embedder=embedder)
    res: dict = {"dense": embedder.name if embedder else None,
                 "clough_stevenson": clough_stevenson(aligner)}
    sources = load_sources(args.sources)
    res["same_entity"] = same_entity(sources, args.targets, args.seed, aligner, thesaurus)
    res["same_event_demo"] = same_event_demo(aligner)
    res["seconds"] = round(time.perf_counter() - t0, 1)
    if args.out:
        write_results(args.out, res, indent=1)
    return res


def show(res: dict) -> None:
    cs = res["clough_stevenson"]
    print(f"\naligner: words{' + ' + res['dense'] if res['dense'] else ' only'}")
    print("Clough-Stevenson (95 answers vs their source): share with verdict 'copy'")
    print("  " + ", ".join(f"{k} {v:.3f}" for k, v in cs["copy_rate"].items()))
    outside = ", ".join(cs["cut_from_outside_source"]) or "none"
    print(f"  accuracy cut->copy, non->not copy: {cs['accuracy_cut_vs_non']:.3f} over "
          f"{cs['n_cut_vs_non']}; {cs['accuracy_cut_vs_non_cut_inside_source']:.3f} without the "
          f"cut answers taken from outside the source file ({outside})")
    se = res["same_entity"]
    print(f"\nsame-entity negatives for {se['n_targets']} real articles: 'copy' verdicts")
    for k, r in se["copy_rate"].items():
        n = sum(se["verdicts"][k].values())
        print(f"  {k:<24}{'-' if r is None else f'{r:.3f}':>7} of {n}")
    print(f"  {'negatives (both kinds)':<24}{se['copy_rate_negatives']:>7.3f} of "
          f"{se['n_negatives']}; control (spun, excerpt copies) {se['control_copy_rate']:.3f} "
          f"of {se['n_control']}")
    print("\ndemo same-event pairs: " + "; ".join(f"{k}: {v}"
                                                   for k, v in res["same_event_demo"].items()))
    print(f"total {res['seconds']:.0f} s")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sources", type=int, default=None, help="real articles to draw from")
    p.add_argument("--targets", type=int, default=200, help="articles given same-entity negatives")
    p.add_argument("--seed", type=int, default=17)
    p.add_argument("--dense", action="store_true",
                   help="align with sentence vectors too (the semantic extra)")
    p.add_argument("--out", type=Path, default=RESULTS_DIR / "copy_related.json")
    return p.parse_args(argv)


if __name__ == "__main__":
    show(run(parse_args()))
