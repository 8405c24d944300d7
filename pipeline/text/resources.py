"""Compiled regexes and word lists shared by the stages, each commented piece by piece."""
from __future__ import annotations

import re

from . import lexicon

# ---------------------------------------------------------------------------
# Characters
# ---------------------------------------------------------------------------
# CJK unified ideographs (basic block + extension A); used to bound names and phrases.
HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
# Arabic digits, ASCII and full-width (jieba splits full-width digits one by one).
DIGIT = r"0-9\uff10-\uff19"
# Chinese numeral characters, including the financial 两/〇/零 forms seen in bureau prose.
CN_DIGIT = "零〇一二两三四五六七八九十百千万亿"
# Control characters a page's text never needs (C0 but tab, LF, CR; DEL; C1): a parsed page
# drops them (issue 10: ESC, NUL after the first 8 KB, &#1; reached the tables). Form feed and
# vertical tab break lines, so they become line breaks (PAGE_BREAK_RE) first.
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
PAGE_BREAK_RE = re.compile(r"[\x0b\x0c]")
# Multipliers that may follow an Arabic number: 1.5万, 2.85亿, 3千.
MULTIPLIER = "十百千万亿"

# ---------------------------------------------------------------------------
# Quotes and titles: opening mark -> closing mark.
# Straight double quotes are paired in order of appearance (see initiatives.quote_spans).
# ---------------------------------------------------------------------------
QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〈": "〉"}
TITLE_MARKS = {"《", "〈"}

# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------
# Measure words and units a figure may carry (config/lexicon/units.txt says where they come
# from), longest first so 人次 wins over 人 and 个百分点 over 个.
UNITS = sorted(lexicon.load("units"), key=len, reverse=True)

# One number: Arabic with optional thousands commas and decimals (also full-width), or a run
# of Chinese numerals. 余/多 may sit between the number and a multiplier: 12余万, 1.5万余.
# Each starts only where a run of its digits starts (the lookbehinds): a match inside a run
# would be rejected as part of a code anyway, and trying one at every position of a long run
# made the search quadratic (issue 10: 10,000 digits took 31 s, 20,000 一 97 s).
_ARABIC = rf"(?<![{DIGIT}])[{DIGIT}]+(?:[,，][{DIGIT}]{{3}})*(?:[.．][{DIGIT}]+)?"
_CHINESE = rf"(?<![{CN_DIGIT}])[{CN_DIGIT}]+(?:点[{CN_DIGIT}]+)?"
# 半 (half) is a number of its own before a unit: 半年, 半个月.
NUMBER = rf"(?:{_ARABIC}(?:[余多]?[{MULTIPLIER}]+)?|{_CHINESE}|半)"

# Approximation words before a number -> qualifier (SPEC §1 "approximation words").
PRE_QUALIFIERS = {
    "超过": "more_than", "多于": "more_than", "超": "more_than", "逾": "more_than",
    "近": "nearly", "将近": "nearly", "接近": "nearly",
    "约": "about", "大约": "about", "约合": "about",
    "不足": "less_than", "不到": "less_than", "少于": "less_than", "低于": "less_than",
    "高于": "more_than",
    "至少": "at_least", "不少于": "at_least", "不低于": "at_least",
    "不超过": "at_most", "不高于": "at_most", "最多": "at_most", "不能超过": "at_most",
    "最高": "at_most", "突破": "more_than",
    # SPEC §1: 上千/上万/上百 ("upwards of") are at_least; 数千 / 数百 (several thousand) are more
    # than the round number.
    "上": "at_least", "数": "more_than",
}
# Approximation words after the number (before or after the unit) -> qualifier.
POST_QUALIFIERS = {
    "余": "more_than", "多": "more_than",
    "以上": "at_least", "及以上": "at_least",
    "左右": "about", "上下": "about",
    "以下": "at_most", "以内": "at_most", "及以下": "at_most",
}
# 上 and 数 qualify only a round hundred, thousand or ten thousand (上百万, 数千); elsewhere they
# are words of their own (上2节课).
_ROUND_ONLY = {"上", "数"}
_PRE = "|".join(sorted((re.escape(k) for k in PRE_QUALIFIERS if k not in _ROUND_ONLY), key=len, reverse=True)
                + [rf"{k}(?=[十百千万])" for k in sorted(_ROUND_ONLY)])
