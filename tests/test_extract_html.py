"""HTML extraction's parts: the parse, the visible blocks, the metadata and which trafilatura
runs a page gets (extract/html.py, blocks.py, metadata.py)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from unspun.config import ExtractSettings
from unspun.extract import extract
from unspun.extract.blocks import (
    BLOCK_TAGS,
    INVISIBLE,
    boilerplate,
    page_words,
    visible_blocks,
)
from unspun.extract.html import CHECK_SHARE, FAST_MIN_SHARE, parse_html
from unspun.extract.metadata import page_metadata
from unspun.records import RawDoc

ARTICLE = " ".join(f"word{i}" for i in range(100))
PAGE = f"""<!DOCTYPE html><html><head><title>Harbour plan | Coast Gazette</title></head>
<body><nav><a href="/">Home</a></nav><article><p>{ARTICLE}</p></article></body></html>"""


# --- parse -------------------------------------------------------------------------------


@pytest.mark.parametrize("html", [
    PAGE,
    "<p>a lone fragment</p>",
    "just some words, no markup",
    "<?xml version='1.0' encoding='utf-8'?><html><body><p>xml declared</p></body></html>",
    "<!DOCTYPE html>\n<html><body><p>after a doctype line</p></body></html>",
    "<html/>\n<body><p>self-closing html</p></body>",
    "<html><body><p>a</p></html></body><p>after the end</p><<<>>>&&&;",
    "<html><body><!-- a comment --><p>text \x0b with a control character</p></body></html>",
    "",
])
def test_parse_gives_the_tree_trafilatura_builds(html: str) -> None:
    import trafilatura

    ours, theirs = parse_html(html), trafilatura.load_html(html)
    if theirs is None:
        assert ours is None
    else:
        assert ours is not None
        assert etree.tostring(ours) == etree.tostring(theirs)
        assert ours.text_content() == theirs.text_content()  # lxml.html elements still


# --- blocks ------------------------------------------------------------------------------


def test_blocks_keep_the_text_after_invisible_elements_and_split_at_block_elements() -> None:
    tree = parse_html(
        "<html><head><title>T</title></head><body><div>one <script>x()</script>two "
        "<span>three</span><br>four<p>five</p>six<noscript>hidden</noscript> seven</div>"
        "<ul><li>eight</li><li> </li><li>nine <b>ten</b></li></ul></body></html>")
    assert tree is not None
    assert visible_blocks(tree) == ["one two three", "four", "five", "six seven", "eight",
                                    "nine ten"]
    # what an extractor may read counts, though a browser with scripts hides it
    assert page_words(tree, visible_blocks(tree)) == 11


def _walk_blocks(tree: Any) -> list[str]:
    """The reference: a plain walk over the elements, flushing a block at each block
    element's start and end and skipping invisible subtrees but not their tails."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    blocks: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        text = " ".join("".join(parts).split())
        parts.clear()
        if text:
            blocks.append(text)

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in INVISIBLE or not tag:
                walker.skip_subtree()
                continue
            if tag in BLOCK_TAGS:
                flush()
            parts.append(element.text or "")
        else:
            if tag in BLOCK_TAGS:
                flush()
            if element is not root:
                parts.append(element.tail or "")
    flush()
    return blocks


_PIECES = st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<br>", "<span>", "</span>", "<b>", "</b>", "<li>",
    "<ul>", "</ul>", "<script>", "</script>", "<noscript>", "</noscript>", "<svg>", "</svg>",
    "<table><tr><td>", "</td></tr></table>", "<body>", "</body>", "<head>", "</head>",
    "<title>", "</title>", "<!-- c -->", "<html>", "words ", "more words", " ", "\n", "é",
    "&amp;", "<select><option>", "</select>",
])


@given(st.lists(_PIECES, max_size=40).map("".join))
@settings(max_examples=200, deadline=None)
def test_blocks_are_those_of_a_walk_over_the_elements(markup: str) -> None:
    tree = parse_html(f"<html><body>{markup}</body></html>")
    assert tree is not None
    assert visible_blocks(tree) == _walk_blocks(tree)


def test_a_block_is_in_the_main_text_when_all_its_word_ngrams_are() -> None:
    paragraphs = ["The harbour plan was approved on Monday.", "It adds two new piers."]
    blocks = ["Monday.", "approve", "plan was approved on Monday. It adds", "two piers", "Home",
              "The harbour plan", "Home", "The harbour plan adds two", "new piers. The"]
    assert boilerplate(blocks, paragraphs) == ("approve", "two piers", "Home",
                                                "The harbour plan adds two", "new piers. The")


# --- metadata ----------------------------------------------------------------------------


