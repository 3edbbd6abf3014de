"""Synonyms from the LibreOffice thesaurus (MyThes) and WordNet 3.0, read from Debian's files.

Alignment asks "are these two words synonyms?" many thousands of times per document pair, and
the spinner in :mod:`unspun.devdata` asks "what could a spinner put here?". Both go through a
:class:`Thesaurus` the caller owns: it loads lazily on first use, caches on itself (no module
state), and is simply empty, with a ``reason``, when the files are absent.

WordNet is read by a small reader here rather than nltk's ``WordNetCorpusReader``: nltk 3.9+
refuses paths outside its registered data roots (registering one means mutating the
process-wide ``nltk.data.path``), and it insists on a ``lexnames`` file that Debian's
``wordnet-base`` does not ship. We need only lemma -> synsets, synset -> lemmas and morphy,
which the plain-text database format makes easy (see wndb(5)).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

DEFAULT_MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
DEFAULT_WORDNET = Path("/usr/share/wordnet")

_POS = ("noun", "verb", "adj", "adv")
# WordNet's detachment rules (morphy(7WN)); tried when a form is not in the exceptions list.
_MORPH_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "noun": (("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"),
             ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y")),
    "verb": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
             ("ing", "e"), ("ing", "")),
    "adj": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "adv": (),
}
# MyThes marks WordNet relations on each term; "(antonym)" must never count as a synonym.
_TAG = re.compile(r"\s*\((generic|similar|related) term\)$")
_ANTONYM = "(antonym)"
# Adjective lemmas in data.adj may carry a syntactic marker: "galore(ip)", "elect(p)".
_ADJ_MARKER = re.compile(r"\([a-z]+\)$")
_MYTHES_HEAD = re.compile(rb"\n([^(\n][^\n]*)\|\d+(?=\n)")
_WORD_SPLIT = re.compile(r"[ -]")
T = TypeVar("T")
_CACHE_SIZE = 1 << 17  # distinct words of a large corpus; each entry is a small frozenset


def _norm(word: str) -> str:
    return " ".join(word.replace("_", " ").lower().split())


class Thesaurus:
    """Synonym lookups over MyThes and WordNet; lazily loaded, empty when data is missing.

    ``synonyms`` is broad on purpose (it includes MyThes' generic terms, i.e. hypernyms, since
    spinners and paraphrasers swap "researchers" for "scientists"); antonyms never count.
    ``substitutes`` is the narrower, ordered list a spinner draws from.
    """

    def __init__(
        self,
        mythes_path: str | Path | None = DEFAULT_MYTHES,
        wordnet_dir: str | Path | None = DEFAULT_WORDNET,
        *,
        include_generic: bool = True,
    ) -> None:
        self.mythes_path = Path(mythes_path) if mythes_path is not None else None
        self.wordnet_dir = Path(wordnet_dir) if wordnet_dir is not None else None
        self.include_generic = include_generic
        self._init_state()

    def _init_state(self) -> None:
        self._lock = threading.Lock()
        self._loaded = False
        self._problems: list[str] = []
        self._sources: list[str] = []
        self._mythes: bytes = b""
        self._mythes_at: dict[str, int] = {}
        self._wn_index: dict[str, dict[str, str]] = {p: {} for p in _POS}
        self._wn_data: dict[str, bytes] = {}
        self._wn_exc: dict[str, dict[str, tuple[str, ...]]] = {p: {} for p in _POS}
        # Per-instance memo tables, plain dicts: an lru_cache of a bound method kept on the
        # instance would hold the instance in a reference cycle, so a dropped thesaurus and
        # its memos (hundreds of MB after a long run) would wait for a full collection,
        # which unspun's collector settings make rare (unspun.engine.tuning).
        self._syn_memo: dict[str, frozenset[str]] = {}
        self._forms_memo: dict[str, frozenset[str]] = {}
        self._subs_memo: dict[str, tuple[str, ...]] = {}
        # Raw word as the caller spells it -> (base forms, synonyms): the hot path of alignment
        # skips normalisation and two cache lookups on a hit.
        self._pair_info: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._phrase_starts: frozenset[str] | None = None
        self._heads: frozenset[str] | None = None
        self._phrase_firsts: frozenset[str] | None = None

    # A Thesaurus travels to worker processes as its paths only; each worker loads its own.
    def __getstate__(self) -> dict[str, object]:
        return {"mythes_path": self.mythes_path, "wordnet_dir": self.wordnet_dir,
                "include_generic": self.include_generic}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._init_state()

    # -- loading -----------------------------------------------------------------------------

    def load(self) -> Thesaurus:
        """Load now instead of on first use (e.g. to time it); returns self."""
        if not self._loaded:
            with self._lock:
                if not self._loaded:
                    self._load_mythes()
                    self._load_wordnet()
                    self._loaded = True
        return self

    @property
    def available(self) -> bool:
        """True when at least one of MyThes and WordNet loaded."""
        return bool(self.load()._sources)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(self.load()._sources)

    @property
    def reason(self) -> str:
        """Why synonyms are missing or partial, for a person; "" when everything loaded."""
        return "; ".join(self.load()._problems)

    def _load_mythes(self) -> None:
        path = self.mythes_path
        if path is None:
            self._problems.append("MyThes thesaurus disabled")
            return
        try:
            data = path.read_bytes()
            # A head line is "word|n_meanings"; meaning lines start with "(pos)". One regex
            # pass finds the heads in ~0.25 s, as fast as reading the .idx file, with one file.
            at = {m.group(1).decode("utf-8").lower(): m.start() + 1
                  for m in _MYTHES_HEAD.finditer(data)}
            if not at:
                raise ValueError("no thesaurus entries found")
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            self._problems.append(
                f"MyThes thesaurus unavailable ({path}: {exc}); "
                "install it with: apt-get install mythes-en-us"
            )
            return
        self._mythes, self._mythes_at = data, at
        self._sources.append("mythes")

    def _load_wordnet(self) -> None:
        root = self.wordnet_dir
        if root is None:
            self._problems.append("WordNet disabled")
            return
        try:
            index: dict[str, dict[str, str]] = {}
            data: dict[str, bytes] = {}
            exc: dict[str, dict[str, tuple[str, ...]]] = {p: {} for p in _POS}
            for pos in _POS:
                lines = (root / f"index.{pos}").read_text(encoding="utf-8").split("\n")
                # Lines are kept raw and parsed on lookup: that halves the load time.
                # The licence header lines start with a space.
                index[pos] = {ln[: ln.find(" ")]: ln for ln in lines if ln and ln[0] != " "}
                if not index[pos]:
                    raise ValueError(f"index.{pos} is empty")
                data[pos] = (root / f"data.{pos}").read_bytes()
                exc_path = root / f"{pos}.exc"
                if exc_path.exists():
                    with open(exc_path, encoding="utf-8") as fh:
                        for line in fh:
                            inflected, *bases = line.split()
                            exc[pos][inflected] = tuple(bases)
        except (OSError, ValueError, IndexError, UnicodeDecodeError) as error:
            self._problems.append(
                f"WordNet unavailable ({root}: {error}); "
                "install it with: apt-get install wordnet-base"
            )
            return
        self._wn_index, self._wn_data, self._wn_exc = index, data, exc
        self._sources.append("wordnet")

    # -- raw lookups -------------------------------------------------------------------------

    def _mythes_entry(self, word: str) -> list[tuple[str, list[tuple[str, str]]]]:
        """[(pos, [(term, tag)])] for a head word; tag is "" for a plain synonym."""
        start = self._mythes_at.get(word)
        if start is None:
            return []
        data = self._mythes
        end = data.find(b"\n", start)
        count = int(data[start:end].rpartition(b"|")[2])
        meanings = []
        for _ in range(count):
            nxt = data.find(b"\n", end + 1)
            line = data[end + 1 : nxt if nxt >= 0 else len(data)].decode("utf-8", "replace")
            end = nxt
            pos, *terms = line.split("|")
            tagged: list[tuple[str, str]] = []
            for term in terms:
                if term.endswith(_ANTONYM):
                    continue
                m = _TAG.search(term)
                tagged.append((term[: m.start()], m.group(1)) if m else (term, ""))
            meanings.append((pos.strip("()"), tagged))
        return meanings

    def _wordnet_synsets(self, word: str) -> list[list[str]]:
        """Lemma lists of the word's synsets, most frequent sense first within each POS."""
        key = word.replace(" ", "_")
        out = []
        for pos in _POS:
            line = self._wn_index[pos].get(key)
            if line is None:
                continue
            data = self._wn_data[pos]
            # lemma pos n_synsets n_pointers pointer... n_senses n_tagged offset...
            fields = line.split()
            for offset in map(int, fields[-int(fields[2]) :]):
                end = data.find(b"\n", offset)
                fields = data[offset:end].decode("utf-8", "replace").split()
                try:
                    n_words = int(fields[3], 16)
                except (IndexError, ValueError):
                    continue  # an index pointing into a damaged data file: skip, never crash
                lemmas = fields[4 : 4 + 2 * n_words : 2]
                out.append([_ADJ_MARKER.sub("", lemma) for lemma in lemmas])
        return out

    def _in_wordnet(self, word: str, pos: str) -> bool:
        return word.replace(" ", "_") in self._wn_index[pos]

    # -- public lookups ----------------------------------------------------------------------

    def base_forms(self, word: str) -> frozenset[str]:
        """The word (lower-cased) plus its WordNet base forms: "researchers" -> researcher."""
        self.load()
        return _memo(self._forms_memo, self._base_forms_uncached, _norm(word))

    def _base_forms_uncached(self, word: str) -> frozenset[str]:
        forms = {word}
        for pos in _POS:
            if word in self._wn_exc[pos]:
                candidates: Iterable[str] = self._wn_exc[pos][word]
            else:
                candidates = (word[: -len(old)] + new for old, new in _MORPH_RULES[pos]
                              if word.endswith(old) and len(word) > len(old))
            forms.update(c.replace("_", " ") for c in candidates if self._in_wordnet(c, pos))
        return frozenset(forms)

    def synonyms(self, word: str) -> frozenset[str]:
        """Lower-case synonyms (single words and phrases) of the word and of its base forms."""
        self.load()
        return _memo(self._syn_memo, self._synonyms_uncached, _norm(word))

    def _synonyms_uncached(self, word: str) -> frozenset[str]:
        out: set[str] = set()
        for form in self._base_forms_uncached(word):
            for _pos, terms in self._mythes_entry(form):
                out.update(_norm(t) for t, tag in terms
                           if self.include_generic or tag != "generic")
            for lemmas in self._wordnet_synsets(form):
                out.update(_norm(lemma) for lemma in lemmas)
        out.discard(word)
        out.discard("")
        return frozenset(out)

    def are_synonyms(self, a: str, b: str) -> bool:
        """True when a and b are listed as synonyms either way (MyThes), share a WordNet
        synset, or are forms of the same word. Cheap after the first call per word."""
        ia, ib = self.word_info(a), self.word_info(b)
        return (not ia[0].isdisjoint(ib[0]) or not ia[1].isdisjoint(ib[0])
                or not ib[1].isdisjoint(ia[0]))

    def word_info(self, word: str) -> tuple[frozenset[str], frozenset[str]]:
        """(base forms, synonyms) of a word as spelt, kept per spelling: one dict lookup on
        the hot paths (alignment, edit scripts)."""
        return self._pair_info.get(word) or self._word_info(word)

    def _word_info(self, word: str) -> tuple[frozenset[str], frozenset[str]]:
        if len(self._pair_info) >= _CACHE_SIZE:
            self._pair_info.clear()  # crude bound; refilling costs microseconds per word
        item = self._pair_info[word] = (self.base_forms(word), self.synonyms(word))
        return item

    def substitutes(self, word: str) -> tuple[str, ...]:
        """What a blind spinner might put in place of exactly this word or phrase, in a fixed
        order: MyThes synonyms and similar terms by meaning, then WordNet synset mates. No
        hypernyms, antonyms or inflection handling; lower-case; empty when nothing is known."""
        self.load()
        return _memo(self._subs_memo, self._substitutes_uncached, _norm(word))

    def _substitutes_uncached(self, word: str) -> tuple[str, ...]:
        seen: dict[str, None] = {}  # ordered set: the order is what makes spinning seeded
        # Capitalised terms are proper names ("Johnny Cash" for "cash"): spinners' word lists
        # hold common words, and mangle names through them ("Nick" -> "Scratch").
        for _pos, terms in self._mythes_entry(word):
            for term, tag in terms:
                if tag in ("", "similar") and term.islower():
                    seen.setdefault(_norm(term))
        for lemmas in self._wordnet_synsets(word):
            for lemma in lemmas:
                if lemma.islower():
                    seen.setdefault(_norm(lemma))
        seen.pop(word, None)
        seen.pop("", None)
        return tuple(seen)

    def has_entry(self, word: str) -> bool:
        """Whether exactly this word or phrase (any case) is a head word in either source."""
        heads = self.head_words
        return word in heads or _norm(word) in heads

    @property
    def head_words(self) -> frozenset[str]:
        """Every lower-case word and phrase either source has an entry for (built on first
        use, ~0.1 s): one set lookup tells a caller whether a lookup is worth making."""
        if self._heads is None:
            self.load()
            wn = (k.replace("_", " ") for p in _POS for k in self._wn_index[p])
            self._heads = frozenset([*self._mythes_at, *wn])
        return self._heads

    def may_start_entry(self, first: str) -> bool:
        """Whether some multi-word head word (words split on spaces) begins with this
        lower-case word. A phrase whose first word begins none has no synonyms: its base
        forms differ from it in the last word only, so one set lookup answers it."""
        if self._phrase_firsts is None:
            self._phrase_firsts = frozenset(
                k.split(" ", 1)[0] for k in self.head_words if " " in k)
        return first in self._phrase_firsts

    def starts_phrase(self, first: str, second: str) -> bool:
        """Whether some multi-word head word begins with these two words, hyphens counting
        as spaces ("according", "to"; "foreign", "born"): one set lookup that lets a caller
        skip phrase lookups at most positions of a text."""
        if self._phrase_starts is None:
            self._phrase_starts = frozenset(
                " ".join(parts[:2]) for k in self.head_words
                if len(parts := _WORD_SPLIT.split(k)) > 1)
        return f"{first.lower()} {second.lower()}" in self._phrase_starts


def _memo(table: dict[str, T], compute: Callable[[str], T], word: str) -> T:
    """``compute(word)``, kept in ``table`` (emptied when it holds ``_CACHE_SIZE`` words:
    refilling costs microseconds per word)."""
    hit = table.get(word)
    if hit is None:
        if len(table) >= _CACHE_SIZE:
            table.clear()
        hit = table[word] = compute(word)
    return hit


def default_thesaurus() -> Thesaurus | None:
    """The Debian thesaurus and WordNet when installed, else None (exact matching only)."""
    th = Thesaurus()
    return th if th.available else None
