"""Writing a judged batch: its row, its undos and its bucket increments, all or nothing.

This is the hot path of counting, so it costs one round trip to the database:

- PostgreSQL: one statement. Data-modifying CTEs run once each, inside the statement's own
  transaction: the batch row is inserted unless its key is already stored (ON CONFLICT DO
  NOTHING), and the undo rows and bucket upserts take their rows FROM that insert's RETURNING,
  so a key already stored writes nothing at all. A tap undone twice breaks countundo's unique
  constraint and the whole statement fails (nothing written).
- SQLite: one trip to aiosqlite's thread running BEGIN IMMEDIATE, the inserts and COMMIT as one
  function, under Tortoise's connection lock. Through Tortoise each statement, BEGIN and COMMIT
  would be a separate hop between threads with the lock held, and every other request of the
  process waits for that lock (SQLite has one connection).

Either way the caller learns the new batch id, or None when the key was already stored.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.exceptions import IntegrityError

from visitors import sql
from visitors.models import Direction

Increments = dict[tuple[dt.datetime, Direction], int]

_PG_WRITE = """
WITH batch AS (
  INSERT INTO countbatch (client_key, body_hash, gate_id, user_id, device_id, taps, received_at)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
  ON CONFLICT (client_key) DO NOTHING
  RETURNING id
), undo AS (
  INSERT INTO countundo (gate_id, device_id, tap_id, batch_id)
  SELECT $3, $5, t.tap_id, batch.id FROM batch, unnest($8::text[]) AS t(tap_id)
), bucket AS (
  INSERT INTO gatecount (gate_id, bucket_start, direction, count)
  SELECT $3, u.b, u.d, u.n
    FROM batch, unnest($9::timestamptz[], $10::text[], $11::int[]) AS u(b, d, n)
   ORDER BY u.b, u.d
  ON CONFLICT (gate_id, bucket_start, direction)
  DO UPDATE SET count = gatecount.count + excluded.count
)
SELECT id FROM batch
"""

_SQLITE_BATCH = (
    "INSERT INTO countbatch (client_key, body_hash, gate_id, user_id, device_id, taps,"
    " received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_key) DO NOTHING RETURNING id"
)
_SQLITE_UNDO = "INSERT INTO countundo (gate_id, device_id, tap_id, batch_id) VALUES (?, ?, ?, ?)"
_SQLITE_BUCKET = (
    "INSERT INTO gatecount (gate_id, bucket_start, direction, count) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (gate_id, bucket_start, direction)"
    " DO UPDATE SET count = gatecount.count + excluded.count"
)


def _buckets(increments: Increments) -> list[tuple[dt.datetime, str, int]]:
    """Non-zero increments in key order: concurrent batches touching several buckets lock them
    in the same order (no deadlock on PostgreSQL)."""
    return [(bucket, direction.value, n)
            for (bucket, direction), n in sorted(increments.items()) if n]


async def write_batch(*, key: str, body_hash: str, gate_id: int, user_id: int | None,
                      device: str, raw_taps: list[Any], undone: Iterable[str],
                      increments: Increments, now: dt.datetime) -> int | None:
    """Store the batch with its undos and increments atomically: the new batch id, or None
    (nothing written) when a batch under this key is already stored. Raises IntegrityError
    when a tap it undoes was already undone."""
    conn = sql.connection()
    taps = json.dumps(raw_taps, ensure_ascii=False, separators=(",", ":"))
    batch_row = [key, body_hash, gate_id, user_id, device, taps, now]
    undo_ids = sorted(undone)
    buckets = _buckets(increments)
    if not sql.is_sqlite(conn):
        rows = await sql.fetch(conn, _PG_WRITE, [
            *batch_row, undo_ids, [b for b, _d, _n in buckets], [d for _b, d, _n in buckets],
            [n for _b, _d, n in buckets]])
        return rows[0]["id"] if rows else None
    if isinstance(conn, TransactionalDBClient):
        # Already inside the caller's transaction: plain statements, the caller commits.
        return await _write_in_transaction(conn, batch_row, gate_id, device, undo_ids, buckets)

    def write(db: sqlite3.Connection) -> int | None:
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute(_SQLITE_BATCH, batch_row).fetchone()
            if row is None:
                db.execute("ROLLBACK")
                return None
            if undo_ids:
                db.executemany(_SQLITE_UNDO, [(gate_id, device, t, row[0]) for t in undo_ids])
            if buckets:
                db.executemany(_SQLITE_BUCKET, [(gate_id, *bucket) for bucket in buckets])
            db.execute("COMMIT")
            return row[0]
        except BaseException:
            db.execute("ROLLBACK")
            raise

    async with conn.acquire_connection() as aconn:
        try:
            # aiosqlite's own way of running work on its thread (what its execute() uses).
            return await aconn._execute(lambda: write(aconn._conn))
        except sqlite3.IntegrityError as exc:
            raise IntegrityError(exc) from exc


async def _write_in_transaction(conn: BaseDBAsyncClient, batch_row: list[Any], gate_id: int,
                                device: str, undo_ids: list[str],
                                buckets: list[tuple[dt.datetime, str, int]]) -> int | None:
    _count, rows = await conn.execute_query(_SQLITE_BATCH, batch_row)
    if not rows:
        return None
    batch_id = rows[0][0]
    for tap_id in undo_ids:
        await conn.execute_query(_SQLITE_UNDO, [gate_id, device, tap_id, batch_id])
    for bucket in buckets:
        await conn.execute_query(_SQLITE_BUCKET, [gate_id, *bucket])
    return batch_id
