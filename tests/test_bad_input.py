"""Bad pages never stop a run: a message naming the file, a row in errors.csv, the rest goes on."""
import shutil

from conftest import SEED
from pipeline_runner import make

from pipeline import storage


def test_bad_pages_are_reported_and_skipped(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "good.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (corpus / "gbk.txt").write_bytes("标题\n这是用GBK保存的正文。".encode("gbk"))
    (corpus / "broken.txt").write_text("标题\n正文。", encoding="utf-8")
    (corpus / "broken.meta.json").write_text("{not json", encoding="utf-8")
    result = make("all", corpus=corpus, out=out)
    assert result.returncode == 0, result.stderr
    errors = {r["file"]: r for r in storage.read_csv(out / "errors.csv")}
    assert set(errors) == {"empty.txt", "binary.html", "gbk.txt", "broken.txt"}
    assert all(r["stage"] == "parse" for r in errors.values())
    assert "empty" in errors["empty.txt"]["error"]
    assert "binary" in errors["binary.html"]["error"]
    assert "UTF-8" in errors["gbk.txt"]["error"]
    assert "JSON" in errors["broken.txt"]["error"]
    for name in errors:
        assert name in result.stderr  # the message names the file
    assert [r["file"] for r in storage.read_csv(out / "articles.csv")] == ["good.txt"]
    assert "4 page(s) could not be parsed" in result.stderr


def test_nothing_processable_exits_nonzero(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"   \n")
    result = make("all", corpus=corpus, out=out)
    assert result.returncode != 0
    assert "no article could be processed" in result.stderr
