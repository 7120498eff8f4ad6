"""Small text helpers shared by every domain."""

from __future__ import annotations

import unicodedata

_D_MAP = {ord("đ"): "d", ord("Đ"): "D"}


def without_marks(text: str) -> str:
    """'Lạng Sơn' -> 'Lang Son': the letters without diacritics, case kept (for ASCII-only
    places such as an iCalendar PRODID or a file name)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics: 'Miến dong Bình Liêu' -> 'mien dong binh lieu'.

    Used for the stored *_search columns and for queries, so search works the same on SQLite
    and PostgreSQL without database extensions.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())
