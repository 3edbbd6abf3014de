"""unspun: find where a web page's text came from and what was done to it."""

from __future__ import annotations

__version__ = "0.1.0"
