"""One raw-SQL helper for both databases (ocopfair.sql): statements are written once with $n,
a parameter may stand twice, and SQLite gets ? in the order the numbers stand."""

from __future__ import annotations

from types import SimpleNamespace

from ocopfair import sql


def _connection(dialect: str):
    return SimpleNamespace(capabilities=SimpleNamespace(dialect=dialect))


def test_postgres_gets_the_statement_as_written():
    text = "SELECT * FROM t WHERE a = $1 AND b IN ($2, $1)"
    assert sql.for_dialect(_connection("postgres"), text, [1, 2]) == (text, [1, 2])


def test_sqlite_gets_question_marks_and_the_parameters_in_the_order_they_stand():
    text = "SELECT * FROM t WHERE a = $2 AND b IN ($1, $2) AND c = $10"
    params = list(range(1, 11))
    assert sql.for_dialect(_connection("sqlite"), text, params) == (
        "SELECT * FROM t WHERE a = ? AND b IN (?, ?) AND c = ?",
        [2, 1, 2, 10],
    )


def test_statements_put_together_with_question_marks_are_numbered():
    text = "SELECT * FROM t WHERE a = ? AND b IN (?, ?)"
    assert sql.numbered(text) == "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)"


async def test_a_parameter_used_twice_runs_on_both_databases(db):
    conn = sql.connection()
    rows = await sql.fetch(
        conn,
        "SELECT CAST($1 AS INTEGER) + CAST($2 AS INTEGER) AS total, CAST($1 AS INTEGER) AS again",
        [2, 5],
    )
    assert [(int(r["total"]), int(r["again"])) for r in rows] == [(7, 2)]
    changed = await sql.execute(
        conn, "UPDATE throttle SET hits = $1 WHERE hits = $1 AND $2 = 0", [3, 1]
    )
    assert changed == 0
