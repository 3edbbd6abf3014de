"""Writing sources into the index's SQLite database (one batch inside one transaction).

``Store.write_batch`` calls ``write_sources`` inside its transaction; the tables are described
in ``store.py``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from unspun.config import FingerprintSettings
from unspun.fingerprint import signature_band_keys
from unspun.records import LshChannel, SourceMeta

PASSAGE_REMOVALS = "passages_removed"
"""The ``meta`` key counting passage removals (``Store.passage_removals``)."""

CHANNELS: dict[LshChannel, int] = {"word": 0, "anchor": 1}
"""The LSH channels' numbers in the ``lsh`` table."""


@dataclass(frozen=True, slots=True)
class PreparedSource:
    """A source with everything derived from it, ready to be written in one transaction.

    Spans, signatures and LSH keys come in the form the writer stores or binds (bytes and
    ints), not as records and arrays: a worker process makes them, and pickles of bytes and
    int lists are a fraction of the cost of per-span tuples and small numpy arrays, on
    both sides of the pipe; the one writer is left only the writing.
    """

    id: str
    uri: str
    title: str
    text: str
    meta: SourceMeta
    content_hash: str
    n_tokens: int
    paragraphs: bytes
    """``pack_spans`` of the (start, end) of each paragraph."""
    sentences: bytes
    """``pack_spans`` of the (start, end, paragraph) of each sentence."""
    terms: tuple[str, ...]
    """The distinct anchor terms, sorted."""
    word_sig: bytes
    anchor_sig: bytes
    band_keys: tuple[tuple[int, list[int]], ...]
    """LSH keys per channel number (``CHANNELS``); none for a channel without shingles."""
    passages: tuple[tuple[int, int], ...] = ()
    passage_vectors: np.ndarray | None = None  # (len(passages), dim) float32, unit rows
    sentence_vectors: np.ndarray | None = None  # (len(sentences), dim) float32

    @staticmethod
    def lsh_keys(band_keys: tuple[tuple[LshChannel, np.ndarray], ...]
                 ) -> tuple[tuple[int, list[int]], ...]:
        """``Fingerprint.band_keys()`` in the form of ``band_keys``."""
        return tuple((CHANNELS[channel], keys.tolist()) for channel, keys in band_keys)


def pack_spans(spans: Sequence[tuple[int, ...]]) -> bytes:
    """Spans (tuples of equal length, such as ``Span`` and ``Sentence``) as little-endian
    int32, row after row. (``np.fromiter`` of the flattened rows: ``np.asarray`` of the
    tuples inspects each one as a sequence, at twice the cost.)"""
    return np.fromiter(chain.from_iterable(spans), dtype="<i4").tobytes()


def unpack_spans(blob: bytes, width: int) -> list[list[int]]:
    """The spans of ``pack_spans``, as lists of ``width`` ints."""
    out: list[list[int]] = np.frombuffer(blob, dtype="<i4").reshape(-1, width).tolist()
    return out


def write_sources(conn: sqlite3.Connection, batch: Sequence[PreparedSource],
                  settings: FingerprintSettings) -> None:
    """Insert (or replace) a batch of sources, inside the caller's transaction (``settings``:
    the index's fingerprint settings, with which a replaced source's LSH keys are found).

    Rowid tables are written source by source, as each source comes; the term counts,
    postings and LSH rows of the whole batch are written together at the end, each table's
    rows in key order (nearby B-tree pages, which matters once the tables outgrow the
    cache). New terms still get their ids in the order in which they first appear, so the
    rows are those a source-by-source write gives.
    """
    rowids = [_write_source(conn, src, settings) for src in batch]
    _write_terms(conn, batch, rowids)
    channels: list[int] = []
    keys: list[int] = []
    sources: list[int] = []
    for src, rowid in zip(batch, rowids, strict=True):
        for channel, band in src.band_keys:
            keys += band
            channels += [channel] * len(band)
            sources += [rowid] * len(band)
    conn.executemany("INSERT OR IGNORE INTO lsh(channel, key, source) VALUES (?, ?, ?)",
                     _sorted_rows(channels, keys, sources))


