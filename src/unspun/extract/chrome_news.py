"""News-page chrome in plain text: the lines a news site or a copier sets among the article's
paragraphs, judged one line at a time (``unspun.extract.chrome`` decides where each may stand).

- **related-story links**: a label of the web ("READ ALSO", "Related:", "See also", "Watch:",
  "Video above:") and the headline of another story. A compound label ("see also", "also
  read") never opens an article sentence, so it needs no separator; a one-word label ("Read",
  "Related", "Watch") counts only with a colon, semicolon, bar or dash after it. Inside a
  paragraph the same link stands in brackets ("(RELATED: ...)") or closes the line after a
  sentence ("... last winter. See also ..."): :func:`inline_chrome`;
- **section labels**: "Popular stories on example.com", "Most read";
- **notices**: fixed wording of sign-up boxes, notification prompts, advert markers,
  disclaimers and "continue reading" teasers ("Turn on push notifications ...", "Story
  continues below", "Opinions expressed in this column are the author's own"), which no article
  sentence uses; a line carrying one is chrome up to ``MAX_NOTICE_WORDS`` words;
- **UI wording**: the fixed wording of comment forms, footers and post lists ("Your email
  address will not be published", "All rights reserved", "Posted in", "Related posts"), which
  ``unspun.extract.chrome`` counts in a short line (:func:`is_ui_wording`);
- **bylines**: "By" (or "Author:") on a line of its own or before one to four capitalised
  words ("By Jane Doe | June 3, 2024");
- **author bios**: a name, "is a/an ..." and a newsroom job ("... is a reporter for ..."),
  or "Follow him on X": the line a site appends under its articles (and puts under the
  articles it copies);
- **headline lines**: a line shaped like a headline (five to 25 words, no sentence end), which
  the caller counts as chrome only in a run of them after the article's last sentence (a list
  of other stories).

Each function reads one stripped line (``inline_links`` a whole line, returning spans in it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

__all__ = [
    "MAX_NOTICE_WORDS", "NewsKind", "bylines", "inline_chrome", "is_author_bio", "is_byline",
    "is_byline_label", "is_headline_line", "is_notice", "is_related_link", "is_section_label",
    "is_keyword_line", "is_tags", "is_ui_wording", "line_kind", "tail",
]

NewsKind = Literal[
    "related_link", "notice", "byline", "author_bio", "headlines", "tags", "link_text"]

MAX_NOTICE_WORDS = 40
"""A sign-up box or a notification prompt scraped into one line runs to a few sentences; a
longer line is a paragraph of the article that happens to say "newsletter"."""
MAX_LINK_WORDS = 30
"""The headline after a link label (a headline is at most about 25 words, plus a site name)."""
MIN_LINK_WORDS = 3
MIN_HEADLINE_WORDS = 5
"""A run of shorter unpunctuated lines is a menu or a list of facts, which other rules judge."""
MAX_HEADLINE_WORDS = 25
MAX_BYLINE_WORDS = 12
MIN_KEYWORDS = 4
MIN_HEADLINE_RUN = 3
"""Headline-shaped lines below the article: two could be a last sub-heading and a paragraph
cut short by the page's end; three or more in a row are a list of other stories."""

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")

# Labels of related-story links. The compound ones never open an article sentence.
_COMPOUND_LABEL = (
    r"read\s+also|also\s+read|see\s+also|also\s+see|also\s+watch|watch\s+also|"
    r"more\s+to\s+read|must\s+read|don'?t\s+miss|further\s+reading|recommended\s+reading|"
    r"related\s+(?:stories|story|articles?|news|coverage|content|reading|links?|posts?)|"
    r"(?:video|watch)\s+(?:above|below|here|now)|read\s+next|up\s+next|"
    r"suggested\s+(?:reading|articles?|stories)|you\s+(?:may|might)\s+also\s+like|"
    r"more\s+(?:stories|news|coverage)"
)
# One-word labels are ordinary words ("Read the report", "Watch for ice"), and "Video: 4K/30p"
# is a camera's spec: they need a mark after them and a headline after that (a capital).
_SINGLE_LABEL = r"read|related|watch|listen|trending|recommended|more|also|read\s+more"
_SEPARATOR = r"\s*(?:[:;|»›>]+|\s[–—-]|[–—-]\s)\s*"
_LINK_LINE = re.compile(
    rf"^[-–—•*→▶►]*\s*(?:(?i:{_COMPOUND_LABEL})(?:{_SEPARATOR}|\s+)(?P<rest>\S.*)|"
    rf"(?i:{_SINGLE_LABEL}|video){_SEPARATOR}(?P<headline>[\"“‘'(]?[A-Z].*))$"
)
# In a paragraph: the link in brackets, or a label after a sentence end running to the end of
# the line. In brackets a lower-case one-word label is prose ("(read: a larger space)").
_INLINE_LABEL = rf"(?i:{_COMPOUND_LABEL})|RELATED|READ(?: MORE)?|WATCH|MORE|Related|Read more"
_BRACKETED = re.compile(
    rf"[(\[]\s*(?:{_INLINE_LABEL})\s*[:;|–—-]\s*[^()\[\]\n]{{8,240}}[)\]]")
