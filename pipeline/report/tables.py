"""OUT's stage files (articles, sections, figures, initiatives, cells JSON Lines, errors) to the
SPEC §4 tables: CSV with BOM, errors.csv, review.csv, the workbook sansan.xlsx and report.html,
streamed one article at a time."""
from __future__ import annotations

import json
import logging
from bisect import bisect_right
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

from .. import storage
from ..config import Codebook
from ..records import Article, ErrorRow, to_dict
from .analysis import (
    CONFLICT_COLUMNS,
    KEYWORD_COLUMNS,
    SERIES_COLUMNS,
    Keywords,
    ReportData,
    Series,
)
from .html import render_report
from .rows import ArticleRows
from .workbook import ParallelWorkbook, StreamingWorkbook

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = ["article_id", "file", "url", "title", "published", "author", "source", "site",
                   "original_url", "chars", "duplicate_of", "framework", "figures", "initiatives", "first_seen"]
# Each item row also names its article (title, published, url), so a row read alone says where
# it comes from.
ARTICLE_OF_ITEM = ["title", "published", "url"]
FIGURE_COLUMNS = ["article_id", "text", "value", "value_max", "unit", "qualifier", "counted", "sentence",
                  "start", "end", "section", "cell", "cell_source", "confidence", "claim", "item_id", *ARTICLE_OF_ITEM]
INITIATIVE_COLUMNS = ["article_id", "name", "kind", "mention", "sentence", "start", "end", "section", "cell",
                      "cell_source", "confidence", "item_id", *ARTICLE_OF_ITEM]
SECTION_COLUMNS = ["article_id", "code", "level", "heading", "parent", "marker", "start", "end", "cell"]
CELL_COLUMNS = ["cell", "pillar", "item", "articles", "figures", "initiatives"]
ERROR_COLUMNS = ["file", "stage", "error"]
# review.csv starts with the columns of labels.csv, so reviewed rows can be appended to it as is.
REVIEW_COLUMNS = ["article", "text", "cell", "suggested", "runner_up", "confidence", "kind", "sentence", "start"]
# matrix.csv: one row per article, one column per cell (its figures and initiatives there).
MATRIX_LEAD = ["article_id", "title", "published"]
# How the workbook writes a column (workbook.KINDS); the rest is text.
KINDS = {"url": "url", "original_url": "url", "published": "date", "sentence": "wrap", "heading": "wrap",
         "error": "wrap"}
# Tables written as CSV only (the report shows them; the workbook keeps to the per-article ones).
CSV_ONLY = {"keywords": KEYWORD_COLUMNS, "series": SERIES_COLUMNS, "conflicts": CONFLICT_COLUMNS}
# The seen articles' ledger in OUT: article id -> the number of the run that first saw it.
SEEN = "seen.jsonl"
# Rows of each long table the report shows (the CSVs hold them all), and entries listed under
# each cell: keep report.html quick to open on a large corpus.
REPORT_ROWS = 500
ENTRIES_PER_CELL = 300


def with_cells(items: Iterable[dict], cells: dict[str, dict]) -> list[dict]:
    """Figure or initiative rows with the cell decided for each (none when no decision)."""
    rows = []
    for row in items:
        c = cells.get(row.get("item_id"))
        rows.append({**row, "cell": c["cell"] if c else "none", "cell_source": c["cell_source"] if c else "none",
                     "confidence": round(c["confidence"], 3) if c else 0.0})
    return rows


def section_cells(item_rows: list[dict]) -> dict[tuple[str, str], str]:
    """Cell of each section as decided for the items inside it (structure only)."""
    out = {}
    for r in item_rows:
        if r["cell_source"] == "structure" and r["section"]:
            out[(r["article_id"], r["section"])] = r["cell"]
    return out


