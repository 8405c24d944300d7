"""Reposts (issue 5): which bodies are one article, which copy is the original, and that cells.csv
counts a reposted article once. The seed's text is read at run time, never copied in here."""
from __future__ import annotations

import html
import itertools
import json
import random
import shutil

import pytest
from conftest import ROOT, SEED, need_shared
from pipeline_runner import make

from pipeline import storage
from pipeline.config import load_codebook
from pipeline.parse import dedupe
from pipeline.parse.pages import page_files, parse_page, sidecar_of
from pipeline.records import Article
from pipeline.report.tables import cell_summary

# The page the seed's 原文链接 points at (the seed reposts it from 浙江省教育厅).
ORIGINAL_URL = "http://jyt.zj.gov.cn/art/2021/11/18/art_1543974_58918325.html"
ORIGINAL_REL = "jyt.zj.gov.cn/art_1543974_58918325.html"
ORIGINAL_ID = ORIGINAL_REL
SEED_ID = SEED.name

# Lines a reposting site wraps around an article (made up).
CHROME_TOP = ["首页 > 教育动态 > 基层风采", "发布时间：2021-11-22 来源：某市教育信息网 字号：大 中 小"]
CHROME_BOTTOM = ["（责任编辑：李四）", "分享到：微信 微博 QQ空间", "【打印本页】【关闭窗口】",
                 "主办单位：某市教育局 版权所有 备案号：浙ICP备00000000号"]

# A made-up article on the same topic (party building in a city's schools), written for this test.
SAME_TOPIC = """近年来，某县教育局坚持把党的建设放在首位，围绕“三个三”工作思路，推动学校党建与教育教学深度融合。
一是建强基层组织。全县中小学校全部实行党组织领导的校长负责制，新建民办学校党支部12个，党员教师全部编入支部管理。
二是严格制度规范。出台学校党支部工作手册，开展清廉学校创建，评选示范学校18所，持续整治师德师风突出问题。
三是做实阵地建设。每所学校建成党员活动室，开通“红色课堂”线上平台，组织党员教师开展主题党日活动。
在人才队伍方面，实施青年教师“双培养”计划，培养骨干教师党员46名，选派优秀干部到薄弱学校任职。
在思政教育方面，推进大中小学思政课一体化建设，组建思政教师工作室6个，开发本土红色课程资源。
在志愿服务方面，组织党员教师走进社区开展课后服务和家庭教育指导，累计服务群众3000余人次。
下一步，某县教育局将继续深化党建品牌创建，推动党建联盟共建共享，以高质量党建引领教育高质量发展。"""


@pytest.fixture(scope="module")
def seed_body() -> str:
    _art, body = parse_page(SEED.read_bytes(), rel=SEED.name)
    return body


def excerpt(body: str, share: float) -> str:
    """The leading lines of `body` holding about `share` of its characters."""
    out, total = [], 0
    for line in body.splitlines():
        if total >= share * len(body):
            break
        out.append(line)
        total += len(line) + 1
    return "\n".join(out)


def wrap(body: str) -> str:
    return "\n".join(CHROME_TOP + [body] + CHROME_BOTTOM)


@pytest.mark.parametrize("name, make_copy, same", [
    ("same text", lambda b: b, True),
    ("same text with chrome lines", wrap, True),
    ("80% excerpt with chrome lines", lambda b: wrap(excerpt(b, 0.8)), True),
    ("re-punctuated and re-spaced", lambda b: b.replace("，", ",").replace("。", ". ").replace("\n", "\n\u3000\u3000"),
     True),
    ("different article on the same topic", lambda b: SAME_TOPIC, False),
    ("a quarter of the article (a brief, not a repost)", lambda b: excerpt(b, 0.25), False),
])
def test_pairs(seed_body: str, name: str, make_copy, same: bool) -> None:
    copy = make_copy(seed_body)
    a, b = dedupe.shingles(seed_body), dedupe.shingles(copy)
    assert dedupe.same_article(seed_body, copy) is same, (name, dedupe.similarity(a, b))
    articles = [Article("a", "a.txt", ""), Article("b", "b.txt", "")]
    assert dedupe.find_duplicates(articles, {"a": seed_body, "b": copy}) == ({"b": "a"} if same else {})


