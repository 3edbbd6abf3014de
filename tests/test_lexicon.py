"""Thesaurus over MyThes + WordNet, and the tortured-phrase list loader.

Small MyThes and WordNet files are written in each test, so the logic is tested without the
Debian packages; tests against the real files skip with a reason when those are absent.
"""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.lexicon import DEFAULT_MYTHES, DEFAULT_WORDNET, Thesaurus, load_tortured_phrases

SHARED = Path(os.environ.get("UNSPUN_SHARED") or Path(__file__).resolve().parents[2] / "shared")
SHARED_CSV = SHARED / "corpora" / "tortured-phrases" / "tortured_dev.csv"
needs_debian = pytest.mark.skipif(
    not (DEFAULT_MYTHES.exists() and (DEFAULT_WORDNET / "data.noun").exists()),
    reason="Debian data absent: apt-get install mythes-en-us wordnet-base",
)

MYTHES = """UTF-8
nick|2
(noun)|dent|notch|blemish (generic term)
(verb)|chip
researcher|1
(noun)|research worker|investigator|scientist (generic term)
quick|1
(adj)|speedy|fast (similar term)|slow (antonym)
china|1
(noun)|Cathay|chinaware
according to|1
(adv)|as per
"""

# pos -> synsets (lemma lists); written in WordNet's database format by _write_wordnet.
WORDNET = {
    "noun": [["mouse"], ["scientist", "man_of_science"], ["top", "tip", "peak"],
             ["researcher", "research_worker", "investigator"], ["Cash", "Johnny_Cash"],
             ["cash", "hard_cash"]],
    "verb": [["run", "operate"]],
    "adj": [["foreign", "strange"]],
    "adv": [["quickly", "rapidly"]],
}
EXCEPTIONS = {"noun": "mice mouse\n", "verb": "ran run\n", "adj": "", "adv": ""}