class CellTally:
    """Per cell: articles, figures and distinct initiatives (per article), reposts skipped;
    fed one article at a time."""

    def __init__(self, codebook: Codebook):
        self.entries = [(i.code, p.names[0], i.names[0]) for p in codebook.pillars for i in p.items] + [("none", "", "")]
        self.counts = {code: [0, 0, 0] for code, _, _ in self.entries}

    def add(self, fig_rows: list[dict], ini_rows: list[dict]) -> None:
        """The rows of one article (not a repost)."""
        figs: dict[str, int] = defaultdict(int)
        names: dict[str, set] = defaultdict(set)
        for r in fig_rows:
            figs[r["cell"]] += 1
        for r in ini_rows:
            names[r["cell"]].add(r["name"])
        for code in set(figs) | set(names):
            if code in self.counts:
                c = self.counts[code]
                c[0], c[1], c[2] = c[0] + 1, c[1] + figs[code], c[2] + len(names[code])

    def rows(self) -> list[dict]:
        return [dict(cell=code, pillar=pillar, item=item, articles=self.counts[code][0],
                     figures=self.counts[code][1], initiatives=self.counts[code][2])
                for code, pillar, item in self.entries]


def cell_summary(codebook: Codebook, articles: list[Article], fig_rows: list[dict], ini_rows: list[dict]) -> list[dict]:
    """One row per cell: how many articles, figures and distinct initiatives it holds.
    Duplicates (reposts) are not counted twice."""
    tally = CellTally(codebook)
    by_article: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for r in fig_rows:
        by_article[r["article_id"]][0].append(r)
    for r in ini_rows:
        by_article[r["article_id"]][1].append(r)
    dup = {a.article_id for a in articles if a.duplicate_of}
    for aid, (figs, inis) in by_article.items():
        if aid not in dup:
            tally.add(figs, inis)
    return tally.rows()


def review_rows(cells: Iterable[dict], fig_rows: list[dict], ini_rows: list[dict], codebook: Codebook) -> list[dict]:
    """Items the classifier was not sure of (below the codebook's min_confidence)."""
    text_of = {r["item_id"]: r["text"] for r in fig_rows}
    text_of.update({r["item_id"]: r["name"] for r in ini_rows})
    sentence_of = {r["item_id"]: r["sentence"] for rows in (fig_rows, ini_rows) for r in rows}
    out = []
    for c in cells:
        if c["cell_source"] == "classifier" and c["confidence"] < codebook.min_confidence:
            key = c["item_id"]
            out.append(dict(article=c["article_id"], text=text_of.get(key, ""), cell="", suggested=c["suggested"],
                            runner_up=c["runner_up"], confidence=c["confidence"], kind=c["item"],
                            sentence=sentence_of.get(key, ""), start=c["start"]))
    return out


def _sorted(rows: list[dict], *keys: str) -> list[dict]:
    return sorted(rows, key=lambda r: tuple(r[k] for k in keys))


def table_columns(codebook: Codebook) -> dict[str, list[str]]:
    """The tables in the order of the workbook's sheets, with their columns."""
    cells = [i.code for p in codebook.pillars for i in p.items] + ["none"]
    return {"articles": ARTICLE_COLUMNS, "figures": FIGURE_COLUMNS, "initiatives": INITIATIVE_COLUMNS,
            "sections": SECTION_COLUMNS, "cells": CELL_COLUMNS, "matrix": MATRIX_LEAD + cells,
            "errors": ERROR_COLUMNS, "review": REVIEW_COLUMNS}


def read_seen(path: Path) -> tuple[int, dict[str, int]]:
    """(the last run's number, article id -> the run that first saw it) from OUT/seen.jsonl
    (JSON Lines: an id may hold any character a file name can); a damaged line is skipped."""
    seen, last = {}, 0
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
                aid, run = row["article_id"], int(row["first_seen"])
            except (ValueError, KeyError, TypeError):
                continue
            seen[aid] = run
            last = max(last, run)
    return last, seen


