from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.config import IngestSettings
from unspun.errors import InputError
from unspun.ingest import content_id, decode_bytes, iter_inputs
from unspun.records import InputFailure, RawDoc

ARTICLE = "The council approved the budget on Monday.\n\nIt takes effect in May.\n"
PAGE = "<html><head><title>T</title></head><body><p>Hello there, world.</p></body></html>"


def run(*inputs: str | Path, **kwargs: object) -> list[RawDoc | InputFailure]:
    return list(iter_inputs([str(i) for i in inputs], **kwargs))  # type: ignore[arg-type]


def only(outcomes: list[RawDoc | InputFailure]) -> RawDoc:
    assert len(outcomes) == 1, outcomes
    (outcome,) = outcomes
    assert isinstance(outcome, RawDoc), outcome
    return outcome


def failure(outcomes: list[RawDoc | InputFailure]) -> InputFailure:
    assert len(outcomes) == 1, outcomes
    (outcome,) = outcomes
    assert isinstance(outcome, InputFailure), outcome
    return outcome


# --- files -------------------------------------------------------------------------------


def test_text_file_gives_raw_bytes_with_a_content_id(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    raw = only(run(path))
    assert raw == RawDoc(uri=str(path), media_type="text/plain", data=ARTICLE.encode(),
                         id=content_id(ARTICLE.encode()))
    assert raw.id is not None and raw.id.startswith("sha1:") and len(raw.id) == 5 + 16


def test_same_content_gives_same_id_wherever_it_lies(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "one.md").write_text(ARTICLE)
    (tmp_path / "x" / "two.txt").write_text(ARTICLE)
    first, second = run(tmp_path / "one.md", tmp_path / "x" / "two.txt")
    assert isinstance(first, RawDoc) and isinstance(second, RawDoc)
    assert first.id == second.id
    assert first.uri != second.uri


@pytest.mark.parametrize("name", ["p.html", "p.htm", "P.HTML"])
def test_html_files_are_html(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(PAGE)
    assert only(run(tmp_path / name)).media_type == "text/html"


def test_explicit_file_of_unknown_type_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "page").write_text(PAGE)
    (tmp_path / "notes").write_text(ARTICLE)
    page, notes = run(tmp_path / "page", tmp_path / "notes")
    assert isinstance(page, RawDoc) and page.media_type == "text/html"
    assert isinstance(notes, RawDoc) and notes.media_type == "text/plain"


def test_missing_path_is_a_failure_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    outcome = failure(run(missing))
    assert outcome.uri == str(missing)
    assert "no such file" in outcome.reason


def test_batch_goes_on_after_bad_inputs(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "empty.txt").write_bytes(b"")
    outcomes = run(tmp_path / "missing.txt", tmp_path / "empty.txt", tmp_path / "good.txt")
    assert [type(o) for o in outcomes] == [InputFailure, InputFailure, RawDoc]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL"),
        (bytes(range(1, 9)) * 20, "control bytes"),
    ],
)
def test_empty_and_binary_files_are_refused(tmp_path: Path, data: bytes, words: str) -> None:
    (tmp_path / "f.txt").write_bytes(data)
    assert words in failure(run(tmp_path / "f.txt")).reason


def test_utf16_text_with_bom_is_not_taken_for_binary(tmp_path: Path) -> None:
    (tmp_path / "u.txt").write_bytes("\ufeffHello there".encode("utf-16-le"))
    raw = only(run(tmp_path / "u.txt"))
    assert raw.data is not None
    assert decode_bytes(raw.data, raw.uri) == "Hello there"


def test_size_limit_is_checked_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "big.txt").write_bytes(b"word " * 100)

    def refuse(self: Path) -> bytes:
        raise AssertionError("read a file over the limit")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    outcome = failure(run(tmp_path / "big.txt", settings=IngestSettings(max_bytes=100)))
    assert "over the limit of 100" in outcome.reason


