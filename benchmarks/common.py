"""What the benchmark scripts share: where the data and the results are, word runs, the
"shared run" rule, peak-memory tracking, ratio rounding and writing a results JSON.

The corpus loaders themselves are in ``benchmarks.corpora``.
"""

from __future__ import annotations

import gc
import json
import os
import re
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from unspun.errors import UnspunError
from unspun.segment import words

T = TypeVar("T")

REPO = Path(__file__).resolve().parents[1]
"""The repository root (the benchmarks run from here: ``python -m benchmarks.<name>``)."""
RESULTS_DIR = REPO / "benchmarks" / "results"
"""Where each benchmark writes its JSON by default (``--out`` to change)."""

# -- the shared data folder ------------------------------------------------------------------


class SharedDataMissing(UnspunError, FileNotFoundError):
    """The shared data folder (or a file the loader needs in it) is not there."""


def shared_dir() -> Path:
    """``$UNSPUN_SHARED`` or ``<repo>/../shared``; raises SharedDataMissing when absent."""
    env = os.environ.get("UNSPUN_SHARED")
    path = Path(env) if env else REPO.parent / "shared"
    if not path.is_dir():
        how = "UNSPUN_SHARED" if env else "the default location beside the repository"
        raise SharedDataMissing(
            f"shared data folder not found at {path} (from {how}); set UNSPUN_SHARED to the "
            "folder that holds corpora/ and seeds/"
        )
    return path


def need(path: Path) -> Path:
    """``path``, or SharedDataMissing when it is not there."""
    if not path.exists():
        raise SharedDataMissing(f"{path} is missing from the shared data folder")
    return path


def shared_file(*parts: str) -> Path:
    """A file of the shared data folder (``shared_file("corpora", "x", "y.json")``); raises
    SharedDataMissing when the folder or the file is absent."""
    return need(shared_dir().joinpath(*parts))


# -- word runs and the shared-run rule -------------------------------------------------------


def word_ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    """The distinct runs of ``n`` words of ``text`` (``unspun.segment.words``); none when it
    has fewer than ``n`` words."""
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def shingle_strings(tokens: Sequence[str], k: int) -> list[bytes]:
    """Word k-shingles as UTF-8 bytes, the way datasketch users feed them (one if < k)."""
    if not tokens:
        return []
    if len(tokens) < k:
        return [" ".join(tokens).encode()]
    return [" ".join(tokens[i : i + k]).encode() for i in range(len(tokens) - k + 1)]


SHARED_RUN = 12
"""Two texts that share a run of this many words share text: that much verbatim text in
common is text reuse (a shared wire story, press release or site boilerplate), whatever the
verdict. A held-out or "negative" text that shares a run with what it is compared against is
not a true negative; the benchmarks report such texts apart."""


def run_hashes(texts: Iterable[str], n: int = SHARED_RUN) -> set[int]:
    """Hashes of every run of ``n`` words of ``texts`` (hashes, not the runs: a few hundred
    articles' runs as tuples would weigh in the peak memory the benchmarks measure)."""
    return {hash(tuple(w[i : i + n])) for t in texts
            for w in [words(t)] for i in range(len(w) - n + 1)}


def shares_run(text: str, runs: set[int], n: int = SHARED_RUN) -> bool:
    """``text`` has a run of ``n`` words among ``runs`` (from ``run_hashes``)."""
    w = words(text)
    return any(hash(tuple(w[i : i + n])) in runs for i in range(len(w) - n + 1))


# -- numbers ---------------------------------------------------------------------------------


def ratio(num: float | None, den: float | None, digits: int = 4,
          default: float | None = None) -> float | None:
    """``num / den`` rounded to ``digits``; ``default`` where it is undefined (no ``num``,
    or a zero or missing ``den``)."""
    return default if num is None or not den else round(num / den, digits)


