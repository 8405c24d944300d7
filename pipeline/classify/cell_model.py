"""Gold items to the stored cell models (relevance + cell), the one decide(), and grouped cross-validation."""
from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .. import learn
from ..config import MODELS as CELL_MODELS
from ..config import Codebook
from ..learn import LinearModel
from ..records import Figure, Initiative
from .cells import CorpusView, item_doc, relevance, rule_cell, structure_docs
from .model import NONE, Doc, codebook_docs, features, is_ngram, keyword_cell
from .structure import structure_cells

log = logging.getLogger(__name__)

MODELS = CELL_MODELS
# Config this module's stage reads (the stored cell models); in the stage fingerprint (engine.fingerprint).
READS = ('config/models/cells_relevance.json', 'config/models/cells_cell.json')

RELEVANCE_FILE, CELLS_FILE = "cells_relevance.json", "cells_cell.json"
PARTY = "party"  # the positive class of the relevance model: the item is party-building work
# Inverse regularisation of the two logistic models, from the article-grouped 10-fold
# cross-validation over the 60 gold articles (main() below): cell accuracy on party items
# 0.733 / 0.742 / 0.746 at C_CELLS 10 / 30 / 100; C_RELEVANCE untuned.
C_RELEVANCE = 3.0
C_CELLS = 30.0
# Inner folds (over the training articles only) that give the out-of-fold logits for Platt
# scaling and the out-of-fold decisions the thresholds are chosen on.
INNER_SPLITS = 5
# An n-gram feature must occur in at least this many training articles to be kept (drops
# names of one school or person; keeps each stored model file under ~3 MB).
MIN_ARTICLES = 2
# Weight of the codebook's own docs and of outline-labelled sentences relative to a gold item.
CODEBOOK_WEIGHT = 0.5
STRUCTURE_WEIGHT = 0.5
# Candidate thresholds on the calibrated P(party); the one with the best out-of-fold accuracy
# of none-vs-party wins (ties: the one nearest 0.5).
THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(13))
# Items kept without review should be right this often (out of fold): the review threshold is
# the lowest confidence at which the decisions at or above it reach this accuracy.
REVIEW_ACCURACY = 0.9
# Feature-name prefixes the cell model does not read (see _cell_feature): with them it learnt
# the article's topic bucket as a cell and scored 0.599 on party items, without them 0.733.
CELL_SKIP = ("rel:", "kind:", "unit:")


@dataclass(frozen=True)
class GoldItem:
    """A gold figure or initiative, located in its article, with the doc the models read."""

    article_id: str
    group: str
    kind: str  # figure | initiative
    text: str  # the figure's text or the initiative's name
    sentence: str
    cells: frozenset[str]  # cell and cell_alt
    doc: Doc
    record: Figure | Initiative  # the item as the extraction stages would give it
    feats: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def cell(self) -> str:
        return self.doc.cell or NONE


@dataclass(frozen=True)
class Decision:
    cell: str
    source: str  # structure | label | rule | classifier
    confidence: float
    suggested: str = ""
    runner_up: str = ""
    review: bool = False


@dataclass(frozen=True)
class CellModels:
    relevance: LinearModel  # binary: P(party), Platt-calibrated
    cells: LinearModel  # multiclass over the codebook's items
    threshold: float  # P(party) below this -> none
    review: float  # decisions less confident than this go to review.csv

    def classify(self, feats: dict) -> Decision:
        p = float(self.relevance.proba(feats)[0])
        proba = self.cells.proba(feats)
        order = sorted(range(len(proba)), key=lambda i: (-proba[i], self.cells.classes[i]))
        best, second = self.cells.classes[order[0]], self.cells.classes[order[min(1, len(order) - 1)]]
        if p < self.threshold:
            conf = 1.0 - p
            return Decision(NONE, "classifier", round(conf, 4), best, second, conf < self.review)
        conf = p * float(proba[order[0]])
        return Decision(best, "classifier", round(conf, 4), best, second, conf < self.review)


def item_features(view: CorpusView, kind: str, it, tokenize, codebook: Codebook) -> dict[str, float]:
    """What both models read of an item: its doc (classify.item_doc), kind, unit, topic score."""
    if it.article_id not in view.relevance:
        view.relevance[it.article_id] = relevance(view.texts.get(it.article_id, ""), codebook)
    sub = getattr(it, "kind", "") if kind == "initiative" else ""
    return features(item_doc(view, it, tokenize), codebook, kind=f"{kind}:{sub}" if sub else kind,
                    unit=getattr(it, "unit", ""), relevance=view.relevance[it.article_id])