# --- gzip --------------------------------------------------------------------------------


def test_gzip_files_are_decompressed(tmp_path: Path) -> None:
    (tmp_path / "p.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    page, text = run(tmp_path / "p.html.gz", tmp_path / "a.txt.gz")
    assert isinstance(page, RawDoc) and page.media_type == "text/html"
    assert page.data == PAGE.encode()
    assert isinstance(text, RawDoc) and text.media_type == "text/plain"
    # the id is the hash of the content, compressed or not
    assert text.id == content_id(ARTICLE.encode())


@pytest.mark.parametrize(
    "data",
    [b"not gzip at all", gzip.compress(ARTICLE.encode())[:20], b"\x1f\x8b\x08\x00garbage"],
)
def test_corrupt_gzip_is_a_failure(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "bad.txt.gz").write_bytes(data)
    assert "gzip" in failure(run(tmp_path / "bad.txt.gz")).reason


def test_gzip_bomb_is_stopped_at_the_limit(tmp_path: Path) -> None:
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 100_000))
    outcome = failure(run(tmp_path / "bomb.txt.gz", settings=IngestSettings(max_bytes=1000)))
    assert "decompresses to more than" in outcome.reason


# --- directories and globs ---------------------------------------------------------------


def make_tree(root: Path) -> None:
    for name in ["b.txt", "a/z.html", "a/b/c.md", "a-b.txt", ".hidden.txt", ".git/x.txt",
                 "a/notes.pdf", "a/d.html.gz"]:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = gzip.compress(PAGE.encode()) if name.endswith(".gz") else name.encode()
        path.write_bytes(data)


def test_directory_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    make_tree(tmp_path)
    uris = [o.uri for o in run(tmp_path)]
    assert uris == [str(tmp_path / n) for n in ["a/b/c.md", "a/d.html.gz", "a/z.html",
                                               "a-b.txt", "b.txt"]]


def test_directory_order_does_not_depend_on_creation_order(tmp_path: Path) -> None:
    for name in ["z.txt", "m.txt", "a.txt"]:
        (tmp_path / name).write_text(name)
    assert [Path(o.uri).name for o in run(tmp_path)] == ["a.txt", "m.txt", "z.txt"]


def test_directory_without_supported_files_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    assert "no supported files" in failure(run(tmp_path)).reason


def test_glob_patterns_expand_recursively(tmp_path: Path) -> None:
    make_tree(tmp_path)
    uris = [o.uri for o in run(f"{tmp_path}/**/*.txt")]
    assert uris == [str(tmp_path / "a-b.txt"), str(tmp_path / "b.txt")]
    uris = [o.uri for o in run(f"{tmp_path}/a/*")]
    assert [Path(u).name for u in uris] == ["c.md", "d.html.gz", "z.html"]


def test_glob_without_matches_is_a_failure(tmp_path: Path) -> None:
    outcome = failure(run(f"{tmp_path}/*.html"))
    assert outcome.uri == f"{tmp_path}/*.html"
    assert "matches no" in outcome.reason


# --- stdin -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (PAGE.encode(), "text/html"),
        (b"\n  <!DOCTYPE html><p>x</p>", "text/html"),
        (b"<div class='a'>Some text</div>", "text/html"),
        (ARTICLE.encode(), "text/plain"),
        (b"Use a < b and c > d in text.", "text/plain"),
        (gzip.compress(PAGE.encode()), "text/html"),
    ],
)
def test_stdin_is_sniffed(data: bytes, media_type: str) -> None:
    raw = only(run("-", stdin=io.BytesIO(data)))
    assert raw.uri == "<stdin>"
    assert raw.media_type == media_type


def test_stdin_over_the_limit_is_refused() -> None:
    outcome = failure(run("-", stdin=io.BytesIO(b"x" * 50), settings=IngestSettings(40)))
    assert "limit of 40" in outcome.reason


# --- JSONL and CSV -----------------------------------------------------------------------