def _write_wordnet(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    short = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
    for pos, synsets in WORDNET.items():
        data = "  1 This software and database is being provided to you, the LICENSEE\n"
        offsets: dict[str, list[int]] = {}
        for lemmas in synsets:
            offset = len(data.encode())
            words = " ".join(f"{w} 0" for w in lemmas)
            data += f"{offset:08d} 03 {short[pos]} {len(lemmas):02x} {words} 000 | a gloss\n"
            for lemma in lemmas:
                offsets.setdefault(lemma.lower(), []).append(offset)
        (root / f"data.{pos}").write_text(data, encoding="utf-8")
        index = "  1 This software and database is being provided to you, the LICENSEE\n"
        for lemma, offs in sorted(offsets.items()):
            refs = " ".join(f"{o:08d}" for o in offs)
            index += f"{lemma} {short[pos]} {len(offs)} 0 {len(offs)} 0 {refs}  \n"
        (root / f"index.{pos}").write_text(index, encoding="utf-8")
        (root / f"{pos}.exc").write_text(EXCEPTIONS[pos], encoding="utf-8")
    return root


@pytest.fixture
def small(tmp_path: Path) -> Thesaurus:
    mythes = tmp_path / "th_small.dat"
    mythes.write_text(MYTHES, encoding="utf-8")
    return Thesaurus(mythes, _write_wordnet(tmp_path / "wordnet"))


def test_synonyms_from_both_sources(small: Thesaurus) -> None:
    assert small.available and small.reason == ""
    assert small.sources == ("mythes", "wordnet")
    assert {"dent", "notch", "chip", "blemish"} <= small.synonyms("nick")
    assert {"research worker", "investigator", "scientist"} <= small.synonyms("researcher")
    assert "hard cash" in small.synonyms("Cash")  # WordNet only; case does not matter
    assert "slow" not in small.synonyms("quick")  # antonyms never count


def test_are_synonyms_both_directions_and_inflections(small: Thesaurus) -> None:
    assert small.are_synonyms("researchers", "scientists")  # morphy on both sides
    assert small.are_synonyms("scientist", "researcher")  # listed one way only in MyThes
    assert small.are_synonyms("Top", "tip")  # a shared WordNet synset
    assert small.are_synonyms("run", "ran")  # forms of one word (exception list)
    assert small.are_synonyms("according to", "as per")  # phrases
    assert not small.are_synonyms("quick", "slow")
    assert not small.are_synonyms("mouse", "tip")
    assert small.base_forms("mice") == {"mice", "mouse"}


def test_generic_terms_can_be_left_out(tmp_path: Path) -> None:
    mythes = tmp_path / "th.dat"
    mythes.write_text(MYTHES, encoding="utf-8")
    strict = Thesaurus(mythes, None, include_generic=False)
    assert "blemish" not in strict.synonyms("nick")
    assert "dent" in strict.synonyms("nick")


def test_substitutes_are_ordered_common_words(small: Thesaurus) -> None:
    # MyThes order first, no generic terms, antonyms or capitalised names.
    assert small.substitutes("nick") == ("dent", "notch", "chip")
    assert small.substitutes("china") == ("chinaware",)
    assert small.substitutes("cash") == ("hard cash",)
    assert small.substitutes("unknownword") == ()
    assert small.has_entry("According to") and not small.has_entry("according")
    assert small.starts_phrase("According", "to") and not small.starts_phrase("to", "according")


def test_missing_files_give_an_empty_thesaurus_with_a_reason(tmp_path: Path) -> None:
    th = Thesaurus(tmp_path / "nope.dat", tmp_path / "no-wordnet")
    assert not th.available
    assert "mythes-en-us" in th.reason and "wordnet-base" in th.reason
    assert th.synonyms("nick") == frozenset()
    assert not th.are_synonyms("nick", "dent")
    assert th.are_synonyms("Nick", "nick")  # the same word still is
    assert th.substitutes("nick") == ()


def test_partial_and_damaged_data(tmp_path: Path) -> None:
    bad = tmp_path / "bad.dat"
    bad.write_bytes(b"UTF-8\n\xff\xfe not a thesaurus\n")
    th = Thesaurus(bad, _write_wordnet(tmp_path / "wn"))
    assert th.available and th.sources == ("wordnet",)
    assert "MyThes" in th.reason
    assert th.are_synonyms("top", "peak")


def test_pickles_as_paths_and_reloads(small: Thesaurus) -> None:
    small.synonyms("nick")
    clone = pickle.loads(pickle.dumps(small))
    assert clone.mythes_path == small.mythes_path
    assert clone.synonyms("nick") == small.synonyms("nick")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["nick", "dent", "researchers", "scientist", "top", "tip", "quick",
                        "slow", "mice", "according to", "as per", "cash", "Chip", "foreign"]),
       st.sampled_from(["notch", "investigator", "peak", "speedy", "mouse", "strange",
                        "hard cash", "TIP", "ran", "chinaware", "nick"]))
def test_are_synonyms_is_symmetric(a: str, b: str) -> None:
    th = _SYMMETRY_THESAURUS
    assert th.are_synonyms(a, b) == th.are_synonyms(b, a)


def _module_thesaurus() -> Thesaurus:
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="unspun-lexicon-"))
    (root / "th.dat").write_text(MYTHES, encoding="utf-8")
    return Thesaurus(root / "th.dat", _write_wordnet(root / "wn"))


_SYMMETRY_THESAURUS = _module_thesaurus()


# -- tortured phrases ----------------------------------------------------------------------

CSV = '''tortured_phrase,expected_phrase,num_papers
"""0.33 Birthday Celebration""",third-party,15
"""counterfeit consciousness""",artificial intelligence,"3,562"
"""Arrhenius condition"" AND ""Arrhenius equation""",Arrhenius equation,10
"""Chime labs"" NOT ""CHIMe labs Stanford""~5",Bell [company] laboratories,16
"""GB Slam""~3",GB RAM (memory),83
"""Consequences be damned"" AND YOLO","YOLO (You Only Look Once)",28
"""Info-emics""",information,12
"""counterfeit consciousness""",artificial intelligence,1
'''