def _write_source(conn: sqlite3.Connection, src: PreparedSource,
                  settings: FingerprintSettings) -> int:
    """Replace the source's rows in the rowid tables; its new rowid."""
    _delete(conn, src.id, settings)
    cur = conn.execute(
        "INSERT INTO sources(id, uri, title, text, meta, content_hash, n_tokens) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (src.id, src.uri, src.title, src.text, json.dumps(src.meta.to_json()),
         src.content_hash, src.n_tokens),
    )
    rowid = cur.lastrowid
    assert rowid is not None
    conn.execute(
        "INSERT INTO segments(source, paragraphs, sentences) VALUES (?, ?, ?)",
        (rowid, src.paragraphs, src.sentences),
    )
    conn.execute(
        "INSERT INTO signatures(source, word, anchor) VALUES (?, ?, ?)",
        (rowid, src.word_sig, src.anchor_sig),
    )
    if src.passage_vectors is not None and len(src.passages):
        vecs = src.passage_vectors.astype(np.float16)
        conn.executemany(
            'INSERT INTO passages(source, start, "end", vector) VALUES (?, ?, ?, ?)',
            [(rowid, s, e, v.tobytes())
             for (s, e), v in zip(src.passages, vecs, strict=True)],
        )
    if src.sentence_vectors is not None:
        conn.execute(
            "INSERT INTO sentence_vectors(source, n, vectors) VALUES (?, ?, ?)",
            (rowid, len(src.sentence_vectors),
             src.sentence_vectors.astype(np.float16).tobytes()),
        )
    return rowid


def _write_terms(conn: sqlite3.Connection, batch: Sequence[PreparedSource],
                 rowids: Sequence[int]) -> None:
    """Document frequencies and postings of the batch's anchor terms."""
    # Each distinct term once, with the number of the batch's sources holding it, in the
    # order of first appearance (sources in order, each one's terms sorted): a new term
    # gets the id a source-by-source write would give it.
    counts: dict[str, int] = {}
    for src in batch:
        for t in src.terms:
            counts[t] = counts.get(t, 0) + 1
    conn.executemany(
        "INSERT INTO terms(term, df) VALUES (?, ?) "
        "ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
        counts.items(),
    )
    ids: dict[str, int] = {}
    for chunk in _chunks(list(counts), 500):
        marks = ",".join("?" * len(chunk))
        ids.update(conn.execute(
            f"SELECT term, id FROM terms WHERE term IN ({marks})", chunk))
    terms: list[int] = []
    sources: list[int] = []
    for src, rowid in zip(batch, rowids, strict=True):
        terms += map(ids.__getitem__, src.terms)
        sources += [rowid] * len(src.terms)
    conn.executemany("INSERT INTO postings(term, source) VALUES (?, ?)",
                     _sorted_rows(terms, sources))


def _sorted_rows(*columns: list[int]) -> list[tuple[int, ...]]:
    """The rows of equal-length int64 columns, sorted by the first column, then the next...:
    ``sorted(zip(*columns))``, by a numpy sort of the columns rather than Python's comparison
    of tuples item by item (a batch has tens of thousands of posting and LSH rows)."""
    arrays = [np.array(c, dtype=np.int64) for c in columns]
    order = np.lexsort(arrays[::-1])
    return list(zip(*(a[order].tolist() for a in arrays), strict=True))


def _delete(conn: sqlite3.Connection, doc_id: str, settings: FingerprintSettings) -> None:
    row = conn.execute("SELECT rowid FROM sources WHERE id=?", (doc_id,)).fetchone()
    if row is None:
        return
    rowid = row[0]
    conn.execute(
        "UPDATE terms SET df = df - 1 WHERE id IN (SELECT term FROM postings WHERE source=?)",
        (rowid,),
    )
    _delete_lsh(conn, rowid, settings)
    for table in ("postings", "segments", "signatures", "sentence_vectors"):
        conn.execute(f"DELETE FROM {table} WHERE source=?", (rowid,))
    if conn.execute("DELETE FROM passages WHERE source=?", (rowid,)).rowcount:
        # Counted: a passage id freed at the top is given out again, so the derived ANN file
        # can tell a database that only gained passages from one that also lost some only by
        # this count (``vectors.PassageVectors``).
        conn.execute("INSERT INTO meta(key, value) VALUES (?, '1') ON CONFLICT(key) "
                     "DO UPDATE SET value = CAST(value AS INTEGER) + 1", (PASSAGE_REMOVALS,))
    conn.execute("DELETE FROM sources WHERE rowid=?", (rowid,))


def _delete_lsh(conn: sqlite3.Connection, rowid: int, settings: FingerprintSettings) -> None:
    """Remove a source's LSH rows. The ``lsh`` table has no index by source (it would double
    the cost of writing the rows, and the table's size on disk, for the rare replacement of
    a source): the rows are found by their keys, recomputed from the source's stored
    signatures with the index's settings. An index made while ``lsh`` had that index keeps
    it, and is served by it."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type='index' AND name='lsh_source'"
                    ).fetchone() is not None:
        conn.execute("DELETE FROM lsh WHERE source=?", (rowid,))
        return
    sigs = conn.execute("SELECT word, anchor FROM signatures WHERE source=?",
                        (rowid,)).fetchone()
    if sigs is None:
        return
    word, anchor = (np.frombuffer(blob, dtype=np.uint32) for blob in sigs)
    conn.executemany(
        "DELETE FROM lsh WHERE channel=? AND key=? AND source=?",
        [(CHANNELS[channel], key, rowid)
         for channel, keys in signature_band_keys(word, anchor, settings)
         for key in keys.tolist()])


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
