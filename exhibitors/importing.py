"""Importing the registry from a spreadsheet: parse, plan (preview), then apply in one go.

The plan (exhibitors/import_plan.py) says per row what will happen. Applying re-plans against
the current database and writes everything in ONE transaction with bulk statements, or
nothing: the number of queries does not grow with the number of rows (beyond batching).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from starlette.exceptions import HTTPException
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from exhibitors import import_listings
from exhibitors.access import require_batch_owner
from exhibitors.import_plan import Plan, ProducerKey, ProducerPlan, make_plan
from exhibitors.models import Exhibitor, ImportBatch, ImportStatus, Product
from exhibitors.sheet import ParsedSheet, parse_off_loop
from ocopfair.audit import record
from ocopfair.errors import Conflict
from ocopfair.i18n import gettext as _
from ocopfair.models import User
from ocopfair.text import fold

BATCH_HOURS = 24
CHUNK = 500


# --- Upload and preview -----------------------------------------------------------------------


async def start_import(
    user: User, filename: str, data: bytes, date_order: str | None = None
) -> ImportBatch:
    """Parse and plan an upload, and keep it (with its plan) for the preview and the confirm."""
    parsed: ParsedSheet = await parse_off_loop(data, date_order)
    plan = await make_plan(parsed.columns, parsed.rows)
    now = dt.datetime.now(dt.UTC)
    await ImportBatch.filter(expires_at__lt=now).delete()  # forget abandoned previews
    summary = {**plan.summary(), "columns": parsed.columns, "ignored": parsed.ignored_headers}
    return await ImportBatch.create(
        user=user,
        filename=filename[:255],
        rows=[r.as_json() for r in plan.rows],
        summary=summary,
        expires_at=now + dt.timedelta(hours=BATCH_HOURS),
    )


async def get_batch(user: User, batch_id: int) -> ImportBatch:
    batch = await ImportBatch.get_or_none(id=batch_id)
    if batch is None or batch.expires_at < dt.datetime.now(dt.UTC):
        raise HTTPException(404, _("This import has expired. Please upload the file again."))
    require_batch_owner(user, batch)
    return batch


# --- Confirm ----------------------------------------------------------------------------------


def _chunks(items: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def _create_producers(new: list[ProducerPlan], source: str) -> dict[ProducerKey, int]:
    """Insert the file's new producers in bulk, then read back their ids (by tax code or name)."""
    await Exhibitor.bulk_create(
        [Exhibitor(source=source, **p.changes) for p in new], batch_size=CHUNK
    )
    wanted = {p.changes["name_search"] for p in new}
    rows = []
    for chunk in _chunks(sorted(wanted)):
        rows += await Exhibitor.filter(name_search__in=chunk, source=source).values(
            "id", "name_search", "locality_id", "tax_code"
        )
    by_tax = {r["tax_code"]: r["id"] for r in rows if r["tax_code"]}
    by_name = {(r["name_search"], r["locality_id"]): r["id"] for r in rows}
    ids: dict[ProducerKey, int] = {}
    for p in new:
        tax = p.values.get("tax_code")
        ids[p.key] = (
            by_tax[tax] if tax else by_name[p.changes["name_search"], p.values["locality_id"]]
        )
    return ids


async def _update_producers(plan: Plan) -> None:
    """Update the changed producers in bulk, one statement per set of changed fields."""
    now = dt.datetime.now(dt.UTC)
    by_fields: dict[tuple[str, ...], list[Exhibitor]] = {}
    for p in plan.producers.values():
        if p.existing is None or not p.changes:
            continue
        names = tuple(sorted(p.changes)) + ("name_search", "updated_at")
        values = {
            **p.changes,
            "name_search": fold(p.values.get("name", p.existing["name"])),
            "updated_at": now,
        }
        by_fields.setdefault(names, []).append(Exhibitor(id=p.existing["id"], **values))
    for names, objects in by_fields.items():
        await Exhibitor.bulk_update(objects, fields=list(dict.fromkeys(names)), batch_size=CHUNK)


