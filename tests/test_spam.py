"""Injected content: the seed's keyword stuffing and lorem ipsum, the generator's spam, and no
findings on clean articles."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import ARTICLE, UNRELATED
from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.devdata import SynthCopy, generate_copies, generate_dataset
from unspun.devdata.scoring import match_spans
from unspun.explain.spam import INJECTED_KINDS, find_injected
from unspun.extract import normalise_plain
from unspun.extract.chrome import strip_chrome
from unspun.lexicon import Thesaurus

DEMO_SOURCES = sorted(
    (Path(__file__).resolve().parents[1] / "src" / "unspun" / "demo" / "corpus" / "sources")
    .glob("*.txt")
)
KEYWORD = "best immigration consultants in delhi."
LOREM = ("ipsum dolor sit amet, consectetur adipiscing elit. Ut elit tellus, luctus nec "
         "ullamcorper mattis, pulvinar dapibus leo.")


def _spans(text: str, **kw) -> list[tuple[int, int, str]]:
    return [(x.span.start, x.span.end, x.kind) for x in find_injected(text, **kw)]


def _precision_recall(copies: list[SynthCopy]) -> dict[str, tuple[float, float]]:
    """Span precision and recall per kind (and "all"): same kind, IoU >= 0.5, one to one."""
    found: Counter[str] = Counter()
    truth: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for c in copies:
        pred = _spans(c.text)
        gold = [(g.start, g.end, g.kind) for g in c.injected]
        found.update(k for _, _, k in pred)
        truth.update(k for _, _, k in gold)
        hits.update(pred[i][2] for i, _ in match_spans(pred, gold))
    out = {k: (hits[k] / max(found[k], 1), hits[k] / max(truth[k], 1)) for k in truth}
    out["all"] = (sum(hits.values()) / max(sum(found.values()), 1),
                  sum(hits.values()) / sum(truth.values()))
    return out


# -- the seeds ---------------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.parametrize("strip", [False, True], ids=["raw", "chrome_stripped"])
def test_seed_000_every_keyword_and_the_lorem_ipsum(shared_dir, strip):
    text = (shared_dir / "seeds" / "000_11c44ce9312f75e5.txt").read_text(encoding="utf-8")
    if strip:
        text = strip_chrome(normalise_plain(text))[0]
    found = find_injected(text)
    assert [(x.kind, x.text) for x in found] == [
        ("filler", LOREM), *[("keyword_stuffing", KEYWORD)] * 4
    ]
    # Exact offsets, and all four occurrences in the text.
    assert all(text[x.span.start : x.span.end] == x.text for x in found)
    assert text.count("best immigration consultants in delhi") == 4
    # The filler is glued to "responsiveness." with no space; the span starts at "ipsum".
    lorem = found[0]
    assert text[lorem.span.start - 15 : lorem.span.start] == "responsiveness."


@pytest.mark.shared
def test_seed_001_has_nothing_injected(shared_dir):
    text = (shared_dir / "seeds" / "001_7c222306f526e159.txt").read_text(encoding="utf-8")
    assert find_injected(text) == ()


# -- clean articles: no findings ---------------------------------------------------------------


@pytest.mark.parametrize("path", DEMO_SOURCES, ids=lambda p: p.stem)
def test_demo_sources_have_nothing_injected(path):
    assert find_injected(path.read_text(encoding="utf-8")) == ()


@pytest.mark.parametrize("text", [ARTICLE, UNRELATED])
def test_plain_articles_have_nothing_injected(text):
    assert find_injected(text) == ()


@pytest.mark.shared
def test_zyte_article_bodies_have_almost_nothing_injected(shared_dir):
    """Measured: 1 of the 181 bodies has a finding ("Sale price withheld at the manufacturer's
    request.", off-topic, in a deals post)."""
    data = json.loads((shared_dir / "corpora" / "scrapinghub-aeb" / "ground-truth.json")
                      .read_text(encoding="utf-8"))
    bodies = [data[k].get("articleBody") or "" for k in sorted(data)]
    flagged = [b for b in bodies if find_injected(b)]
    print(f"zyte: {len(flagged)}/{len(bodies)} clean bodies with a finding")
    assert len(flagged) / len(bodies) <= 0.02


SITE_LINKS = """my6sense raises $6 million for its native advertising platform

my6sense, a startup that places native ads on publisher sites, has raised $6 million.
The company said the money will fund hiring in Tel Aviv and New York.
Publishers using my6sense include several large news sites in Europe.
For more information, please visit www.my6sense.com.
Tickets for the company's developer day go on sale Friday at My6senseEvents.com."""


def test_an_articles_own_links_are_not_spam():
    assert find_injected(SITE_LINKS) == ()


# -- each kind, by hand ------------------------------------------------------------------------


def test_keyword_glued_to_paragraph_ends_and_after_a_heading():
    text = ("Harbour expansion approved\n\n"
            "The authority voted 7 to 2 on Tuesday. top packers and movers in toronto.\n\n"
            "Dredging could harm seagrass beds, environmental groups warned.\n\n"
            "Construction timeline top packers and movers in toronto.\n\n"
            "Work begins in 2026 if the ministry grants a permit. top packers and movers in "
            "toronto.")
    found = find_injected(text)
    assert [x.text for x in found] == ["top packers and movers in toronto."] * 3
    assert {x.kind for x in found} == {"keyword_stuffing"}


def test_single_lowercase_commercial_unit_glued_on_is_stuffing():
    text = ("The council approved the budget on Wednesday. cheap replica watches online. "
            "Libraries in Eastgate and Millbrook will stay open.")
    assert _spans(text) == [(46, 75, "keyword_stuffing")]


def test_repeated_capitalised_sentence_in_an_article_is_not_stuffing():
    text = ('"We got her." The officer said it twice. "We got her." Then the crowd cheered.\n\n'
            "Rest Day\n\nDay 3. Rest Day\n\nDay 5. Rest Day")
    assert find_injected(text) == ()


def test_placeholder_and_other_lorem_passages_are_filler():
    text = ("The museum reopens in May.\n\nClick edit button to change this text.\n\n"
            "Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium "
            "doloremque.\n\nThe plan was approved in situ by the board, ad hoc.")
    found = find_injected(text)
    assert [(x.kind, x.text) for x in found] == [
        ("filler", "Click edit button to change this text."),
        ("filler", "Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium "
                   "doloremque."),
    ]


def test_link_and_contact_spam():
    text = (ARTICLE + "\n\nWhatsApp us on +44 86111 20044 for gaming chairs at wholesale prices."
            "\n\nContact quickbuyhub@gmail.com for guaranteed seo services results.")
    found = find_injected(text)
    assert [x.kind for x in found] == ["link_spam", "link_spam"]
    assert found[0].text.startswith("WhatsApp us") and found[1].text.endswith("results.")


def test_off_topic_commercial_sentence():
    advert = "Our agency offers affordable car insurance deals and premium loans for every budget."
    lines = ARTICLE.split("\n")
    text = "\n".join([*lines[:4], advert, *lines[4:]])
    found = find_injected(text)
    assert [(x.kind, x.text) for x in found] == [("off_topic", advert)]


# -- with a source -----------------------------------------------------------------------------


def test_outside_the_aligned_text_a_bare_link_is_enough():
    copy = ARTICLE + "\n\nMore at harbourwatchers.net."
    assert find_injected(copy) == ()  # intrinsic: no sales cue, nothing to say
    aligned = [(0, len(ARTICLE))]
    found = find_injected(copy, aligned, source=ARTICLE)
    assert [(x.kind, x.text) for x in found] == [("link_spam", "More at harbourwatchers.net.")]


def test_with_the_source_a_spliced_unit_needs_no_sales_cue():
    first = ARTICLE.index("Chair Miriam")
    copy = ARTICLE[:first - 1] + " harbour news daily update." + ARTICLE[first - 1 :]
    assert find_injected(copy) == ()  # lower case but nothing commercial: not enough alone
    found = find_injected(copy, [(0, len(copy))], source=ARTICLE)
    assert [(x.kind, x.text) for x in found] == [("keyword_stuffing", "harbour news daily update.")]


def test_with_the_source_a_new_link_or_a_foreign_advert_is_enough():
    copy = (ARTICLE + "\n\nMore pictures at harbourwatchers.net."
            "\n\nThe finest gardening tools for every allotment are on sale this spring.")
    assert find_injected(copy) == ()
    found = find_injected(copy, source=ARTICLE)
    assert [x.kind for x in found] == ["link_spam", "off_topic"]


def test_what_the_source_says_is_never_injected():
    source = ARTICLE + "\n\nBook cheap flights online at flyfast4u.com today."
    assert [x.kind for x in find_injected(source)] == ["link_spam"]
    assert find_injected(source, [(0, len(source))], source=source) == ()


# -- generated spam ----------------------------------------------------------------------------


def test_generated_spam_copies_are_found_with_precision_and_recall_over_90():
    sources = [(p.stem, p.read_text(encoding="utf-8")) for p in DEMO_SOURCES]
    sources.append(("conftest-article", ARTICLE))
    copies = generate_dataset(sources, ["spam", "spam"], 7, Thesaurus(None, None))
    scores = _precision_recall(copies)
    assert scores["all"][0] >= 0.9 and scores["all"][1] >= 0.9, scores
    for kind in ("keyword_stuffing", "filler", "link_spam"):
        assert scores[kind][0] >= 0.9 and scores[kind][1] >= 0.9, (kind, scores)


@pytest.mark.shared
@pytest.mark.slow  # quality gate on 100 real articles (~5 s); the generated-copy test above is its fast version
def test_generated_spam_copies_of_zyte_bodies(shared_dir):
    """100 spam copies of real articles (lightly spun with the Debian thesaurus where it is
    installed): span precision and recall >= 0.9 per kind. Measured: 1.00 / 0.99."""
    data = json.loads((shared_dir / "corpora" / "scrapinghub-aeb" / "ground-truth.json")
                      .read_text(encoding="utf-8"))
    bodies = [(k, data[k].get("articleBody") or "") for k in sorted(data)]
    bodies = [(k, b) for k, b in bodies if len(b.split()) >= 150][:100]
    th = Thesaurus()
    copies = generate_dataset(bodies, ["spam"], 13, th if th.available else Thesaurus(None, None))
    scores = _precision_recall(copies)
    print({k: tuple(round(v, 3) for v in pr) for k, pr in scores.items()})
    for kind in ("keyword_stuffing", "filler", "link_spam", "all"):
        assert scores[kind][0] >= 0.9 and scores[kind][1] >= 0.9, (kind, scores)


def test_spun_spam_copy_with_a_thesaurus(thesaurus):
    copy = generate_copies("article", ARTICLE, ["spam"], 3, thesaurus)[0]
    pred = _spans(copy.text)
    gold = [(g.start, g.end, g.kind) for g in copy.injected]
    assert len(match_spans(pred, gold)) == len(gold) == len(pred)


# -- evaluation helper and invariants ----------------------------------------------------------


def test_match_spans_is_one_to_one_by_overlap_and_kind():
    pred = [(0, 10, "filler"), (20, 30, "link_spam"), (40, 50, "keyword_stuffing")]
    gold = [(0, 12, "filler"), (0, 10, "filler"), (22, 30, "off_topic"),
            (41, 70, "keyword_stuffing")]
    assert match_spans(pred, gold) == [(0, 1)]
    assert match_spans(pred, gold, same_kind=False) == [(0, 1), (1, 2)]
    assert match_spans(pred, gold, 0.3) == [(0, 1), (2, 3)]


_PIECES = st.sampled_from([
    "The board met on Tuesday.", "best dentist in dubai.", "Lorem ipsum dolor sit amet.",
    "Visit www.shop4u.com for cheap shoes!", "\n\n", "\n", " ", "U.S. officials said.",
    "Call +91 98765 43210 now.", "cheap flights online.", "“Quoted.”",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=30)), max_size=20))
