"""Corpus pages (+ sidecar .meta.json) to articles.jsonl, texts/<id>.txt and sections.jsonl."""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from ..records import Article
from ..text import resources as R
from .dates import date_from_url, iso_date
from .encoding import decode_page, looks_binary
from .files import (  # noqa: F401 (re-exported: callers read them here too)
    PAGE_SUFFIXES,
    SIDECAR,
    article_id_of,
    page_digest,
    page_files,
    sidecar_bytes,
    sidecar_of,
)
from .htmlpage import parse_html_page
from .outline import stated_framework
from .textpage import parse_text_page

log = logging.getLogger(__name__)

# Why a UTF-8 text dump gave no article: every line was blank, site chrome or metadata.
NO_TEXT_IN_DUMP = "no article text in the dump: only blank, chrome (breadcrumb, footer) or metadata lines"


class PageError(ValueError):
    """A page that cannot be turned into an article; the message says why."""


def parse_page(raw: bytes, *, rel: str, meta: dict | None = None) -> tuple[Article, str]:
    """One page's bytes to (Article, body text). Raises PageError for pages with no article."""
    if not raw.strip():
        raise PageError("empty file")
    if looks_binary(raw):
        raise PageError("binary file, not a text or HTML page")
    meta = meta or {}
    is_html = rel.lower().endswith((".html", ".htm", ".shtml"))
    if is_html:
        declared = _charset_from_headers(meta.get("headers") or {})
        text, _enc = decode_page(raw, declared=declared)
        fields = parse_html_page(clean_text(text), url=meta.get("url"))
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PageError(f"not UTF-8 text (byte {exc.start}): re-save it as UTF-8 or as .html") from exc
        if not text.strip():
            raise PageError("empty file (only whitespace)")
        fields = parse_text_page(clean_text(text))
    fields = {k: clean_text(v) if isinstance(v, str) else v for k, v in fields.items()}
    meta = {k: clean_text(v) if isinstance(v, str) else v for k, v in meta.items()}
    body = fields.get("body") or ""
    if not body.strip():
        raise PageError("no article text found on the page" if is_html else NO_TEXT_IN_DUMP)
    url = meta.get("url") or fields.get("url")
    title = meta.get("title") or fields.get("title")
    published = iso_date(meta["published"]) if meta.get("published") else fields.get("published")
    if not published:
        published = date_from_url(url or "") or date_from_url(fields.get("original_url") or "")
    if is_html:
        body = _drop_title_line(body, title)
    art = Article(
        article_id=article_id_of(rel), file=rel, sha256=hashlib.sha256(raw).hexdigest(), url=url, title=title,
        published=published, author=meta.get("author") or fields.get("author"),
        source=meta.get("source") or fields.get("source"), site=meta.get("site") or fields.get("site"),
        original_url=fields.get("original_url"), chars=len(body), format="html" if is_html else "text",
        framework=stated_framework(f"{title or ''}\n{body}"),
    )
    return art, body


def clean_text(text: str) -> str:
    """`text` without control characters (form feeds and vertical tabs become line breaks)."""
    return R.CONTROL_RE.sub("", R.PAGE_BREAK_RE.sub("\n", text))


def _drop_title_line(body: str, title: str | None) -> str:
    """A page body that opens with a one-line repeat of the title starts after it."""
    first, _, rest = body.partition("\n")
    if title and rest and first.strip() == title.strip():
        return rest
    return body


def _charset_from_headers(headers: dict) -> str | None:
    ctype = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    if "charset=" in ctype.lower():
        return ctype.lower().split("charset=", 1)[1].split(";")[0].strip().strip('"')
    return None


# Sidecar fields the parser reads, and the JSON type each must have (SPEC §5; headers as fetch
# writes them). Other fields are the fetcher's own and are left alone.
META_TYPES = {"url": str, "title": str, "published": str, "author": str, "source": str, "site": str,
              "original_url": str, "headers": dict}


def check_meta(meta: dict, side: Path) -> tuple[dict, list[str]]:
    """The sidecar's fields without those of the wrong type (a title that is a number or a list,
    a source that is an object), and one message per field left out."""
    clean, problems = {}, []
    for key, value in meta.items():
        want = META_TYPES.get(key)
        if want is None or value is None or isinstance(value, want):
            clean[key] = value
        else:
            kind = {dict: "an object", list: "a list", bool: "true/false", int: "a number", float: "a number"}.get(type(value), type(value).__name__)
            problems.append(f"sidecar {side.name}: {key} is {kind}, not {'text' if want is str else 'an object'}; left out")
    return clean, problems


def read_meta(side: Path, raw: bytes) -> dict:
    if not raw:
        return {}
    try:
        meta = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PageError(f"sidecar {side.name} is not valid JSON: {exc}") from exc
    if not isinstance(meta, dict):
        raise PageError(f"sidecar {side.name} is not a JSON object")
    return meta
