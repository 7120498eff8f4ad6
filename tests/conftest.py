"""Shared fixtures: both databases, an in-process client, a live server, a headless browser.

Tests that take `db` (directly or through `client`) run twice: on SQLite and on the
PostgreSQL server of this machine. Outside CI a missing PostgreSQL or Chromium skips those
tests with a reason; under CI=true it fails them, so CI can never pass by skipping.

Only fixtures live here. What tests import is in ordinary modules: tests.factories (rows),
tests.login, tests.queries (count_queries), tests.live_server, tests.databases,
tests.environment; tests.hypothesis_profiles registers the Hypothesis profiles.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
import pytest_asyncio
from tortoise import Tortoise

import tests.hypothesis_profiles  # noqa: F401  (registers and loads the profiles)
from composition.database import tortoise_config
from ocopfair import province
from tests.browser import CHROMIUM, CHROMIUM_ARGS, watched_page
from tests.databases import Backend, disconnect, empty_tables, reset_postgres, schema_from_models
from tests.environment import PG_URL, TEST_SECRET, postgres_available, skip_or_fail
from tests.live_server import LiveServer, start_server, stop_server

os.environ.setdefault("OCOPFAIR_SECRET_KEY", TEST_SECRET)
# Each worker reads the province profile again only when a save in it says so: a re-read on
# a timer would add a query to whichever request came at the wrong moment, and tests count
# queries (ocopfair/province.py).
os.environ.setdefault("OCOPFAIR_PROVINCE_CACHE", "86400")
# The in-process clients talk to http://testserver: that is the test app's public address.
os.environ.setdefault("OCOPFAIR_BASE_URL", "http://testserver")


@pytest_asyncio.fixture(scope="session", params=["sqlite", "postgres"])
async def backend(request, tmp_path_factory) -> AsyncIterator[Backend]:
    """A migrated, empty database of each kind, with Tortoise connected to it."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "test.sqlite3"
        url = f"sqlite://{path}"
    else:
        if not postgres_available():
            skip_or_fail("PostgreSQL is not reachable on 127.0.0.1:5432")
        url = PG_URL
        await reset_postgres(url)
    # The schema comes from the models; tests/core/test_migrations.py proves separately that
    # the committed migrations build the same schema with every constraint.
    await Tortoise.init(config=tortoise_config(url))
    await schema_from_models()
    yield Backend(request.param, url)
    await disconnect()


@pytest_asyncio.fixture
async def db(backend: Backend) -> AsyncIterator[Backend]:
    """An empty database for one test (every table emptied afterwards, and the worker's copy
    of the province profile with them)."""
    yield backend
    await empty_tables(backend)
    province.forget()


@pytest.fixture(scope="session")
def app():
    from composition.app import create_app
    from ocopfair.settings import Settings

    return create_app(Settings(secret_key=TEST_SECRET), manage_database=False)


@pytest_asyncio.fixture
async def client(db, app) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest_asyncio.fixture
async def other_client(db, app) -> AsyncIterator[httpx.AsyncClient]:
    """A second browser session, for tests with two people."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture(scope="session")
def live_server(backend: Backend) -> Iterator[LiveServer]:
    """The app served by uvicorn on loopback, on the same database as the test."""
    server = start_server(backend.url)
    yield server
    stop_server(server)


@pytest_asyncio.fixture(scope="session")
async def browser():
    """Debian's headless Chromium, driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        skip_or_fail("Chromium is not installed (make test installs Debian's chromium)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


@pytest_asyncio.fixture
async def page(browser, live_server):
    """A phone-sized tab on the live server (390×844)."""
    async with watched_page(browser) as tab:
        yield tab


@pytest_asyncio.fixture
async def desktop_page(browser, live_server):
    """A desktop-sized tab on the live server (1280×800)."""
    async with watched_page(browser, 1280, 800) as tab:
        yield tab
