"""A booth's usual day, to question a figure far above it (issue 16, item 6).

The usual figure is the median of the producer's daily revenue at this fair and earlier ones
(the days being entered left out); with too little history, the median of fairs of the same
kind. A day more than UNUSUAL_FACTOR times the usual asks for a confirmation, on the phone
form, in the organizers' grid and in the API alike (`entry_rules.check_ceiling`).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable

from booths.models import BoothAssignment
from events.models import Event
from sales.models import SalesRecord

MIN_OWN_DAYS = 3  # fewer of the producer's own days: use the kind of fair's figure
MIN_KIND_DAYS = 10
SAMPLE = 2000  # the latest days read for a median


async def usual_revenue(
    assignment: BoothAssignment, event: Event, days: Iterable[dt.date]
) -> int | None:
    """The median daily revenue this booth's producer usually makes, or None if unknown."""
    entering = set(days)
    rows = (
        await SalesRecord.filter(assignment__exhibitor_id=assignment.exhibitor_id, revenue__gt=0)
        .order_by("-day")
        .limit(SAMPLE)
        .values_list("assignment_id", "day", "revenue")
    )
    # The days being entered are not history (an exclude() of two conditions would drop the
    # booth's whole history here).
    own = [r for a, d, r in rows if not (a == assignment.id and d in entering)]
    if len(own) >= MIN_OWN_DAYS:
        return int(statistics.median(own))
    kind = (
        await SalesRecord.filter(assignment__booth__event__kind=event.kind, revenue__gt=0)
        .exclude(assignment_id=assignment.id)
        .order_by("-day")
        .limit(SAMPLE)
        .values_list("revenue", flat=True)
    )
    figures = [int(v) for v in kind]  # type: ignore[call-overload]
    if len(figures) >= MIN_KIND_DAYS:
        return int(statistics.median(figures))
    return None
