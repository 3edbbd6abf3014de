"""Stage 5: one family in detail - its root and original, each member's rewrite, coverage,
injected spam and parent, and the side-by-side reports. One call per family (a Dask task)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from unspun.families.components import family_id
from unspun.families.lineage import inherits_spam, mutations, parents
from unspun.families.original import (
    MemberFacts,
    has_wire_marker,
    original_absent,
    score_members,
    sibling_shared,
)
from unspun.families.pairs import context
from unspun.families.settings import ClusterSettings
from unspun.families.store import StoredDoc
from unspun.records import (
    Alignment,
    Doc,
    Family,
    FamilyMember,
    InjectedSpan,
    Match,
    Report,
    Segmented,
    SourceRef,
)


@dataclass(frozen=True, slots=True)
class FamilyJob:
    members: tuple[int, ...]
    """Document indices, sorted."""
    edges: tuple[tuple[int, int], ...]
    """Verified copy pairs inside the family."""


def _shingles(seg: Segmented, injected: tuple[InjectedSpan, ...]) -> set[tuple[str, ...]]:
    """Word 3-shingles of the text outside its injected spans."""
    spans = [(x.span.start, x.span.end) for x in injected]
    words = [t.norm for t in seg.tokens if not any(s <= t.start < e for s, e in spans)]
    return {tuple(words[j : j + 3]) for j in range(max(1, len(words) - 2))}


def _token_share(seg: Segmented, spans: list[tuple[int, int]]) -> float:
    if not seg.tokens or not spans:
        return 0.0
    inside = sum(1 for t in seg.tokens if any(s <= t.start < e for s, e in spans))
    return inside / len(seg.tokens)


@dataclass(frozen=True, slots=True)
class FamilyAnalysis:
    """A family, and when asked for, each member's report against the root (written to
    files by the caller: on a cluster a task's files would land on the worker's disk)."""

    family: Family
    reports: tuple[tuple[str, Report], ...] = ()


def analyse_family(
    store_path: str, job: FamilyJob, settings: ClusterSettings, with_reports: bool
) -> FamilyAnalysis:
    from unspun.explain import Aligned, explain_match, match_report, scored_matches
    from unspun.explain.spam import find_injected

    ctx = context(store_path)
    docs = ctx.store.get(job.members)
    by_id: dict[str, StoredDoc] = {d.id: d for d in docs.values()}
    ids = sorted(by_id)
    # The pages verification prepared, when this worker still holds them.
    ready = {d.id: ctx.prepared(idx, d.text) for idx, d in docs.items()}
    segs = {i: ready[i].seg for i in ids}
    prep = {i: ready[i].prepared for i in ids}
    intrinsic = {i: find_injected(by_id[i].text) for i in ids}
    spam_share = {i: _token_share(segs[i], [(s.span.start, s.span.end) for s in intrinsic[i]])
                  for i in ids}

    aligned: dict[tuple[str, str], Alignment] = {}  # (copy, source) -> alignment

    def align(a: str, b: str) -> Alignment:
        if (a, b) not in aligned:
            from unspun.families.pairs import swap

            if (b, a) in aligned:
                aligned[(a, b)] = swap(aligned[(b, a)])
            else:
                aligned[(a, b)] = ctx.aligner.align(prep[a], prep[b])
        return aligned[(a, b)]

    def clean(a: str, cov: float) -> float:
        return min(1.0, cov / max(1e-9, 1.0 - spam_share[a]))

    # The root is chosen on word 3-shingle containment (injected text left out), which reads
    # the same evidence as alignment coverage at a small fraction of its cost; every member is
    # then aligned to the root. A large family compares its best-connected members only.
    if len(ids) <= settings.root_candidates:
        hubs = ids
    else:
        degree = dict.fromkeys(ids, 0)
        for ea, eb in job.edges:
            degree[docs[ea].id] += 1
            degree[docs[eb].id] += 1
        hubs = sorted(sorted(ids, key=lambda i: (-degree[i], i))[: settings.root_candidates])
    shingles = {i: _shingles(segs[i], intrinsic[i]) for i in hubs}
    clean_cov: dict[tuple[str, str], float] = {}
    similarity: dict[tuple[str, str], float] = {}
    for a, b in itertools.combinations(hubs, 2):
        sa, sb = shingles[a], shingles[b]
        common = len(sa & sb)
        clean_cov[(a, b)] = common / max(len(sa), 1)
        clean_cov[(b, a)] = common / max(len(sb), 1)
        similarity[(a, b)] = similarity[(b, a)] = common / max(len(sa | sb), 1)
    facts = {i: MemberFacts(i, by_id[i].date, len(intrinsic[i]), has_wire_marker(by_id[i].text))
             for i in ids}
    scored = score_members([facts[i] for i in hubs], clean_cov, similarity)
    root = scored[0].id
    score_of = {s.id: s for s in scored}

    # Every member against the root: rewrite, coverage, injected spam, mutations.
    others = [i for i in ids if i != root]
    r = by_id[root]
    root_ref = SourceRef(r.id, r.location, r.title)
    contained = {}
    rows: dict[str, Match] = {}
    reports: list[tuple[str, Report]] = []
    muts = {}
    for o in others:
        al = align(o, root)
        contained[o] = clean(o, al.coverage_copy)
        d = by_id[o]
        against_root = Aligned(root_ref, r.text, al, ready[root].evidence, ("family",))
        (judged,) = scored_matches(d.text, ready[o].evidence, [against_root])
        m = explain_match(judged, d.text, ctx.aligner.thesaurus, ctx.aligner.languages)
        rows[o] = m
        if with_reports:  # the report's view: judged against the root
            query = Doc(d.id, d.uri, d.text, d.title, date=d.date, url=d.url)
            reports.append((o, match_report(query, [m], ctx.aligner, explain=False)))
        muts[o] = mutations(m.alignment, segs[o], segs[root])
    shared = None
    if len(others) >= 2:
        for i in ids:
            if i not in shingles:
                shingles[i] = _shingles(segs[i], intrinsic[i])
        shared = sibling_shared(root, others, shingles)
    absent_why = original_absent(facts[root], contained, settings.contain, shared)
    present = not absent_why
    lineage = parents(muts, root if present else None)
    if not present:
        spam_texts = [s.text for s in intrinsic[root]]
        for o in others:
            if lineage[o][0] is None and inherits_spam(by_id[o].text, spam_texts):
                lineage[o] = (root, ("carries the root's injected spam",))

    fid = family_id(ids)
    members = [FamilyMember(
        id=root, uri=by_id[root].location, title=by_id[root].title,
        role="original" if present else "copy", rewrite=None, coverage=1.0,
        source_coverage=1.0, relative_to=None, parent=None, injected=len(intrinsic[root]),
        score=score_of[root].score, evidence=score_of[root].evidence,
        parent_evidence=() if present else ("copied from a page not in the crawl",),
    )]
    for o in others:
        row = rows[o]
        al = row.alignment
        sc = score_of.get(o)
        members.append(FamilyMember(
            id=o, uri=by_id[o].location, title=by_id[o].title, role="copy",
            rewrite=row.rewrite.type if row.rewrite is not None else None,
            coverage=round(al.coverage_copy, 4), source_coverage=round(al.coverage_source, 4),
            relative_to=root, parent=lineage[o][0],
            injected=len(intrinsic[o]),  # the same with or without reports
            score=sc.score if sc else 0.0, evidence=sc.evidence if sc else (),
            parent_evidence=lineage[o][1],
        ))
    evidence = ((f"original: {root}", *score_of[root].evidence) if present
                else ("original not in the crawl", *absent_why))
    edges = tuple(sorted((min(docs[ea].id, docs[eb].id), max(docs[ea].id, docs[eb].id))
                         for ea, eb in job.edges))
    return FamilyAnalysis(Family(fid, tuple(members), root, present, evidence, edges),
                          tuple(reports))

