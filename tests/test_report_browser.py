"""report.html in a real browser (issue 11): headless Chromium from Debian's packages, driven by
Playwright, opens the page from disk with the network off, draws Chinese in a CJK font, lists
a cell's figures when it is clicked, pages through them, and never runs scraped script."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, seed_corpus

from pipeline import cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the dev extra has it)")
if not Path(CHROMIUM).exists():
    pytest.skip("no Chromium: .ci/run installs Debian's chromium and fonts-noto-cjk", allow_module_level=True)

# Flags for a root container with no network (as the machine's notes advise).
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("browser")
    corpus, out = base / "corpus", base / "out"
    seed_corpus(corpus)
    (corpus / "evil.txt").write_text("<img src=x onerror=alert(1)>标题\n“<script>alert(2)</script>”工程共有3个项目。\n",
                                     encoding="utf-8")
    (corpus / "evil.meta.json").write_text(json.dumps({"url": "javascript:alert(3)"}), encoding="utf-8")
    assert cli.main(["run", "-q", "--corpus", str(corpus), "--out", str(out),
                     "--codebook", str(ROOT / "config" / "codebook.toml")]) == 0
    return out / "report.html"


def test_the_report_in_chromium(report, tmp_path):
    dialogs, requests = [], []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.as_uri())
        assert page.locator(".cell").count() == 10
        assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '三个三')")
        page.click('[data-cell="P1"]')
        items = page.locator("#list li")
        assert items.count() > 5
        first = items.first
        assert first.locator("mark").count() == 1 and first.locator(".meta").inner_text().startswith("2021-11-20")
        assert page.locator("#detail h2").inner_text().startswith("P1 ")
        # the hostile page's figure is listed as text in its cell: shown, never run
        cell = page.evaluate("Object.keys(D.entries).find(c => D.entries[c].some(e => e.article === 'evil.txt'))")
        page.focus(f'[data-cell="{cell}"]')
        page.keyboard.press("Enter")  # cells answer the keyboard too
        assert "<script>alert(2)</script>" in page.locator("#list").inner_text()
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        browser.close()
    assert dialogs == []  # no scraped script ran
    assert all(u.startswith("file://") for u in requests)  # offline: nothing but the file itself
    assert not any(h.lower().startswith("javascript:") for h in links)
