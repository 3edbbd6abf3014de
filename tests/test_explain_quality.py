"""Quality gate for the explanation layer, on small runs of the benchmarks over shared data.

Fails when substitution precision, injected-span precision/recall or copy-vs-related accuracy
drop below the floors in ``tests/quality_floors.json`` (key ``explain``). The full runs and
their numbers are in docs/benchmarks.md.
"""

import pytest

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def test_substitutions_gate(benchmark, quality_floors, thesaurus, tmp_path):
    floors = quality_floors["explain"]
    bench = benchmark("substitutions")
    res = bench.run(bench.parse_args(["--sources", str(floors["substitution_sources"]),
                                      "--out", str(tmp_path / "s.json")]))
    assert res["metrics"]["substitution_precision"] >= floors["substitution_precision"], res
    assert res["metrics"]["substitution_recall"] >= floors["substitution_recall"], res


def test_injected_gate(benchmark, quality_floors, thesaurus, tmp_path):
    floors = quality_floors["explain"]
    bench = benchmark("injected")
    res = bench.run(bench.parse_args(["--limit", str(floors["injected_sources"]),
                                      "--out", str(tmp_path / "i.json")]))
    overall = res["intrinsic"]["overall"]
    assert overall["precision"] >= floors["injected_precision"], res["intrinsic"]
    assert overall["recall"] >= floors["injected_recall"], res["intrinsic"]
    # Clean real articles: injected-content findings on them are false alarms.
    assert res["clean"]["zyte"]["text_false_positive_rate"] <= floors["injected_clean_fp_max"]


def test_copy_vs_related_gate(benchmark, quality_floors, tmp_path):
    floors = quality_floors["explain"]
    bench = benchmark("copy_related")
    res = bench.run(bench.parse_args([
        "--sources", str(floors["same_entity_sources"]),
        "--targets", str(floors["same_entity_targets"]), "--out", str(tmp_path / "c.json")]))
    cs = res["clough_stevenson"]
    assert cs["accuracy_cut_vs_non"] >= floors["clough_stevenson_accuracy"], cs["errors"]
    se = res["same_entity"]
    assert se["copy_rate_negatives"] <= floors["same_entity_copy_rate_max"], se["false_alarms"]
    assert se["control_copy_rate"] >= floors["same_entity_control_copy_rate"], se
    assert set(res["same_event_demo"].values()) <= {"related", "unrelated"}
