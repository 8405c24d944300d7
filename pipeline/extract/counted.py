"""What a figure counts: the noun phrase after or before it, else the verb it measures; pure."""
from __future__ import annotations

from bisect import bisect_left

from ..text.segment import remember_last

# jieba part-of-speech flags (ICTCLAS set) that can be part of a counted noun phrase:
# nouns (n, nr, ns, nt, nz, ng), verbal and adjectival nouns (vn, an), distinguishing words (b),
# abbreviations (j), idioms used as nouns (l), and place/locality words (s, f) only inside.
NOUNISH = ("n", "vn", "an", "b", "j", "nz", "nt", "ns", "ng", "l", "eng", "k")  # k: suffixes (荣誉者)
# Joiners kept between two nouns of a phrase: 学生和家长.
JOINERS = {"和", "与", "及", "、"}
# Tokens never part of the phrase (they start a new clause or a modifier of the number).
STOP = {"的", "等", "共", "累计", "达", "达到", "超过", "约", "近", "余", "多", "个", "其中", "共计", "计"}
# Verbs that introduce a rate and are not part of what it counts (实现100%覆盖).
RATE_VERBS = {"实现", "达到", "达", "为", "占", "超过", "提高", "提升"}
# Tokens between a figure and the phrase after it that belong to neither (32年的教龄, 10%以上的).
LEAD_AFTER = {"的", "以上", "以下", "左右", "及以上", "及以下", "之", "多", "余"}
# Verbs, prepositions and adverbs between a subject and its figure (覆盖率保持在54%, 产量稳定在,
# 比例提高到, 规模突破): skipped when the phrase before the figure is read. From the verbs of
# change and comparison of official statistics prose; 为期 (会期为期3天), 双双 (both), 从 (从a降至b).
BRIDGE_BEFORE = {"保持", "稳定", "在", "达到", "达", "提高", "提高到", "提升", "提升到", "突破", "超过", "超",
                 "为", "至", "到", "降至", "增至", "增长", "下降", "有", "共有", "就是", "是", "约", "近", "共",
                 "累计", "计", "已", "已经", "均", "分别", "都", "也", "每年", "了", "为期", "双双", "从"}
QUOTE_MARKS = set("“”‘’《》\"「」")
# At most this many bridge tokens are skipped (保持 在; 已经 超过 了).
MAX_BRIDGE = 4
# Longest counted phrase kept (characters): longer ones are clauses, not things.
MAX_COUNTED_CHARS = 16
# Joiners of a list of figures that share one subject (下降4.3%、5.6%; 分别为3个和5个).
LIST_JOINERS = {"、", "和", "与", "及", "或"}
# Comparatives that make a figure a predicate of the noun before them (满意率低于60%的单位: the
# 60% is a 满意率, not a 单位); from the comparison verbs of official statistics prose.
COMPARE_VERBS = {"低于", "高于", "不低于", "不高于", "少于", "多于"}
# Bare nouns used as the unit of a tally with no measure word (7金11银4铜: medal counts).
BARE_NOUN_UNITS = {"金", "银", "铜"}
# First halves of separable verb-object words split by a number of points (加25分 = 加分, 扣2分).
SEPARABLE_SCORE_VERBS = {"加", "扣", "减", "得"}
# Individual measure words (个体量词) that must be followed by their noun, so a word jieba tags as
# a verb right after them is that noun or opens it (27项举措; 5起违反规定问题). Not 人次/次/天,
# which also stand before the verb they measure (3万人次参与).
NOUN_CLASSIFIERS = set("项起个所条家件名位场支批座")
# Age: a figure in 岁/周岁 states somebody's 年龄 (如今已83岁; 91岁的老校友).
AGE_UNIT, AGE = "岁", "年龄"
# Plural suffix dropped from a counted noun: a number and 们 do not co-occur (50名毕业生们).
PLURAL = "们"


