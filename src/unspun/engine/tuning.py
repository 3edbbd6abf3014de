"""Process settings for long runs of unspun's stages: the cyclic garbage collector's thresholds.

CPython's collector runs a young collection every 700 container objects allocated and
considers a full one every 10 young-generation-1 runs; a full one runs when the objects
that survived since the last exceed a quarter of the long-lived ones. A trace allocates
hundreds of thousands of containers (tokens, anchors, sentence bags) and nearly all of them
die young or are kept on purpose: a retriever's cache of prepared sources holds about a
million objects, none in a reference cycle. So the collector finds almost nothing, but every
full collection traverses that whole cache: about 0.3 s on this project's two-core machine,
paid by one trace in four among the scale benchmark's slowest pages, which set its p95.

``tune_collector`` makes young collections rarer (every 10,000 allocations) and full ones
ten times rarer (considered after 100 generation-1 runs). Garbage in reference cycles is
still collected, later; the collector's effect on trace latency is measured by
``benchmarks/collector.py`` (docs/scale.md).

The command line, ``unspun serve`` and the pool engine's workers call it; a program that
uses the library for long runs may call it too. It is a process-wide setting, so the
library never calls it on a caller's behalf.
"""

from __future__ import annotations

import gc

COLLECTOR_THRESHOLDS = (10_000, 20, 100)
"""(allocations per young collection, young collections per generation-1 collection,
generation-1 collections before a full collection is considered); CPython's are
(700, 10, 10)."""


def tune_collector() -> None:
    """Set this process's collector thresholds to ``COLLECTOR_THRESHOLDS``."""
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
