"""Site profiles: read a list page's bytes (or text) and URL, return article links, attachment links and the next list URL; no I/O."""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from typing import Callable
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning

# File types issue 5 lists as attachments: office documents, archives, images, and the
# Chinese office formats WPS (Kingsoft) and OFD (GB/T 33190 fixed-layout documents).
ATTACHMENT_EXTENSIONS = (
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar", ".jpg", ".png", ".wps", ".ofd",
)

# Link texts and classes that mean "next page" on Hanweb, TRS and 博达/WebPlus list pages.
_NEXT_TEXTS = ("下一页", "下页", "下一頁", "next", "next page", ">", "»", ">>")

# Hanweb JCMS: articles are /art/YYYY/M/D/art_COLUMN_ID.html (seen on jyt.zj.gov.cn, jyt.jiangsu.gov.cn).
_HANWEB_ARTICLE = re.compile(r"(?:^|/)art_\d+_\d+\.html?$", re.I)
# Hanweb jpage: list records sit in CDATA inside <record>, the paging endpoint in <nextgroup>,
# the record count in the dataproxy reply's <totalrecord> or the page's jpage({totalRecord:…}) call.
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.S | re.I)
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.I)
_TOTALRECORD = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
_JPAGE_TOTAL = re.compile(r"totalRecord\s*[:=]\s*[\"']?(\d+)", re.I)
_JPAGE_PERPAGE = re.compile(r"perPage\s*[:=]\s*[\"']?(\d+)", re.I)

# TRS WCM: articles ./tYYYYMMDD_ID.html (often under a ./YYYYMM/ folder); pages index.html,
# index_1.html, …; page count from createPageHTML(count, current, "index", "html"), optionally with
# a leading element id argument (newer TRS templates).
_TRS_ARTICLE = re.compile(r"/t\d{8}_\d+\.s?html?$", re.I)
_TRS_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*(?:['\"][^'\"]*['\"]\s*,\s*)?['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?"
    r"\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]", re.I)
_TRS_COUNT_VAR = re.compile(r"\b(?:countPage|pageCount|page_count)\s*=\s*['\"]?(\d+)", re.I)
_TRS_INDEX = re.compile(r"^(?P<prefix>[\w-]+?)(?:_(?P<n>\d+))?\.(?P<suffix>\w+)$")

# 博达/WebPlus: articles /YYYY/MMDD/cCOLaID/page.htm (page.psp when dynamic); lists /COL/list.htm,
# /COL/list2.htm, …, with <em class="all_pages">N</em>. VSB templates: /info/COL/ID.htm articles.
_BODA_ARTICLE = re.compile(r"/c\d+a\d+/page\.(?:htm|html|psp)$|/info/\d+/\d+\.htm$", re.I)
_BODA_LIST = re.compile(r"^list(\d*)\.(htm|html|psp)$", re.I)
_BODA_ALL_PAGES = re.compile(r"class=['\"]all_pages['\"][^>]*>\s*(\d+)", re.I)

# Generic: a path that looks like an article — a date, or the art_/tYYYYMMDD/content_ conventions.
_GENERIC_ARTICLE = re.compile(
    r"(?:(?:19|20)\d{2}[-_/]?[01]\d[-_/]?[0-3]\d|/(?:19|20)\d{2}/\d{1,2}/\d{1,2}/|/(?:19|20)\d{2}[01]\d/"
    r"|art_\d|/t(?:19|20)\d{6}|content_)", re.I)
# ...and that names a page (.html, .htm, .shtml).
_ARTICLE_SUFFIX = re.compile(r"\.(?:s?html?)$", re.I)

# Declared encodings, read from the first 4 KB (browsers prescan 1024 bytes; CMS pages often declare later).
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True)
class Links:
    """What a list page points at: article pages, attachments, and the next list page."""

    articles: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    next_url: str | None = None


