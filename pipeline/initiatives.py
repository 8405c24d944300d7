"""Sentences to initiative mentions (SPEC §2): quoted, titled and introduced names; pure."""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import resources as R
from .numbers import parse_number
from .quotes import Quote, inside_any, quote_spans
from .records import Initiative, Sentence

# Quoted text longer than this (characters) is speech or a slogan, not a name; the longest
# quoted name in the gold annotations has 24 characters. Titles in 《》 may be longer.
MAX_NAME_CHARS = 30
# A quoted word this short must be followed by a programme noun to count as a name.
SHORT_NAME_CHARS = 2
_NUMERAL = re.compile(r"[0-9一二三四五六七八九十百千万两双]")


@dataclass(frozen=True)
class Found:
    name: str
    kind: str
    start: int  # of the mention, relative to the sentence
    end: int


def kind_of(name: str, following: str = "") -> str:
    """SPEC §2 kind from the name's ending, else the type noun after the closing mark. A
    framework's name (“三个三”) stays a framework unless the noun after it says it is an
    activity or a project (“三个一”主题活动)."""
    head = re.split(r"[，,。；;、]", following, maxsplit=1)[0][:8]
    after = next((kind for suffixes, kind in R.KIND_SUFFIXES if any(s in head for s in suffixes)), None)
    if R.FRAMEWORK_NAME_RE.match(name):
        return after if after in ("campaign", "project", "plan") else "framework"
    for suffixes, kind in R.KIND_SUFFIXES:
        if name.endswith(suffixes):
            return kind
    if after:
        return after
    if "、" in name or "，" in name:
        return "principle"
    return "programme"


def find_initiatives(text: str, *, is_heading: bool = False, stoplist: frozenset[str] = frozenset()) -> list[Found]:
    """Initiative mentions in one sentence `text`."""
    quotes = quote_spans(text)
    found: list[Found] = []
    for q in _candidate_quotes(text, quotes):
        listed = _enumerated(text, q)
        if listed:
            found.extend(listed)
            continue
        f = _from_quote(text, q, quotes, is_heading=is_heading, stoplist=stoplist)
        if f:
            found.append(f)
    for m in R.ENUM_NAMES_RE.finditer(text):
        pos = m.start("list")
        items = R.ENUM_SPLIT_RE.split(m.group("list"))
        if len({_suffix(i) for i in items}) == 1:  # parallel: all share one programme noun
            for item in items:
                at = text.index(item, pos)
                found.append(Found(item, kind_of(item), at, at + len(item)))
                pos = at + len(item)
    for m in R.UNQUOTED_NAME_RE.finditer(text):
        name = m.group("name")
        if inside_any(m.start("name"), m.end("name"), quotes) or name.startswith(R.GENERIC_NAME_START) \
                or R.COUNT_NAME_RE.match(name):
            continue
        if name in stoplist or any(f.start < m.end("name") and m.start("name") < f.end for f in found):
            continue
        found.append(Found(name, kind_of(name), m.start("name"), m.end("name")))
    return sorted(found, key=lambda f: f.start)


def _suffix(name: str) -> str:
    return next((s for s in ("计划", "工程", "行动", "工作室", "联盟", "品牌") if name.endswith(s)), "")


def _candidate_quotes(text: str, quotes: list[Quote]) -> list[Quote]:
    """Outermost quotes, plus quotes nested in quoted speech (not those inside titles)."""
    out = []
    for q in quotes:
        if q.depth == 0:
            out.append(q)
            continue
        parent = max((p for p in quotes if p.start < q.start and q.end <= p.end), key=lambda p: p.start, default=None)
        if parent is not None and parent.mark not in R.TITLE_MARKS and _is_speech(text[parent.inner_start : parent.inner_end]):
            out.append(q)
    return out


def _is_speech(inner: str) -> bool:
    return len(inner) > MAX_NAME_CHARS or bool(R.SPEECH_PUNCT_RE.search(inner))


