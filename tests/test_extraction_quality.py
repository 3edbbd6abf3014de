"""Quality gate for HTML extraction: the quick extraction benchmark on a small real subset.

Runs ``benchmarks/extraction.py``'s metric (word 4-gram shingle P/R per page, F1 of the means)
on the first Zyte pages for trafilatura alone and for unspun, in the same run, and on the first
WCXB pages for unspun. Floors live under the "extraction" key of ``tests/quality_floors.json``;
raise them as extraction improves, never lower one silently.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
FLOORS = Path(__file__).resolve().parent / "quality_floors.json"


def quality_floors(key: str) -> dict[str, float]:
    """The floors stored under ``key`` (one entry per quality gate) in quality_floors.json."""
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))[key]
    assert isinstance(floors, dict), f"{FLOORS}: '{key}' must be an object"
    return floors


def _benchmark() -> ModuleType:
    name = "unspun_extraction_benchmark"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / "extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def floors() -> dict[str, float]:
    return quality_floors("extraction")


@pytest.mark.shared
@pytest.mark.slow
def test_unspun_extracts_zyte_pages_no_worse_than_trafilatura(
    shared_dir: Path, floors: dict[str, float]
) -> None:
    bench = _benchmark()
    pages = bench.load_pages(shared_dir, "zyte", int(floors["zyte_pages"]))
    systems = {name: bench.SYSTEMS[name] for name in ("trafilatura", "unspun")}
    summary = {name: bench.summarise(scores)
               for name, scores in bench.evaluate(pages, systems).items()}
    ours, theirs = summary["unspun"], summary["trafilatura"]
    assert ours["errors"] == 0 and ours["empty"] == 0, ours
    assert ours["f1"] >= theirs["f1"] - floors["zyte_tolerance"], summary
    assert ours["f1"] >= floors["zyte_unspun_f1"], summary


@pytest.mark.shared
@pytest.mark.slow
def test_unspun_extraction_on_wcxb_pages_stays_above_floors(
    shared_dir: Path, floors: dict[str, float]
) -> None:
    bench = _benchmark()
    pages = bench.load_pages(shared_dir, "wcxb", int(floors["wcxb_pages"]))
    (scores,) = bench.evaluate(pages, {"unspun": bench.SYSTEMS["unspun"]}).values()
    summary = bench.summarise(scores)
    for metric in ("f1", "with_hit", "without_avoided"):
        assert summary[metric] >= floors[f"wcxb_unspun_{metric}"], (metric, summary)


def test_shingle_metric_edge_cases() -> None:
    bench = _benchmark()
    assert bench.precision_recall("", "some words here and there") == (None, 0.0)
    assert bench.precision_recall("Two words", "two WORDS") == (1.0, 1.0)
    assert bench.precision_recall("a b c d e", "a b c d") == (0.5, 1.0)
    assert bench.precision_recall("anything", "") == (0.0, None)
    assert bench.shingles("a b a b a b") == {("a", "b", "a", "b"): 2, ("b", "a", "b", "a"): 1}
    text = " ".join("Go  Home\nnow".lower().split())
    assert bench.contains(text, "home NOW") and not bench.contains("homeowner", "Home")
    assert bench.contains("price: $5 (approx.)", "$5 (approx.)")
