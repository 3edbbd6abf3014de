"""Ingest: turn what a user names (paths, directories, globs, ``-``) into RawDoc records.

Every input gives either a :class:`RawDoc` or an :class:`InputFailure` with a reason for a
person; one bad file or line never stops the batch. Bytes are not decoded here (extraction
does that with :func:`decode_bytes`), except for JSONL and CSV, whose fields are text already.
"""

from __future__ import annotations

import codecs
import csv
import glob
import gzip
import hashlib
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO, Literal

from unspun.config import IngestSettings
from unspun.errors import InputError, UnspunError
from unspun.records import InputFailure, MediaType, RawDoc

__all__ = ["content_id", "decode_bytes", "iter_inputs"]

Kind = Literal["html", "text", "jsonl", "csv", "warc"]

_KINDS: dict[str, Kind] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".warc": "warc",
    ".wet": "warc",
}
_GLOB_MAGIC = re.compile(r"[*?[]")
_GZIP_MAGIC = b"\x1f\x8b"
_STDIN_URI = "<stdin>"
_SNIFF_BYTES = 8192

# BOMs in the order they must be tested: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-z0-9_.:-]{1,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([a-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
# C0 controls that never occur in text files (tab, newlines, form feed and escape do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r\x1b") + b"\x7f"
_MAX_CONTROL_SHARE = 0.1
_SEVEN_BIT = ("iso2022", "utf-7", "hz")
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|section|span|table)[\s>/]",
    re.IGNORECASE,
)


def content_id(content: bytes | str) -> str:
    """Stable id of a document without a given id or URL: a hash of its content.

    A hash rather than the path, so the same page gives the same id wherever it is stored;
    16 hex digits (64 bits) keep collisions negligible for any corpus this tool will see.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    return "sha1:" + hashlib.sha1(data).hexdigest()[:16]


def iter_inputs(
    inputs: Iterable[str],
    settings: IngestSettings = IngestSettings(),  # noqa: B008 -- frozen, so sharing is safe
    stdin: BinaryIO | None = None,
) -> Iterator[RawDoc | InputFailure]:
    """Yield one RawDoc per document found in ``inputs``, or an InputFailure saying why not.

    An input is a file, a directory (read recursively in sorted order, skipping hidden files
    and unknown extensions), a glob pattern (``**`` allowed), or ``-`` for ``stdin``
    (``sys.stdin.buffer`` when not given). JSONL and CSV files give one document per line/row.
    """
    for item in inputs:
        if item == "-":
            yield _from_stdin(stdin if stdin is not None else sys.stdin.buffer, settings)
            continue
        path = Path(item)
        if path.is_dir():
            yield from _from_dir(path, item, settings)
        elif path.exists() or path.is_symlink():
            yield from _from_file(path, settings)
        elif _GLOB_MAGIC.search(item):
            yield from _from_glob(item, settings)
        else:
            yield InputFailure(item, "no such file or directory")


def decode_bytes(data: bytes, uri: str) -> str:
    """Decode the bytes of a page or text file; raise InputError when they are not text.

    Order: a byte-order mark; UTF-8 when the bytes are valid UTF-8; the charset an HTML
    ``<meta>`` or XML declaration names; then detection, preferring windows-1252 among equally
    plausible guesses as browsers do for unlabelled pages.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(uri, f"starts with a {encoding} byte-order mark but is not "
                                 f"valid {encoding} (byte {exc.start})") from exc
    reason = _binary_reason(data)
    if reason:
        raise InputError(uri, reason)
    declared = _declared_encoding(data)
    # Valid multi-byte UTF-8 is almost never an accident, while pages labelled iso-8859-1 but
    # served as UTF-8 are common, so UTF-8 goes before the label; 7-bit encodings (ISO-2022,
    # UTF-7) are valid ASCII, so their label must go first.
    candidates = ["utf-8"]
    if declared:
        candidates.insert(0 if declared.startswith(_SEVEN_BIT) else 1, declared)
        if declared == "cp1252":
            # five bytes are undefined in cp1252; browsers read them as latin-1 does
            candidates.append("latin-1")
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):  # LookupError: a label such as "base64"
            continue
    return _detect(data, uri)


