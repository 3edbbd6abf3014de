"""Process settings for long runs of unspun's stages: the cyclic garbage collector's thresholds.

CPython's collector makes a young collection whenever 700 more container objects have been
allocated than freed, a generation-1 collection every 10 young ones, and considers a full
one every 10 generation-1 ones (made when the objects that survived since the last full one
exceed a quarter of the long-lived ones). A trace allocates hundreds of thousands of
containers (tokens, anchors, sentence bags) and nearly all of them die young or are kept on
purpose: a retriever's cache of prepared sources holds about a million objects, none in a
reference cycle. So the collector finds next to nothing, but each full collection traverses
that whole cache: on the scale benchmark's million-source index, 18 of them in a pass of its
347 queries, about half a second each, and the traces that paid for one set the p95
(``benchmarks/collector.py``).

``tune_collector`` makes young collections rarer (every 10,000 allocations) and full ones
ten times rarer (considered after 100 generation-1 runs). Garbage in reference cycles is
still collected, later (the effect on trace latency: docs/scale.md).

The command line, ``unspun serve``, the pool engine's workers and the Dask engine's own
LocalCluster workers call it; a program that
uses the library for long runs may call it too. It is a process-wide setting, so the
library never calls it on a caller's behalf.

``collector_paused`` is the one thing the library does to the collector itself: it switches
it off around a stretch of work that makes no reference cycles, and back on after (the
index's preparing of a batch, ``unspun.index.prepare``). The outlines of a part of a batch
(64 articles on two workers) are tens of thousands of young containers (record tuples)
until the part is fingerprinted, and every young collection in between traverses all of them
to free nothing: 3-13% of preparing's CPU under the thresholds above while outlines also held
a list of token strings each, 3% since they hold byte spans (``python -m
benchmarks.segment_speed`` measures it).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

COLLECTOR_THRESHOLDS = (10_000, 20, 100)
"""(allocations per young collection, young collections per generation-1 collection,
generation-1 collections before a full collection is considered); CPython's are
(700, 10, 10)."""


def tune_collector() -> None:
    """Set this process's collector thresholds to ``COLLECTOR_THRESHOLDS``."""
    gc.set_threshold(*COLLECTOR_THRESHOLDS)


_pause_lock = threading.Lock()
_pause_depth = 0
_pause_restores = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off inside the block, for work that makes no reference cycles
    (garbage in cycles made meanwhile anywhere in the process is collected after it). Blocks
    may nest and overlap across threads: the collector is switched on again when the last
    of them ends, and only if it was on when the first began."""
    global _pause_depth, _pause_restores
    with _pause_lock:
        if _pause_depth == 0:
            _pause_restores = gc.isenabled()
            gc.disable()
        _pause_depth += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pause_depth -= 1
            if _pause_depth == 0 and _pause_restores:
                gc.enable()
