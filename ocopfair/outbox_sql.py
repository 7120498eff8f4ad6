"""The outbox's inserts, one statement per table whatever the number of people.

Why raw SQL: the outbox runs inside the transaction of the change that causes it (an allocation
commit for 300 producers), and its cost is added to that commit. Tortoise's bulk_create sends
one row at a time through executemany and needs another query to read the new ids back; one
INSERT … RETURNING (unnest() arrays on PostgreSQL, a multi-row VALUES on SQLite) does both.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ocopfair.sql import connection, fetch, is_sqlite

# (user_id, message, params, route, route_params, dedupe_key) of each notice
NoticeRow = tuple[int, str, dict[str, Any], str, dict[str, Any], str | None]

_PG_NOTICES = """
INSERT INTO notice (user_id, kind, message, params, route, route_params, created_at,
                    dedupe_key, batch)
SELECT u.user_id, $1, u.message, u.params::jsonb, u.route, u.route_params::jsonb, $2,
       u.dedupe_key, $3
  FROM unnest($4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       AS u(user_id, message, params, route, route_params, dedupe_key)
RETURNING id, user_id
"""
_PG_DELIVERIES = """
INSERT INTO delivery (notice_id, channel, address, status, attempts, next_attempt_at,
                      claimed_by, last_error, created_at)
SELECT d.notice_id, 'email', d.address, 'queued', 0, $1, '', '', $1
  FROM unnest($2::bigint[], $3::text[]) AS d(notice_id, address)
"""
# SQLite allows 32766 parameters in a statement: 500 rows of at most 9 stay far below.
_CHUNK = 500


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


async def insert_notices(kind: str, batch: str, rows: list[NoticeRow]) -> list[dict[str, Any]]:
    """Insert the notices; their [{"id", "user_id"}]."""
    conn = connection()
    now = dt.datetime.now(dt.UTC)
    if not is_sqlite(conn):
        columns = list(zip(*rows, strict=True))
        return await fetch(
            conn,
            _PG_NOTICES,
            [
                kind,
                now,
                batch,
                list(columns[0]),
                list(columns[1]),
                [_json(p) for p in columns[2]],
                list(columns[3]),
                [_json(p) for p in columns[4]],
                list(columns[5]),
            ],
        )
    made: list[dict[str, Any]] = []
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        values = ", ".join("(?, ?, ?, ?, ?, ?, ?, ?, ?)" for _ in chunk)
        params: list[Any] = []
        for user_id, message, p, route, rp, key in chunk:
            params += [user_id, kind, message, _json(p), route, _json(rp), now, key, batch]
        made += await conn.execute_query_dict(
            "INSERT INTO notice (user_id, kind, message, params, route, route_params,"
            f" created_at, dedupe_key, batch) VALUES {values} RETURNING id, user_id",
            params,
        )
    return made


async def insert_deliveries(rows: list[tuple[int, str]]) -> None:
    """Queue an e-mail for each (notice id, address), due now."""
    if not rows:
        return
    conn = connection()
    now = dt.datetime.now(dt.UTC)
    if not is_sqlite(conn):
        await fetch(conn, _PG_DELIVERIES, [now, [r[0] for r in rows], [r[1] for r in rows]])
        return
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        values = ", ".join("(?, 'email', ?, 'queued', 0, ?, '', '', ?)" for _ in chunk)
        params: list[Any] = []
        for notice_id, address in chunk:
            params += [notice_id, address, now, now]
        await conn.execute_query(
            "INSERT INTO delivery (notice_id, channel, address, status, attempts,"
            f" next_attempt_at, claimed_by, last_error, created_at) VALUES {values}",
            params,
        )
