"""The index of sources: add documents, look them up, report its size.

The fingerprint settings are fixed when an index is created and stored in it, so every later
query is fingerprinted exactly as the sources were. So is the sentence encoder of the dense
channel, when the index has one: an index built with one model is never searched with another.
"""

from __future__ import annotations

import json
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from unspun.config import FingerprintSettings
from unspun.errors import IndexFormatError, InputError, UnspunError
from unspun.extract import doc_id_for
from unspun.fingerprint import fingerprint
from unspun.index.prepare import PreparedBatch, content_hash, prepare_batch, prepare_task
from unspun.index.store import DB_NAME, FORMAT_VERSION, Store
from unspun.index.vectors import PassageVectors
from unspun.records import (
    Doc,
    Fingerprint,
    IndexedSource,
    InputFailure,
    Outline,
    RawDoc,
    Segmented,
    Sentence,
    SourceRef,
    Span,
)
from unspun.segment import anchors, tokenize

if TYPE_CHECKING:
    from unspun.embed import Embedder
    from unspun.engine import Engine

T = TypeVar("T")

__all__ = ["DB_NAME", "AddResult", "Index", "IndexStats", "IndexedSource", "SourcePage",
           "SourceSummary", "content_hash"]


@dataclass(frozen=True, slots=True)
class AddResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class IndexStats:
    path: str
    format_version: int
    sources: int
    rows: dict[str, int]
    bytes: dict[str, int]
    settings: FingerprintSettings
    encoder: str | None = None


@dataclass(frozen=True, slots=True)
class SourceSummary:
    """One line of a listing of sources."""

    id: str
    uri: str
    title: str
    tokens: int


@dataclass(frozen=True, slots=True)
class SourcePage:
    """One page of the sources matching a search, in id order, and how many match in all."""

    total: int
    offset: int
    sources: tuple[SourceSummary, ...]


