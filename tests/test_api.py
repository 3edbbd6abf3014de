import pytest
from conftest import ARTICLE, UNRELATED

import unspun
from unspun.errors import InputError


def test_compare_strings_gives_one_copy_match():
    rep = unspun.compare("Preface.\n" + ARTICLE, ARTICLE)
    (m,) = rep.matches
    assert m.verdict == "copy"
    assert m.alignment.coverage_source == 1.0


def test_compare_unrelated_gives_no_match():
    assert unspun.compare(UNRELATED, ARTICLE).matches == ()


def test_index_and_trace_round_trip(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "port.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "src" / "basil.txt").write_text(UNRELATED, encoding="utf-8")
    with unspun.Index(tmp_path / "ix", create=True) as index:
        result = index.add(unspun.load_docs([str(tmp_path / "src")]))
        assert result.added == 2
        report = unspun.trace(index, ARTICLE.replace("Tuesday", "Monday"))
    data = unspun.to_json(report)
    assert data["matches"][0]["source"]["uri"].endswith("port.txt")
    assert data["matches"][0]["verdict"] == "copy"


def test_load_docs_names_the_bad_input(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    with pytest.raises(InputError, match="bad.txt"):
        list(unspun.load_docs([str(bad)]))


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError):
        unspun.no_such_thing  # noqa: B018
