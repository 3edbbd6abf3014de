"""Page chrome in plain-text input: the lines around an article that no HTML extractor sees.

A page saved or pasted as text (like both seeds) still carries its site's furniture: the site
name above the headline, the headline repeated by the theme, testimonials with a name under
each, calls to action ("Get a call back", "Subscribe to our newsletter"), comment forms,
share and reaction widgets. :func:`strip_chrome` sets these lines aside so that they reach
``Doc.boilerplate`` rather than the article text (and are not mistaken for injected spam).

The rules read the *shape* of a line, not a list of known pages:

- repetition: a line equal to the headline, the site name or the line just before it;
- a short site-name line on top of the headline, when the name recurs or looks like a domain;
- calls to action and form labels: a short line that opens with an imperative of the web
  ("read", "share", "subscribe", "get", "leave" ...) aimed at a web object ("more", "us",
  "newsletter", "reply" ...), or a fixed piece of UI wording ("Your email address will not be
  published", "Posted in", "Related posts", "All rights reserved");
- widgets: a run of short words with no function word and no sentence punctuation
  ("cool good eh love2 cute ..."), emoji bars, items joined by separators ("Like · Reply").
  Inside an article the same shapes are table rows and feature lists, so they count only
  where chrome clusters: before the first or after the last article sentence, or next to
  another chrome line;
- testimonials: a paragraph of praise for a business (praise vocabulary, a customer speaking,
  no reported speech) followed by a name the page never uses as an ordinary word; two or
  more such pairs in a row, or one in the first person next to other chrome;
- the trailing block: short fragments after the article's last sentence that follow a chrome
  header or widget ("Share this:" then "Twitter", "Facebook"), or headlines under a list
  heading;
- news-page chrome (:mod:`unspun.extract.chrome_news`): related-story links, notices,
  bylines, author bios, lists of other headlines, tags, and the links, hashtags and link text
  cut out of a paragraph line (the only spans that are not whole lines).

A line that reads as an article sentence is removed only by the repetition rules, as fixed UI
wording, by its place (a byline or bio above or below the article), or as part of a
testimonial: the cost of keeping a stray widget is small, the cost of cutting the article is
not. On the 14 demo sources nothing is removed; on the Zyte benchmark's 181 ground-truth
bodies 0.11% of words are (deal posts' "Buy Now" and "See it now: Amazon" lines, "© Reuters",
"Originally published on ..."); on WCXB-dev's 823 main texts 0.09% (mostly "Also read: ..."
and "Read more: ..." links the annotators kept).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import Literal

from unspun.extract.chrome_news import (
    NewsKind,
    bylines,
    inline_chrome,
    is_headline_line,
    is_section_label,
    is_ui_wording,
    line_kind,
    tail,
)
from unspun.records import Span

__all__ = ["ChromeKind", "chrome_spans", "strip_chrome"]

ChromeKind = Literal[
    "site_name", "repeated_title", "repeated", "call_to_action", "widget", "testimonial",
    "trailing", "related_link", "notice", "byline", "author_bio", "headlines", "tags",
    "link_text",
]

MAX_CTA_WORDS = 8
"""A call to action is short ("Subscribe to our newsletter"); a longer imperative line is
usually a step in a how-to list. Fixed UI wording (``is_ui_wording``) may run to
``MAX_UI_WORDS``."""
MAX_UI_WORDS = 14
MAX_NAME_WORDS = 3
"""A testimonial's signature: "Vikas Kumar", "— Jane D., Toronto"."""
MIN_WIDGET_WORDS = 5
"""Fewer bare words could be a heading or a list item ("healthy snack bars")."""
MAX_TITLE_WORDS = 25
MIN_TITLE_WORDS = 3
"""A repeated one- or two-word line is a label or a name ("By:", "Travis Johnson"), not the
headline a theme prints again."""
MAX_TRAILING_WORDS = 10
MAX_SITE_WORDS = 6

# The word of chrome_news too: line_kind is given a line's count of these.
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?…:;][\"”’'»)\]]*\s*$")
_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}/?$", re.I)

# Function words: real sentences and headings are full of them, widget rows have none.
_FUNCTION = frozenset("""
a an the and or but of to in on at by for with from into as is are was were be been am it its
this that these those he she they we you i me my our your their his her him them not no if so
than then there here what which who how when where why will would can could should may might
must do does did has have had after before over under about up out off down all just more new
""".split())

