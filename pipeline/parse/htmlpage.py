"""One article page (HTML text) → title, date, source, author and body.

Built for Chinese government, bureau and school CMS pages (TRS WCM, Hanweb/JCMS, 博达 VSB,
PowerEasy, gov.cn). Metadata comes from CMS <meta> tags first, then from the labelled info
line next to the article (visible text only: attributes and HTML comments are never read),
then from the URL. The body is the CMS content container (the one with the most text,
narrowed to the content markers when present), else the densest block of paragraphs.
"""
from __future__ import annotations

import logging
import re
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup, Comment, Tag

from .dates import date_from_url, iso_date, labelled_dates, parse_date
from .htmlbody import find_body, in_chrome, inside
from .htmltext import compact, element_lines, joined, remove_invisible, strip_ws

__all__ = ["parse_html_page"]

log = logging.getLogger(__name__)

# <meta> names holding the publication date, strongest first. Not Maketime (regeneration
# time), not `others` (页面生成时间); the last-modified names only when nothing else is given.
_PUB_METAS = ("pubdate", "publishdate", "publish_date", "firstpublishedtime",
              "article:published_time", "datepublished", "dc.date.issued", "dcterms.issued",
              "og:release_date")
_MODIFIED_METAS = ("lastmodifiedtime", "lastmodified", "article:modified_time", "datemodified")
# A time of exactly midnight in a date meta means "no time given".
_MIDNIGHT_RE = re.compile(r"T00:00(?::00)?$")

# Separators between the article title and the site/column names in <title>:
# runs of _ | ｜, a spaced dash, a doubled hyphen, a single em dash (a doubled —— introduces
# a subtitle and stays), and a hyphen unless it joins Latin letters or digits (1-10月).
_TITLE_SEP_RE = re.compile(
    # (?<!\s): a separator's spaces are taken from the first, so a long run of spaces is read
    # once, not once per position (quadratic, issue 10)
    r"(?<!\s)\s*(?:_+|[|｜]+|\s[-–—]+\s|-{2,}|(?<!—)—(?!—)|(?<![A-Za-z0-9])-|-(?![A-Za-z0-9]))\s*"
)

# Labels of the 来源 (source) and 作者 (author) fields, not as the tail of a longer word
# (资金来源 is no label). They end with ':' / '：' or with spaces.
_SOURCE_LABEL_RE = re.compile(
    r"(?<![\u4e00-\u9fff])(?:信息来源|文章来源|稿件来源|新闻来源|内容来源|来源)(?:\s*[:：]|[ \u00a0\u3000]+)"
)
_AUTHOR_LABEL_RE = re.compile(r"(?<![\u4e00-\u9fff])(?:作者|撰稿|撰文)(?:\s*[:：]|[ \u00a0\u3000]+)")
# Where a field value ends: a separator bar, two or more spaces, or the next label
# (a word of up to 8 characters ending in a colon, or a known info-line word).
_VALUE_END_RE = re.compile(
    r"[|｜\n]"
    r"|[\s\u00a0\u2002\u2003\u3000]{2,}"
    r"|\s*(?:责任编辑|编辑|责编|作者|发布|发表|时间|日期|点击|浏览|阅读|字号|字体|分享|打印|审核|校对|摄影|【|\[)"
    r"|\s\S{1,8}[:：]"
)
_MAX_FIELD = 40

# 原文链接 (link to the original article).
_ORIGINAL_LABEL_RE = re.compile(r"原文链接|原文地址|原文网址")
_URL_RE = re.compile(r"https?://[^\s\"'<>，。）)]+")
# A leading comment that records where the page was saved from.
_SAVED_URL_RE = re.compile(r"^\s*(?:saved from url=\(\d+\))?\s*(https?://\S+?)\s*$", re.I)

_OPEN, _CLOSE, _HEAD = "\x00body-open", "\x00body-close", "\x00heading"
_BEFORE_LINES, _AFTER_LINES = 40, 20


def _metas(soup: BeautifulSoup) -> dict[str, str]:
    """Lower-cased meta name/property/itemprop → first non-empty content (markup stripped later)."""
    out: dict[str, str] = {}
    for m in soup.find_all("meta"):
        key = m.get("name") or m.get("property") or m.get("itemprop") or m.get("http-equiv")
        content = m.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            out.setdefault(key.strip().lower(), content.strip())
    return out


def _markup_text(s: str) -> str:
    """Text of a meta value that may hold markup (ArticleTitle with <div> inside)."""
    if "<" not in s:
        return strip_ws(s)
    frag = BeautifulSoup(f"<div>{s}</div>", "lxml")
    return joined(element_lines(frag.body or frag))


