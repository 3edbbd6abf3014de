"""Creating an index is race-free: processes that create the same new index at the same
moment all open it and all their sources land (once, two `unspun index add` runs on a new
directory failed with ``UNIQUE constraint failed: meta.key``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

from unspun.index import Index

PROCESSES = 4
ROUNDS = 4

CREATOR = textwrap.dedent(
    """
    import sys, time
    from unspun.api import text_doc
    from unspun.index import Index

    root, start, me, rounds = sys.argv[1], float(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    failures = 0
    for k in range(rounds):
        # Every process wakes at the same instant for round k, on a directory none created.
        time.sleep(max(0.0, start + 0.3 * k - time.time()))
        try:
            with Index(f"{root}/ix{k}", create=True) as idx:
                idx.add([text_doc(f"Source {me} of round {k}: the harbour authority of "
                                  f"Town{me} voted on Tuesday.", id=f"{me}-{k}")])
        except Exception as exc:
            failures += 1
            print(f"round {k}: {type(exc).__name__}: {exc}", file=sys.stderr)
    sys.exit(1 if failures else 0)
    """
)


def test_processes_creating_one_new_index_at_once_all_land(tmp_path):
    start = time.time() + 3.0  # time for every interpreter to start and import
    procs = [
        subprocess.Popen([sys.executable, "-c", CREATOR, str(tmp_path), str(start), str(p),
                          str(ROUNDS)], stderr=subprocess.PIPE, text=True)
        for p in range(PROCESSES)
    ]
    errors = []
    for p in procs:
        _, err = p.communicate(timeout=120)
        if p.returncode:
            errors.append(err.strip())
    assert not errors, "\n".join(errors)
    for k in range(ROUNDS):
        with Index(tmp_path / f"ix{k}") as idx:
            assert idx.count == PROCESSES
            assert idx.store.meta("format_version") is not None
            ids = {idx.store.id_of(r) for r in range(1, PROCESSES + 1)}
            assert ids == {f"{p}-{k}" for p in range(PROCESSES)}
