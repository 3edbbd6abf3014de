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


def test_collector_paused_switches_it_off_and_back_on_across_nesting_and_threads():
    import threading

    from unspun.engine.tuning import collector_paused

    assert gc.isenabled()
    entered, release = threading.Event(), threading.Event()

    def other_batch():
        with collector_paused():
            entered.set()
            release.wait(10)

    with collector_paused():
        assert not gc.isenabled()
        worker = threading.Thread(target=other_batch)
        worker.start()
        assert entered.wait(10)
        with collector_paused():  # nested in one thread
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread's block is still open
    release.set()
    worker.join(10)
    assert gc.isenabled()


def test_collector_paused_leaves_a_collector_that_was_off_off():
    from unspun.engine.tuning import collector_paused

    gc.disable()
    try:
        with pytest.raises(RuntimeError), collector_paused():
            raise RuntimeError("a failing batch")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_preparing_a_batch_runs_with_the_collector_off(monkeypatch):
    from unspun.config import FingerprintSettings
    from unspun.index import prepare
    from unspun.records import Doc

    seen = []
    real = prepare.outline
    monkeypatch.setattr(prepare, "outline", lambda text: (seen.append(gc.isenabled()),
                                                          real(text))[1])
    batch = prepare.prepare_batch([Doc(id="a", uri="a", text="Nick Marro said so.")],
                                  FingerprintSettings(), None, {})
    assert len(batch.entries) == 1 and seen == [False] and gc.isenabled()
