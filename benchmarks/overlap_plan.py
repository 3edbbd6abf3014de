"""The anchor-overlap query on a large index: the plain JOIN it used to be against the query
SQLite now runs (``unspun.index.store.OVERLAP_SQL``, a CROSS JOIN), same queries, same run.

Run ``python -m benchmarks.overlap_plan INDEX_DIR [--queries N]`` on an index built by
``benchmarks.scale`` (for example ``../scale-work/lexical`` at 100,000 sources). For each of N
real article texts of the shared corpora it weighs the query's anchor terms as the retriever
does (``Retriever._anchor_overlap``: IDF, terms in over ``MAX_DF_SHARE`` of the sources
dropped), runs both queries, and prints the mean seconds of each, their ratio, each one's
query plan, and on how many queries the two returned the same top 20 (ids and scores).
With a plain JOIN SQLite's planner scanned every posting of the index and looked each up in
the query's terms, so the time grew with the index; the CROSS JOIN reads only the query
terms' postings.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path

from benchmarks.corpora import load_sources
from unspun.index import Index
from unspun.index.store import OVERLAP_SQL
from unspun.retrieve import MAX_DF_SHARE
from unspun.segment import segment

PLAIN_JOIN_SQL = OVERLAP_SQL.replace("CROSS JOIN", "JOIN")
"""The query before: the same rows, the join order left to the planner."""


def plan(conn, sql: str) -> str:  # type: ignore[no-untyped-def]
    return " | ".join(str(row[-1]) for row in conn.execute("EXPLAIN QUERY PLAN " + sql, (20,)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("index", type=Path)
    ap.add_argument("--queries", type=int, default=20)
    ap.add_argument("--seed", type=int, default=2)
    args = ap.parse_args(argv)
    texts = [t for _, t in load_sources()]
    random.Random(args.seed).shuffle(texts)
    with Index(args.index) as idx:
        conn, n = idx.store.conn, idx.count
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS q(term INTEGER PRIMARY KEY, w REAL)")
        seconds = {"plain JOIN": 0.0, "CROSS JOIN": 0.0}
        same = 0
        for text in texts[: args.queries]:
            known = idx.store.term_df(idx.fingerprint(segment(text)).terms)
            weights = {tid: math.log((n + 1) / (df + 0.5)) for tid, df in known.values()
                       if not (n >= 100 and df > MAX_DF_SHARE * n)}
            conn.execute("DELETE FROM temp.q")
            conn.executemany("INSERT INTO temp.q(term, w) VALUES (?, ?)", weights.items())
            out = {}
            for name, sql in (("plain JOIN", PLAIN_JOIN_SQL), ("CROSS JOIN", OVERLAP_SQL)):
                t0 = time.perf_counter()
                out[name] = conn.execute(sql, (20,)).fetchall()
                seconds[name] += time.perf_counter() - t0
            a, b = out["plain JOIN"], out["CROSS JOIN"]
            same += [r for r, _ in a] == [r for r, _ in b] and all(
                abs(x - y) < 1e-9 for (_, x), (_, y) in zip(a, b, strict=True))
        k = args.queries
        print(f"{n} sources, {k} queries")
        for name, sql in (("plain JOIN", PLAIN_JOIN_SQL), ("CROSS JOIN", OVERLAP_SQL)):
            print(f"  {name:<10} {seconds[name] / k:.4f} s a query   plan: {plan(conn, sql)}")
        print(f"  ratio {seconds['plain JOIN'] / max(seconds['CROSS JOIN'], 1e-9):.1f}x; "
              f"same top 20 on {same} of {k} queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
