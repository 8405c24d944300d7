"""What a figure counts: the noun phrase after or before it, else the verb it measures; pure."""
from __future__ import annotations

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
# change and comparison of official statistics prose.
BRIDGE_BEFORE = {"保持", "稳定", "在", "达到", "达", "提高", "提高到", "提升", "提升到", "突破", "超过", "超",
                 "为", "至", "到", "降至", "增至", "增长", "下降", "有", "共有", "就是", "是", "约", "近", "共",
                 "累计", "计", "已", "已经", "均", "分别", "都", "也", "每年", "了"}
QUOTE_MARKS = set("“”‘’《》\"「」")
# At most this many bridge tokens are skipped (保持 在; 已经 超过 了).
MAX_BRIDGE = 4
# Longest counted phrase kept (characters): longer ones are clauses, not things.
MAX_COUNTED_CHARS = 16


def _offsets(tagged) -> list[tuple[int, int, str, str]]:
    out, pos = [], 0
    for pair in tagged:
        word, flag = pair.word, pair.flag
        out.append((pos, pos + len(word), word, flag))
        pos += len(word)
    return out


def _nounish(flag: str) -> bool:
    return flag.startswith(NOUNISH)


def counted_phrase(sentence: str, start: int, end: int, tagged) -> str:
    """The thing counted by the figure at [start, end) of `sentence`.

    605个党支部活动室 -> the noun phrase after; 建有基层党支部605个 -> the one before;
    26万余人次参与 -> the verb after. `tagged` is jieba posseg output for the sentence.
    """
    if not tagged:
        return ""
    toks = _offsets(tagged)
    after = [t for t in toks if t[0] >= end]
    before = [t for t in toks if t[1] <= start]
    if sentence[start:end].endswith(("%", "％")) and after and after[0][3].startswith("v"):
        # 党组织实现100%覆盖: a rate counts its subject doing the verb after it.
        subject = _run([t for t in reversed(before) if t[2] not in RATE_VERBS], backwards=True)
        return subject + after[0][2]
    phrase = _run(_skip(after, lambda t: t[2] in LEAD_AFTER or t[2] in QUOTE_MARKS))
    if phrase:
        return phrase
    phrase = _run(_skip(list(reversed(before)), _is_bridge), backwards=True)
    if phrase:
        return phrase
    # Nothing nominal next to it: the verb it measures (26万余人次参与), else the verb before.
    for t in after[:1] + list(reversed(before))[:2]:
        if t[3].startswith("v") and t[2] not in STOP:
            return t[2]
    return ""


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
        nominal = _nounish(flag) or (flag == "m" and word.isalpha() and words) or (
            flag.startswith("a") and not backwards and not words)
        # 清廉学校创建46所 / 区县域覆盖100%: the verb right before the number joins its subject.
        verb_then_noun = backwards and not words and flag.startswith("v") and i + 1 < len(seq) and _nounish(seq[i + 1][3])
        if nominal or verb_then_noun:
            words.append((word, flag))
        elif word in JOINERS and words and i + 1 < len(seq) and _nounish(seq[i + 1][3]):
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
    return "".join(w for w, _ in words).strip("、和与及")
