"""Figures, initiatives, outlines, sentences and labels.csv to framework cells (cells.jsonl)."""
from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ..config import Codebook
from ..records import Article, Figure, Initiative, Section, Sentence
from ..text.segment import remember_last, span_index, spans_of
from .model import NONE, Doc, item_text
from .structure import structure_cells

log = logging.getLogger(__name__)

# How much of an initiative's own section the model reads when the article gives the
# initiative a section of its own (实施“政治铸魂”工程。…): a paragraph's worth of characters.
SECTION_CHARS = 200
# The most characters of a sentence, a heading or a title the model reads for one item: a
# window around the item, so the work per item stays bounded in a sentence of 65,000
# characters or a 10 MB title (issue 10). The longest sentence holding a figure in
# ../shared/corpus-real has 689 characters and the longest title 65, so real items read all.
MAX_FIELD_CHARS = 1000


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
    _by_code: dict = field(default_factory=dict, repr=False)  # article id -> {code: section}, built once

    def heading(self, article_id: str, code: str | None) -> str:
        """The heading of a section and of its parents, outermost first."""
        if article_id not in self._by_code:
            self._by_code[article_id] = {s.code: s for s in self.sections.get(article_id, [])}
        by_code = self._by_code[article_id]
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


def window_bounds(text: str, item: str, size: int = MAX_FIELD_CHARS) -> tuple[int, int]:
    """[lo, hi) of `text`: all of it when it is at most `size` characters, else the `size`
    characters around the first place `item` stands in it."""
    if len(text) <= size:
        return 0, len(text)
    at = max(text.find(item), 0)
    lo = max(0, min(at - (size - len(item)) // 2, len(text) - size))
    return lo, lo + size


# The spans of a sentence's token list (the memoized tokenizer returns one list per sentence),
# made once for all the items of that sentence.
_spans_of_tokens = remember_last(lambda toks, text: spans_of(text, toks))


def _windowed_tokens(text: str, toks: list[str], lo: int, hi: int) -> list[str]:
    """The tokens of `text` (cut whole, so memoized once per sentence) that lie in [lo, hi)."""
    spans = _spans_of_tokens(toks, text)
    ends, starts = span_index(spans)
    return [t for _, _, t in spans[bisect_left(starts, lo):bisect_right(ends, hi)]]


def item_doc(view: CorpusView, it, tokenize) -> Doc:
    """The doc the model reads for a figure or initiative. Its fields are tokenized one by one:
    the field separator is a block boundary for jieba, so the tokens are those of the joined
    text, and a memoizing `tokenize` cuts an article's title and headings once."""
    name = getattr(it, "name", None)
    sentence = (view.own_section_text(it.article_id, name) if name else None) or it.sentence
    lo, hi = window_bounds(sentence, name or it.text)
    parts = (name or it.text, sentence[lo:hi], view.heading(it.article_id, it.section)[:MAX_FIELD_CHARS],
             view.title(it.article_id)[:MAX_FIELD_CHARS])
    cut = [tokenize(parts[0]), tokenize(sentence) if (lo, hi) == (0, len(sentence))
           else _windowed_tokens(sentence, tokenize(sentence), lo, hi), tokenize(parts[2]), tokenize(parts[3])]
    return Doc(item_text(item=parts[0], sentence=parts[1], heading=parts[2], title=parts[3]),
               tuple(t for toks in cut for t in toks))


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
