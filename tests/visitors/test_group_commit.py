"""SQLite's group commit: writes arriving together share one trip and one COMMIT, yet each
succeeds or fails alone, and each caller hears only after its write is committed."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from tortoise.backends.sqlite.client import SqliteClient

from visitors import group_commit


@pytest.fixture
async def probe(tmp_path):
    """A SQLite database of its own, with the pragmas the app uses (group commit is SQLite's:
    PostgreSQL writes a batch in one statement)."""
    client = SqliteClient(
        str(tmp_path / "probe.sqlite3"),
        connection_name="probe",
        journal_mode="WAL",
        synchronous="NORMAL",
    )
    await client.create_connection(with_db=True)
    await client.execute_script("CREATE TABLE gc_probe (n INTEGER UNIQUE)")
    yield client
    await client.close()


def insert(n: int):
    def write(db: sqlite3.Connection) -> int:
        db.execute("INSERT INTO gc_probe (n) VALUES (?)", (n,))
        db.execute("INSERT INTO gc_probe (n) VALUES (?)", (-n,))  # two statements, one write
        return n

    return write


async def stored(conn) -> list[int]:
    _count, rows = await conn.execute_query("SELECT n FROM gc_probe ORDER BY n")
    return [row[0] for row in rows]


async def test_concurrent_writes_share_trips_and_each_gets_its_own_result(probe, monkeypatch):
    trips = []
    real = group_commit._write_group
    monkeypatch.setattr(
        group_commit, "_write_group", lambda db, group: trips.append(len(group)) or real(db, group)
    )
    results = await asyncio.gather(*(group_commit.write(probe, insert(n)) for n in range(1, 101)))
    assert results == list(range(1, 101))
    assert sum(trips) == 100
    assert len(trips) < 10, trips  # grouped, not one trip each
    assert max(trips) <= group_commit.MAX_GROUP
    assert await stored(probe) == sorted([*range(1, 101), *range(-100, 0)])


async def test_a_failing_write_rolls_back_alone(probe):
    def half_then_fail(db: sqlite3.Connection) -> None:
        db.execute("INSERT INTO gc_probe (n) VALUES (500)")
        db.execute("INSERT INTO gc_probe (n) VALUES (1)")  # breaks UNIQUE: 1 is written below

    outcomes = await asyncio.gather(
        group_commit.write(probe, insert(1)),
        group_commit.write(probe, half_then_fail),
        group_commit.write(probe, insert(2)),
        return_exceptions=True,
    )
    assert outcomes[0] == 1 and outcomes[2] == 2
    assert isinstance(outcomes[1], sqlite3.IntegrityError)
    assert await stored(probe) == [-2, -1, 1, 2]  # nothing of the failed write, not even 500


async def test_a_caller_that_gives_up_strands_no_one(probe):
    first = asyncio.ensure_future(group_commit.write(probe, insert(7)))
    second = asyncio.ensure_future(group_commit.write(probe, insert(8)))
    first.cancel()
    assert await second == 8
    await asyncio.sleep(0)
    # The cancelled caller's write may or may not have been taken; the other's is committed.
    assert {8, -8} <= set(await stored(probe))
    assert await group_commit.write(probe, insert(9)) == 9  # the writer is not stuck
