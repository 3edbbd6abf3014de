"""The library calls the app makes, safe to run on several threads at once.

SQLite connections (and so ``Index`` and ``Retriever``) belong to one thread: each worker
thread opens its own index and keeps its retrievers, while the thesaurus (thread-safe once
loaded) and the sentence encoder (behind a lock: its model and vector cache are one thread's
at a time) are loaded once and shared. Writes go through one lock in this process; SQLite
serialises them with other processes (``unspun index add`` beside the server).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unspun.align import Aligner
from unspun.api import compare
from unspun.index import AddResult, Index, IndexedSource, SourcePage
from unspun.lexicon import default_thesaurus
from unspun.records import Doc, Report
from unspun.retrieve import Retriever

if TYPE_CHECKING:
    import numpy as np

    from unspun.embed import Embedder


class SharedEmbedder:
    """One sentence encoder for every thread: ``encode`` runs under a lock."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        for attr in ("dense_floor", "for_alignment"):
            if hasattr(inner, attr):
                setattr(self, attr, getattr(inner, attr))
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return self.inner.encode(texts)


class Tracer:
    """Trace, compare, add and look up sources in the index at ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with Index(path) as idx:  # a missing or foreign index fails here, at start-up
            self.encoder = idx.encoder_name
            self.dense_missing = idx.dense_missing
            self.embedder = SharedEmbedder(idx.embedder) if idx.embedder is not None else None
        self.align_embedder = self.embedder
        """What the aligner encodes with: the index's encoder, or the full model when the
        index's only finds candidates (the static one)."""
        if idx.embedder is not None:
            from unspun.embed.static import alignment_embedder

            aligning = alignment_embedder(idx.embedder)
            if aligning is not idx.embedder:
                self.align_embedder = SharedEmbedder(aligning)
        self.thesaurus = default_thesaurus()
        self._default: SharedEmbedder | None = None
        self._local = threading.local()
        self._lock = threading.Lock()
        self.write_lock = threading.Lock()

    def warm_up(self) -> None:
        """Load the thesaurus and the index's encoder now rather than in the first request."""
        if self.thesaurus is not None:
            self.thesaurus.load()
        for embedder in {id(e): e for e in (self.embedder, self.align_embedder)}.values():
            if embedder is not None:
                embedder.encode(["warm up"])

    # -- per-thread state --------------------------------------------------------------------
    def _state(self) -> dict[str, Any]:
        state: dict[str, Any] | None = getattr(self._local, "state", None)
        if state is None:
            state = self._local.state = {}
        return state

    def index(self) -> Index:
        """This thread's connection to the index (opened on first use, kept)."""
        state = self._state()
        if "index" not in state:
            state["index"] = Index(self.path, embedder=self.embedder)
        return state["index"]

    def _embedder_for(self, dense: bool | None) -> SharedEmbedder | None:
        """The encoder an aligner gets: the index's own by default (none for a lexical index),
        none for ``dense`` False, and for True the index's or else the default encoder (an
        error naming the ``semantic`` extra when it is not installed)."""
        if dense is None or (dense and self.align_embedder is not None):
            return self.align_embedder
        if not dense:
            return None
        with self._lock:
            if self._default is None:
                from unspun.embed import multilingual_embedder

                self._default = SharedEmbedder(multilingual_embedder())
            return self._default

    def aligner(self, dense: bool | None) -> Aligner:
        state = self._state()
        key = f"aligner-{dense}"
        if key not in state:
            state[key] = Aligner(None, self.thesaurus, self._embedder_for(dense))
        aligner: Aligner = state[key]
        return aligner

    def retriever(self, dense: bool | None) -> Retriever:
        state = self._state()
        key = f"retriever-{dense}"
        if key not in state:
            state[key] = Retriever(self.index(), self.aligner(dense))
        retriever: Retriever = state[key]
        return retriever

    # -- the work ----------------------------------------------------------------------------
    def trace(self, doc: Doc, *, top: int = 5, dense: bool | None = None) -> Report:
        retriever = self.retriever(dense)
        retriever.index.refresh()  # sources added since (by the API or another process)
        return retriever.trace(doc, top=top)

    def compare(self, suspect: Doc, source: Doc, *, dense: bool | None = None) -> Report:
        if dense is None:
            dense = self.embedder is not None or self._semantic_installed()
        return compare(suspect, source, aligner=self.aligner(dense))

    @staticmethod
    def _semantic_installed() -> bool:
        from unspun.embed import semantic_available

        return semantic_available()

    def add(self, docs: Iterable[Doc]) -> AddResult:
        """Add sources; one writer at a time in this process."""
        with self.write_lock, Index(self.path, embedder=self.embedder) as idx:
            return idx.add(docs)

    # -- reading (on any thread: a short-lived connection each) ------------------------------
    def sources(self, contains: str, offset: int, limit: int) -> SourcePage:
        with Index(self.path, embedder=self.embedder) as idx:
            return idx.sources(contains, offset=offset, limit=limit)

    def source(self, doc_id: str) -> IndexedSource | None:
        with Index(self.path, embedder=self.embedder) as idx:
            return idx.get(doc_id)

    def count(self) -> int:
        with Index(self.path, embedder=self.embedder) as idx:
            return idx.count
