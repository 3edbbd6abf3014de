"""Families over a crawl: verification, originals, parents, outputs, engines."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, SPUN_ARTICLE, UNRELATED

from unspun.api import text_doc
from unspun.cli.main import cli
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


def test_a_second_run_into_the_same_folder_reads_its_own_pages(tmp_path):
    """Workers keep their store and prepared pages between tasks; a run into a folder that a
    past run used (in the same process, as a long-lived Dask worker would be) must see only
    its own pages."""
    settings = ClusterSettings(reports=False)
    first = cluster([text_doc(ARTICLE, id="a"), text_doc(SPUN_ARTICLE, id="b"),
                     text_doc(OTHER, id="c")], tmp_path, settings=settings)
    assert [sorted(m.id for m in f.members) for f in first.families] == [["a", "b"]]
    # Same ids and positions, other texts: only the last two are copies now.
    second = cluster([text_doc(OTHER, id="a"), text_doc(UNRELATED, id="b"),
                      text_doc(UNRELATED + FOOTER, id="c")], tmp_path, settings=settings)
    assert [sorted(m.id for m in f.members) for f in second.families] == [["b", "c"]]


def test_union_find_is_order_free():
    edges = [(5, 3), (3, 1), (7, 8)]
    assert components(10, edges) == components(10, list(reversed(edges))) == [[1, 3, 5], [7, 8]]
    uf = UnionFind(4)
    uf.union(3, 2)
    assert uf.find(3) == 2


def _subs(sites: range, word: str, sentence: int = 0) -> set:
    """Mutations of substituting the root words at ``sites`` with ``word``+site."""
    return {m for i in sites for m in (("-", sentence, i, ""), ("+", sentence, 0, f"{word}{i}"))}


def test_parents_from_shared_derived_mutations():
    spun = _subs(range(10), "x") | _subs(range(20, 26), "x", sentence=1)
    muts = {
        "spun": frozenset(spun),
        # a repost of it with an ad sentence of its own
        "repost": frozenset(spun | {("u", -1, 0, "buy now")}),
        # a repost that drops root sentence 1, and with it the spun words there
        "cut": frozenset(_subs(range(10), "x") | {("c", 1, 0, "")}),
        # a re-spin: four of the first spin's words replaced again, and new ones
        "respin": frozenset((spun - _subs(range(4), "x")) | _subs(range(4), "y")
                            | _subs(range(30, 36), "y", sentence=2)),
        "independent": frozenset(_subs(range(12), "z")),   # spun from the root by another
    }
    got = parents(muts, "root")
    assert got["spun"][0] == "root" and got["independent"][0] == "root"
    assert got["repost"][0] == "spun"
    assert got["cut"][0] == "spun"      # a cut is missing data, not a loss of mutations
    assert got["respin"][0] == "spun"   # not the repost: its ad is not in the re-spin


def test_mutations_are_words_whatever_the_phrase_merging():
    from unspun.families.lineage import mutations
    from unspun.records import AlignedPair, Alignment, Edit, Span
    from unspun.segment import segment

    root = "The cat sat on the mat today."

    def script(copy: str, edits: list[Edit]) -> frozenset:
        pair = AlignedPair(Span(0, len(copy)), Span(0, len(root)), (0,), (0,), 0.8,
                           tuple(edits))
        return mutations(Alignment((pair,), 1.0, 1.0, 1.0, 0.8), segment(copy), segment(root))

    # "cat" -> "feline" alone in one copy, merged with "sat" -> "perched" in the other
    a = script("The feline sat on the mat today.",
               [Edit("substitute", 4, 10, 4, 7, "feline", "cat")])
    b = script("The feline perched on the mat today.",
               [Edit("substitute", 4, 18, 4, 11, "feline perched", "cat sat")])
    assert a < b and a == {("-", 0, 4, ""), ("+", 0, 0, "feline")}


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


@pytest.mark.shared
@pytest.mark.slow
def test_seeds_in_a_crawl_are_one_family_of_siblings(shared_dir, tmp_path):
    """The issue's done-when check: the seeds among the 181 Zyte pages, on the local engine
    (extracting the pages is most of its time; test_cluster_dask compares the engines on a
    small crawl)."""
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, [
        "cluster", str(shared_dir / "seeds"), str(shared_dir / "corpora/scrapinghub-aeb/html"),
        "--out", str(out), "--engine", "local"])
    assert res.exit_code == 0, res.output
    families = [json.loads(line) for line in (out / "families.jsonl").read_text().splitlines()]
    seeds = [f for f in families if any("seeds" in m["uri"] for m in f["members"])]
    assert len(seeds) == 1
    fam = seeds[0]
    assert sorted(m["uri"].rsplit("/", 1)[1] for m in fam["members"]) == [
        "000_11c44ce9312f75e5.txt", "001_7c222306f526e159.txt"]
    assert fam["original_present"] is False
    assert all(m["role"] == "copy" and m["parent"] is None for m in fam["members"])
    summary = json.loads((out / "summary.json").read_text())
    assert summary["documents"] == 183
    assert "families.jsonl" in res.output


@pytest.mark.shared
@pytest.mark.slow
def test_parents_of_generated_second_generation_copies(benchmark, thesaurus, shared_dir,
                                                       quality_floors):
    """A small quality gate on benchmarks/cluster.py's generated families (the first ten
    real articles; five of them with a repost, a re-spin and a spammed repost of their spun
    copy). Measured: 14/15 second-generation parents right (12/15 with the earlier rule, which
    took a sibling repost for the parent), 48/50 first-generation ones."""
    from unspun.lexicon import load_tortured_phrases

    bench = benchmark("cluster")
    tortured = load_tortured_phrases(
        shared_dir / "corpora" / "tortured-phrases" / "tortured_dev.csv")
    floors = quality_floors["families"]
    docs, truth = bench.quality_docs(floors["families"], 0, thesaurus, tortured)
    res = cluster(docs, settings=ClusterSettings(reports=False))
    q = bench.evaluate(res, docs, truth)
    assert q["second_generation_copies"] == 15
    for key in ("parent_accuracy", "first_generation_parent_accuracy", "ari",
                "original_accuracy"):
        assert q[key] >= floors[key], (key, q)


def test_sibling_shared_counts_what_another_member_also_holds():
    from unspun.families.original import sibling_shared

    sh = {"root": {("a",), ("b",), ("c",)}, "x": {("a",), ("b",), ("p",), ("q",)},
          "y": {("a",), ("p",), ("r",)}}
    shared = sibling_shared("root", ["x", "y"], sh)
    # x lacks p and q in the root; y holds p: half. y lacks p and r; x holds p: half.
    assert shared == {"x": 0.5, "y": 0.5}
    assert sibling_shared("root", ["x"], {"root": {("a",)}, "x": {("a",)}}) == {"x": 0.0}


def test_own_text_of_one_copy_does_not_make_the_original_absent():
    from unspun.families.original import SIBLING_SHARE, MemberFacts, original_absent

    root = MemberFacts("o", None, 0, False)
    contained = {"x": 0.5, "y": 0.9}  # x added as much text again of its own
    assert original_absent(root, contained, 0.7, {"x": 0.0, "y": 0.0}) == ()
    (why,) = original_absent(root, contained, 0.7, {"x": SIBLING_SHARE, "y": 0.0})
    assert "x's text" in why
    # two members: nothing to corroborate with, the share alone decides
    assert original_absent(root, {"x": 0.5}, 0.7, None)


def test_copies_adding_their_own_paragraphs_keep_the_original():
    # Each copy takes most of the article and adds paragraphs of its own that no other page
    # has: the article is still the original.
    lines = ARTICLE.split("\n")
    own_x = ("Local fishermen gathered at the quay on Wednesday evening to discuss what the "
             "vote means for their moorings and the winter season ahead.\n"
             "Several of them said nobody from the authority had visited the harbour's east "
             "side in years, and that the old slipway floods at every spring tide.")
    own_y = ("In a letter to readers, our editor recalls covering the first berth's opening "
             "thirty years ago, when a brass band played on a rainy pier.\n"
             "Back then the town's bakery sold out of buns before noon, and the mayor cut a "
             "ribbon that the wind kept tangling around the bollards.")
    x = "\n".join([*lines[:6], own_x])
    y = "\n".join([lines[0], *lines[3:], own_y])
    res = cluster([text_doc(ARTICLE, id="a"), text_doc(x, id="x"), text_doc(y, id="y")],
                  settings=ClusterSettings(reports=False))
    (fam,) = [f for f in res.families if len(f.members) > 1]
    assert fam.original_present and fam.root == "a", fam.evidence
