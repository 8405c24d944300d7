"""Bytes of a fetched page → text, without guessing from byte statistics.

Order: byte-order mark; the charset the caller read from the HTTP header; the charset a
<meta> (or an XML declaration) states in the first 4 KB; strict UTF-8; strict GB18030; and
last UTF-8 with replacement characters. Every GB2312/GBK label decodes as GB18030 (GB2312
lacks characters such as 镕). A declared charset that does not decode strictly is skipped,
and bytes that are valid multi-byte UTF-8 are read as UTF-8 even when a legacy Chinese
charset is declared (templates copied between sites often keep a stale `charset=gbk`).
Charset detectors are not used: they call short GBK strings Korean.
"""
from __future__ import annotations

import codecs
import logging
import re

__all__ = ["decode_page", "looks_binary", "normalise_charset"]

log = logging.getLogger(__name__)

# Byte-order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark).
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Labels of GB2312 and its supersets: all read as GB18030, the superset of them all.
_GB_LABELS = {
    "gb2312", "gb_2312", "gb-2312", "gb_2312-80", "gb2312-80", "csgb2312", "euc-cn", "euccn",
    "x-euc-cn", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "iso-ir-58", "chinese",
    "csiso58gb231280", "gb18030", "gb-18030", "hz-gb-2312",
}
_UTF8_LABELS = {"utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "unicode20utf8"}
_BIG5_LABELS = {"big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"}
# Single-byte Western labels: servers and templates send them by default, so on a Chinese
# site they are the least trustworthy statement and are tried only after UTF-8 and GB18030.
_WESTERN = {"latin-1", "iso8859-1", "cp1252", "ascii"}

# charset=… inside a <meta> tag (both <meta charset> and http-equiv content="…; charset=…").
_META_CHARSET_RE = re.compile(
    rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*(?P<cs>[A-Za-z0-9._:\-]+)", re.IGNORECASE
)
# encoding="…" in an XML declaration at the very start.
_XML_DECL_RE = re.compile(rb"^\s*<\?xml[^>]*\bencoding\s*=\s*[\"'](?P<cs>[A-Za-z0-9._:\-]+)")

# Bytes that start common binary formats: PDF, ZIP/Office, OLE2 (.doc/.xls), PNG, JPEG, GIF, gzip.
_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8",
          b"\x1f\x8b")
# C0 control bytes that do not occur in text (tab, LF, FF, CR and ESC are allowed).
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}


def normalise_charset(label: str | None) -> str | None:
    """A Python codec name for a charset label, GB2312/GBK → gb18030; None if unknown/empty."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if not name:
        return None
    if name in _GB_LABELS:
        return "gb18030"
    if name in _UTF8_LABELS:
        return "utf-8"
    if name in _BIG5_LABELS:
        return "big5hkscs"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        log.debug("unknown charset label %r", label)
        return None
    if codec in ("gb2312", "gbk", "gb18030", "hz"):
        return "gb18030"
    if codec in ("utf-8", "utf-8-sig"):
        return "utf-8"
    return codec


def sniff_meta_charset(raw: bytes) -> str | None:
    """The charset label stated by an XML declaration or <meta> in the first 4 KB."""
    head = raw[:4096]
    m = _XML_DECL_RE.match(head) or _META_CHARSET_RE.search(head)
    return m["cs"].decode("ascii", "ignore") if m else None


def _strict(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _is_utf8_multibyte(raw: bytes) -> bool:
    """True if `raw` is valid UTF-8 and has at least one non-ASCII character."""
    if raw.isascii():
        return False
    return _strict(raw, "utf-8") is not None


def decode_page(raw: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode page bytes; returns (text, codec used). Never raises."""
    raw = bytes(raw or b"")
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(codec, errors="replace"), codec

    meta = normalise_charset(sniff_meta_charset(raw))
    if meta and meta.startswith(("utf-16", "utf-32")):
        meta = "utf-8"  # a <meta> readable as ASCII cannot be UTF-16/32: the label is wrong
    stated = [normalise_charset(declared), meta]
    candidates: list[str] = []
    late: list[str] = []
    for codec in stated:
        if codec and codec not in candidates:
            (late if codec in _WESTERN else candidates).append(codec)
    if candidates and candidates[0] != "utf-8" and _is_utf8_multibyte(raw):
        log.info("declared charset %s, but the bytes are valid UTF-8: reading UTF-8", candidates[0])
        candidates.insert(0, "utf-8")
    for codec in [*candidates, "utf-8", "gb18030", *late]:
        text = _strict(raw, codec)
        if text is not None:
            if stated[0] or stated[1]:
                if codec not in stated:
                    log.info("declared charset %s does not fit the bytes; read as %s",
                             " / ".join(c for c in stated if c), codec)
            return text.lstrip("\ufeff"), codec
    log.warning("no charset decodes the page strictly; UTF-8 with replacement characters")
    return raw.decode("utf-8", errors="replace"), "utf-8"


def looks_binary(raw: bytes) -> bool:
    """True for bytes that are not a text page: a known binary signature, NUL bytes, or more
    than 10 % control bytes in the first 8 KB. Text with a UTF-16/32 byte-order mark is text."""
    head = bytes(raw[:8192])
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if head.startswith(_MAGIC):
        return True
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b in _CONTROL)
    return controls / len(head) > 0.10
