"""A temporary SQLite store of the crawl's texts, so memory holds only signatures.

The driver writes each document once as it streams in; verification and family tasks (in
this process or on Dask workers) open it read-only and read back the few texts they align.
On a real Dask cluster the output folder must be on storage the workers share.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    idx INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    uri TEXT NOT NULL,
    url TEXT,
    title TEXT NOT NULL,
    date TEXT,
    text TEXT NOT NULL
)
"""


@dataclass(frozen=True, slots=True)
class StoredDoc:
    idx: int
    id: str
    uri: str
    url: str | None
    title: str
    date: str | None
    text: str

    @property
    def location(self) -> str:
        """What a person opens: the page's URL when known, else the input path."""
        return self.url or self.uri


class DocStore:
    """Documents by dense index ``idx`` (0, 1, 2 ... in input order)."""

    def __init__(self, path: str | Path, *, write: bool = False) -> None:
        self.path = Path(path)
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists():
                self.path.unlink()
            self.conn = sqlite3.connect(self.path)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=OFF")  # a scratch file: rebuilt on rerun
            self.conn.execute(_SCHEMA)
        else:
            self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)

    def add(self, rows: Iterable[StoredDoc]) -> None:
        with self.conn:
            self.conn.executemany(
                "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(d.idx, d.id, d.uri, d.url, d.title, d.date, d.text) for d in rows],
            )

    def get(self, idxs: Iterable[int]) -> dict[int, StoredDoc]:
        wanted = sorted(set(idxs))
        out: dict[int, StoredDoc] = {}
        for lo in range(0, len(wanted), 500):
            chunk = wanted[lo : lo + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(f"SELECT * FROM docs WHERE idx IN ({marks})", chunk):
                out[row[0]] = StoredDoc(*row)
        return out

    def close(self) -> None:
        self.conn.close()
