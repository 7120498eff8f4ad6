"""Live figures of an event, computed from the database on every request.

Nothing is kept in a worker's memory, so every worker behind one PostgreSQL answers the same.
A fixed number of GROUP BY queries per page, whatever the number of gates and buckets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tortoise.functions import Sum

from visitors.buckets import day_bounds, local_hour
from visitors.models import CountCorrection, Direction, Gate, GateCount


@dataclass
class GateFigures:
    id: int
    name: str
    kind: str
    today_in: int = 0
    today_out: int = 0
    total_in: int = 0
    total_out: int = 0


@dataclass
class EventFigures:
    day: dt.date
    gates: list[GateFigures]
    hours: list[dict[str, int]] = field(default_factory=list)

    @property
    def today_in(self) -> int:
        return sum(g.today_in for g in self.gates)

    @property
    def today_out(self) -> int:
        return sum(g.today_out for g in self.gates)

    @property
    def total_in(self) -> int:
        return sum(g.total_in for g in self.gates)

    @property
    def occupancy(self) -> int:
        # People inside now: today's entries minus today's exits (the grounds empty each night).
        return max(self.today_in - self.today_out, 0)

    def gate(self, gate_id: int) -> GateFigures | None:
        return next((g for g in self.gates if g.id == gate_id), None)

    def as_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "today_in": self.today_in,
            "today_out": self.today_out,
            "occupancy": self.occupancy,
            "total_in": self.total_in,
            "gates": [g.__dict__ for g in self.gates],
            "hours": self.hours,
        }


def _add(target: GateFigures, direction: str, n: int, today: bool) -> None:
    """Add to the all-days total, or (today=True) to today's figure only."""
    name = ("today_" if today else "total_") + ("in" if direction == Direction.IN else "out")
    setattr(target, name, getattr(target, name) + n)


async def event_figures(event_id: int, day: dt.date, *, with_hours: bool = True) -> EventFigures:
    """Totals per gate (today and all days), today's entries and exits per hour, occupancy."""
    start, end = day_bounds(day)
    gates = {
        row["id"]: GateFigures(row["id"], row["name"], row["kind"])
        for row in await Gate.filter(event_id=event_id)
        .order_by("name")
        .values("id", "name", "kind")
    }
    counts = GateCount.filter(gate__event_id=event_id)
    totals = (
        await counts.annotate(n=Sum("count"))
        .group_by("gate_id", "direction")
        .values("gate_id", "direction", "n")
    )
    todays = (
        await counts.filter(bucket_start__gte=start, bucket_start__lt=end)
        .annotate(n=Sum("count"))
        .group_by("gate_id", "direction")
        .values("gate_id", "direction", "n")
    )
    for rows, today in ((totals, False), (todays, True)):
        for row in rows:
            if row["gate_id"] in gates:
                _add(gates[row["gate_id"]], row["direction"], row["n"] or 0, today)
    corrections = (
        await CountCorrection.filter(gate__event_id=event_id)
        .annotate(n=Sum("delta"))
        .group_by("gate_id", "direction", "day")
        .values("gate_id", "direction", "day", "n")
    )
    for row in corrections:
        if row["gate_id"] in gates:
            _add(gates[row["gate_id"]], row["direction"], row["n"] or 0, False)
            if row["day"] == day:
                _add(gates[row["gate_id"]], row["direction"], row["n"] or 0, True)
    figures = EventFigures(day, list(gates.values()))
    if with_hours:
        figures.hours = await _hours(event_id, start, end)
    return figures


async def _hours(event_id: int, start: dt.datetime, end: dt.datetime) -> list[dict[str, int]]:
    rows = (
        await GateCount.filter(
            gate__event_id=event_id, bucket_start__gte=start, bucket_start__lt=end
        )
        .annotate(n=Sum("count"))
        .group_by("bucket_start", "direction")
        .values("bucket_start", "direction", "n")
    )
    hours: dict[int, dict[str, int]] = {}
    for row in rows:
        hour = local_hour(row["bucket_start"])
        slot = hours.setdefault(hour, {"hour": hour, "in": 0, "out": 0})
        slot["in" if row["direction"] == Direction.IN else "out"] += row["n"] or 0
    return [hours[h] for h in sorted(hours)]


async def entries_by_event(event_ids: list[int]) -> dict[int, int]:
    """Entries of each event (counts plus corrections), in two queries for any number of events."""
    totals: dict[int, int] = dict.fromkeys(event_ids, 0)
    counted = (
        await GateCount.filter(gate__event_id__in=event_ids, direction=Direction.IN)
        .annotate(n=Sum("count"))
        .group_by("gate__event_id")
        .values("gate__event_id", "n")
    )
    corrected = (
        await CountCorrection.filter(gate__event_id__in=event_ids, direction=Direction.IN)
        .annotate(n=Sum("delta"))
        .group_by("gate__event_id")
        .values("gate__event_id", "n")
    )
    for row in [*counted, *corrected]:
        totals[row["gate__event_id"]] += row["n"] or 0
    return totals
