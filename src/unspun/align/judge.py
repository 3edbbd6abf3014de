"""Does a sentence pair say the same thing? A small logistic model over the pair's cosine and
surface features, for the aligner's semantic pairs.

The cosine of two sentence vectors ranks paraphrases well above unrelated sentences, but it
cannot see what MSRP's hard negatives differ in: one side adds a clause, a number or a name,
or says the same words in another order. Machine-translation metrics can, and Madnani,
Tetreault & Chodorow (NAACL 2012) showed that they classify MSRP pairs well on their own
(77.4% accuracy with eight metrics). This model takes the cheap part of that idea:

- ``p{n}_min`` / ``p{n}_max``: clipped n-gram precision (as in BLEU, Papineni et al. 2002) of
  each side against the other, n = 1..4, over lower-cased word tokens, function words
  included; the smaller and the larger of the two directions (the smaller says whether one
  side holds words the other lacks);
- ``length_ratio`` and ``length_diff``: token counts, shorter over longer, and the difference;
- ``numbers_equal`` and ``numbers_diff``: whether the two sides hold the same numbers, and the
  share of their numbers found on one side only;
- ``names_diff``: the same share for capitalised words after the first;
- ``cosine``: of the two sentence vectors, so the model is tied to the encoder that made them
  (``PairJudge.encoder``).

Fitted by ``benchmarks/msrp.py --fit`` on MSRP train with a plain logistic regression
(:func:`fit_logistic`) and shipped as ``pair_judge.json``; its output is the probability that
the pair is a paraphrase in MSRP's sense. The aligner (``unspun.align``) asks it only about
pairs whose cosine reaches ``PairJudge.gate``: below that, unrelated sentences, it would say
no anyway. ``benchmarks/judge_cost.py`` prints what the features cost: about 20 microseconds
a pair, plus about 130 a sentence, once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

FEATURES = (
    "cosine",
    "p1_min", "p1_max", "p2_min", "p2_max", "p3_min", "p3_max", "p4_min", "p4_max",
    "length_ratio", "numbers_equal", "numbers_diff", "names_diff", "length_diff",
)
FORMAT = 1
_TOKEN = re.compile(r"\w+(?:[.,]\d+)*")


@dataclass(frozen=True, slots=True, eq=False)
class Surface:
    """What the features need of one side of a pair, computed once per sentence (and kept
    on the aligner's prepared texts, so it is kept small: about 1.5 KB a sentence,
    ``benchmarks/judge_cost.py``)."""

    n_tokens: int
    grams: np.ndarray
    """One sorted int64 key per occurrence of each 1-, 2-, 3- and 4-gram of the lower-cased
    tokens: a gram's hash, its k-th repeat hashed with k (so two sides share min(count,
    count) keys of a gram, its clipped count), and the key's two low bits set to n - 1."""
    numbers: frozenset[str]
    names: frozenset[str]


def surface(text: str) -> Surface:
    raw = _TOKEN.findall(text)
    low = [t.lower() for t in raw]
    keys: list[int] = []
    for n in (1, 2, 3, 4):
        grams = [tuple(low[i : i + n]) for i in range(len(low) - n + 1)]
        # Python's hash of a tuple of strings: 64 bits, fixed within a process (surfaces are
        # never stored); a collision among a pair's few hundred keys has odds near 1e-15
        hashes = [hash(g) for g in grams]
        if len(set(hashes)) < len(hashes):  # a repeated gram: its k-th repeat hashed with k
            seen: dict[tuple[str, ...], int] = {}
            for i, g in enumerate(grams):
                k = seen[g] = seen.get(g, -1) + 1
                if k:
                    hashes[i] = hash((g, k))
        keys += [(h & ~3) | (n - 1) for h in hashes]
    numbers = frozenset(t for t in low if any(c.isdigit() for c in t))
    names = frozenset(t for t in raw[1:] if t[:1].isupper())
    return Surface(len(low), np.unique(np.array(keys, dtype=np.int64)), numbers, names)