class Index:
    """A directory of indexed sources. ``Index(path, create=True)`` makes one if absent."""

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = False,
        fingerprint: FingerprintSettings | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        """``embedder``: give one to store passage vectors (the dense channel) in a new index;
        an index that has vectors loads its own encoder when none is given."""
        wanted = fingerprint or FingerprintSettings()
        self.store = Store(path, create=create, settings_json=json.dumps(asdict(wanted)))
        stored = json.loads(self.store.meta("settings") or "{}")
        try:
            self.settings = FingerprintSettings(**stored) if stored else wanted
        except TypeError as exc:
            raise IndexFormatError(f"{path}: unreadable fingerprint settings ({exc})") from exc
        self._count: int | None = None
        self._version: int | None = None
        self.dense_missing: str | None = None
        """Why an index that has passage vectors cannot use them here (encoder not installed):
        tracing goes on without the dense channel and says so; adding sources refuses."""
        self.embedder = self._encoder(embedder)
        self.vectors = (PassageVectors(self.store, self.embedder.dim)
                        if self.embedder is not None else None)

    def _encoder(self, given: Embedder | None) -> Embedder | None:
        raw = self.store.meta("encoder")
        stored = json.loads(raw) if raw else None
        if given is None:
            if stored is None:
                return None
            from unspun.embed import MissingExtraError, embedder_named

            try:
                return embedder_named(stored["name"])
            except MissingExtraError as exc:
                self.dense_missing = str(exc)
                return None
        if stored is None:
            if self.store.count():
                raise IndexFormatError(
                    f"{self.path}: this index was built without passage vectors; build a new "
                    "index to use the dense channel"
                )
            self.store.set_meta("encoder", json.dumps({"name": given.name, "dim": given.dim}))
        elif stored["name"] != given.name or int(stored["dim"]) != given.dim:
            raise IndexFormatError(
                f"{self.path}: built with the encoder {stored['name']} ({stored['dim']}-d); "
                f"it cannot be searched or extended with {given.name} ({given.dim}-d)"
            )
        return given

    @property
    def encoder_name(self) -> str | None:
        """The sentence encoder whose passage vectors this index holds, if any."""
        raw = self.store.meta("encoder")
        return str(json.loads(raw)["name"]) if raw else None

    # -- context management ------------------------------------------------------------------
    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def count(self) -> int:
        if self._count is None:
            self._count = self.store.count()
        return self._count

    def refresh(self) -> None:
        """Forget what this object cached about the index (its size) when another connection
        has written to it since: a long-lived reader (the web app) calls it before a query."""
        version = self.store.data_version()
        if version != self._version:
            self._version, self._count = version, None

    @property
    def signature_dtype(self) -> np.dtype:
        return np.dtype(np.uint32)

    # -- fingerprints ------------------------------------------------------------------------
    def fingerprint(self, seg: Segmented | Outline) -> Fingerprint:
        return self.fingerprints([seg])[0]

    def fingerprints(self, segs: list[Segmented | Outline]) -> list[Fingerprint]:
        """Fingerprints made with the settings stored in this index."""
        return fingerprint(segs, self.settings)

    # -- writing -----------------------------------------------------------------------------
    def add(
        self,
        docs: Iterable[Doc | RawDoc | InputFailure],
        *,
        batch_size: int = 256,
        on_batch: Callable[[int], None] | None = None,
        workers: int = 1,
        engine: Engine | None = None,
        on_failure: Callable[[InputFailure], None] | None = None,
    ) -> AddResult:
        """Add sources, one transaction per batch. A source already present with the same
        text is left alone; one whose text changed is replaced.

        ``docs`` may hold inputs not yet extracted (``RawDoc``) and failed inputs
        (``InputFailure``): each failure goes to ``on_failure`` (without one, the first
        raises ``InputError``). Batches are extracted, outlined, fingerprinted and encoded
        on ``workers`` processes (or on ``engine``) and written here, in input order, by
        this one writer: the index is the same as one process makes, and a crash still
        loses at most the batch being written.
        """
        if self.dense_missing:
            raise UnspunError(f"{self.path}: sources added now would have no passage vectors; "
                              f"{self.dense_missing}")
        if workers < 1:
            raise ValueError("workers must be at least 1")
        items = iter(docs)
        head = list(islice(items, batch_size))
        # An input of one batch is prepared here: starting workers would take longer.
        own = engine is None and workers > 1 and len(head) == batch_size
        docs = chain(head, items)
        ready = getattr(self.embedder, "ready", None)
        if ready is not None:
            ready()  # once here, not in every worker (the static encoder's table)
        if own:
            from unspun.engine import PoolEngine

            engine = PoolEngine(workers, fork=True)
        added = updated = unchanged = 0
        try:
            with self.store.bulk_writes():
                for n_items, parts in self._prepared(docs, batch_size, engine):
                    entries, repeats, failures = PreparedBatch.merged(parts)
                    unchanged += repeats
                    ready = [e for e in entries if not isinstance(e, str)]
                    unchanged += len(entries) - len(ready)
                    existing = self.store.existing_hashes([s.id for s in ready])
                    todo = []
                    for src in ready:
                        if existing.get(src.id) == src.content_hash:
                            unchanged += 1
                            continue
                        todo.append(src)
                        if src.id in existing:
                            updated += 1
                        else:
                            added += 1
                    self.store.write_batch(todo, self.settings)
                    self._count = None
                    for failure in failures:
                        if on_failure is None:
                            raise InputError(failure.uri, failure.reason)
                        on_failure(failure)
                    if on_batch is not None:
                        on_batch(n_items)
        finally:
            if own and engine is not None:
                engine.close()
        if self.vectors is not None and (added or updated):
            # The searchable passage structure is derived; build it now, as part of adding,
            # rather than in the first trace that happens to search.
            self.vectors.ann()
        return AddResult(added, updated, unchanged)

    def _prepared(
        self, docs: Iterable[Doc | RawDoc | InputFailure], batch_size: int,
        engine: Engine | None,
    ) -> Iterator[tuple[int, list[PreparedBatch]]]:
        """(items, prepared parts) for each batch of ``docs``, in order. On an engine a batch
        is prepared in parts (two tasks per worker), so that the workers share it evenly.
        Sources the index holds with the same text are skipped before preparing, unless a
        batch not yet written holds their id (the writer decides those when it gets there).
        """
        sent: deque[tuple[int, list[str], int]] = deque()
        in_flight: Counter[str] = Counter()
        part_size = batch_size if engine is None else -(-batch_size // (2 * engine.workers))

        def tasks() -> Iterator[tuple[list[Doc | RawDoc | InputFailure], dict[str, str]]]:
            for batch in _batched(docs, batch_size):
                ids = [i for i in map(_item_id, batch) if i is not None]
                known = self.store.existing_hashes([i for i in set(ids) if i not in in_flight])
                parts = list(_batched(batch, part_size))
                sent.append((len(batch), ids, len(parts)))
                in_flight.update(ids)
                for part in parts:
                    yield part, {i: known[i] for i in map(_item_id, part)
                                 if i is not None and i in known}

        results: Iterator[PreparedBatch]
        if engine is None:
            results = (prepare_batch(part, self.settings, self.embedder, known)
                       for part, known in tasks())
        else:
            encoder = self.embedder.name if self.embedder is not None else None
            results = iter(engine.map(prepare_task, ((part, self.settings, encoder, known)
                                                     for part, known in tasks())))
        for first in results:
            n_items, ids, n_parts = sent.popleft()
            yield n_items, [first, *(next(results) for _ in range(n_parts - 1))]
            in_flight.subtract(ids)
            in_flight += Counter()  # drop the ids that reached zero

    # -- reading -----------------------------------------------------------------------------
    def source_doc(self, rowid: int) -> IndexedSource:
        row = self.store.source(rowid)
        sents = tuple(Sentence(s, e, p) for s, e, p in row.sentences)
        seg = Segmented(
            text=row.text,
            paragraphs=tuple(Span(s, e) for s, e in row.paragraphs),
            sentences=sents,
            tokens=tuple(tokenize(row.text)),
            anchors=tuple(anchors(row.text, list(sents))),
        )
        return IndexedSource(rowid, SourceRef(row.id, row.uri, row.title), seg, row.meta)

    def sentence_vectors(self, rowid: int) -> np.ndarray | None:
        """The stored sentence vectors of a source (made by ``self.embedder``), or None."""
        return self.store.sentence_vectors(rowid) if self.embedder is not None else None

    def get(self, doc_id: str) -> IndexedSource | None:
        rowid = self.store.rowid_of(doc_id)
        return None if rowid is None else self.source_doc(rowid)

    def sources(self, contains: str = "", *, offset: int = 0, limit: int = 50) -> SourcePage:
        """The sources whose id, uri or title contains ``contains`` (ignoring ASCII case), in
        id order: ``limit`` of them from ``offset``, with the number of matches."""
        total, rows = self.store.find_sources(contains, offset, limit)
        return SourcePage(total, offset, tuple(SourceSummary(*r) for r in rows))

    def stats(self) -> IndexStats:
        return IndexStats(
            path=str(self.path),
            format_version=FORMAT_VERSION,
            sources=self.count,
            rows=self.store.table_counts(),
            bytes=self.store.file_sizes(),
            settings=self.settings,
            encoder=self.encoder_name,
        )


def _item_id(item: Doc | RawDoc | InputFailure) -> str | None:
    if isinstance(item, InputFailure):
        return None
    return item.id if isinstance(item, Doc) else doc_id_for(item)


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
