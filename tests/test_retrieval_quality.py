"""Quality gate: a small run of the retrieval benchmark on real shared articles.

Fails when recall@1 of any rewrite type, or the copy verdicts on held-out articles, cross
the floors committed in ``tests/quality_floors.json`` (key ``retrieval``). Raise the floors as
unspun improves; never lower one silently.
"""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _floors() -> dict:
    return json.loads((ROOT / "tests" / "quality_floors.json").read_text())["retrieval"]


def _benchmark():
    path = ROOT / "benchmarks" / "retrieval.py"
    spec = importlib.util.spec_from_file_location("retrieval_benchmark", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
@pytest.mark.slow
def test_retrieval_quality_gate(shared_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("UNSPUN_SHARED", str(shared_dir))
    bench = _benchmark()
    floors = _floors()
    args = bench.parse_args([
        "--sources", str(floors["sources"]), "--copies", str(floors["copies"]),
        "--negatives", str(floors["negatives"]), "--speed-docs", "30",
        "--out", str(tmp_path / "r.json"),
    ])
    res = bench.run(args)
    for kind, floor in floors["recall_at_1"].items():
        assert res["recall_at_1"][kind] >= floor, (kind, res["recall_at_1"])
    assert res["negatives_copy_rate"] <= floors["negatives_copy_rate_max"], res
    # The baseline runs in the same process; unspun must beat it on spun copies.
    assert res["recall_at_1"]["spun"] > res["baseline_recall_at_1"]["spun"]
