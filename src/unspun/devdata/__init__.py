"""Seeded, labelled copies of real article texts: development data and benchmark fixtures.

Each :class:`SynthCopy` says what kind of copy it is and carries the generator's own record of
what it changed (:class:`SynthEdit`, with offsets into both texts) and of what it injected
(:class:`InjectedSpan`). The spinner works the way cheap article spinners do: blind,
sense-free substitution from a thesaurus, longest phrase first, names included, with the
Problematic Paper Screener's tortured phrases applied in reverse. Summaries and
paraphrases (rule-based, :mod:`unspun.devdata.rewrite`) record a sentence map
(:class:`SentenceMap`) instead of word-level edits. See ``docs/dev-data.md`` for what such
data can and cannot show.

Sentences are cut by a small regex here on purpose, so that the generated labels do not move
when the pipeline's own segmenter changes.
"""

from __future__ import annotations

import bisect
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal, NamedTuple, cast

from unspun.lexicon import Thesaurus, TorturedPhrases

SYNTH_VERSION = 1
"""Bumped whenever the same seed would give different copies."""

CopyKind = Literal["verbatim", "near_verbatim", "spun", "excerpt", "spam", "summary", "paraphrase"]
EditReason = Literal[
    "synonym", "tortured_list", "name_mangled",  # spinning
    "sentence_dropped", "sentences_swapped", "word_deleted", "word_changed",  # light edits
    "intro_added", "outro_added",
]
InjectKind = Literal["keyword_stuffing", "filler", "link_spam"]
# New kinds go at the end: each copy's generator is seeded from its kind and position, so a
# call with the old kinds in the old order gives byte-identical copies.
KINDS: tuple[CopyKind, ...] = ("verbatim", "near_verbatim", "spun", "excerpt", "spam",
                               "summary", "paraphrase")
SENTENCE_MAPPED_KINDS: frozenset[CopyKind] = frozenset(("summary", "paraphrase"))
"""Kinds that record a sentence map (:class:`SentenceMap`) instead of word-level edits."""


@dataclass(frozen=True, slots=True)
class SynthEdit:
    """One change: ``copy[copy_start:copy_end] == copy_text`` and
    ``source[source_start:source_end] == source_text``. Insertions have an empty source span,
    deletions an empty copy span; a swapped sentence keeps its text and moves."""

    copy_start: int
    copy_end: int
    source_start: int
    source_end: int
    source_text: str
    copy_text: str
    reason: EditReason


@dataclass(frozen=True, slots=True)
class SentenceMap:
    """One sentence of a summary or paraphrase, ``copy[copy_start:copy_end]``, and the source
    sentences it was made from: indices into :func:`sentences` of the source, with their
    spans, and the transforms applied (``merged``, ``split``, ``synonym``, ...). Two copy
    sentences share an index where a source sentence was split; one carries two where two
    were merged."""

    copy_start: int
    copy_end: int
    source_sentences: tuple[int, ...]
    source_spans: tuple[tuple[int, int], ...]
    transforms: tuple[str, ...]


class InjectedSpan(NamedTuple):
    """Text in the copy that is not from the source: ``copy[start:end]``."""

    start: int
    end: int
    kind: InjectKind


