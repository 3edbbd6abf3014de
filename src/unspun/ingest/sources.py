"""Where documents come from: paths, directories, globs, stdin, plain and gzipped files.

Input: what a user names (``iter_inputs``). Output: :class:`RawDoc` | :class:`InputFailure`,
one per document; JSONL/CSV files go to :mod:`unspun.ingest.tabular`, WARC/WET files to
:mod:`unspun.ingest.warc`, and single files' bytes are checked by
:func:`unspun.ingest.decode.raw_doc_from_bytes`.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from unspun.config import IngestSettings
from unspun.ingest.decode import gzip_failure_reason, raw_doc_from_bytes
from unspun.ingest.tabular import iter_records
from unspun.ingest.warc import iter_warc
from unspun.records import InputFailure, RawDoc

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
        yield from iter_records(path, kind, gz, settings)
        return
    if kind == "warc":
        yield from iter_warc(path, settings)
        return
    if not path.is_file():
        yield InputFailure(uri, "not a regular file")
        return
    data = _read_file(path, gz, settings)
    if isinstance(data, InputFailure):
        yield data
        return
    if kind is None:
        yield raw_doc_from_bytes(uri, data, None)
    else:
        yield raw_doc_from_bytes(uri, data, "text/html" if kind == "html" else "text/plain")


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
        return InputFailure(uri, gzip_failure_reason(exc))
    except OSError as exc:
        return InputFailure(uri, f"cannot read the file: {exc.strerror or exc}")
    if len(data) > limit:
        return InputFailure(uri, f"decompresses to more than the limit of {limit} bytes "
                            "(IngestSettings.max_bytes)")
    return data


def _from_stdin(stream: BinaryIO, settings: IngestSettings) -> RawDoc | InputFailure:
    limit = settings.max_bytes
    try:
        data = stream.read(limit + 1)
        if data.startswith(_GZIP_MAGIC):
            data = gzip.GzipFile(fileobj=io.BytesIO(data)).read(limit + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return InputFailure(_STDIN_URI, gzip_failure_reason(exc))
    except OSError as exc:
        return InputFailure(_STDIN_URI, f"cannot read standard input: {exc}")
    if len(data) > limit:
        return InputFailure(_STDIN_URI, f"more than the limit of {limit} bytes "
                            "(IngestSettings.max_bytes)")
    return raw_doc_from_bytes(_STDIN_URI, data, None)
