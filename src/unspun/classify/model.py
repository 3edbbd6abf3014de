"""The verdict model: P(copy) of a (query, source) pair from its evidence features.

A logistic regression over the features of ``unspun.classify.evidence`` (counts on a log
scale, every feature standardised), fitted on real labelled pages by
``python -m benchmarks.wild --fit`` and shipped as ``verdict_model.json``. ``threshold`` is
the probability at which a pair is called a copy; it was chosen for precision, since a
false "copy" accuses a publisher and a miss only leaves a page unexplained.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from unspun.classify.evidence import FEATURES, log_scale

FORMAT = 1
LOG_FEATURES = frozenset({"verbatim_run"})
"""Counts, read on a log scale."""


def feature_row(features: Mapping[str, float], names: Sequence[str] = FEATURES) -> np.ndarray:
    """The model's input for one pair, before standardisation."""
    return np.array([log_scale(features[k]) if k in LOG_FEATURES else float(features[k])
                     for k in names], dtype=np.float64)


@dataclass(frozen=True)
class VerdictModel:
    """P(copy) = sigmoid(((row - mean) / scale) . weights + bias)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float
    fitted_on: str = ""
    cv: dict[str, float] = field(default_factory=dict)
    """Cross-validated figures the fit reported (documentation only)."""

    @classmethod
    def fit(cls, rows: np.ndarray, labels: np.ndarray, *, threshold: float,
            l2: float = 1e-2, fitted_on: str = "", features: Sequence[str] = FEATURES
            ) -> VerdictModel:
        """Fit on feature rows (``feature_row`` of each pair) and 0/1 labels."""
        from unspun.align.judge import fit_logistic

        mean, scale = rows.mean(axis=0), rows.std(axis=0)
        scale = np.where(scale > 0, scale, 1.0)
        w, b = fit_logistic((rows - mean) / scale, labels.astype(np.float64), l2=l2)
        return cls(tuple(features), mean, scale, w, b, threshold, fitted_on)

    def probability(self, features: Mapping[str, float]) -> float:
        z = float(((feature_row(features, self.features) - self.mean) / self.scale)
                  @ self.weights + self.bias)
        return 1.0 / (1.0 + float(np.exp(-z)))

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        z = ((np.atleast_2d(rows) - self.mean) / self.scale) @ self.weights + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT, "fitted_on": self.fitted_on, "features": list(self.features),
            "log_features": sorted(LOG_FEATURES & set(self.features)),
            "mean": [round(float(v), 8) for v in self.mean],
            "scale": [round(float(v), 8) for v in self.scale],
            "weights": [round(float(v), 8) for v in self.weights],
            "bias": round(self.bias, 8), "threshold": round(self.threshold, 4),
            "cv": self.cv,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object], where: str = "verdict model") -> VerdictModel:
        feats = data.get("features")
        if data.get("format") != FORMAT or not isinstance(feats, list) or not set(
                feats) <= set(FEATURES):
            raise ValueError(f"{where}: not a format-{FORMAT} verdict model over known features")

        def vec(key: str) -> np.ndarray:
            v = np.asarray(data[key], dtype=np.float64)
            if v.shape != (len(feats),):
                raise ValueError(f"{where}: '{key}' must hold {len(feats)} numbers")
            return v

        cv = data.get("cv")
        return cls(tuple(str(f) for f in feats), vec("mean"), vec("scale"), vec("weights"),
                   float(data["bias"]), float(data["threshold"]),  # type: ignore[arg-type]
                   str(data.get("fitted_on", "")),
                   {str(k): float(v) for k, v in cv.items()} if isinstance(cv, dict) else {})

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def default_model() -> VerdictModel:
    """The model shipped with unspun (``verdict_model.json``); read once per process."""
    text = resources.files("unspun.classify").joinpath("verdict_model.json").read_text(
        encoding="utf-8")
    return VerdictModel.from_json(json.loads(text), "unspun/classify/verdict_model.json")
