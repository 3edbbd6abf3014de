"""The web app's security model (docs/web.md): the Host check, the token and its cookie, CSRF
and cross-site refusal, size limits, the Content-Security-Policy, and hostile page text that
stays text in every page."""

from __future__ import annotations

import json
import re
import time

import lxml.html
import pytest

pytest.importorskip("fastapi")
from web_fixtures import HOSTILE_TITLE, SPUN, client_for, make_index  # noqa: E402

from unspun.web.app import create_app  # noqa: E402
from unspun.web.security import CSP, SESSION_COOKIE  # noqa: E402
from unspun.web.settings import WebSettings  # noqa: E402

TOKEN = "s3cret-token-for-tests"
NAME = "\"><img src=x onerror=alert(5)>.html"  # an upload's name is page text too
HOSTILE_PAGE = (
    "<html><head><title>Cheap <script>document.title='PWNED'</script> widgets</title>"
    "<script>document.body.setAttribute('data-pwned','1')</script></head><body>"
    "<iframe src=\"javascript:parent.document.title='PWNED'\"></iframe>"
    "<article><h1>Harbour authority approves expansion</h1>"
    + "".join(f"<p onclick=\"alert(1)\">{line} <img src=x onerror=\"alert(2)\"> "
              f"<a href=\"javascript:alert(3)\">read more</a></p>"
              for line in SPUN.splitlines()[2:])
    + "<p>Literal payload: &lt;script&gt;alert('text')&lt;/script&gt; and "
      "&lt;img src=x onerror=alert(4)&gt;</p>"
    "</article></body></html>")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return make_index(tmp_path_factory.mktemp("sec") / "index", hostile=True)


@pytest.fixture(scope="module")
def client(index):
    with client_for(create_app(WebSettings(index=index), warm=False)) as c:
        yield c


def _csrf(client, path="/"):
    page = client.get(path)
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)


def _wait_for_result(client, location):
    for _ in range(600):
        page = client.get(location)
        if "Working…" not in page.text and "Waiting for a worker" not in page.text:
            return page
        time.sleep(0.05)
    raise AssertionError("the check never finished")


def _assert_inert(html: str) -> None:
    """No markup from a page: no script, frame, object, image, event handler, or link that
    leads anywhere but this app."""
    doc = lxml.html.document_fromstring(html)
    assert not doc.xpath("//script | //iframe | //object | //embed | //img | //frame | //base")
    for el in doc.iter():
        for attr, value in el.attrib.items():
            assert not attr.lower().startswith("on"), (el.tag, attr)
            if attr in ("href", "src", "action"):
                assert value.startswith("/") and not value.startswith("//"), (el.tag, value)
    assert "javascript:" not in " ".join(
        v for el in doc.iter() for a, v in el.attrib.items() if a in ("href", "src", "action"))


def test_every_response_carries_the_policy(client):
    for path in ("/", "/sources", "/api/v1/health", "/static/app.css", "/api/v1/docs",
                 "/no/such/page", "/api/v1/sources/nope"):
        r = client.get(path)
        assert r.headers["content-security-policy"] == CSP, path
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
    assert "script-src" not in CSP and "default-src 'none'" in CSP
    assert "unsafe" not in CSP


def test_other_hosts_are_refused_without_a_token(client):
    r = client.get("/api/v1/health", headers={"Host": "evil.example:8000"})
    assert r.status_code == 400 and r.json()["code"] == "bad_host"
    assert client.get("/api/v1/health", headers={"Host": "localhost:8000"}).status_code == 200


