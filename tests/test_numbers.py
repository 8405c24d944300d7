"""Numeral spans to values: Arabic, full-width, Chinese, mixed multipliers."""
import pytest

from pipeline.text.numbers import NumberError, fraction_percent, parse_number


@pytest.mark.parametrize(
    "text, value",
    [
        ("605", 605),
        ("1.5万", 15000),
        ("2.85亿", 285_000_000),
        ("26万", 260_000),
        ("12余万", 120_000),
        ("１００", 100),
        ("３．５", 3.5),
        ("1,200", 1200),
        ("一万", 10_000),
        ("两万", 20_000),
        ("百", 100),
        ("千", 1000),
        ("十二", 12),
        ("二十", 20),
        ("六百零五", 605),
        ("三千五百", 3500),
        ("一点五万", 15_000),
        ("两万余", 20_000),
        ("十万", 100_000),
        ("一亿二千万", 120_000_000),
        ("二〇二一", 2021),
        ("3千", 3000),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "万x", "点"])
def test_unreadable_numbers_raise_or_give_none(text):
    with pytest.raises(NumberError):
        parse_number(text)
    assert parse_number(text, errors="ignore") is None


@pytest.mark.parametrize("den, num, pct", [("三", "一", 33.33), ("四", "三", 75.0), ("5", "2", 40.0)])
def test_fraction_percent(den, num, pct):
    assert fraction_percent(den, num) == pct
