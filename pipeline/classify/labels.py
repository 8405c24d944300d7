"""corpus/labels.csv (article, text, cell) to labels, and labels to the items they name."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .. import storage
from ..config import Codebook
from ..records import Article, ErrorRow

log = logging.getLogger(__name__)
NONE = "none"
# A label text this long (characters) may quote part of a sentence and then labels every item
# of that sentence; shorter texts must equal the item (figure text, initiative name or mention),
# since 45个 may stand in a sentence next to other figures.
SENTENCE_LABEL_CHARS = 8


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
        if lab.article in keys and (lab.text in texts or (len(lab.text) >= SENTENCE_LABEL_CHARS and lab.text in item.sentence)):
            found = lab
    return found