def decide(kind: str, it, view: CorpusView, codebook: Codebook, models: CellModels | None, *,
           structure: dict[str, str] | None, label=None, feats: dict | None = None, tokenize=None) -> Decision:
    """The cell of one item, first match wins: the article's framework outline, the analyst's
    label, a rule (classify.rule_cell), then the models (P(party) below threshold: none)."""
    if structure is not None:
        return Decision(structure.get(it.section or "", NONE), "structure", 1.0)
    if label is not None:
        return Decision(label.cell, "label", 1.0)
    if (ruled := rule_cell(it, view, codebook)) is not None:
        return Decision(ruled, "rule", 1.0)
    if feats is None:
        feats = item_features(view, kind, it, tokenize, codebook)
    if models is None:  # no stored models: the keyword baseline, always reviewed
        cell = keyword_cell(item_doc(view, it, tokenize).text, codebook)
        return Decision(cell, "classifier", 0.0, cell, cell, True)
    return models.classify(feats)


def gold_view(articles) -> CorpusView:
    """The CorpusView classify.run would have of these gold articles."""
    return CorpusView({a.article_id: a.article for a in articles}, {a.article_id: list(a.sections) for a in articles},
                      [s for a in articles for s in a.sentences], {a.article_id: a.text for a in articles})


def _locate(article, context: str, text: str) -> tuple[object, int]:
    """The sentence holding `context` (else the one where it starts) and the item's offset."""
    at = article.text.find(context) if context else -1
    for s in article.sentences:
        if context and context in s.text or (at >= 0 and s.start <= at < s.end):
            base = s.text.find(context) if context in s.text else 0
            off = s.text.find(text, max(base, 0))
            off = s.text.find(text) if off < 0 else off
            return s, s.start + max(off, 0)
    return None, -1


def gold_items(goldset, codebook: Codebook) -> list[GoldItem]:
    """Every gold figure and initiative whose sentence is found in its parsed article, with the
    features both models read (tokenized as the pipeline does: the article's own names whole)."""
    view = gold_view(goldset.articles)
    out, lost = [], 0
    for a in goldset.articles:
        entries = [("figure", g, g["text"]) for g in a.gold.get("figures", [])]
        entries += [("initiative", g, g["name"]) for g in a.gold.get("initiatives", [])]
        for kind, g, text in entries:
            sent, start = _locate(a, g.get("context", ""), text)
            if sent is None:
                lost += 1
                continue
            if kind == "figure":
                rec = Figure(a.article_id, text, 0.0, None, g.get("unit") or "", g.get("qualifier") or "", "",
                             sent.text, start, start + len(text), sent.section, g.get("claim") or "other")
            else:
                rec = Initiative(a.article_id, text, g.get("kind") or "other", text, sent.text, start,
                                 start + len(text), sent.section)
            with goldset.words(a.article_id):
                d = item_doc(view, rec, goldset.tokenize)
                feats = item_features(view, kind, rec, goldset.tokenize, codebook)
            cells = frozenset(c for c in (g.get("cell"), g.get("cell_alt")) if c)
            out.append(GoldItem(a.article_id, a.group, kind, text, sent.text, cells,
                                Doc(d.text, d.tokens, g.get("cell") or NONE, 1.0, "gold"), rec, feats))
    if lost:
        log.warning("gold items: %d whose context is in no sentence of its parsed article", lost)
    return out


def _prune(rows: list[tuple[dict, str]]) -> set[str]:
    """N-gram features seen in at least MIN_ARTICLES groups (codebook docs always count), and
    every feature that is not an n-gram. (Names are collected per group first: is_ngram runs
    once per distinct name, not once per occurrence.)"""
    by_group: dict[str, set[str]] = defaultdict(set)
    for feats, group in rows:
        by_group[group].update(feats)
    keep = by_group.pop("codebook", set())
    groups: Counter = Counter()
    for names in by_group.values():
        groups.update(names)
    return keep | {n for n, g in groups.items() if g >= MIN_ARTICLES or not is_ngram(n)}


def _cell_feature(name: str) -> bool:
    """Features the cell model reads: the text's, not the article's topic score nor the item's
    kind and unit (they tell party work from the rest, not one cell from another)."""
    return not name.startswith(CELL_SKIP)


