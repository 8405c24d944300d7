"""Docs and feature dicts the cell models read, and the keyword baseline; pure."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..config import Codebook

NONE = "none"
# Character n-gram range: Chinese words are 1-4 characters; 1-3 grams carry most of them
# without the vocabulary exploding on a few hundred training documents.
CHAR_NGRAMS = (1, 3)
# Weight of a codebook-derived document relative to a labelled sentence (they are short and
# many; at 1.0 they swamp the few real labels, at 0 the model knows nothing on a new corpus).
SEED_WEIGHT = 0.5
# Separates the fields of a document (item, sentence, heading, title); never in article text.
FIELD_SEP = "\x1e"


@dataclass(frozen=True)
class Doc:
    """One training or prediction document: the text the model reads, its cell if known."""

    text: str
    tokens: tuple[str, ...]
    cell: str | None = None
    weight: float = 1.0
    origin: str = ""  # structure | codebook | label | gold (for reports)


def item_text(*, item: str, sentence: str, heading: str = "", title: str = "") -> str:
    """What the model reads for a figure or initiative: itself, its sentence, its heading and
    the article's title (whole articles lean to one cell: a 清廉学校 notice is M2 throughout)."""
    return FIELD_SEP.join((item, sentence, heading, title))


def codebook_docs(codebook: Codebook, tokenize) -> list[Doc]:
    """Seed documents from the codebook: each item's names, description and terms."""
    docs = []
    for item in codebook.items:
        texts = list(item.names) + list(item.terms) + ([item.description] if item.description else [])
        for text in texts:
            docs.append(Doc(text, tuple(tokenize(text)), item.code, SEED_WEIGHT, "codebook"))
    return docs


def keyword_cell(text: str, codebook: Codebook) -> str:
    """Baseline: the item whose codebook terms and names cover most characters of `text`."""
    best, best_score = NONE, 0
    for item in codebook.items:
        score = sum(len(t) for t in set(item.terms) | set(item.names) if t and t in text)
        if score > best_score:
            best, best_score = item.code, score
    return best


# Field prefixes of the feature names (item, sentence, heading, title; see item_text).
FIELDS = ("i", "s", "h", "t")
# Character n-gram lengths per field: Chinese words are 1-4 characters; 1-3 grams carry most of
# them (as CHAR_NGRAMS). The item itself is short (45个, 双创双高): 1-2 grams.
FIELD_NGRAMS = {"i": (1, 2), "s": (1, 3), "h": (1, 3), "t": (1, 3)}
# Weight of each field's own n-gram vector (each is L2-normalised first), on top of the bag of
# all fields (ALL_WEIGHT). Chosen by article-grouped 10-fold cross-validation over the 60 gold
# articles (pipeline.cell_model): cell accuracy on party items 0.733 with {i .5, s 1, h .5,
# t .7}, 0.713 with none, 0.742 with the item's own n-grams only.
FIELD_WEIGHTS = {"i": 0.5, "s": 0.0, "h": 0.0, "t": 0.0}
# Weight of the n-grams of all fields together (one bag: what the codebook's docs teach about a
# sentence carries over to headings and titles).
ALL_WEIGHT = 1.0
# Weight of the jieba-word view of the doc against its character views.
WORD_WEIGHT = 0.3
# Codebook-term characters at which a keyword feature saturates (a term of 4 characters and
# another of 4: the coverage of a sentence that clearly names an item).
KEYWORD_SATURATION = 8.0
# Upper edges of the article topic-score buckets (classify.relevance: characters of codebook
# terms per thousand); the 60 gold articles score 0 to ~270, the old veto stood at 15.
RELEVANCE_BUCKETS = (5, 10, 15, 25, 40, 70, 120)
_DIGITS = re.compile(r"[0-9０-９]+")


def _grams(text: str, lo: int, hi: int) -> set[str]:
    return {text[i : i + n] for n in range(lo, hi + 1) for i in range(len(text) - n + 1)}


def _normalised(prefix: str, grams: set[str], weight: float) -> dict[str, float]:
    if not grams:
        return {}
    v = weight / math.sqrt(len(grams))
    return {f"{prefix}:{g}": v for g in grams}


def keyword_coverage(text: str, codebook: Codebook) -> dict[str, float]:
    """Characters of each item's terms and names found in `text` (item code -> characters)."""
    out = {}
    for item in codebook.items:
        score = sum(len(t) for t in set(item.terms) | set(item.names) if t and t in text)
        if score:
            out[item.code] = float(score)
    return out


def features(doc: Doc, codebook: Codebook, *, kind: str = "", unit: str = "",
             relevance: float | None = None) -> dict[str, float]:
    """Feature dict of a doc: character n-grams per field (digits folded to 0), jieba words,
    codebook keyword coverage of the sentence and of the title, the item's kind and unit, and
    the article's topic-score bucket."""
    parts = (doc.text.split(FIELD_SEP) + ["", "", "", ""])[:4]
    fields = dict(zip(FIELDS, (_DIGITS.sub("0", p) for p in parts)))
    feats: dict[str, float] = _normalised("a", _grams(FIELD_SEP.join(fields.values()), *CHAR_NGRAMS) - {FIELD_SEP},
                                          ALL_WEIGHT)
    for f, text in fields.items():
        lo, hi = FIELD_NGRAMS[f]
        feats.update(_normalised(f, _grams(text, lo, hi), FIELD_WEIGHTS[f]))
    feats.update(_normalised("w", {_DIGITS.sub("0", w) for w in doc.tokens}, WORD_WEIGHT))
    for f in ("s", "t"):
        cover = keyword_coverage(parts[FIELDS.index(f)], codebook)
        for code, chars in cover.items():
            feats[f"kw{f}:{code}"] = min(chars, KEYWORD_SATURATION) / KEYWORD_SATURATION
        feats[f"kw{f}"] = min(sum(cover.values()), KEYWORD_SATURATION) / KEYWORD_SATURATION
    if kind:
        feats[f"kind:{kind}"] = 1.0
    if unit:
        feats[f"unit:{unit}"] = 1.0
    if relevance is not None:
        bucket = next((i for i, edge in enumerate(RELEVANCE_BUCKETS) if relevance < edge), len(RELEVANCE_BUCKETS))
        feats[f"rel:{bucket}"] = 1.0
    return feats


def is_ngram(name: str) -> bool:
    """A feature read off the text (n-gram or word), as opposed to the few fixed ones."""
    return name[:2] in {f"{f}:" for f in FIELDS} | {"w:", "a:"}
