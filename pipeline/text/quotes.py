"""Spans of quoted and titled text (“ ” ‘ ’ 「 」 《 》, straight quotes) in a string; pure."""
from __future__ import annotations

from dataclasses import dataclass

from .resources import QUOTE_PAIRS

# A quote left open for longer than this many characters is treated as unbalanced (a typo in
# the source), so it cannot swallow the rest of a paragraph. The longest quoted speech in the
# dev set is ~170 characters.
MAX_QUOTE_CHARS = 400


@dataclass(frozen=True)
class Quote:
    """[start, end) covers the marks; [inner_start, inner_end) the quoted text."""

    start: int
    end: int
    mark: str  # the opening mark
    depth: int  # 0 for outermost

    @property
    def inner_start(self) -> int:
        return self.start + 1

    @property
    def inner_end(self) -> int:
        return self.end - 1


def quote_spans(text: str) -> list[Quote]:
    """All balanced quotes, outer and nested, in order of their opening mark.

    Straight double quotes (") alternate open/close; a newline closes nothing but resets
    unbalanced marks, so a typo costs at most one paragraph.
    """
    closers = {v: k for k, v in QUOTE_PAIRS.items()}
    found: list[Quote] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch == "\n":
            stack.clear()
            continue
        if stack and i - stack[0][1] > MAX_QUOTE_CHARS:
            stack.clear()
        if ch == '"':
            if stack and stack[-1][0] == '"':
                _, at = stack.pop()
                found.append(Quote(at, i + 1, '"', len(stack)))
            else:
                stack.append(('"', i))
        elif ch in QUOTE_PAIRS:
            stack.append((ch, i))
        elif ch in closers:
            opener = closers[ch]
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == opener:
                    _, at = stack[depth]
                    del stack[depth:]
                    found.append(Quote(at, i + 1, opener, depth))
                    break
    return sorted(found, key=lambda q: (q.start, -q.end))


# Quote and title marks, straight quotes and spaces: what names are compared without.
_MARKS = str.maketrans("", "", "“”‘’\"'《》「」『』〈〉 \u3000")


def strip_marks(text: str | None) -> str:
    """`text` without quote marks and spaces: “互促”联盟 and 互促联盟 compare equal."""
    return (text or "").translate(_MARKS)


def inside_any(start: int, end: int, quotes: list[Quote]) -> bool:
    """True when [start, end) lies within the marks of one of `quotes`."""
    return any(q.start <= start and end <= q.end for q in quotes)
