"""Backup and restore round-trip the whole demo data set, table by table, on both databases."""

from __future__ import annotations

import gzip
import json

import pytest

from composition.demo import load_demo
from ocopfair.backup import dump, read_archive, restore, write_archive
from tests.databases import empty_tables


def tables_of(archive: dict) -> dict:
    return archive["tables"]


async def test_demo_data_survives_backup_and_restore(db, tmp_path):
    await load_demo()
    before = await dump()
    assert sum(len(t["rows"]) for t in before["tables"].values()) > 5_000
    path = tmp_path / "backup.json.gz"
    write_archive(before, path)

    await empty_tables(db)
    counts = await restore(read_archive(path))
    assert counts["exhibitor"] == 186 and counts["product"] == 432

    after = await dump()
    assert tables_of(after).keys() == tables_of(before).keys()
    for table, data in tables_of(before).items():
        assert tables_of(after)[table] == data, f"table {table} differs after restore"


async def test_restore_refuses_a_database_that_is_not_empty(db, tmp_path):
    from ocopfair.models import Locality

    await Locality.create(code="HL", name="Hạ Long", kind="city")
    archive = await dump()
    with pytest.raises(ValueError, match="not empty"):
        await restore(archive)


async def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    path = tmp_path / "other.json.gz"
    with gzip.open(path, "wt") as handle:
        json.dump({"hello": "world"}, handle)
    with pytest.raises(ValueError, match="not an ocopfair backup"):
        await restore(read_archive(path))


async def test_new_rows_after_restore_get_fresh_ids(db):
    from ocopfair.models import Locality

    for i in range(5):
        await Locality.create(code=f"L{i}", name=f"Nơi {i}", kind="ward")
    archive = await dump()
    await empty_tables(db)
    await restore(archive)
    highest = max(row[0] for row in archive["tables"]["locality"]["rows"])
    new = await Locality.create(code="NEW", name="Mới", kind="ward")
    assert new.id > highest


def test_command_line_moves_the_demo_from_sqlite_to_postgres_exactly(tmp_path):
    """`ocopfair backup` on SQLite, `ocopfair restore` on PostgreSQL, the same rows back."""
    import os
    import subprocess
    import sys

    from tests.environment import PG_URL, ROOT, postgres_available, skip_or_fail

    if not postgres_available():
        skip_or_fail("PostgreSQL is not reachable on 127.0.0.1:5432")
    server, test_db = PG_URL.rsplit("/", 1)
    scratch = f"{test_db}_restore"

    def cli(*args: str, database_url: str) -> None:
        env = {**os.environ, "DATABASE_URL": database_url, "OCOPFAIR_VAR_DIR": str(tmp_path)}
        subprocess.run(
            [sys.executable, "-m", "composition.cli", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )

    import asyncio

    import asyncpg

    async def recreate(drop_only: bool = False) -> None:
        admin = await asyncpg.connect(server.replace("postgres://", "postgresql://") + "/postgres")
        await admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        if not drop_only:
            await admin.execute(f'CREATE DATABASE "{scratch}"')
        await admin.close()

    sqlite_url = f"sqlite://{tmp_path / 'source.sqlite3'}"
    cli("migrate", database_url=sqlite_url)
    cli("demo", database_url=sqlite_url)
    cli("backup", str(tmp_path / "a.json.gz"), database_url=sqlite_url)
    asyncio.run(recreate())
    try:
        cli("restore", str(tmp_path / "a.json.gz"), database_url=f"{server}/{scratch}")
        cli("backup", str(tmp_path / "b.json.gz"), database_url=f"{server}/{scratch}")
    finally:
        asyncio.run(recreate(drop_only=True))
    before, after = read_archive(tmp_path / "a.json.gz"), read_archive(tmp_path / "b.json.gz")
    assert before["dialect"] == "sqlite" and after["dialect"] == "postgres"
    assert before["tables"] == after["tables"]
