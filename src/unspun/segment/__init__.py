"""Cut extracted text into paragraphs, sentences, tokens and anchors, with offsets.

Anchors are what spinners and paraphrasers rarely touch (DSpin's "immutables"): numbers,
money, percentages, dates, capitalised name sequences, acronyms and quoted strings. On the
seed copies 85-97% of the original's anchors survive while only ~10% of word 5-shingles do,
which is why anchors drive retrieval (see ``anchor_terms``).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import compress, repeat
from operator import not_
from re import Match
from typing import Any, TypeVar

from unspun.records import Anchor, Outline, Segmented, Sentence, Span, Token
from unspun.segment.terms import NAME_CONNECTORS
from unspun.segment.terms import anchor_terms as anchor_terms  # re-exported: part of this stage
from unspun.segment.tokens import norms as norms  # re-exported: part of this stage
from unspun.segment.tokens import regex_token_norms, token_norms, token_words, words

_R = TypeVar("_R")

# Common abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt gen col lt sgt capt gov sen rep rev hon pres supt
    inc ltd co corp dept univ jan feb mar apr jun jul aug sep sept oct nov dec no vs etc
    approx est fig al e.g i.e u.s u.k u.n ph.d a.m p.m""".split()
)
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
# "[.!?…][.!?…]*", not "[.!?…]+": a pattern that starts with a character set lets the
# regex engine skip to the next candidate in its own C loop (less than half the cost).
_SENTENCE_BREAK = re.compile(r"[.!?…][.!?…]*[\"”’')\]]*(?=(\s+)[\"“‘'(\[]?[A-Z0-9À-Ý])")
# Everything up to the last character that is neither a word character nor a dot: the
# greedy ".*" reaches the end in one step and backs off over the word before it alone.
_BEFORE_WORD = re.compile(r"(?s:.*)[^\w.]")

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how i
    if in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you
    your yours yourself yourselves said says say told one two three new
    s t don didn doesn isn wasn weren won wouldn couldn shouldn can't it's""".split()
)

_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH_RE = (
    "|".join(m.capitalize() for m in _MONTHS) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9,
          "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}
_CURRENCY_WORDS = (
    r"yuan|dollars?|euros?|pounds?|rupees?|yen|francs?|pesos?|won|rubles?|reais|usd|eur|gbp"
)
_NUM = r"\d+(?:[.,]\d+)*"
_SCALE_RE = r"(?:\s?(?i:thousand|million|billion|trillion|bn|mn|tn|[mkb])\b)?"
_NUM_TAIL = r"\d*(?:[.,]\d+)*"  # _NUM after its first digit
_DATE_TAIL = r"\.?(?:\s\d{1,2}(?:st|nd|rd|th)?,?)?(?:\s(?:1[89]|20)\d\d)?"
# Each month name after its capital, behind a lookbehind for that capital; names sharing a
# capital keep their order in _MONTH_RE ("June" before "Jun").
_MONTH_INITIALS: dict[str, list[str]] = {}
for _month in _MONTH_RE.split("|"):
    _MONTH_INITIALS.setdefault(_month[0], []).append(_month[1:])
_MONTH_TAIL_RE = "|".join(
    rf"(?<={c})(?:{'|'.join(tails)})" for c, tails in _MONTH_INITIALS.items())
_ANCHOR = re.compile(
    # Starts by consuming one character of a set, so that the regex engine skips the many
    # positions that cannot start an anchor (lower-case letters, spaces) in its own C loop
    # instead of trying a match at each; the alternatives then branch once on that first
    # character (lookbehinds) instead of each trying it. Same matches, in the same order of
    # preference, as anchors written each from its first character; the alternatives a
    # first character can start keep their order: money, percent, date, number, quote,
    # acronym. Half the instructions of a leading lookahead, which was itself nine times
    # faster than no guard. "money_n" and "date_n" are money and dates that start with a
    # digit (a group name cannot repeat).
    r"[$€£¥₹\d“\"A-Z]"
    rf"(?:(?<=[$€£¥₹])(?P<money>\s?{_NUM}{_SCALE_RE})"
    rf"|(?<=\d)(?:(?P<money_n>{_NUM_TAIL}{_SCALE_RE}\s?(?i:{_CURRENCY_WORDS})\b)"
    rf"|(?P<percent>{_NUM_TAIL}\s?(?:%|(?i:per\s?cent|percent)\b))"
    rf"|(?P<date_n>\d?\s(?:{_MONTH_RE}){_DATE_TAIL}\b|(?<=\b1)[89]\d\d\b|(?<=\b2)0\d\d\b)"
    rf"|(?P<number>(?<=\b\d){_NUM_TAIL}{_SCALE_RE}))"
    r"|(?<=[“\"])(?P<quote>(?P<qbody>[^“”\"\n]{3,200})[”\"])"
    rf"|(?<=[A-Z])(?:(?P<date>(?:{_MONTH_TAIL_RE}){_DATE_TAIL}\b)"
    r"|(?P<acronym>(?<=\b[A-Z])\.(?:[A-Z]\.)+|(?<=\b[A-Z])[A-Z0-9&]{1,9}s?\b)))",
)
_ANCHOR_KIND = {"money_n": "money", "date_n": "date", "qbody": "quote"}
_NUM_RE = re.compile(_NUM)
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_SCALE_WORD = re.compile(r"(thousand|million|billion|trillion|bn|mn|tn|[mkb])\b")
_DATE_PART = re.compile(r"[A-Za-z]+|\d+")
# Case-sensitive on purpose: months and acronyms must be capitalised, and a case-blind
# acronym pattern would match every short word.
_CAP_WORD = re.compile(r"[A-ZÀ-Ý][^\W_]*(?:['’\-][^\W_]+)*")
# A run of capitalised words, each one joined to the next by one space or by a connector
# between spaces: the sequences a scan of ``_CAP_WORD`` matches would group, found by the
# regex engine instead of a Python loop over every capitalised word.
_NAME_SEQUENCE = re.compile(
    rf"{_CAP_WORD.pattern}(?:(?: | \s*(?:{'|'.join(sorted(NAME_CONNECTORS))})\s* )"
    rf"{_CAP_WORD.pattern})*"
)


def _records(cls: type[_R], rows: list[tuple[Any, ...]]) -> list[_R]:
    """``[cls(*row) for row in rows]`` for a named tuple (``Span``, ``Sentence``, ``Anchor``):
    the same records, made by a C-level map of ``tuple.__new__`` (what ``cls._make`` calls)
    rather than a Python call per row."""
    made: list[_R] = list(map(tuple.__new__, repeat(cls), rows))  # type: ignore[arg-type]
    return made


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word and number tokens of ``text[start:end]``, offsets into ``text``: found by numpy
    (``tokens.token_norms``), or by the regex where the part holds one of ``_LOWER_VARIES``."""
    found = token_norms(text, start, end)
    if found is None:
        found = regex_token_norms(text, start, end)
    # Built by a C-level map of tuple.__new__ (what Token._make calls), not a Python call
    # per token: a text has thousands.
    return list(map(tuple.__new__, repeat(Token), zip(*found, strict=True)))


