"""The fetch stage against the local fixture site (127.0.0.1 only): counts, storage, failures, refresh, kill and resume."""
from __future__ import annotations

import json
import logging
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.fetch import crawl as fetch
from pipeline.fetch.http import HostGate, Policy, make_session
from pipeline.fetch.http import fetch as http_fetch

sys.path.insert(0, str(Path(__file__).parent))
from fixture_site import (  # noqa: E402
    BODA_PAGES,
    BODA_PDF,
    PDF_LINK,
    TRS_DISALLOWED,
    TRS_PAGES,
    FixtureSite,
    Page,
    hanweb_path,
    sources_toml,
)

REPO = Path(__file__).resolve().parents[1]
DATAPROXY = "/module/jpage/dataproxy.jsp"
LISTS = ["/col/col100/index.html", "/jyt/tzgg/index.html", "/jyt/tzgg/index_1.html", "/1001/list.htm",
         "/1001/list2.htm"]


@pytest.fixture
def site():
    with FixtureSite() as s:
        yield s


def write_sources(tmp_path: Path, site: FixtureSite, names=("hanweb", "trs", "boda"), **kw) -> Path:
    path = tmp_path / f"sources-{'-'.join(names)}.toml"
    path.write_text(sources_toml(site, names, **kw), encoding="utf-8")
    return path


def rows(corpus: Path) -> dict[str, dict]:
    db = sqlite3.connect(corpus / "manifest.sqlite")
    db.row_factory = sqlite3.Row
    try:
        return {r["url"]: dict(r) for r in db.execute("SELECT * FROM pages")}
    finally:
        db.close()


def counts_without_dataproxy(site: FixtureSite) -> dict[str, int]:
    return {t: n for t, n in site.counts.items() if not t.startswith(DATAPROXY)}


def test_first_run_fetches_each_allowed_page_once(tmp_path: Path, site: FixtureSite) -> None:
    corpus = tmp_path / "corpus"
    summary = fetch.run(write_sources(tmp_path, site), corpus)

    expected = {p: 1 for p in site.article_paths() + LISTS + ["/robots.txt", PDF_LINK, BODA_PDF]}
    assert counts_without_dataproxy(site) == expected
    assert site.count_prefix(DATAPROXY) == 1
    assert site.count(TRS_DISALLOWED) == 0
    assert {(m, t) for m, t, _ in site.requests if t in (PDF_LINK, BODA_PDF)} == {("HEAD", PDF_LINK),
                                                                                 ("HEAD", BODA_PDF)}
    assert all(h["user-agent"] == "sansan-test/0.1" for _, _, h in site.requests)
    assert summary == fetch.FetchSummary(lists=6, articles_new=12, articles_skipped=0, not_modified=0,
                                         attachments=2, errors=1)

    manifest = rows(corpus)
    for path in site.article_paths():
        row = manifest[site.base + path]
        assert (row["kind"], row["status"], row["error"]) == ("article", 200, None)
        stored = corpus / row["path"]
        assert stored.read_bytes() == site.body(path)
        assert stored.suffix == ".html" and "/_" not in row["path"]
        meta = json.loads(stored.with_name(stored.stem + ".meta.json").read_text(encoding="utf-8"))
        assert meta["url"] == meta["final_url"] == site.base + path
        assert meta["status"] == 200 and "Content-Type" in meta["headers"] and meta["fetched_at"]
    gbk = corpus / manifest[site.base + hanweb_path(1002, "2023-10-13")]["path"]
    assert "李镕".encode("gbk") in gbk.read_bytes() and b'charset="gb2312"' in gbk.read_bytes()
    assert gbk.name == "art_100_1002.html"
    assert (corpus / manifest[site.base + BODA_PAGES[0][0]]["path"]).name == "c1001a3001_page.html"
    repost, original = manifest[f"{site.base}/jyt/tzgg/t20231008_204.html"], manifest[
        site.base + hanweb_path(1001, "2023-10-12")]
    assert repost["sha256"] == original["sha256"] and repost["path"] != original["path"]
    for url in (site.base + PDF_LINK, site.base + BODA_PDF):
        assert manifest[url]["kind"] == "attachment" and manifest[url]["path"] is None
        assert manifest[url]["content_type"] == "application/pdf"
    lists = [r for r in manifest.values() if r["kind"] == "list"]
    assert len(lists) == 6 and all("/_lists/" in r["path"] for r in lists)
    assert manifest[site.base + TRS_DISALLOWED]["error"] == "disallowed by robots.txt"
    assert manifest[site.base + "/robots.txt"]["kind"] == "robots"
    pages = sorted(p.name for p in corpus.rglob("*.html") if "_lists" not in p.parts)
    assert len(pages) == 12  # articles only: no attachment, list or error page among them


