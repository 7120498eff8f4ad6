"""Reading and saving an event's allocation rules (zones per product group, quotas)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tortoise.transactions import in_transaction

from booths.allocation import get_rules
from booths.models import AllocationRules, Booth
from exhibitors.models import ProductGroup
from ocopfair import forms
from ocopfair.audit import record
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import Locality, User

RULE_FIELDS = ["zone_groups", "disadvantaged_share", "locality_limits"]


def _values(data: Any, key: str) -> list[str]:
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(key)]
    value = data.get(key)
    if value in (None, ""):
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


async def parse_rules(event_id: int, data: Mapping[str, Any], user: User | None) -> AllocationRules:
    """Form fields: groups.<zone> (several), disadvantaged_share, min.<locality>, max.<...>.
    JSON: {"zone_groups": {zone: [group]}, "disadvantaged_share": n,
           "locality_limits": {locality_id: {"min": n, "max": n}}}."""
    zones = {row["zone"] for row in await Booth.filter(event_id=event_id).values("zone")}
    localities = {row["id"] for row in await Locality.all().values("id")}
    errors: dict[str, str] = {}
    zone_groups = _zone_groups(data, zones, errors)
    share = _share(data, errors)
    limits = _locality_limits(data, localities, errors)
    if errors:
        raise Invalid(errors)
    rules = await get_rules(event_id)
    before = {name: getattr(rules, name) for name in RULE_FIELDS}
    rules.zone_groups, rules.disadvantaged_share, rules.locality_limits = (
        zone_groups,
        share,
        limits,
    )
    async with in_transaction():
        await rules.save()
        await record(
            user,
            "allocation.rules",
            "Event",
            event_id,
            before=before,
            after={name: getattr(rules, name) for name in RULE_FIELDS},
        )
    return rules


def _zone_groups(
    data: Mapping[str, Any], zones: set[str], errors: dict[str, str]
) -> dict[str, Any]:
    """zone -> the product groups it suits (zones with none ticked are left out)."""
    groups = {g.value for g in ProductGroup}
    zone_groups: dict[str, Any] = {}
    given_zones = data.get("zone_groups") if isinstance(data.get("zone_groups"), dict) else None
    for zone in sorted(zones):
        chosen = (
            list(given_zones.get(zone, []))
            if given_zones is not None
            else _values(data, f"groups.{zone}")
        )
        if set(chosen) - groups:
            errors[f"groups.{zone}"] = _("Choose product groups from the list.")
        elif chosen:
            zone_groups[zone] = sorted(set(chosen))
    if given_zones is not None and set(given_zones) - zones:
        errors["zone_groups"] = _("This event has no zone “%(zone)s”.") % {
            "zone": sorted(set(given_zones) - zones)[0]
        }
    return zone_groups


def _share(data: Mapping[str, Any], errors: dict[str, str]) -> int:
    """The percent of booths reserved for disadvantaged producers."""
    try:
        return (
            forms.integer(
                data.get("disadvantaged_share") or 0, "disadvantaged_share", minimum=0, maximum=100
            )
            or 0
        )
    except Invalid as exc:
        errors.update(exc.fields)
        return 0


def _locality_limits(
    data: Mapping[str, Any], localities: set[int], errors: dict[str, str]
) -> dict[str, Any]:
    """str(locality id) -> {"min": n, "max": n or None}, for localities with a limit."""
    limits: dict[str, Any] = {}
    given_limits = data.get("locality_limits")
    for loc in sorted(localities):
        if isinstance(given_limits, dict):
            raw = given_limits.get(str(loc)) or given_limits.get(loc) or {}
            low, high = raw.get("min"), raw.get("max")
        else:
            low, high = data.get(f"min.{loc}"), data.get(f"max.{loc}")
        try:
            low_n = forms.integer(low, f"min.{loc}", minimum=0, maximum=5000, required=False)
            high_n = forms.integer(high, f"max.{loc}", minimum=0, maximum=5000, required=False)
        except Invalid as exc:
            errors.update(exc.fields)
            continue
        if low_n is not None and high_n is not None and low_n > high_n:
            errors[f"min.{loc}"] = _("The minimum cannot be above the maximum.")
        elif low_n or high_n is not None:
            limits[str(loc)] = {"min": low_n or 0, "max": high_n}
    return limits