# Opens by consuming the sentence's last character, a character set, where the plain pattern
# looks behind for it ("(?<=[.!?\"”’])\s+..."): the regex engine then skips the positions that
# cannot precede a link in its own C loop instead of trying a match at each. A match at one
# character before is a match of the plain pattern, so "link" is the same span.
_AFTER_SENTENCE = re.compile(
    rf"[.!?\"”’]\s+(?P<link>(?i:{_COMPOUND_LABEL})(?:{_SEPARATOR}|\s+)\S.*|"
    rf"(?:READ|RELATED|WATCH|ALSO READ|READ MORE)\s*:\s*\S.*)$"
)
# Hashtags closing a paragraph line, after its last sentence (the sentence end consumed, as in
# _AFTER_SENTENCE, where the plain pattern looks behind for it: group 1 is the same span).
_HASHTAGS_END = re.compile(r"[.!?\"”’]\s+((?:#[^\W\d_]\w*\s*){2,})$")

# Headings of lists of other stories.
_SECTION = re.compile(
    r"^(?:editor'?s\s+picks?|(?:trending|latest|popular|top|more|related|recommended|featured|"
    r"breaking)\s+(?:stories|news|articles|posts|headlines|videos|reads))"
    r"(?:\s+(?:at|on|from|in)\s+[\w.\-]+(?:\s+[\w.\-]+){0,3})?\W*$|"
    r"^(?:more\s+to\s+read|most\s+(?:read|popular|viewed|shared)|recommended\s+for\s+you|"
    r"you\s+(?:may|might)\s+also\s+like|don'?t\s+miss|must\s+read|in\s+case\s+you\s+missed"
    r"\s+it|more\s+from\s+[\w.\-]+(?:\s+[\w.\-]+){0,3})\W*$",
    re.I,
)

# A prompt to the reader that aggregators append: "What are your thoughts?", "Let us know in
# the comments"; on a line of its own or closing a paragraph (``inline_chrome``).
_PROMPT = (
    r"(?:so,?\s+)?(?:what do you think\??|what are your thoughts\??|"
    r"let us know (?:what you think|your thoughts|in the comments)[^.!?]*[.!?]?|"
    r"(?:share|tell us) your (?:thoughts|views|opinions?)[^.!?]*[.!?]?|"
    r"(?:leave|drop) (?:us )?a comment below[.!]?)"
)
# The sentence end consumed as a character set, not looked behind for: as _AFTER_SENTENCE.
_PROMPT_END = re.compile(rf"[.!?\"”’]\s+({_PROMPT})$", re.I)

