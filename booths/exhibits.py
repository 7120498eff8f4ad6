"""Who exhibits at an event: the producers holding an active booth, with their booths and
products. Read by the public event page (a section), the placards and the badges.

A fixed number of queries whatever the number of booths.
"""

from __future__ import annotations

from typing import Any

from booths.models import BoothAssignment
from events.models import Event
from exhibitors.models import Product
from exhibitors.placards import PLACARD_PRODUCTS, Exhibit
from ocopfair.models import User


async def participants_section(event: Event, user: User | None) -> dict[str, Any]:
    """The public event page's list of producers with a booth, each with its products."""
    rows = (
        await BoothAssignment.filter(booth__event_id=event.id, active_booth__isnull=False)
        .select_related("exhibitor", "booth")
        .prefetch_related("exhibitor__products")
    )
    seen: dict[int, dict[str, Any]] = {}
    for row in rows:
        entry = seen.setdefault(row.exhibitor.id, {"exhibitor": row.exhibitor, "booths": []})
        entry["booths"].append(row.booth.code)
    return {
        "event_id": event.id,
        "participants": sorted(seen.values(), key=lambda e: e["exhibitor"].name),
    }


async def event_exhibits(event_id: int) -> tuple[Event | None, list[Exhibit]]:
    """The producers holding an active booth at the event, in booth order (3 queries)."""
    event = await Event.get_or_none(id=event_id).select_related("venue")
    if event is None:
        return None, []
    assignments = (
        await BoothAssignment.filter(booth__event_id=event_id, active_booth__isnull=False)
        .select_related("booth", "exhibitor__locality")
        .order_by("booth__code")
    )
    exhibits: dict[int, Exhibit] = {}
    for a in assignments:
        exhibit = exhibits.setdefault(a.exhibitor_id, Exhibit(a.exhibitor))
        exhibit.booths.append(a.booth.code)
    products = (
        await Product.filter(exhibitor_id__in=list(exhibits))
        .order_by("-stars", "name")
        .values("id", "exhibitor_id", "name", "stars", "group")
    )
    for product in products:
        exhibit = exhibits[product["exhibitor_id"]]
        if len(exhibit.products) < PLACARD_PRODUCTS:
            exhibit.products.append(product)
    return event, list(exhibits.values())
