"""Corpus layout for fetched pages: writes corpus/<host>/NAME.html (bytes as fetched) with NAME.meta.json sidecars, list pages under corpus/<host>/_lists/, and the fetch lock file."""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..storage import write_atomic

try:  # POSIX only; elsewhere runs are simply not locked against each other
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".fetch.lock"  # dot-name: the parser skips it
LISTS_DIR = "_lists"  # underscore folder: the parser skips it
ROBOTS_NAME = "_robots.txt"  # underscore name: the parser skips it (it would read a plain .txt)
# Longest file name we make; ext4 and NTFS allow 255 bytes, leave room for ".meta.json" and temp files.
_MAX_NAME = 120
# Path endings that name a web page (TRS uses .shtml); anything else gets a hashed name.
_PAGE_SUFFIXES = (".html", ".htm", ".shtml", ".shtm", ".xhtml")
# Characters kept in file names: portable ASCII only (no spaces, no separators, no CJK).
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def sha1_short(text: str, n: int = 12) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def host_dir(url: str) -> str:
    """Folder name for a URL's host: the host name, plus _PORT for a non-default port."""
    parts = urlsplit(url)
    host = _UNSAFE.sub("_", (parts.hostname or "unknown").lower())
    return f"{host}_{parts.port}" if parts.port else host


def _safe(name: str) -> str:
    name = _UNSAFE.sub("_", name).strip("_")
    if not name or name[0] in "._":
        name = "p" + name
    return name


def article_name(url: str) -> str:
    """File name for an article: the URL's last path segment (art_1532974_58918319.html).

    Generic last segments (page.htm, index.html: no digit in them) take their parent folders in
    front until a digit shows up (c1001a3001_page.html). URLs with a query string or without an
    .html/.htm name get a short SHA-1 of the URL. Names always end in .html.
    """
    parts = urlsplit(url)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    last = segments[-1] if segments else ""
    stem, dot, suffix = last.rpartition(".")
    if not dot or f".{suffix.lower()}" not in _PAGE_SUFFIXES:
        return f"{sha1_short(url)}.html"
    name, i = stem, len(segments) - 1
    while not re.search(r"\d", name) and i > 0:
        i -= 1
        name = f"{segments[i]}_{name}"
    if parts.query:
        name = f"{name}_{sha1_short(url, 10)}"
    return _safe(name)[:_MAX_NAME] + ".html"


def list_name(url: str) -> str:
    """File name for a list page: its whole path joined by _, plus a short SHA-1 of any query."""
    parts = urlsplit(url)
    name = "_".join(unquote(s) for s in parts.path.split("/") if s) or "index"
    if parts.query:
        name = f"{name}_{sha1_short(url, 10)}"
    name = _safe(name)[:_MAX_NAME]
    return name if name.lower().endswith(_PAGE_SUFFIXES) else name + ".html"


def fallback_name(name: str, url: str) -> str:
    """The name to use when `name` is already taken by another URL."""
    stem = name[: -len(".html")] if name.endswith(".html") else name
    return f"{stem[:_MAX_NAME - 11]}_{sha1_short(url, 10)}.html"


def sidecar_path(page: Path) -> Path:
    """NAME.meta.json beside NAME.html (NAME is the page's file name without its extension)."""
    return page.with_name(page.stem + ".meta.json")


def write_page(corpus: Path, rel: str, body: bytes, meta: dict[str, Any]) -> bool:
    """Write the page bytes, then its sidecar, each atomically (temp file + os.replace).

    A page whose bytes are already on disk (with its sidecar) is left alone, so neither file's
    mtime changes and nothing downstream reparses it. Returns whether anything was written.
    """
    path = corpus / rel
    side = sidecar_path(path)
    same = path.exists() and path.read_bytes() == body
    if same and side.exists():
        return False
    if not same:
        write_atomic(path, body)
    text = json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8") + b"\n"
    write_atomic(side, text)
    return True


def write_plain(corpus: Path, rel: str, body: bytes) -> None:
    path = corpus / rel
    if not (path.exists() and path.read_bytes() == body):
        write_atomic(path, body)


def sweep_temp_files(corpus: Path) -> int:
    """Remove temp files a killed run left behind (storage.write_atomic names them .NAME.*.tmp)."""
    removed = 0
    if not corpus.exists():
        return 0
    for path in corpus.rglob(".*.tmp"):
        try:
            path.unlink()
            removed += 1
        except OSError:
            pass
    return removed


class CorpusLock:
    """An exclusive lock on corpus/.fetch.lock so two fetch runs never write one corpus at once."""

    def __init__(self, corpus: Path) -> None:
        self.path = Path(corpus) / LOCK_NAME
        self._fh: Any = None

    def __enter__(self) -> "CorpusLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "a+")
        if fcntl is not None:
            try:
                fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                self._fh.close()
                raise RuntimeError(f"another fetch run holds {self.path}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            if fcntl is not None:
                fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None


def path_exists(corpus: Path, rel: str | None) -> bool:
    return bool(rel) and os.path.isfile(corpus / rel)  # type: ignore[operator]
