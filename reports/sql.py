"""Raw SQL for the reports, written once and run on SQLite and PostgreSQL.

The reports group by the province's local day and hour, which the ORM cannot express portably,
so their aggregations are plain SQL. Queries are written with `?` placeholders and `{table}`
names taken from the models' metadata; `fetch()` renumbers the placeholders to `$1, $2...` for
asyncpg. Every value reaches the database as a bound parameter, never inside the SQL text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from tortoise import connections
from tortoise.fields.relational import ManyToManyFieldInstance

from booths.models import Booth, BoothApplication, BoothAssignment
from deals.models import TradeDeal
from events.models import Event, Venue
from exhibitors.models import Exhibitor, Product
from ocopfair import sql as raw_sql
from ocopfair.models import Locality
from reports.models import KeptShown
from sales.models import SalesLine, SalesRecord
from visitors.models import CountCorrection, Gate, GateCount


def tables() -> dict[str, str]:
    """Table names as the models define them (known only once Tortoise is initialised)."""
    m2m = BoothApplication._meta.fields_map["products"]
    assert isinstance(m2m, ManyToManyFieldInstance)  # the through table's names are on it
    return {
        "event": Event._meta.db_table,
        "venue": Venue._meta.db_table,
        "locality": Locality._meta.db_table,
        "gate": Gate._meta.db_table,
        "gatecount": GateCount._meta.db_table,
        "correction": CountCorrection._meta.db_table,
        "booth": Booth._meta.db_table,
        "assignment": BoothAssignment._meta.db_table,
        "application": BoothApplication._meta.db_table,
        "app_products": m2m.through,
        "app_products_app": m2m.backward_key,
        "app_products_product": m2m.forward_key,
        "sales": SalesRecord._meta.db_table,
        "sales_line": SalesLine._meta.db_table,
        "deal": TradeDeal._meta.db_table,
        "exhibitor": Exhibitor._meta.db_table,
        "product": Product._meta.db_table,
        "kept_shown": KeptShown._meta.db_table,
    }


def is_postgres() -> bool:
    return connections.get("default").capabilities.dialect == "postgres"


# The province's clock is UTC+7 all year (no daylight saving since 1975), so on SQLite a fixed
# '+7 hours' shift gives the same local day and hour as PostgreSQL's named time zone.
def local_day(column: str) -> str:
    if is_postgres():
        return f"CAST(({column} AT TIME ZONE 'Asia/Ho_Chi_Minh') AS DATE)"
    return f"date({column}, '+7 hours')"


def local_hour(column: str) -> str:
    if is_postgres():
        return f"CAST(EXTRACT(HOUR FROM ({column} AT TIME ZONE 'Asia/Ho_Chi_Minh')) AS INTEGER)"
    return f"CAST(strftime('%H', {column}, '+7 hours') AS INTEGER)"


def month_of(column: str) -> str:
    """'2025-03' for a DATE column."""
    if is_postgres():
        return f"to_char({column}, 'YYYY-MM')"
    return f"strftime('%Y-%m', {column})"


def in_list(values: Sequence[Any]) -> str:
    """'(?, ?, ?)' for a list of bound values (never empty: callers return early)."""
    return "(" + ", ".join("?" for _ in values) + ")"


async def fetch(sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    """Run one query; `{name}` in `sql` is a table from tables(), `?` a bound parameter."""
    text = raw_sql.numbered(sql.format(**tables()))
    return await raw_sql.fetch(raw_sql.connection(), text, list(params))


def as_date(value: Any) -> dt.date:
    """SQLite answers dates as text, PostgreSQL as date objects."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def as_int(value: Any) -> int:
    return int(value or 0)
