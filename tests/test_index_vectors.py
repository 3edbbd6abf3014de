"""Passage vectors in the index: stored with their source, searched through faiss, rebuilt
when the derived file disagrees with the database, and never mixed across encoders."""

import os

import numpy as np
import pytest
from conftest import ARTICLE, UNRELATED

from unspun.api import text_doc
from unspun.errors import IndexFormatError
from unspun.index import Index
from unspun.index.vectors import ANN_FILE, PASSAGE_SENTENCES, passages
from unspun.segment import segment

pytest.importorskip("faiss", reason="the semantic extra (faiss-cpu) is not installed")


@pytest.fixture()
def embedder(encoder):
    """The session's shared encoder (tests/conftest.py)."""
    return encoder


def test_passages_are_windows_of_sentences_inside_paragraphs():
    seg = segment(ARTICLE)
    spans = passages(seg)
    assert spans and spans[0].start == seg.sentences[0].start
    for sp in spans:
        inside = [s for s in seg.sentences if sp.start <= s.start and s.end <= sp.end]
        assert 1 <= len(inside) <= PASSAGE_SENTENCES
        assert len({s.paragraph for s in inside}) == 1
    covered = sum(sp.end - sp.start for sp in spans)
    assert covered <= len(ARTICLE)
    # Every sentence is in exactly one passage.
    for s in seg.sentences:
        assert sum(sp.start <= s.start and s.end <= sp.end for sp in spans) == 1


def _index(path, embedder, texts):
    idx = Index(path, create=True, embedder=embedder)
    idx.add(text_doc(t, id=f"s{i}") for i, t in enumerate(texts))
    return idx


def test_vectors_are_stored_with_their_source_and_searchable(tmp_path, embedder):
    with _index(tmp_path / "ix", embedder, [ARTICLE, UNRELATED]) as idx:
        n_passages = len(passages(segment(ARTICLE))) + len(passages(segment(UNRELATED)))
        assert idx.stats().rows["passages"] == n_passages
        assert idx.stats().encoder == embedder.name
        q = embedder.encode([segment(ARTICLE).sentence_text(1)])
        sims, ids = idx.vectors.search(q, 3)
        best = idx.store.passage_sources([int(ids[0][0])])[int(ids[0][0])]
        assert idx.store.id_of(best[0]) == "s0"
        assert sims[0][0] > sims[0][-1]
        # Replacing a source replaces its passages; the ANN file follows on the next search.
        replaced = UNRELATED + "\nA closing line about the weather."
        idx.add([text_doc(replaced, id="s0")])
        assert idx.stats().rows["passages"] == (len(passages(segment(replaced)))
                                                + len(passages(segment(UNRELATED))))
        sims, ids = idx.vectors.search(q, 3)
        owners = idx.store.passage_sources(int(i) for i in ids[0] if i >= 0)
        assert len(owners) == len([i for i in ids[0] if i >= 0])


def test_a_torn_ann_file_is_rebuilt_from_the_database(tmp_path, embedder):
    path = tmp_path / "ix"
    with _index(path, embedder, [ARTICLE, UNRELATED]) as idx:
        q = embedder.encode([segment(ARTICLE).sentence_text(2)])
        before = idx.vectors.search(q, 2)
    (path / ANN_FILE).write_bytes(b"\0garbage")
    with Index(path) as idx:
        after = idx.vectors.search(q, 2)
    np.testing.assert_array_equal(before[1], after[1])
    np.testing.assert_allclose(before[0], after[0], atol=1e-3)
    os.remove(path / ANN_FILE)
    with Index(path) as idx:
        assert idx.vectors.search(q, 2)[1][0][0] == before[1][0][0]


def test_an_index_is_never_searched_with_another_encoder(tmp_path, embedder):
    class Other:
        name, dim = "another-model", embedder.dim

        def encode(self, texts):
            return embedder.encode(texts)

    with _index(tmp_path / "ix", embedder, [ARTICLE]):
        pass
    with pytest.raises(IndexFormatError, match="another-model"):
        Index(tmp_path / "ix", embedder=Other())
    with Index(tmp_path / "plain", create=True) as plain:
        plain.add([text_doc(ARTICLE)])
    with pytest.raises(IndexFormatError, match="without passage vectors"):
        Index(tmp_path / "plain", embedder=embedder)


