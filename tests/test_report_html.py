"""The HTML report: highlights land on the edits' offsets, and hostile page text stays text."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unspun
from unspun.records import Report
from unspun.report.html import to_html

SOURCE = (
    "The Economist Intelligence Unit said on Monday that Nick Marro expects growth to slow "
    "in the coming year.\n"
    "Analysts at the bank argued that top foreign-trained scientists were leaving the country "
    "in large numbers.\n"
    "Officials declined to comment on the report, which was published in Singapore.\n"
    "A second paragraph explains the wider context of the economic slowdown across Asia.\n"
)
SUSPECT = (
    "The Economist Intelligence Unit said on Monday that Scratch Marro expects growth to slow "
    "in the coming year.\n"
    "Analysts at the bank argued that top foreign-trained researchers were leaving the country "
    "in large numbers.\n"
    "Best cheap widgets online. Best cheap widgets online.\n"
    "Officials declined to comment on the report, which was published in Singapore. "
    "best cheap widgets online.\n"
)
PAYLOADS = (
    "<script>document.title='PWNED'</script>",
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">",
    '<a href="javascript:alert(3)">x</a>',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
)
HOSTILE = "".join(PAYLOADS)

# Everything the report may contain: page text can only ever be text inside these.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "span", "b", "dl", "dt",
    "dd", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "mark", "details",
    "summary",
}
ALLOWED_ATTRS = {"class", "title", "charset", "http-equiv", "content", "name", "lang"}


def _report() -> Report:
    return unspun.compare(SUSPECT, SOURCE)


def _hostile_report() -> Report:
    """A spun copy whose text, title, boilerplate and source all carry script payloads."""
    suspect = SUSPECT.replace("coming year.\n", f"coming year. {HOSTILE}\n", 1)
    source = SOURCE + f"Footer {HOSTILE}\n"
    r = unspun.compare(suspect, source)
    assert r.matches, "the hostile copy must still align for the test to mean anything"
    m = r.matches[0]
    m = replace(m, source=replace(m.source, title=HOSTILE, id=HOSTILE, uri=HOSTILE))
    q = replace(r.query, title=HOSTILE, uri=HOSTILE, boilerplate=(HOSTILE, "Get a call back"))
    return replace(r, query=q, matches=(m, m), warnings=(HOSTILE,))


def _css(doc: lxml.html.HtmlElement, path: str) -> list[lxml.html.HtmlElement]:
    """Elements matching ``tag.class tag.class ...`` (descendant steps), without cssselect."""
    steps = []
    for step in path.split():
        tag, _, cls = step.partition(".")
        steps.append(f"{tag}[contains(concat(' ', @class, ' '), ' {cls} ')]" if cls else tag)
    return list(doc.xpath("//" + "//".join(steps)))


def _cell_text(td: lxml.html.HtmlElement) -> str:
    """A table cell's page text, without the label we add to unaligned and omitted rows."""
    return "".join(
        t for t in td.itertext()
        if t not in ("not in the source", "omitted from the copy")
    )


def test_compare_report_highlights_edits_at_their_offsets() -> None:
    r = _report()
    html = to_html(r)
    doc = lxml.html.document_fromstring(html)
    m = r.matches[0]
    edits = sorted((e for p in m.alignment.pairs for e in p.edits), key=lambda e: e.copy_start)
    subs = [e for e in edits if e.op == "substitute"]
    assert any(e.copy_text == "Scratch" and "name_mangled" in e.flags for e in subs)

    copy_subs = _css(doc, "td.copy span.sub")
    assert [s.text_content() for s in copy_subs] == [e.copy_text for e in subs]
    src_subs = _css(doc, "td.src span.sub")
    assert [s.text_content() for s in src_subs] == [
        e.source_text for e in sorted(subs, key=lambda e: e.source_start)
    ]
    for span, e in zip(copy_subs, subs, strict=True):
        for flag in e.flags:
            assert f"f-{flag}" in span.get("class").split()
        assert e.source_text in span.get("title")
    inserts = [e.copy_text for e in edits if e.op == "insert"]
    assert [s.text_content() for s in _css(doc, "td.copy span.ins")] == inserts

    # each injected span is marked with exactly its text, and the spam phrase is among them
    marked = [x.text_content() for x in _css(doc, "td.copy mark.inj")]
    assert marked == [i.text for i in sorted(r.injected, key=lambda i: i.span.start)]
    assert any("best cheap widgets online" in t.lower() for t in marked)

    # no page text lost or duplicated: pair cells hold exactly their spans
    rows = _css(doc, "tr.pair")
    pairs = sorted(m.alignment.pairs, key=lambda p: p.copy_span.start)
    assert len(rows) == len(pairs)
    for row, p in zip(rows, pairs, strict=True):
        copy_td, src_td = row.xpath("td[@class='copy']")[0], row.xpath("td[@class='src']")[0]
        assert _cell_text(copy_td) == r.query.text[p.copy_span.start : p.copy_span.end]
        assert _cell_text(src_td) == m.source_text[p.source_span.start : p.source_span.end]

    # unaligned copy text and omitted source text are shown and marked
    omitted = [_cell_text(td) for td in _css(doc, "tr.omitted td.src")]
    assert omitted == [
        "A second paragraph explains the wider context of the economic slowdown across Asia."
    ]
    unaligned = " ".join(_cell_text(td) for td in _css(doc, "tr.unaligned td.copy"))
    assert "Best cheap widgets online." in unaligned

    # header: verdict and strongest evidence first
    header = doc.body.text_content()
    assert "COPY" in header and "Strongest evidence" in header
    assert header.index("Scratch") < header.index("Copy and source side by side")


