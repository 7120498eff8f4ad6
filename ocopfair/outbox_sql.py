"""The outbox's inserts, one statement per table whatever the number of people.

Why raw SQL: the outbox runs inside the transaction of the change that causes it (an allocation
commit for 300 producers), and its cost is added to that commit. Tortoise's bulk_create sends
one row at a time through executemany; one INSERT (unnest() arrays on PostgreSQL, a multi-row
VALUES on SQLite) writes all the notices, and one INSERT … SELECT queues their e-mails, with the
addresses and choices looked up by the database rather than carried through Python.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ocopfair.sql import connection, execute, is_sqlite

# (user_id, message, params, route, route_params, dedupe_key) of each notice
NoticeRow = tuple[int, str, dict[str, Any], str, dict[str, Any], str | None]

_PG_NOTICES = """
INSERT INTO notice (user_id, kind, message, params, route, route_params, created_at,
                    dedupe_key, batch)
SELECT u.user_id, $1, u.message, u.params::jsonb, u.route, u.route_params::jsonb, $2,
       u.dedupe_key, $3
  FROM unnest($4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       AS u(user_id, message, params, route, route_params, dedupe_key)
"""
# Who gets an e-mail, decided by the database in the same statement that queues it: a person's
# own address (notice settings) first, else its producer's; active accounts only; not when the
# person turned this kind off. Written once for both databases but for the "turned off" test,
# because the JSON list is asked differently.
_QUEUE_EMAILS = """
INSERT INTO delivery (notice_id, channel, address, status, attempts, next_attempt_at,
                      claimed_by, last_error, created_at)
SELECT m.id, 'email', m.address, 'queued', 0, $2, '', '', $2
  FROM (SELECT n.id AS id, n.kind AS kind, s.email_off AS email_off,
               trim(COALESCE(NULLIF(s.email, ''), e.email, '')) AS address
          FROM notice n
          JOIN "user" u ON u.id = n.user_id
          LEFT JOIN noticesettings s ON s.user_id = n.user_id
          LEFT JOIN exhibitor e ON e.id = u.exhibitor_id
         WHERE n.batch = $1 AND u.is_active) AS m
 WHERE m.address <> '' AND NOT {turned_off}
"""
_TURNED_OFF_PG = "COALESCE(m.email_off::jsonb @> to_jsonb(m.kind::text), false)"
_TURNED_OFF_SQLITE = "EXISTS (SELECT 1 FROM json_each(m.email_off) j WHERE j.value = m.kind)"
# SQLite allows 32766 parameters in a statement: 500 rows of at most 9 stay far below.
_CHUNK = 500


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


async def insert_notices(kind: str, batch: str, rows: list[NoticeRow]) -> None:
    """Insert the notices, all marked with `batch`."""
    conn = connection()
    now = dt.datetime.now(dt.UTC)
    if not is_sqlite(conn):
        columns = list(zip(*rows, strict=True))
        await execute(
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
        return
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        values = ", ".join("(?, ?, ?, ?, ?, ?, ?, ?, ?)" for _ in chunk)
        params: list[Any] = []
        for user_id, message, p, route, rp, key in chunk:
            params += [user_id, kind, message, _json(p), route, _json(rp), now, key, batch]
        await conn.execute_query(
            "INSERT INTO notice (user_id, kind, message, params, route, route_params,"
            f" created_at, dedupe_key, batch) VALUES {values}",
            params,
        )


async def queue_emails(batch: str) -> None:
    """Queue an e-mail, due now, for each notice of `batch` whose person wants it by e-mail
    and has an address: one statement, inside the change's transaction."""
    conn = connection()
    turned_off = _TURNED_OFF_SQLITE if is_sqlite(conn) else _TURNED_OFF_PG
    await execute(
        conn, _QUEUE_EMAILS.format(turned_off=turned_off), [batch, dt.datetime.now(dt.UTC)]
    )
