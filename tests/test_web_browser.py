"""The app in a real browser: Debian's Chromium driven by Playwright (the system browser, no
browser download). A spun copy is checked and its verdict and marked substitutions seen; a
hostile page (scripts, event handlers, ``javascript:`` links, iframes) is uploaded and nothing
of it runs; the sources and a family are browsed. Screenshots are kept in the folder the run
prints (``UNSPUN_SCREENSHOTS``, else ``unspun-browser-screenshots`` in the temp folder)."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytest.importorskip("fastapi")
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
if not CHROMIUM.exists():
    pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium; "
                "make test installs it where it can)", allow_module_level=True)

import uvicorn  # noqa: E402
from web_fixtures import HOSTILE_TITLE, SPUN, make_families, make_index  # noqa: E402

from unspun.web.app import create_app  # noqa: E402
from unspun.web.settings import WebSettings  # noqa: E402

PARAGRAPHS = "\n".join(
    f'<p onmouseover="alert(1)">{line} <img src="x" onerror="alert(2)"> '
    f'<a href="javascript:alert(3)">more</a></p>' for line in SPUN.splitlines()[2:])
HOSTILE_PAGE = """<!DOCTYPE html><html><head>
<title>Port <script>document.title='PWNED'</script> news</title>
<script>window.PWNED = 1; document.documentElement.setAttribute('data-pwned', 'head');</script>
<meta http-equiv="refresh" content="0; url=javascript:alert('refresh')">
</head><body onload="document.body.setAttribute('data-pwned', 'onload')">
<iframe src="javascript:parent.document.body.setAttribute('data-pwned','iframe')"></iframe>
<article><h1>Harbour authority sanctions expansion</h1>
PARAGRAPHS
<p>Shown as text: &lt;script&gt;alert('text')&lt;/script&gt; and
&lt;img src=x onerror=alert('img')&gt;</p>
<svg onload="alert('svg')"><script>alert('svg script')</script></svg>
<form action="javascript:alert('form')"><input autofocus onfocus="alert('focus')"></form>
</article></body></html>""".replace("PARAGRAPHS", PARAGRAPHS)


@pytest.fixture(scope="module")
def shots(request) -> Path:
    folder = Path(os.environ.get("UNSPUN_SCREENSHOTS")
                  or Path(tempfile.gettempdir()) / "unspun-browser-screenshots")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():  # shown even when the run captures output
        print(f"\nbrowser screenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a real socket (uvicorn in a thread), as `unspun serve` runs it."""
    root = tmp_path_factory.mktemp("browser")
    app = create_app(WebSettings(index=make_index(root / "index", hostile=True),
                                 families=make_families(root)))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM),
                              args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


class Watch:
    """A page with everything it tried recorded: dialogs, console errors, requests."""

    def __init__(self, browser, origin: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.origin = origin
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.requests: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.context.on("request", lambda r: self.requests.append(r.url))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watch(browser, server):
    w = Watch(browser, server)
    yield w
    w.close()


def _check(watch: Watch, fill) -> None:
    page = watch.page
    page.goto(watch.origin + "/")
    fill(page)
    page.click("button.primary")
    page.wait_for_selector("article.report", timeout=60_000)  # after the working page


def test_check_a_spun_copy_shows_verdict_and_substitutions(watch, shots):
    _check(watch, lambda page: page.fill("#pasted", SPUN))
    page = watch.page
    assert page.inner_text(".report .verdict").strip() == "COPY"
    subs = page.locator("td.copy span.sub").all_inner_texts()
    assert {"balloted", "sanction", "enlargement"} <= {s.strip() for s in subs}
    assert page.locator("td.src span.sub").count() == len(subs)
    assert "whole copy" in page.inner_text("dl.facts")
    page.screenshot(path=shots / "01-spun-copy.png", full_page=False)
    page.locator("table.pairs").scroll_into_view_if_needed()
    page.screenshot(path=shots / "02-side-by-side.png")


def test_a_hostile_page_runs_nothing(watch, shots, tmp_path):
    upload = tmp_path / "hostile<img src=x onerror=alert(9)>.html"
    upload.write_text(HOSTILE_PAGE, encoding="utf-8")
    _check(watch, lambda page: page.set_input_files("#file", str(upload)))
    page = watch.page
    page.wait_for_timeout(500)  # time for anything that would run
    page.screenshot(path=shots / "03-hostile-page.png")
    assert watch.dialogs == []
    assert "PWNED" not in page.title()
    assert page.evaluate("document.querySelectorAll('[data-pwned]').length") == 0
    assert page.evaluate("window.PWNED === undefined")
    assert page.evaluate("document.scripts.length") == 0
    assert page.evaluate("document.querySelectorAll('iframe, img, svg, object, embed').length") \
        == 0
    assert [e for e in watch.console if "error" in e] == []  # not even a blocked attempt
    assert all(u.startswith(watch.origin) for u in watch.requests), watch.requests
    body = page.inner_text("body")
    assert "<script>alert('text')</script>" in body  # the payload is shown, as text
    assert "COPY" in page.inner_text(".report .verdict")


def test_browse_sources_and_a_family(watch, shots):
    page = watch.page
    page.goto(watch.origin + "/sources")
    assert HOSTILE_TITLE in page.inner_text("table.sources")  # a hostile title, as text
    page.fill("input[name=q]", "kestrel")
    page.click("form.search button")
    page.click("table.sources a")
    page.wait_for_selector("div.source-text")
    assert "Port Kestrel Authority voted 7 to 2" in page.inner_text("div.source-text")
    page.screenshot(path=shots / "04-source.png")
    page.goto(watch.origin + "/families")
    page.click("table.families a")
    page.wait_for_selector("ul.tree")
    page.screenshot(path=shots / "05-family.png")
    page.click("ul.tree a")
    page.wait_for_selector("table.pairs")
    assert "COPY" in page.inner_text("body")
    page.screenshot(path=shots / "06-family-member-report.png")
    assert watch.dialogs == [] and page.evaluate("document.scripts.length") == 0
