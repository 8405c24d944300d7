"""A corpus folder's page files: which files are pages, their sidecars, ids and digests; no parsing
(a run reads this much of every page even when nothing changed, so it stays light)."""
from __future__ import annotations

import errno
import hashlib
from pathlib import Path

PAGE_SUFFIXES = (".html", ".htm", ".shtml", ".txt")
SIDECAR = ".meta.json"


def page_files(corpus: Path) -> list[Path]:
    """Pages of a corpus folder, sorted; folders and files starting with _ or . are skipped."""
    out = []
    for path in sorted(Path(corpus).rglob("*")):
        rel = path.relative_to(corpus)
        if any(part.startswith(("_", ".")) for part in rel.parts) or not path.is_file():
            continue
        if path.name.endswith(SIDECAR) or path.suffix.lower() not in PAGE_SUFFIXES:
            continue
        out.append(path)
    return out


def page_digest(raw: bytes, meta_raw: bytes) -> str:
    """sha256 of a page's bytes and its sidecar's: what says the page changed."""
    return hashlib.sha256(raw + b"\0" + meta_raw).hexdigest()


def sidecar_of(path: Path) -> Path:
    return path.with_name(path.name[: -len(path.suffix)] + SIDECAR)


def sidecar_bytes(path: Path) -> bytes:
    """The bytes of a page's sidecar, b"" when it has none (also when the sidecar's name would
    be longer than the file system allows: a page named with nearly 255 bytes has none)."""
    try:
        return sidecar_of(path).read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return b""
        raise


def article_id_of(rel: str) -> str:
    """The article's id: its page's path relative to the corpus folder, extension included
    ('jyt.zj.gov.cn/art_1_2.html'). Two pages can never share one (b.txt and b.html, sub/a.txt
    and sub__a.txt were one id when the extension was dropped and / became __, issue 10), and
    an id such as 012.txt stays text in pandas and Excel (issue 11)."""
    return Path(rel).as_posix()
