"""Test helper (not a test): a threaded http.server on 127.0.0.1 serving made-up Hanweb, TRS, 博达 and failure pages from memory; counts requests per path; reads and writes no files."""
from __future__ import annotations

import hashlib
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# Client limits the tests put in their sources files; the failure pages are built to exceed them.
TEST_TIMEOUT = 0.3  # seconds (short, so the timeout case stays fast)
TEST_MAX_BYTES = 20_000  # a small cap so the oversize page stays small too
SLOW_SECONDS = 1.0  # the slow handler sleeps longer than TEST_TIMEOUT
HUGE_BYTES = 30_000  # above TEST_MAX_BYTES
LAST_MODIFIED = "Thu, 12 Oct 2023 08:00:00 GMT"  # fixed date every page claims

ROBOTS = b"""User-agent: *
Disallow: /jyt/internal/
Disallow: /misc/secret/

User-agent: OtherBot
Disallow: /
"""

# Hanweb column 100: (article id, date), newest first. Day 2 puts 1007 and 1006 on top.
HANWEB_DAY1 = [(1005, "2023-10-16"), (1004, "2023-10-15"), (1003, "2023-10-14"),
               (1002, "2023-10-13"), (1001, "2023-10-12")]
HANWEB_DAY2_NEW = [(1007, "2023-10-18"), (1006, "2023-10-17")]
HANWEB_PERPAGE = 3  # records per jpage page; the column page embeds one page (groupSize 1)
PDF_LINK = "/module/download/downfile.jsp?classid=0&filename=2310151200.pdf"
TRS_PAGES = [["t20231012_201", "t20231011_202"], ["t20231009_203", "t20231008_204"]]
TRS_DISALLOWED = "/jyt/internal/t20231010_299.html"
BODA_PAGES = [["/2023/1012/c1001a3001/page.htm", "/2023/1011/c1001a3002/page.htm"],
              ["/2023/1010/c1001a3003/page.htm"]]
BODA_PDF = "/_upload/article/files/5e/0a/report.pdf"


def hanweb_path(art_id: int, date: str) -> str:
    y, m, d = (int(x) for x in date.split("-"))
    return f"/art/{y}/{m}/{d}/art_100_{art_id}.html"


def article_html(title: str, date: str, text: str, charset: str = "utf-8", extra: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>{title}</title>\n'
            f'<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{date} 09:00">\n'
            f'</head><body><div class="main"><h1>{title}</h1>\n<div class="info">发布日期：{date} '
            f'来源：示例市教育局</div>\n<div id="zoom"><p>{text}</p></div>{extra}</div></body></html>\n')


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: bool = True
    last_modified: str | None = LAST_MODIFIED
    send_length: bool = True


def _record(art_id: int, date: str) -> str:
    title = f"示例通知{art_id}"
    return (f'<record><![CDATA[\n<li><a href="{hanweb_path(art_id, date)}" title="{title}" '
            f'target="_blank">{title}</a><span>{date}</span></li>]]></record>')


