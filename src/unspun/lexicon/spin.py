"""What spinners do to words, to flag tortured phrases that no list holds yet.

A tortured phrase is an established expression whose words a spinner replaced one by one
("random forest" -> "random thicket", "big data" -> "enormous information"). Spinners draw
from the same few thesauri, so the word swaps behind the phrases already found recur in new
ones: of the (expected, tortured) pairs of the Problematic Paper Screener list (Cabanac,
Labbé, Magazinov 2021) whose words line up one to one, a held-out fifth of the pairs share at
least one word swap with the other four fifths in 54% of cases (``benchmarks/tortured.py``).

``SpinLexicon`` holds:
- ``swaps``: expected word -> the words spinners put in its place, read from those pairs;
- the reference bigrams: word pairs seen at least twice in ordinary English (WordNet's glosses
  and the Zyte and WCXB article texts), as 32-bit hashes. A copy's word pair that ordinary
  text never uses ("enormous information") is a sign its phrase was broken.

A substitution is a broken expression when it swaps content words one for one, a swap is
known to spinners (that very swap, or a word they replace and a word they put in), and the
copy's word pair around it is not ordinary English (a fluent swap such as "attorney" ->
"lawyer" leaves pairs that ordinary text uses).
``scripts/build_spin_lexicon.py`` builds the packaged tables; both are small (a few hundred
kB) and derived from data the project may redistribute.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources

import numpy as np

from unspun.lexicon.tortured import phrase_words

SWAPS_FILE = "spin_swaps.json"
BIGRAMS_FILE = "reference_bigrams.npy"
_NOTES = re.compile(r"\([^)]*\)")


def bigram_key(a: str, b: str) -> int:
    """A stable 32-bit key of a word pair (the same on every platform and run)."""
    return int.from_bytes(hashlib.blake2b(f"{a} {b}".encode(), digest_size=4).digest(), "little")


def swaps_from_pairs(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """expected word -> {tortured word: pairs showing that swap}, from (tortured, expected)
    pairs whose words line up one for one; notes in parentheses and unknown expected phrases
    ("???") are skipped."""
    swaps: dict[str, dict[str, int]] = {}
    for tortured, expected in pairs:
        if "?" in expected:
            continue
        t = phrase_words(_NOTES.sub(" ", tortured))
        e = phrase_words(_NOTES.sub(" ", expected))
        if len(t) != len(e) or not t:
            continue
        for a, b in zip(e, t, strict=True):
            if a != b:
                row = swaps.setdefault(a, {})
                row[b] = row.get(b, 0) + 1
    return swaps


class SpinLexicon:
    """Spinners' word swaps and the word pairs of ordinary English (see the module doc)."""

    def __init__(self, swaps: Mapping[str, Iterable[str]],
                 reference_bigrams: np.ndarray | None = None) -> None:
        self.swaps = {a: frozenset(bs) for a, bs in swaps.items()}
        self.targets = frozenset(b for bs in self.swaps.values() for b in bs)
        self._bigrams = (np.unique(np.asarray(reference_bigrams, dtype=np.uint32))
                         if reference_bigrams is not None else None)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]],
                   reference_bigrams: np.ndarray | None = None) -> SpinLexicon:
        return cls(swaps_from_pairs(pairs), reference_bigrams)

    def __len__(self) -> int:
        return sum(len(v) for v in self.swaps.values())

    @property
    def reference_bigrams(self) -> np.ndarray | None:
        """The sorted 32-bit keys of ordinary English word pairs (``bigram_key``)."""
        return self._bigrams

    def seen(self, a: str, b: str) -> bool:
        """Whether ordinary English uses the pair (always, without reference bigrams)."""
        if self._bigrams is None:
            return True
        k = bigram_key(a, b)
        # as the array's own type: a Python int would have numpy convert the whole array
        i = int(np.searchsorted(self._bigrams, np.uint32(k)))
        return i < len(self._bigrams) and int(self._bigrams[i]) == k

    def broken_expression(self, source: Sequence[str], copy: Sequence[str],
                          left: Sequence[str] = (), right: Sequence[str] = (),
                          stopwords: frozenset[str] = frozenset(),
                          synonyms: Callable[[str, str], bool] | None = None,
                          same_word: Callable[[str, str], bool] | None = None) -> str | None:
        """The source expression a substitution broke (its source words with the kept content
        word next to them), or None. ``left``/``right``: the kept words around the
        substitution, nearest last and first. Words are paired one for one, or, when the two
        sides differ in length ("national" -> "country wide"), from each end.

        A known swap is one spinners were seen making: that very swap, or a word they
        replace and a word they put in. Two weaker kinds count too: a word spinners put in
        elsewhere ("coronary artery" -> "coronary conduit"), and, with ``synonyms(a, b)``, a
        thesaurus synonym ("dna repair" -> "dna fix"). Against a weaker swap only a pair of
        content words counts as unusual: a pair with a function word or a number ("would
        review", "receive 0.09") is missing from the reference too often to mean anything.
        In a phrase replaced by one of another length, only the weaker swap's pairs with the
        kept words around it count. ``same_word(a, b)``: two forms or spellings of one word,
        never a swap. On held-out folds of the list the weaker kinds raise recall from 0.71
        to 0.81, and the share of MSRP's fluent word swaps flagged from 0.025 to 0.085
        (``benchmarks/tortured.py``)."""
        if not source or not copy or max(len(source), len(copy)) > 4:
            return None
        n = min(len(source), len(copy))
        pairs = [(i, i) for i in range(n)]
        if len(source) != len(copy):
            pairs += [(len(source) - j, len(copy) - j) for j in range(1, n + 1)]
        cw = [*left, *copy, *right]
        off = len(left)
        for i, j in pairs:
            a, b = source[i], copy[j]
            if a == b or a in stopwords or b in stopwords or not (a.isalpha() and b.isalpha()):
                continue  # function words and numbers are not what spinners' thesauri swap
            known = b in self.swaps.get(a, ()) or (a in self.swaps and b in self.targets)
            if not (known or b in self.targets or (synonyms is not None and synonyms(a, b))):
                continue
            if same_word is not None and same_word(a, b):
                continue  # another form or spelling of the word, never a spinner's swap
            k = off + j
            # a weaker swap inside a reworded phrase of another length: its pairs inside the
            # new wording say nothing, only those with the kept words around it count
            inside = (off, off + len(copy)) if not known and len(source) != len(copy) else None
            if self._unseen(cw, k, known, stopwords, inside):
                before = [left[-1]] if left and left[-1] not in stopwords else []
                after = [right[0]] if right and right[0] not in stopwords and not before else []
                return " ".join([*before, *source, *after])
        return None

    def _unseen(self, words: Sequence[str], k: int, known: bool,
                stopwords: frozenset[str], inside: tuple[int, int] | None = None) -> bool:
        """Whether words[k] makes a pair with a neighbour that ordinary English does not use;
        for a swap no spinner was seen making (``known`` false), only pairs of content
        words count, and with ``inside`` (a span of ``words``) only pairs reaching out of it."""
        for x, y in ((k - 1, k), (k, k + 1)):
            if x < 0 or y >= len(words):
                continue
            if inside is not None and inside[0] <= x and y < inside[1]:
                continue
            a, b = words[x], words[y]
            if not known and not (a.isalpha() and b.isalpha()
                                  and a not in stopwords and b not in stopwords):
                continue
            if not self.seen(a, b):
                return True
        return False


@lru_cache(maxsize=1)
def default_spin_lexicon() -> SpinLexicon:
    """The packaged tables (``scripts/build_spin_lexicon.py``); read once per process."""
    root = resources.files("unspun.lexicon")
    swaps = json.loads(root.joinpath(SWAPS_FILE).read_text(encoding="utf-8"))["swaps"]
    with root.joinpath(BIGRAMS_FILE).open("rb") as fh:
        bigrams = np.load(fh)
    return SpinLexicon(swaps, bigrams)