def test_without_the_encoder_an_index_with_vectors_still_traces_and_refuses_adds(
    tmp_path, embedder, monkeypatch
):
    from unspun.api import trace
    from unspun.errors import UnspunError

    with _index(tmp_path / "ix", embedder, [ARTICLE, UNRELATED]):
        pass
    monkeypatch.setattr("unspun.embed.semantic_available", lambda: False)
    with Index(tmp_path / "ix") as idx:
        assert idx.embedder is None and "unspun[semantic]" in idx.dense_missing
        report = trace(idx, ARTICLE)
        assert report.matches[0].source.id == "s0"
        assert any("dense channel off" in w for w in report.warnings)
        with pytest.raises(UnspunError, match="no passage vectors"):
            idx.add([text_doc("A new source about something else entirely.", id="s9")])


def test_large_indexes_use_an_ivf_that_survives_a_reload(tmp_path, monkeypatch):
    """Above IVF_MIN passages the ANN structure is an inverted file; its search setting is
    restored on every load. Lowered here so the test stays fast; the vectors are random."""
    import unspun.index.vectors as vectors
    from unspun.index.store import Store

    monkeypatch.setattr(vectors, "IVF_MIN", 3000)
    store = Store(tmp_path / "ix", create=True)
    store.conn.execute("INSERT INTO sources(id, uri, title, text, meta, content_hash, n_tokens) "
                       "VALUES ('a', 'a', '', 'x', '{}', 'h', 1)")
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4000, 32)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    store.conn.executemany('INSERT INTO passages(source, start, "end", vector) VALUES (1, 0, 1, ?)',
                           [(v.astype(np.float16).tobytes(),) for v in x])
    first = vectors.PassageVectors(store, 32)
    _, ids = first.search(x[:40], 3)
    assert type(first.ann()).__name__ == "IndexIVFScalarQuantizer"
    assert (ids[:, 0] == np.arange(1, 41)).mean() >= 0.95  # passage ids start at 1
    # 8-bit lists: the cosines it reports stay close to the exact ones.
    sims, _ = first.search(x[:40], 1)
    np.testing.assert_allclose(sims[:, 0], 1.0, atol=0.02)
    again = vectors.PassageVectors(store, 32).ann()  # read back from passages.faiss
    assert again.nprobe == vectors.NPROBE and again.ntotal == 4000
    store.close()


def test_sentence_vectors_are_stored_and_reused_at_trace_time(tmp_path, embedder):
    """The index keeps each source's sentence vectors; tracing attaches them to the source
    instead of encoding it again, and they are the vectors the encoder gives (to float16)."""
    from unspun.align import Aligner
    from unspun.index.vectors import passage_groups, pooled
    from unspun.retrieve import Retriever

    with _index(tmp_path / "ix", embedder, [ARTICLE, UNRELATED]) as idx:
        seg = segment(ARTICLE)
        stored = idx.sentence_vectors(idx.store.rowid_of("s0"))
        assert stored is not None and stored.shape == (len(seg.sentences), embedder.dim)
        fresh = embedder.encode([seg.sentence_text(i) for i in range(len(seg.sentences))])
        np.testing.assert_allclose(stored, fresh, atol=2e-3)
        # Passage vectors are the pooled sentence vectors.
        _, pv = idx.store.passage_vectors()
        np.testing.assert_allclose(pv[: len(passage_groups(seg))],
                                   pooled(fresh, passage_groups(seg)), atol=2e-3)

        class Counting:
            name, dim = embedder.name, embedder.dim

            def __init__(self):
                self.texts = 0

            def encode(self, texts):
                self.texts += len(texts)
                return embedder.encode(texts)

        counting = Counting()
        retriever = Retriever(idx, Aligner(embedder=counting))
        report = retriever.trace(text_doc(ARTICLE))
        assert report.matches and report.matches[0].source.id == "s0"
        # Only the query's sentences were encoded, not the source's.
        assert counting.texts <= len(seg.sentences)