def _from_dir(path: Path, item: str, settings: IngestSettings) -> Iterator[RawDoc | InputFailure]:
    files = _walk(path)
    if not files:
        yield InputFailure(item, "directory holds no supported files ("
                           + ", ".join(sorted(_KINDS)) + ", optionally .gz)")
    for file in files:
        yield from _from_file(file, settings)


def _from_glob(pattern: str, settings: IngestSettings) -> Iterator[RawDoc | InputFailure]:
    matches = sorted(glob.glob(pattern, recursive=True))
    files: list[Path] = []
    for match in matches:
        path = Path(match)
        if path.is_dir():
            files.extend(_walk(path))
        elif path.is_file() and _kind(path.name) is not None:
            files.append(path)
    if not files:
        yield InputFailure(pattern, "the pattern matches no supported files")
    for file in files:
        yield from _from_file(file, settings)


def _walk(root: Path) -> list[Path]:
    """Supported, non-hidden files under ``root``, sorted by path components.

    Sorting by components (not by the joined string) keeps a folder's files together and the
    order the same on every platform.
    """
    found: list[tuple[tuple[str, ...], Path]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith(".") or _kind(name) is None:
                continue
            path = Path(dirpath) / name
            found.append((path.relative_to(root).parts, path))
    found.sort(key=lambda pair: pair[0])
    return [path for _, path in found]


def _kind(name: str) -> Kind | None:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return _KINDS.get(os.path.splitext(lower)[1])


def _from_file(path: Path, settings: IngestSettings) -> Iterator[RawDoc | InputFailure]:
    """Documents of one file; a file of unknown type (named explicitly) is sniffed."""
    uri = str(path)
    kind = _kind(path.name)
    gz = path.name.lower().endswith(".gz")
    if kind == "jsonl" or kind == "csv":
        yield from _from_records(path, kind, gz, settings)
        return
    if kind == "warc":
        yield from _from_warc(path, settings)
        return
    if not path.is_file():
        yield InputFailure(uri, "not a regular file")
        return
    data = _read_file(path, gz, settings)
    if isinstance(data, InputFailure):
        yield data
        return
    if kind is None:
        yield _raw_from_bytes(uri, data, None)
    else:
        yield _raw_from_bytes(uri, data, "text/html" if kind == "html" else "text/plain")


def _read_file(path: Path, gz: bool, settings: IngestSettings) -> bytes | InputFailure:
    uri = str(path)
    limit = settings.max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            return InputFailure(uri, f"file is {size} bytes, over the limit of {limit} "
                                "(IngestSettings.max_bytes)")
        if not gz:
            return path.read_bytes()
        with gzip.open(path, "rb") as stream:
            data = stream.read(limit + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return InputFailure(uri, _gzip_reason(exc))
    except OSError as exc:
        return InputFailure(uri, f"cannot read the file: {exc.strerror or exc}")
    if len(data) > limit:
        return InputFailure(uri, f"decompresses to more than the limit of {limit} bytes "
                            "(IngestSettings.max_bytes)")
    return data


def _gzip_reason(exc: Exception) -> str:
    return f"corrupt or truncated gzip data ({str(exc) or type(exc).__name__})"


def _from_stdin(stream: BinaryIO, settings: IngestSettings) -> RawDoc | InputFailure:
    limit = settings.max_bytes
    try:
        data = stream.read(limit + 1)
        if data.startswith(_GZIP_MAGIC):
            data = gzip.GzipFile(fileobj=io.BytesIO(data)).read(limit + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return InputFailure(_STDIN_URI, _gzip_reason(exc))
    except OSError as exc:
        return InputFailure(_STDIN_URI, f"cannot read standard input: {exc}")
    if len(data) > limit:
        return InputFailure(_STDIN_URI, f"more than the limit of {limit} bytes "
                            "(IngestSettings.max_bytes)")
    return _raw_from_bytes(_STDIN_URI, data, None)


def _raw_from_bytes(uri: str, data: bytes, media_type: MediaType | None) -> RawDoc | InputFailure:
    """Check bytes are a plausible document; ``media_type`` None means sniff it."""
    if not data:
        return InputFailure(uri, "empty file")
    if not data.strip():
        return InputFailure(uri, "holds only whitespace")
    if not any(data.startswith(bom) for bom, _ in _BOMS):
        reason = _binary_reason(data)
        if reason:
            return InputFailure(uri, reason)
    if media_type is None:
        media_type = _sniff(data)
    return RawDoc(uri=uri, media_type=media_type, data=data, id=content_id(data))


def _sniff(data: bytes) -> MediaType:
    head = data[:_SNIFF_BYTES]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            # re-encoding as UTF-8 lets one byte pattern sniff every Unicode form
            head = head[len(bom) :].decode(encoding, "ignore").encode("utf-8")
            break
    return "text/html" if _HTML_START.search(head) else "text/plain"


def _binary_reason(data: bytes) -> str | None:
    """Why ``data`` is not text (NUL bytes, mostly control bytes), or None when it may be."""
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        return "binary data (contains NUL bytes), not a text or HTML document"
    if not sample:
        return None
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls / len(sample) > _MAX_CONTROL_SHARE:
        return f"binary data ({controls} control bytes in the first {len(sample)}), not text"
    return None


def _declared_encoding(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # WHATWG: these labels mean windows-1252 on the web; a UTF-16/32 label inside bytes that
    # were readable as ASCII cannot be true, and browsers then read UTF-8.
    if name in {"latin-1", "iso8859-1", "ascii"}:
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


def _detect(data: bytes, uri: str) -> str:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError(uri, "not UTF-8 and no other text encoding fits; "
                         "convert it to UTF-8 or check that it is a text file")
    # On short texts several encodings tie (cp1250, cp1125, mac_roman ...); among those,
    # windows-1252 is what the web means by default.
    for match in matches:
        if match.chaos == best.chaos and "cp1252" in match.could_be_from_charset:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                break
    return str(best)


def _from_records(
    path: Path, kind: Literal["jsonl", "csv"], gz: bool, settings: IngestSettings
) -> Iterator[RawDoc | InputFailure]:
    uri = str(path)
    count = 0
    try:
        with gzip.open(path, "rb") if gz else path.open("rb") as stream:
            parse = _jsonl_records if kind == "jsonl" else _csv_records
            for outcome in parse(stream, uri, settings):
                count += 1
                yield outcome
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield InputFailure(uri, _gzip_reason(exc))
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


# -- WARC / WET ------------------------------------------------------------------------------

_WARC_HTML = ("text/html", "application/xhtml+xml")


def _from_warc(path: Path, settings: IngestSettings) -> Iterator[RawDoc | InputFailure]:
    """Documents of a WARC or WET file (gzipped or not): ``response`` and ``resource`` records
    whose payload is HTML, and WET ``conversion`` records (extracted text). Requests,
    metadata and non-HTML payloads (images, scripts) are skipped. ``uri`` is
    ``<path>#<record offset>``, ``url`` the record's target URI."""
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError as exc:
        raise UnspunError(f"{path}: reading WARC/WET files needs warcio, which is not "
                          "installed: pip install 'unspun[cluster]'") from exc
    uri = str(path)
    count = 0
    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                kind = record.rec_type
                if kind not in ("response", "resource", "conversion"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or None
                if kind == "response":
                    ctype = record.http_headers.get_header("Content-Type") if \
                        record.http_headers else None
                else:
                    ctype = record.rec_headers.get_header("Content-Type")
                media = (ctype or "").split(";")[0].strip().lower()
                if kind != "conversion" and media not in _WARC_HTML:
                    continue
                data = record.content_stream().read(settings.max_bytes + 1)
                # the offset is known once the payload is read (reading it first consumes it)
                where = f"{uri}#{records.get_record_offset()}"
                count += 1
                if len(data) > settings.max_bytes:
                    yield InputFailure(where, f"record is over the limit of "
                                       f"{settings.max_bytes} bytes (IngestSettings.max_bytes)")
                    continue
                raw = _raw_from_bytes(where, data, "text/plain" if kind == "conversion"
                                      else "text/html")
                if isinstance(raw, RawDoc):
                    raw = RawDoc(uri=raw.uri, media_type=raw.media_type, data=raw.data,
                                 id=raw.id, url=url)
                yield raw
    except ArchiveLoadFailed as exc:
        yield InputFailure(uri, f"not a readable WARC/WET file: {exc}")
        return
    except (EOFError, zlib.error, OSError) as exc:
        yield InputFailure(uri, f"cannot read the WARC/WET file: {exc}")
        return
    if count == 0:
        yield InputFailure(uri, "no HTML response or WET conversion records in this file")
