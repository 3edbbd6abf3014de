"""Injected content: what a copier spliced into a copied article.

Input: the copy's text, optionally its aligned spans and its source's text. Output:
``InjectedSpan`` records (kinds: ``unspun.records.InjectedKind``). The text units and topic
words the detectors judge come from ``unspun.explain.units``.

Four kinds, each found from signals in the copy itself, so the detectors work with no source
at all (intrinsic mode) and only get bolder or stricter when alignment is known:

- ``filler``: lorem ipsum (a fixed Latin text every page builder ships) and template
  placeholders ("Click edit button to change this text");
- ``keyword_stuffing``: a short phrase set down as a sentence of its own and repeated, or
  glued on in lower case after a sentence ("... for input. best immigration consultants in
  delhi."). An article's short sentences begin with a capital and are rarely repeated word
  for word; a stuffed search query is lower case, commercial, repeated;
- ``link_spam``: a sentence carrying a contact channel (URL, domain, e-mail, phone number) and
  sales cues, whose link or topic the rest of the article does not share;
- ``off_topic``: a sentence with several sales cues whose topic words the rest of the article
  never uses.

Spans are character offsets into ``text``, tight around the injected words: the closing
punctuation of an injected sentence is included, the space that glues it on is not.
``aligned`` (copy spans that align to a source) and ``source`` (that source's text) are
optional. A sentence outside ``aligned`` needs one signal fewer to count as injected; so does
a glued-on unit the source does not contain, a link the source never gives, and a sales
sentence that shares no topic word with the source. Anything the source itself says
verbatim is never reported.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from unspun.explain.filler import find_filler
from unspun.explain.linkfarm import find_link_farms
from unspun.explain.units import (
    COMMERCIAL,
    TOKEN,
    Article,
    Stems,
    mostly_inside,
    normalise,
    overlaps,
    sentence_spans,
    topic_words,
    with_end_punct,
)
from unspun.records import INJECTED_KINDS, InjectedKind, InjectedSpan, Span
from unspun.segment import STOPWORDS

__all__ = ["INJECTED_KINDS", "InjectedKind", "find_injected"]

MAX_KEYWORD_WORDS = 8
"""A stuffed keyword is a search query ("best immigration consultants in delhi"), not prose."""
MAX_TAIL_RUN = 11
"""A heading's lower-case end plus a stuffed query ("Live tracking" + "cheap hair extensions
online."); a longer lower-case run closing a line is an ordinary sentence."""
MAX_SPAM_SENTENCE_WORDS = 30
"""Spam lines are short; an article sentence that merely names a website or a price runs
longer, and is judged injected only outside the aligned text."""
LINK_TOPIC_OVERLAP = 0.5
"""With a single sales cue, a sentence with a channel is link spam when under this share of
its topic words occur in the rest of the article. Article sentences share 40-70% of theirs."""
OFF_TOPIC_OVERLAP = 0.0
"""Intrinsic mode: an advert with no channel shares none of its topic words with the article;
even a sentence of the article's own that drifts ("Apple continues to offer free repairs to
affected customers ...") shares one."""
MIN_OFF_TOPIC_TOPIC = 3
"""Topic words an off-topic sentence needs for the test to mean anything ("Free shipping is
available for all." has none)."""
OFF_TOPIC_OVERLAP_UNALIGNED = 0.3
"""The same where alignment already says the sentence comes from no source sentence."""
MIN_OFF_TOPIC_WORDS = 5

# Sales phrases and calls to action; the sales words are ``units.COMMERCIAL``.
_SALES_PHRASE = re.compile(
    r"\b(?:near me|click here|call now|order now|buy now|shop now|free shipping|best price|"
    r"contact us|call us|whatsapp|dm us|visit (?:us|our)|for more details)\b",
    re.I,
)
_NOT_SALES = re.compile(r"\bin order (?:to|for)\b|\btop of\b|\bat best\b", re.I)
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
_SOCIAL = re.compile(
    r"(?:^|[/.@])(?:twitter\.com|t\.co|x\.com|facebook\.com|fb\.me|instagram\.com|youtube\.com|"
    r"youtu\.be|linkedin\.com|tiktok\.com|reddit\.com|wikipedia\.org)(?:/|$|\b)",
    re.I,
)
_DETERMINERS = frozenset("a an the this that these those my your his her its our their".split())
_WEBMAIL = frozenset("gmail yahoo hotmail outlook live aol icloud proton protonmail mail".split())


def _sales(words: Sequence[str], unit: str) -> int:
    """Sales cues in a unit: distinct sales words, sales phrases, an imperative opening."""
    if _NOT_SALES.search(unit):
        unit = _NOT_SALES.sub(" ", unit)
        words = TOKEN.findall(unit)
    cues = {w.lower() for w in words if w.lower() in COMMERCIAL}
    return len(cues) + _pitch(unit)


