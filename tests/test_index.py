import sqlite3

import pytest
from conftest import ARTICLE, UNRELATED

from unspun.api import text_doc
from unspun.config import FingerprintSettings
from unspun.errors import IndexFormatError
from unspun.index import Index
from unspun.index.store import DB_NAME
from unspun.segment import segment


def _docs():
    return [text_doc(ARTICLE, id="port"), text_doc(UNRELATED, id="basil")]


def test_add_is_incremental_and_idempotent(tmp_path):
    with Index(tmp_path / "ix", create=True) as idx:
        r1 = idx.add(_docs())
        r2 = idx.add(_docs())
        assert (r1.added, r1.unchanged) == (2, 0)
        assert (r2.added, r2.updated, r2.unchanged) == (0, 0, 2)
        assert idx.count == 2
        r3 = idx.add([text_doc(ARTICLE + "\nA correction was appended.", id="port")])
        assert r3.updated == 1 and idx.count == 2
        src = idx.get("port")
        assert src is not None and src.segmented.text.endswith("appended.")


def test_replacing_a_source_keeps_tables_consistent(tmp_path):
    with Index(tmp_path / "ix", create=True) as idx:
        idx.add(_docs())
        before = idx.stats().rows
        idx.add([text_doc(ARTICLE.replace("Tuesday", "Monday"), id="port")])
        after = idx.stats().rows
        assert after["sources"] == before["sources"] == 2
        assert after["signatures"] == 2
        df = idx.store.conn.execute("SELECT MIN(df) FROM terms").fetchone()[0]
        assert df >= 0


def _lsh_rows(idx):
    """(channel, key, source id) of every LSH row; the id is "" for a row of no source."""
    return sorted(idx.store.conn.execute(
        "SELECT l.channel, l.key, COALESCE(s.id, '') FROM lsh l "
        "LEFT JOIN sources s ON s.rowid = l.source"))


@pytest.mark.parametrize("legacy_index", [False, True], ids=["no-source-index", "source-index"])
@pytest.mark.parametrize("settings", [FingerprintSettings(),
                                      FingerprintSettings(num_perm=64, word_threshold=0.5)],
                         ids=["default-settings", "own-settings"])
def test_replacing_a_source_removes_its_old_lsh_rows(tmp_path, legacy_index, settings):
    """The LSH rows of a replaced source are found by keys recomputed from its signatures
    with the index's settings (or, in an index made with an index on ``lsh(source)``, by
    that index): afterwards the table holds exactly the rows of an index built from the
    final texts."""
    plain = "the cat sat on the mat and then it went out again into the garden"
    first = [*_docs(), text_doc(plain, id="cat")]
    final = [text_doc(ARTICLE.replace("Tuesday", "Monday"), id="port"),
             text_doc(plain + " at noon", id="cat")]
    with Index(tmp_path / "ix", create=True, fingerprint=settings) as idx:
        if legacy_index:
            idx.store.conn.execute("CREATE INDEX lsh_source ON lsh(source)")
        idx.add(first)
        rows_before = _lsh_rows(idx)
        assert idx.add(final).updated == 2
        replaced = _lsh_rows(idx)
    with Index(tmp_path / "fresh", create=True, fingerprint=settings) as fresh:
        fresh.add([first[1], *final])
        expected = _lsh_rows(fresh)
    assert replaced == expected != rows_before
    assert {r[2] for r in rows_before} == {"port", "basil", "cat"}


def test_stored_segments_index_the_stored_text(tmp_path):
    with Index(tmp_path / "ix", create=True) as idx:
        idx.add(_docs())
        src = idx.get("port")
        assert src is not None
        text = src.segmented.text
        assert len(src.segmented.sentences) == 7
        for s in src.segmented.sentences:
            assert text[s.start : s.end].strip() == text[s.start : s.end]


def test_opening_a_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexFormatError, match="no unspun index"):
        Index(tmp_path / "nothing")


