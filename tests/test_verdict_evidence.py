"""Quotations, the verdict's evidence features, the verdict model and a copy's extent."""

from __future__ import annotations

import json

import numpy as np
import pytest

from unspun.api import compare, default_aligner
from unspun.classify import VerdictModel, default_model, evidence_features, text_evidence
from unspun.classify.evidence import FEATURES
from unspun.classify.model import feature_row
from unspun.report import to_json
from unspun.segment import segment
from unspun.segment.quotes import quotations

SOURCE = (
    "The city council approved a new budget on Tuesday after a long debate about road repairs. "
    "The plan moves money from parking revenue into a fund for bridges and sidewalks. "
    "Council member Ana Ruiz said the vote ended years of delay on the eastern bridge. "
    "Construction on the first projects is expected to begin in the spring of next year. "
    "Opponents argued that the fund would raise parking fees for downtown shops."
)


def test_quotations_find_speech_and_leave_apostrophes_alone() -> None:
    text = ('She said "we will rebuild" and “it’s done”, «c’est fini» and ‘not yet,’ he said; '
            "the Smiths’ house and a 5\" screen")
    found = [text[s.start : s.end] for s in quotations(text)]
    assert found == ['"we will rebuild"', "“it’s done”", "«c’est fini»", "‘not yet,’"]


def test_quotations_never_span_paragraphs() -> None:
    assert quotations('An open "quote that never closes.\n\nNext paragraph" here') == []


def _features(copy: str, source: str = SOURCE) -> dict[str, float]:
    aligner = default_aligner(dense=False)
    cs, ss = segment(copy), segment(source)
    return evidence_features(text_evidence(cs), text_evidence(ss), aligner.align(cs, ss))


def test_shared_quotations_count_for_nothing() -> None:
    speech = ("We have waited far too long for this bridge and the people of the east side "
              "deserve better roads")
    quoted_copy = (f'Residents cheered at the meeting. "{speech}," the councillor told the '
                   "crowd.")
    plain_copy = f"Residents cheered at the meeting. {speech}, the councillor told the crowd."
    quoted = _features(quoted_copy, f'{SOURCE} "{speech}," Ruiz told reporters.')
    plain = _features(plain_copy, f"{SOURCE} {speech}, Ruiz told reporters.")
    assert quoted["verbatim_run"] == 0 and quoted["coverage_copy"] == 0
    assert plain["verbatim_run"] >= 15 and plain["coverage_copy"] > 0


def test_features_are_named_bounded_and_grow_with_copying() -> None:
    verbatim = _features(SOURCE)
    other = _features("A storm closed the harbour on Monday and ferries stayed in port. "
                      "The weather service expects calm seas by the weekend.")
    assert set(verbatim) == set(FEATURES) and set(other) == set(FEATURES)
    for k in ("coverage_copy", "coverage_source", "shared_3grams", "skeleton", "strong_pairs"):
        assert 0.0 <= other[k] <= verbatim[k] <= 1.0
    assert verbatim["verbatim_run"] >= 12 > other["verbatim_run"]  # a whole sentence


def test_evidence_shared_with_another_candidate_is_the_storys() -> None:
    aligner = default_aligner(dense=False)
    q = segment(SOURCE)
    twin = segment(SOURCE.replace("Tuesday", "Wednesday"))
    qe, te = text_evidence(q), text_evidence(twin)
    alone = evidence_features(qe, te, aligner.align(q, twin))
    shared = evidence_features(qe, te, aligner.align(q, twin),
                               others=[(te, aligner.align(q, twin))])
    assert shared["shared_3grams"] < alone["shared_3grams"]
    assert shared["exclusive"] < alone["exclusive"]


def test_model_fits_round_trips_and_thresholds(tmp_path) -> None:
    rng = np.random.default_rng(0)
    n = 400
    y = rng.integers(0, 2, n)
    rows = rng.normal(size=(n, len(FEATURES))) + y[:, None] * np.linspace(0.2, 1.5, len(FEATURES))
    model = VerdictModel.fit(rows, y, threshold=0.6)
    p = model.probabilities(rows)
    assert ((p >= 0.5) == y).mean() > 0.85
    model.save(tmp_path / "m.json")
    again = VerdictModel.from_json(json.loads((tmp_path / "m.json").read_text()))
    assert np.allclose(again.probabilities(rows), p, atol=1e-6)
    assert again.threshold == 0.6


def test_model_file_is_checked() -> None:
    with pytest.raises(ValueError, match="verdict model"):
        VerdictModel.from_json({"format": 1, "features": ["no_such_feature"]})


def test_the_shipped_model_reads_every_feature() -> None:
    model = default_model()
    assert model.features == FEATURES and 0 < model.threshold < 1
    row = feature_row(dict.fromkeys(FEATURES, 0.0))
    assert row.shape == (len(FEATURES),)


def test_a_page_that_lifts_one_passage_is_a_partial_copy() -> None:
    own = (" The festival returns to the old harbour this summer with twelve stages. "
           "Tickets go on sale next week and children under ten enter free. "
           "Organisers expect more visitors than last year after the new ferry line opened. "
           "Food stalls will run along the quay until midnight on both weekend days. "
           "Local bands open each evening before the headline acts take the main stage. ")
    lifted = " ".join(SOURCE.split(". ")[:3]) + "."
    report = compare(own * 2 + lifted, SOURCE, aligner=default_aligner(dense=False))
    m = report.matches[0]
    assert m.verdict == "copy" and m.extent == "partial"
    assert m.alignment.coverage_copy < 0.6 < m.alignment.coverage_source
    data = to_json(report)["matches"][0]
    assert data["extent"] == "partial" and 0 <= data["probability"] <= 1
    assert set(data["evidence"]) == set(FEATURES)
    assert all(isinstance(p["quoted"], bool) for p in data["pairs"])


def test_unquoted_ngrams_are_the_windows_without_a_quoted_word() -> None:
    from unspun.classify.evidence import _unquoted_grams

    text = ('Officials said "the bridge will reopen in May" after repairs, and the mayor '
            'added that “funding is secured” for the work on the eastern span.')
    ev = text_evidence(segment(text))
    assert any(ev.quoted) and not all(ev.quoted)
    for n in (1, 3, 5):
        naive = [" ".join(ev.words[i : i + n]) for i in range(len(ev.words) - n + 1)
                 if not any(ev.quoted[i : i + n])]
        assert _unquoted_grams(ev, n) == naive
        assert _unquoted_grams(ev, n) is _unquoted_grams(ev, n)  # kept for the next candidate
    assert "the bridge will" not in ev.grams3
    assert "after repairs and" in ev.grams3
