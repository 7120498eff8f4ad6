"""Merging units: several localities become one (as communes did on 1 July 2025).

All in one transaction: the merged units are retired by one conditional UPDATE (only units
still in use), so two merges of the same unit at once cannot both go through; then everything
that lives on moves to the new unit, while past events stay with the unit they had.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from events.models import Event, EventSeries, Venue
from exhibitors.models import Exhibitor
from ocopfair.audit import record
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import gettext as _
from ocopfair.i18n import local_today
from ocopfair.models import Locality, User, name_key_of


@dataclass
class Merged:
    target: Locality
    sources: list[Locality]
    moved: dict[str, int]


async def check_merge(
    source_ids: list[int], target_id: int | None
) -> tuple[list[Locality], Locality]:
    """The units to merge and the unit they become, or Invalid naming what is wrong."""
    if not source_ids:
        raise Invalid({"sources": _("Choose the units to merge.")})
    if target_id is None:
        raise Invalid({"target": _("Choose the unit they become.")})
    if target_id in source_ids:
        raise Invalid({"target": _("A unit cannot be merged into itself.")})
    target = await Locality.get_or_none(id=target_id)
    if target is None:
        raise Invalid({"target": _("Choose the unit they become.")})
    if target.retired_on:
        raise Invalid(
            {"target": _("“%(name)s” is retired; choose a unit in use.") % {"name": target.name}}
        )
    sources = await Locality.filter(id__in=source_ids)
    if len(sources) != len(set(source_ids)):
        raise Invalid({"sources": _("Choose the units to merge from the list.")})
    if retired := [s.name for s in sources if s.retired_on]:
        raise Invalid({"sources": _("Already retired: %(names)s.") % {"names": ", ".join(retired)}})
    return sources, target


async def merge_localities(user: User, source_ids: list[int], target_id: int | None) -> Merged:
    sources, target = await check_merge(source_ids, target_id)
    ids = [s.id for s in sources]
    today = local_today()
    async with in_transaction():
        retired = await Locality.filter(id__in=ids, retired_on=None).update(
            retired_on=today, merged_into_id=target.id
        )
        if retired != len(ids) or not await Locality.exists(id=target.id, retired_on=None):
            raise Conflict({"sources": _("Someone changed these units meanwhile. Try again.")})
        for source in sources:  # frees each name for a new unit (see Locality.name_key)
            await Locality.filter(id=source.id).update(name_key=name_key_of(source.name, source.id))
        # Which producers were where: kept in the audit log, so a report can still tell the
        # unit a producer belonged to before the merge.
        was_in = await Exhibitor.filter(locality_id__in=ids).values_list("id", "locality_id")
        moved = {
            "producers": await Exhibitor.filter(locality_id__in=ids).update(locality_id=target.id),
            "users": await User.filter(locality_id__in=ids).update(locality_id=target.id),
            "venues": await Venue.filter(locality_id__in=ids).update(locality_id=target.id),
            "series": await EventSeries.filter(locality_id__in=ids).update(locality_id=target.id),
            # A new SEQUENCE and updated_at: the feeds filtered by locality change, and the
            # feed cache's version (events.feed_cache) moves with them.
            "future_events": await Event.filter(locality_id__in=ids, end_date__gte=today).update(
                locality_id=target.id,
                sequence=F("sequence") + 1,
                updated_at=dt.datetime.now(dt.UTC),
            ),
        }
        for source in sources:
            await record(
                user,
                "locality.merge",
                "Locality",
                source.id,
                before={"name": source.name, "retired_on": None},
                after={
                    "merged_into_id": target.id,
                    "retired_on": today,
                    "moved": moved,
                    "producers": [e for e, loc in was_in if loc == source.id],
                },
            )
    return Merged(target, await Locality.filter(id__in=ids), moved)
