"""Token edit scripts inside one aligned sentence pair, with flags on the substitutions.

``edit_script`` aligns the tokens of a copy span to those of its source span and reports what
the copier did: substituted, inserted (copy only) and deleted (source only) phrases, each with
character offsets into *both* texts, so a report highlights them without searching again.

Token alignment is a small dynamic programme rather than ``difflib.SequenceMatcher``:
SequenceMatcher anchors on the longest common block first and may leave a substituted word
beside an unpaired insertion ("A the B" against "the X the B" keeps the first "the" and reports
"delete A" + "insert X the"). The DP keeps the most tokens (an LCS) and, among alignments that
keep as many, the one that pairs the most changed tokens, so "A" -> "the X" comes out as one
substitution at the same position, which is how spinners work. Pairs are a sentence or two
(a few thousand cells); inputs past ``DP_MAX_CELLS`` fall back to difflib.

Adjacent changed tokens are merged into one phrase-level edit ("top foreign-trained scientists"
-> "tip unfamiliar prepared researchers"). Punctuation is tokenised so that a kept comma or
parenthesis separates phrases, but punctuation-only changes are not reported, and edits never
start or end on punctuation. Keeps are omitted unless ``include_keeps`` is set; then each run
of kept tokens is one ``keep`` edit (a classifier wants the kept share, a report does not).

Flags on substitutions (several may apply; ``other`` when none does):

- ``name_mangled``: a proper name, acronym or title in the source was replaced: "Nick Marro"
  -> "Scratch Marro", "BIT" -> "Spot", "President Ma" -> "Leader Mama". Name-like means an
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
- ``synonym``: the substitution decomposes, in order, into word or phrase chunks that are
  thesaurus synonyms or forms of the same word, every content word in a chunk.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from unspun.align import SynonymSource
from unspun.lexicon.stem import stem
from unspun.lexicon.tortured import WORD_PATTERN, TorturedPhrases
from unspun.records import Edit, EditOp, Span
from unspun.segment import STOPWORDS

FLAG_ORDER: tuple[str, ...] = ("name_mangled", "tortured", "synonym", "other")
"""Flags in the order they are reported, strongest evidence of spinning first."""
DP_MAX_CELLS = 40_000
"""Above this many DP cells (e.g. 200 x 200 tokens) difflib's near-linear matcher is used."""
_MAX_CHUNK = 4
"""Longest phrase (in words) matched as one synonym chunk; thesaurus phrases rarely exceed it."""
_MAX_FLAG_TOKENS = 24
"""A substitution longer than this on either side is a rewrite, not a word swap: only the
name and tortured-list checks run on it (the chunk DP is quadratic in its length)."""
_MAX_NAME_SWAP = 5
"""Longest substitution (in words, either side) read as a name swapped for words."""
_TITLE_CASE_SHARE = 0.6
"""In a headline-like span most content words are capitalised, so capitals say nothing."""

# Acronyms with dots, numbers with separators, words with inner apostrophes; hyphens split
# words ("foreign-trained" -> foreign, trained) because spinners replace the parts one by one.
# Any other non-space character is a punctuation token.
_TOKEN = re.compile(WORD_PATTERN + r"|[^\w\s'’\-]")
_SENTENCE_END = frozenset(".!?…:;")
# Opening quotes and brackets, and list bullets (hyphens are not tokens at all).
_OPENERS = frozenset("\"“‘'([{«*•·–—")
_POSSESSIVE = re.compile(r"'s?$")
_BARE = re.compile(r"['’]s?$")


class _Tok(NamedTuple):
    start: int
    end: int
    norm: str
    surface: str
    is_word: bool


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text, start, end):
        s = m.group()
        out.append(_Tok(m.start(), m.end(), s.lower().replace("’", "'"), s, s[0].isalnum()))
    return out


# -- token alignment -------------------------------------------------------------------------


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


# -- flags -----------------------------------------------------------------------------------


class _Lexicon:
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
    src: Sequence[str], cpy: Sequence[str], lex: _Lexicon
) -> list[tuple[int, int, int, int]]:
    """Related chunks (source start, end, copy start, end): a monotone segmentation of both
    sides into chunks of up to four words that are synonyms or forms of one word, covering the
    most tokens, then with the fewest chunks (so a phrase swapped as a unit stays one chunk).
    Multi-word chunks must be thesaurus entries: that prunes the search to a few lookups."""
    n, m = len(src), len(cpy)
    best = [[(0, 0)] * (m + 1) for _ in range(n + 1)]  # (covered tokens, -chunks) from (i, j)
    step = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n and j == m:
                continue
            cand, how = (-1, 0), (0, 0)
            if i < n and best[i + 1][j] > cand:
                cand, how = best[i + 1][j], (1, 0)
            if j < m and best[i][j + 1] > cand:
                cand, how = best[i][j + 1], (0, 1)
            for a in range(1, min(_MAX_CHUNK, n - i) + 1):
                x = " ".join(src[i : i + a])
                if a > 1 and not lex.known(x):
                    continue
                for b in range(1, min(_MAX_CHUNK, m - j) + 1):
                    y = " ".join(cpy[j : j + b])
                    if (b > 1 and a == 1 and not lex.known(y)) or not lex.related(x, y):
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
    text: str, toks: Sequence[_Tok], k: int, title_case: bool, lex: _Lexicon | None
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


