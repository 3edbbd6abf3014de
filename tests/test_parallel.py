"""Tracing on several processes gives the reports one process gives, in input order."""

import json

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, UNRELATED

from unspun.api import text_doc
from unspun.cli.main import cli
from unspun.embed import semantic_available
from unspun.index import Index
from unspun.report import to_json
from unspun.retrieve.batch import trace_parallel


def _pages() -> list[str]:
    words = ARTICLE.split()
    return [
        "Breaking news from the coast.\n" + ARTICLE,
        UNRELATED,
        " ".join(words[: len(words) // 2]),
        "A short page about nothing in the index at all, with no names.",
        ARTICLE.replace("port", "harbour"),
    ]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, request):
    path = tmp_path_factory.mktemp("par") / "ix"
    # With the semantic extra the index has vectors, so workers also load the encoder.
    embedder = request.getfixturevalue("encoder") if semantic_available() else None
    with Index(path, create=True, embedder=embedder) as idx:
        idx.add([text_doc(ARTICLE, id="port"), text_doc(UNRELATED, id="basil")])
    return path


@pytest.mark.slow  # each worker process loads the thesaurus and the encoder (~20 s)
def test_two_workers_give_the_reports_of_one_process_in_order(index_dir):
    docs = [text_doc(t, id=f"q{i}") for i, t in enumerate(_pages())]
    one = [to_json(r) for r in trace_parallel(index_dir, docs, workers=1, top=3)]
    two = [to_json(r) for r in trace_parallel(index_dir, docs, workers=2, top=3)]
    assert [r["query"]["id"] for r in two] == [d.id for d in docs]
    assert two == one
    assert one[0]["matches"][0]["source"]["id"] == "port"
    assert one[0]["matches"][0]["verdict"] == "copy"


@pytest.mark.slow  # each worker process loads the thesaurus and the encoder (~20 s)
def test_cli_workers_option_matches_the_sequential_output(index_dir, tmp_path):
    for i, text in enumerate(_pages()):
        (tmp_path / f"page{i}.txt").write_text(text, encoding="utf-8")
    args = ["trace", "--index", str(index_dir), "--json", str(tmp_path)]
    seq = CliRunner().invoke(cli, args, catch_exceptions=False)
    par = CliRunner().invoke(cli, [*args, "--workers", "2"], catch_exceptions=False)
    assert seq.exit_code == par.exit_code == 0
    assert [json.loads(x) for x in par.output.splitlines()] == [
        json.loads(x) for x in seq.output.splitlines()]
    assert len(seq.output.splitlines()) == 5


def test_workers_must_be_positive(tmp_path):
    with pytest.raises(ValueError):  # refused before the index is opened
        list(trace_parallel(tmp_path / "ix", [], workers=0))


@pytest.mark.slow  # starts a Dask LocalCluster of two worker processes
def test_cli_dask_engine_matches_the_sequential_output(index_dir, tmp_path):
    pytest.importorskip("distributed")
    for i, text in enumerate(_pages()):
        (tmp_path / f"page{i}.txt").write_text(text, encoding="utf-8")
    args = ["trace", "--index", str(index_dir), "--json", str(tmp_path)]
    seq = CliRunner().invoke(cli, args, catch_exceptions=False)
    dask = CliRunner().invoke(cli, [*args, "--engine", "dask", "--workers", "2"],
                              catch_exceptions=False)
    assert seq.exit_code == dask.exit_code == 0
    assert [json.loads(x) for x in dask.output.splitlines()] == [
        json.loads(x) for x in seq.output.splitlines()]


def test_cli_engine_usage_errors(index_dir, tmp_path):
    (tmp_path / "page.txt").write_text(UNRELATED, encoding="utf-8")
    base = ["trace", "--index", str(index_dir), str(tmp_path / "page.txt")]
    res = CliRunner().invoke(cli, [*base, "--engine", "local", "--workers", "2"])
    assert res.exit_code == 2 and "--engine pool or dask" in res.output
    res = CliRunner().invoke(cli, [*base, "--scheduler", "tcp://127.0.0.1:1"])
    assert res.exit_code == 1 and "--scheduler needs --engine dask" in res.output
