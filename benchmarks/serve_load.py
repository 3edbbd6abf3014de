"""Load on `unspun serve`: concurrent clients on loopback, mixed trace, compare and sources
requests, for a bounded time and number of requests.

Run ``python -m benchmarks.serve_load`` (``--help`` for the knobs). It starts ``unspun serve``
as a subprocess on 127.0.0.1 over a copy of an index (the demo index, ``make demo``, by
default; else the demo sources are indexed first), waits for ``/api/v1/health``, and runs
``--clients`` clients (50) for ``--seconds`` (60) or ``--max-requests`` in all, whichever
comes first. Each client picks a request at random: a trace of a demo page (a copy, a
translation, an unrelated page), a compare of a copy with its source, or a sources request
(a search or one source). A client told 503 (the work queue is full: intended back-pressure)
waits the ``Retry-After`` the server sends, at most a second, and goes on.

It prints and writes (``benchmarks/results/serve_load.json``) the requests per kind and
status, errors (anything but 2xx and the intended 503s: must be 0), p50/p95/p99 latency of the
answered requests per kind, throughput, and the server's peak resident memory (the kernel's
high-water mark, ``VmHWM``). Clients and server share the machine: on 2 cores the clients'
own Python takes part of the CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, RESULTS_DIR, write_results

DEMO = REPO / "src" / "unspun" / "demo" / "corpus"
KINDS = (("trace", 0.4), ("compare", 0.2), ("sources", 0.4))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _index(given: Path | None, work: Path) -> Path:
    """A copy of ``given`` (or of the demo index), or a new lexical index of the demo."""
    source = given or REPO / ".unspun-demo" / "index"
    target = work / "index"
    if source.is_dir():
        shutil.copytree(source, target)
        return target
    from unspun.api import load_docs
    from unspun.index import Index

    with Index(target, create=True) as idx:
        idx.add(load_docs([str(p) for p in sorted((DEMO / "sources").glob("*.txt"))]))
    return target


def _peak_rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))] * 1000, 1)


class Load:
    def __init__(self, base: str, seconds: float, max_requests: int, seed: int) -> None:
        self.base = base
        self.deadline = time.monotonic() + seconds
        self.budget = max_requests
        self.rng = random.Random(seed)
        pages = [p for d in ("copies", "translated", "unrelated") for p in
                 sorted((DEMO / d).glob("*.txt"))]
        self.pages = [p.read_text(encoding="utf-8") for p in pages]
        self.sources = {p.name: p.read_text(encoding="utf-8")
                        for p in sorted((DEMO / "sources").glob("*.txt"))}
        self.pairs = [(self.pages[0], self.sources["05-pinecrest-nurses-strike.txt"]),
                      (self.pages[1], self.sources["02-calder-chip-plant.txt"])]
        self.words = ["port", "vote", "fire", "rate", "sha1", "trial", "ship", "x"]
        self.results: list[tuple[str, int, float]] = []
        self.failures: Counter[str] = Counter()
        self.source_ids: list[str] = []

    def _request(self) -> tuple[str, str, str, dict[str, Any]]:
        kind = self.rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        if kind == "trace":
            return kind, "POST", "/api/v1/trace", {"data": {"text": self.rng.choice(self.pages)}}
        if kind == "compare":
            suspect, source = self.rng.choice(self.pairs)
            return kind, "POST", "/api/v1/compare", {"data": {
                "suspect_text": suspect, "source_text": source}}
        if self.source_ids and self.rng.random() < 0.5:
            return kind, "GET", f"/api/v1/sources/{self.rng.choice(self.source_ids)}", {}
        return kind, "GET", "/api/v1/sources", {"params": {"q": self.rng.choice(self.words)}}

    async def client(self, http: Any) -> None:
        while time.monotonic() < self.deadline and self.budget > 0:
            self.budget -= 1
            kind, method, path, kw = self._request()
            start = time.monotonic()
            try:
                r = await http.request(method, self.base + path, **kw)
            except Exception as exc:  # a refused or dropped connection is an error
                self.failures[f"{kind}: {type(exc).__name__}"] += 1
                continue
            took = time.monotonic() - start
            self.results.append((kind, r.status_code, took))
            if r.status_code == 503:
                await asyncio.sleep(min(1.0, float(r.headers.get("retry-after", "1"))))
            elif r.status_code != 200:
                self.failures[f"{kind}: HTTP {r.status_code} {r.text[:120]}"] += 1

    async def run(self, clients: int) -> float:
        import httpx

        # Idle connections are dropped by the client before the server would (its keep-alive
        # is 10 s), so no request is ever sent on a connection the server is closing.
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients,
                              keepalive_expiry=2.0)
        async with httpx.AsyncClient(timeout=120, limits=limits) as http:
            listing = (await http.get(self.base + "/api/v1/sources",
                                      params={"limit": 200})).json()
            self.source_ids = [s["id"] for s in listing["sources"]]
            start = time.monotonic()
            await asyncio.gather(*(self.client(http) for _ in range(clients)))
            return time.monotonic() - start


def summarise(load: Load, elapsed: float, rss: float | None, args: argparse.Namespace,
              index: str) -> dict[str, Any]:
    per_kind: dict[str, Any] = {}
    for kind, _ in KINDS:
        rows = [r for r in load.results if r[0] == kind]
        ok = [t for _, s, t in rows if s == 200]
        per_kind[kind] = {
            "requests": len(rows), "ok": len(ok),
            "busy_503": sum(1 for _, s, _ in rows if s == 503),
            "p50_ms": _percentile(ok, 0.5), "p95_ms": _percentile(ok, 0.95),
            "p99_ms": _percentile(ok, 0.99)}
    ok_all = [t for _, s, t in load.results if s == 200]
    return {
        "clients": args.clients, "seconds": round(elapsed, 1), "index": index,
        "workers": args.workers, "queue": args.queue,
        "requests": len(load.results) + sum(load.failures.values()),
        "ok": len(ok_all), "busy_503": sum(1 for _, s, _ in load.results if s == 503),
        "errors": sum(load.failures.values()), "error_kinds": dict(load.failures),
        "throughput_per_s": round(len(ok_all) / elapsed, 2) if elapsed else None,
        "p50_ms": _percentile(ok_all, 0.5), "p95_ms": _percentile(ok_all, 0.95),
        "p99_ms": _percentile(ok_all, 0.99), "server_peak_rss_mib": rss, "kinds": per_kind,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--max-requests", type=int, default=20_000,
                    help="stop after this many requests in all (a bound besides the time)")
    ap.add_argument("--index", type=Path, help="index to copy and serve (default: the demo's)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--queue", type=int, default=16)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=RESULTS_DIR / "serve_load.json")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="unspun-load-") as tmp:
        index = _index(args.index, Path(tmp))
        port = _free_port()
        # The server's log goes to a file: a pipe nobody reads would fill and stall it.
        log = (Path(tmp) / "server.log").open("w")
        server = subprocess.Popen(
            [sys.executable, "-m", "unspun.cli.main", "serve", "--index", str(index),
             "--port", str(port), "--workers", str(args.workers), "--queue", str(args.queue)],
            stdout=log, stderr=subprocess.STDOUT, text=True)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for(base, server, Path(tmp) / "server.log")
            load = Load(base, args.seconds, args.max_requests, args.seed)
            elapsed = asyncio.run(load.run(args.clients))
            rss = _peak_rss_mib(server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
            errors = [line for line in (Path(tmp) / "server.log").read_text().splitlines()
                      if line.startswith(("ERROR", "Traceback"))]
    result = summarise(load, elapsed, rss, args, str(args.index or "demo"))
    result["server_log_errors"] = errors[:20]
    _print(result)
    write_results(args.out, result)
    print(f"wrote {args.out}")
    return 1 if result["errors"] or errors else 0


def _wait_for(base: str, server: subprocess.Popen[str], log: Path) -> None:
    import httpx

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(base + "/api/v1/health", timeout=2).status_code == 200:
                # One trace first: the encoder and thesaurus are loaded before the clock runs.
                httpx.post(base + "/api/v1/trace", data={"text": "Warm up the server."},
                           timeout=120)
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not answer /api/v1/health within 120 s")


def _print(r: dict[str, Any]) -> None:
    print(f"{r['clients']} clients, {r['seconds']} s, workers {r['workers']}, queue "
          f"{r['queue']}: {r['requests']} requests, {r['ok']} answered, {r['busy_503']} "
          f"busy (503), {r['errors']} errors; {r['throughput_per_s']} answered/s")
    print(f"{'kind':<9} {'requests':>8} {'ok':>6} {'503':>6} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8}")
    for kind, k in r["kinds"].items():
        print(f"{kind:<9} {k['requests']:>8} {k['ok']:>6} {k['busy_503']:>6} "
              f"{k['p50_ms'] or '-':>8} {k['p95_ms'] or '-':>8} {k['p99_ms'] or '-':>8}")
    print(f"all answered: p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, p99 {r['p99_ms']} ms; "
          f"server peak RSS {r['server_peak_rss_mib']} MiB")
    for what, n in r["error_kinds"].items():
        print(f"  error x{n}: {what}")
    for line in r.get("server_log_errors", []):
        print(f"  server: {line}")


if __name__ == "__main__":
    sys.exit(main())