# The web's imperatives and the objects they take. A call to action is one of the first aimed
# at one of the second ("Read more at source", "Share this", "Leave a reply"), or a verb that is
# a call to action on its own in a short line ("Subscribe", "Sign up").
_CTA_VERBS = (
    r"read|see|view|click|tap|get|call|contact|chat|talk|message|text|e-?mail|whatsapp|"
    r"subscribe|sign|log|register|join|follow|share|like|tweet|pin|download|install|book|"
    r"request|leave|post|write|add|submit|continue|load|show|watch|listen|shop|order|buy|"
    r"apply|enquire|inquire|send|save|bookmark|report|rate|vote|discover|explore|"
    r"check|find|learn|visit|claim|grab|start|try|go|return|skip|jump|scroll|"
    r"comment|reply|recommend|upgrade|unlock|become|support|donate|sponsor"
)
_CTA_OBJECTS = (
    r"us|our|now|here|more|today|newsletters?|comments?|reply|replies|source|original|"
    r"articles?|story|stories|posts?|call|callback|quotes?|free|updates?|channel|page|"
    r"links?|app|feed|rss|button|form|message|related|below|above|full|top|site|website|"
    r"facebook|twitter|instagram|linkedin|youtube|telegram|pinterest|whatsapp|email|e-mail|"
    r"inbox|account|video|podcast|gallery|photos|offer|deal|demo|trial|"
    r"appointment|consultation|expert|counsell?or|team|friends?|print|pdf|"
    r"log-?in|sign-?in|register|registration"
)
_CTA = re.compile(
    rf"^(?:please\s+)?(?:{_CTA_VERBS})\b", re.I
)
# The object comes within a few words of the verb ("Get a call back", "Subscribe to our ...").
_CTA_OBJECT = re.compile(rf"^(?:\S+\s+){{0,3}}(?:{_CTA_OBJECTS})\b", re.I)
_CTA_ALONE = re.compile(
    r"^(?:subscribe|sign\s?up|sign\s?in|log\s?in|log\s?out|register|share(?: this)?|"
    r"like this|tweet|print|"
    r"advertisement|sponsored|loading|comments?|reply|related|next|previous|menu|search|"
    r"home|skip to content|back to top|read more|see more|show more|load more)\W*$",
    re.I,
)
# Praise a customer gives a business. Scored by distinct words, so one "great" in a news
# paragraph is not enough.
_PRAISE = frozenset("""
wonderful excellent great best amazing awesome fantastic outstanding superb brilliant perfect
helpful professional professionally friendly genuine trustworthy reliable courteous prompt
recommend recommended recommending highly satisfied happy thankful grateful thank thanks
experience service services team guidance guided guide support supportive smooth hassle
efficient knowledgeable patient polite responsive honest transparent dedicated
""".split())
_PERSON = frozenset("i i'm i’m i've i’ve my me myself we our us you your".split())
_SINGULAR = frozenset("i i'm i’m i've i’ve my me myself".split())
# Reported speech: a quote in a news story is attributed, a testimonial is not.
_REPORTED = re.compile(r"\b(?:said|says|told|according to)\b", re.I)
_NAME_LINE = re.compile(
    r"^[-–—~•*\s]*[^\W\d_][\w.'’\-]*(?:\s+[^\W\d_][\w.'’\-]*){0,3}"
    r"(?:\s*[,\-–—|]\s*[^\W\d_][\w.'’\-]*(?:\s+[^\W\d_][\w.'’\-]*){0,2})?\s*$"
)
_SEPARATORS = re.compile(r"\s*(?:[·|•›»]|\s>\s)\s*")
_SEPARATOR = re.compile(r"[·|•›»>]")  # a character that each separator holds
_PHONE = re.compile(r"\+\d{1,3}[\s.-]?\(?\d[\d\s().-]{6,16}\d|\b\d{3}[.-]\d{3}[.-]\d{4}\b")
_LINKISH = re.compile(r"@|://|\bwww\.|\w\.(?:com|org|net|co|io|gov|edu)\b|/\w", re.I)


# Not frozen: a frozen dataclass sets each field through object.__setattr__, a cost that
# shows on every line of every page. Nothing changes a _Line once _lines has made it.
@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str
    words: tuple[str, ...]
    is_sentence: bool  # reads as article prose: punctuated as a sentence or too long for a label
    key: str  # _key(text)


