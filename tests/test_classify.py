from conftest import ARTICLE, SPUN_ARTICLE

import unspun
from unspun.align import default_aligner
from unspun.classify import rewrite_features
from unspun.segment import segment


def _rewrite(copy: str, source: str = ARTICLE):
    (m,) = unspun.compare(copy, source).matches
    assert m.rewrite is not None
    return m.rewrite


def test_verbatim():
    rw = _rewrite(ARTICLE)
    assert rw.type == "verbatim"
    assert rw.confidence >= 0.9


def test_dropped_sentence_is_near_verbatim():
    seg = segment(ARTICLE)
    dropped = ARTICLE.replace(seg.sentence_text(3), "")
    rw = _rewrite(dropped)
    assert rw.type == "near_verbatim"
    assert dict(rw.features)["coverage_source"] < 1.0


def test_word_swaps_in_place_are_spun(thesaurus):
    rw = _rewrite(SPUN_ARTICLE)
    f = dict(rw.features)
    assert rw.type == "spun", f
    assert f["kept_share"] < 0.85 and f["substitution_share"] >= 0.6


def test_features_are_bounded():
    f = rewrite_features(unspun.compare(ARTICLE, ARTICLE).matches[0].alignment, ARTICLE, ARTICLE)
    assert f["kept_share"] == 1.0 and f["length_ratio"] == 1.0
    for key in ("coverage_copy", "coverage_source", "order", "kept_share"):
        assert 0.0 <= f[key] <= 1.0


def test_pair_types_show_where_the_copier_worked(thesaurus):
    seg = segment(ARTICLE)
    first, second = seg.sentence_text(1), seg.sentence_text(2)
    # One sentence spun word by word, one compressed to its core, the rest verbatim.
    spun_first = SPUN_ARTICLE.split("\n")[2]
    short = "Miriam Okafor said the project would create 3,100 jobs."
    copy = ARTICLE.replace(first, spun_first).replace(second, short)
    (m,) = unspun.compare(copy, ARTICLE).matches
    by_source = {p.source_sentences[0]: p.rewrite for p in m.alignment.pairs}
    assert by_source[0] == "verbatim" and by_source[3] == "verbatim"
    assert by_source[1] == "spun", by_source
    assert by_source[2] == "summary", by_source


def test_related_matches_have_no_rewrite_types():
    # Written independently about the same vote: shared names and numbers, other sentences.
    related = (
        "Dock workers in Port Kestrel reacted warily to the news.\n"
        "Miriam Okafor has chaired the authority since 2021 and backed the berths from the start.\n"
        "Fishermen say the Coastal Futures Trust has been the only group to listen to them.\n"
        "Several council members questioned whether 3,100 construction jobs was realistic.\n"
        "The vote on Tuesday came after two years of hearings and a long public consultation."
    )
    (m,) = unspun.compare(related, ARTICLE).matches
    assert m.verdict == "related"
    assert m.rewrite is None
    assert m.alignment.pairs and all(p.rewrite is None for p in m.alignment.pairs)



def test_only_a_copy_has_its_words_swapped(thesaurus):
    # The same alignment explained as a copy and as a related article: a related article
    # was not made from the source, so its differences are a word diff, never synonyms,
    # tortured phrases or mangled names.
    from dataclasses import replace

    from unspun.explain import explain_match

    aligner = default_aligner(dense=False)
    (m,) = unspun.compare(SPUN_ARTICLE, ARTICLE, aligner=aligner).matches
    assert m.verdict == "copy"
    flags = {f for p in m.alignment.pairs for e in p.edits for f in e.flags}
    assert "synonym" in flags
    as_related = explain_match(replace(m, verdict="related"), SPUN_ARTICLE, aligner.thesaurus,
                               aligner.languages)
    subs = [e for p in as_related.alignment.pairs for e in p.edits if e.op == "substitute"]
    assert subs and all(e.flags == ("other",) and e.expression is None for e in subs)


# A source whose long sentences carry the story and whose short ones add colour.
_LONG = [
    "The regional water board voted on Thursday to spend 84 million euros rebuilding the "
    "Lindqvist reservoir dam, which engineers found cracked in two places after the spring floods.",
    "Construction crews from three contractors will start draining the reservoir in August, and "
    "the board expects the work to take at least four years to finish.",
    "Farmers downstream, who rely on the reservoir for irrigation during dry summers, will "
    "receive temporary supplies from wells drilled near the village of Marsholm.",
]
_SHORT = [
    "Rain fell again overnight.",
    "The meeting ran late.",
    "Two members abstained.",
    "Tickets sold out quickly.",
    "A local bakery closed early.",
    "Nobody was hurt.",
    "Residents filled the hall.",
]
_STORY = [_LONG[0], _SHORT[0], _SHORT[1], _SHORT[2], _LONG[1], _SHORT[3], _SHORT[4],
          _SHORT[5], _LONG[2], _SHORT[6]]


def test_an_extractive_summary_of_the_longest_sentences_is_a_summary():
    source = "\n".join(_STORY)
    copy = "\n".join(_LONG)  # 3 of 10 sentences, from three places, but most of the words
    rw = _rewrite(copy, source)
    f = dict(rw.features)
    assert f["coverage_source"] > 0.5 > f["source_sentence_share"], f
    assert f["source_gaps"] >= 2
    assert rw.type == "summary", f


def test_one_block_of_a_source_stays_an_excerpt():
    source = "\n".join(_STORY)
    copy = "\n".join(_STORY[:5])  # the first half, in one piece
    rw = _rewrite(copy, source)
    assert dict(rw.features)["source_gaps"] == 0
    assert rw.type == "near_verbatim", dict(rw.features)
