"""OUT stage files + gold cells to a leave-one-article-out score of the cell classifier and of
the keyword baseline (classifier_eval.csv, confusion.csv)."""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sklearn.metrics import confusion_matrix, f1_score

from . import storage
from .classify import base_docs, item_doc, load_view, reference_view, rule_cell, structures
from .config import Codebook
from .evaluate import gold_articles, match_figures, norm_name
from .model import NONE, Doc, keyword_cell, train

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Case:
    """A matched item with its gold cells, as the model would see it."""

    article_id: str
    doc: Doc
    gold: frozenset[str]  # cell and cell_alt
    rule: str | None = None  # the cell a rule decides (classify.rule_cell), if any


def gold_cases(view, gold_dir: Path, tokenize, codebook: Codebook) -> list[Case]:
    """Our figures and initiatives matched to gold (SPEC §6), with the doc the model reads."""
    by_file = {Path(a.file).name: a for a in view.articles.values()}
    figs, inis = defaultdict(list), defaultdict(list)
    for f in view.figures:
        figs[f.article_id].append(f)
    for i in view.initiatives:
        inis[i.article_id].append(i)
    cases = []
    for gold, art in gold_articles(gold_dir, by_file):
        aid = art.article_id
        preds = [dict(text=f.text, sentence=f.sentence, obj=f) for f in figs[aid]]
        pairs = [(g, p["obj"]) for g, p in match_figures(preds, gold.get("figures", []))]
        by_name = {}
        for i in inis[aid]:
            by_name.setdefault(norm_name(i.name), i)
        pairs += [(g, by_name[norm_name(g["name"])]) for g in gold.get("initiatives", [])
                  if norm_name(g["name"]) in by_name]
        for g, it in pairs:
            d = item_doc(view, it, tokenize)
            cells = frozenset(c for c in (g.get("cell"), g.get("cell_alt")) if c)
            cases.append(Case(aid, Doc(d.text, d.tokens, g["cell"], 1.0, "gold"), cells, rule_cell(it, view, codebook)))
    return cases


def leave_one_article_out(cases: list[Case], base: list[Doc], codebook: Codebook) -> list[tuple[Case, str, str]]:
    """(case, model cell, keyword cell) with the model trained on `base` plus the gold cells of
    every other article: no case is ever scored by a model that saw it."""
    out = []
    for aid in sorted({c.article_id for c in cases}):
        model = train(base + [c.doc for c in cases if c.article_id != aid])
        held = [c for c in cases if c.article_id == aid]
        for case, (best, conf, _) in zip(held, model.predict([c.doc for c in held], groups=[aid] * len(held))):
            cell = best if conf >= codebook.min_confidence else NONE
            if case.rule is not None:
                cell = case.rule  # the same rules as classify.run
            out.append((case, cell, keyword_cell(case.doc.text, codebook)))
    return out


def scores(results, which: int) -> dict[str, float]:
    """Accuracy and macro-F1 over cases whose gold cell is not none; precision of `none`."""
    real = [(x[0], x[which]) for x in results if x[0].doc.cell != NONE]
    y_true = [c.doc.cell if pred not in c.gold else pred for c, pred in real]
    y_pred = [pred for _, pred in real]
    acc = sum(t == p for t, p in zip(y_true, y_pred)) / len(real) if real else 0.0
    labels = sorted(set(y_true))
    macro = f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0) if real else 0.0
    said_none = [x[0] for x in results if x[which] == NONE]
    none_prec = sum(NONE in c.gold for c in said_none) / len(said_none) if said_none else None
    return {"accuracy": round(acc, 4), "macro_f1": round(float(macro), 4), "n": len(real),
            "none_precision": None if none_prec is None else round(none_prec, 4), "none_n": len(said_none)}


def run(out: Path, *, gold_dir: Path, codebook: Codebook, reference: Path | None = None) -> dict[str, dict]:
    """Score the classifier leave-one-article-out on the gold articles of OUT; write the report."""
    from .segment import corpus_tokenizer, tokens

    out = Path(out)
    tokenize = partial(tokens, corpus_tokenizer(out))
    view = load_view(out)
    structure = structures(view, codebook)
    # Articles organised by the framework are decided by their outline, not by the model.
    cases = [c for c in gold_cases(view, gold_dir, tokenize, codebook) if structure.get(c.article_id) is None]
    if not cases:
        return {}
    reference = reference or codebook.reference_corpus
    ref = reference_view(reference, tokenize) if reference and Path(reference).is_dir() else None
    results = leave_one_article_out(cases, base_docs(view, codebook, tokenize, ref), codebook)
    report = {"classifier": scores(results, 1), "keyword_baseline": scores(results, 2)}
    rows = [dict(method=m, **v) for m, v in report.items()]
    storage.write_atomic(out / "classifier_eval.csv", storage.csv_bytes(
        rows, ["method", "accuracy", "macro_f1", "n", "none_precision", "none_n"]))
    labels = sorted({c.doc.cell for c, _, _ in results} | {p for _, p, _ in results})
    matrix = confusion_matrix([c.doc.cell for c, _, _ in results], [p for _, p, _ in results], labels=labels)
    storage.write_atomic(out / "confusion.csv", storage.csv_bytes(
        [dict(gold=g, **{p: int(matrix[i][j]) for j, p in enumerate(labels)}) for i, g in enumerate(labels)],
        ["gold"] + labels))
    log.info("crossval: %d gold items in %d articles scored leave-one-article-out", len(results),
             len({c.article_id for c, _, _ in results}))
    return report


def format_report(report: dict[str, dict], out: Path) -> str:
    lines = [f"{'method':18} {'accuracy':>9} {'macro_f1':>9} {'n':>5} {'none_prec':>10} {'none_n':>7}"]
    for method, v in report.items():
        none_p = "n/a" if v["none_precision"] is None else f"{v['none_precision']:.3f}"
        lines.append(f"{method:18} {v['accuracy']:9.3f} {v['macro_f1']:9.3f} {v['n']:5d} {none_p:>10} {v['none_n']:7d}")
    lines.append(f"confusion matrix (rows gold, columns predicted): {Path(out) / 'confusion.csv'}")
    return "\n".join(lines)
