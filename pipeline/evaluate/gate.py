"""Cross-validated predictions + gold to scores per source group (evaluation.csv) and the
floors they must keep (tests/floors.json)."""
from __future__ import annotations

import json
import logging
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .. import storage
from . import score as E

log = logging.getLogger(__name__)

ALL = "all"
FLOORS = Path(__file__).resolve().parents[2] / "tests" / "floors.json"
# Folds of the article-grouped cross-validation: every article is scored by models (and
# thresholds) fitted on the other ~90% of the articles.
N_SPLITS = 10
# Floors are the measured score less FLOOR_MARGIN, rounded down to FLOOR_DIGITS decimals. The
# margin absorbs what a newer scikit-learn or BLAS on another machine may change in the fitted
# weights (one borderline decision in a hundred), so the gate fails on regressions, not on noise.
FLOOR_DIGITS = 2
FLOOR_MARGIN = 0.01


@dataclass(frozen=True)
class GroupScore:
    group: str
    metric: str
    value: float | None
    hits: int
    total: int


def extraction_by_group(goldset, figures: dict[str, list[dict]], initiatives: dict[str, list[dict]] | None) -> list[GroupScore]:
    """Figure and initiative scores per group and over all articles. Gold pages that did not
    parse count their gold items as misses."""
    counts: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for ga in goldset.articles:
        for g in (ga.group, ALL):
            E.count_figures(counts[g], figures.get(ga.article_id, []), ga.gold)
            if initiatives is not None:
                E.count_initiatives(counts[g], initiatives.get(ga.article_id, []), ga.gold)
    for gold, group, _why in goldset.missing:
        for g in (group, ALL):
            E.count_figures(counts[g], [], gold)
            if initiatives is not None:
                E.count_initiatives(counts[g], [], gold)
    out = []
    for group in sorted(counts, key=lambda g: (g == ALL, g)):
        for s in E.extraction_scores(counts[group]):
            if s.metric == "cell_accuracy" or (initiatives is None and s.metric.startswith("initiatives")):
                continue
            out.append(GroupScore(group, s.metric, s.value, s.hits, s.total))
    return out


def format_by_group(scores: list[GroupScore]) -> str:
    """A table: one row per group, one column per metric."""
    metrics = list(dict.fromkeys(s.metric for s in scores))
    groups = list(dict.fromkeys(s.group for s in scores))
    by = {(s.group, s.metric): s for s in scores}
    short = [m.replace("figures_", "fig_").replace("initiatives_", "ini_").replace("value_unit_qualifier", "vuq")
             .replace("_keyword_baseline", "_keywords").replace("precision", "prec") for m in metrics]
    widths = [max(len(m), 5) + 2 for m in short]
    lines = [f"{'group':15}" + "".join(f"{m:>{w}}" for m, w in zip(short, widths))]
    for g in groups:
        cells = []
        for m, w in zip(metrics, widths):
            s = by.get((g, m))
            cells.append(f"{'':>{w}}" if s is None or s.value is None else f"{s.value:{w}.3f}")
        lines.append(f"{g:15}" + "".join(cells))
    return "\n".join(lines)


def write_scores(out: Path, scores: list[GroupScore]) -> None:
    rows = [dict(group=s.group, metric=s.metric, value=s.value, hits=s.hits, total=s.total) for s in scores]
    storage.write_atomic(Path(out) / "evaluation.csv", storage.csv_bytes(rows, ["group", "metric", "value", "hits", "total"]))


def flat(scores: list[GroupScore]) -> dict[str, float]:
    """`metric` for the all-articles row, `group/metric` for a group's."""
    return {(s.metric if s.group == ALL else f"{s.group}/{s.metric}"): s.value for s in scores if s.value is not None}


# ---------------------------------------------------------------------------------------------
# Floors: measured scores rounded down; a re-pin may raise a floor, never lower one.
# ---------------------------------------------------------------------------------------------
class FloorError(ValueError):
    """A re-pin would lower a floor."""


def read_floors(path: Path = FLOORS) -> dict[str, float]:
    return json.loads(Path(path).read_text(encoding="utf-8")) if Path(path).exists() else {}


def below_floors(measured: dict[str, float], floors: dict[str, float]) -> dict[str, tuple[float | None, float]]:
    return {k: (measured.get(k), v) for k, v in sorted(floors.items()) if measured.get(k) is None or measured[k] < v}


def pinned(key: str) -> bool:
    """Scores that get a floor: every all-articles score but the baselines', and each group's
    figure F1, initiative F1 and cell accuracy."""
    metric = key.rsplit("/", 1)[-1]
    if "keyword_baseline" in metric:
        return False
    return "/" not in key or metric in ("figures_f1", "initiatives_f1", "cell_accuracy")


def repin(measured: dict[str, float], floors: dict[str, float]) -> dict[str, float]:
    """New floors: each pinned score rounded down, where it raises the old floor (or where
    there was none). Raises FloorError when a measured score is below its floor."""
    low = below_floors(measured, floors)
    if low:
        raise FloorError("; ".join(f"{k} measured {m} < floor {f}" for k, (m, f) in low.items()))
    step = 10 ** FLOOR_DIGITS
    new = dict(floors)
    for k, v in measured.items():
        if k in floors or pinned(k):
            new[k] = max(floors.get(k, 0.0), math.floor((v - FLOOR_MARGIN) * step + 1e-9) / step)
    return dict(sorted(new.items()))


def write_floors(floors: dict[str, float], path: Path = FLOORS) -> None:
    storage.write_atomic(Path(path), (json.dumps(floors, indent=1, sort_keys=True) + "\n").encode("utf-8"))
