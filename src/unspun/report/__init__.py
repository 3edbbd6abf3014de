"""Reports: Report -> the versioned JSON form (docs/report-schema.md) and a terminal rendering.

The library only builds data and renderables here; the CLI decides where they are printed.
Modules: :mod:`~unspun.report.schema` (:func:`to_json`), :mod:`~unspun.report.terminal`
(:func:`render`) and :mod:`~unspun.report.html` (a self-contained HTML page).
"""

from __future__ import annotations

from unspun.report.schema import SCHEMA_VERSION, to_json
from unspun.report.terminal import render, strongest_evidence

__all__ = ["SCHEMA_VERSION", "render", "strongest_evidence", "to_json"]