def _lines(text: str) -> list[_Line]:
    out = []
    pos = 0
    for raw in text.split("\n"):  # the runs of "[^\n]+" and the empty strings between them
        stripped = raw.strip()
        if stripped:
            s = pos + len(raw) - len(raw.lstrip())
            words = tuple(_WORD.findall(stripped))
            n = len(words)
            sentence = n >= 15 or (n >= 4 and bool(_SENTENCE_END.search(stripped)))
            # ASCII: NFKC keeps it, casefold() lowers it, and _WORD finds the same words lowered.
            key = " ".join(words).lower() if stripped.isascii() else _key(stripped)
            out.append(_Line(s, s + len(stripped), stripped, words, sentence, key))
        pos += len(raw) + 1
    return out


def _key(line: str) -> str:
    """Comparison form: case, spacing and surrounding punctuation do not make a new line."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", line).casefold()))


def _is_emoji(ch: str) -> bool:
    # Pictographs only: stars, arrows and dingbats (★, ©, ™) are content in ratings and prose;
    # a flag is two regional-indicator letters and decorates a sentence ("fun in Japan! 🇯🇵").
    return (0x1F000 <= ord(ch) <= 0x1FAFF and not 0x1F1E6 <= ord(ch) <= 0x1F1FF) or ch in "❤♥"


def _is_call_to_action(line: _Line) -> bool:
    n = len(line.words)
    if n == 0 or n > MAX_UI_WORDS:
        return False
    if not (is_ui_wording(line.text) or (n <= MAX_CTA_WORDS and _is_cta(line.text))):
        return False
    # "WhatsApp us on +44 ...", "Click here: http://...": a line that carries a contact
    # channel is left in the text for the injected-spam detector to judge. (Looked for last:
    # each test is a plain function of the line, so the order does not change the answer.)
    return not (_LINKISH.search(line.text) or _PHONE.search(line.text))


def _is_cta(text: str) -> bool:
    """A call to action on its own ("Subscribe") or a verb of the web and its object."""
    body = text.lstrip("-–—•*>#→▶ \t")
    if "US" in body:  # "US" in capitals is the country ("sizes in US 0-14"), not "Contact us".
        body = re.sub(r"\bUS\b", "U.S.", body)
    if _CTA_ALONE.match(body):
        return True
    if not _CTA.match(body):
        return False
    # The object must follow the verb closely: "Read more at source", "Get a call back".
    rest = body.split(None, 1)[1] if " " in body else ""
    return bool(_CTA_OBJECT.search(rest))


def _is_bar(line: _Line) -> bool:
    """An emoji bar or a row of items between separators ("Like · Reply · Share"), not
    carrying a link (looked for last, as in :func:`_is_call_to_action`)."""
    if line.is_sentence:
        return False
    emoji = 0 if line.text.isascii() else sum(_is_emoji(ch) for ch in line.text)
    if emoji >= 2 and 2 * emoji >= sum(not w.isdigit() for w in line.words):
        return not _LINKISH.search(line.text)  # "👍 12  ❤️ 3  😂 1", "Like 😍 Love 😂 Haha"
    if not _SEPARATOR.search(line.text):
        return False  # one item: the split below would give the whole line
    items = [p for p in _SEPARATORS.split(line.text) if p.strip()]
    return (len(items) >= 3 and all(len(_WORD.findall(p)) <= 3 for p in items)
            and not _LINKISH.search(line.text))


def _is_reaction_row(line: _Line) -> bool:
    """A run of short bare words with no function word and no punctuation, mostly in lower
    case ("cool good eh love2 cute confused ..."). A sentence-case headline can look the same
    ("Why tomatoes split after heavy rain", but for its function words), so rows count only
    below the article or beside other chrome."""
    if line.is_sentence:
        return False
    words = [w for w in line.words if not w.isdigit()]
    if len(words) < MIN_WIDGET_WORDS or re.search(r"[^\w\s!.…]", line.text):
        return False
    if not all(w.isascii() for w in words) or any(w.lower() in _FUNCTION for w in words):
        return False  # the function-word test is only meaningful in English
    lower = sum(w[:1].islower() for w in words)
    return (all(len(w) <= 12 for w in words) and lower >= 0.6 * len(words)
            and not _LINKISH.search(line.text))


def _is_name_line(line: _Line, words: Callable[[], Counter[str]]) -> bool:
    """A signature: one to three capitalised words that the page never uses as ordinary
    (lower-case) words, so "Vikas Kumar" qualifies and a sub-heading ("Key Features",
    "Single Product Reviews") does not; ``words()`` counts the page's words."""
    if not 1 <= len(line.words) <= MAX_NAME_WORDS + 3 or not _NAME_LINE.match(line.text):
        return False
    signed = line.text.lstrip()[:1] in "-–—~"
    first = line.text.lstrip("-–—~•* \t")
    if not first[:1].isupper() or line.text.isupper():
        return False  # an all-capitals line is a heading, not a signature
    if not signed and len(line.words) < 2:
        return False  # a one-word line is more often a heading ("Pros") than a first name
    # The line's own lower-case words ("Vijnesh mathur") do not make the name common. (A
    # name word not in lower case once lowered, "2nd", has no lower-case uses to count.)
    own = Counter(w for w in line.words if w[:1].islower())
    name = [w.lower() for w in line.words[:MAX_NAME_WORDS] if len(w) > 1]
    return not any(w in _FUNCTION or (w[:1].islower() and words()[w] > own[w]) for w in name)


