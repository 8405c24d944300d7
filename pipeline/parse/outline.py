"""Article text to its own outline: headings and numbered items with levels and extents; pure."""
from __future__ import annotations

import re

from ..records import Section
from ..text import resources as R

# A line this short (characters) with no sentence-final mark may be an unnumbered heading.
# Seed and dev headings run 10-30 characters; body lines without 。 are rarely under 40.
MAX_HEADING_CHARS = 40
# The heading of a numbered item ends at the first of these (一是加强党的领导。实施…).
_HEAD_END_RE = re.compile(r"[。；;：:！？!?]|，(?=.{25,})")
# 一是 / 二是 inside a paragraph, at its start or after a sentence or clause end.
_INLINE_SHI_RE = re.compile(r"(?:(?<=^)|(?<=[。；;：:！？]))(?P<n>[一二三四五六七八九十])是")
_CLAUSE_END_RE = re.compile(r"[，,]")
# A lead sentence: a short first sentence (4-20 characters) of a longer paragraph.
_LEAD_RE = re.compile(r"(?P<head>[^。！？\n]{4,20})[。！？]")
# Lines that look short but are not headings: dates, signatures, captions, attachments.
_NOT_HEADING_RE = re.compile(r"^(?:\d{4}年\d{1,2}月\d{1,2}日|图为|附件|（?来源|（?作者|记者|通讯员|编辑|审核|供稿)|[，,、]$")


def _marker(line: str) -> tuple[str, str, int] | None:
    """(marker type, marker text, number) of a numbered line, or None."""
    m = R.OUTLINE_MARKER_RE.match(line)
    if not m:
        return None
    for kind in ("shi", "dun", "paren", "arabic", "parenarabic", "circled", "di"):
        value = m.group(kind)
        if value is not None:
            return kind, m.group(0).strip(), _ordinal(value)
    return None


def _ordinal(value: str) -> int:
    from ..text.numbers import parse_number

    if "\u2460" <= value <= "\u2473":
        return ord(value) - 0x2460 + 1
    return int(parse_number(value, errors="ignore") or 0)


def _is_plain_heading(line: str) -> bool:
    return (
        0 < len(line) <= MAX_HEADING_CHARS
        and line[-1] not in "。！？!?；;，,：:…"
        and not _NOT_HEADING_RE.search(line)
        and not line[0].isdigit()
    )


def find_sections(article_id: str, text: str) -> list[Section]:
    """The outline of `text`. Levels come from the order in which marker types nest.

    Each marker type (一是 / 一、 / （一） / 1. / unnumbered short line) takes the level it first
    appears at; a type seen again closes every deeper level (the classic outline inference).
    """
    lines = _lines(text)
    raw: list[tuple[int, int, str, str, int, str]] = []  # start, heading_end, kind, marker, number, heading
    for start, line in lines:
        mk = _marker(line)
        if mk:
            kind, marker, number = mk
            rest = line[len(marker) :]  # lines are stripped, so the marker opens the line
            cut = _HEAD_END_RE.search(rest)
            heading = (rest[: cut.start()] if cut else rest).strip()
            if not heading:
                continue
            head_end = start + len(marker) + (cut.start() if cut else len(rest))
            raw.append((start, head_end, kind, marker, number, heading))
        elif _is_plain_heading(line) and start > 0:
            raw.append((start, start + len(line), "plain", "", 0, line))
    raw = _drop_lone_plain(raw)
    raw += _inline_items(lines, {r[0] for r in raw})
    raw += _lead_items(lines, {r[0] for r in raw})
    raw.sort(key=lambda r: r[0])
    return _nest(article_id, raw, len(text))


def _inline_items(lines, taken: set[int]) -> list[tuple]:
    """一是…。二是…。 inside paragraphs: items when they count up from 一 at least twice."""
    found = []
    for start, line in lines:
        for m in _INLINE_SHI_RE.finditer(line):
            if start + m.start() in taken:
                continue
            rest = line[m.end() :]
            cut = _HEAD_END_RE.search(rest) or _CLAUSE_END_RE.search(rest)
            heading = (rest[: cut.start()] if cut else rest).strip()
            if heading:
                found.append((start + m.start(), start + m.end() + len(heading), "shi", m.group(0),
                              _ordinal(m.group("n")), heading))
    # Keep runs 一是, 二是, ... of two or more; a lone 一是 is a phrase, not an outline.
    out, run = [], []
    for item in found + [None]:
        if item is not None and item[4] == len(run) + 1:
            run.append(item)
            continue
        if len(run) >= 2:
            out.extend(run)
        run = [item] if item is not None and item[4] == 1 else []
    return out


def _lead_items(lines, taken: set[int]) -> list[tuple]:
    """Titled items (“五大工程” style): paragraphs opening with a short lead sentence, at least
    two of them, starting alike (实施“…”工程。 / 实施“…”工程。)."""
    leads = []
    for start, line in lines:
        m = _LEAD_RE.match(line)
        if m and start not in taken and len(line) > len(m.group(0)):
            leads.append((start, m))
    groups: dict[str, list] = {}
    for start, m in leads:
        groups.setdefault(m.group(0)[:2], []).append((start, m))
    out = []
    for members in groups.values():
        if len(members) >= 2:
            for n, (start, m) in enumerate(members, start=1):
                heading = m.group("head")
                out.append((start, start + len(heading), "lead", "", n, heading))
    return out


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos + len(line) - len(line.lstrip()), line.strip()))
        pos += len(line) + 1
    return out


def _drop_lone_plain(raw):
    """Unnumbered short lines count as headings only when there are at least two of them."""
    plain = [r for r in raw if r[2] == "plain"]
    if len(plain) >= 2:
        return raw
    return [r for r in raw if r[2] != "plain"]


def _nest(article_id: str, raw, text_end: int) -> list[Section]:
    stack: list[str] = []  # marker kinds, outermost first
    counters: list[int] = []
    codes: list[str] = []
    out: list[dict] = []
    for start, head_end, kind, marker, number, heading in raw:
        if kind in stack:
            depth = stack.index(kind)
            del stack[depth + 1 :], counters[depth + 1 :], codes[depth + 1 :]
            counters[depth] += 1
        else:
            stack.append(kind)
            counters.append(1)
            codes.append("")
            depth = len(stack) - 1
        code = ".".join(str(c) for c in counters[: depth + 1])
        codes[depth] = code
        parent = codes[depth - 1] if depth > 0 else None
        out.append(dict(start=start, heading_end=head_end, level=depth + 1, code=code,
                        parent=parent, heading=heading, marker=marker))
    sections = []
    for i, s in enumerate(out):
        end = text_end
        for later in out[i + 1 :]:
            if later["level"] <= s["level"]:
                end = later["start"]
                break
        sections.append(Section(article_id=article_id, code=s["code"], level=s["level"], heading=s["heading"],
                                parent=s["parent"], marker=s["marker"], start=s["start"], end=end,
                                heading_end=s["heading_end"]))
    return sections


# An article stating its own N×N framework: “四个三”, “三个三”, 党建“五大工程”, 三项措施.
_STATED_RE = re.compile(r"[“‘]([一二三四五六七八九十两]个[一二三四五六七八九十])[”’]|[“‘]?([一二三四五六七八九十]大工程|[一二三四五六七八九十]项(?:措施|工程|举措))[”’]?")


def stated_framework(text: str) -> str | None:
    """The framework an article names for itself (“四个三”, “五大工程”), first found."""
    m = _STATED_RE.search(text)
    return (m.group(1) or m.group(2)) if m else None
