"""Stages 1-3 of clustering: extract and fingerprint, LSH candidate pairs, verification.

Each stage function is pure over its arguments (plus a read-only document store), so it runs
the same in this process and as a Dask task.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from numpy.typing import NDArray

from unspun.classify.evidence import TextEvidence, text_evidence
from unspun.errors import InputError
from unspun.families.settings import ClusterSettings
from unspun.families.store import DocStore, StoredDoc
from unspun.fingerprint import fingerprint
from unspun.records import Alignment, Doc, Fingerprint, InputFailure, RawDoc, Segmented
from unspun.segment import outline, segment

if TYPE_CHECKING:
    from unspun.align import Prepared


class Ready(NamedTuple):
    """A page segmented, prepared for alignment, and its verdict evidence."""

    seg: Segmented
    prepared: Prepared
    evidence: TextEvidence


Fingerprinted = tuple[Doc, Fingerprint]
"""A document's extracted text and its fingerprint (no segmentation kept)."""


@dataclass(frozen=True, slots=True)
class PairCheck:
    """The verdict on one candidate pair ``(a, b)``, ``a < b``, by the aligner.

    ``copy`` when either page is a copy of the other by ``classify.assess`` (the shorter one
    aligned into the longer one, and the other way round on the same alignment) and most of
    that page aligns (``ClusterSettings.min_pair_coverage``).
    """

    a: int
    b: int
    copy: bool
    coverage_a: float
    coverage_b: float
    similarity: float


def prepare_batch(
    items: list[RawDoc | Doc | InputFailure], settings: ClusterSettings
) -> list[Fingerprinted | InputFailure]:
    """Extract (as ``api.iter_docs`` does), segment and fingerprint a batch of inputs."""
    from unspun.extract import extract

    docs: list[Doc] = []
    out: list[Fingerprinted | InputFailure | None] = []
    for item in items:
        if isinstance(item, InputFailure):
            out.append(item)
            continue
        if isinstance(item, Doc):
            docs.append(item)
            out.append(None)
            continue
        try:
            docs.append(extract(item, settings.extract))
            out.append(None)
        except InputError as exc:
            out.append(InputFailure(exc.uri, exc.reason))
    fps = iter(fingerprint([outline(d.text) for d in docs], settings.fingerprint))
    made = iter(docs)
    return [slot if slot is not None else (next(made), next(fps)) for slot in out]


# -- candidate pairs -----------------------------------------------------------------------


def _bucket_pairs(keys: NDArray[np.int64], valid: NDArray[np.bool_], max_bucket: int
                  ) -> NDArray[np.int64]:
    """Pairs ``(i, j)``, ``i < j``, of documents sharing a band key, as codes ``i * n + j``."""
    n, nb = keys.shape
    docs = np.repeat(np.arange(n, dtype=np.int64), nb)
    flat = keys.ravel()
    keep = np.repeat(valid, nb)
    docs, flat = docs[keep], flat[keep]
    order = np.lexsort((docs, flat))
    docs, flat = docs[order], flat[order]
    if not len(flat):
        return np.empty(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, flat[1:] != flat[:-1]])
    sizes = np.diff(np.r_[starts, len(flat)])
    codes: list[NDArray[np.int64]] = []
    for s, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
        if size > max_bucket:
            continue
        members = docs[s : s + size]
        i, j = np.triu_indices(size, k=1)
        codes.append(members[i] * n + members[j])
    return np.unique(np.concatenate(codes)) if codes else np.empty(0, dtype=np.int64)


