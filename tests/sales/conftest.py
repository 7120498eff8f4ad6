"""Fixtures of the sales and deals tests: a running fair with booths, producers and products."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest_asyncio

from booths.models import (
    ApplicationStatus,
    AssignmentKind,
    Booth,
    BoothApplication,
    BoothAssignment,
)
from deals.models import Buyer, BuyerKind
from events.models import Event, EventKind, EventLevel, EventStatus, Venue, VenueKind
from exhibitors.models import Exhibitor, Product, ProductGroup
from ocopfair.i18n import local_today
from tests.conftest import make_exhibitor, make_user


@dataclass
class Fair:
    event: Event
    today: dt.date
    booths: list[BoothAssignment] = field(default_factory=list)
    exhibitors: list[Exhibitor] = field(default_factory=list)
    products: dict[int, list[Product]] = field(default_factory=dict)  # exhibitor id -> shown
    users: dict[str, Any] = field(default_factory=dict)


async def make_product(
    exhibitor: Exhibitor, name: str, *, certified_until: dt.date | None, stars: int = 4
) -> Product:
    return await Product.create(
        exhibitor=exhibitor,
        name=name,
        name_search=name.lower(),
        group=ProductGroup.FOOD,
        stars=stars,
        certificate_expiry=certified_until,
    )


async def add_booths(event: Event, n: int, start: int = 0) -> list[BoothAssignment]:
    """n more producers, each with one booth and two products, half through an application."""
    assignments = []
    far = event.end_date + dt.timedelta(days=400)
    for i in range(start, start + n):
        exhibitor = await make_exhibitor(f"HTX số {i:03d}")
        noodles = await make_product(exhibitor, f"Miến dong {i:03d}", certified_until=far)
        tea = await make_product(exhibitor, f"Trà hoa vàng {i:03d}", certified_until=far)
        await make_product(exhibitor, f"Rượu cũ {i:03d}", certified_until=event.start_date)
        application = None
        if i % 2 == 0:
            application = await BoothApplication.create(
                event=event, exhibitor=exhibitor, status=ApplicationStatus.ALLOCATED
            )
            await application.products.add(noodles, tea)
        booth = await Booth.create(event=event, code=f"A{i:03d}")
        assignments.append(
            await BoothAssignment.create(
                booth=booth,
                active_booth=booth.id,
                exhibitor=exhibitor,
                application=application,
                kind=AssignmentKind.ASSIGNED,
            )
        )
    return assignments


async def make_fair(
    days_before_today: int = 1,
    length: int = 3,
    booths: int = 3,
    status: EventStatus = EventStatus.RUNNING,
    with_users: bool = True,
) -> Fair:
    """A fair that started `days_before_today` days ago, with `booths` producers."""
    today = local_today()
    start = today - dt.timedelta(days=days_before_today)
    venue = await Venue.create(name="Cung Quy hoạch Hạ Long", kind=VenueKind.EXHIBITION_GROUND)
    event = await Event.create(
        name="Hội chợ OCOP Quảng Ninh",
        kind=EventKind.PROVINCIAL_FAIR,
        level=EventLevel.PROVINCIAL,
        venue=venue,
        start_date=start,
        end_date=start + dt.timedelta(days=length - 1),
        status=status,
    )
    fair = Fair(event=event, today=today)
    fair.booths = await add_booths(event, booths)
    for a in fair.booths:
        await a.fetch_related("exhibitor", "booth")
        fair.exhibitors.append(a.exhibitor)
        fair.products[a.exhibitor.id] = await Product.filter(
            exhibitor_id=a.exhibitor.id, certificate_expiry__gt=event.end_date
        ).order_by("name")
    if not with_users:
        return fair
    fair.users = {
        "organizer": await make_user("organizer"),
        "admin": await make_user("admin"),
        "official": await make_user("official"),
        "exhibitor": await make_user("exhibitor", exhibitor_id=fair.exhibitors[0].id),
        "other": await make_user("exhibitor", "other", exhibitor_id=fair.exhibitors[1].id),
    }
    return fair


@pytest_asyncio.fixture
async def fair(db) -> Fair:
    return await make_fair()


@pytest_asyncio.fixture
async def buyers(db) -> dict[str, Buyer]:
    return {
        name: await Buyer.create(name=name, kind=kind, source="venues_and_buyers.csv")
        for name, kind in [
            ("GO! Hạ Long", BuyerKind.SUPERMARKET),
            ("WinMart", BuyerKind.SUPERMARKET),
            ("Shopee", BuyerKind.ECOMMERCE),
        ]
    }
