"""families.jsonl, summary.json and families.html (schema in docs/cluster.md)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from unspun.records import ClusterResult, Family, Report

FAMILIES_SCHEMA_VERSION = 1


def family_json(f: Family) -> dict[str, object]:
    """One line of families.jsonl."""
    return {
        "schema_version": FAMILIES_SCHEMA_VERSION,
        "family": f.id,
        "size": len(f.members),
        "original_present": f.original_present,
        "original": f.root if f.original_present else None,
        "root": f.root,
        "evidence": list(f.evidence),
        "members": [
            {
                "id": m.id,
                "uri": m.uri,
                "title": m.title,
                "role": m.role,
                "rewrite": m.rewrite,
                "coverage": m.coverage,
                "source_coverage": m.source_coverage,
                "relative_to": m.relative_to,
                "parent": m.parent,
                "injected": m.injected,
                "score": m.score,
                "evidence": list(m.evidence),
                "parent_evidence": list(m.parent_evidence),
                "report": m.report,
            }
            for m in f.members
        ],
        "edges": [list(e) for e in f.edges],
    }


def summary(result: ClusterResult) -> dict[str, object]:
    """Counts per family size and per rewrite type, and the run's statistics."""
    sizes = Counter(len(f.members) for f in result.families)
    rewrites = Counter(m.rewrite or ("original" if m.role == "original" else "root")
                       for f in result.families for m in f.members)
    s = result.stats
    return {
        "schema_version": FAMILIES_SCHEMA_VERSION,
        "documents": s.documents,
        "failures": s.failures,
        "families": s.families,
        "documents_in_families": sum(len(f.members) for f in result.families),
        "original_present": sum(f.original_present for f in result.families),
        "original_absent": sum(not f.original_present for f in result.families),
        "family_sizes": {str(k): sizes[k] for k in sorted(sizes)},
        "rewrites": dict(sorted(rewrites.items())),
        "candidate_pairs": s.candidate_pairs,
        "copy_pairs": s.copy_pairs,
        "seconds": s.seconds,
    }


def write_outputs(result: ClusterResult, out_dir: str | Path) -> dict[str, Path]:
    """Write families.jsonl, summary.json and families.html into ``out_dir``."""
    from unspun.families.html import families_html

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: out / name for name in ("families.jsonl", "summary.json", "families.html")}
    with paths["families.jsonl"].open("w", encoding="utf-8") as fh:
        for f in result.families:
            fh.write(json.dumps(family_json(f), ensure_ascii=False) + "\n")
    paths["summary.json"].write_text(
        json.dumps(summary(result), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    paths["families.html"].write_text(families_html(result), encoding="utf-8")
    return paths


_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def write_member_reports(family: Family, reports: Iterable[tuple[str, Report]],
                         out_dir: str | Path) -> Family:
    """One side-by-side HTML report per member against the root, written under
    ``out_dir/reports/<family id>/``; the family comes back with each member's ``report``
    path (relative to ``out_dir``) filled in."""
    from unspun.report.html import to_html

    folder = Path(out_dir) / "reports" / family.id
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, str] = {}
    for n, (member_id, rep) in enumerate(sorted(reports, key=lambda r: r[0]), 1):
        name = f"{n:03d}-{_SAFE.sub('_', member_id)[:40]}.html"
        (folder / name).write_text(to_html(rep), encoding="utf-8")
        paths[member_id] = f"reports/{family.id}/{name}"
    members = tuple(replace(m, report=paths.get(m.id, m.report)) for m in family.members)
    return replace(family, members=members)
