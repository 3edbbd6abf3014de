"""Rule-based summaries and paraphrases for :mod:`unspun.devdata` (kinds ``summary`` and
``paraphrase``): a source text -> the copy text, its params and its :class:`SentenceMap`.

No document-level paraphrase or summary corpus is at hand, so these copies are made by rules:
a summary keeps 30-50% of the source's sentences (the lead, then the sentences richest in
names and numbers), compresses some and lightly rewords them; a paraphrase keeps every
sentence in order and restructures it with MSRP-like transforms (a fronted phrase moved, an
attribution turned round, a long sentence split, two short ones merged, modifiers dropped,
synonyms). Names, numbers and dates are never touched. Word-level offsets stop being
practical once clauses move, so these kinds record a sentence map instead of edits: each copy
sentence says which source sentences it came from and which transforms made it.

This is not what a fluent human or LLM rewrite looks like (see ``docs/dev-data.md``); seed
``001`` is the only real fluent paraphrase in reach.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable

from unspun.devdata.labels import SentenceMap
from unspun.devdata.spin import Choices, find_slots
from unspun.devdata.text import WORD, inflect, match_case, sentences

_Params = dict[str, float | int | str]
# A copy sentence before assembly: text, source sentence indices, transforms applied.
_Unit = tuple[str, tuple[int, ...], list[str]]

SUMMARY_SHARE = (0.3, 0.5)
"""Share of the source's sentences a summary keeps."""
SUMMARY_REWORD_RATE = 0.12
PARAPHRASE_SYNONYM_RATE = 0.6
"""Share of the lower-case words with a mutual thesaurus substitute that a paraphrase swaps
(names never): 0.6 brings word 5-shingle Jaccard to the source down to about 0.18, half of a
0.3 spin's, while the hand-written paraphrase in the demo corpus is at 0.02."""

# Salience: digits, money, percentages, and capitalised words that are not sentence-initial.
_ANCHORISH = re.compile(r"\d|[$€£%]|(?<=[\w,;:] )[A-Z][a-z]")
_QUOTES = re.compile(r"[\"“”]")
_TIME_WORDS = (
    r"\d{4}|January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|year|month|week"
    r"|weekend|morning|afternoon|evening|night|quarter|decade|summer|winter|spring|autumn|season"
)
_FRONTED = re.compile(
    r"(?P<p>(?:In|On|At|By|For|During|After|Before|Since|Until|Over|Within|Across|Despite"
    r"|Last|Earlier|Later|Following|Unlike|Like)\b[^,;:\"“”]{2,60}), (?P<rest>[^\"“”]{15,})"
)
_TRAILING_TIME = re.compile(
    r"(?P<rest>[^\"“”;]{20,}?) (?P<p>(?:in|on|during|by|since|until|last|next|earlier this"
    rf"|later this)(?: [\w,]+){{0,3}}? (?:{_TIME_WORDS})(?: \d{{4}})?)"
)
_SAID = r"(?:said|says|added|explained|noted)"
_QUOTE_FIRST = re.compile(
    rf"(?P<q>[“\"])(?P<y>[^”\"]{{10,}}?),(?P<qc>[”\"]) (?:{_SAID} (?P<x1>[^\"“”]{{2,80}})"
    rf"|(?P<x2>[^\"“”,]{{2,50}}?) {_SAID})"
)
_TAIL_ATTRIB = re.compile(
    rf"(?P<y>[^\"“”]{{20,}}), (?:{_SAID} (?P<x1>(?:[A-Z]|the |a |an )[^\"“”,]{{1,50}}"
    rf"(?:, [^\"“”]{{2,80}})?)|(?P<x2>[^\"“”,]{{2,50}}?) "
    rf"{_SAID})"
)
_HEAD_ATTRIB = re.compile(
    r"(?P<x>(?:[A-Z][\w'’.-]*|the|a|an|its|his|her|their)(?: [\w'’.-]+){0,5}?) "
    r"(?P<v>said|says) (?:that )?(?P<y>[^\"“”]{20,})"
)
_ACCORDING_HEAD = re.compile(r"According to (?P<x>[^,\"“”]{3,80}), (?P<y>[^\"“”]{15,})")
_ACCORDING_TAIL = re.compile(r"(?P<y>[^\"“”]{15,}), according to (?P<x>[^,\"“”]{3,80})")
_SUBJECT_START = frozenset(
    "the a an he she it they we i its his her their this these those there our".split())
