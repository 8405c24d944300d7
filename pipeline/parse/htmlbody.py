"""Find the article body of a page: CMS content containers first, else the densest block of
paragraphs. Works on a soup from which invisible elements were already removed."""
from __future__ import annotations

import logging
import re
from collections import defaultdict

from bs4 import BeautifulSoup, Tag

from .htmltext import MARKERS_CONTENT, MARKERS_PRINT, compact, element_lines, strip_ws

__all__ = ["find_body", "CONTENT_SELECTORS", "in_chrome", "inside"]

log = logging.getLogger(__name__)

# Content containers of the CMS families found on government and school sites.
CONTENT_SELECTORS = (
    "#UCAP-CONTENT", ".pages_content",  # gov.cn (2023 template)
    "#vsb_content", ".wp_articlecontent",  # 博达 VSB / WebPlus
    ".TRS_UEDITOR", ".TRS_Editor", ".Custom_UnionStyle",  # TRS WCM editors
    "#zoom",  # Hanweb/JCMS, TRS 信息公开 templates
    ".conTxt",  # 动易 PowerEasy
    "#dochtmlcon",  # TRS
)
# An inner container that keeps this share of its ancestor's text replaces it (the rest is
# chrome: share buttons, print links, editor lines).
_DESCEND_RATIO = 0.6
# Labels of a 信息公开 metadata table (索引号, 发文机关, 成文日期 …): such tables are not body text.
_META_TABLE_RE = re.compile(r"索\s*引\s*号|发文机关|成文日期|发文字号|主题分类|公开方式|信息分类")
# Elements whose class/id marks page chrome; a container inside them is not the article.
_CHROME_RE = re.compile(r"footer|foot\b|copyright|\bnav\b|navbar|breadcrumb|sidebar|header|logo", re.I)
_CHROME_TAGS = ("footer", "nav", "header", "aside")
# Trailing editor lines dropped from a body: （责任编辑：…）, 编辑：…, 审核：… .
_EDITOR_LINE_RE = re.compile(
    r"^[（(\[【]?\s*(?:责任编辑|责编|编辑|审核|校对|终审|初审|复审)\s*[:：][^。！？]{0,30}[)）\]】]?$"
)
# A candidate with less text than this is weak: the generic extractor may override it.
_WEAK = 60


def _positions(soup: BeautifulSoup) -> dict[int, int]:
    return {id(el): i for i, el in enumerate(soup.find_all(True))}


def inside(el, ancestor) -> bool:
    """True if `ancestor` (the very element, not an equal copy) contains `el`."""
    return any(p is ancestor for p in el.parents)


def in_chrome(el: Tag) -> bool:
    """True if an ancestor is page chrome (footer, nav, header, logo, sidebar …)."""
    for anc in el.parents:
        if not isinstance(anc, Tag) or anc.name in ("body", "html", "[document]"):
            break
        if anc.name in _CHROME_TAGS:
            return True
        names = " ".join(anc.get("class") or []) + " " + str(anc.get("id") or "")
        if _CHROME_RE.search(names):
            return True
    return False


def _common_ancestor(a, b) -> Tag | None:
    b_parents = {id(p) for p in b.parents}
    for p in a.parents:
        if id(p) in b_parents:
            return p
    return None


def _marker_regions(soup: BeautifulSoup, markers) -> list[Tag]:
    """Smallest elements holding a start marker and the end marker after it."""
    out = []
    start = None
    for node in soup.descendants:
        if start is None and markers[0](node):
            start = node
        elif start is not None and markers[1](node):
            root = _common_ancestor(start, node)
            if root is not None and root.name not in ("head", "[document]"):
                out.append(root)
            start = None
    return out


def _score(el: Tag, markers) -> int:
    """Characters of visible text, metadata tables excluded."""
    total = len(compact("".join(element_lines(el, markers))))
    for table in el.find_all("table"):
        text = "".join(element_lines(table))
        if len(_META_TABLE_RE.findall(text)) >= 2:
            total -= len(compact(text))
    return max(total, 0)


def _candidates(soup: BeautifulSoup) -> list[tuple[Tag, tuple]]:
    seen: set[int] = set()
    out = []
    found = [(el, MARKERS_CONTENT) for sel in CONTENT_SELECTORS for el in soup.select(sel)]
    found += [(el, MARKERS_CONTENT) for el in _marker_regions(soup, MARKERS_CONTENT)]
    found += [(el, MARKERS_PRINT) for el in _marker_regions(soup, MARKERS_PRINT)]
    for el, markers in found:
        if id(el) not in seen and el.name not in ("body", "html"):
            seen.add(id(el))
            out.append((el, markers))
    return out


