"""Cached per-article outputs + codebook + labels.csv + stored cell models to cell records (the
classify step after the per-article stages); runs in the parent, one article at a time."""
from __future__ import annotations

import logging
from pathlib import Path

from ..classify.cell_model import decide, load
from ..classify.labels import label_for, load_labels
from ..classify.model import NONE
from ..classify.structure import structure_cells
from ..config import load_codebook
from ..records import Article, Cell, Section, from_dict, to_dict
from .tasks import Settings
from .work import items, view_of

log = logging.getLogger(__name__)


def article_of(have: dict) -> Article:
    return from_dict(Article, have["parse"]["article"])


class Decider:
    """The cell of every item, through cell_model.decide (the function cross-validation uses)."""

    def __init__(self, settings: Settings, labels_path: Path | None):
        self.codebook = load_codebook(Path(settings.codebook))
        self.models = load(Path(settings.models))
        self.labels, self.errors = load_labels(labels_path, self.codebook)
        self.counts = {s: 0 for s in ("structure", "label", "rule", "classifier", "none", "review")}
        self.review = max(self.models.review if self.models else 1.0, self.codebook.min_confidence)

    def cells(self, art: Article, have: dict) -> list[dict]:
        sections = [from_dict(Section, s) for s in have["parse"]["sections"]]
        view = view_of(art, have["parse"]["body"], sections, have)
        structure = structure_cells(sections, self.codebook)
        feats = iter(f for _, f in have["features"]["features"])
        out = []
        for kind, its in (("figure", items(have, "figures")), ("initiative", items(have, "initiatives"))):
            for it in its:
                d = decide(kind, it, view, self.codebook, self.models, structure=structure,
                           label=label_for(it, art, self.labels), feats=next(feats))
                out.append(to_dict(Cell(it.article_id, kind, it.start, it.end, d.cell, d.source, d.confidence,
                                        d.suggested, d.runner_up, it.item_id)))
        out.sort(key=lambda c: (c["item"], c["start"]))
        self.count(out)
        return out

    def count(self, cells: list[dict]) -> None:
        """Add an article's decisions (new or cached) to the counts the summary logs."""
        for c in cells:
            self.counts[c["cell_source"]] += 1
            if c["cell_source"] == "classifier":
                self.counts["none"] += c["cell"] == NONE
                self.counts["review"] += c["confidence"] < self.review

    def log_summary(self) -> None:
        c = self.counts
        log.info("classify: %d items (%d structure, %d label, %d rule, %d classifier of which %d none and %d to"
                 " review below %.2f)", sum(c[s] for s in ("structure", "label", "rule", "classifier")),
                 c["structure"], c["label"], c["rule"], c["classifier"], c["none"], c["review"], self.review)
