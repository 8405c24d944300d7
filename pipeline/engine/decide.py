"""One article's cached outputs + codebook + labels + stored cell models to its cell records
(the `cells` stage, run in the workers like the others), and the counts a run logs of them."""
from __future__ import annotations

import logging
from collections import Counter

from ..classify.cell_model import CellModels, decide
from ..classify.labels import label_for
from ..classify.model import NONE
from ..classify.structure import structure_cells
from ..config import Codebook
from ..records import Article, Cell, to_dict
from .work import items, view_of

log = logging.getLogger(__name__)


def article_cells(art: Article, body: str, sections, have: dict, *, codebook: Codebook,
                  models: CellModels | None, labels) -> list[dict]:
    """The cell of every figure and initiative of one article, through cell_model.decide (the
    function cross-validation uses), ordered by kind and start."""
    view = view_of(art, body, sections, have)
    structure = structure_cells(list(sections), codebook)
    feats = iter(f for _, f in have["features"]["features"])
    out = []
    for kind, its in (("figure", items(have, "figures")), ("initiative", items(have, "initiatives"))):
        for it in its:
            d = decide(kind, it, view, codebook, models, structure=structure, label=label_for(it, art, labels),
                       feats=next(feats))
            out.append(to_dict(Cell(it.article_id, kind, it.start, it.end, d.cell, d.source, d.confidence,
                                    d.suggested, d.runner_up, it.item_id)))
    return sorted(out, key=lambda c: (c["item"], c["start"]))


class Tally:
    """Counts of a run's decisions by source, for its log line."""

    def __init__(self, review: float):
        self.review, self.counts = review, Counter()

    def add(self, cells: list[dict]) -> None:
        for c in cells:
            self.counts[c["cell_source"]] += 1
            if c["cell_source"] == "classifier":
                self.counts["none"] += c["cell"] == NONE
                self.counts["review"] += c["confidence"] < self.review

    def log(self) -> None:
        c = self.counts
        log.info("classify: %d items (%d structure, %d label, %d rule, %d classifier of which %d none and %d to"
                 " review below %.2f)", sum(c[s] for s in ("structure", "label", "rule", "classifier")),
                 c["structure"], c["label"], c["rule"], c["classifier"], c["none"], c["review"], self.review)