def test_second_day_fetches_only_lists_and_new_articles(tmp_path: Path, site: FixtureSite) -> None:
    sources, corpus = write_sources(tmp_path, site), tmp_path / "corpus"
    fetch.run(sources, corpus)
    site.set_day(2)
    site.reset_counts()
    summary = fetch.run(sources, corpus)

    # Hanweb: the column page brings two new articles, so its dataproxy page 2 is read too and
    # brings none: stop. TRS and 博达: their first list page brings nothing new: stop.
    new = [hanweb_path(1007, "2023-10-18"), hanweb_path(1006, "2023-10-17")]
    expected = {p: 1 for p in new + ["/robots.txt", "/col/col100/index.html", "/jyt/tzgg/index.html",
                                     "/1001/list.htm"]}
    assert counts_without_dataproxy(site) == expected
    assert site.count_prefix(DATAPROXY) == 1
    assert summary.articles_new == 2 and summary.lists == 4 and summary.errors == 0
    manifest = rows(corpus)
    for path in new:
        assert (corpus / manifest[site.base + path]["path"]).read_bytes() == site.body(path)

    site.reset_counts()  # nothing new at all: only robots.txt and each source's first list page
    assert fetch.run(sources, corpus).articles_new == 0
    assert dict(site.counts) == {"/robots.txt": 1, "/col/col100/index.html": 1, "/jyt/tzgg/index.html": 1,
                                 "/1001/list.htm": 1}