# Tokens read on each side of a figure: the counted phrase is a few words away (the longest
# run the rules walk is a noun phrase or a clause's subject); a bound keeps the work per figure
# constant in a sentence of thousands of tokens (issue 10).
TOKEN_WINDOW = 64
@remember_last
def _offsets(tagged) -> tuple[list[tuple[int, int, str, str]], list[int]]:
    """(start, end, word, flag) of each tagged word, and the starts; made once per tagged
    sentence, so the figures of one sentence share one pass."""
    out, pos = [], 0
    for pair in tagged:
        word, flag = pair.word, pair.flag
        out.append((pos, pos + len(word), word, flag))
        pos += len(word)
    return out, [t[0] for t in out]


def _nounish(flag: str) -> bool:
    return flag.startswith(NOUNISH)


def _numberish(t) -> bool:
    return any(ch.isdigit() for ch in t[2]) or t[3] in ("m", "q") or t[2] in ("%", "％", "/")


def counted_phrase(sentence: str, start: int, end: int, tagged) -> str:
    """The thing counted by the figure at [start, end) of `sentence`.

    605个党支部活动室 -> the noun phrase after; 建有基层党支部605个 -> the one before;
    26万余人次参与 -> the verb after. `tagged` is jieba posseg output for the sentence.
    """
    if not tagged:
        return ""
    text = sentence[start:end]
    if text[-1] in BARE_NOUN_UNITS and len(text) > 1 and text[-2].isdigit():
        return text[-1]  # 52金4银9铜 (not 一诺千金)
    toks, starts = _offsets(tagged)
    after = toks[bisect_left(starts, end):][:TOKEN_WINDOW]
    near = toks[max(0, bisect_left(starts, start) - TOKEN_WINDOW):bisect_left(starts, start)]
    # A noun that straddles the figure's start (奖牌数|千块) keeps its part before it.
    before = [t if t[1] <= start else (t[0], start, t[2][: start - t[0]], t[3])
              for t in near if t[1] <= start or (t[0] < start and _nounish(t[3]))]
    if text.endswith("分") and before and before[-1][2] in SEPARABLE_SCORE_VERBS:
        return before[-1][2] + "分"  # 一等奖者加25分
    phrase, nominal = _phrase(text, after, before)
    phrase = phrase.replace(PLURAL, "") if nominal else phrase
    return _age(phrase, nominal, _subject(list(reversed(before)))) if AGE_UNIT in text else phrase


def _phrase(text: str, after: list, before: list) -> tuple[str, bool]:
    """The counted phrase and whether it is nominal (else a verb)."""
    rev = list(reversed(before))
    if text.endswith(("%", "％")) and after and after[0][3].startswith("v") and after[0][2] not in BRIDGE_BEFORE:
        # 党组织实现100%覆盖: a rate counts its subject doing the verb after it.
        subject = _run([t for t in rev if t[2] not in RATE_VERBS], backwards=True)
        return subject + after[0][2], True
    if text.startswith(tuple(COMPARE_VERBS)) and rev and _nounish(rev[0][3]):
        return _run(rev, backwards=True), True  # 满意率低于60%的单位 (低于 opens the figure)
    if len(rev) > 1 and rev[0][2] in COMPARE_VERBS and _nounish(rev[1][3]):
        return _run(rev[1:], backwards=True), True
    phrase = _classifier_noun(text, after) or _run(_skip(after, lambda t: t[2] in LEAD_AFTER or t[2] in QUOTE_MARKS))
    if phrase:
        return _after_de(after, phrase) or phrase, True
    phrase = _subject(rev)
    if phrase:
        return phrase, True
    # Nothing nominal next to it: the verb it measures (26万余人次参与; 十万、五十万的给我送钱),
    # else the verb before (外出就是十天或半个月).
    for t in _verb_after(after)[:1] + rev[:2] + rev[_skip_back(rev)[0]:][:1]:
        if t[3].startswith("v") and t[2] not in STOP:
            return t[2], False
    return "", False