_DROPPABLE = frozenset(
    "also very really just still already currently quickly largely mostly further even "
    "actually simply clearly widely quietly".split())
_KEEP_LY = frozenset(
    "only early family daily weekly monthly quarterly yearly likely unlikely nearly roughly "
    "approximately partly fully highly july italy supply apply reply rely ally holy friendly "
    "elderly assembly anomaly rally bully jelly lily fly only".split())
_TRAIL_CLAUSE = re.compile(
    r", (?:which|who|while|although|though|as|because|since|after|when|where|including|"
    r"with|amid|despite|even|adding|saying)\b[^;]*$")
_PAREN = re.compile(r" \([^()]{1,120}\)")
_ATTRIB_TAIL = re.compile(rf", (?:(?:he|she|they|it) {_SAID}|{_SAID} (?:he|she|they))$")


# -- small text helpers --------------------------------------------------------------------


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _decap(s: str, names: frozenset[str]) -> str:
    """Lower-case the first word so a clause can move inside a sentence, unless it is written
    with a capital inside some sentence of the source: a name ("China", "Reuters")."""
    m = WORD.match(s)
    if not m or m.group().isupper() and len(m.group()) > 1 or m.group() in names:
        return s
    return m.group().lower() + s[m.end():]


def _names(text: str) -> frozenset[str]:
    """Capitalised words found after another word of the same sentence."""
    return frozenset(re.findall(r"(?<=[\w,;:] )[A-Z][\w'’-]*", text))


def _n_words(s: str) -> int:
    return len(WORD.findall(s))


def _split_end(s: str) -> tuple[str, str] | None:
    """(body, ".") for a sentence that ends in a plain full stop; None otherwise."""
    if s.endswith(".") and not s.endswith(".."):
        return s[:-1], "."
    return None


def _has_anchor(s: str) -> bool:
    return bool(re.search(r"\d|[$€£%]|\b[A-Z]", s))


def _reword(s: str, rng: random.Random, ch: Choices, rate: float) -> tuple[str, int]:
    """Replace ``rate`` of the lower-case words and phrases that have a *mutual* thesaurus
    substitute: one whose own first eight substitutes list the word back. That filter keeps
    "costs" -> "prices" and drops most wrong-sense picks ("nurse" -> "harbor"), which a blind
    spinner makes and a paraphraser does not. Names, sentence starts, inflected forms and
    parts of hyphenated words ("72-hour") are left alone. Returns the text and the count."""
    usable: list[tuple[int, int, str]] = []
    for sl in find_slots(s, [], ch):
        if (not s[sl.start].islower() or s[sl.start - 1 : sl.start] == "-"
                or s[sl.end : sl.end + 1] == "-"):
            continue
        word = s[sl.start : sl.end].lower()
        base = word if sl.rule is None else next(
            (b for b in sorted(ch.th.base_forms(word)) if inflect(b, sl.rule) == word), word)
        mutual = [c for c in sl.candidates[:8] if base in ch.phrase(c)[:8]]
        if mutual:
            sub = rng.choice(mutual[:2])
            usable.append((sl.start, sl.end, inflect(sub, sl.rule) if sl.rule else sub))
    k = min(len(usable), round(rate * len(usable)))
    if k <= 0:
        return s, 0
    for j in sorted(rng.sample(range(len(usable)), k), reverse=True):
        start, end, sub = usable[j]
        s = s[:start] + match_case(s[start:end], sub, False) + s[end:]
    return s, k


def _separator(text: str, end: int, nxt: int | None) -> str:
    if nxt is None:
        return ""
    gap = text[end:nxt]
    return "\n\n" if "\n\n" in gap else "\n" if "\n" in gap else " "