def _shared_grams(a: np.ndarray, b: np.ndarray) -> list[int]:
    """How many keys two surfaces share, per n (clipped n-gram matches, n = 1..4)."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return [0, 0, 0, 0]
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    return np.bincount(a[b[at] == a] & 3, minlength=4).tolist()


def _diff(x: frozenset[str], y: frozenset[str]) -> float:
    union = x | y
    return len(x ^ y) / len(union) if union else 0.0


def pair_features(a: Surface, b: Surface, cosine: float) -> list[float]:
    """The model's features of one pair, in ``FEATURES`` order (symmetric in a and b).

    Clipped n-gram precision of a side is its shared n-grams over its n-gram count, and 1
    when it has no n-gram of that length (a short side cannot be wrong about what it does
    not have)."""
    out = [float(cosine)]
    shared = _shared_grams(a.grams, b.grams)
    for n in (1, 2, 3, 4):
        ta, tb = max(a.n_tokens - n + 1, 0), max(b.n_tokens - n + 1, 0)
        p = shared[n - 1] / ta if ta else 1.0
        q = shared[n - 1] / tb if tb else 1.0
        out += [min(p, q), max(p, q)]
    out.append(min(a.n_tokens, b.n_tokens) / max(a.n_tokens, b.n_tokens, 1))
    out.append(1.0 if a.numbers == b.numbers else 0.0)
    out.append(_diff(a.numbers, b.numbers))
    out.append(_diff(a.names, b.names))
    out.append(float(abs(a.n_tokens - b.n_tokens)))
    return out


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-4, steps: int = 50
                 ) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularised logistic regression, by Newton's method (IRLS):
    a handful of features, so each step is one small linear solve. ``x`` should be
    standardised; the bias is not penalised."""
    n, d = x.shape
    x1 = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    penalty = np.full(d + 1, 2 * l2)
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x1 @ w)))
        grad = x1.T @ (p - y) / n + penalty * w
        hess = (x1 * (p * (1 - p))[:, None]).T @ x1 / n + np.diag(penalty)
        step = np.linalg.solve(hess + 1e-9 * np.eye(d + 1), grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return w[:-1], float(w[-1])


@dataclass(frozen=True)
class PairJudge:
    """P(paraphrase) = sigmoid(((features - mean) / scale) . weights + bias)."""

    encoder: str
    """The sentence encoder whose cosines the model was fitted on."""
    gate: float
    """Pairs under this cosine are not judged (they score their lexical similarity)."""
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    fitted_on: str = ""

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray, *, encoder: str, gate: float,
            fitted_on: str = "") -> PairJudge:
        """Fit on feature rows ``x`` (``FEATURES`` order) and 0/1 labels ``y``."""
        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale = np.where(scale > 0, scale, 1.0)
        w, b = fit_logistic((x - mean) / scale, y.astype(np.float64))
        return cls(encoder, gate, mean, scale, w, b, fitted_on)

    def probability(self, x: np.ndarray) -> np.ndarray:
        """P(paraphrase) of each feature row."""
        z = ((np.atleast_2d(x) - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def judge(self, a: Surface, b: Surface, cosine: float) -> float:
        """P(paraphrase) of one pair; 0 under the gate."""
        if cosine < self.gate:
            return 0.0
        return float(self.probability(np.array(pair_features(a, b, cosine)))[0])

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT, "encoder": self.encoder, "gate": self.gate,
            "fitted_on": self.fitted_on, "features": list(FEATURES),
            "mean": [round(float(v), 8) for v in self.mean],
            "scale": [round(float(v), 8) for v in self.scale],
            "weights": [round(float(v), 8) for v in self.weights],
            "bias": round(self.bias, 8),
        }

    @classmethod
    def from_json(cls, data: dict[str, object], where: str = "pair judge") -> PairJudge:
        if data.get("format") != FORMAT or data.get("features") != list(FEATURES):
            raise ValueError(f"{where}: not a format-{FORMAT} pair judge with features "
                             f"{', '.join(FEATURES)}")

        def vec(key: str) -> np.ndarray:
            v = np.asarray(data[key], dtype=np.float64)
            if v.shape != (len(FEATURES),):
                raise ValueError(f"{where}: '{key}' must hold {len(FEATURES)} numbers")
            return v

        return cls(str(data["encoder"]), float(data["gate"]),  # type: ignore[arg-type]
                   vec("mean"), vec("scale"), vec("weights"),
                   float(data["bias"]), str(data.get("fitted_on", "")))  # type: ignore[arg-type]

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")


def default_judge() -> PairJudge:
    """The judge shipped with unspun (``pair_judge.json``, fitted on MSRP train)."""
    text = resources.files("unspun.align").joinpath("pair_judge.json").read_text(encoding="utf-8")
    return PairJudge.from_json(json.loads(text), "unspun/align/pair_judge.json")
