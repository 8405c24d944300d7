"""Figures, initiatives, sections and labels to framework cells (cells.jsonl)."""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import storage
from .config import Codebook
from .model import Doc, codebook_docs, item_text, train
from .records import Article, Cell, ErrorRow, Figure, Initiative, Section, Sentence

log = logging.getLogger(__name__)

NONE = "none"
# An article "follows the framework" when its top-level headings name at least this many of
# the codebook's pillars (the seed names all three; two tolerate a renamed pillar).
MIN_PILLARS = 2


def _norm(text: str) -> str:
    return "".join(ch for ch in text if ch not in "“”‘’\"'《》「」 \u3000")


def pillar_of(heading: str, codebook: Codebook) -> str | None:
    h = _norm(heading)
    for p in codebook.pillars:
        if any(_norm(n) in h for n in p.names):
            return p.code
    return None


def item_by_name(heading: str, pillar, codebook: Codebook) -> str | None:
    h = _norm(heading)
    for item in pillar.items:
        if any(_norm(n) and _norm(n) in h for n in item.names):
            return item.code
    return None


def structure_cells(sections: list[Section], codebook: Codebook) -> dict[str, str] | None:
    """Section code -> cell for an article organised by the codebook's pillars, else None.

    A pillar heading's child items map to the pillar's items by name, else by position.
    Sections outside the pillars' items map to `none`.
    """
    pillars = {s.code: pillar_of(s.heading, codebook) for s in sections if s.parent is None}
    matched = {code: p for code, p in pillars.items() if p}
    if len(set(matched.values())) < MIN_PILLARS:
        return None
    by_code = {p.code: p for p in codebook.pillars}
    cells: dict[str, str] = {s.code: NONE for s in sections}
    for sec_code, p_code in matched.items():
        pillar = by_code[p_code]
        children = [s for s in sections if s.parent == sec_code]
        for pos, child in enumerate(children):
            code = item_by_name(child.heading, pillar, codebook)
            if code is None and pos < len(pillar.items):
                code = pillar.items[pos].code
            if code:
                cells[child.code] = code
    # Deeper sections inherit their item's cell.
    for s in sorted(sections, key=lambda s: s.level):
        if s.parent and cells.get(s.parent, NONE) != NONE and cells[s.code] == NONE:
            cells[s.code] = cells[s.parent]
    return cells


def structure_docs(sentences, sections_by_article, structure, titles) -> list[Doc]:
    """Training docs from articles organised by the framework: each sentence with its cell."""
    docs = []
    for sent in sentences:
        cells = structure.get(sent.article_id)
        if cells is None or not sent.section:
            continue
        heading = _heading(sections_by_article, sent.article_id, sent.section)
        text = item_text(item="", sentence=sent.text, heading=heading, title=titles.get(sent.article_id, ""))
        docs.append(Doc(text, tuple(sent.tokens), cells.get(sent.section, NONE), 1.0, "structure"))
    return docs


def _heading(sections_by_article, article_id: str, code: str | None) -> str:
    """The heading of a section and of its parents, outermost first."""
    if not code:
        return ""
    by_code = {s.code: s for s in sections_by_article.get(article_id, [])}
    parts, cur = [], by_code.get(code)
    while cur is not None:
        parts.append(cur.heading)
        cur = by_code.get(cur.parent) if cur.parent else None
    return " ".join(reversed(parts))


@dataclass(frozen=True)
class Label:
    """An analyst's decision (corpus/labels.csv): the item `text` in `article` belongs in `cell`."""

    article: str
    text: str
    cell: str


def load_labels(path: Path | None, codebook: Codebook) -> tuple[list[Label], list[ErrorRow]]:
    """Rows of labels.csv (article, text, cell); bad rows become errors, never a crash."""
    if path is None or not Path(path).exists():
        return [], []
    valid = {i.code for i in codebook.items} | {NONE}
    labels, errors = [], []
    for n, row in enumerate(storage.read_csv(path), start=2):
        article, text, cell = ((row.get(k) or "").strip() for k in ("article", "text", "cell"))
        if not cell and not text:
            continue
        if not article or not text or cell not in valid:
            msg = f"line {n}: needs article, text and a cell of {sorted(valid)}; got {article!r}, {text!r}, {cell!r}"
            log.warning("%s: %s", Path(path).name, msg)
            errors.append(ErrorRow(Path(path).name, "classify", msg))
            continue
        labels.append(Label(article, text, cell))
    return labels, errors


