"""Link extraction per site profile (pipeline.profiles), on made-up pages in each CMS family's structure."""
from __future__ import annotations

import pytest

from pipeline.fetch import profiles
from pipeline.fetch.profiles import Links, extract, is_attachment

HANWEB_COLUMN = """<html><head><meta charset="utf-8"><title>教育动态</title></head><body>
<a href="/">首页</a> <a href="/col/col4/index.html">教育动态</a>
<div id="4729"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/jpage/dataproxy.jsp?page=1&appid=1&webid=3099&path=/&columnid=4&unitid=4729&webname=%E7%A4%BA%E4%BE%8B&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[
<li><a href="/art/2023/10/12/art_4_101.html" title="甲" target="_blank">甲</a><span>2023-10-12</span></li>]]></record>
<record><![CDATA[
<li><a href='http://www.example.gov.cn/art/2023/10/11/art_4_102.html' title='乙'>乙</a></li>]]></record>
<record><![CDATA[
<li><a href="/module/download/downfile.jsp?classid=0&filename=abc.pdf">附件</a></li>]]></record>
</recordset></datastore></script></div>
<script>$('#4729').jpage({dataStore:dataStore,perPage:15,totalRecord:40,groupSize:3});</script>
</body></html>"""

HANWEB_PROXY = """<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{total}</totalrecord>
<recordset><record><![CDATA[<li><a href="/art/2023/9/1/art_4_90.html">丙</a></li>]]></record>
<record><![CDATA[<li><a href="/art/2023/9/2/art_4_91.html">丁</a></li>]]></record></recordset></datastore>"""

HANWEB_STATIC = """<html><body><ul><li><a href="/art/2022/1/5/art_7_55.html">戊</a></li>
<li><a href="/col/col7/index.html">栏目</a></li></ul>
<div class="page"><a href="/col/col7/index.html?uid=8000&pageNum=2">下一页</a></div></body></html>"""

TRS_FIRST = """<html><body><ul>
<li><a href="./202310/t20231012_123.html">一</a></li><li><a href="./t20231011_122.html">二</a></li>
<li><a href="./index_1.html">2</a></li><li><a href="../">上级</a></li><li><a href="./P020231012.pdf">附件</a></li>
</ul><script>createPageHTML(3, 0, "index", "html");</script></body></html>"""

TRS_LAST = """<html><body><a href="./t20231001_100.html">三</a>
<script>var countPage = 3; createPageHTML(3, 2, "index", "html");</script></body></html>"""

TRS_NEWER = """<html><body><a href="./t20231001_100.shtml">四</a>
<script>createPageHTML('page_div', 5, 1, 'index', 'shtml', 68);</script></body></html>"""

BODA_FIRST = """<html><body><ul class="news_list">
<li><a href="/2023/1012/c1234a567890/page.htm">五</a></li><li><a href="/1234/list.htm">栏目</a></li>
<li><a href="/_upload/article/files/aa/bb/x.docx">附件</a></li></ul>
<ul class="wp_paging"><li class="page_nav"><a class="prev" href="javascript:void(0);">上一页</a>
<a class="next" href="/1234/list2.htm"><span>下一页&gt;&gt;</span></a></li></ul></body></html>"""

BODA_NO_ANCHOR = """<html><body><a href="/2023/1011/c1234a567889/page.htm">六</a>
<a href="info/1052/12345.htm">七</a><em class="curr_page">2</em>/<em class="all_pages">3</em></body></html>"""

GENERIC = """<html><body>
<a href="/news/2023-10-12/77.html">日期</a><a href="/xw/202310/t20231012_5.shtml">TRS 风格</a>
<a href="/zhengce/content_6001.htm">content</a><a href="/about.html">关于</a><a href="/index.html">首页</a>
<a href="/news/2023/10/12/notes.pdf">PDF</a><a href="mailto:a@b.c">信</a><a href="javascript:go()">js</a>
<a href="/list_2.html">下一页</a></body></html>"""

SELECTED = """<html><body><div class="left"><a href="/a/1.html">左</a></div>
<ul class="news"><li><a href="/x/one.html">一</a></li><li><a href="/x/two.html">二</a></li></ul>
<div class="pager"><a href="/list.html">首页</a><a class="nx" href="/list_2.html">后一页</a></div></body></html>"""

BASE = "http://edu.example.gov.cn"