def candidate_pairs(
    word_keys: NDArray[np.int64],
    anchor_keys: NDArray[np.int64],
    word_sigs: NDArray[np.uint32],
    anchor_sigs: NDArray[np.uint32],
    has_words: NDArray[np.bool_],
    has_anchors: NDArray[np.bool_],
    settings: ClusterSettings,
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Candidate pairs ``(m, 2)``, ``a < b``, sorted, and their estimated Jaccard (the larger
    of the two channels): documents sharing a word or an anchor LSH band, each document
    keeping its ``max_candidates`` best."""
    n = len(word_keys)
    codes = np.union1d(_bucket_pairs(word_keys, has_words, settings.max_bucket),
                       _bucket_pairs(anchor_keys, has_anchors, settings.max_bucket))
    a, b = codes // max(n, 1), codes % max(n, 1)
    if not len(codes):
        return np.empty((0, 2), dtype=np.int64), np.empty(0)
    score = np.zeros(len(codes))
    for lo in range(0, len(codes), 1 << 16):
        sl = slice(lo, lo + (1 << 16))
        wj = (word_sigs[a[sl]] == word_sigs[b[sl]]).mean(axis=1)
        aj = (anchor_sigs[a[sl]] == anchor_sigs[b[sl]]).mean(axis=1)
        score[sl] = np.maximum(wj, aj)
    keep = np.zeros(len(codes), dtype=bool)
    k = settings.max_candidates
    for side in (a, b):
        # best-first within each document; ties by the pair's code keep it deterministic
        order = np.lexsort((codes, -score, side))
        ranked_side = side[order]
        first = np.r_[0, np.flatnonzero(ranked_side[1:] != ranked_side[:-1]) + 1]
        rank = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
        keep[order[rank < k]] = True
    return np.stack([a[keep], b[keep]], axis=1), score[keep]


# -- verification --------------------------------------------------------------------------


PREPARED_CACHE = 128
"""Prepared pages a worker keeps between chunks of pairs (and for the family analysis). A
prepared long article is large (tokens, sentence bags, arrays): with 2,048 kept, a worker
grew to 3.5 GB on a 20,000-document crawl; with 128, about 600 MB on 10,000."""


class WorkContext:
    """What a task needs besides its arguments: the read-only store and an aligner."""

    def __init__(self, store_path: str) -> None:
        from unspun.align import default_aligner

        self.store = DocStore(store_path)
        self.aligner = default_aligner(dense=False)
        self._prepared: OrderedDict[int, Ready] = OrderedDict()

    def prepared(self, idx: int, text: str) -> Ready:
        """A page segmented and prepared for alignment, kept for the next chunks of pairs:
        a page has candidates in several chunks (a family of six is fifteen pairs), and
        segmenting and preparing it again took about 30% of verification."""
        hit = self._prepared.get(idx)
        if hit is None:
            seg = segment(text)
            hit = self._prepared[idx] = Ready(seg, self.aligner.prepare(seg), text_evidence(seg))
            if len(self._prepared) > PREPARED_CACHE:
                self._prepared.popitem(last=False)
        else:
            self._prepared.move_to_end(idx)
        return hit


@lru_cache(maxsize=2)
def context(store_path: str) -> WorkContext:
    """One context per process and store. A cache, not shared state: loading the thesaurus
    takes over a second, and a Dask worker runs many tasks; nothing in it changes a result."""
    return WorkContext(store_path)


def swap(al: Alignment) -> Alignment:
    """The same alignment seen from the other side (copy and source exchanged)."""
    from dataclasses import replace

    pairs = tuple(
        replace(p, copy_span=p.source_span, source_span=p.copy_span,
                copy_sentences=p.source_sentences, source_sentences=p.copy_sentences, edits=())
        for p in sorted(al.pairs, key=lambda p: p.source_span.start)
    )
    return replace(al, pairs=pairs, coverage_copy=al.coverage_source,
                   coverage_source=al.coverage_copy,
                   words=swap(al.words) if al.words is not None else None)


def verify_pairs(
    store_path: str, pairs: list[tuple[int, int]], min_coverage: float = 0.5
) -> list[PairCheck]:
    """Align each candidate pair and say whether one page is a copy of the other: a "copy"
    verdict, and at least ``min_coverage`` of the copy's tokens aligned to the other page."""
    from unspun.classify import assess

    ctx = context(store_path)
    docs = ctx.store.get(i for p in pairs for i in p)
    ready = {i: ctx.prepared(i, d.text) for i, d in docs.items()}
    segs = {i: r.seg for i, r in ready.items()}
    prepared = {i: r.prepared for i, r in ready.items()}
    out = []
    for a, b in pairs:
        # the shorter page as the copy: copies usually hold part of their original
        short, long_ = (a, b) if len(segs[a].tokens) <= len(segs[b].tokens) else (b, a)
        al = ctx.aligner.align(prepared[short], prepared[long_])
        is_copy = (
            (al.coverage_copy >= min_coverage
             and assess(al, ready[short].evidence, ready[long_].evidence).verdict == "copy")
            or (al.coverage_source >= min_coverage
                and assess(swap(al), ready[long_].evidence,
                           ready[short].evidence).verdict == "copy"))
        cov = {short: al.coverage_copy, long_: al.coverage_source}
        out.append(PairCheck(a, b, is_copy, cov[a], cov[b], al.mean_similarity))
    return out


def stored(doc: Doc, idx: int) -> StoredDoc:
    return StoredDoc(idx, doc.id, doc.uri, doc.url, doc.title, doc.date, doc.text)