@dataclass(frozen=True, slots=True)
class SynthCopy:
    id: str
    source_id: str
    kind: CopyKind
    text: str
    params: tuple[tuple[str, float | int | str], ...] = ()
    edits: tuple[SynthEdit, ...] = ()
    injected: tuple[InjectedSpan, ...] = ()
    synth_version: int = field(default=SYNTH_VERSION)
    sentence_map: tuple[SentenceMap, ...] = ()
    """Summary and paraphrase only: copy sentence -> source sentences (see SentenceMap)."""

    def param(self, name: str) -> float | int | str | None:
        return dict(self.params).get(name)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (for JSONL dev sets)."""
        out = asdict(self)
        out["params"] = dict(self.params)
        out["injected"] = [list(span) for span in self.injected]
        return out


# -- text units ----------------------------------------------------------------------------

_PARA_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SENT_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_ABBREV = frozenset(("mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "inc", "co",
                     "corp", "ltd", "gen", "gov", "sen", "rep"))
_WORD = re.compile(r"[A-Za-z]+")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans (blank-line separated), trimmed of surrounding whitespace."""
    spans, pos = [], 0
    for brk in [*_PARA_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        chunk = text[pos:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((pos + lead, pos + len(chunk.rstrip())))
        pos = brk.end() if brk else end
    return spans


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: a line break ends a sentence, so does [.!?] before a capital, except
    after a known abbreviation or initials ("U.S.")."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for m in _SENT_END.finditer(text, line.start(), line.end()):
            words = text[max(start, m.start() - 30) : m.start() + 1].split()
            last = words[-1].lower() if words else ""
            if m.group().startswith(".") and (
                last.rstrip(".") in _ABBREV or re.fullmatch(r"(?:[a-z]\.)+", last)
            ):
                continue
            spans.append((start, m.end()))
            start = m.end()
        spans.append((start, line.end()))
    out = []
    for s, e in spans:  # trim whitespace; drop empty pieces
        seg = text[s:e]
        if seg.strip():
            out.append((s + len(seg) - len(seg.lstrip()), s + len(seg.rstrip())))
    return out


# -- building a copy from pieces -----------------------------------------------------------


class _Piece(NamedTuple):
    src_start: int
    src_end: int
    text: str
    reason: EditReason | None = None  # None: the source text unchanged
    injected: InjectKind | None = None


# An op replaces source[start:end] by its pieces (in copy order). Ops are non-overlapping.
_Op = tuple[int, int, list[_Piece]]


def _assemble(source: str, ops: list[_Op]) -> tuple[str, list[SynthEdit], list[InjectedSpan]]:
    parts: list[str] = []
    edits: list[SynthEdit] = []
    injected: list[InjectedSpan] = []
    pos = cpos = 0
    # Sorting by (start, end) puts an insertion at p before a replacement starting at p.
    for start, end, pieces in sorted(ops, key=lambda op: (op[0], op[1])):
        if start < pos:
            raise AssertionError(f"overlapping synth ops at {start}")
        parts.append(source[pos:start])
        cpos += start - pos
        for p in pieces:
            if p.injected is not None:
                injected.append(InjectedSpan(cpos, cpos + len(p.text), p.injected))
            elif p.reason is not None:
                edits.append(SynthEdit(cpos, cpos + len(p.text), p.src_start, p.src_end,
                                       source[p.src_start : p.src_end], p.text, p.reason))
            parts.append(p.text)
            cpos += len(p.text)
        pos = end
    parts.append(source[pos:])
    return "".join(parts), edits, injected


def _match_case(original: str, replacement: str, every_word: bool) -> str:
    if len(original) > 1 and original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        if every_word:  # a mangled name keeps looking like a name: "Financial Expert"
            return " ".join(w[:1].upper() + w[1:] for w in replacement.split(" "))
        return replacement[:1].upper() + replacement[1:]
    return replacement


# -- the spinner ---------------------------------------------------------------------------

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
def _inflect(word: str, rule: str) -> str:
    vowel_y = len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou"
    if rule == "s":
        if word.endswith(("s", "x", "z", "ch", "sh")):
            return word + "es"
        return word[:-1] + "ies" if vowel_y else word + "s"
    if rule in ("ed", "er", "est"):
        suffix = rule[1:] if word.endswith("e") else rule
        return word[:-1] + "i" + rule if vowel_y else word + suffix
    if word.endswith("ie"):  # "ing"
        return word[:-2] + "ying"
    return (word[:-1] if word.endswith("e") and not word.endswith("ee") else word) + "ing"


def _inflection(word: str, base: str) -> str | None:
    """Which regular suffix turns base into word, if any (irregular forms are left alone)."""
    for rule in ("s", "ed", "ing", "er", "est"):
        if _inflect(base, rule) == word or (rule != "s" and word == base + base[-1] + rule):
            return rule
    if word in (base + "es", base + "s"):
        return "s"
    return None


class _Slot(NamedTuple):
    start: int
    end: int
    n_words: int
    candidates: tuple[str, ...]
    rule: str | None  # suffix to put back on the substitute ("s", "ed", ...) or None


class _Choices:
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
                        rule = _inflection(low, base)
                        # One-word substitutes only: "research worker" + s is ambiguous.
                        single = tuple(c for c in self.phrase(base) if " " not in c)
                        if rule and single:
                            got = (single, rule)
                            break
            self._words[low] = got
        return got


def _find_slots(text: str, taken: list[tuple[int, int]], ch: _Choices) -> list[_Slot]:
    """Left to right, the longest phrase the thesaurus knows at each word, else the word."""
    taken = sorted(taken)
    starts = [a for a, _ in taken]

    def usable(m: re.Match[str]) -> bool:
        j = bisect.bisect_right(starts, m.start()) - 1
        return (j < 0 or m.start() >= taken[j][1]) and _eligible_word(text, m)

    tokens = list(_WORD.finditer(text))
    ok = [usable(m) for m in tokens]
    lows = [m.group().lower() for m in tokens]
    slots: list[_Slot] = []
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
                    slot = _Slot(start, end, n, cands, None)
                    break
        if slot is None:
            cands, rule = ch.word(lows[i])
            if cands:
                slot = _Slot(tokens[i].start(), tokens[i].end(), 1, cands, rule)
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


def _eligible_word(text: str, m: re.Match[str]) -> bool:
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    # Parts of contractions ("don't"), URLs, e-mail addresses and handles stay as they are.
    if before in "'’/@#_." or after in "'’/@_":
        return False
    return not (after == "." and m.end() + 1 < len(text) and text[m.end() + 1].isalnum())


def _spin_ops(
    text: str, rng: random.Random, ch: _Choices, rate: float,
    tortured: TorturedPhrases | None, pick: str, tortured_rate: float,
) -> tuple[list[_Op], dict[str, float | int | str]]:
    ops: list[_Op] = []
    taken: list[tuple[int, int]] = []
    n_tortured = 0
    for start, end, exp, torts in tortured.find(text, _STOP) if tortured else ():
        # Multi-word tortured phrases are the spinner's fingerprint: always applied (by
        # default); single words ("vision" -> "imaginative and prescient") at the spin rate.
        if rng.random() >= (tortured_rate if " " in exp else rate):
            continue
        new = _match_case(text[start:end], rng.choice(torts), text[start:end].istitle())
        ops.append((start, end, [_Piece(start, end, new, "tortured_list")]))
        taken.append((start, end))
        n_tortured += 1

    initial = set()  # first word of each sentence: its capital says nothing about names
    for s, e in sentences(text):
        first = _WORD.search(text, s, e)
        if first:
            initial.add(first.start())
    slots = _find_slots(text, taken, ch)
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
            sub = _inflect(sub, slot.rule)
        original = text[slot.start : slot.end]
        is_name = original[:1].isupper() and slot.start not in initial
        new = _match_case(original, sub, every_word=is_name)
        reason: EditReason = "name_mangled" if is_name else "synonym"
        ops.append((slot.start, slot.end, [_Piece(slot.start, slot.end, new, reason)]))
    stats: dict[str, float | int | str] = {
        "spin_rate": rate, "pick": pick, "eligible_words": eligible, "replaced_words": replaced,
        "realised_rate": round(replaced / eligible, 4) if eligible else 0.0,
        "tortured_applied": n_tortured,
    }
    return ops, stats


# -- seeded phrase lists -------------------------------------------------------------------

_SITES = ("newsdesk24.com", "The Daily Ledger", "worldnewsfeed.net", "InfoHub Today",
          "trendingstories.org", "Metro Tribune Online", "globalpulse.co")
_INTROS = (
    "This article originally appeared on {site}.",
    "Originally published by {site}. Republished with permission.",
    "The following story was first published at {site}.",
    "Source: {site}",
    "Via {site} - read the full story below.",
)
_OUTROS = (
    "This article was originally published on {site}. Read the original article.",
    "Read more at source",
    "Republished from {site} under a Creative Commons license.",
    "Copyright {site}. All rights reserved.",
    "Share this article with your friends and family!",
)
_SERVICES = ("immigration consultants", "packers and movers", "seo services", "dentist",
             "web design company", "car rental", "visa agents", "digital marketing agency",
             "interior designers", "ielts coaching")
_CITIES = ("delhi", "mumbai", "dubai", "london", "toronto", "noida", "chandigarh", "lahore")
_PRODUCTS = ("running shoes", "replica watches", "phone cases", "hair extensions",
             "essential oils", "gaming chairs", "vpn subscriptions")
_KEYWORDS = ("best {service} in {city}", "top {service} in {city}",
             "cheap {product} online", "buy {product} near me", "{service} near me")
_LINK_SPAM = (
    "Visit www.{shop}.com for cheap {product} with free shipping.",
    "Call +91 {phone} for the best {service} in {city}.",
    "Get {service} at https://{shop}.net today!",
    "WhatsApp us on +44 {phone} for {product} at wholesale prices.",
    "Click here: http://{shop}.xyz/deals to order {product}.",
    "Contact {shop}@gmail.com for guaranteed {service} results.",
)
_SHOPS = ("bestdeals4u", "shopmart-online", "quickbuyhub", "megasale24", "trustyservices")
_LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
    "Ut elit tellus, luctus nec ullamcorper mattis, pulvinar dapibus leo.",
    "Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque.",
    "Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore.",
)


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        site=rng.choice(_SITES), service=rng.choice(_SERVICES), city=rng.choice(_CITIES),
        product=rng.choice(_PRODUCTS), shop=rng.choice(_SHOPS),
        phone=f"{rng.randrange(70000, 99999)} {rng.randrange(10000, 99999)}",
    )


