"""Find the sources a query was copied from.

Candidates come from four channels, each recorded on the candidate:
- ``word``: LSH over word 5-shingle MinHash (verbatim and lightly edited copies);
- ``anchor``: LSH over anchor-term 3-shingle MinHash (spun copies keep names and numbers in
  order even when most words change);
- ``anchors_idf``: the sources sharing the most IDF-weighted anchor terms with the query
  (summaries, excerpts, paraphrases, where too little order survives for shingles);
- ``dense``: when the index holds passage vectors, each query passage's nearest source
  passages (faiss) vote for their sources (fluent paraphrases, summaries and translations that
  keep the meaning but neither the words nor enough anchors).

The best candidates by a cheap prior are then aligned in full and re-ranked by alignment
evidence: independent articles on the same story share names and numbers with the original,
and only alignment tells the source from its neighbours.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from unspun.align import Aligner, Prepared, default_aligner
from unspun.classify import TextEvidence, VerdictModel, text_evidence
from unspun.config import RetrieveSettings
from unspun.explain import Aligned, match_report, scored_matches
from unspun.fingerprint import jaccard
from unspun.index import Index, IndexedSource
from unspun.index.vectors import passage_groups, pooled
from unspun.records import Candidate, Doc, Match, Report, Segmented
from unspun.segment import segment

MAX_DF_SHARE = 0.05
"""Anchor terms in more than this share of the sources ("u.s.", "monday") are too common to
rank by; they are skipped in the overlap query, which also keeps it fast."""
POSTINGS_BUDGET = 50_000
"""The anchor-overlap query reads every posting of the terms it is given, so its time is the
sum of their document frequencies (about 0.5 s per million postings here): its terms are
taken rarest first until their postings would pass this budget. The rare terms carry the
weight (an anchor in one source in 100,000 weighs four times one in every 20th); the common
ones cost the time, and more of it the larger the index (``benchmarks/scale.py``)."""
PRIOR_CUTOFF = 0.2
"""Candidates whose prior is below this share of the best prior are not worth aligning."""
DENSE_NEIGHBOURS = 8
"""Nearest source passages looked up per query passage."""
DENSE_FLOOR = 0.5
"""Passage cosine below which a hit is no evidence (see docs/semantic.md for the encoder's
cosines of paraphrase and unrelated pairs); above it a hit adds ``(cos - floor) / (1 - floor)``
to its source's vote. An encoder whose cosines run otherwise says so (``dense_floor``)."""
_Source = tuple[IndexedSource, Prepared, TextEvidence]
SOURCE_CACHE = 256
"""Prepared sources kept in memory: hub-like sources (long pages full of names) come up for
many queries, and re-segmenting them dominated trace time."""


@dataclass(slots=True)
class _Scored:
    rowid: int
    channels: set[str]
    anchor_score: float = 0.0
    word_j: float = 0.0
    anchor_j: float = 0.0
    dense_score: float = 0.0

    @property
    def prior(self) -> float:
        return max(self.word_j, self.anchor_j) + self.anchor_score + self.dense_score


