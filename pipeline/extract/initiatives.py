"""Sentences to initiative mentions (SPEC §2): rules propose flagged candidates, a model decides."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from ..config import INITIATIVE_MODEL
from ..records import Initiative, Sentence, item_id
from ..text import lexicon
from ..text import resources as R
from ..text.numbers import parse_number
from ..text.quotes import Quote, inside_any, quote_spans

log = logging.getLogger(__name__)

# Quoted text longer than this (characters) is speech or a slogan, not a name; the longest
# quoted name in the gold annotations has 24 characters. Titles in 《》 may be longer.
MAX_NAME_CHARS = 30
# A quoted word this short must be followed by a programme noun to count as a name.
SHORT_NAME_CHARS = 2
# Probability a candidate needs when a model decides and the model file names no threshold
# (the trained model stores the one grouped cross-validation chose in meta["threshold"]).
DEFAULT_THRESHOLD = 0.5
# Where `run` finds the trained decision model (written by `python -m pipeline.initiative_model`).
MODEL_PATH = INITIATIVE_MODEL
# Config this module's stage reads (the stored model and config.STOPLIST); in the stage fingerprint (engine.fingerprint).
READS = ('config/models/initiatives.json', 'config/not_initiatives.txt')

_NUMERAL = re.compile(r"[0-9一二三四五六七八九十百千万两双]")
_HAN = re.compile(rf"[{R.HAN}]")
_SENTENCE_END = re.compile(r"[。！？!?]")


def _alt(words) -> str:
    return "|".join(sorted(map(re.escape, set(words)), key=lambda w: (-len(w), w)))


_DOCUMENT_ENDINGS = tuple(lexicon.load("initiative_document_endings"))
_ALT_SUFFIXES = tuple(sorted(lexicon.load("initiative_alt_suffixes"), key=len, reverse=True))
_INTRO_VERBS = tuple(lexicon.load("initiative_intro_verbs"))
_ENDINGS = _alt(lexicon.load("initiative_unquoted_endings"))
# An unquoted phrase ending in a programme noun, with no verb needed (规范涉企行政执法专项行动
# 深入推进, gov-report 130; …年工作要点 titles of yearly plans): the model decides. The run may
# hold digits for years (2024年工作要点).
BARE_NAME_RE = re.compile(rf"[{R.HAN}0-9]{{2,18}}?(?:{_ENDINGS})")
# Characters that end the run before a bare name: particles and conjunctions (的, 和, 在 …).
_BARE_BREAK = re.compile(r"[的了和与及在等、]")
# Verbs that may open the first item of an unquoted enumeration (全面展开A、B、C三大工程).
_LEAD_VERBS = tuple(sorted(set(lexicon.load("initiative_intro_verbs")) | set(lexicon.load("initiative_programme_verbs")),
                           key=lambda v: (-len(v), v)))
# An unquoted enumeration closed by its count and a programme noun: A、B、C三大工程 (gov-report
# 130, and the quoted form in dev 062): the items are names when the count matches. Lists of
# 举措 / 任务 (measures, tasks) are not: seed's 以A、B、C三项举措 lists three clauses.
LIST_COUNT_RE = re.compile(rf"(?P<list>[{R.HAN}]{{2,10}}(?:、[{R.HAN}]{{2,10}})+)(?P<n>[一二三四五六七八九十]+)[大项个](?:工程|行动|计划)")
# The count and noun that close such a list; the list is looked for only in the LIST_WINDOW
# characters before one, so a long run of 、-separated words costs linear time, not quadratic
# (issue 10). 240 is twice the longest list of ten 10-character items and their 、.
_COUNT_CLOSE_RE = re.compile(r"(?<![一二三四五六七八九十])[一二三四五六七八九十]+[大项个](?:工程|行动|计划)")
LIST_WINDOW = 240
# Numbered systems written bare: 三会一课, 两学一做, 三重一大 (SPEC §2 system); candidates
# only, flagged, so the model (not a veto) decides against idioms like 一心一意.
NUMBERED_RE = re.compile(rf"[一二三四五六七八九十两][{R.HAN}][一二三四五六七八九十两双][{R.HAN}]")


@dataclass(frozen=True)
class Candidate:
    name: str
    kind: str
    start: int  # of the mention, relative to the sentence
    end: int
    rule: str  # which rule proposed it
    flags: tuple[str, ...] = ()  # the filters that would have rejected it (none: the old rules keep it)


Found = Candidate  # the old name, kept for callers of find_initiatives


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


def find_candidates(text: str, *, is_heading: bool = False, stoplist: frozenset[str] = frozenset()) -> list[Candidate]:
    """Every span of one sentence `text` that may name an initiative, each with the rule that
    proposed it and the flags of the filters that would have rejected it. Only broken spans
    (fewer than two characters) are dropped."""
    quotes = quote_spans(text)
    out: list[Candidate] = []
    nested_ok = {q for q in _candidate_quotes(text, quotes)}
    for q in quotes:
        extra = () if q in nested_ok else ("nested",)
        listed = _enumerated(text, q)
        out.extend(Candidate(c.name, c.kind, c.start, c.end, c.rule, c.flags + extra) for c in listed)
        for c in _from_quote(text, q, is_heading=is_heading, stoplist=stoplist):
            out.append(Candidate(c.name, c.kind, c.start, c.end, c.rule, c.flags + extra + (("enumerated",) if listed else ())))
    kept = [c for c in out if not c.flags]
    for m in R.ENUM_NAMES_RE.finditer(text):
        pos = m.start("list")
        items = R.ENUM_SPLIT_RE.split(m.group("list"))
        flags = () if len({_suffix(i) for i in items}) == 1 else ("not_parallel",)  # parallel: one programme noun
        for item in items:
            at = text.index(item, pos)
            out.append(Candidate(item, kind_of(item), at, at + len(item), "enum_unquoted", flags))
            pos = at + len(item)
    kept = [c for c in out if not c.flags]
    for m in R.UNQUOTED_NAME_RE.finditer(text):
        name, s, e = m.group("name"), m.start("name"), m.end("name")
        out.append(Candidate(name, kind_of(name), s, e, "unquoted_verb", _unquoted_flags(name, s, e, quotes, kept, stoplist)))
    out.extend(_bare_candidates(text, quotes, stoplist))
    return sorted(_dedupe(out), key=lambda c: (c.start, c.end, c.rule))


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per (name, span): the one with the fewest flags, then the earliest rule."""
    best: dict[tuple, Candidate] = {}
    for c in cands:
        key = (c.name, c.start, c.end)
        if key not in best or len(c.flags) < len(best[key].flags):
            best[key] = c
    return list(best.values())


