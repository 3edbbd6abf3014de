"""The Dask engine: tasks on ``dask.distributed``, a LocalCluster or a remote scheduler."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from unspun.engine.tuning import tune_collector
from unspun.errors import UnspunError

EXTRA_HINT = "pip install 'unspun[cluster]'"


class DaskEngine:
    """Runs tasks on ``dask.distributed``: a ``LocalCluster`` of ``workers`` single-threaded
    processes by default (the aligner is pure Python: threads would share one GIL), or the
    cluster whose scheduler is at ``scheduler``."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise UnspunError(
                f"the dask engine needs dask.distributed, which is not installed: {EXTRA_HINT}"
            ) from exc
        # distributed keeps the last `low-level-log-length` (1,000) messages of every
        # scheduler-worker connection for debugging, task arguments included: with batches of
        # pages that held 3.3 GB in this process on a 100,000-document crawl. A LocalCluster's
        # scheduler lives in this process, so keep none while the engine is open. (A remote
        # scheduler reads its own configuration: see docs/cluster.md.)
        self._config = dask.config.set({"distributed.admin.low-level-log-length": 0})
        self._cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler)
            else:
                self._cluster = LocalCluster(
                    n_workers=workers or 2, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR,
                )
                self.client = Client(self._cluster)
                # Worker processes of our own, as a pool's are: unspun's collector settings
                # (tuning.py). A remote cluster's workers are left as their owner set them.
                self.client.run(tune_collector)
        except BaseException:
            if self._cluster is not None:
                self._cluster.close()
            self._config.__exit__(None, None, None)
            raise
        self.workers = max(1, sum(
            w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))
        # enough queued work that no worker idles while the driver handles a result
        self.in_flight = 3 * self.workers + 2

    def map(self, fn: Callable[..., Any], argsets: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        """Results in submission order. Up to ``in_flight`` tasks run or wait on the
        cluster; one slow task does not hold the others back (finished results wait in a
        buffer, at most ``4 * in_flight`` of them, which bounds memory)."""
        from distributed import as_completed

        args = iter(argsets)
        futures: dict[Any, int] = {}
        done: dict[int, Any] = {}
        submitted = yielded = 0
        running = as_completed()

        def top_up() -> None:
            nonlocal submitted
            while (submitted - yielded - len(done) < self.in_flight
                   and submitted - yielded < 4 * self.in_flight):
                nxt = next(args, None)
                if nxt is None:
                    return
                fut = self.client.submit(fn, *nxt, pure=False)
                futures[fut] = submitted
                running.add(fut)
                submitted += 1

        top_up()
        while yielded < submitted:
            while yielded not in done:
                fut = next(running)
                done[futures.pop(fut)] = fut.result()
                top_up()
            yield done.pop(yielded)
            yielded += 1
            top_up()

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._config.__exit__(None, None, None)