# Wording of sign-up boxes, notification prompts, advert markers, disclaimers, teasers and
# the attribution lines of auto-blogs, none of which an article sentence uses. A sign-up
# counts where it opens a line or a sentence: "..., subscribe to industry newsletters" is
# advice in a list. First the wording that opens a line (matched at its start only), then
# the wording that may stand anywhere, each with a piece of it in lower case that it cannot
# match without: a line holding none of the pieces is not searched (a search tries every
# position; ``in`` is one pass). No piece has an "i", "k" or "s", which re.I also matches to
# "İ", "ı", the Kelvin sign and "ſ", which lower() does not turn into them.
_NOTICE_START = re.compile(
    r"^(?:advert|advertisement|ad|sponsored content|promoted content)\W*$|"
    r"^(?:\W\s*)?(?:to )?continue reading\b|"
    r"^the post .{3,200} appeared first on\b|^(?:this (?:article|story|post) )?(?:was )?"
    rf"originally (?:published|appeared|posted) (?:on|at|in|by)\b|^{_PROMPT}$",
    re.I,
)
_NOTICE_ANYWHERE = (
    ("turn on ", r"\bturn on (?:browser |push |desktop )?notifications\b"),
    ("you can ", r"\byou can (?:disable|turn off) notifications\b"),
    ("nbox", r"\b(?:delivered|sent) (?:straight |directly )?to your inbox\b"),
    ("letter", r"(?:^|[.!?>]\s*)(?:sign up|subscribe) (?:for|to) (?:\S+ ){0,6}newsletters?\b"),
    ("follow u", r"\bfollow us on (?:google news|twitter|x|facebook|instagram|telegram|whatsapp|"
                 r"linkedin|youtube|threads)\b"),
    ("nue", r"\b(?:article|story) continues (?:below|after)\b"),
    ("expre", r"\bopinions expressed (?:by|in) (?:\S+ ){1,6}(?:are|is) (?:their|his|her|the "
              r"author'?s?|solely (?:their|his|her)) own\b"),
    ("upport the ", r"\bsupport the (?:originator|original (?:author|publisher|source)|creator)s?"
                    r" by\b"),
)
_NOTICE = re.compile("|".join(pattern for _, pattern in _NOTICE_ANYWHERE), re.I)
# Fixed UI wording of comment forms, footers and post lists, chrome wherever it stands, even
# as a full sentence: as for notices, first the wording that opens a line, then the wording
# that may stand anywhere, each with a piece of it (no "i", "k" or "s") it cannot match without.
_UI_START = re.compile(
    r"copyright\s*(?:©|\(c\)|\d{4})|©|(?:posted|published|filed)\s+(?:in|under)\b|"
    r"(?:tags?|tagged|categor(?:y|ies)|topics?|share this(?: \w+)?|like this|"
    r"related(?: \w+)?|see also|more from [\w\s]+|about the author|sources?)\s*:|"
    r"(?:related|recommended|popular|trending|latest|more|similar)\s+(?:posts?|articles?|"
    r"stories|news|reads?|videos?|content|links)\W*$|"
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested)|"
    r"we(?:'ll|’ll| will| shall)\s+(?:contact|call|get back|reach|be in touch|respond)|"
    r"(?:leave|post|add|write) (?:a |your )?(?:comment|reply|review)|"
    r"\d+\s+(?:comments?|replies|responses|shares|likes|views)\W*$|"
    r"(?:previous|next|older|newer)\s+(?:post|article|story|entry)\b",
    re.I,
)
_UI_ANYWHERE = (
    ("your ema", r"your email address will not be published"),
    ("requ", r"required fields are marked"),
    ("rved", r"all rights reserved"),
    (" here", r"\bclick here\b"),
    ("chat w", r"\bchat with us\b"),
    ("call", r"\bcall\s?back\b"),
)
_UI = re.compile("|".join(pattern for _, pattern in _UI_ANYWHERE), re.I)
# Tags and keyword lines: "Tags: ...", "Keywords: ...", a row of hashtags.
_TAGS = re.compile(
    r"^(?:tags?|tagged(?: with)?|keywords?|topics?|filed under|related (?:topics|searches|"
    r"tags|keywords))\s*(?::|\s[-–])", re.I)
_HASHTAG = re.compile(r"(?<![\w#])#[^\W\d_][\w]*")
# Link text a page leaves inside a sentence: "a blog post, opens new tab".
_LINK_TEXT = re.compile(r"(?:,\s*|\()?opens (?:in )?(?:a )?new (?:tab|window)\)?", re.I)

_BYLINE_LABEL = re.compile(
    r"^(?:by|written by|posted by|words by|reported by|author|authored by)\s*:?$", re.I)
_NAME = r"[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|de|da|van|von|al|bin|del|la|le)){0,3}"
_BYLINE = re.compile(
    rf"^(?i:by|written by|posted by|words by|reported by|author|authored by)\s*:?\s+{_NAME}"
    rf"(?:\s*(?:,|\band\b|&)\s*{_NAME})?(?:\s*[|·•–—,-]\s*\S.*)?$"
)
_NAME_ONLY = re.compile(rf"^{_NAME}$")

_JOB = (
    r"reporter|correspondent|writer|editor|journalist|columnist|contributor|author|producer|"
    r"anchor|analyst|freelancer?|intern|blogger|critic|photographer|staffer|enthusiast|"
    r"expert|specialist|strategist|marketer|content creator"
)
_BIO = re.compile(
    rf"^{_NAME}\s+(?:is|was|has been|serves as)\s+(?:an?|the|our)\s+(?:\S+\s+){{0,5}}(?:{_JOB})s?"
    rf"\b|\bfollow (?:him|her|them|me) on (?:twitter|x|instagram|facebook|linkedin|threads|"
    rf"bluesky|mastodon)\b"
)
_SENTENCE_END = re.compile(r"[.!?…:;,][\"”’'»)\]]*$")
_MONTH_DAY = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d", re.I)
_ENDS_SENTENCE = re.compile(r"[.!?…][\"”’'»)\]]*$")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _headline(rest: str) -> bool:
    """The part after a link label reads as one headline: a few words, one sentence at most
    (a site name in brackets may follow: "... (example.com)")."""
    n = len(_words(rest))
    if not MIN_LINK_WORDS <= n <= MAX_LINK_WORDS:
        return False
    inner = rest.rstrip(".!?…\"”’' )")
    return not re.search(r"[a-z]{2}[.!?]\s+[A-Z]", inner)


