"""Injected content: what a copier spliced into a copied article.

Four kinds, each found from signals in the copy itself, so the detectors work with no source
at all (intrinsic mode) and only get stricter or bolder when alignment is known:

- ``filler``: lorem ipsum (a fixed Latin text every page builder ships) and template
  placeholders ("Click edit button to change this text");
- ``keyword_stuffing``: a short phrase set down as a sentence of its own, repeated at
  paragraph ends or dropped in out of context ("... for input. best immigration consultants in
  delhi."). Real short sentences begin with a capital and are rarely repeated word for word;
  stuffed keywords are lower case, commercial, or repeated;
- ``link_spam``: a sentence carrying a contact channel (URL, bare domain, e-mail, phone number)
  together with a sales cue ("cheap", "order", "click here");
- ``off_topic``: a sentence with several sales cues whose content words the rest of the text
  never uses.

Spans are character offsets into ``text``, tight around the injected words, with the closing
punctuation of an injected sentence but not the space that glues it on. ``aligned`` (copy
spans that align to a source) and ``source`` (that source's text) are optional: text outside
``aligned`` needs fewer signals to count as injected, and a phrase that the source itself
contains is never reported, whatever its shape.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Literal

from unspun.align import stem
from unspun.records import InjectedSpan, Span
from unspun.segment import STOPWORDS

__all__ = ["INJECTED_KINDS", "InjectedKind", "find_injected", "match_spans"]

InjectedKind = Literal["keyword_stuffing", "filler", "link_spam", "off_topic"]
INJECTED_KINDS: tuple[InjectedKind, ...] = ("keyword_stuffing", "filler", "link_spam",
                                            "off_topic")

MAX_KEYWORD_WORDS = 8
"""A stuffed keyword is a search query ("best immigration consultants in delhi"), not prose."""
MIN_FILLER_WORDS = 4
"""Fewer Latin words are a quotation or a term ("in situ", "ad hoc", "id est")."""
MAX_LINK_SENTENCE_WORDS = 30
"""An article sentence that mentions a website runs longer than a spam line; beyond this a
channel plus one sales word is not enough to call the whole sentence injected."""
OFF_TOPIC_OVERLAP = 0.15
"""Intrinsic mode: at most this share of a sentence's content words may occur elsewhere in
the text. Article sentences share 40-70% of theirs; an inserted advert shares ~0."""
OFF_TOPIC_OVERLAP_UNALIGNED = 0.3
"""The same where alignment already says the sentence comes from no source sentence."""
MIN_OFF_TOPIC_WORDS = 5

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# A sentence ends at [.!?…] (and closing quotes) before whitespace, whatever case follows:
# stuffed keywords start in lower case, which a conventional splitter would glue on.
_SENT_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s)")
_ABBREV = frozenset("""mr mrs ms dr prof sr jr st mt gen col lt sgt capt gov sen rep rev hon
pres inc ltd co corp dept univ jan feb mar apr jun jul aug sep sept oct nov dec no vs etc
approx est fig al""".split())

# The lorem ipsum vocabulary: Cicero's "de finibus" 1.10.32-33 as page builders and lipsum
# generators mangle it. Words that are also English (or too short to tell) only extend a run
# that the unmistakable ones start.
_LOREM_STRONG = frozenset("""
lorem ipsum dolor amet consectetur consectetuer adipiscing adipisicing elit sed eiusmod tempor
incididunt labore dolore magna aliqua enim minim veniam quis nostrud exercitation ullamco
laboris nisi aliquip commodo consequat duis aute irure reprehenderit voluptate velit esse
cillum fugiat nulla pariatur excepteur sint occaecat cupidatat proident sunt culpa officia
deserunt mollit anim laborum perspiciatis unde omnis iste natus voluptatem accusantium
doloremque laudantium totam aperiam eaque ipsa quae illo inventore veritatis quasi architecto
beatae vitae dicta explicabo nemo ipsam quia voluptas aspernatur aut odit fugit consequuntur
magni dolores eos ratione sequi nesciunt neque porro quisquam dolorem adipisci numquam eius
modi tempora incidunt magnam aliquam quaerat tellus luctus nec ullamcorper mattis pulvinar
dapibus leo vestibulum curabitur aenean mauris nunc donec praesent phasellus vivamus fusce
morbi pellentesque proin etiam suspendisse nullam cras quisque maecenas sagittis vulputate
tincidunt faucibus lectus mollis massa tortor felis nibh urna ligula augue risus mauris
sapien lacus purus justo turpis libero metus neque arcu orci odio eget diam ante quam erat
volutpat feugiat posuere viverra ultrices ultricies varius lacinia fringilla blandit
hendrerit malesuada rhoncus iaculis interdum imperdiet euismod eleifend egestas dignissim
condimentum consequat convallis cursus semper scelerisque accumsan bibendum elementum
""".split())
_LOREM_WEAK = frozenset("""
sit in ut et ad id est non do ex ea qui eu at nam a quod ne nunc vel rem vero
""".split())
_FILLER_EN = re.compile(
    r"click edit button to change this text|"
    r"\b(?:this is )?(?:a |an |some )?(?:sample|dummy|placeholder|filler|example) "
    r"(?:text|paragraph|content|copy)\b|"
    r"\b(?:add|insert|type|enter) (?:your )?(?:own )?(?:text|content|title|caption) here\b|"
    r"\byour (?:text|content|title|caption) (?:goes )?here\b",
    re.I,
)

# Sales vocabulary: what a spam line sells with. One cue is common in articles about
# business; the detectors ask for a cue *and* another signal.
_COMMERCIAL = frozenset("""
best top cheap cheapest affordable buy sale sales discount discounts deal deals offer offers
order price prices wholesale shipping guaranteed guarantee services service consultant
consultants agency agencies agent agents shop store online coaching classes course courses
rental rentals repair repairs hire booking seo marketing loan loans casino betting replica
pharmacy pills followers essays escort escorts packers movers visa immigration dentist
clinic leads traffic backlinks promo coupon subscription subscriptions premium luxury
""".split())
_SALES_PHRASE = re.compile(
    r"\b(?:near me|click here|call now|order now|buy now|free shipping|best price|"
    r"contact us|call us|whatsapp|dm us|visit (?:us|our|www)|for more details)\b",
    re.I,
)
_WEBMAIL = frozenset("gmail yahoo hotmail outlook live aol icloud proton protonmail mail".split())
# Words that say nothing about a unit's topic: calls to action and generic web words.
_NOT_TOPIC = frozenset(stem(w) for w in """
get visit call contact click order buy shop book today now free more information details info
result results online website site web link page email mail whatsapp please available
quality need want look looking find us our just also here
""".split()) | frozenset(stem(w) for w in _COMMERCIAL)
_CTA_START = re.compile(
    r"^[\"“(]?(?:visit|call|contact|click|whatsapp|e-?mail|order|buy|get|shop|book|text|"
    r"message|dm|hire|grab)\b",
    re.I,
)
_CHANNEL = re.compile(
    r"https?://\S+|\bwww\.[\w-]+(?:\.[\w-]+)+\S*"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+\.(?:com|net|org|info|biz|xyz|shop|online|site|store|top|in|co\.uk|co\.in|io)"
    r"\b(?:/\S*)?"
    r"|\+\d{1,3}[\s.-]?\(?\d[\d\s().-]{6,16}\d"
    r"|\(\d{3}\)\s?\d{3}[\s.-]\d{4}\b|\b\d{3}[.-]\d{3}[.-]\d{4}\b",
    re.I,
)


# -- text units ------------------------------------------------------------------------------


def _sentences(text: str) -> list[tuple[int, int]]:
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
    """Does the period at ``dot`` close an abbreviation ("U.S.", "Mr.", "J.") rather than a
    sentence?"""
    m = re.search(r"([\w.]+)$", text[start:dot])
    prev = m.group(1).lower() if m else ""
    return prev in _ABBREV or len(prev) == 1 or "." in prev


def _tokens(text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text, start, len(text) if end is None else end))


def _norm(text: str) -> str:
    return " ".join(t.lower() for t in _TOKEN.findall(text))


def _content(words: Sequence[str]) -> set[str]:
    return {stem(w) for w in (x.lower() for x in words)
            if len(w) >= 3 and w.isalpha() and w not in STOPWORDS}


def _inside(span: tuple[int, int], regions: Sequence[tuple[int, int]]) -> bool:
    """Is at least half of ``span`` covered by ``regions``?"""
    s, e = span
    covered = sum(max(0, min(e, b) - max(s, a)) for a, b in regions)
    return covered * 2 >= max(e - s, 1)


def _with_end_punct(text: str, end: int) -> int:
    m = re.match(r"[.!?…]+", text[end:])
    return end + m.end() if m else end


# -- detectors -------------------------------------------------------------------------------


def _filler(text: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    toks = _tokens(text)
    i = 0
    while i < len(toks):
        j = i
        # Extend over Latin words separated by spaces and punctuation, never a line break.
        while j < len(toks) and toks[j].group().lower() in _LOREM_STRONG | _LOREM_WEAK and (
            j == i or "\n" not in text[toks[j - 1].end() : toks[j].start()]
        ):
            j += 1
        run = toks[i:j]
        strong = sum(t.group().lower() in _LOREM_STRONG for t in run)
        if len(run) >= MIN_FILLER_WORDS and strong >= 2 and strong * 2 >= len(run):
            # A lower-case weak word at the edge is English context ("... in"), not filler.
            while run and run[0].group() in _LOREM_WEAK:
                run = run[1:]
            while run and run[-1].group().lower() in _LOREM_WEAK and not re.match(
                r"[.!?…]", text[run[-1].end() :]
            ):
                run = run[:-1]
            if run:
                found.append((run[0].start(), _with_end_punct(text, run[-1].end())))
        i = max(j, i + 1)
    for m in _FILLER_EN.finditer(text):
        for s, e in sents:  # a template placeholder is a whole sentence
            if s <= m.start() < e:
                found.append((s, e))
                break
    return found


def _commercial(words: Sequence[str], text: str) -> int:
    """Distinct sales cues in a unit: sales words plus sales phrases ("near me")."""
    cues = {w.lower() for w in words if w.lower() in _COMMERCIAL}
    return len(cues) + len(_SALES_PHRASE.findall(text))


def _keywords(
    text: str, sents: list[tuple[int, int]], taken: list[tuple[int, int]], loose: list[bool],
) -> list[tuple[int, int]]:
    """Short detached units that are repeated, or in lower case after a sentence end and
    commercial; with ``loose`` (outside the aligned text) lower case alone will do."""
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    found: list[tuple[int, int]] = []
    line_starts = {m.start() for m in re.finditer(r"(?m)^[ \t]*\S", text)}
    line_starts = {p + len(text[p:]) - len(text[p:].lstrip(" \t")) for p in line_starts}
    for k, (s, e) in enumerate(sents):
        words = _TOKEN.findall(text, s, e)
        if not 2 <= len(words) <= MAX_KEYWORD_WORDS or not _content(words):
            continue
        if any(a < e and s < b for a, b in taken) or any(w.isdigit() for w in words):
            continue
        if _CHANNEL.search(text, s, e):
            continue  # a URL or address on its own is the link detector's to judge
        glued = s not in line_starts
        lower = text[s].islower()
        sales = _commercial(words, text[s:e]) > 0
        # A unit on a line of its own is a heading or a list item unless it reads as a search
        # query (lower case and commercial); glued on after a sentence, it is suspect.
        if glued or (lower and sales):
            groups[_norm(text[s:e])].append((s, e))
        # Glued on in lower case: no sentence of an article starts that way.
        if glued and lower and (loose[k] or sales):
            found.append((s, e))
    phrases = []
    for key, spans in groups.items():
        if len(spans) < 2:
            continue
        lower_share = sum(text[s].islower() for s, _ in spans) / len(spans)
        # Capitalised, the phrase must also be foreign to the text around it: a workout plan
        # repeats "Rest Day" among days and rest, a copier's "Best Dentist In Dubai" stands
        # alone in an article about chips.
        if lower_share >= 0.5 or (
            _commercial(key.split(), key) and _context_overlap(text, spans, key) <= 0.5
        ):
            found.extend(spans)
            phrases.append(key)
    # The same phrase glued to a line that has no sentence end of its own ("NISSAN SENTRA
    # best dentist in dubai."): found by the phrase, where it closes a sentence or line.
    for key in phrases:
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, key.split())) + r"(?!\w)"
        for m in re.finditer(pattern, text, re.I):
            end = _with_end_punct(text, m.end())
            if end > m.end() and re.match(r"[\"”’')\]]*(?:\s|$)", text[end:]):
                found.append((m.start(), end))
    return found


def _context_overlap(text: str, spans: list[tuple[int, int]], key: str) -> float:
    """Share of the phrase's content words that the text uses outside its occurrences."""
    content = _content(key.split())
    if not content:
        return 1.0
    parts, pos = [], 0
    for s, e in sorted(spans):
        parts.append(text[pos:s])
        pos = e
    parts.append(text[pos:])
    rest = _content(_TOKEN.findall(" ".join(parts)))
    return len(content & rest) / len(content)


