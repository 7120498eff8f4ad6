"""Importing venues from CSV or XLSX: a preview of every row, then all or nothing.

Columns (headers matched without diacritics or case): "Tên" (name), "Địa chỉ" (address),
"Địa phương" (a locality in use, by name or code), "Loại" (kind: Trung tâm triển lãm,
Siêu thị, Trung tâm thương mại, Quảng trường, Điểm giới thiệu sản phẩm, Khu lễ hội, Khác — or
the English words), "Sức chứa" (capacity, optional). A venue already there (the same name in
the same locality) is skipped, so a list can be imported again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

from events.access import check_venue_scope
from events.models import Venue, VenueKind
from ocopfair import forms
from ocopfair.audit import record
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import Locality, User
from ocopfair.text import fold

HEADERS = {
    "ten": "name",
    "ten dia diem": "name",
    "name": "name",
    "dia chi": "address",
    "address": "address",
    "dia phuong": "locality",
    "locality": "locality",
    "ma dia phuong": "locality",
    "loai": "kind",
    "loai dia diem": "kind",
    "kind": "kind",
    "suc chua": "capacity",
    "capacity": "capacity",
}
KIND_WORDS: dict[str, VenueKind] = {
    **{k.value.replace("_", " "): k for k in VenueKind},
    "trung tam trien lam": VenueKind.EXHIBITION_GROUND,
    "cung trien lam": VenueKind.EXHIBITION_GROUND,
    "khu hoi cho": VenueKind.EXHIBITION_GROUND,
    "exhibition centre": VenueKind.EXHIBITION_GROUND,
    "exhibition center": VenueKind.EXHIBITION_GROUND,
    "sieu thi": VenueKind.SUPERMARKET,
    "trung tam thuong mai": VenueKind.MALL,
    "quang truong": VenueKind.SQUARE,
    "diem gioi thieu san pham": VenueKind.SHOWROOM,
    "cua hang trung bay": VenueKind.SHOWROOM,
    "khu le hoi": VenueKind.FESTIVAL_GROUND,
    "le hoi": VenueKind.FESTIVAL_GROUND,
    "khac": VenueKind.OTHER,
}


@dataclass
class VenueRow:
    number: int
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    skip: bool = False


@dataclass
class VenuePlan:
    rows: list[VenueRow]

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def new_rows(self) -> list[VenueRow]:
        return [r for r in self.rows if not r.errors and not r.skip]


class _Lookups:
    """Localities in use by folded name and by code; venues there by (folded name, locality)."""

    def __init__(self, localities: list[Locality], venues: list[dict[str, Any]]) -> None:
        self.localities = {fold(loc.name): loc for loc in localities}
        self.localities |= {fold(loc.code): loc for loc in localities}
        self.venues = {(fold(v["name"]), v["locality_id"]) for v in venues}

    @classmethod
    async def load(cls) -> _Lookups:
        return cls(
            await Locality.filter(retired_on=None),
            await Venue.all().values("name", "locality_id"),
        )


def _clean(user: User, raw: dict[str, Any], lookups: _Lookups) -> VenueRow:
    errors: list[str] = []
    values: dict[str, Any] = {
        "name": " ".join(str(raw.get("name") or "").split())[:255],
        "address": " ".join(str(raw.get("address") or "").split())[:255],
        "kind": KIND_WORDS.get(fold(str(raw.get("kind") or "")).replace("_", " ")),
        "locality_id": None,
        "locality_name": str(raw.get("locality") or ""),
        "capacity": None,
    }
    if not values["name"]:
        errors.append(_("The name is empty."))
    if values["kind"] is None:
        errors.append(_("Unknown kind “%(kind)s”.") % {"kind": raw.get("kind") or ""})
    if values["locality_name"]:
        locality = lookups.localities.get(fold(values["locality_name"]))
        if locality is None:
            errors.append(
                _("No locality in use is called “%(name)s”.") % {"name": values["locality_name"]}
            )
        else:
            values["locality_id"], values["locality_name"] = locality.id, locality.name
    if scope := check_venue_scope(user, values["locality_id"]):
        errors.append(scope)
    try:
        values["capacity"] = forms.integer(
            raw.get("capacity"), "capacity", minimum=1, maximum=10_000_000, required=False
        )
    except Invalid as exc:
        errors.extend(exc.fields.values())
    return VenueRow(int(raw.get("_n", 0)), values, errors)


async def plan_rows(user: User, rows: list[dict[str, Any]]) -> VenuePlan:
    lookups = await _Lookups.load()
    seen: dict[tuple[str, int | None], int] = {}
    plans = []
    for raw in rows:
        row = _clean(user, raw, lookups)
        key = (fold(row.values["name"]), row.values["locality_id"])
        if row.values["name"] and key in seen:
            row.errors.append(_("The same name as row %(n)s.") % {"n": seen[key]})
        seen.setdefault(key, row.number)
        row.skip = not row.errors and key in lookups.venues
        plans.append(row)
    return VenuePlan(plans)


async def apply_rows(user: User, rows: list[dict[str, Any]]) -> int:
    """Add every new venue of the list, or none (planned again against the database now)."""
    plan = await plan_rows(user, rows)
    if plan.error_count:
        raise Invalid(
            message=_("The list has %(n)s rows with errors; nothing was imported.")
            % {"n": plan.error_count}
        )
    fields = ("name", "address", "kind", "locality_id", "capacity")
    new = [Venue(**{k: r.values[k] for k in fields}) for r in plan.new_rows]
    async with in_transaction():
        await Venue.bulk_create(new)
        await record(user, "venue.import", "Venue", "*", after={"names": [v.name for v in new]})
    return len(new)
