"""The web app's settings: inert data with defaults in one place (``unspun serve`` fills them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from unspun.config import IngestSettings

LOOPBACK = ("127.0.0.1", "localhost", "::1")
HISTORY_FILE = "web-history.sqlite"
"""The checks history, kept inside the index directory (it travels with the index)."""


@dataclass(frozen=True, slots=True)
class WebSettings:
    index: Path
    families: Path | None = None
    """An ``unspun cluster --out`` folder to browse (families.jsonl, summary.json, reports/)."""
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    """When set, every request needs ``Authorization: Bearer <token>`` (or the session cookie
    the login page sets). Required for any host but loopback."""
    history: bool = True
    workers: int = 2
    """Threads that trace, compare and add sources (the work queue)."""
    queue: int = 16
    """Jobs that may wait for a worker; one more is refused with 503."""
    timeout: float = 120.0
    """Seconds a request waits for its job (queue and work) before a 504."""
    max_bytes: int = IngestSettings().max_bytes
    """The largest upload or pasted text (the ingest limit)."""
    page_size: int = 25
    allowed_hosts: tuple[str, ...] = ()
    """Host names accepted besides loopback and ``host`` (the Host header is checked so that a
    page on another site cannot reach the app by DNS rebinding)."""

    @property
    def body_limit(self) -> int:
        """The largest request body: two documents (compare) and the form around them."""
        return 2 * self.max_bytes + 1024 * 1024

    @property
    def history_path(self) -> Path:
        return self.index / HISTORY_FILE


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")
