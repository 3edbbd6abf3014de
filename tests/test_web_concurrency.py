"""Adds through the API and through ``unspun index add`` at the same time both land, and the
server's readers see what the other process wrote."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("fastapi")
from web_fixtures import client_for, make_index  # noqa: E402

from unspun.index import Index  # noqa: E402
from unspun.web.app import create_app  # noqa: E402
from unspun.web.settings import WebSettings  # noqa: E402


def _text(who: str, n: int) -> str:
    return (f"Report {n} by the {who} desk: the Varnholt council approved {n * 7} new homes "
            f"on plot {who.upper()}-{n}.\nCouncillor Ines Barro{n} said building starts in "
            f"spring {2030 + n % 5}, with {n * 3} of them for rent.")


def test_api_and_cli_adds_at_the_same_time_both_land(tmp_path):
    index = make_index(tmp_path / "index")
    rows = tmp_path / "cli.jsonl"
    rows.write_text("\n".join(json.dumps({"id": f"cli-{n}", "text": _text("cli", n)})
                              for n in range(60)) + "\n", encoding="utf-8")
    app = create_app(WebSettings(index=index), warm=False)
    with client_for(app) as c:
        # Batches of 5: many commits, interleaved with the CLI's.
        cli = subprocess.Popen([sys.executable, "-m", "unspun.cli.main", "index", "add",
                                "--index", str(index), "--batch-size", "5", str(rows)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        n = overlapping = 0
        while cli.poll() is None or n < 30:
            overlapping += cli.poll() is None
            r = c.post("/api/v1/sources", files=[
                ("file", (f"api-{k}.txt", _text("api", k).encode())) for k in range(n, n + 3)])
            assert r.status_code == 200, r.text
            assert r.json()["added"] == 3
            n += 3
        out, err = cli.communicate(timeout=60)
        assert cli.returncode == 0, err
        assert "added 60" in out
        assert overlapping >= 2, "the API's adds did not overlap the CLI's"
        health = c.get("/api/v1/health").json()
        assert health["sources"] == 3 + 60 + n
        # The server's own readers see the CLI's sources.
        found = c.get("/api/v1/sources", params={"q": "cli-", "limit": 200}).json()
        assert found["total"] == 60
        report = c.post("/api/v1/trace", data={"text": _text("cli", 42)}).json()
        assert report["matches"][0]["source"]["id"] == "cli-42"
    with Index(index) as idx:
        assert idx.count == 3 + 60 + n