class Retriever:
    """Retrieves and re-ranks sources for query documents against one index."""

    def __init__(
        self,
        index: Index,
        aligner: Aligner | None = None,
        settings: RetrieveSettings | None = None,
        model: VerdictModel | None = None,
    ) -> None:
        """``model``: the verdict model (the shipped one by default)."""
        self.index = index
        self.aligner = aligner or Aligner()
        self.settings = settings or RetrieveSettings()
        self.model = model
        self._sources: OrderedDict[int, _Source] = OrderedDict()

    @classmethod
    def for_index(cls, index: Index, settings: RetrieveSettings | None = None,
                  model: VerdictModel | None = None) -> Retriever:
        """A retriever with the default aligner and the index's own sentence encoder (none
        for an index without passage vectors; the full model for one whose encoder only finds
        candidates, the static one)."""
        from unspun.embed.static import alignment_embedder

        embedder = alignment_embedder(index.embedder) if index.embedder is not None else None
        return cls(index, default_aligner(embedder=embedder, dense=embedder is not None),
                   settings, model)

    def _source(self, rowid: int) -> _Source:
        hit = self._sources.get(rowid)
        if hit is not None:
            self._sources.move_to_end(rowid)
            return hit
        src = self.index.source_doc(rowid)
        prepared = self.aligner.prepare(src.segmented)
        if self.aligner.embedder is not None and self.index.embedder is not None:
            # The index stored this source's sentence vectors: not encoded again here.
            self.aligner.attach_vectors(prepared, self.index.sentence_vectors(rowid),
                                        self.index.embedder.name)
        hit = self._sources[rowid] = (src, prepared, text_evidence(src.segmented))
        if len(self._sources) > SOURCE_CACHE:
            self._sources.popitem(last=False)
        return hit

    def candidates(self, seg: Segmented) -> list[Candidate]:
        return [self._candidate(s) for s in self._scored(self.aligner.prepare(seg))]

    def _candidate(self, s: _Scored) -> Candidate:
        return Candidate(
            doc_id=self.index.store.id_of(s.rowid),
            channels=tuple(sorted(s.channels)),
            anchor_score=round(s.anchor_score, 4),
            word_jaccard=round(s.word_j, 4),
            anchor_jaccard=round(s.anchor_j, 4),
            dense_score=round(s.dense_score, 4),
        )

    def _scored(self, query: Prepared) -> list[_Scored]:
        seg = query.seg
        store = self.index.store
        fp = self.index.fingerprint(seg)
        found: dict[int, _Scored] = {}
        for channel, keys in fp.band_keys():
            for rowid in store.lsh_lookup(channel, keys):
                found.setdefault(rowid, _Scored(rowid, set())).channels.add(channel)
        for rowid, score in self._anchor_overlap(fp.terms):
            s = found.setdefault(rowid, _Scored(rowid, set()))
            s.channels.add("anchors_idf")
            s.anchor_score = score
        for rowid, score in self._dense(query):
            s = found.setdefault(rowid, _Scored(rowid, set()))
            s.channels.add("dense")
            s.dense_score = score
        sigs = store.signatures(list(found), self.index.signature_dtype)
        for rowid, s in found.items():
            if rowid in sigs:
                word, anchor = sigs[rowid]
                s.word_j = jaccard(fp.word_sig, word) if fp.has_words else 0.0
                s.anchor_j = jaccard(fp.anchor_sig, anchor) if fp.has_anchors else 0.0
        return sorted(found.values(), key=lambda s: (-s.prior, s.rowid))

    def _anchor_overlap(self, terms: frozenset[str]) -> list[tuple[int, float]]:
        store = self.index.store
        n = max(1, self.index.count)
        known = store.term_df(terms)
        weights: dict[int, float] = {}
        postings = 0
        for tid, df in sorted(known.values(), key=lambda t: (t[1], t[0])):
            if (n >= 100 and df > MAX_DF_SHARE * n) or postings + df > POSTINGS_BUDGET:
                break
            postings += df
            weights[tid] = math.log((n + 1) / (df + 0.5))
        total = sum(weights.values()) or 1.0
        ranked = store.weighted_overlap(weights, self.settings.anchor_candidates)
        # Normalised by the query's own anchor mass: the share of it found in the source.
        return [(rowid, score / total) for rowid, score in ranked]

    def _query_vectors(self, query: Prepared) -> np.ndarray:
        """The query's sentence vectors by the index's encoder: computed once, through the
        aligner when it has the same encoder, so alignment reuses them."""
        embedder = self.index.embedder
        assert embedder is not None
        if self.aligner.embedder is not None and self.aligner.embedder.name == embedder.name:
            return self.aligner.sentence_vectors(query)
        seg = query.seg
        texts = [seg.sentence_text(i) for i in range(len(seg.sentences))]
        return (np.asarray(embedder.encode(texts), dtype=np.float32) if texts
                else np.zeros((0, embedder.dim), np.float32))

    def _dense(self, query: Prepared) -> list[tuple[int, float]]:
        """Sources voted for by the query's passages: each query passage gives each source
        its best hit above DENSE_FLOOR, rescaled to 0-1; votes are averaged over the query's
        passages, so the score is the share of the query whose meaning the source holds."""
        vectors, embedder = self.index.vectors, self.index.embedder
        if vectors is None or embedder is None:
            return []
        groups = passage_groups(query.seg)
        if not groups:
            return []
        qvecs = pooled(self._query_vectors(query), groups)
        floor = float(getattr(embedder, "dense_floor", DENSE_FLOOR))
        sims, ids = vectors.search(qvecs, DENSE_NEIGHBOURS)
        where = self.index.store.passage_sources(int(i) for i in ids.ravel() if i >= 0)
        votes: dict[int, float] = {}
        for row_sims, row_ids in zip(sims, ids, strict=True):
            best: dict[int, float] = {}
            for sim, pid in zip(row_sims, row_ids, strict=True):
                if pid < 0 or sim < floor or int(pid) not in where:
                    continue
                src = where[int(pid)][0]
                best[src] = max(best.get(src, 0.0), (float(sim) - floor) / (1 - floor))
            for src, v in best.items():
                votes[src] = votes.get(src, 0.0) + v
        ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(src, v / len(groups)) for src, v in ranked[: self.settings.anchor_candidates]]

    def matches(self, doc: Doc, *, exclude: Collection[str] = ()) -> list[Match]:
        """Every candidate worth aligning, aligned and judged (``unrelated`` ones too), not yet
        explained; ``trace`` reports the best of them. ``exclude``: ids of indexed sources to
        leave out (the page itself, when it is in the index)."""
        seg = segment(doc.text)
        query = self.aligner.prepare(seg)
        skip = {r for r in (self.index.store.rowid_of(i) for i in exclude) if r is not None}
        scored = [s for s in self._scored(query) if s.rowid not in skip][: self.settings.rerank]
        best_prior = scored[0].prior if scored else 0.0
        aligned = []
        for s in scored:
            if s.prior < PRIOR_CUTOFF * best_prior:
                break
            src, prepared, evidence = self._source(s.rowid)
            aligned.append(Aligned(src.ref, src.segmented.text, self.aligner.align(query, prepared),
                                   evidence, tuple(sorted(s.channels))))
        return scored_matches(doc.text, text_evidence(seg), aligned, model=self.model,
                              languages=self.aligner.languages)

    def trace(self, doc: Doc, top: int | None = None, *,
              exclude: Collection[str] = ()) -> Report:
        """The report of ``doc``: its best ``top`` matches, explained. ``exclude``: ids of
        indexed sources to leave out (the page itself, when it is in the index)."""
        top = self.settings.top if top is None else top
        found = [m for m in self.matches(doc, exclude=exclude) if m.verdict != "unrelated"]
        missing = self.index.dense_missing
        return match_report(doc, found, self.aligner, top=top,
                            warnings=(f"dense channel off: {missing}",) if missing else ())
