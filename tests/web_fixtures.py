"""What the web tests share: a small lexical index and an app over it."""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

from conftest import ARTICLE, SPUN_ARTICLE, UNRELATED

from unspun.api import text_doc
from unspun.index import Index

HOST = "http://127.0.0.1:8000"
SOURCES = {
    "port-kestrel": ("Harbour authority approves $2.4 billion expansion of Port Kestrel",
                     ARTICLE),
    "basil": ("How to keep basil alive on a windowsill", UNRELATED),
    "town-hall": ("Town hall clock restored after forty years", (
        "The clock on the Millbrook town hall struck noon on Saturday for the first time "
        "since 1984.\nVolunteers from the Millbrook Heritage Society spent three years and "
        "about $41,000 restoring its brass movement.\nMayor Alana Reyes said the bells would "
        "ring every hour from eight in the morning to eight at night.")),
}
SPUN = SPUN_ARTICLE
HOSTILE_TITLE = "<script>document.title='PWNED'</script><img src=x onerror=alert(1)>"


def client_for(app, **kw):
    """FastAPI's TestClient for ``app`` on a loopback host (the app refuses other hosts)."""
    with warnings.catch_warnings():
        # Starlette asks for another HTTP client package in its test client; httpx works.
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient
    return TestClient(app, base_url=HOST, **kw)


def make_index(path: Path, hostile: bool = False) -> Path:
    """A lexical index of SOURCES (and one source whose title and text carry payloads)."""
    docs = [text_doc(text, id=key, uri=f"{key}.txt", title=title)
            for key, (title, text) in SOURCES.items()]
    if hostile:
        doc = text_doc("A notice about <b>bold</b> claims: <script>alert('x')</script> and "
                       "<iframe src=javascript:alert(2)></iframe> in the text.\n"
                       "Nothing here is an article anyone copied.", id="hostile-source",
                       uri="javascript:alert(3)", title=HOSTILE_TITLE)
        docs.append(replace(doc, title=HOSTILE_TITLE))
    with Index(path, create=True) as idx:
        idx.add(docs)
    return path


def make_families(root: Path) -> Path:
    """An ``unspun cluster`` output folder over the sources and a spun copy of one."""
    from unspun.families import cluster, write_outputs

    pages = root / "crawl"
    pages.mkdir()
    for key, (_, text) in SOURCES.items():
        (pages / f"{key}.txt").write_text(text, encoding="utf-8")
    (pages / "spun-copy.txt").write_text(SPUN, encoding="utf-8")
    out = root / "families"
    write_outputs(cluster([str(pages)], out), out)
    return out
