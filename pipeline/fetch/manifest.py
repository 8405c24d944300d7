"""The fetch manifest corpus/manifest.sqlite: reads and writes one row per URL (pages) and list-walk progress (walks)."""
from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

# Column order of the pages table, as issue 5 lays it down.
COLUMNS = ("url", "canonical_url", "kind", "source", "status", "fetched_at", "etag", "last_modified",
           "sha256", "path", "error", "content_type", "bytes")
# Row kinds, also from issue 5.
KINDS = ("list", "article", "attachment", "robots")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    canonical_url TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('list', 'article', 'attachment', 'robots')),
    source TEXT,
    status INTEGER,
    fetched_at TEXT,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT,
    path TEXT,
    error TEXT,
    content_type TEXT,
    bytes INTEGER
);
CREATE INDEX IF NOT EXISTS pages_path ON pages(path);
CREATE TABLE IF NOT EXISTS walks (
    source TEXT NOT NULL,
    start_url TEXT NOT NULL,
    state TEXT NOT NULL,
    pages INTEGER NOT NULL,
    floor INTEGER NOT NULL,
    updated_at TEXT,
    PRIMARY KEY (source, start_url)
);
"""

# HTTP statuses worth another try on a later run (RFC 9110: 408 timeout, 429 too many requests, 5xx).
_TRANSIENT_STATUS = (408, 429)
# Error texts (see pipeline.fetch_http) of failures that may pass by themselves.
_TRANSIENT_PREFIXES = ("timeout", "connection", "robots.txt unreachable", "request failed")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def is_transient(row: dict[str, Any]) -> bool:
    """A failed row to retry on the next run (timeouts, connection errors, 5xx, 408/429)."""
    if not row.get("error"):
        return False
    status = row.get("status")
    if status is not None and (status >= 500 or status in _TRANSIENT_STATUS):
        return True
    return str(row["error"]).startswith(_TRANSIENT_PREFIXES)


class Manifest:
    """SQLite manifest shared by the fetch threads; every write commits at once."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self._db.row_factory = sqlite3.Row
        with self._lock:
            self._db.executescript(_SCHEMA)
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> "Manifest":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM pages WHERE url = ?", (url,)).fetchone()
        return dict(row) if row else None

    def put(self, row: dict[str, Any]) -> None:
        """Insert or replace the row for row['url'] and commit."""
        unknown = set(row) - set(COLUMNS)
        if unknown:
            raise ValueError(f"unknown manifest columns: {sorted(unknown)}")
        if row.get("kind") not in KINDS:
            raise ValueError(f"bad manifest kind {row.get('kind')!r}")
        values = [row.get(c) for c in COLUMNS]
        marks = ", ".join("?" for _ in COLUMNS)
        with self._lock:
            self._db.execute(f"INSERT OR REPLACE INTO pages ({', '.join(COLUMNS)}) VALUES ({marks})", values)
            self._db.commit()

    def owner_of_path(self, path: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT url FROM pages WHERE path = ? LIMIT 1", (path,)).fetchone()
        return row[0] if row else None

    def retry_candidates(self, source: str) -> list[dict[str, Any]]:
        """Article/attachment rows of `source` whose last failure may have been transient."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM pages WHERE source = ? AND kind IN ('article', 'attachment') "
                "AND error IS NOT NULL ORDER BY url", (source,)).fetchall()
        return [dict(r) for r in rows if is_transient(dict(r))]

    def rows(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(r) for r in self._db.execute("SELECT * FROM pages ORDER BY url").fetchall()]

    # --- list walks: how far an interrupted walk got, so a resumed run does not stop too early ---

    def walk_begin(self, source: str, start_url: str) -> int:
        """Mark a walk as running; return how many list pages must be walked before the stop rule applies.

        After a finished walk that is 0. After an interrupted one that had finished `k` pages, the
        resumed walk goes at least to page k + 2: page k + 1 was half done, and whether it led on
        to page k + 2 is unknown.
        """
        with self._lock:
            row = self._db.execute("SELECT state, pages, floor FROM walks WHERE source = ? AND start_url = ?",
                                   (source, start_url)).fetchone()
            floor = 0
            if row is not None and row["state"] == "running":
                floor = max(row["floor"], row["pages"] + 2)
            self._db.execute("INSERT OR REPLACE INTO walks VALUES (?, ?, 'running', 0, ?, ?)",
                             (source, start_url, floor, now()))
            self._db.commit()
        return floor

    def walk_progress(self, source: str, start_url: str, pages: int) -> None:
        with self._lock:
            self._db.execute("UPDATE walks SET pages = ?, updated_at = ? WHERE source = ? AND start_url = ?",
                             (pages, now(), source, start_url))
            self._db.commit()

    def walk_done(self, source: str, start_url: str) -> None:
        with self._lock:
            self._db.execute("UPDATE walks SET state = 'done', floor = 0, updated_at = ? "
                             "WHERE source = ? AND start_url = ?", (now(), source, start_url))
            self._db.commit()
