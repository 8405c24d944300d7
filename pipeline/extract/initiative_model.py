"""Initiative candidates + gold to a logistic model that decides which are names; grouped CV."""
from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass

from .. import learn
from ..evaluate.score import count_initiatives, norm_name
from ..records import Initiative, Sentence
from ..text import resources as R
from ..text.segment import span_index, token_spans
from .initiatives import Candidate, decide, find_candidates, load_stoplist

log = logging.getLogger(__name__)

# Inverse regularisation strength of the logistic model. Fixed before looking at scores: the
# sklearn default; features are sparse indicators, so no scaling is needed.
C = 1.0
# Thresholds tried when choosing the one that maximises F1 on out-of-fold probabilities.
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 19))
# Folds of the article-grouped cross-validation (outer: scoring; inner: choosing a threshold).
OUTER_SPLITS = 10
INNER_SPLITS = 5
# Length buckets of a name (characters): names of 2-4 characters are slogans as often as
# names, long ones are titles or speech.
LENGTH_BUCKETS = (2, 3, 4, 6, 9, 14, 20)
_MARKS = "“”‘’\"《》「」『』〈〉"
# Characters read before and after a candidate for the programme-verb and type-noun cues: the
# verb cue is a verb and two characters (under 10), the type noun may follow a list of sibling
# quotes (ten names of up to 30 characters). Bounded so a sentence of thousands of candidates
# costs linear time (issue 10).
CUE_BEFORE, CUE_AFTER = 32, 400


def _bucket(n: int) -> str:
    return str(next((b for b in LENGTH_BUCKETS if n <= b), "long"))


def features(sentence: Sentence, cand: Candidate, spans: list | None = None) -> dict[str, float]:
    """Indicator features of one candidate in its sentence: the rule and flags that proposed
    and would have rejected it, its marks, length and ending, and the characters and tokens
    around it. (Character bigrams of the name and of 8 characters around it were tried: the
    same grouped-CV F1, .826 against .823, at five times the cost.) `spans` (from segment.token_spans) may be passed to avoid recomputing them."""
    text, name = sentence.text, cand.name
    f: dict[str, float] = {f"rule={cand.rule}": 1.0, f"kind={cand.kind}": 1.0, f"nflags={min(len(cand.flags), 3)}": 1.0}
    for flag in cand.flags:
        f[f"flag={flag}"] = 1.0
    opener = text[cand.start] if text[cand.start] in _MARKS else "none"
    f[f"mark={opener}"] = 1.0
    f[f"len={_bucket(len(name))}"] = 1.0
    f[f"last1={name[-1:]}"] = 1.0
    f[f"last2={name[-2:]}"] = 1.0
    f[f"first1={name[:1]}"] = 1.0
    for k in (1, 2, 3):
        f[f"b{k}={text[max(0, cand.start - k):cand.start]}"] = 1.0
        f[f"a{k}={text[cand.end:cand.end + k]}"] = 1.0
    spans = token_spans(sentence) if spans is None else spans
    ends, starts = span_index(spans)
    before = [t for _, _, t in spans[max(0, bisect_right(ends, cand.start) - 2):bisect_right(ends, cand.start)]]
    after = [t for _, _, t in spans[bisect_left(starts, cand.end):][:2]]
    f[f"tb1={before[-1] if before else '^'}"] = 1.0
    f[f"tb2={'|'.join(before) if len(before) == 2 else '^'}"] = 1.0
    f[f"ta1={after[0] if after else '$'}"] = 1.0
    f[f"ta2={'|'.join(after) if len(after) == 2 else '$'}"] = 1.0
    # the cues stand next to the name: bounded windows keep the work per candidate constant
    prefix, rest = text[max(0, cand.start - CUE_BEFORE):cand.start], text[cand.end:cand.end + CUE_AFTER]
    f["verb_before"] = float(bool(R.PROGRAMME_VERB_BEFORE_RE.search(prefix)))
    f["type_noun_after"] = float(bool(R.TYPE_NOUN_AFTER_RE.match(rest)))
    f["type_noun_before"] = float(bool(R.TYPE_NOUN_BEFORE_RE.search(prefix)))
    f["is_heading"] = float(sentence.heading)
    f["has_digit"] = float(any(ch.isdigit() for ch in name))
    f["has_sep"] = float(any(ch in "、，, ·：:" for ch in name))
    f["sentence_start"] = float(cand.start == 0)
    return f


def probabilities(model: learn.LinearModel, sentence: Sentence, cands: list[Candidate]) -> list[float]:
    """P(initiative) of each candidate of `sentence` under `model`."""
    spans = token_spans(sentence)
    return [float(model.proba(features(sentence, c, spans))[0]) for c in cands]


@dataclass(frozen=True)
class Row:
    article: int  # index into goldset.articles
    sentence: int  # index into the article's sentences
    cand: Candidate
    feats: dict
    label: str  # "yes", "no" or "ambiguous" (left out of training and scoring)


def _rows(goldset, stoplist: frozenset[str]) -> list[Row]:
    out = []
    for ai, art in enumerate(goldset.articles):
        gold = {norm_name(g["name"]) for g in art.gold.get("initiatives", [])}
        amb = {norm_name(n) for n in art.gold.get("ambiguous_initiatives", [])} - gold
        for si, sent in enumerate(art.sentences):
            spans = token_spans(sent)
            for c in find_candidates(sent.text, is_heading=sent.heading, stoplist=stoplist):
                n = norm_name(c.name)
                label = "yes" if n in gold else "ambiguous" if n in amb else "no"
                out.append(Row(ai, si, c, features(sent, c, spans), label))
    return out


