"""Bytes as text: content ids, media-type sniffing, binary detection and decoding.

Input: the bytes of one file, stdin or archive record. Output: a checked :class:`RawDoc` or an
:class:`InputFailure` (:func:`raw_doc_from_bytes`), and later the text itself
(:func:`decode_bytes`: byte-order mark, UTF-8, the declared charset, then detection).
"""

from __future__ import annotations

import codecs
import hashlib
import re

from unspun.errors import InputError
from unspun.records import InputFailure, MediaType, RawDoc

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


def raw_doc_from_bytes(
    uri: str, data: bytes, media_type: MediaType | None
) -> RawDoc | InputFailure:
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


def gzip_failure_reason(exc: Exception) -> str:
    """The reason given for gzip data that cannot be decompressed."""
    return f"corrupt or truncated gzip data ({str(exc) or type(exc).__name__})"


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
