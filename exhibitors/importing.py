"""Importing the registry from a spreadsheet: parse, plan (preview), then apply in one go.

The plan checks every row with the same rules as the forms (exhibitors.validation) against
lookups loaded once, and says per row what will happen. Applying re-plans against the current
database and writes everything in ONE transaction with bulk statements, or nothing: the number
of queries does not grow with the number of rows (beyond batching).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from starlette.exceptions import HTTPException
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from exhibitors import validation as rules
from exhibitors.models import Exhibitor, ImportBatch, ImportStatus, Product
from exhibitors.sheet import COLUMNS, HEADER_OF, ParsedSheet, parse
from ocopfair.audit import record
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import User
from ocopfair.text import fold

BATCH_HOURS = 24
CHUNK = 500
PRODUCER_KEYS = [key for _h, key, whose, _r in COLUMNS if whose == "producer"]
PRODUCT_KEYS = [key for _h, key, whose, _r in COLUMNS if whose == "product"]
# A product row's keys as the validation module names them.
_PRODUCT_FIELD = {"product_name": "name"}
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass
class RowPlan:
    number: int
    values: dict[str, str]
    producer_action: str = ""
    product_action: str = ""
    errors: dict[str, str] = field(default_factory=dict)  # column header -> sentence
    warnings: list[str] = field(default_factory=list)

    @property
    def action(self) -> str:
        actions = {self.producer_action, self.product_action} - {""}
        for candidate in (CREATE, UPDATE):
            if candidate in actions:
                return candidate
        return UNCHANGED

    def as_json(self) -> dict[str, Any]:
        return {
            "n": self.number,
            "v": self.values,
            "pa": self.producer_action,
            "ta": self.product_action,
            "e": self.errors,
            "w": self.warnings,
            "a": self.action,
        }


@dataclass
class _Producer:
    """One producer as the file describes it, and what it matches in the database."""

    key: Any
    first_row: int
    values: dict[str, Any]
    existing: dict[str, Any] | None
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    rows: list[RowPlan]
    producers: dict[Any, _Producer]
    new_products: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)
    changed_products: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    def summary(self) -> dict[str, int]:
        producers = list(self.producers.values())
        return {
            "rows": len(self.rows),
            "errors": self.error_count,
            "producers_created": sum(1 for p in producers if p.existing is None),
            "producers_updated": sum(1 for p in producers if p.existing and p.changes),
            "products_created": len(self.new_products),
            "products_updated": len(self.changed_products),
            "unchanged": sum(1 for r in self.rows if not r.errors and r.action == UNCHANGED),
        }


def _to_headers(fields: dict[str, str]) -> dict[str, str]:
    """Errors keyed by the file's column names (product fields already renamed)."""
    return {HEADER_OF.get(k, k): msg for k, msg in fields.items()}


def _warnings(values: dict[str, str]) -> list[str]:
    """Cells that look like formulas are stored as text; say so, so nobody is surprised."""
    return [
        _("“%(column)s” starts with “%(char)s”: kept as text, not calculated.")
        % {"column": HEADER_OF[key], "char": value[0]}
        for key, value in values.items()
        if value and value[0] in "=@" and key in HEADER_OF
    ]


class _Lookups:
    """Everything the plan compares against, loaded in a fixed number of queries."""

    def __init__(self) -> None:
        self.localities = rules.Localities()
        self.by_tax: dict[str, dict[str, Any]] = {}
        self.by_name: dict[tuple[str, int | None], dict[str, Any]] = {}
        self.products: dict[tuple[int, str], dict[str, Any]] = {}

    @classmethod
    async def load(cls) -> _Lookups:
        found = cls()
        found.localities = await rules.Localities.load()
        for row in await Exhibitor.all().values("id", "name_search", *rules.PRODUCER_FIELDS):
            if row["tax_code"]:
                found.by_tax[row["tax_code"]] = row
            found.by_name.setdefault((row["name_search"], row["locality_id"]), row)
        for row in await Product.all().values(
            "id", "exhibitor_id", "name_search", *rules.PRODUCT_FIELDS
        ):
            found.products.setdefault((row["exhibitor_id"], row["name_search"]), row)
        return found


