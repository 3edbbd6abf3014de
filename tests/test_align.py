import pytest
from conftest import ARTICLE, UNRELATED

from unspun.align import Aligner, stem
from unspun.segment import segment


def _align(copy: str, source: str, thesaurus=None):
    return Aligner(thesaurus=thesaurus).align(segment(copy), segment(source))


def test_verbatim_copy_aligns_every_sentence_in_order():
    al = _align(ARTICLE, ARTICLE)
    n = len(segment(ARTICLE).sentences)
    assert len(al.pairs) == n
    assert al.coverage_copy == 1.0 and al.coverage_source == 1.0
    assert al.order == 1.0
    assert all(p.similarity == 1.0 for p in al.pairs)


def test_pair_offsets_index_both_texts():
    copy = "Intro line added by the copier.\n" + ARTICLE.replace("Tuesday", "Wednesday")
    al = _align(copy, ARTICLE)
    for p in al.pairs:
        c = copy[p.copy_span.start : p.copy_span.end]
        s = ARTICLE[p.source_span.start : p.source_span.end]
        assert c.strip() and s.strip()
        assert 0 <= p.similarity <= 1


def test_moved_sentences_are_found_and_lower_the_order_score():
    seg = segment(ARTICLE)
    sents = [seg.sentence_text(i) for i in range(len(seg.sentences))]
    moved = "\n".join([sents[0], sents[5], sents[2], sents[3], sents[4], sents[1], sents[6]])
    al = _align(moved, ARTICLE)
    assert len(al.pairs) == len(sents)
    assert al.order < 1.0
    pairs = {p.copy_sentences[0]: p.source_sentences[0] for p in al.pairs}
    assert pairs[1] == 5 and pairs[5] == 1


def test_merged_sentences_become_one_to_two_pair():
    seg = segment(ARTICLE)
    s3, s4 = seg.sentence_text(3), seg.sentence_text(4)
    merged = s3.rstrip(".") + ", and " + s4[0].lower() + s4[1:]
    al = _align(merged, ARTICLE)
    assert len(al.pairs) == 1
    assert al.pairs[0].source_sentences == (3, 4)


def test_split_sentence_becomes_two_to_one_pair():
    seg = segment(ARTICLE)
    s5 = seg.sentence_text(5)
    head, tail = s5.split(", citing ")
    split = f"{head}.\nThey cited {tail}"
    al = _align(split, ARTICLE)
    assert any(p.copy_sentences == (0, 1) and p.source_sentences == (5,) for p in al.pairs)


def test_unrelated_text_does_not_align():
    al = _align(UNRELATED, ARTICLE)
    assert al.coverage_copy < 0.2


def test_synonyms_raise_similarity_of_spun_sentences(thesaurus):
    source = "The authority said it would spend $85 million on habitat restoration."
    spun = "The power stated it would expend $85 million on habitat renovation."
    plain = _align(spun, source).pairs
    with_th = _align(spun, source, thesaurus).pairs
    assert with_th and (not plain or with_th[0].similarity > plain[0].similarity)


def test_stem_is_light_and_stable():
    assert stem("recruits") == stem("recruited") == "recruit"
    assert stem("2018") == "2018"
    assert stem("china’s") == "china"


@pytest.mark.shared
def test_seed_paraphrase_aligns_into_spun_seed(shared_dir, thesaurus):
    seeds = shared_dir / "seeds"
    a = (seeds / "001_7c222306f526e159.txt").read_text(encoding="utf-8")
    b = (seeds / "000_11c44ce9312f75e5.txt").read_text(encoding="utf-8")
    al = _align(a, b, thesaurus)
    assert len(al.pairs) >= 12
    assert al.coverage_copy >= 0.7
