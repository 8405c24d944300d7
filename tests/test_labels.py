"""Analyst labels (CORPUS/labels.csv) override predictions; unsure rows go to review."""
import re

import pytest
from conftest import ROOT
from pipeline_runner import make, stages_run

from pipeline import storage
from pipeline.classify.labels import load_labels
from pipeline.config import load_codebook

ARTICLES = {
    "a.txt": "某县教育局推进党建工作\n全县建成党员活动室45个,开展党史学习教育宣讲120余场。\n组织党员志愿者3000余人次服务社区。\n",
    "b.txt": "某校开展清廉学校建设\n学校制定廉政风险防控清单18条,评选师德标兵12名。\n与8所乡村学校结对共建。\n",
}


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_two_labels_change_their_rows(corpus, tmp_path):
    out = tmp_path / "out"
    first = make("all", corpus=corpus, out=out)
    assert first.returncode == 0, first.stderr
    before = {(r["article_id"], r["text"]): r for r in storage.read_csv(out / "figures.csv")}
    assert before[("a.txt", "45个")]["cell_source"] == "classifier"
    # Label two figures with cells the classifier did not choose (an article named by its id or
    # by its file name without the extension).
    new = {("a.txt", "45个"): "F1" if before[("a.txt", "45个")]["cell"] != "F1" else "F2",
           ("b.txt", "18条"): "P3" if before[("b.txt", "18条")]["cell"] != "P3" else "P2"}
    (corpus / "labels.csv").write_text("article,text,cell\n" + "".join(
        f"{a if a == 'a.txt' else a.removesuffix('.txt')},{t},{c}\n" for (a, t), c in new.items()), encoding="utf-8")
    second = make("all", corpus=corpus, out=out)
    assert second.returncode == 0, second.stderr
    assert stages_run(second) == ["classify", "tables"]
    after = {(r["article_id"], r["text"]): r for r in storage.read_csv(out / "figures.csv")}
    for key, cell in new.items():
        assert (after[key]["cell"], after[key]["cell_source"], after[key]["confidence"]) == (cell, "label", "1")
    unlabelled = [k for k in after if k not in new]
    assert all(after[k]["cell_source"] == "classifier" for k in unlabelled)


def test_unsure_rows_are_listed_for_review(corpus, tmp_path):
    codebook = tmp_path / "codebook.toml"
    text = (ROOT / "config" / "codebook.toml").read_text(encoding="utf-8")
    codebook.write_text(re.sub(r"min_confidence = [0-9.]+", "min_confidence = 0.99", text), encoding="utf-8")
    out = tmp_path / "out"
    assert make("all", corpus=corpus, out=out, CODEBOOK=codebook).returncode == 0
    figures = storage.read_csv(out / "figures.csv")
    review = storage.read_csv(out / "review.csv")
    assert figures and all(r["cell_source"] == "classifier" and float(r["confidence"]) < 0.99 for r in figures)
    assert {(r["article"], r["text"]) for r in review} >= {(r["article_id"], r["text"]) for r in figures}
    assert list(review[0])[:3] == ["article", "text", "cell"]  # appendable to labels.csv
    assert all(r["suggested"] and float(r["confidence"]) < 0.99 for r in review)


def test_bad_label_rows_are_reported_not_fatal(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("article,text,cell\na,45个,M1\na,,M2\nb,18条,Z9\n", encoding="utf-8")
    labels, errors = load_labels(path, load_codebook())
    assert [(x.article, x.text, x.cell) for x in labels] == [("a", "45个", "M1")]
    assert [e.error.split(":")[0] for e in errors] == ["line 3", "line 4"]
