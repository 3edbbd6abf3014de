"""The spinner: blind, sense-free thesaurus substitution, as cheap article spinners do it.

Input: a source text, a thesaurus (through :class:`Choices`) and optionally tortured phrases.
Output: the ops of a spun copy (:func:`spin_ops`): longest phrase first, names included
(``name_mangled``), with the Problematic Paper Screener's tortured phrases applied in reverse.
"""

from __future__ import annotations

import bisect
import random
import re
from typing import NamedTuple

from unspun.devdata.labels import EditReason
from unspun.devdata.splice import Op, Piece
from unspun.devdata.text import WORD, eligible_word, inflect, inflection, match_case, sentences
from unspun.lexicon import Thesaurus, TorturedPhrases

# Spinners leave function words, numbers and dates alone; their databases hold content words.
_STOP = frozenset("""
a an the and or but nor so yet for of to in on at by with from into onto upon about above below
over under after before between among through during without within against toward towards
across along around behind beyond near off out up down than then as if because while although
though unless until since whether this that these those there here where when why how what
which who whom whose it its it's he him his she her hers they them their theirs we us our ours
you your yours i me my mine myself itself himself herself themselves ourselves yourself be is
am are was were been being have has had having do does did doing done will would shall should
can could may might must not no yes all any both each few many much more most other some such
only own same too very just also s t don now one two three four five six seven eight nine ten
eleven twelve twenty hundred thousand million billion trillion first second third last next
mr mrs ms dr january february march april june july august september october november december
monday tuesday wednesday thursday friday saturday sunday per via etc say says said
""".split())  # noqa: SIM905 (a word list reads better as text)
_MAX_PHRASE = 4


class Slot(NamedTuple):
    """A word or phrase the spinner may replace, with its candidates."""

    start: int
    end: int
    n_words: int
    candidates: tuple[str, ...]
    rule: str | None  # suffix to put back on the substitute ("s", "ed", ...) or None


class Choices:
    """Spinner candidates per phrase or word, memoised over one generation run (a dataset
    repeats its vocabulary; the thesaurus lookups dominate the cost of spinning)."""

    def __init__(self, th: Thesaurus) -> None:
        self.th = th
        self.heads = th.head_words
        self._phrases: dict[str, tuple[str, ...]] = {}
        self._words: dict[str, tuple[tuple[str, ...], str | None]] = {}

    def phrase(self, key: str) -> tuple[str, ...]:
        if key not in self.heads:  # most word n-grams: one set lookup
            return ()
        got = self._phrases.get(key)
        if got is None:
            got = self._phrases[key] = _clean(self.th.substitutes(key))
        return got

    def word(self, low: str) -> tuple[tuple[str, ...], str | None]:
        """Candidates for a lower-case word, and the suffix to put back on them (if any)."""
        got = self._words.get(low)
        if got is None:
            got = ((), None)
            if low not in _STOP and len(low) >= 3:
                direct = self.phrase(low)
                if direct:
                    got = (direct, None)
                else:
                    for base in sorted(self.th.base_forms(low) - {low}):
                        rule = inflection(low, base)
                        # One-word substitutes only: "research worker" + s is ambiguous.
                        single = tuple(c for c in self.phrase(base) if " " not in c)
                        if rule and single:
                            got = (single, rule)
                            break
            self._words[low] = got
        return got


def find_slots(text: str, taken: list[tuple[int, int]], ch: Choices) -> list[Slot]:
    """Left to right, the longest phrase the thesaurus knows at each word, else the word."""
    taken = sorted(taken)
    starts = [a for a, _ in taken]

    def usable(m: re.Match[str]) -> bool:
        j = bisect.bisect_right(starts, m.start()) - 1
        return (j < 0 or m.start() >= taken[j][1]) and eligible_word(text, m)

    tokens = list(WORD.finditer(text))
    ok = [usable(m) for m in tokens]
    lows = [m.group().lower() for m in tokens]
    slots: list[Slot] = []
    i = 0
    while i < len(tokens):
        if not ok[i]:
            i += 1
            continue
        slot = None
        if i + 1 < len(tokens) and ok[i + 1] and ch.th.starts_phrase(lows[i], lows[i + 1]):
            run = 2  # a phrase is made of usable words only
            while run < _MAX_PHRASE and i + run < len(tokens) and ok[i + run]:
                run += 1
            for n in range(run, 1, -1):
                start, end = tokens[i].start(), tokens[i + n - 1].end()
                cands = ch.phrase(text[start:end].lower())
                # Known, not crossing punctuation or a line break, not only function words.
                if (cands and _PHRASE.fullmatch(text, start, end)
                        and not all(w in _STOP for w in lows[i : i + n])):
                    slot = Slot(start, end, n, cands, None)
                    break
        if slot is None:
            cands, rule = ch.word(lows[i])
            if cands:
                slot = Slot(tokens[i].start(), tokens[i].end(), 1, cands, rule)
        if slot is None:
            i += 1
        else:
            slots.append(slot)
            i += slot.n_words
    return slots


_PHRASE = re.compile(r"[A-Za-z]+(?:[ -][A-Za-z]+)*")


def _clean(cands: tuple[str, ...]) -> tuple[str, ...]:
    # Spinners do not introduce numbers, and "atomic number 4" for "be" is not a synonym.
    return tuple(c for c in cands if not any(ch.isdigit() for ch in c) and "." not in c)


def spin_ops(
    text: str, rng: random.Random, ch: Choices, rate: float,
    tortured: TorturedPhrases | None, pick: str, tortured_rate: float,
) -> tuple[list[Op], dict[str, float | int | str]]:
    """The ops of a spun copy (``rate`` of the eligible words replaced) and its params."""
    ops: list[Op] = []
    taken: list[tuple[int, int]] = []
    n_tortured = 0
    for start, end, exp, torts in tortured.find(text, _STOP) if tortured else ():
        # Multi-word tortured phrases are the spinner's fingerprint: always applied (by
        # default); single words ("vision" -> "imaginative and prescient") at the spin rate.
        if rng.random() >= (tortured_rate if " " in exp else rate):
            continue
        new = match_case(text[start:end], rng.choice(torts), text[start:end].istitle())
        ops.append((start, end, [Piece(start, end, new, "tortured_list")]))
        taken.append((start, end))
        n_tortured += 1

    initial = set()  # first word of each sentence: its capital says nothing about names
    for s, e in sentences(text):
        first = WORD.search(text, s, e)
        if first:
            initial.add(first.start())
    slots = find_slots(text, taken, ch)
    eligible = sum(s.n_words for s in slots)
    target = rate * eligible
    replaced = 0
    for k in rng.sample(range(len(slots)), len(slots)):
        slot = slots[k]
        if replaced + slot.n_words > target + 0.5:
            continue
        replaced += slot.n_words
        sub = slot.candidates[0] if pick == "first" else rng.choice(slot.candidates)
        if slot.rule:
            sub = inflect(sub, slot.rule)
        original = text[slot.start : slot.end]
        is_name = original[:1].isupper() and slot.start not in initial
        new = match_case(original, sub, every_word=is_name)
        reason: EditReason = "name_mangled" if is_name else "synonym"
        ops.append((slot.start, slot.end, [Piece(slot.start, slot.end, new, reason)]))
    stats: dict[str, float | int | str] = {
        "spin_rate": rate, "pick": pick, "eligible_words": eligible, "replaced_words": replaced,
        "realised_rate": round(replaced / eligible, 4) if eligible else 0.0,
        "tortured_applied": n_tortured,
    }
    return ops, stats
