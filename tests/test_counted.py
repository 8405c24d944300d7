"""What a figure counts (SPEC §1 `counted`), read from jieba part-of-speech tags."""
import jieba.posseg
import pytest

from pipeline.figures import extract
from pipeline.records import Sentence
from pipeline.segment import load_userdict, make_tokenizer

from conftest import ROOT


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
