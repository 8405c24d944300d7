"""Plain-text page dumps: the seed's metadata and body without the site's chrome."""
import pytest
from conftest import SEED, need_shared

from pipeline.parse.pages import PageError, parse_page, read_meta, sidecar_of
from pipeline.parse.textpage import parse_text_page


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
    assert (art.article_id, art.title, art.published) == ("x/a.txt", "标题乙", "2023-10-12")
    assert body == "标题甲\n正文。"  # a dump without an info line is all body


# Dumps of every shape, as their lines: (lines, title, indices of the body's lines, published,
# source). Metadata lines (来源/发布时间) may stand under the title, between reposted items or
# last; none of them is body, and leading blank lines change nothing.
SHAPES = {
    "metadata line last": (
        ["某校举行读书节活动", "本周学校举办了读书节，全体学生参加。", "活动共持续三天。", "（来源：某某日报 发布时间：2024-05-06）"],
        "某校举行读书节活动", [0, 1, 2], "2024-05-06", "某某日报",
    ),
    "blank first line": (
        ["", "", "某区教育局召开工作会议", "会议部署了下半年的重点任务。"],
        "某区教育局召开工作会议", [2, 3], None, None,
    ),
    "blank first line, info line under the title": (
        ["", "某区召开教研会议", "发布时间：2023-03-04 来源：某区教育局", "会议总结了上半年的教研工作。"],
        "某区召开教研会议", [3], "2023-03-04", "某区教育局",
    ),
    "blank first line, metadata line last": (
        [" ", "某区开展安全教育", "各校组织了应急演练。", "来源：某区融媒体中心", ""],
        "某区开展安全教育", [1, 2], None, "某区融媒体中心",
    ),
    "no metadata at all": (
        ["某校开展志愿服务", "志愿者走进社区看望老人。", "共有二十名学生参加"],
        "某校开展志愿服务", [0, 1, 2], None, None,
    ),
    "metadata between reposted items": (
        ["每周学习材料", "第一篇的正文写在这里。", "（来源：某通讯社）", "第二篇的正文写在这里。", "（来源：某日报）"],
        "每周学习材料", [0, 1, 3], None, "某日报",
    ),
    "prose above an info line is body": (
        ["学习材料", "本月推荐的学习内容如下。", "推荐文章的标题", "来源：某某网", "第一段正文。"],
        "学习材料", [0, 1, 2, 4], None, None,
    ),
    "title and info line only": (["某校通知", "来源：某校办公室"], "某校通知", [0], None, "某校办公室"),
}


@pytest.mark.parametrize("lines, title, body, published, source", SHAPES.values(), ids=SHAPES.keys())
def test_dump_shapes(lines, title, body, published, source):
    page = parse_text_page("\n".join(lines))
    want_body = "\n".join(lines[i] for i in body)
    assert (page["title"], page["body"], page["published"], page["source"]) == (title, want_body, published, source)


@pytest.mark.parametrize("raw", [
    b"", b"  \n\n", " \n\u3000\n".encode(), "\ufeff\n".encode(),
    "欢迎访问某某网\n当前位置：首页 > 新闻\n来源：某某网\n版权所有 某某网".encode(),
], ids=["empty", "blank lines", "full-width spaces", "byte-order mark", "only chrome and metadata"])
def test_dump_without_text_is_an_error(raw):
    with pytest.raises(PageError):
        parse_page(raw, rel="x.txt")


@pytest.mark.parametrize("folder", ["corpus-dev2", "corpus-real"])
def test_every_shared_dump_parses(folder):
    """Issue 8: a UTF-8 dump with text always yields an article (corpus-real: 2,785 dumps)."""
    corpus = need_shared(folder)
    pages = sorted(corpus.glob("*.txt"))
    assert pages, f"no .txt dumps in {corpus}"
    for path in pages:
        side = sidecar_of(path)
        meta = read_meta(side, side.read_bytes() if side.exists() else b"")
        art, body = parse_page(path.read_bytes(), rel=path.name, meta=meta)  # raises PageError if dropped
        assert body.strip() and art.chars == len(body), path.name
