"""HTML extraction: a decoded page -> Doc, through trafilatura.

Input: a :class:`RawDoc` of media type ``text/html`` and its decoded text. Output: a
:class:`Doc` with the main text (precision mode, falling back to the default and recall
modes), title, date and site, and the page's other visible text blocks as
``Doc.boilerplate``; or an InputError when the page holds no article text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unspun.config import ExtractSettings
from unspun.errors import InputError
from unspun.records import Doc, RawDoc

if TYPE_CHECKING:
    from lxml.html import HtmlElement
    from trafilatura.settings import Document

# Elements whose text is never shown as page text.
_INVISIBLE = frozenset(("script", "style", "noscript", "template", "svg", "math", "head",
                        "title", "iframe", "object", "select"))
# Elements that start a new line of text in a browser; their text forms separate blocks.
_BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main",
    "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
))
# Word n-gram order for telling main-text blocks from boilerplate (see _boilerplate).
_GRAM = 3


def from_html(raw: RawDoc, html: str, settings: ExtractSettings, doc_id: str) -> Doc:
    """The Doc of an HTML page (``html``: its decoded text) with id ``doc_id``; raise
    InputError when the page cannot be parsed or holds no article text."""
    import trafilatura

    # trafilatura turns down a bare fragment (no <html>, one element); a wrapper makes any
    # snippet a document.
    tree = trafilatura.load_html(html)
    if tree is None:
        tree = trafilatura.load_html(f"<html><body>{html}</body></html>")
    if tree is None:
        raise InputError(raw.uri, "not HTML that can be parsed, and not text either")
    # trafilatura copies the tree it is given, so `tree` stays whole for the boilerplate pass.
    # Precision mode sometimes latches onto a fragment ("Skip to main content", a reprint
    # notice, one section of a long guide) or drops forum posts; when it keeps less than
    # PRECISION_MIN_SHARE of what the default mode finds, the default text wins (WCXB-dev F1
    # 0.876 -> 0.901, Zyte 0.964 -> 0.967, benchmarks/extraction.py). Recall mode is the last
    # try before declaring that there is no article. Metadata comes from the first run.
    meta = result = _bare(tree, raw, settings, settings.favor_precision, False, True)
    if settings.favor_precision:
        full = _bare(tree, raw, settings, False, False, meta is None)
        if _n_words(result) < PRECISION_MIN_SHARE * _n_words(full):
            result = full
    if _n_words(result) == 0:
        result = _bare(tree, raw, settings, False, True, meta is None)
    meta = meta or result
    blocks = _visible_blocks(tree)
    if result is None or not _n_words(result):
        if blocks:
            raise InputError(raw.uri, f"no article text found: trafilatura set aside all "
                             f"{len(blocks)} visible text blocks as navigation or boilerplate")
        # libxml2 drops what is nested over 256 deep or a text node over 10 MB
        raise InputError(raw.uri, "no visible text in the page (an empty body, only scripts, "
                         "or markup too deep or too large for the HTML parser)")
    assert meta is not None
    paragraphs = _lines(result.text or "")
    if settings.include_comments and result.comments:
        paragraphs += _lines(result.comments)
    return Doc(
        id=doc_id,
        uri=raw.uri,
        text="\n\n".join(paragraphs),
        title=raw.title or (meta.title or "").strip(),
        boilerplate=_boilerplate(blocks, paragraphs),
        date=meta.date or None,
        site=meta.sitename or None,
        url=raw.url or meta.url or None,
    )


PRECISION_MIN_SHARE = 0.5
"""Below this share of the default mode's words, precision mode is taken to have kept a
fragment; results barely move anywhere between 0.3 and 0.7."""


def _bare(
    tree: HtmlElement, raw: RawDoc, settings: ExtractSettings, precision: bool, recall: bool,
    with_metadata: bool,
) -> Document | None:
    import trafilatura
    from trafilatura.settings import Document

    try:
        found = trafilatura.bare_extraction(
            tree,
            url=raw.url,
            favor_precision=precision,
            favor_recall=recall,
            include_comments=settings.include_comments,
            with_metadata=with_metadata,
        )
    # trafilatura's contract is a result or None, but it is third-party code running on
    # hostile markup; any other exception becomes a per-document error, not a crash.
    except Exception as exc:  # noqa: BLE001
        raise InputError(raw.uri, f"HTML extraction failed ({type(exc).__name__}: {exc})") \
            from exc
    return found if isinstance(found, Document) else None


def _n_words(doc: Document | None) -> int:
    return len(doc.text.split()) if doc is not None and doc.text else 0


def _lines(text: str) -> list[str]:
    """trafilatura's text output has one paragraph (or list item, heading, row) per line."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _boilerplate(blocks: list[str], paragraphs: list[str]) -> tuple[str, ...]:
    """The ``blocks`` not in the main text, in document order, each once.

    A block is in the main text when its word n-grams all are (n = 3, or its length when
    shorter): whole-word matching, so a nav item "Sport" is not found inside "transport", and
    linear in the page size where a substring search per block is quadratic.
    """
    words = " ".join(paragraphs).split()
    grams = {
        " ".join(words[i : i + n]) for n in range(1, _GRAM + 1) for i in range(len(words) - n + 1)
    }
    kept: dict[str, None] = {}
    for block in blocks:
        block_words = block.split()
        n = min(_GRAM, len(block_words))
        if block not in kept and not all(
            " ".join(block_words[i : i + n]) in grams for i in range(len(block_words) - n + 1)
        ):
            kept[block] = None
    return tuple(kept)


def _visible_blocks(tree: HtmlElement) -> list[str]:
    """Whitespace-normalised text of each block-level run of the page body."""
    from lxml import etree

    body = tree.find(".//body")
    root = body if body is not None else tree
    blocks: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        text = " ".join("".join(parts).split())
        parts.clear()
        if text:
            blocks.append(text)

    # An explicit walk, not recursion: broken pages nest elements thousands deep.
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _INVISIBLE or not tag:
                walker.skip_subtree()
                continue
            if tag in _BLOCK_TAGS:
                flush()
            if element.text:
                parts.append(element.text)
        else:
            if tag in _BLOCK_TAGS:
                flush()
            if element.tail and element is not root:
                parts.append(element.tail)
    flush()
    return blocks
