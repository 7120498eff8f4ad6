"""An allocation preview in the organizer's words (issue 16 item 7): what each rule achieved.

Instead of the solver's figures (objective, bound, seconds), the preview says how many
localities got a booth, the share of booths for disadvantaged producers against the reserved
share, whether every eligible producer got a first booth, how many booths went to a zone the
producer asked for, and whether the result is the best possible under the rules. 2 queries.
"""

from __future__ import annotations

from typing import Any

from booths.models import AllocationRun, Booth, BoothApplication
from ocopfair.i18n import format_number, ngettext
from ocopfair.i18n import gettext as _


def percent(part: int, whole: int) -> str:
    """32 or 32,5 (a Vietnamese decimal comma; at most one decimal)."""
    value = round(100 * part / whole, 1) if whole else 0.0
    return format_number(int(value) if value == int(value) else value)


def _localities(apps: list[BoothApplication], booths: dict[str, list[int]]) -> str | None:
    wanted = {a.exhibitor.locality_id for a in apps if a.exhibitor.locality_id}
    if not wanted:  # producers without a locality on record: nothing to say
        return None
    served = {a.exhibitor.locality_id for a in apps if booths.get(str(a.id))} & wanted
    return _("%(got)d/%(all)d localities with applicants have a booth") % {
        "got": len(served),
        "all": len(wanted),
    }


def _disadvantaged(apps: list[BoothApplication], result: dict[str, Any]) -> str:
    booths = result["booths"]
    total = sum(len(ids) for ids in booths.values())
    theirs = sum(len(booths.get(str(a.id), [])) for a in apps if a.exhibitor.is_disadvantaged)
    text = _("%(pct)s %% of the booths go to disadvantaged producers (%(n)d of %(total)d)") % {
        "pct": percent(theirs, total),
        "n": theirs,
        "total": total,
    }
    if result.get("reserved"):
        text += " · " + _("%(n)d reserved") % {"n": result["reserved"]}
    return text


def _first_booths(apps: list[BoothApplication], result: dict[str, Any]) -> str:
    booths = result["booths"]
    without = sum(1 for a in apps if not booths.get(str(a.id)))
    if without == 0:
        return _("every eligible producer has at least 1 booth")
    return ngettext(
        "%(num)d eligible producer has no booth (not enough booths): on the waiting list",
        "%(num)d eligible producers have no booth (not enough booths): on the waiting list",
        without,
    )


def _zones(
    apps: list[BoothApplication], booths: dict[str, list[int]], zone_of: dict[int, str]
) -> str | None:
    asked = [a for a in apps if a.preferred_zones and booths.get(str(a.id))]
    placed = [b for a in asked for b in booths[str(a.id)]]
    if not placed:
        return None
    in_zone = sum(
        1 for a in asked for b in booths[str(a.id)] if zone_of.get(b) in a.preferred_zones
    )
    return _("%(n)d of %(total)d booths are in a zone the producer asked for") % {
        "n": in_zone,
        "total": len(placed),
    }


def _side_by_side(result: dict[str, Any]) -> str | None:
    if not result.get("multi_booth"):
        return None
    return _("%(n)d producers with several booths: %(pairs)d pairs side by side") % {
        "n": result["multi_booth"],
        "pairs": result.get("adjacent_pairs", 0),
    }


async def achievements(run: AllocationRun) -> list[str]:
    """One sentence per rule, in plain words, for a preview or a committed run."""
    result = run.result
    ids = [int(i) for i in result.get("rules", {})] + [int(i) for i in result.get("waitlist", [])]
    apps = await BoothApplication.filter(id__in=ids).select_related("exhibitor")
    booths: dict[str, list[int]] = result.get("booths", {})
    placed = [b for ids_ in booths.values() for b in ids_]
    zone_of = dict(await Booth.filter(id__in=placed).values_list("id", "zone"))
    lines = [
        _localities(apps, booths),
        _disadvantaged(apps, result),
        _first_booths(apps, result),
        _zones(apps, booths, zone_of),
        _side_by_side(result),
    ]
    return [line for line in lines if line is not None]