def _title_runs(doc_title: str) -> list[str]:
    """Every contiguous run of <title> segments, as the page writes it (separators inside kept)."""
    parts = _TITLE_SEP_RE.split(doc_title)
    seps = _TITLE_SEP_RE.findall(doc_title)
    runs = []
    for i in range(len(parts)):
        text = ""
        for j in range(i, len(parts)):
            text = text + (seps[j - 1] if j > i else "") + parts[j]
            if strip_ws(text):
                runs.append(strip_ws(text))
    return runs


def _names(el: Tag) -> str:
    return (" ".join(el.get("class") or []) + " " + str(el.get("id") or "")).lower()


def _headings(soup: BeautifulSoup) -> list[Tag]:
    """Elements that may show the article title: h1–h3 and elements whose class or id says
    title, outside page chrome (a logo h1 holds the site name)."""
    found = [el for el in soup.find_all(True)
             if el.name in ("h1", "h2", "h3")
             or ("title" in _names(el) and el.name not in ("title", "head", "meta", "html", "body"))]
    return [el for el in found if "logo" not in _names(el) and not in_chrome(el)]


def _heading_text(el: Tag) -> str:
    return joined(element_lines(el))


def _title(soup, metas, container) -> tuple[str | None, Tag | None]:
    """(title, heading element showing it on the page, if any)."""
    doc_title = ""
    t = soup.find("title")
    if t is not None:
        doc_title = strip_ws(t.get_text())
    doc_title = doc_title or metas.get("og:title", "")
    site = compact(metas.get("sitename", ""))
    heads = [(h, _heading_text(h)) for h in _headings(soup)]
    heads = [(h, txt) for h, txt in heads if 2 <= len(txt) <= 200]
    meta_title = _markup_text(metas.get("articletitle", "")) if metas.get("articletitle") else ""

    def heading_for(title: str) -> Tag | None:
        key = compact(title)
        for h, txt in heads:
            if compact(txt) == key:
                return h
        return None

    if meta_title:
        return meta_title, heading_for(meta_title)
    runs = _title_runs(doc_title) if doc_title else []
    # 1. A heading on the page that is one run of <title>: the <title> form is kept.
    by_compact = {compact(r): r for r in sorted(runs, key=len)}
    matches = [(len(compact(txt)), by_compact[compact(txt)], h) for h, txt in heads
               if compact(txt) in by_compact and compact(txt) != site]
    if matches:
        _, run, h = max(matches, key=lambda m: m[0])
        return run, h
    # 2. The longest run of <title> that the page shows somewhere in its visible text.
    page = compact("\n".join(element_lines(soup.body or soup)))
    shown = [r for r in runs if len(compact(r)) >= 4 and compact(r) != site and compact(r) in page]
    if shown:
        return max(shown, key=lambda r: len(compact(r))), None
    # 3. The nearest h1/h2 before the body; 4. the longest <title> segment.
    if container is not None:
        for h in container.find_all_previous(["h1", "h2"]):
            txt = _heading_text(h)
            if 5 <= len(txt) <= 120 and compact(txt) != site:
                return txt, h
    segments = [strip_ws(p) for p in _TITLE_SEP_RE.split(doc_title) if strip_ws(p)]
    segments = [s for s in segments if compact(s) != site] or segments
    return (max(segments, key=len) if segments else None), None


# The last <title> segment names the site when it ends like an organisation or portal name.
_SITE_NAME_RE = re.compile(r"(?:网|网站|门户|政府|学校|中学|小学|大学|学院|局|厅|委员会|委|办公室|中心|官网|平台)$")


def _site_from_title(doc_title: str, title: str | None) -> str | None:
    segments = [strip_ws(p) for p in _TITLE_SEP_RE.split(doc_title or "") if strip_ws(p)]
    if len(segments) >= 2 and _SITE_NAME_RE.search(segments[-1]) and segments[-1] not in (title or ""):
        return segments[-1]
    return None


def _field_after(text: str, label_re: re.Pattern) -> str | None:
    """The value after the first label in `text` that has one (an empty label is skipped)."""
    for m in label_re.finditer(text):
        rest = text[m.end():].lstrip(" \t\u00a0\u2002\u2003\u3000")
        end = _VALUE_END_RE.search(rest)
        value = strip_ws(rest[: end.start()] if end else rest)
        if value and len(value) <= _MAX_FIELD:
            return value
    return None