def label_for(item, article: Article | None, labels: list[Label]) -> Label | None:
    """The last label (later rows win) naming this item's article and its text or sentence."""
    if article is None:
        return None
    keys = {article.article_id, article.file, Path(article.file).stem}
    texts = {getattr(item, "text", None), getattr(item, "name", None), getattr(item, "mention", None)}
    found = None
    for lab in labels:
        if lab.article in keys and (lab.text in texts or lab.text in item.sentence):
            found = lab
    return found


def run(out: Path, *, codebook: Codebook, labels_path: Path | None = None) -> int:
    """figures, initiatives, sections, sentences (+ labels.csv) -> cells.jsonl.

    Order of decision: the article's own outline (structure), the analyst's label, the
    classifier (below `min_confidence` the cell is none and the row is sent to review).
    """
    from .segment import corpus_tokenizer

    out = Path(out)
    sections_by_article: dict[str, list[Section]] = defaultdict(list)
    for s in storage.read_records(out / "sections.jsonl", Section):
        sections_by_article[s.article_id].append(s)
    articles = {a.article_id: a for a in storage.read_records(out / "articles.jsonl", Article)}
    titles = {aid: a.title or "" for aid, a in articles.items()}
    sentences = storage.read_records(out / "sentences.jsonl", Sentence)
    figures = storage.read_records(out / "figures.jsonl", Figure)
    initiatives = storage.read_records(out / "initiatives.jsonl", Initiative)
    structure = {aid: structure_cells(sections_by_article.get(aid, []), codebook) for aid in sorted(articles)}
    labels, errors = load_labels(labels_path, codebook)
    tokenizer = corpus_tokenizer(out)
    tokenize = lambda text: [w for w in tokenizer.lcut(text) if w.strip()]  # noqa: E731 (not pickled)

    items = [("figure", f) for f in figures] + [("initiative", i) for i in initiatives]
    docs = codebook_docs(codebook, tokenize) + structure_docs(sentences, sections_by_article, structure, titles)
    item_docs = {}
    for kind, it in items:
        heading = _heading(sections_by_article, it.article_id, it.section)
        text = item_text(item=getattr(it, "name", None) or it.text, sentence=it.sentence, heading=heading,
                         title=titles.get(it.article_id, ""))
        item_docs[(kind, it.article_id, it.start)] = Doc(text, tuple(tokenize(text)))
        lab = label_for(it, articles.get(it.article_id), labels)
        if lab:
            d = item_docs[(kind, it.article_id, it.start)]
            docs.append(Doc(d.text, d.tokens, lab.cell, 1.0, "label"))
    model = train(docs)

    cells: list[Cell] = []
    pending = []
    for kind, it in items:
        cells_of = structure.get(it.article_id)
        lab = label_for(it, articles.get(it.article_id), labels)
        if cells_of is not None:
            cells.append(Cell(it.article_id, kind, it.start, it.end, cells_of.get(it.section or "", NONE),
                              "structure", 1.0))
        elif lab:
            cells.append(Cell(it.article_id, kind, it.start, it.end, lab.cell, "label", 1.0))
        else:
            pending.append((kind, it))
    for (kind, it), (best, conf, second) in zip(pending, model.predict([item_docs[(k, i.article_id, i.start)] for k, i in pending])):
        cell = best if conf >= codebook.min_confidence else NONE
        cells.append(Cell(it.article_id, kind, it.start, it.end, cell, "classifier", round(conf, 4), best, second))
    storage.write_records(out / "cells.jsonl", sorted(cells, key=lambda c: (c.article_id, c.item, c.start)))
    storage.write_records(out / "errors" / "classify.jsonl", errors)
    n_struct = sum(1 for v in structure.values() if v is not None)
    n_review = sum(1 for c in cells if c.cell_source == "classifier" and c.confidence < codebook.min_confidence)
    log.info("classify: %d items (%d by structure in %d articles, %d by label, %d by classifier, %d to review);"
             " trained on %d docs", len(cells), sum(c.cell_source == "structure" for c in cells), n_struct,
             sum(c.cell_source == "label" for c in cells), len(pending), n_review, len(docs))
    return len(cells)
