"""Where an event's figures came from: tallied live (gate taps, sales typed during the fair),
imported (a results workbook, the bulk API), or both. One query for any number of events.

Each answer is an EXISTS that stops at the first row: with the indexes on (gate, source, ...)
and (assignment, source, ...) it is a few seeks per gate and per booth, however many counts
and sales the event has (grouping every row by its source read them all).
"""

from __future__ import annotations

from collections.abc import Sequence

from reports.figures.grouping import event_id_list
from reports.sql import fetch, in_list
from sales.models import SalesSource
from visitors.models import CountSource, Direction

LIVE, IMPORTED, BOTH, NONE = "live", "imported", "both", "none"
_IMPORTED_COUNTS = [CountSource.IMPORT.value]
_LIVE_COUNTS = [s.value for s in CountSource if s is not CountSource.IMPORT]
_IMPORTED_SALES = [SalesSource.IMPORTED.value]
_LIVE_SALES = [s.value for s in SalesSource if s is not SalesSource.IMPORTED]
_DIRECTIONS = [d.value for d in Direction]

# Direction is named (all of them) so the seek reaches the index's columns in order.
_COUNTS = """EXISTS (SELECT 1 FROM {{gate}} g JOIN {{gatecount}} gc ON gc.gate_id = g.id
                      WHERE g.event_id = e.id AND gc.source IN {sources}
                        AND gc.direction IN {directions})"""
_SALES = """EXISTS (SELECT 1 FROM {{booth}} b JOIN {{assignment}} a ON a.booth_id = b.id
                      JOIN {{sales}} s ON s.assignment_id = a.id
                      WHERE b.event_id = e.id AND s.source IN {sources})"""


async def figure_sources(event_ids: Sequence[int]) -> dict[int, str]:
    """{event id: "live" | "imported" | "both" | "none"} over its visitor counts and sales."""
    ids = event_id_list(event_ids)
    if not ids:
        return {}
    directions = in_list(_DIRECTIONS)
    sql = f"""
        SELECT e.id AS event,
               CASE WHEN {_COUNTS.format(sources=in_list(_IMPORTED_COUNTS), directions=directions)}
                      OR {_SALES.format(sources=in_list(_IMPORTED_SALES))}
                    THEN 1 ELSE 0 END AS imported,
               CASE WHEN {_COUNTS.format(sources=in_list(_LIVE_COUNTS), directions=directions)}
                      OR {_SALES.format(sources=in_list(_LIVE_SALES))}
                    THEN 1 ELSE 0 END AS live
          FROM {{event}} e
         WHERE e.id IN {in_list(ids)}
    """
    params = [
        *_IMPORTED_COUNTS,
        *_DIRECTIONS,
        *_IMPORTED_SALES,
        *_LIVE_COUNTS,
        *_DIRECTIONS,
        *_LIVE_SALES,
        *ids,
    ]
    rows = await fetch(sql, params)
    found = {int(r["event"]): (bool(r["imported"]), bool(r["live"])) for r in rows}
    return {i: _one(*found.get(i, (False, False))) for i in ids}


def _one(imported: bool, live: bool) -> str:
    if imported and live:
        return BOTH
    if imported:
        return IMPORTED
    return LIVE if live else NONE