# -- the kinds -----------------------------------------------------------------------------

_Result = tuple[list[_Op], dict[str, float | int | str]]


def _verbatim(text: str, rng: random.Random) -> tuple[str, dict[str, float | int | str]]:
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


def _near_verbatim(text: str, rng: random.Random, ch: _Choices) -> _Result:
    sents = sentences(text)
    ops: list[_Op] = []
    busy: set[int] = set()  # sentence indices already used by an op
    chosen = [op for op, p in (("drop", 0.5), ("swap", 0.4), ("words", 0.6), ("intro", 0.35),
                               ("outro", 0.35)) if rng.random() < p] or ["words"]
    if "drop" in chosen and len(sents) >= 4:
        for k in rng.sample(range(len(sents)), rng.choice((1, 2))):
            if not busy & {k - 1, k, k + 1}:  # neighbours' separators may be consumed
                s, e = _drop_span(text, sents, k)
                ops.append((s, e, [_Piece(s, e, "", "sentence_dropped")]))
                busy.add(k)
    if "swap" in chosen:
        pairs = [k for k in range(len(sents) - 1) if not busy & {k - 1, k, k + 1, k + 2}
                 and "\n" not in text[sents[k][1] : sents[k + 1][0]]]
        if pairs:
            k = rng.choice(pairs)
            (a0, a1), (b0, b1) = sents[k], sents[k + 1]
            ops.append((a0, b1, [_Piece(b0, b1, text[b0:b1], "sentences_swapped"),
                                 _Piece(a1, b0, text[a1:b0]),
                                 _Piece(a0, a1, text[a0:a1], "sentences_swapped")]))
            busy |= {k, k + 1}
    if "words" in chosen:
        # Not a sentence's first word (its capital would be left dangling), and one followed
        # by a space, so deleting "word " leaves clean text.
        words = [m for k, (s, e) in enumerate(sents) if k not in busy
                 for m in list(_WORD.finditer(text, s, e))[1:]
                 if len(m.group()) >= 3 and _eligible_word(text, m)
                 and text[m.end() : m.end() + 1] == " "]
        picked = rng.sample(words, min(len(words), rng.randint(1, 4)))
        for m in sorted(picked, key=lambda m: m.start()):
            low = m.group().lower()
            cands = ch.word(low)[0] if ch.word(low)[1] is None else ()
            s, e = m.span()
            if cands and rng.random() < 0.6:
                new = _match_case(m.group(), cands[0], every_word=False)
                ops.append((s, e, [_Piece(s, e, new, "word_changed")]))
            else:
                ops.append((s, e + 1, [_Piece(s, e + 1, "", "word_deleted")]))
    if not ops:  # what was drawn did not fit this text (too few sentences): say who we are
        chosen.append("intro")
    if "intro" in chosen:
        ops.append((0, 0, [_Piece(0, 0, _fill(rng.choice(_INTROS), rng) + "\n\n", "intro_added")]))
    if "outro" in chosen:
        n = len(text)
        ops.append((n, n, [_Piece(n, n, "\n\n" + _fill(rng.choice(_OUTROS), rng), "outro_added")]))
    return ops, {"operations": ",".join(chosen)}


