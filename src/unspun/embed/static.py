"""A static sentence encoder distilled from the multilingual USE: the dense channel's cheap side.

Encoding every sentence of every source with the full encoder (``unspun.embed``) is what made
dense indexing about 18 times slower than lexical. This encoder does what model2vec does for
transformer encoders, for the USE model unspun already ships: each of the model's 128,000
SentencePiece pieces is run through the full model once, alone, and the sentence vector is
the weighted mean of its pieces' vectors. Encoding is then a table lookup and a sum (about 2 ms
of CPU per article against 130 ms: ``benchmarks/index_speed.py --dense``), and the table
keeps the model's multilingual space, so a translated passage still lands near its source.

How the table is made (``build_table``; measured on the rebuilt wild-dev pages in
docs/semantic.md, "The static encoder"):

- each piece's vector is the full model's output for the piece alone (``[bos, piece, eos]``);
- pieces are weighted by SIF, ``a / (a + p)`` with ``p`` the piece's unigram probability in the
  tokenizer's own model and ``a = 1e-3``: frequent pieces ("the", ",") say little;
- the frequency-weighted mean vector and the top ``COMMON_COMPONENTS`` principal components
  of the 20,000 most frequent pieces are removed (what every sentence shares), and the rest is
  projected on its first ``DIM`` principal components.

The table is derived from the weights in the installed package, never downloaded: it is built
on first use (about a minute on two cores) and kept in the user's cache directory
(``UNSPUN_CACHE_DIR``, else ``$XDG_CACHE_HOME/unspun``, else ``~/.cache/unspun``), named by a
hash of the model files and of this recipe, written to a temporary name and renamed, so a crash
or two processes building at once never leave a torn table.

Only retrieval uses it (the index's passage vectors and the query's passages that search them);
alignment keeps the full encoder on the candidates it aligns (``alignment_embedder``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from unspun.embed import (
    DENSE_KINDS,
    INVISIBLE,
    SEMANTIC_EXTRA,
    MissingExtraError,
    UseEmbedder,
    reference_tokenizer,
    reference_tokenizer_path,
)

log = logging.getLogger(__name__)

DIM = 256
"""Dimensions kept: on the wild-dev pages 256 retrieved as well as all 512, 128 did not."""
SIF_A = 1e-3
COMMON_COMPONENTS = 4
FREQUENT_PIECES = 20_000
RECIPE = 2
"""Bumped whenever the recipe changes, so that an old cached table is never used."""
VECTORS_FILE = "vectors.npy"
WEIGHTS_FILE = "weights.npy"
_BUILD_BATCH = 128


class StaticEmbedder:
    """Sentence vectors as SIF-weighted means of distilled USE piece vectors (``DIM``-d)."""

    name = "use-multilingual-v3-static"
    dim = DIM
    for_alignment = False
    """Its vectors only find candidates: an index keeps passage vectors, not sentence ones."""
    dense_floor = 0.57
    """Passage cosine below which a dense hit is no evidence (``Retriever._dense``). This
    encoder's cosines run higher than the full one's: on the wild-dev pages 44.5% of a copy's
    passages have a best cosine above the full encoder's floor (0.5) to some page of another
    story, and the same share is above 0.574 here (``benchmarks/static_channel.py``)."""

    def __init__(self, table_path: Path | None = None) -> None:
        self._table_path = table_path
        self._vectors: np.ndarray | None = None
        self._weights: np.ndarray | None = None
        self._sp: Any = None

    def ready(self) -> None:
        """Build the cached table now if it is missing (``Index.add`` calls this before it
        starts worker processes, so that they do not each build it)."""
        if self._table_path is None:
            ensure_table()

    def _load(self) -> tuple[np.ndarray, np.ndarray, Any]:
        if self._vectors is None or self._weights is None:
            path = self._table_path or ensure_table()
            # Memory-mapped: loading costs nothing, and the worker processes of one
            # `index add` share the table's pages through the page cache.
            self._vectors = np.load(path / VECTORS_FILE, mmap_mode="r")
            self._weights = np.load(path / WEIGHTS_FILE)
            self._sp = _tokenizer()
        return self._vectors, self._weights, self._sp

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-norm float32 rows, shape ``(len(texts), DIM)``; zero for a blank text."""
        from scipy.sparse import csr_matrix

        vectors, weights, sp = self._load()
        texts = [t.translate(INVISIBLE) for t in texts]
        ids = sp.encode([t if t.strip() else "" for t in texts], out_type=int)
        lens = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        indptr = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(lens, out=indptr[1:])
        flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(indptr[-1]))
        # Row k of the sparse (texts x pieces) matrix holds text k's piece weights: its product
        # with the table is every weighted sum at once, reading only the rows it needs.
        mix = csr_matrix((weights[flat], flat, indptr), shape=(len(ids), len(weights)))
        out = np.asarray(mix @ vectors, dtype=np.float32).reshape(len(ids), self.dim)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.where(norms > 0, out / np.where(norms > 0, norms, 1.0), 0.0).astype(np.float32)


def alignment_embedder(index_embedder: Any) -> Any:
    """The encoder that aligns against an index built with ``index_embedder``: the full model
    for the static one (its vectors only find candidates), the index's own otherwise."""
    if getattr(index_embedder, "name", None) == StaticEmbedder.name:
        return UseEmbedder()
    return index_embedder