def _regions(soup, container, heading) -> tuple[list[str], list[str]]:
    """Visible lines before the body (after the title heading when it precedes the body,
    else the last few dozen) and the first lines after it."""
    sentinels = {}
    if container is not None:
        sentinels[id(container)] = (_OPEN, _CLOSE)
    if heading is not None and (container is None or not inside(container, heading)
                                and not inside(heading, container)):
        sentinels[id(heading)] = (_HEAD, _HEAD)
    lines = element_lines(soup.body or soup, sentinels=sentinels)
    if _OPEN not in lines:
        return lines[-_BEFORE_LINES:], []
    i, j = lines.index(_OPEN), lines.index(_CLOSE)
    before = lines[:i]
    if _HEAD in before:
        before = before[len(before) - before[::-1].index(_HEAD):]
    before = [ln for ln in before if ln != _HEAD][-_BEFORE_LINES:]
    after = [ln for ln in lines[j + 1:] if ln not in (_HEAD, _OPEN, _CLOSE)][:_AFTER_LINES]
    return before, after


def _meta_date(metas: dict[str, str], names) -> str | None:
    for name in names:
        iso = iso_date(metas.get(name))
        if iso:
            return _MIDNIGHT_RE.sub("", iso)
    return None


def _published(metas, before, after, url) -> str | None:
    iso = _meta_date(metas, _PUB_METAS)
    if iso:
        return iso
    # The strongest label closest to the body wins before the body; the first one after it.
    found = labelled_dates("\n".join(before))
    if found:
        best = min(rank for _, rank, _ in found)
        return [d for _, rank, d in found if rank == best][-1]
    found = labelled_dates("\n".join(after))
    if found:
        best = min(rank for _, rank, _ in found)
        return next(d for _, rank, d in found if rank == best)
    if url and date_from_url(url):
        return date_from_url(url)
    for line in reversed(before[-8:]):
        if "成文" not in line and parse_date(line):
            return parse_date(line)
    return _meta_date(metas, _MODIFIED_METAS)


def _labelled_field(label_re, before, after) -> str | None:
    for region in (before, after):
        value = _field_after("\n".join(region), label_re)
        if value:
            return value
    return None


def _page_url(soup, metas, url) -> str | None:
    if url:
        return url
    for key in ("url", "og:url"):
        value = metas.get(key, "")
        # An absolute URL with a path; a bare site root (http://host/) names no article.
        if value.startswith(("http://", "https://")) and urlparse(value).path.strip("/"):
            return value
    link = soup.find("link", rel="canonical")
    if link and str(link.get("href", "")).startswith(("http://", "https://")):
        return link["href"]
    for node in soup.contents[:5]:
        if isinstance(node, Comment):
            m = _SAVED_URL_RE.match(node)
            if m:
                return m.group(1)
    return None


def _original_url(soup, base: str | None) -> str | None:
    for s in soup.find_all(string=_ORIGINAL_LABEL_RE):
        if isinstance(s, Comment) or s.parent is None:
            continue
        m = _URL_RE.search(s[_ORIGINAL_LABEL_RE.search(s).end():])
        if m:
            return m.group(0)
        a = s.parent if s.parent.name == "a" else s.find_next("a", href=True)
        if a is not None and a.get("href"):
            href = urljoin(base or "", a["href"])
            if href.startswith(("http://", "https://")):
                return href
    return None


def parse_html_page(html: str, *, url: str | None = None) -> dict:
    """Parse one article page. Keys: title, published (ISO 8601 or None), author, source,
    site, url, original_url, body (paragraphs joined by newlines; '' when none is found)."""
    soup = BeautifulSoup(html or "", "lxml")
    metas = _metas(soup)
    page_url = _page_url(soup, metas, url)
    if not url and page_url is None and metas.get("url"):
        log.debug("relative meta url %r ignored (no page URL to resolve it against)", metas["url"])
    remove_invisible(soup)

    container, body = find_body(soup)
    title, heading = _title(soup, metas, container)
    before, after = _regions(soup, container, heading)

    source = _markup_text(metas["contentsource"]) if metas.get("contentsource") else None
    source = source or _labelled_field(_SOURCE_LABEL_RE, before, after)
    # The visible 作者 label only: meta "author" is the editor on several CMSs (gov.cn).
    author = _labelled_field(_AUTHOR_LABEL_RE, before, after)
    site = metas.get("sitename") or metas.get("og:site_name") or metas.get("application-name")
    if not site and soup.find("title") is not None:
        site = _site_from_title(soup.find("title").get_text(), title)
    if not body:
        log.warning("no article body found%s", f" in {page_url}" if page_url else "")
    return {
        "title": title or None,
        "published": _published(metas, before, after, page_url),
        "author": author,
        "source": source or None,
        "site": strip_ws(site) if site else None,
        "url": page_url,
        "original_url": _original_url(soup, page_url),
        "body": body,
    }
