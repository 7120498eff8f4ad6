"""One line of headline figures per event: the period report's rows and the comparison of
two editions of a fair; and everything the period report needs of some events
(`period_figures`), which reports/figures/kept.py keeps for finished events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reports.figures.assignments import assignment_figures
from reports.figures.deals import deal_groups
from reports.figures.grouping import event_id_list
from reports.figures.participation import participation_groups
from reports.figures.sources import figure_sources
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


# The figures per locality of the producers that add up across events.
LOCALITY_FIELDS = ("assigned", "revenue", "deals", "deal_value")


@dataclass
class PeriodFigures:
    """What the period report needs of some events, besides the distinct producers and products
    (counted across the whole period: reports/figures/participation.py): one line per event,
    where each event's figures came from, and additive rows per locality of the producers
    (several rows for one locality when they come from several events)."""

    lines: dict[int, dict[str, int]] = field(default_factory=dict)
    sources: dict[int, str] = field(default_factory=dict)
    localities: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: PeriodFigures) -> None:
        self.lines.update(other.lines)
        self.sources.update(other.sources)
        self.localities += other.localities


async def period_figures(event_ids: Sequence[int]) -> PeriodFigures:
    """The events' PeriodFigures summed from their rows: five queries, whatever the number of
    events."""
    ids = event_id_list(event_ids)
    visitors = await visitor_flows(ids, ("event",))
    revenue, booths = await assignment_figures(
        ids, {"event": None, "locality": None}, ["event", "locality"]
    )
    part = await participation_groups(ids, ["event"])
    deals = await deal_groups(ids, ["event", "locality"])
    return PeriodFigures(
        summaries_of(
            ids, visitors, revenue["event"], booths["event"], part["event"], deals["event"]
        ),
        await figure_sources(ids),
        locality_rows(booths["locality"], revenue["locality"], deals["locality"]),
    )


def locality_rows(
    booths: list[dict[str, Any]], revenue: list[dict[str, Any]], deals: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The additive figures per locality, one row each, from the rows of each figure (a free
    booth has no producer, hence no locality: it counts only where a booth is assigned)."""
    rows: dict[Any, dict[str, Any]] = {}

    def row(locality: Any) -> dict[str, Any]:
        return rows.setdefault(
            locality, {"locality": locality, **dict.fromkeys(LOCALITY_FIELDS, 0)}
        )

    for r in booths:
        if r["locality"] is not None or r["assigned"]:
            row(r["locality"])["assigned"] += r["assigned"]
    for r in revenue:
        row(r["locality"])["revenue"] += r["revenue"]
    for r in deals:
        row(r["locality"])["deals"] += r["deals"]
        row(r["locality"])["deal_value"] += r["value"]
    return list(rows.values())
