"""The stage engine: import-closure fingerprints, per-article reruns, WORKERS=2 and Dask give
the tables of one process."""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SEED

from pipeline import cli
from pipeline.engine import fingerprint, runner
from pipeline.engine.tasks import STAGES

TABLE_FILES = ("articles.csv", "figures.csv", "initiatives.csv", "sections.csv", "cells.csv", "errors.csv",
               "review.csv", "sansan.xlsx", "cells.jsonl", "figures.jsonl", "initiatives.jsonl", "sentences.jsonl")


def split_seed(folder: Path, parts: int = 6) -> Path:
    """The bundled seed article's body (between its 发布时间 line and 原文链接) cut into `parts`
    pages, each under the article's title."""
    lines = [ln for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]
    info = next(i for i, ln in enumerate(lines) if ln.startswith("发布时间"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("原文链接"))
    title, body = lines[info - 1], lines[info + 1 : end]
    size = -(-len(body) // parts)
    folder.mkdir(parents=True)
    for i in range(parts):
        chunk = body[i * size : (i + 1) * size]
        (folder / f"part{i}.txt").write_text(f"{title}（{i + 1}）\n\n" + "\n".join(chunk) + "\n", encoding="utf-8")
    return folder


def run(corpus: Path, out: Path, *extra: str, codebook: Path | None = None) -> int:
    args = ["run", "--corpus", str(corpus), "--out", str(out), *extra]
    return cli.main(args + (["--codebook", str(codebook)] if codebook else []))


def run_line(caplog) -> str:
    return next(r.getMessage() for r in reversed(caplog.records) if r.getMessage().startswith("run: "))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return split_seed(tmp_path_factory.mktemp("engine") / "corpus")


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    assert run(corpus, out) == 0
    return out


def assert_same_tables(a: Path, b: Path) -> None:
    for name in TABLE_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


# --- fingerprints ----------------------------------------------------------------------------

def all_modules() -> list[str]:
    pkg = fingerprint.PACKAGE_DIR
    out = []
    for path in sorted(pkg.rglob("*.py")):
        parts = path.relative_to(pkg.parent).with_suffix("").parts
        out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


def downstream(stages: set[str]) -> set[str]:
    out = set(stages)
    for stage in STAGES[1:]:  # in order, so a chain is followed to its end
        if any(u in out for u in runner.UPSTREAM[stage]):
            out.add(stage)
    return out


def test_closure_follows_lazy_imports():
    closure = fingerprint.closure("pipeline.extract.figures")
    assert "pipeline.extract.counted" in closure and "pipeline.text.numbers" in closure
    assert "pipeline.fetch.crawl" not in closure and "pipeline.report.tables" not in closure
    assert "pipeline.text.quotes" in fingerprint.closure("pipeline.text.segment")
    assert fingerprint.declared_reads("pipeline.text.segment") == ("config/userdict.txt",)


@pytest.mark.parametrize("module", all_modules())
def test_changing_a_module_changes_exactly_the_stages_whose_closure_holds_it(module, monkeypatch):
    codebook = ROOT / "config" / "codebook.toml"
    before = runner.stage_fingerprints(codebook)
    target = fingerprint.module_path(module)
    real = fingerprint.source
    monkeypatch.setattr(fingerprint, "source", lambda p: real(p) + (b"\n# edited\n" if p == target else b""))
    after = runner.stage_fingerprints(codebook)
    changed = {s for s in STAGES if before[s] != after[s]}
    glue = module in {f"pipeline.engine.{name[:-3]}" for name in runner.GLUE}
    holds = {s for s, mods in runner.STAGE_MODULES.items() if any(module in fingerprint.closure(m) for m in mods)}
    assert changed == (set(STAGES) if glue else holds)
    # What reruns: those stages and every stage that reads their output.
    keys = lambda fps: runner.article_keys("page", fps)  # noqa: E731
    rerun = {s for s in STAGES if keys(before)[s] != keys(after)[s]}
    assert rerun == downstream(changed)


# --- per-article reruns ----------------------------------------------------------------------

def test_adding_one_article_runs_the_stages_for_it_alone(corpus, serial, tmp_path, caplog):
    grown, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(corpus, grown)
    shutil.copytree(serial, out)
    (grown / "part9.txt").write_text((corpus / "part0.txt").read_text(encoding="utf-8").replace("（1）", "（新）"),
                                     encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="pipeline"):
        assert run(grown, out) == 0
    line = run_line(caplog)
    assert "7 articles" in line
    assert all(f"{s} 1 run/6 cached" in line for s in STAGES), line
    ids = {r.split(",")[0] for r in (out / "articles.csv").read_text(encoding="utf-8-sig").splitlines()[1:]}
    assert "part9.txt" in ids


def test_a_byte_identical_copy_under_a_new_name_is_its_own_article(corpus, serial, tmp_path):
    grown, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(corpus, grown)
    shutil.copytree(serial, out)
    shutil.copy(corpus / "part0.txt", grown / "copy.txt")
    assert run(grown, out) == 0
    rows = (out / "articles.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    ids = [r.split(",")[0] for r in rows]
    assert sorted(ids) == sorted({*ids}) and "copy.txt" in ids  # one row each, the copy under its own id


def test_a_rerun_with_nothing_new_is_up_to_date(corpus, serial, tmp_path, caplog):
    out = tmp_path / "out"
    shutil.copytree(serial, out)
    with caplog.at_level(logging.INFO, logger="pipeline"):
        assert run(corpus, out) == 0
    assert any("everything up to date" in r.getMessage() for r in caplog.records)


def test_a_codebook_edit_reruns_only_the_item_features(corpus, serial, tmp_path, caplog):
    out, codebook = tmp_path / "out", tmp_path / "codebook.toml"
    shutil.copytree(serial, out)
    codebook.write_text((ROOT / "config" / "codebook.toml").read_text(encoding="utf-8") + "\n# edited\n",
                        encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="pipeline"):
        assert run(corpus, out, codebook=codebook) == 0
    line = run_line(caplog)
    assert "parse 0 run/6 cached" in line and "segment 0 run/6 cached" in line and "features 6 run/0 cached" in line
    assert_same_tables(serial, out)  # a comment changes no cell


def test_one_tokenizer_per_article_leaves_no_trace():
    """Names one article quotes are undone before the next: the order of articles cannot
    change how any of them is cut (what makes WORKERS=N equal to WORKERS=1)."""
    from pipeline.text.segment import article_words, make_tokenizer

    tok = make_tokenizer()
    text = "实施双创双高工程和互促联盟"
    plain = tok.lcut(text)
    freq, total = dict(tok.FREQ), tok.total
    with article_words(tok, ["双创双高", "互促联盟"]):
        assert "双创双高" in tok.lcut(text) and "互促联盟" in tok.lcut(text)
    assert tok.lcut(text) == plain and tok.FREQ == freq and tok.total == total


# --- engines ---------------------------------------------------------------------------------

def test_two_workers_give_the_tables_of_one(corpus, serial, tmp_path):
    out = tmp_path / "out"
    assert run(corpus, out, "--workers", "2") == 0
    assert_same_tables(serial, out)


def test_dask_local_cluster_gives_the_tables_of_the_local_engine(corpus, serial, tmp_path):
    pytest.importorskip("dask.distributed", reason="ENGINE=dask needs the extra sansan[dask]")
    out = tmp_path / "out"
    assert run(corpus, out, "--engine", "dask", "--workers", "2") == 0
    assert_same_tables(serial, out)
