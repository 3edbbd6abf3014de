"""Flags on the substitutions of an edit script: why a changed phrase looks spun.

Input: one aligned pair, tokenised (``unspun.explain.diff``), and the token ranges of a
substitution on both sides. Output: its flags (``unspun.records.EditFlag``), strongest first.

Flags on substitutions (several may apply; ``other`` when none does):

- ``name_mangled``: a proper name, acronym or title in the source was replaced: "Nick Marro"
  -> "Scratch Marro", "BIT" -> "Spot", "President Ma" -> "Leader Mama". Both sides of such a
  swap look like names in place, so the edit also says which side holds the real name: the
  one ordinary English writes as a name more often (``unspun.lexicon.names``). Name-like means an
  all-capitals acronym, a capital mid-sentence, or a sentence-initial capital followed by a
  capitalised word the thesaurus does not know ("Nick Marro said"). In headings (no closing
  full stop, mostly capitalised) capitals say nothing and only acronyms count. Spelling
  variants ("U.S." -> "US") and acronym expansions ("EIU" <-> "Economist Intelligence Unit")
  are not mangling.
- ``tortured``: the copy holds a phrase from the tortured-phrase list (around the substitution;
  kept words may be part of it) whose expected phrase is in the source, or a fixed phrase of
  the source (a multi-word thesaurus entry such as "think tank") was broken word by word: no
  synonym replaced it as a unit, and either one of its words was replaced by a synonym on its
  own, or, in a word-for-word swap (as many words on both sides), its words became words that
  are no fixed phrase and no synonym of it ("intellectual property" -> "licensed innovation").
  With a spin lexicon (``unspun.lexicon.spin``), also an expression no list holds yet,
  broken by the word swaps spinners are known to make ("random forest" -> "random thicket"):
  the edit then names the source expression it broke.
- ``synonym``: the substitution decomposes, in order, into word or phrase chunks that are
  thesaurus synonyms or forms of the same word, every content word in a chunk.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import NamedTuple

from unspun.align import SynonymSource
from unspun.explain.diff import Tok
from unspun.lexicon.names import NameWords
from unspun.lexicon.spin import SpinLexicon
from unspun.lexicon.tortured import TorturedPhrases
from unspun.records import EDIT_FLAGS, EditFlag, NameSide
from unspun.segment import STOPWORDS

_MAX_CHUNK = 4
"""Longest phrase (in words) matched as one synonym chunk; thesaurus phrases rarely exceed it."""
_MAX_FLAG_TOKENS = 24
"""A substitution longer than this on either side is a rewrite, not a word swap: only the
name and tortured-list checks run on it (the chunk DP is quadratic in its length)."""
MAX_NAME_SWAP = 5
"""Longest substitution (in words, either side) read as a name swapped for words."""
_TITLE_CASE_SHARE = 0.6
"""In a headline-like span most content words are capitalised, so capitals say nothing."""

_SENTENCE_END = frozenset(".!?…:;")
# Opening quotes and brackets, and list bullets (hyphens are not tokens at all).
_OPENERS = frozenset("\"“‘'([{«*•·–—")
_POSSESSIVE = re.compile(r"'s?$")


SPELLING = 0.8
"""Two words this alike (difflib's ratio) are spellings of one word ("neighbours" ->
"neighbors", "fueled" -> "fuelled"), not a swap of synonyms."""


class Lexicon:
    """Synonym relations through the caller's thesaurus, memoised for one edit script."""

    def __init__(self, th: SynonymSource) -> None:
        self.th = th
        self._rel: dict[tuple[str, str], bool] = {}
        self._known: dict[str, bool] = {}
        # A ``Thesaurus`` offers two shortcuts that a plain ``SynonymSource`` need not have.
        self._word_info = getattr(th, "word_info", None)
        self._may_start = getattr(th, "may_start_entry", None)

    def related(self, x: str, y: str) -> bool:
        """Same word in another form, or synonyms either way (as ``Thesaurus.are_synonyms``)."""
        key = (x, y)
        got = self._rel.get(key)
        if got is None:
            fx, fy = self._info(x)[0] | {x}, self._info(y)[0] | {y}
            got = (not fx.isdisjoint(fy) or not self._info(x)[1].isdisjoint(fy)
                   or not self._info(y)[1].isdisjoint(fx))
            self._rel[key] = got
        return got

    def same_word(self, x: str, y: str) -> bool:
        """Two forms of one word ("grossed" -> "grossing") or two spellings of one ("armor"
        -> "armour", ``SPELLING``)."""
        if not self._info(x)[0].union((x,)).isdisjoint(self._info(y)[0].union((y,))):
            return True
        m = SequenceMatcher(None, x, y)
        # quick_ratio bounds ratio from above, and most word pairs fail it
        return m.quick_ratio() >= SPELLING and m.ratio() >= SPELLING

    def synonym_swap(self, x: str, y: str) -> bool:
        """Synonyms that are different words (not ``same_word``)."""
        return self.related(x, y) and not self.same_word(x, y)

    def _info(self, word: str) -> tuple[frozenset[str], frozenset[str]]:
        """(base forms, synonyms) of a word; a ``Thesaurus`` keeps them per spelling across
        edit scripts, which saves normalising and two cache lookups per call."""
        if self._word_info is not None:
            return self._word_info(word)
        return self.th.base_forms(word), self.th.synonyms(word)

    def known(self, phrase: str) -> bool:
        """A thesaurus entry: a dictionary word, or a lexicalised (fixed) phrase."""
        got = self._known.get(phrase)
        if got is None:
            # as the thesaurus normalises it: underscores are spaces, case and runs of
            # space do not count
            first, space, _ = " ".join(phrase.replace("_", " ").lower().split()).partition(" ")
            if space and self._may_start is not None and not self._may_start(first):
                got = False  # no multi-word entry starts so: skip the lookup (and its cache)
            else:
                got = bool(self.th.synonyms(phrase))
            self._known[phrase] = got
        return got


