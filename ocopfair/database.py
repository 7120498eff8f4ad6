"""Database set-up: connection URLs and settings, the Tortoise configuration, migrating."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# SQLite defaults: wait for a lock instead of failing at once, and NORMAL sync, which in WAL
# mode survives an app crash and doubles single-write throughput (see STACK-NOTES).
SQLITE_PRAGMAS = {"busy_timeout": "5000", "synchronous": "NORMAL"}


def default_pool_size() -> int:
    """Connections per app worker: about two per core (PostgreSQL's own rule of thumb), at most
    10. More connections than the cores can run only queue inside PostgreSQL and stretch the
    slowest answers: on the 2-core machine, 10 connections gave the counting API a p99 of 95 ms,
    4 gave 40 ms with more batches per second (benchmarks/counting.py)."""
    return max(2, min(10, 2 * (os.cpu_count() or 1)))


def normalize_url(url: str) -> str:
    """Add our SQLite pragmas and a PostgreSQL pool size unless the URL already sets them
    (`?max_size=` in DATABASE_URL overrides the pool size)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if parts.scheme == "sqlite":
        query = {**SQLITE_PRAGMAS, **query}
    elif parts.scheme in ("postgres", "postgresql", "asyncpg"):
        query.setdefault("max_size", str(default_pool_size()))
    return urlunsplit(parts._replace(query=urlencode(query)))


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in ("postgres", "postgresql", "asyncpg")


# Session settings for every PostgreSQL connection of the app. JIT compiles a report's query
# plan for longer than the query runs (114 ms measured on the period report), and the working
# set of a fair's database is cached, so random reads cost about what sequential ones do.
POSTGRES_SESSION = {"jit": "off", "random_page_cost": "1.1", "work_mem": "32MB"}


def connection_config(url: str) -> str | dict[str, Any]:
    """Tortoise's connection entry: the URL itself, or for PostgreSQL the expanded form that can
    also carry session settings."""
    url = normalize_url(url)
    if not is_postgres(url):
        return url
    from tortoise.backends.base.config_generator import expand_db_url

    config = expand_db_url(url)
    config["credentials"]["server_settings"] = dict(POSTGRES_SESSION)
    config["credentials"]["reset"] = keep_session_state
    return config


async def keep_session_state(connection: Any) -> None:
    """What a pooled PostgreSQL connection runs when it goes back to the pool: nothing more.

    asyncpg always rolls back a transaction left open; its default reset then also sends
    `RESET ALL; UNLISTEN *; CLOSE ALL; SELECT pg_advisory_unlock_all()` — one more round trip per
    request, about a sixth of the counting API's time. The app never changes session state (no
    SET, LISTEN, cursors held open or advisory locks: its session settings come once, at connect
    time, from POSTGRES_SESSION), so there is nothing to undo. Whoever adds such a thing must
    undo it here."""


def tortoise_config(url: str, model_modules: list[str], migrations: str) -> dict[str, Any]:
    """One Tortoise app ("models") holding every domain's models, so foreign keys across
    domains stay simple ("models.Name"). The composition layer names the modules."""
    return {
        "connections": {"default": connection_config(url)},
        "apps": {
            "models": {
                "models": model_modules,
                "default_connection": "default",
                "migrations": migrations,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def migrate_database(config: dict[str, Any]) -> None:
    """Bring the database of `config` to the current schema by applying committed migrations."""
    from tortoise import Tortoise
    from tortoise.migrations.api import migrate

    try:
        await migrate(config=config)
    finally:
        await Tortoise.close_connections()
