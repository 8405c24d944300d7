"""Article pages → fields (pipeline.htmlpage), checked against the held-out pages in
shared/fixtures/html-gov/NN.expect.json and the legacy fixtures in shared/fixtures/html/."""
import json
from pathlib import Path

import pytest

from pipeline.parse.encoding import decode_page
from pipeline.parse.htmlpage import parse_html_page

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOV = SHARED / "fixtures" / "html-gov"
LEGACY = SHARED / "fixtures" / "html"
PAGES = [f"{i:02d}" for i in range(1, 10)]

_cache: dict[str, dict] = {}


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared test data not found: {path} (expected ../shared next to the project)")
    return path


def parsed(n: str) -> tuple[dict, dict]:
    if n not in _cache:
        raw = need(GOV / f"{n}.html").read_bytes()
        text, _codec = decode_page(raw)
        _cache[n] = parse_html_page(text)
    expect = json.loads(need(GOV / f"{n}.expect.json").read_text(encoding="utf-8"))
    return _cache[n], expect


@pytest.mark.parametrize("n", PAGES)
def test_title(n):
    got, exp = parsed(n)
    accepted = {exp["title"], exp.get("title_alt"), exp.get("title_main")} - {None}
    assert got["title"] in accepted


@pytest.mark.parametrize("n", PAGES)
def test_published(n):
    got, exp = parsed(n)
    want = exp["published"].replace(" ", "T")
    assert got["published"], "no date found"
    assert got["published"][:10] == want[:10]  # the date exactly
    if len(want) > 10:  # and the time as far as the page states it
        assert got["published"][: len(want)] == want


@pytest.mark.parametrize("n", PAGES)
def test_source(n):
    got, exp = parsed(n)
    assert got["source"] == exp["source"]


@pytest.mark.parametrize("n", PAGES)
def test_body_start_and_end(n):
    got, exp = parsed(n)
    body = got["body"]
    starts = [exp["body_starts_with"]] + ([exp["body_starts_with_alt"]] if exp.get("body_starts_with_alt") else [])
    assert any(body.startswith(s) for s in starts), body[:80]
    assert body.endswith(exp["body_ends_with"]), body[-80:]


@pytest.mark.parametrize("n", PAGES)
def test_body_has_no_chrome(n):
    got, exp = parsed(n)
    for s in exp["must_not_contain"]:
        assert s not in got["body"]


@pytest.mark.parametrize("n", PAGES)
def test_body_appears_once(n):
    got, _ = parsed(n)
    body = got["body"]
    assert body.count(body[:30]) == 1


@pytest.mark.parametrize("n", PAGES)
def test_body_lines_trimmed(n):
    got, _ = parsed(n)
    for line in got["body"].split("\n"):
        assert line and line == line.strip(" \t\u3000\u00a0")


def test_page_url_from_meta_or_saved_comment():
    assert parsed("03")[0]["url"] == parsed("03")[1]["url"]  # <meta name="url">
    assert parsed("06")[0]["url"] == parsed("06")[1]["url"]
    assert parsed("08")[0]["url"] == parsed("08")[1]["url"]  # saver's comment on line 1
    assert parsed("07")[0]["url"] is None  # meta Url is the site root, not the page


def test_author_label():
    assert parsed("02")[0]["author"] == "佚名"
    assert parsed("01")[0]["author"] is None


def test_caller_url_is_kept_and_dates_the_page():
    html = "<html><head><title>某某教育局召开会议_某某教育局</title></head><body><h1>某某教育局召开会议</h1>" \
           "<div class='TRS_Editor'><p>会议要求各校做好相关工作，确保各项任务按期完成。会议还部署了下一阶段的重点工作。</p></div></body></html>"
    got = parse_html_page(html, url="http://jyj.example.gov.cn/art/2023/10/12/art_1_2.html")
    assert got["url"] == "http://jyj.example.gov.cn/art/2023/10/12/art_1_2.html"
    assert got["published"] == "2023-10-12"
    assert got["title"] == "某某教育局召开会议"


