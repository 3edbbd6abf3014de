"""The rewrite type of a copy (verbatim, near-verbatim, spun, paraphrase, summary,
translated) with a confidence, read from its explained alignment (``Alignment`` with edit
scripts -> ``Rewrite``), and the type of each aligned pair."""

from __future__ import annotations

from dataclasses import replace

from unspun.lexicon.language import LanguageGuess, different_languages
from unspun.records import AlignedPair, Alignment, Extent, Rewrite, RewriteType
from unspun.segment import sentences, words

# -- rewrite type --------------------------------------------------------------------------
#
# The type is read from what the copier did inside the aligned pairs (the token edit scripts)
# and from how much of each text aligns:
# - verbatim: every aligned token kept, both texts covered, nothing moved;
# - summary (checked before spun: a summary may be reworded with a thesaurus too): covering
#   under SUMMARY_COVERAGE of the source, by its words or by its sentences, taken from
#   SUMMARY_GAPS or more separate places in it (an extractive summary picks the richest,
#   longest sentences: 13 of 31 sentences can hold 56% of the words);
# - spun: swaps spread through the text (at least SPUN_PAIR_SHARE of the aligned pairs hold a
#   thesaurus swap, mangled name or tortured phrase, and SPUN_SWAP_SHARE of substitutions are
#   such swaps), the changes are substitutions in place (SPUN_SUB_SHARE of the changed tokens)
#   and pair lengths stay close (LENGTH_BAND): word-by-word spinning keeps sentence structure;
# - summary, also: reworded (under NEAR_KEPT kept) and covering under SUMMARY_COVERAGE (words
#   or sentences);
# - near_verbatim: at least NEAR_KEPT of the aligned copy tokens kept (light edits, dropped or
#   moved sentences, an added intro; an excerpt, one block of the source, is near-verbatim
#   with low source coverage);
# - paraphrase: reworded and restructured otherwise.
# - translated: the two sides are in different languages (py3langid, ``unspun.lexicon.language``);
#   decided first, since no word-level feature means anything across languages.
# Confidence is 0.5 at a threshold and grows with the margin of the deciding feature.

VERBATIM_COVERAGE = 0.99
NEAR_KEPT = 0.85
SPUN_SUB_SHARE = 0.6
SPUN_SWAP_SHARE = 0.3
SPUN_PAIR_SHARE = 0.4
LENGTH_BAND = (0.75, 1.33)
SUMMARY_COVERAGE = 0.5
SUMMARY_GAPS = 2
"""A copy covering under SUMMARY_COVERAGE of its source from at least this many separate
places in it selected statements (a summary, even of lifted sentences); one block is an
excerpt and one gap a dropped passage, which stay near-verbatim."""
TRANSLATED_CONFIDENCE = 0.5
"""Language identification confidence at which ``translated`` is only as sure as a coin."""
_MARGIN = 0.15


def _n_words(text: str) -> int:
    return len(words(text))


_SWAP_FLAGS = frozenset({"synonym", "name_mangled", "tortured"})


class _PairCounts:
    """Word counts of one aligned pair's edit script."""

    __slots__ = ("copy", "source", "sub_copy", "ins_copy", "del_source", "subs", "swaps")

    def __init__(self, p: AlignedPair, copy_text: str, source_text: str) -> None:
        self.copy = _n_words(copy_text[p.copy_span.start : p.copy_span.end])
        self.source = _n_words(source_text[p.source_span.start : p.source_span.end])
        self.sub_copy = self.ins_copy = self.del_source = self.subs = self.swaps = 0
        for e in p.edits:
            if e.op == "substitute":
                self.subs += 1
                self.sub_copy += _n_words(e.copy_text)
                self.swaps += bool(_SWAP_FLAGS.intersection(e.flags))
            elif e.op == "insert":
                self.ins_copy += _n_words(e.copy_text)
            elif e.op == "delete":
                self.del_source += _n_words(e.source_text)


def rewrite_features(al: Alignment, copy_text: str, source_text: str) -> dict[str, float]:
    counts = [_PairCounts(p, copy_text, source_text) for p in al.pairs]
    copy_tokens = sum(c.copy for c in counts)
    source_tokens = sum(c.source for c in counts)
    sub_copy = sum(c.sub_copy for c in counts)
    ins_copy = sum(c.ins_copy for c in counts)
    subs, swaps = sum(c.subs for c in counts), sum(c.swaps for c in counts)
    changed = sub_copy + ins_copy + sum(c.del_source for c in counts)
    return {
        "pairs": float(len(al.pairs)),
        "coverage_copy": al.coverage_copy,
        "coverage_source": al.coverage_source,
        "order": al.order,
        "mean_similarity": al.mean_similarity,
        "kept_share": round(1.0 - (sub_copy + ins_copy) / copy_tokens, 4) if copy_tokens else 0.0,
        "substitution_share": round(sub_copy / changed, 4) if changed else 0.0,
        "swap_share": round(swaps / subs, 4) if subs else 0.0,
        "swapped_pair_share": (round(sum(c.swaps > 0 for c in counts) / len(counts), 4)
                               if counts else 0.0),
        "length_ratio": round(copy_tokens / source_tokens, 4) if source_tokens else 0.0,
        "source_gaps": float(_source_gaps(al)),
        "source_sentence_share": _source_sentence_share(al, source_text),
    }


def _source_sentence_share(al: Alignment, source_text: str) -> float:
    """Share of the source's sentences that some aligned pair takes."""
    n = len(sentences(source_text))
    taken = len({s for p in al.pairs for s in p.source_sentences})
    return round(min(1.0, taken / n), 4) if n else 0.0