def test_load_tortured_phrases_skips_queries(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(CSV, encoding="utf-8")
    assert load_tortured_phrases(path) == [
        ("0.33 birthday celebration", "third-party"),
        ("counterfeit consciousness", "artificial intelligence"),
        ("info-emics", "information"),
    ]


# -- the real Debian data ------------------------------------------------------------------


@needs_debian
def test_real_data_pairs_from_the_seed() -> None:
    th = Thesaurus()
    assert th.available, th.reason
    for a, b in [("researchers", "scientists"), ("top", "tip"), ("foreign", "unfamiliar"),
                 ("trained", "prepared"), ("investigations", "examinations"),
                 ("stopped", "quit"), ("economist", "economic expert")]:
        assert th.are_synonyms(a, b), (a, b)
        assert th.are_synonyms(b, a), (b, a)
    assert not th.are_synonyms("quickly", "slowly")
    assert not th.are_synonyms("dog", "cat")


@needs_debian
def test_real_data_load_time_and_call_cost() -> None:
    start = time.perf_counter()
    th = Thesaurus().load()
    load_s = time.perf_counter() - start
    assert load_s < 5.0, f"loading took {load_s:.2f} s"
    words = ["researchers", "scientists", "top", "tip", "quietly", "recruits", "chip",
             "talent", "tightens", "curbs", "program", "threat", "interests", "innovation"]
    pairs = [(a, b) for a in words for b in words]
    for a, b in pairs:
        th.are_synonyms(a, b)  # warm the caches
    start = time.perf_counter()
    for _ in range(20):
        for a, b in pairs:
            th.are_synonyms(a, b)
    per_call = (time.perf_counter() - start) / (20 * len(pairs))
    assert per_call < 50e-6, f"are_synonyms costs {per_call * 1e6:.1f} us when warm"


@pytest.mark.shared
@pytest.mark.skipif(not SHARED_CSV.exists(), reason=f"shared data absent: {SHARED_CSV}")
def test_real_tortured_list() -> None:
    pairs = load_tortured_phrases(SHARED_CSV)
    assert len(pairs) > 5000
    assert ("counterfeit consciousness", "artificial intelligence") in pairs
    assert all(t == t.lower() and e == e.lower() for t, e in pairs)
    assert not any('"' in t for t, _ in pairs)  # no query rows


def test_language_identification_remembers_its_answers_and_survives_pickling() -> None:
    import pickle

    from unspun.lexicon.language import REMEMBERED, LanguageIdentifier

    ident = LanguageIdentifier()
    en = "The central bank cut its main interest rate on Thursday for the first time in years."
    de = "Die Zentralbank hat ihren Leitzins am Donnerstag zum ersten Mal seit Jahren gesenkt."
    assert ident.detect(en).code == "en" and ident.detect(de).code == "de"
    assert ident.detect(en) == ident.detect(en)
    for k in range(REMEMBERED + 5):  # the memory stays bounded
        ident.detect(f"{en} Number {k}.")
    assert len(ident._seen) == REMEMBERED
    # a copy for another process (the pool and Dask engines) starts empty and still works
    copy = pickle.loads(pickle.dumps(ident))
    assert copy.detect(de).code == "de" and len(copy._seen) == 1


def test_a_dropped_thesaurus_is_freed_without_the_cycle_collector(tmp_path: Path) -> None:
    import gc
    import weakref

    mythes = tmp_path / "th_small.dat"
    mythes.write_text(MYTHES, encoding="utf-8")
    th = Thesaurus(mythes, _write_wordnet(tmp_path / "wordnet"))
    assert th.synonyms("nick") and th.base_forms("mice") and th.substitutes("quick")
    gone = weakref.ref(th)
    gc.disable()  # only reference counting may free it: no cycle may hold it or its memos
    try:
        del th
        assert gone() is None
    finally:
        gc.enable()
