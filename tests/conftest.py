"""Shared fixtures: both databases, an in-process client, a live server, a headless browser.

Tests that take `db` (directly or through `client`) run twice: on SQLite and on the
PostgreSQL server of this machine. Outside CI a missing PostgreSQL or Chromium skips those
tests with a reason; under CI=true it fails them, so CI can never pass by skipping.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import pytest
import pytest_asyncio
from tortoise import Tortoise, connections

import tests.hypothesis_profiles  # noqa: F401  (registers and loads the profiles)
from composition.database import tortoise_config

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI") == "true"
PG_URL = os.environ.get("OCOPFAIR_TEST_PG", "postgres://postgres@127.0.0.1:5432/test")
TEST_SECRET = "test-secret-key-not-for-production"
os.environ.setdefault("OCOPFAIR_SECRET_KEY", TEST_SECRET)


def skip_or_fail(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this must run, not skip)")
    pytest.skip(reason)


def postgres_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


@dataclass
class Backend:
    name: str
    url: str


async def disconnect() -> None:
    """Close Tortoise and forget its models' bindings: the next init may use another dialect.

    Tortoise caches each model's INSERT/UPDATE SQL by connection *name* ("default"), not by
    dialect, so switching from SQLite to PostgreSQL in one process needs the cache emptied.
    """
    from tortoise.backends.base.executor import EXECUTOR_CACHE

    await Tortoise._reset_apps()
    await Tortoise.close_connections()
    EXECUTOR_CACHE.clear()


async def _reset_postgres(url: str) -> None:
    await Tortoise.init(config=tortoise_config(url))
    conn = connections.get("default")
    await conn.execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    await disconnect()


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
        await _reset_postgres(url)
    # The schema comes from the models; tests/core/test_migrations.py proves separately that
    # the committed migrations build the same schema with every constraint.
    await Tortoise.init(config=tortoise_config(url))
    await Tortoise.generate_schemas()
    yield Backend(request.param, url)
    await disconnect()


async def _truncate(backend: Backend) -> None:
    conn = connections.get("default")
    tables = [m._meta.db_table for m in Tortoise.apps["models"].values()]
    m2m = {
        field.through
        for m in Tortoise.apps["models"].values()
        for field in m._meta.fields_map.values()
        if getattr(field, "through", None)
    }
    all_tables = sorted(set(tables) | m2m)
    if backend.name == "postgres":
        quoted = ", ".join(f'"{t}"' for t in all_tables)
        await conn.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    else:
        script = (
            "PRAGMA foreign_keys=OFF;"
            + "".join(f'DELETE FROM "{t}";' for t in all_tables)
            + "DELETE FROM sqlite_sequence; PRAGMA foreign_keys=ON;"
        )
        await conn.execute_script(script)


@pytest_asyncio.fixture
async def db(backend: Backend) -> AsyncIterator[Backend]:
    """An empty database for one test (every table emptied afterwards)."""
    yield backend
    await _truncate(backend)


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


# --- Users and logging in ---------------------------------------------------------------------

PASSWORD = "correct-horse-42"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


async def make_user(role: str, username: str | None = None, **extra):
    from ocopfair.accounts import create_user
    from ocopfair.models import Role

    return await create_user(username or role, PASSWORD, Role(role), **extra)


async def csrf_token_of(client: httpx.AsyncClient) -> str:
    page = await client.get("/login")
    match = CSRF_INPUT.search(page.text)
    if match is None:  # already logged in: /login redirected; any page carries the token
        page = await client.get("/")
        match = CSRF_INPUT.search(page.text)
    assert match, "no CSRF token on the page"
    return match.group(1)


async def login(client: httpx.AsyncClient, username: str, password: str = PASSWORD):
    token = await csrf_token_of(client)
    response = await client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert response.status_code == 303, response.text[:500]
    client.headers["X-CSRFToken"] = await csrf_token_of(client)
    return response


async def make_exhibitor(name: str = "HTX Thử nghiệm", **extra):
    from exhibitors.models import Exhibitor, ExhibitorKind
    from ocopfair.text import fold

    return await Exhibitor.create(
        name=name,
        name_search=fold(name),
        kind=extra.pop("kind", ExhibitorKind.COOPERATIVE),
        **extra,
    )


# --- Counting queries -------------------------------------------------------------------------


class QueryCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.queries: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.queries.append(record.getMessage())

    @property
    def count(self) -> int:
        return len(self.queries)


@contextmanager
def count_queries() -> Iterator[QueryCounter]:
    """Counts SQL statements sent through Tortoise inside the block."""
    logger = logging.getLogger("tortoise.db_client")
    counter = QueryCounter()
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(old_level)


# --- A live server (real uvicorn, real sockets) -----------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen


def start_server(database_url: str, workers: int = 1, extra_env: dict | None = None) -> LiveServer:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "OCOPFAIR_SECRET_KEY": TEST_SECRET,
        "OCOPFAIR_VAR_DIR": tempfile.mkdtemp(prefix="ocopfair-var-"),
        **(extra_env or {}),
    }
    # The server's log goes to a file: an unread pipe fills up and freezes a chatty server.
    log = open(Path(env["OCOPFAIR_VAR_DIR"]) / "server.log", "w+b")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "composition.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/livez", timeout=1).status_code == 200:
                return LiveServer(url, process)
        except httpx.TransportError:
            time.sleep(0.1)
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(log.read().decode()[-2000:])
    process.kill()
    raise RuntimeError("the live server did not start in 20 s")


def stop_server(server: LiveServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def live_server(backend: Backend) -> Iterator[LiveServer]:
    """The app served by uvicorn on loopback, on the same database as the test."""
    server = start_server(backend.url)
    yield server
    stop_server(server)


# --- A real headless Chromium -----------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest_asyncio.fixture(scope="session")
async def browser():
    if not Path(CHROMIUM).exists():
        skip_or_fail("Chromium is not installed (make test installs Debian's chromium)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        await browser.close()


@contextlib.asynccontextmanager
async def watched_page(browser, width: int = 390, height: int = 844):
    """A fresh browser tab that fails the test on a script error, a Content-Security-Policy
    violation or a script/stylesheet/image that did not load. (A 4xx *page* is an answer,
    e.g. a wrong password, so documents are not counted.)"""
    context = await browser.new_context(viewport={"width": width, "height": height})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if r.status >= 400
            and r.request.resource_type in {"script", "stylesheet", "image", "font"}
            else None
        ),
    )
    try:
        yield page
    finally:
        await context.close()
    assert errors == [], f"the browser reported errors: {errors}"


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
