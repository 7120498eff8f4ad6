"""Reading an event's sales: who sells, which products each booth shows, the grid and totals.

Every function here costs a fixed number of queries, whatever the number of booths or days.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from tortoise.functions import Count, Sum

from booths.eligibility import is_certified
from booths.models import BoothApplication, BoothAssignment
from events.models import Event
from exhibitors.models import Product
from ocopfair.models import AuditEntry
from sales.models import SalesLine, SalesRecord, SalesSettings


def event_days(event: Event) -> list[dt.date]:
    return [
        event.start_date + dt.timedelta(days=i)
        for i in range((event.end_date - event.start_date).days + 1)
    ]


async def settings_for(event: Event) -> SalesSettings:
    """The event's sales settings, or the defaults (unsaved) when nobody changed them."""
    found = await SalesSettings.get_or_none(event_id=event.id)
    return found or SalesSettings(event_id=event.id)


async def selling_assignments(
    event_id: int, exhibitor_id: int | None = None
) -> list[BoothAssignment]:
    """The booths in use at the event (active assignments), in booth order."""
    query = BoothAssignment.filter(booth__event_id=event_id, active_booth__isnull=False)
    if exhibitor_id is not None:
        query = query.filter(exhibitor_id=exhibitor_id)
    return await query.select_related("booth", "exhibitor").order_by("booth__code", "id")


async def shown_products(
    assignments: list[BoothAssignment], event: Event
) -> dict[int, list[Product]]:
    """The products each booth shows, whose units may be reported: THE rule, in one place.

    A booth shows the products its exhibitor listed in the application that won it. A booth
    given without an application (or with an application that names no product) shows the
    exhibitor's products that are certified through the event (booths.eligibility).
    Two or three queries for any number of booths.
    """
    app_ids = {a.application_id for a in assignments if a.application_id}
    # Looked up by each booth's application_id, which is None for a booth given without one.
    by_application: dict[int | None, list[Product]] = {}
    if app_ids:
        for application in await BoothApplication.filter(id__in=app_ids).prefetch_related(
            "products"
        ):
            by_application[application.id] = sorted(application.products, key=lambda p: p.name)
    needs_certified = {
        a.exhibitor_id for a in assignments if not by_application.get(a.application_id)
    }
    certified: dict[int, list[Product]] = defaultdict(list)
    if needs_certified:
        for product in await Product.filter(exhibitor_id__in=needs_certified).order_by("name"):
            if is_certified(product, event):
                certified[product.exhibitor_id].append(product)
    return {
        a.id: by_application.get(a.application_id) or certified.get(a.exhibitor_id, [])
        for a in assignments
    }


# --- The organizers' grid ---------------------------------------------------------------------


@dataclass
class GridRow:
    assignment: BoothAssignment
    cells: dict[dt.date, int | None]  # revenue per day, None when nothing entered
    total: int = 0
    values: dict[str, str] = field(default_factory=dict)  # what was typed, after an error
    errors: dict[str, str] = field(default_factory=dict)
    saved: bool = False

    @property
    def id(self) -> int:
        return self.assignment.id


@dataclass
class Totals:
    by_day: dict[dt.date, int]
    grand: int
    booths_reporting: int


async def records_by_assignment(
    event_id: int, assignment_ids: list[int] | None = None
) -> dict[int, dict[dt.date, SalesRecord]]:
    query = SalesRecord.filter(assignment__booth__event_id=event_id)
    if assignment_ids is not None:
        query = query.filter(assignment_id__in=assignment_ids)
    result: dict[int, dict[dt.date, SalesRecord]] = defaultdict(dict)
    for record in await query:
        result[record.assignment_id][record.day] = record
    return result


def grid_row(
    assignment: BoothAssignment, days: list[dt.date], records: dict[dt.date, SalesRecord]
) -> GridRow:
    cells = {day: (records[day].revenue if day in records else None) for day in days}
    return GridRow(assignment, cells, total=sum(v for v in cells.values() if v))


async def event_totals(event_id: int) -> Totals:
    """Revenue per day and in all, summed by the database."""
    rows = (
        await SalesRecord.filter(
            assignment__booth__event_id=event_id, assignment__active_booth__isnull=False
        )
        .annotate(revenue_sum=Sum("revenue"))
        .group_by("day")
        .values("day", "revenue_sum")
    )
    by_day = {_as_date(row["day"]): int(row["revenue_sum"] or 0) for row in rows}
    reporting = (
        await SalesRecord.filter(
            assignment__booth__event_id=event_id, assignment__active_booth__isnull=False
        )
        .annotate(n=Count("id"))
        .group_by("assignment_id")
        .values("assignment_id")
    )
    return Totals(by_day, sum(by_day.values()), len(reporting))


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


async def grid(event: Event) -> tuple[list[GridRow], Totals]:
    """Every booth in use × every day of the event, and the totals (4 queries)."""
    days = event_days(event)
    assignments = await selling_assignments(event.id)
    records = await records_by_assignment(event.id)
    rows = [grid_row(a, days, records.get(a.id, {})) for a in assignments]
    return rows, await event_totals(event.id)


# --- One booth's days and history -------------------------------------------------------------


async def lines_of(record_ids: list[int]) -> dict[int, dict[int, int]]:
    """record id -> {product id: units}."""
    result: dict[int, dict[int, int]] = defaultdict(dict)
    if record_ids:
        for line in await SalesLine.filter(record_id__in=record_ids):
            result[line.record_id][line.product_id] = line.units
    return result


async def history(record_ids: list[int], limit: int = 50) -> list[AuditEntry]:
    """Who entered or changed these figures, when, from what to what, and why."""
    if not record_ids:
        return []
    return (
        await AuditEntry.filter(
            object_type="SalesRecord", object_id__in=[str(i) for i in record_ids]
        )
        .select_related("user")
        .order_by("-at", "-id")
        .limit(limit)
    )
