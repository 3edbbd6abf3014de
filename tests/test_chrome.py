"""Page chrome in plain text: the seeds' furniture goes, article sentences never do."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ARTICLE, UNRELATED
from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.extract import chrome, chrome_news, normalise_plain
from unspun.extract.chrome import chrome_spans, strip_chrome

DEMO_SOURCES = sorted(
    (Path(__file__).resolve().parents[1] / "src" / "unspun" / "demo" / "corpus" / "sources")
    .glob("*.txt")
)
SEED_000 = "000_11c44ce9312f75e5.txt"
SEED_001 = "001_7c222306f526e159.txt"
TITLE_000 = "China quietly recruits overseas chip talent as US tightens curbs"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _removed_words(text: str) -> int:
    return sum(len(text[span.start : span.end].split()) for span, _ in chrome_spans(text))


# -- the seeds ---------------------------------------------------------------------------------


@pytest.mark.shared
def test_seed_000_site_name_titles_testimonials_and_forms_are_chrome(shared_dir):
    raw = (shared_dir / "seeds" / SEED_000).read_text(encoding="utf-8")
    body, removed = strip_chrome(normalise_plain(raw))
    assert _lines(body)[0] == TITLE_000
    assert body.count(TITLE_000) == 1
    for block in ("Universal Dream Services", TITLE_000, "We will contact", "Get a call back",
                  "Vikas Kumar", "Shaad Khan", "Vijnesh mathur", "Leave a Comment",
                  "Your email address will not be published. Required fields are marked *"):
        assert block in removed
    testimonials = [b for b in removed if "Universal" in b and len(b.split()) > 10]
    assert len(testimonials) == 3
    for gone in ("We will contact", "Get a call back", "My experience with", "Vikas Kumar",
                 "Leave a Comment", "Your email address"):
        assert gone not in body
    # Every article line between the titles and the call-back form is kept, in order.
    lines = _lines(raw)
    article = lines[lines.index(TITLE_000) + 4 : lines.index("We will contact")]
    assert len(article) == 40
    assert _lines(body)[1:] == article


@pytest.mark.shared
def test_seed_001_read_more_widget_and_chat_are_chrome(shared_dir):
    raw = (shared_dir / "seeds" / SEED_001).read_text(encoding="utf-8")
    body, removed = strip_chrome(normalise_plain(raw))
    assert removed == (
        "Read more at source", "Read more related article", "Leave a reply",
        "Your email address will not be published. Required fields are marked *",
        "cool good eh love2 cute confused notgood numb disgusting fail", "Chat With Us...",
    )
    lines = _lines(raw)
    assert _lines(body) == lines[: lines.index("Read more at source")]


# -- other pages, other wording ----------------------------------------------------------------

BLOG = """The Garden Ledger

Why tomatoes split after heavy rain

Tomatoes split when the fruit takes up water faster than its skin can stretch.
After a dry spell, a sudden downpour floods the plant, and ripening fruit cracks within a day.
Mulching the bed and watering deeply twice a week keeps the soil moisture even.
Varieties such as Mountain Merit and Juliet are bred to resist cracking.

Share this:
Twitter
Facebook
Like this:
Related posts
How to keep basil alive on a windowsill
Five herbs that survive a cold snap
Posted in Gardening, Vegetables
Subscribe to our newsletter
"""


def test_blog_share_bar_related_posts_and_newsletter_are_chrome():
    body, removed = strip_chrome(BLOG)
    # The site name stays: nothing on this page tells it from a kicker above the headline.
    assert _lines(body) == _lines(BLOG)[:6]
    assert {"Share this:", "Twitter", "Facebook", "Related posts",
            "How to keep basil alive on a windowsill", "Posted in Gardening, Vegetables",
            "Subscribe to our newsletter"} <= set(removed)


NEWS = """Home › News › Local

Harbour authority approves $2.4 billion expansion of Port Kestrel

The Port Kestrel Authority voted 7 to 2 on Tuesday to approve a $2.4 billion expansion.
Chair Miriam Okafor said the project would create about 3,100 construction jobs.

Advertisement

Environmental groups warned that dredging the channel could harm seagrass beds.
Construction is due to begin in early 2026.