_UNIT = "|".join(map(re.escape, UNITS))
# Range joiners: 20至30所, 20—30所, 20-30所, 20~30所, 20到30所.
_RANGE = r"(?:至|到|—|–|-|~|～|－)"

FIGURE_RE = re.compile(
    rf"""
    (?P<pre>{_PRE})?                                  # 超过 / 近 / 约 ...
    (?P<num>{NUMBER})                                 # 605 / 1.5万 / 一万 / １００
    (?:{_RANGE}(?P<num2>{NUMBER}))?                   # optional upper bound of a range
    [ \u3000\u00a0]?                                   # typeset pages put a space before 余 or the unit
    (?P<post1>余|多)?                                 # 230余场, 26万余人次
    [ \u3000\u00a0]?
    (?P<ge>个[多余](?=月|小时))?                       # 两个多月: 个 + 多 + 月 is 个月, more than
    (?P<unit>{_UNIT})                                 # measure word or unit
    (?P<per>/(?:人|月|年|天|次|生|平方米|小时))?        # composite units: 元/月, 元/人
    (?P<post2>及以上|以上|左右|上下|及以下|以下|以内)?  # 100人以上
    """,
    re.VERBOSE,
)

# A number with a multiplier and no unit after it: 超1亿, 四十万 (the unit is left empty).
BARE_SCALE_RE = re.compile(rf"(?P<pre>{_PRE})?(?P<num>(?<![{DIGIT}])[{DIGIT}]+(?:[.．][{DIGIT}]+)?[万亿]"
                           rf"|(?<![{CN_DIGIT}])[{CN_DIGIT}]*[十百千]?[万亿])(?!{_UNIT})")
# 百分之九十 / 百分之5: percentages written out.
PERCENT_WORDS_RE = re.compile(rf"(?P<pre>{_PRE})?百分之(?P<num>{NUMBER})")
# 三分之一 -> 33.33 %; 三成 -> 30 %.
FRACTION_RE = re.compile(rf"(?P<pre>{_PRE})?(?P<den>{NUMBER})分之(?P<num>{NUMBER})")
TENTHS_RE = re.compile(rf"(?P<pre>{_PRE})?(?P<num>[一二三四五六七八九1-9](?:[.．点]\d)?)成(?![员为立果功绩长就])")

# Before the number: signs that it is an ordinal, a rank, or part of a date/code, not a count.
ORDINAL_BEFORE_RE = re.compile(r"(?:第|首|排名|排行|前|No\.?|编号|代码|电话|邮编|QQ|qq|传真|手机)$"
                               # 第 shared by an enumeration: 第四、五、六名, 第八、九节
                               r"|第[一二三四五六七八九十0-9]+(?:[、，,][一二三四五六七八九十0-9]+)*[、，,]$")
