"""WARC and WET inputs: the HTML responses and extracted-text records of a web archive.

Input: a ``.warc``/``.wet`` file (gzipped or not). Output: one :class:`RawDoc` or
:class:`InputFailure` per usable record (needs the optional ``warcio``).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from unspun.config import IngestSettings
from unspun.errors import UnspunError
from unspun.ingest.decode import raw_doc_from_bytes
from unspun.records import InputFailure, RawDoc

_WARC_HTML = ("text/html", "application/xhtml+xml")


def iter_warc(path: Path, settings: IngestSettings) -> Iterator[RawDoc | InputFailure]:
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
                raw = raw_doc_from_bytes(where, data, "text/plain" if kind == "conversion"
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
