"""The database URL gets our defaults, and what the operator wrote in it wins."""

from urllib.parse import parse_qs, urlsplit

from ocopfair import database


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_postgres_pool_defaults_to_two_connections_per_core(monkeypatch):
    monkeypatch.setattr(database.os, "cpu_count", lambda: 2)
    assert _query(database.normalize_url("postgres://u@h/db"))["max_size"] == ["4"]
    monkeypatch.setattr(database.os, "cpu_count", lambda: 64)
    assert _query(database.normalize_url("postgres://u@h/db"))["max_size"] == ["10"]
    monkeypatch.setattr(database.os, "cpu_count", lambda: None)
    assert _query(database.normalize_url("postgres://u@h/db"))["max_size"] == ["2"]


def test_pool_size_written_in_the_url_wins():
    assert _query(database.normalize_url("postgres://u@h/db?max_size=7"))["max_size"] == ["7"]


def test_sqlite_gets_pragmas_but_no_pool():
    query = _query(database.normalize_url("sqlite://var/app.sqlite3"))
    assert query["busy_timeout"] == ["5000"] and query["synchronous"] == ["NORMAL"]
    assert "max_size" not in query


async def test_pooled_connection_comes_back_clean_and_keeps_its_settings():
    """Skipping asyncpg's RESET ALL must not let a left-open transaction reach the next user,
    and the session settings given at connect time stay."""
    import asyncpg

    from tests.environment import PG_URL, postgres_available, skip_or_fail

    if not postgres_available():
        skip_or_fail("PostgreSQL is not reachable on 127.0.0.1:5432")
    pool = await asyncpg.create_pool(
        PG_URL.replace("postgres://", "postgresql://"),
        min_size=1,
        max_size=1,
        reset=database.keep_session_state,
        server_settings=dict(database.POSTGRES_SESSION),
    )
    try:
        async with pool.acquire() as con:
            await con.execute("BEGIN")
            await con.execute("CREATE TEMP TABLE left_open (x int)")
            assert con.is_in_transaction()
        async with pool.acquire() as con:
            assert not con.is_in_transaction()
            assert await con.fetchval("SELECT to_regclass('pg_temp.left_open')") is None
            assert await con.fetchval("SHOW jit") == "off"
    finally:
        await pool.close()
