"""Fixtures of the sales tests: a running fair with booths, producers and products."""

from __future__ import annotations

import pytest_asyncio

from deals.models import Buyer
from tests.factories import Fair, make_buyers, make_fair


@pytest_asyncio.fixture
async def fair(db) -> Fair:
    return await make_fair()


@pytest_asyncio.fixture
async def buyers(db) -> dict[str, Buyer]:
    return await make_buyers()
