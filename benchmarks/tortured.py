"""Tortured phrases without the list: recall on held-out list pairs, precision on fluent swaps.

Run ``python -m benchmarks.tortured`` (about five minutes). The tortured-phrase list of the
Problematic Paper Screener (Cabanac, Labbé, Magazinov 2021; ``../shared/corpora/
tortured-phrases``) is split into five folds by a stable hash of each pair. Each pair of a
fold is put into a sentence twice, the expected phrase in the source, the tortured phrase in
the copy: a real sentence of the shared article texts that holds the expected phrase when
there is one, else "In this paper we apply <phrase> to the collected data and report the
results." ``unspun.explain.edit_script`` (with the Debian thesaurus) then has to flag a
substitution there ``tortured``, in four set-ups:

- ``list off``: nothing derived from the list (the thesaurus's fixed phrases only);
- ``spin, k-fold``: the spin lexicon (``unspun.lexicon.spin``) learnt from the other four folds;
- ``list + spin, k-fold``: the phrase list of the other four folds and that spin lexicon;
- ``shipped``: the packaged spin lexicon and the whole list, in-sample (an upper bound).

Precision is measured on substitutions that are not tortured: the word-for-word swaps of
MSRP paraphrase pairs (human rewording of news), their substitutions of 1-4 words whose two
sides differ in length (``msrp_phrases``), and the spinner's own thesaurus swaps
(``unspun.devdata``, on the shared article texts) that keep a phrase fluent, i.e. whose new
word pairs with both neighbours occur in the MSRP and STS sentences (English the detector's
references never saw). Precision is given against each set, with the tortured pairs and the
fluent swaps weighed as they come, and at equal weight.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import time
from collections import Counter
from pathlib import Path

from benchmarks.common import RESULTS_DIR, ratio, shared_dir, write_results
from benchmarks.corpora import load_sources, tortured_phrases
from unspun.devdata import generate_dataset
from unspun.explain import TorturedPhrases, edit_script
from unspun.lexicon import Thesaurus
from unspun.lexicon.spin import SpinLexicon, default_spin_lexicon
from unspun.lexicon.tortured import phrase_words
from unspun.segment import sentences

K = 5
TEMPLATE = "In this paper we apply {} to the collected data and report the results."
_NOTES = re.compile(r"\([^)]*\)")


def fold_of(pair: tuple[str, str]) -> int:
    return hashlib.sha1("\t".join(pair).encode()).digest()[0] % K


def clean(expected: str) -> str:
    return " ".join(_NOTES.sub(" ", expected).split())


def real_sentences(phrases: set[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """A sentence of the shared article texts for each phrase found in one (first found)."""
    found: dict[tuple[str, ...], str] = {}
    longest = max((len(p) for p in phrases), default=0)
    for _, text in load_sources():
        for s in sentences(text):
            sent = text[s.start : s.end]
            w = phrase_words(sent)
            for n in range(1, longest + 1):
                for i in range(len(w) - n + 1):
                    g = tuple(w[i : i + n])
                    if g in phrases and g not in found and "\n" not in sent:
                        found[g] = sent
    return found


def embed(tortured: str, expected: str, where: dict[tuple[str, ...], str]
          ) -> tuple[str, str, int, int]:
    """(source sentence, copy sentence, copy start and end of the tortured phrase)."""
    sent = where.get(tuple(phrase_words(expected)))
    if sent is not None:
        m = re.search(r"(?<!\w)" + r"\W+".join(map(re.escape, phrase_words(expected)))
                      + r"(?!\w)", sent, re.I)
        if m:
            copy = sent[: m.start()] + tortured + sent[m.end() :]
            return sent, copy, m.start(), m.start() + len(tortured)
    src, copy = TEMPLATE.format(expected), TEMPLATE.format(tortured)
    start = copy.index(tortured)
    return src, copy, start, start + len(tortured)


def flagged(source: str, copy: str, lo: int, hi: int, th: Thesaurus,
            tortured: TorturedPhrases | None, spin: SpinLexicon | None) -> tuple[bool, bool]:
    """(a substitution overlapping copy[lo:hi] is flagged tortured, by the spin lexicon)."""
    hit = by_spin = False
    for e in edit_script(copy, (0, len(copy)), source, (0, len(source)), th,
                         tortured=tortured, spin=spin):
        if e.op == "substitute" and e.copy_start < hi and lo < e.copy_end \
                and "tortured" in e.flags:
            hit = True
            by_spin = by_spin or e.expression is not None
    return hit, by_spin


def msrp_swaps(th: Thesaurus, same_length: bool = True) -> list[tuple[str, str, int, int]]:
    """Word-for-word substitutions (1-4 words each side, as many on each) between MSRP
    paraphrase pairs; with ``same_length`` false, those of 1-4 words whose sides differ in
    length instead ("talks broke down" -> "negotiations collapsed")."""
    out = []
    root = shared_dir() / "corpora" / "msrp-sts"
    for name in ("msr-para-train.tsv", "msr-para-val.tsv"):
        for line in (root / name).read_text(encoding="utf-8").splitlines()[1:]:
            p = line.split("\t")
            if len(p) < 5 or p[0] != "1":
                continue
            src, copy = p[3], p[4]
            for e in edit_script(copy, (0, len(copy)), src, (0, len(src)), th):
                n_s, n_c = len(phrase_words(e.source_text)), len(phrase_words(e.copy_text))
                if e.op == "substitute" and (n_s == n_c) == same_length \
                        and 1 <= n_s <= 4 and 1 <= n_c <= 4:
                    out.append((src, copy, e.copy_start, e.copy_end))
    return out


def fluent_reference() -> set[tuple[str, str]]:
    """Word pairs of the MSRP and STS sentences (English independent of the detector)."""
    root = shared_dir() / "corpora" / "msrp-sts"
    pairs: set[tuple[str, str]] = set()
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            w = phrase_words(line)
            pairs.update(zip(w, w[1:], strict=False))
    return pairs


def spinner_swaps(th: Thesaurus, n_sources: int, seed: int) -> list[tuple[str, str, int, int]]:
    """The generator's one-word thesaurus swaps whose new word pairs with both neighbours are
    in ``fluent_reference``: each as (source sentence, sentence with only that swap, span)."""
    ref = fluent_reference()
    out = []
    sources = load_sources()[:n_sources]
    for copy in generate_dataset(sources, ["spun"], seed, th, 0.3):
        text = dict(sources)[copy.source_id]
        for e in copy.edits:
            if e.reason != "synonym" or len(phrase_words(e.source_text)) != 1 \
                    or len(phrase_words(e.copy_text)) != 1:
                continue
            s = next((s for s in sentences(text) if s.start <= e.source_start < s.end), None)
            if s is None:
                continue
            sent = text[s.start : s.end]
            a, b = e.source_start - s.start, e.source_end - s.start
            new = sent[:a] + e.copy_text + sent[b:]
            left, right = phrase_words(sent[:a])[-1:], phrase_words(sent[b:])[:1]
            w = phrase_words(e.copy_text)[0]
            if left and right and (left[0], w) in ref and (w, right[0]) in ref:
                out.append((sent, new, a, a + len(e.copy_text)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, help="the first N list pairs (after a seeded shuffle)")
    ap.add_argument("--spun-sources", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=RESULTS_DIR / "tortured.json")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    th = Thesaurus()
    th.load()
    raw = tortured_phrases()
    pairs = sorted({(t, clean(e)) for t, e in raw if "?" not in e and clean(e)
                    and clean(e).lower() != t})
    random.Random(args.seed).shuffle(pairs)
    if args.limit:
        pairs = pairs[: args.limit]
    where = real_sentences({tuple(phrase_words(e)) for _, e in pairs})
    cases = [(p, *embed(p[0], p[1], where)) for p in pairs]
    shipped = default_spin_lexicon()
    reference = shipped.reference_bigrams  # the packaged reference pairs, for every fold
    folds = {f: [p for p in raw if fold_of((p[0], clean(p[1]))) != f] for f in range(K)}
    setups = ("list off", "spin, k-fold", "list + spin, k-fold", "shipped")
    recall: Counter[str] = Counter()
    by_spin: Counter[str] = Counter()
    for f in range(K):
        fold_cases = [c for c in cases if fold_of(c[0]) == f]
        spin = SpinLexicon.from_pairs(folds[f], reference)
        listed = TorturedPhrases(folds[f])
        for name, lst, sp in (("list off", None, None), ("spin, k-fold", None, spin),
                              ("list + spin, k-fold", listed, spin),
                              ("shipped", TorturedPhrases(raw), shipped)):
            for _, src, copy, lo, hi in fold_cases:
                hit, spun = flagged(src, copy, lo, hi, th, lst, sp)
                recall[name] += hit
                by_spin[name] += spun
    fluent = {"msrp": msrp_swaps(th), "msrp_phrases": msrp_swaps(th, same_length=False),
              "spinner": spinner_swaps(th, args.spun_sources, args.seed)}
    false_flags: dict[str, Counter[str]] = {k: Counter() for k in fluent}
    full_list = TorturedPhrases(raw)
    for set_name, items in fluent.items():
        for name, lst, sp in (("list off", None, None), ("spin, k-fold", None, shipped),
                              ("list + spin, k-fold", full_list, shipped),
                              ("shipped", full_list, shipped)):
            # every fold's lexicon is a subset of the shipped one: the shipped one's false
            # flags bound the folds' from above
            for src, copy, lo, hi in items:
                false_flags[set_name][name] += flagged(src, copy, lo, hi, th, lst, sp)[0]
    n = len(cases)
    result: dict = {"pairs": n,
                    "in_real_sentences": sum(c[1] != TEMPLATE.format(c[0][1]) for c in cases),
                    "fluent_swaps": {k: len(v) for k, v in fluent.items()}, "setups": {}}
    for name in setups:
        r = ratio(recall[name], n)
        row: dict = {"recall": r, "by_spin_lexicon": ratio(by_spin[name], n)}
        for set_name, items in fluent.items():
            fp = false_flags[set_name][name]
            row[f"false_flags_{set_name}"] = ratio(fp, len(items))
            row[f"precision_{set_name}"] = ratio(recall[name], recall[name] + fp)
            fp_rate = fp / max(len(items), 1)
            row[f"precision_{set_name}_equal_weight"] = ratio(r, (r or 0) + fp_rate)
        result["setups"][name] = row
    result["seconds"] = round(time.perf_counter() - t0, 1)
    print(f"{n} list pairs ({result['in_real_sentences']} in real sentences), fluent swaps: "
          f"{result['fluent_swaps']}")
    print(f"{'setup':22} {'recall':>7} {'by spin':>8} {'FP msrp':>8} {'FP phrases':>10} "
          f"{'FP spinner':>11} {'P eq msrp':>10} {'P eq phrases':>12} {'P eq spin':>10}")
    for name, row in result["setups"].items():
        print(f"{name:22} {row['recall']:>7} {row['by_spin_lexicon']:>8} "
              f"{row['false_flags_msrp']:>8} {row['false_flags_msrp_phrases']:>10} "
              f"{row['false_flags_spinner']:>11} "
              f"{row['precision_msrp_equal_weight']:>10} "
              f"{row['precision_msrp_phrases_equal_weight']:>12} "
              f"{row['precision_spinner_equal_weight']:>10}")
    write_results(args.out, result)
    print(f"wrote {args.out} ({result['seconds']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
