"""Plain-text page dumps (title, info line, body, metadata lines, footer chrome) to page fields; pure."""
from __future__ import annotations

import logging

from ..text import resources as R
from .dates import find_labelled_date

log = logging.getLogger(__name__)

# How far down the dump the title and the info line may stand (lines). Seen in page dumps:
# welcome line, breadcrumb, blank, title, blank, info line -> 6; 15 leaves room for menus.
HEAD_LINES = 15
# Longest line taken for a title (characters); the longest dev title is 62 characters.
MAX_TITLE_CHARS = 80
# Longest line taken for a metadata line left out of the body (characters); the longest
# 来源/发布时间 line in corpus-real is 49 (date, source and the page's toolbar).
MAX_META_CHARS = 60

_STRIP = " \t\r\u3000\u00a0\ufeff"


def clean_line(line: str) -> str:
    return line.strip(_STRIP)


def parse_text_page(text: str) -> dict[str, str | None]:
    """Split a text dump into title, published, author, source, site, original_url and body.

    The head is what stands above the first prose line: an info line there with text under it
    opens the body; a dump without one is all body (its first line doubles as the title).
    Metadata lines (来源/发布时间) are never body, wherever they stand; when the head has no info
    line, the first one under the last prose line (a dump's closing 来源) gives the fields.
    """
    lines = [clean_line(x) for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    prose_at = _first_prose(lines)
    info_at = _info_line(lines, prose_at)
    start = info_at + 1 if info_at is not None else 0
    end = _footer_line(lines, start)
    body_lines = [x for i, x in enumerate(lines[start:end], start) if _is_body(x, in_head=i < prose_at)]
    info = _unbracket(lines[info_at]) if info_at is not None else _tail_info(lines[start:end])
    title_at = _title_line(lines, info_at)
    tail = "\n".join(lines[end:])
    head = lines[: max(start, 1)]
    return {
        "title": lines[title_at] if title_at is not None else None,
        "published": find_labelled_date(info) if info else None,
        "author": _field(R.AUTHOR_RE, info),
        "source": _field(R.SOURCE_RE, info),
        "site": _site(head, lines[end:]),
        "url": None,
        "original_url": _field(R.ORIGINAL_URL_RE, tail),
        "body": "\n".join(body_lines),
    }


def _is_chrome(line: str) -> bool:
    """A site line above the article: breadcrumb or welcome."""
    return bool(R.BREADCRUMB_RE.search(line) or R.SITE_WELCOME_RE.search(line))


def _is_meta(line: str) -> bool:
    """A line that is only a source or date label and its value: （来源：新华社）."""
    return len(line) <= MAX_META_CHARS and bool(R.METADATA_LINE_RE.match(line))


def _is_prose(line: str) -> bool:
    """A line of article text: ends a sentence or is too long for a title."""
    if not line or _is_chrome(line) or _is_meta(line):
        return False
    return len(line) > MAX_TITLE_CHARS or bool(R.PROSE_END_RE.search(line))


def _is_body(line: str, *, in_head: bool) -> bool:
    """Not blank, not a metadata line, and not site chrome above the article."""
    return bool(line) and not _is_meta(line) and not (in_head and _is_chrome(line))


def _first_prose(lines: list[str]) -> int:
    return next((i for i, line in enumerate(lines) if _is_prose(line)), len(lines))


def _info_line(lines: list[str], prose_at: int) -> int | None:
    """The info line of the head (above the first prose line), when text stands under it."""
    for i, line in enumerate(lines[: min(HEAD_LINES, prose_at)]):
        if line and len(line) < 200 and R.INFO_LINE_RE.search(line) and not R.BREADCRUMB_RE.search(line):
            below = lines[i + 1 : _footer_line(lines, i + 1)]
            return i if any(_is_body(x, in_head=True) for x in below) else None
    return None


def _tail_info(lines: list[str]) -> str:
    """The first metadata line under the last prose line (without its brackets), else ''."""
    last = max((i for i, line in enumerate(lines) if _is_prose(line)), default=-1)
    return next((_unbracket(x) for x in lines[last + 1 :] if _is_meta(x)), "")


def _unbracket(line: str) -> str:
    m = R.BRACKETED_RE.match(line)
    return m.group("v") if m else line


def _title_line(lines: list[str], info_at: int | None) -> int | None:
    """The title: the nearest plausible line above the info line, else the first text line."""
    if info_at is not None:
        for i in range(info_at - 1, -1, -1):
            if _is_title(lines[i]):
                return i
        return None
    for i, line in enumerate(lines[:HEAD_LINES]):
        if line and not _is_chrome(line) and not _is_meta(line):
            return i if _is_title(line) else None
    return None


def _is_title(line: str) -> bool:
    return bool(
        line
        and len(line) <= MAX_TITLE_CHARS
        and not R.BREADCRUMB_RE.search(line)
        and not R.SITE_WELCOME_RE.search(line)
        and not R.TITLE_BAD_END_RE.search(line)
        and not R.BYLINE_RE.match(line)
    )


def _footer_line(lines: list[str], start: int) -> int:
    for i in range(start, len(lines)):
        if R.FOOTER_RE.match(lines[i]):
            return i
    return len(lines)


def _field(pattern, text: str) -> str | None:
    m = pattern.search(text)
    if not m:
        return None
    value = m.group("v").strip(_STRIP + "|｜")
    return value or None


def _site(head: list[str], footer: list[str]) -> str | None:
    for line in head:
        m = R.SITE_WELCOME_RE.search(line)
        if m:
            return m.group("v")
    for line in footer:
        m = R.SITE_COPYRIGHT_RE.search(line)
        if m:
            return m.group("v")
    return None