def _pitch(unit: str) -> int:
    """The cues that address a buyer (a sales phrase, an imperative opening), as opposed to
    sales words, which news about business uses too ("prices", "services", "offer")."""
    return len(_SALES_PHRASE.findall(_NOT_SALES.sub(" ", unit))) + bool(_CTA_START.match(unit))


def _channel_names(channel: str) -> list[str]:
    """The naming part of a URL, domain or e-mail address ("bestdeals4u" in
    "www.bestdeals4u.com"; "shopmart" in "shopmart@gmail.com")."""
    if "@" in channel:
        user, host = channel.split("@", 1)
        labels = host.lower().split(".")
        return [user.lower()] if labels[0] in _WEBMAIL else labels[:1]
    host = re.sub(r"^https?://", "", channel, flags=re.I).split("/", 1)[0].lower()
    labels = [x for x in host.split(".") if x and x != "www"]
    return labels[:-1] if len(labels) > 1 else []


# -- detectors -------------------------------------------------------------------------------


def _keywords(
    text: str, sents: list[tuple[int, int]], taken: list[tuple[int, int]], loose: list[bool],
    suspects: list[tuple[int, int]], stemmer: Stems,
) -> list[tuple[int, int]]:
    """Short detached units that are repeated, or glued on in lower case and commercial (with
    ``loose``, i.e. outside the aligned text or absent from the source, lower case alone will
    do); then every other
    place where one of those phrases closes a sentence or a line. ``taken`` spans (filler) are
    skipped; ``suspects`` (filler, link spam) are left out when asking whether a phrase is
    foreign to the article."""
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    found: list[tuple[int, int]] = []
    line_starts = {m.start(1) for m in re.finditer(r"(?m)^[ \t]*(\S)", text)}
    for k, (s, e) in enumerate(sents):
        words = TOKEN.findall(text, s, e)
        if not 2 <= len(words) <= MAX_KEYWORD_WORDS or not _query_like(words):
            continue
        if overlaps(s, e, taken) or _CHANNEL.search(text, s, e):
            continue  # a URL or an address is the link detector's to judge
        if any(w.isdigit() and not re.fullmatch(r"(?:19|20)\d\d", w) for w in words):
            continue  # quantities: "1 tsp. sesame oil, 1 tsp." is a recipe, not a query
        # After an ellipsis the lower case continues a sentence ("... but never make it?").
        glued = s not in line_starts and not text[max(0, s - 4) : s].rstrip().endswith(
            ("...", "…"))
        lower = text[s].islower()
        sales = _sales(words, text[s:e]) > 0
        # On a line of its own a short unit is a heading or a list item, unless it reads as a
        # search query (lower case and commercial).
        if glued or (lower and sales):
            groups[normalise(text[s:e])].append((s, e))
        # Glued on in lower case: no sentence of an article starts that way.
        if glued and lower and (loose[k] or sales):
            found.append((s, e))
    for key, spans in _line_tails(text, taken, suspects, stemmer).items():
        groups[key].extend(spans)
    phrases = {normalise(text[s:e]) for s, e in found}
    for key, spans in groups.items():
        spans = sorted(set(spans))
        if len(spans) < 2:
            continue
        lower_share = sum(text[s].islower() for s, _ in spans) / len(spans)
        # Capitalised, the phrase must also be foreign to the text around it: a workout plan
        # repeats "Rest Day" among days of rest; "Best Dentist In Dubai" stands alone.
        if lower_share >= 0.5 or (
            _sales(key.split(), key)
            and Article.of(text, [*spans, *suspects], stemmer).overlap(key.split(), False)
            <= 0.5
        ):
            found.extend(spans)
            phrases.add(key)
    # The same phrase where it closes a line that has no sentence end of its own ("NISSAN
    # SENTRA best dentist in dubai.").
    for key in phrases:
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, key.split())) + r"(?!\w)"
        for m in re.finditer(pattern, text, re.I):
            end = with_end_punct(text, m.end())
            if end == m.end() or not re.match(r"[\"”’')\]]*(?:\s|$)", text[end:]):
                continue
            # After a function word the phrase is part of a sentence ("Call ... for the best
            # seo services in delhi."), which the other detectors judge whole.
            prev = re.search(r"(\w+)\W*$", text[max(0, m.start() - 40) : m.start()])
            if not (prev and prev.group(1).lower() in STOPWORDS and
                    not re.search(r"[.!?:;]", prev.group())):
                found.append((m.start(), end))
    return found