class FixtureSite:
    """The fake sites. `with FixtureSite() as site:` starts it; `site.base` is http://127.0.0.1:PORT."""

    def __init__(self) -> None:
        self.day = 1
        self.counts: Counter[str] = Counter()
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self.overrides: dict[str, Page] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.site = self  # type: ignore[attr-defined]
        self.server.handle_error = lambda request, address: None  # type: ignore[method-assign]
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        with socket.socket() as probe:  # a port nobody listens on, for "connection refused"
            probe.bind(("127.0.0.1", 0))
            self.dead_port = probe.getsockname()[1]
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    def __enter__(self) -> "FixtureSite":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- what the tests look at ---

    def set_day(self, day: int) -> None:
        self.day = day

    def reset_counts(self) -> None:
        with self._lock:
            self.counts.clear()
            self.requests.clear()

    def count(self, target: str) -> int:
        with self._lock:
            return self.counts[target]

    def count_prefix(self, prefix: str) -> int:
        with self._lock:
            return sum(n for t, n in self.counts.items() if t.startswith(prefix))

    def total(self) -> int:
        with self._lock:
            return sum(self.counts.values())

    def body(self, target: str) -> bytes:
        page = self.page(target, 0)
        assert page is not None, target
        return page.body

    def hanweb_articles(self) -> list[tuple[int, str]]:
        return (HANWEB_DAY2_NEW if self.day >= 2 else []) + HANWEB_DAY1

    def article_paths(self) -> list[str]:
        """Every article page a complete crawl of hanweb, trs and boda fetches (robots allowing)."""
        paths = [hanweb_path(i, d) for i, d in self.hanweb_articles()]
        paths += [f"/jyt/tzgg/{n}.html" for page in TRS_PAGES for n in page]
        return paths + [p for page in BODA_PAGES for p in page]

    # --- the pages ---

    def page(self, target: str, n: int) -> Page | None:
        """The page for a request target; n is how many times it has been asked for (1 = first)."""
        parts = urlsplit(target)
        path = parts.path
        if target in self.overrides:
            return self.overrides[target]
        if path == "/robots.txt":
            return Page(ROBOTS, "text/plain")
        if path == "/module/jpage/dataproxy.jsp":
            return self._dataproxy(parse_qs(parts.query))
        if path == "/col/col100/index.html":
            return self._hanweb_column()
        for art_id, date in self.hanweb_articles():
            if path == hanweb_path(art_id, date):
                return self._hanweb_article(art_id, date)
        if path == "/module/download/downfile.jsp":
            return Page(b"%PDF-1.4\n% made-up attachment\n", "application/pdf")
        if path.startswith("/jyt/"):
            return self._trs(path)
        if path.startswith(("/1001/", "/2023/", "/_upload/")):
            return self._boda(path)
        if path.startswith("/misc/"):
            return self._misc(path, n)
        return None

    def _hanweb_column(self) -> Page:
        arts = self.hanweb_articles()
        records = "\n".join(_record(i, d) for i, d in arts[:HANWEB_PERPAGE])
        html = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>通知公告 示例市教育局</title></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="/col/col100/index.html">通知公告</a></div>