def _unquoted_flags(name, s, e, quotes, kept, stoplist) -> tuple[str, ...]:
    flags = []
    if inside_any(s, e, quotes):
        flags.append("inside_quote")
    if name.startswith(R.GENERIC_NAME_START):
        flags.append("generic_start")
    if R.COUNT_NAME_RE.match(name):
        flags.append("count_name")
    if name in stoplist:
        flags.append("stoplist")
    if any(f.start < e and s < f.end for f in kept):
        flags.append("overlaps_name")
    return tuple(flags)


def _bare_candidates(text: str, quotes: list[Quote], stoplist) -> list[Candidate]:
    """Unquoted phrases ending in a programme noun (no launch verb needed), unquoted
    enumerations closed by a count, and bare numbered systems: always flagged, so only a
    model can accept them."""
    out = []
    for m in re.finditer(_ENDINGS, text):
        run_start = m.start()
        while run_start > 0 and re.match(rf"[{R.HAN}0-9]", text[run_start - 1]) and m.end() - run_start < 20:
            run_start -= 1
        run = text[run_start : m.start()]
        breaks = [b.end() for b in _BARE_BREAK.finditer(run)]
        verbs = [run.rfind(v) + len(v) for v in _INTRO_VERBS if v in run]
        s = run_start + max(breaks + verbs + [0])
        name = text[s : m.end()]
        if len(name) < 4 or inside_any(s, m.end(), quotes):
            continue
        flags = ("bare",) + tuple(f for f in _unquoted_flags(name, s, m.end(), [], [], stoplist))
        out.append(Candidate(name, kind_of(name), s, m.end(), "unquoted_bare", flags))
    for m in _counted_lists(text):
        items = m.group("list").split("、")
        flags = () if parse_number(m.group("n"), errors="ignore") == len(items) else ("listed", "count_mismatch")
        pos = m.start("list")
        cut = max((items[0].rfind(v) + len(v) for v in _LEAD_VERBS if v in items[0][:-1]), default=0)
        if len(items[0]) - cut >= 2:
            items[0], pos = items[0][cut:], pos + cut
        for item in items:
            out.append(Candidate(item, kind_of("", text[m.end("list") : m.end()]), pos, pos + len(item), "enum_count", flags))
            pos += len(item) + 1
    for m in NUMBERED_RE.finditer(text):
        if not inside_any(m.start(), m.end(), quotes):
            flags = ("bare_numbered",) + (("set_phrase",) if m.group() in R.SET_PHRASES else ())
            out.append(Candidate(m.group(), "system", m.start(), m.end(), "numbered", flags))
    return out


