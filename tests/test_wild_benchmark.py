"""The real-copies benchmark's measures, and (when the rebuilt pages are present) a run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.wild_eval import _ari, _partition_scores

PAGES = Path(os.environ.get("UNSPUN_WILD_PAGES",
                            Path(__file__).resolve().parents[2] / "wild-dev-pages.jsonl"))


def test_adjusted_rand_index() -> None:
    truth = [0, 0, 0, 1, 1, 2]
    assert _ari(truth, truth) == 1.0
    assert _ari(truth, [5, 5, 5, 7, 7, 9]) == 1.0  # labels are names only
    assert _ari(truth, [0, 1, 2, 3, 4, 5]) == 0.0  # all apart: chance level
    assert _ari(truth, [0, 0, 1, 1, 2, 2]) < 0.5


def test_pair_precision_and_recall() -> None:
    s = _partition_scores([0, 0, 0, 1], [0, 0, 1, 1])
    assert s["pair_precision"] == 0.5 and s["pair_recall"] == 0.333


@pytest.mark.slow
def test_the_benchmark_runs_on_the_rebuilt_pages(tmp_path) -> None:
    if not PAGES.is_file():
        pytest.skip(f"rebuilt wild-dev pages not found at {PAGES} (DEVELOPERS.md says how to "
                    "rebuild them; set UNSPUN_WILD_PAGES)")
    from benchmarks.wild import main

    out = tmp_path / "wild.json"
    assert main([str(PAGES), "--no-cluster", "--out", str(out)]) == 0
    import json

    res = json.loads(out.read_text())
    assert res["unspun"]["copies"] > 100
    assert all("text" not in r for r in res["per_page"])  # ids, labels, results only
