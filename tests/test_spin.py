"""Tortured phrases no list holds (the spin lexicon) and which side of a mangled name is real."""

from __future__ import annotations

import numpy as np
import pytest

from unspun.api import compare, default_aligner, load_doc
from unspun.lexicon.names import NameWords
from unspun.lexicon.spin import SpinLexicon, bigram_key, default_spin_lexicon, swaps_from_pairs
from unspun.segment import STOPWORDS


def test_swaps_are_learnt_from_pairs_whose_words_line_up() -> None:
    swaps = swaps_from_pairs([
        ("profound learning", "deep learning"),
        ("enormous information (ei)", "big data"),
        ("irregular backwoods", "random forest"),
        ("flag to clamor proportion", "signal to noise"),  # 4 words against 3: skipped
        ("something", "???"),
    ])
    assert swaps == {"deep": {"profound": 1}, "big": {"enormous": 1},
                     "data": {"information": 1}, "random": {"irregular": 1},
                     "forest": {"backwoods": 1}}


def _lexicon(seen: list[tuple[str, str]]) -> SpinLexicon:
    return SpinLexicon({"forest": ["thicket", "woodland"], "data": ["information"]},
                       np.array([bigram_key(a, b) for a, b in seen], dtype=np.uint32))


def test_a_known_swap_into_a_pair_ordinary_english_never_uses_breaks_an_expression() -> None:
    lex = _lexicon([("collected", "information")])
    assert lex.broken_expression(["forest"], ["thicket"], ["apply", "random"], ["to", "the"],
                                 STOPWORDS) == "random forest"
    # "collected information" is ordinary English: a fluent swap, not a broken expression
    assert lex.broken_expression(["data"], ["information"], ["the", "collected"], [],
                                 STOPWORDS) is None
    # a word spinners put in for another word ("woodland" for "forest") counts too
    assert lex.broken_expression(["data"], ["woodland"], ["big"], [], STOPWORDS) == "big data"


def test_function_words_numbers_and_unknown_swaps_are_never_spun() -> None:
    lex = SpinLexicon({"the": ["a"], "2020": ["2021"]}, np.zeros(0, dtype=np.uint32))
    assert lex.broken_expression(["the"], ["a"], ["in"], ["end"], STOPWORDS) is None
    assert lex.broken_expression(["2020"], ["2021"], ["in"], [], STOPWORDS) is None
    assert lex.broken_expression(["forest"], ["thicket"], ["random"], [], STOPWORDS) is None


def test_a_synonym_no_spinner_made_counts_only_against_a_pair_of_content_words() -> None:
    lex = _lexicon([])

    def synonyms(a: str, b: str) -> bool:
        return (a, b) in {("repair", "fix"), ("review", "check")}

    # "dna fix": two content words ordinary English never puts together
    assert lex.broken_expression(["repair"], ["fix"], ["dna"], [], STOPWORDS,
                                 synonyms=synonyms) == "dna repair"
    # without the thesaurus, or next to function words only, nothing is broken
    assert lex.broken_expression(["repair"], ["fix"], ["dna"], [], STOPWORDS) is None
    assert lex.broken_expression(["review"], ["check"], ["would"], ["all"], STOPWORDS,
                                 synonyms=synonyms) is None
    # the same pair counts against a swap spinners were seen making
    assert lex.broken_expression(["forest"], ["thicket"], ["would"], [], STOPWORDS) is not None


def test_a_word_spinners_put_in_counts_and_another_form_of_a_word_never_does() -> None:
    lex = _lexicon([])
    # "information" is what spinners put in for "data": for "knowledge" too it breaks a pair
    assert lex.broken_expression(["knowledge"], ["information"], ["base"], [],
                                 STOPWORDS) == "base knowledge"

    def same_word(a: str, b: str) -> bool:
        return a.rstrip("s") == b.rstrip("s")

    assert lex.broken_expression(["forests"], ["forest"], ["random"], [], STOPWORDS,
                                 same_word=same_word) is None


def test_forms_and_spellings_of_one_word_are_not_synonym_swaps(thesaurus) -> None:
    from unspun.explain.flags import Lexicon

    lex = Lexicon(thesaurus)
    for a, b in (("grossed", "grossing"), ("armor", "armour"), ("neighbours", "neighbors")):
        assert lex.same_word(a, b) and not lex.synonym_swap(a, b), (a, b)
    assert lex.synonym_swap("benign", "harmless") and not lex.same_word("benign", "harmless")


def test_the_packaged_lexicon_loads() -> None:
    lex = default_spin_lexicon()
    assert len(lex) > 1000 and lex.reference_bigrams is not None
    assert lex.seen("the", "president")  # ordinary English
    assert not lex.seen("enormous", "information")


def test_a_spun_sentence_has_its_broken_expression_and_its_mangled_names(thesaurus) -> None:
    src = ("Since 2018, China sought to select top foreign-trained scientists under a funded "
           "programme, said Nick Marro of BIT, who met President Ma in Beijing.")
    cpy = ("Since 2018, China sought to select tip unfamiliar prepared researchers under a funded "
           "programme, said Scratch Marro of Spot, who met Leader Mama in Beijing.")
    aligner = default_aligner(dense=False)
    for copy, source, real in ((cpy, src, "source"), (src, cpy, "copy")):
        edits = [e for p in compare(copy, source, aligner=aligner).matches[0].alignment.pairs
                 for e in p.edits if e.op == "substitute"]
        names = {(e.source_text, e.copy_text): e.real_name for e in edits
                 if "name_mangled" in e.flags}
        if real == "source":
            assert names == {("Nick", "Scratch"): "source", ("BIT", "Spot"): "source",
                             ("President Ma", "Leader Mama"): "source"}
            (t,) = [e for e in edits if e.copy_text == "tip unfamiliar prepared researchers"]
            assert "tortured" in t.flags
        else:  # read the other way round, the copy holds the real names
            assert names and set(names.values()) == {"copy"}


def test_name_words_break_the_tie_by_how_english_writes_them() -> None:
    words = NameWords({"nick": 1.0, "scratch": 0.13, "president": 0.6, "leader": 0.25})
    assert words.real_name_side(["Nick"], ["Scratch"]) == "source"
    assert words.real_name_side(["Scratch"], ["Nick"]) == "copy"
    assert words.real_name_side(["BIT"], ["Spot"]) == "source"  # acronyms are names
    assert words.real_name_side(["Leader", "Mama"], ["President", "Ma"]) == "copy"


@pytest.mark.shared
def test_seed_000_against_001_flags_its_spun_expressions_and_names(shared_dir) -> None:
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    report = compare(load_doc(seeds[0]), load_doc(seeds[1]), aligner=default_aligner(dense=False))
    edits = {(e.source_text, e.copy_text): e for p in report.matches[0].alignment.pairs
             for e in p.edits if e.op == "substitute"}
    for key in (("standard signing bonuses", "normal marking rewards"),
                ("job postings", "enrollment ads"),
                ("encourage talent mobility", "advance ability portability")):
        assert "tortured" in edits[key].flags, key
    for key in (("Nick", "Scratch"), ("Economist Intelligence", "Financial Expert Knowledge")):
        assert "name_mangled" in edits[key].flags and edits[key].real_name == "source", key
