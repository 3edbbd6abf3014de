"""The Dask engine gives the same families as the local one; the CLI command on the seeds."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, SPUN_ARTICLE, UNRELATED

pytest.importorskip("distributed")

from unspun.api import text_doc  # noqa: E402
from unspun.cli.main import cli  # noqa: E402
from unspun.families import ClusterSettings, DaskEngine, cluster, family_json  # noqa: E402


@pytest.mark.slow
def test_dask_and_local_give_identical_families():
    docs = [text_doc(ARTICLE, id="a"), text_doc(SPUN_ARTICLE, id="b"),
            text_doc("\n".join(ARTICLE.split("\n")[:4]), id="c"), text_doc(UNRELATED, id="d"),
            text_doc(UNRELATED + "\nIt grows well with tomatoes.", id="e")]
    settings = ClusterSettings(reports=False, batch_docs=2, batch_pairs=1)  # many small tasks
    local = cluster(docs, settings=settings)
    engine = DaskEngine(workers=2)
    try:
        assert engine.workers == 2
        distributed = cluster(docs, settings=settings, engine=engine)
    finally:
        engine.close()
    assert len(local.families) == 2
    assert [family_json(f) for f in distributed.families] == [
        family_json(f) for f in local.families]


def test_cluster_help_and_usage_errors(tmp_path):
    runner = CliRunner()
    assert "--engine" in runner.invoke(cli, ["cluster", "--help"]).output
    res = runner.invoke(cli, ["cluster", str(tmp_path), "--out", str(tmp_path / "o"),
                              "--scheduler", "tcp://127.0.0.1:1"])
    assert res.exit_code == 1 and "--scheduler needs --engine dask" in res.output


@pytest.mark.shared
@pytest.mark.slow
def test_seeds_in_a_crawl_are_one_family_of_siblings(shared_dir, tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, [
        "cluster", str(shared_dir / "seeds"), str(shared_dir / "corpora/scrapinghub-aeb/html"),
        "--out", str(out), "--engine", "dask", "--workers", "2"])
    assert res.exit_code == 0, res.output
    families = [json.loads(line) for line in (out / "families.jsonl").read_text().splitlines()]
    seeds = [f for f in families if any("seeds" in m["uri"] for m in f["members"])]
    assert len(seeds) == 1
    fam = seeds[0]
    assert sorted(m["uri"].rsplit("/", 1)[1] for m in fam["members"]) == [
        "000_11c44ce9312f75e5.txt", "001_7c222306f526e159.txt"]
    assert fam["original_present"] is False
    assert all(m["role"] == "copy" and m["parent"] is None for m in fam["members"])
    summary = json.loads((out / "summary.json").read_text())
    assert summary["documents"] == 183
    assert "families.jsonl" in res.output