def _synonym_chunks(
    src: Sequence[str], cpy: Sequence[str], lex: Lexicon
) -> list[tuple[int, int, int, int]]:
    """Related chunks (source start, end, copy start, end): a monotone segmentation of both
    sides into chunks of up to four words that are synonyms or forms of one word, covering the
    most tokens, then with the fewest chunks (so a phrase swapped as a unit stays one chunk).
    Multi-word chunks must be thesaurus entries: that prunes the search to a few lookups."""
    n, m = len(src), len(cpy)
    best = [[(0, 0)] * (m + 1) for _ in range(n + 1)]  # (covered tokens, -chunks) from (i, j)
    step = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    # the chunks that can take part, joined once: a source chunk of two or more words must be
    # a thesaurus entry, and so must a copy chunk of two or more set against one word
    xs = [[(a, " ".join(src[i : i + a])) for a in range(1, min(_MAX_CHUNK, n - i) + 1)]
          for i in range(n)]
    xs = [[(a, x) for a, x in row if a == 1 or lex.known(x)] for row in xs]
    ys = [[(b, " ".join(cpy[j : j + b])) for b in range(1, min(_MAX_CHUNK, m - j) + 1)]
          for j in range(m)]
    ys_known = [[(b, y, b == 1 or lex.known(y)) for b, y in row] for row in ys]
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n and j == m:
                continue
            cand, how = (-1, 0), (0, 0)
            if i < n and best[i + 1][j] > cand:
                cand, how = best[i + 1][j], (1, 0)
            if j < m and best[i][j + 1] > cand:
                cand, how = best[i][j + 1], (0, 1)
            if i == n or j == m:
                best[i][j], step[i][j] = cand, how
                continue
            for a, x in xs[i]:
                for b, y, y_known in ys_known[j]:
                    if (a == 1 and not y_known) or not lex.related(x, y):
                        continue
                    rest = best[i + a][j + b]
                    score = (rest[0] + a + b, rest[1] - 1)
                    if score > cand:
                        cand, how = score, (-a, -b)  # negative: a related chunk
            best[i][j], step[i][j] = cand, how
    chunks, i, j = [], 0, 0
    while i < n or j < m:
        a, b = step[i][j]
        if a < 0:
            chunks.append((i, i - a, j, j - b))
            a, b = -a, -b
        i, j = i + a, j + b
    return chunks