# Immediately before: a digit, a letter, a dot or an ID character joins the number to a code.
CODE_BEFORE_RE = re.compile(r"[0-9A-Za-z_./:#\uff10-\uff19〔\[（(]$")
# After the unit: words that turn the unit character into a word of its own
# (1支部 = branch No. 1; 3年级 = grade; 2月份 = date; 85后 = cohort; 2.0版 = version).
UNIT_WORD_AFTER = {
    "支": ("部",), "年": ("级", "来", "以来", "度", "代", "前", "后", "间", "底", "初", "末", "中", "内", "里", "起", "制", "一贯制"),
    "届": ("全会", "中央", "人大", "政协"), "家": ("长", "庭", "园", "乡", "人", "子"), "名": ("师", "校", "称", "单", "义", "誉", "片"),
    "所": ("长", "以", "在", "有", "属", "谓"), "期": ("间", "末", "中", "刊"), "部": ("门", "分", "署", "长"),
    "点": ("半", "钟"), "次": ("年", "日"), "门": ("口",), "处": ("长", "理", "室"),
    "人": ("民", "员", "才", "生", "格", "物"), "个": ("人", "体", "性", "别"), "天": ("下", "然", "地"),
    "本": ("科", "领", "地", "质", "身"), "代": ("表",), "首": ("先", "都", "届", "批"), "项": ("目",),
    "节": ("日", "约", "点"), "班": ("子", "主任", "级"), "对": ("于", "待", "象", "照", "接"),
    "组": ("织", "长", "建"), "套": ("餐",), "份": ("额",), "种": ("子",), "周": ("年",),
}
# Words after a number that mark cohorts, versions, anniversaries and dates: never figures.
NEVER_AFTER_RE = re.compile(r"^(?:后|版|周年|年代|大(?![幅量力批])|届|号|月|日|时|分|秒|\.0)")
# After 届: the session of a congress or committee (十九届六中全会, 十四届全国人大) is an ordinal.
CONGRESS_AFTER_RE = re.compile(r"^(?:[一二三四五六七八九十]+中(?:全会|[、，和及])|全国|中央|人大|政协|党代会|代表大会|人民代表|委员会|一次会议)")
# Two neighbouring Chinese digits and an optional multiplier: an approximate range (八九个, 三四百).
ADJACENT_DIGITS_RE = re.compile(r"^([一二三四五六七八])([二三四五六七八九])([十百千万]?)$")
# After a number with 月: the day of a date follows (11月18日).
DAY_AFTER_RE = re.compile(rf"^[{DIGIT}一二三四五六七八九十]+[日号]")
# Before a number with 班: a grade or year of entry makes it a class name (高二3班, 2020级2班).
GRADE_BEFORE_RE = re.compile(r"(?:[高初][一二三]|[一二三四五六七八九]年级|年级|级|届)$")
# After a number with 届: graduates of that year (80届的学生, 2019届毕业生, 届校友).
COHORT_AFTER_RE = re.compile(r"^(?:的|毕业|学生|校友|学子|同学|新生|高中|初中|本科|硕士|博士|[高初][一二三])")
# After a bare 万/亿 number: a level or order of magnitude (千亿级企业, 万亿元台阶), not an amount.
LEVEL_AFTER_RE = re.compile(r"^(?:级|量级|台阶)")
# Round Chinese numbers before 年 are periods and anniversaries in prose (百年, 十年, 千年).
ROUND_YEARS = ("十", "百", "千", "万", "数十", "几十")

# Set phrases and idioms with numerals (config/lexicon/set_phrases.txt): numbers inside them
# are flagged, never figures by rule.
SET_PHRASES = lexicon.load("set_phrases")
SET_PHRASE_RE = re.compile("|".join(sorted(map(re.escape, SET_PHRASES), key=len, reverse=True)))

# List and outline markers at the start of a line or sentence: 一是, 二、, （三）, 1. , 1、
OUTLINE_MARKER_RE = re.compile(
    rf"""^[\s\u3000]*(?:
        (?P<shi>[一二三四五六七八九十]+)是                  # 一是 / 二是
      | (?P<dun>[一二三四五六七八九十]+)[、．.]              # 一、
      | [（(](?P<paren>[一二三四五六七八九十]+)[）)]         # （一）
      | (?P<arabic>[{DIGIT}]{{1,2}})(?:[、．.](?![{DIGIT}])|[）)])  # 1. / 1、 / 1）
      | [（(](?P<parenarabic>[{DIGIT}]{{1,2}})[）)]          # （1）
      | (?P<circled>[\u2460-\u2473])                         # ①
      | 第(?P<di>[一二三四五六七八九十]+)[，,、是]           # 第一，
    )""",
    re.VERBOSE,
)

# Claim cues (SPEC §1 `claim`): words before a figure in its sentence.
TARGET_CUES_RE = re.compile(r"力争|争取|计划|拟|目标|预计|将于|将要|确保到|到20\d\d年|至20\d\d年|到“十[四五六]五”末|要达到|达到.*目标")
ACHIEVED_CUES_RE = re.compile(r"已|累计|实现|建成|建有|共有|共计|完成|达到|达|目前|现有|先后|获|共|涌现|开展|组建|选树|打造|建立|举办|覆盖")

