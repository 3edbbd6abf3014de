"""Substitution benchmark: does the edit script find what the spinner changed, and only that?

Run ``python -m benchmarks.substitutions`` (``--sources N``, ``--spin-rate R``). It

1. loads real article texts (``corpora.load_sources``) and draws ``--sources`` of them with a
   fixed seed;
2. spins each with ``unspun.devdata`` (kind ``spun``, tortured phrases from the shared list
   applied in reverse), which records every change it made as a ``SynthEdit``;
3. aligns each copy to its source with ``unspun.align.Aligner`` (thesaurus on) and runs
   ``unspun.explain.edit_script`` on every aligned pair;
4. scores the predicted substitutions against the generator's record.

Matching rule: the spinner only substitutes (it never inserts or deletes a word), and a
predicted substitution may merge neighbouring spinner edits into one phrase ("tip unfamiliar
prepared researchers" covers three ``SynthEdit``s). So a predicted substitution is *correct*
when its copy span overlaps (shares at least one character with) the copy span of some
``SynthEdit``; a ``SynthEdit`` is *found* when some predicted substitution overlaps it.

- ``substitution_precision``: correct / predicted substitutions. In a pure spun copy every
  difference is the spinner's, so this mostly checks alignment; ``--kinds spun,spam`` adds
  injected spam, which must not come out as substitutions.
- ``substitution_char_precision``: share of predicted substituted copy characters inside some
  ``SynthEdit``; penalises over-broad phrases that the overlap rule forgives.
- ``substitution_recall`` over all ``SynthEdit``s, and ``..._in_aligned_pairs`` over those
  inside aligned copy spans (what the edit script could see). ``edit_recall_in_aligned_pairs``
  also counts insertions and deletions: "payroll" -> "payroll department" is an insertion.
- ``name_mangled_precision``: flagged substitutions overlapping a ``SynthEdit`` with reason
  ``name_mangled``. ``..._capitalised`` also accepts any edit of a capitalised word that is
  not sentence-initial by the generator's own splitter: its tortured-phrase pass runs first
  and labels "United States" -> "Joined Along States" ``tortured_list``.
- ``name_mangled_recall``: ``name_mangled`` edits overlapped by a flagged substitution. The
  generator calls every mid-sentence capital a name, headings included; the edit script
  deliberately does not.
- ``tortured_list_recall``: list-applied edits (``tortured_list``) overlapped by a
  substitution flagged ``tortured``.

Writes ``benchmarks/results/substitutions.json`` (``--out`` to change).
"""

from __future__ import annotations

import argparse
import bisect
import random
import re
import time
from collections import Counter
from pathlib import Path

from benchmarks.common import RESULTS_DIR, ratio, write_results
from benchmarks.corpora import load_sources, tortured_phrases
from unspun.align import Aligner
from unspun.devdata import SYNTH_VERSION, SynthEdit, generate_dataset, sentences
from unspun.explain import Edit, TorturedPhrases, edit_script
from unspun.lexicon import Thesaurus
from unspun.lexicon.spin import default_spin_lexicon
from unspun.segment import segment

RESULTS_VERSION = 1


class _Spans:
    """Sorted, non-overlapping copy spans of SynthEdits, for overlap queries."""

    def __init__(self, edits: list[SynthEdit]) -> None:
        self.edits = sorted(edits, key=lambda e: e.copy_start)
        self.starts = [e.copy_start for e in self.edits]

    def overlapping(self, start: int, end: int) -> list[int]:
        """Edits sharing a character with ``[start, end)``; for an empty span (a deletion's
        copy side), edits that touch its position."""
        k = max(0, bisect.bisect_right(self.starts, start) - 1)
        out = []
        while k < len(self.edits) and self.edits[k].copy_start <= end:
            e = self.edits[k]
            if (e.copy_end > start and e.copy_start < end) if end > start else (
                e.copy_start <= start <= e.copy_end
            ):
                out.append(k)
            k += 1
        return out

    def covered_chars(self, start: int, end: int) -> int:
        return sum(
            min(end, self.edits[k].copy_end) - max(start, self.edits[k].copy_start)
            for k in self.overlapping(start, end)
        )


def _capitalised_mid_sentence(source: str, edits: list[SynthEdit]) -> set[int]:
    """Edits whose source starts with a capital that does not open a sentence, by the
    generator's own sentence splitter: the edits it would call ``name_mangled`` had its
    tortured-phrase pass not got there first ("United States" -> "Joined Along States")."""
    initial = set()
    for s, e in sentences(source):
        first = re.search(r"[A-Za-z]", source[s:e])
        if first:
            initial.add(s + first.start())
    return {k for k, t in enumerate(edits)
            if t.source_text[:1].isupper() and t.source_start not in initial}