def best_time(fn: Callable[[], object], repeats: int,
              clock: Callable[[], float] = time.perf_counter) -> float:
    """The shortest of ``repeats`` runs of ``fn`` on ``clock`` (wall time unless given
    ``time.process_time``), in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = clock()
        fn()
        best = min(best, clock() - start)
    return best


def write_results(path: Path, data: Any, indent: int = 2) -> None:
    """Write a benchmark's results as JSON (with a final newline), creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=indent) + "\n", encoding="utf-8")


# -- memory ----------------------------------------------------------------------------------


class PeakMemory:
    """Peak resident set of this process over a phase, from the kernel's high-water mark.

    ``start`` resets the mark (``VmHWM`` in ``/proc/self/status``) by writing ``5`` to
    ``/proc/self/clear_refs`` (Linux 4.0+) and notes the resident set; ``stop`` reads the mark.
    The peak is the whole process's, so it includes what the run holds throughout; its growth
    is the peak less the resident set at the start. Where the mark cannot be reset
    (``reset_ok`` False) the marks are monotonic.
    """

    def __init__(self) -> None:
        self.reset_ok = self._reset()

    @staticmethod
    def _status(field: str) -> int | None:
        try:
            text = Path("/proc/self/status").read_text()
        except OSError:
            return None
        m = re.search(rf"^{field}:\s+(\d+) kB", text, re.M)
        return int(m.group(1)) if m else None

    @staticmethod
    def _reset() -> bool:
        try:
            Path("/proc/self/clear_refs").write_text("5")
        except OSError:
            return False
        return True

    def start(self) -> None:
        gc.collect()
        if self.reset_ok:
            self._reset()
        self.rss_start = self._status("VmRSS")

    def stop(self) -> dict[str, float | None]:
        def mib(kib: int | None) -> float | None:
            return None if kib is None else round(kib / 1024, 1)

        peak = self._status("VmHWM")
        start = self.rss_start
        return {"peak_mib": mib(peak), "start_mib": mib(start),
                "growth_mib": mib(None if peak is None or start is None else peak - start)}


class PeakRSS:
    """Peak resident memory of this process and its children (worker processes), and the CPU
    seconds they used (last sample of each process), sampled every 0.2 s (needs psutil).

    ``with PeakRSS() as mem:`` gives ``mem.peak`` and ``mem.start`` (bytes), ``mem.cpu``
    (pid -> CPU seconds) and ``mem.cpu_start`` (their sum when the block began).
    ``mem.peak`` sums each process's RSS, so pages forked workers share with their parent
    count once per process; ``mem.peak_pss`` sums their proportional set size instead (each
    shared page split between its sharers: what the processes take together; Linux only,
    else 0)."""

    def __enter__(self) -> PeakRSS:
        import psutil

        self.peak = 0
        self.peak_pss = 0
        cpu: dict[int, float] = {}
        self.cpu = cpu
        self._stop = threading.Event()
        me = psutil.Process()

        def watch() -> None:
            while not self._stop.is_set():
                try:
                    procs = [me, *me.children(recursive=True)]
                    self.peak = max(self.peak, sum(p.memory_info().rss for p in procs))
                    self.peak_pss = max(self.peak_pss, sum(_pss(p) for p in procs))
                    sample()
                except Exception:  # a worker exiting between listing and reading
                    pass
                self._stop.wait(0.2)

        def sample() -> None:
            procs = [me, *me.children(recursive=True)]
            for p in procs:
                t = p.cpu_times()
                cpu[p.pid] = t.user + t.system

        sample()
        self.cpu_start = sum(cpu.values())
        self.start = sum(p.memory_info().rss for p in [me, *me.children(recursive=True)])
        self._thread = threading.Thread(target=watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _pss(proc: object) -> int:
    try:
        return int(getattr(proc.memory_full_info(), "pss", 0))  # type: ignore[attr-defined]
    except Exception:  # no /proc/PID/smaps here, or the process has exited
        return 0


def retained_bytes(build: Callable[[], T]) -> tuple[T, int]:
    """What ``build()`` returns, and the bytes of Python allocations it left behind
    (tracemalloc: the size of what it built and kept)."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    value = build()
    size = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return value, size
