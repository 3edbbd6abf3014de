"""Text units of a copy as the injected-content detectors see them.

Input: a text (and spans of it). Output: its sentence spans (split whatever the case after a
full stop, so a stuffed lower-case keyword is a unit of its own), word tokens, the topic words
of a unit, and ``Article``: the text without the suspected units, which says how much of a
unit's topic the rest of the article shares. ``unspun.explain.spam`` judges the units.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from unspun.lexicon.stem import stem
from unspun.segment import STOPWORDS

# A word: letters and digits, inner apostrophes kept ("don't", "O’Neill").
TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# A sentence ends at [.!?…] (and closing quotes) before whitespace, whatever case follows:
# stuffed keywords start in lower case, which a conventional splitter would glue on.
_SENT_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s)")
_DIGIT = re.compile(r"\d").search
_ABBREV = frozenset("""mr mrs ms dr prof sr jr st mt gen col lt sgt capt gov sen rep rev hon
pres inc ltd co corp dept univ jan feb mar apr jun jul aug sep sept oct nov dec no vs etc
approx est fig al tsp tbsp oz lb lbs pt qt gal ft sq min hr hrs sec pp vol ch""".split())

# What a spam line sells with. Articles about business use these too, so a detector never
# rests on one of them alone; they say nothing about what a unit is about.
COMMERCIAL = frozenset("""
best top cheap cheapest affordable buy sale discount discounts deal deals offer offers order
price prices wholesale shipping guaranteed guarantee services service consultant consultants
agency agencies agent agents shop store online coaching classes course courses rental
rentals repair repairs hire booking seo marketing loan loans casino betting replica pharmacy
pills followers essays escort escorts leads backlinks promo coupon subscription
subscriptions premium luxury
""".split())
# Words that say nothing about what a unit is about: calls to action and generic web words.
_NOT_TOPIC = frozenset(stem(w) for w in """
get visit call contact click order buy shop book today now free more information details info
result results online website site web link page email mail whatsapp please available
quality need want look looking find us our just also here
""".split()) | frozenset(stem(w) for w in COMMERCIAL)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans inside each line, trimmed; see ``_SENT_END`` for why case is ignored."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for m in _SENT_END.finditer(text, line.start(), line.end()):
            if m.group().startswith(".") and _abbreviation(text, start, m.start()):
                continue
            spans.append((start, m.end()))
            start = m.end()
        spans.append((start, line.end()))
    out = []
    for s, e in spans:
        seg = text[s:e]
        if seg.strip():
            out.append((s + len(seg) - len(seg.lstrip()), s + len(seg.rstrip())))
    return out


def _abbreviation(text: str, start: int, dot: int) -> bool:
    """Does the period at ``dot`` close an abbreviation ("U.S.", "Mr.", "J.")?"""
    m = re.search(r"([\w.]+)$", text[max(start, dot - 40) : dot])
    prev = m.group(1).lower() if m else ""
    # "U.S.", "e.g.", "Ph.D." are abbreviations; "www.usef.org." ends a sentence.
    return prev in _ABBREV or len(prev) == 1 or bool(re.fullmatch(r"(?:[a-z]{1,2}\.)+[a-z]{1,2}",
                                                                  prev))


def normalise(text: str) -> str:
    """The words of a unit in lower case, one space apart (what repeats and source checks
    compare)."""
    return " ".join(t.lower() for t in TOKEN.findall(text))


class Stems(dict[str, str]):
    """Word -> stem, memoised for one call of ``spam.find_injected`` (the topic tests stem the
    same few hundred words over and over)."""

    def __missing__(self, word: str) -> str:
        self[word] = stem(word)
        return self[word]


def _content(words: Sequence[str], stems: Stems) -> set[str]:
    # Letters required, digits allowed: "my6sense" and "9to5mac" are names, "2019" is not.
    return {stems[w] for w in (x.lower() for x in words)
            if len(w) >= 3 and not w.isdigit() and w not in STOPWORDS}


def topic_words(words: Sequence[str], stems: Stems) -> set[str]:
    """Content words that say what a unit is about (sales and web words left out: any advert
    shares those with any business article)."""
    return {w for w in _content(words, stems) if w not in _NOT_TOPIC}


def overlaps(s: int, e: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Does ``[s, e)`` overlap any of ``spans``?"""
    return any(a < e and s < b for a, b in spans)


