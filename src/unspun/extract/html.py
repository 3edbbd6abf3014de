"""HTML extraction: a decoded page -> Doc, through trafilatura.

Input: a :class:`RawDoc` of media type ``text/html`` and its decoded text. Output: a
:class:`Doc` with the main text (precision mode, falling back to the default and recall
modes), title, date and site, and the page's other visible text blocks as
``Doc.boilerplate``; or an InputError when the page holds no article text.

The page is parsed once; every trafilatura run, the metadata and the blocks read that tree.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from unspun.config import ExtractSettings
from unspun.errors import InputError
from unspun.extract.blocks import boilerplate, page_words, visible_blocks
from unspun.extract.metadata import page_metadata
from unspun.records import Doc, RawDoc

if TYPE_CHECKING:
    from lxml.html import HtmlElement, HTMLParser
    from trafilatura.settings import Document

PRECISION_MIN_SHARE = 0.5
"""Below this share of the default mode's words, precision mode is taken to have kept a
fragment; results barely move anywhere between 0.3 and 0.7."""
FAST_MIN_SHARE = 0.2
"""Precision mode's first step, trafilatura's own extractor (``fast=True``), is kept when it
holds at least this share of the page's words (and the default mode does not find twice as
much). trafilatura's full run only adds a comparison with readability and jusText, which
replaces a text that is short, unclean, without paragraphs or less than half as long as
theirs; it costs twice the fast one. Above 0.4 the full run changed the text on none of the
1,004 benchmark pages; from 0.2 it changes a few (WCXB-dev F1 0.9004 -> 0.9001, Zyte the
same) and extraction went from 0.77x to 0.80x trafilatura's speed (benchmarks/extraction.py)."""
CHECK_SHARE = 0.35
"""The default mode runs (to see whether precision mode kept a fragment) only when precision
mode's first step kept under this share of the page's words: on the 1,004 benchmark pages,
every page where the default mode found twice as much was under 0.28."""


def from_html(raw: RawDoc, html: str, settings: ExtractSettings, doc_id: str) -> Doc:
    """The Doc of an HTML page (``html``: its decoded text) with id ``doc_id``; raise
    InputError when the page cannot be parsed or holds no article text."""
    # trafilatura turns down a bare fragment (no <html>, one element); a wrapper makes any
    # snippet a document.
    tree = parse_html(html)
    if tree is None:
        tree = parse_html(f"<html><body>{html}</body></html>")
    if tree is None:
        raise InputError(raw.uri, "not HTML that can be parsed, and not text either")
    # trafilatura copies the tree it is given, so `tree` stays whole for every run.
    try:
        meta = page_metadata(tree, raw.url)
    except Exception as exc:  # noqa: BLE001 -- third-party code on hostile markup, as _bare
        raise InputError(raw.uri, f"HTML metadata extraction failed ({type(exc).__name__}: "
                         f"{exc})") from exc
    blocks = visible_blocks(tree)
    result = _main_text(tree, raw, settings, page_words(tree, blocks))
    if result is None or not _n_words(result):
        if blocks:
            raise InputError(raw.uri, f"no article text found: trafilatura set aside all "
                             f"{len(blocks)} visible text blocks as navigation or boilerplate")
        # libxml2 drops what is nested over 256 deep or a text node over 10 MB
        raise InputError(raw.uri, "no visible text in the page (an empty body, only scripts, "
                         "or markup too deep or too large for the HTML parser)")
    paragraphs = _lines(result.text or "")
    if settings.include_comments and result.comments:
        paragraphs += _lines(result.comments)
    return Doc(
        id=doc_id,
        uri=raw.uri,
        text="\n\n".join(paragraphs),
        title=raw.title or (meta.title or "").strip(),
        boilerplate=boilerplate(blocks, paragraphs),
        date=meta.date or None,
        site=meta.sitename or None,
        url=raw.url or meta.url or None,
    )


