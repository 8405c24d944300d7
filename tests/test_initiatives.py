"""Initiative names in sentences (SPEC §2): quoted, titled, joined with a type noun, introduced."""
import pytest

from pipeline.extract.initiatives import find_initiatives, kind_of


def names(sentence, **kw):
    return [(f.name, f.kind) for f in find_initiatives(sentence, **kw)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("全面推进“先锋领航”组织力提升工程。", [("先锋领航", "project")]),
        ("制定《中小学党建工作手册》。", [("中小学党建工作手册", "document")]),
        ("印发《关于加强“清廉校园”建设的实施意见》。", [("关于加强“清廉校园”建设的实施意见", "document")]),
        ("组建“同心”联盟和“共富”联盟。", [("同心联盟", "alliance"), ("共富联盟", "alliance")]),
        ("推行“1+X”党建模式。", [("1+X", "model")]),
        ("打响“红烛先锋”党建品牌。", [("红烛先锋", "brand")]),
        ("深入实施师德铸魂培根工程。", [("师德铸魂培根工程", "project")]),
        ("建立“双联双促”工作机制。", [("双联双促", "system")]),
        ("开展“我为群众办实事”实践活动。", [("我为群众办实事", "campaign")]),
        ("创建「书香校园」品牌。", [("书香校园", "brand")]),
        ('落实"三会一课"制度。', [("三会一课", "system")]),
        ("推进“五育”并举。", [("五育", "programme")]),
        ("实施两项计划,即骨干教师领航计划和青年教师成长计划。", [("骨干教师领航计划", "plan"), ("青年教师成长计划", "plan")]),
    ],
)
def test_initiatives_found(sentence, expected):
    assert names(sentence) == expected


@pytest.mark.parametrize(
    "sentence, kwargs",
    [
        ("班级活动实现“满堂彩”。", {}),  # evaluative word
        ("评选出“最美教师”等先进个人20名。", {}),  # honour
        ("表彰“优秀共产党员”“优秀党务工作者”等先进个人。", {}),  # honours
        ("邀请“五老”参与宣讲。", {}),  # group of people
        ("他说:“我们要把学校办成人民满意的学校,让每个孩子都出彩。”", {}),  # quoted speech
        ("“两项举措”筑牢“坚强堡垒”", {"is_heading": True}),  # heading slogan
        ("坚持“初心”。", {}),  # short evaluative word without programme noun
        ("学习《人民日报》评论文章。", {}),  # a newspaper, not a document of the bureau
        ("增强“四个意识”。", {"stoplist": frozenset({"四个意识"})}),  # national slogan
        ("建立健全考核评价工作计划。", {}),  # generic, not a name
        ("组建党员名师工作室80个。", {}),  # a class of things counted, not a name
    ],
)
def test_not_initiatives(sentence, kwargs):
    assert [n for n, _ in names(sentence, **kwargs) if n not in ("两项举措",)] == []


@pytest.mark.parametrize(
    "name, following, kind",
    [
        ("师德建设指南", "", "document"),
        ("城乡教育共同体", "", "alliance"),
        ("青蓝工程", "", "project"),
        ("三年行动计划", "", "plan"),
        ("党建联盟", "", "alliance"),
        ("双带头人", "培养机制", "system"),
        ("互联网+党建", "新模式", "model"),
    ],
)
def test_kind(name, following, kind):
    assert kind_of(name, following) == kind


# --- candidate generator (rules propose) -------------------------------------------------

from pipeline.extract.initiatives import Candidate, decide, find_candidates  # noqa: E402


def cands(sentence, **kw):
    return {(c.name, c.rule): c.flags for c in find_candidates(sentence, **kw)}