def test_shingles_and_similarity() -> None:
    assert dedupe.shingles("一二，三 四五六", k=5) == {"一二三四五", "二三四五六"}
    assert dedupe.shingles("ＡＢ１２３", k=5) == {"AB123"}  # full-width forms fold to ASCII
    assert dedupe.shingles("。！ ", k=5) == set()
    assert dedupe.similarity({"a", "b"}, {"a", "b", "c", "d"}) == 1.0
    assert dedupe.similarity(set(), {"a"}) == 0.0


def test_short_bodies_must_be_identical_with_the_same_title() -> None:
    arts = [Article(f"n{i}", f"n{i}.html", "", title=f"示例通知{i}") for i in (1, 2)]
    arts.append(Article("n1-copy", "n1-copy.html", "", title="示例通知1"))
    texts = {"n1": "示例区第1001号通知的正文，内容均为虚构。", "n2": "示例区第1002号通知的正文，内容均为虚构。",
             "n1-copy": "示例区第1001号通知的正文，内容均为虚构。"}
    assert dedupe.find_duplicates(arts, texts) == {"n1-copy": "n1"}
    attachment_only = [Article("x", "x.html", "", title="关于甲的通知"), Article("y", "y.html", "", title="关于乙的通知")]
    assert dedupe.find_duplicates(attachment_only, {"x": "详见附件。", "y": "详见附件。"}) == {}


def test_no_pair_among_the_dev_articles() -> None:
    """The 18 dev articles are all different: their largest similarity is the margin to THRESHOLD."""
    corpus = need_shared("corpus-dev")
    texts = {}
    for path in page_files(corpus):
        side = sidecar_of(path)
        meta = json.loads(side.read_text(encoding="utf-8")) if side.exists() else None
        art, body = parse_page(path.read_bytes(), rel=path.name, meta=meta)
        texts[art.article_id] = body
    assert len(texts) == 18
    sets = {k: dedupe.shingles(v) for k, v in texts.items()}
    top = max(dedupe.similarity(sets[a], sets[b]) for a, b in itertools.combinations(sets, 2))
    assert top < dedupe.THRESHOLD / 2, top  # measured 0.092
    arts = [Article(k, k, "") for k in texts]
    assert dedupe.find_duplicates(arts, texts) == {}


# --- which copy is the original ---

def art(article_id: str, **kw) -> Article:
    return Article(article_id, f"{article_id}.html", "", **kw)


@pytest.mark.parametrize("name, articles, original", [
    ("url is another's 原文链接 (scheme and trailing slash aside), beats earlier and smaller id",
     [art("a-repost", url="http://city.example/a/1.html", original_url="http://prov.example/art/9.html/",
          published="2021-01-01"),
      art("z-original", url="https://prov.example/art/9.html", published="2021-02-01")], "z-original"),
    ("on the host of another's 原文链接",
     [art("a-repost", url="http://city.example/a/1.html", original_url="http://prov.example/art/9.html",
          published="2021-01-01"),
      art("m-self", url="http://other.example/x.html", published="2021-01-01"),
      art("z-prov", url="http://prov.example/col/9.html", original_url="http://prov.example/art/9.html",
          published="2021-03-01")], "z-prov"),
    ("no 原文链接 beats a 原文链接 elsewhere",
     [art("a-repost", original_url="http://prov.example/art/9.html", published="2021-01-01"),
      art("b-self", published="2021-05-01")], "b-self"),
    ("来源 is its own site",
     [art("a-repost", original_url="http://prov.example/art/9.html", source="某报", site="某网",
          published="2021-01-01"),
      art("b-own", original_url="http://prov.example/art/9.html", source="某某教育局", site="某某教育局",
          published="2021-05-01")], "b-own"),
    ("earliest published, undated last",
     [art("a", published=None), art("b", published="2021-05-02"), art("c", published="2021-05-01T10:00")], "c"),
    ("smallest article_id", [art("b", published="2021-05-01"), art("a", published="2021-05-01")], "a"),
])
def test_original_preference(seed_body: str, name: str, articles: list[Article], original: str) -> None:
    texts = {a.article_id: seed_body for a in articles}
    expected = {a.article_id: original for a in articles if a.article_id != original}
    for order in itertools.permutations(articles):
        assert dedupe.find_duplicates(list(order), texts) == expected, name


