"""The index of sources: add documents, look them up, report its size.

The fingerprint settings are fixed when an index is created and stored in it, so every later
query is fingerprinted exactly as the sources were. So is the sentence encoder of the dense
channel, when the index has one: an index built with one model is never searched with another.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from unspun.config import FingerprintSettings
from unspun.errors import IndexFormatError, UnspunError
from unspun.fingerprint import fingerprint
from unspun.index.store import DB_NAME, FORMAT_VERSION, PreparedSource, Store
from unspun.index.vectors import PassageVectors, TextVectors, encode_texts
from unspun.records import (
    Doc,
    Fingerprint,
    IndexedSource,
    Segmented,
    Sentence,
    SourceMeta,
    SourceRef,
    Span,
)
from unspun.segment import anchors, segment, tokenize

if TYPE_CHECKING:
    from unspun.embed import Embedder

__all__ = ["DB_NAME", "AddResult", "Index", "IndexStats", "IndexedSource", "SourcePage",
           "SourceSummary"]


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


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


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
    def fingerprint(self, seg: Segmented) -> Fingerprint:
        return self.fingerprints([seg])[0]

    def fingerprints(self, segs: list[Segmented]) -> list[Fingerprint]:
        """Fingerprints made with the settings stored in this index."""
        return fingerprint(segs, self.settings)

    # -- writing -----------------------------------------------------------------------------
    def add(
        self,
        docs: Iterable[Doc],
        *,
        batch_size: int = 256,
        on_batch: Callable[[int], None] | None = None,
    ) -> AddResult:
        """Add sources, one transaction per batch. A source already present with the same
        text is left alone; one whose text changed is replaced."""
        if self.dense_missing:
            raise UnspunError(f"{self.path}: sources added now would have no passage vectors; "
                              f"{self.dense_missing}")
        added = updated = unchanged = 0
        for batch in _batched(docs, batch_size):
            # The same id twice in one batch: the last one wins, as in a later batch.
            by_id = {d.id: d for d in batch}
            existing = self.store.existing_hashes(list(by_id))
            todo: list[tuple[Doc, str]] = []
            for doc in by_id.values():
                h = content_hash(doc.text)
                if existing.get(doc.id) == h:
                    unchanged += 1
                else:
                    todo.append((doc, h))
                    if doc.id in existing:
                        updated += 1
                    else:
                        added += 1
            segs = [segment(d.text) for d, _ in todo]
            dense: Sequence[TextVectors | None] = (
                encode_texts(self.embedder, segs) if self.embedder is not None
                else [None] * len(segs))
            prepared = [
                _prepare(d, h, seg, fp, pv)
                for (d, h), seg, fp, pv in zip(todo, segs, self.fingerprints(segs), dense,
                                               strict=True)
            ]
            self.store.write_batch(prepared)
            self._count = None
            unchanged += len(batch) - len(by_id)
            if on_batch is not None:
                on_batch(len(batch))
        if self.vectors is not None and (added or updated):
            # The searchable passage structure is derived; build it now, as part of adding,
            # rather than in the first trace that happens to search.
            self.vectors.ann()
        return AddResult(added, updated, unchanged)

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


def _prepare(
    doc: Doc, h: str, seg: Segmented, fp: Fingerprint,
    dense: TextVectors | None = None,
) -> PreparedSource:
    return PreparedSource(
        id=doc.id,
        uri=doc.uri,
        title=doc.title,
        text=doc.text,
        meta=SourceMeta.of(doc),
        content_hash=h,
        n_tokens=len(seg.tokens),
        paragraphs=tuple((p.start, p.end) for p in seg.paragraphs),
        sentences=tuple((s.start, s.end, s.paragraph) for s in seg.sentences),
        terms=fp.terms,
        word_sig=fp.word_sig,
        anchor_sig=fp.anchor_sig,
        band_keys=fp.band_keys(),
        passages=tuple((p.start, p.end) for p in dense.passages) if dense else (),
        passage_vectors=dense.passage_vectors if dense else None,
        sentence_vectors=dense.sentences if dense else None,
    )


def _batched(items: Iterable[Doc], size: int) -> Iterator[list[Doc]]:
    batch: list[Doc] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
