"""corpus/labels.csv (article, text, cell) to labels, and labels to the items they name."""
from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

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
    line: int = 0  # in labels.csv, for messages


# The columns labels.csv must have (review.csv starts with them, so reviewed rows append as is).
COLUMNS = ("article", "text", "cell")


def _decoded_lines(raw: bytes) -> tuple[list[str], list[tuple[int, str]]]:
    """labels.csv's lines as text, and (line number, reason) for each line that is not UTF-8
    (it is left out; the others are kept)."""
    lines, bad = [], []
    for n, line in enumerate(raw.removeprefix(b"\xef\xbb\xbf").splitlines(keepends=True), start=1):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            bad.append((n, f"line {n} is not UTF-8 ({exc.reason} at byte {exc.start}); save the file as UTF-8"))
            lines.append("\n")  # keeps the line numbers of the rows after it
    return lines, bad


def load_labels(path: Path | None, codebook: Codebook) -> tuple[list[Label], list[ErrorRow]]:
    """Rows of labels.csv (article, text, cell); every problem (encoding, header, a row without
    article or text, an unknown cell) is an error row naming the line, never a crash."""
    if path is None or not Path(path).exists():
        return [], []
    name = Path(path).name
    errors: list[ErrorRow] = []

    def problem(msg: str) -> None:
        log.warning("%s: %s", name, msg)
        errors.append(ErrorRow(name, "classify", msg))

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        problem(f"cannot read: {exc}")
        return [], errors
    lines, bad = _decoded_lines(raw)
    for _, msg in bad:
        problem(msg)
    reader = csv.DictReader(lines)
    header = [h.strip() for h in reader.fieldnames or []]
    if not set(COLUMNS) <= set(header):
        problem(f"line 1: the header must name the columns {', '.join(COLUMNS)}; found {', '.join(header) or 'nothing'}")
        return [], errors
    reader.fieldnames = header
    valid = {i.code for i in codebook.items} | {NONE}
    labels = []
    for row in reader:
        n = reader.line_num
        article, text, cell = ((row.get(k) or "").strip() for k in COLUMNS)
        if not article and not cell and not text:
            continue
        if not article or not text or cell not in valid:
            problem(f"line {n}: needs article, text and a cell of {sorted(valid)}; got {article!r}, {text!r}, {cell!r}")
            continue
        labels.append(Label(article, text, cell, n))
    return labels, errors


def unknown_articles(labels: list[Label], articles: list[Article], source: str = "labels.csv") -> list[ErrorRow]:
    """A row for each label naming an article the corpus does not have (by id, file or file stem)."""
    known = {k for a in articles for k in (a.article_id, a.file, Path(a.file).stem)}
    return [ErrorRow(source, "classify", f"line {lab.line}: no article {lab.article!r} in the corpus; label not used")
            for lab in labels if lab.article not in known]


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
