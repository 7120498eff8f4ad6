"""Fixtures of the events tests: localities, venues, planners, and a quick event factory."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest_asyncio

from events.models import Event, EventKind, EventLevel, EventStatus, Venue, VenueKind
from ocopfair.models import Locality, LocalityKind
from tests.conftest import make_user

FAR = dt.date(2031, 3, 3)  # a Monday comfortably in the future, so "past" rules stay out


async def make_venue(name: str = "Big C Hạ Long", **extra: Any) -> Venue:
    return await Venue.create(
        name=name,
        address=extra.pop("address", "Hạ Long"),
        kind=extra.pop("kind", VenueKind.MALL),
        **extra,
    )


async def make_event(venue: Venue, start: dt.date = FAR, days: int = 3, **extra: Any) -> Event:
    values: dict[str, Any] = {
        "name": "Hội chợ OCOP",
        "kind": EventKind.PROVINCIAL_FAIR,
        "level": EventLevel.PROVINCIAL,
        "status": EventStatus.OPEN,
        "is_public": True,
        "start_date": start,
        "end_date": start + dt.timedelta(days=days - 1),
    }
    values.update(extra)
    return await Event.create(venue=venue, **values)


def form_of(venue: Venue, **override: Any) -> dict[str, Any]:
    """A valid event form (dd/mm/yyyy dates as people type them)."""
    data = {
        "name": "Hội chợ OCOP Quảng Ninh 2031",
        "kind": "provincial_fair",
        "level": "provincial",
        "organizing_unit": "Sở Nông nghiệp và Môi trường",
        "locality_id": "",
        "venue_id": str(venue.id),
        "start_date": "03/03/2031",
        "end_date": "09/03/2031",
        "opens_at": "08:00",
        "closes_at": "21:00",
        "application_deadline": "20/02/2031",
        "booth_fees.standard": "1.500.000",
        "allocation_mode": "application",
        "max_booths_per_exhibitor": "2",
        "hold_minutes": "30",
        "description": "Hội chợ thường niên",
        "is_public": "1",
    }
    data.update(override)
    return {k: v for k, v in data.items() if v is not None}


@pytest_asyncio.fixture
async def world(db):
    """Two localities, two venues, a provincial organizer, a local office, an admin."""
    ha_long = await Locality.create(code="HL", name="Hạ Long", kind=LocalityKind.CITY)
    mong_cai = await Locality.create(code="MC", name="Móng Cái", kind=LocalityKind.CITY)
    bigc = await make_venue(locality=ha_long)
    square = await make_venue("Quảng trường 30/10", kind=VenueKind.SQUARE, locality=ha_long)
    border = await make_venue(
        "Khu hội chợ Móng Cái", kind=VenueKind.EXHIBITION_GROUND, locality=mong_cai
    )
    return {
        "ha_long": ha_long,
        "mong_cai": mong_cai,
        "bigc": bigc,
        "square": square,
        "border": border,
        "organizer": await make_user("organizer"),
        "local": await make_user("organizer", "hl_office", locality_id=ha_long.id),
        "admin": await make_user("admin"),
        "official": await make_user("official"),
    }