def _fit(items: list[GoldItem], extra: list[tuple[dict, str, str, float]], *, relevance: bool = True,
         cells: bool = True) -> tuple[LinearModel | None, LinearModel | None]:
    """Relevance and (unless `cells` is false) cell models, uncalibrated, from gold items plus
    (feats, cell, group, weight) docs of the codebook and of outline-labelled sentences."""
    rows = [(it.feats, it.cell, it.article_id, 1.0) for it in items] + extra
    keep = _prune([(f, g) for f, _, g, _ in rows])
    X = [{k: v for k, v in f.items() if k in keep} for f, _, _, _ in rows]
    y = [c for _, c, _, _ in rows]
    w = [wt for *_, wt in rows]
    rel = learn.fit(X, [NONE if c == NONE else PARTY for c in y], C=C_RELEVANCE, positive=PARTY,
                    sample_weight=w, class_weight="balanced") if relevance else None
    if not cells:
        return rel, None
    party = [i for i, c in enumerate(y) if c != NONE]
    cells = learn.fit([{k: v for k, v in X[i].items() if _cell_feature(k)} for i in party], [y[i] for i in party], C=C_CELLS,
                      sample_weight=[w[i] for i in party], class_weight="balanced")
    return rel, cells


def _extra_docs(articles, codebook: Codebook, tokenize) -> list[tuple[dict, str, str, float]]:
    """(feats, cell, group, weight) of the codebook's docs and of the item sentences of the
    articles organised by the framework (their outline labels them; classify.structure_docs)."""
    out = [(features(d, codebook, kind="codebook"), d.cell, "codebook", CODEBOOK_WEIGHT)
           for d in codebook_docs(codebook, tokenize)]
    for a in articles:
        structure = structure_cells(list(a.sections), codebook)
        if structure is None:
            continue
        for d in structure_docs(gold_view([a]), {a.article_id: structure}):
            out.append((features(d, codebook, kind="sentence"), d.cell, a.article_id, STRUCTURE_WEIGHT))
    return out


def _choose_threshold(p: list[float], none: list[bool]) -> float:
    def acc(t):
        return sum((x < t) == n for x, n in zip(p, none)) / max(len(p), 1)
    return max(THRESHOLDS, key=lambda t: (round(acc(t), 6), -abs(t - 0.5)))


def _choose_review(decisions: list[tuple[float, bool]]) -> float:
    """Lowest confidence whose decisions at or above it are right REVIEW_ACCURACY of the time."""
    ranked = sorted(decisions, key=lambda x: -x[0])
    best, right = 1.0, 0
    for n, (conf, ok) in enumerate(ranked, start=1):
        right += ok
        if right / n >= REVIEW_ACCURACY:
            best = conf
    return round(best, 4)


def _train_items(items: list[GoldItem], extra, *, review: bool = True) -> CellModels:
    """Both models on `items`; Platt scaling and the P(party) threshold from inner out-of-fold
    logits; the review threshold (only with `review`: it moves no cell) from inner out-of-fold
    decisions."""
    groups = [it.article_id for it in items]

    def fit_predict(train, test):
        rel, cells = _fit([items[i] for i in train], extra, cells=review)
        return [(float(rel.logits(items[i].feats)[0]), cells.proba(items[i].feats) if cells else None,
                 cells.classes if cells else ()) for i in test]

    oof = learn.out_of_fold(len(items), groups, fit_predict, n_splits=INNER_SPLITS)
    ok = [i for i, o in enumerate(oof) if o is not None]
    a, b = learn.platt([oof[i][0] for i in ok], [int(items[i].cell != NONE) for i in ok])
    rel, cells = _fit(items, extra)
    rel = LinearModel(rel.classes, rel.weights, rel.intercept, (a, b), rel.meta)
    p = [1.0 / (1.0 + math.exp(-max(min(a * oof[i][0] + b, 50.0), -50.0))) for i in ok]
    threshold = _choose_threshold(p, [items[i].cell == NONE for i in ok])
    decisions = []
    for i, pi in zip(ok, p) if review else ():
        _, proba, classes = oof[i]
        j = max(range(len(proba)), key=lambda k: (proba[k], -k))
        cell, conf = (NONE, 1 - pi) if pi < threshold else (classes[j], pi * float(proba[j]))
        decisions.append((conf, cell in items[i].cells))
    return CellModels(rel, cells, threshold, _choose_review(decisions) if review else 0.0)


