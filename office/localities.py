"""Localities are data: add, rename, retire, merge (the 1 July 2025 reorganisation).

A unit's name must not fold (ocopfair.text.fold) to the name of another unit in use; the
database's unique `name_key` holds that even for two offices adding at once. Merging moves the
producers, users, venues, series and future events of the merged units to the unit they become;
past events keep the unit they had, now retired under its old name, with `merged_into` saying
where it went (so a report may group by either).
"""

from __future__ import annotations

import re
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from exhibitors.models import Exhibitor
from ocopfair import forms
from ocopfair.audit import record, snapshot
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import gettext as _
from ocopfair.i18n import local_today
from ocopfair.models import Locality, LocalityKind, User, name_key_of
from ocopfair.text import fold

AUDITED = ["code", "name", "name_en", "kind", "retired_on", "merged_into_id"]
_CODE = re.compile(r"^[A-Z0-9_-]{1,8}$")
# What offices write in the "kind" column: the enum value, or its name in either language.
KIND_WORDS: dict[str, LocalityKind] = {
    **{k.value: k for k in LocalityKind},
    "special zone": LocalityKind.SPECIAL_ZONE,
    "thanh pho": LocalityKind.CITY,
    "tp": LocalityKind.CITY,
    "thi xa": LocalityKind.TOWN,
    "huyen": LocalityKind.DISTRICT,
    "phuong": LocalityKind.WARD,
    "xa": LocalityKind.COMMUNE,
    "dac khu": LocalityKind.SPECIAL_ZONE,
}


def parse_kind(value: Any, field: str = "kind") -> LocalityKind:
    kind = KIND_WORDS.get(fold(str(value or "")).replace("_", " ")) or KIND_WORDS.get(
        str(value or "").strip()
    )
    if kind is None:
        raise Invalid(
            {field: _("Choose a kind: city, town, district, ward, commune or special zone.")}
        )
    return kind


def parse_code(value: Any) -> str:
    code = str(value or "").strip().upper()
    if not _CODE.match(code):
        raise Invalid({"code": _("A code has 1 to 8 letters or digits, for example HL or P-HG.")})
    return code


def parse_name(value: Any) -> str:
    return forms.text(value, "name", max_length=100, required=True)


async def name_taken(name: str, except_id: int | None = None) -> Locality | None:
    """The unit in use whose name folds to the same as `name` (another one than except_id)."""
    found = await Locality.get_or_none(name_key=fold(name)[:100])
    return found if found and found.id != except_id else None


def _taken_message(other: Locality) -> str:
    return _("“%(name)s” (%(code)s) already has this name.") % {
        "name": other.name,
        "code": other.code,
    }


async def add_locality(user: User, data: dict[str, Any]) -> Locality:
    values: dict[str, Any] = {}
    forms.collect(
        lambda: values.__setitem__("code", parse_code(data.get("code"))),
        lambda: values.__setitem__("name", parse_name(data.get("name"))),
        lambda: values.__setitem__(
            "name_en", forms.text(data.get("name_en"), "name_en", max_length=100)
        ),
        lambda: values.__setitem__("kind", parse_kind(data.get("kind"))),
    )
    if other := await name_taken(values["name"]):
        raise Invalid({"name": _taken_message(other)})
    if await Locality.exists(code=values["code"]):
        raise Invalid({"code": _("This code is already used by another unit.")})
    try:
        async with in_transaction():
            locality = await Locality.create(**values)
            await record(
                user, "locality.create", "Locality", locality.id, after=snapshot(locality, AUDITED)
            )
    except IntegrityError:  # the same name or code added at this very moment
        raise Invalid({"name": _("This name or code was just added by someone else.")}) from None
    return locality


async def rename_locality(user: User, locality: Locality, data: dict[str, Any]) -> Locality:
    values: dict[str, Any] = {}
    forms.collect(
        lambda: values.__setitem__("name", parse_name(data.get("name"))),
        lambda: values.__setitem__(
            "name_en", forms.text(data.get("name_en", locality.name_en), "name_en", max_length=100)
        ),
    )
    if locality.retired_on:
        raise Invalid({"name": _("A retired unit keeps the name it had.")})
    if other := await name_taken(values["name"], except_id=locality.id):
        raise Invalid({"name": _taken_message(other)})
    before = snapshot(locality, AUDITED)
    locality.name, locality.name_en = values["name"], values["name_en"]
    try:
        async with in_transaction():
            await locality.save()
            await record(
                user,
                "locality.rename",
                "Locality",
                locality.id,
                before=before,
                after=snapshot(locality, AUDITED),
            )
    except IntegrityError:
        raise Invalid({"name": _("This name was just given to another unit.")}) from None
    return locality


async def _bound_count(locality_ids: list[int]) -> int:
    return (
        await Exhibitor.filter(locality_id__in=locality_ids).count()
        + await User.filter(locality_id__in=locality_ids, is_active=True).count()
    )


async def retire_locality(user: User, locality: Locality) -> Locality:
    """Retire a unit nobody is bound to any more (else it must be merged, so they follow)."""
    if bound := await _bound_count([locality.id]):
        raise Invalid(
            {
                "locality": _(
                    "%(n)s producers or users still belong to this unit. Merge it into the unit "
                    "that replaces it, so they move there."
                )
                % {"n": bound}
            }
        )
    before = snapshot(locality, AUDITED)
    async with in_transaction():
        if not await Locality.filter(id=locality.id, retired_on=None).update(
            retired_on=local_today()
        ):
            raise Conflict({"locality": _("This unit is already retired.")})
        await Locality.filter(id=locality.id).update(
            name_key=name_key_of(locality.name, locality.id)
        )
        locality = await Locality.get(id=locality.id)
        await record(
            user,
            "locality.retire",
            "Locality",
            locality.id,
            before=before,
            after=snapshot(locality, AUDITED),
        )
    return locality
