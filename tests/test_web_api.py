"""The REST API in process (FastAPI's TestClient): trace, compare, sources, health, the
history behind a source's page, and the JSON errors."""

from __future__ import annotations

import gzip
import json
import threading

import pytest

pytest.importorskip("fastapi")
from web_fixtures import SOURCES, SPUN, client_for, make_index  # noqa: E402

from unspun.web.app import create_app  # noqa: E402
from unspun.web.settings import WebSettings  # noqa: E402


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return make_index(tmp_path_factory.mktemp("web") / "index")


@pytest.fixture(scope="module")
def client(index):
    app = create_app(WebSettings(index=index), warm=False)
    with client_for(app) as c:
        yield c


def _trace(client, **kw):
    r = client.post("/api/v1/trace", **kw)
    assert r.status_code == 200, r.text
    return r.json()


def test_trace_a_spun_copy_by_file_text_and_gzip(client):
    by_file = _trace(client, files={"file": ("copy.txt", SPUN.encode(), "text/plain")})
    assert by_file["schema_version"] == 1
    best = by_file["matches"][0]
    assert (best["verdict"], best["source"]["id"]) == ("copy", "port-kestrel")
    assert best["extent"] == "whole" and best["rewrite"]["type"]
    assert any(e["op"] == "substitute" for p in best["pairs"] for e in p["edits"])
    assert by_file["query"]["uri"] == "copy.txt"
    by_text = _trace(client, data={"text": SPUN, "top": "1"})
    assert by_text["matches"][0]["source"]["id"] == "port-kestrel"
    assert len(by_text["matches"]) == 1
    assert by_text["query"]["text"] == by_file["query"]["text"]
    gz = _trace(client, files={"file": ("copy.txt.gz", gzip.compress(SPUN.encode()))})
    assert gz["matches"][0]["source"]["id"] == "port-kestrel"


def test_trace_html_extracts_the_article(client):
    paras = "".join(f"<p>{line}</p>" for line in SPUN.splitlines()[2:])
    html = (f"<html><head><title>Copied</title></head><body><nav>Home | News | Contact</nav>"
            f"<article><h1>Port news</h1>{paras}</article></body></html>")
    report = _trace(client, data={"html": html})
    assert report["matches"][0]["source"]["id"] == "port-kestrel"
    assert "Home | News" not in report["query"]["text"]


def test_the_report_is_the_library_report(client, index):
    from unspun.api import trace
    from unspun.extract import extract
    from unspun.index import Index
    from unspun.records import RawDoc
    from unspun.report import to_json

    got = _trace(client, data={"text": SPUN})
    doc = extract(RawDoc(uri="<pasted text>", media_type="text/plain", text=SPUN))
    with Index(index) as idx:
        want = to_json(trace(idx, doc))
    assert json.dumps(got, sort_keys=True) == json.dumps(want, sort_keys=True)


def test_compare_needs_no_index(client):
    r = client.post("/api/v1/compare", data={"suspect_text": SPUN, "dense": "false",
                                             "source_text": SOURCES["port-kestrel"][1]})
    assert r.status_code == 200, r.text
    m = r.json()["matches"][0]
    assert m["verdict"] == "copy" and m["channels"] == ["given"]
    unrelated = client.post("/api/v1/compare", data={
        "suspect_text": SPUN, "source_text": SOURCES["basil"][1], "dense": "false"})
    assert unrelated.status_code == 200 and unrelated.json()["matches"] == []


@pytest.mark.parametrize(("data", "files", "status", "code"), [
    ({}, {"x": ("a.txt", b"hello")}, 422, "missing_input"),
    ({"text": "a text", "html": "<p>a page</p>"}, None, 422, "ambiguous_input"),
    ({"text": "   "}, None, 422, "empty_input"),
    ({"text": SPUN, "top": "0"}, None, 422, "invalid_field"),
    ({"text": SPUN, "dense": "maybe"}, None, 422, "invalid_field"),
    ({}, {"file": ("page.bin", bytes(range(256)) * 8)}, 422, "bad_input"),
    ({}, {"file": ("empty.txt", b"")}, 422, "bad_input"),
])
def test_bad_input_is_a_json_error(client, data, files, status, code):
    r = client.post("/api/v1/trace", data=data, files=files)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert body["code"] == code and body["message"]


