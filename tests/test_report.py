"""report.html and the across-article tables (issue 11): the 3×3 matrix with a list per cell,
values as people write them beside plain numbers, charts as SVG text, scraped text inert, and
series.csv, conflicts.csv, keywords.csv and matrix.csv from real extractions."""
from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, SEED, seed_corpus

from pipeline import cli, storage
from pipeline.report import html as H

CODEBOOK = str(ROOT / "config" / "codebook.toml")
PAGES = {  # three bulletins of one city: two on one day disagree, a later one continues the series
    "a.txt": ("某市教育简报\n全市共有中小学校605所，在校学生12.5万人。\n", "2023-05-01"),
    "b.txt": ("某市教育快讯\n全市共有中小学校610所，在校学生12.8万人。\n", "2023-05-01"),
    "c.txt": ("某市教育年报\n全市共有中小学校612所。\n", "2024-01-10"),
}


@pytest.mark.parametrize("value, text", [(605.0, "605"), (15000.0, "15,000"), (24679000000.0, "24,679,000,000"),
                                         (1.25, "1.25"), (None, ""), (float("nan"), "")])
def test_normalised_numbers(value, text):
    assert H.normalised(value) == text


def test_json_in_the_page_cannot_close_its_script():
    text = H.safe_json({"s": "</script><img src=x onerror=alert(1)>&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["s"] == "</script><img src=x onerror=alert(1)>&\u2028"


def test_chart_labels_are_svg_text_and_escaped():
    svg = H.bar_chart([("“双创双高”<b>", 3), ("互促联盟", 1)])
    assert svg.count("<rect") == 2 and "&lt;b&gt;" in svg and "<b>" not in svg and ">双创双高" not in svg


@pytest.fixture(scope="module")
def report_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    corpus, out = base / "corpus", base / "out"
    seed_corpus(corpus)
    for name, (text, day) in PAGES.items():
        (corpus / name).write_text(text, encoding="utf-8")
        (corpus / name.replace(".txt", ".meta.json")).write_text(json.dumps({"published": day}), encoding="utf-8")
    (corpus / "twice.txt").write_text("某校简报\n全区共有3个社团参加展示，其中3个社团获得一等奖。\n", encoding="utf-8")
    (corpus / "evil.txt").write_text("<script>alert(1)</script>标题\n“</script><img src=x onerror=alert(2)>”工程共有3个项目。\n",
                                     encoding="utf-8")
    assert cli.main(["run", "-q", "--corpus", str(corpus), "--out", str(out), "--codebook", CODEBOOK]) == 0
    return out


def test_series_and_conflicts(report_run):
    series = storage.read_csv(report_run / "series.csv")
    schools = [(r["published"], r["value"], r["article_id"]) for r in series if (r["counted"], r["unit"]) == ("中小学校", "所")]
    assert schools == [("2023-05-01", "605", "a.txt"), ("2023-05-01", "610", "b.txt"), ("2024-01-10", "612", "c.txt")]
    conflicts = {(r["counted"], r["period"], r["text_a"], r["text_b"]) for r in storage.read_csv(report_run / "conflicts.csv")}
    assert conflicts == {("中小学校", "2023-05-01", "605所", "610所"), ("在校学生", "2023-05-01", "12.5万人", "12.8万人")}


def test_matrix_and_keywords(report_run):
    matrix = {r["article_id"]: r for r in storage.read_csv(report_run / "matrix.csv")}
    figures = storage.read_csv(report_run / "figures.csv")
    initiatives = storage.read_csv(report_run / "initiatives.csv")
    seed_row = matrix[SEED.name]
    cells = [c for c in seed_row if c not in ("article_id", "title", "published")]
    assert sum(int(seed_row[c]) for c in cells) == sum(r["article_id"] == SEED.name for r in figures + initiatives)
    keywords = storage.read_csv(report_run / "keywords.csv")
    assert keywords and all(len(r["keyword"]) >= 2 and not any(ch.isdigit() for ch in r["keyword"]) for r in keywords)
    assert not {"开展", "工作", "学校"} & {r["keyword"] for r in keywords}  # stop words


def test_the_report_page(report_run):
    page = (report_run / "report.html").read_text(encoding="utf-8")
    assert page.count('class="cell') == 10  # nine cells and none
    assert re.search(r'data-cell="M1"[^>]*>.*?articles ·', page)
    assert "<script>alert" not in page and "<img src=x" not in page  # scraped text is inert
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S).group(1))
    seed_figures = [e for rows in data["entries"].values() for e in rows
                    if e["kind"] == "figure" and e["article"] == SEED.name]
    e = next(e for e in seed_figures if e["text"] == "1.5万余人次")
    assert e["norm"] == "15,000" and e["sentence"][e["at"]:e["at"] + e["len"]] == "1.5万余人次"
    twice = sorted(e["at"] for rows in data["entries"].values() for e in rows if e["article"] == "twice.txt")
    assert len(twice) == 2 and twice[0] < twice[1]  # each figure marked where it stands, not twice the first
    assert "Noto Sans CJK SC" in page and "<svg" in page and "http" not in page.split("<script>")[0].split("</style>")[0]


def test_ids_and_section_codes_stay_text_in_pandas(report_run):
    import pandas as pd

    sections = pd.read_csv(report_run / "sections.csv")
    figures = pd.read_csv(report_run / "figures.csv")
    assert sections["code"].map(type).eq(str).all() and sections["code"].str.startswith("§").all()
    assert {"§1", "§1.1"} <= set(sections["code"])  # 1.1 and 1.10 can never collide as numbers
    assert set(figures["article_id"]) >= {"a.txt", SEED.name}
    assert figures["section"].dropna().str.startswith("§").all()