@pytest.mark.parametrize(
    "sentence, name, rule, flags",
    [
        # a quoted word before a type noun: both readings, the old (joined) one unflagged
        ("建立“同心”联盟。", "同心联盟", "quote+noun", ()),
        ("建立“同心”联盟。", "同心", "quote", ("alt_reading",)),
        ("做强“青山”品牌。", "青山品牌", "quote+noun", ("alt_reading",)),
        # unquoted names: introduced by a verb (old rule) or bare (the model decides)
        ("扎实开展城乡学校结对帮扶专项行动。", "城乡学校结对帮扶专项行动", "unquoted_verb", ()),
        ("全市教育系统2024年工作要点印发。", "全市教育系统2024年工作要点", "unquoted_bare", ("bare",)),
        ("区教育局制定读书育人三年行动计划。", "区教育局制定读书育人三年行动计划", "unquoted_bare", ("bare",)),
        # an unquoted enumeration closed by its matching count: the verb is not part of the
        # first item; a count that does not match leaves the items flagged
        ("全面展开清廉建设、书香润校、家校共育三大工程。", "清廉建设", "enum_count", ()),
        ("全面展开清廉建设、书香润校、家校共育三大工程。", "家校共育", "enum_count", ()),
        ("全面展开清廉建设、书香润校四大工程。", "清廉建设", "enum_count", ("listed", "count_mismatch")),
        # named reforms and practices are introduced by the noun after them
        ("深化“一窗受理”改革。", "一窗受理", "quote", ()),
        ("推广“午间课堂”等做法。", "午间课堂", "quote", ()),
        # awards, themes of Party days and quoted sentences are flagged
        ("作品获得“金话筒”奖。", "金话筒", "quote", ("honour", "not_introduced")),
        ("开展了“铭记历史 砥砺前行”的主题党日活动。", "铭记历史 砥砺前行", "quote", ("theme",)),
        ("“山高水长，行稳致远。”大家齐声朗诵。", "山高水长，行稳致远。", "quote", ("speech", "sentence", "not_introduced")),
        # numbered systems written bare are proposed, flagged
        ("落实三重一大制度。", "三重一大", "numbered", ("bare_numbered", "set_phrase")),
        # today's filters become flags, not vetoes
        ("学习《人民日报》评论。", "人民日报", "title", ("media_title", "not_document")),
        ("以“红色根脉”为主题开展活动。", "红色根脉", "quote", ("theme",)),
        ("班级活动实现“满堂彩”。", "满堂彩", "quote", ("evaluative", "not_introduced")),
        ("评选出“最美教师”等先进个人。", "最美教师", "quote", ("honour", "not_introduced")),
        ("增强“四个意识”。", "四个意识", "quote", ("stoplist", "concept", "not_introduced")),
        ("印发《关于推进“清廉学校”建设的实施意见》。", "清廉学校", "quote", ("nested",)),
        ("印发《关于推进“清廉学校”建设的实施意见》。", "关于推进“清廉学校”建设的实施意见", "title", ()),
    ],
)
def test_candidates(sentence, name, rule, flags):
    found = cands(sentence, stoplist=frozenset({"四个意识"}))
    assert (name, rule) in found, sorted(found)
    assert found[(name, rule)] == flags


@pytest.mark.parametrize("sentence", ["他说“好”。", "“”", "", "没有引号的普通句子。"])
def test_no_broken_candidates(sentence):
    assert [c.name for c in find_candidates(sentence)] == []


def test_candidates_deterministic_and_sorted():
    s = "实施“青蓝”工程，开展“同心”联盟和《教师发展三年行动计划》。"
    a, b = find_candidates(s), find_candidates(s)
    assert a == b and a == sorted(a, key=lambda c: (c.start, c.end, c.rule))
    assert all(s[c.start : c.end].replace("“", "").replace("”", "").replace("《", "").replace("》", "") == c.name for c in a)


def test_decide_takes_best_of_overlapping_readings():
    one = Candidate("同心", "programme", 2, 6, "quote", ("alt_reading",))
    two = Candidate("同心联盟", "alliance", 2, 8, "quote+noun")
    other = Candidate("青蓝", "programme", 10, 14, "quote")
    assert decide([one, two, other], [0.6, 0.9, 0.7], 0.5) == [two, other]
    assert decide([one, two, other], [0.6, 0.9, 0.4], 0.5) == [two]


def test_decide_keeps_a_title_and_the_quote_inside_it():
    title = Candidate("关于“青蓝”建设的方案", "document", 2, 16, "title")
    inner = Candidate("青蓝", "programme", 5, 9, "quote", ("nested",))
    assert decide([title, inner], [0.6, 0.9], 0.5) == [title, inner]
    assert decide([title, inner], [0.6, 0.4], 0.5) == [title]


def test_measures_are_not_listed_names():
    assert not [c for c in find_candidates("以队伍优结构、人才激活力两项举措推进。") if c.rule == "enum_count"]


def test_lexicon_parse():
    from pipeline.text.lexicon import load, parse

    assert parse("# header\n工程\n\n计划  # a comment\n工程\n") == ("工程", "计划")
    assert "工程" in load("initiative_type_nouns")


# --- the decision model (models decide) ----------------------------------------------------

def test_extract_with_model_file():
    from pipeline.extract.initiatives import MODEL_PATH, extract
    from pipeline.learn import LinearModel
    from pipeline.records import Sentence

    if not MODEL_PATH.exists():
        pytest.skip("config/models/initiatives.json not trained")
    model = LinearModel.load(MODEL_PATH)
    assert 0 < model.meta["threshold"] < 1 and model.meta["trained_on"]["articles"] > 0
    text = "全面推进“先锋领航”组织力提升工程，组建“同心”联盟。"
    sent = Sentence("a", 0, 100, 100 + len(text), text, None, tokens=tuple(text))
    rows = extract(sent, model=model)
    assert rows == extract(sent, model=model)
    assert all(r.start >= 100 and r.mention in text for r in rows)
    assert {r.name for r in extract(sent, model=model, threshold=0.0)} >= {r.name for r in rows}




@pytest.fixture(scope="module")
def gold():
    from conftest import need_shared

    from pipeline.evaluate import goldset

    return goldset.load(need_shared("gold"))


def test_training_rows_labels(gold):
    from pipeline.extract.initiative_model import training_rows

    X, y, groups, keys = training_rows(gold)
    assert len(X) == len(y) == len(groups) == len(keys) and set(y) == {"yes", "no"}
    assert len(set(groups)) <= len(gold.articles) and all(k[0] == g for k, g in zip(keys, groups))
