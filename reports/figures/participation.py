"""Participating producers and the distinct products they showed (see
reports/figures/__init__.py for the definitions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from booths.models import AssignmentKind
from reports.figures.grouping import branch, event_id_list, key_value, union
from reports.sql import as_int, in_list

_PART_KEYS = {"event": "event_id", "locality": "locality_id", "total": "NULL"}

# `seen`: one row per participating producer (product NULL) and one per product it showed, so
# both counts below are COUNT(DISTINCT) over one CTE. The rows of events whose figures are kept
# (reports/figures/kept.py, the table `keptshown` filled from this same CTE) join them as they
# are. No DISTINCT: every count is a COUNT(DISTINCT), duplicates cannot change it.
_LIVE = """
  part AS MATERIALIZED (
    SELECT b.event_id, a.exhibitor_id, a.application_id, x.locality_id
    FROM {{booth}} b
      JOIN {{assignment}} a ON a.booth_id = b.id
      JOIN {{exhibitor}} x ON x.id = a.exhibitor_id
    WHERE a.kind = ? AND a.active_booth IS NOT NULL AND b.event_id IN {ids}
  ), seen AS MATERIALIZED (
    SELECT event_id, exhibitor_id, locality_id, CAST(NULL AS INTEGER) AS product_id FROM part
    UNION ALL
    SELECT part.event_id, part.exhibitor_id, part.locality_id, ap.{{app_products_product}}
    FROM part JOIN {{app_products}} ap ON ap.{{app_products_app}} = part.application_id
    UNION ALL
    -- An application listing no product shows all the producer's products.
    SELECT part.event_id, part.exhibitor_id, part.locality_id, p.id
    FROM part JOIN {{product}} p ON p.exhibitor_id = part.exhibitor_id
    WHERE NOT EXISTS (SELECT 1 FROM {{app_products}} ap2
                      WHERE ap2.{{app_products_app}} = part.application_id){kept}
  )"""
_KEPT = """
    UNION ALL
    SELECT event_id, exhibitor_id, locality_id, product_id FROM {{kept_shown}}
    WHERE event_id IN {kept_ids}"""


def seen_rows(live_ids: Sequence[int], kept_ids: Sequence[int] = ()) -> tuple[str, list[Any]]:
    """The CTEs ending in `seen` (event_id, exhibitor_id, locality_id, product_id) for the
    events computed live and those whose rows are kept, and their bound parameters."""
    live, kept = event_id_list(live_ids), event_id_list(kept_ids)
    # "IN (NULL)" matches nothing: an empty list is not SQL.
    ctes = _LIVE.format(
        ids=in_list(live) if live else "(NULL)",
        kept=_KEPT.format(kept_ids=in_list(kept)) if kept else "",
    )
    return ctes, [AssignmentKind.ASSIGNED.value, *live, *kept]


async def participation_groups(
    event_ids: Sequence[int], groupings: Sequence[str], *, kept_ids: Sequence[int] = ()
) -> dict[str, list[dict[str, Any]]]:
    """Participating producers and distinct products shown, under several groupings in one
    query: "event", "locality" (of the producer) or "total" (distinct across all the events).
    `kept_ids`: events whose rows are read from the kept figures instead."""
    if not (event_ids or kept_ids) or not groupings:
        return {by: [] for by in groupings}
    ctes, params = seen_rows(event_ids, kept_ids)
    branches = [
        branch(
            f"x_{by}",
            _PART_KEYS[by],
            "COUNT(DISTINCT exhibitor_id) AS producers, COUNT(DISTINCT product_id) AS products",
            "seen",
            None,
        )
        for by in groupings
    ]
    grouped = await union(ctes, branches, params)
    return {
        by: [
            {
                by: key_value(by, r["k"]),
                "producers": as_int(r["producers"]),
                "products": as_int(r["products"]),
            }
            for r in grouped.get(f"x_{by}", [])
        ]
        for by in groupings
    }


async def participation(event_ids: Sequence[int], by: str = "event") -> list[dict[str, Any]]:
    """Participating producers and distinct products shown, by "event", "locality" (of the
    producer) or "total" (distinct across all the events)."""
    return (await participation_groups(event_ids, [by]))[by]
