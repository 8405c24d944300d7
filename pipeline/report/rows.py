"""OUT's per-article JSON Lines streams read back one article at a time, by byte offset, so the
tables never hold more than one article's rows (plus an index of offsets)."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

_PREFIX = b'{"article_id": "'  # how every stage row starts (records.to_dict puts article_id first)


def _article_id(line: bytes) -> str:
    """A row's article_id, read from its first bytes when it has the usual shape (a quarter of
    the cost of parsing the row: sentences.jsonl holds every token of the corpus)."""
    if line.startswith(_PREFIX):
        end = line.find(b'"', len(_PREFIX))
        if end > 0 and b"\\" not in line[len(_PREFIX):end]:
            return line[len(_PREFIX):end].decode("utf-8")
    return json.loads(line)["article_id"]


class ArticleRows:
    """Rows of one OUT/<name>.jsonl file grouped by their article_id. The runner writes each
    article's rows together; an article found in several blocks is read from all of them."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.index: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.fh = open(self.path, "rb") if self.path.exists() else None
        if self.fh is None:
            return
        offset, current, start = 0, None, 0
        for line in self.fh:
            if line.strip():
                aid = _article_id(line)
                if aid != current:
                    if current is not None:
                        self.index[current].append((start, offset - start))
                    current, start = aid, offset
            offset += len(line)
        if current is not None:
            self.index[current].append((start, offset - start))

    def of(self, article_id: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for start, length in self.index.get(article_id, ()):
            self.fh.seek(start)
            out.extend(json.loads(line) for line in self.fh.read(length).splitlines() if line.strip())
        return out

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()

    def __enter__(self) -> "ArticleRows":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
