"""Across articles, for the report and its CSVs: keywords per cell (TF-IDF over jieba tokens),
series of one counted thing reported by several articles, and conflicting values; fed one
article at a time, kept in bounded memory (counters, and a temporary SQLite file for figures)."""
from __future__ import annotations

import math
import sqlite3
import tempfile
from bisect import bisect_right
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from ..text import lexicon

KEYWORD_COLUMNS = ["cell", "rank", "keyword", "tfidf", "count", "cells"]  # cells: how many cells use it
SERIES_COLUMNS = ["counted", "unit", "published", "value", "value_max", "qualifier", "text", "article_id", "title",
                  "url", "sentence"]
CONFLICT_COLUMNS = ["counted", "unit", "period", "value_a", "text_a", "article_a", "value_b", "text_b", "article_b",
                    "sentence_a", "sentence_b"]
# Keywords kept per cell.
TOP_KEYWORDS = 20
# Conflicting pairs written at most (the report shows the first ones): a common thing counted in
# many articles of one day would otherwise give a square number of pairs.
MAX_CONFLICTS = 5000
STOPWORDS = frozenset(lexicon.load("stopwords"))


@lru_cache(maxsize=1 << 18)  # the corpus' vocabulary, asked once per token occurrence
def is_keyword(token: str) -> bool:
    """A token worth listing: two characters or more, holding a CJK character or a letter, no
    digit, not a stop word."""
    return (len(token) >= 2 and token not in STOPWORDS and not any(ch.isdigit() for ch in token)
            and any(ch.isalpha() for ch in token))


class Keywords:
    """Token counts per cell over the sentences its items stand in (each sentence once per cell),
    weighted by inverse document frequency over the articles (the sentences of each article's
    items are one document), so words most articles use (党员, 建设) rank below the cell's own."""

    def __init__(self):
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.df: Counter = Counter()
        self.articles = 0

    def add(self, cell: str, tokens) -> None:
        self.counts[cell].update(t for t in tokens if is_keyword(t))

    def add_article(self, tokens) -> None:
        """The tokens of one article's item sentences (for document frequency)."""
        self.articles += 1
        self.df.update({t for t in tokens if is_keyword(t)})

    def rows(self, cells: list[str], *, top: int = TOP_KEYWORDS) -> list[dict]:
        n = self.articles
        cells_of = Counter(t for c in cells for t in self.counts.get(c, ()))
        out = []
        for cell in cells:
            counts = self.counts.get(cell, Counter())
            total = sum(counts.values()) or 1
            scored = sorted(((c / total * math.log((1 + n) / (1 + self.df[t])), t, c) for t, c in counts.items()
                             if c >= 2), key=lambda x: (-x[0], x[1]))
            out += [dict(cell=cell, rank=i, keyword=t, tfidf=round(s, 4), count=c, cells=cells_of[t])
                    for i, (s, t, c) in enumerate(scored[:top], start=1)]
        return out


