"""Fixtures of the events tests: localities, venues and the people who plan events."""

from __future__ import annotations

import pytest_asyncio

from events.models import VenueKind
from ocopfair.models import LocalityKind
from tests.factories import make_locality, make_user, make_venue


@pytest_asyncio.fixture
async def world(db):
    """Two localities, two venues, a provincial organizer, a local office, an admin."""
    ha_long = await make_locality("HL", "Hạ Long", LocalityKind.CITY)
    mong_cai = await make_locality("MC", "Móng Cái", LocalityKind.CITY)
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
