"""Plain-text page dumps: the seed's metadata and body without the site's chrome."""
from pipeline.parse import parse_page
from pipeline.textpage import parse_text_page

from conftest import SEED


def test_seed_metadata_and_body():
    art, body = parse_page(SEED.read_bytes(), rel="huzhou-three-threes-2021.txt")
    assert art.title == "湖州:以“三个三”落实党对教育工作的全面领导"
    assert art.published == "2021-11-20T07:20:32"
    assert (art.author, art.source, art.site) == ("佚名", "浙江省教育厅", "教育法治网")
    assert art.original_url == "http://jyt.zj.gov.cn/art/2021/11/18/art_1543974_58918325.html"
    assert body.startswith("加强党对教育工作的全面领导")
    assert body.endswith("成为省首家中小学心理健康教育专业公益平台。")
    for chrome in ("欢迎加入", "当前所在", "免责声明", "原文链接", "联系电话", "版权所有"):
        assert chrome not in body
    assert art.chars == len(body)


def test_dump_without_info_line_takes_first_line_as_title():
    page = parse_text_page("某区教育局推进党建工作\n正文第一段。\n正文第二段。")
    assert page["title"] == "某区教育局推进党建工作"
    assert page["body"] == "某区教育局推进党建工作\n正文第一段。\n正文第二段。"


def test_byline_or_sentence_is_not_a_title():
    assert parse_text_page("\n张三 李四 王五\n正文。")["title"] is None
    assert parse_text_page("本局近日开展了活动,内容如下:\n正文。")["title"] is None


def test_sidecar_overrides_page_fields_and_url_gives_the_date():
    raw = "标题甲\n正文。".encode()
    art, body = parse_page(raw, rel="x/a.txt", meta={"title": "标题乙", "url": "http://e.gov.cn/art/2023/10/12/art_1_2.html"})
    assert (art.article_id, art.title, art.published) == ("x__a", "标题乙", "2023-10-12")
    assert body == "标题甲\n正文。"  # a dump without an info line is all body
