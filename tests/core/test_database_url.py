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
