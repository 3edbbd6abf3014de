"""The tortured-phrase list: (tortured, expected) pairs such as ("counterfeit consciousness",
"artificial intelligence"), from the Problematic Paper Screener (Cabanac, Labbé, Magazinov
2021).

One structure serves both directions: ``hits`` finds a listed tortured phrase in a copy whose
source holds the expected phrase (the explain stage flags it), and ``find`` finds expected
phrases in a text so that the development-data spinner can torture them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from unspun.lexicon.stem import stem

WORD_PATTERN = r"(?:[A-Za-z]\.){2,}|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*"
"""A word as edit scripts see it: acronyms with dots, numbers with separators, words with
inner apostrophes; hyphens split words ("foreign-trained" -> foreign, trained) because
spinners replace the parts one by one."""
_WORD = re.compile(WORD_PATTERN)
_PLAIN_WORD = re.compile(r"\w+")
_PARENS = re.compile(r"\([^)]*\)")
_LITERAL = re.compile(r"\w(?:[\w '\-]*\w)?")


def load_tortured_phrases(path: str | Path) -> list[tuple[str, str]]:
    """(tortured, expected) lower-case pairs from a Problematic Paper Screener CSV.

    Rows whose tortured field is a search query (``"a" AND "b"``, ``NOT``, ``"a"~3``) rather
    than one quoted phrase are skipped. ``expected`` is kept as written, so it may hold notes
    such as "(ai)" or be "???" where the screener does not know the original phrase.
    """
    pairs: dict[tuple[str, str], None] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            tortured = (row.get("tortured_phrase") or "").strip()
            expected = (row.get("expected_phrase") or "").strip()
            # After CSV unquoting a plain phrase reads '"phrase"'; any other quote or text
            # outside the quotes means a query.
            if len(tortured) < 3 or tortured[0] != '"' or tortured[-1] != '"':
                continue
            inner = tortured[1:-1]
            if '"' in inner or not expected:
                continue
            pairs.setdefault((" ".join(inner.lower().split()), " ".join(expected.lower().split())))
    return list(pairs)


def phrase_words(text: str) -> list[str]:
    """The lower-case words of a phrase, as edit scripts tokenise a text."""
    return [m.group().lower().replace("’", "'") for m in _WORD.finditer(text)]


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


class TorturedPhrases:
    """(tortured, expected) pairs, indexed on first use by the tortured phrase's first word
    (to flag them) and by the expected phrase's first word (to apply them in reverse).

    Build it once and reuse it. Expected phrases are compared by light stems when flagging,
    and notes in parentheses ("artificial intelligence (ai)") are dropped; pairs whose
    expected phrase is unknown ("???") cannot be checked against a source and are skipped.
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.pairs = tuple(pairs)
        self._by_tortured: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] | None = None
        self._by_expected: dict[str, list[tuple[int, str, tuple[str, ...]]]] | None = None

    def __len__(self) -> int:
        return len(self.pairs)

    # -- flagging: a listed tortured phrase in the copy, its expected phrase in the source -----

    def _tortured_index(self) -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
        if self._by_tortured is None:
            index: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
            for tortured, expected in self.pairs:
                t = tuple(phrase_words(tortured))
                e = tuple(stem(w) for w in phrase_words(_PARENS.sub(" ", expected)))
                if t and e and t != tuple(phrase_words(expected)):
                    index.setdefault(t[0], []).append((t, e))
            for entries in index.values():
                entries.sort(key=lambda x: -len(x[0]))
            self._by_tortured = index
        return self._by_tortured

    def hits(
        self, copy_words: Sequence[str], lo: int, hi: int, source_stems: Sequence[str]
    ) -> bool:
        """Whether a listed phrase occurs in ``copy_words`` overlapping ``[lo, hi)`` while its
        expected phrase occurs in ``source_stems``."""
        index = self._tortured_index()
        for k in range(max(0, lo - 5), hi):
            for t, e in index.get(copy_words[k], ()):
                if k + len(t) > lo and tuple(copy_words[k : k + len(t)]) == t and _contains(
                    source_stems, e
                ):
                    return True
        return False

    # -- applying in reverse: expected phrases found in a text ---------------------------------

    def _expected_index(self) -> dict[str, list[tuple[int, str, tuple[str, ...]]]]:
        if self._by_expected is None:
            forms: dict[str, set[str]] = {}
            for tortured, expected in self.pairs:
                exp = _norm(expected)
                # Only literal phrases that begin and end with a word can be found in text;
                # "???" and "(?)" mean the screener does not know the original.
                if _LITERAL.fullmatch(exp):
                    forms.setdefault(exp, set()).add(tortured)
            index: dict[str, list[tuple[int, str, tuple[str, ...]]]] = {}
            for exp, torts in forms.items():
                tokens = _PLAIN_WORD.findall(exp)
                index.setdefault(tokens[0], []).append((len(tokens), exp, tuple(sorted(torts))))
            for cands in index.values():
                cands.sort(key=lambda c: (-c[0], c[1]))  # longest phrase first
            self._by_expected = index
        return self._by_expected

    def find(
        self, text: str, skip: frozenset[str] = frozenset()
    ) -> list[tuple[int, int, str, tuple[str, ...]]]:
        """Non-overlapping (start, end, expected, tortured forms) occurrences of expected
        phrases in ``text``, left to right; expected phrases in ``skip`` (function words)
        are never taken."""
        index = self._expected_index()
        tokens = list(_PLAIN_WORD.finditer(text))
        found, i = [], 0
        while i < len(tokens):
            step = 1
            for n, exp, torts in index.get(tokens[i].group().lower(), ()):
                if exp in skip:
                    continue
                if i + n <= len(tokens):
                    start, end = tokens[i].start(), tokens[i + n - 1].end()
                    span = text[start:end]
                    if "\n" not in span and _norm(span) == exp:
                        found.append((start, end, exp, torts))
                        step = n
                        break
            i += step
        return found


def _contains(seq: Sequence[str], sub: tuple[str, ...]) -> bool:
    n = len(sub)
    return any(tuple(seq[i : i + n]) == sub for i in range(len(seq) - n + 1))