def _stoplist() -> frozenset[str]:
    from ..config import STOPLIST

    return load_stoplist(STOPLIST)


def training_rows(goldset, stoplist: frozenset[str] | None = None):
    """(X, y, groups, keys) over every candidate of the gold articles whose name is not
    ambiguous: y is "yes" when the name is a gold initiative of that article; groups are
    article ids; keys are (article_id, sentence index, candidate)."""
    rows = [r for r in _rows(goldset, _stoplist() if stoplist is None else stoplist) if r.label != "ambiguous"]
    arts = goldset.articles
    return ([r.feats for r in rows], [r.label for r in rows], [arts[r.article].article_id for r in rows],
            [(arts[r.article].article_id, r.sentence, r.cand) for r in rows])


def _fit(rows: list[Row]) -> learn.LinearModel:
    train = [r for r in rows if r.label != "ambiguous"]
    return learn.fit([r.feats for r in train], [r.label for r in train], C=C, positive="yes")


def _predict(model: learn.LinearModel, rows: list[Row]) -> list[float]:
    return [float(model.proba(r.feats)[0]) for r in rows]


def _decoded(rows: list[Row], probs: list[float], threshold: float) -> dict[int, set[str]]:
    """Predicted names per article index after per-sentence decoding."""
    by_sent: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_sent[(r.article, r.sentence)].append(i)
    out: dict[int, set[str]] = defaultdict(set)
    for (ai, _), idx in by_sent.items():
        for c in decide([rows[i].cand for i in idx], [probs[i] for i in idx], threshold):
            out[ai].add(c.name)
    return out


def _f1_at(goldset, rows, probs, threshold, articles) -> float:
    names = _decoded(rows, probs, threshold)
    tp = pred = gold = 0
    for ai in articles:
        t, p, g = _counts(goldset.articles[ai].gold, names.get(ai, set()))
        tp, pred, gold = tp + t, pred + p, gold + g
    return 2 * tp / (pred + gold) if pred + gold else 0.0


def _choose_threshold(goldset, rows: list[Row], n_splits: int) -> float:
    """The threshold that maximises F1 of out-of-fold probabilities over the articles of
    `rows` (ties: the one nearest 0.5, so the choice is stable)."""
    groups = [r.article for r in rows]
    probs = learn.out_of_fold(len(rows), [str(g) for g in groups],
                              lambda tr, te: _predict(_fit([rows[i] for i in tr]), [rows[i] for i in te]),
                              n_splits=n_splits)
    articles = sorted(set(groups))
    scored = [(_f1_at(goldset, rows, probs, t, articles), -abs(t - 0.5), t) for t in THRESHOLDS]
    return max(scored)[2]


def _counts(gold: dict, predicted: set[str]) -> tuple[int, int, int]:
    """(tp, predicted, gold) of one article, counted by evaluate.count_initiatives."""
    c: dict = defaultdict(int)
    count_initiatives(c, [{"name": n} for n in sorted(predicted)], gold)
    return c["ini_tp"], c["ini_pred"], c["ini_gold"]


def train(goldset, stoplist: frozenset[str] | None = None) -> learn.LinearModel:
    """The model fitted on every gold article, with the threshold grouped CV chose."""
    rows = _rows(goldset, _stoplist() if stoplist is None else stoplist)
    threshold = _choose_threshold(goldset, rows, OUTER_SPLITS)
    model = _fit(rows)
    n = sum(r.label != "ambiguous" for r in rows)
    meta = {"threshold": threshold, "C": C, "trained_on": {"articles": len(goldset.articles), "rows": n,
            "positive": sum(r.label == "yes" for r in rows)}}
    return learn.LinearModel(model.classes, model.weights, model.intercept, model.calibration, meta)


def cross_validate(goldset, n_splits: int = OUTER_SPLITS, stoplist: frozenset[str] | None = None) -> dict[str, list[Initiative]]:
    """Out-of-fold initiatives of every gold article: each article is decided by a model and a
    threshold (chosen by inner grouped CV) fitted on other articles only."""
    from .initiatives import extract

    stop = _stoplist() if stoplist is None else stoplist
    rows = _rows(goldset, stop)
    arts = goldset.articles
    out: dict[str, list[Initiative]] = {a.article_id: [] for a in arts}

    def fold(train_idx, test_idx):
        train_rows = [rows[i] for i in train_idx]
        threshold = _choose_threshold(goldset, train_rows, INNER_SPLITS)
        model = _fit(train_rows)
        log.debug("fold: threshold %.2f on %d articles", threshold, len({r.article for r in train_rows}))
        for ai in sorted({rows[i].article for i in test_idx}):
            for sent in arts[ai].sentences:
                out[arts[ai].article_id].extend(extract(sent, model=model, threshold=threshold,
                                                        is_heading=sent.heading, stoplist=stop))
        return [None] * len(test_idx)

    learn.out_of_fold(len(rows), [arts[r.article].article_id for r in rows], fold, n_splits=n_splits)
    return out