def to_text(body: bytes | str) -> str:
    """Decode for link extraction only (declared charset, then UTF-8, then GB18030); never stored."""
    if isinstance(body, str):
        return body
    head = body[:4096]
    found = _XML_ENCODING.search(head) or _CHARSET.search(head)
    names = [found.group(1).decode("ascii").lower()] if found else []
    for name in names + ["utf-8", "gb18030"]:
        if name in ("gb2312", "gbk", "x-gbk", "gb_2312-80"):
            name = "gb18030"
        try:
            return body.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", errors="replace")


def absolute(href: str | None, base: str) -> str | None:
    """Absolute http(s) URL without fragment, or None for javascript:, mailto:, anchors and junk."""
    if not href:
        return None
    href = href.strip().replace("\\", "/")
    if not href or href.startswith("#") or re.match(r"(?i)(javascript|mailto|tel|data):", href):
        return None
    try:
        parts = urlsplit(urljoin(base, href))
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def is_attachment(url: str) -> bool:
    """True for links to documents/images, also via a download script's file name parameter."""
    parts = urlsplit(url)
    if unquote(parts.path).lower().endswith(ATTACHMENT_EXTENSIONS):
        return True
    return any(v.lower().endswith(ATTACHMENT_EXTENSIONS) for _, v in parse_qsl(parts.query))


class _Page:
    """A list page's text, URL and (lazily) its parsed anchors."""

    def __init__(self, text: str, url: str) -> None:
        self.text, self.url = text, url
        self._soup: BeautifulSoup | None = None

    @property
    def soup(self) -> BeautifulSoup:
        if self._soup is None:
            with warnings.catch_warnings():  # dataproxy.jsp replies are XML; the HTML parser reads them fine
                warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
                self._soup = BeautifulSoup(self.text, "lxml")
        return self._soup

    def anchors(self) -> list[Tag]:
        return self.soup.find_all("a", href=True)

    def urls(self, tags: list[Tag] | None = None) -> list[str]:
        tags = self.anchors() if tags is None else tags
        return [u for u in (absolute(a.get("href"), self.url) for a in tags) if u]


def _unique(urls: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(urls))


def _matching(urls: list[str], pattern: re.Pattern[str]) -> list[str]:
    return [u for u in urls if pattern.search(urlsplit(u).path) and not is_attachment(u)]


def _next_anchor(page: _Page) -> str | None:
    """The href of a "下一页"/class="next" link, if it leads somewhere other than this page."""
    for a in page.anchors():
        text = a.get_text(" ", strip=True).lower()
        classes = [c.lower() for c in a.get("class", [])]
        if text in _NEXT_TEXTS or "next" in classes or text.startswith("下一页"):
            url = absolute(a.get("href"), page.url)
            if url and url != page.url:
                return url
    return None


def _with_query(url: str, first: dict[str, str | int], rest: list[tuple[str, str]]) -> str:
    parts = urlsplit(url)
    keys = set(first)
    pairs = [(k, str(v)) for k, v in first.items()] + [(k, v) for k, v in rest if k not in keys]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(pairs), ""))


def hanweb(page: _Page) -> Links:
    records = _RECORD.findall(page.text)
    record_urls = [u for u in (absolute(h, page.url) for r in records for h in _HREF.findall(r)) if u]
    urls = record_urls + page.urls()
    parts = urlsplit(page.url)
    next_url: str | None = None
    if parts.path.lower().endswith("dataproxy.jsp"):
        query = parse_qsl(parts.query, keep_blank_values=True)
        params = dict(query)
        total = _TOTALRECORD.search(page.text)
        try:
            start, end = int(params.get("startrecord", 1)), int(params.get("endrecord", len(records)))
        except ValueError:
            start, end = 1, len(records)
        size = max(end - start + 1, 1)
        more = end < int(total.group(1)) if total else len(records) >= size
        if records and more:
            next_url = _with_query(page.url, {"startrecord": end + 1, "endrecord": end + size}, query)
    else:
        group = _NEXTGROUP.search(page.text)
        proxy = _HREF.search(group.group(1)) if group else None
        total = _JPAGE_TOTAL.search(page.text)
        if proxy and records and (total is None or len(records) < int(total.group(1))):
            base = absolute(proxy.group(1), page.url)
            if base:
                n = len(records)
                perpage = _JPAGE_PERPAGE.search(page.text)
                rest = [(k, v) for k, v in parse_qsl(urlsplit(base).query, keep_blank_values=True)
                        if k != "page"]
                first = {"startrecord": n + 1, "endrecord": 2 * n,
                         "perpage": int(perpage.group(1)) if perpage else n}
                next_url = _with_query(base, first, rest)
        if next_url is None:
            next_url = _next_anchor(page)
    return Links(_unique(_matching(urls, _HANWEB_ARTICLE)), _attachments(urls), next_url)


