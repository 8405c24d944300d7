"""What a figure counts (SPEC §1 `counted`), read from jieba part-of-speech tags."""
import jieba.posseg
import pytest
from conftest import ROOT

from pipeline.extract.figures import extract
from pipeline.records import Sentence
from pipeline.text.segment import load_userdict, make_tokenizer


@pytest.fixture(scope="module")
def tagger():
    return jieba.posseg.POSTokenizer(make_tokenizer(load_userdict(ROOT / "config" / "userdict.txt")))


@pytest.mark.parametrize(
    "sentence, text, counted",
    [
        ("全区建有基层党支部86个。", "86个", "基层党支部"),  # noun phrase before
        ("建成45个党员活动室。", "45个", "党员活动室"),  # noun phrase after
        ("3万余人次参与。", "3万余人次", "参与"),  # the verb it measures
        ("评选示范校12所。", "12所", "示范校"),
        ("组建宣讲团18个。", "18个", "宣讲团"),
        ("开展专题党课150余堂。", "150余堂", "专题党课"),
        ("新建党群服务中心6个。", "6个", "党群服务中心"),
        ("培训思政教师300名。", "300名", "思政教师"),
        ("结对帮扶学校20所。", "20所", "学校"),
        ("受益学生和家长超过2万人次。", "超过2万人次", "学生和家长"),
        ("发展新党员25名。", "25名", "新党员"),
        ("推出研学精品线路8条。", "8条", "研学精品线路"),
        ("共有党员教师1200余名。", "1200余名", "党员教师"),
        ("成立12个党建联盟。", "12个", "党建联盟"),
        ("选树先进个人60余人。", "60余人", "先进个人"),
        ("组织150名骨干教师参加轮训。", "150名", "骨干教师"),
        ("完成清廉学校创建46所。", "46所", "清廉学校创建"),
        ("打造党建品牌30个。", "30个", "党建品牌"),
        ("全市有幼儿园320所。", "320所", "幼儿园"),
        ("招募志愿者500余名。", "500余名", "志愿者"),
    ],
)
def test_counted(tagger, sentence, text, counted):
    figs = extract(Sentence("t", 0, 0, len(sentence), sentence, None), tagger=tagger)
    got = {f.text: f.counted for f in figs}
    assert got[text] == counted


@pytest.mark.parametrize(
    "sentence, text, counted",
    [
        ("代表队在省运会上共获得12金8银5铜。", "5铜", "铜"),  # bare-noun tally unit
        ("获市级优秀班主任者加5分。", "5分", "加分"),  # separable 加…分
        ("王建国老师今年已经78岁了。", "78岁", "年龄"),  # an age
        ("全校教师平均年龄为38岁。", "38岁", "全校教师平均年龄"),  # the age word before it
        ("入学新生们120人参加了开学典礼。", "120人", "入学新生"),  # plural 们 dropped
        ("交通事故起数和受伤人数分别下降6.2%、3.1%。", "6.2%", "交通事故起数"),  # 分别: k-th conjunct
        ("交通事故起数和受伤人数分别下降6.2%、3.1%。", "3.1%", "受伤人数"),
        ("全市义务教育巩固率从95.1%提高到98.6%。", "98.6%", "全市义务教育巩固率"),  # 从a提高到b
        ("全市义务教育巩固率从95.1%提高到98.6%。", "95.1%", "全市义务教育巩固率"),
        ("本次培训为期5天。", "5天", "培训"),  # 为期
        ("全省研学基地参观率均达到90%以上。", "90%以上", "全省研学基地参观率"),  # verb stem of 率
        ("全区新增3家十亿级教育企业。", "3家", "十亿级教育企业"),  # magnitude opening the phrase
        ("区教育局出台12项举措，推动课后服务提质。", "12项", "举措"),  # verb-tagged noun after 项
        ("选派20名业务精湛、经验丰富的骨干教师赴山区任教。", "20名", "骨干教师"),  # head after 的
        ("对满意率低于80%的班级进行约谈。", "低于80%", "满意率"),  # comparative predicate
    ],
)
def test_counted_rules(tagger, sentence, text, counted):
    figs = extract(Sentence("t", 0, 0, len(sentence), sentence, None), tagger=tagger)
    got = {f.text: f.counted for f in figs}
    assert got[text] == counted
