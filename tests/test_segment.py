from hypothesis import given
from hypothesis import strategies as st

from unspun.segment import anchor_terms, anchors, paragraphs, segment, sentences, tokenize

TEXT = (
    "Two years after it stopped promoting the Thousand Talents Plan (TTP), China revived it.\n"
    "The U.S. Commerce Department said on Oct. 7, 2022 that perks include 3 to 5 million yuan, "
    "or $420,000 to $700,000. Officials cut 49% of the budget.\n\n"
    "“It is risky,” said Nick Marro, an analyst at the Economist Intelligence Unit."
)


def test_paragraphs_are_nonblank_lines_with_offsets():
    paras = paragraphs(TEXT)
    assert len(paras) == 3
    for p in paras:
        chunk = TEXT[p.start : p.end]
        assert chunk == chunk.strip() and chunk


def test_sentences_do_not_split_abbreviations():
    sents = [TEXT[s.start : s.end] for s in sentences(TEXT)]
    assert sents[1].startswith("The U.S. Commerce Department said on Oct. 7, 2022")
    assert sents[1].endswith("$700,000.")
    assert sents[2] == "Officials cut 49% of the budget."
    assert len(sents) == 4


def test_sentences_do_not_split_after_an_initialism():
    text = "Sales rose, J.D. Power said on Monday. The firm in Washington D.C. Council district agreed."
    sents = [text[s.start : s.end] for s in sentences(text)]
    assert sents == ["Sales rose, J.D. Power said on Monday.",
                     "The firm in Washington D.C. Council district agreed."]
    # a full stop after the name that follows still ends the sentence
    assert len(sentences("He met J.D. Power. Then he left.")) == 2


def test_anchor_kinds_and_keys():
    found = {(a.kind, a.key) for a in anchors(TEXT)}
    assert ("money", "420000") in found
    assert ("money", "700000") in found
    assert ("money", "5000000") in found
    assert ("percent", "49%") in found
    assert ("acronym", "ttp") in found
    assert ("acronym", "us") in found
    assert ("name", "nick marro") in found
    assert ("name", "economist intelligence unit") in found
    assert any(k == "date" and "2022" in key for k, key in found)
    assert ("quote", "it is risky") in found


def test_sentence_initial_common_word_is_not_a_name():
    text = "Officials met today. Later the officials left Paris."
    keys = {a.key for a in anchors(text) if a.kind == "name"}
    assert "officials" not in keys and "later" not in keys
    assert "paris" in keys


def test_anchor_terms_split_names_so_mangling_keeps_the_surname():
    a = anchor_terms(anchors("He said Nick Marro agreed."))
    b = anchor_terms(anchors("He said Scratch Marro agreed."))
    assert "w:marro" in a and "w:marro" in b


@given(st.text(max_size=400))
def test_offsets_round_trip_on_any_text(text):
    seg = segment(text)
    for tok in seg.tokens:
        assert text[tok.start : tok.end].lower() == tok.norm
    for s in seg.sentences:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end].strip()
    for a in seg.anchors:
        assert 0 <= a.start < a.end <= len(text)
    starts = [s.start for s in seg.sentences]
    assert starts == sorted(starts)


def test_tokenize_keeps_numbers_and_acronyms_whole():
    norms = [t.norm for t in tokenize("The U.S. paid $2.1 million, i.e. 2,100,000.")]
    assert "u.s." in norms and "2.1" in norms and "2,100,000" in norms


def _reference_tokenize(text):
    """The tokenizer as it was written before its C-level rewrite."""
    import re

    from unspun.records import Token

    pattern = re.compile(r"(?:[A-Za-z]\.){2,}|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’\-][^\W\d_]+)*")
    return [Token(m.start(), m.end(), m.group().lower()) for m in pattern.finditer(text)]


_TRICKY = st.lists(st.sampled_from(
    list("aAzZ .,;:!?…\"'“”‘’()[]-\n$€%0123456789_İıΣσςßÉé\u212a")
    + ["Mr.", "U.S.", "J.D.", "The ", "St.", "e.g.", "Of ", "and "]),
    max_size=80).map("".join)


@given(st.one_of(st.text(max_size=300), _TRICKY))
def test_outline_is_segment_without_token_offsets(text):
    from unspun.segment import norms, outline

    seg, out = segment(text), outline(text)
    assert tokenize(text) == _reference_tokenize(text)
    assert out.norms == seg.norms == tuple(norms(text))
    assert (out.paragraphs, out.sentences, out.anchors) == (
        seg.paragraphs, seg.sentences, seg.anchors)


@given(st.one_of(st.text(max_size=300), _TRICKY), st.sampled_from(["the", "of", "a", "may"]))
def test_lower_case_word_lookup_matches_a_findall(text, word):
    import re

    from unspun.segment import _lower_word_in

    assert _lower_word_in(text, word) == (word in set(re.findall(r"\b[a-z]+\b", text)))


def test_lowering_a_text_keeps_its_tokens_but_for_the_listed_characters():
    """``norms`` lowers the whole text instead of each token unless the text holds one of
    ``_LOWER_VARIES``: every other character that lowering changes must stay one character
    of the same classes in ``_TOKEN`` (word, digit, ASCII letter, none of its joiners)."""
    import string
    import sys

    from unspun.segment.tokens import _LOWER_VARIES

    def classes(c):
        return (c.isalnum(), c.isdecimal(), c in string.ascii_letters, c in "_'’-.,")

    varies = set()
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        low = c.lower()
        if low != c and (len(low) != 1 or classes(low) != classes(c)):
            varies.add(c)
    varies.add("\u03a3")  # lowered by context (final sigma), checked below
    assert varies == set(_LOWER_VARIES)
    # The context a token cannot see: a dot between a sigma and a capital.
    assert "ΑΣ.Β".lower() != ".".join(t.lower() for t in ("ΑΣ", "Β"))
