from conftest import ARTICLE, SPUN_ARTICLE

import unspun
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
