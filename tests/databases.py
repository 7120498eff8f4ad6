"""Connecting Tortoise to a test or benchmark database, emptying it, and letting it go.

The tests run on SQLite and on PostgreSQL in one process, so switching dialects has to forget
everything Tortoise cached about the previous connection (see disconnect).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from tortoise import Tortoise, connections

from composition.database import tortoise_config
from reports.figures import kept_triggers


@dataclass
class Backend:
    name: str  # "sqlite" or "postgres"
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


@asynccontextmanager
async def connected(url: str, *, create_schema: bool = False) -> AsyncIterator[None]:
    """Tortoise connected to `url` inside the block (tables made from the models first when
    asked), disconnected afterwards."""
    await Tortoise.init(config=tortoise_config(url))
    try:
        if create_schema:
            await schema_from_models()
        yield
    finally:
        await disconnect()


async def schema_from_models() -> None:
    """The tables from the models, and the triggers the migrations add beside them (the
    kept figures' triggers: reports/figures/kept_triggers.py)."""
    await Tortoise.generate_schemas()
    await kept_triggers.install(connections.get("default"))


async def reset_postgres(url: str) -> None:
    """Drop every table of the PostgreSQL database at `url`."""
    async with connected(url):
        conn = connections.get("default")
        await conn.execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


async def empty_tables(backend: Backend) -> None:
    """Delete every row of every table (many-to-many tables too); the schema stays."""
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