def _links(
    text: str, sents: list[tuple[int, int]], loose: list[bool], rest: Counter[str],
) -> list[tuple[int, int]]:
    """Sentences that carry a contact channel, a sales cue or an imperative, and a topic of
    their own (intrinsic mode); outside the aligned text, any sentence with a channel."""
    found = []
    for k, (s, e) in enumerate(sents):
        unit = text[s:e]
        channels = list(_CHANNEL.finditer(unit))
        if not channels:
            continue
        words = _TOKEN.findall(_CHANNEL.sub(" ", unit))
        if loose[k]:
            found.append((s, e))
            continue
        if len(words) > MAX_LINK_SENTENCE_WORDS:
            continue
        # An article's own links point at what it is about ("visit www.my6sense.com" in a
        # piece on my6sense); spam points somewhere else.
        names = [n for m in channels for n in _channel_names(m.group())]
        if (_commercial(words, unit) or _CTA_START.match(unit)) and _topic_overlap(
            [*words, *names], rest
        ) < 0.5:
            found.append((s, e))
    return found


def _channel_names(channel: str) -> list[str]:
    """The naming part of a URL, domain or e-mail address ("bestdeals4u" in
    "www.bestdeals4u.com"; "shopmart" in "shopmart@gmail.com")."""
    if "@" in channel:
        user, host = channel.split("@", 1)
        labels = host.lower().split(".")
        return [user] if labels[0] in _WEBMAIL else labels[:1]
    host = re.sub(r"^https?://", "", channel, flags=re.I).split("/", 1)[0].lower()
    labels = [x for x in host.split(".") if x and x != "www"]
    return labels[:-1] if len(labels) > 1 else []