def is_related_link(line: str) -> bool:
    """A link label and another story's headline: "READ ALSO: ...", "See also ...",
    "Watch: ...", "Video above: ..."."""
    m = _LINK_LINE.match(line)
    return m is not None and _headline(m.group("rest") or m.group("headline"))


def is_section_label(line: str) -> bool:
    """The heading of a list of other stories ("Popular stories on example.com", "More to
    read") or an advert marker ("Advert")."""
    return bool(_SECTION.match(line))


def is_notice(line: str, n_words: int | None = None) -> bool:
    """Sign-up, notification, advert or disclaimer wording in a line of at most
    ``MAX_NOTICE_WORDS`` words (``n_words``, where the caller has counted them)."""
    if n_words is None:
        n_words = len(_words(line))
    if n_words > MAX_NOTICE_WORDS:
        return False
    if _NOTICE_START.match(line):
        return True
    low = line.lower()
    return any(piece in low for piece, _ in _NOTICE_ANYWHERE) and bool(_NOTICE.search(line))


def is_ui_wording(line: str) -> bool:
    """Fixed UI wording: "Your email address will not be published", "All rights reserved",
    "Posted in ...", "Related posts", "Leave a comment", "Click here" (``chrome`` counts it in
    a line of at most ``chrome.MAX_UI_WORDS`` words)."""
    if _UI_START.match(line):
        return True
    low = line.lower()
    return any(piece in low for piece, _ in _UI_ANYWHERE) and bool(_UI.search(line))


def is_byline_label(line: str) -> bool:
    """"By" or "Author:" alone on a line (the name follows on the next)."""
    return bool(_BYLINE_LABEL.match(line))


def is_byline(line: str, after_label: bool = False) -> bool:
    """A byline: "By Jane Doe", "Author: Jane Doe | June 3"; with ``after_label`` (the line
    before is "By"), the name alone ("Jane Doe")."""
    if len(_words(line)) > MAX_BYLINE_WORDS or line.endswith("."):
        return False
    return bool(_BYLINE.match(line) or (after_label and _NAME_ONLY.match(line)))


def is_author_bio(line: str) -> bool:
    """A note about the writer: "Jane Doe is a senior reporter for ...", "Follow her on X"."""
    return len(_words(line)) <= MAX_NOTICE_WORDS and bool(_BIO.search(line))


def is_headline_line(line: str) -> bool:
    """Shaped like a headline: five to 25 words, no sentence end and no trailing comma, and
    not a label ("Posted in:"). It opens with a capital or a quote mark and has a lower-case
    word somewhere: rows of a table ("June 9 – Tampa, FL @ Amphitheatre"), bracketed notes
    ("(Graphic: ...)") and names in capitals are lists of another kind."""
    words = _words(line)
    if not MIN_HEADLINE_WORDS <= len(words) <= MAX_HEADLINE_WORDS or _SENTENCE_END.search(line):
        return False
    if not re.match(r"[\"“‘']?[A-Z]", line) or "@" in line or "\t" in line:
        return False
    if _MONTH_DAY.match(line) or re.match(r"[\w\s]{1,30}:\s+[a-z]", line):
        return False  # a date, or a definition-list item ("Reporting: which KPIs ...")
    if re.search(r"[a-z]{2}[.!?][\"”’']?\s", line):
        return False  # a sentence ends inside: a paragraph with something glued on
    return any(w[:1].islower() for w in words)


def is_tags(line: str) -> bool:
    """A tag or keyword line ("Tags: ...", "Keywords: ...") or a row of hashtags."""
    if _TAGS.match(line):
        return True
    if "#" not in line:
        return False  # no hashtag
    tags = _HASHTAG.findall(line)
    return bool(tags) and (len(tags) >= 2 or line == tags[0]) and 2 * len(tags) >= len(
        _words(line))


