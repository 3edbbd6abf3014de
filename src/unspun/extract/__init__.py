"""Extract: RawDoc -> Doc, the main text of a page with its metadata and set-aside blocks.

HTML goes through trafilatura (:mod:`unspun.extract.html`); the page's other visible text
blocks are kept as ``Doc.boilerplate`` so reports can show what was removed (widgets, spam,
repeated titles). Plain text is only tidied, and its page chrome set aside
(:mod:`unspun.extract.chrome`). Any input gives a Doc or raises InputError, never another error.
"""

from __future__ import annotations

import re

from unspun.config import ExtractSettings
from unspun.errors import InputError
from unspun.extract.html import from_html
from unspun.ingest import content_id, decode_bytes
from unspun.records import Doc, RawDoc

__all__ = ["doc_id_for", "extract", "normalise_plain"]

_MAX_TITLE_CHARS = 200
_BLANK_RUNS = re.compile(r"\n{3,}")


def doc_id_for(raw: RawDoc) -> str:
    """The document id: the given id, else the URL, else a hash of the content (as ingest)."""
    if raw.id:
        return raw.id
    if raw.url:
        return raw.url
    return content_id(raw.data if raw.data is not None else raw.text or "")


def extract(raw: RawDoc, settings: ExtractSettings = ExtractSettings()) -> Doc:  # noqa: B008
    """Extract the main text of ``raw``; raise InputError when it holds no text at all."""
    if raw.text is not None:
        try:
            raw.text.encode("utf-8")
        except UnicodeEncodeError as exc:  # JSON allows "\ud800"; no later stage could store it
            raise InputError(raw.uri, f"not valid Unicode (unpaired surrogate at character "
                             f"{exc.start})") from exc
        text = raw.text.removeprefix("\ufeff")
    elif raw.data is not None:
        text = decode_bytes(raw.data, raw.uri)
    else:
        raise InputError(raw.uri, "the record holds neither bytes nor text")
    if raw.media_type == "text/html":
        return from_html(raw, text, settings, doc_id_for(raw))
    return _from_plain(raw, text)


def _from_plain(raw: RawDoc, text: str) -> Doc:
    from unspun.extract.chrome import strip_chrome

    full = normalise_plain(text)
    if not full:
        raise InputError(raw.uri, "no text: the document is empty or holds only whitespace")
    # Text pages carry chrome no HTML extractor sees (repeated titles, calls to action,
    # testimonials, reaction widgets); it is set aside as boilerplate, as for HTML. A page that
    # would be nothing but chrome is kept whole rather than refused.
    body, chrome = strip_chrome(full)
    if not body.strip():
        body, chrome = full, ()
    title = raw.title
    if not title:
        first = body.split("\n", 1)[0].strip()
        title = first if len(first) < _MAX_TITLE_CHARS else ""
    return Doc(
        id=doc_id_for(raw), uri=raw.uri, text=body, title=title, boilerplate=tuple(chrome),
        url=raw.url,
    )


def normalise_plain(text: str) -> str:
    """Tidy plain text so paragraphs are separated by exactly one blank line.

    A text without any blank line but with several lines (one paragraph per line, as many
    exports write it) has each non-empty line taken as a paragraph.
    """
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    body = "\n".join(lines).strip("\n")
    if "\n\n" not in body:
        return "\n\n".join(line for line in body.split("\n") if line.strip())
    return _BLANK_RUNS.sub("\n\n", body)
