"""Light copies: verbatim (whitespace aside), near-verbatim and excerpt.

Input: a source text and the copy's seeded generator. Output: the copy text and params
(:func:`verbatim_copy`, :func:`excerpt_copy`), or the ops of a near-verbatim copy
(:func:`near_verbatim_ops`: sentences dropped or swapped, words deleted or changed, a
republisher's intro or outro added).
"""

from __future__ import annotations

import random
import re

from unspun.devdata.inject import INTROS, OUTROS, fill
from unspun.devdata.spin import Choices
from unspun.devdata.splice import Op, Piece, Plan
from unspun.devdata.text import WORD, eligible_word, match_case, paragraphs, sentences


def verbatim_copy(text: str, rng: random.Random) -> tuple[str, dict[str, float | int | str]]:
    """The source as it is, or (half the time) with its whitespace tidied as reposts do."""
    if rng.random() < 0.5:
        return text, {"whitespace_changed": 0}
    # A repost often loses trailing spaces and doubled blanks; offsets then shift, so a
    # verbatim copy carries no edits: compare it with whitespace normalised.
    out = re.sub(r"[ \t]+", " ", text)
    out = re.sub(r" ?\n ?", "\n", out)
    return re.sub(r"\n{3,}", "\n\n", out).strip(), {"whitespace_changed": 1}


def _drop_span(text: str, sents: list[tuple[int, int]], k: int) -> tuple[int, int]:
    """Span to delete with sentence k so that no doubled space or empty paragraph remains."""
    s, e = sents[k]
    nxt = sents[k + 1][0] if k + 1 < len(sents) else None
    prev = sents[k - 1][1] if k > 0 else None
    if nxt is not None and "\n" not in text[e:nxt]:
        return s, nxt
    if prev is not None and "\n" not in text[prev:s]:
        return prev, e
    return (s, nxt) if nxt is not None else (prev if prev is not None else s, e)


def near_verbatim_ops(text: str, rng: random.Random, ch: Choices) -> Plan:
    """The ops of a near-verbatim copy: a few of drop, swap, words, intro and outro."""
    sents = sentences(text)
    ops: list[Op] = []
    busy: set[int] = set()  # sentence indices already used by an op
    chosen = [op for op, p in (("drop", 0.5), ("swap", 0.4), ("words", 0.6), ("intro", 0.35),
                               ("outro", 0.35)) if rng.random() < p] or ["words"]
    if "drop" in chosen and len(sents) >= 4:
        for k in rng.sample(range(len(sents)), rng.choice((1, 2))):
            if not busy & {k - 1, k, k + 1}:  # neighbours' separators may be consumed
                s, e = _drop_span(text, sents, k)
                ops.append((s, e, [Piece(s, e, "", "sentence_dropped")]))
                busy.add(k)
    if "swap" in chosen:
        pairs = [k for k in range(len(sents) - 1) if not busy & {k - 1, k, k + 1, k + 2}
                 and "\n" not in text[sents[k][1] : sents[k + 1][0]]]
        if pairs:
            k = rng.choice(pairs)
            (a0, a1), (b0, b1) = sents[k], sents[k + 1]
            ops.append((a0, b1, [Piece(b0, b1, text[b0:b1], "sentences_swapped"),
                                 Piece(a1, b0, text[a1:b0]),
                                 Piece(a0, a1, text[a0:a1], "sentences_swapped")]))
            busy |= {k, k + 1}
    if "words" in chosen:
        # Not a sentence's first word (its capital would be left dangling), and one followed
        # by a space, so deleting "word " leaves clean text.
        words = [m for k, (s, e) in enumerate(sents) if k not in busy
                 for m in list(WORD.finditer(text, s, e))[1:]
                 if len(m.group()) >= 3 and eligible_word(text, m)
                 and text[m.end() : m.end() + 1] == " "]
        picked = rng.sample(words, min(len(words), rng.randint(1, 4)))
        for m in sorted(picked, key=lambda m: m.start()):
            low = m.group().lower()
            cands = ch.word(low)[0] if ch.word(low)[1] is None else ()
            s, e = m.span()
            if cands and rng.random() < 0.6:
                new = match_case(m.group(), cands[0], every_word=False)
                ops.append((s, e, [Piece(s, e, new, "word_changed")]))
            else:
                ops.append((s, e + 1, [Piece(s, e + 1, "", "word_deleted")]))
    if not ops:  # what was drawn did not fit this text (too few sentences): say who we are
        chosen.append("intro")
    if "intro" in chosen:
        ops.append((0, 0, [Piece(0, 0, fill(rng.choice(INTROS), rng) + "\n\n", "intro_added")]))
    if "outro" in chosen:
        n = len(text)
        ops.append((n, n, [Piece(n, n, "\n\n" + fill(rng.choice(OUTROS), rng), "outro_added")]))
    return ops, {"operations": ",".join(chosen)}


def excerpt_copy(text: str, rng: random.Random) -> tuple[str, dict[str, float | int | str]]:
    """The first paragraphs (else sentences, else words) covering 20-60% of the source."""
    n = max(len(text), 1)
    for unit, spans in (("paragraph", paragraphs(text)), ("sentence", sentences(text)),
                        ("word", [m.span() for m in re.finditer(r"\S+", text)])):
        cuts = [(k + 1, e) for k, (_, e) in enumerate(spans) if 0.2 <= e / n <= 0.6]
        if cuts:
            k, cut = rng.choice(cuts)
            return text[:cut], {"unit": unit, "units_kept": k, "coverage": round(cut / n, 4)}
    cut = int(n * 0.4)
    return text[:cut], {"unit": "char", "units_kept": cut, "coverage": round(cut / n, 4)}
