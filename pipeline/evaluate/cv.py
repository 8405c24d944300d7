"""Gold folder to the article-grouped cross-validation report (`make evaluate`: evaluation.csv,
confusion.csv, cv_errors.csv in OUT) and to the decision models trained on all of it (`make models`)."""
from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path

from .. import storage
from ..config import Codebook
from . import gate, goldset

log = logging.getLogger(__name__)

ERROR_COLUMNS = ["kind", "error", "group", "article", "text", "gold", "predicted", "probability", "sentence"]


def run(gold_dir: Path, out: Path, *, codebook: Codebook, n_splits: int = gate.N_SPLITS) -> dict:
    """Cross-validate every decision model over the gold articles; write and return the report."""
    gs = goldset.load(gold_dir)
    figures, errors = figure_predictions(gs, n_splits=n_splits)
    initiatives, ini_errors = initiative_predictions(gs, n_splits=n_splits)
    errors += ini_errors
    scores = gate.extraction_by_group(gs, figures, initiatives)
    cell_scores, confusion, cell_errors = cell_report(gs, codebook, n_splits=n_splits)
    scores += cell_scores
    errors += cell_errors
    out = Path(out)
    gate.write_scores(out, scores)
    storage.write_atomic(out / "confusion.csv", storage.csv_bytes(confusion, list(confusion[0]) if confusion else ["gold"]))
    storage.write_atomic(out / "cv_errors.csv", storage.csv_bytes(
        sorted(errors, key=lambda e: (e["kind"], e["group"], e["article"], e["text"])), ERROR_COLUMNS))
    log.info("evaluate: %d gold articles (%d pages not parsed), %d-fold article-grouped cross-validation; "
             "wrong decisions in %s", len(gs.articles), len(gs.missing), n_splits, out / "cv_errors.csv")
    return {"scores": scores, "confusion": confusion, "out": out, "articles": len(gs.articles) + len(gs.missing)}


def figure_predictions(gs, *, n_splits: int = gate.N_SPLITS) -> tuple[dict[str, list[dict]], list[dict]]:
    """Out-of-fold figures per article (dicts as evaluate.count_figures reads them) and one
    row per wrong decision, for cv_errors.csv."""
    import jieba.posseg

    from ..extract import figure_model as FM
    from ..extract.figures import to_figure

    rows = FM.candidate_rows(gs)
    decisions = FM.cross_validate(rows, n_splits=n_splits)
    tagger = jieba.posseg.POSTokenizer(gs.tokenizer)
    tagger.makesure_userdict_loaded()  # the curated tags, before any article's own are added
    preds: dict[str, list[dict]] = defaultdict(list)
    errors = []
    for i, r in enumerate(rows):
        prob, threshold = decisions.get(i, (0.0, 1.0))
        kept = prob >= threshold
        if kept:
            with gs.words(r.article_id, tagger=tagger):
                f = to_figure(r.sentence, r.cand, list(tagger.cut(r.sentence.text)))
            preds[r.article_id].append(dict(text=f.text, sentence=f.sentence, value=f.value, unit=f.unit,
                                            qualifier=f.qualifier, counted=f.counted))
        if r.label is not None and kept != r.label:
            c = r.cand
            errors.append(dict(kind="figure", error="missed" if r.label else "spurious", article=r.article_id,
                               group=r.group, text=r.sentence.text[c.start : c.end], probability=round(prob, 3),
                               sentence=r.sentence.text))
    return preds, errors


def initiative_predictions(gs, *, n_splits: int) -> tuple[dict[str, list[dict]], list[dict]]:
    """Out-of-fold initiative names per article, and the wrong ones for cv_errors.csv."""
    from ..extract import initiative_model as IM
    from .score import norm_name

    predicted = IM.cross_validate(gs, n_splits=n_splits)
    preds = {aid: [dict(name=i.name, sentence=i.sentence) for i in items] for aid, items in predicted.items()}
    errors = []
    for ga in gs.articles:
        gold = {norm_name(g["name"]) for g in ga.gold.get("initiatives", [])}
        amb = {norm_name(n) for n in ga.gold.get("ambiguous_initiatives", [])}
        got = {norm_name(p["name"]): p for p in preds.get(ga.article_id, [])}
        for name in sorted(gold - set(got)):
            errors.append(dict(kind="initiative", error="missed", group=ga.group, article=ga.article_id, text=name))
        for name in sorted(set(got) - gold - amb):
            errors.append(dict(kind="initiative", error="spurious", group=ga.group, article=ga.article_id, text=name,
                               sentence=got[name]["sentence"]))
    return preds, errors


