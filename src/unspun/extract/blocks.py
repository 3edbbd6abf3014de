"""The visible text blocks of an HTML page, and those of them that are not its main text.

Input: a parsed page (and, for :func:`boilerplate`, the paragraphs of its main text). Output:
the whitespace-normalised text of each block-level run of the body, in document order
(:func:`visible_blocks`); the blocks left out of the main text, each once
(:func:`boilerplate`); the number of words a reader or an extractor could find in the body
(:func:`page_words`), which tells whether an extraction kept a fragment of the page.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import XSLT
    from lxml.html import HtmlElement

__all__ = ["boilerplate", "page_words", "visible_blocks"]

# Elements whose text is never shown as page text.
INVISIBLE = frozenset(("script", "style", "noscript", "template", "svg", "math", "head",
                       "title", "iframe", "object", "select"))
# Elements that start a new line of text in a browser; their text forms separate blocks.
BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main",
    "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
))
# Written by the stylesheet at each block's start and end: a Unicode noncharacter, which no
# text is meant to hold (one that does is only split into two blocks there).
_BREAK = "\ufdd0"


def visible_blocks(tree: HtmlElement) -> list[str]:
    """Whitespace-normalised text of each block-level run of the page body (of the whole page
    when it has no body), leaving out invisible elements but not the text that follows them.

    An XSLT stylesheet writes the text with a break at each block element's start and end, in
    libxslt: a walk over the elements in Python costs 2.5 times as much.
    """
    text = str(_block_text_stylesheet()(tree))
    return [block for block in (" ".join(run.split()) for run in text.split(_BREAK)) if block]


def page_words(tree: HtmlElement, blocks: list[str]) -> int:
    """Words of the page's visible ``blocks`` plus those in ``<noscript>``: browsers running
    scripts hide the latter, but extractors read them (forums such as Discourse serve their
    posts there)."""
    words = sum(len(block.split()) for block in blocks)
    from lxml import etree

    for element in tree.iter("noscript"):
        if next(element.iterancestors("noscript"), None) is None:
            words += len(etree.tostring(element, method="text", encoding="unicode",
                                        with_tail=False).split())
    return words


def boilerplate(blocks: list[str], paragraphs: list[str]) -> tuple[str, ...]:
    """The ``blocks`` not in the main text, in document order, each once.

    A block is in the main text when its word n-grams all are (n = 3, or its length when
    shorter): whole-word matching, so a nav item "Sport" is not found inside "transport", and
    linear in the page size where a substring search per block is quadratic.
    """
    words = " ".join(paragraphs).split()
    # n-grams as tuples of words (no word holds a space, so a tuple matches as its joined
    # string would); set.issuperset checks a block's n-grams without a Python-level loop
    unigrams = set(words)
    bigrams = set(zip(words, words[1:], strict=False))
    trigrams = set(zip(words, words[1:], words[2:], strict=False))
    kept: dict[str, None] = {}
    for block in blocks:
        if block in kept:
            continue
        block_words = block.split()
        if len(block_words) >= 3:
            inside = trigrams.issuperset(
                zip(block_words, block_words[1:], block_words[2:], strict=False))
        elif len(block_words) == 2:
            inside = (block_words[0], block_words[1]) in bigrams
        else:
            inside = block_words[0] in unigrams
        if not inside:
            kept[block] = None
    return tuple(kept)


@cache
def _block_text_stylesheet() -> XSLT:
    from lxml import etree

    invisible = "|".join(sorted(INVISIBLE))
    blocks = "|".join(sorted(BLOCK_TAGS))
    # The first body (as tree.find(".//body")), else the whole page; the built-in rules copy
    # text (tails included: they are text nodes of the parent) and skip comments.
    return etree.XSLT(etree.fromstring(f"""\
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="/*//body"><xsl:apply-templates select="(/*//body)[1]"/></xsl:when>
      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="{invisible}"/>
  <xsl:template match="{blocks}">
    <xsl:text>{_BREAK}</xsl:text><xsl:apply-templates/><xsl:text>{_BREAK}</xsl:text>
  </xsl:template>
</xsl:stylesheet>"""))
