"""Scheduling rules: one active event per venue at a time, and a warning for clashing fairs.

Every occurrence of a series is checked in one query (an OR of date ranges), and each clash is
reported with the other event's name and dates, as the organizers need to fix it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_

from tortoise.expressions import F, Q

from events.models import Event, EventKind, EventStatus, Venue
from ocopfair.errors import Conflict
from ocopfair.i18n import format_date
from ocopfair.i18n import gettext as _

Span = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Clash:
    span: Span  # the dates asked for
    other_id: int
    other_name: str
    other_start: dt.date
    other_end: dt.date

    def describe(self, venue_name: str) -> str:
        return _(
            "%(venue)s is already booked from %(start)s to %(end)s for “%(other)s” "
            "(asked for %(asked_start)s – %(asked_end)s)."
        ) % {
            "venue": venue_name,
            "start": format_date(self.other_start),
            "end": format_date(self.other_end),
            "other": self.other_name,
            "asked_start": format_date(self.span[0]),
            "asked_end": format_date(self.span[1]),
        }


class ScheduleConflict(Conflict):
    """Refused because the venue is taken; `clashes` lists every one, by name and dates."""

    def __init__(self, clashes: list[Clash], venue_name: str) -> None:
        self.clashes = clashes
        self.descriptions = [c.describe(venue_name) for c in clashes]
        if len(clashes) == 1:
            summary = self.descriptions[0]
        else:
            summary = (
                _("%(n)d dates clash with other events at this venue:") % {"n": len(clashes)}
                + " "
                + " ".join(self.descriptions)
            )
        super().__init__({"venue_id": summary}, message=summary)


def _overlap(spans: Sequence[Span]) -> Q:
    return reduce(or_, (Q(start_date__lte=end, end_date__gte=start) for start, end in spans))


def _pair(spans: Sequence[Span], others: Iterable[Event]) -> list[Clash]:
    clashes = []
    for span in spans:
        for other in others:
            if other.start_date <= span[1] and other.end_date >= span[0]:
                clashes.append(Clash(span, other.id, other.name, other.start_date, other.end_date))
    return clashes


async def lock_venue(venue_id: int) -> None:
    """Take the venue's lock for this transaction (see Venue.schedule_version)."""
    await Venue.filter(id=venue_id).update(schedule_version=F("schedule_version") + 1)


async def venue_clashes(
    venue_id: int, spans: Sequence[Span], exclude_ids: Iterable[int] = ()
) -> list[Clash]:
    """Every active event at the venue overlapping any of `spans`, in one query."""
    if not spans:
        return []
    others = (
        await Event.filter(_overlap(spans), venue_id=venue_id)
        .exclude(status=EventStatus.CANCELLED)
        .exclude(id__in=list(exclude_ids) or [0])
        .order_by("start_date")
    )
    return _pair(spans, others)


async def provincial_fair_warnings(
    spans: Sequence[Span], exclude_ids: Iterable[int] = ()
) -> list[str]:
    """Other provincial fairs on the same dates anywhere in the province (a warning only)."""
    if not spans:
        return []
    others = (
        await Event.filter(_overlap(spans), kind=EventKind.PROVINCIAL_FAIR)
        .exclude(status=EventStatus.CANCELLED)
        .exclude(id__in=list(exclude_ids) or [0])
        .select_related("venue")
        .order_by("start_date")
    )
    seen: set[int] = set()
    warnings = []
    for clash in _pair(spans, others):
        if clash.other_id in seen:
            continue
        seen.add(clash.other_id)
        venue = next(o.venue.name for o in others if o.id == clash.other_id)
        warnings.append(
            _("Another provincial fair, “%(other)s”, runs from %(start)s to %(end)s at %(venue)s.")
            % {
                "other": clash.other_name,
                "start": format_date(clash.other_start),
                "end": format_date(clash.other_end),
                "venue": venue,
            }
        )
    return warnings
