"""Token alignment inside one aligned sentence pair: tokenising and kept-token matching.

Input: a text and a character range (``tokenize``), or two token sequences
(``match_tokens``). Output: word and punctuation tokens with offsets, and the index pairs of
the tokens both sequences keep; ``unspun.explain.edits`` turns the gaps between them into edits.

Token alignment is a small dynamic programme rather than ``difflib.SequenceMatcher``:
SequenceMatcher anchors on the longest common block first and may leave a substituted word
beside an unpaired insertion ("A the B" against "the X the B" keeps the first "the" and reports
"delete A" + "insert X the"). The DP keeps the most tokens (an LCS) and, among alignments that
keep as many, the one that pairs the most changed tokens, so "A" -> "the X" comes out as one
substitution at the same position, which is how spinners work. Pairs are a sentence or two
(a few thousand cells); inputs past ``DP_MAX_CELLS`` fall back to difflib.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from itertools import repeat
from re import Match
from typing import NamedTuple

from unspun.lexicon.tortured import WORD_PATTERN

DP_MAX_CELLS = 40_000
"""Above this many DP cells (e.g. 200 x 200 tokens) difflib's near-linear matcher is used."""

# Acronyms with dots, numbers with separators, words with inner apostrophes; hyphens split
# words ("foreign-trained" -> foreign, trained) because spinners replace the parts one by one.
# Any other non-space character is a punctuation token.
_TOKEN = re.compile(WORD_PATTERN + r"|[^\w\s'’\-]")


class Tok(NamedTuple):
    """A word or punctuation token: offsets, lower-case form (curly apostrophe straightened),
    the text as written, and whether it is a word."""

    start: int
    end: int
    norm: str
    surface: str
    is_word: bool


def tokenize(text: str, start: int, end: int) -> list[Tok]:
    """The tokens of ``text[start:end]``, offsets absolute in ``text``."""
    found = list(_TOKEN.finditer(text, start, end))
    surfaces = list(map(Match.group, found))
    # Built by C-level maps, as ``unspun.segment.tokenize`` is: every pair of every explained
    # match is tokenised on both sides, a third of explaining a long copy, and this is a
    # quarter faster than a Python loop of Tok(...).
    return list(map(tuple.__new__, repeat(Tok), zip(
        map(Match.start, found), map(Match.end, found),
        (w.lower().replace("’", "'") for w in surfaces), surfaces,
        (w[:1].isalnum() for w in surfaces), strict=True)))


def _dp_matches(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs of kept tokens: most tokens kept, then most changed tokens paired.

    Costs: keep 0, indel W, substitution 2W - 1 with W = n + m + 1. An alignment with K kept and
    S paired tokens costs W(n + m - 2K) - S, and S <= min(n, m) < W, so K is maximised first
    and S breaks the ties.
    """
    n, m = len(a), len(b)
    w = n + m + 1
    sub = 2 * w - 1
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        cost[0][j] = j * w
    for i in range(1, n + 1):
        row, prev, ai = cost[i], cost[i - 1], a[i - 1]
        row[0] = i * w
        for j in range(1, m + 1):
            diag = prev[j - 1] + (0 if ai == b[j - 1] else sub)
            up = prev[j] + w
            left = row[j - 1] + w
            row[j] = diag if diag <= up and diag <= left else (up if up <= left else left)
    matches = []
    i, j = n, m
    while i > 0 and j > 0:
        c = cost[i][j]
        if a[i - 1] == b[j - 1] and c == cost[i - 1][j - 1]:
            matches.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif c == cost[i - 1][j - 1] + sub:
            i, j = i - 1, j - 1
        elif c == cost[i - 1][j] + w:
            i -= 1
        else:
            j -= 1
    matches.reverse()
    return matches


def _difflib_matches(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(blk.a + k, blk.b + k) for blk in sm.get_matching_blocks() for k in range(blk.size)]


def match_tokens(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Increasing (i, j) pairs with ``a[i] == b[j]``: the kept tokens of two sequences."""
    n, m = len(a), len(b)
    pre = 0
    while pre < n and pre < m and a[pre] == b[pre]:
        pre += 1
    suf = 0
    while suf < n - pre and suf < m - pre and a[n - 1 - suf] == b[m - 1 - suf]:
        suf += 1
    core_a, core_b = a[pre : n - suf], b[pre : m - suf]
    if len(core_a) * len(core_b) > DP_MAX_CELLS:
        inner = _difflib_matches(core_a, core_b)
    else:
        inner = _dp_matches(core_a, core_b)
    return [
        *((k, k) for k in range(pre)),
        *((i + pre, j + pre) for i, j in inner),
        *((n - suf + k, m - suf + k) for k in range(suf)),
    ]