def _counted_lists(text: str):
    """LIST_COUNT_RE's matches, each found in the window before the count that closes it."""
    done = 0
    for close in _COUNT_CLOSE_RE.finditer(text):
        m = LIST_COUNT_RE.search(text, max(done, close.start() - LIST_WINDOW), close.end())
        if m is not None and m.end() == close.end():
            done = m.end()
            yield m


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


def _from_quote(text: str, q: Quote, *, is_heading: bool, stoplist: frozenset[str]) -> list[Candidate]:
    """The quote's name (and its reading with or without a following type noun), flagged by
    each filter of the old rules that would have rejected it."""
    inner = text[q.inner_start : q.inner_end].strip()
    before, after = text[: q.start], text[q.end :]
    if len(inner) < 2:
        return []
    flags = []
    if inner in stoplist:
        flags.append("stoplist")
    if R.THEME_BEFORE_RE.search(before) or R.THEME_AFTER_RE.match(after):
        flags.append("theme")
    introduced = bool(
        R.TYPE_NOUN_AFTER_RE.match(after)
        or R.PROGRAMME_VERB_BEFORE_RE.search(before)
        or R.TYPE_NOUN_BEFORE_RE.search(before)
        or (R.YI_WEI_RE.search(before) and after.startswith("为"))
    )
    if q.mark in R.TITLE_MARKS:
        # Titles are the organisation's documents when they read as one (…指南, …实施意见) or
        # are introduced as one (…等地方教材); titles of articles, talks and films are not.
        if R.MEDIA_TITLE_RE.search(inner):
            flags.append("media_title")
        if not (kind_of(inner) == "document" or inner.endswith(_DOCUMENT_ENDINGS) or introduced):
            flags.append("not_document")
        return [Candidate(inner, "document", q.start, q.end, "title", tuple(flags))]
    if _is_speech(inner):
        flags.append("speech")
    if _SENTENCE_END.search(inner):
        flags.append("sentence")  # a quoted sentence (dev 036, school-news 106); names hold no 。！？
    if R.SPEECH_VERBS_RE.search(before) or R.SPEECH_START_RE.match(inner):
        flags.append("speech_cue")
    if R.COUNT_START_RE.match(inner):
        flags.append("count_start")
    if R.CONCEPT_RE.search(inner):
        flags.append("concept")
    if R.HONOUR_RE.search(inner) or R.HONOUR_CONTEXT_RE.match(after):
        flags.append("honour")
    if R.EVALUATIVE_BEFORE_RE.search(before) and (not after or after[0] in "。，,；;！!"):
        flags.append("evaluative")
    if is_heading and not after.strip("。！!"):
        flags.append("heading_slogan")  # the closing quote of a heading is its slogan: 筑牢“红色堡垒”
    if len(inner) <= SHORT_NAME_CHARS and not _NUMERAL.search(inner) and not R.PROGRAMME_NOUN_AFTER_RE.match(after):
        flags.append("short")
    joined = next((s for s in R.NAME_TYPE_SUFFIXES if after.startswith(s)), "")
    alt = next((s for s in _ALT_SUFFIXES if after.startswith(s)), "")
    rule = "quote" if q.mark != "‘" else "single_quote"
    out = []
    for suffix in dict.fromkeys((joined, alt, "")):
        name, end = inner + suffix, q.end + len(suffix)
        own = list(flags)
        if suffix != joined:
            own.append("alt_reading")
        # A quoted phrase is a name only when its own ending, the noun after it or the verb
        # before it says so; otherwise it is a slogan, a catchword or a quotation.
        if not (introduced or _has_kind_suffix(name)):
            own.append("not_introduced")
        out.append(Candidate(name, kind_of(name, after), q.start, end, rule + ("+noun" if suffix else ""), tuple(own)))
    return out


