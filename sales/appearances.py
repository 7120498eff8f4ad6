"""A producer at fairs: every booth it held or was given, with what it sold there. Shown as a
section of the producer's page (exhibitors/detail.html). Two queries whatever the history."""

from __future__ import annotations

from typing import Any

from tortoise.functions import Count, Sum

from booths.models import BoothAssignment
from exhibitors.models import Exhibitor
from ocopfair.models import User
from sales.models import SalesRecord


async def history(exhibitor_id: int) -> list[dict[str, Any]]:
    """Every booth the producer held or was given, newest event first, with its sales."""
    assignments = (
        await BoothAssignment.filter(exhibitor_id=exhibitor_id)
        .select_related("booth__event__venue")
        .order_by("-booth__event__start_date", "booth__code")
    )
    totals = (
        await SalesRecord.filter(assignment__exhibitor_id=exhibitor_id)
        .annotate(revenue_sum=Sum("revenue"), units_sum=Sum("units"), days=Count("id"))
        .group_by("assignment_id")
        .values("assignment_id", "revenue_sum", "units_sum", "days")
    )
    by_assignment = {row["assignment_id"]: row for row in totals}
    return [
        {
            "assignment": a,
            "booth": a.booth,
            "event": a.booth.event,
            "active": a.released_at is None and a.active_booth is not None,
            "revenue": (by_assignment.get(a.id) or {}).get("revenue_sum") or 0,
            "units": (by_assignment.get(a.id) or {}).get("units_sum") or 0,
            "days": (by_assignment.get(a.id) or {}).get("days") or 0,
        }
        for a in assignments
    ]


async def history_section(exhibitor: Exhibitor, user: User | None) -> dict[str, Any]:
    return {"history": await history(exhibitor.id)}