def _main_text(
    tree: HtmlElement, raw: RawDoc, settings: ExtractSettings, words: int,
) -> Document | None:
    """trafilatura's main text of the page, ``words`` being the page's word count.

    Precision mode sometimes latches onto a fragment ("Skip to main content", a reprint
    notice, one section of a long guide) or drops forum posts; when it keeps less than
    PRECISION_MIN_SHARE of what the default mode finds, the default text wins (WCXB-dev F1
    0.876 -> 0.901, Zyte 0.964 -> 0.967, benchmarks/extraction.py). Recall mode is the last
    try before declaring that there is no article. FAST_MIN_SHARE and CHECK_SHARE skip the
    runs that would not change the text: each costs about what trafilatura alone does. The
    check against the default mode comes before precision mode's full run, and a fast text
    under half the default one goes straight to the default (WCXB-dev F1 0.9009 -> 0.9004,
    Zyte 0.9669 -> 0.9656; trafilatura alone 0.898 and 0.953).
    """
    if not settings.favor_precision:
        result = _bare(tree, raw, settings, precision=False)
    else:
        result = _bare(tree, raw, settings, precision=True, fast=True)
        kept = _n_words(result)
        if kept < CHECK_SHARE * words:
            # Perhaps a fragment: the default mode first. When it finds twice as much, its
            # text is taken without the full precision run, which rarely closes such a gap
            # (a run saved on a sixth of WCXB pages); the full precision run is left for a
            # fast text under FAST_MIN_SHARE (below CHECK_SHARE) that the default mode does
            # not double.
            full = _bare(tree, raw, settings, precision=False)
            if kept < PRECISION_MIN_SHARE * _n_words(full):
                result = full
            elif kept < FAST_MIN_SHARE * words:
                result = _bare(tree, raw, settings, precision=True)
                if _n_words(result) < PRECISION_MIN_SHARE * _n_words(full):
                    result = full
    if _n_words(result) == 0:
        result = _bare(tree, raw, settings, precision=False, recall=True)
    return result


def _bare(
    tree: HtmlElement, raw: RawDoc, settings: ExtractSettings, *, precision: bool,
    recall: bool = False, fast: bool = False,
) -> Document | None:
    import trafilatura
    from trafilatura.settings import Document

    try:
        found = trafilatura.bare_extraction(
            tree,
            url=raw.url,
            fast=fast,
            favor_precision=precision,
            favor_recall=recall,
            include_comments=settings.include_comments,
        )
    # trafilatura's contract is a result or None, but it is third-party code running on
    # hostile markup; any other exception becomes a per-document error, not a crash.
    except Exception as exc:  # noqa: BLE001
        raise InputError(raw.uri, f"HTML extraction failed ({type(exc).__name__}: {exc})") \
            from exc
    return found if isinstance(found, Document) else None


def parse_html(html: str) -> HtmlElement | None:
    """The page's tree as ``trafilatura.load_html`` builds it (the same repairs, parser options
    and rejection of non-HTML), or None.

    The one difference is the parser's element class lookup: lxml.html's looks up a Python
    class for every element Python touches (forms, inputs and labels get their own), which is
    a tenth of each trafilatura run; plain ``HtmlElement`` for all, looked up in C, gives the
    same text, as trafilatura calls no form method.
    """
    from lxml.html import fromstring
    from trafilatura.utils import is_dubious_html, repair_faulty_html

    beginning = html[:50].lower()
    html = repair_faulty_html(html, beginning)
    tree: HtmlElement | None = None
    from_bytes = False
    try:
        tree = fromstring(html, parser=_parser())
    except ValueError:  # a str with an encoding declaration
        tree, from_bytes = _parse_bytes(html), True
    except Exception:  # noqa: BLE001 -- as trafilatura: lxml refused it; try bytes below
        tree = None
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = _parse_bytes(html)
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None  # not HTML at all (trafilatura's test)
    return tree


def _parse_bytes(html: str) -> HtmlElement | None:
    from lxml.html import fromstring

    try:
        return fromstring(html.encode("utf8", "surrogatepass"), parser=_parser())
    except Exception:  # noqa: BLE001 -- as trafilatura.utils.fromstring_bytes
        return None


@cache
def _parser() -> HTMLParser:
    from lxml import etree
    from lxml.html import (
        HtmlComment,
        HtmlElement,
        HtmlEntity,
        HTMLParser,
        HtmlProcessingInstruction,
    )

    parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                        remove_comments=True, remove_pis=True)  # trafilatura.utils.HTML_PARSER
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction,
        entity=HtmlEntity))
    return parser


def _n_words(doc: Document | None) -> int:
    return len(doc.text.split()) if doc is not None and doc.text else 0


def _lines(text: str) -> list[str]:
    """trafilatura's text output has one paragraph (or list item, heading, row) per line."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]
