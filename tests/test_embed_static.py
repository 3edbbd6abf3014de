"""The static encoder (``unspun.embed.static``): its encoding contract on a small table, and,
with the real table distilled from the installed model (``slow``: built once per machine, about
a minute), the dense channel it serves: translations still find their source."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from unspun.api import text_doc
from unspun.embed import UseEmbedder, semantic_available
from unspun.embed.static import (
    DIM,
    VECTORS_FILE,
    WEIGHTS_FILE,
    StaticEmbedder,
    alignment_embedder,
    index_encoder,
)

DEMO = Path(__file__).resolve().parents[1] / "src" / "unspun" / "demo" / "corpus"

needs_semantic = pytest.mark.skipif(not semantic_available(),
                                    reason="the semantic extra is not installed")


@pytest.fixture(scope="module")
def small_table(tmp_path_factory) -> Path:
    """A random table of the real shape: the tokenizer's ids index it."""
    rng = np.random.default_rng(7)
    path = tmp_path_factory.mktemp("static")
    weights = rng.uniform(0.1, 1.0, 128_000).astype(np.float32)
    weights[:6] = 0.0  # control and reserved pieces
    np.save(path / VECTORS_FILE, rng.standard_normal((128_000, DIM)).astype(np.float32))
    np.save(path / WEIGHTS_FILE, weights)
    return path


@needs_semantic
def test_a_sentence_is_the_normalised_weighted_sum_of_its_pieces(small_table):
    from unspun.embed.static import _tokenizer

    enc = StaticEmbedder(small_table)
    texts = ["The authority approved the expansion on Tuesday.", "Die Behörde stimmte zu."]
    got = enc.encode(texts)
    table, weights = np.load(small_table / VECTORS_FILE), np.load(small_table / WEIGHTS_FILE)
    for text, row in zip(texts, got, strict=True):
        ids = _tokenizer().encode(text, out_type=int)
        want = (table[ids] * weights[ids, None]).sum(axis=0)
        np.testing.assert_allclose(row, want / np.linalg.norm(want), atol=1e-5)
    assert got.dtype == np.float32 and got.shape == (2, DIM)


@needs_semantic
def test_blank_text_is_zero_and_batches_do_not_change_a_vector(small_table):
    enc = StaticEmbedder(small_table)
    texts = ["Shipping lines welcomed the decision.", "", "   ", "Basil wants sun.",
             "Shipping lines\u200b welcomed the decision."]
    got = enc.encode(texts)
    assert not got[1].any() and not got[2].any()
    np.testing.assert_allclose(np.linalg.norm(got[[0, 3, 4]], axis=1), 1.0, atol=1e-5)
    # Alone or in a batch, the same vector; invisible characters are dropped first.
    np.testing.assert_allclose(enc.encode([texts[3]])[0], got[3], atol=1e-6)
    np.testing.assert_allclose(got[4], got[0], atol=1e-6)
    assert enc.encode([]).shape == (0, DIM)


def test_only_the_static_encoder_hands_alignment_to_the_full_model():
    assert isinstance(alignment_embedder(StaticEmbedder(Path("unused"))), UseEmbedder)
    other = UseEmbedder()
    assert alignment_embedder(other) is other
    with pytest.raises(ValueError, match="unknown dense encoder"):
        index_encoder("tiny")


def test_the_cli_refuses_an_encoder_without_dense(tmp_path):
    from unspun.cli.main import cli

    src = tmp_path / "a.txt"
    src.write_text("Some text for the index.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", "add", "--index", str(tmp_path / "ix"),
                                      "--encoder", "full", str(src)])
    assert result.exit_code == 2
    assert "--dense" in result.output
    assert not (tmp_path / "ix").exists()


@pytest.fixture(scope="module")
def static_encoder():
    if not semantic_available():
        pytest.skip("the semantic extra is not installed")
    enc = StaticEmbedder()
    enc.ready()
    return enc


@pytest.mark.slow
def test_translations_land_nearest_their_source(static_encoder):
    """The table keeps the model's multilingual space: each German, Spanish and French demo
    translation is closer to its own source than to the 13 other demo sources."""
    manifest = json.loads((DEMO / "translated" / "manifest.json").read_text())
    names = sorted(p.name for p in (DEMO / "sources").glob("*.txt"))
    sources = static_encoder.encode([(DEMO / "sources" / n).read_text() for n in names])
    for name, meta in manifest.items():
        if meta["language"] not in UseEmbedder.languages:
            continue  # Hindi: outside the model's 16 languages
        vec = static_encoder.encode([(DEMO / "translated" / name).read_text()])[0]
        assert names[int(np.argmax(sources @ vec))] == meta["source"], name


@pytest.mark.slow
def test_a_static_index_keeps_passages_only_and_traces_translations(tmp_path, static_encoder):
    from unspun.index import Index
    from unspun.retrieve import Retriever

    manifest = json.loads((DEMO / "translated" / "manifest.json").read_text())
    docs = [text_doc(p.read_text(), id=p.name, uri=p.name)
            for p in sorted((DEMO / "sources").glob("*.txt"))]
    with Index(tmp_path / "ix", create=True, embedder=static_encoder) as idx:
        idx.add(docs)
        assert idx.encoder_name == StaticEmbedder.name
        ids, vecs = idx.store.passage_vectors()
        assert len(ids) > len(docs) and vecs.shape[1] == DIM
        # No sentence vectors: alignment encodes the candidates with the full model.
        assert idx.store.table_counts()["sentence_vectors"] == 0
        retriever = Retriever.for_index(idx)
        assert retriever.aligner.embedder is not None
        assert retriever.aligner.embedder.name == UseEmbedder.name
        for name, meta in manifest.items():
            if meta["language"] not in UseEmbedder.languages:
                continue
            report = retriever.trace(text_doc((DEMO / "translated" / name).read_text()))
            top = report.matches[0]
            assert top.source.id == meta["source"], name
            assert top.verdict == "copy" and top.rewrite is not None
            assert top.rewrite.type == "translated", name


@pytest.mark.slow
def test_the_web_app_aligns_a_static_index_with_the_full_model(tmp_path, static_encoder):
    from unspun.index import Index
    from unspun.web.tracer import Tracer

    docs = [text_doc(p.read_text(), id=p.name, uri=p.name)
            for p in sorted((DEMO / "sources").glob("*.txt"))]
    with Index(tmp_path / "ix", create=True, embedder=static_encoder) as idx:
        idx.add(docs)
    tracer = Tracer(tmp_path / "ix")
    assert tracer.encoder == StaticEmbedder.name
    retriever = tracer.retriever(None)
    assert retriever.index.embedder is not None
    assert retriever.index.embedder.name == StaticEmbedder.name
    assert retriever.aligner.embedder is not None
    assert retriever.aligner.embedder.name == UseEmbedder.name
    # The wrapper keeps the static floor, so the dense channel scores as it does elsewhere.
    assert retriever.index.embedder.dense_floor == StaticEmbedder.dense_floor
    text = (DEMO / "translated" / "es-03-andalusia-drought-wheat.txt").read_text()
    report = tracer.trace(text_doc(text))
    assert report.matches[0].source.id == "03-andalusia-drought-wheat.txt"
    assert report.matches[0].verdict == "copy"