def test_a_chain_keeps_both_ends(seed_body: str) -> None:
    """A~B and B~C but not A~C: an original B takes both; an original A leaves C standing."""
    n = len(seed_body)
    head, tail = seed_body[: n * 3 // 5], seed_body[n * 2 // 5:]  # 60% each, overlapping by 20%
    assert not dedupe.same_article(head, tail)
    texts = {"a": head, "b": seed_body, "c": tail}
    b_first = [art("a", published="2021-02-01"), art("b", published="2021-01-01"), art("c", published="2021-02-01")]
    assert dedupe.find_duplicates(b_first, texts) == {"a": "b", "c": "b"}
    a_first = [art("a", published="2020-01-01"), art("b", published="2021-01-01"), art("c", published="2021-01-01")]
    assert dedupe.find_duplicates(a_first, texts) == {"b": "a"}  # c is unlike a: it stays, nothing lost


def test_candidates_include_every_pair_and_stay_few() -> None:
    """The signatures' LSH buckets hold every pair a full comparison finds, from few candidates."""
    rng = random.Random(5)
    alphabet = [chr(0x4E00 + i) for i in range(3000)]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(80, 600))) for _ in range(300)]
    for i in range(60):  # copies whose overlap straddles THRESHOLD and MIN_SIZE_RATIO
        src = texts[rng.randrange(300)]
        keep = rng.uniform(0.5, 1.0)
        start = rng.randint(0, int(len(src) * (1 - keep)))
        texts.append(src[start:start + int(len(src) * keep)] + "".join(rng.choice(alphabet) for _ in range(
            rng.randint(0, 30))))
    truth = {(i, j) for i, j in itertools.combinations(range(len(texts)), 2) if dedupe.same_article(texts[i], texts[j])}
    found = dedupe.candidate_pairs([dedupe.signature(t) for t in texts])
    assert len(truth) > 20 and truth <= found
    assert len(found) < 2 * len(truth)  # vs 64,980 pairs a full comparison reads


def test_signature_is_fixed_size_and_reproducible(seed_body: str) -> None:
    sig = dedupe.signature(seed_body)
    assert len(sig.minhash) == 4 * dedupe.PERMUTATIONS and sig.short is None
    assert sig.size == len(dedupe.shingles(seed_body))
    assert dedupe.Signature.from_dict(sig.to_dict()) == sig == dedupe.signature(seed_body)
    assert dedupe.signature(seed_body * 3).minhash == sig.minhash  # the same shingles, the same values
    short = dedupe.signature("详见附件。", "关于甲的通知")
    assert short.minhash == b"" and short.short and short.short != dedupe.signature("详见附件。", "关于乙的通知").short


TEMPLATE = """关于开展{month}月份主题党日活动的通知
各支部：根据上级部门要求，结合学校实际，现将{month}月份主题党日活动安排通知如下。
一、活动时间：2020年{month}月{day}日下午。二、活动地点：各支部自行安排。
三、活动内容：学习《中国共产党章程》，交流学习体会，每名党员撰写心得体会一篇，字数不少于{words}字。
四、活动要求：各支部要高度重视，认真组织，做好活动记录，于{month}月底前将活动材料报送党委办公室。
请各支部书记认真组织，确保全体党员参加，因故不能参加的党员应向支部书记请假并及时补学。
五、其他事项：活动中要注重发挥党员先锋模范作用，把学习成果转化为推动学校各项工作的强大动力。
各支部可结合实际，创新活动形式，丰富活动内容，增强主题党日活动的吸引力和感染力，切实提高活动实效。
党委办公室将对各支部活动开展情况进行检查，并将检查结果纳入年度支部工作考核。"""


def test_a_template_filled_in_again_is_not_a_repost() -> None:
    """Monthly notices from one template (issue 10: 68 of the 77 pairs marked on corpus-real were
    different articles like these) differ in their numbers, so each keeps its own figures."""
    march, april = TEMPLATE.format(month=3, day=12, words=800), TEMPLATE.format(month=4, day=16, words=1000)
    assert dedupe.similarity(dedupe.shingles(march), dedupe.shingles(april)) >= dedupe.THRESHOLD
    assert dedupe.substituted_numbers(march, april) == 5  # 开展_月份, 现将_月份, 年_月, 于_月底, 不少于_字
    assert not dedupe.same_article(march, april)
    assert dedupe.same_article(march, march.replace("。", "。\n"))