def _verb_after(after: list) -> list:
    """`after` from its first token past later figures of the same list (、四十万), an
    adverbial 的/地 and a preposition with its object (给我, 向学校)."""
    i = 0
    while i < len(after):
        t = after[i]
        if t[2] in LIST_JOINERS and i + 1 < len(after) and _numberish(after[i + 1]):
            i = _number_end(after, i + 1)
        elif t[2] in ("的", "地") or t[3] == "d":
            i += 1
        elif t[3] == "p" and i + 1 < len(after) and after[i + 1][3].startswith("r"):
            i += 2
        else:
            break
    return after[i:]


def _age(phrase: str, nominal: bool, subject: str) -> str:
    """An age counts 年龄, of whoever the phrase names (杜小川89岁 -> 杜小川年龄), or the age
    word before it (平均年龄近90岁的老人 -> 平均年龄; 年龄要求为35周岁 -> 年龄; 享年82岁)."""
    if phrase.startswith("享年"):
        return phrase
    for words in (subject, phrase if nominal else ""):
        if AGE in words:
            return words[: words.index(AGE) + len(AGE)]
    return phrase + AGE if nominal else AGE


def _classifier_noun(text: str, after: list) -> str:
    """27项举措，/ 5起违反规定问题: after an individual measure word a verb-tagged word is its
    noun or opens it; 一个离开学校的老师: a verb phrase before 的 modifies the head after it."""
    if text[-1] not in NOUN_CLASSIFIERS or not after or not after[0][3].startswith("v"):
        return ""
    head = _head_after_de(after, 0)
    if head:
        return head
    if len(after) > 1 and _nounish(after[1][3]):
        return after[0][2] + _run(after[1:])
    clause_ends = len(after) == 1 or (after[1][3] == "x" and after[1][2] not in QUOTE_MARKS)
    return after[0][2] if clause_ends else ""


def _after_de(after: list, phrase: str) -> str:
    """10名业务过硬、经验丰富的骨干教师: when the noun after the figure opens an adjectival
    modifier (its run stops at an adjective), the thing counted is the head after the 的."""
    i, acc = 0, 0
    while i < len(after) and acc < len(phrase):
        acc, i = acc + len(after[i][2]), i + 1
    if i >= len(after) or not after[i][3].startswith("a"):
        return ""
    return _head_after_de(after, i)


def _head_after_de(after: list, i: int) -> str:
    """The noun phrase after the first 的 from `after[i]` on in the same clause (、 allowed),
    a verb opening it kept when a noun follows (的退休党员教师)."""
    for j in range(i, len(after)):
        if after[j][2] == "的":
            head = after[j + 1 :]
            if len(head) > 1 and head[0][3].startswith("v") and _nounish(head[1][3]):
                return head[0][2] + _run(head[1:])
            return _run(head)
        if after[j][3] == "x" and after[j][2] != "、":
            return ""
    return ""


def _subject(rev: list) -> str:
    """The noun phrase before the figure (reversed tokens `rev`), past what `_skip_back` skips.
    After 分别 the k-th figure of a list counts the k-th conjunct (A和B分别下降x%、y%)."""
    i, k, respectively = _skip_back(rev)
    words = _run_words(rev[i:], backwards=True)
    conjuncts = _split(words) if respectively else [words]
    return _join(conjuncts[k] if k < len(conjuncts) else words)


def _skip_back(rev: list) -> tuple[int, int, bool]:
    """Index of the first reversed token before the figure that is none of: bridge words,
    earlier figures of the same list (下降4.3%、5.6%; 十天或半个月) and a 从-figure
    (从796元提高至842元); with the figure's place k in its list and whether 分别 was passed."""
    i, k, bridges, respectively = 0, 0, 0, False
    while i < len(rev):
        t = rev[i]
        if t[2] in LIST_JOINERS and i + 1 < len(rev) and _numberish(rev[i + 1]):
            k, i = k + 1, _number_end(rev, i + 1)
        elif _numberish(t) and i > 0 and _number_end(rev, i) < len(rev) and rev[_number_end(rev, i)][2] == "从":
            i = _number_end(rev, i) + 1
        elif bridges < MAX_BRIDGE and _is_bridge(t):
            respectively |= t[2] == "分别"
            bridges, i = bridges + 1, i + 1
        else:
            break
    return i, k, respectively