def test_spans_are_exact_in_bounds_sorted_and_disjoint(pieces):
    text = " ".join(pieces)
    found = find_injected(text)
    prev_end = 0
    for x in found:
        assert 0 <= x.span.start < x.span.end <= len(text)
        assert text[x.span.start : x.span.end] == x.text == x.text.strip()
        assert x.kind in INJECTED_KINDS
        assert x.span.start >= prev_end
        prev_end = x.span.end


# -- link farms and what a copy past its source's text may say ---------------------------------

_PARAS = ARTICLE.split("\n")
FARM = "\n".join([
    *_PARAS[:4],
    "- lucky spin deposit",
    "- https://gutterpros-example.com.au/our-work/",
    "- jackpot maxwin online",
    "- https://www.poolcare-example.net/gallery/",
    *_PARAS[4:],
])


def test_a_block_of_foreign_links_and_anchors_is_a_link_farm():
    found = find_injected(FARM)
    assert [x.kind for x in found] == ["link_spam"] * 4
    assert [x.text for x in found] == FARM.split("\n")[4:8]


def test_a_reference_list_is_not_a_link_farm():
    refs = ARTICLE + "\n\nSources\n- https://www.portkestrel.org/expansion/\n" \
        "- https://www.coastalfutures.org/seagrass/\n- https://www.seagrass-survey.net/2024/"
    assert find_injected(refs) == ()


