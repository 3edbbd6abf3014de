"""The collector thresholds that the command line and the pool workers run with."""

from __future__ import annotations

import gc

import pytest
from click.testing import CliRunner

from unspun.cli.main import cli
from unspun.engine import PoolEngine
from unspun.engine.tuning import COLLECTOR_THRESHOLDS, tune_collector


@pytest.fixture
def default_thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_thresholds_make_collections_rarer_than_cpythons():
    young, middle, full = COLLECTOR_THRESHOLDS
    assert young > 700 and middle >= 10 and full > 10


def test_a_command_runs_with_the_tuned_collector(default_thresholds, tmp_path):
    result = CliRunner().invoke(cli, ["index", "stats", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1  # no index there; the command ran all the same
    assert gc.get_threshold() == COLLECTOR_THRESHOLDS


def test_pool_workers_run_with_the_tuned_collector(default_thresholds):
    engine = PoolEngine(1)
    try:
        assert list(engine.map(gc.get_threshold, [()])) == [COLLECTOR_THRESHOLDS]
    finally:
        engine.close()


def test_tune_collector_sets_the_thresholds(default_thresholds):
    tune_collector()
    assert gc.get_threshold() == COLLECTOR_THRESHOLDS