@pytest.mark.parametrize("head", [
    "<title>Harbour plan approved | Coast Gazette</title>",
    '<title>Plan</title><meta property="og:site_name" content="coastgazette">'
    '<meta property="og:url" content="https://coast.example/news/2023/05/02/plan">',
    '<meta name="twitter:site" content="@coastgazette"><link rel="canonical" '
    'href="/news/plan"><meta property="og:image" content="https://coast.example/i.png">',
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Plan &amp; '
    'piers", "datePublished": "2021-03-04", "publisher": {"@type": "Organization", '
    '"name": "Coast Gazette"}}</script>',
    '<script type="application/ld+json">{broken json</script><title>Only a title</title>',
])
def test_metadata_is_what_trafilatura_finds(head: str) -> None:
    from trafilatura.metadata import extract_metadata

    html = (f"<html><head>{head}</head><body><h1>Harbour plan approved</h1><p>{ARTICLE}</p>"
            "<p>Published 12 March 2020.</p><footer>© 2024 Coast Gazette</footer></body></html>")
    tree = parse_html(html)
    assert tree is not None
    ours, theirs = page_metadata(tree, None), extract_metadata(html)
    assert (ours.title, ours.date, ours.sitename, ours.url) == \
        (theirs.title, theirs.date, theirs.sitename, theirs.url)


# --- which runs --------------------------------------------------------------------------


def _fake_trafilatura(
    monkeypatch: pytest.MonkeyPatch, texts: dict[str, str],
) -> list[str]:
    """Replace trafilatura's extraction by canned texts per run; the runs made, in order."""
    import trafilatura
    from trafilatura.settings import Document

    runs: list[str] = []

    def fake(*args: Any, **kwargs: Any) -> Document:
        run = ("recall" if kwargs["favor_recall"] else
               "fast" if kwargs["fast"] else
               "precision" if kwargs["favor_precision"] else "default")
        runs.append(run)
        doc = Document()
        doc.text = texts.get(run, "")
        return doc

    monkeypatch.setattr(trafilatura, "bare_extraction", fake)
    return runs


def _words(n: int) -> str:
    return " ".join(ARTICLE.split()[:n])


def html_doc(html: str) -> RawDoc:
    return RawDoc(uri="page.html", media_type="text/html", data=html.encode())


def test_a_fast_run_holding_most_of_the_page_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    runs = _fake_trafilatura(monkeypatch, {"fast": ARTICLE})
    assert extract(html_doc(PAGE)).text == ARTICLE
    assert runs == ["fast"]


def test_a_short_fast_run_gets_the_full_precision_run(monkeypatch: pytest.MonkeyPatch) -> None:
    # under FAST_MIN_SHARE (so under CHECK_SHARE too): the default mode runs first, and as it
    # does not find twice as much, the full precision run decides
    n = int(100 * FAST_MIN_SHARE) - 1
    assert n < 100 * CHECK_SHARE
    runs = _fake_trafilatura(monkeypatch, {"fast": _words(n), "precision": _words(n + 1),
                                           "default": _words(n + 2)})
    assert extract(html_doc(PAGE)).text == _words(n + 1)
    assert runs == ["fast", "default", "precision"]


def test_a_fast_run_between_the_shares_is_checked_but_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    n = int(100 * CHECK_SHARE) - 1
    assert n >= 100 * FAST_MIN_SHARE
    runs = _fake_trafilatura(monkeypatch, {"fast": _words(n), "default": _words(n + 5)})
    assert extract(html_doc(PAGE)).text == _words(n)
    assert runs == ["fast", "default"]


def test_a_fragment_gives_way_to_the_default_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    runs = _fake_trafilatura(monkeypatch, {"fast": "Skip to main content",
                                           "precision": "Skip to main content",
                                           "default": ARTICLE})
    assert extract(html_doc(PAGE)).text == ARTICLE
    # the default mode finds more than twice the fast run's text: no full precision run
    assert runs == ["fast", "default"]


def test_a_short_text_stays_when_the_default_mode_finds_no_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runs = _fake_trafilatura(monkeypatch, {"fast": _words(20), "precision": _words(20),
                                           "default": _words(30)})
    assert extract(html_doc(PAGE)).text == _words(20)
    assert runs == ["fast", "default", "precision"]


def test_recall_mode_is_the_last_try(monkeypatch: pytest.MonkeyPatch) -> None:
    runs = _fake_trafilatura(monkeypatch, {"recall": ARTICLE})
    assert extract(html_doc(PAGE)).text == ARTICLE
    assert runs == ["fast", "default", "precision", "recall"]


def test_without_precision_one_default_run(monkeypatch: pytest.MonkeyPatch) -> None:
    runs = _fake_trafilatura(monkeypatch, {"default": _words(5)})
    doc = extract(html_doc(PAGE), ExtractSettings(favor_precision=False))
    assert doc.text == _words(5)
    assert runs == ["default"]