def is_keyword_line(line: str) -> bool:
    """An SEO keyword line: four or more search phrases of one to five words between commas
    or bars, mostly in lower case, with no sentence end ("best crypto exchange, bitcoin price
    today, ..."). A list of names is capitalised, a sentence has verbs and a full stop."""
    if _SENTENCE_END.search(line) and not line.endswith(","):
        return False
    items = [i.strip() for i in re.split(r"[,|]", line) if i.strip()]
    if len(items) < MIN_KEYWORDS or any(not 1 <= len(_words(i)) <= 5 for i in items):
        return False
    return 2 * sum(i[:1].islower() for i in items) >= len(items)


def inline_chrome(line: str) -> list[tuple[int, int, NewsKind]]:
    """Chrome inside a paragraph line, as ``(start, end, kind)``: a related-story link in
    brackets ("(RELATED: ...)") or after the line's last sentence ("... last winter. See also
    ..."), hashtags closing the line, and link text ("..., opens new tab")."""
    found: list[tuple[int, int, NewsKind]] = []
    if "(" in line or "[" in line:  # the brackets _BRACKETED opens with
        found += [(m.start(), m.end(), "related_link") for m in _BRACKETED.finditer(line)
                  if _headline(m.group()[1:-1].split(None, 1)[-1])]
    m = _AFTER_SENTENCE.search(line)
    if m and not any(a <= m.start("link") < b for a, b, _ in found):
        rest = re.sub(rf"^(?:{_COMPOUND_LABEL}|{_SINGLE_LABEL})\W*", "", m.group("link"),
                      flags=re.I)
        if _headline(rest):
            found.append((m.start("link"), m.end("link"), "related_link"))
    tags = _HASHTAGS_END.search(line) if "#" in line else None
    if tags:
        found.append((tags.start(1), tags.start(1) + len(tags.group(1).rstrip()), "tags"))
    # Under re.I only "n", "e", "w" and their capitals match "new": a line without "new " in
    # lower case has no link text (the pattern tries every position, lower() is one pass).
    if "new " in line.lower():
        found += [(m.start(), m.end(), "link_text") for m in _LINK_TEXT.finditer(line)]
    prompt = _PROMPT_END.search(line)
    if prompt and not any(a <= prompt.start(1) < b for a, b, _ in found):
        found.append((prompt.start(1), prompt.end(1), "notice"))
    return sorted(found)


# -- where each may stand --------------------------------------------------------------------


def line_kind(text: str, n_words: int | None = None) -> NewsKind | None:
    """Chrome wherever it stands: a related-story link or list heading, tags, a notice
    (``n_words``: the line's word count, where the caller has it)."""
    if is_related_link(text) or is_section_label(text):
        return "related_link"
    if is_tags(text):
        return "tags"
    return "notice" if is_notice(text, n_words) else None


def bylines(texts: Sequence[str], taken: Sequence[bool], sentence: Sequence[bool]
            ) -> dict[int, NewsKind]:
    """Bylines above the article's first sentence or below its last (``taken``: lines already
    chrome; ``sentence``: lines that read as article sentences). Between the two, "By Car"
    may be a sub-heading of a travel piece."""
    free = [i for i in range(len(texts)) if not taken[i]]
    first = min((i for i in free if sentence[i]), default=len(texts))
    last = max((i for i in free if sentence[i]), default=-1)
    out: dict[int, NewsKind] = {}
    for i, text in enumerate(texts):
        if taken[i] or i in out or first <= i <= last:
            continue
        if is_byline_label(text) and i + 1 < len(texts) and not taken[i + 1] and is_byline(
                texts[i + 1], after_label=True):
            out[i] = out[i + 1] = "byline"
        elif is_byline(text):
            out[i] = "byline"
    return out


def tail(texts: Sequence[str], taken: Sequence[bool]) -> dict[int, NewsKind]:
    """Below the article: author bios, bylines, keyword lines, and a run of
    ``MIN_HEADLINE_RUN`` or more headline-shaped lines after a line that ends a sentence (a
    list of other stories)."""
    out: dict[int, NewsKind] = {}
    run = []
    k = len(texts) - 1
    while k >= 0:
        text = texts[k]
        if taken[k]:
            pass
        elif is_author_bio(text) or is_byline(text):
            out[k] = "author_bio" if is_author_bio(text) else "byline"
        elif is_keyword_line(text):
            out[k] = "tags"
        elif is_headline_line(text):
            run.append(k)
        else:
            break
        k -= 1
    if len(run) >= MIN_HEADLINE_RUN and (k < 0 or _ENDS_SENTENCE.search(texts[k])):
        out.update(dict.fromkeys(run, "headlines"))
    return out