def _from_quote(text: str, q: Quote, quotes, *, is_heading: bool, stoplist: frozenset[str]) -> Found | None:
    inner = text[q.inner_start : q.inner_end].strip()
    before, after = text[: q.start], text[q.end :]
    if len(inner) < 2 or inner in stoplist:
        return None
    if R.THEME_BEFORE_RE.search(before) or R.THEME_AFTER_RE.match(after):
        return None
    introduced = bool(
        R.TYPE_NOUN_AFTER_RE.match(after)
        or R.PROGRAMME_VERB_BEFORE_RE.search(before)
        or R.TYPE_NOUN_BEFORE_RE.search(before)
        or (R.YI_WEI_RE.search(before) and after.startswith("为"))
    )
    if q.mark in R.TITLE_MARKS:
        # Titles are the organisation's documents when they read as one (…指南, …实施意见) or
        # are introduced as one (…等地方教材); titles of articles, talks and films are not.
        is_document = kind_of(inner) == "document" or inner.endswith(_DOCUMENT_ENDINGS)
        if R.MEDIA_TITLE_RE.search(inner) or not (is_document or introduced):
            return None
        return Found(inner, "document", q.start, q.end)
    if _is_speech(inner) or R.SPEECH_VERBS_RE.search(before) or R.SPEECH_START_RE.match(inner):
        return None
    if R.COUNT_START_RE.match(inner) or R.CONCEPT_RE.search(inner) or R.HONOUR_RE.search(inner) or R.HONOUR_CONTEXT_RE.match(after):
        return None
    if R.EVALUATIVE_BEFORE_RE.search(before) and (not after or after[0] in "。，,；;！!"):
        return None
    if is_heading and not after.strip("。！!"):
        return None  # the closing quote of a heading is its slogan: 筑牢“红色堡垒”
    short = len(inner) <= SHORT_NAME_CHARS and not _NUMERAL.search(inner)
    if short and not R.PROGRAMME_NOUN_AFTER_RE.match(after):
        return None
    name, end = inner, q.end
    for suffix in R.NAME_TYPE_SUFFIXES:
        if after.startswith(suffix):
            name, end = inner + suffix, q.end + len(suffix)
            break
    # A quoted phrase is a name only when its own ending, the noun after it or the verb
    # before it says so; otherwise it is a slogan, a catchword or a quotation.
    if not (introduced or _has_kind_suffix(name)):
        return None
    return Found(name, kind_of(name, after), q.start, end)


# Endings of document titles beyond the kind table (教材 and 读本 are there already).
_DOCUMENT_ENDINGS = ("指南", "意见", "办法", "方案", "通知", "规定", "条例", "规范", "细则", "纲要", "决定",
                     "清单", "手册", "读本", "教材", "标准", "规划", "计划", "制度", "准则", "实施方案")


def _has_kind_suffix(name: str) -> bool:
    return any(name.endswith(suffixes) for suffixes, _ in R.KIND_SUFFIXES)


def _enumerated(text: str, q: Quote) -> list[Found]:
    """Items of a quoted enumeration followed by their count: ‘A、B、C’三大工程 -> A, B, C."""
    inner = text[q.inner_start : q.inner_end]
    items = inner.split("、")
    m = R.ENUM_COUNT_AFTER_RE.match(text[q.end :])
    if len(items) < 3 or not m or parse_number(m.group("n"), errors="ignore") != len(items):
        return []
    if any(not 2 <= len(i.strip()) <= 8 or R.SPEECH_PUNCT_RE.search(i) for i in items):
        return []
    kind = kind_of("", text[q.end : q.end + 12])
    out, pos = [], q.inner_start
    for item in items:
        out.append(Found(item.strip(), kind, pos, pos + len(item)))
        pos += len(item) + 1
    return out


def extract(sentence: Sentence, *, is_heading: bool = False, stoplist: frozenset[str] = frozenset()) -> list[Initiative]:
    """Initiative rows of one sentence with absolute spans."""
    return [
        Initiative(
            article_id=sentence.article_id,
            name=f.name,
            kind=f.kind,
            mention=sentence.text[f.start : f.end],
            sentence=sentence.text,
            start=sentence.start + f.start,
            end=sentence.start + f.end,
            section=sentence.section,
        )
        for f in find_initiatives(sentence.text, is_heading=is_heading, stoplist=stoplist)
    ]


def load_stoplist(path) -> frozenset[str]:
    from pathlib import Path

    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))


def run(out, *, stoplist_path) -> int:
    """sentences.jsonl -> initiatives.jsonl."""
    import logging
    from pathlib import Path

    from . import storage
    from .progress import progress

    out = Path(out)
    stoplist = load_stoplist(stoplist_path)
    sents = storage.read_records(out / "sentences.jsonl", Sentence)
    rows = []
    for sent in progress(sents, desc="initiatives"):
        rows.extend(extract(sent, is_heading=sent.heading, stoplist=stoplist))
    storage.write_records(out / "initiatives.jsonl", rows)
    logging.getLogger(__name__).info("initiatives: %d mentions of %d names", len(rows), len({(r.article_id, r.name) for r in rows}))
    return len(rows)