def _praise(line: _Line) -> tuple[bool, bool]:
    """(praises a business, speaks as "I") for a candidate testimonial paragraph."""
    if len(line.words) < 8 or _REPORTED.search(line.text):
        return False, False
    low = [w.lower() for w in line.words]
    praise = len({w for w in low if w in _PRAISE}) >= 3
    return praise and any(w in _PERSON for w in low), any(w in _SINGULAR for w in low)


def _mark_testimonials(lines: list[_Line], kinds: list[ChromeKind | None]) -> None:
    """Praise + name pairs. Two or more in a row are the page's testimonial carousel; a pair
    alone must speak as "I" ("My experience with ...") and stand next to other chrome, since a
    forum post followed by the next poster's name has the same shape."""
    # The page's words, counted the first time a name line needs them (most pages have none).
    words = cache(lambda: Counter(chain.from_iterable(line.words for line in lines)))
    pairs = []
    for i in range(len(lines) - 1):
        if kinds[i] is not None or kinds[i + 1] is not None:
            continue
        if _is_name_line(lines[i + 1], words):
            praise, singular = _praise(lines[i])
            if praise:
                pairs.append((i, singular))
    starts = {i for i, _ in pairs}
    for i, singular in pairs:
        beside = (i > 0 and kinds[i - 1] is not None) or (
            i + 2 < len(lines) and kinds[i + 2] is not None) or i + 2 == len(lines)
        if i - 2 in starts or i + 2 in starts or (singular and beside):
            kinds[i] = kinds[i + 1] = "testimonial"


def _site_name(lines: list[_Line], text: str) -> bool:
    """Is the first line a site name sitting on top of the headline?"""
    if len(lines) < 3:
        return False
    top, title = lines[0], lines[1]
    if not 1 <= len(top.words) <= MAX_SITE_WORDS or top.is_sentence or top.text.endswith(":"):
        return False
    # A brand is capitalised ("Universal Dream Services") or a domain; a user name on a forum
    # thread ("changingtimes") or a plant's Latin name is not.
    if not (all(w[:1].isupper() or w.isdigit() for w in top.words) or _DOMAIN.match(top.text)):
        return False
    if not _is_title(title):
        return False
    title_repeats = any(line.key == title.key for line in lines[2:])
    # The name recurs further down (footer, testimonials) as a phrase of its own.
    name = re.escape(" ".join(top.text.split()))
    recurs = len(re.findall(rf"(?<!\w){name}(?!\w)", text, re.I)) > 1
    return title_repeats or recurs or bool(_DOMAIN.match(top.text))


def _is_title(line: _Line) -> bool:
    """Shaped like a headline: a few words (not counting numbers, so a dateline such as
    "Posted March 5, 2024" is not one), no sentence punctuation, not a label ("By:")."""
    n = sum(not w.isdigit() for w in line.words)
    return (MIN_TITLE_WORDS <= n <= MAX_TITLE_WORDS and not line.is_sentence
            and not line.text.endswith(":"))


