"""Figures in sentences (SPEC §1): what counts, its value, unit and qualifier; what never counts.

Sentences are written in the phrasing of bureau reports, not copied from the corpus.
"""
import pytest

from pipeline.extract.figures import claim, find_candidates, no_flags


def figs(sentence):
    """The rule layer's figures: candidates that no never-figure rule flags."""
    return [(sentence[c.start : c.end], c.value, c.unit, c.qualifier) for c in find_candidates(sentence) if no_flags(None, c)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # Arabic numbers with measure words
        ("全县中小学建有党支部128个。", [("128个", 128, "个", "exact")]),
        ("共评选示范学校46所。", [("46所", 46, "所", "exact")]),
        ("制定负面清单12条。", [("12条", 12, "条", "exact")]),
        ("新发展党员37名。", [("37名", 37, "名", "exact")]),
        # percentages and percentage points
        ("公办学校党组织覆盖率达100%。", [("100%", 100, "%", "exact")]),
        ("优良率提高3.2个百分点。", [("3.2个百分点", 3.2, "个百分点", "exact")]),
        ("覆盖率达到１００％。", [("１００％", 100, "%", "exact")]),
        # multipliers and decimals
        ("参与师生达2.3万余人次。", [("2.3万余人次", 23000, "人次", "more_than")]),
        ("投入专项经费1.2亿元。", [("1.2亿元", 120_000_000, "元", "exact")]),
        ("累计服务群众15万人次。", [("15万人次", 150000, "人次", "exact")]),
        ("共有8千余名教师参加培训。", [("8千余名", 8000, "名", "more_than")]),
        # Chinese numerals
        ("组织两万余名党员参与志愿服务。", [("两万余名", 20000, "名", "more_than")]),
        ("全市共设立七个联合党支部。", [("七个", 7, "个", "exact")]),
        ("培育百名骨干教师。", [("百名", 100, "名", "exact")]),
        ("建成三百二十个党员活动室。", [("三百二十个", 320, "个", "exact")]),
        # approximation words
        ("开展宣讲活动300余场。", [("300余场", 300, "场", "more_than")]),
        ("受益学生超过5000人。", [("超过5000人", 5000, "人", "more_than")]),
        ("覆盖学生近3万人。", [("近3万人", 30000, "人", "nearly")]),
        ("约200名党员参加了活动。", [("约200名", 200, "名", "about")]),
        ("志愿者达500人以上。", [("500人以上", 500, "人", "at_least")]),
        ("参训教师80人左右。", [("80人左右", 80, "人", "about")]),
        ("经费缺口不足10万元。", [("不足10万元", 100_000, "元", "less_than")]),
        ("服务时长逾1000小时。", [("逾1000小时", 1000, "小时", "more_than")]),
        # ranges
        ("每年新建20至30所示范校。", [("20至30所", 20, "所", "range")]),
        ("每校配备2—3名专职组织员。", [("2—3名", 2, "名", "range")]),
        # durations
        ("该校连续5年获评先进基层党组织。", [("5年", 5, "年", "exact")]),
        # fractions and 成
        ("三分之一的学校已完成创建。", [("三分之一", 33.33, "%", "exact")]),
        ("近三成党员参加了轮训。", [("近三成", 30, "%", "nearly")]),
        ("吸引千余名家长参与。", [("千余名", 1000, "名", "more_than")]),
        ("服务群众一点五万人次。", [("一点五万人次", 15000, "人次", "exact")]),
        ("满意度达到百分之九十。", [("百分之九十", 90, "%", "exact")]),
        ("计划新建20-30所学校。", [("20-30所", 20, "所", "range")]),
        ("党员占比超过20%。", [("超过20%", 20, "%", "more_than")]),
        ("人均经费约1.2万元。", [("约1.2万元", 12000, "元", "about")]),
        ("年收入低于100万元的学校。", [("低于100万元", 1_000_000, "元", "less_than")]),
        ("每班学生不超过45人。", [("不超过45人", 45, "人", "at_most")]),
        ("每名党员每年学习不少于32学时。", [("不少于32学时", 32, "学时", "at_least")]),
        ("贫困生比例在5%以下。", [("5%以下", 5, "%", "at_most")]),
        ("建成示范点二十个左右。", [("二十个左右", 20, "个", "about")]),
        # several figures in one sentence
        (
            "开展专题党课120余堂、主题党日活动86场。",
            [("120余堂", 120, "堂", "more_than"), ("86场", 86, "场", "exact")],
        ),
    ],
)
def test_figures_found(sentence, expected):
    assert figs(sentence) == [tuple(e) for e in expected]


@pytest.mark.parametrize(
    "sentence",
    [
        "2021年11月18日,市教育局召开推进会。",  # date
        "印发《2023年工作要点》。",  # year inside a title
        "各地要科学谋划“十四五”教育发展。",  # period in quotes
        "学校2023年度考核结果为优秀。",  # year + 年度
        "学校成为全省首个清廉学校示范校。",  # ordinal 首个
        "入选第三批省级示范校名单。",  # ordinal 第三批
        "该校排名第2。",  # rank
        "一是加强组织建设。",  # outline marker
        "（三）强化督查考核。",  # outline marker
        "实施“三名工程”。",  # number inside a quoted name
        "出版《讲给少年的50个故事》。",  # number inside a title
        "组织“80后”青年教师座谈。",  # cohort in quotes
        "00后学生担任讲解员。",  # cohort
        "启用服务平台2.0版。",  # version
        "庆祝建党百年。",  # anniversary
        "纪念学校成立120周年。",  # anniversary
        "根据浙教办〔2023〕28号文件精神。",  # document number
        "咨询电话:0572-2123456。",  # phone
        "探索出一条新路径。",  # indefinite one
        "打造一支高素质队伍。",  # indefinite one
        "增强“四个意识”、坚定“四个自信”。",  # set phrases in quotes
        "增强四个意识,做到两个维护。",  # set phrases unquoted
        "全体教师千方百计为学生服务。",  # idiom
        "理科1支部组织学习。",  # branch name
        "高一年级开展活动。",  # grade
        "学习贯彻党的二十大精神。",  # congress
        "近5年来学校发展迅速。",  # period
        "每一位党员都要带头。",  # distributive
        "学校位于王八家子村。",  # place name (…家子)
    ],
)
def test_never_figures(sentence):
    assert figs(sentence) == []


@pytest.mark.parametrize(
    "before, expected",
    [
        ("目前已累计建成", "achieved"),
        ("全市实现", "achieved"),
        ("力争到2025年建成", "target"),
        ("计划新增", "target"),
        ("其中女性", "other"),
    ],
)
def test_claim(before, expected):
    assert claim(before) == expected
