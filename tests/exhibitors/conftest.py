"""Fixtures of the registry's tests: localities, producers with products, signed-in people."""

from __future__ import annotations

import datetime as dt

import pytest_asyncio

from exhibitors.models import Exhibitor, ExhibitorKind, Product, ProductGroup
from ocopfair.models import Locality, LocalityKind
from ocopfair.text import fold
from tests.conftest import login, make_user

LOCALITIES = [
    ("BL", "Bình Liêu", LocalityKind.DISTRICT),
    ("HL", "Hạ Long", LocalityKind.CITY),
    ("CT", "Cô Tô", LocalityKind.DISTRICT),
    ("MC", "Móng Cái", LocalityKind.CITY),
]


@pytest_asyncio.fixture
async def places(db) -> dict[str, Locality]:
    return {
        code: await Locality.create(code=code, name=name, kind=kind)
        for code, name, kind in LOCALITIES
    }


async def add_producer(name: str, locality: Locality | None = None, **extra) -> Exhibitor:
    return await Exhibitor.create(
        name=name,
        name_search=fold(name),
        kind=extra.pop("kind", ExhibitorKind.COOPERATIVE),
        locality=locality,
        **extra,
    )


async def add_product(exhibitor: Exhibitor, name: str, stars: int = 3, **extra) -> Product:
    issued = extra.pop("certificate_date", dt.date(2024, 5, 10))
    return await Product.create(
        exhibitor=exhibitor,
        name=name,
        name_search=fold(name),
        group=extra.pop("group", ProductGroup.FOOD),
        stars=stars,
        certificate_number=extra.pop("certificate_number", "123/QĐ-UBND"),
        certificate_date=issued,
        certificate_expiry=extra.pop("certificate_expiry", dt.date(2027, 5, 10)),
        **extra,
    )


@pytest_asyncio.fixture
async def organizer_client(client):
    await make_user("organizer")
    await login(client, "organizer")
    return client