def trs(page: _Page) -> Links:
    urls = page.urls()
    next_url = None
    call = _TRS_CREATE_PAGE.search(page.text)
    count_var = _TRS_COUNT_VAR.search(page.text)
    if call or count_var:
        total = int(call.group(1) if call else count_var.group(1))  # type: ignore[union-attr]
        name = urlsplit(page.url).path.rsplit("/", 1)[-1]
        index = _TRS_INDEX.match(name) if name else None
        prefix, suffix = (call.group(3), call.group(4)) if call else ("index", "html")
        current = int(index.group("n") or 0) if index and index.group("prefix") == prefix else 0
        if current + 1 < total:
            next_url = urljoin(page.url, f"{prefix}_{current + 1}.{suffix}")
    else:
        next_url = _next_anchor(page)
    return Links(_unique(_matching(urls, _TRS_ARTICLE)), _attachments(urls), next_url)


def boda(page: _Page) -> Links:
    urls = page.urls()
    next_url = _next_anchor(page)
    if next_url is None:
        name = urlsplit(page.url).path.rsplit("/", 1)[-1]
        listed, pages = _BODA_LIST.match(name), _BODA_ALL_PAGES.search(page.text)
        if listed and pages:
            current = int(listed.group(1) or 1)
            if current < int(pages.group(1)):
                next_url = urljoin(page.url, f"list{current + 1}.{listed.group(2)}")
    return Links(_unique(_matching(urls, _BODA_ARTICLE)), _attachments(urls), next_url)


def generic(page: _Page) -> Links:
    urls = page.urls()
    articles = [u for u in _matching(urls, _GENERIC_ARTICLE) if _ARTICLE_SUFFIX.search(urlsplit(u).path)]
    return Links(_unique(articles), _attachments(urls), _next_anchor(page))


def _attachments(urls: list[str]) -> tuple[str, ...]:
    return _unique([u for u in urls if is_attachment(u)])


def _selected(page: _Page, selector: str) -> list[Tag]:
    tags: list[Tag] = []
    for el in page.soup.select(selector):
        tags.extend([el] if el.name == "a" and el.get("href") else el.find_all("a", href=True))
    return tags


PROFILES: dict[str, Callable[[_Page], Links]] = {
    "hanweb": hanweb, "trs": trs, "boda": boda, "generic": generic,
}


def extract(profile: str, body: bytes | str, url: str, *,
            article_selector: str | None = None, next_selector: str | None = None) -> Links:
    """Links on one list page; CSS selectors, when given, replace the profile's article/next rules."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r} (known: {', '.join(PROFILES)})")
    page = _Page(to_text(body), url)
    links = PROFILES[profile](page)
    articles, next_url = links.articles, links.next_url
    if article_selector:
        articles = _unique([u for u in page.urls(_selected(page, article_selector)) if not is_attachment(u)])
    if next_selector:
        found = page.urls(_selected(page, next_selector))
        next_url = next((u for u in found if u != url), None)
    return Links(articles, links.attachments, next_url)


def attachment_links(body: bytes | str, url: str) -> tuple[str, ...]:
    """Attachment links on an article page (all anchors; used after an article is fetched)."""
    page = _Page(to_text(body), url)
    return _attachments(page.urls())
