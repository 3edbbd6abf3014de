"""Listing and searching an index's sources, and a long-lived reader seeing another
connection's writes (``Index.sources``, ``Index.refresh``)."""

from __future__ import annotations

from unspun.api import text_doc
from unspun.index import Index


def _docs():
    return [text_doc("Rain fell on the 100% wet_town today.", id="a_1", uri="rain.txt",
                     title="Rain in Town"),
            text_doc("The council voted on the harbour plan.", id="b%2", uri="http://x.org/b",
                     title="Council vote"),
            text_doc("Wheat prices rose after the drought.", id="c", uri="c.txt",
                     title="Wheat")]


def test_sources_are_searched_by_id_uri_and_title_with_wildcards_taken_literally(tmp_path):
    with Index(tmp_path / "ix", create=True) as idx:
        idx.add(_docs())
        everything = idx.sources()
        assert everything.total == 3 and [s.id for s in everything.sources] == ["a_1", "b%2", "c"]
        assert [s.id for s in idx.sources("_").sources] == ["a_1"]  # not "any one character"
        assert [s.id for s in idx.sources("%").sources] == ["b%2"]
        assert [s.id for s in idx.sources("X.ORG").sources] == ["b%2"]  # uri, any case
        assert [s.id for s in idx.sources("wheat").sources] == ["c"]  # title
        assert idx.sources("nothing like it").total == 0
        page = idx.sources(offset=1, limit=1)
        assert page.total == 3 and page.offset == 1 and [s.id for s in page.sources] == ["b%2"]
        assert page.sources[0].title == "Council vote" and page.sources[0].tokens > 0


def test_refresh_sees_sources_another_connection_added(tmp_path):
    with Index(tmp_path / "ix", create=True) as writer, Index(tmp_path / "ix") as reader:
        writer.add(_docs()[:1])
        assert reader.count == 1
        writer.add(_docs()[1:])
        assert reader.count == 1  # cached
        reader.refresh()
        assert reader.count == 3
