"""An article's own outline: numbered items and unnumbered headings, nested by marker type."""
from pipeline.parse.outline import find_sections

TEXT = """导语段落,介绍总体情况。
“两项举措”夯实基础
一是健全组织体系。全面推开校长负责制。
二是规范制度建设。制定清单。
“两大特色”打造品牌
一是开展结对共建。建立联盟。
二是深化志愿服务。服务群众。"""


def test_nested_outline_levels_codes_and_parents():
    secs = find_sections("a", TEXT)
    got = [(s.code, s.level, s.heading, s.parent, s.marker) for s in secs]
    assert got == [
        ("1", 1, "“两项举措”夯实基础", None, ""),
        ("1.1", 2, "健全组织体系", "1", "一是"),
        ("1.2", 2, "规范制度建设", "1", "二是"),
        ("2", 1, "“两大特色”打造品牌", None, ""),
        ("2.1", 2, "开展结对共建", "2", "一是"),
        ("2.2", 2, "深化志愿服务", "2", "二是"),
    ]


def test_extents_cover_until_the_next_sibling():
    secs = {s.code: s for s in find_sections("a", TEXT)}
    assert TEXT[secs["1.1"].start : secs["1.1"].end].startswith("一是健全组织体系")
    assert secs["1.2"].end == secs["2"].start
    assert secs["2"].end == len(TEXT)


def test_mixed_markers_nest_in_order_of_appearance():
    text = "通知如下。\n一、总体要求\n（一）指导思想。坚持方向。\n（二）工作目标。到年底完成。\n二、主要任务\n1.加强学习。\n2.强化督查。"
    got = [(s.code, s.level, s.heading) for s in find_sections("b", text)]
    assert got == [("1", 1, "总体要求"), ("1.1", 2, "指导思想"), ("1.2", 2, "工作目标"),
                   ("2", 1, "主要任务"), ("2.1", 2, "加强学习"), ("2.2", 2, "强化督查")]


def test_single_paragraph_has_no_outline():
    assert find_sections("c", "一段话,没有标题。") == []
