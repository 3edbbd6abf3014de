"""Families over a crawl: verification, originals, parents, outputs, engines."""

from __future__ import annotations

import json

import pytest
from conftest import ARTICLE, SPUN_ARTICLE, UNRELATED

from unspun.api import text_doc
from unspun.families import ClusterSettings, cluster, family_json, write_outputs
from unspun.families.components import UnionFind, components, family_id
from unspun.families.lineage import parents

# An independent report of the same event: same names and numbers, its own sentences.
SAME_STORY = """Port Kestrel to grow after $2.4 billion vote

Port Kestrel will get two new container berths by 2029 after its authority backed a $2.4 billion plan on Tuesday by 7 votes to 2.
Critics from the Coastal Futures Trust say the dredging threatens seagrass, and they plan to appeal.
Miriam Okafor, who chairs the authority, has argued for the berths since 2021.
Local fishers told reporters they had not been consulted about the Ministry of Transport permit."""

OTHER = """A sourdough starter needs feeding twice a day

Mix equal weights of flour and water and keep the jar somewhere warm.
After a week the starter should double within six hours of a feed.
Discard half before each feed, or the jar will overflow by the weekend.
Rye flour wakes a sluggish starter faster than white flour does."""

FOOTER = "\n\nSubscribe to our newsletter for the latest local news. Follow us on social media and share this story with friends."


def _excerpt(text: str, lines: int) -> str:
    return "\n".join(text.split("\n")[:lines])


def _spam(text: str) -> str:
    parts = text.split("\n")
    kw = " best immigration consultants in delhi."
    return "\n".join(p + kw if i in (2, 4, 6) else p for i, p in enumerate(parts)) + (
        "\n\nWhatsApp us on +91 98100 12345 for the best immigration consultants in delhi.")


@pytest.fixture(scope="module")
def crawl():
    docs = [
        text_doc(ARTICLE, id="orig", uri="orig"),
        text_doc(SPUN_ARTICLE, id="spun", uri="spun"),
        text_doc(_excerpt(ARTICLE, 5), id="excerpt", uri="excerpt"),
        text_doc(_spam(ARTICLE), id="spam", uri="spam"),
        text_doc(SAME_STORY, id="same-story", uri="same-story"),
        text_doc(UNRELATED + FOOTER, id="basil", uri="basil"),
        text_doc(OTHER + FOOTER, id="bread", uri="bread"),
    ]
    return docs


@pytest.fixture(scope="module")
def result(crawl, tmp_path_factory):
    out = tmp_path_factory.mktemp("fam")
    res = cluster(crawl, out)
    write_outputs(res, out)
    return res, out


def test_copies_join_one_family_and_lookalikes_stay_out(result):
    res, _ = result
    assert len(res.families) == 1
    fam = res.families[0]
    assert {m.id for m in fam.members} == {"orig", "spun", "excerpt", "spam"}


def test_original_is_chosen_from_evidence(result):
    fam = result[0].families[0]
    assert fam.original_present
    assert fam.root == "orig"
    roles = {m.id: m.role for m in fam.members}
    assert roles == {"orig": "original", "spun": "copy", "excerpt": "copy", "spam": "copy"}
    by_id = {m.id: m for m in fam.members}
    assert by_id["spun"].rewrite == "spun"
    assert by_id["excerpt"].source_coverage < 0.8 < by_id["excerpt"].coverage
    assert by_id["spam"].injected >= 1
    assert all(by_id[i].parent == "orig" for i in ("spun", "excerpt", "spam"))


def test_outputs_follow_the_schema(result):
    res, out = result
    lines = (out / "families.jsonl").read_text().splitlines()
    assert len(lines) == 1
    rec = json.loads(lines[0])
    assert rec["family"] == family_id(["orig", "spun", "excerpt", "spam"])
    assert rec["original_present"] is True
    for m in rec["members"]:
        assert {"id", "uri", "role", "rewrite", "coverage", "parent"} <= set(m)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["family_sizes"] == {"4": 1}
    assert summary["documents"] == 7
    html = (out / "families.html").read_text()
    reports = [m["report"] for m in rec["members"] if m["report"]]
    assert len(reports) == 3
    for r in reports:
        assert (out / r).is_file() and f'href="{r}"' in html


def test_families_do_not_depend_on_input_order(crawl, result, tmp_path):
    # ``edges`` (which links were verified) may differ with the order; nothing else may
    again = cluster(list(reversed(crawl)), tmp_path, settings=ClusterSettings(reports=False))

    def strip(res):
        return [{**f, "edges": None, "members": [{**m, "report": None} for m in f["members"]]}
                for f in map(family_json, res.families)]

    assert strip(again) == strip(result[0])


def test_union_find_is_order_free():
    edges = [(5, 3), (3, 1), (7, 8)]
    assert components(10, edges) == components(10, list(reversed(edges))) == [[1, 3, 5], [7, 8]]
    uf = UnionFind(4)
    uf.union(3, 2)
    assert uf.find(3) == 2


def test_parents_from_shared_mutations():
    base = {("s", i, "x") for i in range(10)}
    muts = {
        "a": frozenset(base),                                       # spun from the root
        "b": frozenset(base | {("s", 100, "y"), ("u", 0, "ad")}),   # repost of a, with changes
        "c": frozenset({("s", i, "z") for i in range(12)}),         # spun independently
    }
    got = parents(muts, "root")
    assert got["a"][0] == "root" and got["c"][0] == "root"
    assert got["b"][0] == "a"


def test_absent_original_makes_siblings():
    # two different halves of an article that is not in the crawl, with a shared middle
    lines = ARTICLE.split("\n")
    first = "\n".join(lines[:5])
    second = "\n".join([lines[0], *lines[3:]])
    res = cluster([text_doc(first, id="x"), text_doc(second, id="y")],
                  settings=ClusterSettings(reports=False))
    assert len(res.families) == 1
    fam = res.families[0]
    assert not fam.original_present
    assert all(m.role == "copy" and m.parent is None for m in fam.members)
