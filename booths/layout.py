"""Where booths stand on the floor plan: their sizes, the rectangles they cover, overlaps,
and the positions and codes of a block of rows × columns booths. Pure: no database.

Positions are whole metres from the hall's top-left corner. Two booths of one event may touch
but never overlap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from booths.models import BoothType

# Width × depth in metres of each type (a double booth is two standard ones side by side).
SIZES = {
    BoothType.STANDARD: (3, 3),
    BoothType.CORNER: (3, 3),
    BoothType.DOUBLE: (6, 3),
    BoothType.OUTDOOR: (4, 4),
}


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    width: int
    height: int

    def overlaps(self, other: Rect) -> bool:
        """True when the two share an area (touching edges is fine: booths stand side by side)."""
        return (
            self.x < other.x + other.width
            and other.x < self.x + self.width
            and self.y < other.y + other.height
            and other.y < self.y + self.height
        )


def first_overlap(
    new: Iterable[tuple[str, Rect]], existing: Iterable[tuple[str, Rect]]
) -> tuple[str, str] | None:
    """The codes of the first pair that overlap, among new booths and against existing ones.

    A sweep over x keeps this fast for thousands of booths."""
    items = [(rect.x, 0, code, rect) for code, rect in existing]
    items += [(rect.x, 1, code, rect) for code, rect in new]
    items.sort(key=lambda item: (item[0], item[1]))
    active: list[tuple[int, str, Rect]] = []
    for x, is_new, code, rect in items:
        active = [a for a in active if a[2].x + a[2].width > x]
        for other_new, other_code, other in active:
            if (is_new or other_new) and rect.overlaps(other):
                return code, other_code
        active.append((is_new, code, rect))
    return None


@dataclass(frozen=True)
class BlockSpec:
    rows: int
    columns: int
    zone: str
    booth_type: BoothType
    prefix: str
    start_number: int
    x: int
    y: int
    aisle: int  # metres between rows

    def booths(self) -> list[tuple[str, Rect]]:
        width, height = SIZES[self.booth_type]
        count = self.rows * self.columns
        digits = max(2, len(str(self.start_number + count - 1)))
        result = []
        for row in range(self.rows):
            for column in range(self.columns):
                number = self.start_number + row * self.columns + column
                rect = Rect(
                    self.x + column * width, self.y + row * (height + self.aisle), width, height
                )
                result.append((f"{self.prefix}{number:0{digits}d}", rect))
        return result