def test_jsonl_gives_one_doc_per_line_and_survives_a_broken_line(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "a1", "url": "https://x.org/1", "title": "One", "text": ARTICLE}),
        '{"id": "a2", "text": "broken',
        "",
        json.dumps({"url": "https://x.org/3", "html": PAGE}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "no id or url"}),
        json.dumps({"id": 7, "title": "no body"}),
        json.dumps({"id": 8, "text": 42}),
        json.dumps({"id": 9, "text": "   "}),
    ]
    path.write_text("\n".join(lines) + "\n")
    outcomes = run(path)
    assert outcomes[0] == RawDoc(uri=f"{path}#L1", media_type="text/plain", text=ARTICLE,
                                 id="a1", url="https://x.org/1", title="One")
    assert outcomes[1] == InputFailure(f"{path}:line 2", outcomes[1].reason)
    assert "not valid JSON" in outcomes[1].reason
    third = outcomes[2]
    assert isinstance(third, RawDoc)
    assert (third.uri, third.media_type, third.id) == (f"{path}#L4", "text/html",
                                                       "https://x.org/3")
    assert "JSON object" in failure(outcomes[3:4]).reason
    assert only(outcomes[4:5]).id == content_id("no id or url")
    assert "no 'text' or 'html'" in failure(outcomes[5:6]).reason
    assert "must be a string" in failure(outcomes[6:7]).reason
    assert "empty" in failure(outcomes[7:8]).reason
    assert [o.uri for o in outcomes[3:]] == [
        f"{path}:line 5", f"{path}#L6", f"{path}:line 7", f"{path}:line 8", f"{path}:line 9"]


def test_jsonl_text_with_unpaired_surrogate_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "s.jsonl").write_text('{"text": "bad \\ud800 text"}\n')
    assert "surrogate" in failure(run(tmp_path / "s.jsonl")).reason


def test_jsonl_line_over_the_limit_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl.gz"
    lines = [json.dumps({"text": "x" * 500}), json.dumps({"text": "short one"})]
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    outcomes = run(path, settings=IngestSettings(max_bytes=100))
    assert "over the limit" in failure(outcomes[:1]).reason
    assert only(outcomes[1:]).text == "short one"


def test_empty_jsonl_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "e.jsonl").write_text("\n\n")
    assert "no records" in failure(run(tmp_path / "e.jsonl")).reason


def test_csv_with_html_column(tmp_path: Path) -> None:
    path = tmp_path / "pages.csv"
    big = "<p>" + "long paragraph " * 20_000 + "</p>"  # over csv's default 128 KiB field limit
    path.write_text(
        "ID,URL,Title,HTML\n"
        f'p1,https://x.org/a,A,"{PAGE.replace(chr(34), chr(34) * 2)}"\n'
        f"p2,,B,{big}\n"
        '"p3",,"multi\nline title","<p>a, b</p>"\n',
        encoding="utf-8",
    )
    outcomes = run(path)
    docs = [only([o]) for o in outcomes]
    assert [(d.id, d.uri, d.media_type) for d in docs] == [
        ("p1", f"{path}#row1", "text/html"),
        ("p2", f"{path}#row2", "text/html"),
        ("p3", f"{path}#row3", "text/html"),
    ]
    assert docs[0].text == PAGE and docs[0].url == "https://x.org/a"
    assert docs[1].url is None and docs[1].text == big
    assert docs[2].title == "multi\nline title"


def test_csv_bad_rows_are_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(
        b"id,text\n"
        b"1,first text\n"
        b"2,caf\xe9 not utf-8\n"
        b"3,too,many,fields\n"
        b"4,\n"
        b"5,last text\n"
    )
    outcomes = run(path)
    assert [type(o).__name__ for o in outcomes] == ["RawDoc", "InputFailure", "InputFailure",
                                                    "InputFailure", "RawDoc"]
    assert outcomes[1].uri == f"{path}:row 2" and "UTF-8" in outcomes[1].reason
    assert outcomes[2].uri == f"{path}:row 3" and "fields" in outcomes[2].reason
    assert only(outcomes[4:]).text == "last text"


