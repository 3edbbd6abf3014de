"""The longer API fuzzing run: ``tests/test_web_schema_fuzz.py`` with many examples.

Run ``python -m benchmarks.serve_fuzz [--examples N]`` (default 200 per operation). The
test suite runs the same schemathesis test with 6 derandomized examples per operation; this
runs N fresh ones per operation (valid and invalid requests made from the OpenAPI document,
each answer checked: no server error, a documented status and content type, a body matching
its schema) and writes the outcome and time to ``benchmarks/results/serve_fuzz.json``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import REPO, RESULTS_DIR, write_results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=200, help="examples per operation")
    ap.add_argument("--out", type=Path, default=RESULTS_DIR / "serve_fuzz.json")
    args = ap.parse_args(argv)
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_web_schema_fuzz.py"],
        cwd=REPO, env={**os.environ, "UNSPUN_FUZZ_EXAMPLES": str(args.examples)},
        capture_output=True, text=True)
    took = time.monotonic() - start
    summary = (proc.stdout.strip().splitlines() or [""])[-1]
    print(proc.stdout[-4000:])
    result = {"examples_per_operation": args.examples, "seconds": round(took, 1),
              "passed": proc.returncode == 0, "summary": summary}
    write_results(args.out, result)
    print(f"{args.examples} examples per operation in {took:.0f} s: {summary}; wrote {args.out}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
