from conftest import ARTICLE, SPUN_ARTICLE, UNRELATED

from unspun.align import Aligner
from unspun.api import text_doc
from unspun.index import Index
from unspun.retrieve import Retriever
from unspun.segment import segment

OTHER = """Council approves new cycle lanes on King Street

The city council voted 9 to 4 on Monday to build protected cycle lanes along King Street.
Councillor Dana Whitlock said the $3.2 million scheme would be finished by October.
Shop owners warned that losing 40 parking spaces would hurt trade."""


def _index(tmp_path):
    idx = Index(tmp_path / "ix", create=True)
    idx.add([text_doc(ARTICLE, id="port"), text_doc(UNRELATED, id="basil"),
             text_doc(OTHER, id="cycle")])
    return idx


def test_verbatim_copy_is_found_by_every_channel(tmp_path):
    with _index(tmp_path) as idx:
        cands = Retriever(idx).candidates(segment(ARTICLE))
        assert cands[0].doc_id == "port"
        assert set(cands[0].channels) == {"word", "anchor", "anchors_idf"}
        assert cands[0].word_jaccard > 0.9


def test_spun_copy_is_found_by_anchors_not_words(tmp_path):
    spun = SPUN_ARTICLE
    with _index(tmp_path) as idx:
        cands = {c.doc_id: c for c in Retriever(idx).candidates(segment(spun))}
        assert "anchor" in cands["port"].channels or "anchors_idf" in cands["port"].channels
        assert cands["port"].word_jaccard < 0.5
        report = Retriever(idx).trace(text_doc(spun))
        assert report.matches[0].source.id == "port"
        assert report.matches[0].verdict == "copy"


def test_unrelated_query_gets_no_copy(tmp_path):
    query = "Tips for training a puppy\n\nReward calm behaviour with treats and keep lessons short."
    with _index(tmp_path) as idx:
        report = Retriever(idx).trace(text_doc(query))
        assert all(m.verdict != "copy" for m in report.matches)


def test_report_warns_when_no_thesaurus(tmp_path):
    with _index(tmp_path) as idx:
        report = Retriever(idx, Aligner(thesaurus=None)).trace(text_doc(ARTICLE))
        assert any("thesaurus" in w for w in report.warnings)


def test_an_indexed_page_is_traced_without_itself(tmp_path):
    with _index(tmp_path) as idx:
        ret = Retriever(idx)
        assert ret.trace(text_doc(ARTICLE)).matches[0].source.id == "port"
        without = ret.trace(text_doc(ARTICLE), exclude={"port"})
        assert all(m.source.id != "port" for m in without.matches)
        assert all(m.verdict != "copy" for m in without.matches)
