"""Shared builders for booth tests: an open event with a block of booths, producers, users."""

from __future__ import annotations

import datetime as dt

from booths.inventory import BlockSpec, create_block
from booths.models import BoothType
from events.models import AllocationMode, Event, EventKind, EventLevel, EventStatus, Venue
from exhibitors.models import Product, ProductGroup
from ocopfair.models import Locality, LocalityKind
from tests.conftest import make_exhibitor, make_user

TODAY = dt.date.today()


async def make_event(
    name: str = "Hội chợ OCOP",
    *,
    mode: AllocationMode = AllocationMode.BOOKING,
    status: EventStatus = EventStatus.OPEN,
    max_booths: int = 2,
    booths: int = 0,
    columns: int = 10,
    zone: str = "A",
    series=None,
    days_ahead: int = 30,
    **extra,
) -> Event:
    venue = await Venue.first() or await Venue.create(
        name="Cung Quy hoạch", kind="exhibition_ground"
    )
    start = TODAY + dt.timedelta(days=days_ahead)
    event = await Event.create(
        name=name,
        kind=EventKind.PROVINCIAL_FAIR,
        level=EventLevel.PROVINCIAL,
        venue=venue,
        start_date=start,
        end_date=start + dt.timedelta(days=4),
        status=status,
        allocation_mode=mode,
        max_booths_per_exhibitor=max_booths,
        series=series,
        **extra,
    )
    if booths:
        rows = -(-booths // columns)
        await create_block(
            event,
            BlockSpec(rows, min(columns, booths), zone, BoothType.STANDARD, zone, 1, 0, 0, 2),
            None,
        )
    return event


async def make_locality(code: str = "HL", name: str = "Hạ Long") -> Locality:
    return await Locality.create(code=code, name=name, kind=LocalityKind.CITY)


async def make_producer(
    name: str,
    *,
    stars: int = 4,
    group: ProductGroup = ProductGroup.FOOD,
    expiry_days: int = 400,
    products: int = 1,
    **extra,
):
    exhibitor = await make_exhibitor(name, **extra)
    made = [
        await Product.create(
            exhibitor=exhibitor,
            name=f"{name} sp{i}",
            group=group,
            stars=stars,
            certificate_expiry=TODAY + dt.timedelta(days=expiry_days),
        )
        for i in range(products)
    ]
    return exhibitor, made


async def producer_user(name: str, **extra):
    exhibitor, products = await make_producer(name, **extra)
    user = await make_user("exhibitor", username=f"u{exhibitor.id}", exhibitor_id=exhibitor.id)
    return user, exhibitor, products