def _excerpt(text: str, rng: random.Random) -> tuple[str, dict[str, float | int | str]]:
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


def _spam(text: str, rng: random.Random, ch: _Choices, spin_rate: float,
          tortured: TorturedPhrases | None, pick: str) -> _Result:
    light = rng.random() < 0.5
    ops: list[_Op] = []
    params: dict[str, float | int | str] = {"base": "verbatim"}
    if light:  # a light spin, as on the seed page; a third of the rate asked for spinning
        ops, params = _spin_ops(text, rng, ch, round(spin_rate / 3, 4), tortured, pick, 1.0)
        params["base"] = "light_spin"
    paras = paragraphs(text)
    ends = [e for _, e in (paras if len(paras) >= 3 else sentences(text))] or [len(text)]
    keyword = _fill(rng.choice(_KEYWORDS), rng)
    n_kw = min(len(ends), rng.randint(2, 5))  # "several" paragraph ends, as on the seed page
    kw_at = sorted(rng.sample(ends, n_kw))
    for p in kw_at:
        stuffed = _Piece(p, p, keyword + ".", injected="keyword_stuffing")
        ops.append((p, p, [_Piece(p, p, " "), stuffed]))
    p = rng.choice([e for e in ends if e not in kw_at] or ends)
    glue = "" if rng.random() < 0.3 else " "  # the seed glues filler straight to the sentence
    lorem = " ".join(rng.sample(_LOREM, rng.randint(1, 2)))
    ops.append((p, p, [_Piece(p, p, glue), _Piece(p, p, lorem, injected="filler")]))
    for p in sorted(rng.sample(ends, min(len(ends), rng.randint(1, 2)))):
        spam = _fill(rng.choice(_LINK_SPAM), rng)
        ops.append((p, p, [_Piece(p, p, "\n\n"), _Piece(p, p, spam, injected="link_spam")]))
    params.update({"keyword": keyword, "keyword_repeats": n_kw})
    return ops, params


