"""Where an event's figures came from: tallied live (gate taps, sales typed during the fair),
imported (a results workbook, the bulk API), or both. One query for any number of events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from reports.figures.grouping import event_id_list
from reports.sql import fetch, in_list

LIVE, IMPORTED, BOTH, NONE = "live", "imported", "both", "none"
_IMPORTED_SOURCES = ("import", "imported")  # visitors.CountSource, sales.SalesSource


async def figure_sources(event_ids: Sequence[int]) -> dict[int, str]:
    """{event id: "live" | "imported" | "both" | "none"} over its visitor counts and sales."""
    ids = event_id_list(event_ids)
    if not ids:
        return {}
    sql = f"""
        SELECT g.event_id AS event, gc.source AS source
          FROM {{gate}} g JOIN {{gatecount}} gc ON gc.gate_id = g.id
         WHERE g.event_id IN {in_list(ids)}
         GROUP BY g.event_id, gc.source
        UNION
        SELECT b.event_id, s.source
          FROM {{booth}} b JOIN {{assignment}} a ON a.booth_id = b.id
               JOIN {{sales}} s ON s.assignment_id = a.id
         WHERE b.event_id IN {in_list(ids)}
         GROUP BY b.event_id, s.source
    """
    kinds: dict[int, set[str]] = defaultdict(set)
    for row in await fetch(sql, [*ids, *ids]):
        kinds[int(row["event"])].add(IMPORTED if row["source"] in _IMPORTED_SOURCES else LIVE)
    return {i: _one(kinds.get(i, set())) for i in ids}


def _one(kinds: set[str]) -> str:
    if len(kinds) == 2:
        return BOTH
    return next(iter(kinds), NONE)
