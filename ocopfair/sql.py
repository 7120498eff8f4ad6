"""Raw SQL that runs on both databases: each statement written once, with $n placeholders.

Tortoise hands raw SQL to the driver as is, and the drivers differ: asyncpg wants $1, $2 …,
sqlite3 wants ? in order. Every raw statement of the app is written the PostgreSQL way, $n,
because a number may stand twice (one parameter used in two places) and the text reads the
same on both databases; for SQLite `for_dialect` turns each $n into ? and lists the parameters
in the order they stand. (No $n may stand inside a string literal.)

Statements put together from pieces (the reports) are easier to write with ? in order:
`numbered` turns those into the $n form before they are run.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

_PLACEHOLDER = re.compile(r"\$(\d+)")


def connection() -> BaseDBAsyncClient:
    """The app's database connection (inside a transaction, Tortoise hands out that one)."""
    return connections.get("default")


def is_sqlite(conn: BaseDBAsyncClient) -> bool:
    return conn.capabilities.dialect == "sqlite"


def for_dialect(conn: BaseDBAsyncClient, sql: str, params: list[Any]) -> tuple[str, list[Any]]:
    """The statement and its parameters in the form the connection's driver expects."""
    if not is_sqlite(conn):
        return sql, params
    ordered = [params[int(n) - 1] for n in _PLACEHOLDER.findall(sql)]
    return _PLACEHOLDER.sub("?", sql), ordered


def numbered(sql: str) -> str:
    """A statement written with ? in order, in the $n form: `a = ? AND b = ?` → `a = $1 AND
    b = $2`. (No ? may stand inside a string literal.)"""
    number = itertools.count(1)
    return re.sub(r"\?", lambda _m: f"${next(number)}", sql)


async def fetch(conn: BaseDBAsyncClient, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """The rows the statement returns (a SELECT, or a write with RETURNING), as dicts."""
    query, args = for_dialect(conn, sql, params)
    return await conn.execute_query_dict(query, args)


def statement_of(query: Any) -> tuple[str, tuple[Any, ...]]:
    """The statement and parameters an ORM query sends to the default connection's database,
    to be kept and sent again with `raw_rows` (building it costs more than a small query)."""
    query.sql()  # builds the statement for the default connection
    statement, params = query.query.get_parameterized_sql()
    return statement, tuple(params)


async def raw_rows(statement: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """The rows of a statement from `statement_of` as the driver gives them, as tuples (the
    columns in the order the query named them): dates, times and datetimes are text on SQLite
    and Python values on PostgreSQL (`moment` reads both). For a hot path: the ORM's turning
    every value into Python was most of a 300-event feed's query time."""
    _count, rows = await connection().execute_query(statement, list(params))
    return [tuple(row) for row in rows]


async def execute(conn: BaseDBAsyncClient, sql: str, params: list[Any]) -> int:
    """Run a write; the number of rows it changed."""
    query, args = for_dialect(conn, sql, params)
    count, _rows = await conn.execute_query(query, args)
    return count


async def execute_many(conn: BaseDBAsyncClient, sql: str, rows: list[list[Any]]) -> None:
    """Run one statement once per row of parameters (bulk inserts)."""
    if not rows:
        return
    query = _PLACEHOLDER.sub("?", sql) if is_sqlite(conn) else sql
    if is_sqlite(conn):
        order = [int(n) - 1 for n in _PLACEHOLDER.findall(sql)]
        rows = [[row[i] for i in order] for row in rows]
    await conn.execute_many(query, rows)


@asynccontextmanager
async def one_snapshot() -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction whose reads all see the database as it was at the first of them, so that
    figures read by several queries agree with each other (a backup, a report). PostgreSQL needs
    REPEATABLE READ for that (it reads the latest commit at each statement otherwise); a SQLite
    transaction reads one snapshot already."""
    async with in_transaction() as tx:
        if not is_sqlite(tx):
            await tx.execute_script("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield tx


def moment(value: Any) -> dt.datetime | None:
    """A datetime read by a raw query, aware and in UTC: SQLite gives the stored text back (also
    for an aggregate such as max()), PostgreSQL a datetime; both are stored in UTC."""
    if value is None or isinstance(value, dt.datetime):
        found = value
    else:
        found = dt.datetime.fromisoformat(str(value))
    if found is not None and found.tzinfo is None:
        found = found.replace(tzinfo=dt.UTC)
    return found