def _query_like(words: Sequence[str]) -> bool:
    """Shaped like a search query: two or more content words made of letters ("x 4ft." and
    "he said." are not) and no determiner (people type "best dentist in dubai", not "the best
    dentist"; "courses for a licensure" ends a sentence)."""
    if any(w.lower() in _DETERMINERS for w in words):
        return False
    return sum(w.isalpha() and len(w) >= 3 and w.lower() not in STOPWORDS for w in words) >= 2


def _line_tails(
    text: str, taken: list[tuple[int, int]], suspects: list[tuple[int, int]], stemmer: Stems,
) -> dict[str, list[tuple[int, int]]]:
    """Lower-case commercial phrases that end two or more lines after a period, foreign to
    the rest of the text: a keyword stuffed after a heading ("Live tracking cheap hair
    extensions online."), which has no sentence end of its own to split on. Each line takes
    the ending most lines share (the longest among equals), so "funds cheap essential oils
    online" on two lines does not split off from "cheap essential oils online" on five."""
    ends: list[list[re.Match[str]]] = []
    # Cheap filter first: a line ending in a lower-case word and a period.
    for line in re.finditer(r"(?m)^.*[a-z][ \t]*\.[ \t]*$", text):
        if not _CHANNEL.search(line.group()):
            toks = list(TOKEN.finditer(text, line.start(), line.end()))
            # The run of lower-case words closing the line, unbroken by punctuation. A long
            # one is the end of a sentence, not a heading and a query.
            j = len(toks) - 1
            while j > 0 and toks[j - 1].group()[:1].islower() and \
                    not text[toks[j - 1].end() : toks[j].start()].strip():
                j -= 1
            run = toks[j:]
            if run and run[0].group()[:1].islower() and 2 <= len(run) <= MAX_TAIL_RUN:
                ends.append(run)
    keys = [[" ".join(t.group().lower() for t in run[-n:])
             for n in range(2, min(len(run), MAX_KEYWORD_WORDS) + 1)] for run in ends]
    shared = Counter(key for run_keys in keys for key in run_keys)
    tails: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for run, run_keys in zip(ends, keys, strict=True):
        counts = [(shared[key], n) for n, key in enumerate(run_keys, start=2)]
        count, n = max(counts)
        if count < 2:
            continue
        words = [t.group() for t in run[-n:]]
        s, e = run[-n].start(), with_end_punct(text, run[-1].end())
        # After a function word the phrase continues a sentence ("at a reasonable price.");
        # after a heading or a list item it is glued on.
        before = run[-n - 1].group().lower() if n < len(run) else ""
        if before in STOPWORDS or len(words) < 3 or overlaps(s, e, taken):
            continue
        if _query_like(words) and _sales(words, text[s:e]):
            tails[normalise(text[s:e])].append((s, e))
    tails = {key: spans for key, spans in tails.items() if len(spans) >= 2}
    if not tails:
        return {}
    article = Article.of(
        text, [*suspects, *(span for spans in tails.values() for span in spans)], stemmer)
    return {key: spans for key, spans in tails.items()
            if len(spans) >= 2 and topic_words(key.split(), stemmer)
            and article.overlap(key.split(), False) <= 0.5}


@dataclass(frozen=True, slots=True)
class _LinkCandidate:
    start: int
    end: int
    words: tuple[str, ...]
    """The sentence's words outside its channels: what it is about."""
    names: tuple[str, ...]
    sales: int
    outside: bool


def _link_candidates(
    text: str, sents: list[tuple[int, int]], loose: list[bool], source: str | None,
) -> list[_LinkCandidate]:
    """Sentences with a contact channel and at least one sales cue. Outside the aligned text
    any sentence with a channel qualifies, and so does a short one whose links the source
    never gives."""
    found = []
    for k, (s, e) in enumerate(sents):
        unit = text[s:e]
        channels = [m for m in _CHANNEL.finditer(unit) if not _SOCIAL.search(m.group())]
        if not channels:
            continue  # an embedded post's links ("pic.twitter.com/...") sell nothing
        words = tuple(TOKEN.findall(_CHANNEL.sub(" ", unit)))
        sales = _sales(words, unit)
        short = len(words) <= MAX_SPAM_SENTENCE_WORDS
        new = source is not None and short and not any(
            m.group().rstrip(".,;:!?)").lower() in source.lower() for m in channels)
        if loose[k] or new or (sales and short):
            names = tuple(n for m in channels for n in _channel_names(m.group()))
            found.append(_LinkCandidate(s, e, words, names, sales, loose[k] or new))
    return found