def _has_kind_suffix(name: str) -> bool:
    return any(name.endswith(suffixes) for suffixes, _ in R.KIND_SUFFIXES)


def _enumerated(text: str, q: Quote) -> list[Candidate]:
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
        out.append(Candidate(item.strip(), kind, pos, pos + len(item), "quote_enum"))
        pos += len(item) + 1
    return out


def find_initiatives(text: str, *, is_heading: bool = False, stoplist: frozenset[str] = frozenset()) -> list[Candidate]:
    """The rule-only reading: candidates no filter rejected (the behaviour before the model)."""
    return [c for c in find_candidates(text, is_heading=is_heading, stoplist=stoplist) if not c.flags]


def decide(cands: list[Candidate], probs: list[float], threshold: float) -> list[Candidate]:
    """Candidates at or above `threshold`, most probable first, skipping any that overlaps one
    already taken (the readings of one quote, a title and the quote inside it)."""
    taken: list[Candidate] = []
    order = sorted(range(len(cands)), key=lambda i: (-probs[i], cands[i].start, cands[i].end, cands[i].rule))
    for i in order:
        c = cands[i]
        if probs[i] >= threshold and not any(_excludes(t, c) for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: (c.start, c.end))


def _excludes(a: Candidate, b: Candidate) -> bool:
    """Two overlapping readings exclude each other, except a title and a quote inside it: the
    title is one name with its nested quotes (SPEC §2), whatever is decided about the quote
    (dev 035: a 《…实施方案》 whose nested “…” the model rated higher than the title)."""
    if not (a.start < b.end and b.start < a.end):
        return False
    outer, inner = (a, b) if a.end - a.start >= b.end - b.start else (b, a)
    return not (outer.rule == "title" and outer.start <= inner.start and inner.end <= outer.end and inner.rule != "title")


def extract(sentence: Sentence, *, model=None, threshold: float | None = None, is_heading: bool = False,
            stoplist: frozenset[str] = frozenset()) -> list[Initiative]:
    """Initiative rows of one sentence with absolute spans: the candidates `model` gives at
    least `threshold` (default: the model's own), or without a model those no filter flagged."""
    cands = find_candidates(sentence.text, is_heading=is_heading, stoplist=stoplist)
    if model is None:
        chosen = [c for c in cands if not c.flags]
    else:
        from .initiative_model import probabilities

        if threshold is None:
            threshold = float(model.meta.get("threshold", DEFAULT_THRESHOLD))
        chosen = decide(cands, probabilities(model, sentence, cands), threshold)
    return [
        Initiative(
            article_id=sentence.article_id,
            name=c.name,
            kind=c.kind,
            mention=sentence.text[c.start : c.end],
            sentence=sentence.text,
            start=sentence.start + c.start,
            end=sentence.start + c.end,
            section=sentence.section,
            item_id=item_id(sentence.article_id, "initiative", sentence.start + c.start, sentence.start + c.end),
        )
        for c in chosen
    ]


def load_stoplist(path) -> frozenset[str]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))
