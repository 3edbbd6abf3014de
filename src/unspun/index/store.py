"""The on-disk index of sources: one directory holding a SQLite database in WAL mode.

Tables:
- ``meta``: format version, the unspun version that created it, fingerprint settings;
- ``sources``: id, uri, title, text and metadata of each source;
- ``segments``: the paragraph and sentence spans of each source (offsets into
  ``sources.text``), one row per source: ``paragraphs`` packs (start, end) and ``sentences``
  (start, end, paragraph) as little-endian int32 (format 4; format 3 had a row per span, which
  made a third of an index's size without its texts and of the time to write it);
- ``terms`` / ``postings``: anchor terms with document frequencies, for IDF-weighted overlap;
- ``signatures``: MinHash signatures per channel, for Jaccard estimates of candidates;
- ``lsh``: one row per (channel, band key, source), the LSH buckets; no index by source
  (a replaced source's rows are found by their keys, recomputed from its signatures:
  ``write._delete_lsh``);
- ``passages``: passage spans and their vectors (float16) when the index has an encoder
  (see ``index/vectors.py``; the searchable faiss file beside the database is derived);
- ``sentence_vectors``: one float16 matrix per source, a row per sentence, with the encoder.
  Passage vectors could be pooled from these again; they are kept so that rebuilding the
  faiss file reads one row per passage rather than re-pooling every source.

Writes happen one batch per transaction, so a crash loses at most the batch in flight and the
index still opens (SQLite's journal rolls the partial batch back).
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from unspun.config import FingerprintSettings
from unspun.errors import IndexFormatError
from unspun.index.write import (
    CHANNELS,
    PASSAGE_REMOVALS,
    PreparedSource,
    unpack_spans,
    write_sources,
)
from unspun.records import LshChannel, SourceMeta

FORMAT_VERSION = 4
DB_NAME = "unspun.sqlite"
# Seconds a connection waits for another process's write lock (SQLite's busy timeout), and
# the pause between retries where SQLite reports a lock without waiting.
BUSY_TIMEOUT_S = 30.0
BUSY_RETRY_S = 0.05
# CROSS JOIN keeps the query's terms (temp.q) as the outer loop, so only their postings are
# read, by the primary key. With a plain JOIN SQLite's planner, which knows nothing of the
# temp table's size, scanned every posting of the index in source order and looked each up
# in q: the same rows in time linear in the index (`python -m benchmarks.overlap_plan` at
# 100,000 sources: 0.88 s a query against 0.045 s this way, the same top 20 on 20 of 20).
OVERLAP_SQL = (
    "SELECT p.source, SUM(q.w) AS s FROM temp.q AS q CROSS JOIN postings p ON p.term = q.term "
    "GROUP BY p.source ORDER BY s DESC, p.source LIMIT ?"
)
BULK_CACHE_KIB = 256 * 1024
BULK_CHECKPOINT_PAGES = 262_144

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    uri TEXT NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    meta TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    n_tokens INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS segments (
    source INTEGER PRIMARY KEY REFERENCES sources(rowid) ON DELETE CASCADE,
    paragraphs BLOB NOT NULL,
    sentences BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE,
                                  df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS postings (
    term INTEGER NOT NULL, source INTEGER NOT NULL, PRIMARY KEY (term, source)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS postings_source ON postings(source);
CREATE TABLE IF NOT EXISTS signatures (
    source INTEGER PRIMARY KEY REFERENCES sources(rowid) ON DELETE CASCADE,
    word BLOB NOT NULL, anchor BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS lsh (
    channel INTEGER NOT NULL, key INTEGER NOT NULL, source INTEGER NOT NULL,
    PRIMARY KEY (channel, key, source)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY,
    source INTEGER NOT NULL REFERENCES sources(rowid) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_source ON passages(source);
CREATE TABLE IF NOT EXISTS sentence_vectors (
    source INTEGER PRIMARY KEY REFERENCES sources(rowid) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    vectors BLOB NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class SourceRow:
    """What the index stores about one source, ready for alignment."""

    rowid: int
    id: str
    uri: str
    title: str
    text: str
    meta: SourceMeta
    sentences: tuple[tuple[int, int, int], ...]  # (start, end, paragraph)
    paragraphs: tuple[tuple[int, int], ...]


class Store:
    """SQLite access for one index directory. Not thread-safe: one Store per thread."""

    def __init__(self, path: str | Path, *, create: bool = False, settings_json: str = "{}"):
        self.path = Path(path)
        db = self.path / DB_NAME
        if not db.exists():
            if not create:
                raise IndexFormatError(
                    f"{self.path}: no unspun index here (create one with "
                    f"'unspun index add --index {self.path} SOURCES...')"
                )
            if self.path.exists() and not self.path.is_dir():
                raise IndexFormatError(f"{self.path}: exists and is not a directory")
            self.path.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(db, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self._initialise(create, settings_json)
        except sqlite3.DatabaseError as exc:
            raise IndexFormatError(f"{db}: not a readable unspun index ({exc})") from exc

    def _initialise(self, create: bool, settings_json: str) -> None:
        """Journal mode, schema (when creating) and format check. SQLite answers "database is
        locked" without waiting on its busy handler in a few cases (switching a new file to WAL
        while another process does; WAL recovery), so the whole step is retried until
        BUSY_TIMEOUT_S has passed."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self.conn.execute("PRAGMA foreign_keys=ON")
                if create and not self._has_meta():
                    with self.transaction():
                        # Asked again under the write lock: another process may have created
                        # the index between the check above and BEGIN IMMEDIATE (two `index
                        # add` runs on one new directory); its tables and settings then stand.
                        if not self._has_meta():
                            for stmt in _SCHEMA.split(";"):
                                if stmt.strip():
                                    self.conn.execute(stmt)
                            self.conn.executemany(
                                "INSERT INTO meta(key, value) VALUES (?, ?)",
                                [("format_version", str(FORMAT_VERSION)),
                                 ("settings", settings_json)],
                            )
                self._check_format()
                return
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(BUSY_RETRY_S)

    def _has_meta(self) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
        ).fetchone()
        return row is not None

    def _check_format(self) -> None:
        if not self._has_meta():
            raise IndexFormatError(f"{self.path}: not an unspun index (no meta table)")
        version = self.meta("format_version")
        if version != str(FORMAT_VERSION):
            raise IndexFormatError(
                f"{self.path}: index format {version}, this unspun reads format "
                f"{FORMAT_VERSION}; rebuild the index with this version"
            )

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def close(self) -> None:
        self.conn.close()

    def transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    # -- writing ---------------------------------------------------------------------------

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Settings for a run of batch writes: a larger page cache (the term, posting and LSH
        B-trees are written at scattered keys; once they outgrow the default 2 MB cache every
        batch re-reads their pages) and WAL checkpoints at 1 GB instead of 4 MB (a leaf page
        written by many batches in a row is copied into the database once, not after each
        one). Restored, and the WAL checkpointed, at the end."""
        cache = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        wal = self.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
        self.conn.execute(f"PRAGMA wal_autocheckpoint={BULK_CHECKPOINT_PAGES}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size={int(cache)}")
            self.conn.execute(f"PRAGMA wal_autocheckpoint={int(wal)}")
            if not self.conn.in_transaction:
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def existing_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for doc_id, h in self.conn.execute(
                f"SELECT id, content_hash FROM sources WHERE id IN ({marks})", chunk
            ):
                out[doc_id] = h
        return out

    def write_batch(self, batch: Sequence[PreparedSource], settings: FingerprintSettings
                    ) -> None:
        """Insert (or replace) a batch of sources in one transaction (``index/write.py``);
        ``settings`` are the index's fingerprint settings."""
        with self.transaction():
            write_sources(self.conn, batch, settings)

    # -- reading ---------------------------------------------------------------------------

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0])

    def lsh_lookup(self, channel: LshChannel, keys: Iterable[int]) -> dict[int, int]:
        """Sources sharing at least one band key, with the number of shared bands."""
        hits: dict[int, int] = {}
        ch = CHANNELS[channel]
        for chunk in _chunks([int(k) for k in keys], 500):
            marks = ",".join("?" * len(chunk))
            for (rowid,) in self.conn.execute(
                f"SELECT source FROM lsh WHERE channel=? AND key IN ({marks})", (ch, *chunk)
            ):
                hits[rowid] = hits.get(rowid, 0) + 1
        return hits

    def term_df(self, terms: Iterable[str]) -> dict[str, tuple[int, int]]:
        """term -> (term id, document frequency) for the terms the index knows."""
        out: dict[str, tuple[int, int]] = {}
        for chunk in _chunks(list(terms), 500):
            marks = ",".join("?" * len(chunk))
            for tid, term, df in self.conn.execute(
                f"SELECT id, term, df FROM terms WHERE term IN ({marks})", chunk
            ):
                if df > 0:
                    out[term] = (tid, df)
        return out

    def weighted_overlap(self, weights: dict[int, float], limit: int) -> list[tuple[int, float]]:
        """Sources ranked by the summed weight of the given term ids they contain."""
        if not weights:
            return []
        # A temporary table lives in this connection's own temp database: filling it takes no
        # lock on the index, so tracing never blocks a writer.
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS q(term INTEGER PRIMARY KEY, w REAL)")
        self.conn.execute("DELETE FROM temp.q")
        self.conn.executemany("INSERT INTO temp.q(term, w) VALUES (?, ?)", weights.items())
        rows = self.conn.execute(OVERLAP_SQL, (limit,)).fetchall()
        return [(int(r), float(s)) for r, s in rows]

    def signatures(
        self, rowids: Sequence[int], dtype: np.dtype
    ) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        out = {}
        for chunk in _chunks(list(rowids), 500):
            marks = ",".join("?" * len(chunk))
            for rowid, word, anchor in self.conn.execute(
                f"SELECT source, word, anchor FROM signatures WHERE source IN ({marks})", chunk
            ):
                out[rowid] = (np.frombuffer(word, dtype=dtype), np.frombuffer(anchor, dtype=dtype))
        return out

    def source(self, rowid: int) -> SourceRow:
        row = self.conn.execute(
            "SELECT rowid, id, uri, title, text, meta FROM sources WHERE rowid=?", (rowid,)
        ).fetchone()
        if row is None:
            raise KeyError(rowid)
        paras, sents = self.conn.execute(
            "SELECT paragraphs, sentences FROM segments WHERE source=?", (rowid,)).fetchone()
        return SourceRow(
            rowid=row[0], id=row[1], uri=row[2], title=row[3], text=row[4],
            meta=SourceMeta.from_json(json.loads(row[5])),
            sentences=tuple((s, e, p) for s, e, p in unpack_spans(sents, 3)),
            paragraphs=tuple((s, e) for s, e in unpack_spans(paras, 2)),
        )

    def find_sources(self, contains: str, offset: int,
                     limit: int) -> tuple[int, list[tuple[str, str, str, int]]]:
        """(number of matches, ``limit`` rows of (id, uri, title, tokens) from ``offset``) of
        the sources whose id, uri or title contains ``contains``, in id order."""
        args = {"p": "%" + re.sub(r"([\\\\%_])", r"\\\1", contains) + "%", "n": limit, "o": offset}
        where = " OR ".join(f"{c} LIKE :p ESCAPE '\\'" for c in ("id", "uri", "title"))
        where = f"WHERE {where}" if contains else ""
        (total,) = self.conn.execute(f"SELECT COUNT(*) FROM sources {where}", args).fetchone()
        rows = self.conn.execute(f"SELECT id, uri, title, n_tokens FROM sources {where} "
                                 "ORDER BY id LIMIT :n OFFSET :o", args).fetchall()
        return int(total), [(str(i), str(u), str(t), int(n)) for i, u, t, n in rows]

    def data_version(self) -> int:
        """Changes when another connection commits (a long-lived reader's cue to recount)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def id_of(self, rowid: int) -> str:
        row = self.conn.execute("SELECT id FROM sources WHERE rowid=?", (rowid,)).fetchone()
        if row is None:
            raise KeyError(rowid)
        return str(row[0])

    def rowid_of(self, doc_id: str) -> int | None:
        row = self.conn.execute("SELECT rowid FROM sources WHERE id=?", (doc_id,)).fetchone()
        return None if row is None else int(row[0])

    def passage_state(self) -> tuple[int, int]:
        """(number of passages, largest passage id): what the derived ANN file must hold."""
        n, top = self.conn.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM passages").fetchone()
        return int(n), int(top)

    def passage_removals(self) -> int:
        """How many times passages have been removed from this index (a source replaced):
        ``write._delete`` counts them, in the transaction that removes them."""
        return int(self.meta(PASSAGE_REMOVALS) or 0)

    def passages_after(self, top: int) -> int:
        """The number of passages with ids above ``top``."""
        return int(self.conn.execute("SELECT COUNT(*) FROM passages WHERE id > ?",
                                     (top,)).fetchone()[0])

    def passage_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """All passage ids (int64) and vectors (float32 rows), in id order."""
        rows = self.conn.execute("SELECT id, vector FROM passages ORDER BY id").fetchall()
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        if not rows:
            return ids, np.zeros((0, 0), np.float32)
        vecs = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16)
        return ids, vecs.reshape(len(rows), -1).astype(np.float32)

    def passage_vector_chunks(self, size: int = 100_000, after: int = 0
                              ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """``passage_vectors`` with ids above ``after``, in chunks of at most ``size`` rows, in
        id order: what building or extending the ANN structure reads, without holding every
        vector twice (a 100,000-source dense index has about 8 million passages)."""
        cur = self.conn.execute("SELECT id, vector FROM passages WHERE id > ? ORDER BY id",
                                (after,))
        while rows := cur.fetchmany(size):
            ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            vecs = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16)
            yield ids, vecs.reshape(len(rows), -1).astype(np.float32)

    def sentence_vectors(self, rowid: int) -> np.ndarray | None:
        """A source's sentence vectors (float32, a row per sentence), or None when the index
        holds none for it."""
        row = self.conn.execute(
            "SELECT n, vectors FROM sentence_vectors WHERE source=?", (rowid,)
        ).fetchone()
        if row is None:
            return None
        n = int(row[0])
        vecs = np.frombuffer(row[1], dtype=np.float16)
        return vecs.reshape(n, -1).astype(np.float32) if n else np.zeros((0, 0), np.float32)

    def passage_sources(self, ids: Iterable[int]) -> dict[int, tuple[int, int, int]]:
        """passage id -> (source rowid, start, end)."""
        out: dict[int, tuple[int, int, int]] = {}
        for chunk in _chunks(sorted({int(i) for i in ids}), 500):
            marks = ",".join("?" * len(chunk))
            for pid, src, s, e in self.conn.execute(
                f'SELECT id, source, start, "end" FROM passages WHERE id IN ({marks})', chunk
            ):
                out[int(pid)] = (int(src), int(s), int(e))
        return out

    def table_counts(self) -> dict[str, int]:
        return {
            t: int(self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
            for t in ("sources", "segments", "terms", "postings", "signatures", "lsh",
                      "passages", "sentence_vectors")
        }

    def file_sizes(self) -> dict[str, int]:
        return {p.name: p.stat().st_size for p in sorted(self.path.iterdir()) if p.is_file()}


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (the connection is in
    autocommit mode so that we, not the sqlite3 module, decide where transactions end)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.depth_owner = False

    def __enter__(self) -> _Transaction:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self.depth_owner = True
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if not self.depth_owner:
            return
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