<div id="200"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=100&unitid=200&webname=%E7%A4%BA%E4%BE%8B&permissiontype=0"></a>]]></nextgroup>
<recordset>
{records}
</recordset></datastore></script></div>
<script language="javascript" src="/module/jpage/jpage.js"></script>
<script>$(document).ready(function(){{$('#200').jpage({{dataStore:dataStore,perPage:{HANWEB_PERPAGE},totalRecord:{len(arts)},groupSize:1,proxyUrl:'/module/jpage/dataproxy.jsp'}});}});</script>
</body></html>
"""
        return Page(html.encode("utf-8"))

    def _dataproxy(self, query: dict[str, list[str]]) -> Page:
        arts = self.hanweb_articles()
        start = int(query.get("startrecord", ["1"])[0])
        end = int(query.get("endrecord", [str(HANWEB_PERPAGE)])[0])
        records = "\n".join(_record(i, d) for i, d in arts[start - 1:end])
        pages = -(-len(arts) // HANWEB_PERPAGE)
        xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n<totalrecord>{len(arts)}</totalrecord>\n'
               f"<totalpage>{pages}</totalpage>\n<recordset>\n{records}\n</recordset>\n</datastore>\n")
        return Page(xml.encode("utf-8"), "text/xml;charset=UTF-8")

    def _hanweb_article(self, art_id: int, date: str) -> Page:
        title = f"示例通知{art_id}"
        if art_id == 1002:  # GBK bytes, declared gb2312; 镕 is in GBK but not in GB2312
            html = article_html(title, date, "李镕老师带领学生完成了校园植物调查。", charset="gb2312")
            return Page(html.encode("gbk"), "text/html")
        if art_id == 1003:  # GBK bytes under a wrong utf-8 declaration
            html = article_html(title, date, "示例中学举办了秋季运动会，共有八百名学生参加。")
            return Page(html.encode("gbk"), "text/html")
        extra = f'<p><a href="{PDF_LINK}">附件：活动安排.pdf</a></p>' if art_id == 1004 else ""
        return Page(article_html(title, date, f"示例区第{art_id}号通知的正文，内容均为虚构。", extra=extra)
                    .encode("utf-8"))

    def _trs(self, path: str) -> Page | None:
        for i, names in enumerate(TRS_PAGES):
            if path == ("/jyt/tzgg/index.html" if i == 0 else f"/jyt/tzgg/index_{i}.html"):
                items = "\n".join(f'<li><a href="./{n}.html" target="_blank">公告{n[-3:]}</a></li>' for n in names)
                if i == 0:
                    items += '\n<li><a href="../internal/t20231010_299.html">内部事项</a></li>'
                html = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
                        f'<title>通知公告</title></head><body><ul class="list">\n{items}\n</ul>\n'
                        f'<div class="page"><script>\nvar currentPage = {i};//所在页从0开始\n'
                        f'var countPage = {len(TRS_PAGES)}//共多少页\n'
                        f'createPageHTML({len(TRS_PAGES)}, {i}, "index", "html");\n</script></div></body></html>\n')
                return Page(html.encode("utf-8"))
            for name in names:
                if path == f"/jyt/tzgg/{name}.html":
                    if name == "t20231008_204":  # the Hanweb article 1001, reposted byte for byte
                        return self._hanweb_article(1001, "2023-10-12")
                    page = Page(article_html(f"公告{name[-3:]}", "2023-10-11", f"虚构公告{name}的正文。")
                                .encode("utf-8"))
                    if name == "t20231011_202":  # Last-Modified only, no ETag
                        page.etag = False
                    return page
        if path == TRS_DISALLOWED:
            return Page(article_html("内部事项", "2023-10-10", "不应被抓取。").encode("utf-8"))
        return None

    def _boda(self, path: str) -> Page | None:
        for i, links in enumerate(BODA_PAGES):
            if path == ("/1001/list.htm" if i == 0 else f"/1001/list{i + 1}.htm"):
                items = "\n".join(f'<li class="news"><span class="news_title"><a href="{p}" target="_blank">'
                                  f'新闻{p[-14:-9]}</a></span></li>' for p in links)
                nxt = f"/1001/list{i + 2}.htm" if i + 1 < len(BODA_PAGES) else "javascript:void(0);"
                html = (f'<html><head><meta charset="utf-8"><title>学校新闻</title></head><body>\n'
                        f'<div id="wp_news_w6"><ul class="news_list list2">\n{items}\n</ul></div>\n'
                        f'<p><a href="{BODA_PDF}">年度报告.pdf</a></p>\n'
                        f'<div id="wp_paging_w6"><ul class="wp_paging clearfix"><li class="page_nav">'
                        f'<a class="next" href="{nxt}" target="_self"><span>下一页&gt;&gt;</span></a></li>'
                        f'<li class="page_jump"><em class="curr_page">{i + 1}</em>/'
                        f'<em class="all_pages">{len(BODA_PAGES)}</em></li></ul></div></body></html>\n')
                return Page(html.encode("utf-8"))
            if path in links:
                return Page(article_html(f"新闻{path[-14:-9]}", "2023-10-10", f"虚构新闻{path}的正文。")
                            .encode("utf-8"))
        if path == BODA_PDF:
            return Page(b"%PDF-1.4\n% made-up report\n", "application/pdf")
        return None

    def misc_links(self) -> list[str]:
        return ["/misc/a/missing.html", "/misc/a/flaky.html", "/misc/a/slow.html", "/misc/a/loop1.html",
                "/misc/a/away.html", "/misc/secret/hidden.html", "/misc/a/huge.html",
                "http://example.invalid/art/2023/offsite.html",
                f"http://127.0.0.1:{self.dead_port}/misc/a/refused.html", "/misc/a/ok.html"]

    def _misc(self, path: str, n: int) -> Page | None:
        if path == "/misc/list.html":
            items = "\n".join(f'<li><a href="{u}">条目{i}</a></li>' for i, u in enumerate(self.misc_links()))
            html = (f'<html><head><meta charset="utf-8"><title>杂项</title></head><body>\n'
                    f'<ul class="news">\n{items}\n</ul>\n<p><a href="/misc/files/guide.pdf">指南.pdf</a></p>\n'
                    f'</body></html>\n')
            return Page(html.encode("utf-8"))
        if path == "/misc/a/flaky.html" and n == 1:
            return Page(b"busy", "text/plain", status=500)
        if path in ("/misc/a/flaky.html", "/misc/a/slow.html", "/misc/a/ok.html", "/misc/secret/hidden.html"):
            return Page(article_html(path, "2023-10-01", f"虚构页面{path}。").encode("utf-8"))
        if path in ("/misc/a/loop1.html", "/misc/a/loop2.html"):
            other = "/misc/a/loop2.html" if path.endswith("1.html") else "/misc/a/loop1.html"
            return Page(b"", status=302, headers={"Location": other})
        if path == "/misc/a/away.html":
            return Page(b"", status=301, headers={"Location": "http://example.invalid/landing.html"})
        if path == "/misc/a/huge.html":
            return Page(b"<html><body>" + b"x" * HUGE_BYTES + b"</body></html>", send_length=False)
        if path == "/misc/files/guide.pdf":
            return Page(b"%PDF-1.4\n% made-up guide\n", "application/pdf")
        return None


def _not_modified(page: Page, headers: dict[str, str], etag: str) -> bool:
    inm = headers.get("if-none-match")
    if inm is not None:
        return page.etag and etag in [t.strip() for t in inm.split(",")]
    ims = headers.get("if-modified-since")
    if ims and page.last_modified:
        try:
            return parsedate_to_datetime(page.last_modified) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server_version = "FixtureCMS/1.0"

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        site: FixtureSite = self.server.site  # type: ignore[attr-defined]
        headers = {k.lower(): v for k, v in self.headers.items()}
        with site._lock:
            site.counts[self.path] += 1
            n = site.counts[self.path]
            site.requests.append(("HEAD" if head else "GET", self.path, headers))
        if urlsplit(self.path).path == "/misc/a/slow.html":
            time.sleep(SLOW_SECONDS)
        page = site.page(self.path, n) or Page(b"<html><body>404 Not Found</body></html>", status=404)
        etag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
        try:
            if page.status == 200 and _not_modified(page, headers, etag):
                self.send_response(304)
                if page.etag:
                    self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            for key, value in page.headers.items():
                self.send_header(key, value)
            if page.status == 200:
                if page.etag:
                    self.send_header("ETag", etag)
                if page.last_modified:
                    self.send_header("Last-Modified", page.last_modified)
            if page.send_length:
                self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            if not head:
                self.wfile.write(page.body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def sources_toml(site: FixtureSite, names: tuple[str, ...] = ("hanweb", "trs", "boda"), *,
                 delay: float = 0.0, tries: int = 3, backoff: float = 0.01) -> str:
    """A sources.toml for the fixture: its sources, tiny delays, TEST_TIMEOUT and TEST_MAX_BYTES."""
    base = site.base
    tables = {
        "hanweb": (f"{base}/col/col100/index.html", 'profile = "hanweb"'),
        "trs": (f"{base}/jyt/tzgg/index.html", 'profile = "trs"'),
        "boda": (f"{base}/1001/list.htm", 'profile = "boda"'),
        "misc": (f"{base}/misc/list.html", 'profile = "generic"\narticle_selector = "ul.news a"'),
        "dead": (f"http://127.0.0.1:{site.dead_port}/col/col1/index.html", 'profile = "hanweb"'),
    }
    out = [f'[crawler]\nuser_agent = "sansan-test/0.1"\ntimeout = {TEST_TIMEOUT}\ntries = {tries}\n'
           f"backoff = {backoff}\nmax_bytes = {TEST_MAX_BYTES}\nmax_redirects = 5\nhosts_in_parallel = 2\n"]
    for name in names:
        start, extra = tables[name]
        out.append(f'[[source]]\nname = "{name}"\nstart_urls = ["{start}"]\n{extra}\n'
                   f'allowed_hosts = ["127.0.0.1"]\ndelay = {delay}\nmax_pages = 10\n')
    return "\n".join(out)