class Series:
    """Figures with a counted thing, in a temporary SQLite file: series.csv (the same thing and
    unit in several articles, by date) and conflicts.csv (different values for the same thing,
    unit and day)."""

    def __init__(self, folder: Path):
        self._dir = tempfile.TemporaryDirectory(dir=folder, prefix=".series-")
        self.db = sqlite3.connect(Path(self._dir.name) / "figures.sqlite")
        self.db.execute("CREATE TABLE f (counted, unit, published, value, value_max, qualifier, text, article_id, "
                        "title, url, sentence, start)")

    def add(self, figs: list[dict], *, repost: bool) -> None:
        if repost:  # a repost repeats its original's figures: not a second report
            return
        self.db.executemany("INSERT INTO f VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", [
            (r["counted"], r["unit"], r.get("published") or "", r["value"], r.get("value_max"), r["qualifier"],
             r["text"], r["article_id"], r.get("title"), r.get("url"), r["sentence"], r["start"])
            for r in figs if r.get("counted")])

    def series(self):
        """series.csv rows: things with a unit reported by two articles or more, by date."""
        self.db.execute("CREATE INDEX IF NOT EXISTS f_key ON f (counted, unit)")
        query = ("SELECT f.* FROM f JOIN (SELECT counted, unit FROM f GROUP BY counted, unit "
                 "HAVING COUNT(DISTINCT article_id) >= 2) k USING (counted, unit) "
                 "ORDER BY counted, unit, published, article_id, start")
        for row in self.db.execute(query):
            yield dict(zip(SERIES_COLUMNS, row))

    def conflicts(self, *, limit: int = MAX_CONFLICTS):
        """conflicts.csv rows: two articles, one thing, one unit, one day, two values."""
        query = ("SELECT a.counted, a.unit, substr(a.published, 1, 10), a.value, a.text, a.article_id, b.value, "
                 "b.text, b.article_id, a.sentence, b.sentence FROM f a JOIN f b ON a.counted = b.counted "
                 "AND a.unit = b.unit AND substr(a.published, 1, 10) = substr(b.published, 1, 10) "
                 "AND a.published != '' AND a.article_id < b.article_id AND a.value != b.value "
                 "ORDER BY 1, 2, 3, 6, 9, a.start, b.start LIMIT ?")
        for row in self.db.execute(query, (limit,)):
            yield dict(zip(CONFLICT_COLUMNS, row))

    def close(self) -> None:
        self.db.close()
        self._dir.cleanup()


class ReportData:
    """What the report draws, gathered one article at a time: each cell's counts, its first
    entries (figures and initiatives with their sentence and article), initiatives by articles,
    articles by month."""

    def __init__(self, cells: list[str], *, entries_per_cell: int):
        self.cells, self.cap = cells, entries_per_cell
        self.entries: dict[str, list[dict]] = {c: [] for c in cells}
        self.totals: Counter = Counter()  # cell -> entries seen
        self.initiatives: dict[str, Counter] = defaultdict(Counter)  # cell -> name -> articles
        self.names: Counter = Counter()  # name -> articles
        self.months: Counter = Counter()

    def add(self, art: dict, figs: list[dict], inis: list[dict], *, sentence_starts: list[int] = ()) -> None:
        """One article's items; `sentence_starts` (the offsets its sentences start at) place each
        item in its sentence (else its first occurrence there is marked)."""
        month = (art.get("published") or "")[:7]
        self.months[month or "undated"] += 1
        for kind, rows in (("figure", figs), ("initiative", inis)):
            for r in rows:
                cell = r["cell"] if r["cell"] in self.entries else "none"
                self.totals[cell] += 1
                if len(self.entries[cell]) < self.cap:
                    i = bisect_right(sentence_starts, r["start"]) - 1
                    self.entries[cell].append(_entry(kind, r, art, r["start"] - sentence_starts[i] if i >= 0 else -1))
        for cell, names in _names_by_cell(inis).items():
            self.initiatives[cell].update(names)
        self.names.update({r["name"] for r in inis})


def _names_by_cell(inis: list[dict]) -> dict[str, set]:
    out: dict[str, set] = defaultdict(set)
    for r in inis:
        out[r["cell"]].add(r["name"])
    return out


def _entry(kind: str, r: dict, art: dict, at: int = -1) -> dict:
    """One line of a cell's list: the item as written, its sentence and where it stands there
    (`at`, when it holds the item's text there; else the text's first place)."""
    text = r["text"] if kind == "figure" else r["mention"] or r["name"]
    if not (0 <= at and r["sentence"][at:at + len(text)] == text):
        at = r["sentence"].find(text)
    return {"kind": kind, "text": text, "value": r.get("value"), "unit": r.get("unit", ""),
            "name": r.get("name", ""), "sentence": r["sentence"], "at": at, "len": len(text),
            "article": art["article_id"], "title": art.get("title") or "", "published": (art.get("published") or "")[:10],
            "url": art.get("url") or "", "counted": r.get("counted", "")}