def _tokenizer() -> Any:
    sp = reference_tokenizer()
    if sp is None:
        raise MissingExtraError(f"the static encoder needs the sentencepiece library: "
                                f"{SEMANTIC_EXTRA}")
    return sp


def cache_dir() -> Path:
    given = os.environ.get("UNSPUN_CACHE_DIR")
    if given:
        return Path(given)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "unspun"


def _model_files() -> tuple[Path, Path]:
    sp_model = reference_tokenizer_path()
    if sp_model is None:
        raise MissingExtraError(f"the static encoder needs the sentence encoder package: "
                                f"{SEMANTIC_EXTRA}")
    return sp_model, sp_model.with_name("weights.npz")


@lru_cache(maxsize=1)
def table_key() -> str:
    """A hash of the model files and the recipe: the cached table's name. Computed once per
    process: it reads the 33 MB of model files, and every ``Index.add`` and every new encoder
    asks for the table."""
    h = hashlib.sha1(f"{RECIPE} {DIM} {SIF_A} {COMMON_COMPONENTS} {FREQUENT_PIECES}".encode())
    for f in _model_files():
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def ensure_table() -> Path:
    """The cached table for the installed model (a directory holding ``VECTORS_FILE`` and
    ``WEIGHTS_FILE``), built first when it is missing."""
    path = cache_dir() / f"static-encoder-{table_key()}"
    if path.is_dir():
        return path
    log.warning("building the static encoder table from the installed USE model (once, "
                "about a minute): %s", path)
    vectors, weights = build_table()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written whole under a temporary name and renamed: a crash, or another process building
    # it at the same moment, never leaves a half-written table under the real name.
    tmp = Path(tempfile.mkdtemp(prefix=f"{path.name}.", suffix=".tmp", dir=path.parent))
    np.save(tmp / VECTORS_FILE, vectors)
    np.save(tmp / WEIGHTS_FILE, weights)
    try:
        os.rename(tmp, path)
    except OSError:  # built by another process meanwhile
        shutil.rmtree(tmp, ignore_errors=True)
        if not path.is_dir():
            raise
    return path


def build_table() -> tuple[np.ndarray, np.ndarray]:
    """(``DIM``-d float32 vector per piece, float32 SIF weight per piece), as the module
    docstring describes."""
    raw, log_prob = piece_vectors()
    return distil(raw, log_prob)


def piece_vectors() -> tuple[np.ndarray, np.ndarray]:
    """(the full model's 512-d vector of each piece alone, each piece's log probability in the
    tokenizer's unigram model): the costly part of the table, a minute on two cores."""
    model = UseEmbedder()._load()
    sp = _tokenizer()
    # The package's forward pass over token ids (its public ``encode`` takes text, and a
    # piece's text does not always tokenise back to that one piece).
    backend = model._model
    n = sp.get_piece_size()
    raw = np.zeros((n, UseEmbedder.dim), dtype=np.float32)
    bos, eos = sp.bos_id(), sp.eos_id()
    with backend._threadpool(limits=model.threads, user_api="blas"):
        for lo in range(0, n, _BUILD_BATCH):
            group = [[bos, i, eos] for i in range(lo, min(n, lo + _BUILD_BATCH))]
            backend._encode_batch(group, 3 * len(group), raw[lo : lo + len(group)])
    log_prob = np.array([sp.get_score(i) for i in range(n)], dtype=np.float64)
    # The control, unknown and reserved pieces (score 0: "<s>", "extra_token_id_1") are not
    # words: no weight, and no part in the mean or the components.
    special = [i for i in range(n)
               if sp.is_control(i) or sp.is_unknown(i) or log_prob[i] == 0.0]
    log_prob[special] = -np.inf
    return raw, log_prob


def distil(raw: np.ndarray, log_prob: np.ndarray, *, a: float = SIF_A,
           common: int = COMMON_COMPONENTS, dim: int = DIM) -> tuple[np.ndarray, np.ndarray]:
    """The table from ``piece_vectors``: SIF weights ``a / (a + p)``; the frequency-weighted
    mean and the top ``common`` principal components of the ``FREQUENT_PIECES`` most frequent
    pieces removed; the rest projected on its first ``dim`` principal components."""
    prob = np.exp(log_prob)
    weights = (a / (a + prob)).astype(np.float32)
    weights[~np.isfinite(log_prob)] = 0.0
    frequent = np.argsort(-log_prob, kind="stable")[:FREQUENT_PIECES]
    centred = raw - (raw * (prob / prob.sum())[:, None]).sum(axis=0)
    if common:
        top_common = np.linalg.svd(centred[frequent], full_matrices=False)[2][:common]
        centred = centred - (centred @ top_common.T) @ top_common
    if dim < raw.shape[1]:
        top = centred[frequent]
        basis = np.linalg.svd(top - top.mean(axis=0), full_matrices=False)[2][:dim]
        centred = centred @ basis.T
    return centred.astype(np.float32), weights


def index_encoder(kind: str) -> Any:
    """The encoder an index is built with for ``kind`` (one of ``DENSE_KINDS``); raises
    ``MissingExtraError`` when the ``semantic`` extra is missing."""
    from unspun.embed import embedder_named, multilingual_embedder

    if kind == "full":
        return multilingual_embedder()
    if kind == "static":
        return embedder_named(StaticEmbedder.name)
    raise ValueError(f"unknown dense encoder {kind!r}: one of {', '.join(DENSE_KINDS)}")
