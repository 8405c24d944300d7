"""Page bytes → text (pipeline.encoding): declared charsets first, no byte-statistics guessing."""
import codecs

import pytest

from pipeline.parse.encoding import decode_page, looks_binary, normalise_charset

PAGE = "<html><head>{meta}<title>教育局</title></head><body><p>朱镕基 2023年 教育</p></body></html>"


def page(meta: str = "") -> str:
    return PAGE.format(meta=meta)


@pytest.mark.parametrize(
    "raw, declared, text, codec",
    [
        # plain UTF-8, declared or not
        (page('<meta charset="utf-8">').encode("utf-8"), None, page('<meta charset="utf-8">'), "utf-8"),
        (page().encode("utf-8"), None, page(), "utf-8"),
        # GBK bytes declared gb2312 (header) or in a meta: 镕 is not in GB2312, GB18030 reads it
        (page().encode("gbk"), "gb2312", page(), "gb18030"),
        (page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">').encode("gbk"),
         None, page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'), "gb18030"),
        (page("<meta charset=GB-2312>").encode("gbk"), None, page("<meta charset=GB-2312>"), "gb18030"),
        (page().encode("gbk"), "x-gbk", page(), "gb18030"),
        # GB18030 four-byte characters
        ("扩展A区㐀与𠀀".encode("gb18030"), "gb18030", "扩展A区㐀与𠀀", "gb18030"),
        ("扩展A区㐀与𠀀".encode("gb18030"), None, "扩展A区㐀与𠀀", "gb18030"),
        # the page says gbk (meta or header) but the bytes are UTF-8: no mojibake
        (page('<meta charset="gbk">').encode("utf-8"), None, page('<meta charset="gbk">'), "utf-8"),
        ("中文".encode("utf-8"), "gbk", "中文", "utf-8"),
        # the header says utf-8 but the bytes are GBK: the wrong declaration is skipped
        (page().encode("gbk"), "utf-8", page(), "gb18030"),
        # a Western default charset on a Chinese page is the weakest statement
        (page().encode("gbk"), "iso-8859-1", page(), "gb18030"),
        # byte-order marks win over every declaration
        (codecs.BOM_UTF8 + page('<meta charset="gbk">').encode("utf-8"), "gbk",
         page('<meta charset="gbk">'), "utf-8"),
        (codecs.BOM_UTF16_LE + "教育局".encode("utf-16-le"), None, "教育局", "utf-16-le"),
        # undeclared short GBK strings (detectors call these Korean)
        ("教育局".encode("gbk"), None, "教育局", "gb18030"),
        ("我们的学校".encode("gbk"), None, "我们的学校", "gb18030"),
        # pure ASCII
        (b"<p>hello</p>", None, "<p>hello</p>", "utf-8"),
    ],
)
def test_decode_page(raw, declared, text, codec):
    assert decode_page(raw, declared=declared) == (text, codec)


@pytest.mark.parametrize(
    "raw",
    [b"\x80\x80\xff\xfe\x00", b"\xff" * 7, b"\x81", bytes(range(256)), b""],
)
def test_decode_page_never_raises(raw):
    text, codec = decode_page(raw, declared="no-such-charset")
    assert isinstance(text, str) and codec


@pytest.mark.parametrize(
    "label, codec",
    [("GB2312", "gb18030"), ("gbk", "gb18030"), ("GB-2312", "gb18030"), ("x-gbk", "gb18030"),
     ("cp936", "gb18030"), ("'UTF8'", "utf-8"), ("big5", "big5hkscs"), ("", None), (None, None),
     ("no-such-charset", None)],
)
def test_normalise_charset(label, codec):
    assert normalise_charset(label) == codec


@pytest.mark.parametrize(
    "raw, binary",
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", True),
        (b"PK\x03\x04\x14\x00\x06\x00", True),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", True),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", True),
        (b"<html>\x00<body>", True),
        (bytes(range(1, 32)) * 10 + b"abc", True),
        (page().encode("utf-8"), False),
        (page().encode("gbk"), False),
        (codecs.BOM_UTF16_LE + "教育局".encode("utf-16-le"), False),
        (b"", False),
    ],
)
def test_looks_binary(raw, binary):
    assert looks_binary(raw) is binary