def test_csv_row_over_the_limit_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,text\n1," + "x" * 300 + "\n2,fine\n")
    outcomes = run(path, settings=IngestSettings(max_bytes=100))
    assert outcomes[0].uri == f"{path}:row 1" and "limit" in outcomes[0].reason
    assert only(outcomes[1:]).text == "fine"


def test_csv_without_text_column_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("id,body\n1,x\n")
    assert "no 'text' or 'html' column" in failure(run(tmp_path / "t.csv")).reason


# --- decoding ----------------------------------------------------------------------------


def test_cp1252_decodes_correctly() -> None:
    text = "café – “quoted” and it’s fine"
    assert decode_bytes(text.encode("cp1252"), "x") == text


def test_short_cp1252_snippets_are_not_read_as_other_code_pages() -> None:
    for text in ["naïve déjà vu", "x – y", "café – “quoted”"]:
        assert decode_bytes(text.encode("cp1252"), "x") == text


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("\ufeffBOM text ü".encode(), "BOM text ü"),
        ("\ufeffwide ü".encode("utf-16-be"), "wide ü"),
        ("\ufeffwider ü".encode("utf-32-le"), "wider ü"),
    ],
)
def test_decode_bytes_strips_byte_order_marks(data: bytes, text: str) -> None:
    assert decode_bytes(data, "x") == text


@pytest.mark.parametrize(
    ("page", "encoding"),
    [
        ('<meta charset="windows-1251"><p>Привет мир</p>', "cp1251"),
        # latin-1 labels mean windows-1252 on the web (curly quotes are 0x93 / 0x94)
        ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">“q”', "cp1252"),
        ('<?xml version="1.0" encoding="iso-8859-1"?><p>\x81 undefined in cp1252</p>', "latin-1"),
        # a page labelled latin-1 but served as UTF-8 is read as UTF-8, not as mojibake
        ('<meta charset="iso-8859-1"><p>café</p>', "utf-8"),
        ('<meta charset="base64"><p>café</p>', "utf-8"),
    ],
)
def test_decode_bytes_follows_declarations(page: str, encoding: str) -> None:
    assert decode_bytes(page.encode(encoding), "x") == page


def test_decode_bytes_refuses_binary() -> None:
    with pytest.raises(InputError, match="binary") as info:
        decode_bytes(b"PK\x03\x04\x00\x00binary", "f.zip")
    assert info.value.uri == "f.zip"


@given(st.binary(max_size=2000))
@settings(max_examples=200, deadline=None)
def test_decode_bytes_gives_text_or_input_error(data: bytes) -> None:
    try:
        assert isinstance(decode_bytes(data, "x"), str)
    except InputError as exc:
        assert exc.uri == "x" and exc.reason


@given(st.binary(max_size=2000))
@settings(max_examples=200, deadline=None)
def test_any_bytes_on_stdin_give_one_raw_doc_or_failure(data: bytes) -> None:
    (outcome,) = run("-", stdin=io.BytesIO(data))
    assert isinstance(outcome, RawDoc | InputFailure)


@pytest.mark.shared
def test_cp1252_answers_of_the_plagiarism_corpus_decode(shared_dir: Path) -> None:
    data = (shared_dir / "corpora/clough-stevenson/g1pB_taskb.txt").read_bytes()
    assert "A website’s page" in decode_bytes(data, "g1pB_taskb.txt")


@pytest.mark.shared
def test_shared_html_directory_ingests_without_failures(shared_dir: Path) -> None:
    outcomes = run(shared_dir / "corpora/scrapinghub-aeb/html")
    assert len(outcomes) == 181
    assert all(isinstance(o, RawDoc) and o.media_type == "text/html" for o in outcomes)
    assert len({o.id for o in outcomes}) == 181
