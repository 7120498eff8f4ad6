"""Importing a list of localities (CSV or XLSX): a preview of every row, then all or nothing.

Columns (headers matched without diacritics or case): "Mã" (code), "Tên" (name),
"Tên tiếng Anh" (English name, optional), "Loại" (kind: Thành phố, Thị xã, Huyện, Phường,
Xã, Đặc khu — or the English words). A row whose code and name are already there is skipped,
so the same file can be imported twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from ocopfair.audit import record
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import Locality, User
from ocopfair.text import fold
from office.localities import parse_code, parse_kind

HEADERS = {
    "ma": "code",
    "code": "code",
    "ma don vi": "code",
    "ten": "name",
    "name": "name",
    "ten don vi": "name",
    "ten dia phuong": "name",
    "ten tieng anh": "name_en",
    "name_en": "name_en",
    "english name": "name_en",
    "loai": "kind",
    "kind": "kind",
    "cap": "kind",
    "loai don vi": "kind",
}


@dataclass
class RowPlan:
    number: int
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    skip: bool = False


@dataclass
class LocalityPlan:
    rows: list[RowPlan]

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def new_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if not r.errors and not r.skip]


def _clean(raw: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = {"name": " ".join(str(raw.get("name") or "").split())[:100]}
    values["name_en"] = " ".join(str(raw.get("name_en") or "").split())[:100]
    errors: list[str] = []
    if not values["name"]:
        errors.append(_("The name is empty."))
    for key, parse in (("code", parse_code), ("kind", parse_kind)):
        try:
            values[key] = parse(raw.get(key))
        except Invalid as exc:
            values[key] = str(raw.get(key) or "")
            errors.extend(exc.fields.values())
    return values, errors


async def plan_rows(rows: list[dict[str, Any]]) -> LocalityPlan:
    """What each row would do; repeats inside the file and clashes with the database are errors."""
    by_key = {
        r["name_key"]: r
        for r in await Locality.filter(retired_on=None).values("code", "name", "name_key")
    }
    by_code = {r["code"]: r for r in await Locality.all().values("code", "name_key")}
    seen_names: dict[str, int] = {}
    seen_codes: dict[str, int] = {}
    plans: list[RowPlan] = []
    for raw in rows:
        values, errors = _clean(raw)
        plan = RowPlan(int(raw.get("_n", len(plans) + 2)), values, errors)
        key, code = fold(values["name"])[:100], values["code"]
        if values["name"] and key in seen_names:
            errors.append(_("The same name as row %(n)s.") % {"n": seen_names[key]})
        if code and code in seen_codes:
            errors.append(_("The same code as row %(n)s.") % {"n": seen_codes[code]})
        seen_names.setdefault(key, plan.number)
        seen_codes.setdefault(code, plan.number)
        existing = by_code.get(code)
        if not errors and existing and existing["name_key"] == key:
            plan.skip = True  # already there, as it is
        elif not errors and existing:
            errors.append(_("Code %(code)s is already used by another unit.") % {"code": code})
        elif not errors and key in by_key:
            errors.append(_("“%(name)s” (%(code)s) already has this name.") % by_key[key])
        plans.append(plan)
    return LocalityPlan(plans)


async def apply_rows(user: User, rows: list[dict[str, Any]]) -> int:
    """Add every new unit of the list, or none: planned again against the database now."""
    plan = await plan_rows(rows)
    if plan.error_count:
        raise Invalid(
            message=_("The list has %(n)s rows with errors; nothing was imported.")
            % {"n": plan.error_count}
        )
    new = [Locality(name_key=fold(r.values["name"])[:100], **r.values) for r in plan.new_rows]
    try:
        async with in_transaction():
            await Locality.bulk_create(new)
            await record(
                user, "locality.import", "Locality", "*", after={"codes": [loc.code for loc in new]}
            )
    except IntegrityError:
        raise Conflict(message=_("Someone added units meanwhile. Upload the file again.")) from None
    return len(new)
