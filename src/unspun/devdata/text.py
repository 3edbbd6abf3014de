"""Text units and word forms for the generator: paragraphs, sentences, words, inflection, case.

Input: a source text. Output: spans (:func:`paragraphs`, :func:`sentences`, :data:`WORD`
matches) and word-level helpers shared by the spinner, the light edits and the rewrites.
Sentences are cut by a small regex here on purpose, so that the generated labels do not move
when the pipeline's own segmenter changes.
"""

from __future__ import annotations

import re

_PARA_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SENT_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_ABBREV = frozenset(("mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "inc", "co",
                     "corp", "ltd", "gen", "gov", "sen", "rep"))
WORD = re.compile(r"[A-Za-z]+")


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


def match_case(original: str, replacement: str, every_word: bool) -> str:
    if len(original) > 1 and original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        if every_word:  # a mangled name keeps looking like a name: "Financial Expert"
            return " ".join(w[:1].upper() + w[1:] for w in replacement.split(" "))
        return replacement[:1].upper() + replacement[1:]
    return replacement


def inflect(word: str, rule: str) -> str:
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


def inflection(word: str, base: str) -> str | None:
    """Which regular suffix turns base into word, if any (irregular forms are left alone)."""
    for rule in ("s", "ed", "ing", "er", "est"):
        if inflect(base, rule) == word or (rule != "s" and word == base + base[-1] + rule):
            return rule
    if word in (base + "es", base + "s"):
        return "s"
    return None


def eligible_word(text: str, m: re.Match[str]) -> bool:
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    # Parts of contractions ("don't"), URLs, e-mail addresses and handles stay as they are.
    if before in "'’/@#_." or after in "'’/@_":
        return False
    return not (after == "." and m.end() + 1 < len(text) and text[m.end() + 1].isalnum())