# --- cells.csv counts a reposted article once ---

def test_cell_summary_skips_duplicates() -> None:
    codebook = load_codebook(ROOT / "config" / "codebook.toml")
    arts = [art("orig"), art("copy", duplicate_of="orig")]
    figs = [dict(article_id=a, cell="M1") for a in ("orig", "copy")]
    inis = [dict(article_id=a, cell="F2", name="互促联盟") for a in ("orig", "copy")]
    rows = {r["cell"]: r for r in cell_summary(codebook, arts, figs, inis)}
    assert (rows["M1"]["figures"], rows["M1"]["articles"]) == (1, 1)
    assert (rows["F2"]["initiatives"], rows["F2"]["articles"]) == (1, 1)


PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{title}_浙江省教育厅</title>
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2021-11-18 15:30">
<meta name="ContentSource" content="湖州市教育局">
<meta name="SiteName" content="浙江省教育厅">
</head><body>
<div class="header"><div class="logo">浙江省教育厅</div>
<div class="nav"><a href="/">首页</a> <a href="/col/col1543974/index.html">教育动态</a></div></div>
<div class="main"><div class="position">当前位置：首页 &gt; 教育动态</div>
<h1 class="title">{title}</h1>
<div class="info">发布日期：2021-11-18 15:30 来源：湖州市教育局 浏览次数：<span>128</span></div>
<div id="zoom"><div class="TRS_Editor">
{paragraphs}
</div></div>
<div class="share">分享到：微信 微博 【打印本页】【关闭窗口】</div></div>
<div class="footer">主办单位：浙江省教育厅 版权所有 地址：杭州市 浙ICP备00000000号</div>
</body></html>
"""


def test_a_repost_is_marked_and_counted_once(tmp_path) -> None:
    alone, both = tmp_path / "alone", tmp_path / "both"
    (alone / "corpus").mkdir(parents=True)
    shutil.copy(SEED, alone / "corpus" / SEED.name)
    first = make("all", corpus=alone / "corpus", out=alone / "out")
    assert first.returncode == 0, first.stderr

    # The original page: the seed's body as the parse stage stored it, one <p> a line, TRS-like page.
    seed_row = storage.read_csv(alone / "out" / "articles.csv")[0]
    body = (alone / "out" / "texts" / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    paragraphs = "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in body.splitlines() if line.strip())
    shutil.copytree(alone / "corpus", both / "corpus")
    page = both / "corpus" / ORIGINAL_REL
    page.parent.mkdir()
    page.write_text(PAGE.format(title=html.escape(seed_row["title"]), paragraphs=paragraphs), encoding="utf-8")
    page.with_name(page.stem + ".meta.json").write_text(json.dumps({"url": ORIGINAL_URL}), encoding="utf-8")
    second = make("all", corpus=both / "corpus", out=both / "out")
    assert second.returncode == 0, second.stderr

    rows = {r["article_id"]: r for r in storage.read_csv(both / "out" / "articles.csv")}
    assert set(rows) == {SEED_ID, ORIGINAL_ID}
    assert rows[SEED_ID]["duplicate_of"] == ORIGINAL_ID and rows[ORIGINAL_ID]["duplicate_of"] == ""
    assert rows[ORIGINAL_ID]["url"] == ORIGINAL_URL == rows[SEED_ID]["original_url"]
    assert storage.read_csv(both / "out" / "errors.csv") == []
    figures = storage.read_csv(both / "out" / "figures.csv")
    per_article = {a: sum(r["article_id"] == a for r in figures) for a in rows}
    assert per_article[SEED_ID] == per_article[ORIGINAL_ID] > 0  # the copy's figures are all there ...
    counts = lambda out: [(r["cell"], r["articles"], r["figures"], r["initiatives"])  # noqa: E731
                          for r in storage.read_csv(out / "cells.csv")]
    assert counts(both / "out") == counts(alone / "out")  # ... and counted once
    assert sum(int(r[2]) for r in counts(both / "out")) == per_article[SEED_ID]
