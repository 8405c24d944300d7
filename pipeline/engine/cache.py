"""The per-article stage cache OUT/cache.sqlite: (stage, key) -> the output's codec bytes;
entries a run did not use are dropped when it ends."""
from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS outputs (
    stage TEXT NOT NULL,
    key TEXT NOT NULL,
    value BLOB NOT NULL,
    used INTEGER NOT NULL,  -- the run that last read or wrote it
    PRIMARY KEY (stage, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, finished INTEGER NOT NULL DEFAULT 0);
"""
# Writes are committed in batches of this many articles, so a killed run keeps what it did
# (a commit per article costs an fsync each; 200 keeps a restart's loss under a few seconds).
COMMIT_EVERY = 200


class Cache:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.run = self.db.execute("INSERT INTO runs DEFAULT VALUES").lastrowid
        self.db.commit()
        self.pending = 0

    def lookup(self, stage_keys: dict[str, str], *, skip: frozenset[str] = frozenset()) -> tuple[set[str], dict]:
        """(stages present, their outputs as stored: codec bytes) of an article, all marked
        used; the outputs of the stages in `skip` are not read."""
        present, out = set(), {}
        for stage, key in stage_keys.items():
            if stage in skip:
                found = self.db.execute("SELECT 1 FROM outputs WHERE stage=? AND key=?", (stage, key)).fetchone()
            else:
                found = self.db.execute("SELECT value FROM outputs WHERE stage=? AND key=?", (stage, key)).fetchone()
                if found is not None:
                    out[stage] = found[0]
            if found is not None:
                present.add(stage)
                self.db.execute("UPDATE outputs SET used=? WHERE stage=? AND key=?", (self.run, stage, key))
        return present, out

    def keys(self) -> set[tuple[str, str]]:
        """Every (stage, key) held: one query, for the up-to-date check of a whole corpus."""
        return set(self.db.execute("SELECT stage, key FROM outputs"))

    def put(self, stage: str, key: str, blob: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?)", (stage, key, blob, self.run))

    def tick(self) -> None:
        """One article done: commit every COMMIT_EVERY articles."""
        self.pending += 1
        if self.pending >= COMMIT_EVERY:
            self.db.commit()
            self.pending = 0

    def finish(self) -> int:
        """Drop the entries this run did not use; returns how many."""
        n = self.db.execute("DELETE FROM outputs WHERE used != ?", (self.run,)).rowcount
        self.db.execute("UPDATE runs SET finished=1 WHERE id=?", (self.run,))
        self.db.commit()
        return n

    def close(self) -> None:
        self.db.commit()
        self.db.close()