class _Tables:
    """Every table's CSV writer and, for the workbook's tables, its sheet; and the first rows
    the report shows."""

    def __init__(self, out: Path, sheets: dict[str, list[str]], csv_only: dict[str, list[str]], *, workers: int = 1):
        self.book = (ParallelWorkbook if workers > 1 else StreamingWorkbook)(out / "sansan.xlsx")
        self.csv = {name: storage.CsvWriter(out / f"{name}.csv", cols) for name, cols in {**sheets, **csv_only}.items()}
        self.sheets = {name: self.book.sheet(name, cols, KINDS) for name, cols in sheets.items()}
        self.shown: dict[str, list[dict]] = defaultdict(list)

    def write(self, name: str, rows: Iterable[dict[str, Any]]) -> None:
        sheet = self.sheets.get(name)
        for row in rows:
            self.csv[name].write(row)
            if sheet is not None:
                sheet.append(row)
            if len(self.shown[name]) < REPORT_ROWS:
                self.shown[name].append(row)

    def count(self, name: str) -> int:
        return self.csv[name].rows


def run(out: Path, *, codebook: Codebook, workers: int = 1) -> dict:
    """Write every table from OUT's stage files (with `workers` >= 2 the workbook in a second
    process); returns the counts and what is new since the last run (articles first seen now,
    and their figures and initiatives)."""
    out = Path(out)
    articles = sorted(storage.read_jsonl(out / "articles.jsonl"), key=lambda a: a["article_id"]) \
        if (out / "articles.jsonl").exists() else []
    errors = []
    for path in sorted((out / "errors").glob("*.jsonl")):
        errors.extend(to_dict(e) for e in storage.read_records(path, ErrorRow))
    last_run, seen = read_seen(out / SEEN)
    this_run = last_run + 1 if any(a["article_id"] not in seen for a in articles) else max(last_run, 1)
    columns = table_columns(codebook)
    cell_codes = columns["matrix"][len(MATRIX_LEAD):]
    tables = _Tables(out, columns, CSV_ONLY, workers=workers)
    tally = CellTally(codebook)
    names: set[str] = set()
    new = {"articles": 0, "figures": 0, "initiatives": 0}
    keywords, series, data = Keywords(), Series(out), ReportData(cell_codes, entries_per_cell=ENTRIES_PER_CELL)
    streams = {n: ArticleRows(out / f"{n}.jsonl") for n in ("figures", "initiatives", "sections", "cells", "sentences")}
    try:
        for art in articles:
            aid = art["article_id"]
            of_article = {k: art.get(k) for k in ARTICLE_OF_ITEM}
            cells = {c["item_id"]: c for c in streams["cells"].of(aid)}
            figs = _sorted([{**r, **of_article} for r in with_cells(streams["figures"].of(aid), cells)], "start", "end")
            inis = _sorted([{**r, **of_article} for r in with_cells(streams["initiatives"].of(aid), cells)], "start", "end")
            sec_cells = section_cells(figs + inis)
            secs = [dict(s, cell=sec_cells.get((aid, s["code"]), "")) for s in _sorted(streams["sections"].of(aid), "start", "level")]
            first = seen.setdefault(aid, this_run)
            tables.write("articles", [{**art, "figures": len(figs), "initiatives": len(inis), "first_seen": first}])
            tables.write("figures", [labelled(r, "section") for r in figs])
            tables.write("initiatives", [labelled(r, "section") for r in inis])
            tables.write("sections", [labelled(r, "code", "parent") for r in secs])
            tables.write("matrix", [matrix_row(art, figs + inis, cell_codes)])
            tables.write("review", _sorted(review_rows(cells.values(), figs, inis, codebook), "start", "kind"))
            repost = bool(art.get("duplicate_of"))
            if not repost:
                tally.add(figs, inis)
                sentences = streams["sentences"].of(aid)
                starts = [x["start"] for x in sentences]
                data.add(art, figs, inis, sentence_starts=starts)
                add_keywords(keywords, sentences, starts, figs + inis)
            series.add(figs, repost=repost)
            names.update(r["name"] for r in inis)
            if first == this_run and last_run:
                new["articles"] += 1
                new["figures"] += len(figs)
                new["initiatives"] += len(inis)
        cell_rows = tally.rows()
        tables.write("cells", cell_rows)
        errors += _workbook_errors(tables.book.problems)
        tables.write("errors", sorted(errors, key=lambda e: (e["file"], e["stage"])))
        tables.write("keywords", keywords.rows(cell_codes))
        tables.write("series", series.series())
        tables.write("conflicts", series.conflicts())
        counts = {name: tables.count(name) for name in tables.csv}
        for w in tables.csv.values():
            w.commit()
        tables.book.save()
    except BaseException:
        tables.book.discard()
        raise
    finally:
        for s in streams.values():
            s.close()
        series.close()
    storage.write_if_changed(out / SEEN, storage.dumps_jsonl(
        {"article_id": aid, "first_seen": run} for aid, run in sorted(seen.items())))
    report = render_report(codebook=codebook, counts=counts, distinct_initiatives=len(names), cells=cell_rows,
                           shown=tables.shown, data=data)
    storage.write_atomic(out / "report.html", report.encode("utf-8"))
    log.info("tables: %d articles, %d figures, %d initiatives, %d sections, %d errors", counts["articles"],
             counts["figures"], counts["initiatives"], counts["sections"], counts["errors"])
    return {"counts": counts, "new": new if last_run else None, "run": this_run,
            "distinct_initiatives": len(names)}


