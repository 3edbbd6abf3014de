"""unspun: find where a web page's text came from and what was done to it.

The public verbs and types are loaded on first use, so ``import unspun`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Doc",
    "Index",
    "Report",
    "UnspunError",
    "cluster",
    "compare",
    "iter_docs",
    "load_doc",
    "load_docs",
    "to_json",
    "trace",
]

_LAZY = {
    "compare": "unspun.api",
    "cluster": "unspun.families",
    "trace": "unspun.api",
    "load_doc": "unspun.api",
    "load_docs": "unspun.api",
    "iter_docs": "unspun.api",
    "Index": "unspun.index",
    "to_json": "unspun.report",
    "Doc": "unspun.records",
    "Report": "unspun.records",
    "UnspunError": "unspun.errors",
}

if TYPE_CHECKING:
    from unspun.api import compare, iter_docs, load_doc, load_docs, trace
    from unspun.errors import UnspunError
    from unspun.families import cluster
    from unspun.index import Index
    from unspun.records import Doc, Report
    from unspun.report import to_json


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'unspun' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
