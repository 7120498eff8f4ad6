"""Writing a judged batch: its row, its undos and its bucket increments, all or nothing.

This is the hot path of counting, so it costs one round trip to the database, and that one
statement also re-checks, as its condition, everything that can change in the database between
judging a batch and writing it: the gate (and its event, when the batch names one), the event's
days, the gate's kind, the sender's assignment (supervisor, staff of the gate, or a shift on every
day of the taps) and that none of those days is closed. A day closed, or a staff member
unassigned, at the same moment as a batch arrives is therefore never half-honoured: the batch is
written under the conditions of one snapshot, or not at all. When the condition or the key
refuses the batch, nothing is written and the caller (visitors.counting) finds out why.

- PostgreSQL: one statement. Data-modifying CTEs run once each, inside the statement's own
  transaction: the batch row is inserted unless its key is already stored (ON CONFLICT DO
  NOTHING), and the undo rows and bucket upserts take their rows FROM that insert's RETURNING,
  so a key already stored writes nothing at all. A tap undone twice breaks countundo's unique
  constraint and the whole statement fails (nothing written).
- SQLite: the inserts as one function run on aiosqlite's thread, under Tortoise's connection
  lock, together with the batches that arrived at the same time (visitors.group_commit: one
  BEGIN IMMEDIATE, a savepoint per batch, one COMMIT). Through Tortoise each statement, BEGIN
  and COMMIT would be a separate hop between threads with the lock held, and every other
  request of the process waits for that lock (SQLite has one connection).

Either way the caller learns the new batch id, or None when nothing was written (the key is
already stored, or the guard refused).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.exceptions import IntegrityError

from ocopfair import sql
from visitors import group_commit
from visitors.buckets import MARGIN_DAYS
from visitors.models import Direction, GateKind

Increments = dict[tuple[dt.datetime, Direction], int]


@dataclass(frozen=True)
class Guard:
    """What must hold in the database, when the batch is written, for it to be written."""

    user_id: int
    all_events: bool  # the user's role supervises every event
    event_id: int | None  # the event the device believes the gate belongs to
    days: frozenset[dt.date]  # the local days of the taps
    directions: frozenset[Direction]

    def params(self) -> list[Any]:
        margin = dt.timedelta(days=MARGIN_DAYS)
        kinds = [GateKind.BOTH.value]
        if Direction.OUT not in self.directions:
            kinds.append(GateKind.ENTRANCE.value)
        if Direction.IN not in self.directions:
            kinds.append(GateKind.EXIT.value)
        days = sorted(self.days)
        # start - margin <= every day <= end + margin
        return [
            self.event_id,
            days[0] + margin,
            days[-1] - margin,
            kinds,
            self.all_events,
            days,
            len(days),
        ]


# $1-$7 the batch row, $8 undone tap ids, $9-$11 buckets, $12-$18 Guard.params().
_GUARD = """
    FROM gate g JOIN event e ON e.id = g.event_id
   WHERE g.id = $3
     AND ($12 IS NULL OR g.event_id = $12)
     AND e.start_date <= $13 AND e.end_date >= $14
     AND g.kind IN (SELECT * FROM {kinds})
     AND ($16
          OR EXISTS (SELECT 1 FROM eventsupervisor es
                      WHERE es.event_id = g.event_id AND es.user_id = $4)
          OR EXISTS (SELECT 1 FROM gate_user gu WHERE gu.gate_id = g.id AND gu.user_id = $4)
          OR (SELECT count(DISTINCT s.day) FROM gateshift s
               WHERE s.gate_id = g.id AND s.user_id = $4 AND s.day IN (SELECT * FROM {days})) = $18)
     AND NOT EXISTS (SELECT 1 FROM dayclosure c
                      WHERE c.event_id = g.event_id AND c.day IN (SELECT * FROM {days}))
"""

_PG_WRITE = (
    """
WITH batch AS (
  INSERT INTO countbatch (client_key, body_hash, gate_id, user_id, device_id, taps, received_at)
  SELECT $1, $2, g.id, $4, $5, $6::jsonb, $7
"""
    + _GUARD.format(kinds="unnest($15::text[])", days="unnest($17::date[])")
    .replace("$12 IS NULL", "$12::int IS NULL")
    .replace("($16", "($16::boolean")
    + """
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
  ON CONFLICT (gate_id, bucket_start, direction, source)
  DO UPDATE SET count = gatecount.count + excluded.count
)
SELECT id FROM batch
"""
)

# SQLite: an INSERT ... SELECT needs its WHERE before ON CONFLICT (it has one); lists are JSON.
_SQLITE_BATCH = (
    """
