"""Tracing many pages on several cores: a pool of processes, each with its own retriever.

A trace is CPU-bound Python (alignment, explanation) and numpy (the sentence encoder), so
threads would serialise on the GIL; processes do not. Each worker opens the index itself
(SQLite allows any number of readers), loads the index's encoder and the thesaurus once, and
traces the pages it is sent. Results come back in input order, and the reports are the same
as a single process would give (each page is traced independently;
``tests/test_parallel.py`` checks it).

Workers are started with ``spawn`` (no inherited SQLite connections or BLAS thread pools) and
limit numpy's BLAS to one thread each, so that N workers use N cores rather than fighting over
them. At most ``workers * IN_FLIGHT`` pages are in flight, so a long input is streamed, never
held in memory whole.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from unspun.errors import UnspunError
from unspun.records import Doc, Report

IN_FLIGHT = 4
"""Pages queued per worker: enough to keep every worker busy while results are collected."""

_worker: dict[str, Any] = {}


def _start(index_path: str) -> None:
    """Worker initializer: one thread of BLAS and faiss, then the index and a retriever."""
    try:
        from threadpoolctl import threadpool_limits

        _worker["limits"] = threadpool_limits(limits=1)
    except ImportError:  # only the speed of the pool depends on it
        pass
    try:
        import faiss

        faiss.omp_set_num_threads(1)
    except ImportError:
        pass
    from unspun.align import Aligner
    from unspun.api import default_thesaurus
    from unspun.index import Index
    from unspun.retrieve import Retriever

    index = Index(index_path)
    from unspun.embed import UseEmbedder

    if isinstance(index.embedder, UseEmbedder):
        # The encoder would otherwise ask for a BLAS thread per core in every worker: N
        # workers x N threads spin against each other (measured: 2 workers no faster than 1).
        index.embedder.threads = 1
    _worker["retriever"] = Retriever(
        index, Aligner(thesaurus=default_thesaurus(), embedder=index.embedder)
    )


def _trace(doc: Doc, top: int | None) -> Report:
    return _worker["retriever"].trace(doc, top=top)


def trace_parallel(
    index_path: str | Path, docs: Iterable[Doc], *, workers: int, top: int | None = None
) -> Iterator[Report]:
    """Trace ``docs`` against the index at ``index_path`` on ``workers`` processes; reports
    are yielded in the order of ``docs``. A page that fails raises ``UnspunError`` naming it.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    ctx = multiprocessing.get_context("spawn")
    pending: deque[tuple[Doc, Future[Report]]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_start,
                             initargs=(str(index_path),)) as pool:
        try:
            for doc in docs:
                pending.append((doc, pool.submit(_trace, doc, top)))
                if len(pending) >= workers * IN_FLIGHT:
                    yield _result(*pending.popleft())
            while pending:
                yield _result(*pending.popleft())
        finally:
            for _, fut in pending:
                fut.cancel()


def _result(doc: Doc, fut: Future[Report]) -> Report:
    try:
        return fut.result()
    except UnspunError:
        raise
    except Exception as exc:  # a worker's error, re-raised here with the page named
        raise UnspunError(f"{doc.uri}: tracing failed in a worker: {exc}") from exc
