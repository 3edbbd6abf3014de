"""Engine: where the stage functions run - in this process, on a pool of local processes, or
as Dask tasks (a LocalCluster or a remote scheduler).

A stage is a plain function from records to records; an engine maps it over argument tuples
and hands results back in submission order, so every engine gives the same results. The
pool and Dask engines keep a bounded number of tasks in flight: a long input streams
through and is never held in memory whole. ``unspun cluster`` and ``unspun trace --workers``
both run on these engines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, Protocol

from unspun.engine.distributed import EXTRA_HINT, DaskEngine
from unspun.engine.local import LocalEngine
from unspun.engine.pool import PoolEngine
from unspun.errors import UnspunError

EngineName = Literal["local", "pool", "dask"]

__all__ = ["EXTRA_HINT", "DaskEngine", "Engine", "EngineName", "LocalEngine", "PoolEngine",
           "make_engine"]


class Engine(Protocol):
    workers: int

    def map(self, fn: Callable[..., Any], argsets: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        """``fn(*args)`` for each argument tuple, results in order."""
        ...

    def close(self) -> None: ...


def make_engine(name: str, scheduler: str | None = None, workers: int | None = None) -> Engine:
    """``local`` (this process), ``pool`` (``workers`` local processes) or ``dask``."""
    if scheduler and name != "dask":
        raise UnspunError("--scheduler needs --engine dask")
    if name == "local":
        return LocalEngine()
    if name == "pool":
        return PoolEngine(workers or 2)
    if name == "dask":
        return DaskEngine(scheduler, workers)
    raise UnspunError(f"unknown engine {name!r}; expected 'local', 'pool' or 'dask'")
