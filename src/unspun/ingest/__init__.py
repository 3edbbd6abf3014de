"""Ingest: paths -> RawDoc | InputFailure, the first stage of the pipeline.

Turns what a user names (paths, directories, globs, ``-``) into RawDoc records. Every input
gives either a :class:`RawDoc` or an :class:`InputFailure` with a reason for a person; one bad
file or line never stops the batch. Bytes are not decoded here (extraction does that with
:func:`decode_bytes`), except for JSONL and CSV, whose fields are text already.

Modules: :mod:`~unspun.ingest.sources` (paths, globs, stdin, gzip: :func:`iter_inputs`),
:mod:`~unspun.ingest.decode` (sniffing, binary detection, encodings),
:mod:`~unspun.ingest.tabular` (JSONL and CSV records) and :mod:`~unspun.ingest.warc` (WARC/WET).
"""

from __future__ import annotations

from unspun.ingest.decode import content_id, decode_bytes
from unspun.ingest.sources import iter_inputs

__all__ = ["content_id", "decode_bytes", "iter_inputs"]