def _topic(words: Sequence[str]) -> set[str]:
    """Content words that say what a unit is about: sales and call-to-action words, which
    any advert shares with any business article, are left out."""
    return {w for w in _content(words) if w not in _NOT_TOPIC}


def _topic_overlap(words: Sequence[str], rest: Counter[str]) -> float:
    """Share of a unit's topic words used elsewhere in the text; ``rest`` counts the stems of
    the whole text, so the unit's own occurrences are subtracted. 0.0 for a unit with no
    topic words at all ("Call +44 ... now!")."""
    own = Counter(stem(w.lower()) for w in words)
    topic = _topic(words)
    if not topic:
        return 0.0
    return sum(rest[c] > own[c] for c in topic) / len(topic)


def _off_topic(
    text: str, sents: list[tuple[int, int]], loose: list[bool], rest: Counter[str],
) -> list[tuple[int, int]]:
    found = []
    for k, (s, e) in enumerate(sents):
        words = _TOKEN.findall(text, s, e)
        if not MIN_OFF_TOPIC_WORDS <= len(words) <= MAX_LINK_SENTENCE_WORDS:
            continue
        sales = _commercial(words, text[s:e])
        limit = OFF_TOPIC_OVERLAP_UNALIGNED if loose[k] else OFF_TOPIC_OVERLAP
        if sales >= (1 if loose[k] else 2) and _topic_overlap(words, rest) <= limit:
            found.append((s, e))
    return found


