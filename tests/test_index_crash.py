"""An index survives a process killed in the middle of a write."""

import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from unspun.index import Index
from unspun.index.store import DB_NAME

BATCH = 40

WRITER = textwrap.dedent(
    f"""
    import os, signal, sys, threading
    from unspun.api import text_doc
    from unspun.index import Index

    def docs():
        for i in range(100_000):
            words = " ".join(f"w{{(i * 7 + j) % 9973}}" for j in range(120))
            yield text_doc(f"Report {{i}} from Town{{i}}.\\n" + words + ".", id=f"d{{i}}")

    WORKERS = int(sys.argv[2])
    batches = 0
    def on_batch(n):
        global batches
        batches += 1
        if batches == 3:
            # Kill ourselves a moment later: most likely inside the next batch's transaction.
            threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGKILL)).start()

    if __name__ == "__main__":  # the worker processes import this module again
        Index(sys.argv[1], create=True).add(docs(), batch_size={BATCH}, on_batch=on_batch,
                                            workers=WORKERS)
    """
)


@pytest.mark.parametrize("workers", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_killed_writer_loses_at_most_the_batch_in_flight(tmp_path, workers):
    """One process, or the writer of worker processes (which prepare batches ahead of it)."""
    path = tmp_path / "ix"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    proc = subprocess.run([sys.executable, str(script), str(path), str(workers)],
                          capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-2000:]
    conn = sqlite3.connect(path / DB_NAME)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with Index(path) as idx:
        n = idx.count
        assert n >= 3 * BATCH and n % BATCH == 0
        rows = idx.stats().rows
        assert rows["signatures"] == n
        # Every committed source is complete: segments and LSH rows for each.
        missing = idx.store.conn.execute(
            "SELECT COUNT(*) FROM sources s WHERE NOT EXISTS "
            "(SELECT 1 FROM segments g WHERE g.source = s.rowid)"
        ).fetchone()[0]
        assert missing == 0
        # And it still takes writes.
        from unspun.api import text_doc

        assert idx.add([text_doc("A new source after the crash.", id="after")]).added == 1