def _number_end(rev: list, i: int) -> int:
    while i < len(rev) and _numberish(rev[i]):
        i += 1
    return i


def _split(words: list) -> list:
    """Conjuncts of a coordinated phrase: 事故起数和死亡人数 -> 事故起数 | 死亡人数."""
    parts, cur = [], []
    for w in words:
        if w[0] in JOINERS:
            parts.append(cur)
            cur = []
        else:
            cur.append(w)
    return [p for p in parts + [cur] if p]


def _is_bridge(t) -> bool:
    return t[2] in BRIDGE_BEFORE or t[2] in QUOTE_MARKS or t[3] in ("p", "d")


def _skip(seq, pred) -> list:
    """`seq` without its first tokens (at most MAX_BRIDGE) for which `pred` holds."""
    n = 0
    while n < len(seq) and n < MAX_BRIDGE and pred(seq[n]):
        n += 1
    return seq[n:]


def _run(seq, *, backwards: bool = False) -> str:
    """Nominal tokens from the start of `seq` (reversed order when walking backwards)."""
    return _join(_run_words(seq, backwards=backwards))


def _join(words: list) -> str:
    return "".join(w for w, _ in words).strip("、和与及")


def _run_words(seq, *, backwards: bool = False) -> list[tuple[str, str]]:
    words: list[tuple[str, str]] = []
    for i, (_, _, word, flag) in enumerate(seq):
        if any(ch.isdigit() for ch in word) or word[0] in "余多":
            break  # another number: 230余场、党史教育课6000余堂
        if word in STOP and not words:
            if backwards:
                continue
            break
        if word in QUOTE_MARKS and words:  # “爱心托管班”: quoted names stay in the phrase
            continue
        nxt = seq[i + 1] if i + 1 < len(seq) else None
        nominal = _nounish(flag) or (flag == "m" and word.isalpha() and words) or (
            flag.startswith("a") and not backwards and not words)
        # 24家百亿级企业 / 两个万亿元台阶: a magnitude word opening the phrase before a noun or 级.
        magnitude = not backwards and not words and flag == "m" and word.isalpha() and nxt is not None and (
            _nounish(nxt[3]) or nxt[2] == "级")
        scale = word == "级" and bool(words)  # 百亿级, 市属级: 级 makes a distinguishing word
        # 清廉学校创建46所 / 区县域覆盖100%: the verb right before the number joins its subject.
        verb_then_noun = backwards and not words and flag.startswith("v") and nxt is not None and _nounish(nxt[3])
        # 事故起数和死亡人数: a verb opening a later conjunct modifies its noun.
        verb_in_conjunct = backwards and words and flag.startswith("v") and nxt is not None and nxt[2] in JOINERS
        # 参保率, 覆盖率: the verb right before a rate suffix (jieba tags 率 as a verb) is its stem.
        rate = backwards and word == "率"
        rate_stem = backwards and words and words[-1][0] == "率" and flag.startswith("v")
        if nominal or magnitude or scale or verb_then_noun or verb_in_conjunct or rate or rate_stem:
            words.append((word, flag))
        elif word in JOINERS and words and nxt is not None and _nounish(nxt[3]):
            words.append((word, flag))
        else:
            break
        if sum(len(w) for w, _ in words) >= MAX_COUNTED_CHARS:
            break
    if backwards:
        words.reverse()
        # 培训思政教师300名: a verbal noun opening the phrase is the clause's verb, not the thing.
        while len(words) > 1 and words[0][1] in ("vn", "v"):
            words.pop(0)
    return words