def test_failures_give_one_row_each_and_the_run_goes_on(tmp_path: Path, site: FixtureSite,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    corpus = tmp_path / "corpus"
    sources = write_sources(tmp_path, site, ("misc",))
    with caplog.at_level(logging.WARNING, logger="pipeline.fetch"):
        summary = fetch.run(sources, corpus)
    base, manifest = site.base, rows(corpus)
    expected = {
        f"{base}/misc/a/missing.html": (404, "HTTP 404"),
        f"{base}/misc/a/slow.html": (None, "timeout after 3 tries"),
        f"{base}/misc/a/loop1.html": (302, "redirect loop"),
        f"{base}/misc/a/away.html": (None, "redirect to http://example.invalid/landing.html: "
                                           "disallowed host example.invalid"),
        f"{base}/misc/secret/hidden.html": (None, "disallowed by robots.txt"),
        f"{base}/misc/a/huge.html": (200, "too large (>20000 bytes)"),
        "http://example.invalid/art/2023/offsite.html": (None, "disallowed host example.invalid"),
        f"http://127.0.0.1:{site.dead_port}/misc/a/refused.html": (
            None, "robots.txt unreachable (connection refused after 3 tries)"),
    }
    for url, (status, error) in expected.items():
        assert (manifest[url]["status"], manifest[url]["error"]) == (status, error), url
        assert manifest[url]["path"] is None
        assert any(url in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING), url
    assert summary.errors == len(expected)
    assert site.count("/misc/a/flaky.html") == 2 and manifest[f"{base}/misc/a/flaky.html"]["status"] == 200
    assert site.count("/misc/a/slow.html") == 3 and site.count("/misc/secret/hidden.html") == 0
    assert site.count("/misc/a/loop1.html") == 1 and site.count("/misc/a/loop2.html") == 1
    ok = manifest[f"{base}/misc/a/ok.html"]  # listed after every failure
    assert ok["error"] is None and (corpus / ok["path"]).read_bytes() == site.body("/misc/a/ok.html")
    assert manifest[f"{base}/misc/files/guide.pdf"]["kind"] == "attachment"
    assert not list(corpus.rglob("*huge*")) and not list(corpus.rglob("*missing*"))

    site.reset_counts()  # next run: only transient failures (timeout, unreachable host) are retried
    again = fetch.run(sources, corpus)
    assert again.errors == 2 and site.count("/misc/a/slow.html") == 3
    assert {t for t in site.counts if t.startswith("/misc/a/")} == {"/misc/a/slow.html"}


def test_main_exit_codes(tmp_path: Path, site: FixtureSite, capsys: pytest.CaptureFixture[str]) -> None:
    dead = write_sources(tmp_path, site, ("dead",))
    assert fetch.main(["--sources", str(dead), "--corpus", str(tmp_path / "c1")]) == 1
    assert capsys.readouterr().out.startswith("fetch: 0 list pages")
    misc = write_sources(tmp_path, site, ("misc",))
    assert fetch.main(["--sources", str(misc), "--corpus", str(tmp_path / "c2"), "--source", "misc"]) == 0
    assert fetch.main(["--sources", str(misc), "--corpus", str(tmp_path / "c2"), "--source", "nope"]) == 2


def test_size_cap_with_content_length_and_redirect_limit(site: FixtureSite) -> None:
    site.overrides["/big.html"] = Page(b"y" * 50_000)
    for hop in range(8):
        site.overrides[f"/hop{hop}.html"] = Page(b"", status=302, headers={"Location": f"/hop{hop + 1}.html"})
    session, gate, policy = make_session(), HostGate(), Policy(timeout=1, tries=1, max_bytes=1000)
    big = http_fetch(session, gate, site.base + "/big.html", policy=policy, permit=lambda u: None)
    assert big.error == "too large (>1000 bytes)" and big.body == b""
    hops = http_fetch(session, gate, site.base + "/hop0.html", policy=policy, permit=lambda u: None)
    assert hops.error == "too many redirects (>5)"


def test_host_gate_spaces_requests() -> None:
    gate = HostGate()
    gate.set_delay("h.example:1", 0.2)
    start = time.monotonic()
    for _ in range(3):
        with gate.slot("http://h.example:1/x"):
            pass
    assert time.monotonic() - start >= 0.4


def test_refresh_sends_validators_and_304_keeps_files(tmp_path: Path, site: FixtureSite) -> None:
    sources, corpus = write_sources(tmp_path, site), tmp_path / "corpus"
    fetch.run(sources, corpus)
    manifest = rows(corpus)
    before = {p: (corpus / manifest[site.base + p]["path"]).stat().st_mtime_ns for p in site.article_paths()}
    site.reset_counts()
    summary = fetch.run(sources, corpus, refresh=True)

    # refresh rechecks every article link; the robots.txt-disallowed one fails again, unrequested
    assert summary.not_modified == 12 and summary.articles_new == 0 and summary.errors == 1
    assert site.count(TRS_DISALLOWED) == 0
    sent = {t: h for m, t, h in site.requests if t in site.article_paths()}
    assert set(sent) == set(site.article_paths())
    lm_only = "/jyt/tzgg/t20231011_202.html"  # served with Last-Modified and no ETag
    assert "if-none-match" not in sent[lm_only] and sent[lm_only]["if-modified-since"]
    assert all(h["if-none-match"].startswith('"') for t, h in sent.items() if t != lm_only)
    after = rows(corpus)
    for path, mtime in before.items():
        stored = corpus / after[site.base + path]["path"]
        assert stored.stat().st_mtime_ns == mtime and stored.read_bytes() == site.body(path)

    changed = TRS_PAGES[0][0]
    site.overrides[f"/jyt/tzgg/{changed}.html"] = Page(b"<html><body>revised</body></html>")
    summary = fetch.run(sources, corpus, refresh=True)
    assert summary.articles_new == 1 and summary.not_modified == 11
    row = rows(corpus)[f"{site.base}/jyt/tzgg/{changed}.html"]
    assert (corpus / row["path"]).read_bytes() == b"<html><body>revised</body></html>"


def snapshot(corpus: Path) -> tuple[dict[str, object], set[tuple]]:
    """Files (bytes; sidecars minus fetched_at and Date) and status-200 manifest rows minus timestamps."""
    files: dict[str, object] = {}
    for path in sorted(corpus.rglob("*")):
        rel = path.relative_to(corpus).as_posix()
        if not path.is_file() or rel.startswith(("manifest.sqlite", ".fetch.lock")):
            continue
        if rel.endswith(".meta.json"):
            meta = json.loads(path.read_text(encoding="utf-8"))
            meta.pop("fetched_at")
            meta["headers"].pop("Date", None)
            files[rel] = meta
        else:
            files[rel] = path.read_bytes()
    good = {tuple(v for k, v in sorted(r.items()) if k != "fetched_at")
            for r in rows(corpus).values() if r["status"] == 200}
    return files, good


def test_kill_and_resume_ends_like_an_uninterrupted_run(tmp_path: Path, site: FixtureSite) -> None:
    sources = write_sources(tmp_path, site, delay=0.05)  # ~1.5 s a run: room to kill it
    reference, resumed = tmp_path / "reference", tmp_path / "resumed"
    fetch.run(sources, reference)

    rng = random.Random(20231012)
    command = [sys.executable, "-m", "pipeline.fetch", "--sources", str(sources), "--corpus", str(resumed)]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    killed = 0
    for _ in range(5):
        before = site.total()
        proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while site.total() == before and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.05, 0.5))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait(timeout=20)
    assert killed >= 3, "the runs finished before they could be killed; raise the delay"
    final = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert final.returncode == 0, final.stderr
    assert not list(resumed.rglob("*.tmp"))
    assert snapshot(resumed) == snapshot(reference)
