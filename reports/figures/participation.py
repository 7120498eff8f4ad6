"""Participating producers and the distinct products they showed (see
reports/figures/__init__.py for the definitions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from booths.models import AssignmentKind
from reports.figures.grouping import branch, event_id_list, key_value, union
from reports.sql import as_int, in_list

_PART_KEYS = {"event": "event_id", "locality": "locality_id", "total": "NULL"}


async def participation_groups(
    event_ids: Sequence[int], groupings: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """Participating producers and distinct products shown, under several groupings in one
    query: "event", "locality" (of the producer) or "total" (distinct across all the events)."""
    ids = event_id_list(event_ids)
    if not ids or not groupings:
        return {by: [] for by in groupings}
    ctes = f"""
      part AS MATERIALIZED (
        -- No DISTINCT: every count below is a COUNT(DISTINCT), duplicates cannot change it.
        SELECT b.event_id, a.exhibitor_id, a.application_id, x.locality_id
        FROM {{booth}} b
          JOIN {{assignment}} a ON a.booth_id = b.id
          JOIN {{exhibitor}} x ON x.id = a.exhibitor_id
        WHERE a.kind = ? AND a.active_booth IS NOT NULL AND b.event_id IN {in_list(ids)}
      ), shown AS MATERIALIZED (
        SELECT part.event_id, part.locality_id, ap.{{app_products_product}} AS product_id
        FROM part JOIN {{app_products}} ap ON ap.{{app_products_app}} = part.application_id
        UNION ALL
        -- An application listing no product shows all the producer's products.
        SELECT part.event_id, part.locality_id, p.id
        FROM part JOIN {{product}} p ON p.exhibitor_id = part.exhibitor_id
        WHERE NOT EXISTS (SELECT 1 FROM {{app_products}} ap2
                          WHERE ap2.{{app_products_app}} = part.application_id)
      )"""
    branches = []
    for by in groupings:
        key = _PART_KEYS[by]
        branches.append(branch(f"x_{by}", key, "COUNT(DISTINCT exhibitor_id) AS n", "part", None))
        branches.append(branch(f"p_{by}", key, "COUNT(DISTINCT product_id) AS n", "shown", None))
    grouped = await union(ctes, branches, [AssignmentKind.ASSIGNED.value, *ids])
    result = {}
    for by in groupings:
        products = {r["k"]: as_int(r["n"]) for r in grouped.get(f"p_{by}", [])}
        result[by] = [
            {
                by: key_value(by, r["k"]),
                "producers": as_int(r["n"]),
                "products": products.get(r["k"], 0),
            }
            for r in grouped.get(f"x_{by}", [])
        ]
    return result


async def participation(event_ids: Sequence[int], by: str = "event") -> list[dict[str, Any]]:
    """Participating producers and distinct products shown, by "event", "locality" (of the
    producer) or "total" (distinct across all the events)."""
    return (await participation_groups(event_ids, [by]))[by]