def chrome_spans(text: str) -> tuple[tuple[Span, ChromeKind], ...]:
    """The chrome lines of ``text``: offsets of each line (stripped) and why it is chrome."""
    lines = _lines(text)
    kinds: list[ChromeKind | None] = [None] * len(lines)
    if not lines:
        return ()
    title_at = 0
    if _site_name(lines, text):
        kinds[0] = "site_name"
        title_at = 1
    repeatable = {lines[0].key} if title_at else set()
    if _is_title(lines[title_at]):
        repeatable.add(lines[title_at].key)
    prev: _Line | None = None
    for i, line in enumerate(lines):
        if kinds[i] is not None:
            pass
        elif i > title_at and line.key in repeatable and len(line.words) <= MAX_TITLE_WORDS:
            kinds[i] = "repeated_title"
        elif prev is not None and line.key == prev.key and _is_title(line):
            kinds[i] = "repeated"  # a heading printed twice by the theme
        elif (found := line_kind(line.text, len(line.words))) is not None:
            kinds[i] = found
        elif _is_call_to_action(line):
            kinds[i] = "call_to_action"
        prev = line
    texts = [line.text for line in lines]
    _mark(kinds, bylines(texts, [k is not None for k in kinds],
                              [line.is_sentence for line in lines]))
    _mark_testimonials(lines, kinds)
    _spread_widgets(lines, kinds)
    _mark(kinds, tail(texts, [k is not None for k in kinds]))
    _mark_trailing(lines, kinds)
    spans: list[tuple[Span, ChromeKind]] = []
    for line, kind in zip(lines, kinds, strict=True):
        if kind is not None:
            spans.append((Span(line.start, line.end), kind))
        else:  # "(RELATED: ...)" inside a paragraph: only the link goes
            spans.extend((Span(line.start + a, line.start + b), k)
                         for a, b, k in inline_chrome(line.text))
    return tuple(spans)


def _mark(kinds: list[ChromeKind | None], found: dict[int, NewsKind]) -> None:
    for i, kind in found.items():
        kinds[i] = kinds[i] or kind


def _last_sentence(lines: list[_Line], kinds: list[ChromeKind | None]) -> int:
    return max((i for i, line in enumerate(lines) if kinds[i] is None and line.is_sentence),
               default=-1)


def _spread_widgets(lines: list[_Line], kinds: list[ChromeKind | None]) -> None:
    """Widget-shaped lines where chrome clusters: bars before the first article sentence (a
    breadcrumb above the headline), bars and reaction rows after the last one, either next to
    other chrome. Repeated until nothing changes, so a stack of widget rows goes whole."""
    bars = {i for i, line in enumerate(lines) if kinds[i] is None and _is_bar(line)}
    rows = {i for i, line in enumerate(lines) if kinds[i] is None and _is_reaction_row(line)}
    candidates = bars | rows
    first = min((i for i, line in enumerate(lines) if line.is_sentence), default=len(lines))
    changed = True
    while candidates and changed:
        last = _last_sentence(lines, kinds)
        changed = False
        for i in sorted(candidates):
            near = any(0 <= j < len(lines) and kinds[j] is not None for j in (i - 1, i + 1))
            if i > last or (i < first and i in bars) or near:
                kinds[i] = "widget"
                candidates.discard(i)
                changed = True


def _mark_trailing(lines: list[_Line], kinds: list[ChromeKind | None]) -> None:
    """Short fragments after the last article sentence that follow a chrome header or widget
    ("Share this:" then "Twitter", "Facebook"; "Related posts" then their titles). A plain
    call to action does not open such a list: "Read our full review." may precede the
    article's own pros and cons."""
    in_list = False
    for i in range(_last_sentence(lines, kinds) + 1, len(lines)):
        line = lines[i]
        if kinds[i] is not None:
            body = line.text.lstrip("-–—•*>#→▶ \t")
            in_list = in_list or kinds[i] == "widget" or line.text.endswith(":") or bool(
                is_ui_wording(line.text) or _CTA_ALONE.match(body)
                or is_section_label(line.text))
        elif in_list and (len(line.words) <= MAX_TRAILING_WORDS
                          or is_headline_line(line.text)):
            kinds[i] = "trailing"  # under "More stories": the stories' headlines


def strip_chrome(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` without its chrome, and the removed blocks (document order, each once).

    Each removed line goes with its line break, a link inside a paragraph with the spaces
    before it; runs of blank lines left behind collapse to
    one blank line, so paragraphs stay separated as in :func:`unspun.extract.normalise_plain`.
    """
    spans = chrome_spans(text)
    if not spans:
        return text, ()
    parts: list[str] = []
    pos = 0
    removed: dict[str, None] = {}
    for span, _kind in spans:
        line_start = text.rfind("\n", 0, span.start) + 1
        line_end = text.find("\n", span.end)
        line_end = len(text) if line_end < 0 else line_end + 1
        if text[line_start : span.start].strip() or text[span.end : line_end].strip():
            # A link inside a paragraph: it goes with the spaces before it, the line stays.
            line_start = len(text[:span.start].rstrip(" \t"))
            line_end = span.end
        parts.append(text[pos:line_start])
        pos = line_end
        removed.setdefault(text[span.start : span.end], None)
    parts.append(text[pos:])
    body = _BLANK_RUNS.sub("\n\n", "".join(parts)).strip("\n")
    return body, tuple(removed)
