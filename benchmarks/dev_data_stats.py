"""How far each kind of generated copy is from its source, beside real rewrites.

Run ``python -m benchmarks.dev_data_stats`` (``--help`` for options). It generates every
``unspun.devdata`` kind from the first N real sources (``corpora.load_sources``) and prints, per
kind, the mean of:

- ``J5``: word 5-shingle Jaccard between copy and source (what MinHash near-duplicate
  detection thresholds at 0.5-0.8);
- ``kept``: share of the copy's word tokens that are source tokens (multiset intersection
  over the copy's tokens: 1.0 for a verbatim copy or an excerpt);
- ``sents``: copy sentences / source sentences (``unspun.devdata.sentences``);
- ``anchors``: share of the source's distinct anchor terms (``unspun.segment.anchor_terms``:
  names, numbers, money, dates, acronyms) found in the copy.

Then the same four numbers for real rewrites in reach: seed ``001`` against seed ``000`` (two
rewrites of one Reuters story, not copy and source; the original is not in the shared data)
and the project's hand-written paraphrase and summary in the demo corpus against their sources.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter

from benchmarks.common import SharedDataMissing, word_ngrams
from benchmarks.corpora import DEMO_CORPUS, load_sources, seed_files, tortured_phrases
from unspun.devdata import KINDS, generate_dataset, sentences
from unspun.lexicon import Thesaurus
from unspun.segment import anchor_terms, segment, words


def stats(copy: str, source: str) -> dict[str, float]:
    a, b = word_ngrams(copy, 5), word_ngrams(source, 5)
    ct, st = Counter(words(copy)), Counter(words(source))
    src_anchors = set(anchor_terms(segment(source).anchors))
    copy_anchors = set(anchor_terms(segment(copy).anchors))
    return {
        "J5": len(a & b) / len(a | b) if a | b else 0.0,
        "kept": sum((ct & st).values()) / max(1, sum(ct.values())),
        "sents": len(sentences(copy)) / max(1, len(sentences(source))),
        "anchors": len(src_anchors & copy_anchors) / len(src_anchors) if src_anchors else 1.0,
    }


def mean(rows: list[dict[str, float]]) -> dict[str, float]:
    return {k: sum(r[k] for r in rows) / len(rows) for k in rows[0]}


def table(rows: list[tuple[str, int, dict[str, float]]]) -> str:
    out = ["| kind | n | J5 | kept | sents | anchors |", "|---|---:|---:|---:|---:|---:|"]
    for name, n, m in rows:
        out.append(f"| {name} | {n} | {m['J5']:.3f} | {m['kept']:.3f} | {m['sents']:.2f} "
                   f"| {m['anchors']:.3f} |")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=100, help="real sources to use")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--spin-rate", type=float, default=0.3)
    args = parser.parse_args()
    try:
        sources = load_sources(limit=args.sources)
        tortured = tortured_phrases()
    except SharedDataMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    thesaurus = Thesaurus()
    t0 = time.perf_counter()
    copies = generate_dataset(sources, KINDS, args.seed, thesaurus, spin_rate=args.spin_rate,
                              tortured=tortured)
    took = time.perf_counter() - t0
    texts = dict(sources)
    by_kind: dict[str, list[dict[str, float]]] = {k: [] for k in KINDS}
    for c in copies:
        by_kind[c.kind].append(stats(c.text, texts[c.source_id]))
    rows = [(k, len(v), mean(v)) for k, v in by_kind.items()]

    seeds = seed_files()
    if len(seeds) >= 2:
        s0, s1 = (p.read_text(encoding="utf-8") for p in seeds[:2])
        rows.append(("seed 001 vs 000 (real, siblings)", 1, stats(s1, s0)))
    for copy_name, source_name in (("paraphrase-calder-chip-plant.txt", "02-calder-chip-plant.txt"),
                                   ("summary-norvalis-rsv-vaccine-trial.txt",
                                    "07-norvalis-rsv-vaccine-trial.txt")):
        copy_text = (DEMO_CORPUS / "copies" / copy_name).read_text(encoding="utf-8")
        source_text = (DEMO_CORPUS / "sources" / source_name).read_text(encoding="utf-8")
        rows.append((f"demo {copy_name.split('-')[0]} (by hand)", 1,
                     stats(copy_text, source_text)))
    print(f"{len(sources)} sources, seed {args.seed}, spin rate {args.spin_rate}; "
          f"{len(copies)} copies generated in {took:.1f} s\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
