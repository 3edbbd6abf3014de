"""The bounded work queue: traces, compares and adds run on a few worker threads, never on the
server's event loop, and at most ``workers + queue`` jobs are accepted at once.

Threads rather than processes for this first version: a job spends much of its time in SQLite
and numpy, which release the GIL, and threads share one loaded thesaurus and sentence encoder
(processes would each load their own, about 300 MB apiece). A running job cannot be stopped;
a job still waiting when its deadline passes is not started, and a request stops waiting for
its job at the deadline (504) whatever the job does.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from unspun.errors import UnspunError

KEEP_FINISHED = 128
"""Finished jobs kept in memory for their pages (the history keeps traces for good)."""


class QueueFull(UnspunError):
    """Every worker is busy and the queue is full: try again later (HTTP 503)."""


class JobTimeout(UnspunError):
    """A job waited past its deadline for a worker and was not started."""


@dataclass(slots=True, eq=False)
class Job:
    """One piece of work and its future; ``label`` is what a page says it is working on."""

    id: str
    kind: str
    label: str
    deadline: float
    created: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None
    future: Future[Any] = field(default_factory=Future)

    @property
    def state(self) -> str:
        """``waiting``, ``running``, ``done`` or ``failed``."""
        if not self.future.done():
            return "running" if self.started is not None else "waiting"
        if self.future.cancelled() or self.future.exception() is not None:
            return "failed"
        return "done"

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.created


@dataclass(frozen=True, slots=True)
class QueueStats:
    workers: int
    running: int
    waiting: int
    capacity: int


class WorkQueue:
    """``workers`` threads and room for ``queue`` waiting jobs; ``submit`` refuses beyond."""

    def __init__(self, workers: int = 2, queue: int = 16) -> None:
        if workers < 1 or queue < 0:
            raise ValueError("workers must be at least 1 and queue at least 0")
        self.workers = workers
        self.capacity = workers + queue
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="unspun-work")
        self._lock = threading.Lock()
        self._active = 0
        self._running = 0
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self.closed = False

    def submit(self, kind: str, label: str, fn: Callable[..., Any], *args: Any,
               timeout: float, job_id: str | None = None) -> Job:
        """Queue ``fn(*args)``; raises ``QueueFull`` when ``capacity`` jobs are in hand.
        ``timeout``: seconds from now after which the job is not started any more."""
        with self._lock:
            if self._active >= self.capacity:
                raise QueueFull(f"the server is busy ({self._active} jobs in hand, at most "
                                f"{self.capacity}); try again in a few seconds")
            self._active += 1
            job = Job(job_id or secrets.token_hex(8), kind, label, time.monotonic() + timeout)
            self._jobs[job.id] = job
            self._forget_old()
        try:
            job.future = self._pool.submit(self._run, job, fn, args)
        except RuntimeError:  # the pool is shut down: the server is stopping
            with self._lock:
                self._active -= 1
            raise QueueFull("the server is shutting down") from None
        # Released when the job ends in any way, cancelled before it ran included.
        job.future.add_done_callback(lambda _: self._release(job))
        return job

    def _run(self, job: Job, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        if time.monotonic() > job.deadline:
            raise JobTimeout(f"{job.label}: waited longer than the request timeout for a "
                             "worker; try again when the server is less busy")
        with self._lock:
            self._running += 1
        job.started = time.monotonic()
        try:
            return fn(*args)
        finally:
            with self._lock:
                self._running -= 1

    def _release(self, job: Job) -> None:
        job.finished = time.monotonic()
        with self._lock:
            self._active -= 1

    def _forget_old(self) -> None:
        finished = [k for k, j in self._jobs.items() if j.future.done()]
        for key in finished[: max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[key]

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def stats(self) -> QueueStats:
        with self._lock:
            return QueueStats(self.workers, self._running, self._active - self._running,
                              self.capacity)

    def close(self) -> None:
        self.closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)
