"""Article outlines to framework cells where the article follows the codebook; pure."""
from __future__ import annotations

from ..config import Codebook
from ..records import Section
from ..text.quotes import strip_marks

NONE = "none"
# An article "follows the framework" when its top-level headings name at least this many of
# the codebook's pillars (the seed names all three; two tolerate a renamed pillar).
MIN_PILLARS = 2


def pillar_of(heading: str, codebook: Codebook) -> str | None:
    h = strip_marks(heading)
    for p in codebook.pillars:
        if any(strip_marks(n) in h for n in p.names):
            return p.code
    return None


def item_by_name(heading: str, pillar, codebook: Codebook) -> str | None:
    h = strip_marks(heading)
    for item in pillar.items:
        if any(strip_marks(n) and strip_marks(n) in h for n in item.names):
            return item.code
    return None


def structure_cells(sections: list[Section], codebook: Codebook) -> dict[str, str] | None:
    """Section code -> cell for an article organised by the codebook's pillars, else None.

    A pillar heading's child items map to the pillar's items by name, else by position.
    Sections outside the pillars' items map to `none`.
    """
    pillars = {s.code: pillar_of(s.heading, codebook) for s in sections if s.parent is None}
    matched = {code: p for code, p in pillars.items() if p}
    if len(set(matched.values())) < MIN_PILLARS:
        return None
    by_code = {p.code: p for p in codebook.pillars}
    cells: dict[str, str] = {s.code: NONE for s in sections}
    for sec_code, p_code in matched.items():
        pillar = by_code[p_code]
        children = [s for s in sections if s.parent == sec_code]
        for pos, child in enumerate(children):
            code = item_by_name(child.heading, pillar, codebook)
            if code is None and pos < len(pillar.items):
                code = pillar.items[pos].code
            if code:
                cells[child.code] = code
    # Deeper sections inherit their item's cell.
    for s in sorted(sections, key=lambda s: s.level):
        if s.parent and cells.get(s.parent, NONE) != NONE and cells[s.code] == NONE:
            cells[s.code] = cells[s.parent]
    return cells