def test_pages_forms_need_their_csrf_token(client):
    r = client.post("/check", data={"pasted": SPUN})
    assert r.status_code == 403 and "expired" in r.text
    r = client.post("/check", data={"pasted": SPUN, "csrf": "0" * 64})
    assert r.status_code == 403
    ok = client.post("/check", data={"pasted": SPUN, "csrf": _csrf(client)},
                     follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"].startswith("/checks/")


def test_writes_from_another_site_are_refused(client):
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Origin": "null"}, {"Sec-Fetch-Site": "same-site"}):
        r = client.post("/api/v1/sources", data={"text": "Injected source text."},
                        headers=headers)
        assert r.status_code == 403 and r.json()["code"] == "cross_origin", headers
    same = client.post("/api/v1/compare", data={"suspect_text": "a b c", "source_text": "a b c",
                                                "dense": "false"},
                       headers={"Origin": "http://127.0.0.1:8000",
                                "Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 200


def test_bodies_over_the_limit_are_refused(index):
    app = create_app(WebSettings(index=index, max_bytes=1000), warm=False)
    with client_for(app) as c:
        r = c.post("/api/v1/trace", files={"file": ("big.txt", b"word " * 300)})
        assert r.status_code == 413 and r.json()["code"] == "too_large"
        r = c.post("/api/v1/trace", data={"text": "word " * 300})
        assert r.status_code == 413
        limit = app.state.service.settings.body_limit
        r = c.post("/api/v1/trace", content=b"x" * (limit + 1),
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status_code == 413
        chunks = (b"text=" + b"y" * 65536 for _ in range(limit // 65536 + 2))
        r = c.post("/api/v1/trace", content=chunks,
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status_code == 413 and r.json()["code"] == "too_large"


def test_the_token_guards_api_and_pages(index):
    app = create_app(WebSettings(index=index, host="0.0.0.0", token=TOKEN), warm=False)
    with client_for(app) as c:
        r = c.get("/api/v1/health")
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert c.get("/api/v1/health", headers={"Authorization": "Bearer wrong"}
                     ).status_code == 401
        ok = c.get("/api/v1/health", headers={"Authorization": f"Bearer {TOKEN}",
                                                  "Host": "unspun.internal:8000"})
        assert ok.status_code == 200
        page = c.get("/sources?q=port", follow_redirects=False)
        assert page.status_code == 303
        assert page.headers["location"] == "/login?next=/sources"
        assert c.get("/static/app.css").status_code == 200  # the login page's stylesheet
        csrf = _csrf(c, "/login")
        wrong = c.post("/login", data={"csrf": csrf, "token": "nope", "next": "/sources"})
        assert wrong.status_code == 401 and SESSION_COOKIE not in c.cookies
        r = c.post("/login", data={"csrf": csrf, "token": TOKEN, "next": "//evil.example/x"},
                   follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/"
        cookie = r.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
        assert TOKEN not in cookie
        assert c.get("/sources").status_code == 200  # the cookie stands in for the header
        assert c.get("/api/v1/health").status_code == 200
        c.post("/logout", data={"csrf": _csrf(c, "/sources")})
        assert c.get("/api/v1/health").status_code == 401


def test_a_hostile_page_stays_text_in_every_page(client):
    r = client.post("/check", files={"file": (NAME,
                                              HOSTILE_PAGE.encode())},
                    data={"csrf": _csrf(client)}, follow_redirects=False)
    assert r.status_code == 303
    page = _wait_for_result(client, r.headers["location"])
    assert page.status_code == 200 and "Copy and source side by side" in page.text
    _assert_inert(page.text)
    text = lxml.html.document_fromstring(page.text).text_content()
    assert "<script>alert('text')</script>" in text  # the payload is shown, as text
    report = client.get(r.headers["location"] + ".json").json()
    assert report["query"]["uri"].endswith("><img src=x onerror=alert(5)>.html")
    for path in ("/sources", "/sources/hostile-source", "/sources/port-kestrel", "/",
                 "/sources?q=%3Cscript%3E"):
        listing = client.get(path)
        assert listing.status_code == 200, path
        _assert_inert(listing.text)
    assert HOSTILE_TITLE in lxml.html.document_fromstring(
        client.get("/sources").text).text_content()


def test_family_reports_stay_inside_the_output_folder(index, tmp_path):
    folder = tmp_path / "families"
    (folder / "reports" / "fam-1").mkdir(parents=True)
    (folder / "reports" / "fam-1" / "001-b.html").write_text("<p>report of b</p>")
    (tmp_path / "secret.html").write_text("<p>not for the web</p>")
    member = {"uri": "b.txt", "title": "B", "role": "copy", "rewrite": "spun",
              "coverage": 1.0, "source_coverage": 1.0, "parent": "a", "injected": 0}
    family = {"family": "fam-1", "original_present": True, "root": "a", "evidence": [],
              "members": [{**member, "id": "a", "role": "original", "parent": None,
                           "report": None},
                          {**member, "id": "b", "report": "reports/fam-1/001-b.html"},
                          {**member, "id": "c", "report": "../secret.html"}]}
    (folder / "families.jsonl").write_text(json.dumps(family) + "\n")
    app = create_app(WebSettings(index=index, families=folder), warm=False)
    with client_for(app) as c:
        ok = c.get("/families/fam-1/reports/1")
        assert ok.status_code == 200 and "report of b" in ok.text
        assert "sandbox" in ok.headers["content-security-policy"]
        assert c.get("/families/fam-1/reports/2").status_code == 404
        assert c.get("/families/fam-1/reports/9").status_code == 404
        assert c.get("/families/fam-1").status_code == 200