def cell_report(gs, codebook: Codebook, *, n_splits: int) -> tuple[list[gate.GroupScore], list[dict], list[dict]]:
    """Cell scores over every gold item (all and per group), the confusion matrix, the errors."""
    from ..classify import cell_model as CM

    results = CM.cross_validate(gs, codebook, n_splits=n_splits)
    scores = []
    groups = sorted({it.group for it, _, _ in results})
    for group in groups + [gate.ALL]:
        part = [x for x in results if group == gate.ALL or x[0].group == group]
        s = CM.scores(part)
        n = len(part)
        scores.append(gate.GroupScore(group, "cell_accuracy", s["accuracy"], round(s["accuracy"] * n), n))
        if group == gate.ALL:
            for metric in ("macro_f1", "none_precision", "none_recall"):
                scores.append(gate.GroupScore(group, f"cell_{metric}", s[metric], 0, n))
            base = CM.scores(CM.keyword_baseline(results, codebook))
            scores.append(gate.GroupScore(group, "cell_accuracy_keyword_baseline", base["accuracy"], 0, n))
            scores.append(gate.GroupScore(group, "cell_macro_f1_keyword_baseline", base["macro_f1"], 0, n))
    errors = [dict(kind="cell", error="wrong cell", group=it.group, article=it.article_id, text=it.text,
                   gold="|".join(sorted(it.cells)), predicted=pred, probability=round(conf, 3), sentence=it.sentence)
              for it, pred, conf in results if pred not in it.cells]
    return scores, CM.confusion(results), errors


def train_models(gold_dir: Path, *, codebook: Codebook) -> list[Path]:
    """Fit the figure, initiative and cell models on every gold article; write config/models/."""
    from ..classify import cell_model as CM
    from ..extract import figure_model as FM
    from ..extract import initiative_model as IM
    from ..extract.initiatives import MODEL_PATH as INITIATIVES_MODEL

    gs = goldset.load(gold_dir)
    written = []
    model = FM.train(FM.candidate_rows(gs))
    storage.write_text(FM.MODEL_PATH, model.to_json())
    written.append(FM.MODEL_PATH)
    storage.write_text(INITIATIVES_MODEL, IM.train(gs).to_json())
    written.append(INITIATIVES_MODEL)
    written += CM.save(CM.train(gs, codebook))
    return written


def read_measured(out: Path) -> dict[str, float]:
    """The scores of the last `evaluate` in OUT, keyed as gate.flat keys them."""
    path = Path(out) / "evaluation.csv"
    if not path.exists():
        return {}
    return gate.flat([gate.GroupScore(r["group"], r["metric"], float(r["value"]) if r["value"] else None, 0, 0)
                      for r in storage.read_csv(path)])


def format_report(report: dict) -> str:
    scores = report["scores"]
    lines = [f"article-grouped {gate.N_SPLITS}-fold cross-validation over {report['articles']} gold articles "
             "(no article scored by a model or threshold fitted on it)", ""]
    lines.append(gate.format_by_group([s for s in scores if not s.metric.startswith("cell_")]))
    lines.append("")
    lines.append(gate.format_by_group([s for s in scores if s.metric.startswith("cell_")]))
    if report["confusion"]:
        lines += ["", "cell confusion matrix (rows gold, columns predicted):"]
        cols = [c for c in report["confusion"][0] if c != "gold"]
        lines.append(f"{'gold':>6}" + "".join(f"{c:>6}" for c in cols))
        for row in report["confusion"]:
            lines.append(f"{row['gold']:>6}" + "".join(f"{row[c]:>6}" for c in cols))
    lines += ["", f"wrong decisions, one per row: {Path(report['out']) / 'cv_errors.csv'}"]
    return "\n".join(lines)
