"""The labelled-copy generator: determinism, exact offsets, rates, injected spans, kinds.

Most tests use a small MyThes file written here; tests against the Debian thesaurus and the
shared corpora skip with a reason when those are absent.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.devdata import (
    KINDS,
    SynthCopy,
    generate_copies,
    generate_dataset,
    paragraphs,
    sentences,
)
from unspun.lexicon import DEFAULT_MYTHES, DEFAULT_WORDNET, Thesaurus, TorturedPhrases

REPO = Path(__file__).resolve().parents[1]
needs_debian = pytest.mark.skipif(
    not (DEFAULT_MYTHES.exists() and (DEFAULT_WORDNET / "data.noun").exists()),
    reason="Debian data absent: apt-get install mythes-en-us wordnet-base",
)

MYTHES = """UTF-8
nick|1
(noun)|scratch|dent
intelligence|1
(noun)|knowledge|news
economist|1
(noun)|economic expert
researcher|1
(noun)|research worker|investigator
recruit|2
(verb)|enlist|hire
(noun)|newcomer
quietly|1
(adv)|softly|silently
program|1
(noun)|plan|programme
threat|1
(noun)|menace|danger
top|1
(adj)|tip|peak
foreign|1
(adj)|unfamiliar|strange
according to|1
(adv)|as per
government|1
(noun)|authorities|regime
document|1
(noun)|record|papers
analyst|1
(noun)|investigator|expert
talent|1
(noun)|ability|endowment
chip|1
(noun)|microchip|bit
offer|1
(verb)|provide|extend
bonus|1
(noun)|incentive|reward
"""

ARTICLE = """China quietly recruits foreign chip talent

For ten years until 2018, China sought to recruit top foreign researchers under a lavishly \
funded program that Washington viewed as a threat. The program offered a signing bonus of 3 \
to 5 million yuan, according to three people and a review of 500 government documents.

Reducing leakage through talent flows is difficult, said Nick Marro, a China analyst at the \
Economist Intelligence Unit. The program also hired experts in artificial intelligence.

Artificial Intelligence experts and chip researchers were among those sought. The U.S. \
Commerce Department restricts exports of advanced chips, among other measures.

