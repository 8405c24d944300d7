"""`make update` end to end (issue 5): fetch from the local fixture site (127.0.0.1 only), then
every stage; a second day fetches and parses only what is new."""
from __future__ import annotations

import re
import sqlite3
import sys
from pathlib import Path

import pytest
from pipeline_runner import make, stages_run

from pipeline import storage
from pipeline.parse.pages import article_id_of

sys.path.insert(0, str(Path(__file__).parent))
from fixture_site import FixtureSite, hanweb_path, sources_toml  # noqa: E402

# The engine's run line: articles, then how many pages parse ran for and how many it reused.
PARSE_LINE = re.compile(r"sansan: run: (\d+) articles, \d+ errors; parse (\d+) run/(\d+) cached")
LIST_PREFIXES = ("/col/col100/index.html", "/module/jpage/dataproxy.jsp", "/jyt/tzgg/index", "/1001/list")


def stored_articles(corpus: Path) -> dict[str, str]:
    """article_id -> URL of every article page the fetcher stored (manifest rows with a file)."""
    db = sqlite3.connect(corpus / "manifest.sqlite")
    try:
        rows = db.execute("SELECT url, path FROM pages WHERE kind = 'article' AND path IS NOT NULL").fetchall()
    finally:
        db.close()
    return {article_id_of(path): url for url, path in rows}


def parse_counts(result) -> tuple[int, int, int]:
    found = PARSE_LINE.findall(result.stderr)
    assert len(found) == 1, result.stderr
    total, parsed, unchanged = (int(n) for n in found[0])
    return total, unchanged, parsed


@pytest.fixture(scope="module")
def site():
    with FixtureSite() as s:
        yield s


@pytest.fixture(scope="module")
def run(site, tmp_path_factory):
    base = tmp_path_factory.mktemp("update")
    sources = base / "sources.toml"
    sources.write_text(sources_toml(site), encoding="utf-8")
    return dict(corpus=base / "corpus", out=base / "out", sources=sources)


def rows_of(run, table: str = "articles") -> dict[str, dict]:
    path = run["out"] / f"{table}.csv"
    return {r["article_id" if table == "articles" else "file"]: r
            for r in storage.read_csv(path)} if path.exists() else {}


def update(run):
    return make("update", corpus=run["corpus"], out=run["out"], SOURCES=run["sources"])


@pytest.fixture(scope="module")
def day1(site, run):
    """The first `make update`: an empty corpus, the site as on day 1."""
    site.set_day(1)
    site.reset_counts()
    result = update(run)
    return dict(result=result, counts=dict(site.counts), paths=site.article_paths(), rows=rows_of(run),
                stored=stored_articles(run["corpus"]), errors=rows_of(run, "errors"))


@pytest.fixture(scope="module")
def day2(site, run, day1):
    """The second `make update`: the site has put two new articles on top of its Hanweb column."""
    site.set_day(2)
    site.reset_counts()
    result = update(run)
    return dict(result=result, counts=dict(site.counts))


def test_first_update_fetches_every_article_once_and_tabulates_them(site, run, day1) -> None:
    result = day1["result"]
    assert result.returncode == 0, result.stderr
    assert stages_run(result) == ["fetch", "parse", "segment", "figures", "initiatives", "classify", "tables"]
    paths = day1["paths"]
    assert {p: day1["counts"].get(p) for p in paths} == {p: 1 for p in paths}

    stored, rows = day1["stored"], day1["rows"]
    assert sorted(site.base + p for p in paths) == sorted(stored.values())
    assert set(rows) == set(stored)  # one row per stored article page: no list page, robots.txt or attachment
    assert all(rows[a]["url"] == url for a, url in stored.items())
    assert day1["errors"] == {}
    assert parse_counts(result) == (12, 0, 12)
    # the TRS page t20231008_204 is the Hanweb article 1001 reposted byte for byte
    repost = next(a for a in rows if a.endswith("/t20231008_204.html"))
    assert rows[repost]["duplicate_of"].endswith("/art_100_1001.html")
    assert [a for a in rows if rows[a]["duplicate_of"]] == [repost]


def test_second_day_fetches_and_parses_only_the_new_articles(site, run, day2) -> None:
    result = day2["result"]
    assert result.returncode == 0, result.stderr

    new = [hanweb_path(1007, "2023-10-18"), hanweb_path(1006, "2023-10-17")]
    assert all(day2["counts"].get(p) == 1 for p in new)
    others = set(day2["counts"]) - set(new) - {"/robots.txt"}
    assert others and all(t.startswith(LIST_PREFIXES) for t in others), sorted(others)  # list pages only
    assert parse_counts(result) == (14, 12, 2)

    rows = rows_of(run)
    assert set(rows) == set(stored_articles(run["corpus"])) and len(rows) == 14
    assert {rows[a]["url"] for a in rows} >= {site.base + p for p in new}


def test_a_day_with_nothing_new_runs_no_stage(site, run, day2) -> None:
    site.reset_counts()
    result = update(run)
    assert result.returncode == 0, result.stderr
    assert stages_run(result) == ["fetch"]  # the fetch always looks; no pipeline stage runs
    assert not [t for t in site.counts if "/art/" in t or t.startswith(("/jyt/tzgg/t", "/2023/"))]
