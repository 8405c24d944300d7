"""The figure decision (issue 8): rules propose every number with a unit, flagged; the model
trained on the gold (config/models/figures.json) decides. Sentences are written for these tests
in the phrasing of bureau reports, not copied from the corpus."""
from functools import partial

import pytest

from pipeline.extract import figure_model as FM
from pipeline.extract.figures import extract, find_candidates
from pipeline.learn import LinearModel
from pipeline.records import Sentence
from pipeline.text.segment import tokens


@pytest.fixture(scope="module")
def model():
    m = FM.load_model()
    assert m is not None, f"{FM.MODEL_PATH} is missing: run `make models`"
    return m


def sentence(text, tokenizer):
    return Sentence("t", 0, 0, len(text), text, None, tuple(tokens(tokenizer, text)))


def kept(text, model, tokenizer):
    return [f.text for f in extract(sentence(text, tokenizer), decide=partial(FM.keep, model))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("全市共有中小学校605所，在校学生12.3万人。", ["605所", "12.3万人"]),  # plain counts
        ("累计培训教师1.5万余人次，覆盖率100%。", ["1.5万余人次", "100%"]),
        ("全年开展志愿服务30 余项，参与党员8 个支部。", ["30 余项", "8 个"]),  # typeset spaces
        ("活动吸引了百余名家长参加。", ["百余名"]),  # approximate Chinese numerals
        ("两个多月来，学校先后组织了三四百首歌曲的排练。", ["两个多月", "三四百首"]),
        ("2023年11月18日，市教育局召开推进会。", []),  # a date
        ("到2035年基本实现教育现代化。", []),  # a target year
        ("这是学校第三次获此殊荣。", []),  # an ordinal
        ("我校2019届毕业生返校。", []),  # a graduating class
        ("高二3班的同学参加了比赛。", []),  # a class name
        ("学习贯彻党的十九届四中、五中全会精神。", []),  # congress sessions
        ("学校是一所十二年一贯制学校。", []),  # a school type
        ("三套班子成员出席会议。", []),  # a set phrase
    ],
)
def test_the_model_decides(text, expected, model, shared_tokenizer):
    assert kept(text, model, shared_tokenizer) == expected


def test_candidates_carry_the_rules_that_flag_them():
    by_text = {c.unit + str(c.value): c for c in find_candidates("2023年11月18日召开会议，第三次会议有12人参加。")}
    assert by_text["年2023.0"].flags == ("year", "digit_after")
    assert by_text["日18.0"].flags == ("date",)
    assert "ordinal" in by_text["次3.0"].flags
    assert by_text["人12.0"].flags == ()


def test_without_a_model_a_flag_rejects(shared_tokenizer):
    assert kept("2023年新建学校12所。", None, shared_tokenizer) == ["12所"]


def test_features_name_rule_flags_unit_and_context(shared_tokenizer):
    s = sentence("新建学校12所。", shared_tokenizer)
    (c,) = find_candidates(s.text)
    f = FM.features(s, c)
    assert {"rule=unit", "flag=none", "unit=所", "b2=学校", "a1=。", "shape=d2"} <= set(f)


def test_threshold_is_chosen_for_the_best_f1():
    probs = [0.9, 0.8, 0.6, 0.4, 0.3]
    labels = [True, True, False, True, False]
    assert FM.best_threshold(probs, labels) == 0.35  # keeps the three positives and one negative


def test_stored_model_round_trips(model):
    again = LinearModel.from_json(model.to_json())
    assert again.meta["threshold"] == model.meta["threshold"]
    f = {"rule=unit": 1.0, "unit=所": 1.0}
    assert again.proba(f)[0] == pytest.approx(model.proba(f)[0], abs=1e-6)


def test_stored_model_knows_every_feature_the_code_writes(model, shared_tokenizer):
    """A feature added to figure_model.features without `make models` would be ignored."""
    s = sentence("2023年新建学校12所，高二3班第一、二名共8 个人，覆盖率超过95%。", shared_tokenizer)
    written = {name.split("=", 1)[0] for c in find_candidates(s.text) for name in FM.features(s, c)}
    stored = {name.split("=", 1)[0] for name in model.weights}
    assert written - {"heading"} <= stored