The ministry did not respond to a request for comment. Recruiters offered bonuses to \
researchers with doctorates from top universities and experience at large companies.
"""
TORTURED = [("counterfeit consciousness", "artificial intelligence"),
            ("man-made brainpower", "artificial intelligence"),
            ("enormous information", "big data")]


@pytest.fixture(scope="module")
def th(tmp_path_factory: pytest.TempPathFactory) -> Thesaurus:
    path = tmp_path_factory.mktemp("mythes") / "th.dat"
    path.write_text(MYTHES, encoding="utf-8")
    return Thesaurus(path, None)


def _check_offsets(copy: SynthCopy, source: str) -> None:
    for e in copy.edits:
        assert copy.text[e.copy_start : e.copy_end] == e.copy_text, e
        assert source[e.source_start : e.source_end] == e.source_text, e
    for start, end, _kind in copy.injected:
        assert 0 <= start < end <= len(copy.text)
    spans = sorted([(e.copy_start, e.copy_end) for e in copy.edits]
                   + [(s, e) for s, e, _ in copy.injected])
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end <= start, "edits and injected spans must not overlap"


def test_same_seed_same_copies(th: Thesaurus) -> None:
    one = generate_copies("a", ARTICLE, KINDS, 7, th, tortured=TORTURED)
    two = generate_copies("a", ARTICLE, KINDS, 7, th, tortured=TORTURED)
    assert one == two
    other = generate_copies("a", ARTICLE, ["spun"], 8, th, tortured=TORTURED)
    assert other[0].text != one[2].text
    assert [c.kind for c in one] == list(KINDS)
    assert len({c.id for c in one}) == len(one)


def test_dataset_is_the_same_as_copies_one_by_one(th: Thesaurus) -> None:
    sources = [("a", ARTICLE), ("b", ARTICLE.replace("China", "Japan"))]
    data = generate_dataset(sources, ["spun", "spam"], 3, th, tortured=TORTURED)
    single = [c for sid, text in sources
              for c in generate_copies(sid, text, ["spun", "spam"], 3, th, tortured=TORTURED)]
    assert data == single


_WORDS = ["Nick", "Marro", "said", "the", "top", "foreign", "researchers", "program", "threat",
          "artificial", "intelligence", "according", "to", "government", "3", "million", "U.S.",
          "chip", "talent", "quietly", "recruits", "don't", "www.example.com", "Economist"]
_sentence = st.builds(
    lambda ws, end: " ".join(ws)[:1].upper() + " ".join(ws)[1:] + end,
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14), st.sampled_from(".!?"))
_text = st.lists(st.lists(_sentence, min_size=1, max_size=5).map(" ".join),
                 min_size=1, max_size=6).map("\n\n".join)


@settings(max_examples=80, deadline=None)
@given(text=_text, seed=st.integers(0, 10**6), kind=st.sampled_from(KINDS),
       rate=st.floats(0.0, 1.0))
def test_offsets_round_trip(th: Thesaurus, text: str, seed: int, kind: str,
                            rate: float) -> None:
    (copy,) = generate_copies("p", text, [kind], seed, th, spin_rate=rate, tortured=TORTURED)
    _check_offsets(copy, text)
    if kind == "excerpt":
        assert text.startswith(copy.text)


def test_spin_rate_roughly_as_requested(th: Thesaurus) -> None:
    for rate in (0.2, 0.5, 0.8):
        (copy,) = generate_copies("a", ARTICLE, ["spun"], 1, th, spin_rate=rate)
        eligible = copy.param("eligible_words")
        assert isinstance(eligible, int) and eligible >= 20
        realised = copy.param("realised_rate")
        assert isinstance(realised, float) and abs(realised - rate) <= 0.05
        words = sum(len(re.findall(r"[A-Za-z]+", e.source_text)) for e in copy.edits)
        assert words == copy.param("replaced_words")
    (none,) = generate_copies("a", ARTICLE, ["spun"], 1, th, spin_rate=0.0)
    assert none.text == ARTICLE and none.edits == ()


def test_names_get_mangled_with_their_capitals(th: Thesaurus) -> None:
    mangled = []
    for seed in range(30):
        (copy,) = generate_copies("a", ARTICLE, ["spun"], seed, th, spin_rate=0.5)
        mangled += [e for e in copy.edits if e.reason == "name_mangled"]
    names = {(e.source_text, e.copy_text) for e in mangled}
    assert {("Nick", "Scratch"), ("Nick", "Dent")} & names
    assert {("Intelligence", "Knowledge"), ("Economist", "Economic Expert")} & names
    assert all(e.copy_text[:1].isupper() for e in mangled)
    # A capital at the start of a sentence is not a name.
    assert not any(e.source_text == "Reducing" for e in mangled)


def test_tortured_list_applied_where_the_phrase_occurs(th: Thesaurus) -> None:
    (copy,) = generate_copies("a", ARTICLE, ["spun"], 5, th, tortured=TORTURED)
    tortured = [e for e in copy.edits if e.reason == "tortured_list"]
    assert {e.source_text for e in tortured} == {"artificial intelligence",
                                                 "Artificial Intelligence"}
    assert all(e.copy_text.lower() in {"counterfeit consciousness", "man-made brainpower"}
               for e in tortured)
    assert any(e.copy_text in {"Counterfeit Consciousness", "Man-Made Brainpower"}
               for e in tortured)
    assert "big data" not in ARTICLE and "enormous information" not in copy.text


def test_spinning_without_a_thesaurus_still_applies_the_tortured_list(tmp_path: Path) -> None:
    empty = Thesaurus(tmp_path / "missing.dat", tmp_path / "missing-wordnet")
    (copy,) = generate_copies("a", ARTICLE, ["spun"], 1, empty, tortured=TORTURED)
    assert copy.param("eligible_words") == 0
    assert {e.reason for e in copy.edits} == {"tortured_list"}


def test_excerpt_is_a_prefix_covering_20_to_60_percent(th: Thesaurus) -> None:
    for seed in range(10):
        (copy,) = generate_copies("a", ARTICLE, ["excerpt"], seed, th)
        assert ARTICLE.startswith(copy.text)
        assert 0.2 <= len(copy.text) / len(ARTICLE) <= 0.6
        assert copy.param("unit") == "paragraph"
    (one_para,) = generate_copies("a", ARTICLE.replace("\n\n", " "), ["excerpt"], 0, th)
    assert one_para.param("unit") == "sentence"


def test_spam_spans_are_exact(th: Thesaurus) -> None:
    for seed in range(12):
        (copy,) = generate_copies("a", ARTICLE, ["spam"], seed, th)
        _check_offsets(copy, ARTICLE)
        by_kind: dict[str, list[str]] = {}
        for start, end, kind in copy.injected:
            by_kind.setdefault(kind, []).append(copy.text[start:end])
        stuffed = by_kind["keyword_stuffing"]
        assert len(stuffed) >= 2 and len(set(stuffed)) == 1
        assert stuffed[0] == f"{copy.param('keyword')}."
        assert all("ipsum" in f or "dolor" in f or "elit" in f for f in by_kind["filler"])
        assert all(re.search(r"www\.|https?://|\+\d|@", s) for s in by_kind["link_spam"])
        if copy.param("base") == "verbatim":  # cutting the spans out gives the source back
            kept, pos = [], 0
            for start, end, _ in copy.injected:
                kept.append(copy.text[pos:start])
                pos = end
            kept.append(copy.text[pos:])
            assert "".join(kept).split() == ARTICLE.split()


def test_near_verbatim_records_what_it_changed(th: Thesaurus) -> None:
    allowed = {"sentence_dropped", "sentences_swapped", "word_deleted", "word_changed",
               "intro_added", "outro_added"}
    seen: set[str] = set()
    for seed in range(25):
        (copy,) = generate_copies("a", ARTICLE, ["near_verbatim"], seed, th)
        assert copy.edits and {e.reason for e in copy.edits} <= allowed
        _check_offsets(copy, ARTICLE)
        assert not re.search(r"\S {2,}\S", copy.text)  # no doubled space left behind
        seen |= {e.reason for e in copy.edits}
    assert seen == allowed


def test_verbatim_differs_at_most_in_whitespace(th: Thesaurus) -> None:
    messy = ARTICLE.replace(". ", ".  ").replace("\n\n", " \n\n\n")
    for seed in range(6):
        (copy,) = generate_copies("a", messy, ["verbatim"], seed, th)
        assert copy.text.split() == messy.split() and copy.edits == ()


def test_bad_arguments(th: Thesaurus) -> None:
    with pytest.raises(ValueError, match="unknown copy kind"):
        generate_copies("a", ARTICLE, ["translated"], 1, th)
    with pytest.raises(ValueError, match="spin_rate"):
        generate_copies("a", ARTICLE, ["spun"], 1, th, spin_rate=1.5)


def test_records_serialise_to_json(th: Thesaurus) -> None:
    for copy in generate_copies("a", ARTICLE, KINDS, 2, th, tortured=TORTURED):
        data = json.loads(json.dumps(copy.to_dict()))
        assert data["synth_version"] == copy.synth_version and data["kind"] == copy.kind
        assert len(data["injected"]) == len(copy.injected)


def test_units() -> None:
    text = "The U.S. said no. Mr. Smith agreed! Then 3 left.\nA heading\n\n  Next para.  "
    sents = [text[s:e] for s, e in sentences(text)]
    assert sents == ["The U.S. said no.", "Mr. Smith agreed!", "Then 3 left.", "A heading",
                     "Next para."]
    assert [text[s:e] for s, e in paragraphs(text)] == [
        "The U.S. said no. Mr. Smith agreed! Then 3 left.\nA heading", "Next para."]
    assert TorturedPhrases(TORTURED).find("Big  data and big\ndata") == [
        (0, 9, "big data", ("enormous information",))]


# -- real data -----------------------------------------------------------------------------


def _corpora():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("corpora", REPO / "benchmarks" / "corpora.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_debian
def test_real_thesaurus_spin_rate_and_names() -> None:
    real = Thesaurus()
    for rate in (0.1, 0.3, 0.6):
        (copy,) = generate_copies("a", ARTICLE, ["spun"], 3, real, spin_rate=rate)
        realised = copy.param("realised_rate")
        assert isinstance(realised, float) and abs(realised - rate) <= 0.05
        _check_offsets(copy, ARTICLE)
    names = [e for seed in range(20)
             for e in generate_copies("a", ARTICLE, ["spun"], seed, real)[0].edits
             if e.reason == "name_mangled"]
    assert any(e.source_text == "Nick" for e in names)


@pytest.mark.shared
@pytest.mark.slow  # twelve real articles through every kind of copy (~6 s)
@needs_debian
def test_real_sources() -> None:
    corpora = _corpora()
    try:
        sources = corpora.load_sources(limit=12)
    except corpora.SharedDataMissing as exc:
        pytest.skip(str(exc))
    assert len(sources) == 12 and sources == corpora.load_sources(limit=12)
    assert all(sid.startswith(("zyte:", "wcxb:")) and len(t.split()) >= 150
               and corpora.is_english(t) for sid, t in sources)
    tortured = corpora.shared_dir() / "corpora" / "tortured-phrases" / "tortured_dev.csv"
    from unspun.lexicon import load_tortured_phrases

    copies = generate_dataset(sources, KINDS, 11, Thesaurus(),
                              tortured=load_tortured_phrases(tortured))
    texts = dict(sources)
    for copy in copies:
        _check_offsets(copy, texts[copy.source_id])
    for c in copies:
        if c.kind == "spun" and int(c.param("eligible_words") or 0) >= 100:
            assert abs(float(c.param("realised_rate") or 0) - 0.3) <= 0.05, c.id


def test_missing_shared_folder_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    corpora = _corpora()
    monkeypatch.setenv("UNSPUN_SHARED", str(tmp_path / "nowhere"))
    with pytest.raises(corpora.SharedDataMissing, match="UNSPUN_SHARED"):
        corpora.load_sources()


# -- summary and paraphrase ----------------------------------------------------------------

from unspun.devdata import SENTENCE_MAPPED_KINDS  # noqa: E402
from unspun.segment import anchor_terms, segment, words  # noqa: E402

DEMO = REPO / "src" / "unspun" / "demo" / "corpus"


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    toks = words(text)
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def _j5(a: str, b: str) -> float:
    x, y = _shingles(a), _shingles(b)
    return len(x & y) / len(x | y)


def _hard_anchors(text: str) -> set[str]:
    """Numbers, money, percentages and dates: what no rewrite of ours may lose."""
    return {t for t in anchor_terms(segment(text).anchors) if t[:2] in ("#:", "$:", "%:", "d:")}


def _check_map(copy: SynthCopy, source: str) -> None:
    spans = sentences(source)
    assert copy.sentence_map and copy.edits == () and copy.injected == ()
    last = -1
    for m in copy.sentence_map:
        piece = copy.text[m.copy_start : m.copy_end]
        assert piece and piece == piece.strip() and m.copy_start >= last
        last = m.copy_end
        assert m.source_spans == tuple(spans[i] for i in m.source_sentences)
    # Copy sentences cover the copy: only separators lie between them.
    gaps = [copy.text[a.copy_end : b.copy_start]
            for a, b in zip(copy.sentence_map, copy.sentence_map[1:], strict=False)]
    assert all(not g.strip() for g in gaps)
    assert copy.sentence_map[-1].copy_end == len(copy.text)


def _demo_sources() -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8"))
            for p in sorted((DEMO / "sources").glob("*.txt"))]


def test_new_kinds_come_last_and_leave_old_kinds_alone(th: Thesaurus) -> None:
    assert KINDS[:5] == ("verbatim", "near_verbatim", "spun", "excerpt", "spam")
    assert set(KINDS[5:]) == SENTENCE_MAPPED_KINDS == {"summary", "paraphrase"}
    old = generate_copies("a", ARTICLE, KINDS[:5], 7, th, tortured=TORTURED)
    assert generate_copies("a", ARTICLE, KINDS, 7, th, tortured=TORTURED)[:5] == old
    assert all(c.sentence_map == () for c in old)


@pytest.mark.parametrize("kind", ["summary", "paraphrase"])
def test_rewrites_are_seeded(th: Thesaurus, kind: str) -> None:
    one = generate_copies("a", ARTICLE, [kind], 4, th)
    assert one == generate_copies("a", ARTICLE, [kind], 4, th)
    texts = {generate_copies("a", ARTICLE, [kind], s, th)[0].text for s in range(6)}
    assert len(texts) > 1
    data = json.loads(json.dumps(one[0].to_dict()))
    assert len(data["sentence_map"]) == len(one[0].sentence_map)


@needs_debian
def test_summary_keeps_30_to_50_percent_and_their_facts() -> None:
    real = Thesaurus()
    for name, text in _demo_sources():
        for seed in range(3):
            (copy,) = generate_copies(name, text, ["summary"], seed, real)
            _check_map(copy, text)
            n = len(sentences(text))
            kept = [int(i) for i in str(copy.param("kept")).split(",")]
            assert copy.param("source_sentences") == n
            assert 0.3 <= len(kept) / n <= 0.5, (name, seed)
            assert sorted({i for m in copy.sentence_map for i in m.source_sentences}) == kept
            covered = " ".join(text[s:e] for s, e in (sentences(text)[i] for i in kept))
            assert _hard_anchors(covered) <= _hard_anchors(copy.text), (name, seed)
            assert 0 in kept  # lead-biased
            assert _j5(copy.text, covered) < 1.0 or seed  # lightly reworded, usually


@needs_debian
def test_paraphrase_keeps_every_fact_and_changes_wording() -> None:
    real = Thesaurus()
    transforms: set[str] = set()
    for (name, text), seed in itertools.product(_demo_sources(), (0, 1)):
        (para,) = generate_copies(name, text, ["paraphrase"], seed, real)
        (near,) = generate_copies(name, text, ["near_verbatim"], seed, real)
        _check_map(para, text)
        n = len(sentences(text))
        assert sorted({i for m in para.sentence_map for i in m.source_sentences}) == list(range(n))
        assert _hard_anchors(text) <= _hard_anchors(para.text), name
        src_terms = set(anchor_terms(segment(text).anchors))
        kept = src_terms & set(anchor_terms(segment(para.text).anchors))
        assert len(kept) >= 0.95 * len(src_terms), name  # names too (a moved clause may
        # leave a sentence-initial name that the segmenter no longer counts)
        assert _j5(para.text, text) < min(0.5, _j5(near.text, text)), name
        transforms |= {t for m in para.sentence_map for t in m.transforms}
    assert {"synonym", "attribution_swapped", "phrase_moved", "split", "merged"} <= transforms


# -- translated copies ---------------------------------------------------------------------


def test_translated_manifest_names_existing_sources() -> None:
    folder = DEMO / "translated"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest) >= 6
    langs = [entry["language"] for entry in manifest.values()]
    assert {"de", "fr", "es"} <= set(langs) and all(langs.count(x) >= 2 for x in "de fr es".split())
    for name, entry in manifest.items():
        text = (folder / name).read_bytes().decode("utf-8")  # strict: must be UTF-8
        assert (DEMO / "sources" / entry["source"]).is_file(), name
        assert len(text.split()) >= 150 and not _shingles(text) & _shingles(
            (DEMO / "sources" / entry["source"]).read_text(encoding="utf-8")), name
    assert sorted(p.name for p in folder.glob("*.txt")) == sorted(manifest)
