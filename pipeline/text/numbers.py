"""Numeral spans (Arabic, full-width, Chinese, mixed with 万/亿) to values; pure functions."""
from __future__ import annotations

import math
import re

# Values of single Chinese numeral digits; 两 and 〇 are the colloquial/financial forms.
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
# Small units inside a 万-section, and the section units themselves.
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_LARGE = {"万": 10_000, "亿": 100_000_000}
_MULTIPLIERS = {**_CN_SMALL, **_CN_LARGE}

# Full-width digits and punctuation to ASCII (a value-only mapping: offsets never depend on it).
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_ARABIC_RE = re.compile(r"^(\d+(?:,\d{3})*(?:\.\d+)?)([余多]?)([十百千万亿]*)$")


class NumberError(ValueError):
    """A span that is not a number this module can read."""


# Characters of the longest span read as a number: 1,234,567,890,123.45 has 20, and
# 九千九百九十九亿九千九百九十九万 16; a longer run of digits is a code or junk, and reading it
# would overflow a float or pass Python's 4,300-digit limit for int (issue 10).
MAX_NUMERAL_CHARS = 40


def parse_number(text: str, *, errors: str = "raise") -> float | None:
    """Value of a numeral span: '605', '1.5万', '１００', '一万', '两万', '六百零五', '一点五万'.

    Approximation marks inside the span (12余万) are ignored here; the caller reads them.
    With errors="ignore", a span that cannot be read gives None instead of NumberError.
    """
    try:
        return _parse(text)
    except NumberError:
        if errors == "ignore":
            return None
        raise


def _parse(text: str) -> float:
    s = text.strip().translate(_FULLWIDTH)
    if not s:
        raise NumberError("empty numeral")
    if len(s) > MAX_NUMERAL_CHARS:
        raise NumberError(f"numeral of {len(s)} characters is no count")
    if s == "半":  # 半年, 半个月
        return 0.5
    m = _ARABIC_RE.match(s)
    if m:
        value = float(m.group(1).replace(",", ""))
        for ch in m.group(3):
            value *= _MULTIPLIERS[ch]
        return _clean(value)
    if "点" in s:
        whole, _, rest = s.partition("点")
        digits = "".join(ch for ch in rest if ch in _CN_DIGITS)
        tail = rest[len(digits):]
        if not digits or any(ch not in _MULTIPLIERS for ch in tail):
            raise NumberError(f"cannot read numeral {text!r}")
        value = float(f"{int(_chinese_integer(whole)) if whole else 0}."
                      + "".join(str(_CN_DIGITS[ch]) for ch in digits))
        for ch in tail:
            value *= _MULTIPLIERS[ch]
        return _clean(value)
    return _clean(float(_chinese_integer(s)))


def _chinese_integer(s: str) -> int:
    """Integer value of a Chinese numeral: 六百零五, 十二, 百, 两万余 (余 dropped), 二〇二一."""
    s = s.replace("余", "").replace("多", "")
    if not s or any(ch not in _CN_DIGITS and ch not in _MULTIPLIERS for ch in s):
        raise NumberError(f"cannot read numeral {s!r}")
    if all(ch in _CN_DIGITS for ch in s) and len(s) > 1:
        # A digit string such as 二〇二一 (years, codes): read digit by digit.
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[ch]
            digit = None
        else:  # 万 / 亿 close a section
            section += digit or 0
            if section == 0:
                section = 1
            if ch == "亿":
                total = (total + section) * _CN_LARGE[ch]
            else:
                total += section * _CN_LARGE[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def _clean(value: float) -> float:
    """Round away binary noise (1.5*10000 stays 15000.0)."""
    if math.isfinite(value):
        return round(value, 6)
    raise NumberError("not a finite number")


def fraction_percent(denominator: str, numerator: str) -> float:
    """三分之一 -> 33.33 (percent, two decimals)."""
    den = parse_number(denominator)
    num = parse_number(numerator)
    if not den:
        raise NumberError("zero denominator")
    return round(100.0 * num / den, 2)