def _pick_container(soup: BeautifulSoup) -> tuple[Tag, tuple] | None:
    cands = [c for c in _candidates(soup) if not in_chrome(c[0])] or _candidates(soup)
    if not cands:
        return None
    pos = _positions(soup)
    scored = [(_score(el, mk), -pos.get(id(el), 0), el, mk) for el, mk in cands]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return None
    best = max(scored, key=lambda s: (s[0], s[1]))
    while True:
        inner = [s for s in scored if s[2] is not best[2]
                 and inside(s[2], best[2]) and s[0] >= _DESCEND_RATIO * best[0]]
        if not inner:
            break
        best = max(inner, key=lambda s: (s[0], s[1]))
    return best[2], best[3]


# Tags below which a block is not a leaf paragraph (for _densest_block).
_NOT_LEAF = ("p", "div", "table", "ul", "ol")
_STOP = ("body", "html", "[document]")


def _is_chrome(el: Tag) -> bool:
    if el.name in _CHROME_TAGS:
        return True
    return bool(_CHROME_RE.search(" ".join(el.get("class") or []) + " " + str(el.get("id") or "")))


def _tag_flags(soup: BeautifulSoup) -> tuple[list[Tag], dict[int, bool], dict[int, bool]]:
    """(every tag in document order, leaf: no _NOT_LEAF tag below it, chrome: as in_chrome) in
    one pass over the tree: asking each block with find() and walking its ancestors is
    quadratic in deeply nested pages (issue 10: 100,000 nested <div>s)."""
    order: list[Tag] = []
    chrome: dict[int, bool] = {}
    stack: list[tuple[Tag, bool]] = [(soup, False)]
    while stack:
        el, flag = stack.pop()
        order.append(el)
        chrome[id(el)] = flag
        below = False if el.name in _STOP else (flag or _is_chrome(el))
        stack.extend((c, below) for c in reversed(el.contents) if isinstance(c, Tag))
    leaf: dict[int, bool] = {}
    for el in reversed(order):  # every tag after its descendants
        leaf[id(el)] = not any(isinstance(c, Tag) and (c.name in _NOT_LEAF or not leaf[id(c)]) for c in el.contents)
    return order, leaf, chrome


def _densest_block(soup: BeautifulSoup) -> Tag | None:
    """The element whose paragraphs (p, or leaf div/td) hold the most non-link text."""
    scores: dict[int, float] = defaultdict(float)
    elements: dict[int, Tag] = {}
    order, leaf, chrome = _tag_flags(soup)
    for block in order:
        if block.name not in ("p", "div", "td", "li"):
            continue
        if block.name != "p" and not leaf[id(block)]:
            continue  # not a leaf block
        if chrome[id(block)]:
            continue
        text = len(compact(block.get_text()))
        links = sum(len(compact(a.get_text())) for a in block.find_all("a"))
        value = text - 2 * links
        if value < 10:
            continue
        parent = block.parent
        if isinstance(parent, Tag):
            scores[id(parent)] += value
            elements[id(parent)] = parent
            grand = parent.parent
            if isinstance(grand, Tag) and grand.name not in _STOP:
                scores[id(grand)] += value / 2
                elements[id(grand)] = grand
    if not scores:
        return None
    return elements[max(scores, key=scores.get)]


def clean_body_lines(lines: list[str]) -> list[str]:
    """Drop trailing editor lines (（责任编辑：…）) and empty lines."""
    lines = [ln for ln in (strip_ws(x) for x in lines) if ln]
    while lines and _EDITOR_LINE_RE.match(lines[-1]):
        lines.pop()
    return lines


def find_body(soup: BeautifulSoup) -> tuple[Tag | None, str]:
    """(container element, body text) of the article; (None, '') when nothing is found."""
    picked = _pick_container(soup)
    container, markers = picked if picked else (None, None)
    body_lines = clean_body_lines(element_lines(container, markers)) if container is not None else []
    if len(compact("".join(body_lines))) < _WEAK:
        dense = _densest_block(soup)
        if dense is not None:
            dense_lines = clean_body_lines(element_lines(dense, MARKERS_CONTENT))
            if len(compact("".join(dense_lines))) > 3 * max(len(compact("".join(body_lines))), 1):
                log.debug("CMS container weak or absent; using the densest paragraph block")
                container, body_lines = dense, dense_lines
    return container, "\n".join(body_lines)