Sign up for our morning briefing
12 Comments
Like · Reply · Share
👍 12   ❤️ 3   😂 1
"""


def test_news_breadcrumb_ad_label_comment_count_and_emoji_bar_are_chrome():
    body, removed = strip_chrome(NEWS)
    assert set(removed) == {"Home › News › Local", "Advertisement",
                            "Sign up for our morning briefing", "12 Comments",
                            "Like · Reply · Share", "👍 12   ❤️ 3   😂 1"}
    assert "Harbour authority approves" in _lines(body)[0]
    assert "Construction is due to begin in early 2026." in body


CLINIC = """Brightsmile Dental Clinic

Root canal treatment: what to expect

A root canal removes infected pulp from inside the tooth and seals it against new infection.
Most treatments take one or two visits of about ninety minutes each.

What our patients say

I was nervous about my treatment, but the whole team was so friendly and professional. Highly recommend this clinic!

Priya Raman

Excellent service from start to finish. The staff explained everything and made me feel comfortable. Thank you for the great care!

Tomasz Wielki

Book an appointment today
Call us back
"""


def test_testimonials_with_other_wording_are_chrome():
    body, removed = strip_chrome(CLINIC)
    assert "Priya Raman" in removed and "Tomasz Wielki" in removed
    assert any(b.startswith("I was nervous") for b in removed)
    assert any(b.startswith("Excellent service") for b in removed)
    assert "Book an appointment today" in removed
    assert "A root canal removes infected pulp" in body
    assert "Most treatments take one or two visits" in body


# -- what must stay ----------------------------------------------------------------------------

KEEPERS = """Spring vegetable soup

Add the leeks and stir for five minutes.
Get the stock to a simmer before the peas go in.
Ingredients
flour sugar butter eggs vanilla
Call the dish done when the peas are bright green.