def _is_acronym(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _name_like(
    text: str, toks: Sequence[Tok], k: int, title_case: bool, lex: Lexicon | None
) -> bool:
    """Whether word token ``toks[k]`` of the source looks like a name, acronym or title."""
    s = toks[k].surface
    if _is_acronym(s):
        return True  # an acronym: "BIT", "TTP", "U.S."
    if not s[0].isupper() or title_case:
        return False
    p = k - 1
    while p >= 0 and toks[p].surface in _OPENERS:
        p -= 1
    initial = (p < 0 or toks[p].surface in _SENTENCE_END
               or "\n" in text[toks[p].end : toks[k].start])  # list items, headings
    if not initial:
        return True  # a capital mid-sentence
    # Sentence-initial: a name only when a word that is no dictionary word follows it in
    # capitals ("Nick Marro said"); "Customer Feedback" or "Rocket Languages" are headings.
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if (toks[k].norm in STOPWORDS or nxt is None or not nxt.is_word
            or not nxt.surface[0].isupper() or "\n" in text[toks[k].end : nxt.start]):
        return False
    return lex is None or not lex.known(_POSSESSIVE.sub("", nxt.norm))


def is_title_case(toks: Sequence[Tok]) -> bool:
    """A heading ("Comparing the Best Travel Insurance for Seniors"): no closing full stop and
    mostly capitalised content words. A sentence dense with names ("the Museum of Modern Art,
    New York; Tate, London.") ends like a sentence and keeps its capitals meaningful."""
    end = len(toks)
    while end > 0 and toks[end - 1].surface in "\"”’')]":
        end -= 1
    if end and toks[end - 1].surface in ".!?…":
        return False
    content = [t for t in toks if t.is_word and t.surface[0].isalpha() and t.norm not in STOPWORDS]
    caps = sum(t.surface[0].isupper() for t in content)
    return len(content) >= 2 and caps >= _TITLE_CASE_SHARE * len(content)


def _respelled(src: Sequence[Tok], cpy: Sequence[Tok]) -> bool:
    """Same name written another way: "U.S." / "US", or an acronym and its expansion."""
    def letters(toks: Sequence[Tok]) -> str:
        return "".join(c for t in toks for c in t.norm if c.isalnum())

    def initials(toks: Sequence[Tok]) -> str:
        return "".join(t.norm[0] for t in toks if t.norm not in ("of", "and", "the", "for"))

    ls, lc = letters(src), letters(cpy)
    return ls == lc or ls == initials(cpy) or lc == initials(src)


def _broken_phrase(
    s_norm: Sequence[str], c_norm: Sequence[str], chunks: Sequence[tuple[int, int, int, int]],
    lex: Lexicon,
) -> bool:
    """A fixed source phrase (2-4 words, a thesaurus entry, not only stopwords) that no single
    chunk covers, replaced word by word: at least one of its words by a synonym on its own, or,
    in a substitution of equal length on both sides (a word-for-word swap), by words that are
    no fixed phrase and no synonym of it ("think tank" -> "believe reservoir", "intellectual
    property" -> "licensed innovation")."""
    single = {a for a, b, _, _ in chunks if b - a == 1}
    word_for_word = len(s_norm) == len(c_norm)
    for i in range(len(s_norm)):
        for n in range(2, _MAX_CHUNK + 1):
            run = s_norm[i : i + n]
            if len(run) < n or all(w in STOPWORDS for w in run):
                continue
            if any(a <= i and i + n <= b for a, b, _, _ in chunks):
                continue  # swapped as a unit, or inside a larger swapped phrase
            phrase = " ".join(run)
            if not lex.known(phrase):
                continue
            if single.intersection(range(i, i + n)):
                return True
            if word_for_word:
                other = " ".join(c_norm[i : i + n])
                if not lex.known(other) and not lex.related(phrase, other):
                    return True
    return False


class Flagged(NamedTuple):
    flags: tuple[EditFlag, ...]
    expression: str | None = None
    real_name: NameSide | None = None


@dataclass(slots=True)
class PairFlagger:
    """One aligned pair, tokenised, with what flagging its substitutions needs (the edit
    script's pair extends it)."""

    source_text: str
    ctoks: list[Tok]
    stoks: list[Tok]
    lex: Lexicon | None
    tortured: TorturedPhrases | None
    title_case: bool
    copy_words: list[str]  # word tokens only, for the tortured list
    c_word_at: list[int]  # token index -> index into copy_words
    source_stems: list[str]
    spin: SpinLexicon | None
    names: NameWords | None

    def flags(self, s_lo: int, s_hi: int, c_lo: int, c_hi: int) -> Flagged:
        """The flags of ``stoks[s_lo:s_hi]`` replaced by ``ctoks[c_lo:c_hi]``, strongest
        first (``("other",)`` when none applies), with what they found: the source expression
        a list-free ``tortured`` flag says was broken, the side a mangled name is real on."""
        src = [t for t in self.stoks[s_lo:s_hi] if t.is_word]
        cpy = [t for t in self.ctoks[c_lo:c_hi] if t.is_word]
        lex = self.lex
        flags: set[EditFlag] = set()
        # A mangled name is a word swap (a name replaced by about as many words) whose new
        # words are common dictionary words: "Nick" -> "Scratch", "BIT" -> "Spot". A long
        # restructured span that merely contains a name, or a name replaced by another name
        # or acronym ("American" -> "U.S."), is paraphrase, not spinning.
        swap = (len(src) <= MAX_NAME_SWAP and len(cpy) <= MAX_NAME_SWAP
                and abs(len(src) - len(cpy)) <= 2)
        common = all(
            t.norm in STOPWORDS
            or (not _is_acronym(t.surface)
                and (lex is None or lex.known(_POSSESSIVE.sub("", t.norm))))
            for t in cpy
        )
        if swap and common and cpy and any(
            self.stoks[k].is_word
            and _name_like(self.source_text, self.stoks, k, self.title_case, lex)
            for k in range(s_lo, s_hi)
        ) and not _respelled(src, cpy):
            flags.add("name_mangled")
        real_name: NameSide | None = None
        if "name_mangled" in flags:
            real_name = ("source" if self.names is None else self.names.real_name_side(
                [t.surface for t in src], [t.surface for t in cpy]))
        if self.tortured is not None and self.tortured.hits(
            self.copy_words, self.c_word_at[c_lo], self.c_word_at[c_hi], self.source_stems
        ):
            flags.add("tortured")
        if lex is not None and len(src) <= _MAX_FLAG_TOKENS and len(cpy) <= _MAX_FLAG_TOKENS:
            s_norm, c_norm = [t.norm for t in src], [t.norm for t in cpy]
            chunks = _synonym_chunks(s_norm, c_norm, lex)
            s_cov = {i for a, b, _, _ in chunks for i in range(a, b)}
            c_cov = {j for _, _, c, d in chunks for j in range(c, d)}
            # Stopwords may come and go ("the X" -> "a Y"); content words must be in a chunk.
            if chunks and all(i in s_cov or w in STOPWORDS for i, w in enumerate(s_norm)) and all(
                j in c_cov or w in STOPWORDS for j, w in enumerate(c_norm)
            ):
                flags.add("synonym")
            if "tortured" not in flags and _broken_phrase(s_norm, c_norm, chunks, lex):
                flags.add("tortured")
        expression = None
        if "tortured" not in flags and "name_mangled" not in flags and self.spin is not None:
            left = [t.norm for t in self.stoks[max(0, s_lo - 3):s_lo] if t.is_word][-2:]
            right = [t.norm for t in self.stoks[s_hi:s_hi + 3] if t.is_word][:2]
            expression = self.spin.broken_expression(
                [t.norm for t in src], [t.norm for t in cpy], left, right, STOPWORDS,
                synonyms=lex.synonym_swap if lex is not None else None,
                same_word=lex.same_word if lex is not None else None)
            if expression is not None:
                flags.add("tortured")
        return Flagged(tuple(f for f in EDIT_FLAGS if f in flags) or ("other",), expression,
                       real_name)
