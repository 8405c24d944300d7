"""The evaluation gate (issue 8): article-grouped cross-validation over every gold article, per
source group, against floors pinned in tests/floors.json that a re-pin may raise, never lower."""
import pytest
from conftest import need_shared

from pipeline import cli
from pipeline.evaluate import cv, gate, goldset


# --- re-pinning (pure) ------------------------------------------------------------------------
def test_repin_raises_a_floor_to_the_measured_score_less_the_margin_rounded_down():
    assert gate.repin({"figures_f1": 0.9687, "seed/figures_recall": 0.5}, {"figures_f1": 0.9}) == {"figures_f1": 0.95}


def test_repin_pins_new_scores_but_not_baselines():
    measured = {"cell_accuracy": 0.873, "cell_accuracy_keyword_baseline": 0.74, "dev/cell_accuracy": 0.7,
                "dev/figures_vuq": 1.0}
    assert gate.repin(measured, {}) == {"cell_accuracy": 0.86, "dev/cell_accuracy": 0.69}


def test_repin_keeps_a_floor_the_measurement_does_not_pass_by_the_margin():
    assert gate.repin({"figures_f1": 0.9051}, {"figures_f1": 0.9}) == {"figures_f1": 0.9}


def test_repin_refuses_to_lower_a_floor():
    with pytest.raises(gate.FloorError, match="figures_f1 measured 0.89 < floor 0.9"):
        gate.repin({"figures_f1": 0.89}, {"figures_f1": 0.9})


def test_repin_refuses_when_a_pinned_metric_was_not_measured():
    with pytest.raises(gate.FloorError, match="cell_accuracy measured None"):
        gate.repin({}, {"cell_accuracy": 0.8})


def test_flat_keys_groups_by_name():
    scores = [gate.GroupScore("all", "figures_f1", 0.9, 0, 0), gate.GroupScore("seed", "figures_f1", 1.0, 0, 0),
              gate.GroupScore("seed", "figures_recall", None, 0, 0)]
    assert gate.flat(scores) == {"figures_f1": 0.9, "seed/figures_f1": 1.0}


# --- the gate on the shared gold --------------------------------------------------------------
@pytest.fixture(scope="session")
def evaluation(tmp_path_factory):
    gold = need_shared("gold")
    out = tmp_path_factory.mktemp("evaluate")
    code = cli.main(["evaluate", "--gold", str(gold), "--out", str(out)])
    assert code == 0
    return out


def test_every_gold_article_is_scored(evaluation):
    rows = {(r["group"], r["metric"]): r for r in cv.storage.read_csv(evaluation / "evaluation.csv")}
    gold_figures = int(rows[("all", "figures_recall")]["total"])
    assert gold_figures == sum(int(rows[(g, "figures_recall")]["total"])
                               for g in ("seed", "dev", "school-party", "school-news", "national-news", "gov-report"))
    golds = goldset.read_gold(need_shared("gold")).values()
    assert gold_figures == sum(len(g["figures"]) for g in golds)  # parsed or not, every one counts


def test_scores_stay_above_their_pinned_floors(evaluation):
    floors = gate.read_floors()
    assert floors, "tests/floors.json is empty"
    low = gate.below_floors(cv.read_measured(evaluation), floors)
    assert not low, f"below floor (measured, floor): {low}"


def test_confusion_matrix_and_errors_are_written(evaluation):
    confusion = cv.storage.read_csv(evaluation / "confusion.csv")
    assert {r["gold"] for r in confusion} >= {"none", "M2", "P1"}
    errors = cv.storage.read_csv(evaluation / "cv_errors.csv")
    assert {e["kind"] for e in errors} <= {"figure", "initiative", "cell"}


def test_cells_beat_the_keyword_baseline_by_ten_points(evaluation):
    measured = cv.read_measured(evaluation)
    gain = measured["cell_accuracy"] - measured["cell_accuracy_keyword_baseline"]
    assert gain >= 0.10, f"cell accuracy gains {gain:.3f} over the keyword baseline"
