"""Raw SQL that works on both databases: one statement written with $n placeholders.

Tortoise hands raw SQL to the driver as is, and the drivers differ: asyncpg wants $1, $2 …
(a number may repeat), sqlite3 wants ? in order. Writing $n once and expanding it for SQLite
keeps a single text of each statement.
"""

from __future__ import annotations

import re
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

_PLACEHOLDER = re.compile(r"\$(\d+)")


def connection() -> BaseDBAsyncClient:
    return connections.get("default")


def is_sqlite(conn: BaseDBAsyncClient) -> bool:
    return conn.capabilities.dialect == "sqlite"


def for_dialect(conn: BaseDBAsyncClient, sql: str, params: list[Any]) -> tuple[str, list[Any]]:
    """The statement and its parameters in the form the connection's driver expects."""
    if not is_sqlite(conn):
        return sql, params
    ordered = [params[int(n) - 1] for n in _PLACEHOLDER.findall(sql)]
    return _PLACEHOLDER.sub("?", sql), ordered


async def fetch(conn: BaseDBAsyncClient, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    query, args = for_dialect(conn, sql, params)
    _count, rows = await conn.execute_query(query, args)
    return [dict(row) for row in rows]


async def execute(conn: BaseDBAsyncClient, sql: str, params: list[Any]) -> int:
    query, args = for_dialect(conn, sql, params)
    count, _rows = await conn.execute_query(query, args)
    return count