def test_a_reported_link_takes_its_anchors_with_it_but_not_the_date():
    top = "Free Spins Casino\nhot slots tonight\nhttps://www.spinwin88.com\nSunday, March 2, 2025\n"
    copy = top + ARTICLE
    aligned = [(len(top), len(copy))]  # the article aligns to its source, the block does not
    found = find_injected(copy, aligned, source=ARTICLE)
    assert [x.text for x in found] == top.split("\n")[:3]
    assert {x.kind for x in found} == {"link_spam"}


def test_past_the_source_a_business_sentence_or_a_phone_line_is_not_spam():
    # A copy often runs on past the end of its source's text; that text is unaligned but is
    # still the article: a lone sales word or a contact number is not an advert.
    extra = ("\n\nRising freight prices have squeezed shipping lines across the northern "
             "routes this year.\nEmergency harbour line: +44 1632 960 123")
    copy = ARTICLE + extra
    aligned = [(0, len(ARTICLE))]
    assert find_injected(copy, aligned, source=ARTICLE) == ()
    advert = copy + "\n\nShop now for garden tools at our spring sale in Millbrook."
    found = find_injected(advert, aligned, source=ARTICLE)
    assert [(x.kind, x.text) for x in found] == [
        ("off_topic", "Shop now for garden tools at our spring sale in Millbrook.")]