# ---------------------------------------------------------------------------
# Initiatives
# ---------------------------------------------------------------------------
# Type nouns that join a directly preceding quoted word into one name: “互促”联盟 -> 互促联盟
# (config/lexicon/initiative_join_suffixes.txt).
NAME_TYPE_SUFFIXES = lexicon.load("initiative_join_suffixes")
# Endings of unquoted names (config/lexicon/initiative_unquoted_endings.txt) and the launch
# verbs that introduce them (initiative_intro_verbs.txt), as regex alternations.
_UNQUOTED_END = "|".join(sorted(map(re.escape, lexicon.load("initiative_unquoted_endings")), key=len, reverse=True))
_INTRO_VERB = "|".join(sorted(map(re.escape, lexicon.load("initiative_intro_verbs")), key=len, reverse=True))
# Unquoted names introduced as names: a verb of launching, then a run of Han characters ending
# in a programme noun (实施党史学习教育强使命工程). Bounded so it cannot swallow a clause.
UNQUOTED_NAME_RE = re.compile(
    rf"(?:{_INTRO_VERB})"
    rf"(?P<name>[{HAN}]{{2,14}}?(?:{_UNQUOTED_END}))"
    rf"(?![{HAN}]*?[{DIGIT}{CN_DIGIT}]+[个所名家项])"  # 工作室323个: a class of things, not a name
)
# An enumeration of unquoted names after 即 / 包括 / 分别是 (…,即A计划、B计划和C计划): parallel
# items sharing one programme noun are names.
ENUM_NAMES_RE = re.compile(
    rf"(?:即|包括|分别是|分别为)[:：]?(?P<list>[{HAN}]{{2,14}}(?:计划|工程|行动|工作室|联盟|品牌)"
    rf"(?:(?:、|和|及|与)[{HAN}]{{2,14}}(?:计划|工程|行动|工作室|联盟|品牌))+)"
)
ENUM_SPLIT_RE = re.compile(r"、|和|及|与")
# Words that open an unquoted "name" but show it is generic (建立健全..., 实施好...).
GENERIC_NAME_START = lexicon.load("initiative_generic_starts")  # config/lexicon/initiative_generic_starts.txt
# An unquoted "name" opening with a count (两项计划, 三大工程) counts names; it is not one.
COUNT_NAME_RE = re.compile(r"^[一二三四五六七八九十两0-9]+[项大个类批]")

# Names of a framework of numbered parts (“三个三”, “四个三”, 党建“五大工程”, “三项措施”): they
# name the whole scheme, not one of its cells.
FRAMEWORK_NAME_RE = re.compile(r"^[一二三四五六七八九十两]个[一二三四五六七八九十]$|^[一二三四五六七八九十]大(?:工程|行动|举措|特色|措施|任务)$|^[一二三四五六七八九十]项(?:措施|工程|举措|行动)$")
# Kind of an initiative from the end of its name (and the noun after its closing mark).
KIND_SUFFIXES = [
    (("指南", "意见", "办法", "方案", "通知", "规定", "条例", "规范", "细则", "纲要", "决定", "守则", "清单",
      "手册", "读本", "教材", "汇编", "案例", "报告", "标准》"), "document"),
    (("联盟", "共同体", "联合体"), "alliance"),
    (("工程",), "project"),
    (("项目",), "project"),
    (("计划", "规划"), "plan"),
    (("行动", "活动", "运动", "竞赛", "评选", "大赛", "攻坚"), "campaign"),
    (("品牌", "名片"), "brand"),
    (("模式", "模型", "工作法"), "model"),
    (("标准", "标准化", "规范化"), "standard"),
    (("机制", "制度", "体系", "责任制"), "system"),
    (("原则", "理念", "思路", "方针"), "principle"),
    (("工作室", "讲堂", "课堂", "论坛", "学堂", "学苑", "书院", "平台", "中心", "基地"), "programme"),
    (("课程", "微课", "党课", "思政课", "课题", "研究"), "project"),
]

# Honour titles, evaluative words and groups of people are not initiatives (SPEC §2).
# Endings of quoted honours and groups: “浙江好人”, “最美教师”, “五老”, “85后”.
HONOUR_RE = re.compile(r"(?:好人|楷模|标兵|模范|先进|能手|之星|新秀|名师|骨干|带头人|先锋岗|示范岗|优秀|一先|最美.*|(?<!\d)\d+后|[一二三四五六七八九十]老)$")
# A list of quoted items closed by 等 + a word for people or honours: “A”“B”等先进个人.
# A quote closed right by 奖 names an award: “…”奖 (gov-report 124), “…”奖励活动 (school-news 122),
# “…”“…”奖牌 (dev 062).
HONOUR_CONTEXT_RE = re.compile(r"^[”’」』》、\s]*(?:“[^”]{1,20}”[、\s]*)*(?:奖(?!学金|助)|等?(?:[一-龥]{0,6})?(?:先进个人|先进集体|荣誉称号|称号|荣誉|奖项|奖章|纪念章|表彰))")
# Punctuation inside a quote that marks speech or a slogan rather than a name.
SPEECH_PUNCT_RE = re.compile(r"[，。！？；,!?;]")
# Quoted text opening with a pronoun or a modal is a sentence, not a name (“我们要…”).
SPEECH_START_RE = re.compile(r"^(?:我们|你们|他们|这是|我们要|只有|没有)")
# Quoted text opening with an Arabic count (“3个判断”, “13个制度体系”) names a count, not a name.
COUNT_START_RE = re.compile(r"^[0-9]+\s*[个项条种方面点]")
SPEECH_VERBS_RE = re.compile(r"(?:说|表示|指出|强调|认为|提出|称|道|讲|问|答)[：:，,]?\s*$")

