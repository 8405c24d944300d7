"""Plain-text page dumps (title, info line, body, footer chrome) to page fields; pure."""
from __future__ import annotations

import logging

from . import resources as R
from .dates import find_labelled_date

log = logging.getLogger(__name__)

# How far down the dump the title and the info line may stand (lines). Seen in page dumps:
# welcome line, breadcrumb, blank, title, blank, info line -> 6; 15 leaves room for menus.
HEAD_LINES = 15
# Longest line taken for a title (characters); the longest dev title is 62 characters.
MAX_TITLE_CHARS = 80

_STRIP = " \t\r\u3000\u00a0\ufeff"


def clean_line(line: str) -> str:
    return line.strip(_STRIP)


def parse_text_page(text: str) -> dict[str, str | None]:
    """Split a text dump into title, published, author, source, site, original_url and body."""
    lines = [clean_line(x) for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    info_at = _info_line(lines)
    title_at = _title_line(lines, info_at)
    # Under an info line the body starts after it; a dump without one (title line, then text)
    # is all body: its first line doubles as the title and may hold figures and names.
    start = info_at + 1 if info_at is not None else 0
    end = _footer_line(lines, start)
    body_lines = [x for x in lines[start:end] if x]
    info = lines[info_at] if info_at is not None else ""
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


def _info_line(lines: list[str]) -> int | None:
    for i, line in enumerate(lines[:HEAD_LINES]):
        if line and len(line) < 200 and R.INFO_LINE_RE.search(line) and not R.BREADCRUMB_RE.search(line):
            return i
    return None


def _title_line(lines: list[str], info_at: int | None) -> int | None:
    """The title: the nearest plausible line above the info line, else the first line."""
    if info_at is not None:
        for i in range(info_at - 1, -1, -1):
            if _is_title(lines[i]):
                return i
        return None
    for i, line in enumerate(lines[:HEAD_LINES]):
        if line:
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