def _is_link_spam(c: _LinkCandidate, article: Article) -> bool:
    if c.outside:
        # Outside the aligned text a sales cue or a link the article never names will do;
        # a bare phone number with neither is the article's own ("Control room: +91 ...",
        # in a copy that runs past the end of its source's text).
        return c.sales > 0 or any(not article.knows(n) for n in c.names)
    # An article's own links point at what it is about ("visit www.my6sense.com" in a piece
    # on my6sense, "LiveNation.com" in one on Live Nation); spam points somewhere else.
    # The sentence's own words count: "tickets at LiveNation.com" after "Live Nation is ...".
    low = [w.lower() for w in c.words]
    own = {a + b for a, b in zip(low, low[1:], strict=False)} | set(low)
    if any(article.knows(n) or n.replace("-", "") in own for n in c.names):
        return False
    return c.sales >= 2 or article.overlap([*c.words, *c.names], False) < LINK_TOPIC_OVERLAP


def _off_topic(
    text: str, sents: list[tuple[int, int]], loose: list[bool], article: Article,
    taken: list[tuple[int, int]], source: Article | None,
) -> list[tuple[int, int]]:
    """Sentences with sales cues whose topic the article does not share. Sharing no topic
    word with the source, one cue and a little overlap will do; outside the aligned text, one
    cue that addresses a buyer ("Shop now", "Visit our store"): a lone sales word ("prices",
    "services") is business news, and a copy often runs past the end of its source's text."""
    found = []
    for k, (s, e) in enumerate(sents):
        words = TOKEN.findall(text, s, e)
        if not MIN_OFF_TOPIC_WORDS <= len(words) <= MAX_SPAM_SENTENCE_WORDS:
            continue
        if overlaps(s, e, taken) or len(topic_words(words, article.stemmer)) < MIN_OFF_TOPIC_TOPIC:
            continue
        unrelated = source is not None and source.overlap(words, False) == 0.0
        limit = OFF_TOPIC_OVERLAP_UNALIGNED if loose[k] or unrelated else OFF_TOPIC_OVERLAP
        sales = _sales(words, text[s:e])
        if (sales >= 2 or (unrelated and sales) or (loose[k] and _pitch(text[s:e]))) and (
            article.overlap(words, True) <= limit):
            found.append((s, e))
    return found


# -- the entry point -------------------------------------------------------------------------


def find_injected(
    text: str,
    aligned: Sequence[tuple[int, int]] = (),
    *,
    source: str | None = None,
) -> tuple[InjectedSpan, ...]:
    """Injected spans of ``text`` in text order; where findings overlap the stronger kind
    wins (filler, then keyword stuffing, link spam, off-topic).

    ``aligned``: copy spans ``(start, end)`` that align to a source. A sentence mostly outside
    them needs one spam signal fewer; a phrase spliced inside an aligned sentence is still
    found by its own shape. Without ``aligned`` and ``source`` (intrinsic mode) nothing is
    assumed about where the copy came from. ``source``: the source's text. A lower-case unit
    glued on after a sentence and absent from it counts as stuffing without a sales cue, a
    short sentence whose link it never gives as link spam, a sales sentence sharing no topic
    word with it as off-topic; and a finding whose words it holds verbatim is dropped (the
    source said it; the copier did not inject it).
    """
    sents = sentence_spans(text)
    loose = [bool(aligned) and not inside for inside in mostly_inside(sents, aligned)]
    in_source = f" {normalise(source)} " if source is not None else ""
    # A glued-on unit the source does not hold was spliced in, even inside an aligned sentence.
    spliced = [out or (source is not None and f" {normalise(text[s:e])} " not in in_source)
               for out, (s, e) in zip(loose, sents, strict=True)]
    filler = find_filler(text, sents)
    candidates = _link_candidates(text, sents, loose, source)
    link_spans = [(c.start, c.end) for c in candidates]
    stemmer = Stems()
    keywords = _keywords(text, sents, filler, spliced, [*filler, *link_spans], stemmer)
    suspects = [*filler, *keywords, *link_spans]
    article = Article.of(text, suspects, stemmer)
    links = [(c.start, c.end) for c in candidates if _is_link_spam(c, article)]
    links += find_link_farms(text, links, stemmer, [*filler, *keywords])
    source_article = Article.of(source, (), stemmer) if source is not None else None
    by_kind: list[tuple[InjectedKind, list[tuple[int, int]]]] = [
        ("filler", filler),
        ("keyword_stuffing", keywords),
        ("link_spam", links),
        ("off_topic", _off_topic(text, sents, loose, article, suspects, source_article)),
    ]
    chosen: list[tuple[int, int, InjectedKind]] = []
    for kind, spans in by_kind:
        for s, e in sorted(set(spans)):
            if in_source and f" {normalise(text[s:e])} " in in_source:
                continue
            if not overlaps(s, e, [(a, b) for a, b, _ in chosen]):
                chosen.append((s, e, kind))
    chosen.sort()
    return tuple(InjectedSpan(Span(s, e), text[s:e], kind) for s, e, kind in chosen)
