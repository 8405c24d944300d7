"""Dates as Chinese government and school pages write them → ISO 8601 strings.

Pure functions, no I/O. Every result is validated (month 1–12, day within the month,
time within the day); a bare year or year-month is never completed to a 1 January.
"""
from __future__ import annotations

import calendar
import re

__all__ = ["parse_date", "find_labelled_date", "labelled_dates", "date_from_url", "iso_date"]

# Full-width digits and separators → ASCII, one character for one (offsets are kept).
_FULLWIDTH = str.maketrans("０１２３４５６７８９／－．：", "0123456789/-.:")

# Chinese numerals used in dates written out in full (二〇二二年一月二十七日).
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_TIME = (
    r"(?:"
    r"(?:\s*T\s*|[ \t\u00a0\u3000]+|-|(?<=[日号])\s*)"  # date/time glue: T, spaces, the '-' of gov.cn metas, or nothing after 日
    r"(?P<H>\d{1,2})"  # hour
    r"(?:[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?"  # :MM[:SS]
    r"|时(?P<M2>\d{1,2})分(?:(?P<S2>\d{1,2})秒)?)"  # or 时MM分[SS秒]
    r"(?!\d)"  # not the start of a longer number
    r")?"
)

_DATE_RE = re.compile(
    r"(?<![\d.])"  # not inside a longer number or a dotted version string
    r"(?P<y>(?:19|20)\d{2})"  # four-digit year, 1900–2099 (two-digit years are never guessed)
    r"(?:"
    r"\s*年\s*(?P<cm>\d{1,2})\s*月\s*(?P<cd>\d{1,2})\s*[日号]"  # 2023年10月12日
    r"|(?P<sep>[-/.])(?P<nm>\d{1,2})(?P=sep)(?P<nd>\d{1,2})(?!\d|(?P=sep)\d(?!\d?[:：]))"  # 2022-02-11, 2022/02/11, 2022.02.11; not 2022.02.11.3
    r")"
    + _TIME
)

_CN_NUM = "〇○零Ｏ一二三四五六七八九十"
_CN_DATE_RE = re.compile(
    rf"(?P<y>[{_CN_NUM[:4]}一二三四五六七八九]{{4}})年"  # 二〇二二年: four numeral digits
    rf"(?P<m>[{_CN_NUM}]{{1,3}})月"  # 一月 … 十二月
    rf"(?P<d>[{_CN_NUM}]{{1,3}})日"  # 一日 … 三十一日
)

# A label announcing the publication date, then ':' / '：' or spaces, then the date.
_LABEL_RE = re.compile(
    r"(?:"
    r"(?P<pub>发布时间|发布日期|发表时间|发表日期|发稿时间|发布于)"  # publication labels, preferred
    r"|(?P<upd>更新时间|更新日期)"  # update labels, weakest
    r"|(?<![\u4e00-\u9fff])(?P<bare>时间|日期)"  # bare labels, only when not the tail of a longer word (成文日期, 页面生成时间, 会议时间)
    r")"
    r"(?:\s*[:：]\s*|[ \t\u00a0\u3000]+)"  # ':' or '：' (spaces around allowed) or at least one space
    r"[\[(（【]?\s*"  # an optional opening bracket before the date
)

# Date patterns in URLs, tried in order.
_URL_PATTERNS = [
    re.compile(r"(?<![A-Za-z0-9])t(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})_\d+"),  # TRS: t20231012_123.html
    re.compile(r"/art/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/"),  # Hanweb: /art/2023/10/12/
    re.compile(r"/(?P<y>(?:19|20)\d{2})[-/_]?(?P<m>\d{2})[-/_]?(?P<d>\d{2})/"),  # /20231012/, /2023-10-12/, /202310/12/
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/"),  # /2021/1/26/
]


def _iso(y: int, m: int, d: int, hh: int | None = None, mm: int | None = None,
         ss: int | None = None) -> str | None:
    """ISO string for a validated date (and time, when hour and minute are valid)."""
    if not (1900 <= y <= 2099 and 1 <= m <= 12):
        return None
    if not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    out = f"{y:04d}-{m:02d}-{d:02d}"
    if hh is None or mm is None or not (0 <= hh <= 23 and 0 <= mm <= 59):
        return out
    out += f"T{hh:02d}:{mm:02d}"
    if ss is not None and 0 <= ss <= 59:
        out += f":{ss:02d}"
    return out