# ---------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------
# Sentence ends: 。！？ (and ASCII !?), plus an optional closing quote or bracket that belongs to
# the sentence. Semicolons and commas do not end sentences.
SENTENCE_END = "。！？!?"
CLOSERS = "”’」』）)》"

# ---------------------------------------------------------------------------
# Plain-text page dumps (chrome around the article)
# ---------------------------------------------------------------------------
# Breadcrumb lines: 当前位置：首页 > ... / 当前所在:首页 > ...
BREADCRUMB_RE = re.compile(r"^(?:当前位置|当前所在|您的位置|你的位置|所在位置)[:：]|首页\s*[>＞»]")
# Labels of the info line under the title; the value runs to the next label or the line end.
INFO_LABELS = ("发布时间", "发布日期", "发表时间", "时间", "日期", "作者", "来源", "文章来源", "信息来源",
               "浏览次数", "点击数", "阅读", "编辑", "责任编辑", "字号", "字体")
INFO_LINE_RE = re.compile(r"(?:发布时间|发布日期|发表时间|来源|作者)\s*[:：]")
_LABEL_ALT = "|".join(sorted(INFO_LABELS, key=len, reverse=True))
AUTHOR_RE = re.compile(rf"作者\s*[:：]\s*(?P<v>.*?)\s*(?=(?:{_LABEL_ALT})\s*[:：]|$)")
SOURCE_RE = re.compile(rf"(?:文章来源|信息来源|来源)\s*[:：]\s*(?P<v>.*?)\s*(?=(?:{_LABEL_ALT})\s*[:：]|$)")
# 原文链接:http://... (reposts name the original page).
ORIGINAL_URL_RE = re.compile(r"原文(?:链接|地址)\s*[:：]\s*(?P<v>https?://\S+)")
# The site's own name: "欢迎访问/加入/来到 X!" or "X example.org 版权所有".
SITE_WELCOME_RE = re.compile(r"^欢迎(?:访问|加入|来到|光临)(?P<v>[^!！。,，\s]{2,20})")
SITE_COPYRIGHT_RE = re.compile(r"^(?:©|版权所有[:：]?)?\s*(?P<v>[^\s|©]{2,20}?)\s+[\w.-]+\.(?:org|com|cn|net|gov)(?:\.cn)?\s*版权所有")
# Footer lines: everything from the first of these on is chrome, not body.
FOOTER_RE = re.compile(
    r"^(?:原文链接|原文地址|\[?免责声明|【免责声明|免责声明|版权所有|版权声明|Copyright|©|主办单位|承办单位|"
    r"联系电话|联系我们|上一篇|下一篇|【打印|\[打印|打印本页|关闭窗口|【关闭|分享到|扫一扫|责任编辑|（责任编辑|\(责任编辑)"
)
# Sentence-final punctuation that a title line never ends with.
TITLE_BAD_END_RE = re.compile(r"[，,:：。；;、]$")
# A line of personal names separated by spaces (a byline), not a title: 张三 李四 王 五.
BYLINE_RE = re.compile(rf"^(?:[{HAN}]{{1,4}}[ \u3000]+){{2,}}[{HAN}]{{1,4}}$")
# A line that is only metadata, wherever it stands (above the body, between reposted items, or
# last): an optional bracket or bullet and date-time, then a source or date label. The prefixes
# before 来源 are those seen in corpus-real: 资料/信息/稿件/照片/图文/网络来源.
METADATA_LINE_RE = re.compile(
    rf"^[（(【\[·•\s]*(?:\d{{4}}[-年./]\d{{1,2}}[-月./]\d{{1,2}}日?\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*)?"
    rf"(?:[{HAN}]{{0,4}}?来源|出处|发布时间|发布日期|发表时间)\s*[:：]"
)
# A bracketed metadata line, （来源：新华社）: its label and value without the brackets.
BRACKETED_RE = re.compile(r"^[（(【\[](?P<v>.*)[）)】\]]$")
# A line ending a sentence (。？；…, a closing quote or bracket after it) is prose, never a title or
# head line. ！ is left out: exclamatory titles (热烈祝贺…！) stand above info lines.
PROSE_END_RE = re.compile(r"[。？?；;…][”’」』）)》]*$")