def test_not_a_form_is_415_and_a_wrong_method_405_with_allow(client):
    r = client.post("/api/v1/trace", content=b'{"text": "x"}',
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 415 and r.json()["code"] == "unsupported_media_type"
    r = client.delete("/api/v1/sources")
    assert r.status_code == 405 and set(r.headers["allow"].split(", ")) >= {"GET", "POST"}


def test_sources_are_listed_searched_and_paged(client):
    r = client.get("/api/v1/sources")
    assert r.status_code == 200
    ids = [s["id"] for s in r.json()["sources"]]
    assert ids == sorted(ids) and {"basil", "port-kestrel", "town-hall"} <= set(ids)
    found = client.get("/api/v1/sources", params={"q": "KESTREL"}).json()
    assert [s["id"] for s in found["sources"]] == ["port-kestrel"] and found["total"] == 1
    assert client.get("/api/v1/sources", params={"q": "%"}).json()["total"] == 0
    page = client.get("/api/v1/sources", params={"limit": 1, "offset": 1}).json()
    assert page["total"] >= 3 and len(page["sources"]) == 1 and page["sources"][0]["id"] == ids[1]
    assert client.get("/api/v1/sources", params={"limit": 0}).status_code == 422


def test_a_source_lists_the_checks_that_matched_it(client):
    _trace(client, data={"text": SPUN})
    r = client.get("/api/v1/sources/port-kestrel")
    assert r.status_code == 200
    src = r.json()
    assert src["text"].startswith("Harbour authority approves")
    assert src["checks"] and src["checks"][0]["verdict"] == "copy"
    assert src["checks"][0]["query_uri"] == "<pasted text>"
    missing = client.get("/api/v1/sources/no/such/source")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_add_sources_by_file_jsonl_and_text_then_trace_finds_them(client):
    rows = "\n".join(json.dumps({"id": f"lake-{n}", "title": f"Lake report {n}", "text": (
        f"The Lake Oruna water board measured {n * 11} millimetres of rain in week {n}.\n"
        f"Board chair Teodora Vilks said reservoir {n} stood at {40 + n}% of capacity.")})
        for n in range(1, 4))
    r = client.post("/api/v1/sources", files=[
        ("file", ("lakes.jsonl", rows.encode())),
        ("file", ("notes.txt", b"Orchard growers in Pellworth expect a record apple harvest "
                               b"of 14,000 tonnes, the cooperative said on Friday.")),
        ("file", ("broken.txt", b"\x00\x01\x02" * 100))])
    assert r.status_code == 200, r.text
    out = r.json()
    assert (out["added"], out["unchanged"]) == (4, 0)
    assert [f["uri"] for f in out["failed"]] == ["broken.txt"]
    again = client.post("/api/v1/sources", data={"text": "Orchard growers in Pellworth "
                        "expect a record apple harvest of 14,000 tonnes, the cooperative said "
                        "on Friday.", "id": "orchard", "title": "Apple harvest"}).json()
    assert again["added"] == 1 and again["sources"] == out["sources"] + 1
    report = _trace(client, data={"text": "Board chair Teodora Vilks said reservoir 2 stood "
                                          "at 42% of capacity, the Lake Oruna water board said."})
    assert report["matches"] and report["matches"][0]["source"]["id"] == "lake-2"
    nothing = client.post("/api/v1/sources", files={"file": ("bad.txt", b"\x00" * 50)})
    assert nothing.status_code == 422 and nothing.json()["code"] == "bad_input"


def test_health_and_openapi(client):
    h = client.get("/api/v1/health").json()
    assert h["status"] == "ok" and h["sources"] >= 3 and h["history"] is True
    assert h["queue"]["capacity"] == h["queue"]["workers"] + 16
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/trace", "/api/v1/compare", "/api/v1/sources", "/api/v1/sources/{source_id}",
            "/api/v1/health"} <= set(spec["paths"])
    report = spec["components"]["schemas"]["Report"]
    assert report["properties"]["schema_version"] == {"const": 1}
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and "POST /api/v1/trace" in docs.text
    assert "<script" not in docs.text.lower()


def test_a_full_queue_answers_503_and_a_slow_job_504(index):
    app = create_app(WebSettings(index=index, workers=1, queue=0, timeout=0.5), warm=False)
    release = threading.Event()
    with client_for(app) as c:
        busy = app.state.service.queue.submit("test", "blocker", release.wait, 30, timeout=30)
        try:
            r = c.post("/api/v1/trace", data={"text": SPUN})
            assert r.status_code == 503 and r.json()["code"] == "busy"
            assert r.headers["retry-after"]
        finally:
            release.set()
            busy.future.result(timeout=10)
    app = create_app(WebSettings(index=index, workers=1, queue=1, timeout=0.5), warm=False)
    release = threading.Event()
    with client_for(app) as c:
        busy = app.state.service.queue.submit("test", "blocker", release.wait, 30, timeout=30)
        try:
            r = c.post("/api/v1/trace", data={"text": SPUN})
            assert r.status_code == 504 and r.json()["code"] == "timeout"
        finally:
            release.set()
            busy.future.result(timeout=10)


def test_the_history_survives_a_restart_and_can_be_turned_off(index):
    with client_for(create_app(WebSettings(index=index), warm=False)) as c:
        r = c.post("/api/v1/trace", data={"text": SPUN})
        where = r.headers["content-location"]
    with client_for(create_app(WebSettings(index=index), warm=False)) as c:
        again = c.get(where)
        assert again.status_code == 200 and again.json()["matches"][0]["verdict"] == "copy"
        page = c.get(where.removesuffix(".json"))
        assert page.status_code == 200 and "Copy and source side by side" in page.text
    off = create_app(WebSettings(index=index, history=False), warm=False)
    with client_for(off) as c:
        assert c.get(where).status_code == 404
        assert c.get("/api/v1/sources/port-kestrel").json()["checks"] == []
        assert c.get("/api/v1/health").json()["history"] is False


def test_serve_without_the_web_extra_names_it(monkeypatch):
    import importlib.util

    from click.testing import CliRunner

    from unspun.cli.main import cli

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "fastapi" else real(name, *a))
    r = CliRunner().invoke(cli, ["serve", "--index", "whatever"])
    assert r.exit_code == 1
    assert "pip install 'unspun[web]'" in r.output


def test_serve_on_a_missing_index_says_so(tmp_path):
    from click.testing import CliRunner

    from unspun.cli.main import cli

    r = CliRunner().invoke(cli, ["serve", "--index", str(tmp_path / "none")])
    assert r.exit_code == 1 and "no unspun index here" in r.output


def test_serve_beyond_loopback_needs_a_token():
    from click.testing import CliRunner

    from unspun.cli.main import cli

    r = CliRunner().invoke(cli, ["serve", "--index", "x", "--host", "0.0.0.0"], env={
        "UNSPUN_TOKEN": ""})
    assert r.exit_code == 2 and "--token" in r.output