def mostly_inside(
    spans: Sequence[tuple[int, int]], regions: Sequence[tuple[int, int]]
) -> list[bool]:
    """For each span: is at least half of it covered by ``regions`` (overlaps summed)?
    Vectorised: a long copy has hundreds of sentences and aligned spans."""
    import numpy as np

    if not spans:
        return []
    if not regions:
        return [False] * len(spans)
    reg = np.asarray(regions, dtype=np.int64)
    sp = np.asarray(spans, dtype=np.int64)
    lo = np.maximum(sp[:, :1], reg[None, :, 0])
    hi = np.minimum(sp[:, 1:], reg[None, :, 1])
    covered = np.clip(hi - lo, 0, None).sum(axis=1)
    return list(covered * 2 >= np.maximum(sp[:, 1] - sp[:, 0], 1))


def with_end_punct(text: str, end: int) -> int:
    """``end`` moved past the sentence-ending punctuation that follows it, if any."""
    m = re.match(r"[.!?…]+", text[end:])
    return end + m.end() if m else end


@dataclass(slots=True)
class Article:
    """The copy without what is already suspected, as the topic tests see it."""

    stemmer: Stems
    stems: Counter[str]
    words: frozenset[str]
    joined: frozenset[str]
    """Adjacent word pairs written together: "Dear Abby" -> "dearabby", for domain names."""
    names: frozenset[str]
    """Distinctive words, four letters or more: capitalised and never written in lower case
    (proper names), or letters and digits mixed ("my6sense")."""

    @classmethod
    def of(cls, text: str, suspects: Sequence[tuple[int, int]], stemmer: Stems) -> Article:
        parts, pos = [], 0
        for s, e in sorted(suspects):
            if s > pos:
                parts.append(text[pos:s])
            pos = max(pos, e)
        parts.append(text[pos:])
        toks = TOKEN.findall("\n".join(parts))
        low = [t.lower() for t in toks]
        lower_forms = {t for t in toks if t[:1].islower()}
        stems: Counter[str] = Counter()
        for w, n in Counter(low).items():  # stem each distinct word once
            stems[stemmer[w]] += n
        return cls(
            stemmer=stemmer,
            stems=stems,
            words=frozenset(low),
            joined=frozenset(a + b for a, b in zip(low, low[1:], strict=False)),
            # each distinct token tested once: a long page repeats most of its words
            names=frozenset(
                t.lower() for t in set(toks) if len(t) >= 4 and (
                    (t[:1].isupper() and t.lower() not in lower_forms)
                    or (_DIGIT(t) is not None and not t.isdigit())
                )
            ),
        )

    def overlap(self, words: Sequence[str], own: bool) -> float:
        """Share of a unit's topic words the article uses (0.0 for a unit with none, such as
        "Call +44 ... now!"); with ``own`` the unit is part of the article and its own
        occurrences do not count."""
        topic = topic_words(words, self.stemmer)
        if not topic:
            return 0.0
        mine = Counter(self.stemmer[w.lower()] for w in words) if own else Counter[str]()
        return sum(self.stems[c] > mine[c] for c in topic) / len(topic)

    def knows(self, name: str) -> bool:
        """Is a link's name the article's own: a word of it ("my6sense"), two adjacent words
        ("Dear Abby" -> "dearabby"), or one of its names making up most of it or followed by
        one of its words ("my6senseevents"; "Ovolo" and "hotels" -> "ovolohotels")?"""
        name = name.replace("-", "")
        if len(name) < 3:
            return False
        if name in self.words or name in self.joined:
            return True
        return any(name.startswith(n) and (2 * len(n) >= len(name) or name[len(n):] in self.words)
                   for n in self.names)