def _assemble_units(units: list[tuple[_Unit, str]],
                    spans: list[tuple[int, int]]) -> tuple[str, list[SentenceMap]]:
    parts: list[str] = []
    maps: list[SentenceMap] = []
    pos = 0
    for (sent, idx, transforms), sep in units:
        maps.append(SentenceMap(pos, pos + len(sent), idx, tuple(spans[i] for i in idx),
                                tuple(transforms)))
        parts.append(sent + sep)
        pos += len(sent) + len(sep)
    return "".join(parts).rstrip(), maps


# -- summary -------------------------------------------------------------------------------


def _compress(s: str, rng: random.Random) -> tuple[str, list[str]]:
    """Drop anchor-free detail: a parenthetical, an attribution tail (", he said"), or a
    trailing subordinate clause; the sentence keeps at least five words."""
    done: list[str] = []

    def parenthetical(t: str) -> str | None:
        m = _PAREN.search(t)
        return t[: m.start()] + t[m.end():] if m and not _has_anchor(m.group()) else None

    def attribution(t: str) -> str | None:
        split = _split_end(t)
        m = _ATTRIB_TAIL.search(split[0]) if split else None
        return t[: m.start()] + "." if m and split else None

    def clause(t: str) -> str | None:
        split = _split_end(t)
        m = _TRAIL_CLAUSE.search(split[0]) if split else None
        if not m or _has_anchor(m.group()) or _QUOTES.search(t):
            return None
        return t[: m.start()] + "."

    ops: list[tuple[str, Callable[[str], str | None]]] = [
        ("parenthetical_dropped", parenthetical), ("attribution_dropped", attribution),
        ("clause_dropped", clause)]
    for name, op in rng.sample(ops, len(ops)):
        new = op(s)
        if new is not None and _n_words(new) >= 5:
            s = new
            done.append(name)
    return s, done


def summarise(text: str, rng: random.Random, ch: Choices) -> tuple[str, _Params,
                                                                    list[SentenceMap]]:
    """A lead-biased extractive summary of 30-50% of the sentences, compressed and lightly
    reworded, with a sentence map back to the source."""
    spans = sentences(text)
    n = len(spans)
    if n == 0:
        return text, {"source_sentences": 0, "kept_sentences": 0, "kept_share": 0.0,
                      "kept": ""}, []
    lo, hi = math.ceil(SUMMARY_SHARE[0] * n), math.floor(SUMMARY_SHARE[1] * n)
    k = rng.randint(lo, hi) if lo <= hi else max(1, round(0.4 * n))
    sents = [text[s:e] for s, e in spans]
    prose = [i for i, s in enumerate(sents) if _n_words(s) >= 6]
    n_lead = max(1, round(k * rng.uniform(0.4, 0.7)))
    kept = set(prose[:n_lead])
    # Then the sentences with the most names and numbers per word (length-normalised so a
    # long sentence does not win by size alone), earlier first on ties.
    rest = sorted((i for i in prose if i not in kept),
                  key=lambda i: (-len(_ANCHORISH.findall(sents[i])) / math.sqrt(
                      _n_words(sents[i])), i))
    for i in [*rest, *(i for i in range(n) if i not in prose)]:
        if len(kept) >= k:
            break
        kept.add(i)
    order = sorted(kept)

    names = _names(text)
    units: list[_Unit] = []
    reworded = 0
    for i in order:
        s, transforms = sents[i], list[str]()
        if rng.random() < 0.5:
            s, transforms = _compress(s, rng)
        s, r = _reword(s, rng, ch, SUMMARY_REWORD_RATE)
        if r:
            transforms.append("synonym")
            reworded += r
        units.append((s, (i,), transforms))
    # Merge a few pairs of short kept sentences: "A. B." -> "A, and b."
    merged: list[_Unit] = []
    for unit in units:
        prev = merged[-1] if merged else None
        if (prev is not None and len(prev[1]) == 1 and _split_end(prev[0]) and _split_end(unit[0])
                and _n_words(prev[0]) + _n_words(unit[0]) <= 40
                and not _QUOTES.search(prev[0] + unit[0]) and rng.random() < 0.35):
            body = prev[0][:-1]
            merged[-1] = (f"{body}, and {_decap(unit[0], names)}", prev[1] + unit[1],
                          [*prev[2], *unit[2], "merged"])
        else:
            merged.append(unit)
    # Paragraphs of two to four sentences; a line without end punctuation (a title) stands
    # alone.
    laid: list[tuple[_Unit, str]] = []
    in_para, para_len = 0, rng.randint(2, 4)
    for j, unit in enumerate(merged):
        last = j == len(merged) - 1
        titled = not re.search(r"[.!?\"”’)]$", unit[0])
        in_para += 1
        if last:
            sep = ""
        elif titled or in_para >= para_len:
            sep, in_para, para_len = "\n\n", 0, rng.randint(2, 4)
        else:
            sep = " "
        laid.append((unit, sep))
    out, maps = _assemble_units(laid, spans)
    params: _Params = {
        "source_sentences": n, "kept_sentences": len(order),
        "kept_share": round(len(order) / n, 4), "kept": ",".join(map(str, order)),
        "reword_rate": SUMMARY_REWORD_RATE, "replaced_words": reworded,
        "merged": sum("merged" in u[2] for u in merged),
    }
    return out, params, maps


