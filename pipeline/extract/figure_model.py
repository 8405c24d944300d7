"""Figure candidates + gold to the figure decision model (config/models/figures.json) and its
article-grouped cross-validation: rules propose every number with a unit, the model decides."""
from __future__ import annotations

import logging
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path

from ..config import FIGURE_MODEL
from ..evaluate.score import _ambiguous, match_figures
from ..learn import LinearModel, fit, out_of_fold
from ..records import Sentence
from ..text.segment import span_index, token_spans
from .figures import Candidate, find_candidates, no_flags, quoted_numeral_names

log = logging.getLogger(__name__)

MODEL_PATH = FIGURE_MODEL
# Config this module's stage reads (the stored figure model); in the stage fingerprint (engine.fingerprint).
READS = ('config/models/figures.json',)

# Inverse regularisation of the logistic regression: scikit-learn's default, fixed before any
# score was seen and not tuned (the features are sparse indicators; tuning C on the 60 gold
# articles would fit the evaluation).
C_VALUE = 1.0
# Characters of context read on each side of a candidate (1- and 2-character windows).
WINDOW = 2
# Candidate thresholds tried when choosing the decision threshold on out-of-fold predictions.
THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(13))  # 0.20 .. 0.80
# Folds of the inner cross-validation that picks the threshold inside each outer training fold.
INNER_SPLITS = 5
# Used when a model file carries no threshold of its own.
DEFAULT_THRESHOLD = 0.5


def features(sentence: Sentence, c: Candidate) -> dict[str, float]:
    """What the model reads of one candidate: the rule and flags that fired, the unit and
    qualifier, the shape of the number, and the characters and tokens around it."""
    text = sentence.text
    num = text[c.number_start : c.number_end]
    before, after = text[: c.start], text[c.end :]
    f: dict[str, float] = {f"rule={c.rule}": 1.0, f"unit={c.unit}": 1.0, f"qual={c.qualifier}": 1.0}
    for flag in c.flags or ("none",):
        f[f"flag={flag}"] = 1.0
    f[f"shape={_shape(num)}"] = 1.0
    if c.value > 0:
        f[f"mag={min(int(math.log10(c.value)), 9)}"] = 1.0
    f["integer"] = float(c.value == int(c.value))
    for k in range(1, WINDOW + 1):
        f[f"b{k}={before[-k:]}"] = 1.0
        f[f"a{k}={after[:k]}"] = 1.0
    f[f"unit_a1={c.unit}|{after[:1]}"] = 1.0
    f[f"b1_unit={before[-1:]}|{c.unit}"] = 1.0
    spans = token_spans(sentence)
    ends, starts = span_index(spans)
    i_prev, i_next = bisect_right(ends, c.start), bisect_left(starts, c.end)
    prev_tok = spans[i_prev - 1][2] if i_prev else "^"
    next_tok = spans[i_next][2] if i_next < len(spans) else "$"
    f[f"tb={prev_tok}"] = 1.0
    f[f"ta={next_tok}"] = 1.0
    # The number inside a longer word (高三 + 首考, 一诺千金) or the whole candidate one word of
    # the dictionary (十分 "very", 千金): jieba's vocabulary knows these are not counts.
    i_hold = bisect_right(starts, c.number_start) - 1  # the last token starting at or before the number
    holder = spans[i_hold] if i_hold >= 0 and spans[i_hold][0] <= c.number_start < spans[i_hold][1] else None
    if holder is not None:
        if holder[0] < c.start or holder[1] > c.end:
            f["number_in_word"] = 1.0
        if (holder[0], holder[1]) == (c.start, c.end) and not any(ch.isdigit() for ch in holder[2]):
            f["candidate_is_word"] = 1.0
    if sentence.heading:
        f["heading"] = 1.0
    return f


def _shape(num: str) -> str:
    """A coarse shape of the numeral: d4 (four Arabic digits), d1-3, c (Chinese), mixed."""
    digits = sum(ch.isdigit() for ch in num)
    if digits == len(num):
        return f"d{min(digits, 5)}"
    if digits == 0:
        return "c" + ("1" if len(num) == 1 else "n")
    return "mixed"