def run(args: argparse.Namespace) -> dict:
    sources = load_sources()
    rng = random.Random(args.seed)
    picked = rng.sample(sources, min(args.sources, len(sources)))
    thesaurus = Thesaurus().load()
    pairs = tortured_phrases()
    index = TorturedPhrases(pairs)
    # the spin lexicon too, as every report uses it (--no-spin: the list alone)
    spin = None if args.no_spin else default_spin_lexicon()
    t0 = time.perf_counter()
    copies = generate_dataset(picked, tuple(args.kinds.split(",")), args.seed, thesaurus,
                              spin_rate=args.spin_rate, tortured=pairs)
    t_gen = time.perf_counter() - t0
    source_text = dict(picked)
    aligner = Aligner(thesaurus=thesaurus)

    n: Counter[str] = Counter()
    flag_counts: Counter[str] = Counter()
    t_align = t_edit = 0.0
    for copy in copies:
        src = source_text[copy.source_id]
        t0 = time.perf_counter()
        alignment = aligner.align(segment(copy.text), segment(src))
        t_align += time.perf_counter() - t0
        t0 = time.perf_counter()
        predicted: list[Edit] = []
        for pair in alignment.pairs:
            predicted.extend(edit_script(copy.text, pair.copy_span, src, pair.source_span,
                                         thesaurus, tortured=index, spin=spin))
        t_edit += time.perf_counter() - t0
        n["aligned_pairs"] += len(alignment.pairs)

        truth = _Spans(list(copy.edits))
        reasons = [e.reason for e in truth.edits]
        capitalised = _capitalised_mid_sentence(src, truth.edits)
        found_sub: set[int] = set()
        found_any: set[int] = set()
        found_names: set[int] = set()
        found_tortured: set[int] = set()
        for e in predicted:
            hits = truth.overlapping(e.copy_start, e.copy_end)
            found_any.update(hits)
            if e.op != "substitute":
                n["inserts_deletes"] += 1
                n["inserts_deletes_correct"] += bool(hits)
                continue
            flag_counts.update(e.flags)
            n["predicted"] += 1
            n["correct"] += bool(hits)
            found_sub.update(hits)
            n["pred_chars"] += e.copy_end - e.copy_start
            n["correct_chars"] += truth.covered_chars(e.copy_start, e.copy_end)
            if "name_mangled" in e.flags:
                names = [k for k in hits if reasons[k] == "name_mangled"]
                n["nm_predicted"] += 1
                n["nm_correct"] += bool(names)
                n["nm_correct_capitalised"] += any(k in capitalised for k in hits)
                found_names.update(names)
            if "tortured" in e.flags:
                found_tortured.update(k for k in hits if reasons[k] == "tortured_list")
        spans = [(p.copy_span.start, p.copy_span.end) for p in alignment.pairs]
        inside = {k for k, t in enumerate(truth.edits)
                  if any(a <= t.copy_start and t.copy_end <= b for a, b in spans)}
        n["truth"] += len(truth.edits)
        n["truth_in_pairs"] += len(inside)
        n["found_sub"] += len(found_sub)
        n["found_any_in_pairs"] += len(found_any & inside)
        n["nm_truth"] += reasons.count("name_mangled")
        n["nm_found"] += len(found_names)
        n["tl_truth"] += reasons.count("tortured_list")
        n["tl_found"] += len(found_tortured)

    metrics = {
        "substitution_precision": ratio(n["correct"], n["predicted"]),
        "substitution_char_precision": ratio(n["correct_chars"], n["pred_chars"]),
        "substitution_recall": ratio(n["found_sub"], n["truth"]),
        "substitution_recall_in_aligned_pairs": ratio(n["found_sub"], n["truth_in_pairs"]),
        "edit_recall_in_aligned_pairs": ratio(n["found_any_in_pairs"], n["truth_in_pairs"]),
        "insert_delete_precision": ratio(n["inserts_deletes_correct"], n["inserts_deletes"]),
        "name_mangled_precision": ratio(n["nm_correct"], n["nm_predicted"]),
        "name_mangled_precision_capitalised": ratio(n["nm_correct_capitalised"],
                                                    n["nm_predicted"]),
        "name_mangled_recall": ratio(n["nm_found"], n["nm_truth"]),
        "tortured_list_recall": ratio(n["tl_found"], n["tl_truth"]),
    }
    counts = {
        "copies": len(copies), "aligned_pairs": n["aligned_pairs"], "synth_edits": n["truth"],
        "synth_edits_in_aligned_pairs": n["truth_in_pairs"],
        "predicted_substitutions": n["predicted"], "predicted_inserts_deletes":
        n["inserts_deletes"], "name_mangled_predicted": n["nm_predicted"],
        "name_mangled_truth": n["nm_truth"], "tortured_list_truth": n["tl_truth"],
        "flags": dict(sorted(flag_counts.items())),
    }
    timing = {
        "generate_s": round(t_gen, 2), "align_s": round(t_align, 2),
        "edit_script_s": round(t_edit, 2),
        "edit_script_ms_per_pair": ratio(1000 * t_edit, n["aligned_pairs"]),
    }
    return {
        "results_version": RESULTS_VERSION, "synth_version": SYNTH_VERSION,
        "params": {"sources": len(picked), "seed": args.seed, "spin_rate": args.spin_rate,
                   "kinds": args.kinds,
                   "tortured_pairs": len(pairs)},
        "metrics": metrics, "counts": counts, "timing": timing,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--spin-rate", type=float, default=0.3)
    parser.add_argument("--kinds", default="spun",
                        help="synth kinds, comma-separated (spam adds injected text to spin)")
    parser.add_argument("--no-spin", action="store_true",
                        help="flag with the phrase list only, without the spin lexicon")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "substitutions.json")
    return parser.parse_args(argv)


def main() -> None:
    args = parse_args()
    result = run(args)
    width = max(len(k) for k in result["metrics"])
    print(f"{'metric':<{width}}  value")
    for name, value in result["metrics"].items():
        print(f"{name:<{width}}  {'n/a' if value is None else f'{value:.4f}'}")
    print()
    for name, value in result["counts"].items():
        print(f"{name}: {value}")
    print(f"timing: {result['timing']}")
    write_results(args.out, result)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
