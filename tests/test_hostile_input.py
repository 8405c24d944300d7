"""Hostile input (issue 10): each bad page, sidecar, label file or codebook gets a row or a
one-line message naming it; every other page goes through; nothing is followed outside the
corpus; two runs never share an output folder."""
from __future__ import annotations

import os

import pytest
from conftest import ROOT, SEED, seed_corpus

from pipeline import cli, storage
from pipeline.engine import runner

CODEBOOK = str(ROOT / "config" / "codebook.toml")


def run(corpus, out, *extra: str) -> int:
    return cli.main(["run", "--corpus", str(corpus), "--out", str(out), "--codebook", CODEBOOK, *extra])


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    seed_corpus(folder)
    return folder


def errors_by_file(out) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for r in storage.read_csv(out / "errors.csv"):
        rows.setdefault(r["file"], []).append(r["error"])
    return rows


def test_sidecar_fields_of_the_wrong_type_are_left_out_and_the_page_kept(corpus, tmp_path):
    (corpus / "a.txt").write_text("示范学校活动\n全校共有605名学生参加了活动。\n", encoding="utf-8")
    (corpus / "a.meta.json").write_text('{"title": 2021, "source": {"x": 1}, "url": ["http://a.example"],'
                                        ' "published": "2021-05-01"}', encoding="utf-8")
    out = tmp_path / "out"
    assert run(corpus, out) == 0
    art = {r["file"]: r for r in storage.read_csv(out / "articles.csv")}["a.txt"]
    assert art["title"] == "示范学校活动" and art["source"] == "" and art["published"] == "2021-05-01"
    assert sorted(errors_by_file(out)["a.txt"]) == [
        "sidecar a.meta.json: source is an object, not text; left out",
        "sidecar a.meta.json: title is a number, not text; left out",
        "sidecar a.meta.json: url is a list, not text; left out"]
    assert any(r["text"] == "605名" for r in storage.read_csv(out / "figures.csv"))


def test_pages_that_are_refused_get_a_row_and_ids_never_collide(corpus, tmp_path, monkeypatch):
    outside = tmp_path / "secret.txt"
    outside.write_text("机密\n这是语料之外的文件，共有3个。\n", encoding="utf-8")
    os.symlink(outside, corpus / "passwd.txt")
    os.symlink(corpus / SEED.name, corpus / "inside.txt")  # a link within the corpus is a page
    (corpus / "big.txt").write_text("大\n" + "很长的正文。" * 1000, encoding="utf-8")
    (corpus / "tiny.txt").write_text("小\n正文共有2个。\n", encoding="utf-8")
    (corpus / "tiny.meta.json").write_text('{"title": "' + "长" * 5000 + '"}', encoding="utf-8")  # a 15 KB title
    (corpus / "b.html").write_text("<title>乙</title><p>同名页面，共有8个班级。</p>", encoding="utf-8")
    (corpus / "b.txt").write_text("乙\n同名页面，共有9个班级。\n", encoding="utf-8")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "a.txt").write_text("丙\n子目录页面，共有5个班级。\n", encoding="utf-8")
    (corpus / "sub__a.txt").write_text("丁\n相似名字的页面，共有6个班级。\n", encoding="utf-8")
    monkeypatch.setattr(runner, "MAX_PAGE_BYTES", 10_000)
    out = tmp_path / "out"
    assert run(corpus, out) == 0
    errors = errors_by_file(out)
    assert "outside the corpus folder" in errors["passwd.txt"][0]
    assert errors["big.txt"][0].startswith("too large: 18,004 bytes with its sidecar")
    assert errors["tiny.txt"][0].startswith("too large: 15,")
    assert set(errors) == {"passwd.txt", "big.txt", "tiny.txt"}
    rows = {r["article_id"]: r for r in storage.read_csv(out / "articles.csv")}
    # ids are the pages' paths: pages that once shared an id (b, sub__a) are four articles
    assert set(rows) == {SEED.name, "inside.txt", "b.html", "b.txt", "sub/a.txt", "sub__a.txt"}
    assert all(r["file"] == a for a, r in rows.items())
    figures = {(r["article_id"], r["text"]) for r in storage.read_csv(out / "figures.csv")}
    assert {("b.html", "8个"), ("b.txt", "9个"), ("sub/a.txt", "5个"), ("sub__a.txt", "6个")} <= figures
    assert "机密" not in "".join(p.read_text(encoding="utf-8") for p in (out / "texts").glob("*.txt"))


def test_labels_problems_name_their_line(corpus, tmp_path):
    labels = corpus / "labels.csv"
    labels.write_bytes("article,text,cell\n".encode() + f"{SEED.stem},605个,P1\n".encode()
                      + "nowhere,12名,M1\n".encode() + "x,这一行是GBK,P1\n".encode("gbk")
                      + f"{SEED.stem},100%,Z9\n".encode())
    out = tmp_path / "out"
    assert run(corpus, out) == 0
    msgs = errors_by_file(out)["labels.csv"]
    assert any(m.startswith("line 4 is not UTF-8") for m in msgs)
    assert any(m.startswith("line 5: needs article, text and a cell") for m in msgs)
    assert "line 3: no article 'nowhere' in the corpus; label not used" in msgs
    labels.write_text("文章,文本,格\nx,y,P1\n", encoding="utf-8")
    assert run(corpus, out) == 0
    assert errors_by_file(out)["labels.csv"] == ["line 1: the header must name the columns article, text, cell; "
                                                  "found 文章, 文本, 格"]


def test_a_codebook_that_is_not_utf8_is_a_message(corpus, tmp_path, capsys):
    bad = tmp_path / "codebook.toml"
    bad.write_bytes((ROOT / "config" / "codebook.toml").read_text(encoding="utf-8").encode("gbk", errors="replace"))
    code = cli.main(["run", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--codebook", str(bad)])
    assert code == 2
    assert "is not UTF-8" in capsys.readouterr().err


def test_a_second_run_on_the_same_output_folder_stops(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    with storage.locked(out):
        assert run(corpus, out) == 2
    assert "in use by another sansan run (pid" in capsys.readouterr().err
    assert run(corpus, out) == 0  # free again


def test_a_corpus_path_with_a_space_and_a_name_of_250_bytes(tmp_path):
    """Through make: the Makefile quotes CORPUS, and a page whose name leaves no room for a
    sidecar's or a temp file's longer name still becomes an article."""
    from pipeline_runner import make

    corpus, out = tmp_path / "my corpus", tmp_path / "out"
    seed_corpus(corpus)
    long_name = "长" * 82 + ".txt"  # 3 bytes a character: 246 + 4 = 250 bytes
    (corpus / long_name).write_text("长名字的页面\n全校共有605名学生。\n", encoding="utf-8")
    result = make("all", corpus=corpus, out=out)
    assert result.returncode == 0, result.stderr
    files = {r["file"] for r in storage.read_csv(out / "articles.csv")}
    assert files == {SEED.name, long_name}
    assert storage.read_csv(out / "errors.csv") == []