def paragraphs(text: str) -> list[Span]:
    """Each non-blank line is a paragraph: extraction and plain text both end blocks with
    a newline, and one-line-per-paragraph pages (like the seeds) have no blank lines."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return _records(Span, spans)


def _word_before(text: str, start: int, end: int) -> str:
    """The run of word characters and dots that ends at ``end`` (none before ``start``;
    ``text[start:end]`` holds no newline)."""
    # Not a search for "[\w.]+$": that tries every position before the word, and at each
    # backs off one character at a time (5 us a call, a fifth of segmenting a text).
    before = _BEFORE_WORD.match(text, start, end)
    return text[before.end() if before else start : end]


def _is_abbreviation(text: str, start: int, end: int) -> bool:
    """Whether the period at ``end`` follows an abbreviation (the sentence began at ``start``)."""
    prev = _word_before(text, start, end).lower()
    # "U.S. officials" or "Mr. Smith": an abbreviation, not an end; a lone capital ("John F.
    # Kennedy") and an initialism ("J.D. Power", "D.C. Council") likewise, at the price of
    # not splitting after one that does end a sentence.
    return (prev in _ABBREVIATIONS or (len(prev) == 1 and prev.isalpha())
            or _INITIALISM.fullmatch(prev) is not None)


def sentences(text: str, paras: list[Span] | None = None) -> list[Sentence]:
    """The sentences of each paragraph; ``paras`` are ``paragraphs(text)`` (or some of them,
    in order), passed when already made."""
    paras = paragraphs(text) if paras is None else paras
    found = []
    # A sentence end that the next sentence's start follows (the lookahead's group is the
    # whitespace between them). One scan of the whole text, not one per paragraph (seventy
    # calls a text): a break's own characters are never blank, so each lies inside one
    # paragraph, and the scan of that paragraph alone would find it exactly when the
    # whitespace after it stays inside the paragraph. A break at a paragraph's end is found
    # here only by looking past that end, into the next paragraph, and is dropped; the scan
    # then goes on from the paragraph's end, where the paragraph's own scan stops too.
    breaks = _SENTENCE_BREAK.finditer(text)
    m = next(breaks, None)
    for i, p in enumerate(paras):
        start, end = p.start, p.end
        while m is not None and m.start() < end:
            at = m.start()
            after = m.end(1)
            if (after < end and at >= p.start
                    and (text[at] != "." or not _is_abbreviation(text, start, at))):
                found.append((start, m.end(), i))
                start = after
            m = next(breaks, None)
        if start < end:
            found.append((start, end, i))
    return _records(Sentence, found)


@lru_cache(maxsize=1 << 14)
def _number_key(raw: str) -> str:
    """"$2.1 million" -> "2100000"; "420,000" -> "420000"; "1.5" -> "1.5"."""
    m = _NUM_RE.search(raw)
    if not m:
        return raw.lower()
    digits = m.group()
    # A comma followed by exactly three digits groups thousands; otherwise it is a decimal.
    digits = digits.replace(",", "" if _THOUSANDS.fullmatch(digits) else ".")
    try:
        value = float(digits)
    except ValueError:
        return digits
    scale = _SCALE_WORD.search(raw[m.end() :].lower())
    if scale:
        value *= _SCALE[scale.group(1)]
    return f"{value:.6g}" if value < 1e6 else str(int(round(value)))


@lru_cache(maxsize=1 << 14)
def _date_key(raw: str) -> str:
    parts = []
    for w in _DATE_PART.findall(raw):
        lw = w.lower()
        month = next((m for m in _MONTHS if lw[:3] == m[:3] and len(lw) >= 3), None)
        if month:
            parts.append(month)
        elif len(w) == 4 and w.isdigit():
            parts.append(w)
        elif w.isdigit():
            parts.append(str(int(w)))
    return " ".join(parts)


@lru_cache(maxsize=1 << 16)
def _anchor_key(group: str | None, raw: str) -> tuple[str, str] | None:
    """The kind and key of an ``_ANCHOR`` match whose last group is ``group`` and whose text is
    ``raw``; None where the match is no anchor."""
    kind = _ANCHOR_KIND.get(group or "", group or "")
    if kind == "quote":
        key = " ".join(words(raw[1:-1]))  # the body, between the quote marks
        if not key or len(key.split()) > 12:
            return None
    elif kind in ("money", "number"):
        key = _number_key(raw)
    elif kind == "percent":
        key = _number_key(raw) + "%"
    elif kind == "date":
        key = _date_key(raw)
        if not key or (raw[:3].lower() == "may" and not any(c.isdigit() for c in raw)):
            return None  # "may" alone is a verb far more often than a month
    elif kind == "acronym":
        if not (raw.isupper() or raw.endswith("s") and raw[:-1].isupper()):
            return None  # matched case-insensitively; an acronym must be written in capitals
        key = raw.replace(".", "")
        if len(key) > 2 and key.endswith("s") and key[:-1].isupper():
            key = key[:-1]  # "CEOs" -> "CEO"
        key = key.lower()
    else:
        return None
    return kind, key


def _is_word_char(c: str) -> bool:
    """``\\w`` of a ``str`` pattern, for one character."""
    return c.isalnum() or c == "_"


def _lower_word_in(text: str, w: str) -> bool:
    """Whether ``w`` is among ``re.findall(r"\\b[a-z]+\\b", text)``: written in lower case
    somewhere as a whole word. Found with ``str.find`` (a few words per text are asked
    about; listing every lower-case word of the text took a fifth of finding anchors)."""
    if not (w.isascii() and w.isalpha() and w.islower()):
        return False
    n = len(w)
    i = text.find(w)
    while i >= 0:
        if (i == 0 or not _is_word_char(text[i - 1])) and (
            i + n == len(text) or not _is_word_char(text[i + n])
        ):
            return True
        i = text.find(w, i + 1)
    return False


def _strip_possessive(w: str) -> str:
    """``"marro's"`` -> ``"marro"``, ``"james'"`` -> ``"james"``."""
    if w.endswith(("'s", "’s")):
        return w[:-2]
    if w.endswith(("'", "’")):
        return w[:-1]
    return w


def _names(text: str, sents: list[Sentence]) -> list[tuple[int, int, str]]:
    """Capitalised word sequences, as (start, end, key). A sentence-initial capital counts
    only if the sequence has more than one word or the same word is capitalised elsewhere
    mid-sentence."""
    starts = {s.start for s in sents}
    # Opening quotes or brackets before the first word still make it sentence-initial.
    starts |= {s + 1 for s in starts}
    seqs = list(_NAME_SEQUENCE.finditer(text))
    # Offsets and words read by C-level maps once: a text has a hundred or more sequences.
    # The words are listed only for the quarter of them that have several.
    q_start = list(map(Match.start, seqs))
    q_end = list(map(Match.end, seqs))
    groups = list(map(Match.group, seqs))
    q_words = [_CAP_WORD.findall(g) if " " in g else None for g in groups]
    initial = list(map(starts.__contains__, q_start))
    # Only the first word of a sequence can start a sentence (a later one follows a space,
    # a sentence start never does), so every other word is mid-sentence. (The set also gets
    # the whole text of sequences of several words: it is asked only about single words,
    # which never equal one, as they hold no space.)
    mid_sentence = set(compress(groups, map(not_, initial)))
    for ws, first in zip(q_words, initial, strict=True):
        if ws is not None:
            mid_sentence.update(ws[1:] if first else ws)
    # Words also written in lower case somewhere are ordinary words when sentence-initial.
    lower_seen: dict[str, bool] = {}
    found = []
    for start, end, g, ws, first in zip(q_start, q_end, groups, q_words, initial, strict=True):
        if ws is None:  # one word, the common case
            key = g.lower()
            if first and (key in STOPWORDS or g not in mid_sentence):
                continue
            if g.isupper() and len(g) > 1:
                continue  # acronyms are their own kind
        else:
            if first:
                low = ws[0].lower()
                several = len(ws) > 1
                if several and low not in STOPWORDS and low not in lower_seen:
                    lower_seen[low] = _lower_word_in(text, low)
                if low in STOPWORDS or (several and lower_seen[low]):
                    # "The Ministry of ..." -> drop the article, keep the rest.
                    if not several:
                        continue
                    second = _CAP_WORD.search(text, start + len(ws[0]))
                    assert second is not None
                    start = second.start()
                    ws = ws[1:]
                elif not several and ws[0] not in mid_sentence:
                    continue
            if len(ws) == 1:
                w = ws[0]
                if w.isupper() and len(w) > 1:
                    continue
                key = w.lower()
            else:
                if all(w.isupper() and len(w) > 1 for w in ws):
                    continue
                key = " ".join(ws).lower()
        if "'" in key or "’" in key:
            key = " ".join(map(_strip_possessive, key.split(" ")))
        if key in STOPWORDS or len(key) < 2:
            continue
        found.append((start, end, key))
    return found


def anchors(text: str, sents: list[Sentence] | None = None) -> list[Anchor]:
    sents = sentences(text) if sents is None else sents
    # Gathered as (start, end, kind, key) and made Anchors at the end, all at once. A match's
    # kind and key depend on its group and text alone, and a text repeats its numbers, dates
    # and acronyms (as do texts of one crawl), so they are looked up in a cache.
    found: list[tuple[int, int, str, str]] = []
    for m in _ANCHOR.finditer(text):
        made = _anchor_key(m.lastgroup, m.group())
        if made is not None:
            found.append((m.start(), m.end(), *made))
    # Anchors come out of the regex in text order and never overlap, so one bisect finds
    # whether a name starts inside one of them.
    starts = [a[0] for a in found]
    ends = [a[1] for a in found]
    for start, end, key in _names(text, sents):
        k = bisect.bisect_right(starts, start) - 1
        if k < 0 or start >= ends[k]:
            found.append((start, end, "name", key))
    # No two start at the same offset (anchors never overlap, and a name starting inside one
    # is dropped), so the tuples sort by their starts alone, without a key per tuple.
    found.sort()
    return _records(Anchor, found)


def segment(text: str) -> Segmented:
    paras = paragraphs(text)
    sents = sentences(text, paras)
    return Segmented(
        text=text,
        paragraphs=tuple(paras),
        sentences=tuple(sents),
        tokens=tuple(tokenize(text)),
        anchors=tuple(anchors(text, sents)),
    )


def outline(text: str) -> Outline:
    """``segment`` without token offsets: what fingerprints and the index store need (the
    same paragraphs, sentences and anchors; ``words`` are the tokens' ``norm``)."""
    paras = paragraphs(text)
    sents = sentences(text, paras)
    return Outline(
        text=text,
        paragraphs=tuple(paras),
        sentences=tuple(sents),
        words=token_words(text),
        anchors=tuple(anchors(text, sents)),
    )