def test_blank_and_invisible_text_encodes_the_same_with_either_tokenizer(embedder):
    """Zero-width characters are dropped before encoding and a blank text is a zero vector,
    so the C++ and the pure-Python tokenizer give the same vectors."""
    from unspun import embed

    texts = ["Zero\u200bwidth\u200d joiner and soft\u00adhyphen in the Marro fraud case.",
             "\u200b", "", "Stocks fell 3% on Monday."]
    vecs = embedder.encode(texts)
    assert np.abs(vecs[1]).sum() == 0 and np.abs(vecs[2]).sum() == 0
    np.testing.assert_allclose(np.linalg.norm(vecs[[0, 3]], axis=1), 1.0, atol=1e-5)
    if embed.reference_tokenizer() is None:
        pytest.skip("sentencepiece is not installed: only the pure-Python tokenizer is here")
    pure = embed.UseEmbedder(cache_size=0, pure_tokenizer=True)
    assert pure.tokenizer == "pure-python" and embedder.tokenizer == "sentencepiece"
    np.testing.assert_allclose(pure.encode(texts), vecs, atol=1e-5)


def _store_with_passages(path, x):
    """A store whose one source holds a passage per row of ``x`` (ids from 1)."""
    from unspun.index.store import Store

    store = Store(path, create=True)
    store.conn.execute("INSERT INTO sources(id, uri, title, text, meta, content_hash, n_tokens) "
                       "VALUES ('a', 'a', '', 'x', '{}', 'h', 1)")
    _add_passages(store, x)
    return store


def _add_passages(store, x):
    store.conn.executemany('INSERT INTO passages(source, start, "end", vector) VALUES (1, 0, 1, ?)',
                           [(v.astype(np.float16).tobytes(),) for v in x])


def _unit(rng, n, dim=32):
    x = rng.standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_an_ivf_takes_new_passages_without_training_again_until_it_outgrows_its_lists(
        tmp_path, monkeypatch):
    import faiss

    import unspun.index.vectors as vectors

    monkeypatch.setattr(vectors, "IVF_MIN", 3000)
    rng = np.random.default_rng(1)
    store = _store_with_passages(tmp_path / "ix", _unit(rng, 4000))

    def centroids(ann):
        return faiss.downcast_index(ann.quantizer).reconstruct_n(0, ann.nlist)

    built = vectors.PassageVectors(store, 32).ann()
    new = _unit(rng, 500)
    _add_passages(store, new)
    extended = vectors.PassageVectors(store, 32).ann()  # a new reader: from the file
    assert extended.ntotal == 4500 and extended.nlist == built.nlist
    np.testing.assert_array_equal(centroids(extended), centroids(built))  # not trained again
    assert store.meta("ann_state").split(",")[2] == "4000"  # what its lists were made for
    _, ids = vectors.PassageVectors(store, 32).search(new[:40], 1)  # the extended file, read
    assert (ids[:, 0] == np.arange(4001, 4041)).mean() >= 0.95
    # Past REBUILD_GROWTH times the passages it was built from: rebuilt with more lists.
    _add_passages(store, _unit(rng, vectors.REBUILD_GROWTH * 4000 - 4500 + 1))
    rebuilt = vectors.PassageVectors(store, 32).ann()
    assert rebuilt.ntotal == vectors.REBUILD_GROWTH * 4000 + 1
    assert rebuilt.nlist == vectors.ivf_lists(rebuilt.ntotal) > built.nlist
    store.close()


def test_added_sources_extend_the_ann_file_and_a_replaced_one_rebuilds_it(tmp_path, embedder):
    """A replaced source frees the top passage ids, which its new passages take again: the
    same count and largest id as before, other vectors. The removal count tells them apart."""
    with _index(tmp_path / "ix", embedder, [ARTICLE]) as idx:
        idx.vectors.ann()
        idx.add([text_doc(UNRELATED, id="s1")])
        n, top, built, removed = idx.store.meta("ann_state").split(",")
        assert int(n) == idx.stats().rows["passages"] and (built, removed) == (
            str(len(passages(segment(ARTICLE)))), "0")  # extended, not built again
        reworded = UNRELATED.replace("Basil", "Mint").replace("basil", "mint")
        assert len(passages(segment(reworded))) == len(passages(segment(UNRELATED)))
        idx.add([text_doc(reworded, id="s1")])
        assert idx.store.passage_state() == (int(n), int(top))
        assert idx.store.meta("ann_state").split(",")[3] == "1"
        last = idx.store.passage_vectors()[1][-1:]
        sims, ids = idx.vectors.search(last, 1)
        assert ids[0][0] == int(top) and sims[0][0] > 0.999  # the new text's vector
