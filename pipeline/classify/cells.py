"""Figures, initiatives, outlines, sentences and labels.csv to framework cells (cells.jsonl)."""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .. import storage
from ..config import Codebook
from ..records import Article, Cell, Figure, Initiative, Section, Sentence
from .labels import label_for, load_labels
from .model import NONE, Doc, item_text
from .structure import structure_cells

log = logging.getLogger(__name__)

# How much of an initiative's own section the model reads when the article gives the
# initiative a section of its own (实施“政治铸魂”工程。…): a paragraph's worth of characters.
SECTION_CHARS = 200


@dataclass
class CorpusView:
    """What classification reads of a parsed corpus (an OUT folder, or the gold articles)."""

    articles: dict[str, Article]
    sections: dict[str, list[Section]]
    sentences: list[Sentence]
    texts: dict[str, str]
    figures: list[Figure] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    relevance: dict[str, float] = field(default_factory=dict)  # cache of relevance() by article

    def heading(self, article_id: str, code: str | None) -> str:
        """The heading of a section and of its parents, outermost first."""
        by_code = {s.code: s for s in self.sections.get(article_id, [])}
        parts, cur = [], by_code.get(code) if code else None
        while cur is not None:
            parts.append(cur.heading)
            cur = by_code.get(cur.parent) if cur.parent else None
        return " ".join(reversed(parts))

    def own_section_text(self, article_id: str, name: str) -> str | None:
        """Text of the section whose heading names `name` (its own titled item), if any."""
        for s in self.sections.get(article_id, []):
            if name and len(name) >= 2 and name in s.heading:
                return self.texts.get(article_id, "")[s.start : s.end][:SECTION_CHARS]
        return None

    def title(self, article_id: str) -> str:
        a = self.articles.get(article_id)
        return (a.title or "") if a else ""


def load_view(out: Path) -> CorpusView:
    out = Path(out)
    articles = {a.article_id: a for a in storage.read_records(out / "articles.jsonl", Article)}
    sections: dict[str, list[Section]] = defaultdict(list)
    for s in storage.read_records(out / "sections.jsonl", Section):
        sections[s.article_id].append(s)
    texts = {aid: (out / "texts" / f"{aid}.txt").read_text(encoding="utf-8") for aid in articles}
    return CorpusView(articles, dict(sections), storage.read_records(out / "sentences.jsonl", Sentence), texts,
                      storage.read_records(out / "figures.jsonl", Figure),
                      storage.read_records(out / "initiatives.jsonl", Initiative))


def structure_docs(view: CorpusView, structure: dict[str, dict[str, str] | None]) -> list[Doc]:
    """Training docs from articles organised by the framework: each item sentence with its cell.
    Sentences outside the items (introductions) carry no cell and are left out."""
    docs = []
    for sent in view.sentences:
        cells = structure.get(sent.article_id)
        cell = cells.get(sent.section or "", NONE) if cells else NONE
        if cell == NONE:
            continue
        text = item_text(item="", sentence=sent.text, heading=view.heading(sent.article_id, sent.section),
                         title=view.title(sent.article_id))
        docs.append(Doc(text, tuple(sent.tokens), cell, 1.0, "structure"))
    return docs


# How far after an initiative's mention its type noun may stand (“养新”党建品牌: 4 characters).
CUE_WINDOW = 4


def cue_cell(name: str, following: str, codebook: Codebook) -> str | None:
    """The one item whose defining type noun ends the name or follows the mention, else None."""
    head = following[:CUE_WINDOW]
    hits = {i.code for i in codebook.items for c in i.cues if name.endswith(c) or head.startswith(c)}
    return hits.pop() if len(hits) == 1 else None


def initiative_cue(view: "CorpusView", it, codebook: Codebook) -> str | None:
    if not hasattr(it, "name"):
        return None
    following = view.texts.get(it.article_id, "")[it.end : it.end + CUE_WINDOW + 2]
    return cue_cell(it.name, following, codebook)


def item_doc(view: CorpusView, it, tokenize) -> Doc:
    """The doc the model reads for a figure or initiative."""
    name = getattr(it, "name", None)
    sentence = (view.own_section_text(it.article_id, name) if name else None) or it.sentence
    text = item_text(item=name or it.text, sentence=sentence, heading=view.heading(it.article_id, it.section),
                     title=view.title(it.article_id))
    return Doc(text, tuple(tokenize(text)))


def structures(view: CorpusView, codebook: Codebook) -> dict[str, dict[str, str] | None]:
    return {aid: structure_cells(view.sections.get(aid, []), codebook) for aid in sorted(view.articles)}


def relevance(text: str, codebook: Codebook) -> float:
    """Characters of codebook names and terms per thousand characters of the article."""
    terms = {t for i in codebook.items for t in i.terms + i.names if len(t) >= 2}
    return 1000.0 * sum(text.count(t) * len(t) for t in terms) / max(len(text), 1)


def rule_cell(it, view: CorpusView, codebook: Codebook) -> str | None:
    """Cells decided by rule: a framework's own name (“四个三”) spans all its cells, so none; an
    initiative named by an item's defining type noun (codebook `cues`) takes that item. (The
    article's topic score is a feature of the relevance model, not a veto.)"""
    if getattr(it, "kind", "") == "framework":
        return NONE
    return initiative_cue(view, it, codebook)


def run(out: Path, *, codebook: Codebook, labels_path: Path | None = None, models_dir: Path | None = None) -> int:
    """Decide each item's cell with cell_model.decide (structure, the analyst's label, a rule,
    then the stored relevance and cell models). Items less confident than the models' review
    threshold (or than the codebook's min_confidence, if higher) are listed in review.csv."""
    from ..text.segment import corpus_tokenizer, tokens
    from .cell_model import MODELS, decide, load

    out = Path(out)
    view = load_view(out)
    tokenize = partial(tokens, corpus_tokenizer(out))
    models = load(models_dir or MODELS)
    structure = structures(view, codebook)
    labels, errors = load_labels(labels_path, codebook)
    items = [("figure", f) for f in view.figures] + [("initiative", i) for i in view.initiatives]
    review = max(models.review if models else 1.0, codebook.min_confidence)
    cells: list[Cell] = []
    for kind, it in items:
        d = decide(kind, it, view, codebook, models, structure=structure.get(it.article_id),
                   label=label_for(it, view.articles.get(it.article_id), labels), tokenize=tokenize)
        cells.append(Cell(it.article_id, kind, it.start, it.end, d.cell, d.source, d.confidence,
                          d.suggested, d.runner_up))
    storage.write_records(out / "cells.jsonl", sorted(cells, key=lambda c: (c.article_id, c.item, c.start)))
    storage.write_records(out / "errors" / "classify.jsonl", errors)
    by = {s: sum(c.cell_source == s for c in cells) for s in ("structure", "label", "rule", "classifier")}
    n_review = sum(1 for c in cells if c.cell_source == "classifier" and c.confidence < review)
    log.info("classify: %d items (%d structure, %d label, %d rule, %d classifier of which %d none and %d to"
             " review below %.2f)", len(cells), *by.values(),
             sum(c.cell_source == "classifier" and c.cell == NONE for c in cells), n_review, review)
    return len(cells)