# What section codes start with in the tables: "8.10" would be read as the number 8.1 by
# pandas and Excel (colliding with a real 8.1) and "2" as an integer; "§8.10" stays text.
SECTION_MARK = "§"


def labelled(row: dict, *fields: str) -> dict:
    """`row` with its section-code fields written as §-codes (8.10 -> §8.10)."""
    return {**row, **{f: SECTION_MARK + row[f] for f in fields if row.get(f)}}


def add_keywords(keywords: Keywords, sentences: list[dict], starts: list[int], items: list[dict]) -> None:
    """The tokens of the sentences an article's items stand in (`starts`: where the sentences
    start), under the items' cells (a sentence once per cell)."""
    done, used = set(), set()
    for it in items:
        i = bisect_right(starts, it["start"]) - 1
        if i >= 0 and (i, it["cell"]) not in done:
            done.add((i, it["cell"]))
            used.add(i)
            keywords.add(it["cell"], sentences[i]["tokens"])
    if used:
        keywords.add_article(t for i in used for t in sentences[i]["tokens"])


def matrix_row(art: dict, items: list[dict], cell_codes: list[str]) -> dict:
    """One article's matrix.csv row: its figures and initiatives per cell."""
    row = {k: art.get(k) for k in MATRIX_LEAD}
    row.update({code: 0 for code in cell_codes})
    for it in items:
        if it["cell"] in row:
            row[it["cell"]] += 1
    return row


def _workbook_errors(problems) -> list[dict]:
    """errors.csv rows for what the workbook had to change (the CSVs keep the text whole)."""
    rows = []
    if problems.illegal_chars:
        log.warning("workbook: removed %d characters XML cannot hold from %d cells", problems.illegal_chars,
                    problems.illegal_cells)
        rows.append(dict(file="sansan.xlsx", stage="tables", error=f"removed {problems.illegal_chars} characters "
                         f"that XML cannot hold (control characters) from {problems.illegal_cells} cells"))
    for table, column, row, length in problems.cut:
        rows.append(dict(file="sansan.xlsx", stage="tables", error=f"sheet {table}, row {row + 1}, column {column}: "
                         f"{length} characters cut to Excel's 32,767; the whole text is in {table}.csv"))
    for table, n in problems.dropped_rows.items():
        rows.append(dict(file="sansan.xlsx", stage="tables", error=f"sheet {table}: {n} rows past Excel's "
                         f"1,048,576 left out; all rows are in {table}.csv"))
    return rows
