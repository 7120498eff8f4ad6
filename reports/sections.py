"""A report as data: sections of columns and rows that the page, the XLSX, the CSV, the print view
and the JSON API all render from, so every format shows the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Kinds of cell: how a value is shown and stored (numbers stay numbers in the XLSX).
TEXT, INT, VND, PCT, DATE = "text", "int", "vnd", "pct", "date"
# A column whose kind changes per row (a comparison of visitors with revenue): see row_kinds.
AUTO = "auto"


@dataclass
class Column:
    key: str
    title: str  # already translated
    kind: str = TEXT


@dataclass
class Section:
    key: str  # stable id: sheet order, CSV blocks, API keys, chart URLs
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    total: list[Any] | None = None  # the totals row, same length as columns
    chart: str | None = None  # the name of its chart (reports/charts.py), if it has one
    note: str = ""
    row_kinds: list[str] | None = None  # the kind of the AUTO columns, row by row

    def kind_of(self, column: Column, row_index: int | None) -> str:
        if column.kind != AUTO:
            return column.kind
        if self.row_kinds is None or row_index is None:
            return INT
        return self.row_kinds[row_index]

    def as_json(self) -> dict[str, Any]:
        def record(values: list[Any]) -> dict[str, Any]:
            return {c.key: _json_value(v) for c, v in zip(self.columns, values, strict=True)}

        return {
            "title": self.title,
            "columns": [{"key": c.key, "title": c.title, "kind": c.kind} for c in self.columns],
            "rows": [record(r) for r in self.rows],
            "total": record(self.total) if self.total is not None else None,
            "note": self.note,
        }


@dataclass
class Headline:
    key: str
    title: str
    value: Any
    kind: str = INT
    previous: Any = None  # the same figure at the previous edition, if any


@dataclass
class Report:
    title: str
    subtitle: str
    headlines: list[Headline]
    sections: list[Section]
    meta: dict[str, Any] = field(default_factory=dict)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "meta": {k: _json_value(v) for k, v in self.meta.items()},
            "headlines": {
                h.key: {
                    "title": h.title,
                    "value": _json_value(h.value),
                    "kind": h.kind,
                    "previous": _json_value(h.previous),
                }
                for h in self.headlines
            },
            "sections": {s.key: s.as_json() for s in self.sections},
        }


def _json_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def share(part: int, whole: int) -> float:
    """A percentage with one decimal; 0 when there is nothing to share."""
    return round(100.0 * part / whole, 1) if whole else 0.0
