"""The cluster pipeline end to end: extract -> fingerprint -> LSH candidate pairs ->
verification by the aligner -> connected components -> families, on either engine."""

from __future__ import annotations

import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import TypeVar

import numpy as np

from unspun.engine import Engine, LocalEngine
from unspun.families.analyse import FamilyJob, analyse_family
from unspun.families.components import UnionFind, components
from unspun.families.output import write_member_reports
from unspun.families.pairs import (
    PairCheck,
    candidate_pairs,
    prepare_batch,
    stored,
    verify_pairs,
)
from unspun.families.settings import ClusterSettings
from unspun.families.store import DocStore
from unspun.records import (
    ClusterResult,
    ClusterStats,
    Doc,
    Family,
    Fingerprint,
    InputFailure,
    RawDoc,
)

Progress = Callable[[str, int, int | None], None]
"""``progress(stage, done, total)``: called as work completes (total None when unknown)."""
T = TypeVar("T")


def _batched(items: Iterable[T], n: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, n)):
        yield batch


def _items(inputs: Iterable[str | Doc | RawDoc], settings: ClusterSettings
           ) -> Iterator[RawDoc | Doc | InputFailure]:
    from unspun.ingest import iter_inputs

    for x in inputs:
        if isinstance(x, str):
            yield from iter_inputs([x], settings.ingest)
        else:
            yield x


