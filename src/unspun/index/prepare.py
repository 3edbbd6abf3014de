"""Preparing sources for the index: extract, outline, fingerprint and (dense) encode a batch.

``prepare_batch`` is a stage function (``unspun.engine``): ``Index.add`` runs it in its own
process or on a pool of worker processes, and writes what comes back, batch by batch in input
order, as the index's one writer. Everything here is pure over its arguments (the sentence
encoder of a worker process is loaded once and kept), so a batch prepared in a worker is the
batch the writer would have prepared itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from unspun.config import ExtractSettings, FingerprintSettings
from unspun.engine.tuning import collector_paused
from unspun.errors import InputError
from unspun.fingerprint import fingerprint
from unspun.index.vectors import TextVectors, encode_texts
from unspun.index.write import PreparedSource, pack_spans
from unspun.records import Doc, Fingerprint, InputFailure, Outline, RawDoc, SourceMeta
from unspun.segment import outline

if TYPE_CHECKING:
    from unspun.embed import Embedder

Item = Doc | RawDoc | InputFailure
"""What ``Index.add`` takes: extracted documents, inputs still to extract (extracted where
the batch is prepared), or inputs that failed before extraction (passed through, in order)."""


@dataclass(frozen=True, slots=True)
class PreparedBatch:
    """What ``prepare_batch`` made of some of the inputs of one ``Index.add`` batch."""

    entries: tuple[PreparedSource | str, ...]
    """A prepared source per document, in input order; the id alone where the document is
    indexed already with the same text (by ``known``)."""
    failures: tuple[InputFailure, ...]
    """Inputs that gave no document, in input order."""

    @staticmethod
    def merged(parts: Sequence[PreparedBatch]) -> tuple[list[PreparedSource | str], int,
                                                       list[InputFailure]]:
        """The entries of a batch's parts, one per id (the last one of an id wins, in the
        position where the id first came: as if a later batch had replaced it), the number of
        repeats left out, and the failures."""
        by_id: dict[str, PreparedSource | str] = {}
        n = 0
        for part in parts:
            for entry in part.entries:
                by_id[entry if isinstance(entry, str) else entry.id] = entry
                n += 1
        return list(by_id.values()), n - len(by_id), [f for p in parts for f in p.failures]


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def prepare_batch(
    items: Sequence[Item],
    settings: FingerprintSettings,
    embedder: Embedder | None,
    known: Mapping[str, str],
    extract_settings: ExtractSettings | None = None,
) -> PreparedBatch:
    """Extract, outline, fingerprint and (with ``embedder``) encode a batch.

    ``known``: id -> content hash of sources the index holds and no earlier batch still in
    flight will change; a document with the same text is not prepared (its entry is its id).
    """
    from unspun.extract import extract

    failures: list[InputFailure] = []
    docs: list[Doc] = []
    for item in items:
        if isinstance(item, InputFailure):
            failures.append(item)
        elif isinstance(item, RawDoc):
            try:
                docs.append(extract(item, extract_settings or ExtractSettings()))
            except InputError as exc:
                failures.append(InputFailure(exc.uri, exc.reason))
        else:
            docs.append(item)
    hashes = [content_hash(d.text) for d in docs]
    todo = [(d, h) for d, h in zip(docs, hashes, strict=True) if known.get(d.id) != h]
    # Outlining and fingerprinting make no reference cycles, only many short-lived containers
    # that the cyclic collector would traverse again and again (``collector_paused``).
    with collector_paused():
        outlines = [outline(d.text) for d, _ in todo]
        dense: Sequence[TextVectors | None] = (
            encode_texts(embedder, outlines) if embedder is not None else [None] * len(outlines))
        # An encoder whose vectors only find candidates (the static one) keeps no sentence
        # vectors: the aligner encodes the candidates it aligns with the full model.
        keep_sentences = bool(getattr(embedder, "for_alignment", True))
        made = iter([
            prepared_source(d, h, o, fp, tv, keep_sentences=keep_sentences)
            for (d, h), o, fp, tv in zip(todo, outlines, fingerprint(outlines, settings), dense,
                                         strict=True)
        ])
    entries = tuple(d.id if known.get(d.id) == h else next(made)
                    for d, h in zip(docs, hashes, strict=True))
    return PreparedBatch(entries, tuple(failures))


@lru_cache(maxsize=2)
def _embedder(name: str) -> Embedder:
    """The sentence encoder of this worker process (loading it takes seconds; a worker
    prepares many batches). A cache, not shared state: it never changes a result."""
    from unspun.embed import embedder_named

    return embedder_named(name)


def prepare_task(
    items: Sequence[Item],
    settings: FingerprintSettings,
    encoder: str | None,
    known: Mapping[str, str],
) -> PreparedBatch:
    """``prepare_batch`` as an engine task: the encoder travels by name, not as a model."""
    return prepare_batch(items, settings, _embedder(encoder) if encoder else None, known)


def prepared_source(
    doc: Doc, h: str, text: Outline, fp: Fingerprint, dense: TextVectors | None = None, *,
    keep_sentences: bool = True,
) -> PreparedSource:
    return PreparedSource(
        id=doc.id,
        uri=doc.uri,
        title=doc.title,
        text=doc.text,
        meta=SourceMeta.of(doc),
        content_hash=h,
        n_tokens=text.n_tokens,
        paragraphs=pack_spans(text.paragraphs),  # each (start, end)
        sentences=pack_spans(text.sentences),  # each (start, end, paragraph)
        terms=tuple(sorted(fp.terms)),
        word_sig=fp.word_sig.tobytes(),
        anchor_sig=fp.anchor_sig.tobytes(),
        band_keys=PreparedSource.lsh_keys(fp.band_keys()),
        passages=tuple((p.start, p.end) for p in dense.passages) if dense else (),
        passage_vectors=dense.passage_vectors if dense else None,
        sentence_vectors=dense.sentences if dense and keep_sentences else None,
    )
