"""Output tables + gold/*.gold.json to scores of one run (SPEC §6 matching): score.csv."""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .. import storage
from ..text.quotes import strip_marks

log = logging.getLogger(__name__)

# Values equal within this relative tolerance (1.5万 is 15000.0 in floats).
VALUE_TOLERANCE = 1e-6
META_FIELDS = ("title", "published", "author", "source", "site", "original_url")
norm_name = strip_marks  # SPEC §6: names match ignoring quote marks and spaces


@dataclass(frozen=True)
class Score:
    metric: str
    value: float | None
    hits: int
    total: int


def _ratio(metric: str, hits: int, total: int) -> Score:
    return Score(metric, round(hits / total, 4) if total else None, hits, total)


def _f1(metric: str, p: Score, r: Score) -> Score:
    if not p.value or not r.value:
        return Score(metric, 0.0 if p.total and r.total else None, 0, 0)
    return Score(metric, round(2 * p.value * r.value / (p.value + r.value), 4), 0, 0)


def _same_value(a: float | str, b: float) -> bool:
    try:
        a = float(a)
    except (TypeError, ValueError):
        return False
    return abs(a - float(b)) <= VALUE_TOLERANCE * max(1.0, abs(float(b)))


def match_figures(preds: list[dict], gold: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs (gold, pred): the pred's sentence holds the gold context and the texts are equal or
    one contains the other. Exact text pairs are taken first; each pred pairs once."""
    used: set[int] = set()
    pairs = []
    for exact in (True, False):
        for g in gold:
            if any(g is pg for pg, _ in pairs):
                continue
            for i, p in enumerate(preds):
                if i in used or g["context"] not in p["sentence"]:
                    continue
                same = p["text"] == g["text"]
                if same or (not exact and (g["text"] in p["text"] or p["text"] in g["text"])):
                    used.add(i)
                    pairs.append((g, p))
                    break
    return pairs


def gold_articles(gold_dir: Path, articles_by_file: dict):
    """(gold annotation, article) for each gold file whose article (matched by file name) is known."""
    from .goldset import read_gold

    for name, gold in read_gold(gold_dir).items():
        art = articles_by_file.get(name)
        if art is not None:
            yield gold, art


def _ambiguous(pred: dict, contexts: list[str]) -> bool:
    return any(c in pred["sentence"] and (pred["text"] in c or c in pred["text"]) for c in contexts)


def _cell_ok(pred_cell: str, g: dict) -> bool:
    return pred_cell in {g.get("cell"), g.get("cell_alt")} - {None}


def score(out: Path, gold_dir: Path) -> tuple[list[Score], list[str]]:
    """Scores of OUT against every gold file whose article is in OUT; and the files scored."""
    out = Path(out)
    articles = {Path(a["file"]).name: a for a in storage.read_csv(out / "articles.csv")}
    figs, inis = defaultdict(list), defaultdict(list)
    for r in storage.read_csv(out / "figures.csv"):
        figs[r["article_id"]].append(r)
    for r in storage.read_csv(out / "initiatives.csv"):
        inis[r["article_id"]].append(r)
    c = defaultdict(int)
    scored = []
    for gold, art in gold_articles(gold_dir, articles):
        scored.append(gold["file"])
        aid = art["article_id"]
        count_figures(c, figs[aid], gold)
        count_initiatives(c, inis[aid], gold)
        _score_article(c, art, gold, out)
    scores = extraction_scores(c)
    scores += [_ratio(f"meta_{f}", c[f"meta_{f}"], c[f"meta_{f}_n"]) for f in META_FIELDS]
    scores += [_ratio("body_starts", c["body_start"], c["body_n"]), _ratio("body_ends", c["body_end"], c["body_n"]),
               _ratio("body_chrome_absent", c["body_clean"], c["body_n"])]
    return scores, scored


def count_figures(c: dict, preds: list[dict], gold: dict) -> None:
    """Add one article's figure counts to `c`: predictions are dicts with text, sentence, value,
    unit, qualifier, counted and cell (SPEC §6 matching; ambiguous contexts are not counted)."""
    pairs = match_figures(preds, gold.get("figures", []))
    matched_ids = {id(p) for _, p in pairs}
    amb = [a["context"] for a in gold.get("ambiguous_figures", [])]
    c["fig_tp"] += len(pairs)
    c["fig_pred"] += sum(1 for p in preds if id(p) in matched_ids or not _ambiguous(p, amb))
    c["fig_gold"] += len(gold.get("figures", []))
    for g, p in pairs:
        c["fig_vuq"] += (_same_value(p["value"], g["value"]) and p["unit"] == g["unit"]
                         and p["qualifier"] == g["qualifier"])
        gc, pc = norm_name(g.get("counted", "")), norm_name(p["counted"])
        c["fig_counted"] += bool(gc and pc and (gc in pc or pc in gc))
        if "cell" in p:
            c["cell_hit"] += _cell_ok(p["cell"], g)
            c["cell_n"] += 1


def count_initiatives(c: dict, preds: list[dict], gold: dict) -> None:
    """Add one article's initiative counts to `c`: predictions are dicts with name (and cell);
    names match ignoring marks and spaces, ambiguous names are not counted unless gold."""
    gold_names = {norm_name(g["name"]): g for g in gold.get("initiatives", [])}
    amb_names = {norm_name(n) for n in gold.get("ambiguous_initiatives", [])}
    pred_by_name: dict[str, dict] = {}
    for r in preds:
        pred_by_name.setdefault(norm_name(r["name"]), r)
    pred_names = {n for n in pred_by_name if n not in amb_names or n in gold_names}
    hits = pred_names & set(gold_names)
    c["ini_tp"] += len(hits)
    c["ini_pred"] += len(pred_names)
    c["ini_gold"] += len(gold_names)
    for n in hits:
        if "cell" in pred_by_name[n]:
            c["cell_hit"] += _cell_ok(pred_by_name[n]["cell"], gold_names[n])
            c["cell_n"] += 1


def extraction_scores(c: dict) -> list[Score]:
    """Figure and initiative scores (and cell accuracy when cells were counted) from counts."""
    fp, fr = _ratio("figures_precision", c["fig_tp"], c["fig_pred"]), _ratio("figures_recall", c["fig_tp"], c["fig_gold"])
    ip, ir = _ratio("initiatives_precision", c["ini_tp"], c["ini_pred"]), _ratio("initiatives_recall", c["ini_tp"], c["ini_gold"])
    return [
        fp, fr, _f1("figures_f1", fp, fr),
        _ratio("figures_value_unit_qualifier", c["fig_vuq"], c["fig_tp"]),
        _ratio("figures_counted", c["fig_counted"], c["fig_tp"]),
        ip, ir, _f1("initiatives_f1", ip, ir),
        _ratio("cell_accuracy", c["cell_hit"], c["cell_n"]),
    ]


def _score_article(c: dict, art: dict, gold: dict, out: Path) -> None:
    for field in META_FIELDS:
        if field in gold.get("article", {}):
            want = gold["article"][field]
            got = art.get(field) or None
            c[f"meta_{field}_n"] += 1
            c[f"meta_{field}"] += (got == want)
    body = gold.get("body")
    if body:
        text = (out / "texts" / f"{art['article_id']}.txt").read_text(encoding="utf-8")
        c["body_n"] += 1
        c["body_start"] += text.startswith(body["starts_with"])
        c["body_end"] += text.rstrip().endswith(body["ends_with"])
        c["body_clean"] += not any(s in text for s in body.get("must_not_contain", []))


def format_table(scores: list[Score]) -> str:
    lines = [f"{'metric':32} {'value':>7} {'hits':>6} {'of':>6}"]
    for s in scores:
        value = "   n/a" if s.value is None else f"{s.value:7.3f}"
        counts = f"{s.hits:6d} {s.total:6d}" if s.total else f"{'':6} {'':6}"
        lines.append(f"{s.metric:32} {value:>7} {counts}")
    return "\n".join(lines)


def run(out: Path, *, gold_dir: Path) -> list[Score]:
    scores, scored = score(out, gold_dir)
    rows = [dict(metric=s.metric, value=s.value, hits=s.hits, total=s.total) for s in scores]
    storage.write_atomic(Path(out) / "score.csv",
                         storage.csv_bytes(rows, ["metric", "value", "hits", "total"]))
    log.info("evaluate: %d gold files matched articles in %s", len(scored), out)
    return scores