@dataclass(frozen=True)
class Row:
    """One candidate of a gold article, with its label (None: ambiguous, left out)."""

    article_id: str
    group: str
    sentence: Sentence
    cand: Candidate
    label: bool | None


def candidate_rows(goldset) -> list[Row]:
    """Every candidate of every gold article, labelled by SPEC §6 matching against the gold."""
    rows = []
    for ga in goldset.articles:
        names = quoted_numeral_names(s.text for s in ga.sentences)
        gold = ga.gold.get("figures", [])
        amb = [a["context"] for a in ga.gold.get("ambiguous_figures", [])]
        preds = []
        for sent in ga.sentences:
            for cand in find_candidates(sent.text, names=names):
                preds.append(dict(text=sent.text[cand.start : cand.end], sentence=sent.text, sent=sent, cand=cand))
        matched = {id(p) for _, p in match_figures(preds, gold)}
        for p in preds:
            label = True if id(p) in matched else (None if _ambiguous(p, amb) else False)
            rows.append(Row(ga.article_id, ga.group, p["sent"], p["cand"], label))
    return rows


def best_threshold(probs: list[float], labels: list[bool]) -> float:
    """The threshold of THRESHOLDS with the best candidate-level F1 (ties: the lower one)."""
    best, best_f1 = DEFAULT_THRESHOLD, -1.0
    for t in THRESHOLDS:
        tp = sum(p >= t and y for p, y in zip(probs, labels))
        fp = sum(p >= t and not y for p, y in zip(probs, labels))
        fn = sum(p < t and y for p, y in zip(probs, labels))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = t, f1
    return best


def _fit(rows: list[Row]) -> LinearModel:
    X = [features(r.sentence, r.cand) for r in rows]
    return fit(X, ["yes" if r.label else "no" for r in rows], C=C_VALUE, positive="yes")


def train(rows: list[Row], *, n_splits: int = 10) -> LinearModel:
    """Fit on labelled rows; the threshold is chosen on out-of-fold predictions of these rows."""
    rows = [r for r in rows if r.label is not None]
    probs = out_of_fold(len(rows), [r.article_id for r in rows],
                        lambda tr, te: _predict(_fit([rows[i] for i in tr]), [rows[i] for i in te]), n_splits=n_splits)
    pairs = [(p, r.label) for p, r in zip(probs, rows) if p is not None]
    threshold = best_threshold([p for p, _ in pairs], [y for _, y in pairs]) if pairs else DEFAULT_THRESHOLD
    model = _fit(rows)
    meta = {"threshold": threshold, "articles": len({r.article_id for r in rows}), "rows": len(rows),
            "positives": sum(bool(r.label) for r in rows), "C": C_VALUE}
    return LinearModel(model.classes, model.weights, model.intercept, model.calibration, meta)


def _predict(model: LinearModel, rows: list[Row]) -> list[float]:
    return [float(model.proba(features(r.sentence, r.cand))[0]) for r in rows]


def cross_validate(rows: list[Row], *, n_splits: int = 10) -> dict[int, tuple[float, float]]:
    """(probability, threshold) of every row (by index into `rows`), both from a model and an
    inner cross-validation fitted without the row's article."""
    groups = [r.article_id for r in rows]
    decisions: dict[int, tuple[float, float]] = {}

    def fold(train_idx: list[int], test_idx: list[int]) -> list[tuple[float, float]]:
        model = train([rows[i] for i in train_idx], n_splits=INNER_SPLITS)
        return [(p, model.meta["threshold"]) for p in _predict(model, [rows[i] for i in test_idx])]

    for i, pred in enumerate(out_of_fold(len(rows), groups, fold, n_splits=n_splits)):
        if pred is not None:
            decisions[i] = pred
    return decisions


def keep(model: LinearModel | None, sentence: Sentence, c: Candidate) -> bool:
    """The decision: the model's probability against its threshold; without a model, no flag."""
    if model is None:
        return no_flags(sentence, c)
    return float(model.proba(features(sentence, c))[0]) >= model.meta.get("threshold", DEFAULT_THRESHOLD)


def load_model(path: Path = MODEL_PATH) -> LinearModel | None:
    return LinearModel.load(path) if Path(path).exists() else None