@pytest.mark.parametrize("profile,body,url,expected", [
    pytest.param("hanweb", HANWEB_COLUMN, f"{BASE}/col/col4/index.html", Links(
        (f"{BASE}/art/2023/10/12/art_4_101.html", "http://www.example.gov.cn/art/2023/10/11/art_4_102.html"),
        (f"{BASE}/module/download/downfile.jsp?classid=0&filename=abc.pdf",),
        f"{BASE}/module/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=15&appid=1&webid=3099"
        "&path=%2F&columnid=4&unitid=4729&webname=%E7%A4%BA%E4%BE%8B&permissiontype=0"), id="hanweb-column"),
    pytest.param("hanweb", HANWEB_PROXY.format(total=40),
                 f"{BASE}/module/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=15&columnid=4",
                 Links((f"{BASE}/art/2023/9/1/art_4_90.html", f"{BASE}/art/2023/9/2/art_4_91.html"), (),
                       f"{BASE}/module/jpage/dataproxy.jsp?startrecord=7&endrecord=9&perpage=15&columnid=4"),
                 id="hanweb-dataproxy-more"),
    pytest.param("hanweb", HANWEB_PROXY.format(total=5),
                 f"{BASE}/module/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=15&columnid=4",
                 Links((f"{BASE}/art/2023/9/1/art_4_90.html", f"{BASE}/art/2023/9/2/art_4_91.html"), (), None),
                 id="hanweb-dataproxy-last"),
    pytest.param("hanweb", HANWEB_STATIC, f"{BASE}/col/col7/index.html", Links(
        (f"{BASE}/art/2022/1/5/art_7_55.html",), (), f"{BASE}/col/col7/index.html?uid=8000&pageNum=2"),
        id="hanweb-static-pagenum"),
    pytest.param("trs", TRS_FIRST, f"{BASE}/jyt/tzgg/index.html", Links(
        (f"{BASE}/jyt/tzgg/202310/t20231012_123.html", f"{BASE}/jyt/tzgg/t20231011_122.html"),
        (f"{BASE}/jyt/tzgg/P020231012.pdf",), f"{BASE}/jyt/tzgg/index_1.html"), id="trs-first"),
    pytest.param("trs", TRS_LAST, f"{BASE}/jyt/tzgg/index_2.html",
                 Links((f"{BASE}/jyt/tzgg/t20231001_100.html",), (), None), id="trs-last"),
    pytest.param("trs", TRS_NEWER, f"{BASE}/xxgk/index_1.shtml",
                 Links((f"{BASE}/xxgk/t20231001_100.shtml",), (), f"{BASE}/xxgk/index_2.shtml"),
                 id="trs-element-id-variant"),
    pytest.param("boda", BODA_FIRST, f"{BASE}/1234/list.htm", Links(
        (f"{BASE}/2023/1012/c1234a567890/page.htm",), (f"{BASE}/_upload/article/files/aa/bb/x.docx",),
        f"{BASE}/1234/list2.htm"), id="boda-next-anchor"),
    pytest.param("boda", BODA_NO_ANCHOR, f"{BASE}/1234/list2.htm", Links(
        (f"{BASE}/2023/1011/c1234a567889/page.htm", f"{BASE}/1234/info/1052/12345.htm"), (),
        f"{BASE}/1234/list3.htm"), id="boda-all-pages"),
    pytest.param("generic", GENERIC, f"{BASE}/news/list.html", Links(
        (f"{BASE}/news/2023-10-12/77.html", f"{BASE}/xw/202310/t20231012_5.shtml",
         f"{BASE}/zhengce/content_6001.htm"), (f"{BASE}/news/2023/10/12/notes.pdf",),
        f"{BASE}/list_2.html"), id="generic-heuristics"),
])
def test_profile_links(profile: str, body: str, url: str, expected: Links) -> None:
    assert extract(profile, body.encode("utf-8"), url) == expected


def test_css_selectors_replace_the_profile_rules() -> None:
    links = extract("generic", SELECTED, f"{BASE}/list.html", article_selector="ul.news a",
                    next_selector="div.pager a.nx")
    assert links.articles == (f"{BASE}/x/one.html", f"{BASE}/x/two.html")
    assert links.next_url == f"{BASE}/list_2.html"


@pytest.mark.parametrize("url,expected", [
    ("http://a.cn/files/x.pdf", True), ("http://a.cn/files/X.DOCX", True), ("http://a.cn/f/y.ofd", True),
    ("http://a.cn/module/download/downfile.jsp?classid=0&filename=z.xls", True),
    ("http://a.cn/f/%E9%99%84%E4%BB%B6.wps", True), ("http://a.cn/art/1.html", False),
    ("http://a.cn/pdf/index.html", False),
])
def test_is_attachment(url: str, expected: bool) -> None:
    assert is_attachment(url) is expected


@pytest.mark.parametrize("href,expected", [
    ("./t1.html#top", "http://a.cn/d/t1.html"), ("javascript:void(0)", None), ("mailto:x@y.z", None),
    ("#", None), ("  /x.html ", "http://a.cn/x.html"), ("ftp://a.cn/f", None), ("", None),
])
def test_absolute(href: str, expected: str | None) -> None:
    assert profiles.absolute(href, "http://a.cn/d/index.html") == expected


def test_gbk_list_page_is_read_for_links() -> None:
    body = '<meta charset="gb2312"><a href="/art/2023/1/2/art_1_2.html">李镕</a>'.encode("gbk")
    assert profiles.to_text(body).endswith("李镕</a>")
    assert extract("hanweb", body, f"{BASE}/col/col1/index.html").articles == (
        f"{BASE}/art/2023/1/2/art_1_2.html",)


def test_unknown_profile() -> None:
    with pytest.raises(ValueError, match="unknown profile"):
        extract("nope", b"", BASE)
