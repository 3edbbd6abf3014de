from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspun.config import ExtractSettings
from unspun.errors import InputError
from unspun.extract import doc_id_for, extract, normalise_plain
from unspun.ingest import content_id, iter_inputs
from unspun.records import Doc, InputFailure, RawDoc

PARAS = [
    "The city council approved a new budget on Monday after a long debate about spending on "
    "public transport and schools.",
    "Mayor Jane Smith said the plan would add 40 new buses by 2025 and cut waiting times "
    "across the northern districts.",
    "Critics argued that the $420,000 set aside for consultants should instead pay for road "
    "repairs in the old town.",
    "The budget takes effect in May, and a first review of the spending is planned for the "
    "autumn session of the council.",
]
PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Council approves budget | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2023-05-02T10:00:00Z">
<script>var tracking = "do not show";</script><style>p {{ color: red }}</style></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article><h1>Council approves budget</h1>
{"".join(f"<p>{p}</p>" for p in PARAS)}
</article>
<aside><div class="share">Share   this
 story</div><div class="related"><h3>Related stories</h3><ul>
<li><a href="/a">Buses return to the north</a></li><li><a href="/b">Schools get new roofs</a></li>
</ul></div></aside></main>
<footer><p>Copyright 2023 Example News.</p><nav><a href="/">Home</a> | <a href="/p">Privacy</a>
</nav><noscript>Enable JS</noscript><script>alert("no")</script></footer></body></html>"""


def html_doc(html: str | bytes, **fields: Any) -> RawDoc:
    data = html.encode() if isinstance(html, str) else html
    return RawDoc(uri="page.html", media_type="text/html", data=data, **fields)


def text_doc(text: str, **fields: Any) -> RawDoc:
    return RawDoc(uri="a.txt", media_type="text/plain", text=text, **fields)


# --- HTML --------------------------------------------------------------------------------


def test_html_main_text_keeps_paragraphs_and_metadata() -> None:
    doc = extract(html_doc(PAGE))
    assert doc.text == "\n\n".join(["Council approves budget", *PARAS])
    assert doc.title == "Council approves budget"
    assert doc.date == "2023-05-02"
    assert doc.site == "Example News"
    assert doc.uri == "page.html"
    assert doc.id == content_id(PAGE.encode())


def test_html_boilerplate_is_kept_in_order_once_and_without_scripts() -> None:
    doc = extract(html_doc(PAGE))
    assert doc.boilerplate == (
        "Home", "Politics", "Sport", "Share this story", "Related stories",
        "Buses return to the north", "Schools get new roofs", "Copyright 2023 Example News.",
        "Home | Privacy",
    )
    joined = " ".join(doc.boilerplate)
    assert "tracking" not in joined and "alert" not in joined and "Enable JS" not in joined
    assert not any(p in doc.boilerplate for p in PARAS)


def test_short_nav_words_inside_the_article_are_still_boilerplate() -> None:
    # "Sport" occurs inside an article word ("transport") but not as a word of its own
    doc = extract(html_doc(PAGE))
    assert "transport" in doc.text and "Sport" in doc.boilerplate


def test_given_id_url_and_title_win() -> None:
    doc = extract(html_doc(PAGE, id="my-id", url="https://news.example/x", title="Given"))
    assert (doc.id, doc.url, doc.title) == ("my-id", "https://news.example/x", "Given")
    assert extract(html_doc(PAGE, url="https://news.example/x")).id == "https://news.example/x"


def test_settings_reach_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    calls: list[dict[str, Any]] = []
    real = trafilatura.bare_extraction

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", spy)
    extract(html_doc(PAGE), ExtractSettings(favor_precision=False, include_comments=True))
    assert calls[0]["favor_precision"] is False
    assert calls[0]["include_comments"] is True


def test_html_in_cp1252_is_decoded() -> None:
    page = "<html><body><p>Le café – “quoted” – est très bon.</p></body></html>"
    assert extract(html_doc(page.encode("cp1252"))).text == "Le café – “quoted” – est très bon."


def test_html_fragment_is_accepted() -> None:
    assert extract(html_doc("<p>Hello there, world.</p>")).text == "Hello there, world."


def test_html_text_field_is_used_as_is() -> None:
    raw = RawDoc(uri="d.jsonl#L1", media_type="text/html", text=PAGE, id="x")
    assert extract(raw).text.endswith(PARAS[-1])


@pytest.mark.parametrize(
    ("html", "words"),
    [
        ("<html><body></body></html>", "no visible text"),
        ("<html><head><title>T</title></head><body><script>x()</script></body></html>",
         "no visible text"),
        ("   ", "no visible text"),
    ],
)
def test_page_without_text_raises_input_error(html: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        extract(html_doc(html))


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>unclosed <b>bold <i>italic <div>and more text here",
        "<html><body>" + "<div>" * 3000 + "deep text" + "</div>" * 3000 + "</body></html>",
        '<html><body><p title="' + "x" * 12_000_000 + '">Hi there</p></body></html>',
        "<html><body><p>" + "word " * 2_500_000 + "</p></body></html>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>xml declared</p></body></html>",
        "<html><body><p>a</p></html></body><p>after the end</p><<<>>>&&&;",
        "<table><tr><td>cell one</td><td>cell two</td></tr></table>",
        "<frameset><frame src='x'></frameset>",
    ],
)
def test_broken_or_huge_html_gives_doc_or_input_error(html: str) -> None:
    try:
        doc = extract(html_doc(html))
    except InputError:
        return
    assert doc.text.strip()


# --- plain text --------------------------------------------------------------------------


def test_plain_text_is_tidied() -> None:
    text = "Title line  \r\n\r\nFirst para\r\nstill first.   \r\n\r\n\r\n\r\n\r\nSecond.\n\n\n"
    assert normalise_plain(text) == "Title line\n\nFirst para\nstill first.\n\nSecond."


def test_lines_without_blank_lines_are_paragraphs() -> None:
    assert normalise_plain("One.\nTwo.\n\nThree.") == "One.\nTwo.\n\nThree."
    assert normalise_plain("One.\nTwo.\n   \nThree.") == "One.\nTwo.\n\nThree."
    assert normalise_plain("One.\nTwo.\nThree.\n") == "One.\n\nTwo.\n\nThree."


def test_plain_title_is_the_short_first_line_and_stays_in_the_text() -> None:
    doc = extract(text_doc("Budget passes\n\nThe council approved it."))
    assert doc.title == "Budget passes"
    assert doc.text.startswith("Budget passes\n\n")
    long_first = "word " * 60
    assert extract(text_doc(long_first + "\n\nmore")).title == ""
    assert extract(text_doc("x\n\ny", title="Given")).title == "Given"


def test_plain_bytes_in_cp1252_are_decoded() -> None:
    raw = RawDoc(uri="a.txt", media_type="text/plain", data="café – “quoted”".encode("cp1252"))
    assert extract(raw).text == "café – “quoted”"


def test_empty_text_raises_input_error() -> None:
    with pytest.raises(InputError, match="no text") as info:
        extract(text_doc(" \n\n \r\n"))
    assert info.value.uri == "a.txt"


def test_record_without_content_raises_input_error() -> None:
    with pytest.raises(InputError, match="neither"):
        extract(RawDoc(uri="x", media_type="text/plain"))


# --- ids ---------------------------------------------------------------------------------


def test_ids_agree_with_ingest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Some text.")
    (raw,) = iter_inputs([str(tmp_path / "a.txt")])
    assert isinstance(raw, RawDoc)
    bare = RawDoc(uri="elsewhere", media_type="text/plain", data=raw.data)
    assert extract(raw).id == doc_id_for(bare) == content_id(b"Some text.")
    assert doc_id_for(text_doc("Some text.")) == content_id(b"Some text.")
    assert doc_id_for(text_doc("x", id="i", url="u")) == "i"
    assert doc_id_for(text_doc("x", url="u")) == "u"


# --- properties --------------------------------------------------------------------------

_HTML_PIECES = st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<br>", "<script>", "</script>", "<style>", "<!--", "-->",
    "<html>", "<body>", "</body>", "<li>", "<a href='x'>", "</a>", "&amp;", "&#0;", "&#xD800;",
    "<meta charset='utf-16'>", "<meta charset='base64'>", "<?xml encoding='latin-1'?>",
    "Some words of text. ", "é", "\x00", "\r\n", " ", "<", ">", '"', "\u2028", "\ufeff",
])


def outcome_of(raw: RawDoc | InputFailure) -> Doc | InputFailure | InputError:
    if isinstance(raw, InputFailure):
        return raw
    try:
        return extract(raw)
    except InputError as exc:
        return exc


@given(st.binary(max_size=3000), st.sampled_from(["text/html", "text/plain"]))
@settings(max_examples=150, deadline=None)
def test_any_bytes_give_doc_or_input_error(data: bytes, media_type: str) -> None:
    raw = RawDoc(uri="x", media_type=media_type, data=data)  # type: ignore[arg-type]
    assert isinstance(outcome_of(raw), Doc | InputError)
    (ingested,) = iter_inputs(["-"], stdin=io.BytesIO(data))
    assert isinstance(outcome_of(ingested), Doc | InputFailure | InputError)


@given(st.text(max_size=1000), st.sampled_from(["text/html", "text/plain"]))
@settings(max_examples=150, deadline=None)
def test_any_text_gives_doc_or_input_error(text: str, media_type: str) -> None:
    raw = RawDoc(uri="x", media_type=media_type, text=text)  # type: ignore[arg-type]
    assert isinstance(outcome_of(raw), Doc | InputError)


@given(st.dictionaries(st.sampled_from(["id", "url", "title", "text", "html"]),
                       st.none() | st.integers() | st.text(max_size=300)))
@settings(max_examples=100, deadline=None)
def test_any_jsonl_record_gives_doc_or_a_reason(record: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.jsonl"
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        outcomes = [outcome_of(raw) for raw in iter_inputs([str(path)])]
    assert len(outcomes) == 1
    assert isinstance(outcomes[0], Doc | InputFailure | InputError)


def test_unpaired_surrogates_are_input_errors() -> None:
    for media_type in ("text/html", "text/plain"):
        with pytest.raises(InputError, match="surrogate"):
            extract(RawDoc(uri="x", media_type=media_type, text="<p>a\ud800b</p>"))


@given(st.lists(_HTML_PIECES, max_size=60).map("".join), st.sampled_from(["utf-8", "utf-16"]))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_markup_through_ingest_and_extract(markup: str, encoding: str) -> None:
    data = markup.encode(encoding, "surrogatepass")
    (raw,) = iter_inputs(["-"], stdin=io.BytesIO(data))
    result = outcome_of(raw)
    assert isinstance(result, Doc | InputFailure | InputError)
    if isinstance(result, Doc):
        assert result.text.strip() and "\n\n\n" not in result.text
        assert all(b.strip() == b and b for b in result.boilerplate)


@given(st.text(max_size=500))
@settings(max_examples=150, deadline=None)
def test_plain_text_paragraphs_are_separated_by_one_blank_line(text: str) -> None:
    body = normalise_plain(text)
    assert "\n\n\n" not in body and "\r" not in body
    assert body == body.strip("\n")
    assert all(line == line.rstrip() for line in body.split("\n"))


# --- real pages --------------------------------------------------------------------------


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = text.split()
    return {tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def shingle_f1(predicted: str, truth: str) -> float:
    pred, true = shingles(predicted), shingles(truth)
    both = len(pred & true)
    if not both:
        return 0.0
    precision, recall = both / len(pred), both / len(true)
    return 2 * precision * recall / (precision + recall)


@pytest.fixture(scope="module")
def zyte_pages(shared_dir: Path) -> list[tuple[RawDoc, str]]:
    folder = shared_dir / "corpora/scrapinghub-aeb"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for path in sorted((folder / "html").glob("*.html.gz"))[:10]:
        key = path.name.removesuffix(".html.gz")
        raw = RawDoc(uri=str(path), media_type="text/html", data=gzip.decompress(path.read_bytes()))
        pages.append((raw, truth[key]["articleBody"]))
    return pages


@pytest.mark.shared
def test_zyte_pages_extract_close_to_ground_truth(zyte_pages: list[tuple[RawDoc, str]]) -> None:
    scores = []
    for raw, truth in zyte_pages:
        doc = extract(raw)
        assert doc.text.strip(), raw.uri
        scores.append(shingle_f1(doc.text, truth))
    assert sum(scores) / len(scores) > 0.85, scores


@pytest.mark.shared
def test_zyte_boilerplate_is_apart_from_the_main_text(
    zyte_pages: list[tuple[RawDoc, str]],
) -> None:
    for raw, _ in zyte_pages:
        doc = extract(raw)
        paragraphs = set(doc.text.split("\n\n"))
        assert doc.boilerplate, raw.uri
        assert len(set(doc.boilerplate)) == len(doc.boilerplate)
        assert not paragraphs & set(doc.boilerplate), raw.uri
        assert doc.title and doc.id.startswith("sha1:")