def _differences(new: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    if old is None:
        return dict(new)
    return {k: v for k, v in new.items() if old.get(k) != v}


def _plan_row(
    row: dict[str, Any],
    columns: list[str],
    lookups: _Lookups,
    producers: dict[Any, _Producer],
    names: dict[tuple[str, Any], Any],
    seen_products: dict[tuple[Any, str], int],
    plan: Plan,
) -> RowPlan:
    number = int(row["_n"])
    values = {k: str(v) for k, v in row.items() if k != "_n"}
    result = RowPlan(number, values, warnings=_warnings(values))
    errors: dict[str, str] = {}
    producer_values: dict[str, Any] = {}
    product_values: dict[str, Any] = {}
    try:
        producer_values = rules.clean_producer(
            values, lookups.localities, only=tuple(k for k in PRODUCER_KEYS if k in columns)
        )
    except Invalid as exc:
        errors.update(exc.fields)
    if any(values.get(k) for k in PRODUCT_KEYS):
        raw = {_PRODUCT_FIELD.get(k, k): v for k, v in values.items() if k in PRODUCT_KEYS}
        present = tuple(_PRODUCT_FIELD.get(k, k) for k in PRODUCT_KEYS if k in columns)
        try:
            product_values = rules.clean_product(raw, only=present)
        except Invalid as exc:
            errors.update(
                {("product_name" if k == "name" else k): v for k, v in exc.fields.items()}
            )
    if errors:
        result.errors = _to_headers(errors)
        return result

    # Who is this producer? The tax code if given, else its folded name and locality.
    name_key = (rules.fold_word(producer_values["name"]), producer_values["locality_id"])
    tax = producer_values.get("tax_code")
    key = ("tax", tax) if tax else ("name", *name_key)
    producer = producers.get(key)
    if names.setdefault(name_key, key) != key:
        errors["tax_code"] = _("Row %(n)s names the same producer with another tax code.") % {
            "n": producers[names[name_key]].first_row
        }
    elif producer is not None and tax and fold(producer.values["name"]) != name_key[0]:
        errors["tax_code"] = _("Tax code %(code)s is already used for %(name)s on row %(n)s.") % {
            "code": tax,
            "name": producer.values["name"],
            "n": producer.first_row,
        }
    elif producer is not None:
        mine = {k: v for k, v in producer_values.items() if not (k == "tax_code" and not v)}
        if _differences(mine, producer.values):
            errors["name"] = _(
                "This producer's details differ from row %(n)s; write them the "
                "same way on every row."
            ) % {"n": producer.first_row}
    elif tax is None or tax not in lookups.by_tax:
        existing = lookups.by_name.get(name_key)
        if existing and tax and existing["tax_code"]:
            errors["tax_code"] = _("%(name)s is registered with tax code %(code)s.") % {
                "name": existing["name"],
                "code": existing["tax_code"],
            }
    if errors:
        result.errors = _to_headers(errors)
        return result

    if producer is None:
        existing = lookups.by_tax.get(tax) if tax else None
        existing = existing or lookups.by_name.get(name_key)
        to_save = dict(producer_values)
        if not tax:
            to_save.pop("tax_code", None)  # an empty cell never clears the identifying code
        producer = producers[key] = _Producer(key, number, to_save, existing)
        producer.changes = _differences(to_save, existing)
        if existing is None:
            producer.changes["name_search"] = name_key[0]
        result.producer_action = (
            CREATE if existing is None else UPDATE if producer.changes else UNCHANGED
        )
    else:
        result.producer_action = UNCHANGED

    if product_values:
        product_key = fold(product_values["name"])
        if (key, product_key) in seen_products:
            result.errors = _to_headers(
                {
                    "product_name": _("Row %(n)s already has this product of this producer.")
                    % {"n": seen_products[key, product_key]}
                }
            )
            return result
        seen_products[key, product_key] = number
        existing_product = (
            lookups.products.get((producer.existing["id"], product_key))
            if producer.existing
            else None
        )
        changes = _differences(product_values, existing_product)
        if existing_product is None:
            plan.new_products.append((key, {**product_values, "name_search": product_key}))
            result.product_action = CREATE
        elif changes:
            plan.changed_products.append(
                (existing_product["id"], {**changes, "name_search": product_key})
            )
            result.product_action = UPDATE
        else:
            result.product_action = UNCHANGED
    return result


async def make_plan(columns: list[str], rows: Iterable[dict[str, Any]]) -> Plan:
    lookups = await _Lookups.load()
    plan = Plan([], {})
    names: dict[tuple[str, Any], Any] = {}
    seen_products: dict[tuple[Any, str], int] = {}
    for row in rows:
        plan.rows.append(
            _plan_row(row, columns, lookups, plan.producers, names, seen_products, plan)
        )
    return plan


# --- Upload and preview -----------------------------------------------------------------------


async def start_import(user: User, filename: str, data: bytes) -> ImportBatch:
    """Parse and plan an upload, and keep it (with its plan) for the preview and the confirm."""
    parsed: ParsedSheet = parse(data)
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
    if batch.user_id != user.id:  # type: ignore[attr-defined]
        raise HTTPException(403)
    return batch


# --- Confirm ----------------------------------------------------------------------------------


def _chunks(items: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def _save_producers(plan: Plan, source: str) -> dict[Any, int]:
    """Create and update producers in bulk; return each file producer's database id."""
    ids: dict[Any, int] = {}
    new = [p for p in plan.producers.values() if p.existing is None]
    if new:
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
        for p in new:
            tax = p.values.get("tax_code")
            ids[p.key] = (
                by_tax[tax] if tax else by_name[p.changes["name_search"], p.values["locality_id"]]
            )
    changed = [p for p in plan.producers.values() if p.existing and p.changes]
    now = dt.datetime.now(dt.UTC)
    by_fields: dict[tuple[str, ...], list[Exhibitor]] = {}
    for p in changed:
        names = tuple(sorted(p.changes)) + ("name_search", "updated_at")
        values = {
            **p.changes,
            "name_search": fold(p.values.get("name", p.existing["name"])),
            "updated_at": now,
        }
        by_fields.setdefault(names, []).append(Exhibitor(id=p.existing["id"], **values))
    for names, objects in by_fields.items():
        await Exhibitor.bulk_update(objects, fields=list(dict.fromkeys(names)), batch_size=CHUNK)
    for p in plan.producers.values():
        if p.existing:
            ids[p.key] = p.existing["id"]
    return ids


async def _save_products(plan: Plan, ids: dict[Any, int], source: str) -> None:
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
    parsed = parse(data)
    return await apply_rows(user, parsed.columns, parsed.rows, source)
