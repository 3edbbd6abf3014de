"""``unspun serve``: the app on uvicorn, one process."""

from __future__ import annotations

import logging

import uvicorn

from unspun.web.app import create_app
from unspun.web.settings import WebSettings

MAX_CONNECTIONS = 256
"""Connections uvicorn serves at once; more are answered 503 straight away."""


def serve(settings: WebSettings) -> None:
    """Serve until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_app(settings)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info",
                limit_concurrency=MAX_CONNECTIONS, timeout_keep_alive=10,
                timeout_graceful_shutdown=5, server_header=False, proxy_headers=False)
