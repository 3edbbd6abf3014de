"""Bulk adds: batches prepared on an engine (worker processes) give the index one process
gives, row for row, whatever the engine has in flight."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from conftest import ARTICLE, SPUN_ARTICLE, UNRELATED

from unspun.api import text_doc
from unspun.errors import InputError
from unspun.index import Index
from unspun.index.store import DB_NAME
from unspun.records import InputFailure, RawDoc


def rows(path) -> dict[str, list[tuple]]:
    """Every row of every table (rowid tables with their rowids), in a fixed order."""
    conn = sqlite3.connect(path / DB_NAME)
    out = {}
    for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type='table'"):
        query = (f"SELECT * FROM {name} ORDER BY 1, 2" if "WITHOUT ROWID" in sql
                 else f"SELECT rowid, * FROM {name} ORDER BY rowid")
        if name == "lsh":
            query += ", 3"
        out[name] = conn.execute(query).fetchall()
    conn.close()
    return out


class EagerEngine:
    """An engine that prepares every task before handing back the first result: the most a
    real pool could have in flight."""

    workers = 2

    def map(self, fn: Callable[..., Any], argsets: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        return iter([fn(*args) for args in list(argsets)])

    def close(self) -> None:
        pass


def _stream():
    """Repeats of an id within a batch and across batches in flight, a changed text, an
    unchanged one, and a text whose last version equals the stored one."""
    return [
        text_doc(ARTICLE + "\nA correction.", id="port"), text_doc(UNRELATED, id="basil"),
        text_doc(SPUN_ARTICLE, id="spun"),
        text_doc(ARTICLE, id="port"), text_doc(UNRELATED + "\nMore.", id="basil"),
        text_doc(UNRELATED, id="basil"),
        text_doc("A page about nothing else. It has two sentences.", id="other"),
    ]


def _build(path, **kw):
    with Index(path, create=True) as idx:
        idx.add([text_doc(ARTICLE, id="port"), text_doc(UNRELATED, id="basil")])
        result = idx.add(_stream(), batch_size=2, **kw)
    return result, rows(path)


def test_an_engine_with_every_batch_in_flight_gives_the_rows_of_one_process(tmp_path):
    one, rows_one = _build(tmp_path / "one")
    eager, rows_eager = _build(tmp_path / "eager", engine=EagerEngine())
    assert eager == one
    assert (one.added, one.updated, one.unchanged) == (2, 2, 3)
    assert rows_eager == rows_one


def test_raw_inputs_are_extracted_and_failures_reported_in_order(tmp_path):
    items = [RawDoc(uri="a.txt", media_type="text/plain", text=ARTICLE, id="a"),
             InputFailure("b.bin", "binary"),
             RawDoc(uri="c.txt", media_type="text/plain", text="   ", id="c"),
             text_doc(UNRELATED, id="d")]
    failed: list[InputFailure] = []
    with Index(tmp_path / "ix", create=True) as idx:
        result = idx.add(items, on_failure=failed.append, engine=EagerEngine(), batch_size=3)
        assert result.added == 2 and idx.get("a") is not None
    assert [f.uri for f in failed] == ["b.bin", "c.txt"]
    with Index(tmp_path / "ix") as idx, pytest.raises(InputError, match="binary"):
        idx.add([InputFailure("b.bin", "binary")])


@pytest.mark.slow  # starts two worker processes
def test_two_workers_write_the_rows_of_one_process(tmp_path):
    docs = [text_doc(f"Story {i} from Town{i}.\n" + (ARTICLE if i % 2 else UNRELATED)
                     + f"\nReported by Agent{i} on day {i}.", id=f"d{i}") for i in range(40)]
    with Index(tmp_path / "one", create=True) as idx:
        one = idx.add(docs, batch_size=8)
    with Index(tmp_path / "two", create=True) as idx:
        two = idx.add(docs, batch_size=8, workers=2)
    assert one == two and one.added == 40
    assert rows(tmp_path / "two") == rows(tmp_path / "one")


def test_workers_must_be_positive(tmp_path):
    with Index(tmp_path / "ix", create=True) as idx, pytest.raises(ValueError):
        idx.add([], workers=0)
