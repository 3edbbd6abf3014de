"""The pages in process: a check from the form to its report (through the working page),
compare, the sources with paging, a source's checks, and the families of a real cluster run."""

from __future__ import annotations

import re
import threading
import time

import lxml.html
import pytest

pytest.importorskip("fastapi")
from web_fixtures import SOURCES, SPUN, client_for, make_families, make_index  # noqa: E402

from unspun.web.app import create_app  # noqa: E402
from unspun.web.settings import WebSettings  # noqa: E402


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    return create_app(WebSettings(index=make_index(root / "index"),
                                  families=make_families(root), page_size=2), warm=False)


@pytest.fixture(scope="module")
def client(app):
    with client_for(app) as c:
        yield c


def _csrf(page) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)


def _text(page) -> str:
    return lxml.html.document_fromstring(page.text).text_content()


def test_a_check_goes_from_the_form_to_its_report(app, client):
    release = threading.Event()
    # Hold the workers for a moment so that the working page shows.
    blockers = [app.state.service.queue.submit("test", "hold", release.wait, 10, timeout=10)
                for _ in range(app.state.service.queue.workers)]
    r = client.post("/check", data={"csrf": _csrf(client.get("/")), "pasted": SPUN,
                                    "pasted_as": "text", "top": "3", "dense": ""},
                    follow_redirects=False)
    assert r.status_code == 303
    working = client.get(r.headers["location"])
    assert '<meta http-equiv="refresh" content="1">' in working.text
    assert "Waiting for a worker" in working.text
    release.set()
    for b in blockers:
        b.future.result(timeout=10)
    for _ in range(400):
        page = client.get(r.headers["location"])
        if "refresh" not in page.text:
            break
        time.sleep(0.05)
    text = _text(page)
    assert "COPY" in text and "Harbour authority approves" in text
    assert "spun" in text and "whole copy" in text
    assert "Strongest evidence" in text or "Copy and source side by side" in text
    doc = lxml.html.document_fromstring(page.text)
    assert doc.xpath("//td[@class='copy']//span[contains(@class, 'sub')]")
    assert doc.xpath("//link[@href='/static/report.css']")
    home = client.get("/")
    assert r.headers["location"] in home.text  # listed among the recent checks


def test_a_bad_form_comes_back_with_its_error(client):
    r = client.post("/check", data={"csrf": _csrf(client.get("/")), "pasted": " "})
    assert r.status_code == 422 and "give a document" in _text(r)


def test_compare_page(client):
    r = client.post("/compare", data={
        "csrf": _csrf(client.get("/compare")), "suspect_pasted": SPUN,
        "suspect_pasted_as": "text", "source_pasted": SOURCES["port-kestrel"][1],
        "source_pasted_as": "text", "dense": "false"})
    for _ in range(400):
        if "refresh" not in r.text:
            break
        time.sleep(0.05)
        r = client.get(r.url)
    assert r.status_code == 200 and "COPY" in _text(r)
    assert "Compare two more" in _text(r)


def test_sources_are_paged_and_searchable(client):
    first = client.get("/sources")
    assert "page 1 of 2" in _text(first) and 'rel="next"' in first.text
    second = client.get("/sources?page=2")
    assert 'rel="prev"' in second.text
    found = client.get("/sources?q=basil")
    assert "How to keep basil alive" in _text(found) and "1 source matching" in _text(found)
    source = client.get("/sources/port-kestrel")
    assert "The Port Kestrel Authority voted 7 to 2" in _text(source)


def test_families_pages(client):
    listing = client.get("/families")
    assert listing.status_code == 200
    fam = re.search(r'href="/families/(fam-[0-9a-f]+)"', listing.text).group(1)
    page = client.get(f"/families/{fam}")
    assert page.status_code == 200 and "original" in _text(page)
    report = re.search(rf'href="(/families/{fam}/reports/\d+)"', page.text).group(1)
    r = client.get(report)
    assert r.status_code == 200 and "side by side" in r.text