def generate_copies(
    source_id: str,
    text: str,
    kinds: Sequence[str],
    rng_seed: int,
    thesaurus: Thesaurus,
    spin_rate: float = 0.3,
    *,
    tortured: TorturedPhrases | Sequence[tuple[str, str]] = (),
    pick: Literal["random", "first"] = "random",
    tortured_rate: float = 1.0,
) -> list[SynthCopy]:
    """One labelled copy of ``text`` per entry of ``kinds`` (repeats allowed).

    The same arguments give the same copies on every run: each copy has its own generator
    seeded from (rng_seed, source_id, kind, position). ``spin_rate`` is the share of eligible
    words (those the thesaurus can replace) a spun copy replaces; ``pick`` is how the spinner
    chooses among synonyms; ``tortured`` are (tortured, expected) pairs applied in reverse,
    multi-word ones with probability ``tortured_rate``.
    """
    return generate_dataset([(source_id, text)], kinds, rng_seed, thesaurus, spin_rate,
                            tortured=tortured, pick=pick, tortured_rate=tortured_rate)


def generate_dataset(
    sources: Iterable[tuple[str, str]],
    kinds: Sequence[str],
    rng_seed: int,
    thesaurus: Thesaurus,
    spin_rate: float = 0.3,
    *,
    tortured: TorturedPhrases | Sequence[tuple[str, str]] = (),
    pick: Literal["random", "first"] = "random",
    tortured_rate: float = 1.0,
) -> list[SynthCopy]:
    """Copies of every (id, text) source, in source order then ``kinds`` order; the same as
    calling :func:`generate_copies` on each, sharing the lookups."""
    choices, index = _Choices(thesaurus), _index(tortured)
    out: list[SynthCopy] = []
    for source_id, text in sources:
        out.extend(_generate(source_id, text, kinds, rng_seed, choices, spin_rate, index, pick,
                             tortured_rate))
    return out


