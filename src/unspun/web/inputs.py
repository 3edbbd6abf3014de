"""Form fields and uploads -> documents, through the same ingest and extraction as the CLI.

A request names a document as pasted text (``text``), pasted HTML (``html``) or an uploaded
file (``file``: .txt, .md, .html, optionally gzipped; for adding sources also .jsonl and
.csv). Reading the request happens on the event loop and only checks sizes; turning the
payload into documents (``docs_of``: decoding, trafilatura) is work for a worker thread.
Uploaded bytes go through ``unspun.api.iter_docs`` from a temporary file, so a page gets
exactly the checks, limits and ids that ``unspun trace`` and ``unspun index add`` give it.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from unspun.api import iter_docs
from unspun.config import Settings
from unspun.errors import InputError, UnspunError
from unspun.extract import extract
from unspun.records import Doc, InputFailure, RawDoc

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class BadRequest(UnspunError):
    """A request the app cannot act on; ``code`` and ``status`` go into the JSON error."""

    def __init__(self, code: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class Payload:
    """One document as the client gave it; ``name`` is the uri its report shows."""

    kind: Literal["text", "html", "file"]
    name: str
    text: str | None = None
    data: bytes | None = None
    id: str | None = None
    url: str | None = None
    title: str | None = None


def _field(form: Any, name: str) -> str:
    value = form.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadRequest("invalid_field", f"'{name}' must be a text field, not a file")
    return value


def _uploads(form: Any, name: str) -> list[Any]:
    """The files of field ``name`` (a browser sends an empty part when none was chosen)."""
    out = []
    for value in form.getlist(name):
        if isinstance(value, str):
            if value:
                raise BadRequest("invalid_field", f"'{name}' must be a file upload")
            continue
        if value.filename or value.size:
            out.append(value)
    return out


def _check_size(what: str, size: int, limit: int) -> None:
    if size > limit:
        raise BadRequest("too_large", f"{what} is over the limit of {limit} bytes "
                         "(the ingest limit)", 413)


async def payloads(form: Any, *, prefix: str = "", limit: int, many: bool = False,
                   described: bool = False) -> list[Payload]:
    """The documents named by the fields ``{prefix}text``, ``{prefix}html`` and
    ``{prefix}file`` (the pages' ``{prefix}pasted`` with ``{prefix}pasted_as`` too): exactly
    one of them. ``many``: several files may be given. ``described``: ``id``, ``url`` and
    ``title`` fields describe a pasted document (adding sources)."""
    text, html = _field(form, prefix + "text"), _field(form, prefix + "html")
    for name in ("text", "html"):  # an API field that is there must hold something
        if prefix + name in form and not _field(form, prefix + name).strip():
            raise BadRequest("empty_input", f"'{prefix}{name}' is empty")
    pasted = _field(form, prefix + "pasted")
    if pasted.strip():
        as_html = _field(form, prefix + "pasted_as") == "html"
        html, text = (pasted, text) if as_html else (html, pasted)
    files = _uploads(form, prefix + "file")
    given = [k for k, v in (("text", text.strip()), ("html", html.strip()), ("file", files)) if v]
    label = f"'{prefix}text', '{prefix}html' or '{prefix}file'"
    if not given:
        raise BadRequest("missing_input", f"give a document: {label}")
    if len(given) > 1:
        raise BadRequest("ambiguous_input", f"give one of {label}, not {' and '.join(given)}")
    if len(files) > 1 and not many:
        raise BadRequest("ambiguous_input", f"give one file in '{prefix}file'")
    meta = {k: (_field(form, k).strip() or None) for k in ("id", "url", "title")} \
        if described else {}
    if text.strip() or html.strip():
        kind: Literal["text", "html"] = "text" if text.strip() else "html"
        body = text or html
        _check_size(f"the pasted {kind}", len(body.encode("utf-8", "surrogatepass")), limit)
        return [Payload(kind, meta.get("url") or f"<pasted {kind}>", text=body,
                        id=meta.get("id"), url=meta.get("url"), title=meta.get("title"))]
    out = []
    for upload in files:
        name = Path(upload.filename or "upload").name or "upload"
        data = await upload.read(limit + 1)
        _check_size(name, len(data), limit)
        out.append(Payload("file", name, data=data))
    return out


def docs_of(payload: Payload, settings: Settings | None = None) -> list[Doc | InputFailure]:
    """The documents of a payload, each a Doc or an InputFailure with its reason (a JSONL or
    CSV upload holds many)."""
    settings = settings or Settings()
    if payload.kind != "file":
        raw = RawDoc(uri=payload.name, media_type="text/html" if payload.kind == "html"
                     else "text/plain", text=payload.text, id=payload.id, url=payload.url,
                     title=payload.title)
        try:
            return [extract(raw, settings.extract)]
        except InputError as exc:
            return [InputFailure(exc.uri, exc.reason)]
    with tempfile.TemporaryDirectory(prefix="unspun-upload-") as tmp:
        stem = _UNSAFE.sub("_", payload.name).lstrip(".") or "upload"
        path = Path(tmp) / stem[-120:]
        path.write_bytes(payload.data or b"")
        where = str(path)
        return [replace(item, uri=payload.name + item.uri[len(where):])
                if item.uri.startswith(where) else item
                for item in iter_docs([where], settings)]


def one_doc(payload: Payload, settings: Settings | None = None) -> Doc:
    """Exactly one document (tracing, comparing); raises InputError naming the input."""
    items = docs_of(payload, settings)
    if not items:
        raise InputError(payload.name, "no document in this input")
    first = items[0]
    if isinstance(first, InputFailure):
        raise InputError(first.uri, first.reason)
    if len(items) > 1:
        raise InputError(payload.name, f"holds {len(items)} documents; give one page")
    return first