def _from_match(m: re.Match) -> str | None:
    y = int(m["y"])
    mo = int(m["cm"] or m["nm"])
    d = int(m["cd"] or m["nd"])
    hh = int(m["H"]) if m["H"] else None
    mi = m["M"] or m["M2"]
    se = m["S"] or m["S2"]
    return _iso(y, mo, d, hh, int(mi) if mi else None, int(se) if se else None)


def _cn_number(s: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十七 → 27, 三十一 → 31; None if malformed."""
    if "十" not in s:
        return _CN_DIGITS.get(s) if len(s) == 1 else None
    tens, _, units = s.partition("十")
    t = _CN_DIGITS.get(tens, -1) if tens else 1
    u = _CN_DIGITS.get(units, -1) if units else 0
    if t < 1 or u < 0 or "十" in units:
        return None
    return t * 10 + u


def _from_cn_match(m: re.Match) -> str | None:
    y = int("".join(str(_CN_DIGITS[c]) for c in m["y"]))
    mo, d = _cn_number(m["m"]), _cn_number(m["d"])
    if mo is None or d is None:
        return None
    return _iso(y, mo, d)


def _dates_with_pos(text: str) -> list[tuple[int, int, str]]:
    """All valid dates in `text` as (start, end, iso), in order of position."""
    norm = text.translate(_FULLWIDTH)
    found = []
    for m in _DATE_RE.finditer(norm):
        iso = _from_match(m)
        if iso:
            found.append((m.start(), m.end(), iso))
    if "年" in norm:
        for m in _CN_DATE_RE.finditer(norm):
            iso = _from_cn_match(m)
            if iso:
                found.append((m.start(), m.end(), iso))
    found.sort()
    return found


def parse_date(text: str) -> str | None:
    """The first valid date (with its time, if written) in `text`, as ISO 8601; else None."""
    if not text:
        return None
    found = _dates_with_pos(text)
    return found[0][2] if found else None


def _date_at(text: str, pos: int) -> str | None:
    """A date starting exactly at `pos` (after full-width normalisation), else None."""
    norm = text.translate(_FULLWIDTH)
    m = _DATE_RE.match(norm, pos)
    if m:
        return _from_match(m)
    m = _CN_DATE_RE.match(norm, pos)
    return _from_cn_match(m) if m else None


_RANK = {"pub": 0, "bare": 1, "upd": 2}


def labelled_dates(text: str) -> list[tuple[int, int, str]]:
    """Every labelled date in `text` as (position, rank, iso); rank 0 = 发布时间/发布日期/发表时间,
    1 = bare 时间/日期, 2 = 更新时间. Labels ending a longer word (成文日期) are not labels."""
    out = []
    for m in _LABEL_RE.finditer(text or ""):
        iso = _date_at(text, m.end())
        if iso:
            kind = next(k for k in ("pub", "upd", "bare") if m[k])
            out.append((m.start(), _RANK[kind], iso))
    return out


def find_labelled_date(text: str) -> str | None:
    """The date after a 发布时间/发布日期/发表时间/时间/日期/更新时间 label: the first one with the
    strongest label present. 成文日期 and dates without a label are ignored."""
    found = labelled_dates(text)
    if not found:
        return None
    best = min(rank for _, rank, _ in found)
    return next(iso for _, rank, iso in found if rank == best)


def date_from_url(url: str) -> str | None:
    """A date encoded in an article URL (t20231012_…, /art/2023/10/12/, /2021/01/26/); else None."""
    if not url:
        return None
    for pat in _URL_PATTERNS:
        for m in pat.finditer(url):
            iso = _iso(int(m["y"]), int(m["m"]), int(m["d"]))
            if iso:
                return iso
    return None


def iso_date(value: str | None) -> str | None:
    """Normalise a date given by a sidecar or a meta tag (ISO already, or any form parse_date
    reads) to ISO 8601; None when it holds no complete date."""
    if value is None:
        return None
    return parse_date(str(value).strip())