# -- paraphrase ----------------------------------------------------------------------------


def _restructure(s: str, rng: random.Random, names: frozenset[str]
                 ) -> tuple[list[str], list[str]]:
    """One sentence -> one or two sentences and the transforms applied (at most one change
    of clause order, then perhaps a split)."""
    split = _split_end(s)
    if split is None:
        return [s], []
    body = split[0]
    done: list[str] = []

    def quote_first(b: str) -> str | None:  # “Y,” X said. -> X said: “Y.”
        m = _QUOTE_FIRST.fullmatch(b)
        if not m:
            return None
        x = m.group("x1") or m.group("x2")
        close = "”" if m.group("q") == "“" else '"'
        return f"{_cap(x)} said: {m.group('q')}{m.group('y')}{close}"

    def tail_attribution(b: str) -> str | None:  # Y, X said. -> X said that y.
        m = _TAIL_ATTRIB.fullmatch(b)
        if not m:
            return None
        x = m.group("x1") or m.group("x2")
        if "," in (m.group("x1") or ""):
            x = x + ","  # "Nick Marro, a China analyst at the EIU, said that ..."
        return f"{_cap(x)} said that {_decap(m.group('y'), names)}"

    def head_attribution(b: str) -> str | None:  # X said Y. -> Y, X said.
        m = _HEAD_ATTRIB.fullmatch(b)
        if not m or _n_words(m.group("x")) > 6:
            return None
        return f"{_cap(m.group('y'))}, {_decap(m.group('x'), names)} {m.group('v')}"

    def according_head(b: str) -> str | None:
        m = _ACCORDING_HEAD.fullmatch(b)
        return f"{_cap(m.group('y'))}, according to {m.group('x')}" if m else None

    def according_tail(b: str) -> str | None:
        m = _ACCORDING_TAIL.fullmatch(b)
        if not m:
            return None
        return f"According to {m.group('x')}, {_decap(m.group('y'), names)}"

    def fronted(b: str) -> str | None:  # In 2018, X did Y. -> X did Y in 2018.
        m = _FRONTED.fullmatch(b)
        if not m:
            return None
        return f"{_cap(m.group('rest'))} {_decap(m.group('p'), names)}"

    def trailing(b: str) -> str | None:  # X did Y in 2018. -> In 2018, x did Y.
        m = _TRAILING_TIME.fullmatch(b)
        if not m or "," in m.group("p"):
            return None
        return f"{_cap(m.group('p'))}, {_decap(m.group('rest'), names)}"

    candidates: list[tuple[str, Callable[[str], str | None]]] = [
        ("attribution_swapped", quote_first), ("attribution_swapped", tail_attribution),
                  ("attribution_swapped", head_attribution),
                  ("attribution_swapped", according_head),
                  ("attribution_swapped", according_tail),
                  ("phrase_moved", fronted), ("phrase_moved", trailing)]
    for name, op in candidates:
        new = op(body)
        if new is not None and rng.random() < 0.8:
            body = new
            done.append(name)
            break
    out = [body + "."]  # a quote moved to the end keeps the full stop outside: said: “Y”.
    # Split a long sentence at "; " or ", but" / ", and" before a new subject.
    if _n_words(body) >= 16 and not _QUOTES.search(body) and rng.random() < 0.7:
        for m in re.finditer(r"; |, (?=but )|, and (?=(?:[a-z]+ )?[a-z]+ )", body):
            a, b = body[: m.start()], body[m.end():]
            first = b.split(" ", 1)[0]
            if m.group() == ", and " and first not in _SUBJECT_START:
                continue
            if _n_words(a) >= 6 and _n_words(b) >= 6:
                out = [a + ".", _cap(b) + "."]
                done.append("split")
                break
    return out, done


