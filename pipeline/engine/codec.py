"""Stage outputs to the compressed bytes the cache keeps and workers send back, and back; the
streamed stages are kept as the JSON Lines of their OUT file, so a rerun copies them unread."""
from __future__ import annotations

import json
import zlib

# The stages whose rows go to an OUT/<name>.jsonl file, by the name of their rows.
STREAMED = {"segment": "sentences", "figures": "figures", "initiatives": "initiatives", "cells": "cells"}
# zlib level: 1 compresses JSON about 4x at a small fraction of level 6's time.
LEVEL = 1


def dumps_row(row: dict) -> str:
    """One JSON Lines row, as every OUT/*.jsonl file writes it."""
    return json.dumps(row, ensure_ascii=False) + "\n"


def encode(stage: str, value: dict) -> bytes:
    if stage in STREAMED:
        text = "".join(dumps_row(r) for r in value[STREAMED[stage]])
    else:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), LEVEL)


def decode(stage: str, blob: bytes) -> dict:
    text = zlib.decompress(blob).decode("utf-8")
    if stage in STREAMED:
        return {STREAMED[stage]: [json.loads(line) for line in text.splitlines()]}
    return json.loads(text)


def lines(blob: bytes) -> bytes:
    """The JSON Lines bytes of a streamed stage's output."""
    return zlib.decompress(blob)
