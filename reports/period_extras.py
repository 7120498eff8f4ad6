"""Sections the period report adds after its own (issue 20): the showrooms' sales as their own
section (never mixed into the events' figures), the partner programmes proposed, confirmed
and held, and the same span a year earlier side by side.

The year-earlier figures come from the period report itself, asked once more for the shifted
span: whatever makes that report faster makes this comparison faster too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from tortoise.functions import Count, Sum

from events.models import Event, Programme, ProgrammeStatus
from ocopfair import sql as raw_sql
from ocopfair.i18n import format_date
from ocopfair.i18n import gettext as _
from reports import figures
from reports.comparison import change
from reports.sections import AUTO, INT, PCT, VND, Column, Report, Section
from reports.sql import in_list
from sales.models import ShowroomSale

# (headline key, title message id, kind) compared with the year before.
YEAR_ON_YEAR = [
    ("entries", "Visitors (entries)", INT),
    ("revenue", "Revenue", VND),
    ("events", "Events held", INT),
    ("producers", "Distinct producers", INT),
]


def a_year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


async def extra_sections(
    period: Any, report: Report, build: Callable[[Any], Awaitable[Report]]
) -> list[Section]:
    """`build` makes the plain period report (without these sections) for another span."""
    earlier = dataclasses.replace(
        period,
        date_from=a_year_earlier(period.date_from),
        date_to=a_year_earlier(period.date_to),
    )
    before = await build(earlier)
    return [
        _year_on_year(report, before, earlier),
        await _showrooms(period.date_from, period.date_to),
        await _programmes(period.date_from, period.date_to),
    ]


def _year_on_year(report: Report, before: Report, earlier: Any) -> Section:
    now = {h.key: h.value for h in report.headlines}
    then = {h.key: h.value for h in before.headlines}
    rows = [
        [_(text), now[key], then[key], change(now[key], then[key])]
        for key, text, _kind in YEAR_ON_YEAR
    ]
    span = f"{format_date(earlier.date_from)} – {format_date(earlier.date_to)}"
    return Section(
        "year_on_year",
        _("Compared with the same span a year earlier"),
        [
            Column("figure", _("Figure")),
            Column("current", _("This period"), AUTO),
            Column("previous", span, AUTO),
            Column("change", _("Change (%)"), PCT),
        ],
        rows,
        row_kinds=[kind for _key, _text, kind in YEAR_ON_YEAR],
    )


async def _showrooms(date_from: dt.date, date_to: dt.date) -> Section:
    """Monthly showroom sales whose month starts in the span, per showroom (one query)."""
    rows = (
        await ShowroomSale.filter(month__gte=date_from.replace(day=1), month__lte=date_to)
        .annotate(revenue_sum=Sum("revenue"), producers=Count("exhibitor_id", distinct=True))
        .group_by("venue_id", "venue__name")
        .order_by("venue__name")
        .values("venue__name", "revenue_sum", "producers")
    )
    body = [[r["venue__name"], r["producers"], int(r["revenue_sum"] or 0)] for r in rows]
    return Section(
        "showrooms",
        _("Sales at the OCOP showrooms"),
        [
            Column("showroom", _("Showroom")),
            Column("producers", _("Producers"), INT),
            Column("revenue", _("Revenue"), VND),
        ],
        body,
        total=[_("Total"), None, sum(r[2] for r in body)] if body else None,
        note=_(
            "Monthly sales recorded at the permanent showrooms; not part of the events' "
            "figures above."
        ),
    )


# A programme is held in the span when one of its events (its only one, or any session of its
# series) took place there. Programmes are counted, not sessions: a confirmed series of 17
# weekly sessions is one programme held, as the province reports partners' programmes.
HELD = """
SELECT COUNT(*) AS n FROM {programme} p
WHERE p.status = ? AND EXISTS (
    SELECT 1 FROM {event} e
    WHERE (e.id = p.event_id OR e.series_id = p.series_id)
      AND e.start_date >= ? AND e.start_date <= ? AND e.status IN {held})
"""


async def _programmes(date_from: dt.date, date_to: dt.date) -> Section:
    """Partner programmes proposed, confirmed and held in the span (three counts of programmes,
    a series counted once however many of its sessions fall in the span)."""
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    proposed = await Programme.filter(created_at__gte=start, created_at__lt=end).count()
    confirmed = await Programme.filter(
        status=ProgrammeStatus.CONFIRMED, decided_at__gte=start, decided_at__lt=end
    ).count()
    statuses = [s.value for s in figures.HELD_STATUSES]
    text = HELD.format(
        programme=Programme._meta.db_table,
        event=Event._meta.db_table,
        held=in_list(statuses),
    )
    rows = await raw_sql.fetch(
        raw_sql.connection(),
        raw_sql.numbered(text),
        [ProgrammeStatus.CONFIRMED.value, date_from, date_to, *statuses],
    )
    held = int(rows[0]["n"])
    return Section(
        "programmes",
        _("Partner programmes"),
        [Column("figure", _("Figure")), Column("count", _("Programmes"), INT)],
        [[_("Proposed"), proposed], [_("Confirmed"), confirmed], [_("Held (took place)"), held]],
    )