async def _save_producers(plan: Plan, source: str) -> dict[ProducerKey, int]:
    """Create and update producers in bulk; return each file producer's database id."""
    new = [p for p in plan.producers.values() if p.existing is None]
    ids = await _create_producers(new, source) if new else {}
    await _update_producers(plan)
    for p in plan.producers.values():
        if p.existing:
            ids[p.key] = p.existing["id"]
    return ids


async def _save_products(plan: Plan, ids: dict[ProducerKey, int], source: str) -> None:
    if plan.new_products:
        await Product.bulk_create(
            [
                Product(exhibitor_id=ids[key], source=source, **values)
                for key, values in plan.new_products
            ],
            batch_size=CHUNK,
        )
    now = dt.datetime.now(dt.UTC)
    by_fields: dict[tuple[str, ...], list[Product]] = {}
    for pk, changes in plan.changed_products:
        names = (*sorted(changes), "updated_at")
        by_fields.setdefault(names, []).append(Product(id=pk, updated_at=now, **changes))
    for names, objects in by_fields.items():
        await Product.bulk_update(objects, fields=list(names), batch_size=CHUNK)


async def _save_listings(plan: Plan, ids: dict[ProducerKey, int], columns: list[str]) -> None:
    """Replace the listings of the floors the file names, for the products whose links change."""
    changes = dict(plan.changed_listings)
    if plan.new_listings:
        owners = sorted({ids[key] for key, _name, _l in plan.new_listings})
        found: dict[tuple[int, str], int] = {}
        for chunk in _chunks(owners):
            for r in await Product.filter(exhibitor_id__in=chunk).values(
                "id", "exhibitor_id", "name_search"
            ):
                key = (r["exhibitor_id"], r["name_search"])
                found[key] = max(found.get(key, 0), r["id"])
        for key, name, listings in plan.new_listings:
            changes[found[ids[key], name]] = listings
    if changes:
        floors = import_listings.present_floors(columns)
        await import_listings.replace(changes, floors, CHUNK)


async def apply_rows(
    user: User | None,
    columns: list[str],
    rows: list[dict[str, Any]],
    source: str = "import",
    batch_id: int | None = None,
) -> dict[str, int]:
    """Plan again against the database as it is now, then write all rows or none."""
    plan = await make_plan(columns, rows)
    if plan.error_count:
        raise Conflict(
            message=_(
                "%(n)s rows have errors; nothing was imported. "
                "Correct the file and upload it again."
            )
            % {"n": plan.error_count}
        )
    summary = plan.summary()
    try:
        async with in_transaction():
            ids = await _save_producers(plan, source)
            await _save_products(plan, ids, source)
            await _save_listings(plan, ids, columns)
            await record(user, "import", "ImportBatch", batch_id or "-", after=summary)
    except IntegrityError:  # someone saved a clashing tax code meanwhile
        raise Conflict(
            message=_(
                "The registry changed while importing; nothing was imported. Please try again."
            )
        ) from None
    return summary


async def confirm_import(user: User, batch_id: int) -> dict[str, int]:
    batch = await get_batch(user, batch_id)
    if batch.status != ImportStatus.PREVIEW:
        raise Conflict(message=_("This file was already imported."))
    rows = [{"_n": r["n"], **r["v"]} for r in batch.rows]
    async with in_transaction():
        # Only one confirm of a batch may run (a double click, two tabs): a conditional update.
        if not await ImportBatch.filter(id=batch.id, status=ImportStatus.PREVIEW).update(
            status=ImportStatus.APPLIED, applied_at=dt.datetime.now(dt.UTC)
        ):
            raise Conflict(message=_("This file was already imported."))
        summary = await apply_rows(user, batch.summary["columns"], rows, batch_id=batch.id)
    return summary


async def import_bytes(user: User | None, data: bytes, source: str = "import") -> dict[str, int]:
    """Parse and apply in one step (the benchmark and scripts; people go through the preview)."""
    parsed = await parse_off_loop(data)
    return await apply_rows(user, parsed.columns, parsed.rows, source)
