"""Tracing many pages on an engine (``unspun.engine``): each worker process opens the index
itself (SQLite allows any number of readers), loads the index's encoder and the thesaurus
once, and traces the pages it is sent. Each page is traced independently, so the reports are
the same as one process gives, in input order (``tests/test_parallel.py`` checks it)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from unspun.errors import UnspunError
from unspun.records import Doc, Report

if TYPE_CHECKING:
    from unspun.engine import Engine
    from unspun.retrieve import Retriever


@lru_cache(maxsize=2)
def _retriever(index_path: str) -> Retriever:
    """One retriever per worker process and index. A cache, not shared state: opening the
    index and loading the encoder and thesaurus takes seconds, and a worker traces many
    pages; nothing in it changes a result."""
    from unspun.index import Index
    from unspun.retrieve import Retriever

    return Retriever.for_index(Index(index_path))


def trace_one(index_path: str, doc: Doc, top: int | None) -> Report:
    """Trace one page against the index at ``index_path`` (a task for any engine)."""
    try:
        return _retriever(index_path).trace(doc, top=top)
    except UnspunError:
        raise
    except Exception as exc:  # named here, so the driver can say which page failed
        raise UnspunError(f"{doc.uri}: tracing failed in a worker: {exc}") from exc


def trace_many(index_path: str | Path, docs: Iterable[Doc], engine: Engine, *,
               top: int | None = None) -> Iterator[Report]:
    """Trace ``docs`` against the index at ``index_path`` on ``engine``; reports are yielded
    in the order of ``docs``."""
    path = str(index_path)
    return engine.map(trace_one, ((path, doc, top) for doc in docs))


def trace_parallel(index_path: str | Path, docs: Iterable[Doc], *, workers: int,
                   top: int | None = None) -> Iterator[Report]:
    """Trace ``docs`` on a pool of ``workers`` processes, reports in input order."""
    from unspun.engine import PoolEngine

    engine = PoolEngine(workers)
    try:
        yield from trace_many(index_path, docs, engine, top=top)
    finally:
        engine.close()
