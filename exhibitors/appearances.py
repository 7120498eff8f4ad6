"""A producer at fairs: its booths, events and sales; and who exhibits at an event.

Read-only views of the booths domain (assignments and sales are written there). A fixed
number of queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tortoise.functions import Count, Sum

from booths.models import BoothAssignment, SalesRecord
from events.models import Event
from exhibitors.models import Exhibitor, Product

PLACARD_PRODUCTS = 6


async def history(exhibitor_id: int) -> list[dict[str, Any]]:
    """Every booth the producer held or was given, newest event first, with its sales."""
    assignments = await BoothAssignment.filter(exhibitor_id=exhibitor_id).select_related(
        "booth__event__venue").order_by("-booth__event__start_date", "booth__code")
    totals = await SalesRecord.filter(
        assignment__exhibitor_id=exhibitor_id
    ).annotate(revenue_sum=Sum("revenue"), units_sum=Sum("units"), days=Count("id")).group_by(
        "assignment_id").values("assignment_id", "revenue_sum", "units_sum", "days")
    by_assignment = {row["assignment_id"]: row for row in totals}
    return [
        {
            "assignment": a, "booth": a.booth, "event": a.booth.event,
            "active": a.released_at is None and a.active_booth is not None,
            "revenue": (by_assignment.get(a.id) or {}).get("revenue_sum") or 0,
            "units": (by_assignment.get(a.id) or {}).get("units_sum") or 0,
            "days": (by_assignment.get(a.id) or {}).get("days") or 0,
        }
        for a in assignments
    ]


@dataclass
class Exhibit:
    """One producer at one event: its booths and the products it shows."""

    exhibitor: Exhibitor
    booths: list[str] = field(default_factory=list)
    products: list[dict[str, Any]] = field(default_factory=list)


async def event_exhibits(event_id: int) -> tuple[Event | None, list[Exhibit]]:
    """The producers holding an active booth at the event, in booth order (3 queries)."""
    event = await Event.get_or_none(id=event_id).select_related("venue")
    if event is None:
        return None, []
    assignments = await BoothAssignment.filter(
        booth__event_id=event_id, active_booth__isnull=False
    ).select_related("booth", "exhibitor__locality").order_by("booth__code")
    exhibits: dict[int, Exhibit] = {}
    for a in assignments:
        exhibit = exhibits.setdefault(a.exhibitor_id, Exhibit(a.exhibitor))  # type: ignore[attr-defined]
        exhibit.booths.append(a.booth.code)
    products = await Product.filter(exhibitor_id__in=list(exhibits)).order_by(
        "-stars", "name").values("id", "exhibitor_id", "name", "stars", "group")
    for product in products:
        exhibit = exhibits[product["exhibitor_id"]]
        if len(exhibit.products) < PLACARD_PRODUCTS:
            exhibit.products.append(product)
    return event, list(exhibits.values())
