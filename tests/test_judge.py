import json
import random
from collections import Counter

import numpy as np
import pytest

from unspun.align import Aligner
from unspun.align.judge import (
    FEATURES,
    PairJudge,
    default_judge,
    fit_logistic,
    pair_features,
    surface,
)
from unspun.config import AlignSettings

A = "The company said its profit rose 5 percent in the third quarter."


def _feats(a: str, b: str, cosine: float = 0.8) -> dict[str, float]:
    return dict(zip(FEATURES, pair_features(surface(a), surface(b), cosine), strict=True))


def test_identical_sentences_have_full_precision_and_equal_numbers():
    f = _feats(A, A)
    assert all(f[f"p{n}_{side}"] == 1.0 for n in (1, 2, 3, 4) for side in ("min", "max"))
    assert f["length_ratio"] == 1.0 and f["length_diff"] == 0.0
    assert f["numbers_equal"] == 1.0 and f["numbers_diff"] == 0.0 and f["names_diff"] == 0.0


def test_features_are_symmetric_and_see_an_added_number_and_clause():
    b = "The company said its profit rose 7 percent in the third quarter, while sales in Europe fell."
    assert pair_features(surface(A), surface(b), 0.7) == pair_features(surface(b), surface(A), 0.7)
    f = _feats(A, b)
    assert f["numbers_equal"] == 0.0 and f["numbers_diff"] == 1.0  # {5} vs {7}
    assert f["names_diff"] == 1.0  # "Europe" on one side only
    assert f["p1_min"] < f["p1_max"] < 1.0  # the longer side holds words the shorter lacks
    assert f["length_diff"] == surface(b).n_tokens - surface(A).n_tokens > 0
    assert f["length_ratio"] == surface(A).n_tokens / surface(b).n_tokens


def test_clipped_precision_counts_a_repeated_word_once_per_occurrence():
    f = _feats("the the the cat", "the cat sat")
    # 1-grams of the first side: the x3, cat; only one "the" and the "cat" are found
    assert f["p1_min"] == pytest.approx(2 / 4)


def _clipped_precision(a: list[str], b: list[str], n: int) -> float:
    """BLEU's clipped n-gram precision of a against b, written the plain way."""
    ga = Counter(tuple(a[i : i + n]) for i in range(len(a) - n + 1))
    gb = Counter(tuple(b[i : i + n]) for i in range(len(b) - n + 1))
    total = sum(ga.values())
    return sum(min(c, gb[g]) for g, c in ga.items()) / total if total else 1.0


def test_precision_features_equal_clipped_counts_on_repetitive_text():
    # few word types, many repeats: clipped counts differ from set overlap here
    rng = random.Random(3)
    for _ in range(200):
        a = [rng.choice("ab cd ef gh".split()) for _ in range(rng.randint(0, 12))]
        b = [rng.choice("ab cd ef gh".split()) for _ in range(rng.randint(0, 12))]
        f = _feats(" ".join(a), " ".join(b))
        for n in (1, 2, 3, 4):
            p, q = _clipped_precision(a, b, n), _clipped_precision(b, a, n)
            assert f[f"p{n}_min"] == pytest.approx(min(p, q))
            assert f[f"p{n}_max"] == pytest.approx(max(p, q))


def test_fit_logistic_separates_what_is_separable():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 3))
    y = (x[:, 0] - 2 * x[:, 2] > 0).astype(float)
    w, b = fit_logistic(x, y)
    assert w[0] > 0 and w[2] < 0 and abs(w[1]) < abs(w[0])
    pred = (x @ w + b) > 0
    assert (pred == (y == 1)).mean() > 0.95


def test_a_judge_round_trips_through_json_and_rejects_other_features(tmp_path):
    rng = np.random.default_rng(1)
    x = rng.random((50, len(FEATURES)))
    y = (x[:, 0] > 0.5).astype(float)
    judge = PairJudge.fit(x, y, encoder="enc", gate=0.3, fitted_on="test")
    path = tmp_path / "judge.json"
    judge.save(path)
    again = PairJudge.from_json(json.loads(path.read_text()))
    np.testing.assert_allclose(again.probability(x), judge.probability(x), atol=1e-6)
    data = json.loads(path.read_text())
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="features"):
        PairJudge.from_json(data, "judge.json")


def test_the_shipped_judge_prefers_a_reordering_to_a_changed_fact():
    judge = default_judge()
    assert judge.encoder == "use-multilingual-v3" and 0 < judge.gate < 0.5
    reordered = "Its profit rose 5 percent in the third quarter, the company said."
    changed = "The company said its profit rose 7 percent in the third quarter, while sales in Europe fell sharply."
    # the same cosine for both: only the surface features differ
    p_same = judge.judge(surface(A), surface(reordered), 0.8)
    p_changed = judge.judge(surface(A), surface(changed), 0.8)
    assert p_same > 0.9 and p_changed < p_same - 0.2
    assert judge.judge(surface(A), surface(A), judge.gate - 0.01) == 0.0  # under the gate


def test_the_aligner_takes_the_judge_only_for_the_encoder_it_was_fitted_on():
    from unspun.embed import UseEmbedder

    class Other(UseEmbedder):
        name = "another-encoder"

    assert Aligner(embedder=UseEmbedder()).judge is not None
    assert Aligner(embedder=Other()).judge is None
    assert Aligner().judge is None
    assert Aligner(AlignSettings(pair_judge=False), embedder=UseEmbedder()).judge is None
