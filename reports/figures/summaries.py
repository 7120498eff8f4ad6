"""One line of headline figures per event: the period report's rows and the comparison of
two editions of a fair."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reports.figures.assignments import assignment_figures
from reports.figures.deals import deal_groups
from reports.figures.grouping import event_id_list
from reports.figures.participation import participation_groups
from reports.figures.visitors import visitor_flows

SUMMARY_FIELDS = (
    "entries",
    "exits",
    "offered",
    "assigned",
    "occupied",
    "disadvantaged",
    "fees_paid",
    "fees_waived",
    "producers",
    "products",
    "revenue",
    "deals",
    "deal_value",
)


async def event_summaries(event_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """The headline figures of each event, four queries whatever the number of events."""
    ids = event_id_list(event_ids)
    visitors = await visitor_flows(ids, ("event",))
    revenue, booths = await assignment_figures(ids, {"event": None}, ["event"])
    part = await participation_groups(ids, ["event"])
    deals = await deal_groups(ids, ["event"])
    return summaries_of(
        ids, visitors, revenue["event"], booths["event"], part["event"], deals["event"]
    )


def summaries_of(
    ids: Sequence[int],
    visitors: list[dict[str, Any]],
    revenue: list[dict[str, Any]],
    booths: list[dict[str, Any]],
    part: list[dict[str, Any]],
    deals: list[dict[str, Any]],
) -> dict[int, dict[str, int]]:
    """One line per event from the per-event rows of each figure (absent: zero)."""
    result = {i: dict.fromkeys(SUMMARY_FIELDS, 0) for i in ids}
    for row in visitors:
        result[row["event"]].update(entries=row["entries"], exits=row["exits"])
    for row in revenue:
        result[row["event"]]["revenue"] = row["revenue"]
    for row in booths:
        result[row["event"]].update(
            {
                k: row[k]
                for k in (
                    "offered",
                    "assigned",
                    "occupied",
                    "disadvantaged",
                    "fees_paid",
                    "fees_waived",
                )
            }
        )
    for row in part:
        result[row["event"]].update(producers=row["producers"], products=row["products"])
    for row in deals:
        result[row["event"]].update(deals=row["deals"], deal_value=row["value"])
    return result
