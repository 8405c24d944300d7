"""DOM → text lines, the way a reader sees the page.

Block elements (p, div, br, li, h1–h6, tr, table, …) end a line; inline elements (span,
font, a, b, …) are joined with nothing between them, so Word-pasted `<SPAN>11</SPAN><SPAN>
月9日</SPAN>` reads 11月9日. Whitespace collapses as in a browser, and a line break in the
source between two CJK characters disappears (CSS Text 3 segment-break rule). Each line is
trimmed at both ends, including U+3000 and NBSP; empty lines are dropped.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

__all__ = [
    "BLOCK_TAGS", "SKIP_TAGS", "is_hidden", "remove_invisible", "element_lines",
    "element_text", "joined", "compact", "strip_ws", "MARKERS_CONTENT", "MARKERS_PRINT",
]

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main "
    "nav ol p pre section summary table tbody tfoot thead tr ul".split()
)
CELL_TAGS = frozenset({"td", "th"})
# Never text a reader sees. <meta> in the body is kept: Hanweb uses it as a content marker.
SKIP_TAGS = frozenset(
    "script style noscript template iframe object embed applet svg math canvas video audio "
    "select option textarea button input map head title link".split()
)
NON_TEXT = (Comment, CData, Declaration, Doctype, ProcessingInstruction)

# Inline-style and class declarations that hide an element.
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HIDDEN_CLASSES = frozenset({"hide", "hidden", "d-none", "display-none", "visually-hidden", "sr-only"})

# Content markers: (start test, end test) on a node. Hanweb/JCMS wraps the article body in
# <!--ZJEG_RSS.content.begin--><meta name="ContentStart"> … <meta name="ContentEnd">
# <!--ZJEG_RSS.content.end-->; PowerEasy and others in <!--startprint--> … <!--endprint-->.
_CONTENT_BEGIN_RE = re.compile(r"ZJEG_RSS\.content\.begin", re.I)
_CONTENT_END_RE = re.compile(r"ZJEG_RSS\.content\.end", re.I)
_PRINT_BEGIN_RE = re.compile(r"^\s*startprint\s*$", re.I)
_PRINT_END_RE = re.compile(r"^\s*endprint\s*$", re.I)


def _meta_marker(node, name: str) -> bool:
    return isinstance(node, Tag) and node.name == "meta" and (node.get("name") or "").lower() == name


def _comment_marker(node, pattern: re.Pattern) -> bool:
    return isinstance(node, Comment) and bool(pattern.search(node))


MARKERS_CONTENT: tuple[Callable, Callable] = (
    lambda n: _meta_marker(n, "contentstart") or _comment_marker(n, _CONTENT_BEGIN_RE),
    lambda n: _meta_marker(n, "contentend") or _comment_marker(n, _CONTENT_END_RE),
)
MARKERS_PRINT: tuple[Callable, Callable] = (
    lambda n: _comment_marker(n, _PRINT_BEGIN_RE),
    lambda n: _comment_marker(n, _PRINT_END_RE),
)


# Whitespace that HTML collapses (not NBSP, not U+3000).
_HTML_WS_RE = re.compile(r"[ \t\n\r\f]+")
# Characters trimmed at the ends of a line: all Unicode spaces plus zero-width ones.
_TRIM = " \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
_ANY_WS_RE = re.compile(r"[\s\u00a0\u200b\u3000\ufeff]+")


def _is_wide(ch: str) -> bool:
    """CJK ideographs, kana and full-width punctuation: no space is rendered between them."""
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F
            or 0xFF00 <= o <= 0xFF60 or 0xFFE0 <= o <= 0xFFE6 or 0x20000 <= o <= 0x3FFFF)


def strip_ws(s: str) -> str:
    """Trim all Unicode whitespace, including U+3000, NBSP and zero-width spaces."""
    return s.strip(_TRIM)


def compact(s: str) -> str:
    """`s` with every whitespace character removed (for comparing strings laid out differently)."""
    return _ANY_WS_RE.sub("", s or "")


# Spaces a browser renders like an ordinary one (NBSP, en/em/thin spaces; not U+3000).
_SOFT_SPACES = str.maketrans({c: " " for c in "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"})


def _collapse(line: str) -> str:
    line = line.translate(_SOFT_SPACES)

    def repl(m: re.Match) -> str:
        ws = m.group(0)
        if "\n" in ws or "\r" in ws:
            before = line[m.start() - 1] if m.start() > 0 else ""
            after = line[m.end()] if m.end() < len(line) else ""
            if before and after and _is_wide(before) and _is_wide(after):
                return ""
        return " "
    return strip_ws(_HTML_WS_RE.sub(repl, line))


def is_hidden(tag: Tag) -> bool:
    """True if the element itself is hidden by inline style, the hidden attribute or a
    conventional hiding class."""
    if not isinstance(tag, Tag) or tag.attrs is None:
        return False
    style = tag.get("style")
    if isinstance(style, str) and _HIDDEN_STYLE_RE.search(style):
        return True
    if tag.has_attr("hidden"):
        return True
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    return any(c.lower() in _HIDDEN_CLASSES for c in classes)


def remove_invisible(soup: BeautifulSoup) -> None:
    """Drop script/style/… and hidden elements in place (never <html>/<body>). One top-down
    pass that does not enter what it drops: linear in the page, whatever its depth (asking a
    bs4 tag whether it was `decomposed` searches its subtree, quadratic in nested <div>s)."""
    drop = []
    stack = [soup]
    while stack:
        node = stack.pop()
        for child in node.children:
            if not isinstance(child, Tag):
                continue
            if child.name not in ("html", "body", "head", "meta", "title") and (child.name in SKIP_TAGS or is_hidden(child)):
                drop.append(child)
            else:
                stack.append(child)
    for tag in drop:
        tag.decompose()


def _walk(root: Tag, emit_text: Callable[[str], None], newline: Callable[[], None],
          on_node: Callable[[object], None] | None = None) -> None:
    """Document-order walk of `root` (iterative: deep table layouts overflow recursion)."""
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            if node.name in BLOCK_TAGS:
                newline()
            if on_node:
                on_node(("end", node))
            continue
        if on_node:
            on_node(node)
        if isinstance(node, NavigableString):
            if not isinstance(node, NON_TEXT):
                emit_text(str(node))
            continue
        if not isinstance(node, Tag) or node.name in SKIP_TAGS:
            continue
        if node.name == "br":
            newline()
            continue
        if node.name in BLOCK_TAGS:
            newline()
        elif node.name in CELL_TAGS:
            emit_text(" ")
        stack.append((node, True))
        for child in reversed(node.contents):
            stack.append((child, False))


def element_lines(root: Tag, markers: tuple[Callable, Callable] | None = None,
                  sentinels: dict[int, tuple[str, str]] | None = None) -> list[str]:
    """Visible text lines of `root`.

    markers: (is_start, is_end) node tests; when `root` holds a start marker only text
    between start and end markers is kept. sentinels: {id(element): (open_line, close_line)}
    lines emitted verbatim where those elements start and end (to split page regions)."""
    lines: list[str] = []
    buf: list[str] = []
    gated = markers is not None and any(markers[0](n) for n in root.descendants)
    state = {"on": not gated}

    def newline() -> None:
        if buf:
            line = _collapse("".join(buf))
            buf.clear()
            if line:
                lines.append(line)

    def emit_text(s: str) -> None:
        if state["on"]:
            buf.append(s)

    def on_node(node) -> None:
        if isinstance(node, tuple):
            _, el = node
            if sentinels and id(el) in sentinels:
                newline()
                lines.append(sentinels[id(el)][1])
            return
        if gated:
            if markers[0](node):
                newline()
                state["on"] = True
            elif markers[1](node):
                newline()
                state["on"] = False
        if sentinels and isinstance(node, Tag) and id(node) in sentinels:
            newline()
            lines.append(sentinels[id(node)][0])

    _walk(root, emit_text, newline, on_node if (gated or sentinels) else None)
    newline()
    return lines


def element_text(root: Tag, markers: tuple[Callable, Callable] | None = None) -> str:
    return "\n".join(element_lines(root, markers))


def joined(lines: Iterable[str]) -> str:
    """Lines of a heading joined without separators (CJK headings broken by <br>/<div>),
    keeping one space between two Latin letters or digits."""
    out = ""
    for line in lines:
        if out and line and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out
