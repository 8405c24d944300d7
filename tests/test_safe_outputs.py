"""Outputs that cannot be turned against their readers (issue 10): no live formulas in the CSVs or
the workbook, control characters removed and counted, over-long cells cut with a mark, CR and LF
quoted; one hostile page never stops the tables of the others."""
from __future__ import annotations

import csv
import io

import pytest
from conftest import ROOT, SEED, seed_corpus
from openpyxl import load_workbook

from pipeline import cli, storage
from pipeline.report import workbook


@pytest.mark.parametrize("value, field", [
    ("=2+2", "'=2+2"),
    ("+86 571", "'+86 571"),
    ("-3%", "'-3%"),
    ("@绍兴龙山书院", "'@绍兴龙山书院"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("a=b", "a=b"),  # only the first character counts
    (605.0, "605"),
    (1.25, "1.25"),
    (-3.0, "-3"),  # numbers are numbers, not text
    (float("nan"), ""),
    (None, ""),
    (12, "12"),
])
def test_csv_field(value, field):
    assert storage.csv_field(value) == field


@pytest.mark.parametrize("values, line", [
    (["a", "b"], "a,b\n"),
    (["甲,乙", 'say "hi"'], '"甲,乙","say ""hi"""\n'),
    (["first\rsecond", "x"], '"first\rsecond",x\n'),  # a bare CR is quoted too
    (["line\nbreak"], '"line\nbreak"\n'),
])
def test_csv_line_quotes_what_would_split_a_row(values, line):
    assert storage.csv_line(values) == line
    assert next(csv.reader(io.StringIO(line, newline=""))) == [storage.csv_field(v) for v in values]


def test_cell_value_removes_control_characters_and_cuts_long_text():
    problems = workbook.Problems()
    assert workbook.cell_value("标题\x0c与\x1b[31m", problems=problems) == "标题与[31m"
    assert (problems.illegal_chars, problems.illegal_cells) == (2, 1)
    long = workbook.cell_value("字" * 40_000, table="figures", column="sentence", row=3, problems=problems)
    assert len(long) == workbook.MAX_CELL_CHARS and long.startswith("字" * 100)
    assert long.endswith("…[cut at 40000 characters; the whole text is in figures.csv]")
    assert problems.cut == [("figures", "sentence", 3, 40_000)]
    assert workbook.cell_value(float("nan")) is None and workbook.cell_value(7) == 7


def test_a_hostile_page_gives_inert_tables(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    seed_corpus(corpus)
    # a title that is a formula, a form feed and an ESC in the body, a bare CR inside a sentence
    (corpus / "hostile.txt").write_text(
        "=HYPERLINK(\"http://x.example\",\"点击\")\n"
        "@某校 举行活动\f，共有605名学生参加\x1b。\n"
        "全校教师120名\r其中党员45名参与志愿服务。\n", encoding="utf-8")
    assert cli.main(["run", "--corpus", str(corpus), "--out", str(out),
                     "--codebook", str(ROOT / "config" / "codebook.toml")]) == 0
    articles = {r["file"]: r for r in storage.read_csv(out / "articles.csv")}
    assert set(articles) == {SEED.name, "hostile.txt"}  # the good page's tables are all there
    assert articles["hostile.txt"]["title"].startswith("'=HYPERLINK(")
    for name in ("articles", "figures", "initiatives", "sections", "errors", "review"):
        for row in storage.read_csv(out / f"{name}.csv"):
            for value in row.values():
                assert not value.startswith(storage.FORMULA_START), (name, value)
    figures = [r for r in storage.read_csv(out / "figures.csv") if r["article_id"] == articles["hostile.txt"]["article_id"]]
    assert {"605名", "120名", "45名"} <= {r["text"] for r in figures}
    book = load_workbook(out / "sansan.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == '=HYPERLINK("http://x.example","点击")' for c in cells)  # shown as text
    assert not any(isinstance(c.value, str) and ("\x0c" in c.value or "\x1b" in c.value) for c in cells)
    # the parser drops control characters (a form feed breaks the line): the texts are clean
    text = (out / "texts" / f"{articles['hostile.txt']['article_id']}.txt").read_text(encoding="utf-8")
    assert "\x0c" not in text and "\x1b" not in text and "举行活动\n，共有605名学生参加。" in text