def test_hostile_page_text_stays_text() -> None:
    r = _hostile_report()
    html = to_html(r)
    assert "<script" not in html.lower()
    doc = lxml.html.document_fromstring(html)
    assert not doc.xpath("//script | //img | //a | //iframe | //object | //embed | //link")
    for el in doc.iter():
        assert el.tag in ALLOWED_TAGS, el.tag
        for attr in el.attrib:
            assert attr in ALLOWED_ATTRS, (el.tag, attr)
            assert not attr.lower().startswith("on")
    csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert csp == ["default-src 'none'; style-src 'unsafe-inline'"]
    # the payloads are still visible to the reader, as text
    text = doc.text_content()
    for payload in PAYLOADS:
        assert payload in text
    assert doc.xpath("//details/summary")
    assert "Other matches" in text


def test_report_without_match_marks_intrinsic_spam() -> None:
    text = (
        "Best cheap widgets online.\nWe sell garden tools in every size and colour.\n"
        "Best cheap widgets online.\nOur shop opens at nine. Best cheap widgets online.\n"
    )
    r = unspun.compare(text, "An unrelated article about whales and the deep ocean floor.")
    html = to_html(r)
    doc = lxml.html.document_fromstring(html)
    assert "NO SOURCE FOUND" in doc.text_content()
    marked = [x.text_content() for x in _css(doc, "mark.inj")]
    assert marked == [i.text for i in sorted(r.injected, key=lambda i: i.span.start)]


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs headless Chromium at /usr/bin/chromium "
                    "(apt-get install chromium)")
def test_chromium_runs_no_script_from_page(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(to_html(_hostile_report()), encoding="utf-8")
    cmd = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=2000", "--dump-dom", page.as_uri(),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True).stdout
    assert "<body" in out, "Chromium printed no DOM"
    dom = lxml.html.document_fromstring(out)
    # the title is still ours (the payload in it is text), not the one the script would set
    assert dom.findtext(".//title") == f"unspun: {HOSTILE}"
    assert not dom.xpath("//*[@data-pwned]")
    assert not dom.xpath("//script | //img | //a")
    # the payload reached the browser as visible text, not as markup
    assert "document.title='PWNED'" in dom.text_content()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs headless Chromium at /usr/bin/chromium "
                    "(apt-get install chromium)")
def test_chromium_renders_a_screenshot(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(to_html(_report()), encoding="utf-8")
    shot = tmp_path / "report.png"
    cmd = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,900",
        f"--screenshot={shot}", page.as_uri(),
    ]
    subprocess.run(cmd, capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 10_000


@st.composite
def _text_and_marks(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(st.text(alphabet="ab <>&\"'\n", max_size=40))
    n = len(text)
    spans = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=6))
    return text, [(min(a, b), max(a, b)) for a, b in spans]


@given(_text_and_marks())
@settings(max_examples=200, deadline=None)
def test_marks_nest_and_keep_every_character(case: tuple[str, list[tuple[int, int]]]) -> None:
    """Overlapping and crossing highlights still give well-nested markup over the exact text,
    and every character inside a span is covered by an element for that span."""
    from unspun.report.html import _Mark, _marked

    text, spans = case
    marks = [_Mark(a, b, f'<span class="m{k}">', "</span>", k % 3) for k, (a, b) in enumerate(spans)]
    out = _marked(text, 0, len(text), marks)
    root = lxml.html.fragment_fromstring(f"<div>{out}</div>")
    assert root.text_content() == text
    for k, (a, b) in enumerate(spans):
        covered = "".join(el.text_content() for el in root.xpath(f"//span[@class='m{k}']"
                                                                  "[not(ancestor::span"
                                                                  f"[@class='m{k}'])]"))
        assert covered == text[a:b]
