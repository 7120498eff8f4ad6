"""Backup and restore as one portable archive (gzipped JSON), the same on SQLite and PostgreSQL.

A snapshot is read inside one transaction (a consistent view while the app keeps running) and
can be restored into an empty, migrated database of either kind — so it also moves a province
from SQLite to PostgreSQL. Values are stored by the model field's type, not the driver's, so a
boolean read from SQLite (0/1) comes back as a boolean on PostgreSQL.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tortoise import Tortoise, connections, fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from ocopfair import sql

FORMAT = "ocopfair-backup"
VERSION = 1

Progress = Callable[[str, int, int], None]
_RELATIONS = (fields.relational.ForeignKeyFieldInstance, fields.relational.OneToOneFieldInstance)


def _tables() -> list[tuple[str, dict[str, Any]]]:
    """(table, {column: field or None}) for every model and M2M table, parents first."""
    # Derived tables (kept figures) are rebuilt from the others: never in an archive.
    models = [m for m in Tortoise.apps["models"].values() if not getattr(m, "DERIVED", False)]
    ordered = _parents_first(models)
    tables: list[tuple[str, dict[str, Any]]] = []
    through: dict[str, dict[str, Any]] = {}
    for model in ordered:
        columns: dict[str, Any] = {}
        for name, column in model._meta.fields_db_projection.items():
            columns[column] = model._meta.fields_map[name]
        tables.append((model._meta.db_table, columns))
        for field in model._meta.fields_map.values():
            if isinstance(field, fields.relational.ManyToManyFieldInstance) and field.through:
                through[field.through] = {field.backward_key: None, field.forward_key: None}
    tables += sorted(through.items())
    return tables


def _parents_first(models: list) -> list:
    done: list = []
    pending = sorted(models, key=lambda m: m._meta.db_table)
    while pending:
        for model in pending:
            parents = {
                f.related_model
                for f in model._meta.fields_map.values()
                if isinstance(f, _RELATIONS) and f.related_model is not model
            }
            if parents <= set(done):
                done.append(model)
                pending.remove(model)
                break
        else:  # a cycle: fall back to the given order (foreign keys are checked at commit)
            done += pending
            break
    return done


def _encode(value: Any, field: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, fields.BooleanField):
        return bool(value)
    if isinstance(field, fields.JSONField):
        return json.loads(value) if isinstance(value, str | bytes) else value
    if isinstance(field, fields.BinaryField):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _decode(value: Any, field: Any, dialect: str) -> Any:
    if value is None:
        return None
    if isinstance(field, fields.BooleanField):
        return bool(value)
    if isinstance(field, fields.JSONField):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(field, fields.BinaryField):
        return base64.b64decode(value)
    if isinstance(field, fields.DatetimeField):
        parsed = dt.datetime.fromisoformat(value)
        return parsed if dialect == "postgres" else parsed.isoformat(" ")
    if isinstance(field, fields.DateField):
        parsed_date = dt.date.fromisoformat(value)
        return parsed_date if dialect == "postgres" else parsed_date.isoformat()
    if isinstance(field, fields.TimeField):
        parsed_time = dt.time.fromisoformat(value)
        return parsed_time if dialect == "postgres" else parsed_time.isoformat()
    return value


def _normalize_raw(value: Any, field: Any) -> Any:
    """Raw driver values -> Python values of the field's type, before encoding."""
    if isinstance(value, str) and isinstance(field, fields.DatetimeField):
        return dt.datetime.fromisoformat(value)
    return value


async def dump(progress: Progress | None = None) -> dict[str, Any]:
    """Every row of every table, read in one transaction."""
    conn = connections.get("default")
    dialect = conn.capabilities.dialect
    tables = _tables()
    archive: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "dialect": dialect,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "tables": {},
    }
    async with sql.one_snapshot() as tx:
        for done, (table, columns) in enumerate(tables, start=1):
            names = list(columns)
            select = ", ".join(f'"{c}"' for c in names)
            order = '"id"' if "id" in names else ", ".join(f'"{c}"' for c in names)
            rows = await tx.execute_query_dict(f'SELECT {select} FROM "{table}" ORDER BY {order}')
            archive["tables"][table] = {
                "columns": names,
                "rows": [
                    [_encode(_normalize_raw(row[c], columns[c]), columns[c]) for c in names]
                    for row in rows
                ],
            }
            if progress:
                progress("backup", done, len(tables))
    return archive


async def restore(archive: dict[str, Any], progress: Progress | None = None) -> dict[str, int]:
    """Load an archive into an empty, migrated database, all in one transaction."""
    if archive.get("format") != FORMAT or archive.get("version") != VERSION:
        raise ValueError("not an ocopfair backup of a known version")
    dialect = connections.get("default").capabilities.dialect
    tables = _tables()
    counts: dict[str, int] = {}
    async with in_transaction() as tx:
        await _require_empty(tx, tables)
        for done, (table, columns) in enumerate(tables, start=1):
            data = archive["tables"].get(table, {"columns": [], "rows": []})
            counts[table] = await _restore_table(tx, table, columns, data, dialect)
            if progress:
                progress("restore", done, len(tables))
        if dialect == "postgres":
            await _continue_sequences(tx, tables)
    return counts


async def _require_empty(tx: BaseDBAsyncClient, tables: list[tuple[str, dict[str, Any]]]) -> None:
    for table, _columns in tables:
        rows = await tx.execute_query_dict(f'SELECT COUNT(*) AS n FROM "{table}"')
        if rows[0]["n"]:
            raise ValueError(f"the database is not empty (table {table} has rows)")


async def _restore_table(
    tx: BaseDBAsyncClient,
    table: str,
    columns: dict[str, Any],
    data: dict[str, Any],
    dialect: str,
) -> int:
    """Insert one table's rows; their number."""
    names = data["columns"]
    unknown = set(names) - set(columns)
    if unknown:
        raise ValueError(f"table {table} has columns this version does not know: {unknown}")
    placeholders = ", ".join(f"${i}" for i in range(1, len(names) + 1))
    column_list = ", ".join(f'"{c}"' for c in names)
    values = [
        [_decode(v, columns[c], dialect) for v, c in zip(row, names, strict=True)]
        for row in data["rows"]
    ]
    await sql.execute_many(
        tx, f'INSERT INTO "{table}" ({column_list}) VALUES ({placeholders})', values
    )
    return len(values)


async def _continue_sequences(
    tx: BaseDBAsyncClient, tables: list[tuple[str, dict[str, Any]]]
) -> None:
    """PostgreSQL: each id sequence continues after the highest id restored."""
    for table, columns in tables:
        if "id" in columns:
            await tx.execute_script(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'COALESCE((SELECT MAX("id") FROM "{table}"), 0) + 1, false)'
            )


def write_archive(archive: dict[str, Any], path: Path) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(archive, handle, ensure_ascii=False)


def read_archive(path: Path) -> dict[str, Any]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)
