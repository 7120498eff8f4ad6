"""Trade deals counted and valued (see reports/figures/__init__.py for the definitions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from deals.models import DealStatus
from reports.figures.grouping import branch, event_id_list, key_value, union
from reports.sql import as_int, in_list

# The statuses in the order a deal moves through them (the rows of the deals tables).
DEAL_STATUSES = list(DealStatus)

_DEAL_KEYS = {"event": "event_id", "locality": "locality_id", "status": "status", "total": "NULL"}


async def deal_groups(
    event_ids: Sequence[int], groupings: Sequence[str], *, exhibitor_id: int | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Trade deals counted and valued under several groupings in one query: "event",
    "locality" (of the producer), "status" or "total"."""
    ids = event_id_list(event_ids)
    if not ids or not groupings:
        return {by: [] for by in groupings}
    params: list[Any] = list(ids)
    mine = ""
    if exhibitor_id is not None:
        mine = "AND d.exhibitor_id = ?"
        params.append(int(exhibitor_id))
    ctes = f"""
      d0 AS MATERIALIZED (
        SELECT d.id, d.event_id, d.status, d.value, x.locality_id
        FROM {{deal}} d JOIN {{exhibitor}} x ON x.id = d.exhibitor_id
        WHERE d.event_id IN {in_list(ids)} {mine}
      )"""
    branches = [
        branch(f"d_{by}", _DEAL_KEYS[by], "COUNT(id) AS deals, SUM(value) AS value", "d0", None)
        for by in groupings
    ]
    grouped = await union(ctes, branches, params)
    return {
        by: [
            {by: key_value(by, r["k"]), "deals": as_int(r["deals"]), "value": as_int(r["value"])}
            for r in grouped.get(f"d_{by}", [])
        ]
        for by in groupings
    }


async def deals_by(
    event_ids: Sequence[int], by: str, *, exhibitor_id: int | None = None
) -> list[dict[str, Any]]:
    """Trade deals counted and valued, grouped by "event", "locality", "status" or "total"."""
    return (await deal_groups(event_ids, [by], exhibitor_id=exhibitor_id))[by]