def _source_gaps(al: Alignment) -> int:
    """Breaks in the run of aligned source sentences: 0 for an excerpt (one block of the
    source), several for a summary that picks statements across it."""
    taken = sorted({s for p in al.pairs for s in p.source_sentences})
    return sum(b > a + 1 for a, b in zip(taken, taken[1:], strict=False))


PAIR_SUMMARY_RATIO = 0.6
"""A pair whose copy side has under 60% of its source side's words was compressed (a summary
sentence), not reworded in place."""


def pair_rewrite(p: AlignedPair, copy_text: str, source_text: str) -> RewriteType:
    """The rewrite of one aligned pair, by the match-level rules read on its own edits:
    ``verbatim`` (nothing changed), ``spun`` (thesaurus swaps in place, length kept),
    ``summary`` (compressed below PAIR_SUMMARY_RATIO of the source's words, even when every
    word left is the source's), ``near_verbatim`` (at least NEAR_KEPT of the copy's words
    kept), else ``paraphrase``."""
    c = _PairCounts(p, copy_text, source_text)
    if not c.copy:
        return "paraphrase"
    if c.sub_copy == c.ins_copy == c.del_source == 0:
        return "verbatim"
    changed = c.sub_copy + c.ins_copy + c.del_source
    ratio = c.copy / c.source if c.source else 0.0
    if (c.swaps and c.sub_copy / changed >= SPUN_SUB_SHARE
            and LENGTH_BAND[0] <= ratio <= LENGTH_BAND[1]):
        return "spun"
    if ratio < PAIR_SUMMARY_RATIO:
        return "summary"
    kept = 1.0 - (c.sub_copy + c.ins_copy) / c.copy
    return "near_verbatim" if kept >= NEAR_KEPT else "paraphrase"


def _confidence(margin: float) -> float:
    return round(min(1.0, 0.5 + 0.5 * max(0.0, margin) / _MARGIN), 3)


def rewrite(
    al: Alignment,
    copy_text: str,
    source_text: str,
    languages: tuple[LanguageGuess, LanguageGuess] | None = None,
) -> Rewrite:
    """The rewrite type of a copy. ``languages`` (copy, source), when given and both
    identified, decide ``translated`` first: no word-level feature means anything across
    languages."""
    f = rewrite_features(al, copy_text, source_text)
    codes: tuple[str, ...] = ()
    if languages is not None:
        lc, ls = languages
        codes = (lc.code, ls.code)
        if different_languages(lc.code, ls.code):
            margin = (min(lc.confidence, ls.confidence) - TRANSLATED_CONFIDENCE) * _MARGIN / (
                1 - TRANSLATED_CONFIDENCE)
            f["language_confidence"] = round(min(lc.confidence, ls.confidence), 4)
            return Rewrite("translated", _confidence(margin), tuple(sorted(f.items())), codes)
    kept, cov_c, cov_s = f["kept_share"], f["coverage_copy"], f["coverage_source"]
    taken = min(cov_s, f["source_sentence_share"])  # of the source, by words or sentences
    ratio = f["length_ratio"]
    kind: RewriteType
    cover = min(cov_c, cov_s)
    if kept >= 1.0 and cover >= VERBATIM_COVERAGE and f["order"] >= 1.0:
        # Coverage sits near 1: its margin is a share of the room left above the threshold.
        kind, margin = "verbatim", (cover - VERBATIM_COVERAGE) / (1 - VERBATIM_COVERAGE) * _MARGIN
    elif taken < SUMMARY_COVERAGE and f["source_gaps"] >= SUMMARY_GAPS:
        kind, margin = "summary", SUMMARY_COVERAGE - taken
    elif (f["swapped_pair_share"] >= SPUN_PAIR_SHARE and f["swap_share"] >= SPUN_SWAP_SHARE
          and f["substitution_share"] >= SPUN_SUB_SHARE
          and LENGTH_BAND[0] <= ratio <= LENGTH_BAND[1]):
        kind = "spun"
        margin = min(f["swapped_pair_share"] - SPUN_PAIR_SHARE,
                     f["swap_share"] - SPUN_SWAP_SHARE,
                     f["substitution_share"] - SPUN_SUB_SHARE)
    elif kept >= NEAR_KEPT:
        kind, margin = "near_verbatim", kept - NEAR_KEPT
    elif taken < SUMMARY_COVERAGE:
        kind, margin = "summary", SUMMARY_COVERAGE - taken
    else:
        kind = "paraphrase"
        margin = max(SPUN_PAIR_SHARE - f["swapped_pair_share"],
                     SPUN_SWAP_SHARE - f["swap_share"], NEAR_KEPT - kept)
    return Rewrite(kind, _confidence(margin), tuple(sorted(f.items())), codes)


MIXED_FROM = frozenset({"summary", "paraphrase"})


def with_extent(rw: Rewrite, extent: Extent | None) -> Rewrite:
    """``mixed`` for a partial copy whose copied part was reworded (typed ``summary`` or
    ``paraphrase``): a page of its own with some of the source's passages rewritten in it.
    A partial copy that keeps the source's words stays ``near_verbatim`` (an excerpt with an
    intro of its own), a spun or translated one keeps its type. On the wild-dev copies this
    agrees with the labels on 51 of 110 hits against 41 without it (``benchmarks/wild.py``)."""
    if extent == "partial" and rw.type in MIXED_FROM:
        return replace(rw, type="mixed")
    return rw