INSERT INTO countbatch (client_key, body_hash, gate_id, user_id, device_id, taps, received_at)
SELECT $1, $2, g.id, $4, $5, $6, $7
"""
    + _GUARD.format(kinds="json_each($15)", days="json_each($17)").replace(
        "SELECT * FROM json_each", "SELECT value FROM json_each"
    )
    + """
ON CONFLICT (client_key) DO NOTHING RETURNING id
"""
)
_SQLITE_UNDO = "INSERT INTO countundo (gate_id, device_id, tap_id, batch_id) VALUES (?, ?, ?, ?)"
_SQLITE_BUCKET = (
    "INSERT INTO gatecount (gate_id, bucket_start, direction, count) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (gate_id, bucket_start, direction, source)"
    " DO UPDATE SET count = gatecount.count + excluded.count"
)


def _buckets(increments: Increments) -> list[tuple[dt.datetime, str, int]]:
    """Non-zero increments in key order: concurrent batches touching several buckets lock them
    in the same order (no deadlock on PostgreSQL)."""
    return [
        (bucket, direction.value, n) for (bucket, direction), n in sorted(increments.items()) if n
    ]


def _params(
    key: str,
    body_hash: str,
    gate_id: int,
    device: str,
    taps: str,
    now: dt.datetime,
    undo_ids: list[str],
    buckets: list[tuple[dt.datetime, str, int]],
    guard: Guard,
) -> list[Any]:
    """The parameters $1-$18 of the statement (see _GUARD)."""
    return [
        key,
        body_hash,
        gate_id,
        guard.user_id,
        device,
        taps,
        now,
        undo_ids,
        [b for b, _d, _n in buckets],
        [d for _b, d, _n in buckets],
        [n for _b, _d, n in buckets],
        *guard.params(),
    ]


async def write_batch(
    *,
    key: str,
    body_hash: str,
    gate_id: int,
    device: str,
    raw_taps: list[Any],
    undone: Iterable[str],
    increments: Increments,
    now: dt.datetime,
    guard: Guard,
) -> int | None:
    """Store the batch with its undos and increments atomically if `guard` holds: the new batch
    id, or None (nothing written) when the key is already stored or the guard refused. Raises
    IntegrityError when a tap it undoes was already undone."""
    conn = sql.connection()
    taps = json.dumps(raw_taps, ensure_ascii=False, separators=(",", ":"))
    undo_ids = sorted(undone)
    buckets = _buckets(increments)
    params = _params(key, body_hash, gate_id, device, taps, now, undo_ids, buckets, guard)
    if not sql.is_sqlite(conn):
        rows = await sql.fetch(conn, _PG_WRITE, params)
        return rows[0]["id"] if rows else None
    params[14] = json.dumps(params[14])  # gate kinds
    params[15] = int(params[15])
    params[16] = json.dumps([day.isoformat() for day in params[16]])
    statement, args = sql.for_dialect(conn, _SQLITE_BATCH, params)
    conn.log.debug("%s: %s", statement, args)  # one trip, as Tortoise would log it
    if isinstance(conn, TransactionalDBClient):
        # Already inside the caller's transaction: plain statements, the caller commits.
        return await _write_in_transaction(
            conn, statement, args, gate_id, device, undo_ids, buckets
        )

    def write(db: sqlite3.Connection) -> int | None:
        # Inside the group's transaction and this write's own savepoint (group_commit).
        row = db.execute(statement, args).fetchone()
        if row is None:
            return None
        if undo_ids:
            db.executemany(_SQLITE_UNDO, [(gate_id, device, t, row[0]) for t in undo_ids])
        if buckets:
            db.executemany(_SQLITE_BUCKET, [(gate_id, *bucket) for bucket in buckets])
        return row[0]

    try:
        return await group_commit.write(conn, write)
    except sqlite3.IntegrityError as exc:
        raise IntegrityError(exc) from exc


async def _write_in_transaction(
    conn: BaseDBAsyncClient,
    statement: str,
    args: list[Any],
    gate_id: int,
    device: str,
    undo_ids: list[str],
    buckets: list[tuple[dt.datetime, str, int]],
) -> int | None:
    _count, rows = await conn.execute_query(statement, args)
    if not rows:
        return None
    batch_id = rows[0][0]
    for tap_id in undo_ids:
        await conn.execute_query(_SQLITE_UNDO, [gate_id, device, tap_id, batch_id])
    for bucket in buckets:
        await conn.execute_query(_SQLITE_BUCKET, [gate_id, *bucket])
    return batch_id
