"""Families over a crawl: which pages are copies of which, and which page is the original.

``cluster(inputs)`` runs extract -> fingerprint -> LSH candidate pairs -> verification by the
aligner -> connected components -> families, in this process or on Dask
(:mod:`unspun.engine`); :func:`write_outputs` writes families.jsonl, summary.json and
families.html. See docs/cluster.md.
"""

from __future__ import annotations

from unspun.engine import DaskEngine, LocalEngine, make_engine
from unspun.families.output import FAMILIES_SCHEMA_VERSION, family_json, summary, write_outputs
from unspun.families.run import cluster
from unspun.families.settings import ClusterSettings

__all__ = [
    "FAMILIES_SCHEMA_VERSION",
    "ClusterSettings",
    "DaskEngine",
    "LocalEngine",
    "cluster",
    "family_json",
    "make_engine",
    "summary",
    "write_outputs",
]
