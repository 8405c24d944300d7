"""Feature dicts + labels to linear models stored as JSON weights; grouped out-of-fold predictions.

scikit-learn is imported only where a model is fitted: a run reads stored weights with numpy."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np

Features = Mapping[str, float]

# Weights smaller than this are dropped when a model is stored: they move no probability by
# more than 1e-4 per feature, and dropping them keeps the JSON files small and readable.
PRUNE_BELOW = 1e-4
# Digits kept for stored weights: enough that stored and in-memory predictions agree to 1e-6.
WEIGHT_DIGITS = 6
RANDOM_STATE = 0


@dataclass(frozen=True)
class LinearModel:
    """A (multinomial or binary) logistic model: per class, a weight per feature name.

    Binary models have one class (the positive one) and a sigmoid; multiclass ones a softmax.
    `calibration` (a, b) maps a binary logit z to a*z + b (Platt scaling fitted out of fold)."""

    classes: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    intercept: tuple[float, ...]
    calibration: tuple[float, float] = (1.0, 0.0)
    meta: dict = field(default_factory=dict)

    def __post_init__(self):
        # The weights as one matrix (a row per feature), built once: logits() runs for every
        # candidate and item, and reads a few hundred rows of it at a time.
        object.__setattr__(self, "_row", {k: i for i, k in enumerate(self.weights)})
        object.__setattr__(self, "_matrix", np.array(list(self.weights.values()), dtype=float).reshape(
            len(self.weights), len(self.intercept)))

    @property
    def binary(self) -> bool:
        return len(self.classes) == 1

    def logits(self, feats: Features) -> np.ndarray:
        """intercept + the weighted sum of the features' rows (numpy's own summation, no BLAS,
        so the result does not depend on threads)."""
        row = self._row
        rows, values = [], []
        for name, value in feats.items():
            i = row.get(name)
            if i is not None:
                rows.append(i)
                values.append(value)
        z = np.array(self.intercept, dtype=float)
        if rows:
            z += (self._matrix[rows] * np.asarray(values, dtype=float)[:, None]).sum(axis=0)
        return z

    def proba(self, feats: Features) -> np.ndarray:
        """Probabilities per class (binary models: P(positive) in a 1-element array)."""
        z = self.logits(feats)
        if self.binary:
            a, b = self.calibration
            return np.array([_sigmoid(a * z[0] + b)])
        e = np.exp(z - z.max())
        return e / e.sum()

    def to_json(self) -> str:
        data = {"classes": list(self.classes), "intercept": [round(x, WEIGHT_DIGITS) for x in self.intercept],
                "calibration": [round(x, WEIGHT_DIGITS) for x in self.calibration], "meta": self.meta,
                "weights": {k: [round(x, WEIGHT_DIGITS) for x in v] for k, v in sorted(self.weights.items())}}
        return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "LinearModel":
        d = json.loads(text)
        return cls(tuple(d["classes"]), {k: tuple(v) for k, v in d["weights"].items()}, tuple(d["intercept"]),
                   tuple(d.get("calibration", (1.0, 0.0))), d.get("meta", {}))

    @classmethod
    def load(cls, path: Path) -> "LinearModel":
        return cls.from_json(Path(path).read_text(encoding="utf-8"))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def vectorize(X: Sequence[Features]) -> tuple[list[str], "object"]:
    """Sorted feature names and the CSR matrix of `X` (what DictVectorizer(sort=True) gives for
    numeric features, built in one pass: DictVectorizer was a third of `make evaluate`)."""
    from scipy.sparse import csr_matrix

    names = sorted({k for x in X for k in x})
    index = {n: i for i, n in enumerate(names)}
    indptr, indices, data = [0], [], []
    for x in X:
        cols = sorted((index[k], v) for k, v in x.items())
        indices.extend(c for c, _ in cols)
        data.extend(v for _, v in cols)
        indptr.append(len(indices))
    return names, csr_matrix((np.asarray(data, dtype=float), np.asarray(indices, dtype=np.int64),
                              np.asarray(indptr, dtype=np.int64)), shape=(len(X), len(names)))


def fit(X: Sequence[Features], y: Sequence[str], *, C: float = 1.0, positive: str | None = None,
        sample_weight: Sequence[float] | None = None, class_weight: str | None = None) -> LinearModel:
    """Fit a logistic regression. With `positive`, a binary model of y == positive; otherwise
    one weight vector per class. Deterministic: fixed solver and seed, sorted feature names."""
    from sklearn.linear_model import LogisticRegression

    names, M = vectorize(X)
    target = [int(v == positive) for v in y] if positive is not None else list(y)
    clf = LogisticRegression(C=C, max_iter=5000, class_weight=class_weight, random_state=RANDOM_STATE)
    clf.fit(M, target, sample_weight=None if sample_weight is None else np.asarray(sample_weight, dtype=float))
    coef = clf.coef_
    if positive is not None:
        classes = (positive,)
    else:
        classes = tuple(str(c) for c in clf.classes_)
        if len(classes) == 2:  # sklearn keeps one row for two classes: expand to a softmax pair
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            intercept = (-clf.intercept_[0] / 2, clf.intercept_[0] / 2)
    kept = np.flatnonzero(np.abs(coef).max(axis=0) >= PRUNE_BELOW)
    weights = {names[j]: tuple(float(x) for x in coef[:, j]) for j in kept}
    if positive is not None or len(classes) != 2:
        intercept = tuple(float(x) for x in clf.intercept_)
    return LinearModel(classes, weights, intercept)


def platt(logits: Sequence[float], labels: Sequence[int]) -> tuple[float, float]:
    """Platt scaling (a, b) fitted on out-of-fold logits: P = sigmoid(a*z + b)."""
    from sklearn.linear_model import LogisticRegression

    z = np.asarray(logits, dtype=float).reshape(-1, 1)
    if len(set(labels)) < 2:
        return (1.0, 0.0)
    clf = LogisticRegression(C=1e6, max_iter=1000, random_state=RANDOM_STATE).fit(z, list(labels))
    return (float(clf.coef_[0][0]), float(clf.intercept_[0]))


def out_of_fold(n: int, groups: Sequence[str], fit_and_predict: Callable[[list[int], list[int]], list],
                *, n_splits: int = 10) -> list:
    """Predictions for every row by a model fitted on the other groups only (GroupKFold over
    sorted group names, so the folds are the same on every run)."""
    from sklearn.model_selection import GroupKFold

    order = sorted(set(groups))
    index = {g: i for i, g in enumerate(order)}
    gid = [index[g] for g in groups]
    n_splits = min(n_splits, len(order))
    preds: list = [None] * n
    if n_splits < 2:
        return preds
    for train, test in GroupKFold(n_splits=n_splits).split(np.zeros(n), groups=gid):
        for i, p in zip(test, fit_and_predict(list(train), list(test))):
            preds[i] = p
    return preds
