"""The one exception hierarchy of unspun.

Every error carries a message written for a person: which file, what was wrong, and what to
do about it. The CLI maps them to exit codes (see ``unspun.cli``).
"""

from __future__ import annotations


class UnspunError(Exception):
    """Root of every error unspun raises on purpose."""


class InputError(UnspunError):
    """An input could not be read or made sense of (binary, empty, too large, bad encoding)."""

    def __init__(self, uri: str, reason: str) -> None:
        super().__init__(f"{uri}: {reason}")
        self.uri = uri
        self.reason = reason


class IndexFormatError(UnspunError):
    """An index directory is missing, damaged, or was written by another format version."""