def _is_title_case(toks: Sequence[_Tok]) -> bool:
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


def _respelled(src: Sequence[_Tok], cpy: Sequence[_Tok]) -> bool:
    """Same name written another way: "U.S." / "US", or an acronym and its expansion."""
    def letters(toks: Sequence[_Tok]) -> str:
        return "".join(c for t in toks for c in t.norm if c.isalnum())

    def initials(toks: Sequence[_Tok]) -> str:
        return "".join(t.norm[0] for t in toks if t.norm not in ("of", "and", "the", "for"))

    ls, lc = letters(src), letters(cpy)
    return ls == lc or ls == initials(cpy) or lc == initials(src)


def _broken_phrase(
    s_norm: Sequence[str], c_norm: Sequence[str], chunks: Sequence[tuple[int, int, int, int]],
    lex: _Lexicon,
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


# -- the edit script -------------------------------------------------------------------------


def _span(span: Span | tuple[int, int]) -> tuple[int, int]:
    return (span.start, span.end) if isinstance(span, Span) else (span[0], span[1])


@dataclass(slots=True)
class _Pair:
    """One aligned pair, tokenised, with what flagging needs."""

    copy_text: str
    source_text: str
    ctoks: list[_Tok]
    stoks: list[_Tok]
    lex: _Lexicon | None
    tortured: TorturedPhrases | None
    title_case: bool
    copy_words: list[str]  # word tokens only, for the tortured list
    c_word_at: list[int]  # token index -> index into copy_words
    source_stems: list[str]

    def flags(self, s_lo: int, s_hi: int, c_lo: int, c_hi: int) -> tuple[str, ...]:
        src = [t for t in self.stoks[s_lo:s_hi] if t.is_word]
        cpy = [t for t in self.ctoks[c_lo:c_hi] if t.is_word]
        lex = self.lex
        flags: set[str] = set()
        # A mangled name is a word swap (a name replaced by about as many words) whose new
        # words are common dictionary words: "Nick" -> "Scratch", "BIT" -> "Spot". A long
        # restructured span that merely contains a name, or a name replaced by another name
        # or acronym ("American" -> "U.S."), is paraphrase, not spinning.
        swap = (len(src) <= _MAX_NAME_SWAP and len(cpy) <= _MAX_NAME_SWAP
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
        return tuple(f for f in FLAG_ORDER if f in flags) or ("other",)

    def edit(
        self, op: EditOp, c_lo: int, c_hi: int, s_lo: int, s_hi: int, at_c: int, at_s: int
    ) -> Edit:
        """The edit over tokens ``ctoks[c_lo:c_hi]`` and ``stoks[s_lo:s_hi]``; an empty side
        sits at ``at_c`` / ``at_s`` (just after the last kept token before it)."""
        ct, st_ = self.ctoks, self.stoks
        cs, ce = (ct[c_lo].start, ct[c_hi - 1].end) if c_lo < c_hi else (at_c, at_c)
        ss, se = (st_[s_lo].start, st_[s_hi - 1].end) if s_lo < s_hi else (at_s, at_s)
        flags = self.flags(s_lo, s_hi, c_lo, c_hi) if op == "substitute" else ()
        return Edit(op, cs, ce, ss, se, self.copy_text[cs:ce], self.source_text[ss:se], flags)


def edit_script(
    copy_text: str,
    copy_span: Span | tuple[int, int],
    source_text: str,
    source_span: Span | tuple[int, int],
    thesaurus: SynonymSource | None = None,
    *,
    tortured: TorturedPhrases | Iterable[tuple[str, str]] | None = None,
    include_keeps: bool = False,
) -> tuple[Edit, ...]:
    """The edits that turn ``source_text[source_span]`` into ``copy_text[copy_span]``, in copy
    order, with absolute offsets into both texts.

    Without a thesaurus no substitution is flagged ``synonym`` and fixed phrases are not
    recognised. ``tortured`` takes a :class:`TorturedPhrases` (build one for many calls) or the
    raw (tortured, expected) pairs.
    """
    c0, c1 = _span(copy_span)
    s0, s1 = _span(source_span)
    ctoks, stoks = _tokens(copy_text, c0, c1), _tokens(source_text, s0, s1)
    if tortured is not None and not isinstance(tortured, TorturedPhrases):
        tortured = TorturedPhrases(tortured)
    pair = _Pair(
        copy_text, source_text, ctoks, stoks,
        _Lexicon(thesaurus) if thesaurus is not None else None, tortured,
        _is_title_case(stoks), [t.norm for t in ctoks if t.is_word], _word_index(ctoks),
        [stem(t.norm) for t in stoks if t.is_word],
    )
    matches = match_tokens([t.norm for t in stoks], [t.norm for t in ctoks])
    edits: list[Edit] = []
    keep_run: list[tuple[int, int]] = []

    def flush_keeps() -> None:
        if include_keeps and keep_run:
            (si, ci), (sj, cj) = keep_run[0], keep_run[-1]
            edits.append(pair.edit("keep", ci, cj + 1, si, sj + 1, 0, 0))
        keep_run.clear()

    prev_s = prev_c = -1
    # Every gap between consecutive kept tokens (and before the first and after the last)
    # is one edit: adjacent changed tokens merge into a phrase.
    for s, c in [*matches, (len(stoks), len(ctoks))]:
        s_lo, s_hi = _trim(stoks, prev_s + 1, s)
        c_lo, c_hi = _trim(ctoks, prev_c + 1, c)
        if s_lo < s_hi or c_lo < c_hi:
            flush_keeps()
            at_s = stoks[prev_s].end if prev_s >= 0 else s0
            at_c = ctoks[prev_c].end if prev_c >= 0 else c0
            if _name_part_swap(stoks, ctoks, s_lo, s_hi, c_lo, c_hi, s):
                # A restructured phrase ending in a swapped first name before a kept surname
                # ("According to Nick Marro" -> "... said Scratch Marro"): the name part is
                # its own word-for-word edit, so it can be flagged as the mangling it is.
                ps_hi, pc_hi = _trim(stoks, s_lo, s_hi - 1)[1], _trim(ctoks, c_lo, c_hi - 1)[1]
                if s_lo < ps_hi or c_lo < pc_hi:
                    op_: EditOp = ("substitute" if s_lo < ps_hi and c_lo < pc_hi
                                   else "insert" if c_lo < pc_hi else "delete")
                    edits.append(pair.edit(op_, c_lo, pc_hi, s_lo, ps_hi, at_c, at_s))
                edits.append(pair.edit("substitute", c_hi - 1, c_hi, s_hi - 1, s_hi, 0, 0))
            else:
                op: EditOp = ("substitute" if s_lo < s_hi and c_lo < c_hi
                              else "insert" if c_lo < c_hi else "delete")
                edits.append(pair.edit(op, c_lo, c_hi, s_lo, s_hi, at_c, at_s))
        elif prev_s + 1 < s or prev_c + 1 < c:
            flush_keeps()  # a punctuation-only change still ends a run of kept tokens
        if s < len(stoks):
            keep_run.append((s, c))
        prev_s, prev_c = s, c
    flush_keeps()
    return tuple(edits)


def _name_part_swap(
    stoks: Sequence[_Tok], ctoks: Sequence[_Tok], s_lo: int, s_hi: int, c_lo: int, c_hi: int,
    kept: int,
) -> bool:
    """Whether a restructured substitution (not itself a word swap) ends in one capitalised
    word on each side right before a kept capitalised word: a name part swapped beside a name
    part left alone."""
    n_s = sum(t.is_word for t in stoks[s_lo:s_hi])
    n_c = sum(t.is_word for t in ctoks[c_lo:c_hi])
    if n_s <= _MAX_NAME_SWAP and n_c <= _MAX_NAME_SWAP and abs(n_s - n_c) <= 2:
        return False  # already a word swap that the name check reads as a whole
    if s_hi <= s_lo or c_hi <= c_lo or kept >= len(stoks):
        return False
    last_s, last_c, nxt = stoks[s_hi - 1], ctoks[c_hi - 1], stoks[kept]
    return (last_s.is_word and last_c.is_word and nxt.is_word
            and last_s.surface[:1].isupper() and last_c.surface[:1].isupper()
            and nxt.surface[:1].isupper()
            and _BARE.sub("", last_s.norm) != _BARE.sub("", last_c.norm)  # "China"/"China's"
            and last_s.end == nxt.start - 1)


def _word_index(toks: Sequence[_Tok]) -> list[int]:
    """For each token position (and the end), how many word tokens come before it."""
    out, n = [], 0
    for t in toks:
        out.append(n)
        n += t.is_word
    out.append(n)
    return out


def _trim(toks: Sequence[_Tok], lo: int, hi: int) -> tuple[int, int]:
    """The range without leading and trailing punctuation; empty when only punctuation."""
    while lo < hi and not toks[lo].is_word:
        lo += 1
    while hi > lo and not toks[hi - 1].is_word:
        hi -= 1
    return lo, hi


_RANK = {"name_mangled": 0, "tortured": 1, "synonym": 2, "other": 3}


def rank_evidence(edits: Iterable[Edit]) -> list[Edit]:
    """The non-keep edits, most convincing evidence of spinning first: mangled names, then
    tortured phrases, synonym swaps, other substitutions, insertions and deletions; text order
    within each rank."""
    def key(e: Edit) -> tuple[int, int, int]:
        subst = e.op == "substitute"
        rank = min((_RANK.get(f, 3) for f in e.flags), default=3) if subst else 4
        return rank, e.copy_start, e.source_start

    return sorted((e for e in edits if e.op != "keep"), key=key)
