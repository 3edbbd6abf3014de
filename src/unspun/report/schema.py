"""The versioned JSON form of a report (``docs/report-schema.md``).

Input: a :class:`Report`. Output: JSON-ready data (:func:`to_json`), schema
:data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

from typing import Any

from unspun.records import Match, Report

SCHEMA_VERSION = 1


def to_json(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data, schema version 1 (field by field in the docs)."""
    q = report.query
    return {
        "schema_version": SCHEMA_VERSION,
        "query": {
            "id": q.id,
            "uri": q.uri,
            "title": q.title,
            "text": q.text,
            "boilerplate": list(q.boilerplate),
        },
        "matches": [_match_json(m, q.text) for m in report.matches],
        "injected": [
            {"span": [i.span.start, i.span.end], "text": i.text, "kind": i.kind}
            for i in report.injected
        ],
        "warnings": list(report.warnings),
    }


def _match_json(m: Match, copy_text: str) -> dict[str, Any]:
    al = m.alignment
    return {
        "source": {"id": m.source.id, "uri": m.source.uri, "title": m.source.title},
        "score": m.score,
        "verdict": m.verdict,
        "probability": m.probability,
        "extent": m.extent,
        "evidence": dict(m.evidence),
        "channels": list(m.channels),
        "coverage": {"source": al.coverage_source, "copy": al.coverage_copy},
        "rewrite": None if m.rewrite is None else {
            "type": m.rewrite.type,
            "confidence": m.rewrite.confidence,
            "features": dict(m.rewrite.features),
            "languages": (dict(zip(("copy", "source"), m.rewrite.languages, strict=True))
                          if m.rewrite.languages else None),
        },
        "order": al.order,
        "mean_similarity": al.mean_similarity,
        "mean_lexical": al.mean_lexical,
        "pairs": [
            {
                "copy": [p.copy_span.start, p.copy_span.end],
                "source": [p.source_span.start, p.source_span.end],
                "copy_text": copy_text[p.copy_span.start : p.copy_span.end],
                "source_text": m.source_text[p.source_span.start : p.source_span.end],
                "similarity": p.similarity,
                "lexical_similarity": p.lexical,
                "quoted": p.quoted,
                "rewrite": p.rewrite,
                "copy_sentences": list(p.copy_sentences),
                "source_sentences": list(p.source_sentences),
                "edits": [
                    {
                        "op": e.op,
                        "copy": [e.copy_start, e.copy_end],
                        "source": [e.source_start, e.source_end],
                        "copy_text": e.copy_text,
                        "source_text": e.source_text,
                        "flags": list(e.flags),
                        "expression": e.expression,
                        "real_name": e.real_name,
                    }
                    for e in p.edits
                ],
            }
            for p in al.pairs
        ],
    }
