"""Progress: a bar on a terminal, a log line now and then elsewhere; wraps tqdm so stages stay free of it."""
from __future__ import annotations

import logging
import sys
import time
from typing import Iterable, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


# Seconds between progress lines in the log when stderr is not a terminal (make's output, a
# cron job's mail): often enough to show a long run moves, rare enough not to flood a log.
LOG_EVERY_S = 30.0


def progress(items: Iterable[T], *, desc: str, total: int | None = None, unit: str = "page") -> Iterable[T]:
    """`items`, with a progress bar when stderr is a terminal, else a log line every
    LOG_EVERY_S seconds ("articles: 1,200 of 2,785")."""
    if sys.stderr.isatty():
        from tqdm import tqdm  # only where a bar is drawn

        yield from tqdm(items, desc=desc, unit=unit, total=total, leave=False)
        return
    last = time.monotonic()
    for n, item in enumerate(items, start=1):
        yield item
        if time.monotonic() - last >= LOG_EVERY_S:
            last = time.monotonic()
            log.info("%s: %s of %s", desc, f"{n:,}", f"{total:,}" if total is not None else "?")