"The staff were wonderful and so helpful, I recommend them to everyone," said Ana Ruiz.
Ana Ruiz
Pros
- Easy to make
Cons
- Peas overcook quickly
"""


def test_article_sentences_headings_lists_and_quotes_stay():
    body, removed = strip_chrome(KEEPERS)
    assert removed == ()
    assert body == KEEPERS


@pytest.mark.parametrize("text", [ARTICLE, UNRELATED])
def test_plain_articles_lose_nothing(text):
    assert strip_chrome(text) == (text, ())


@pytest.mark.parametrize("path", DEMO_SOURCES, ids=lambda p: p.stem)
def test_demo_sources_lose_nothing(path):
    text = path.read_text(encoding="utf-8")
    assert chrome_spans(text) == ()


@pytest.mark.shared
def test_zyte_article_bodies_lose_almost_nothing(shared_dir):
    """The Zyte ground-truth bodies are article text only; what we remove is counted as lost.

    Measured: 0.11% of 132k words, all of it UI lines the annotators kept ("Buy Now", "See it
    now: Amazon", "© Reuters", "Originally published on Live Science.", a row of hashtags) in
    16 of 181 pages; the most on one page is 44 of 845 words (eleven "See it now: Amazon"
    lines)."""
    data = json.loads((shared_dir / "corpora" / "scrapinghub-aeb" / "ground-truth.json")
                      .read_text(encoding="utf-8"))
    bodies = [data[k].get("articleBody") or "" for k in sorted(data)]
    total = sum(len(b.split()) for b in bodies)
    removed = sum(_removed_words(b) for b in bodies)
    share = removed / total
    print(f"zyte: {removed}/{total} article words removed ({share:.3%})")
    assert share < 0.002
    for b in bodies:  # no page loses more than a sliver
        assert _removed_words(b) <= max(25, 0.06 * len(b.split()))


# -- news-page chrome (chrome_news) -----------------------------------------------------------

FERRY = """Ferry operator fined over late sailings on the Kestrel route

By
Jane Okafor

The Kestrel Ferry Company was fined $180,000 on Monday for cancelling 412 sailings last winter.
READ ALSO: Harbour Board Names New Chair After Vote
The regulator said passengers had been left stranded on 37 days, a record for the route. (RELATED: Council Opens Inquiry Into Ferry Delays)
Story continues below advertisement
Advert
The company said a new vessel would enter service in March, in a statement, opens new tab, on Monday.
Watch: Ferry chief apologises to stranded passengers
Fares will be frozen until the end of next year. See also Island bus timetable changes from June
Never miss a sailing update: turn on push notifications for The Ledger. Later Allow
Passenger groups welcomed the fine but said it came too late. #KestrelFerry #Ferries
Jane Okafor is the Ledger's transport reporter; she has covered the ports since 2015.
Tags: ferries, Kestrel, transport
Dredging of the north channel resumes after court ruling
Lighthouse keeper's cottage opens to visitors for the first time
City council approves new cycle lanes on the harbour road
"""


def test_news_chrome_links_notices_bylines_bios_tags_and_headline_lists_go():
    body, removed = strip_chrome(FERRY)
    for line in ("By", "Jane Okafor", "READ ALSO: Harbour Board Names New Chair After Vote",
                 "(RELATED: Council Opens Inquiry Into Ferry Delays)",
                 "Story continues below advertisement", "Advert", ", opens new tab",
                 "Watch: Ferry chief apologises to stranded passengers",
                 "See also Island bus timetable changes from June", "#KestrelFerry #Ferries",
                 "Jane Okafor is the Ledger's transport reporter; she has covered the ports "
                 "since 2015.",
                 "Tags: ferries, Kestrel, transport",
                 "Dredging of the north channel resumes after court ruling",
                 "City council approves new cycle lanes on the harbour road"):
        assert line in removed, line
    assert any(b.startswith("Never miss a sailing update") for b in removed)
    # The article's sentences stay whole, the in-line links cut out of them.
    assert _lines(body) == [
        "Ferry operator fined over late sailings on the Kestrel route",
        "The Kestrel Ferry Company was fined $180,000 on Monday for cancelling 412 sailings "
        "last winter.",
        "The regulator said passengers had been left stranded on 37 days, a record for the "
        "route.",
        "The company said a new vessel would enter service in March, in a statement, on Monday.",
        "Fares will be frozen until the end of next year.",
        "Passenger groups welcomed the fine but said it came too late.",
    ]


SIGNUPS = """Harbour vote passes after a long night

The council approved the expansion at 2 a.m. after nine hours of debate.
Sign up for The Ledger's morning newsletter and get the day's harbour news first.
Opinions expressed in this column are the author's own.
→ Continue reading at Harbour TV
Popular stories on ledger-news.com
Most read
Support the original author by visiting their site.
The post Harbour vote passes appeared first on The Ledger.
"""


def test_signup_disclaimer_teaser_and_autoblog_lines_go():
    body, removed = strip_chrome(SIGNUPS)
    assert _lines(body) == _lines(SIGNUPS)[:2]
    assert len(removed) == len(_lines(SIGNUPS)) - 2


TEASER = """Harbour vote passes after a long night

The council approved the expansion at 2 a.m. after nine hours of debate. What are your thoughts?
Log in or register to comment
#PortKestrel
port kestrel news, harbour expansion vote, kestrel ferry times, dredging news today
"""


def test_reader_prompt_login_link_hashtag_and_keyword_line_go():
    body, removed = strip_chrome(TEASER)
    assert _lines(body) == ["Harbour vote passes after a long night",
                            "The council approved the expansion at 2 a.m. after nine hours of "
                            "debate."]
    assert removed[0] == "What are your thoughts?"
    assert len(removed) == 4


NEWS_KEEPERS = """Getting to the island

The ferry leaves from the north pier every two hours in summer.
By Car
The causeway is open at low tide, and the crossing takes about ten minutes.
Video: 4K/30p with no crop
The harbour is larger than it looks on the map (read: a much larger space) and busy all day.
Stay informed: follow local news sources, subscribe to the council newsletter and check the tides.
Watch for ice on the causeway in winter, the council warned.
Jane Okafor is a transport correspondent who has covered the route since 2015, and she said the ferry was late on 37 days.
The #1 seed lost in the first round, a shock to the club.
Read the council's report before the meeting on Monday.
Where to stay on the island
The guesthouse on the quay has six rooms and opens in May
"""


def test_sub_headings_specs_prose_and_a_cut_last_paragraph_stay():
    body, removed = strip_chrome(NEWS_KEEPERS)
    assert removed == ()
    assert body == NEWS_KEEPERS


TOUR = """The band announced a summer tour on Friday.

June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre
June 10 – Tampa, FL @ Bayside Amphitheatre
June 14 – Alpharetta, GA @ Ridge Bank Amphitheatre
"""


def test_table_rows_after_the_last_sentence_are_not_headlines():
    assert strip_chrome(TOUR) == (TOUR, ())


# -- invariants --------------------------------------------------------------------------------

_LINE = st.one_of(
    st.sampled_from(["Share this:", "Read more at source", "Vikas Kumar", "Advertisement",
                     "READ ALSO: Council Opens Inquiry Into Ferry Delays", "By", "Jane Okafor",
                     "The fine came late. (RELATED: Harbour Board Names New Chair)",
                     "The fine came late. #Ferries #Kestrel", "a statement, opens new tab",
                     "cool good eh love2 cute confused", "Get a call back", "", "   ",
                     "The committee met on Tuesday and approved the plan.",
                     "I loved the wonderful, professional and friendly team service."]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"),
            max_size=60),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=25))
def test_spans_lie_in_lines_and_output_keeps_the_rest_in_order(lines):
    text = "\n".join(lines)
    spans = chrome_spans(text)
    whole = 0
    for span, kind in spans:
        block = text[span.start : span.end]
        assert block == block.strip() and block and "\n" not in block
        line_start = text.rfind("\n", 0, span.start) + 1
        line_end = text.find("\n", span.end) % (len(text) + 1)
        if text[line_start:line_end].strip() == block:
            whole += 1
        else:  # only links, tags and link text are cut out of a line
            assert kind in ("related_link", "tags", "link_text")
    body, removed = strip_chrome(text)
    kept = _lines(body)
    source = _lines(text)
    assert set(removed) <= {text[s.start : s.end] for s, _ in spans}
    assert len(kept) + whole == len(source)
    it = iter(source)  # kept lines appear in order (a line cut in place is a prefix of its own)
    assert all(any(src.startswith(line.split(" (")[0].split("#")[0].strip()) for src in it)
               for line in kept)


# -- fast paths: the same answers as the plain forms -------------------------------------------

_WORDING = st.lists(st.sampled_from([
    "turn on push", "notifications", "you can disable", "delivered straight", "to your",
    "inbox", "İnbox", "ınbox", "SUBSCRIBE", "ſubscribe", "sign up for", "our", "newsletter",
    "Follow us on Twitter", "Story continues below", "opinions expressed by", "the writer",
    "are their own", "Support the creators by", "Advert", "To continue reading", "The post",
    "appeared first on", "Originally published on", "What do you think?", "See also",
    "READ:", "Harbour Board Names New Chair", "#Ferries", "#Kestrel", "opens in a NEW TAB",
    ".", "!", ">", "”", " ", "\t", "KELVIN", "Kelvin", "late. #Ferries #Kestrel",
    "late. What do you think?", "late!  Let us know in the comments", "late.” Watch now:",
]), max_size=8).map(" ".join)


def test_chrome_counts_the_words_chrome_news_counts():
    assert chrome._WORD.pattern == chrome_news._WORD.pattern  # line_kind gets the count


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_LINE, _WORDING, st.text(alphabet="aZ ſİıKé.-’\u00a0ﬁ½", max_size=20)),
                max_size=8))
def test_line_key_is_key_of_its_text(lines):
    for line in chrome._lines("\n".join(lines)):
        assert line.key == chrome._key(line.text)


def test_notice_wording_pieces_are_literal_and_safe_under_ignorecase():
    for piece, pattern in chrome_news._NOTICE_ANYWHERE:
        assert piece == piece.lower() and piece in pattern and not set(piece) & set("iks")


@settings(max_examples=500, deadline=None)
@given(_WORDING)
def test_is_notice_is_one_search_of_all_the_wording(line):
    plain = re.compile("|".join([p for _, p in chrome_news._NOTICE_ANYWHERE]
                                + [chrome_news._NOTICE_START.pattern]), re.I)
    assert chrome_news.is_notice(line, 0) == bool(plain.search(line))


def _looking_behind(pattern: re.Pattern[str]) -> re.Pattern[str]:
    end = r'[.!?\"”’]'
    assert pattern.pattern.startswith(end)
    return re.compile(f"(?<={end}){pattern.pattern[len(end):]}", pattern.flags)


@settings(max_examples=500, deadline=None)
@given(_WORDING)
def test_inline_patterns_find_what_their_lookbehind_forms_find(line):
    for pattern, group in ((chrome_news._AFTER_SENTENCE, "link"),
                           (chrome_news._PROMPT_END, 1), (chrome_news._HASHTAGS_END, 1)):
        fast, plain = pattern.search(line), _looking_behind(pattern).search(line)
        assert (fast and fast.span(group)) == (plain and plain.span(group))
    if chrome_news._LINK_TEXT.search(line):
        assert "new " in line.lower()


def test_ui_wording_pieces_are_literal_and_safe_under_ignorecase():
    for piece, pattern in chrome_news._UI_ANYWHERE:
        assert piece == piece.lower() and piece in pattern and not set(piece) & set("iks")


_UI_LINE = st.lists(st.sampled_from([
    "Your email address will not be published", "YOUR EMAİL", "required fields are marked",
    "All rights reſerved", "all rights reserved", "Copyright 2024", "©", "Posted in", "News",
    "Tags:", "Related posts", "You may also like", "We'll call back", "Leave a reply", "12",
    "comments", "Next post", "click here", "CLICK HERE", "chat with us", "call back", "callback",
    "Subscribe", "Get a call back", "Read more at source", "Share this", "US", "Contact US",
    "Like · Reply · Share", "a | b | c", "x > y > z", "cool good eh love2 cute", "👍 12 ❤️ 3",
    "www.example.com", "http://x.io", "@jane", "+44 20 7946 0958", "555-123-4567", "-", "•",
    ".", ":", " ", "\t", "ı", "K", "the", "Vikas Kumar",
]), min_size=1, max_size=6).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(_UI_LINE)
def test_ui_wording_is_one_search_of_all_the_wording(line):
    plain = re.compile("|".join([f"^(?:{chrome_news._UI_START.pattern})"]
                                + [p for _, p in chrome_news._UI_ANYWHERE]), re.I)
    assert chrome_news.is_ui_wording(line) == bool(plain.search(line))


def _plain_call_to_action(line) -> bool:  # the links first, as the rule reads
    n = len(line.words)
    if n == 0 or n > chrome.MAX_UI_WORDS:
        return False
    if chrome._LINKISH.search(line.text) or chrome._PHONE.search(line.text):
        return False
    if chrome_news.is_ui_wording(line.text):
        return True
    body = re.sub(r"\bUS\b", "U.S.", line.text.lstrip("-–—•*>#→▶ \t"))
    if n > chrome.MAX_CTA_WORDS or not (chrome._CTA_ALONE.match(body) or chrome._CTA.match(body)):
        return False
    if chrome._CTA_ALONE.match(body):
        return True
    rest = body.split(None, 1)[1] if " " in body else ""
    return bool(chrome._CTA_OBJECT.search(rest))


def _plain_bar(line) -> bool:
    if line.is_sentence or chrome._LINKISH.search(line.text):
        return False
    emoji = sum(chrome._is_emoji(ch) for ch in line.text)
    if emoji >= 2 and 2 * emoji >= sum(not w.isdigit() for w in line.words):
        return True
    items = [p for p in chrome._SEPARATORS.split(line.text) if p.strip()]
    return len(items) >= 3 and all(len(chrome._WORD.findall(p)) <= 3 for p in items)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_UI_LINE, _LINE), max_size=6))
def test_link_tests_last_give_the_answers_of_link_tests_first(lines):
    for line in chrome._lines("\n".join(lines)):
        assert chrome._is_call_to_action(line) == _plain_call_to_action(line)
        assert chrome._is_bar(line) == _plain_bar(line)
        if chrome._LINKISH.search(line.text):
            assert not chrome._is_reaction_row(line)
