"""The process-pool engine: tasks on N local processes (``concurrent.futures``).

The stages are CPU-bound Python (alignment, explanation) and numpy (the sentence encoder), so
threads would serialise on the GIL; processes do not. Workers are started with ``spawn`` (no
inherited SQLite connections or BLAS thread pools; ``fork=True`` for tasks that need neither)
and use one BLAS and one faiss thread each, so that N workers use N cores rather than fighting
over them. A task that needs
long-lived state (an open index, a thesaurus) keeps it in a per-process cache keyed by its
arguments, as the Dask tasks do.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from unspun.engine.tuning import tune_collector

IN_FLIGHT = 4
"""Tasks queued per worker: enough to keep every worker busy while results are collected."""
THREADS_VARIABLE = "UNSPUN_THREADS"
"""Environment variable that caps the threads unspun's own numeric code asks for (the
sentence encoder reads it); set to 1 in every pool worker."""

_limits: list[Any] = []  # the worker's thread limits, held for the life of the process


def _start_worker() -> None:
    """Worker initializer: one thread of BLAS and faiss, unspun's collector thresholds
    (``tuning.py``), and an exit when the parent dies."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        # A worker waits for tasks on a queue whose write end it holds itself, so it would
        # wait for ever once its parent is killed (SIGKILL runs no shutdown): leave with it.
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()
    os.environ[THREADS_VARIABLE] = "1"
    tune_collector()
    try:
        from threadpoolctl import threadpool_limits

        _limits.append(threadpool_limits(limits=1))
    except ImportError:  # only the speed of the pool depends on it
        pass
    faiss = sys.modules.get("faiss")
    if faiss is not None:
        faiss.omp_set_num_threads(1)
    else:  # read by faiss's OpenMP runtime when a task first imports it
        os.environ["OMP_NUM_THREADS"] = "1"


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


class PoolEngine:
    """Runs tasks on ``workers`` local processes; results come back in submission order and
    at most ``workers * IN_FLIGHT`` tasks are in flight."""

    def __init__(self, workers: int = 2, *, fork: bool = False) -> None:
        """``fork``: start the workers as forks of this process where the platform can
        (they start at once, with its modules imported) instead of fresh interpreters (about
        a second each, importing unspun and numpy). Only for tasks that use nothing this
        process holds open (a database connection, threads): ``Index.add``'s preparing
        touches neither, so its workers are forked."""
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        method = "fork" if fork and "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self._pool = ProcessPoolExecutor(max_workers=workers,
                                         mp_context=multiprocessing.get_context(method),
                                         initializer=_start_worker)

    def map(self, fn: Callable[..., Any], argsets: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        pending: deque[Future[Any]] = deque()
        try:
            for args in argsets:
                pending.append(self._pool.submit(fn, *args))
                if len(pending) >= self.workers * IN_FLIGHT:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for fut in pending:
                fut.cancel()

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)
