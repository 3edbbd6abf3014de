"""Passage vectors: what the dense retrieval channel searches.

A *passage* is a window of up to ``PASSAGE_SENTENCES`` consecutive sentences of one paragraph
(and at most ``PASSAGE_WORDS`` words): long enough to carry a statement's meaning, short enough
that a summary sentence or a translated paragraph still lands near it. A text is encoded once,
sentence by sentence; a passage's vector is the normalised sum of its sentences' (``pooled``).
Each source's sentence vectors (table ``sentence_vectors``, which the aligner reads instead of
encoding the source again at trace time) and passage vectors (table ``passages``) are stored in
SQLite as float16 in the same transaction as the source, so the database alone is the truth
and a crash never leaves vectors without their source or the other way round.

The approximate-nearest-neighbour structure (faiss) is *derived*: it is written beside the
database as ``passages.faiss`` (via a temporary file and an atomic rename) with the number of
passages and the largest passage id it holds, and the number it was built from, recorded in
the index's ``meta`` table. When the database has only gained passages since (an ``index
add``), the new ones are added to it (``extend``); when they disagree otherwise (a crash
after a batch, an update or a removal, a copied directory), or the index has outgrown the
lists it was trained for (``REBUILD_GROWTH``), the structure is rebuilt from SQLite on the
next search. Below ``IVF_MIN`` vectors it is
an exact inner-product index; above, an inverted file (IVF) with ``sqrt(n)`` lists
(``ivf_lists``) trained on a sample of ``TRAIN_PER_LIST`` vectors per list, its vectors
quantised to 8 bits per dimension, of which ``NPROBE`` lists are searched; it is built from
SQLite in chunks, never holding every vector at once. With ``4 * sqrt(n)`` float32 lists, on
200k x 384 vectors, the issue notes measured recall@10 0.9997 at 4,500 queries/s with a 6 s
build, where HNSW took 65 s to build; fewer lists with the same probes read more vectors per
query, and the build no longer grows with the square of the passages; what the quantisation
costs end to end is measured by ``benchmarks/scale.py`` (docs/scale.md).
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from unspun.errors import UnspunError
from unspun.records import Outline, Segmented, Span

if TYPE_CHECKING:
    from unspun.index.store import Store

PASSAGE_SENTENCES = 3
PASSAGE_WORDS = 90
IVF_MIN = 20_000
NPROBE = 16
TRAIN_PER_LIST = 64
"""Training vectors per inverted list (faiss's default is 256; it needs 39)."""
REBUILD_GROWTH = 4
"""An inverted file is extended with new passages until the index holds this many times the
passages it was built from: then it has half the ``sqrt(n)`` lists its size calls for (each
probe reads twice the vectors), and it is rebuilt and trained again."""
ANN_FILE = "passages.faiss"
SMALL_SEARCH = 256
"""Query batches below this many rows are searched on one thread (see ``search``)."""
DENSE_EXTRA = "pip install 'unspun[semantic]'"


def passage_groups(seg: Segmented | Outline) -> list[tuple[int, int]]:
    """Passages as sentence index ranges ``[lo, hi)``: non-overlapping windows of consecutive
    sentences within a paragraph; every sentence is in exactly one."""
    out: list[tuple[int, int]] = []
    lo = -1
    n_words = 0
    para = -1
    for i, s in enumerate(seg.sentences):
        w = len(seg.text[s.start : s.end].split())
        if lo >= 0 and (s.paragraph != para or i - lo >= PASSAGE_SENTENCES
                        or n_words + w > PASSAGE_WORDS):
            out.append((lo, i))
            lo = -1
        if lo < 0:
            lo, n_words, para = i, 0, s.paragraph
        n_words += w
    if lo >= 0:
        out.append((lo, len(seg.sentences)))
    return out


def passages(seg: Segmented) -> list[Span]:
    """The passages of a text as character spans."""
    sents = seg.sentences
    return [Span(sents[lo].start, sents[hi - 1].end) for lo, hi in passage_groups(seg)]


def pooled(sentence_vectors: np.ndarray, groups: Sequence[tuple[int, int]]) -> np.ndarray:
    """One unit vector per group of sentences: the normalised sum of their vectors.

    The encoder averages over tokens, so this is close to encoding the passage's text (the
    aligner scores merged sentences the same way), and it costs nothing: a text is encoded
    once, sentence by sentence, and both the aligner and the dense channel use the result.
    """
    dim = sentence_vectors.shape[1]
    out = np.zeros((len(groups), dim), dtype=np.float32)
    for k, (lo, hi) in enumerate(groups):
        out[k] = sentence_vectors[lo:hi].sum(axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.where(norms > 0, out / np.where(norms > 0, norms, 1.0), 0.0).astype(np.float32)


@dataclass(frozen=True, slots=True)
class TextVectors:
    """A text's sentence vectors (one unit row per sentence, zero for a blank one), its
    passages and their pooled vectors."""

    sentences: np.ndarray
    passages: list[Span]
    passage_vectors: np.ndarray


def text_vectors(seg: Segmented | Outline, sentence_vectors: np.ndarray) -> TextVectors:
    groups = passage_groups(seg)
    sents = seg.sentences
    return TextVectors(
        sentence_vectors,
        [Span(sents[lo].start, sents[hi - 1].end) for lo, hi in groups],
        pooled(sentence_vectors, groups),
    )


def encode_texts(embedder: Any, segs: Sequence[Segmented | Outline]) -> list[TextVectors]:
    """Sentence and passage vectors of many texts, in one encoder call (batching is what makes
    a CPU encoder fast). Sentences are encoded as the aligner encodes them, so the stored
    vectors are the ones alignment would compute."""
    texts = [seg.sentence_text(i) for seg in segs for i in range(len(seg.sentences))]
    dim = int(embedder.dim)
    vecs = (np.asarray(embedder.encode(texts), dtype=np.float32) if texts
            else np.zeros((0, dim), np.float32))
    out, at = [], 0
    for seg in segs:
        n = len(seg.sentences)
        out.append(text_vectors(seg, vecs[at : at + n]))
        at += n
    return out


def ivf_lists(n: int) -> int:
    """Inverted lists for ``n`` vectors: ``sqrt(n)``. Training and adding cost
    ``n * lists`` dot products; with ``4 * sqrt(n)`` lists (index format 3) the passages of
    10,000 articles (about 780,000) took over two minutes to build on two cores, and the cost
    grows with the square of the passages. With ``NPROBE`` lists searched, a query passage
    reads ``16 * sqrt(n)`` vectors (45,000 of 7.8 million, the passages of 100,000 articles)."""
    return max(1, int(math.sqrt(n)))


def _faiss() -> Any:
    try:
        import faiss
    except ImportError as exc:
        raise UnspunError(f"the dense retrieval channel needs faiss-cpu: {DENSE_EXTRA}") from exc
    return faiss


class PassageVectors:
    """The searchable passage vectors of one index directory."""

    def __init__(self, store: Store, dim: int) -> None:
        self.store = store
        self.dim = dim
        self._ann: Any = None
        self._loaded_state: tuple[int, int, int] | None = None

    @property
    def file(self) -> Path:
        return self.store.path / ANN_FILE

    def _state(self) -> tuple[int, int, int]:
        """(passages, largest passage id, passage removals so far): what the ANN file must
        match. The removals count, because an id freed at the top is given out again."""
        return (*self.store.passage_state(), self.store.passage_removals())

    def _recorded(self) -> tuple[int, int, int, int | None] | None:
        """(passages, largest id, passages it was built from, removals) of the ANN file, as
        recorded when it was written; a file written before extension records the first two
        only (it was built from all of them; the removals are unknown)."""
        raw = self.store.meta("ann_state")
        if not raw:
            return None
        n, top, *rest = (int(x) for x in raw.split(","))
        return n, top, rest[0] if rest else n, rest[1] if len(rest) > 1 else None

    def ann(self) -> Any:
        """The faiss index, loaded, extended or rebuilt so that it matches the database."""
        state = self._state()
        if self._ann is not None and self._loaded_state == state:
            return self._ann
        faiss = _faiss()
        recorded = self._recorded()
        ann = None
        if recorded is not None and self.file.exists():
            n, top, built, removed = recorded
            if (n, top) == state[:2] and removed in (None, state[2]):
                ann = self._read(faiss, n)
            elif removed == state[2] and self._extensible(n, top, built, state):
                ann = self._read(faiss, n)
                if ann is not None:
                    ann = self._extend(faiss, ann, top, state, built)
        if ann is None:
            ann = self._build(faiss, state)
        self._ann, self._loaded_state = ann, state
        return ann

    def _read(self, faiss: Any, n: int) -> Any:
        """The ANN file, if it is readable and holds ``n`` vectors (a torn copy, or a file
        written by a process that died before recording it, holds other); else None."""
        try:
            ann = faiss.read_index(str(self.file))
        except RuntimeError:
            return None
        if ann.ntotal != n:
            return None
        if hasattr(ann, "nprobe"):
            ann.nprobe = NPROBE  # a search setting: set it on every load, not trusted
        return ann

    def _extensible(self, n: int, top: int, built: int, state: tuple[int, int, int]) -> bool:
        """Whether a file of ``n`` passages up to id ``top`` can take the database's new ones:
        none was removed since (the caller compares the removals), all the growth is above
        ``top``, and the file's kind and lists still suit the new size."""
        if state[0] <= n or state[1] <= top:
            return False
        if (n >= IVF_MIN) != (state[0] >= IVF_MIN) or state[0] > REBUILD_GROWTH * built:
            return False  # a flat file that should become an IVF, or lists grown too few
        return self.store.passages_after(top) == state[0] - n

    def _extend(self, faiss: Any, ann: Any, top: int, state: tuple[int, int, int],
                built: int) -> Any:
        """``ann`` with the passages above id ``top`` added (an IVF keeps its lists), or None
        where the database changed meanwhile."""
        for ids, vecs in self.store.passage_vector_chunks(after=top):
            ann.add_with_ids(vecs, ids)
        if ann.ntotal != state[0]:
            return None
        self._write(faiss, ann, state, built)
        return ann

    def _write(self, faiss: Any, ann: Any, state: tuple[int, int, int], built: int) -> None:
        # One temporary name per process and thread: readers that find the file stale (the
        # web app's workers, `trace --workers`) may rebuild or extend it at the same moment.
        tmp = self.file.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
        faiss.write_index(ann, str(tmp))
        os.replace(tmp, self.file)
        self.store.set_meta("ann_state", f"{state[0]},{state[1]},{built},{state[2]}")

    def _build(self, faiss: Any, state: tuple[int, int, int]) -> Any:
        n = state[0]
        if n >= IVF_MIN:
            quantizer = faiss.IndexFlatIP(self.dim)
            lists = ivf_lists(n)
            # 8-bit scalar-quantised lists: a quarter of float32's memory (8 million
            # passages of 256 dimensions: 2 GB, not 8), the cosines within about 1%.
            ann = faiss.IndexIVFScalarQuantizer(quantizer, self.dim, lists,
                                                faiss.ScalarQuantizer.QT_8bit,
                                                faiss.METRIC_INNER_PRODUCT)
            # k-means on an even sample (every k-th passage): training on every vector costs
            # time quadratic in the index's size and buys nothing measurable.
            stride = max(1, n // (TRAIN_PER_LIST * lists))
            ann.train(np.concatenate([v[::stride] for _, v in self.store.passage_vector_chunks()]))
            ann.nprobe = NPROBE
        else:
            ann = faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim))
        for ids, vecs in self.store.passage_vector_chunks():
            ann.add_with_ids(vecs, ids)
        self._write(faiss, ann, state, n)
        return ann

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(similarities, passage ids) of the ``k`` nearest passages of each query row; ids
        are -1 where fewer exist."""
        ann = self.ann()
        if ann.ntotal == 0 or len(queries) == 0:
            return (np.zeros((len(queries), 0), np.float32), np.zeros((len(queries), 0), np.int64))
        faiss = _faiss()
        threads = faiss.omp_get_max_threads()
        # A page's few dozen query rows are searched fastest on one thread: faiss's OpenMP
        # workers otherwise contend with numpy's BLAS threads (measured: a 1,500-passage search
        # took 47 ms in a profile of tracing, about 1 ms single-threaded).
        if len(queries) < SMALL_SEARCH:
            faiss.omp_set_num_threads(1)
        try:
            sims, ids = ann.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        finally:
            faiss.omp_set_num_threads(threads)
        return sims, ids
