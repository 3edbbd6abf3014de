"""Token edit scripts inside one aligned sentence pair, with flags on the substitutions.

Input: a copy span and its aligned source span (character offsets into the two texts), and
optionally a thesaurus and the tortured-phrase list. Output: ``Edit`` records, and
``rank_evidence``'s order of them for a report.

``edit_script`` aligns the tokens of a copy span to those of its source span
(``unspun.explain.diff``) and reports what the copier did: substituted, inserted (copy only)
and deleted (source only) phrases, each with character offsets into *both* texts, so a report
highlights them without searching again. Substitutions carry flags
(``unspun.explain.flags``).

Adjacent changed tokens are merged into one phrase-level edit ("top foreign-trained scientists"
-> "tip unfamiliar prepared researchers"). Punctuation is tokenised so that a kept comma or
parenthesis separates phrases, but punctuation-only changes are not reported, and edits never
start or end on punctuation. Keeps are omitted unless ``include_keeps`` is set; then each run
of kept tokens is one ``keep`` edit (a classifier wants the kept share, a report does not).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from unspun.align import SynonymSource
from unspun.explain.diff import Tok, match_tokens, tokenize
from unspun.explain.flags import MAX_NAME_SWAP, Flagged, Lexicon, PairFlagger, is_title_case
from unspun.lexicon.names import default_name_words
from unspun.lexicon.spin import SpinLexicon
from unspun.lexicon.stem import stem
from unspun.lexicon.tortured import TorturedPhrases
from unspun.records import EDIT_FLAGS, Edit, EditOp, Span

_BARE = re.compile(r"['’]s?$")


def _span(span: Span | tuple[int, int]) -> tuple[int, int]:
    return (span.start, span.end) if isinstance(span, Span) else (span[0], span[1])


@dataclass(slots=True)
class _Pair(PairFlagger):
    """One aligned pair, tokenised, with what flagging needs; makes its edits."""

    copy_text: str
    flag: bool = True

    def edit(
        self, op: EditOp, c_lo: int, c_hi: int, s_lo: int, s_hi: int, at_c: int, at_s: int
    ) -> Edit:
        """The edit over tokens ``ctoks[c_lo:c_hi]`` and ``stoks[s_lo:s_hi]``; an empty side
        sits at ``at_c`` / ``at_s`` (just after the last kept token before it)."""
        ct, st_ = self.ctoks, self.stoks
        cs, ce = (ct[c_lo].start, ct[c_hi - 1].end) if c_lo < c_hi else (at_c, at_c)
        ss, se = (st_[s_lo].start, st_[s_hi - 1].end) if s_lo < s_hi else (at_s, at_s)
        found = (Flagged(()) if op != "substitute" else
                 self.flags(s_lo, s_hi, c_lo, c_hi) if self.flag else Flagged(("other",)))
        return Edit(op, cs, ce, ss, se, self.copy_text[cs:ce], self.source_text[ss:se],
                    found.flags, found.expression, found.real_name)


def edit_script(
    copy_text: str,
    copy_span: Span | tuple[int, int],
    source_text: str,
    source_span: Span | tuple[int, int],
    thesaurus: SynonymSource | None = None,
    *,
    tortured: TorturedPhrases | Iterable[tuple[str, str]] | None = None,
    spin: SpinLexicon | None = None,
    include_keeps: bool = False,
    flag: bool = True,
) -> tuple[Edit, ...]:
    """The edits that turn ``source_text[source_span]`` into ``copy_text[copy_span]``, in copy
    order, with absolute offsets into both texts.

    Without a thesaurus no substitution is flagged ``synonym`` and fixed phrases are not
    recognised. ``tortured`` takes a :class:`TorturedPhrases` (build one for many calls) or the
    raw (tortured, expected) pairs; ``spin`` (``unspun.lexicon.spin``) also flags expressions
    no list holds, broken by spinners' known word swaps. With ``flag`` false every
    substitution is ``other``: a word diff, for texts no copier rewrote one from the other.
    """
    c0, c1 = _span(copy_span)
    s0, s1 = _span(source_span)
    ctoks, stoks = tokenize(copy_text, c0, c1), tokenize(source_text, s0, s1)
    if tortured is not None and not isinstance(tortured, TorturedPhrases):
        tortured = TorturedPhrases(tortured)
    pair = _Pair(
        copy_text=copy_text, source_text=source_text, ctoks=ctoks, stoks=stoks,
        lex=Lexicon(thesaurus) if thesaurus is not None else None, tortured=tortured,
        title_case=is_title_case(stoks), copy_words=[t.norm for t in ctoks if t.is_word],
        c_word_at=_word_index(ctoks), source_stems=[stem(t.norm) for t in stoks if t.is_word],
        spin=spin, names=default_name_words() if thesaurus is not None else None, flag=flag,
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
    stoks: Sequence[Tok], ctoks: Sequence[Tok], s_lo: int, s_hi: int, c_lo: int, c_hi: int,
    kept: int,
) -> bool:
    """Whether a restructured substitution (not itself a word swap) ends in one capitalised
    word on each side right before a kept capitalised word: a name part swapped beside a name
    part left alone."""
    n_s = sum(t.is_word for t in stoks[s_lo:s_hi])
    n_c = sum(t.is_word for t in ctoks[c_lo:c_hi])
    if n_s <= MAX_NAME_SWAP and n_c <= MAX_NAME_SWAP and abs(n_s - n_c) <= 2:
        return False  # already a word swap that the name check reads as a whole
    if s_hi <= s_lo or c_hi <= c_lo or kept >= len(stoks):
        return False
    last_s, last_c, nxt = stoks[s_hi - 1], ctoks[c_hi - 1], stoks[kept]
    return (last_s.is_word and last_c.is_word and nxt.is_word
            and last_s.surface[:1].isupper() and last_c.surface[:1].isupper()
            and nxt.surface[:1].isupper()
            and _BARE.sub("", last_s.norm) != _BARE.sub("", last_c.norm)  # "China"/"China's"
            and last_s.end == nxt.start - 1)


def _word_index(toks: Sequence[Tok]) -> list[int]:
    """For each token position (and the end), how many word tokens come before it."""
    out, n = [], 0
    for t in toks:
        out.append(n)
        n += t.is_word
    out.append(n)
    return out


def _trim(toks: Sequence[Tok], lo: int, hi: int) -> tuple[int, int]:
    """The range without leading and trailing punctuation; empty when only punctuation."""
    while lo < hi and not toks[lo].is_word:
        lo += 1
    while hi > lo and not toks[hi - 1].is_word:
        hi -= 1
    return lo, hi


_RANK = {f: i for i, f in enumerate(EDIT_FLAGS)}
"""A flag's rank as evidence: name_mangled 0, tortured 1, synonym 2, other 3."""


def rank_evidence(edits: Iterable[Edit]) -> list[Edit]:
    """The non-keep edits, most convincing evidence of spinning first: mangled names, then
    tortured phrases, synonym swaps, other substitutions, insertions and deletions; text order
    within each rank."""
    def key(e: Edit) -> tuple[int, int, int]:
        subst = e.op == "substitute"
        rank = min((_RANK.get(f, 3) for f in e.flags), default=3) if subst else 4
        return rank, e.copy_start, e.source_start

    return sorted((e for e in edits if e.op != "keep"), key=key)
