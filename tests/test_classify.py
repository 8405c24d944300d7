"""Cells: the article's own outline, framework names, the stored cell models and the keyword baseline."""
import pytest

from pipeline.classify.model import keyword_cell
from pipeline.classify.structure import structure_cells
from pipeline.config import load_codebook
from pipeline.extract.initiatives import kind_of
from pipeline.parse.outline import find_sections, stated_framework

CODEBOOK = load_codebook()

FRAMEWORK_ARTICLE = """某区以三个三推动党建工作。
“三项措施”打牢基础
一是加强党的领导。全面推开校长负责制。
二是规范党建标准。制定清单。
三是夯实党建阵地。建成活动室。
“三项工程”激发活力
一是实施理论学习工程。开展宣讲。
二是实施干部培养工程。选拔干部。
三是实施思政课程工程。培训教师。"""


def test_outline_following_the_pillars_maps_items_to_cells():
    secs = find_sections("a", FRAMEWORK_ARTICLE)
    cells = structure_cells(secs, CODEBOOK)
    by_heading = {s.heading: cells[s.code] for s in secs}
    assert by_heading["加强党的领导"] == "M1"
    assert by_heading["夯实党建阵地"] == "M3"
    assert by_heading["实施干部培养工程"] == "P2"
    assert by_heading["“三项措施”打牢基础"] == "none"


def test_outline_naming_one_pillar_is_not_the_framework():
    secs = find_sections("b", "导语。\n“三项措施”打牢基础\n一是甲。乙。\n二是丙。丁。")
    assert structure_cells(secs, CODEBOOK) is None


@pytest.mark.parametrize(
    "text, framework",
    [("某校以“四个三”为抓手。", "四个三"), ("大力实施党建‘五大工程’。", "五大工程"), ("以“三个三”落实领导", "三个三"),
     ("推进三项措施落地", "三项措施"), ("一心一意办教育。", None)],
)
def test_stated_framework(text, framework):
    assert stated_framework(text) == framework


@pytest.mark.parametrize("name", ["四个三", "五大工程", "三项措施"])
def test_framework_names_have_kind_framework(name):
    assert kind_of(name) == "framework"
    assert kind_of(name, "为工作抓手") == "framework"


def test_a_formula_named_activity_is_a_campaign():
    assert kind_of("三个一", "主题活动") == "campaign"


@pytest.mark.parametrize(
    "text, cell",
    [("全市建成党群服务中心和党员活动室", "M3"), ("开展党史学习教育宣讲", "P1"), ("组建志愿者队伍开展志愿服务", "F3"),
     ("成立城乡学校共同体结对帮扶", "F2"), ("全市学校基本情况统计", "none")],
)
def test_keyword_baseline(text, cell):
    assert keyword_cell(text, CODEBOOK) == cell


def _view(sentences: dict[str, str]):
    """A CorpusView of one-sentence articles (id -> text) with one figure each: its first number."""
    import re

    from pipeline.classify.cells import CorpusView
    from pipeline.records import Article, Figure

    view = CorpusView({a: Article(a, f"{a}.txt", "", title="") for a in sentences}, {}, [], dict(sentences))
    for a, text in sentences.items():
        m = re.search(r"[0-9]+[余万亿]*[人所名场个元户%]", text)
        view.figures.append(Figure(a, m.group(), 1, None, "", "exact", "", text, m.start(), m.end(), None, "other"))
    return view


@pytest.fixture(scope="module")
def models():
    from pipeline.classify.cell_model import load

    loaded = load()
    if loaded is None:
        pytest.skip("config/models/cells_*.json not trained yet (python -m pipeline.cell_model)")
    return loaded


SYNTHETIC = {
    "enrol": "今年全区小学招生8600人,初中招生7200人,在校学生总数比上年增长3%。",
    "volunteer": "组织120名党员志愿者开展志愿服务进社区活动,累计服务群众3000余人次。",
    "history": "开展党史学习教育专题宣讲46场,组织主题党日活动。",
}


def test_decide_learns_none_and_cells_from_the_stored_models(models):
    from pipeline.classify.cell_model import decide
    from pipeline.text.segment import make_tokenizer, tokens

    view = _view(SYNTHETIC)
    tokenize = lambda text: tokens(make_tokenizer(), text)  # noqa: E731
    got = {f.article_id: decide("figure", f, view, CODEBOOK, models, structure=None, tokenize=tokenize)
           for f in view.figures}
    assert got["enrol"].cell == "none" and got["enrol"].source == "classifier"
    assert got["volunteer"].cell == "F3"
    assert got["history"].cell == "P1"
    assert all(0 < d.confidence <= 1 for d in got.values())
    again = decide("figure", view.figures[0], view, CODEBOOK, models, structure=None, tokenize=tokenize)
    assert again == got[view.figures[0].article_id]  # deterministic


def test_stored_thresholds_are_probabilities(models):
    assert 0 < models.threshold < 1 and 0 <= models.review <= 1
    assert models.relevance.binary and set(models.cells.classes) == {i.code for i in CODEBOOK.items}


def test_off_topic_is_a_feature_not_a_veto(models):
    from pipeline.classify.cell_model import decide
    from pipeline.classify.cells import relevance, rule_cell

    party = "全县建成党员活动室45个,开展党史学习教育宣讲120余场,党员志愿者服务社区。"
    tax = "今年以来全省减免企业所得税180亿元,惠及纳税人3万户,财政收入稳步增长。"
    assert relevance(party, CODEBOOK) > relevance(tax, CODEBOOK)
    view = _view({"p": party, "t": tax})
    assert all(rule_cell(f, view, CODEBOOK) is None for f in view.figures)  # no rule decides
    tokenize = lambda text: list(text)  # noqa: E731
    cells = {f.article_id: decide("figure", f, view, CODEBOOK, models, structure=None, tokenize=tokenize).cell
             for f in view.figures}
    assert cells["t"] == "none" and cells["p"] != "none"


def test_structure_and_labels_come_before_the_models(models):
    from pipeline.classify.cell_model import decide
    from pipeline.classify.labels import Label

    view = _view({"enrol": SYNTHETIC["enrol"]})
    fig = view.figures[0]
    assert decide("figure", fig, view, CODEBOOK, models, structure={"": "M2"}).cell == "M2"
    d = decide("figure", fig, view, CODEBOOK, models, structure=None, label=Label("enrol", fig.text, "P3"))
    assert (d.cell, d.source, d.confidence) == ("P3", "label", 1.0)
