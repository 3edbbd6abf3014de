"""The articles of the scale benchmark (``benchmarks.scale``): any number of distinct,
realistic articles made from the real texts of the shared corpora by a seeded procedure.

Article ``k`` is a function of ``k`` alone, so a run streams them (never holding them all)
and a resumed run makes the same ones. Articles come in *groups* of one pass over the base
texts (the shared real articles, ``load_sources``, less the held-out negatives and in a seeded
order):

- group 0 is the base texts themselves (real articles: the queries' sources are among them,
  so every index size holds them);
- in group g >= 1, article k takes its base text's paragraphs, drops each with probability
  ``DROP``, inserts with probability ``INSERT`` a paragraph of another base text at a random
  place, and passes every word outside the common vocabulary, and every number, through a
  substitution code of its own group. The common vocabulary is the ``COMMON`` words found in
  most base texts (function words, common verbs and nouns, weekdays, months, frequent names):
  they stay as they are, so they recur across the whole index with realistic document
  frequencies, while names, places, rare words and numbers (the anchors) are the group's own.

A code keeps a word's length and its case pattern (a capitalised name stays a capitalised
name of the same length, an acronym stays an acronym, a number of n digits stays a number of
n digits without a leading zero), so the articles keep the shape of news text: sentence and
paragraph lengths, anchor density, stop-word skeleton. ``distinctness`` measures how far
apart they are.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

SEED = 16
COMMON = 300
"""Words (lower-cased) kept as they are: the most frequent by number of base texts."""
KEPT_NAMES = 0.02
"""Capitalised words written so in at least this share of the base texts are kept as they are
(names every archive shares: Google, American, United States, York, Monday)."""
DROP = 0.1
INSERT = 0.3
_PARTS = re.compile(r"([A-Za-z]+|[0-9]+)")
_VOWELS = "aeiouy"
_CONSONANTS = "bcdfghjklmnprstvwz"


def _code(group: int, word: str) -> str:
    """The group's code of one word or number, same length and case pattern."""
    h = hashlib.blake2b(f"{group}:{word.lower()}".encode(), digest_size=32).digest()
    n = len(word)
    if word.isdigit():
        digits = [str(h[i % 32] % 10) for i in range(n)]
        if n > 1 and digits[0] == "0":
            digits[0] = str(1 + h[0] % 9)
        return "".join(digits)
    # consonant-vowel syllables, so codes read like words (and stay ASCII letters)
    letters = [(_CONSONANTS if i % 2 == 0 else _VOWELS)[h[i % 32] % (18 if i % 2 == 0 else 6)]
               for i in range(n)]
    code = "".join(letters)
    if word.isupper() and n > 1:
        return code.upper()
    if word[0].isupper():
        return code.capitalize()
    return code


@dataclass(frozen=True)
class Base:
    """A base text as paragraphs, each split into alternating separators and words/numbers."""

    id: str
    paragraphs: tuple[tuple[str, ...], ...]


