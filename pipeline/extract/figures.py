"""Sentences to figures (SPEC §1): value, unit, qualifier, what is counted, claim; pure."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import Callable

from ..records import Figure, Sentence, item_id
from ..text import resources as R
from ..text.numbers import NumberError, fraction_percent, parse_number
from ..text.quotes import inside_any, quote_spans
from .counted import counted_phrase

log = logging.getLogger(__name__)

# Years written as 4-digit numbers before 年 are dates, not durations (连续2年 is a duration).
YEAR_RANGE = (1900, 2100)
_DIGIT_TRANS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class Candidate:
    """A possible figure in a sentence, offsets relative to the sentence. `rule` names the
    pattern that proposed it; `flags` the never-figure rules (SPEC §1) that fire on it. The rules
    propose, the figure model decides (figure_model); without a model, a flag rejects."""

    start: int
    end: int
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    number_start: int
    number_end: int
    rule: str = "unit"
    flags: tuple[str, ...] = ()


def find_candidates(sentence: str, *, names: tuple[str, ...] = ()) -> list[Candidate]:
    """Every possible figure of one sentence, flagged, before `counted` and `claim` are added.

    `names` are names the article quotes somewhere (“五星三名”): their numbers are flagged
    `named`, quoted or not.
    """
    quotes = quote_spans(sentence)
    masked = [(m.start(), m.end()) for m in R.SET_PHRASE_RE.finditer(sentence)]
    for name in names:
        at = sentence.find(name)
        while at >= 0:
            masked.append((at, at + len(name)))
            at = sentence.find(name, at + 1)
    extra: list[Candidate] = []
    for m in R.PERCENT_WORDS_RE.finditer(sentence):
        value = parse_number(m.group("num"), errors="ignore")
        if value is not None:
            extra.append(Candidate(m.start(), m.end(), value, None, "%", _pre(m), m.start("num"), m.end("num"), "percent_words"))
    for m in R.FRACTION_RE.finditer(sentence):
        try:
            value = fraction_percent(m.group("den"), m.group("num"))
        except NumberError:
            continue
        extra.append(Candidate(m.start(), m.end(), value, None, "%", _pre(m), m.start("den"), m.end("num"), "fraction"))
    for m in R.TENTHS_RE.finditer(sentence):
        value = parse_number(m.group("num").replace("点", "."), errors="ignore")
        if value is not None:
            extra.append(Candidate(m.start(), m.end(), value * 10, None, "%", _pre(m), m.start("num"), m.end("num"), "tenths"))
    # Written-out percentages and fractions first (三分之一 holds 三分), then numbers with a unit,
    # then bare 万/亿 numbers where nothing else stands.
    found: list[Candidate] = []
    for c in extra:
        if not _overlaps(c.start, c.end, found):
            found.append(replace(c, flags=("quoted",) if inside_any(c.start, c.end, quotes) else ()))
    for m in R.FIGURE_RE.finditer(sentence):
        cand = _from_match(sentence, m)
        if cand and not _overlaps(cand.start, cand.end, found):
            found.append(replace(cand, flags=_flags(sentence, m, cand, quotes, masked)))
    for m in R.BARE_SCALE_RE.finditer(sentence):
        value = parse_number(m.group("num"), errors="ignore")
        if value is not None and not _overlaps(m.start(), m.end(), found):
            flags = (("quoted",) if inside_any(m.start(), m.end(), quotes) else ()) + (
                ("level",) if R.LEVEL_AFTER_RE.match(sentence[m.end():]) else ())
            found.append(Candidate(m.start(), m.end(), value, None, "", _pre(m), m.start("num"), m.end("num"),
                                   "bare_scale", flags))
    return sorted(found, key=lambda c: (c.start, c.end))


def _pre(m: re.Match) -> str:
    return R.PRE_QUALIFIERS.get(m.group("pre") or "", "exact")


def _overlaps(start: int, end: int, found: list[Candidate]) -> bool:
    return any(c.start < end and start < c.end for c in found)


def _from_match(sentence: str, m: re.Match) -> Candidate | None:
    num, num2 = m.group("num"), m.group("num2")
    value = parse_number(num, errors="ignore")
    if value is None:
        return None
    value_max = parse_number(num2, errors="ignore") if num2 else None
    if value_max is None and (pair := R.ADJACENT_DIGITS_RE.match(num)):
        # 八九个, 三四百首: two neighbouring digits give an approximate range.
        low, high = parse_number(pair.group(1)), parse_number(pair.group(2))
        if high == low + 1:
            scale = parse_number("1" + pair.group(3)) if pair.group(3) else 1.0
            value, value_max = low * scale, high * scale
    unit = ("个" if m.group("ge") else "") + (m.group("unit") or "个百分点") + (m.group("per") or "")
    if unit == "％":
        unit = "%"
    qualifier = "exact"
    if m.group("pre"):
        qualifier = R.PRE_QUALIFIERS[m.group("pre")]
    elif m.group("post1") or m.group("ge") or "余" in num or "多" in num:
        qualifier = "more_than"
    elif m.group("post2"):
        qualifier = R.POST_QUALIFIERS[m.group("post2")]
    if value_max is not None:
        qualifier = "range"
        # 20至30万: a multiplier written once applies to both ends.
        if value_max > value and num2 and num2[-1] in R.MULTIPLIER and num[-1] not in R.MULTIPLIER:
            scale = parse_number("1" + num2[-1])
            if value * scale <= value_max:
                value = value * scale
    start = m.start()
    return Candidate(start, m.end(), value, value_max, unit, qualifier, m.start("num"), m.end("num2") if num2 else m.end("num"))


def _flags(sentence: str, m: re.Match, c: Candidate, quotes, masked) -> tuple[str, ...]:
    """The SPEC §1 never-figure rules that fire: quoted names, set phrases, ordinals, dates,
    codes, the indefinite 一. Features of the figure model; vetoes when there is no model."""
    num = m.group("num")
    before = sentence[: m.start()]
    after = sentence[m.end() :]
    unit = m.group("unit") or ""
    flags = []
    if inside_any(c.start, c.end, quotes):
        flags.append("quoted")
    if any(s <= c.number_start < e for s, e in masked):
        flags.append("named")
    if R.ORDINAL_BEFORE_RE.search(before):
        flags.append("ordinal")
    if R.CODE_BEFORE_RE.search(before):
        flags.append("code_before")
    if before.endswith("每"):
        flags.append("per")
    if unit and any(after.startswith(w) for w in R.UNIT_WORD_AFTER.get(unit[-1], ())):
        flags.append("unit_word")
    if R.NEVER_AFTER_RE.match(after) and unit in ("年", "届", "期", "次"):
        flags.append("never_after")
    if unit in ("月", "日") and (before.endswith(("年", "月")) or R.DAY_AFTER_RE.match(after)):
        flags.append("date")  # 11月18日: a date, not a duration (dev 033, 040; dev2 125)
    elif unit in ("月", "日") and not m.group("ge"):
        flags.append("month_or_day")  # 6月主题党日, 13日: a month or a day alone (dev 039, 041; dev2 106, 125)
    if all(ch in R.MULTIPLIER for ch in num) and not (m.group("post1") or m.group("pre")):
        flags.append("multiplier_only")  # 万亿元台阶, 百亿级: a magnitude (dev2 118, 130); 百余名 counts
    if R.LEVEL_AFTER_RE.match(after):
        flags.append("level")
    if unit == "班" and (R.GRADE_BEFORE_RE.search(before) or len(num) >= 3):
        flags.append("class_name")  # 高二3班, 2020级2班, 305班 (dev2 133, 140, 158; issue 8)
    if unit == "届" and R.COHORT_AFTER_RE.match(after):
        flags.append("cohort")  # 80届的学生, 2019届毕业生 (dev2 109 school-party, 140 and 149 school-news)
    if unit == "届" and R.CONGRESS_AFTER_RE.match(after):
        flags.append("congress")
    is_chinese = not any(ch.isdigit() for ch in num.translate(_DIGIT_TRANS))
    has_scale = any(ch in R.MULTIPLIER for ch in num) or m.group("post1") or m.group("pre")
    # The indefinite 一 (一条新路径, 一批, 一支队伍) and 两 in set phrases count nothing.
    if is_chinese and num == "一" and not has_scale:
        flags.append("indefinite")
    if unit == "年":
        digits = num.translate(_DIGIT_TRANS)
        if is_chinese and num in R.ROUND_YEARS:  # 百年, 十年: periods and anniversaries in prose
            flags.append("round_years")
        if digits.isdigit() and YEAR_RANGE[0] <= int(digits) <= YEAR_RANGE[1]:
            flags.append("year")
    # A number glued to a Latin letter or digit after it is a code (No.3A, 2x2).
    if after[:1].isascii() and after[:1].isalpha():
        flags.append("code_after")
    elif after[:1].isdigit():
        flags.append("digit_after")  # a code (3班2号) or a list of counts (7金11银)
    return tuple(flags)


def quoted_numeral_names(texts) -> tuple[str, ...]:
    """Short quoted names holding a numeral (“五星三名”, “三个一”), to mask where unquoted."""
    from ..text.segment import quoted_names

    return tuple(sorted((n for n in quoted_names(texts) if _NUMERAL_RE.search(n)), key=len, reverse=True))


_NUMERAL_RE = re.compile(rf"[{R.DIGIT}{R.CN_DIGIT}]")


# Flags that are features for the model but no reason to reject on their own (百余名 is a count).
SOFT_FLAGS = frozenset({"multiplier_only"})


def no_flags(sentence: Sentence, c: Candidate) -> bool:
    """The rule decision (no model): a candidate that no never-figure rule flags is a figure."""
    return not set(c.flags) - SOFT_FLAGS


def extract(sentence: Sentence, *, tagger=None, names: tuple[str, ...] = (),
            decide: Callable[[Sentence, Candidate], bool] = no_flags) -> list[Figure]:
    """Figures of one sentence with absolute spans: the candidates `decide` keeps (the figure
    model's decision, figure_model.keep; or the rules). `tagger` is a jieba POSTokenizer or None."""
    cands = [c for c in find_candidates(sentence.text, names=names) if decide(sentence, c)]
    if not cands:
        return []
    tagged = list(tagger.cut(sentence.text)) if tagger is not None else None
    return [to_figure(sentence, c, tagged) for c in cands]


def to_figure(sentence: Sentence, c: Candidate, tagged) -> Figure:
    """The Figure record of a kept candidate: what it counts (from the POS-tagged sentence) and
    its claim."""
    return Figure(
        article_id=sentence.article_id,
        text=sentence.text[c.start : c.end],
        value=c.value,
        value_max=c.value_max,
        unit=c.unit,
        qualifier=c.qualifier,
        counted=counted_phrase(sentence.text, c.start, c.end, tagged),
        sentence=sentence.text,
        start=sentence.start + c.start,
        end=sentence.start + c.end,
        section=sentence.section,
        claim=claim(sentence.text[max(0, c.start - CLAIM_WINDOW) : c.start]),
        item_id=item_id(sentence.article_id, "figure", sentence.start + c.start, sentence.start + c.end),
    )


# Characters before a figure read for its claim cues (the clause it stands in): bounded so a
# sentence of thousands of figures costs linear time (issue 10); the longest sentence holding
# a figure in ../shared/corpus-real has 689 characters, so real clauses are read whole.
CLAIM_WINDOW = 1000


def claim(before: str) -> str:
    """achieved / target / other from the cue words before the figure in its sentence."""
    clause = re.split(r"[。；;]", before)[-1]
    if R.TARGET_CUES_RE.search(clause):
        return "target"
    if R.ACHIEVED_CUES_RE.search(clause):
        return "achieved"
    return "other"
