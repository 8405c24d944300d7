"""Stage records to the SPEC §4 tables (CSV with BOM), errors.csv, a workbook and a report."""
from __future__ import annotations

import datetime
import io
import logging
import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .. import storage
from ..config import Codebook
from ..records import Article, Cell, ErrorRow, Figure, Initiative, Section, to_dict
from .html import render_report

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = ["article_id", "file", "url", "title", "published", "author", "source", "site",
                   "original_url", "chars", "duplicate_of", "framework"]
FIGURE_COLUMNS = ["article_id", "text", "value", "value_max", "unit", "qualifier", "counted", "sentence",
                  "start", "end", "section", "cell", "cell_source", "confidence", "claim", "item_id"]
INITIATIVE_COLUMNS = ["article_id", "name", "kind", "mention", "sentence", "start", "end", "section", "cell",
                      "cell_source", "confidence", "item_id"]
SECTION_COLUMNS = ["article_id", "code", "level", "heading", "parent", "marker", "start", "end", "cell"]
CELL_COLUMNS = ["cell", "pillar", "item", "articles", "figures", "initiatives"]
ERROR_COLUMNS = ["file", "stage", "error"]
# review.csv starts with the columns of labels.csv, so reviewed rows can be appended to it as is.
REVIEW_COLUMNS = ["article", "text", "cell", "suggested", "runner_up", "confidence", "kind", "sentence", "start"]
# Zip entry time for the workbook, so the same tables give the same bytes (the zip format's
# earliest date; any fixed value works).
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_CREATED = datetime.datetime(2000, 1, 1)  # the workbook's stated creation time, for the same reason
HEADER_FONT = Font(bold=True)  # the header row, bold as pandas wrote it


def _frame(rows: list[dict], columns: list[str], sort: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)
    if rows:
        df = df.sort_values(sort, kind="mergesort").reset_index(drop=True)
    return df


def _with_cells(items, cells: dict[str, Cell]) -> list[dict]:
    rows = []
    for it in items:
        row = to_dict(it)
        c = cells.get(it.item_id)
        row.update(cell=c.cell if c else "none", cell_source=c.cell_source if c else "none",
                   confidence=round(c.confidence, 3) if c else 0.0)
        rows.append(row)
    return rows


def section_cells(sections: list[Section], figure_rows: list[dict]) -> dict[tuple[str, str], str]:
    """Cell of each section as decided for the items inside it (structure only)."""
    out = {}
    for r in figure_rows:
        if r["cell_source"] == "structure" and r["section"]:
            out[(r["article_id"], r["section"])] = r["cell"]
    return out


def cell_summary(codebook: Codebook, articles: list[Article], fig_rows: list[dict], ini_rows: list[dict]) -> list[dict]:
    """One row per cell: how many articles, figures and distinct initiatives it holds.
    Duplicates (reposts) are not counted twice."""
    dup = {a.article_id for a in articles if a.duplicate_of}
    rows = []
    entries = [(i.code, p.names[0], i.names[0]) for p in codebook.pillars for i in p.items] + [("none", "", "")]
    for code, pillar, item in entries:
        figs = [r for r in fig_rows if r["cell"] == code and r["article_id"] not in dup]
        inis = {(r["article_id"], r["name"]) for r in ini_rows if r["cell"] == code and r["article_id"] not in dup}
        arts = {r["article_id"] for r in figs} | {a for a, _ in inis}
        rows.append(dict(cell=code, pillar=pillar, item=item, articles=len(arts), figures=len(figs),
                         initiatives=len(inis)))
    return rows