def train(goldset, codebook: Codebook) -> CellModels:
    """The models every run loads, fitted on every gold article."""
    return _train_items(gold_items(goldset, codebook), _extra_docs(goldset.articles, codebook, goldset.tokenize))


def save(models: CellModels, folder: Path = MODELS) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rel = LinearModel(models.relevance.classes, models.relevance.weights, models.relevance.intercept,
                      models.relevance.calibration,
                      {**models.relevance.meta, "threshold": models.threshold, "review": models.review})
    paths = []
    for name, m in ((RELEVANCE_FILE, rel), (CELLS_FILE, models.cells)):
        tmp = folder / f".{name}.tmp"
        tmp.write_text(m.to_json(), encoding="utf-8")
        tmp.replace(folder / name)
        paths.append(folder / name)
    return paths


def load(folder: Path = MODELS) -> CellModels | None:
    """The stored models, or None (with a warning) when they are missing."""
    folder = Path(folder)
    if not (folder / RELEVANCE_FILE).exists() or not (folder / CELLS_FILE).exists():
        log.warning("no cell models in %s: cells fall back to the keyword baseline", folder)
        return None
    rel = LinearModel.load(folder / RELEVANCE_FILE)
    return CellModels(rel, LinearModel.load(folder / CELLS_FILE), float(rel.meta["threshold"]),
                      float(rel.meta["review"]))


def cross_validate(goldset, codebook: Codebook, n_splits: int = 10) -> list[tuple]:
    """(item, predicted cell, confidence) per gold item, each predicted by decide() with models
    (and thresholds) fitted on the other folds' articles only."""
    tokenize = goldset.tokenize
    view = gold_view(goldset.articles)
    items = gold_items(goldset, codebook)
    by_id = {a.article_id: a for a in goldset.articles}
    structure = {aid: structure_cells(list(a.sections), codebook) for aid, a in by_id.items()}

    def fit_predict(train, test):
        seen = sorted({items[i].article_id for i in train})
        models = _train_items([items[i] for i in train], _extra_docs([by_id[a] for a in seen], codebook, tokenize),
                              review=False)
        return [decide(items[i].kind, items[i].record, view, codebook, models,
                       structure=structure[items[i].article_id], feats=items[i].feats) for i in test]

    decisions = learn.out_of_fold(len(items), [it.article_id for it in items], fit_predict, n_splits=n_splits)
    return [(it, d.cell, d.confidence) for it, d in zip(items, decisions)]


def keyword_baseline(results, codebook: Codebook) -> list[tuple]:
    """cross_validate's rows with the keyword baseline's cell (model.keyword_cell) instead."""
    return [(r[0], keyword_cell(r[0].doc.text, codebook), 1.0) for r in results]


def _truth(item: GoldItem, pred: str) -> str:
    return pred if pred in item.cells else item.cell


def scores(results) -> dict:
    """Accuracy, macro-F1 (over the cells present in gold, none included), none precision and
    recall, and accuracy per group, of cross_validate's (item, cell, confidence) rows."""
    from sklearn.metrics import f1_score

    truth = [_truth(r[0], r[1]) for r in results]
    pred = [r[1] for r in results]
    n = len(results)
    labels = sorted({r[0].cell for r in results})
    said_none = [t for t, p in zip(truth, pred) if p == NONE]
    is_none = [p for t, p in zip(truth, pred) if t == NONE]
    groups = defaultdict(list)
    for t, p, r in zip(truth, pred, results):
        groups[r[0].group].append(t == p)
    return {"accuracy": round(sum(t == p for t, p in zip(truth, pred)) / max(n, 1), 4),
            "macro_f1": round(float(f1_score(truth, pred, labels=labels, average="macro", zero_division=0)), 4),
            "none_precision": round(sum(t == NONE for t in said_none) / max(len(said_none), 1), 4),
            "none_recall": round(sum(p == NONE for p in is_none) / max(len(is_none), 1), 4),
            "n": n, "none_n": len(said_none),
            "groups": {g: round(sum(v) / len(v), 4) for g, v in sorted(groups.items())}}


def confusion(results) -> list[dict]:
    """Rows gold cell, columns predicted cell (a cell_alt hit counts on the diagonal)."""
    counts = Counter((_truth(r[0], r[1]), r[1]) for r in results)
    labels = sorted({g for g, _ in counts} | {p for _, p in counts})
    return [{"gold": g, **{p: counts.get((g, p), 0) for p in labels}} for g in labels]
