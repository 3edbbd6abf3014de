"""The numpy tokenizer (``segment/tokens.py``) finds exactly the regex's tokens."""

from __future__ import annotations

import re
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.config import FingerprintSettings
from unspun.fingerprint import fingerprint
from unspun.segment import norms, outline, segment
from unspun.segment.tokens import (
    _DIGIT,
    _LETTER,
    TokenBytes,
    _bmp_classes,
    _classes,
    char_class,
    token_bytes,
    token_words,
)

# Characters that decide tokens: ASCII and other letters and digits, the joiners and
# separators, the underscore, superscripts and fractions (word characters that are not
# digits), combining marks, astral letters and digits, a lone surrogate, and characters that
# lowering changes (İ, the Kelvin sign, Σ).
_TRICKY = ("aAbBzZuUsS019٣²½_.,'’-–— \n\t\"()éÉüßﬁ\u0301𝐀𝟘😀\ud800İ\u212aΣσς"
           "..''--,,")


def test_classes_are_the_regex_classes_over_all_of_unicode():
    letter = re.compile(r"[^\W\d_]")
    digit = re.compile(r"\d")
    table = _bmp_classes()
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        k = char_class(c)
        assert (k == _LETTER) == (letter.fullmatch(c) is not None), hex(cp)
        assert (k == _DIGIT) == (digit.fullmatch(c) is not None), hex(cp)
        if cp < len(table):
            assert table[cp] == k, hex(cp)
    astral = np.array([0x1D400, 0x1D7D8, 0x1F600, 0x10FFFF, 0x41], dtype=np.uint32)
    assert _classes(astral).tolist() == [char_class(chr(c)) for c in astral.tolist()]


@pytest.mark.parametrize("text", [
    "The U.S. and the U.K. met; e.g. at 5 p.m. on Jan. 3.",
    "non-u.s. Ph.D. d-n.y. xa.b.c. x-a.b.c. a.b.cd.e. 1a.b. u.s.a.b",
    "well-known don't it’s a--b 'quoted' -dash- rock'n'roll",
    "420,000 1.5.6 1,,2 1.a a1.5 12abc abc12 ²½ x²y ٣٤,٥",
    "snake_case __init__ a_1 _x_",
    "", "...", "a", "a.", "a.b", "a.b.", "1", "1.", ".1", "'a", "a'", "-a-",
    "İstanbul KELVIN \u212a ΟΔΟΣ.Β",
    "e\u0301te ﬁne 𝐀𝐁 𝟘𝟙 😀x \ud800y",
])
def test_examples(text):
    assert list(token_words(text).norms()) == norms(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TRICKY), max_size=60))
def test_random_texts(text):
    assert list(token_words(text).norms()) == norms(text)
    if text == text.lower():
        assert token_bytes(text).norms() == norms(text)


def test_shared_texts(benchmark):
    """Every text of the index benchmark's corpus, tokenized both ways."""
    texts = [t for _, t in benchmark("corpora").load_sources()]
    assert len(texts) > 500
    for text in texts:
        assert token_words(text).norms() == norms(text)


def test_token_bytes_of_norms_round_trips():
    words = ["u.s.", "naïve", "2,000", "😀"]
    tb = TokenBytes.of_norms(words)
    assert tb.norms() == words
    assert tb.lengths.tolist() == [len(w.encode()) for w in words]
    assert TokenBytes.of_norms([]).norms() == []


def test_outline_and_segment_fingerprint_alike():
    """The outline's byte spans and the segment's token strings give the same signatures
    (texts with acronyms, non-ASCII words and the regex-only lowering case)."""
    texts = ["The U.S. Ph.D. student’s naïve “quote” cost $2.1 million on Jan. 3, 2024.",
             "İstanbul’s mayor met the U.N. envoy.", "", "one", "x " * 300]
    fs = FingerprintSettings()
    by_outline = fingerprint([outline(t) for t in texts], fs)
    by_segment = fingerprint([segment(t) for t in texts], fs)
    for a, b in zip(by_outline, by_segment, strict=True):
        assert a.word_sig.tobytes() == b.word_sig.tobytes()
        assert a.n_tokens == b.n_tokens
    assert outline(texts[0]).norms == segment(texts[0]).norms


def _tokens_both_ways(text, start=0, end=None):
    from unspun.records import Token
    from unspun.segment import tokenize
    from unspun.segment.tokens import regex_token_norms, token_norms

    by_regex = regex_token_norms(text, start, end)
    by_numpy = token_norms(text, start, end)
    assert by_numpy is None or by_numpy == by_regex
    assert tokenize(text, start, end) == [Token(*t) for t in zip(*by_regex, strict=True)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TRICKY), max_size=60), st.integers(-5, 70),
       st.integers(-5, 70))
def test_tokenize_is_the_regex_tokenize(text, a, b):
    """``tokenize`` (numpy, offsets into the text) gives the regex's tokens, on a whole text
    and on a part of it."""
    _tokens_both_ways(text)
    _tokens_both_ways(text, min(a, b), max(a, b))
    _tokens_both_ways(text, a)


def test_tokenize_shared_texts(benchmark):
    for text in [t for _, t in benchmark("corpora").load_sources()][:300]:
        _tokens_both_ways(text)
        _tokens_both_ways(text, len(text) // 3, 2 * len(text) // 3)
