"""The Dask engine gives the same families as the local one; the CLI command's engine options."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, SPUN_ARTICLE, UNRELATED

pytest.importorskip("distributed")

from unspun.api import text_doc  # noqa: E402
from unspun.cli.main import cli  # noqa: E402
from unspun.families import ClusterSettings, DaskEngine, cluster, family_json  # noqa: E402


@pytest.mark.slow  # starts a Dask LocalCluster of two worker processes
def test_dask_and_local_give_identical_families():
    docs = [text_doc(ARTICLE, id="a"), text_doc(SPUN_ARTICLE, id="b"),
            text_doc("\n".join(ARTICLE.split("\n")[:4]), id="c"), text_doc(UNRELATED, id="d"),
            text_doc(UNRELATED + "\nIt grows well with tomatoes.", id="e")]
    settings = ClusterSettings(reports=False, batch_docs=2, batch_pairs=1)  # many small tasks
    local = cluster(docs, settings=settings)
    import dask

    before = dask.config.get("distributed.admin.low-level-log-length")
    engine = DaskEngine(workers=2)
    try:
        assert engine.workers == 2
        distributed = cluster(docs, settings=settings, engine=engine)
        # the in-process scheduler keeps no copy of the messages (task arguments: pages) it
        # sent to its workers; distributed's default keeps the last 1,000 per worker
        streams = engine._cluster.scheduler.stream_comms.values()
        assert streams and all(s.recent_message_log.maxlen == 0 for s in streams)
        # the LocalCluster's workers run with unspun's collector settings, as pool workers do
        import gc

        from unspun.engine.tuning import COLLECTOR_THRESHOLDS

        assert set(engine.client.run(gc.get_threshold).values()) == {COLLECTOR_THRESHOLDS}
    finally:
        engine.close()
    assert dask.config.get("distributed.admin.low-level-log-length") == before
    assert len(local.families) == 2
    assert [family_json(f) for f in distributed.families] == [
        family_json(f) for f in local.families]


def test_cluster_help_and_usage_errors(tmp_path):
    runner = CliRunner()
    assert "--engine" in runner.invoke(cli, ["cluster", "--help"]).output
    res = runner.invoke(cli, ["cluster", str(tmp_path), "--out", str(tmp_path / "o"),
                              "--scheduler", "tcp://127.0.0.1:1"])
    assert res.exit_code == 1 and "--scheduler needs --engine dask" in res.output
