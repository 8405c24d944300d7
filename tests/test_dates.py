"""Chinese page dates → ISO 8601 (pipeline.dates)."""
import pytest

from pipeline.parse.dates import (
    date_from_url,
    find_labelled_date,
    iso_date,
    labelled_dates,
    parse_date,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2021-11-20 07:20:32", "2021-11-20T07:20:32"),
        ("2019-09-18 06:23", "2019-09-18T06:23"),
        ("2023年10月12日", "2023-10-12"),
        ("2015年11月09日", "2015-11-09"),
        ("2022/02/11", "2022-02-11"),
        ("2022.02.11", "2022-02-11"),
        ("2007-08-20-23:59:59", "2007-08-20T23:59:59"),  # gov.cn firstpublishedtime
        ("2021-11-20T07:20:32+08:00", "2021-11-20T07:20:32"),  # ISO with a zone
        ("2019-3-5", "2019-03-05"),
        ("2023年 10 月 2 日", "2023-10-02"),
        ("2023年10月12日 7:05", "2023-10-12T07:05"),
        ("２０２３年１０月１２日", "2023-10-12"),  # full-width digits
        ("二〇二二年一月二十七日", "2022-01-27"),  # numerals written out
        ("发布于2016-11-22 09:53，浏览", "2016-11-22T09:53"),  # the first date inside text
        ("2022-02-11 25:70", "2022-02-11"),  # impossible time: date only
        # traps: never invent a 1 January, validate ranges, no two-digit years
        ("2023年", None),
        ("2023年10月", None),
        ("2023-10", None),
        ("2023-02-30", None),
        ("2023-13-01", None),
        ("19年11月13日", None),
        ("1-10月，全市出口", None),
        ("v2022.02.11.3", None),
        ("", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("发布时间:2021-11-20 07:20:32作者:佚名来源: 浙江省教育厅", "2021-11-20T07:20:32"),
        ("文章来源：本站原创 作者：佚名 发布时间：2015年11月09日 点击数：", "2015-11-09"),
        ("来源: | 发布时间: 2018-05-17 | 浏览次数: 2168", "2018-05-17"),
        ("发布日期：2016-11-22  浏览次数：", "2016-11-22"),
        ("时间：2019-09-18 06:23 来源： 山西日报", "2019-09-18T06:23"),
        ("日期 2022-01-05", "2022-01-05"),
        ("发布日期:\n2012-06-24", "2012-06-24"),
        ("更新时间：2020-05-06", "2020-05-06"),
        # 成文日期 is not a publication date, even when it comes first
        ("成文日期：2022年01月27日 发文字号：x 发布日期：2022年01月28日", "2022-01-28"),
        ("成文日期：2022年01月27日", None),
        # publication labels beat bare and update labels wherever they stand
        ("时间：2020-01-01 发布日期：2022年01月28日", "2022-01-28"),
        ("更新时间：2023-05-06 时间：2023-05-01", "2023-05-01"),
        # not labels: tails of longer words, a label with no date after it, no colon/space
        ("页面生成时间 2023-10-23 11:23:36", None),
        ("会议时间：2023-10-23", None),
        ("时间过得很快 2018年3月20日", None),
        ("发表时间：19年11月13日", None),
        ("2021-11-20 07:20:32", None),
    ],
)
def test_find_labelled_date(text, expected):
    assert find_labelled_date(text) == expected


def test_labelled_dates_ranks_and_positions():
    found = labelled_dates("时间：2020-01-01 发布日期：2022-01-28")
    assert [(rank, iso) for _, rank, iso in found] == [(1, "2020-01-01"), (0, "2022-01-28")]
    assert found[0][0] < found[1][0]


@pytest.mark.parametrize(
    "url, expected",
    [
        ("http://jyt.zj.gov.cn/art/2023/10/12/art_1_2.html", "2023-10-12"),
        ("http://x.gov.cn/xxgk/t20231012_4567.html", "2023-10-12"),
        ("https://www.nmg.gov.cn/zwyw/jrgz/202202/t20220211_2004628.html", "2022-02-11"),
        ("http://www.example.edu.cn/news/2021/01/26/123.html", "2021-01-26"),
        ("http://www.example.gov.cn/c/2022-02-11/x.html", "2022-02-11"),
        ("http://www.example.gov.cn/20220211/x.html", "2022-02-11"),
        ("http://www.example.gov.cn/202202/x.html", None),  # year-month only
        ("http://x.gov.cn/t20231332_1.html", None),  # month 13
        ("http://www.sxmu.edu.cn/jijian/info/1009/1081.htm", None),
        ("", None),
    ],
)
def test_date_from_url(url, expected):
    assert date_from_url(url) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2023-10-12", "2023-10-12"),
        ("2023-10-12T08:52:25", "2023-10-12T08:52:25"),
        ("2022-02-11 08:52", "2022-02-11T08:52"),
        ("2023年10月12日", "2023-10-12"),
        (" 2022/02/11 ", "2022-02-11"),
        ("2023", None),
        ("", None),
        (None, None),
    ],
)
def test_iso_date(value, expected):
    assert iso_date(value) == expected
