"""Tokens: the words and numbers of a text, defined by a regex and found, faster, by numpy.

``_TOKEN`` defines them (acronyms with their dots, numbers with their separators, words with
inner apostrophes and hyphens). ``token_norms`` gives their offsets and lower-cased forms
(``segment.tokenize`` makes them ``Token``s), ``norms`` the lower-cased forms as strings,
and ``token_words`` the same forms as byte spans of the lower-cased text's UTF-8 form
(``TokenBytes``): the form in which MinHash hashes tokens (``fingerprint.minhash``) and
``segment.outline`` keeps them. No Python string is made per token on that path, which is
where the regex path spends its time (a news article has 1,500-2,000 tokens; the regex path
took a fifth of preparing a source for the index).

How the regex's tokens are found without it. Each character gets a class: *letter* (``\\w``
but not ``\\d`` or ``_``: ``isalnum() and not isdecimal()``), *digit* (``isdecimal()``), word
*joiner* (``'``, ``’``, ``-``), number *separator* (``.``, ``,``) or *other*. A joiner between
two letters is part of a word, a separator between two digits part of a number; then a word is
a maximal run of letters and such joiners, a number one of digits and such separators, which
is what the regex's possessive word and number branches consume from the first character of
each. Its third branch, acronyms ("u.s.", two or more ASCII letters each followed by a dot),
is tried first at each token start: a maximal run of such letter-dot pairs is one token, in
place of the one-letter words the runs above found in it, unless its first letter ends a word
(no token starts there: the token then starts at the next pair, and is an acronym only if two
pairs are left). Texts with one of ``_LOWER_VARIES``, whose lower-cased text has other tokens,
are left to the regex. ``tests/test_tokens.py`` checks the classes over all of Unicode and the
tokens against the regex.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from re import Match
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

# Words and numbers. Acronyms with dots ("U.S.") first so they stay one token; numbers keep
# their separators ("420,000", "1.5"); words keep inner apostrophes and hyphens.
_TOKEN = re.compile(
    # Every token starts with a letter or a digit, consumed first as a character set: the
    # regex engine then skips the positions between tokens in its own C loop. The branches
    # then look back at that character. The acronym branch opens with its dot, so that for
    # most tokens it fails on the engine's cheap first-character test; possessive
    # quantifiers (nothing after them could make giving characters back succeed) spare the
    # engine its backtracking bookkeeping. Same matches as the plain pattern
    # "(?:[A-Za-z]\.){2,}|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’\-][^\W\d_]+)*", at 27% fewer
    # instructions than that pattern behind a lookahead "(?=[^\W_])".
    r"[^\W_]"
    r"(?:\.(?<=[A-Za-z]\.)(?:[A-Za-z]\.)++"
    r"|(?<!\d)[^\W\d_]*+(?:['’\-][^\W\d_]++)*+"
    r"|\d*+(?:[.,]\d++)*+)"
)

_OTHER, _LETTER, _DIGIT, _JOINER, _SEPARATOR = range(5)
_JOINERS = "'’-"
_SEPARATORS = ".,"
_BMP = 0x10000
_DOT = ord(".")


class TokenBytes(NamedTuple):
    """The tokens of one text as byte spans of a UTF-8 buffer (``surrogatepass``): token i is
    ``data[starts[i] : starts[i] + lengths[i]]``."""

    data: bytes
    starts: NDArray[np.intp]
    lengths: NDArray[np.intp]

    @classmethod
    def of_norms(cls, norms: Sequence[str]) -> TokenBytes:
        """The same tokens from their strings."""
        return cls.joined([norms])

    @classmethod
    def joined(cls, docs: Sequence[Sequence[str]]) -> TokenBytes:
        """The tokens of several token sequences, in order, as one ``TokenBytes``: the strings
        joined by NUL in two C-level joins (joining a chain of them would first copy them
        into a list), the separators found by one numpy comparison."""
        n = sum(map(len, docs))
        data = "\x00".join(map("\x00".join, (d for d in docs if len(d)))).encode(
            "utf-8", "surrogatepass")
        seps = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0)
        if n and len(seps) != n - 1:
            # Some token holds NUL itself: take the lengths from the tokens (slow, rare).
            parts = [t.encode("utf-8", "surrogatepass") for d in docs for t in d]
            lengths = np.fromiter(map(len, parts), dtype=np.intp, count=len(parts))
            starts = np.zeros(len(parts), dtype=np.intp)
            np.cumsum(lengths[:-1], out=starts[1:])
            return cls(b"".join(parts), starts, lengths)
        starts = np.zeros(n, dtype=np.intp)
        np.add(seps, 1, out=starts[1:])
        ends = np.empty(n, dtype=np.intp)
        ends[:-1] = seps
        ends[-1:] = len(data)
        return cls(data, starts, ends - starts)

    def norms(self) -> list[str]:
        """The tokens as strings."""
        return [self.data[s : s + n].decode("utf-8", "surrogatepass")
                for s, n in zip(self.starts.tolist(), self.lengths.tolist(), strict=True)]


def token_norms(text: str, start: int = 0, end: int | None = None
                ) -> tuple[list[int], list[int], list[str]] | None:
    """The starts, ends (offsets into ``text``) and norms of the tokens of ``text[start:end]``,
    found by numpy in the lower-cased part (lowering keeps every other character's offset);
    None where the part holds one of ``_LOWER_VARIES`` (the regex decides those:
    ``segment.tokenize``)."""
    # Offsets as the regex takes them (a negative one is 0), not as a slice does.
    start = max(start, 0)
    part = text[start : len(text) if end is None else max(end, 0)]
    if any(map(part.__contains__, _LOWER_VARIES)):
        return None
    low = part.lower()
    starts, ends = token_spans(_codes(low))
    first, past = starts.tolist(), ends.tolist()
    found = list(map(low.__getitem__, map(slice, first, past)))
    if start:
        first, past = (starts + start).tolist(), (ends + start).tolist()
    return first, past, found


def regex_token_norms(text: str, start: int = 0, end: int | None = None
                      ) -> tuple[list[int], list[int], list[str]]:
    """``token_norms`` by the regex, a ``Match`` per token: the definition the numpy path
    follows, and the path for texts with one of ``_LOWER_VARIES``."""
    found = list(_TOKEN.finditer(text, start, len(text) if end is None else end))
    return (list(map(Match.start, found)), list(map(Match.end, found)),
            list(map(str.lower, map(Match.group, found))))


def norms(text: str) -> list[str]:
    """The ``norm`` of every token of ``text``, in order, without building the tokens: what
    fingerprints need, at a quarter of ``tokenize``'s cost."""
    if any(map(text.__contains__, _LOWER_VARIES)):
        return list(map(str.lower, _TOKEN.findall(text)))
    # The tokens of the lower-cased text are the lower-cased tokens, and lowering the text
    # once costs half of lowering each token.
    return _TOKEN.findall(text.lower())


_LOWER_VARIES = ("\u0130", "\u212a", "\u03a3")
"""The characters for which the tokens of ``text.lower()`` may differ from the lower-cased
tokens of ``text``: "İ" lowers to two characters, the second no word character; the Kelvin
sign lowers to an ASCII "k", which the acronym branch of ``_TOKEN`` treats apart; and "Σ"
lowers to "ς" or "σ" by what follows it, which a token ending at it cannot see. No other
character changes length, word-ness, digit-ness or ASCII-letter-ness when lowered (checked
over all of Unicode in ``tests/test_segment.py``)."""


def words(text: str) -> list[str]:
    """Lower-case tokens of a text: the fast path for fingerprinting."""
    return _TOKEN.findall(text.lower())


def token_words(text: str) -> TokenBytes:
    """``norms(text)`` as byte spans: found by numpy in the lower-cased text,
    or from ``norms`` where the text holds one of ``_LOWER_VARIES`` (its lower-cased text has
    other tokens)."""
    if any(map(text.__contains__, _LOWER_VARIES)):
        return TokenBytes.of_norms(norms(text))
    return token_bytes(text.lower())


def char_class(c: str) -> int:
    """The class of one character (module docstring)."""
    if c.isdecimal():
        return _DIGIT
    if c.isalnum():
        return _LETTER
    if c in _JOINERS:
        return _JOINER
    return _SEPARATOR if c in _SEPARATORS else _OTHER


@lru_cache(maxsize=1)
def _bmp_classes() -> NDArray[np.uint8]:
    """The class of every character of the Basic Multilingual Plane (10 ms, once per
    process; the classes come from this Python's Unicode tables, so they are made here)."""
    return np.fromiter(map(char_class, map(chr, range(_BMP))), dtype=np.uint8, count=_BMP)


def _codes(low: str) -> NDArray[np.uint8] | NDArray[np.uint32]:
    """The code points of ``low`` (bytes where it is ASCII)."""
    if low.isascii():
        return np.frombuffer(low.encode("ascii"), dtype=np.uint8)
    return np.frombuffer(low.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _classes(codes: NDArray[np.uint8] | NDArray[np.uint32]) -> NDArray[np.uint8]:
    table = _bmp_classes()
    if codes.dtype == np.uint8 or not len(codes) or int(codes.max()) < _BMP:
        return table[codes]
    out = table[np.minimum(codes, _BMP - 1)]
    astral = codes >= _BMP  # rare: emoji, historic scripts, mathematical letters
    distinct, where = np.unique(codes[astral], return_inverse=True)
    out[astral] = np.fromiter((char_class(chr(c)) for c in distinct.tolist()),
                              dtype=np.uint8, count=len(distinct))[where]
    return out


def _runs(cls: NDArray[np.int8]) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Starts and ends of the maximal runs of equal non-zero values."""
    padded = np.zeros(len(cls) + 2, dtype=np.int8)
    padded[1:-1] = cls
    change = np.flatnonzero(padded[1:] != padded[:-1])
    return change[padded[change + 1] != 0], change[padded[change] != 0]


def token_spans(codes: NDArray[np.uint8] | NDArray[np.uint32]
                ) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Character offsets (starts, ends) of the tokens of a lower-cased text given as its code
    points."""
    c = _classes(codes)
    letter = c == _LETTER
    digit = c == _DIGIT
    kind = letter.view(np.int8).copy()  # 1: part of a word, 2: part of a number, 0: neither
    kind[digit] = 2
    if len(c) > 2:
        inner = kind[1:-1]
        inner[(c[1:-1] == _JOINER) & letter[:-2] & letter[2:]] = 1
        inner[(c[1:-1] == _SEPARATOR) & digit[:-2] & digit[2:]] = 2
    starts, ends = _runs(kind)
    acronyms = _acronyms(codes, kind)
    if acronyms:
        # The one-letter words inside each acronym give way to it.
        keep = np.ones(len(starts), dtype=bool)
        bounds = np.array(acronyms, dtype=np.intp)
        first = np.searchsorted(starts, bounds[:, 0])
        past = np.searchsorted(starts, bounds[:, 1])
        for a, b in zip(first.tolist(), past.tolist(), strict=True):
            keep[a:b] = False
        starts = np.concatenate([starts[keep], bounds[:, 0]])
        ends = np.concatenate([ends[keep], bounds[:, 1]])
        order = np.argsort(starts, kind="stable")
        starts, ends = starts[order], ends[order]
    return starts, ends


def _acronyms(codes: NDArray[np.uint8] | NDArray[np.uint32], kind: NDArray[np.int8]
              ) -> list[tuple[int, int]]:
    """(start, end) of each acronym token: a maximal run of two or more ASCII letter-dot
    pairs, less its first pair where that pair's letter ends a word (the token starts at the
    next pair, and is an acronym only if two pairs are left: "ph.d." is "ph", "d")."""
    n = len(codes)
    if n < 4:
        return []
    pair = np.zeros(n, dtype=bool)
    pair[:-1] = (codes[:-1] >= ord("a")) & (codes[:-1] <= ord("z")) & (codes[1:] == _DOT)
    opens = pair[:-2] & pair[2:]
    opens[2:] &= ~pair[:-4]
    found = []
    for p in np.flatnonzero(opens).tolist():
        end = p + 4
        while end < n and pair[end]:
            end += 2
        if p and kind[p - 1] == 1:
            p += 2
            if end - p < 4:
                continue
        found.append((p, end))
    return found


def token_bytes(low: str) -> TokenBytes:
    """The tokens of the lower-cased text ``low`` as byte spans of its UTF-8 form."""
    codes = _codes(low)
    starts, ends = token_spans(codes)
    data = low.encode("utf-8", "surrogatepass")
    if codes.dtype != np.uint8:  # not ASCII: characters to bytes
        width = 1 + (codes >= 0x80).view(np.uint8) + (codes >= 0x800) + (codes >= _BMP)
        offsets = np.zeros(len(codes) + 1, dtype=np.intp)
        np.cumsum(width, out=offsets[1:])
        starts, ends = offsets[starts], offsets[ends]
    return TokenBytes(data, starts, ends - starts)