def _drop_modifiers(s: str, rng: random.Random) -> tuple[str, int]:
    dropped = 0
    for m in reversed(list(re.finditer(r"(?<= )[a-z]+(?= )", s))):
        w = m.group()
        if ((w in _DROPPABLE or (w.endswith("ly") and len(w) >= 6 and w not in _KEEP_LY))
                and rng.random() < 0.6):
            s = s[: m.start() - 1] + s[m.end():]
            dropped += 1
    return s, dropped


def paraphrase(text: str, rng: random.Random, ch: Choices) -> tuple[str, _Params,
                                                                     list[SentenceMap]]:
    """Every sentence in order, restructured and reworded; names and numbers kept."""
    spans = sentences(text)
    sents = [text[s:e] for s, e in spans]
    names = _names(text)
    units: list[tuple[_Unit, str]] = []
    counts: dict[str, int] = {}
    i = 0
    while i < len(sents):
        s = sents[i]
        sep = _separator(text, spans[i][1], spans[i + 1][0] if i + 1 < len(spans) else None)
        pieces: list[str]
        idx: tuple[int, ...] = (i,)
        nxt = sents[i + 1] if i + 1 < len(sents) else None
        if (nxt is not None and sep == " " and _split_end(s) and _split_end(nxt)
                and _n_words(s) <= 16 and _n_words(nxt) <= 16
                and not _QUOTES.search(s + nxt) and rng.random() < 0.4):
            joiner = ", and " if rng.random() < 0.7 else "; "
            pieces, transforms = [f"{s[:-1]}{joiner}{_decap(nxt, names)}"], ["merged"]
            idx = (i, i + 1)
            sep = _separator(text, spans[i + 1][1],
                             spans[i + 2][0] if i + 2 < len(spans) else None)
        else:
            pieces, transforms = _restructure(s, rng, names)
        for t in transforms:
            counts[t] = counts.get(t, 0) + 1
        for j, piece in enumerate(pieces):
            extra = list(transforms)
            piece, d = _drop_modifiers(piece, rng)
            if d:
                extra.append("modifier_dropped")
                counts["modifier_dropped"] = counts.get("modifier_dropped", 0) + d
            piece, r = _reword(piece, rng, ch, PARAPHRASE_SYNONYM_RATE)
            if r:
                extra.append("synonym")
                counts["synonym"] = counts.get("synonym", 0) + r
            units.append(((_cap(piece), idx, extra), sep if j == len(pieces) - 1 else " "))
        i += len(idx)
    out, maps = _assemble_units(units, spans)
    params: _Params = {
        "source_sentences": len(sents), "copy_sentences": len(maps),
        "synonym_rate": PARAPHRASE_SYNONYM_RATE,
        "transforms": ",".join(f"{k}={v}" for k, v in sorted(counts.items())),
    }
    return out, params, maps
