"""Word lists kept as data in config/lexicon/NAME.txt (one entry a line, `#` comments), cached."""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

# The folder analysts edit; every file in it starts with a comment saying what it lists and
# where the entries came from.
LEXICON_DIR = Path(__file__).resolve().parents[2] / "config" / "lexicon"
# Config this module's stage reads (every word list); in the stage fingerprint (engine.fingerprint).
READS = ('config/lexicon',)



def parse(text: str) -> tuple[str, ...]:
    """Entries of a lexicon file's text: blank lines and `#` comments (whole-line, or after
    whitespace at the end of an entry) are dropped; order kept, duplicates removed."""
    out: dict[str, None] = {}
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        for sep in (" #", "\t#"):
            if sep in line:
                line = line.split(sep, 1)[0]
        word = line.strip()
        if word:
            out.setdefault(word, None)
    return tuple(out)


@lru_cache(maxsize=None)
def load(name: str, folder: Path = LEXICON_DIR) -> tuple[str, ...]:
    """Entries of `folder/name.txt`, in file order; a missing file is an error (a typo)."""
    path = Path(folder) / f"{name}.txt"
    words = parse(path.read_text(encoding="utf-8"))
    log.debug("lexicon %s: %d entries", name, len(words))
    return words


def longest_first(words) -> tuple[str, ...]:
    """`words` sorted longest first (then by text), for regex alternations."""
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))