# -- the entry point -------------------------------------------------------------------------


def find_injected(
    text: str,
    aligned: Sequence[tuple[int, int]] = (),
    *,
    source: str | None = None,
) -> tuple[InjectedSpan, ...]:
    """Injected spans of ``text`` in text order; overlapping findings keep the stronger kind
    (filler, then keyword stuffing, link spam, off-topic).

    ``aligned``: copy spans ``(start, end)`` that align to a source. A sentence mostly outside
    them needs one spam signal fewer; a phrase spliced inside an aligned sentence is still
    found by its own shape. Without ``aligned`` (intrinsic mode) nothing is assumed about where
    the copy came from. ``source``: the source's text; a finding whose words the source holds
    verbatim is dropped (the source said it; the copier did not inject it).
    """
    sents = _sentences(text)
    loose = [bool(aligned) and not _inside(span, aligned) for span in sents]
    rest = Counter(stem(w.lower()) for w in _TOKEN.findall(text))

    filler = _filler(text, sents)
    by_kind: list[tuple[InjectedKind, list[tuple[int, int]]]] = [
        ("filler", filler),
        ("keyword_stuffing", _keywords(text, sents, filler, loose)),
        ("link_spam", _links(text, sents, loose, rest)),
        ("off_topic", _off_topic(text, sents, loose, rest)),
    ]
    in_source = f" {_norm(source)} " if source else ""
    chosen: list[tuple[int, int, InjectedKind]] = []
    for kind, spans in by_kind:
        for s, e in sorted(set(spans)):
            if in_source and f" {_norm(text[s:e])} " in in_source:
                continue
            if any(a < e and s < b for a, b, _ in chosen):
                continue
            chosen.append((s, e, kind))
    chosen.sort()
    return tuple(InjectedSpan(Span(s, e), text[s:e], kind) for s, e, kind in chosen)


def match_spans(
    predicted: Sequence[tuple[int, int, str]],
    gold: Sequence[tuple[int, int, str]],
    min_overlap: float = 0.5,
    *,
    same_kind: bool = True,
) -> list[tuple[int, int]]:
    """One-to-one matches ``(predicted index, gold index)`` between two span lists.

    Two spans match when their intersection over union is at least ``min_overlap`` (and,
    with ``same_kind``, their kinds agree); pairs are taken best overlap first, so precision
    is ``len(matches) / len(predicted)`` and recall ``len(matches) / len(gold)``.
    """
    scored = []
    for i, (ps, pe, pk) in enumerate(predicted):
        for j, (gs, ge, gk) in enumerate(gold):
            if same_kind and pk != gk:
                continue
            inter = min(pe, ge) - max(ps, gs)
            if inter <= 0:
                continue
            iou = inter / (max(pe, ge) - min(ps, gs))
            if iou >= min_overlap:
                scored.append((iou, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _iou, i, j in sorted(scored, key=lambda x: (-x[0], x[1], x[2])):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return sorted(out)
