"""Fixtures of the registry's tests: localities and a signed-in organizer."""

from __future__ import annotations

import pytest_asyncio

from ocopfair.models import Locality, LocalityKind
from tests.factories import make_locality, make_user
from tests.login import login

LOCALITIES = [
    ("BL", "Bình Liêu", LocalityKind.DISTRICT),
    ("HL", "Hạ Long", LocalityKind.CITY),
    ("CT", "Cô Tô", LocalityKind.DISTRICT),
    ("MC", "Móng Cái", LocalityKind.CITY),
]


@pytest_asyncio.fixture
async def places(db) -> dict[str, Locality]:
    return {code: await make_locality(code, name, kind) for code, name, kind in LOCALITIES}


@pytest_asyncio.fixture
async def organizer_client(client):
    await make_user("organizer")
    await login(client, "organizer")
    return client
