"""JSONL and CSV inputs: one document per line or row.

Input: a ``.jsonl``/``.ndjson`` or ``.csv`` file (optionally gzipped). Output: one
:class:`RawDoc` (with ``text``, not bytes: the fields are text already) or
:class:`InputFailure` per record; a bad line or row never stops the file.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Literal

from unspun.config import IngestSettings
from unspun.ingest.decode import content_id, gzip_failure_reason
from unspun.records import InputFailure, MediaType, RawDoc


def iter_records(
    path: Path, kind: Literal["jsonl", "csv"], gz: bool, settings: IngestSettings
) -> Iterator[RawDoc | InputFailure]:
    """The records of a JSONL or CSV file, then a failure if it held none."""
    uri = str(path)
    count = 0
    try:
        with gzip.open(path, "rb") if gz else path.open("rb") as stream:
            parse = _jsonl_records if kind == "jsonl" else _csv_records
            for outcome in parse(stream, uri, settings):
                count += 1
                yield outcome
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield InputFailure(uri, gzip_failure_reason(exc))
    except OSError as exc:
        yield InputFailure(uri, f"cannot read the file: {exc.strerror or exc}")
    else:
        if count == 0:
            yield InputFailure(uri, "no records (the file is empty or holds only a header)")


def _lines(stream: io.BufferedIOBase, limit: int) -> Iterator[bytes | None]:
    """Lines of ``stream``; None stands for a line over ``limit`` bytes (read but not kept)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(limit + 1)
            yield None
        else:
            yield line


def _jsonl_records(
    stream: io.BufferedIOBase, uri: str, settings: IngestSettings
) -> Iterator[RawDoc | InputFailure]:
    for number, line in enumerate(_lines(stream, settings.max_bytes), start=1):
        where = f"{uri}:line {number}"
        if line is None:
            yield InputFailure(where, f"line is over the limit of {settings.max_bytes} bytes")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError as exc:
            yield InputFailure(where, f"not valid UTF-8 (byte {exc.start})")
            continue
        except json.JSONDecodeError as exc:
            yield InputFailure(where, f"not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield InputFailure(where, f"expected a JSON object, got {type(record).__name__}")
            continue
        yield _from_record(record, f"{uri}#L{number}", where)


class _Utf8Lines:
    """Decoded lines for csv.reader, remembering which lines were not valid UTF-8.

    Bad lines are decoded with replacement so the CSV parser stays in step, and the row they
    belong to is then reported instead of being yielded with garbled text.
    """

    def __init__(self, stream: io.BufferedIOBase, limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self.line = 0
        self.bad: list[int] = []

    def __iter__(self) -> Iterator[str]:
        for raw in _lines(self._stream, self._limit):
            self.line += 1
            if raw is None:
                self.bad.append(self.line)
                yield "\n"
                continue
            try:
                yield raw.decode("utf-8-sig" if self.line == 1 else "utf-8")
            except UnicodeDecodeError:
                self.bad.append(self.line)
                yield raw.decode("utf-8", "replace")


def _csv_records(
    stream: io.BufferedIOBase, uri: str, settings: IngestSettings
) -> Iterator[RawDoc | InputFailure]:
    # The csv module's field limit (128 KiB by default) is process-wide and would refuse most
    # HTML pages; raise it to our own per-input limit, and never lower it for others.
    csv.field_size_limit(max(csv.field_size_limit(), settings.max_bytes))
    lines = _Utf8Lines(stream, settings.max_bytes)
    reader = csv.reader(lines)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        return
    except csv.Error as exc:
        yield InputFailure(uri, f"unreadable CSV header: {exc}")
        return
    if "text" not in header and "html" not in header:
        yield InputFailure(uri, "the CSV header has no 'text' or 'html' column (found: "
                           + ", ".join(header) + ")")
        return
    number = 0
    while True:
        lines.bad.clear()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            yield InputFailure(f"{uri}:row {number}", f"malformed CSV (line {lines.line}): {exc}")
            continue
        if not row and not lines.bad:
            continue
        number += 1
        where = f"{uri}:row {number}"
        if lines.bad:
            yield InputFailure(where, f"line {lines.bad[0]} is not valid UTF-8 or over the "
                               f"limit of {settings.max_bytes} bytes")
        elif len(row) > len(header):
            yield InputFailure(where, f"{len(row)} fields but the header names {len(header)}")
        else:
            yield _from_record(dict(zip(header, row, strict=False)), f"{uri}#row{number}", where)


def _from_record(fields: Mapping[str, object], uri: str, where: str) -> RawDoc | InputFailure:
    """A RawDoc from a JSONL object or CSV row; ``where`` names it in failures.

    An ``html`` field wins over ``text``: extraction can then keep the page's boilerplate.
    """
    present = [(name, fields[name]) for name in ("html", "text") if fields.get(name) is not None]
    if not present:
        return InputFailure(where, "no 'text' or 'html' field")
    filled = [(name, value) for name, value in present if isinstance(value, str) and value.strip()]
    if not filled:
        name, value = present[0]
        if isinstance(value, str):
            return InputFailure(where, f"the '{name}' field is empty")
        return InputFailure(where, f"the '{name}' field must be a string, "
                            f"not {type(value).__name__}")
    name, content = filled[0]
    try:
        encoded = content.encode("utf-8")
    except UnicodeEncodeError as exc:  # JSON allows a lone "\ud800"; nothing later can store it
        return InputFailure(where, f"the '{name}' field is not valid Unicode (unpaired "
                            f"surrogate at character {exc.start})")
    media_type: MediaType = "text/html" if name == "html" else "text/plain"
    doc_id, url, title = (_scalar(fields.get(name)) for name in ("id", "url", "title"))
    return RawDoc(
        uri=uri,
        media_type=media_type,
        text=content,
        id=doc_id or url or content_id(encoded),
        url=url,
        title=title,
    )


def _scalar(value: object) -> str | None:
    """A metadata field as text; numbers are common ids in JSONL, other types are ignored."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str | int):
        return str(value).strip() or None
    return None
