"""Progress bars on a terminal, nothing in logs; wraps tqdm so stages stay free of it."""
from __future__ import annotations

import sys
from typing import Iterable, TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(items: Iterable[T], *, desc: str) -> Iterable[T]:
    """`items`, with a progress bar only when stderr is a terminal."""
    return tqdm(items, desc=desc, unit="page", leave=False, disable=not sys.stderr.isatty())
