"""Several groupings of one figure in one query.

A report needs the same figure grouped several ways (revenue by day, by group, by locality...).
Each grouping is one branch of a UNION ALL over shared, materialized CTEs, so the joins from the
selected events to their booths, assignments and sales are made once per report, not once per
grouping. Every branch answers the same columns: its name `g`, its key as text `k` (the
branches' keys have different types) and the figures; `pos` keeps each branch's own order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reports.sql import as_date, as_int, fetch

# Groupings whose keys are ids or numbers (the others are text, or a day).
_INT_KEYS = {"event", "locality", "exhibitor", "stars", "product", "gate"}


def group_by(key: str) -> str:
    """A GROUP BY clause, or none for a grand total (PostgreSQL refuses GROUP BY NULL)."""
    return "" if key in ("", "NULL") else f"GROUP BY {key}"


def event_id_list(event_ids: Sequence[int]) -> list[int]:
    """The event ids as integers, whatever the caller passed (they are bound parameters)."""
    return [int(i) for i in event_ids]


def key_value(by: str, value: Any) -> Any:
    """A grouping key back from its text form to what the single-grouping queries answered."""
    if value is None or by == "total":
        return None
    if by == "day":
        return as_date(value)
    if by in _INT_KEYS:
        return int(value)
    return str(value)


def branch(
    name: str,
    key: str,
    select: str,
    rest: str,
    order: str | None,
    limit: int | None = None,
    key2: str | None = None,
) -> str:
    """One UNION ALL branch: `SELECT name, key, key2, figures, position FROM rest GROUP BY key,
    key2`; `key2` (answered as `k2`, NULL in branches without it) makes a two-way table."""
    grand = key == "NULL"
    keys = key if key2 is None else f"{key}, {key2}"
    window = f"ORDER BY {order}" + ("" if grand else f", {keys}") if order else ""
    sql = f"""SELECT '{name}' AS g, CAST({key} AS TEXT) AS k,
                     CAST({key2 or "NULL"} AS TEXT) AS k2, {select},
                     ROW_NUMBER() OVER ({window}) AS pos
              FROM {rest} {"" if grand else f"GROUP BY {keys}"}"""
    if limit:
        sql = f"SELECT * FROM ({sql}) AS top_{name} WHERE pos <= {int(limit)}"
    return sql


async def union(ctes: str, branches: list[str], params: list[Any]) -> dict[str, list[dict]]:
    """Run the branches over the CTEs as one query; each branch's rows in its own order."""
    rows = await fetch(f"WITH {ctes}\n" + "\nUNION ALL\n".join(branches), params)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: (r["g"], as_int(r["pos"]))):
        grouped.setdefault(row["g"], []).append(row)
    return grouped
