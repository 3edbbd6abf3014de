"""The in-process engine: every task here, one after the other (the default)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any


class LocalEngine:
    """Runs every task in this process, one after the other."""

    workers = 1

    def map(self, fn: Callable[..., Any], argsets: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        for args in argsets:
            yield fn(*args)

    def close(self) -> None:
        pass