class _Signatures:
    """The in-memory part of the crawl: signatures and band keys, no texts."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, ...]] = []

    def add(self, fps: list[Fingerprint]) -> None:
        if fps:
            self.parts.append((
                np.stack([f.word_sig for f in fps]), np.stack([f.anchor_sig for f in fps]),
                np.stack([f.word_keys for f in fps]), np.stack([f.anchor_keys for f in fps]),
                np.array([f.has_words for f in fps]), np.array([f.has_anchors for f in fps]),
            ))

    def arrays(self) -> list[np.ndarray]:
        return [np.concatenate(col) for col in zip(*self.parts, strict=True)]


def cluster(
    inputs: Iterable[str | Doc | RawDoc],
    out_dir: str | Path | None = None,
    *,
    engine: Engine | None = None,
    settings: ClusterSettings | None = None,
    progress: Progress | None = None,
) -> ClusterResult:
    """Group the pages of a crawl into families of copies, each with its probable original.

    ``inputs``: paths (files, directories, globs, JSONL, CSV, WARC/WET), Docs or RawDocs,
    streamed. With ``out_dir``, side-by-side reports are written under ``out_dir/reports``
    (see :func:`unspun.families.output.write_outputs` for the rest). ``engine``: where the
    stages run (in this process by default; see :mod:`unspun.engine`).
    """
    settings = settings or ClusterSettings()
    engine = engine or LocalEngine()
    tell = progress or (lambda stage, done, total: None)
    work = Path(out_dir) / ".work" if out_dir else Path(tempfile.mkdtemp(prefix="unspun-"))
    # A new name per run: workers cache their store connection and prepared pages by path
    # (pairs.context), and a long-lived Dask worker must never read a past run's pages.
    store_path = str(work / f"docs-{uuid.uuid4().hex[:16]}.sqlite")
    store = DocStore(store_path, write=True)
    seconds: dict[str, float] = {}
    try:
        t0 = time.perf_counter()
        sigs = _Signatures()
        failures: list[InputFailure] = []
        seen: dict[str, int] = {}
        n = 0
        batches = ((b, settings) for b in _batched(_items(inputs, settings), settings.batch_docs))
        for result in engine.map(prepare_batch, batches):
            docs: list[Doc] = []
            fps: list[Fingerprint] = []
            for item in result:
                if isinstance(item, InputFailure):
                    failures.append(item)
                    continue
                doc, fp = item
                if doc.id in seen:  # the same page twice (an exact repost): keep both
                    seen[doc.id] += 1
                    doc = replace(doc, id=f"{doc.id}~{seen[doc.id]}")
                seen.setdefault(doc.id, 1)
                docs.append(doc)
                fps.append(fp)
            store.add(stored(d, n + k) for k, d in enumerate(docs))
            sigs.add(fps)
            n += len(fps)
            tell("extract", n, None)
        del seen
        seconds["extract"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        if n:
            wsig, asig, wkeys, akeys, has_w, has_a = sigs.arrays()
            pairs, score = candidate_pairs(wkeys, akeys, wsig, asig, has_w, has_a, settings)
        else:
            pairs, score = np.empty((0, 2), dtype=np.int64), np.empty(0)
        del sigs
        seconds["candidates"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        edges, verified = _verify(engine, store_path, n, pairs, score, settings, tell)
        seconds["verify"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        groups = components(n, edges)
        where = {i: g for g, members in enumerate(groups) for i in members}
        inside: list[list[tuple[int, int]]] = [[] for _ in groups]
        for a, b in edges:
            inside[where[a]].append((a, b))
        jobs = [FamilyJob(tuple(g), tuple(sorted(e))) for g, e in zip(groups, inside, strict=True)]
        # the largest families first: they take longest, and Dask then balances the rest
        jobs.sort(key=lambda j: (-len(j.members), j.members[0]))
        with_reports = bool(out_dir and settings.reports)
        families: list[Family] = []
        for done in engine.map(analyse_family,
                               ((store_path, j, settings, with_reports) for j in jobs)):
            fam = done.family
            if out_dir and done.reports:
                fam = write_member_reports(fam, done.reports, out_dir)
            families.append(fam)
            tell("families", len(families), len(jobs))
        families.sort(key=lambda f: (-len(f.members), f.id))
        seconds["families"] = time.perf_counter() - t0
    finally:
        store.close()
        shutil.rmtree(work, ignore_errors=True)
    stats = ClusterStats(
        documents=n, failures=len(failures), candidate_pairs=len(pairs),
        verified_pairs=verified, copy_pairs=len(edges), families=len(families),
        seconds={k: round(v, 3) for k, v in seconds.items()},
    )
    return ClusterResult(tuple(families), stats, tuple(failures))


def _verify(
    engine: Engine, store_path: str, n: int, pairs: np.ndarray, score: np.ndarray,
    settings: ClusterSettings, tell: Progress,
) -> tuple[list[tuple[int, int]], int]:
    """Verified copy edges, aligning only pairs that could still join two components.

    Rounds: each round verifies, for every document, its best remaining candidate (by
    estimated Jaccard; ties by pair), all in parallel; pairs whose documents are already
    joined are then dropped. The components are exactly those of verifying every pair (a
    dropped pair could not join anything new), at about one alignment per family member
    instead of one per pair of members. Each round depends only on the results of earlier
    rounds, so the engines agree.
    """
    uf = UnionFind(n)
    edges: list[tuple[int, int]] = []
    order = np.lexsort((pairs[:, 1], pairs[:, 0], -score)) if len(pairs) else np.empty(0, int)
    remaining = pairs[order]
    done = 0
    while len(remaining):
        roots = np.array([[uf.find(int(a)), uf.find(int(b))] for a, b in remaining])
        remaining = remaining[roots[:, 0] != roots[:, 1]]
        if not len(remaining):
            break
        # best remaining pair of each document: the first of its rows in score order
        pick = np.zeros(len(remaining), dtype=bool)
        for side in (0, 1):
            _, first = np.unique(remaining[:, side], return_index=True)
            pick[first] = True
        batch, remaining = remaining[pick], remaining[~pick]
        batch = batch[np.lexsort((batch[:, 1], batch[:, 0]))]
        # a late round has few pairs: split it so that every worker gets some (a pair's
        # verdict does not depend on its batch, so the engines still agree)
        step = max(1, min(settings.batch_pairs, -(-len(batch) // (2 * engine.workers))))
        chunks = ((store_path, [(int(a), int(b)) for a, b in batch[lo : lo + step]],
                   settings.min_pair_coverage) for lo in range(0, len(batch), step))
        checks: list[PairCheck]
        for checks in engine.map(verify_pairs, chunks):
            for c in checks:
                if c.copy:
                    edges.append((c.a, c.b))
                    uf.union(c.a, c.b)
            done += len(checks)
            tell("verify", done, None)
    return edges, done