def test_other_format_version_is_refused(tmp_path):
    Index(tmp_path / "ix", create=True).close()
    conn = sqlite3.connect(tmp_path / "ix" / DB_NAME)
    conn.execute("UPDATE meta SET value='999' WHERE key='format_version'")
    conn.commit()
    conn.close()
    with pytest.raises(IndexFormatError, match="format 999"):
        Index(tmp_path / "ix")


def test_garbage_database_is_refused(tmp_path):
    (tmp_path / "ix").mkdir()
    (tmp_path / "ix" / DB_NAME).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(IndexFormatError):
        Index(tmp_path / "ix")


def test_a_failed_batch_leaves_the_index_as_it_was(tmp_path):
    """A crash mid-batch loses that batch only: the transaction rolls back."""
    with Index(tmp_path / "ix", create=True) as idx:
        idx.add([_docs()[0]])

        def exploding():
            yield text_doc(UNRELATED, id="basil")
            raise RuntimeError("crash while reading the next input")

        with pytest.raises(RuntimeError):
            idx.add(exploding(), batch_size=10)
    with Index(tmp_path / "ix") as idx:
        assert idx.count == 1
        assert idx.get("basil") is None


def test_fingerprint_settings_are_fixed_at_creation(tmp_path):
    from unspun.config import FingerprintSettings

    Index(tmp_path / "ix", create=True, fingerprint=FingerprintSettings(num_perm=64)).close()
    with Index(tmp_path / "ix") as idx:
        assert idx.settings.num_perm == 64
        assert idx.fingerprint(_seg()).word_sig.shape == (64,)


def _seg():
    from unspun.segment import segment

    return segment(ARTICLE)


def test_anchor_overlap_reads_only_the_query_terms_postings(tmp_path):
    # The overlap query must look postings up by term (the primary key), not scan every
    # posting of the index: a scan made retrieval time grow with the index's size.
    from unspun.index.store import OVERLAP_SQL

    with Index(tmp_path / "ix", create=True) as idx:
        idx.add([text_doc(ARTICLE, id="a"), text_doc(UNRELATED, id="u")])
        conn = idx.store.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS q(term INTEGER PRIMARY KEY, w REAL)")
        plan = " | ".join(row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + OVERLAP_SQL,
                                                           (20,)))
        assert "SEARCH p USING PRIMARY KEY" in plan, plan
        assert "SCAN p" not in plan, plan
        # and it ranks: the article's own terms find the article first
        known = idx.store.term_df(idx.fingerprint(segment(ARTICLE)).terms)
        ranked = idx.store.weighted_overlap({tid: 1.0 for tid, _ in known.values()}, 20)
        assert idx.store.id_of(ranked[0][0]) == "a"
        assert ranked[0][1] == len(known)


def test_anchor_overlap_reads_the_rarest_terms_within_a_postings_budget(tmp_path, monkeypatch):
    # The overlap query's time is the postings it reads; the rare terms carry the weight.
    import unspun.retrieve as retrieve
    from unspun.segment import sentences

    spans = sentences(ARTICLE)
    with Index(tmp_path / "ix", create=True) as idx:
        # the article's opening sentences recur in five other sources: their anchors are common
        idx.add([text_doc(ARTICLE, id="a")] + [
            text_doc(ARTICLE[: spans[k].end] + "\n\n" + UNRELATED, id=f"part{k}")
            for k in range(1, 6)])
        seen: list[dict[int, float]] = []
        real = idx.store.weighted_overlap
        monkeypatch.setattr(idx.store, "weighted_overlap",
                            lambda w, limit: seen.append(dict(w)) or real(w, limit))
        monkeypatch.setattr(retrieve, "POSTINGS_BUDGET", 12)
        r = retrieve.Retriever.for_index(idx)
        assert r.candidates(segment(ARTICLE))[0].doc_id == "a"
        df = {tid: d for tid, d in idx.store.term_df(
            idx.fingerprint(segment(ARTICLE)).terms).values()}
        used = seen[-1]
        assert used and sum(df[t] for t in used) <= 12
        assert max(df[t] for t in used) <= min(df[t] for t in df if t not in used)
        assert len(used) < len(df)  # the budget left common terms out
