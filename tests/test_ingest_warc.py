"""WARC and WET input: a crawl written with warcio is read record by record and clusters."""

from __future__ import annotations

import io
import random

import pytest
from conftest import ARTICLE, SPUN_ARTICLE

warcio = pytest.importorskip("warcio")

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from unspun.families import ClusterSettings, cluster  # noqa: E402
from unspun.ingest import iter_inputs  # noqa: E402
from unspun.records import InputFailure, RawDoc  # noqa: E402

_WORDS = ("river market council station winter garden museum teacher harbour bridge "
          "engine village orchard library festival painter lantern meadow quarry tunnel "
          "violin glacier pepper saddle timber cobalt falcon ribbon walnut canyon").split()


def _filler_page(rng: random.Random) -> str:
    sents = [" ".join(rng.choice(_WORDS) for _ in range(12)).capitalize() + "."
             for _ in range(6)]
    return "\n".join(sents)


def _html(title: str, text: str) -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n")[1:] if p.strip())
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"{paras}</article></body></html>").encode()


def _write_warc(path, pages: list[tuple[str, bytes]], gz: bool) -> None:
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        for url, body in pages:
            req = w.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            w.write_record(req)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                http_headers=headers))
        png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://img.example/x.png", "response",
                                            payload=io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00"),
                                            http_headers=png))


def _pages(n_filler: int) -> list[tuple[str, bytes]]:
    rng = random.Random(7)
    pages = [("https://news.example/port", _html("Port vote", ARTICLE)),
             ("https://spin.example/port", _html("Port vote", SPUN_ARTICLE)),
             ("https://copy.example/port", _html("Port vote", ARTICLE))]
    pages += [(f"https://filler.example/{i}", _html(f"Page {i}", "t\n" + _filler_page(rng)))
              for i in range(n_filler)]
    return pages


def test_warc_records_become_documents(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    _write_warc(path, _pages(3), gz=True)
    items = list(iter_inputs([str(path)]))
    assert all(isinstance(i, RawDoc) for i in items)
    assert [i.url for i in items][:3] == ["https://news.example/port", "https://spin.example/port",
                                          "https://copy.example/port"]
    assert len(items) == 6  # requests and the image are skipped
    assert all(i.uri.startswith(f"{path}#") and i.media_type == "text/html" for i in items)


def test_wet_conversion_records_are_text(tmp_path):
    path = tmp_path / "crawl.warc.wet"
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=False)
        w.write_record(w.create_warc_record(
            "https://news.example/port", "conversion", payload=io.BytesIO(ARTICLE.encode()),
            warc_headers_dict={"Content-Type": "text/plain"}))
    (item,) = list(iter_inputs([str(path)]))
    assert isinstance(item, RawDoc) and item.media_type == "text/plain"
    assert item.data == ARTICLE.encode() and item.url == "https://news.example/port"


def test_not_a_warc_is_a_failure(tmp_path):
    path = tmp_path / "bad.warc"
    path.write_bytes(b"this is not a warc file\n" * 10)
    items = list(iter_inputs([str(path)]))
    assert len(items) == 1 and isinstance(items[0], InputFailure)


@pytest.mark.slow
def test_a_crawl_of_hundreds_of_records_clusters(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    _write_warc(path, _pages(250), gz=True)
    res = cluster([str(path)], settings=ClusterSettings(reports=False))
    assert res.stats.documents == 253 and not res.failures
    assert len(res.families) == 1
    fam = res.families[0]
    assert sorted(m.uri for m in fam.members) == [
        "https://copy.example/port", "https://news.example/port", "https://spin.example/port"]
    spun = next(m for m in fam.members if m.uri == "https://spin.example/port")
    assert spun.role == "copy" and spun.rewrite == "spun"