def review_rows(cells, fig_rows: list[dict], ini_rows: list[dict], codebook: Codebook) -> list[dict]:
    """Items the classifier was not sure of (below the codebook's min_confidence)."""
    text_of = {r["item_id"]: r["text"] for r in fig_rows}
    text_of.update({r["item_id"]: r["name"] for r in ini_rows})
    sentence_of = {r["item_id"]: r["sentence"] for rows in (fig_rows, ini_rows) for r in rows}
    out = []
    for c in cells:
        if c.cell_source == "classifier" and c.confidence < codebook.min_confidence:
            key = c.item_id
            out.append(dict(article=c.article_id, text=text_of.get(key, ""), cell="", suggested=c.suggested,
                            runner_up=c.runner_up, confidence=c.confidence, kind=c.item,
                            sentence=sentence_of.get(key, ""), start=c.start))
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    df = df.map(lambda v: storage.format_number(v) if isinstance(v, float) and v == v else v)
    text = df.to_csv(index=False, lineterminator="\n")
    return ("\ufeff" + text).encode("utf-8")


def workbook_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx with one sheet per table; zip entry times fixed for reproducible bytes."""
    # Write-only mode streams rows to the file: pandas' to_excel built every cell as an object
    # first and took 9 s for 16,000 rows, a third of a rerun.
    book = Workbook(write_only=True)
    for name, df in frames.items():
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        for i, width in enumerate(_widths(df), start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        header = [WriteOnlyCell(sheet, value=str(col)) for col in df.columns]
        for cell in header:
            cell.font = HEADER_FONT
        sheet.append(header)
        for row in df.itertuples(index=False, name=None):
            sheet.append([None if v is None or v != v else v for v in row])  # NaN: an empty cell
    book.properties.created = FIXED_CREATED
    buf = io.BytesIO()
    book.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
            dst.writestr(fixed, data)
    return out.getvalue()


def _widths(df: pd.DataFrame) -> list[float]:
    # Excel column width ~ characters; CJK characters take two. Capped so sentences wrap.
    out = []
    for col in df.columns:
        longest = max([len(str(col))] + [sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(v)) for v in df[col].head(200)])
        out.append(min(max(8, longest + 2), 60))
    return out


def run(out: Path, *, codebook: Codebook) -> None:
    out = Path(out)
    articles = storage.read_records(out / "articles.jsonl", Article)
    cells = {c.item_id: c for c in storage.read_records(out / "cells.jsonl", Cell)}
    fig_rows = _with_cells(storage.read_records(out / "figures.jsonl", Figure), cells)
    ini_rows = _with_cells(storage.read_records(out / "initiatives.jsonl", Initiative), cells)
    sections = storage.read_records(out / "sections.jsonl", Section)
    sec_cells = section_cells(sections, fig_rows + ini_rows)
    sec_rows = [dict(to_dict(s), cell=sec_cells.get((s.article_id, s.code), "")) for s in sections]
    review = review_rows(cells.values(), fig_rows, ini_rows, codebook)
    errors = []
    for path in sorted((out / "errors").glob("*.jsonl")):
        errors.extend(storage.read_records(path, ErrorRow))
    frames = {
        "articles": _frame([to_dict(a) for a in articles], ARTICLE_COLUMNS, ["article_id"]),
        "figures": _frame(fig_rows, FIGURE_COLUMNS, ["article_id", "start", "end"]),
        "initiatives": _frame(ini_rows, INITIATIVE_COLUMNS, ["article_id", "start", "end"]),
        "sections": _frame(sec_rows, SECTION_COLUMNS, ["article_id", "start", "level"]),
        "cells": pd.DataFrame(cell_summary(codebook, articles, fig_rows, ini_rows), columns=CELL_COLUMNS),
        "errors": _frame([to_dict(e) for e in errors], ERROR_COLUMNS, ["file", "stage"]),
        "review": _frame(review, REVIEW_COLUMNS, ["article", "start", "kind"]),
    }
    for name, df in frames.items():
        storage.write_atomic(out / f"{name}.csv", to_csv_bytes(df))
    storage.write_atomic(out / "sansan.xlsx", workbook_bytes(frames))
    storage.write_atomic(out / "report.html", render_report(frames).encode("utf-8"))
    log.info("tables: %d articles, %d figures, %d initiatives, %d sections, %d errors",
             len(articles), len(fig_rows), len(ini_rows), len(sec_rows), len(errors))
