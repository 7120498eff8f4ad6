"""The committed migrations build the models' schema, with every guarantee the app relies on."""

from __future__ import annotations

from tortoise import Tortoise, connections

from composition.database import migrate_database, tortoise_config
from reports.figures import kept_triggers
from tests.databases import disconnect
from tests.environment import PG_URL, postgres_available, skip_or_fail

# (table, columns) that must be UNIQUE in the database: the rules that stop double booking,
# double counting and duplicate producers live here, not in Python.
REQUIRED_UNIQUE = [
    ("boothassignment", ("active_booth",)),
    ("booth", ("event_id", "code")),
    ("countbatch", ("client_key",)),
    ("gatecount", ("gate_id", "bucket_start", "direction", "source")),
    ("exhibitor", ("tax_code",)),
    ("user", ("username",)),
    ("apitoken", ("token_hash",)),
    ("registration", ("code",)),
    ("registration", ("event_id", "active_phone")),
    ("throttle", ("key",)),
    ("event", ("ical_uid",)),
    ("salesrecord", ("assignment_id", "day")),
    ("locality", ("name_key",)),
    ("provinceprofile", ("singleton",)),
    ("accesscode", ("code_hash",)),
]

# (table, columns) that must be indexed (unique or not): the joins reports and pages rely on.
REQUIRED_INDEXES = [
    ("boothassignment", ("booth_id",)),
    ("boothassignment", ("exhibitor_id",)),
    ("product", ("exhibitor_id",)),
    ("tradedeal", ("event_id",)),
    ("countcorrection", ("gate_id",)),
    ("event", ("start_date",)),
    ("auditentry", ("object_id", "object_type")),
]


async def index_column_sets(dialect: str, unique: bool) -> set[tuple[str, tuple[str, ...]]]:
    conn = connections.get("default")
    found: set[tuple[str, tuple[str, ...]]] = set()
    if dialect == "sqlite":
        tables = [
            r["name"]
            for r in await conn.execute_query_dict(
                "SELECT name FROM sqlite_master WHERE type='table'"
            )
        ]
        for table in tables:
            for index in await conn.execute_query_dict(f'PRAGMA index_list("{table}")'):
                if index["unique"] or not unique:
                    cols = await conn.execute_query_dict(f'PRAGMA index_info("{index["name"]}")')
                    found.add((table, tuple(sorted(str(c["name"]) for c in cols))))
    else:
        rows = await conn.execute_query_dict(
            """
            SELECT t.relname AS table, array_agg(a.attname::text) AS cols
            FROM pg_index i
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)
            WHERE i.indisunique OR NOT $1 GROUP BY t.relname, i.indexrelid""",
            [unique],
        )
        found = {(r["table"], tuple(sorted(r["cols"]))) for r in rows}
    return found


async def trigger_names(dialect: str) -> set[str]:
    conn = connections.get("default")
    if dialect == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        sql = "SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal"
    return {r["name"] for r in await conn.execute_query_dict(sql)}


async def migrated(url: str, dialect: str) -> tuple[set, set]:
    """(unique column sets, all indexed column sets) of a freshly migrated database; it must
    also have the triggers that keep the period report's kept figures true."""
    await migrate_database(url)
    await Tortoise._reset_apps()
    await Tortoise.init(config=tortoise_config(url))
    try:
        expected = set(kept_triggers.trigger_names(dialect))
        assert expected and await trigger_names(dialect) >= expected
        return (
            await index_column_sets(dialect, unique=True),
            await index_column_sets(dialect, unique=False),
        )
    finally:
        await disconnect()


def assert_guarantees(unique: set, indexed: set) -> None:
    for table, cols in REQUIRED_UNIQUE:
        assert (table, tuple(sorted(cols))) in unique, f"{table}{cols} is not unique"
    for table, cols in REQUIRED_INDEXES:
        assert (table, tuple(sorted(cols))) in indexed, f"{table}{cols} has no index"


async def test_migrations_create_every_unique_constraint_on_sqlite(tmp_path):
    await disconnect()
    assert_guarantees(*await migrated(f"sqlite://{tmp_path / 'm.sqlite3'}", "sqlite"))


async def test_migrations_create_every_unique_constraint_on_postgres():
    if not postgres_available():
        skip_or_fail("PostgreSQL is not reachable on 127.0.0.1:5432")
    import asyncpg

    server, test_db = PG_URL.rsplit("/", 1)
    scratch = f"{test_db}_migrations"  # beside the test database, so parallel runs don't meet
    admin = await asyncpg.connect(server.replace("postgres://", "postgresql://") + "/postgres")
    await admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
    await admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        await disconnect()
        found = await migrated(f"{server}/{scratch}", "postgres")
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        await admin.close()
    assert_guarantees(*found)


async def test_models_have_no_changes_missing_from_the_migrations(tmp_path):
    """Fails when a model changed without `make migrations` (the schema would drift)."""
    from tortoise.migrations.autodetector import MigrationAutodetector

    await disconnect()
    config = tortoise_config(f"sqlite://{tmp_path / 'd.sqlite3'}")
    await Tortoise.init(config=config)
    try:
        detector = MigrationAutodetector(Tortoise.apps, config["apps"])
        changes = await detector.changes()
    finally:
        await disconnect()
    pending = [op for writer in changes for op in writer.operations]
    assert not pending, f"models changed without a migration: {pending}"