def test_inline_spans_join_and_blocks_break():
    html = ("<html><body><div id='zoom'><P><SPAN>11</SPAN><SPAN>月5日下午，</SPAN>\n<SPAN>代表团一行</SPAN>"
            "到校交流。</P><p>第二段<br>第三段</p><table><tr><td>学校</td><td>人数</td></tr></table>"
            "<p style='display:none'>隐藏</p><p>（责任编辑：某某）</p></div></body></html>")
    body = parse_html_page(html)["body"]
    assert body == "11月5日下午，代表团一行到校交流。\n第二段\n第三段\n学校 人数"


def test_body_generic_extractor_without_cms_container():
    para = "这是一段足够长的正文内容，用来检验通用抽取。" * 3
    html = (f"<html><head><title>测试页面</title></head><body><div class='nav'><a href='/'>首页</a></div>"
            f"<div class='main'><p>{para}</p><p>{para}</p></div>"
            f"<div class='footer'><p>版权所有 某某教育局 联系电话 12345678</p></div></body></html>")
    got = parse_html_page(html)
    assert got["body"] == f"{para}\n{para}"
    assert "版权所有" not in got["body"]


def test_garbage_never_raises():
    for html in ["", "<<<>>>", "<html></html>", "纯文本", "<div id=zoom></div>"]:
        got = parse_html_page(html)
        assert set(got) == {"title", "published", "author", "source", "site", "url", "original_url", "body"}


def test_legacy_hanweb_fragment():
    raw = need(LEGACY / "jcms-body-fragment-gb2312-era.html").read_bytes()
    got = parse_html_page(decode_page(raw)[0])
    lines = got["body"].split("\n")
    assert len(lines) >= 5
    assert all("ContentStart" not in ln and "<" not in ln for ln in lines)
    assert got["published"] is None and got["title"] is None


def test_school_cms_article_matches_dev_text():
    raw = need(LEGACY / "school-cms-article.html").read_bytes()
    dev = need(SHARED / "corpus-dev" / "036.txt").read_text(encoding="utf-8").split("\n")
    got = parse_html_page(decode_page(raw)[0])
    assert got["title"] == dev[0].strip()
    assert got["body"].split("\n")[0] == dev[1].strip()
    assert got["published"] == "2022-05-23"
    assert got["source"] is None and got["author"] is None  # empty 文章来源/作者 labels


PARA = "<p>会议要求各校做好相关工作，确保各项任务按期完成。会议还部署了下一阶段的重点工作和安排。</p>"


@pytest.mark.parametrize(
    "html, fields",
    [
        # the <title> puts the site first; the logo h1 (site name) is not the title
        (f"<html><head><title>某某市教育局-工作动态-全市教育工作会议召开</title></head><body>"
         f"<div class=header><h1 class=logo>某某市教育局</h1></div><div class=main><h1>全市教育工作会议召开</h1>"
         f"<div class=info>发布时间：2023-03-01 来源：办公室 作者：张三</div><div class=TRS_Editor>{PARA}</div></div>"
         f"<div class=footer>版权所有</div></body></html>",
         {"title": "全市教育工作会议召开", "published": "2023-03-01", "source": "办公室", "author": "张三"}),
        # no <title>: the heading before the body; an unlabelled date in the info line
        (f"<html><body><div class=main><h2>全市教育工作会议召开</h2><span>2023年3月1日</span>"
         f"<div id=zoom>{PARA}</div></div></body></html>",
         {"title": "全市教育工作会议召开", "published": "2023-03-01"}),
        # date and source printed after the body; site from the <title> suffix
        (f"<html><head><title>通知公告 | 某某区教育局</title></head><body><h1>通知公告</h1>"
         f"<div class=TRS_Editor>{PARA}</div><div>信息来源：区教育局  发布日期：2023-04-05</div></body></html>",
         {"title": "通知公告", "published": "2023-04-05", "source": "区教育局", "site": "某某区教育局"}),
        # 原文链接
        (f"<html><head><title>转载文章_某某学校</title></head><body><h1>转载文章</h1><div class=TRS_Editor>{PARA}</div>"
         f"<p>原文链接：<a href='http://news.example.cn/a/1.html'>点击查看</a></p></body></html>",
         {"original_url": "http://news.example.cn/a/1.html"}),
    ],
)
def test_synthetic_pages(html, fields):
    got = parse_html_page(html)
    for key, value in fields.items():
        assert got[key] == value, key
    assert got["body"].startswith("会议要求")
