"""Build the spin lexicon's packaged tables (src/unspun/lexicon/spin_swaps.json and
reference_bigrams.npy); see unspun.lexicon.spin.

Sources, all redistributable: the tortured-phrase list of the Problematic Paper Screener
(Cabanac, Labbé, Magazinov 2021; ../shared/corpora/tortured-phrases, cited in docs), WordNet
3.0's glosses (Debian's wordnet-base, /usr/share/wordnet; the WordNet license), the article
texts of the Zyte/ScrapingHub extraction benchmark (MIT) and WCXB dev (CC-BY-4.0) as
``benchmarks.corpora.load_sources`` reads them, and the 242,342 English word pairs of SymSpell's
bigram dictionary (``frequency_bigramdictionary_en_243_342.txt`` in the symspellpy package, MIT;
Google Books Ngram counts intersected with the SCOWL word list), the most frequent pairs of a
far larger body of English than the others. symspellpy is needed only here (the ``build``
extra). Deterministic: the same inputs give the same files.

    python -m scripts.build_spin_lexicon [--shared ../shared]   (from the repository root)
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from pathlib import Path

import numpy as np

from unspun.lexicon.names import MIN_SEEN, NAMES_FILE
from unspun.lexicon.spin import BIGRAMS_FILE, SWAPS_FILE, bigram_key, swaps_from_pairs
from unspun.lexicon.tortured import load_tortured_phrases, phrase_words

OUT = Path(__file__).resolve().parents[1] / "src" / "unspun" / "lexicon"
MIN_COUNT = 2
"""A word pair must occur this often to count as ordinary English (once may be a typo)."""


def wordnet_glosses(root: Path) -> list[str]:
    out = []
    for part in ("adj", "adv", "noun", "verb"):
        for line in (root / f"data.{part}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" ") or "|" not in line:
                continue
            out += line.split("|", 1)[1].replace('"', ";").split(";")
    return out


def symspell_bigrams() -> list[tuple[str, str]]:
    """SymSpell's English word pairs ("zoom lens 31642560"), lower-cased."""
    from importlib import resources

    text = resources.files("symspellpy").joinpath(
        "frequency_bigramdictionary_en_243_342.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3:
            out.append((parts[0].lower(), parts[1].lower()))
    return out


def capitalised_shares(texts: list[str]) -> dict[str, float]:
    """word -> share of its uses written with a capital (not all capitals) mid-sentence."""
    import re

    from unspun.segment import sentences

    word = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
    cap: Counter[str] = Counter()
    low: Counter[str] = Counter()
    for text in texts:
        for s in sentences(text):
            for k, m in enumerate(word.finditer(text, s.start, s.end)):
                w = m.group()
                if k == 0:
                    continue  # sentence-initial capitals say nothing
                if w[0].isupper() and not w.isupper():
                    cap[w.lower().replace("’", "'")] += 1
                elif w.islower():
                    low[w.replace("’", "'")] += 1
    return {w: round(cap[w] / (cap[w] + low[w]), 2) for w in sorted(set(cap) | set(low))
            if cap[w] + low[w] >= MIN_SEEN}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=None)
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    args = ap.parse_args()
    if args.shared:
        os.environ["UNSPUN_SHARED"] = str(args.shared)
    from benchmarks.common import shared_dir
    from benchmarks.corpora import load_sources

    pairs = load_tortured_phrases(shared_dir() / "corpora" / "tortured-phrases" /
                                  "tortured_dev.csv")
    swaps = swaps_from_pairs(pairs)
    (OUT / SWAPS_FILE).write_text(json.dumps({
        "format": 1,
        "source": "Problematic Paper Screener tortured phrases (Cabanac, Labbe, Magazinov "
                  "2021): word swaps of the pairs whose words line up one for one",
        "swaps": {a: sorted(bs) for a, bs in sorted(swaps.items())},
    }, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    counts: Counter[tuple[str, str]] = Counter()
    texts = wordnet_glosses(args.wordnet) + [t for _, t in load_sources()]
    for text in texts:
        for line in text.split("\n"):
            w = phrase_words(line)
            counts.update(zip(w, w[1:], strict=False))
    frequent = symspell_bigrams()  # each already seen thousands of times
    keys = np.unique(np.array([bigram_key(a, b) for (a, b), c in counts.items()
                               if c >= MIN_COUNT] + [bigram_key(a, b) for a, b in frequent],
                              dtype=np.uint32))
    np.save(OUT / BIGRAMS_FILE, keys)
    shares = capitalised_shares([t for _, t in load_sources()])
    (OUT / NAMES_FILE).write_text(json.dumps({
        "format": 1,
        "source": "share of each word's uses capitalised mid-sentence in the Zyte and WCXB "
                  f"article texts (words seen at least {MIN_SEEN} times)",
        "capitalised_share": shares,
    }, indent=0, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(shares)} words with a capitalised share")
    print(f"{len(swaps)} swapped words, {sum(len(v) for v in swaps.values())} swaps; "
          f"{len(keys)} reference word pairs from {len(texts)} texts and "
          f"{len(frequent)} SymSpell pairs")


if __name__ == "__main__":
    main()
