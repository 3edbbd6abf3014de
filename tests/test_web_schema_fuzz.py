"""The REST API against its own OpenAPI document: schemathesis generates requests from the
schema (valid and invalid) and checks every response: no server error, a documented status,
the documented content type and a body that matches its schema (schema-1 reports included).
A few examples per operation here (derandomized, so a run is repeatable);
``python -m benchmarks.serve_fuzz`` runs many more, with fresh randomness
(``UNSPUN_FUZZ_EXAMPLES``)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from web_fixtures import make_index  # noqa: E402

from unspun.web.app import create_app  # noqa: E402
from unspun.web.settings import WebSettings  # noqa: E402

_DIR = Path(tempfile.mkdtemp(prefix="unspun-fuzz-"))
# Small limits so that generated bodies also reach the size checks; schemathesis's client
# calls itself "testserver".
APP = create_app(WebSettings(index=make_index(_DIR / "index"), max_bytes=64 * 1024,
                             timeout=30, allowed_hosts=("testserver",)), warm=False)
# A schema-valid body may still not be a document unspun can read (random bytes are binary,
# a pasted "<p>" holds no text): 422 says so, and a body over the ingest limit gets 413; a
# generated source id is rarely in the index (404).
CONFIG = schemathesis.config.SchemathesisConfig.from_dict({"checks": {
    "positive_data_acceptance": {"expected-statuses": ["2xx", "404", "413", "422"]}}})
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP, config=CONFIG)


@pytest.fixture(scope="module", autouse=True)
def _cleanup():
    yield
    APP.state.service.close()
    shutil.rmtree(_DIR, ignore_errors=True)


EXAMPLES = int(os.environ.get("UNSPUN_FUZZ_EXAMPLES", "0"))


@schema.parametrize()
@settings(max_examples=EXAMPLES or 6, deadline=None, derandomize=not EXAMPLES,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()
