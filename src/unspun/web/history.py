"""The checks history: every trace and compare the app ran, kept in a small SQLite file in the
index directory (``web-history.sqlite``; ``unspun serve --no-history`` keeps none).

A source's page lists the copies checked against it from here, and a check's page still
opens after a restart. Reports are stored as their schema-1 JSON and their rendered body,
zlib-compressed; at most ``KEEP`` checks are kept, the oldest dropped first.
"""

from __future__ import annotations

import json
import sqlite3
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KEEP = 10_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS checks (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    kind TEXT NOT NULL,
    query_id TEXT NOT NULL,
    query_title TEXT NOT NULL,
    query_uri TEXT NOT NULL,
    verdict TEXT,
    source_id TEXT,
    probability REAL,
    report BLOB NOT NULL,
    body BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS checks_created ON checks(created);
CREATE TABLE IF NOT EXISTS check_matches (
    check_id TEXT NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
    source_id TEXT NOT NULL,
    verdict TEXT NOT NULL,
    probability REAL NOT NULL,
    PRIMARY KEY (check_id, source_id)
);
CREATE INDEX IF NOT EXISTS check_matches_source ON check_matches(source_id);
"""

_COLUMNS = ("id, created, kind, query_id, query_title, query_uri, verdict, source_id, "
            "probability")


@dataclass(frozen=True, slots=True)
class Check:
    """What a list of checks shows: the query, and the best match's verdict and source."""

    id: str
    created: float
    kind: str
    query_id: str
    query_title: str
    query_uri: str
    verdict: str | None
    source_id: str | None
    probability: float | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "created": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                        time.gmtime(self.created)),
                "kind": self.kind, "query_id": self.query_id, "query_title": self.query_title,
                "query_uri": self.query_uri, "verdict": self.verdict,
                "source_id": self.source_id, "probability": self.probability}


@dataclass(frozen=True, slots=True)
class StoredCheck:
    check: Check
    report: dict[str, Any]
    body: str


def check_of(check_id: str, kind: str, report: dict[str, Any]) -> Check:
    """The summary of a report (schema-1 JSON) for the history."""
    q = report["query"]
    best = report["matches"][0] if report["matches"] else None
    return Check(check_id, time.time(), kind, q["id"], q["title"], q["uri"],
                 best["verdict"] if best else None, best["source"]["id"] if best else None,
                 best["probability"] if best else None)


class History:
    """The history file at ``path``; a connection per call, so any thread may use it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        conn = self._connect()
        try:
            conn.executescript(_SCHEMA)
        finally:
            conn.close()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    def save(self, check: Check, report: dict[str, Any], body: str, *,
             record_matches: bool) -> None:
        """Keep a check; ``record_matches``: list it on its matched sources' pages (traces:
        the sources are the index's; a compare's source is not)."""
        packed = zlib.compress(json.dumps(report, ensure_ascii=False).encode("utf-8"))
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(f"INSERT OR REPLACE INTO checks({_COLUMNS}, report, body) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (check.id, check.created, check.kind, check.query_id,
                          check.query_title, check.query_uri, check.verdict, check.source_id,
                          check.probability, packed, zlib.compress(body.encode("utf-8"))))
            if record_matches:
                conn.executemany(
                    "INSERT OR REPLACE INTO check_matches VALUES (?, ?, ?, ?)",
                    [(check.id, m["source"]["id"], m["verdict"], m["probability"])
                     for m in report["matches"]])
            conn.execute("DELETE FROM checks WHERE id IN (SELECT id FROM checks "
                         "ORDER BY created DESC LIMIT -1 OFFSET ?)", (KEEP,))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    def get(self, check_id: str) -> StoredCheck | None:
        conn = self._connect()
        try:
            row = conn.execute(f"SELECT {_COLUMNS}, report, body FROM checks WHERE id = ?",
                               (check_id,)).fetchone()
        finally:
            conn.close()
        if row is None:
            return None
        report = json.loads(zlib.decompress(row[9]).decode("utf-8"))
        return StoredCheck(Check(*row[:9]), report, zlib.decompress(row[10]).decode("utf-8"))

    def for_source(self, source_id: str, limit: int = 50) -> list[Check]:
        """The checks that matched ``source_id``, newest first (the verdict and probability
        are this source's, not the check's best match)."""
        conn = self._connect()
        try:
            rows = conn.execute(
                "SELECT c.id, c.created, c.kind, c.query_id, c.query_title, c.query_uri, "
                "m.verdict, m.source_id, m.probability FROM check_matches m "
                "JOIN checks c ON c.id = m.check_id WHERE m.source_id = ? "
                "ORDER BY c.created DESC LIMIT ?", (source_id, limit)).fetchall()
        finally:
            conn.close()
        return [Check(*r) for r in rows]

    def recent(self, limit: int = 10) -> list[Check]:
        conn = self._connect()
        try:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM checks ORDER BY created DESC LIMIT ?",
                                (limit,)).fetchall()
        finally:
            conn.close()
        return [Check(*r) for r in rows]
