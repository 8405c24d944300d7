"""The command line as a user meets it (issue 11): --version, -q/-v, an empty or missing corpus,
an output folder that cannot be written, and output files that follow the umask."""
from __future__ import annotations

import os
import stat

import pytest
from conftest import ROOT, SEED, seed_corpus

from pipeline import cli, storage

CODEBOOK = str(ROOT / "config" / "codebook.toml")


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("sansan 0.")


def test_missing_and_empty_corpus(tmp_path, capsys, caplog):
    assert cli.main(["run", "--corpus", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o1")]) == 2
    assert "corpus folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert cli.main(["all", "-q", "--corpus", str(tmp_path / "empty"), "--out", str(tmp_path / "o2")]) == 0
    messages = [r.getMessage() for r in caplog.records]
    assert any("holds no page" in m for m in messages)
    assert not any(m.startswith("tables:") for m in messages)  # -q: warnings only
    cli.main(["all", "--corpus", str(tmp_path / "empty"), "--out", str(tmp_path / "o2")])  # the level back to INFO
    assert storage.read_csv(tmp_path / "o2" / "articles.csv") == []


def test_an_output_folder_that_cannot_be_written_is_one_line(tmp_path, capsys, monkeypatch):
    def refuse(*_a, **_k):  # what opening OUT/.lock in a read-only folder raises (root is never refused)
        raise PermissionError(13, "Permission denied", str(tmp_path / "out" / ".lock"))

    monkeypatch.setattr(storage, "locked", refuse)
    assert cli.main(["run", "--corpus", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "permission denied" in err[0] and ".lock" in err[0]


def test_outputs_follow_the_umask(tmp_path):
    corpus = tmp_path / "corpus"
    seed_corpus(corpus)
    old = os.umask(0o022)
    try:
        assert cli.main(["run", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--codebook", CODEBOOK]) == 0
    finally:
        os.umask(old)
    for name in ("articles.csv", "figures.jsonl", "sansan.xlsx", "report.html", f"texts/{SEED.name}.txt"):
        assert stat.S_IMODE((tmp_path / "out" / name).stat().st_mode) == 0o644, name


def test_a_run_says_what_is_new(tmp_path, capsys):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    seed_corpus(corpus)
    args = ["run", "--corpus", str(corpus), "--out", str(out), "--codebook", CODEBOOK]
    assert cli.main(args) == 0
    first = capsys.readouterr().err
    assert f"report: {out / 'report.html'}" in first and "new since" not in first
    (corpus / "b.txt").write_text("新文章\n全校共有605名学生参加了活动。\n", encoding="utf-8")
    assert cli.main(args) == 0
    assert "new since the last run: 1 articles, 1 figures" in capsys.readouterr().err
    seen = {r["article_id"]: r["first_seen"] for r in storage.read_csv(out / "articles.csv")}
    assert seen == {SEED.name: "1", "b.txt": "2"}