# Publications and speeches in 《》 are cited, not the organisation's own documents.
MEDIA_TITLE_RE = re.compile(r"(?:日报|晚报|早报|周报|时报|杂志|报|网|频道|电视台|^在.+(?:讲话|报告)$)$")
# A quote preceded by one of these and closing its clause is an evaluation (实现“满堂红”).
EVALUATIVE_BEFORE_RE = re.compile(r"(?:实现|呈现|赢得|取得|堪称|被誉为|号称)$")
# Type nouns that show a quoted word is the name of something the organisation runs: looked
# for after the closing mark, past sibling quotes, 等 and a count (“A”“B”等15个品牌).
# The list and where it came from: config/lexicon/initiative_type_nouns.txt.
TYPE_NOUNS = lexicon.load("initiative_type_nouns")
_TYPE_ALT = "|".join(sorted(TYPE_NOUNS, key=len, reverse=True))
TYPE_NOUN_AFTER_RE = re.compile(
    rf"^(?:、|\s|等|“[^“”]{{1,30}}”|‘[^‘’]{{1,30}}’|《[^《》]{{1,60}}》)*?"  # whole sibling quotes, 等
    rf"(?:[0-9一二三四五六七八九十百多几]+[个项类种所批大])?"  # 15个 / 多个
    rf"[\u4e00-\u9fff]{{0,6}}?(?:{_TYPE_ALT})"
)
# A quoted enumeration of names followed by their count (‘A、B、C、D、E’为主题的党建‘五大工程’).
ENUM_COUNT_AFTER_RE = re.compile(rf"^[^。；，]{{0,12}}?(?P<n>[一二三四五六七八九十]+)[大项个][’”]?(?:{_TYPE_ALT})")
# Verbs that introduce a programme right before its quoted name (实施“…”, 以“…”为抓手).
# (config/lexicon/initiative_programme_verbs.txt), up to two characters before the mark.
_PROGRAMME_VERB = "|".join(sorted(map(re.escape, lexicon.load("initiative_programme_verbs")), key=len, reverse=True))
PROGRAMME_VERB_BEFORE_RE = re.compile(rf"(?:{_PROGRAMME_VERB})[\u4e00-\u9fff]{{0,2}}?$")
# 以“…”为抓手 / 以“…”为引领: 以 introduces a programme only with the 为 after the name.
YI_WEI_RE = re.compile(r"以$")
# The theme of an event is a slogan, not a programme: 以“…”为主题, 主题为“…”, “…”主题党日,
# “…”的主题党日活动 (dev 039, school-party 131 and 157), 围绕“…”这一主题 (school-party 157).
THEME_BEFORE_RE = re.compile(r"主题(?:是|为)$")
THEME_AFTER_RE = re.compile(r"^(?:为主题|为题|的?主题党日|这一主题)")
# A type noun right before the quote introduces it as a name: 重点项目“…”, 党建品牌——….
TYPE_NOUN_BEFORE_RE = re.compile(r"(?:项目|品牌|工程|课程|平台|活动|计划)(?:——|：|:)?$")
# Quoted concepts and roles, not programmes: …意识, …精神, …目标; ordinals (“第一责任人”).
CONCEPT_RE = re.compile(r"(?:意识|精神|思想|目标|优势|能力|水平)$|第[一二三四五六七八九十0-9]")
# Programme nouns that make a short quoted word a name (“亮旗”志愿服务, “养新”党建品牌).
PROGRAMME_NOUN_AFTER_RE = re.compile(
    r"^[\u4e00-\u9fff]{0,4}?(?:品牌|工程|计划|行动|活动|机制|制度|模式|项目|服务|联盟|工作室|平台|课程|课堂|体系|建设|工作法|理念|原则|要求|战略|运动|标准)"
)
