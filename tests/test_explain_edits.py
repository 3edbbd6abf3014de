"""Token edit scripts inside aligned pairs: offsets, phrase merging, flags, ranking."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.explain import Edit, TorturedPhrases, diff, edit_script, rank_evidence
from unspun.lexicon import load_tortured_phrases
from unspun.records import Span
from unspun.segment import segment


def _script(source: str, copy: str, thesaurus=None, **kw) -> tuple[Edit, ...]:
    return edit_script(copy, (0, len(copy)), source, (0, len(source)), thesaurus, **kw)


def _assert_offsets(edits, copy: str, source: str) -> None:
    for e in edits:
        assert copy[e.copy_start : e.copy_end] == e.copy_text
        assert source[e.source_start : e.source_end] == e.source_text


def _subs(edits) -> dict[str, Edit]:
    return {e.source_text: e for e in edits if e.op == "substitute"}


# -- alignment and offsets -------------------------------------------------------------------


def test_offsets_are_absolute_in_both_texts():
    source = "HEADER\nChina sought to recruit top scientists. Another sentence."
    copy = "Some intro. China sought to select tip researchers. Trailing text."
    c0 = copy.index("China")
    s0 = source.index("China")
    c1 = copy.index("Trailing") - 1
    s1 = source.index("Another") - 1
    edits = edit_script(copy, (c0, c1), source, Span(s0, s1))
    _assert_offsets(edits, copy, source)
    assert [(e.op, e.source_text, e.copy_text) for e in edits] == [
        ("substitute", "recruit top scientists", "select tip researchers")
    ]
    assert all(s0 <= e.source_start <= e.source_end <= s1 for e in edits)
    assert all(c0 <= e.copy_start <= e.copy_end <= c1 for e in edits)


def test_adjacent_token_edits_merge_into_one_phrase():
    source = "China sought to recruit top foreign-trained scientists under a program."
    copy = "China sought to recruit tip unfamiliar prepared researchers under a program."
    edits = _script(source, copy)
    assert len(edits) == 1
    e = edits[0]
    assert e.op == "substitute"
    assert e.source_text == "top foreign-trained scientists"
    assert e.copy_text == "tip unfamiliar prepared researchers"


def test_kept_punctuation_separates_phrases_and_punctuation_changes_are_silent():
    source = "Prices rose, wages fell; the bank said."
    copy = "Costs rose, earnings fell: the bank said."
    edits = _script(source, copy)
    assert [(e.source_text, e.copy_text) for e in edits] == [("Prices", "Costs"),
                                                               ("wages", "earnings")]


def test_insertions_and_deletions_sit_at_the_edit_point():
    source = "The authority said it would spend money on restoration."
    copy = "The authority said it would quickly spend money."
    edits = _script(source, copy)
    _assert_offsets(edits, copy, source)
    ins = next(e for e in edits if e.op == "insert")
    dele = next(e for e in edits if e.op == "delete")
    assert ins.copy_text == "quickly" and ins.source_start == ins.source_end
    assert source[: ins.source_start].endswith("would")
    assert dele.source_text == "on restoration" and dele.copy_start == dele.copy_end
    assert copy[: dele.copy_start].endswith("money")
    assert ins.flags == () and dele.flags == ()


def test_changed_tokens_pair_up_rather_than_split_into_insert_and_delete():
    # Longest-block matching would keep the first "the" and report delete + insert.
    edits = _script("alpha the beta", "the gamma the beta")
    assert [(e.op, e.source_text, e.copy_text) for e in edits] == [
        ("substitute", "alpha", "the gamma")
    ]


def test_identical_and_case_only_changes_give_no_edits():
    text = "Officials said on Tuesday that the plan, worth $2 billion, would proceed."
    assert _script(text, text) == ()
    assert _script(text, text.upper().replace("$2", "$2")) == ()


def test_keeps_are_runs_when_asked_for():
    source = "one two three four five"
    copy = "one two THIRD four five"
    edits = _script(source, copy, include_keeps=True)
    assert [e.op for e in edits] == ["keep", "substitute", "keep"]
    assert edits[0].copy_text == "one two" and edits[2].source_text == "four five"
    assert all(e.op != "keep" for e in _script(source, copy))


# -- property: random token edits ------------------------------------------------------------

_VOCAB = ["the", "a", "of", "China", "talent", "program", "said", "top", "U.S.", "2019",
          "researchers", "plan", "Nick", "Marro", "x", "y"]
_PUNCT = ["", "", "", ",", ";", "."]


@st.composite
def _edited_pair(draw):
    n = draw(st.integers(0, 30))
    source = [draw(st.sampled_from(_VOCAB)) + draw(st.sampled_from(_PUNCT)) for _ in range(n)]
    copy: list[str] = []
    untouched = 0  # tokens (words and punctuation) the edits left in place
    for word in source:
        op = draw(st.sampled_from(["keep", "keep", "keep", "sub", "ins", "del"]))
        if op in ("keep", "ins"):
            copy.append(word)
            untouched += len(diff.tokenize(word, 0, len(word)))
        if op == "sub":
            copy.append(draw(st.sampled_from(["novel", "fresh", "Scratch", "1,000"])))
        elif op == "ins":
            copy.append(draw(st.sampled_from(["inserted", "extra"])))
    return " ".join(source), " ".join(copy), untouched


def _check_script(source: str, copy: str, untouched: int) -> None:
    edits = edit_script(copy, (0, len(copy)), source, (0, len(source)), include_keeps=True)
    _assert_offsets(edits, copy, source)
    # In order and non-overlapping on both sides.
    for a, b in zip(edits, edits[1:], strict=False):
        assert a.copy_end <= b.copy_start and a.source_end <= b.source_start
    for e in edits:
        assert (e.op == "insert") == (e.source_start == e.source_end)
        assert (e.op == "delete") == (e.copy_start == e.copy_end)
        if e.op == "keep":
            assert e.copy_text.lower() == e.source_text.lower()
        if e.op == "substitute":
            assert e.flags
    # Every word of each side lies in exactly one edit (keeps included).
    for text, side in ((copy, "copy"), (source, "source")):
        words = [t for t in diff.tokenize(text, 0, len(text)) if t.is_word]
        for t in words:
            inside = [e for e in edits
                      if getattr(e, f"{side}_start") <= t.start < getattr(e, f"{side}_end")]
            assert len(inside) == 1, (t, side)
    # The kept tokens are at least those left untouched (the DP keeps the most).
    kept = sum(len(diff.tokenize(e.copy_text, 0, len(e.copy_text)))
               for e in edits if e.op == "keep")
    assert kept >= untouched


@settings(max_examples=200, deadline=None)
@given(_edited_pair())
def test_random_token_edits_round_trip(pair):
    _check_script(*pair)


@settings(max_examples=50, deadline=None)
@given(_edited_pair())
def test_difflib_fallback_keeps_the_invariants(pair):
    source, copy, _ = pair
    old = diff.DP_MAX_CELLS
    diff.DP_MAX_CELLS = 0
    try:
        _check_script(source, copy, 0)  # difflib is not optimal: no bound on kept words
    finally:
        diff.DP_MAX_CELLS = old


# -- flags without a thesaurus ----------------------------------------------------------------


def test_mangled_names_acronyms_and_titles():
    source = "Experts said Nick Marro, an analyst at BIT, met President Ma in Beijing."
    copy = "Experts said Scratch Marro, an analyst at Spot, met Leader Mama in Beijing."
    subs = _subs(_script(source, copy))
    assert "name_mangled" in subs["Nick"].flags
    assert "name_mangled" in subs["BIT"].flags
    assert "name_mangled" in subs["President Ma"].flags


def test_sentence_initial_words_are_not_names_unless_a_name_follows():
    source = "Officials said the plan would work. Nick Marro disagreed."
    copy = "Authorities said the plan would work. Scratch Marro disagreed."
    subs = _subs(_script(source, copy))
    assert subs["Officials"].flags == ("other",)
    assert "name_mangled" in subs["Nick"].flags


def test_respelled_names_and_acronym_expansions_are_not_mangled():
    source = "Trade between the U.S. and the EIU grew, said the International Monetary Fund."
    copy = "Trade between the US and the Economist Intelligence Unit grew, said the IMF."
    for e in _script(source, copy):
        assert "name_mangled" not in e.flags, e


def test_headings_do_not_count_as_names():
    source = "Comparing the Best Travel Insurance for Seniors"
    copy = "Comparing the Best Travel Insurance for Majors"
    (e,) = _script(source, copy)
    assert e.flags == ("other",)


def test_tortured_list_flags_phrase_even_when_part_of_it_is_kept():
    pairs = [("counterfeit consciousness", "artificial intelligence"),
             ("cross approval", "cross validation (cv)")]
    source = "We used artificial intelligence and cross validation in 2019."
    copy = "We used counterfeit consciousness and cross approval in 2019."
    subs = _subs(_script(source, copy, tortured=pairs))
    assert subs["artificial intelligence"].flags == ("tortured",)
    assert subs["validation"].flags == ("tortured",)  # "cross" was kept
    # The expected phrase must be in the source: the list alone is not enough.
    other = _script("We used machine learning.", "We used counterfeit consciousness.",
                    tortured=TorturedPhrases(pairs))
    assert other[0].flags == ("other",)


def test_rank_evidence_puts_names_and_tortured_phrases_first():
    def edit(op: str, pos: int, flags: tuple[str, ...]) -> Edit:
        return Edit(op, pos, pos + 1, pos, pos + 1, "x", "y", flags)  # type: ignore[arg-type]

    edits = [edit("substitute", 0, ("synonym",)), edit("insert", 1, ()),
             edit("substitute", 2, ("tortured", "synonym")), edit("keep", 3, ()),
             edit("substitute", 4, ("other",)), edit("substitute", 5, ("name_mangled",)),
             edit("delete", 6, ())]
    ranked = rank_evidence(edits)
    assert [e.copy_start for e in ranked] == [5, 2, 0, 4, 1, 6]


# -- flags with the real thesaurus ------------------------------------------------------------


def test_synonym_and_broken_fixed_phrase_flags(thesaurus):
    source = "Such efforts are difficult, a think tank said, and costs rose as well."
    copy = "Such endeavors are troublesome, a believe reservoir said, and costs rose too."
    subs = _subs(_script(source, copy, thesaurus))
    assert subs["efforts"].flags == ("synonym",)
    assert subs["difficult"].flags == ("synonym",)
    assert "tortured" in subs["think tank"].flags
    # A fixed phrase swapped as a unit for its synonym is not broken.
    assert subs["as well"].flags == ("synonym",)


def test_word_for_word_swap_of_a_fixed_phrase_is_tortured(thesaurus):
    source = "Reducing intellectual property leakage is hard."
    copy = "Diminishing licensed innovation spillage is hard."
    (e,) = _script(source, copy, thesaurus)
    assert "tortured" in e.flags


# -- the seed ---------------------------------------------------------------------------------

# The Reuters sentence both seeds rewrote (001 paraphrases it, 000 spins it).
ORIGINAL = (
    "Reducing intellectual property leakage through talent flows is difficult, said Nick "
    "Marro, a China analyst at the Economist Intelligence Unit, because such efforts “can risk "
    "turning into ethnically-charged witch hunts”."
)


@pytest.mark.shared
def test_seed_nick_marro_is_flagged(shared_dir, thesaurus):
    seeds = shared_dir / "seeds"
    spun = (seeds / "000_11c44ce9312f75e5.txt").read_text(encoding="utf-8")
    para = (seeds / "001_7c222306f526e159.txt").read_text(encoding="utf-8")
    # 001 keeps the name, so it is evidence of what 000 mangled (but reworded around it).
    assert "Nick Marro, a China analyst at the Economist Intelligence Unit" in para
    seg = segment(spun)
    (i,) = [k for k in range(len(seg.sentences)) if "Scratch Marro" in seg.sentence_text(k)]
    sent = seg.sentences[i]
    tortured = TorturedPhrases(load_tortured_phrases(
        shared_dir / "corpora" / "tortured-phrases" / "tortured_dev.csv"))
    edits = edit_script(spun, (sent.start, sent.end), ORIGINAL, (0, len(ORIGINAL)), thesaurus,
                        tortured=tortured)
    _assert_offsets(edits, spun, ORIGINAL)
    subs = _subs(edits)
    nick = subs["Nick"]
    assert nick.copy_text == "Scratch"
    assert {"name_mangled", "tortured"} & set(nick.flags)
    assert "name_mangled" in subs["Economist Intelligence"].flags
    assert subs["efforts"].flags == ("synonym",)
    ranked = rank_evidence(edits)
    assert {ranked[0].source_text, ranked[1].source_text} == {"Nick", "Economist Intelligence"}