class Articles:
    """Article ``k`` of the stream (``text(k)``, ``id(k)``), for any ``k >= 0``."""

    def __init__(self, bases: Sequence[tuple[str, str]], seed: int = SEED) -> None:
        self.seed = seed
        order = random.Random(seed).sample(list(bases), len(bases))
        self.bases = [Base(sid, tuple(tuple(_PARTS.split(p)) for p in text.split("\n")
                                      if p.strip()))
                      for sid, text in order]
        df: Counter[str] = Counter()
        caps: Counter[str] = Counter()
        for _, text in order:
            found = {w for w in _PARTS.findall(text) if not w.isdigit()}
            df.update({w.lower() for w in found})
            caps.update({w for w in found if w[0].isupper()})
        self.common = frozenset(w for w, _ in df.most_common(COMMON))
        self.names = frozenset(w for w, n in caps.items() if n >= KEPT_NAMES * len(order))
        # every surface form that a code replaces, once
        self._coded = sorted({p for b in self.bases for para in b.paragraphs
                              for p in para[1::2] if not self.kept(p)})
        self._coded_set = frozenset(self._coded)
        self._group = -1
        self._table: dict[str, str] = {}

    def kept(self, word: str) -> bool:
        """Whether a word or number stays as it is in every group: a common word, a name
        many base texts share, a year (1900-2039) or a number of one or two digits."""
        if word.isdigit():
            return len(word) <= 2 or (len(word) == 4 and 1900 <= int(word) <= 2039)
        return word.lower() in self.common or word in self.names

    def __len__(self) -> int:
        return len(self.bases)

    def group_of(self, k: int) -> int:
        return k // len(self.bases)

    def base_of(self, k: int) -> Base:
        return self.bases[k % len(self.bases)]

    def id(self, k: int) -> str:
        g = self.group_of(k)
        return self.base_of(k).id if g == 0 else f"gen{g}:{self.base_of(k).id}"

    def _codes(self, group: int) -> dict[str, str]:
        if group != self._group:  # articles come group by group: one table at a time
            self._table = {w: _code(group, w) for w in self._coded}
            self._group = group
        return self._table

    def text(self, k: int, *, sample: bool = False) -> str:
        """Article ``k``. ``sample``: codes only the words of this article (for a few articles
        picked here and there; a stream builds its group's whole table once)."""
        g = self.group_of(k)
        base = self.base_of(k)
        if g == 0:
            return "\n".join("".join(p) for p in base.paragraphs)
        rng = random.Random(self.seed * 1_000_003 + k)
        paras = [p for p in base.paragraphs if rng.random() >= DROP] or list(base.paragraphs[:1])
        if rng.random() < INSERT:
            other = self.bases[rng.randrange(len(self.bases))]
            paras.insert(rng.randrange(len(paras) + 1),
                         other.paragraphs[rng.randrange(len(other.paragraphs))])
        table = ({w: _code(g, w) for p in paras for w in p[1::2] if w in self._coded_set}
                 if sample and g != self._group else self._codes(g))
        return "\n".join("".join(map(table.get, p, p)) for p in paras)

    def stream(self, start: int, stop: int) -> Iterator[tuple[str, str]]:
        """(id, text) of articles ``start .. stop - 1``."""
        for k in range(start, stop):
            yield self.id(k), self.text(k)


def shingles(text: str, n: int = 5) -> set[int]:
    """Hashes of the word n-shingles of a text (``unspun.segment.words``)."""
    from unspun.segment import words

    w = words(text)
    return {hash(tuple(w[i : i + n])) for i in range(len(w) - n + 1)}


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def distinctness(articles: Articles, n_articles: int, pairs: int = 300, sample: int = 300,
                 seed: int = SEED) -> dict[str, float | int]:
    """How distinct the first ``n_articles`` articles are, by exact word 5-shingle Jaccard:
    on ``pairs`` pairs of one base text in two groups (the closest pairs by construction) and
    on every pair of ``sample`` random articles."""
    rng = random.Random(seed)
    n_base = len(articles)
    groups = max(1, n_articles // n_base)
    same: list[float] = []
    if groups > 1:
        for _ in range(pairs):
            b = rng.randrange(n_base)
            g1, g2 = rng.sample(range(groups), 2)
            same.append(jaccard(shingles(articles.text(g1 * n_base + b, sample=True)),
                                shingles(articles.text(g2 * n_base + b, sample=True))))
    ks = sorted(rng.sample(range(n_articles), min(sample, n_articles)))
    sets = [shingles(articles.text(k, sample=True)) for k in ks]
    rand = [jaccard(sets[i], sets[j]) for i in range(len(sets)) for j in range(i + 1, len(sets))]
    out: dict[str, float | int] = {"random_pairs": len(rand),
                                   "random_max": round(max(rand, default=0.0), 4),
                                   "random_mean": round(sum(rand) / max(1, len(rand)), 5)}
    if same:
        out.update(same_base_pairs=len(same), same_base_max=round(max(same), 4),
                   same_base_mean=round(sum(same) / len(same), 4))
    return out