def _index(tortured: TorturedPhrases | Sequence[tuple[str, str]]) -> TorturedPhrases | None:
    if isinstance(tortured, TorturedPhrases):
        return tortured
    return TorturedPhrases(tortured) if tortured else None


def _generate(
    source_id: str, text: str, kinds: Sequence[str], rng_seed: int, ch: _Choices,
    spin_rate: float, index: TorturedPhrases | None, pick: str, tortured_rate: float,
) -> list[SynthCopy]:
    if not 0.0 <= spin_rate <= 1.0:
        raise ValueError(f"spin_rate must be in [0, 1], got {spin_rate}")
    if pick not in ("random", "first"):
        raise ValueError(f"pick must be 'random' or 'first', got {pick!r}")
    copies = []
    for i, kind in enumerate(kinds):
        # A str seed is hashed with SHA-512 by random.Random: stable across runs and hosts.
        rng = random.Random(f"{SYNTH_VERSION}:{rng_seed}:{source_id}:{kind}:{i}")
        ops: list[_Op] = []
        smap: list[SentenceMap] = []
        out = text
        if kind == "verbatim":
            out, params = _verbatim(text, rng)
        elif kind == "excerpt":
            out, params = _excerpt(text, rng)
        elif kind == "near_verbatim":
            ops, params = _near_verbatim(text, rng, ch)
        elif kind == "spun":
            ops, params = _spin_ops(text, rng, ch, spin_rate, index, pick, tortured_rate)
        elif kind == "spam":
            ops, params = _spam(text, rng, ch, spin_rate, index, pick)
        elif kind in SENTENCE_MAPPED_KINDS:
            from unspun.devdata import (
                rewrite as synth_rewrite,  # imports this module: load it on first use
            )

            make = synth_rewrite.summarise if kind == "summary" else synth_rewrite.paraphrase
            out, params, smap = make(text, rng, ch)
        else:
            raise ValueError(f"unknown copy kind {kind!r}; expected one of {', '.join(KINDS)}")
        edits: list[SynthEdit] = []
        injected: list[InjectedSpan] = []
        if ops:
            out, edits, injected = _assemble(text, ops)
        params["seed"] = rng_seed
        copies.append(SynthCopy(
            id=f"{source_id}/{kind}/{i}", source_id=source_id, kind=cast(CopyKind, kind),
            text=out, params=tuple(sorted(params.items())), edits=tuple(edits),
            injected=tuple(injected), sentence_map=tuple(smap),
        ))
    return copies
